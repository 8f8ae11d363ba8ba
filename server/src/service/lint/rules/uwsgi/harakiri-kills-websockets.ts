/**
 * U-08. harakiri kills a worker whose current request has run longer than N seconds. A
 * WebSocket or an Engine.IO long-poll is a long request by design, and under gevent the timer
 * is only re-armed when a core accepts a new request, so the whole worker dies with every
 * connection on it. Verified on 2.0.21 with `harakiri = 4` + gevent: a healthy, idle WebSocket
 * was closed after 4.5 s with "HARAKIRI ON WORKER 1". The real-stack scenarios
 * (test/scenarios/uwsgi-harakiri-*) add: under gevent the worker's timer is also cleared when
 * any request ends, so a WebSocket survives as long as other requests keep finishing (the
 * long-poll a Socket.IO client leaves behind when it upgrades is one), and dies once it is the
 * oldest open request on a quiet worker, e.g. a client with `transports: ['websocket']`; without
 * gevent every held long-poll trips it. Keep harakiri in a separate instance for ordinary views.
 *
 *     harakiri = 30                # flagged (error: under 60 s)
 */
import { intValue } from '../../../languages/uwsgi/ast';
import { classifyUwsgiApp, severityFor, unlessKnown } from '../../../languages/uwsgi/websocket';
import { defineUwsgiRule } from '../../file-rule';

export default defineUwsgiRule({
  id: 'uwsgi/harakiri-kills-websockets',
  meta: { failure: 'runtime', description: 'An instance serving WebSockets must not use harakiri.', severity: 'warning', fixable: 'suggestion' },
  messages: {
    harakiri:
      '`harakiri` kills the whole worker once a request has lasted {{seconds}} s, and a WebSocket or long-poll lasts as long as the client stays: every connection on that worker drops. Remove it from this instance (keep it in a separate one for ordinary views).{{condition}}',
  },
  create(context) {
    return {
      harakiri(entry) {
        const seconds = intValue(context.file, entry);
        if (seconds === undefined || seconds <= 0) return;
        const kind = classifyUwsgiApp(context.file, context.settings);
        if (kind.websocket === 'no') return;
        context.report({
          span: entry.span,
          messageId: 'harakiri',
          data: { condition: unlessKnown(kind.websocket), seconds },
          severity: severityFor(kind.websocket, seconds < 60 ? 'error' : 'warning'),
          suggest: [{ title: 'Remove harakiri', apply: (f) => f.removeLine(entry.span) }],
        });
      },
    };
  },
});
