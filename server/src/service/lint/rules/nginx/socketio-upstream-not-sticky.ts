/**
 * N-17. A Socket.IO session lives in one server process: every long-polling request of a
 * session must reach the instance that created it. An upstream with several active servers
 * balanced per request (round-robin, least_conn, random, or hash on a per-request key)
 * sends them elsewhere. Verified on nginx 1.22.1 with two single-worker gunicorn instances:
 * round-robin → 400 "Invalid session" on most polling requests; `ip_hash` or
 * `hash $remote_addr consistent` → all fine. Several instances also need a message queue.
 *
 *     upstream sio { server 127.0.0.1:5000; server 127.0.0.1:5001; }            # flagged
 *     upstream sio { ip_hash; server 127.0.0.1:5000; server 127.0.0.1:5001; }   # fine
 */
import type { ConfigNode } from '../../../languages/nginx/model';
import { parseProxyUrl } from '../../../languages/nginx/values';
import { classifyLocation } from '../../../languages/nginx/websocket';
import type { Edit } from '../../../types';
import type { FixDescriptor } from '../../rule';
import { defineNginxRule } from '../../rule';

const BALANCERS = new Set(['ip_hash', 'hash', 'least_conn', 'random', 'least_time']);
/** Variables that change from one request of the same client to the next. */
const PER_REQUEST = /\$\{?(request_uri|uri|document_uri|args|query_string|arg_\w+|is_args|request|request_id|request_time|msec|time_\w+|connection|connection_requests|remote_port|request_length|pid)\b/;

export default defineNginxRule({
  id: 'nginx/socketio-upstream-not-sticky',
  meta: { failure: 'runtime',
    description: 'An upstream serving Socket.IO with several servers must keep each client on one server.',
    severity: 'error',
    fixable: 'fix',
  },
  messages: {
    notSticky:
      'Upstream `{{name}}` spreads Socket.IO requests over {{count}} servers {{how}}, so polling requests reach instances that do not know the session and get 400 "Invalid session". Add `ip_hash;` (or `hash $remote_addr consistent;`), and connect the instances through a message queue (e.g. `message_queue=\'redis://\'`).',
    notStickyBackup:
      'Upstream `{{name}}` spreads Socket.IO requests over {{count}} servers {{how}}, so polling requests reach instances that do not know the session and get 400 "Invalid session". Remove the `backup` server (nginx rejects it with ip_hash and hash), add `ip_hash;`, and connect the instances through a message queue (e.g. `message_queue=\'redis://\'`).',
  },
  create(context) {
    const users = new Map<ConfigNode, ConfigNode[]>();
    return {
      location(node) {
        const ws = classifyLocation(node, context.model);
        if (!ws?.socketio) return;
        const url = parseProxyUrl(ws.pass.directive.args[0]?.value ?? '');
        const schemeOk = ws.passKind === 'proxy' ? url.scheme === 'http' || url.scheme === 'https' : url.scheme === undefined || /^s?uwsgi$/.test(url.scheme);
        if (!schemeOk || url.hasVariables || !url.host || url.port !== undefined) return;
        const upstream = context.model.upstreams.get(url.host.toLowerCase());
        if (!upstream) return;
        users.set(upstream, [...(users.get(upstream) ?? []), node]);
      },
      ':exit'() {
        for (const [upstream, locations] of users) {
          const children = upstream.children;
          const servers = children.filter((c) => c.name === 'server');
          const active = servers.filter((s) => !s.directive.args.some((a) => a.value === 'down' || a.value === 'backup'));
          if (active.length < 2 || children.some((c) => c.name === 'sticky')) continue;
          const balancers = children.filter((c) => BALANCERS.has(c.name));
          const balancer = balancers[balancers.length - 1]; // the last one wins ("load balancing method redefined")
          const key = balancer?.directive.args[0]?.value ?? '';
          if (balancer?.name === 'ip_hash' || (balancer?.name === 'hash' && !PER_REQUEST.test(key))) continue;
          const how = !balancer ? 'round-robin' : balancer.name === 'hash' ? `by \`hash ${key}\`, a key that changes with every request` : `with \`${balancer.name}\`, which picks a server per request`;
          const nameArg = upstream.directive.args[0]!;
          const backup = servers.some((s) => s.directive.args.some((a) => a.value === 'backup'));
          context.report({
            node: upstream,
            span: nameArg,
            messageId: backup ? 'notStickyBackup' : 'notSticky',
            data: { name: nameArg.value, count: active.length, how },
            related: locations.map((location) => ({ node: location, message: 'Socket.IO traffic is proxied to this upstream here.' })),
            fix: backup ? undefined : stickyFix(upstream, balancers),
          });
        }
      },
    };
  },
});

/** No fix with a `backup` server: nginx rejects it with ip_hash ("balancing method does not support parameter"). */
function stickyFix(upstream: ConfigNode, balancers: readonly ConfigNode[]): FixDescriptor | undefined {
  const last = balancers[balancers.length - 1];
  if (!last) return { title: 'Add ip_hash to the upstream', apply: (f) => f.insertLinesAtBlockStart(upstream, ['ip_hash;']) };
  if (balancers.some((b) => b.includedBy !== undefined)) return undefined;
  // Earlier balancing lines are overridden by the last one anyway; drop them with it.
  return {
    title: `Replace ${last.name} with ip_hash`,
    apply: (f) => [...balancers.slice(0, -1).map((b) => f.removeNode(b)), f.replaceNode(last, 'ip_hash;')] as Edit[],
  };
}
