/**
 * proxy_pass and upstream `server` lines spell a backend differently, and mixing them up stops
 * nginx. Verified on nginx 1.22.1 (`nginx -t`):
 * - proxy_pass in http needs a URL that starts with `http://` or `https://` (any case):
 *   `proxy_pass 127.0.0.1:8000;`, `proxy_pass app;` and `proxy_pass uwsgi://…;` all fail with
 *   `invalid URL prefix`. A value with variables is only checked per request, so it is left
 *   alone; so is proxy_pass in a `stream` server, which takes a bare address.
 * - an upstream `server` takes `host:port` only: `server http://127.0.0.1:8000;` and
 *   `server 127.0.0.1:8000/socket.io;` fail with `invalid host in upstream "…"`. The scheme
 *   and the URI belong in the proxy_pass that names the upstream.
 * Unix sockets (`unix:`, bare paths) are checked by nginx/unix-socket-url-syntax.
 *
 *     proxy_pass 127.0.0.1:8000;               # flagged: fix → proxy_pass http://127.0.0.1:8000;
 *     upstream app { server http://127.0.0.1:8000; }   # flagged: fix → server 127.0.0.1:8000;
 *     proxy_pass http://app;  server 127.0.0.1:8000;    # fine
 */
import type { ConfigNode } from '../../../languages/nginx/model';
import type { FixDescriptor } from '../../rule';
import { defineNginxRule } from '../../rule';

/** Where proxy_pass is the HTTP proxy (in `stream` servers it takes a bare address). */
const HTTP_PROXY_CONTEXTS = new Set(['location', 'if-in-location', 'limit_except']);
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

export default defineNginxRule({
  id: 'nginx/backend-url-scheme',
  meta: {
    failure: 'startup',
    description: 'proxy_pass needs an `http://` or `https://` URL; an upstream `server` takes `host:port` without a scheme or URI.',
    severity: 'error',
    fixable: 'fix',
  },
  messages: {
    noScheme: 'nginx refuses to start ("invalid URL prefix"): proxy_pass needs a URL with a scheme. Write `http://{{value}}`.',
    otherScheme:
      'nginx refuses to start ("invalid URL prefix"): proxy_pass speaks only HTTP, so its URL starts with `http://` or `https://`, not `{{scheme}}://`.{{hint}}',
    badPrefix: 'nginx refuses to start ("invalid URL prefix"): proxy_pass needs a URL starting with `http://` or `https://`.',
    schemeInServer:
      'nginx refuses to start ("invalid host in upstream"): an upstream `server` takes `host:port` without a scheme. Write `{{fixed}}`; the scheme goes in the proxy_pass that names the upstream (`proxy_pass {{scheme}}://<upstream>`).',
    uriInServer:
      'nginx refuses to start ("invalid host in upstream"): an upstream `server` takes `host:port` without a URI. Write `{{fixed}}` and put the URI in proxy_pass if it is needed.',
  },
  create(context) {
    /** Replaces the argument's value (not its quotes) when offsets are reliable. */
    const replaceValue = (node: ConfigNode, text: string, title: string): FixDescriptor | undefined => {
      const arg = node.directive.args[0]!;
      const q = arg.quote ? 1 : 0;
      return arg.value.includes('\\') ? undefined : { title, apply: (f) => f.replace(node.file, { start: arg.start + q, end: arg.end - q }, text) };
    };

    return {
      proxy_pass(node) {
        const arg = node.directive.args[0];
        if (!arg || !HTTP_PROXY_CONTEXTS.has(node.context ?? '')) return;
        const value = arg.value;
        // Variables are checked per request; unix sockets by unix-socket-url-syntax.
        if (value === '' || value.includes('$') || value.startsWith('unix:') || value.startsWith('/') || /^https?:\/\//i.test(value)) return;
        const scheme = SCHEME.exec(value);
        if (scheme) {
          const isUwsgi = /^s?uwsgi$/i.test(scheme[1]!);
          const hint = isUwsgi ? ' For a uWSGI `socket`, use `uwsgi_pass` with `include uwsgi_params;`.' : ' Use `http://` for a plain HTTP backend.';
          const fixed = `http://${value.slice(scheme[0].length)}`;
          context.report({
            node,
            span: arg,
            messageId: 'otherScheme',
            data: { scheme: scheme[1]!, hint },
            ...(isUwsgi ? {} : { suggest: [replaceValue(node, fixed, `Use ${fixed}`)].filter((s): s is FixDescriptor => s !== undefined) }),
          });
          return;
        }
        if (/^https?:/i.test(value)) {
          context.report({ node, span: arg, messageId: 'badPrefix' });
          return;
        }
        context.report({ node, span: arg, messageId: 'noScheme', data: { value }, fix: replaceValue(node, `http://${value}`, `Add http://`) });
      },
      server(node) {
        if (node.context !== 'upstream' && node.context !== 'stream-upstream') return;
        const arg = node.directive.args[0];
        if (!arg || arg.value.includes('$')) return;
        const scheme = SCHEME.exec(arg.value);
        const rest = scheme ? arg.value.slice(scheme[0].length) : arg.value;
        // Unix sockets and bare paths are unix-socket-url-syntax's.
        if (rest.startsWith('unix:') || rest.startsWith('/')) return;
        const slash = rest.indexOf('/');
        const fixed = slash === -1 ? rest : rest.slice(0, slash);
        if (fixed === '' || (!scheme && slash === -1)) return;
        const title = scheme ? `Remove ${scheme[0]}` : `Remove ${rest.slice(slash)}`;
        const fix = replaceValue(node, fixed, slash !== -1 && scheme ? `Use ${fixed}` : title);
        if (scheme) context.report({ node, span: arg, messageId: 'schemeInServer', data: { fixed, scheme: scheme[1]!.toLowerCase() }, fix });
        else context.report({ node, span: arg, messageId: 'uriInServer', data: { fixed }, fix });
      },
    };
  },
});
