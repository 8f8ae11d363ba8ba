/**
 * G-04. The eventlet worker still works on Debian 12 (gunicorn 20.1.0 with Debian's patch for
 * eventlet ≥ 0.30.3; verified: 101 and data), but eventlet is in maintenance mode, gunicorn
 * 25.0.0 deprecates the worker and 26.0.0 removes it, so gunicorn no longer starts with it.
 * The severity follows `wsconf.gunicorn.version`: info up to 24.x (and when unknown), warning
 * on 25.x, error from 26.0.0.
 *
 *     worker_class = "eventlet"                                                 # flagged
 *     worker_class = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"   # fine
 */
import { compareVersions } from '../../../languages/nginx/values';
import { effectiveWorker } from '../../../languages/gunicorn/effective';
import { GEVENT_WEBSOCKET_WORKER, settingsFix } from '../../../languages/gunicorn/fixes';
import { defineGunicornRule } from '../../file-rule';

export default defineGunicornRule({
  id: 'gunicorn/eventlet-worker-deprecated-or-removed',
  meta: { failure: 'startup', description: 'The eventlet worker is deprecated in gunicorn 25 and removed in 26.', severity: 'info', fixable: 'suggestion' },
  messages: {
    discouraged: 'eventlet is in maintenance mode; gunicorn 25 deprecates its eventlet worker and gunicorn 26 removes it. Plan a move to `{{replacement}}` (or gthread / an ASGI worker).',
    deprecated: 'gunicorn {{version}} deprecates the eventlet worker (it logs a warning) and gunicorn 26 removes it. Move to `{{replacement}}` (or gthread / an ASGI worker).',
    removed: 'gunicorn {{version}} has no eventlet worker any more (removed in 26.0.0): it will not start. Use `{{replacement}}` (or gthread / an ASGI worker).',
  },
  create(context) {
    const { file, settings } = context;
    return {
      ':exit'() {
        const worker = effectiveWorker(file);
        if (worker.family !== 'eventlet' || !worker.assignment || !worker.info?.builtin) return;
        const version = settings.gunicornVersion;
        const stage = !version || compareVersions(version, '25.0.0') < 0 ? 'discouraged' : compareVersions(version, '26.0.0') < 0 ? 'deprecated' : 'removed';
        context.report({
          span: worker.assignment.value,
          messageId: stage,
          severity: stage === 'removed' ? 'error' : stage === 'deprecated' ? 'warning' : 'info',
          data: { version: version ?? '', replacement: GEVENT_WEBSOCKET_WORKER },
          suggest: [settingsFix(file, 'Use gevent-websocket\'s worker (GeventWebSocketWorker)', [['worker_class', `"${GEVENT_WEBSOCKET_WORKER}"`]])],
        });
      },
    };
  },
});
