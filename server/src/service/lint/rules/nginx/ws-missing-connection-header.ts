/**
 * N-02. Without `Connection: upgrade` the backend treats the handshake as a plain request:
 * nginx sends `Connection: close` by default (before 1.29.7) and never forwards the client's
 * value. Verified on nginx 1.22.1 + Flask-SocketIO (test/scenarios/nginx-missing-connection):
 * with Upgrade set but no Connection, the WebSocket request is again answered as a long-poll
 * that takes the session's packets, and socket.io-client never finishes connecting.
 * `$http_connection` passes the browser's own value and works.
 *
 *     proxy_set_header Upgrade $http_upgrade;                  # flagged when alone
 *     proxy_set_header Connection $connection_upgrade;         # fine (with the map in http)
 *     proxy_set_header Connection "upgrade";                   # fine
 */
import { classifyLocation } from '../../../languages/nginx/websocket';
import { addProxyHeaders } from '../../fixes/proxy-headers';
import { defineNginxRule, fixIfConfident } from '../../rule';

const WORKS = /^(upgrade|keep-alive,\s*upgrade|upgrade,\s*keep-alive)$/i;

export default defineNginxRule({
  id: 'nginx/ws-missing-connection-header',
  meta: { failure: 'runtime',
    description: 'A WebSocket location must send Connection: upgrade to the backend.',
    severity: 'error',
    fixable: 'fix',
  },
  messages: {
    missing:
      'This WebSocket location does not set the Connection header, so nginx sends `Connection: close` and the backend answers the handshake as one more long-poll, which takes the packets meant for the client\'s real long-poll: Socket.IO clients never finish connecting. Add `proxy_set_header Connection {{value}};`.',
    wrong:
      '`Connection {{actual}}` tells the backend this is not an upgrade, so it answers the handshake as one more long-poll and Socket.IO clients never finish connecting. Use `proxy_set_header Connection {{value}};`.',
  },
  create(context) {
    const hasMap = context.model.definedVariables.has('connection_upgrade');
    const value = hasMap ? '$connection_upgrade' : '"upgrade"';
    return {
      location(node) {
        const ws = classifyLocation(node, context.model);
        if (!ws || ws.passKind !== 'proxy') return;
        const connection = ws.headers.get('connection');
        const severity = ws.confidence === 'high' ? 'error' : 'warning';
        if (!connection) {
          context.report({
            node: ws.pass,
            messageId: 'missing',
            severity,
            data: { value },
            ...fixIfConfident(ws.confidence === 'high', {
              title: `Add proxy_set_header Connection ${value}`,
              apply: addProxyHeaders(node, context.model, [`proxy_set_header Connection ${value};`]),
            }),
          });
          return;
        }
        const actual = connection.value;
        if (actual.startsWith('$') || WORKS.test(actual)) return;
        const arg = connection.node.directive.args[1];
        context.report({
          node: connection.node,
          messageId: 'wrong',
          severity,
          data: { actual: actual === '' ? '""' : actual, value },
          ...fixIfConfident(ws.confidence === 'high', {
            title: `Send Connection ${value}`,
            apply: (f) =>
              arg
                ? f.replace(connection.node.file, arg, value)
                : f.replace(connection.node.file, { start: connection.node.directive.args[0]!.end, end: connection.node.directive.args[0]!.end }, ` ${value}`),
          }),
        });
      },
    };
  },
});
