/**
 * N-01. `Upgrade` is a hop-by-hop header: nginx never forwards it unless told to. Without
 * `proxy_set_header Upgrade $http_upgrade;` the backend never sees a WebSocket handshake.
 * Verified on nginx 1.22.1 + Flask-SocketIO/eventlet (test/scenarios/nginx-missing-upgrade):
 * the upgrade request is answered as one more long-polling request (200 with the packets
 * queued for the session), so the client's real long-poll loses them and socket.io-client
 * never finishes connecting (it does not fall back to polling); plain WebSocket clients get
 * no 101 and fail. `uwsgi_pass` locations need nothing (the uwsgi protocol
 * carries every client header).
 *
 *     location /socket.io/ { proxy_pass http://app; }                       # flagged
 *     location /socket.io/ { proxy_set_header Upgrade $http_upgrade;
 *                            proxy_set_header Connection "upgrade"; proxy_pass http://app; }  # fine
 */
import { classifyLocation } from '../../../languages/nginx/websocket';
import { addProxyHeaders } from '../../fixes/proxy-headers';
import { defineNginxRule, fixIfConfident } from '../../rule';

export default defineNginxRule({
  id: 'nginx/ws-missing-upgrade-header',
  meta: { failure: 'runtime',
    description: 'A WebSocket location must pass the Upgrade header to the backend.',
    severity: 'error',
    fixable: 'fix',
  },
  messages: {
    missing:
      'This WebSocket location does not pass the Upgrade header, so the backend never sees the handshake: it answers the upgrade request as one more long-poll, which takes the packets meant for the client\'s real long-poll, and Socket.IO clients never finish connecting (plain WebSocket clients fail outright). Add `proxy_set_header Upgrade $http_upgrade;`.',
    empty:
      '`proxy_set_header Upgrade ""` stops nginx from sending the Upgrade header, so WebSocket handshakes never reach the backend. Use `proxy_set_header Upgrade $http_upgrade;`.',
  },
  create(context) {
    return {
      location(node) {
        const ws = classifyLocation(node, context.model);
        if (!ws || ws.passKind !== 'proxy') return;
        const upgrade = ws.headers.get('upgrade');
        if (upgrade && upgrade.value !== '') return;
        const severity = ws.confidence === 'high' ? 'error' : 'warning';
        if (upgrade) {
          const value = upgrade.node.directive.args[1];
          context.report({
            node: upgrade.node,
            messageId: 'empty',
            severity,
            ...fixIfConfident(ws.confidence === 'high', value && {
              title: 'Pass the client\'s Upgrade header ($http_upgrade)',
              apply: (f) => f.replace(upgrade.node.file, value, '$http_upgrade'),
            }),
          });
          return;
        }
        context.report({
          node: ws.pass,
          messageId: 'missing',
          severity,
          ...fixIfConfident(ws.confidence === 'high', {
            title: 'Add proxy_set_header Upgrade $http_upgrade',
            apply: addProxyHeaders(node, context.model, ['proxy_set_header Upgrade $http_upgrade;']),
          }),
        });
      },
    };
  },
});
