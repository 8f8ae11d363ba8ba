/**
 * G-14. An ASGI application (Django Channels' `project.asgi:application`, FastAPI,
 * Starlette) cannot run on a WSGI worker: sync, gthread, gevent, eventlet and tornado call it
 * with WSGI's `(environ, start_response)` and every request fails. It needs an ASGI worker:
 * `uvicorn.workers.UvicornWorker` (Debian 12's uvicorn 0.17.6), `uvicorn_worker.UvicornWorker`
 * (uvicorn ≥ 0.30, package uvicorn-worker) or gunicorn's own `asgi` worker from 24.0.0. The app
 * is seen only through `wsgi_app` in this file; an app given on the command line is not.
 *
 *     wsgi_app = "mysite.asgi:application"                      # flagged (sync worker)
 *     wsgi_app = "mysite.asgi:application"
 *     worker_class = "uvicorn.workers.UvicornWorker"            # fine
 */
import { compareVersions } from '../../../languages/nginx/values';
import { effectiveWorker, WSGI_FAMILIES } from '../../../languages/gunicorn/effective';
import { settingsFix } from '../../../languages/gunicorn/fixes';
import { literalOf, settingOf } from '../../../languages/gunicorn/model';
import { looksAsgi } from '../../../languages/gunicorn/websocket';
import { defineGunicornRule } from '../../file-rule';

export default defineGunicornRule({
  id: 'gunicorn/asgi-app-with-wsgi-worker',
  meta: { failure: 'runtime', description: 'An ASGI application needs an ASGI worker class.', severity: 'warning', fixable: 'suggestion' },
  messages: {
    wsgiWorker: '`{{app}}` is an ASGI application, but the {{worker}} worker speaks WSGI: every request will fail. Use an ASGI worker such as `{{replacement}}`.',
  },
  create(context) {
    const { file, settings } = context;
    return {
      ':exit'() {
        const app = settingOf(file, 'wsgi_app');
        const path = literalOf(app?.value);
        if (!app || typeof path !== 'string' || !looksAsgi(path)) return;
        const worker = effectiveWorker(file);
        if (!worker.certain || !WSGI_FAMILIES.has(worker.family)) return;
        const version = settings.gunicornVersion;
        const native = version !== undefined && compareVersions(version, '24.0.0') >= 0;
        const options = native ? ['asgi', 'uvicorn_worker.UvicornWorker'] : ['uvicorn.workers.UvicornWorker', 'uvicorn_worker.UvicornWorker'];
        context.report({
          span: worker.assignment?.value ?? app.value,
          messageId: 'wsgiWorker',
          data: { app: path, worker: worker.viaThreads ? 'gthread' : worker.value ?? 'sync', replacement: options[0]! },
          suggest: options.map((o) => settingsFix(file, `Use the ${o} worker`, [['worker_class', JSON.stringify(o)]])),
        });
      },
    };
  },
});
