/**
 * N-23. `proxy_pass http://NAME` looks NAME up among the `upstream` blocks (case-insensitively:
 * verified that `http://Backend` reaches `upstream backend`) and otherwise resolves it as a
 * host name when the configuration loads. Verified on nginx 1.22.1: an undefined name fails
 * `nginx -t` with `host not found in upstream "NAME"` unless DNS knows it (docker-compose and
 * Kubernetes service names do); `uwsgi_pass NAME` without a port fails with
 * `no port in upstream "NAME"` whatever DNS says. Names with a dot, a port or a variable, IP
 * literals, `localhost` and unix sockets are not checked.
 *
 *     proxy_pass http://app_nodes;                              # flagged without `upstream app_nodes`
 *     upstream app_nodes { server 127.0.0.1:5000; }             # makes it fine
 *     proxy_pass http://web:8000;  proxy_pass http://api.internal;  # not checked
 */
import { didYouMean } from '../../../knowledge/nginx';
import type { ConfigNode } from '../../../languages/nginx/model';
import { isIpLiteral, parseProxyUrl } from '../../../languages/nginx/values';
import { defineNginxRule } from '../../rule';

export default defineNginxRule({
  id: 'nginx/upstream-name-not-defined',
  meta: { failure: 'startup',
    description: 'A proxy_pass or uwsgi_pass target without a dot or port should name a defined upstream.',
    severity: 'warning',
    fixable: 'suggestion',
  },
  messages: {
    hostNotFound:
      'There is no `upstream {{name}}`, so nginx resolves "{{name}}" through DNS at startup and `nginx -t` fails with host not found in upstream "{{name}}" unless it resolves (as docker-compose or Kubernetes service names do). Define the upstream or correct the name.{{hint}}',
    uwsgiNoPort:
      'There is no `upstream {{name}}`, and uwsgi_pass needs a port for a plain host, so `nginx -t` fails with no port in upstream "{{name}}" even if the name resolves. Define the upstream, add the port or correct the name.{{hint}}',
    elsewhere:
      'No `upstream {{name}}` is defined in the files analysed here; it may be defined in a file that is not part of this analysis. If it is not, `nginx -t` fails with {{failure}}.{{hint}}',
  },
  create(context) {
    const { model } = context;
    const partial = model.topContext !== 'main' || model.problems.some((p) => p.kind === 'include-missing');
    const names = () => [...model.upstreams.values()].map((u) => u.directive.args[0]!.value);

    function check(node: ConfigNode, kind: 'proxy' | 'uwsgi'): void {
      const arg = node.directive.args[0];
      if (!arg) return;
      const url = parseProxyUrl(arg.value);
      const schemeOk = kind === 'proxy' ? url.scheme === 'http' || url.scheme === 'https' : url.scheme === undefined || /^s?uwsgi$/.test(url.scheme);
      const host = url.host;
      if (!schemeOk || url.hasVariables || !host || url.port !== undefined || url.unixPath !== undefined) return;
      if (host.includes('.') || isIpLiteral(host) || host.toLowerCase() === 'localhost' || host.toLowerCase().startsWith('unix:')) return;
      if (model.upstreams.has(host.toLowerCase())) return;
      const nearest = didYouMean(host, names())[0];
      const hostStart = arg.start + (arg.quote ? 1 : 0) + (url.scheme === undefined ? 0 : arg.value.indexOf('://') + 3);
      const span = { start: hostStart, end: hostStart + host.length };
      context.report({
        node,
        span,
        messageId: partial ? 'elsewhere' : kind === 'uwsgi' ? 'uwsgiNoPort' : 'hostNotFound',
        severity: !partial && kind === 'uwsgi' ? 'error' : undefined,
        data: {
          name: host,
          failure: kind === 'uwsgi' ? `no port in upstream "${host}"` : `host not found in upstream "${host}" unless DNS resolves the name`,
          hint: nearest ? ` Did you mean \`${nearest}\`?` : '',
        },
        suggest: nearest ? [{ title: `Use upstream ${nearest}`, apply: (f) => f.replace(node.file, span, nearest) }] : [],
      });
    }

    return {
      proxy_pass: (node) => check(node, 'proxy'),
      uwsgi_pass: (node) => check(node, 'uwsgi'),
    };
  },
});
