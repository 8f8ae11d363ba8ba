/**
 * U-03. Without an async loop every worker core serves one request at a time: an open
 * WebSocket (or an Engine.IO long-poll) holds the whole worker and everyone else waits.
 * python-engineio supports WebSockets on uWSGI only in its `gevent_uwsgi` mode, i.e. with the
 * gevent loop engine (`gevent = N`, Debian: plugin gevent_python3), as in the Flask-SocketIO docs
 * (`--gevent 1000 --http-websockets --master`). With `threads` only, Socket.IO falls back to
 * long-polling: engineio's threaded WebSocket support covers Werkzeug and gunicorn, not uWSGI.
 * `async`/`ugreen` are uwsgi/async-ugreen-not-supported's finding.
 *
 *     module = app:app                 # flagged: no gevent
 *     gevent = 1000                    # fine
 */
import { flagOn, optionEntries } from '../../../languages/uwsgi/ast';
import { classifyUwsgiApp, severityFor, unlessKnown } from '../../../languages/uwsgi/websocket';
import { defineUwsgiRule, type FileFixDescriptor } from '../../file-rule';
import { insertOption, mentions, sectionSpan } from '../../fixes/uwsgi-lines';

const APP = ['module', 'wsgi', 'wsgi-file', 'file', 'mount'];

export default defineUwsgiRule({
  id: 'uwsgi/socketio-no-async-engine',
  meta: { failure: 'runtime', description: 'A WebSocket / Socket.IO app on uWSGI needs the gevent loop engine.', severity: 'error', fixable: 'fix' },
  messages: {
    noEngine:
      'This instance has no async loop, so each worker holds one connection at a time: an open WebSocket or long-poll blocks everyone else. Socket.IO on uWSGI needs gevent: add `gevent = 1000`{{plugin}}.{{condition}}',
    threadsOnly:
      'With `threads` and no gevent, Socket.IO on uWSGI gets no WebSocket transport (engineio\'s threaded WebSocket support covers Werkzeug and gunicorn only) and stays on long-polling. Use `gevent = 1000`{{plugin}} instead.{{condition}}',
  },
  create(context) {
    const file = context.file;
    return {
      ':exit'() {
        const kind = classifyUwsgiApp(file, context.settings);
        if (kind.websocket === 'no' || mentions(file, 'gevent')) return;
        // uWSGI's own async engines are uwsgi/async-ugreen-not-supported's finding.
        if (optionEntries(file, 'async', 'asyncio').length > 0 || flagOn(file, 'ugreen') || flagOn(file, 'greenlet')) return;
        const confident = kind.websocket === 'yes';
        const data = { condition: unlessKnown(kind.websocket), plugin: context.settings.uwsgiBuild === 'pip' ? '' : ' (on Debian also load gevent_python3)' };
        const threads = optionEntries(file, 'threads');
        if (threads.length > 0) {
          const last = threads[threads.length - 1]!;
          context.report({
            span: last.span,
            messageId: 'threadsOnly',
            data,
            severity: severityFor(kind.websocket, 'warning'),
            suggest: [{ title: 'Use gevent = 1000 instead of threads', apply: (f) => f.replace(last.span, 'gevent = 1000') }],
          });
          return;
        }
        const app = optionEntries(file, ...APP)[0];
        const fix: FileFixDescriptor = { title: 'Add gevent = 1000', apply: (f) => insertOption(f, file, 'gevent = 1000', app) };
        context.report({
          span: app?.keySpan ?? sectionSpan(file),
          messageId: 'noEngine',
          data,
          severity: severityFor(kind.websocket, 'error'),
          ...(confident ? { fix } : { suggest: [fix] }),
        });
      },
    };
  },
});
