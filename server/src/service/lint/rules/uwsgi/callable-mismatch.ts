/**
 * U-12. uWSGI calls the WSGI callable named by `callable` or by `module = pkg.mod:name`,
 * `application` when neither says. For Flask-SocketIO it must be the Flask app (SocketIO wraps
 * `app.wsgi_app`), never the SocketIO object: verified on 2.0.21, `callable = socketio` gives
 * `TypeError: 'SocketIO' object is not callable` on every request, and a module without an
 * `application` gives "unable to load app 0 … (callable not found or import error)".
 *
 *     module = app:socketio        # flagged: use the Flask app
 *     module = app:app             # fine
 */
import { lastEntry, optionEntries, resolvedValue } from '../../../languages/uwsgi/ast';
import { classifyUwsgiApp } from '../../../languages/uwsgi/websocket';
import { defineUwsgiRule } from '../../file-rule';

const SOCKETIO_OBJECT = /^(socketio|socket_io|sio)$/i;

export default defineUwsgiRule({
  id: 'uwsgi/callable-mismatch',
  meta: { failure: 'runtime', description: 'The WSGI callable must be the Flask app, not the SocketIO object.', severity: 'warning', fixable: 'suggestion' },
  messages: {
    socketioObject:
      '`{{name}}` looks like the SocketIO object, which is not a WSGI callable: every request fails with "TypeError: \'SocketIO\' object is not callable". Point uWSGI at the Flask app (Flask-SocketIO wraps it), e.g. `app`.',
    defaultCallable:
      'No callable is named, so uWSGI looks for `application` in {{what}}; a Flask-SocketIO app is usually called `app`, and without a match uWSGI runs with no app loaded. Name it with `{{fix}}`.',
  },
  create(context) {
    const file = context.file;
    const reportObject = (name: string, start: number) => {
      const span = { start, end: start + name.length };
      context.report({
        span,
        messageId: 'socketioObject',
        data: { name },
        severity: 'error',
        suggest: [{ title: 'Use the Flask app "app"', apply: (f) => f.replace(span, 'app') }],
      });
    };
    return {
      ':exit'() {
        const callable = lastEntry(file, 'callable');
        if (callable && SOCKETIO_OBJECT.test(callable.value)) reportObject(callable.value, callable.valueSpan.start);
        for (const module of optionEntries(file, 'module', 'wsgi')) {
          const colon = module.value.lastIndexOf(':');
          const name = colon === -1 ? '' : module.value.slice(colon + 1);
          if (SOCKETIO_OBJECT.test(name)) reportObject(name, module.valueSpan.start + colon + 1);
        }
        if (callable || classifyUwsgiApp(file, context.settings).socketio !== 'yes') return;
        const module = lastEntry(file, 'module', 'wsgi');
        const wsgiFile = lastEntry(file, 'wsgi-file', 'file');
        if (module && !module.value.includes(':') && resolvedValue(file, module) !== undefined) {
          context.report({
            span: module.valueSpan,
            messageId: 'defaultCallable',
            severity: 'info',
            data: { what: `module ${module.value}`, fix: `${module.key} = ${module.value}:app` },
            suggest: [{ title: `Use ${module.value}:app`, apply: (f) => f.replace(module.valueSpan, `${module.value}:app`) }],
          });
        } else if (!module && wsgiFile) {
          context.report({
            span: wsgiFile.valueSpan,
            messageId: 'defaultCallable',
            severity: 'info',
            data: { what: wsgiFile.value, fix: 'callable = app' },
            suggest: [{ title: 'Add callable = app', apply: (f) => f.insertLineAfter(wsgiFile.span, 'callable = app') }],
          });
        }
      },
    };
  },
});
