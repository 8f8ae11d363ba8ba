/**
 * U-06. `http =` starts a separate router process in front of the workers. It passes a
 * WebSocket handshake on, but without `http-websockets` (or `http-raw-body`) it does not switch
 * the connection to raw mode: verified on 2.0.21, the client got 101 and its frames never
 * reached the app (Engine.IO's probe timed out); with it, the probe was answered.
 * `http-socket` (workers speaking HTTP) needs nothing: no finding there, and `http-websockets`
 * without a router is reported as doing nothing.
 *
 *     http = :5000                 # flagged without http-websockets = true
 *     http-socket = 127.0.0.1:5000 # fine
 */
import { flagOn, isTruthy, lastEntry } from '../../../languages/uwsgi/ast';
import { classifyUwsgiApp, httpRouterEntry, severityFor, unlessKnown } from '../../../languages/uwsgi/websocket';
import { defineUwsgiRule, type FileFixDescriptor } from '../../file-rule';
import { mentions } from '../../fixes/uwsgi-lines';

export default defineUwsgiRule({
  id: 'uwsgi/http-router-without-websockets',
  meta: { failure: 'runtime', description: 'The uWSGI http router needs http-websockets to carry WebSockets.', severity: 'error', fixable: 'fix' },
  messages: {
    missing:
      'The `{{key}}` router answers the WebSocket handshake but, without `http-websockets = true`, never passes the frames on: Socket.IO stays on long-polling and plain WebSocket clients hang. Add `http-websockets = true`.{{condition}}',
    disabled: '`http-websockets` is off, so the `{{router}}` router does not pass WebSocket frames on. Set it to `true`.{{condition}}',
    withoutRouter:
      '`http-websockets` only changes the `http` router, and this file starts none: with `socket` or `http-socket` the workers see the upgrade themselves. The line does nothing.',
  },
  create(context) {
    const file = context.file;
    return {
      ':exit'() {
        const router = httpRouterEntry(file);
        const setting = lastEntry(file, 'http-websockets');
        if (!router) {
          if (setting && isTruthy(setting.value)) {
            context.report({ span: setting.span, messageId: 'withoutRouter', severity: 'info', suggest: [{ title: 'Remove http-websockets', apply: (f) => f.removeLine(setting.span) }] });
          }
          return;
        }
        const kind = classifyUwsgiApp(file, context.settings);
        if (kind.websocket === 'no' || flagOn(file, 'http-websockets') || flagOn(file, 'http-raw-body')) return;
        if (!setting && mentions(file, 'http-websockets', 'http-raw-body')) return;
        const confident = kind.websocket === 'yes';
        const severity = severityFor(kind.websocket, 'error');
        const condition = unlessKnown(kind.websocket);
        if (setting) {
          const fix: FileFixDescriptor = { title: 'Set http-websockets = true', apply: (f) => f.replace(setting.valueSpan, 'true') };
          context.report({ span: setting.span, messageId: 'disabled', data: { condition, router: router.key }, severity, ...(confident ? { fix } : { suggest: [fix] }) });
          return;
        }
        const fix: FileFixDescriptor = { title: 'Add http-websockets = true', apply: (f) => f.insertLineAfter(router.span, 'http-websockets = true') };
        context.report({ span: router.span, messageId: 'missing', data: { condition, key: router.key }, severity, ...(confident ? { fix } : { suggest: [fix] }) });
      },
    };
  },
});
