/**
 * A directive whose value is one of a fixed set of keywords (on/off flags, `proxy_http_version
 * 1.0 | 1.1`, `satisfy all | any`, …) given anything else: nginx refuses to start (1.22.1,
 * verified: `invalid value "of" in "proxy_buffering" directive, it must be "on" or "off"`,
 * and `invalid value "2"` for `proxy_http_version 2`, a value nginx has from 1.29.4). nginx
 * compares these keywords case-insensitively (verified), and so does this rule.
 *
 * Only directives whose documented keyword list is complete are checked: every on/off flag,
 * plus the list below (each verified against 1.22.1, including the few undocumented keywords
 * some bitmask directives take). Arguments with variables are skipped; `proxy_http_version 2`
 * in a WebSocket location is left to nginx/ws-http-version.
 *
 *     proxy_buffering of;        # flagged: did you mean "off"?
 *     proxy_buffering off;       # fine
 */
import { formsIn, lookupDirective } from '../../../knowledge/nginx';
import { editDistance } from '../../../knowledge/did-you-mean';
import type { ConfigNode, NginxModel } from '../../../languages/nginx/model';
import { versionAtLeast } from '../../../languages/nginx/values';
import { classifyLocation } from '../../../languages/nginx/websocket';
import { defineNginxRule } from '../../rule';

/** Keyword directives whose documented list is complete (each checked against 1.22.1). */
const ENUMERATIONS: ReadonlySet<string> = new Set([
  'proxy_http_version', 'gzip_http_version', 'gzip_static', 'gzip_proxied', 'client_body_in_file_only', 'if_modified_since',
  'limit_conn_log_level', 'limit_req_log_level', 'lingering_close', 'satisfy', 'userid', 'autoindex_format',
  'ssl_verify_client', 'ssl_ocsp', 'grpc_next_upstream', 'memcached_next_upstream',
  ...['proxy', 'fastcgi', 'uwsgi', 'scgi'].flatMap((p) => [`${p}_cache_methods`, `${p}_next_upstream`, `${p}_cache_use_stale`]),
]);

/** Undocumented keywords nginx takes too: these next_upstream and cache_use_stale lists share one table. */
function alsoAccepted(name: string): string[] {
  if (/^(proxy|fastcgi|uwsgi|scgi)_next_upstream$/.test(name)) return ['updating'];
  return name.endsWith('_cache_use_stale') ? ['non_idempotent'] : [];
}

/** Keywords newer than their directive (`name value`): the release that added them, and what to use before. */
const VALUE_SINCE: ReadonlyMap<string, { readonly since: string; readonly instead: string }> = new Map([
  ['proxy_http_version 2', { since: '1.29.4', instead: '1.1' }],
]);

export default defineNginxRule({
  id: 'nginx/invalid-value',
  meta: { failure: 'startup', description: 'Keyword arguments (on/off and other fixed lists) must be values nginx knows.', severity: 'error', fixable: 'suggestion' },
  messages: {
    invalid: 'invalid value "{{value}}" in "{{name}}": nginx will refuse to start. It must be {{allowed}}.',
    invalidNear: 'invalid value "{{value}}" in "{{name}}": nginx will refuse to start. Did you mean "{{best}}"? It must be {{allowed}}.',
    tooNew: 'invalid value "{{value}}" in "{{name}}" on nginx {{version}}: this value exists from nginx {{since}}, so this nginx will refuse to start. Use "{{best}}" on this version.',
  },
  create(context) {
    const target = context.settings.nginxVersion;
    return {
      '*'(node) {
        const allowed = allowedValues(node);
        if (!allowed) return;
        for (const arg of allowed.multiple ? node.directive.args : node.directive.args.slice(0, 1)) {
          const value = arg.value;
          if (value.includes('$')) continue;
          const lower = value.toLowerCase();
          const newer = VALUE_SINCE.get(`${node.name} ${lower}`);
          const known = allowed.accepted.some((v) => v.toLowerCase() === lower);
          if (known && (!newer || versionAtLeast(target, newer.since) !== false)) continue;
          if (known && reportedAsWebSocket(node, context.model)) continue;
          // The keywords this target knows: documented ones minus those newer than it.
          const valid = allowed.values.filter((v) => versionAtLeast(target, VALUE_SINCE.get(`${node.name} ${v.toLowerCase()}`)?.since ?? '0') !== false);
          const best = known ? newer?.instead : nearest(value, valid);
          context.report({
            node,
            span: arg,
            messageId: known ? 'tooNew' : best ? 'invalidNear' : 'invalid',
            data: { value, name: node.name, allowed: quoteList(valid), version: target ?? '', since: newer?.since ?? '', best: best ?? '' },
            suggest: best ? [{ title: `Change to "${best}"`, apply: (f) => f.replace(node.file, arg, best) }] : [],
          });
        }
      },
    };
  },
});

interface Allowed {
  /** The documented keywords (what messages list). */
  readonly values: readonly string[];
  /** The documented keywords plus undocumented ones nginx takes. */
  readonly accepted: readonly string[];
  /** Whether every argument is a keyword (`a | b ...`), not just the first. */
  readonly multiple: boolean;
}

function allowedValues(node: ConfigNode): Allowed | undefined {
  const spec = lookupDirective(node.name);
  if (!spec || node.directive.args.length === 0) return undefined;
  const forms = node.context ? formsIn(spec, node.context) : spec.forms;
  if (forms.length === 0) return undefined;
  // One argument for a flag; more is invalid-argument-count's finding.
  if (forms.every((f) => f.args.kind === 'flag')) return node.directive.args.length === 1 ? { values: ['on', 'off'], accepted: ['on', 'off'], multiple: false } : undefined;
  if (!ENUMERATIONS.has(node.name) || !forms.every((f) => f.values && f.values.length > 0)) return undefined;
  const values = [...new Set(forms.flatMap((f) => f.values ?? []))];
  return { values, accepted: [...values, ...alsoAccepted(node.name)], multiple: forms.some((f) => f.syntax.some((s) => s.includes('...'))) };
}

/** The closest keyword within a small distance; on a tie the later one (`off` over `on`, `1.1` over `1.0`). */
function nearest(value: string, candidates: readonly string[]): string | undefined {
  const limit = value.length <= 3 ? 1 : 2;
  let best: { value: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(value.toLowerCase(), candidate.toLowerCase(), limit);
    if (distance <= limit && (!best || distance <= best.distance)) best = { value: candidate, distance };
  }
  return best?.value;
}

/** nginx/ws-http-version already reports `proxy_http_version 2` set in a WebSocket location. */
function reportedAsWebSocket(node: ConfigNode, model: NginxModel): boolean {
  return node.name === 'proxy_http_version' && node.parent?.name === 'location' && classifyLocation(node.parent, model)?.passKind === 'proxy';
}

function quoteList(values: readonly string[]): string {
  const quoted = values.map((v) => `"${v}"`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}
