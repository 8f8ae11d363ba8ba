/**
 * N-20. When `proxy_pass` has a URI part (anything after host[:port], even `/`), nginx
 * replaces the matched location prefix with it, and Engine.IO only answers paths that start
 * with `/socket.io/`. Verified on nginx 1.22.1 + Flask-SocketIO: `location /socket.io/` with
 * `proxy_pass http://up/socket.io` sent `/socket.io?EIO=…` (404); `location /socket.io` with
 * `proxy_pass http://up/` sent `//?EIO=…`, which hit the Flask index route. Locations given by
 * regex, named or `if` locations (URI not allowed at all, N-21), URLs with variables and
 * locations that `rewrite … break` are skipped.
 *
 *     location /socket.io/ { proxy_pass http://app/socket.io; }   # flagged: /socket.io?EIO=4…
 *     location /socket.io  { proxy_pass http://app/socket.io; }   # fine:    /socket.io/?EIO=4…
 *     location /socket.io/ { proxy_pass http://app; }             # fine
 */
import { locationPath, ownDirectives } from '../../../languages/nginx/semantics';
import { parseProxyUrl } from '../../../languages/nginx/values';
import { isSocketIoPath, passOf } from '../../../languages/nginx/websocket';
import type { FixDescriptor } from '../../rule';
import { defineNginxRule } from '../../rule';

const DEFAULT_REQUEST = '/socket.io/';
const QUERY = '?EIO=4&transport=polling';

export default defineNginxRule({
  id: 'nginx/socketio-proxy-pass-uri-mismatch',
  meta: { failure: 'runtime',
    description: 'The URI part of a Socket.IO proxy_pass must keep the /socket.io/ path the server expects.',
    severity: 'error',
    fixable: 'fix',
  },
  messages: {
    mismatch:
      'nginx replaces `{{prefix}}` with `{{uri}}`, so a request for `{{request}}` reaches the app as `{{upstream}}`; Engine.IO only answers under `/socket.io/`, so the app answers 404 or serves another route. Remove the URI part from proxy_pass.',
    mismatchCustom:
      'nginx replaces `{{prefix}}` with `{{uri}}`, so a request for `{{request}}` reaches the app as `{{upstream}}`; Engine.IO only answers under `/socket.io/` unless the app sets another path. Use `{{fixUri}}` as the URI part.',
  },
  create(context) {
    return {
      location(node) {
        const where = locationPath(node);
        const pass = passOf(node);
        if (!where || !pass || pass.kind !== 'proxy' || !isSocketIoPath(where.path)) return;
        const { modifier, path } = where;
        if (modifier !== undefined && modifier !== '^~' && modifier !== '=') return;
        if (ownDirectives(node, 'rewrite').some((r) => r.directive.args[r.directive.args.length - 1]?.value === 'break')) return;
        const arg = pass.node.directive.args[0];
        if (!arg) return;
        const url = parseProxyUrl(arg.value);
        if (url.hasVariables || url.uri === undefined || url.uriOffset === undefined) return;
        // The request the location sees: the default path when it matches, else its own prefix.
        const request = DEFAULT_REQUEST.startsWith(path) ? DEFAULT_REQUEST : path.endsWith('/') ? path : `${path}/`;
        if (modifier === '=' && request !== path) return; // never matched: N-22's business
        const upstream = url.uri + request.slice(path.length);
        if (upstream === request || upstream.startsWith(DEFAULT_REQUEST)) return;
        const start = arg.start + (arg.quote ? 1 : 0) + url.uriOffset - (url.unixPath !== undefined ? 1 : 0);
        const span = { start, end: start + url.uri.length + (url.unixPath !== undefined ? 1 : 0) };
        const underline = { start: start + (url.unixPath !== undefined ? 1 : 0), end: span.end };
        const editable = pass.node.includedBy === undefined && !arg.value.includes('\\');
        const data = { prefix: path, uri: url.uri, request: request + QUERY, upstream: upstream + QUERY };
        if (request === DEFAULT_REQUEST) {
          const fix: FixDescriptor | undefined = editable ? { title: 'Remove the URI part from proxy_pass', apply: (f) => f.replace(pass.node.file, span, '') } : undefined;
          context.report({ node: pass.node, span: underline, messageId: 'mismatch', data, fix });
          return;
        }
        // A custom prefix: map it onto /socket.io/, keeping the location's trailing slash.
        const fixUri = path.endsWith('/') ? '/socket.io/' : '/socket.io';
        const fix: FixDescriptor | undefined = editable ? { title: `Use ${fixUri} as the proxy_pass URI`, apply: (f) => f.replace(pass.node.file, underline, fixUri) } : undefined;
        context.report({ node: pass.node, span: underline, messageId: 'mismatchCustom', data: { ...data, fixUri }, fix });
      },
    };
  },
});
