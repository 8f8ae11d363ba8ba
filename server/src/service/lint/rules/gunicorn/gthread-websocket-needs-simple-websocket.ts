/**
 * G-02. The threaded worker has no WebSocket support of its own: python-engineio's threading
 * mode (and flask-sock) speak WebSocket through the simple-websocket package. Without it the
 * handshake advertises `"upgrades":[]` and a WebSocket request gets 400 (verified on Debian 12,
 * where simple-websocket is not packaged). wsconf cannot see installed packages, so this is a
 * reminder, a warning when the target versions are Debian 12's (gunicorn 20.1.0 or
 * python-engineio 4.3.4). Capacity is workers × threads open sockets.
 *
 *     worker_class = "gthread"                    # flagged (info)
 *     worker_class = "sync"; threads = 8          # flagged: this is gthread too
 *     worker_class = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"   # fine
 */
import { effectiveWorker } from '../../../languages/gunicorn/effective';
import { GEVENT_WEBSOCKET_WORKER, settingsFix } from '../../../languages/gunicorn/fixes';
import { websocketVerdict } from '../../../languages/gunicorn/websocket';
import { defineGunicornRule } from '../../file-rule';

export default defineGunicornRule({
  id: 'gunicorn/gthread-websocket-needs-simple-websocket',
  meta: { failure: 'runtime', description: 'The gthread worker serves WebSockets only with the simple-websocket package installed.', severity: 'info', fixable: 'suggestion' },
  messages: {
    gthread: 'The gthread worker serves WebSockets only through the simple-websocket package (`pip install simple-websocket`; Debian 12 does not package it). Without it Socket.IO silently stays on long-polling. Each open WebSocket also holds a thread, so at most {{capacity}} clients fit.',
    viaThreads: '`threads = {{threads}}` turns the sync worker into gthread, which serves WebSockets only through the simple-websocket package (`pip install simple-websocket`; Debian 12 does not package it). Without it Socket.IO silently stays on long-polling.',
  },
  create(context) {
    const { file, settings } = context;
    return {
      ':exit'() {
        const worker = effectiveWorker(file);
        if (!websocketVerdict(file, settings) || worker.family !== 'gthread') return;
        const debian = settings.gunicornVersion === '20.1.0' || settings.engineioVersion === '4.3.4';
        const severity = debian ? 'warning' : 'info';
        const suggest = [settingsFix(file, 'Use gevent-websocket\'s worker (GeventWebSocketWorker)', [['worker_class', `"${GEVENT_WEBSOCKET_WORKER}"`]])];
        if (worker.viaThreads && worker.threadsAssignment) {
          context.report({ span: worker.threadsAssignment.value, messageId: 'viaThreads', severity, data: { threads: worker.threads ?? '' }, suggest });
          return;
        }
        const workers = file.assignments.find((a) => a.name === 'workers')?.value;
        const count = workers?.kind === 'int' ? workers.value : undefined;
        const capacity = worker.threads !== undefined && count !== undefined ? `${count * worker.threads} (workers × threads)` : 'workers × threads';
        context.report({ span: worker.assignment?.value ?? { start: 0, end: 0 }, messageId: 'gthread', severity, data: { capacity }, suggest });
      },
    };
  },
});
