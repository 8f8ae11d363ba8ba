/**
 * G-03. gunicorn's plain gevent workers (`gevent`, `gevent_wsgi`, `gevent_pywsgi`) do not
 * answer WebSocket upgrades themselves. python-engineio before 4.7.1 (Debian 12 ships 4.3.4)
 * then fails the upgrade with 500, "You need to use the gevent-websocket server" (verified on
 * Debian 12); from 4.7.1 it falls back to simple-websocket only if gevent-websocket is not
 * installed. gevent-websocket's worker subclasses gunicorn's gevent worker and adds the
 * handler. It is offered as a suggestion because it needs the gevent-websocket package.
 *
 *     worker_class = "gevent"                                                   # flagged
 *     worker_class = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"   # fine
 */
import { compareVersions } from '../../../languages/nginx/values';
import { effectiveWorker } from '../../../languages/gunicorn/effective';
import { GEVENT_WEBSOCKET_WORKER, settingsFix } from '../../../languages/gunicorn/fixes';
import { websocketVerdict } from '../../../languages/gunicorn/websocket';
import { defineGunicornRule } from '../../file-rule';

export default defineGunicornRule({
  id: 'gunicorn/gevent-worker-without-websocket-handler',
  meta: { failure: 'runtime', description: 'Use gevent-websocket\'s worker rather than the plain gevent worker for WebSockets.', severity: 'warning', fixable: 'suggestion' },
  messages: {
    old: 'The plain `{{worker}}` worker has no WebSocket handler: with python-engineio before 4.7.1 (Debian 12 has 4.3.4) the upgrade fails with 500 and Socket.IO stays on long-polling. Use `{{replacement}}`.',
    recent: 'The plain `{{worker}}` worker has no WebSocket handler; python-engineio {{engineio}} falls back to simple-websocket only while gevent-websocket is not installed. `{{replacement}}` works either way.',
  },
  create(context) {
    const { file, settings } = context;
    return {
      ':exit'() {
        const worker = effectiveWorker(file);
        const verdict = websocketVerdict(file, settings);
        if (!verdict || worker.family !== 'gevent' || !worker.assignment || !worker.value || verdict.socketio === 'no') return;
        const engineio = settings.engineioVersion;
        const recent = engineio !== undefined && compareVersions(engineio, '4.7.1') >= 0;
        context.report({
          span: worker.assignment.value,
          messageId: recent ? 'recent' : 'old',
          ...(recent ? { severity: 'info' as const } : {}),
          data: { worker: worker.value, replacement: GEVENT_WEBSOCKET_WORKER, engineio: engineio ?? '' },
          suggest: [settingsFix(file, 'Use gevent-websocket\'s worker (GeventWebSocketWorker)', [['worker_class', `"${GEVENT_WEBSOCKET_WORKER}"`]])],
        });
      },
    };
  },
});
