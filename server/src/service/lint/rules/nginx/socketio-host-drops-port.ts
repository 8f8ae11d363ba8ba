/**
 * N-09. `$host` never carries the port, but a browser's `Origin` does (`http://example.com:8080`).
 * python-engineio compares the Origin with `<scheme>://<Host>` and answers 400 "Not an
 * accepted origin." to every polling and WebSocket request when they differ. Debian's stock
 * `proxy_params` (`proxy_set_header Host $host;`) and `uwsgi_params` (`uwsgi_param HTTP_HOST
 * $host;`) use `$host` since the 1.22.1-9+deb12u6 security update, so a Socket.IO location on a
 * port other than 80 (443 with TLS) that relies on them breaks. Verified on the real stack:
 * test/scenarios/nginx-proxy-params-high-port and uwsgi-params-high-port (400 for every client).
 * A warning, not an error: behind a load balancer or a port mapping the browser's port is not the
 * one nginx listens on, and `$host` is then right.
 *
 *     server { listen 8080; location /socket.io/ { include proxy_params; proxy_pass http://app; } }  # flagged
 *     server { listen 80;   location /socket.io/ { include proxy_params; proxy_pass http://app; } }  # fine
 */
import type { ConfigNode, NginxModel } from '../../../languages/nginx/model';
import { effectiveList, enclosingServer, ownDirectives } from '../../../languages/nginx/semantics';
import { classifyLocation } from '../../../languages/nginx/websocket';
import type { Fixer } from '../../fixer';
import type { FixDescriptor } from '../../rule';
import { defineNginxRule } from '../../rule';
import { directiveText } from '../../fixes/proxy-headers';

/** The first listen port other than the scheme's default, e.g. `8080` for `listen 8080;`. */
function nonDefaultPort(server: ConfigNode): { port: string; scheme: string } | undefined {
  for (const listen of ownDirectives(server, 'listen')) {
    const args = listen.directive.args.map((a) => a.value);
    const address = args[0];
    if (!address || address.startsWith('unix:')) continue;
    const port = /^\d+$/.test(address) ? address : /:(\d+)$/.exec(address)?.[1];
    const ssl = args.includes('ssl') || args.includes('quic');
    if (port === undefined) continue;
    if (port !== (ssl ? '443' : '80')) return { port, scheme: ssl ? 'https' : 'http' };
  }
  return undefined;
}

/** The directive that sets the Host the backend sees: `proxy_set_header Host` or `uwsgi_param HTTP_HOST`. */
function hostEntry(location: ConfigNode, model: NginxModel, uwsgi: boolean): ConfigNode | undefined {
  const list = effectiveList(location, uwsgi ? 'uwsgi_param' : 'proxy_set_header', model);
  const wanted = uwsgi ? 'http_host' : 'host';
  const entries = list?.entries.filter((e) => (e.directive.args[0]?.value ?? '').toLowerCase() === wanted) ?? [];
  return entries[entries.length - 1];
}

/**
 * Sets the Host value to `value`: on the line itself when it is the user's; after Debian's
 * `include uwsgi_params` one more HTTP_HOST line; and `include proxy_params` is replaced by the
 * lines it brings, Host changed.
 */
function setHost(entry: ConfigNode, value: string): FixDescriptor | undefined {
  const title = `Send the port too: ${entry.name} ${entry.directive.args[0]?.value ?? ''} ${value}`;
  const arg = entry.directive.args[1];
  if (!arg) return undefined;
  if (entry.includedBy === undefined) return { title, apply: (f: Fixer) => f.replace(entry.file, arg, value) };
  const include = entry.includedBy;
  if (include.includedBy !== undefined || !include.parent) return undefined;
  // uWSGI keeps the last of two params with one name (verified: test/scenarios/uwsgi-socket-uwsgi-pass).
  if (entry.name === 'uwsgi_param') return { title, apply: (f: Fixer) => f.insertLinesAfter(include, [`uwsgi_param HTTP_HOST ${value};`]) };
  const brought = include.parent.children.filter((c) => c.includedBy === include);
  if (brought.some((c) => c.children.length > 0)) return undefined;
  const lines = brought.map((c) => (c === entry ? `${c.name} ${c.directive.args[0]?.value ?? ''} ${value};` : directiveText(c)));
  return {
    title,
    apply: (f: Fixer) => {
      const before = f.insertLinesBefore(include, lines);
      const removed = f.removeNode(include);
      return before && removed ? [before, removed] : undefined;
    },
  };
}

export default defineNginxRule({
  id: 'nginx/socketio-host-drops-port',
  meta: {
    failure: 'runtime',
    description: 'A Socket.IO location on a non-default port must pass the port in the Host header.',
    severity: 'warning',
    fixable: 'suggestion',
  },
  messages: {
    dropsPort:
      'This server listens on port {{port}}, but `{{line}}`{{from}} sends the Host without the port, while browsers put the port in their Origin (`{{scheme}}://host:{{port}}`): python-engineio then answers 400 "Not an accepted origin." to every client. Use `{{fixed}}` (or `$http_host`), unless a load balancer or port mapping in front makes browsers use port 80/443.',
  },
  create(context) {
    return {
      location(node) {
        const ws = classifyLocation(node, context.model);
        if (!ws || !ws.socketio) return;
        const server = enclosingServer(node);
        const listen = server && nonDefaultPort(server);
        if (!listen) return;
        const uwsgi = ws.passKind === 'uwsgi';
        const entry = hostEntry(node, context.model, uwsgi);
        if (!entry || (entry.directive.args[1]?.value ?? '') !== '$host') return;
        if (!uwsgi && ws.headers.has('x-forwarded-host')) return;
        const value = '$host:$server_port';
        const name = entry.directive.args[0]?.value ?? '';
        const fix = setHost(entry, value);
        context.report({
          node: entry.includedBy ?? entry,
          messageId: 'dropsPort',
          data: {
            port: listen.port,
            scheme: listen.scheme,
            line: `${entry.name} ${name} $host`,
            from: entry.includedBy ? ` (from \`${directiveText(entry.includedBy).replace(/;$/, '')}\`)` : '',
            fixed: `${entry.name} ${name} ${value};`,
          },
          ...(fix ? { suggest: [fix] } : {}),
        });
      },
    };
  },
});
