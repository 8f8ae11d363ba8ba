/**
 * Two locations in one block with the same exact path, or the same prefix (a plain prefix and
 * `^~` count as the same): nginx refuses to start with `duplicate location "/x"`. Checked on
 * nginx 1.22.1; regex and named locations may repeat, and `= /a` beside `/a` is fine.
 *
 *     location /socket.io/ { … }  location /socket.io/ { … }     # flagged
 *     location = /socket.io/ { … }  location /socket.io/ { … }   # fine
 */
import type { ConfigNode } from '../../../languages/nginx/model';
import { locationPath } from '../../../languages/nginx/semantics';
import { defineNginxRule } from '../../rule';

/** The key nginx compares, or undefined for locations it lets repeat. */
function duplicateKey(location: ConfigNode): string | undefined {
  const path = locationPath(location);
  if (!path || path.path.startsWith('@')) return undefined;
  if (path.modifier === undefined || path.modifier === '^~') return `prefix ${path.path}`;
  if (path.modifier === '=') return `exact ${path.path}`;
  return undefined;
}

export default defineNginxRule({
  id: 'nginx/duplicate-location',
  meta: { failure: 'startup', description: 'A block must not define the same location twice.', severity: 'error' },
  messages: {
    duplicate: 'duplicate location "{{path}}": nginx will refuse to start. Merge the two blocks into one.',
  },
  create(context) {
    const check = (children: readonly ConfigNode[]) => {
      // Runs for every server and location: nothing is allocated until a second location shows up.
      let first: ConfigNode | undefined;
      let firstKey: string | undefined;
      let seen: Map<string, ConfigNode> | undefined;
      for (let i = 0; i < children.length; i++) {
        const child = children[i]!;
        if (child.name !== 'location') continue;
        const key = duplicateKey(child);
        if (!key) continue;
        if (!first) {
          first = child;
          firstKey = key;
          continue;
        }
        if (!seen) seen = new Map([[firstKey!, first]]);
        const previous = seen.get(key);
        if (!previous) {
          seen.set(key, child);
          continue;
        }
        const args = child.directive.args;
        context.report({
          node: child,
          span: { start: args[0]!.start, end: args[args.length - 1]!.end },
          messageId: 'duplicate',
          data: { path: locationPath(child)!.path },
          related: [{ node: previous, message: 'The first definition.' }],
        });
      }
    };
    return {
      server: (node) => check(node.children),
      location: (node) => check(node.children),
    };
  },
});
