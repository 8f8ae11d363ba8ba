/**
 * A directive with a number of arguments nginx rejects (`invalid number of arguments in
 * "proxy_pass" directive`), checked against the documented syntax.
 *
 *     proxy_set_header Upgrade;                  # flagged: takes a field and a value
 *     proxy_set_header Upgrade $http_upgrade;    # fine
 */
import { acceptsCount, argCountAllowed, existsInVersion, formsIn, lookupDirective, type DirectiveSpec } from '../../../knowledge/nginx';
import { defineNginxRule } from '../../rule';

/** At most two syntax lines, each cut before its long tail of optional parameters. */
function shortSyntax(lines: readonly string[]): string {
  const short = [...new Set(lines)].slice(0, 2).map((line) => (line.length > 70 ? `${line.slice(0, line.lastIndexOf(' ', 70))} …` : line));
  return short.join(' | ') + (lines.length > 2 ? ' | …' : '');
}

/** Without a known context, any form will do. (No closure here: a closure over `count` in the handler costs an allocation per directive.) */
function anyFormAccepts(spec: DirectiveSpec, count: number): boolean {
  for (let i = 0; i < spec.forms.length; i++) if (acceptsCount(spec.forms[i]!.args, count)) return true;
  return false;
}

export default defineNginxRule({
  id: 'nginx/invalid-argument-count',
  meta: { failure: 'startup', description: 'Directives must have as many arguments as their syntax allows.', severity: 'error' },
  messages: {
    count: 'invalid number of arguments in "{{name}}" directive: nginx will refuse to start. Syntax: {{syntax}}',
  },
  create(context) {
    return {
      '*'(node) {
        const spec = lookupDirective(node.name);
        if (!spec) return;
        const count = node.directive.args.length;
        // The common case first: the count fits (this runs for every directive of the file).
        if (node.context ? argCountAllowed(spec, count, node.context) : anyFormAccepts(spec, count)) return;
        const forms = node.context ? formsIn(spec, node.context) : spec.forms;
        if (forms.length === 0) return;
        // On a target older than the directive, nginx -t already stops at `unknown directive`.
        if (!existsInVersion(node.name, context.settings.nginxVersion)) return;
        const span = count > 0 ? { start: node.directive.args[0]!.start, end: node.directive.args[count - 1]!.end } : node.directive.name;
        context.report({
          node,
          span,
          messageId: 'count',
          data: { name: node.name, syntax: shortSyntax(forms.flatMap((f) => f.syntax)) },
        });
      },
    };
  },
});
