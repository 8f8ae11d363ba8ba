/**
 * N-21. A URI part in proxy_pass replaces the matched location prefix, so nginx only accepts it
 * where there is a prefix to replace. Inside a regex location, a named location, an `if` block
 * or a `limit_except` block nginx refuses to start (verified on 1.22.1: `"proxy_pass" cannot
 * have URI part in location given by regular expression, …`); a query (`?x=1`) counts as a URI
 * part too. URLs with variables are allowed anywhere (nginx then sends the URI as written).
 * `uwsgi_pass` takes no URI at all: `uwsgi_pass 127.0.0.1:5000/x` fails everywhere with
 * `invalid host in upstream "127.0.0.1:5000/x"`.
 *
 *     location ~ ^/socket\.io/ { proxy_pass http://127.0.0.1:5000/socket.io/; }  # flagged
 *     location ~ ^/socket\.io/ { proxy_pass http://127.0.0.1:5000; }             # fine
 *     location ~ ^/api/(.*)$   { proxy_pass http://127.0.0.1:5000/$1; }          # fine (variables)
 */
import type { ConfigNode } from '../../../languages/nginx/model';
import { locationPath } from '../../../languages/nginx/semantics';
import { parseProxyUrl } from '../../../languages/nginx/values';
import type { Span } from '../../../types';
import { defineNginxRule } from '../../rule';

const PLACES = {
  regex: 'a regex location',
  named: 'a named location',
  if: 'an `if` block',
  limitExcept: 'a `limit_except` block',
} as const;

/** Why a URI part is refused where `pass` sits; undefined where it is allowed. */
function forbiddenPlace(pass: ConfigNode): keyof typeof PLACES | undefined {
  const parent = pass.parent;
  if (pass.context === 'if-in-location') return 'if';
  if (pass.context === 'limit_except') return 'limitExcept';
  if (pass.context !== 'location' || parent?.name !== 'location') return undefined;
  const where = locationPath(parent);
  if (!where) return undefined;
  // `location ~* re`, or the one-argument forms `location ~re` and `location @name`.
  if (where.modifier === '~' || where.modifier === '~*' || (where.modifier === undefined && where.path.startsWith('~'))) return 'regex';
  if (where.modifier === undefined && where.path.startsWith('@')) return 'named';
  return undefined;
}

/** The URI part of a pass URL (a unix socket's includes its leading `:`), relative to the value. */
function uriPart(value: string, kind: 'proxy' | 'uwsgi'): { span: Span; uri: string } | undefined {
  const url = parseProxyUrl(value);
  if (url.hasVariables) return undefined;
  // Without http(s):// proxy_pass fails earlier ("invalid URL prefix"); neither do uwsgi_pass
  // http://… and bare socket paths get this far (both are unix-socket-url-syntax's).
  const allowed = kind === 'proxy' ? ['http', 'https'] : [undefined, 'uwsgi', 'suwsgi'];
  if (!allowed.includes(url.scheme)) return undefined;
  if (url.unixPath !== undefined) {
    // uwsgi_pass reads `unix:/a:/b` as one socket path (unix-socket-url-syntax's business).
    if (kind === 'uwsgi' || url.uri === undefined || url.uriOffset === undefined) return undefined;
    return { span: { start: url.uriOffset - 1, end: value.length }, uri: url.uri };
  }
  // nginx starts the URI at the first `/` or `?` after the host.
  const hostStart = value.length - value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').length;
  const at = value.slice(hostStart).search(/[/?]/);
  if (at <= 0) return undefined;
  return { span: { start: hostStart + at, end: value.length }, uri: value.slice(hostStart + at) };
}

export default defineNginxRule({
  id: 'nginx/proxy-pass-uri-not-allowed',
  meta: {
    failure: 'startup',
    description: 'proxy_pass may not have a URI part in regex or named locations, `if` or `limit_except`; uwsgi_pass never takes one.',
    severity: 'error',
    fixable: 'fix',
  },
  messages: {
    notAllowed:
      'nginx refuses to start: proxy_pass cannot have a URI part (`{{uri}}`) inside {{where}}. Remove the URI part; nginx then passes the request URI unchanged (change the path with `rewrite … break` if the app needs another one).',
    uwsgiUri:
      'nginx refuses to start ("invalid host in upstream"): uwsgi_pass takes only an address, so `{{uri}}` is read as part of the host. Remove it; the uwsgi protocol carries the request path by itself.',
  },
  create(context) {
    const check = (node: ConfigNode, kind: 'proxy' | 'uwsgi') => {
      const arg = node.directive.args[0];
      if (!arg || node.directive.args.length !== 1) return;
      const place = kind === 'proxy' ? forbiddenPlace(node) : undefined;
      if (kind === 'proxy' && !place) return;
      const part = uriPart(arg.value, kind);
      if (!part) return;
      const start = arg.start + (arg.quote ? 1 : 0);
      const removed = { start: start + part.span.start, end: start + part.span.end };
      const underline = { start: removed.end - part.uri.length, end: removed.end };
      // Escapes make value offsets differ from text offsets; an included file may serve other locations.
      const editable = !arg.value.includes('\\') && node.includedBy === undefined;
      context.report({
        node,
        span: underline,
        messageId: kind === 'proxy' ? 'notAllowed' : 'uwsgiUri',
        data: { uri: part.uri, where: place ? PLACES[place] : '' },
        fix: editable ? { title: `Remove the URI part from ${node.name}`, apply: (f) => f.replace(node.file, removed, '') } : undefined,
      });
    };
    return {
      proxy_pass: (node) => check(node, 'proxy'),
      uwsgi_pass: (node) => check(node, 'uwsgi'),
    };
  },
});
