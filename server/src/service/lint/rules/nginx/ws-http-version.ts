/**
 * N-13. A WebSocket handshake is an HTTP/1.1 mechanism. Before 1.29.7 nginx speaks HTTP/1.0
 * to the backend unless `proxy_http_version 1.1` is set; verified on 1.22.1: eventlet still
 * upgraded such a request, GeventWebSocketWorker refused it, so the outcome depends on the
 * backend (warning). `proxy_http_version 2` is an error: nginx before 1.29.4 rejects the value
 * (`invalid value "2"`), and later versions cannot carry a WebSocket over an HTTP/2
 * upstream. `uwsgi_pass` locations do not use this directive.
 *
 *     location /socket.io/ { proxy_pass http://app; }                          # flagged (< 1.29.7)
 *     location /socket.io/ { proxy_http_version 1.1; proxy_pass http://app; }  # fine
 */
import type { ConfigNode } from '../../../languages/nginx/model';
import { effectiveScalar } from '../../../languages/nginx/semantics';
import { versionAtLeast } from '../../../languages/nginx/values';
import { classifyLocation } from '../../../languages/nginx/websocket';
import { insertBeforePass } from '../../fixes/proxy-headers';
import { defineNginxRule, fixIfConfident, type FixDescriptor } from '../../rule';

const LINE = 'proxy_http_version 1.1;';

export default defineNginxRule({
  id: 'nginx/ws-http-version',
  meta: { failure: 'runtime',
    description: 'A WebSocket location must talk HTTP/1.1 to the backend (proxy_http_version 1.1).',
    severity: 'warning',
    fixable: 'fix',
  },
  messages: {
    unset:
      'Without `proxy_http_version 1.1`, {{target}} proxies this WebSocket location over HTTP/1.0, and whether the upgrade then works depends on the backend (eventlet accepts it, gevent-websocket refuses it). Add `proxy_http_version 1.1;`.',
    http10:
      '`proxy_http_version 1.0`{{where}} makes nginx send the WebSocket handshake as HTTP/1.0, which some backends (gevent-websocket) refuse to upgrade. Use `proxy_http_version 1.1;`.',
    http2:
      '`proxy_http_version 2`{{where}} cannot carry WebSockets: nginx before 1.29.4 rejects the value (`nginx -t`: invalid value "2"), and later versions cannot tunnel a WebSocket over an HTTP/2 upstream. Use `proxy_http_version 1.1;` here.',
  },
  create(context) {
    const { model, settings } = context;
    return {
      location(location) {
        const ws = classifyLocation(location, model);
        if (!ws || ws.passKind !== 'proxy') return;
        const effective = effectiveScalar(location, 'proxy_http_version', model);
        const insert: FixDescriptor = { title: 'Add proxy_http_version 1.1', apply: insertBeforePass(location, [LINE]) };
        if (!effective) {
          if (versionAtLeast(settings.nginxVersion, '1.29.7')) return;
          const target = settings.nginxVersion ? `nginx ${settings.nginxVersion}` : 'nginx before 1.29.7';
          context.report({ node: ws.pass, messageId: 'unset', data: { target }, ...fixIfConfident(ws.confidence === 'high', insert) });
          return;
        }
        const value = effective.values[0] ?? '';
        if (value !== '1.0' && value !== '2') return;
        // Change the value where the location sets it itself (a second one at the same level
        // is a "duplicate" error); otherwise override the inherited setting here, which
        // leaves other locations (maybe HTTP/2 ones) alone.
        const own = effective.node.parent === location;
        const arg = effective.node.directive.args[0];
        const fix: FixDescriptor =
          own && arg ? { title: 'Use proxy_http_version 1.1', apply: (f) => f.replace(effective.node.file, arg, '1.1') } : insert;
        const where = own ? '' : ` (inherited from the ${levelName(effective.node)})`;
        const http2 = value === '2';
        // From 1.29.4 the value is valid, so a possibly non-WebSocket location is only warned about.
        const severity = http2 && (ws.confidence === 'high' || !versionAtLeast(settings.nginxVersion, '1.29.4')) ? 'error' : 'warning';
        context.report({
          node: own ? effective.node : ws.pass,
          span: own ? arg : undefined,
          messageId: http2 ? 'http2' : 'http10',
          severity,
          data: { where },
          related: own ? [] : [{ node: effective.node, message: `proxy_http_version ${value} is set here` }],
          ...fixIfConfident(ws.confidence === 'high', fix),
        });
      },
    };
  },
});

function levelName(node: ConfigNode): string {
  const owner = node.parent;
  if (!owner) return 'top level';
  return owner.name === 'location' ? 'enclosing location' : `${owner.name} block`;
}
