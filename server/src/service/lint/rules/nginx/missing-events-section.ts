/**
 * The main configuration must have an `events { }` block, even an empty one: without it
 * nginx 1.22.1 stops with `no "events" section in configuration` (verified), before looking
 * at anything else. Easy to lose when a config is assembled from a server block found
 * online. Checked only for a main configuration (a file named nginx.conf, or one with
 * `http`/`stream`/`mail` blocks); an included file that could not be read may hold the
 * block, so then the rule stays silent.
 *
 *     pid /run/nginx.pid;  http { … }                   # flagged
 *     pid /run/nginx.pid;  events { }  http { … }       # fine
 */
import { walkNodes } from '../../../languages/nginx/model';
import { basename } from '../../../text/paths';
import { lineStart } from '../../fixer';
import { defineNginxRule } from '../../rule';

const BLOCKS = new Set(['http', 'stream', 'mail']);

export default defineNginxRule({
  id: 'nginx/missing-events-section',
  meta: {
    failure: 'startup',
    description: 'The main nginx configuration must contain an events block.',
    severity: 'error',
    fixable: 'fix',
  },
  messages: {
    missing: 'This configuration has no `events` block: nginx refuses to start (no "events" section in configuration). Add `events {}` at the top level; its defaults are fine.',
  },
  create(context) {
    const { model } = context;
    return {
      ':exit'() {
        if (model.topContext !== 'main') return;
        const mainNodes = model.top.filter((n) => n.file === model.main);
        const firstBlock = mainNodes.find((n) => BLOCKS.has(n.name));
        if (!firstBlock && basename(model.main.path) !== 'nginx.conf') return;
        // One `events` anywhere is enough: a misplaced one is directive-not-allowed-here's business.
        for (const node of walkNodes(model.top)) if (node.name === 'events') return;
        const main = model.main;
        const topIncludes = model.top.filter((n) => n.name === 'include');
        const unread = model.problems.some(
          (p) => (p.file === main.path && p.span.end === 0) || topIncludes.some((i) => p.file === i.file.path && p.span.start >= i.directive.start && p.span.end <= i.directive.end),
        );
        if (unread) return;
        const at = firstBlock ? insertionPoint(main.text, firstBlock.directive.start) : main.text.length;
        const text = firstBlock ? 'events {}\n\n' : `${at > 0 && !main.text.endsWith('\n') ? '\n' : ''}events {}\n`;
        context.report({
          ...(firstBlock ? { node: firstBlock, span: firstBlock.directive.name } : { file: main, span: { start: 0, end: 0 } }),
          messageId: 'missing',
          fix: { title: 'Add an empty events block', apply: (f) => f.replace(main, { start: at, end: at }, text) },
        });
      },
    };
  },
});

/**
 * The start of the line of `offset`, moved up over the comment lines right above it (they
 * describe the block), unless those comments open the file.
 */
function insertionPoint(text: string, offset: number): number {
  const own = lineStart(text, offset);
  let at = own;
  while (at > 0) {
    const previous = lineStart(text, at - 1);
    if (!text.slice(previous, at).trim().startsWith('#')) break;
    at = previous;
  }
  return at === 0 ? own : at;
}
