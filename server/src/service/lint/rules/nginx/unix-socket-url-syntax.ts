/**
 * N-24. Each directive spells a unix socket differently, and the wrong spelling either stops
 * nginx or makes it connect to a path that cannot exist. Verified on nginx 1.22.1:
 * `proxy_pass unix:/run/app.sock` (or a bare path) fails with `invalid URL prefix`; upstream
 * `server /run/app.sock`, `uwsgi_pass /run/app.sock` and `uwsgi_pass http://…` fail with
 * `invalid host in upstream`. nginx takes everything after `unix:` up to the first `:` as the
 * socket path (ngx_parse_unix_domain_url), so `proxy_pass http://unix:/run/app.sock/socket.io`
 * passes `nginx -t` but connects to `/run/app.sock/socket.io` (connect(2): ENOTDIR, so 502 on
 * every request). Only proxy_pass takes a URI after the socket: in upstream `server` and
 * `uwsgi_pass` a `:/uri` suffix also becomes part of the path.
 *
 *     proxy_pass unix:/run/gunicorn.sock;                     # flagged
 *     proxy_pass http://unix:/run/gunicorn.sock/socket.io;    # flagged
 *     proxy_pass http://unix:/run/gunicorn.sock:/socket.io;   # fine
 *     server /run/gunicorn.sock;  uwsgi_pass http://127.0.0.1:3031;   # flagged
 *     server unix:/run/gunicorn.sock;  uwsgi_pass unix:/run/uwsgi/app/app/socket;  # fine
 */
import type { ConfigNode } from '../../../languages/nginx/model';
import { locationPath } from '../../../languages/nginx/semantics';
import type { Fixer } from '../../fixer';
import type { FixDescriptor } from '../../rule';
import { defineNginxRule } from '../../rule';

/** A socket file name followed by more path: `/run/app.sock/socket.io` → at the `/`. */
const SOCKET_THEN_MORE = /\.(?:sock|socket)(?=\/)/;

export default defineNginxRule({
  id: 'nginx/unix-socket-url-syntax',
  meta: {
    failure: 'startup',
    description: 'Unix sockets must be written `http://unix:/path` in proxy_pass and `unix:/path` in upstream servers and uwsgi_pass.',
    severity: 'error',
    fixable: 'fix',
  },
  messages: {
    urlPrefix: 'nginx refuses to start ("invalid URL prefix"): proxy_pass takes a URL, and a unix socket is written `{{fixed}}`. Use that form.',
    noUnixPrefix: 'nginx refuses to start ("invalid host in upstream"): {{directive}} reads `{{path}}` as a host name. Write the socket as `unix:{{path}}`.',
    uriNotSeparated:
      'nginx takes everything after `unix:` up to the first `:` as the socket path, so it connects to `{{path}}` below the socket file `{{socket}}`; that fails and every request gets a 502. Write `{{fixed}}`{{note}}.',
    pathHasUri:
      '{{directive}} takes no URI after a unix socket: nginx reads all of `{{path}}` as the socket path, so connecting fails and every request gets a 502. Use `{{fixed}}`.',
    schemeInUpstream: 'nginx refuses to start ("invalid host in upstream"): an upstream `server` takes an address without a scheme. Write `{{fixed}}`.',
    uwsgiHttp:
      'nginx refuses to start ("invalid host in upstream"): uwsgi_pass takes an address (`host:port`, `unix:/path` or `uwsgi://…`), not an HTTP URL. If the backend is a uWSGI `socket`, drop `{{scheme}}://`; if it speaks HTTP (gunicorn, uWSGI `http-socket`), use proxy_pass.',
  },
  create(context) {
    /** Replaces the argument's value (not its quotes) when offsets are reliable. */
    const replaceValue = (node: ConfigNode, text: string, title = `Use ${text}`): FixDescriptor | undefined => {
      const arg = node.directive.args[0]!;
      const q = arg.quote ? 1 : 0;
      return arg.value.includes('\\') ? undefined : { title, apply: (f) => f.replace(node.file, { start: arg.start + q, end: arg.end - q }, text) };
    };

    /** Upstream servers and uwsgi_pass: a bare path, or a `unix:` path with something after the socket. */
    const checkAddress = (node: ConfigNode, directive: string): void => {
      const arg = node.directive.args[0];
      if (!arg || arg.value.includes('$')) return;
      const prefix = directive === 'uwsgi_pass' ? (/^s?uwsgi:\/\//i.exec(arg.value)?.[0] ?? '') : '';
      const value = arg.value.slice(prefix.length);
      if (value.startsWith('/')) {
        context.report({ node, span: arg, messageId: 'noUnixPrefix', data: { directive, path: value }, fix: replaceValue(node, `${prefix}unix:${value}`) });
        return;
      }
      const path = value.startsWith('unix:') ? value.slice(5) : '';
      const more = SOCKET_THEN_MORE.exec(path);
      const end = path.includes(':') ? path.indexOf(':') : more ? more.index + more[0].length : -1;
      if (end === -1) return;
      const fixed = `${prefix}unix:${path.slice(0, end)}`;
      context.report({ node, span: arg, messageId: 'pathHasUri', failure: 'runtime', data: { directive, path, fixed }, fix: replaceValue(node, fixed) });
    };

    return {
      proxy_pass(node) {
        const arg = node.directive.args[0];
        // In a `stream` server proxy_pass takes a bare address: `unix:/path` is right there.
        if (!arg || arg.value.includes('$') || node.context === 'stream-server') return;
        const value = arg.value;
        if (value.startsWith('unix:') || value.startsWith('/')) {
          const fixed = value.startsWith('/') ? `http://unix:${value}` : `http://${value}`;
          context.report({ node, span: arg, messageId: 'urlPrefix', data: { fixed }, fix: replaceValue(node, fixed) });
          return;
        }
        // With a `:` after the socket path the URI is separated already.
        const unix = /^https?:\/\/unix:/i.exec(value);
        const match = unix && value.indexOf(':', unix[0].length) === -1 ? SOCKET_THEN_MORE.exec(value.slice(unix[0].length)) : null;
        if (!unix || !match) return;
        const split = unix[0].length + match.index + match[0].length;
        // Where a URI part is not allowed (N-21), what follows the socket goes instead.
        const where = node.context === 'location' && node.parent ? locationPath(node.parent) : undefined;
        const uriAllowed = where !== undefined && !/^[~@]/.test(where.modifier ?? where.path);
        const fixed = uriAllowed ? `${value.slice(0, split)}:${value.slice(split)}` : value.slice(0, split);
        const data = { path: value.slice(unix[0].length), socket: value.slice(unix[0].length, split), fixed, note: uriAllowed ? ' (a colon separates the URI)' : ' (a URI part is not allowed here)' };
        context.report({ node, span: arg, messageId: 'uriNotSeparated', failure: 'runtime', data, fix: replaceValue(node, fixed, uriAllowed ? 'Separate the URI with a colon' : 'Remove what follows the socket path') });
      },
      uwsgi_pass(node) {
        const arg = node.directive.args[0];
        const scheme = arg && /^(https?):\/\//i.exec(arg.value);
        if (!arg || !scheme) return checkAddress(node, 'uwsgi_pass');
        const start = arg.start + (arg.quote ? 1 : 0);
        const suggest = [
          { title: `Drop ${scheme[0]} (the backend speaks the uwsgi protocol)`, apply: (f: Fixer) => f.replace(node.file, { start, end: start + scheme[0].length }, '') },
          { title: 'Use proxy_pass (the backend speaks HTTP)', apply: (f: Fixer) => f.replace(node.file, node.directive.name, 'proxy_pass') },
        ];
        context.report({ node, span: arg, messageId: 'uwsgiHttp', data: { scheme: scheme[1]! }, suggest });
      },
      server(node) {
        if (node.context !== 'upstream') return;
        const arg = node.directive.args[0];
        const scheme = arg && /^[a-z][a-z0-9+.-]*:\/\/(?=unix:)/i.exec(arg.value);
        if (!arg || !scheme) return checkAddress(node, 'server');
        const fixed = arg.value.slice(scheme[0].length);
        context.report({ node, span: arg, messageId: 'schemeInUpstream', data: { fixed }, fix: replaceValue(node, fixed) });
      },
    };
  },
});
