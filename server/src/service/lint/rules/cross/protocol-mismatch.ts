/**
 * N-25 / N-26. nginx and the app server agree on an address but not on the protocol.
 * `proxy_pass` speaks HTTP; a uWSGI `socket` (or a gunicorn with `protocol = "uwsgi"`) expects
 * the uwsgi protocol: verified on Debian 12, nginx answers 502 and uWSGI logs "invalid request
 * block size: 21573" (the bytes "GE" of "GET" read as a packet size). The other way round,
 * `uwsgi_pass` to an HTTP listener (a gunicorn bind, uWSGI `http-socket` or `http`): verified,
 * the request hangs until the client gives up, because the server waits for an HTTP header
 * that never comes. The fixes change one side: `http-socket` in the ini, or `include
 * uwsgi_params; uwsgi_pass …;` in nginx (and back).
 *
 *     proxy_pass http://127.0.0.1:3031;    socket = 127.0.0.1:3031        # flagged
 *     uwsgi_pass 127.0.0.1:3031;           socket = 127.0.0.1:3031        # fine
 */
import { fixer, indentationAt } from '../../fixer';
import type { ConfigNode } from '../../../languages/nginx/model';
import type { Link } from '../../../workspace/links';
import { appText } from '../../../workspace/workspace';
import { listenerLabel } from '../../fixes/app-configs';
import { createTextFixer } from '../../file-rule';
import { defineWorkspaceRule, type WorkspaceFix } from '../../workspace-rule';

const proxyUrl = (address: string) => `http://${address}`;

/**
 * The pass directive rewritten for the other protocol, keeping the target (upstream name or
 * address); `include uwsgi_params` is added with uwsgi_pass and dropped with proxy_pass.
 */
function switchPass(pass: ConfigNode, link: Link, to: 'uwsgi' | 'http'): WorkspaceFix['edits'] {
  const address = link.target.upstream?.directive.args[0]?.value ?? link.target.address;
  const indent = indentationAt(pass.file.text, pass.directive.start);
  const params = pass.parent?.children.filter((c) => c.name === 'include' && c.includedBy === undefined && /uwsgi_params$/.test(c.directive.args[0]?.value ?? '')) ?? [];
  if (to === 'uwsgi') {
    const text = `${params.length > 0 ? '' : `include uwsgi_params;\n${indent}`}uwsgi_pass ${address};`;
    return [fixer.replace(pass.file, pass.directive, text)];
  }
  return [...params.map((p) => fixer.removeNode(p)), fixer.replace(pass.file, pass.directive, `proxy_pass ${proxyUrl(address)};`)];
}

export default defineWorkspaceRule({
  id: 'cross/protocol-mismatch',
  meta: {
    failure: 'runtime',
    description: 'nginx must speak the protocol the app server listens with: proxy_pass for HTTP, uwsgi_pass for a uWSGI socket.',
    severity: 'error',
    fixable: 'suggestion',
  },
  messages: {
    httpToUwsgi:
      '`proxy_pass` sends HTTP to {{listener}}, which expects the uwsgi protocol: nginx answers 502 and uWSGI logs "invalid request block size: 21573". Use `include uwsgi_params; uwsgi_pass {{address}};` here, or make uWSGI listen with `http-socket = {{appAddress}}`.',
    httpToGunicornUwsgi:
      '`proxy_pass` sends HTTP to {{listener}}, which speaks the uwsgi protocol (`protocol = "uwsgi"`): the requests fail. Use `include uwsgi_params; uwsgi_pass {{address}};` here, or remove `protocol = "uwsgi"` from the gunicorn config.',
    uwsgiToHttp:
      '`uwsgi_pass` sends the uwsgi protocol to {{listener}}, which expects HTTP: requests hang until the client times out. Use `proxy_pass {{url}};` (with the WebSocket headers), or make uWSGI listen with `socket = {{appAddress}}`.',
    uwsgiToGunicorn:
      '`uwsgi_pass` sends the uwsgi protocol to {{listener}}, which expects HTTP: requests hang until the client times out. Use `proxy_pass {{url}};` here, with the WebSocket headers.',
  },
  check(context) {
    for (const link of context.workspace.links) {
      if (link.protocolMatches) continue;
      const { target, listener } = link;
      const toUwsgi = target.protocol === 'http';
      const suggest: WorkspaceFix[] = [];
      const passes = target.passes.flatMap((pass) => switchPass(pass, link, toUwsgi ? 'uwsgi' : 'http'));
      const passTitle = toUwsgi ? 'Use uwsgi_pass (with include uwsgi_params)' : 'Use proxy_pass http://';
      // The app side: rename the uWSGI option (socket <-> http-socket) when it is written in the file.
      let appFix: WorkspaceFix | undefined;
      if (listener.app.kind === 'uwsgi' && !listener.implicit && (listener.option === 'socket' || listener.option === 'uwsgi-socket' || listener.option === 'http-socket')) {
        const entry = listener.app.file.sections.flatMap((s) => s.entries).find((e) => e.valueSpan.start === listener.span.start);
        const fixer = createTextFixer(listener.app.path, listener.app.file.text);
        const key = toUwsgi ? 'http-socket' : 'socket';
        if (entry) appFix = { title: `Listen with ${key} in ${listener.app.path.split('/').pop()}`, edits: [fixer.replace(entry.keySpan, key)] };
      }
      // The nginx side first when the app side cannot change (gunicorn) or nginx is the odd one out.
      if (appFix && toUwsgi) suggest.push(appFix);
      suggest.push({ title: passTitle, edits: passes });
      if (appFix && !toUwsgi) suggest.push(appFix);
      context.report({
        file: target.node.file.path,
        span: target.span,
        messageId: listener.app.kind === 'gunicorn' ? (toUwsgi ? 'httpToGunicornUwsgi' : 'uwsgiToGunicorn') : toUwsgi ? 'httpToUwsgi' : 'uwsgiToHttp',
        data: {
          listener: listenerLabel(listener),
          address: target.address,
          url: proxyUrl(target.upstream?.directive.args[0]?.value ?? target.address),
          appAddress: listener.implicit ? target.address : appText(listener.app).slice(listener.span.start, listener.span.end),
        },
        related: [{ file: listener.app.path, span: listener.span, message: `Listens here: ${listenerLabel(listener)}.` }],
        suggest,
      });
    }
  },
});
