/**
 * A directive nginx does not know: `nginx -t` stops with `unknown directive "x"`. Usually a
 * typo, so the nearest known name is offered. Directives of common third-party modules (lua,
 * headers-more, njs, …) and names listed in `wsconf.nginx.extraDirectives` are accepted.
 *
 * A known directive is unknown to an older nginx too: when the target version is set and is
 * older than the release that added the directive (`since` in the notes, else the changelog
 * table scripts/data/nginx-since.json: http3 and quic_* 1.25.0, tunnel_* 1.31.0, …), nginx
 * 1.22.1 says `unknown directive "http2"` (verified). With no target version such directives
 * pass: a real directive is never reported only because the version is unknown.
 * `sticky` inside an upstream is left to nginx/sticky-directive-unsupported (one finding).
 *
 *     proxy_pas http://app;     # flagged: did you mean proxy_pass?
 *     http2 on;                 # flagged when nginxVersion is 1.22.1 (added in 1.25.1)
 *     proxy_pass http://app;    # fine
 */
import { allDirectiveNames, didYouMean, directiveSince, lookupDirective } from '../../../knowledge/nginx';
import { isKnownThirdParty } from '../../../knowledge/nginx/third-party';
import type { ConfigNode } from '../../../languages/nginx/model';
import { versionAtLeast } from '../../../languages/nginx/values';
import { defineNginxRule } from '../../rule';

function insideUnknownBlock(node: ConfigNode, known: (name: string) => boolean): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) if (!known(parent.name)) return true;
  return false;
}

const TOO_NEW_DEFAULT = 'Remove it or upgrade nginx; if the server runs a newer nginx, set wsconf.nginxVersion to that version.';
const TOO_NEW_ADVICE: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  http2: 'On this version HTTP/2 is turned on with the `http2` parameter of `listen` (`listen 443 ssl http2;`); remove this line.',
  add_header_inherit: 'On this version repeat the outer `add_header` lines in this block instead, and remove this line.',
});

export default defineNginxRule({
  id: 'nginx/unknown-directive',
  meta: { failure: 'startup', description: 'Directives must be known to nginx (or listed as third-party).', severity: 'error', fixable: 'suggestion' },
  messages: {
    unknown: 'unknown directive "{{name}}": nginx will refuse to start.{{hint}}',
    tooNew: 'unknown directive "{{name}}" on nginx {{version}}: it was added in nginx {{since}}, so this nginx will refuse to start. {{advice}}',
  },
  create(context) {
    const extra = new Set(context.settings.extraDirectives);
    const target = context.settings.nginxVersion;
    const known = (name: string) => lookupDirective(name) !== undefined || isKnownThirdParty(name) || extra.has(name);
    // The reports live outside the handler: a closure over `node` in the handler itself would
    // cost an allocation for every directive of the file.
    const reportTooNew = (node: ConfigNode, since: string) => {
      const name = node.name;
      context.report({
        node,
        span: node.directive.name,
        messageId: 'tooNew',
        data: { name, version: target ?? '', since, advice: TOO_NEW_ADVICE[name] ?? TOO_NEW_DEFAULT },
        suggest: [{ title: `Remove "${name}"`, apply: (f) => f.removeNode(node) }],
      });
    };
    const reportUnknown = (node: ConfigNode) => {
      const name = node.name;
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
    };
    return {
      '*'(node) {
        const name = node.name;
        if (name === '' || node.directive.name.quote) return;
        if (known(name)) {
          const since = directiveSince(name);
          if (!since || extra.has(name) || versionAtLeast(target, since) !== false) return;
          if (name === 'sticky' && node.context === 'upstream') return;
          if (insideUnknownBlock(node, known)) return;
          reportTooNew(node, since);
          return;
        }
        if (insideUnknownBlock(node, known)) return;
        reportUnknown(node);
      },
    };
  },
});
