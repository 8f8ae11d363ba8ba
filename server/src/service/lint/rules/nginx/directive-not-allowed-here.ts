/**
 * A known directive in a context where nginx rejects it (`"map" directive is not allowed
 * here`). Silent when the context cannot be known (a fragment opened on its own).
 *
 *     server { map $a $b { } }              # flagged: map belongs in http
 *     server { location / { proxy_pass http://app; } }   # fine
 */
import { isAllowedIn, lookupDirective, existsInVersion } from '../../../knowledge/nginx';
import type { NginxContext } from '../../../knowledge/nginx/types';
import { defineNginxRule } from '../../rule';

const CONTEXT_NAMES: Readonly<Record<NginxContext, string>> = {
  main: 'the main (top) level',
  events: 'events',
  http: 'http',
  server: 'server',
  location: 'location',
  'if-in-server': 'if in server',
  'if-in-location': 'if in location',
  limit_except: 'limit_except',
  upstream: 'upstream',
  stream: 'stream',
  'stream-server': 'stream server',
  'stream-upstream': 'stream upstream',
  mail: 'mail',
  'mail-server': 'mail server',
  acme_issuer: 'acme_issuer',
  oidc_provider: 'oidc_provider',
  mgmt: 'mgmt',
};

export default defineNginxRule({
  id: 'nginx/directive-not-allowed-here',
  meta: { failure: 'startup', description: 'Directives must appear in a context that allows them.', severity: 'error' },
  messages: {
    notAllowed: '"{{name}}" directive is not allowed here ({{here}}): nginx will refuse to start. It belongs in {{allowed}}.',
  },
  create(context) {
    return {
      '*'(node) {
        const here = node.context;
        if (!here) return;
        const spec = lookupDirective(node.name);
        if (!spec || isAllowedIn(spec, here)) return;
        // On a target older than the directive, nginx -t already stops at `unknown directive`.
        if (!existsInVersion(node.name, context.settings.nginxVersion)) return;
        const allowed = [...new Set(spec.forms.flatMap((f) => f.contexts))].map((c) => CONTEXT_NAMES[c]);
        context.report({
          node,
          span: node.directive.name,
          messageId: 'notAllowed',
          data: { name: node.name, here: CONTEXT_NAMES[here], allowed: allowed.join(', ') || 'no context nginx knows' },
        });
      },
    };
  },
});
