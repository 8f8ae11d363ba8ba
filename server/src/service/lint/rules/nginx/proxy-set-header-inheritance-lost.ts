/**
 * N-07. `proxy_set_header` is inherited only by levels that set none of their own: one line
 * in a location (or `include proxy_params` there) discards every header of the server and
 * http levels, and nginx's defaults (`Host $proxy_host`, `Connection close`) come back.
 * Verified on nginx 1.22.1 + Flask-SocketIO: server-level Host/X-Forwarded-* plus a location
 * that set only Upgrade/Connection sent `Host: <upstream name>`, and Socket.IO answered 400
 * "Not an accepted origin.". (`if` and `limit_except` blocks cannot hold proxy_set_header.)
 *
 *     server { proxy_set_header Host $host;
 *         location /socket.io/ { proxy_set_header Upgrade $http_upgrade; … }   # flagged: Host lost
 *         location /api/ { proxy_pass http://app; } }                             # fine: inherits
 */
import { walkNodes, type ConfigNode, type NginxModel } from '../../../languages/nginx/model';
import { directivesNamed, locationPath } from '../../../languages/nginx/semantics';
import { isSocketIoPath } from '../../../languages/nginx/websocket';
import { defineNginxRule } from '../../rule';

const HEADER = 'proxy_set_header';

/** The `include` in the block's own file that brought `node`, or `node` itself. */
function ownLine(node: ConfigNode): ConfigNode {
  return node.includedBy ? ownLine(node.includedBy) : node;
}
const headerName = (entry: ConfigNode) => (entry.directive.args[0]?.value ?? '').toLowerCase();
const ownNames = (block: ConfigNode) => new Set(directivesNamed(block.children, HEADER).map(headerName));

type Inherited = { readonly owner: ConfigNode | undefined; readonly children: readonly ConfigNode[]; readonly entries: readonly ConfigNode[] };

/** The headers `block` would inherit: those of the nearest outer level that sets any. */
function inherited(block: ConfigNode, model: NginxModel): Inherited | undefined {
  for (let level = block.parent; ; level = level.parent) {
    const children = level ? level.children : model.top;
    const entries = directivesNamed(children, HEADER);
    if (entries.length > 0) return { owner: level, children, entries };
    if (!level) return undefined;
  }
}

/**
 * Whether some proxy_pass in `block` still misses a lost header: it uses `block`'s list, or
 * the inner block whose list it uses does not set the header either.
 */
function mattersFor(block: ConfigNode, lost: ReadonlySet<string>): boolean {
  for (const pass of walkNodes(block.children)) {
    if (pass.name !== 'proxy_pass') continue;
    let level = pass.parent;
    while (level && level !== block && ownNames(level).size === 0) level = level.parent;
    if (!level || level === block) return true;
    const names = ownNames(level);
    if ([...lost].some((n) => !names.has(n))) return true;
  }
  return false;
}

/**
 * Lines that restore `lost`: the `include` itself when it brings only headers and all of them
 * are lost (`include proxy_params;`), else the header lines as written.
 */
function restoreLines(lost: readonly ConfigNode[], outer: Inherited): string[] {
  const lines: string[] = [];
  for (const entry of lost) {
    const line = ownLine(entry);
    if (line !== entry) {
      const fromInclude = outer.children.filter((c) => c !== line && ownLine(c) === line);
      if (fromInclude.every((c) => c.name === HEADER && lost.includes(c))) {
        const text = `include ${line.directive.args.map((a) => line.file.text.slice(a.start, a.end)).join(' ')};`;
        if (!lines.includes(text)) lines.push(text);
        continue;
      }
    }
    lines.push(`${HEADER} ${entry.directive.args.map((a) => entry.file.text.slice(a.start, a.end)).join(' ')};`);
  }
  return lines;
}

export default defineNginxRule({
  id: 'nginx/proxy-set-header-inheritance-lost',
  meta: { failure: 'runtime',
    description: 'A block that sets its own proxy_set_header drops every header set at outer levels.',
    severity: 'warning',
    fixable: 'fix',
  },
  messages: {
    lost: 'Because this {{block}} sets its own proxy_set_header, nginx ignores every proxy_set_header of the {{outer}}, so the backend no longer receives {{headers}}. Repeat the inherited lines here.',
    lostHost:
      'Because this Socket.IO location sets its own proxy_set_header, nginx ignores every proxy_set_header of the {{outer}} and drops {{headers}}: nginx then sends the proxy_pass host as Host, which no longer matches the browser\'s Origin, and Socket.IO answers 400 ("Not an accepted origin"). Repeat the inherited lines here.',
  },
  create(context) {
    const { model } = context;
    const check = (block: ConfigNode) => {
      const own = directivesNamed(block.children, HEADER);
      if (own.length === 0) return;
      const outer = inherited(block, model);
      if (!outer) return;
      const defined = ownNames(block);
      const lost = outer.entries.filter((e) => !defined.has(headerName(e)));
      if (lost.length === 0 || !mattersFor(block, new Set(lost.map(headerName)))) return;
      const names = [...new Map(lost.map((e) => [headerName(e), e.directive.args[0]?.value ?? ''])).values()];
      const path = block.name === 'location' ? (locationPath(block)?.path ?? '') : '';
      const hostLost = isSocketIoPath(path) && names.some((n) => n.toLowerCase() === 'host');
      const first = ownLine(own[0]!);
      const lines = restoreLines(lost, outer);
      context.report({
        node: first,
        messageId: hostLost ? 'lostHost' : 'lost',
        severity: hostLost ? 'error' : 'warning',
        data: {
          block: block.name === 'location' ? 'location' : `${block.name} block`,
          outer: outer.owner ? (outer.owner.name === 'location' ? 'enclosing location' : `${outer.owner.name} block`) : `${model.topContext ?? 'outer'} level`,
          headers: names.length === 1 ? `the ${names[0]} header` : `the headers ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`,
        },
        related: [{ node: ownLine(lost[0]!), message: 'inherited headers set here are dropped' }],
        fix: { title: `Repeat the inherited ${lines.length === 1 ? 'header' : 'headers'} in this ${block.name}`, apply: (f) => f.insertLinesBefore(first, lines) },
      });
    };
    return { location: check, server: (node) => (node.context === 'http' ? check(node) : undefined) };
  },
});
