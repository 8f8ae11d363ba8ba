/**
 * A directive nginx does not know: `nginx -t` stops with `unknown directive "x"`. Usually a
 * typo, so the nearest known name is offered. Directives of common third-party modules (lua,
 * headers-more, njs, …) and names listed in `wsconf.nginx.extraDirectives` are accepted.
 *
 *     proxy_pas http://app;     # flagged: did you mean proxy_pass?
 *     proxy_pass http://app;    # fine
 */
import { allDirectiveNames, didYouMean, lookupDirective } from '../../../knowledge/nginx';
import { isKnownThirdParty } from '../../../knowledge/nginx/third-party';
import type { ConfigNode } from '../../../languages/nginx/model';
import { defineNginxRule } from '../../rule';

function insideUnknownBlock(node: ConfigNode, known: (name: string) => boolean): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) if (!known(parent.name)) return true;
  return false;
}

export default defineNginxRule({
  id: 'nginx/unknown-directive',
  meta: { failure: 'startup', description: 'Directives must be known to nginx (or listed as third-party).', severity: 'error', fixable: 'suggestion' },
  messages: {
    unknown: 'unknown directive "{{name}}": nginx will refuse to start.{{hint}}',
  },
  create(context) {
    const extra = new Set(context.settings.extraDirectives);
    const known = (name: string) => lookupDirective(name) !== undefined || isKnownThirdParty(name) || extra.has(name);
    return {
      '*'(node) {
        const name = node.name;
        if (name === '' || node.directive.name.quote || known(name)) return;
        if (insideUnknownBlock(node, known)) return;
        const candidates = didYouMean(name, allDirectiveNames());
        const best = candidates[0];
        context.report({
          node,
          span: node.directive.name,
          messageId: 'unknown',
          data: {
            name,
            hint: best ? ` Did you mean "${best}"?` : ' If it comes from a third-party module, add it to the setting wsconf.nginx.extraDirectives.',
          },
          suggest: candidates.slice(0, 3).map((candidate) => ({
            title: `Change to "${candidate}"`,
            apply: (f) => f.replace(node.file, node.directive.name, candidate),
          })),
        });
      },
    };
  },
});
