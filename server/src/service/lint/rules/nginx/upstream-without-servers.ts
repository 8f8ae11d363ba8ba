/**
 * An upstream group needs at least one server nginx may send requests to. With no `server`
 * line at all nginx 1.22.1 stops with `no servers are inside upstream`; when every server is
 * a `backup`, with `no servers in upstream "name"` (both verified, http and stream). A `down`
 * server counts: nginx starts, and answers 502.
 * Stays silent when an include in the block could not be read or the block holds a
 * directive of an unknown module (which may supply the servers).
 *
 *     upstream app { ip_hash; }                                  # flagged
 *     upstream app { server 127.0.0.1:5000 backup; }             # flagged
 *     upstream app { server 127.0.0.1:5000; }                    # fine
 */
import { lookupDirective } from '../../../knowledge/nginx';
import type { ConfigNode, NginxModel } from '../../../languages/nginx/model';
import { defineNginxRule } from '../../rule';

export default defineNginxRule({
  id: 'nginx/upstream-without-servers',
  meta: {
    failure: 'startup',
    description: 'An upstream block must contain at least one server that is not a backup.',
    severity: 'error',
  },
  messages: {
    noServers:
      'Upstream `{{name}}` has no `server` line: nginx refuses to start (no servers are inside upstream). Add the backend address, e.g. `server 127.0.0.1:8000;`.',
    onlyBackup:
      'Every server of upstream `{{name}}` is a backup: nginx refuses to start (no servers in upstream "{{name}}"). Remove `backup` from the server that should take the traffic.',
  },
  create(context) {
    return {
      upstream(upstream) {
        if (!upstream.directive.block?.closed || (upstream.context !== 'http' && upstream.context !== 'stream' && upstream.context !== undefined)) return;
        const nameArg = upstream.directive.args[0];
        if (!nameArg || upstream.directive.args.length !== 1) return;
        const children = upstream.children;
        if (children.some((c) => lookupDirective(c.name) === undefined) || hasUnreadInclude(children, context.model)) return;
        const servers = children.filter((c) => c.name === 'server');
        const primary = servers.filter((s) => !s.directive.args.some((a) => a.value === 'backup'));
        if (servers.length > 0 && primary.length > 0) return;
        context.report({
          node: upstream,
          span: nameArg,
          messageId: servers.length === 0 ? 'noServers' : 'onlyBackup',
          data: { name: nameArg.value },
        });
      },
    };
  },
});

/** An include of the block whose files were not (all) read: servers may hide there. */
function hasUnreadInclude(children: readonly ConfigNode[], model: NginxModel): boolean {
  return children.some(
    (c) =>
      c.name === 'include' &&
      model.problems.some((p) => p.file === c.file.path && p.span.start >= c.directive.start && p.span.end <= c.directive.end),
  );
}
