/**
 * N-05. `$connection_upgrade` is not an nginx variable: the WebSocket recipe defines it with a
 * `map $http_upgrade $connection_upgrade { … }` in http, and copying the location without
 * the map makes `nginx -t` fail with `unknown "connection_upgrade" variable` (verified on
 * 1.22.1). The same holds for any `$name` that is neither built in nor defined by map, geo,
 * set, split_clients, a named capture, … Regexes, lua code and third-party directives are
 * not checked; with directives of unrecognised modules only `$connection_upgrade` is. In a
 * fragment the map may live in a file outside the workspace, so it is a warning there.
 *
 *     proxy_set_header Connection $connection_upgrade;        # flagged without the map
 *     map $http_upgrade $connection_upgrade { default upgrade; '' close; }   # makes it fine
 */
import { isStockFile } from '../../../knowledge/nginx/stock-files';
import type { ConfigNode, NginxModel } from '../../../languages/nginx/model';
import { variableScope, variableUses, type VariableScope, type VariableUse } from '../../../languages/nginx/variables';
import { indentationAt, lineStart } from '../../fixer';
import { defineNginxRule, type FixDescriptor } from '../../rule';

const MAP_LINES = ['map $http_upgrade $connection_upgrade {', '    default upgrade;', "    ''      close;", '}'];

/** The map goes before the first server/include of the http block, or atop an http fragment. */
function mapFix(node: ConfigNode, model: NginxModel): FixDescriptor | undefined {
  let http: ConfigNode | undefined;
  for (let current = node.parent; current; current = current.parent) {
    if (current.name === 'stream' || current.name === 'mail') return undefined;
    if (current.name === 'http') http = current;
  }
  if (!http && model.topContext !== 'http') return undefined;
  const level = http ? http.children : model.top;
  const own = level.filter((c) => c.includedBy === undefined && c.file === (http?.file ?? model.main));
  // `include mime.types` stays first; the map goes before the sites (`conf.d/*.conf`, `sites-enabled/*`).
  const isSite = (c: ConfigNode) => c.name === 'server' || (c.name === 'include' && !isStockFile((c.directive.args[0]?.value ?? '').replace(/^\/etc\/nginx\//, '')));
  const target = http ? own.find(isSite) : own[0];
  const title = 'Define $connection_upgrade with a map in the http block';
  if (!target) return http && { title, apply: (f) => f.insertLinesAtBlockStart(http!, MAP_LINES) };
  return {
    title,
    apply(f) {
      const text = target.file.text;
      const at = lineStart(text, target.directive.start);
      if (text.slice(at, target.directive.start).trim() !== '') return f.insertLinesBefore(target, MAP_LINES);
      const indent = indentationAt(text, target.directive.start);
      return f.replace(target.file, { start: at, end: at }, MAP_LINES.map((l) => `${indent}${l}\n`).join('') + '\n');
    },
  };
}

export default defineNginxRule({
  id: 'nginx/connection-upgrade-variable-undefined',
  meta: { failure: 'startup',
    description: 'Every $variable must be built into nginx or defined by map, geo, set or a regex capture.',
    severity: 'error',
    fixable: 'fix',
  },
  messages: {
    upgrade:
      '`$connection_upgrade` is not built into nginx and nothing defines it, so `nginx -t` fails with `unknown "connection_upgrade" variable`. Add `map $http_upgrade $connection_upgrade { default upgrade; \'\' close; }` to the http block.',
    upgradeFragment:
      '`$connection_upgrade` is defined nowhere in this workspace; unless the server\'s nginx.conf (or a file it includes) has `map $http_upgrade $connection_upgrade { … }` in http, `nginx -t` fails with `unknown "connection_upgrade" variable`. Make sure that map exists there.',
    unknown:
      '`${{name}}` is neither built into nginx nor defined by map, geo, set or a regex capture, so `nginx -t` fails with `unknown "{{lower}}" variable`. Define it or use a built-in variable.',
    unknownTypo:
      '`${{name}}` is neither built into nginx nor defined anywhere, so `nginx -t` fails with `unknown "{{lower}}" variable`. Did you mean `${{suggestion}}`?',
    unknownFragment:
      '`${{name}}` is neither built into nginx nor defined in this workspace; unless a file outside it defines the variable, `nginx -t` fails with `unknown "{{lower}}" variable`.',
  },
  create(context) {
    const { model } = context;
    let scope: VariableScope | undefined;
    const fragment = model.topContext !== 'main';
    // The reports live outside the handler: a closure over `node` in the handler itself would
    // cost an allocation for every directive of the file.
    const reportUpgrade = (node: ConfigNode, use: VariableUse) => {
      const whole = use.arg.start === use.span.start && use.arg.end === use.span.end;
      context.report({
        node,
        span: use.span,
        messageId: fragment ? 'upgradeFragment' : 'upgrade',
        severity: fragment ? 'warning' : 'error',
        fix: mapFix(node, model),
        suggest: [{ title: 'Send the literal "upgrade" instead', apply: (f) => f.replace(node.file, use.span, whole ? '"upgrade"' : 'upgrade') }],
      });
    };
    const reportUnknown = (node: ConfigNode, use: VariableUse, lower: string, suggestion: string | undefined) => {
      const braced = node.file.text[use.span.start + 1] === '{';
      context.report({
        node,
        span: use.span,
        messageId: fragment ? 'unknownFragment' : suggestion ? 'unknownTypo' : 'unknown',
        severity: fragment ? 'warning' : 'error',
        data: { name: use.name, lower, suggestion: suggestion ?? '' },
        suggest: suggestion ? [{ title: `Use $${suggestion}`, apply: (f) => f.replace(node.file, use.span, braced ? `\${${suggestion}}` : `$${suggestion}`) }] : [],
      });
    };
    return {
      '*'(node) {
        const uses = variableUses(node);
        if (uses.length === 0) return;
        scope ??= variableScope(model);
        // `*.conf.template` files go through envsubst first (the nginx Docker image): ${BACKEND_HOST} is no nginx variable.
        const template = node.file.path.endsWith('.template');
        for (let i = 0; i < uses.length; i++) {
          const use = uses[i]!;
          if (scope.knows(use.name) || (template && /^[A-Z][A-Z0-9_]*$/.test(use.name))) continue;
          const lower = use.name.toLowerCase();
          if (lower === 'connection_upgrade') {
            reportUpgrade(node, use);
            continue;
          }
          // An unrecognised module may define variables this analysis cannot see.
          if (scope.unknownModules.length > 0) continue;
          reportUnknown(node, use, lower, scope.suggest(use.name)[0]);
        }
      },
    };
  },
});
