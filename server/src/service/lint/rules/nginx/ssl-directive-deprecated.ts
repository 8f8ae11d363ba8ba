/**
 * N-29. `ssl on;` switched a whole server to TLS before `listen … ssl` existed. It is deprecated
 * since nginx 1.15.0 and gone since 1.25.1: nginx 1.22.1 starts but warns `the "ssl" directive
 * is deprecated, use the "listen ... ssl" directive instead` (verified, also for `ssl off`),
 * and newer releases stop with an unknown directive. So this is a warning while the target
 * version is unknown or older than 1.25.1, and an error from 1.25.1. The fix deletes the
 * directive and, for `ssl on`, adds `ssl` to the listen lines it applied to, which keeps what
 * nginx 1.22 did (`ssl off` is the default and is simply deleted).
 *
 *     server { listen 443; ssl on; … }     # flagged
 *     server { listen 443 ssl; … }         # fine
 */
import type { ConfigNode } from '../../../languages/nginx/model';
import { versionAtLeast } from '../../../languages/nginx/values';
import type { Edit } from '../../../types';
import type { FixDescriptor } from '../../rule';
import { defineNginxRule } from '../../rule';

const ACTIONS = {
  on: 'Remove it and add `ssl` to the `listen` lines instead.',
  off: 'Remove it; plain listeners are the default.',
  shared: 'Remove it and add `ssl` to the `listen` lines that must speak TLS; that turns on TLS for every server on those addresses, and this server shares one with another server.',
};

/** `443` → `*:443`, `0.0.0.0:443` → `*:443`, `localhost` → `localhost:80`. */
function addressOf(listen: ConfigNode): string {
  let addr = (listen.directive.args[0]?.value ?? '').toLowerCase();
  if (/^\d+$/.test(addr)) addr = `*:${addr}`;
  else if (!addr.startsWith('unix:') && !(addr.startsWith('[') ? /\]:\d+$/ : /:\d+$/).test(addr)) addr = `${addr}:80`;
  return addr.replace(/^0\.0\.0\.0:/, '*:');
}

function addressesOf(server: ConfigNode): string[] {
  const listens = server.children.filter((c) => c.name === 'listen' && c.directive.args.length > 0);
  return listens.length > 0 ? listens.map(addressOf) : ['*:80'];
}

export default defineNginxRule({
  id: 'nginx/ssl-directive-deprecated',
  meta: {
    failure: 'startup',
    description: 'The `ssl` directive is deprecated (removed in nginx 1.25.1); use `listen … ssl`.',
    severity: 'warning',
    fixable: 'fix',
  },
  messages: {
    deprecated:
      'The `ssl` directive is deprecated and was removed in nginx 1.25.1, where nginx refuses to start with it (older versions print a warning). {{action}}',
    removed: 'nginx {{version}} no longer knows the `ssl` directive (removed in 1.25.1) and refuses to start. {{action}}',
  },
  create(context) {
    const { model } = context;
    const servers: ConfigNode[] = [];
    const switches: ConfigNode[] = [];
    /** `ssl on` at http (or mail) level reaches every server that does not set `ssl` itself. */
    const serversOf = (node: ConfigNode): ConfigNode[] => {
      if (node.context === 'server' || node.context === 'mail-server') return node.parent ? [node.parent] : [];
      const siblings = node.parent?.children ?? model.top;
      return siblings.filter((s) => s.name === 'server' && !s.children.some((c) => c.name === 'ssl'));
    };
    const listensOf = (server: ConfigNode) => server.children.filter((c) => c.name === 'listen' && c.directive.args.length > 0);
    const fixFor = (node: ConfigNode, targets: readonly ConfigNode[]): FixDescriptor | undefined => {
      const listens = targets.flatMap(listensOf);
      // A listen line from an included file may belong to other servers as well.
      if (listens.some((l) => l.includedBy !== undefined)) return undefined;
      return {
        title: targets.length > 0 ? 'Remove `ssl on` and add `ssl` to the listen lines' : 'Remove `ssl off`',
        apply: (f) => {
          const edits: (Edit | undefined)[] = [f.removeNode(node)];
          for (const listen of listens) {
            const args = listen.directive.args.map((a) => a.value);
            if (args.includes('ssl') || args.includes('quic')) continue;
            const address = listen.directive.args[0]!;
            edits.push(f.replace(listen.file, { start: address.end, end: address.end }, ' ssl'));
          }
          // A server without listen is on port 80; with `ssl on` that port spoke TLS.
          for (const server of targets) if (listensOf(server).length === 0) edits.push(f.insertLinesAtBlockStart(server, ['listen 80 ssl;']));
          return edits.every((e) => e !== undefined) ? (edits as Edit[]) : undefined;
        },
      };
    };
    return {
      server(node) {
        servers.push(node);
      },
      ssl(node) {
        if (['http', 'server', 'mail', 'mail-server'].includes(node.context ?? '')) switches.push(node);
      },
      ':exit'() {
        const removed = versionAtLeast(context.settings.nginxVersion, '1.25.1') === true;
        for (const node of switches) {
          const value = node.directive.args[0]?.value.toLowerCase();
          if (value !== 'on' && value !== 'off') continue;
          const targets = value === 'on' ? serversOf(node) : [];
          // `ssl on` only took effect where its server was the default one; `listen … ssl` turns on
          // TLS for every server on the address, so moving it there is only safe on unshared addresses.
          const mine = new Set(targets.flatMap(addressesOf));
          const shared = servers.some((s) => s.context === targets[0]?.context && !targets.includes(s) && addressesOf(s).some((a) => mine.has(a)));
          context.report({
            node,
            messageId: removed ? 'removed' : 'deprecated',
            severity: removed ? 'error' : 'warning',
            data: { version: context.settings.nginxVersion ?? '', action: ACTIONS[value === 'off' ? 'off' : shared ? 'shared' : 'on'] },
            fix: shared ? undefined : fixFor(node, targets),
          });
        }
      },
    };
  },
});
