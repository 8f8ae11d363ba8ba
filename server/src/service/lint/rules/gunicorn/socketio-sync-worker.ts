/**
 * G-01. gunicorn's default `sync` worker handles one request at a time and cannot keep a
 * WebSocket open: Engine.IO clients stay on long-polling and each held poll blocks the whole
 * worker for everyone else, and the 30 s `timeout` kills a worker stuck in a long request
 * (verified on 20.1.0: with `timeout = 2` a 6 s request was cut, "WORKER TIMEOUT"). `sync`
 * with `threads > 1` is really gthread (config.py; the log says "Using worker: threads") and
 * is left to the gthread rule. Fixes are suggestions: which async worker works depends on the
 * installed packages.
 *
 *     workers = 1                                  # flagged (no worker_class: sync)
 *     worker_class = "sync"                        # flagged
 *     worker_class = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"   # fine
 */
import { availability, builtinWorkers } from '../../../knowledge/gunicorn';
import { anchorFor, effectiveWorker } from '../../../languages/gunicorn/effective';
import { GEVENT_WEBSOCKET_WORKER, settingsFix } from '../../../languages/gunicorn/fixes';
import { websocketVerdict } from '../../../languages/gunicorn/websocket';
import { defineGunicornRule } from '../../file-rule';

export default defineGunicornRule({
  id: 'gunicorn/socketio-sync-worker',
  meta: { failure: 'runtime', description: 'A WebSocket / Socket.IO app needs an async or threaded worker, not gunicorn\'s default sync worker.', severity: 'error', fixable: 'suggestion' },
  messages: {
    implicit: 'No `worker_class` is set, so gunicorn uses the sync worker: one request at a time, no WebSockets. Socket.IO clients stay on long-polling and one held poll blocks every other client. Set an async worker such as `{{worker}}`.',
    explicit: 'The sync worker handles one request at a time and cannot hold a WebSocket: Socket.IO clients stay on long-polling and one held poll blocks every other client. Use an async worker such as `{{worker}}`.',
  },
  create(context) {
    const { file, settings } = context;
    return {
      ':exit'() {
        const worker = effectiveWorker(file);
        const verdict = websocketVerdict(file, settings);
        if (!verdict || worker.family !== 'sync' || !worker.certain) return;
        const eventlet = builtinWorkers(settings.gunicornVersion).find((w) => w.name === 'eventlet');
        const suggest = [
          settingsFix(file, 'Use gevent-websocket\'s worker (GeventWebSocketWorker)', [['worker_class', `"${GEVENT_WEBSOCKET_WORKER}"`]]),
          ...(eventlet && availability({ since: '25.0.0' }, settings.gunicornVersion) !== 'available' ? [settingsFix(file, 'Use the eventlet worker', [['worker_class', '"eventlet"']])] : []),
          settingsFix(file, 'Use the gthread worker with 100 threads (needs simple-websocket)', [['worker_class', '"gthread"'], ['threads', '100']]),
        ];
        const data = { worker: GEVENT_WEBSOCKET_WORKER };
        const severity = verdict.confidence === 'high' ? 'error' : 'warning';
        if (worker.assignment) context.report({ span: worker.assignment.value, messageId: 'explicit', severity, data, suggest });
        else context.report({ span: anchorFor(file, ['workers', 'bind', 'wsgi_app']).span, messageId: 'implicit', severity, data, suggest });
      },
    };
  },
});
