/**
 * N-18. `sticky` (cookie, route or learn based session affinity) was part of the commercial
 * NGINX Plus only; open-source nginx has it from 1.29.6. Older nginx stops at it, so an
 * upstream copied from a Plus tutorial keeps Debian's 1.22.1 from starting (verified:
 * `unknown directive "sticky"`). With a known older target this is an error and `ip_hash;`
 * replaces it (the Socket.IO docs' own answer to stickiness); with no target version it is
 * a warning, since the server may run a newer nginx or NGINX Plus.
 *
 *     upstream sio { sticky cookie srv_id; server 10.0.0.1:5000; server 10.0.0.2:5000; }   # flagged
 *     upstream sio { ip_hash; server 10.0.0.1:5000; server 10.0.0.2:5000; }                 # fine
 */
import type { ConfigNode } from '../../../languages/nginx/model';
import { versionAtLeast } from '../../../languages/nginx/values';
import type { FixDescriptor } from '../../rule';
import { defineNginxRule } from '../../rule';

const SINCE = '1.29.6';
const BALANCERS = new Set(['ip_hash', 'hash', 'least_conn', 'random', 'least_time']);

export default defineNginxRule({
  id: 'nginx/sticky-directive-unsupported',
  meta: {
    failure: 'startup',
    description: 'The `sticky` upstream directive needs nginx 1.29.6 or later (or NGINX Plus).',
    severity: 'error',
    fixable: 'fix',
  },
  messages: {
    unsupported:
      'nginx {{version}} has no `sticky` directive (open-source nginx has it from 1.29.6, before that only NGINX Plus), so it stops with unknown directive "sticky". {{advice}}',
    unknownTarget:
      '`sticky` needs nginx 1.29.6 or later, or NGINX Plus; older nginx refuses to start with unknown directive "sticky". {{advice}} If the server runs a new enough nginx, set wsconf.nginxVersion to its version.',
  },
  create(context) {
    const target = context.settings.nginxVersion;
    return {
      sticky(node) {
        if (node.context !== 'upstream') return;
        const supported = versionAtLeast(target, SINCE);
        if (supported === true) return;
        const replacement = ipHashReplacement(node);
        const siblings = node.parent?.children ?? [];
        const method = siblings.find((c) => BALANCERS.has(c.name));
        const advice = replacement
          ? 'Use `ip_hash;` instead to keep each client on one server.'
          : method
            ? `Remove it; if clients must stay on one server, use \`ip_hash;\` in place of \`${method.name}\`.`
            : 'Remove it. To keep clients on one server, drop `backup` from the server line and add `ip_hash;` (ip_hash and hash do not allow backup servers).';
        context.report({
          node,
          span: node.directive.name,
          messageId: supported === false ? 'unsupported' : 'unknownTarget',
          severity: supported === false ? 'error' : 'warning',
          data: { version: target ?? '', advice },
          // Only certain to be right when the target is known to lack `sticky`.
          ...(replacement && supported === false ? { fix: replacement } : {}),
          ...(replacement && supported === undefined ? { suggest: [replacement] } : {}),
        });
      },
    };
  },
});

/**
 * `ip_hash;` in place of `sticky`, unless the upstream already has a balancing method or
 * several `sticky` lines (ip_hash would be "redefined"), or a `backup` server (ip_hash
 * rejects it: `balancing method does not support parameter "backup"`).
 */
function ipHashReplacement(node: ConfigNode): FixDescriptor | undefined {
  const siblings = node.parent?.children ?? [];
  if (siblings.some((c) => BALANCERS.has(c.name)) || siblings.filter((c) => c.name === 'sticky').length > 1) return undefined;
  const backup = siblings.some((c) => c.name === 'server' && c.directive.args.some((a) => a.value === 'backup'));
  if (backup) return undefined;
  return { title: 'Replace sticky with ip_hash', apply: (f) => f.replaceNode(node, 'ip_hash;') };
}
