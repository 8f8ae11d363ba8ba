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
import { formsIn, lookupDirective, type DirectiveSpec, type NginxContext } from '../../../knowledge/nginx';
import { editDistance } from '../../../knowledge/did-you-mean';
import type { Arg } from '../../../languages/nginx/ast';
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
/** The directives of VALUE_SINCE, so that other directives skip building its key. */
const VALUE_SINCE_NAMES: ReadonlySet<string> = new Set([...VALUE_SINCE.keys()].map((key) => key.slice(0, key.indexOf(' '))));

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
    // Outside the handler: closures over `node` there would cost an allocation per directive.
    const report = (node: ConfigNode, arg: Arg, allowed: Allowed, known: boolean, newer: { readonly since: string; readonly instead: string } | undefined) => {
      const value = arg.value;
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
    };
    return {
      '*'(node) {
        const allowed = allowedValues(node);
        if (!allowed) return;
        const args = node.directive.args;
        const count = allowed.multiple ? args.length : Math.min(args.length, 1);
        for (let i = 0; i < count; i++) {
          const arg = args[i]!;
          const value = arg.value;
          if (value.includes('$')) continue;
          const lower = value.toLowerCase();
          const newer = VALUE_SINCE_NAMES.has(node.name) ? VALUE_SINCE.get(`${node.name} ${lower}`) : undefined;
          const known = allowed.acceptedLower.has(lower);
          if (known && (!newer || versionAtLeast(target, newer.since) !== false)) continue;
          if (known && reportedAsWebSocket(node, context.model)) continue;
          report(node, arg, allowed, known, newer);
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
  /** `accepted`, lower-cased (nginx compares keywords case-insensitively). */
  readonly acceptedLower: ReadonlySet<string>;
  /** Whether every argument is a keyword (`a | b ...`), not just the first. */
  readonly multiple: boolean;
}

const FLAG: Allowed = { values: ['on', 'off'], accepted: ['on', 'off'], acceptedLower: new Set(['on', 'off']), multiple: false };

/**
 * The answer depends only on the directive and its context, so it is computed once per pair
 * (the knowledge base is fixed; user-typed names that nginx does not know are never stored).
 */
const allowedCache = new Map<DirectiveSpec, Map<NginxContext | undefined, Allowed | null>>();

function allowedValues(node: ConfigNode): Allowed | undefined {
  const count = node.directive.args.length;
  if (count === 0) return undefined;
  const spec = lookupDirective(node.name);
  if (!spec) return undefined;
  let byContext = allowedCache.get(spec);
  if (!byContext) allowedCache.set(spec, (byContext = new Map()));
  let allowed = byContext.get(node.context);
  if (allowed === undefined) byContext.set(node.context, (allowed = computeAllowed(spec, node.context) ?? null));
  // One argument for a flag; more is invalid-argument-count's finding.
  if (allowed === FLAG && count !== 1) return undefined;
  return allowed ?? undefined;
}

function computeAllowed(spec: DirectiveSpec, context: NginxContext | undefined): Allowed | undefined {
  const forms = context ? formsIn(spec, context) : spec.forms;
  if (forms.length === 0) return undefined;
  if (forms.every((f) => f.args.kind === 'flag')) return FLAG;
  if (!ENUMERATIONS.has(spec.name) || !forms.every((f) => f.values && f.values.length > 0)) return undefined;
  const values = [...new Set(forms.flatMap((f) => f.values ?? []))];
  const accepted = [...values, ...alsoAccepted(spec.name)];
  return { values, accepted, acceptedLower: new Set(accepted.map((v) => v.toLowerCase())), multiple: forms.some((f) => f.syntax.some((s) => s.includes('...'))) };
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
