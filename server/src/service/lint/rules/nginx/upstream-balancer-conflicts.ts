/**
 * N-19. An upstream has one load-balancing method, and each method directive replaces the
 * previous one wholesale (nginx 1.22.1 warns `load balancing method redefined`, verified):
 *
 * (a) a second method (`ip_hash; hash $x;`) silently discards the first;
 * (b) before nginx 1.29.7 `keepalive` wraps whatever method is set when it is read, so a
 *     method that comes after it replaces the wrapper and the upstream connection cache is
 *     lost (same warning); the method has to come first;
 * (c) ip_hash, hash and random do not support `backup` servers. With the method before the
 *     server line nginx refuses to start (`balancing method does not support parameter
 *     "backup"`, verified); with the method after it nginx accepts the config silently but
 *     the backup server is never used.
 *
 *     upstream app { keepalive 16; ip_hash; server a:5000; server b:5000 backup; }   # flagged
 *     upstream app { ip_hash; keepalive 16; server a:5000; server b:5000; }          # fine
 */
import type { Arg } from '../../../languages/nginx/ast';
import type { ConfigNode } from '../../../languages/nginx/model';
import { versionAtLeast } from '../../../languages/nginx/values';
import type { FixDescriptor } from '../../rule';
import { defineNginxRule } from '../../rule';

const BALANCERS = new Set(['ip_hash', 'hash', 'least_conn', 'random', 'least_time']);
/** Methods whose server list has no NGX_HTTP_UPSTREAM_BACKUP flag. */
const NO_BACKUP = new Set(['ip_hash', 'hash', 'random']);

export default defineNginxRule({
  id: 'nginx/upstream-balancer-conflicts',
  meta: {
    failure: 'startup',
    description: 'An upstream must have one balancing method, set before keepalive, and compatible with its servers.',
    severity: 'warning',
    fixable: 'fix',
  },
  messages: {
    redefined:
      'load balancing method redefined: `{{method}}` replaces the `{{previous}}` above it, which then has no effect. Keep only the balancing directive you want.',
    afterKeepalive:
      '`{{method}}` comes after `keepalive`: before nginx 1.29.7 this replaces the keepalive setup ("load balancing method redefined"), so connections to the servers are not reused. Move `{{method}}` to the top of the upstream.',
    backupRejected:
      '`{{method}}` does not support `backup` servers: nginx refuses to start (balancing method does not support parameter "backup"). Remove `backup`, or use round-robin or least_conn.',
    backupIgnored:
      '`{{method}}` (below) does not support `backup` servers: nginx accepts this order without a word, but never sends anything to this server. Remove `backup`, or use round-robin or least_conn.',
  },
  create(context) {
    const keepaliveMatters = versionAtLeast(context.settings.nginxVersion, '1.29.7') !== true;
    return {
      upstream(upstream) {
        if (!upstream.directive.block || (upstream.context !== 'http' && upstream.context !== 'stream' && upstream.context !== undefined)) return;
        const children = upstream.children;
        const balancers = children.filter((c) => BALANCERS.has(c.name));
        balancers.forEach((current, i) => {
          const previous = balancers[i - 1];
          if (!previous) return;
          const related = [{ node: previous, message: `the earlier ${previous.name}` }];
          context.report({ node: current, span: current.directive.name, messageId: 'redefined', data: { method: current.name, previous: previous.name }, related });
        });

        const first = balancers[0];
        const keepalive = children.find((c) => c.name === 'keepalive');
        if (keepaliveMatters && first && keepalive && children.indexOf(keepalive) < children.indexOf(first)) {
          context.report({
            node: first,
            span: first.directive.name,
            messageId: 'afterKeepalive',
            data: { method: first.name },
            related: [{ node: keepalive, message: 'keepalive is set here' }],
            fix: moveToTop(upstream, first),
          });
        }

        // Replay the block as nginx reads it: a server line is checked against the method set so far.
        let method: ConfigNode | undefined;
        const backups: { server: ConfigNode; arg: Arg; rejectedBy: ConfigNode | undefined }[] = [];
        for (const child of children) {
          if (BALANCERS.has(child.name)) method = child;
          const arg = child.name === 'server' ? child.directive.args.find((a) => a.value === 'backup') : undefined;
          if (arg) backups.push({ server: child, arg, rejectedBy: method && NO_BACKUP.has(method.name) ? method : undefined });
        }
        const final = method && NO_BACKUP.has(method.name) ? method : undefined;
        for (const { server, arg, rejectedBy } of backups) {
          const by = rejectedBy ?? final;
          if (!by) continue;
          context.report({
            node: server,
            span: arg,
            messageId: rejectedBy ? 'backupRejected' : 'backupIgnored',
            severity: rejectedBy ? 'error' : 'warning',
            data: { method: by.name },
            related: [{ node: by, message: `${by.name} is set here` }],
          });
        }
      },
    };
  },
});

/**
 * Moves a balancing line to the start of its upstream block (only within one file). Not when
 * that would put ip_hash/hash/random above a `backup` server, which nginx then rejects.
 */
function moveToTop(upstream: ConfigNode, balancer: ConfigNode): FixDescriptor | undefined {
  if (balancer.includedBy || balancer.file !== upstream.file) return undefined;
  const hasBackup = upstream.children.some((c) => c.name === 'server' && c.directive.args.some((a) => a.value === 'backup'));
  if (hasBackup && NO_BACKUP.has(balancer.name)) return undefined;
  const source = balancer.file.text;
  const text = source.slice(balancer.directive.start, balancer.directive.end);
  return {
    title: `Move ${balancer.name} to the top of the upstream`,
    apply: (f) => {
      // On a line shared with other directives, take the spaces after it along.
      let end = balancer.directive.end;
      while (source[end] === ' ' || source[end] === '\t') end++;
      const shared = end < source.length && !'\r\n#'.includes(source[end]!);
      const remove = shared ? f.replace(balancer.file, { start: balancer.directive.start, end }, '') : f.removeNode(balancer);
      const insert = f.insertLinesAtBlockStart(upstream, [text]);
      return remove && insert ? [insert, remove] : undefined;
    },
  };
}
