/**
 * U-16. The `http =` router drops a connection once the worker side has been silent for
 * `http-timeout` seconds (default 60), without answering the client. Engine.IO holds a
 * long-polling GET open for up to the ping interval (25 s by default, setting
 * wsconf.socketio.pingInterval) and a quiet WebSocket only carries a ping that often, so a
 * shorter timeout cuts them and the client reconnects over and over. Verified on uWSGI
 * 2.0.21 (Debian): with `http-timeout = 3` a request whose app answered after 6 s was closed at
 * 3.0 s with no response; with `http-timeout = 10` it got its 200 after 6 s. Like
 * nginx/ws-read-timeout, the timeout should exceed the ping interval by 5 s.
 * Only the router has this timeout: `http-socket` and `socket` are not checked.
 *
 *     http = :5000
 *     http-timeout = 10            # flagged
 *     http-timeout = 60            # fine (and the default)
 */
import { intValue, lastEntry } from '../../../languages/uwsgi/ast';
import { classifyUwsgiApp, httpRouterEntry, severityFor, unlessKnown } from '../../../languages/uwsgi/websocket';
import { defineUwsgiRule, type FileFixDescriptor } from '../../file-rule';

const DEFAULT_SECONDS = 60;
const MARGIN_SECONDS = 5;

export default defineUwsgiRule({
  id: 'uwsgi/http-timeout-vs-ws',
  meta: {
    failure: 'runtime',
    description: 'The http router timeout must be longer than the time a WebSocket or long-poll stays quiet.',
    severity: 'warning',
    fixable: 'suggestion',
  },
  messages: {
    short:
      'The `{{router}}` router closes a connection after {{seconds}} s without data from the app, and Engine.IO stays quiet for up to {{ping}} s (ping interval, held long-polls): clients are cut and reconnect. Set `http-timeout` above {{min}} s (the default is 60).{{condition}}',
    tight:
      'The `{{router}}` router closes a connection after {{seconds}} s without data from the app, barely more than the Engine.IO ping interval ({{ping}} s): one late ping and the client is cut. Set `http-timeout` above {{min}} s (the default is 60).{{condition}}',
  },
  create(context) {
    const file = context.file;
    return {
      ':exit'() {
        const router = httpRouterEntry(file);
        const entry = lastEntry(file, 'http-timeout');
        if (!router || !entry) return;
        const seconds = intValue(file, entry);
        const ping = context.settings.pingInterval;
        const min = ping + MARGIN_SECONDS;
        if (seconds === undefined || seconds <= 0 || seconds >= min) return;
        const kind = classifyUwsgiApp(file, context.settings);
        if (kind.websocket === 'no') return;
        const fixed = Math.max(DEFAULT_SECONDS, min);
        const fix: FileFixDescriptor = { title: `Set http-timeout = ${fixed}`, apply: (f) => f.replace(entry.valueSpan, String(fixed)) };
        context.report({
          span: entry.span,
          messageId: seconds <= ping ? 'short' : 'tight',
          data: { router: router.key, seconds, ping, min, condition: unlessKnown(kind.websocket) },
          // Within the margin it is a risk, not a certainty.
          severity: severityFor(kind.websocket, seconds <= ping ? 'warning' : 'info'),
          suggest: [fix],
        });
      },
    };
  },
});
