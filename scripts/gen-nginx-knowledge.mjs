#!/usr/bin/env node
// Generates the typed nginx knowledge tables from @nginx/reference-lib (the official nginx
// documentation as data, Apache-2.0):
//   server/src/service/knowledge/nginx/directives.generated.ts
//   server/src/service/knowledge/nginx/variables.generated.ts
// The output is committed, so a normal build never runs this. Descriptions are deliberately
// left out (they would be ~700 KB); descriptions.ts reads them from the library on first hover.
//
// Usage: node scripts/gen-nginx-knowledge.mjs [--check]
//   --check: exit 1 if the committed files differ from what would be generated.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Format, getDirectives, getVariables } from '@nginx/reference-lib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'server/src/service/knowledge/nginx');
const require = createRequire(import.meta.url);
const libVersion = JSON.parse(
  readFileSync(join(dirname(require.resolve('@nginx/reference-lib')), '..', 'package.json'), 'utf8'),
).version;

// ---------------------------------------------------------------------------------------------
// Contexts

/** Every NginxContext; `include` (documented context "any") is valid in all of them. */
const ALL_CONTEXTS = [
  'main', 'events', 'http', 'server', 'location', 'if-in-server', 'if-in-location', 'limit_except',
  'upstream', 'stream', 'stream-server', 'stream-upstream', 'mail', 'mail-server',
  'acme_issuer', 'oidc_provider', 'mgmt',
];

/** The docs use the same words ("server", "upstream") in http, stream and mail; the module says which. */
function family(module) {
  if (module.startsWith('ngx_stream_')) return 'stream';
  if (module.startsWith('ngx_mail_')) return 'mail';
  // ngx_otel_module is an http module despite its name (its docs live at the top level).
  if (module.startsWith('ngx_http_') || module === 'ngx_otel_module') return 'http';
  return 'core';
}

/**
 * Maps one documented context string to our contexts. Every string the library uses must be
 * listed: an unknown one aborts generation instead of silently dropping a context.
 */
function mapContext(ctx, module) {
  const fam = family(module);
  switch (ctx) {
    case '':
    case 'any':
      return ALL_CONTEXTS; // `include` is documented with an empty context list entry
    case 'main':
    case 'events':
    case 'http':
    case 'stream':
    case 'mail':
    case 'location':
    case 'limit_except':
    case 'acme_issuer':
    case 'oidc_provider':
    case 'mgmt':
      return [ctx];
    case 'if in location':
      return ['if-in-location'];
    case 'if in server':
      return ['if-in-server'];
    case 'if':
      // ngx_http_rewrite_module writes plain "if" for directives that nginx registers with both
      // NGX_HTTP_SIF_CONF and NGX_HTTP_LIF_CONF (return, rewrite, set, break ...); verified
      // with `nginx -t` on Debian's 1.22.1 that `return` works in `if` in server and in location.
      return ['if-in-server', 'if-in-location'];
    case 'server':
      if (fam === 'stream') return ['stream-server'];
      if (fam === 'mail') return ['mail-server'];
      if (fam === 'http') return ['server'];
      // Core `error_log` is documented once for all three families.
      return ['server', 'stream-server', 'mail-server'];
    case 'upstream':
      if (fam === 'stream') return ['stream-upstream'];
      if (fam === 'http') return ['upstream'];
      return ['upstream', 'stream-upstream'];
    default:
      throw new Error(`unmapped nginx context ${JSON.stringify(ctx)} (module ${module})`);
  }
}

function mapContexts(list, module) {
  const set = new Set(list.flatMap((c) => mapContext(c, module)));
  return ALL_CONTEXTS.filter((c) => set.has(c)); // canonical order keeps the output stable
}

// ---------------------------------------------------------------------------------------------
// Argument counts from the Markdown syntax lines
//
// The lines look like "*`field`* *`value`* [`always`]": `x` is a literal, *`x`* a placeholder,
// [..] optional, | alternatives, ... repetition, `{...}` the block. Pieces written without
// spaces between them form one argument ("*`address`*[:*`port`*]", "`ipv4`=`on`|`off`").

function tokenize(md) {
  const toks = [];
  let i = 0;
  let emphasis = false;
  while (i < md.length) {
    const c = md[i];
    if (/\s/.test(c)) {
      while (i < md.length && /\s/.test(md[i])) i++;
      toks.push({ t: 'ws' });
    } else if (c === '`') {
      const j = md.indexOf('`', i + 1);
      const text = md.slice(i + 1, j < 0 ? md.length : j);
      i = j < 0 ? md.length : j + 1;
      toks.push(text === '{...}' ? { t: 'block' } : { t: 'atom', text, literal: !emphasis });
    } else if (c === '*') {
      emphasis = !emphasis;
      i++;
    } else if (c === '[' || c === ']' || c === '|') {
      toks.push({ t: c });
      i++;
    } else if (md.startsWith('...', i)) {
      toks.push({ t: '...' });
      i += 3;
    } else {
      // Bare text: "(" and ")" around the `if` condition, "=", ":" joining pieces, or a
      // placeholder the docs forgot to mark up (grpc_ssl_key_log "path").
      let j = i;
      while (j < md.length && !/[\s`*[\]|]/.test(md[j]) && !md.startsWith('...', j)) j++;
      toks.push({ t: 'atom', text: md.slice(i, j), literal: false });
      i = j;
    }
  }
  return toks;
}

/** Parses a sequence up to the matching `]` (or the end): words, `|` and `...` elements. */
function parseSeq(toks, pos, nested) {
  const elems = [];
  let word = null;
  const finish = () => {
    if (word) elems.push({ t: 'word', pieces: word });
    word = null;
  };
  while (pos < toks.length) {
    const tok = toks[pos];
    if (tok.t === ']') {
      pos++;
      if (nested) break;
      continue; // stray bracket: ignore
    }
    if (tok.t === 'ws') {
      finish();
      pos++;
    } else if (tok.t === '|') {
      const next = toks[pos + 1];
      if (word && next && next.t !== 'ws' && next.t !== ']') {
        word.push({ t: 'atom', text: '|', literal: true }); // `on`|`off` inside one argument
      } else {
        finish();
        elems.push({ t: '|' });
      }
      pos++;
    } else if (tok.t === '...') {
      finish();
      elems.push({ t: '...' });
      pos++;
    } else if (tok.t === 'block') {
      finish();
      pos++;
    } else if (tok.t === '[') {
      const inner = parseSeq(toks, pos + 1, true);
      (word ??= []).push({ t: 'group', elems: inner.elems });
      pos = inner.pos;
    } else {
      (word ??= []).push(tok);
      pos++;
    }
  }
  finish();
  return { elems, pos };
}

function wordRange(pieces) {
  if (pieces.every((p) => p.t === 'group')) {
    // A bracketed group standing alone is optional and may hold several arguments.
    if (pieces.length === 1) return { min: 0, max: seqRange(pieces[0].elems).max };
    return { min: 0, max: 1 };
  }
  return { min: 1, max: 1 };
}

/**
 * The docs are inconsistent about how `|` binds: "`rotate` `90` | `180`" means rotate (90|180),
 * while "`default` | `off` | *`redirect`* *`replacement`*" means default | off | (redirect
 * replacement). Both readings are evaluated and their union kept, so a count is rejected only
 * when neither reading allows it.
 */
function seqRange(elems) {
  // Loose: `|` separates whole alternatives.
  const alts = [[]];
  for (const e of elems) {
    if (e.t === '|') alts.push([]);
    else alts[alts.length - 1].push(e);
  }
  const sumOf = (items) => {
    let min = 0;
    let max = 0;
    for (const e of items) {
      if (e.t === '...') max = Infinity;
      else {
        const r = wordRange(e.pieces);
        min += r.min;
        max += r.max;
      }
    }
    return { min, max };
  };
  const altRanges = alts.map(sumOf);
  const loose = {
    min: Math.min(...altRanges.map((r) => r.min)),
    max: Math.max(...altRanges.map((r) => r.max)),
  };
  // Tight: `|` joins the two words next to it.
  const units = [];
  let joinNext = false;
  for (const e of elems) {
    if (e.t === '|') joinNext = units.length > 0;
    else if (e.t === '...') {
      const last = units[units.length - 1];
      if (last) last.max = Infinity;
    } else {
      const r = wordRange(e.pieces);
      const last = units[units.length - 1];
      if (joinNext && last) {
        last.min = Math.min(last.min, r.min);
        last.max = Math.max(last.max, r.max);
      } else units.push({ ...r });
      joinNext = false;
    }
  }
  const tight = units.reduce((a, u) => ({ min: a.min + u.min, max: a.max + u.max }), { min: 0, max: 0 });
  return { min: Math.min(loose.min, tight.min), max: Math.max(loose.max, tight.max) };
}

/**
 * Literal keywords of a line that is nothing but an enumeration ("`1.0` | `1.1` | `2`",
 * "`error` | `timeout` | ... `off` ..."); undefined when any alternative is a placeholder.
 */
function enumLiterals(md) {
  const { elems } = parseSeq(tokenize(md), 0, false);
  const values = [];
  for (const e of elems) {
    if (e.t === '|' || e.t === '...') continue;
    const [piece, ...rest] = e.pieces;
    if (rest.length > 0 || piece.t !== 'atom' || !piece.literal) return undefined;
    values.push(piece.text);
  }
  return values.length > 0 ? values : undefined;
}

/** Union of the enumerations among the lines ("`default`" + "`off`" for proxy_redirect). */
function valuesFromSyntax(lines) {
  const values = [...new Set(lines.flatMap((l) => enumLiterals(l) ?? []))];
  return values.length > 0 ? values : undefined;
}

const isFlagLine = (md) => md.replace(/\s+/g, '') === '`on`|`off`';

/** nginx allows at most 7 arguments for a fixed count (NGX_CONF_TAKE7); more means 1MORE/2MORE. */
const MAX_FIXED_ARGS = 7;

function argsFromSyntax(lines) {
  if (lines.length > 0 && lines.every(isFlagLine)) return { kind: 'flag' };
  let min = Infinity;
  let max = 0;
  for (const line of lines.length > 0 ? lines : ['']) {
    const r = isFlagLine(line) ? { min: 1, max: 1 } : seqRange(parseSeq(tokenize(line), 0, false).elems);
    min = Math.min(min, r.min);
    max = Math.max(max, r.max);
  }
  return max > MAX_FIXED_ARGS ? { kind: 'count', min } : { kind: 'count', min, max };
}

/**
 * Where the syntax lines mislead. `name` is exact or a RegExp; `module` narrows it. Each entry was
 * checked with `nginx -t` on Debian's nginx-light 1.22.1 where the module exists there; nginx's
 * own mask (NGX_CONF_TAKE*, 1MORE ...) is given as the reason.
 */
const ARG_EXCEPTIONS = [
  // "[parameters]" stands for any number of weight=, max_fails=, backup ... words (1MORE).
  { name: 'server', module: 'ngx_http_upstream_module', args: { kind: 'count', min: 1 } },
  { name: 'server', module: 'ngx_stream_upstream_module', args: { kind: 'count', min: 1 } },
  // "(condition)" is split by the tokenizer: `if ($a = b)` is three arguments (1MORE).
  { name: 'if', module: 'ngx_http_rewrite_module', args: { kind: 'count', min: 1 } },
  // Nested optionals add up to 6, but nginx takes any number (1MORE).
  { name: 'access_log', args: { kind: 'count', min: 1 } },
  { name: 'error_log', args: { kind: 'count', min: 1 } },
  // Every protocol is written as optional, yet at least one is required (1MORE).
  { name: /(^|_)protocols$/, args: { kind: 'count', min: 1 } },
  // "[parameters]" stands for any number of interval=, fails= ... words (NGX_CONF_ANY).
  { name: 'health_check', args: { kind: 'count', min: 0 } },
  // "'sub { ... }'" is one quoted argument, but its spaces look like several (TAKE1, TAKE2).
  { name: 'perl', module: 'ngx_http_perl_module', args: { kind: 'count', min: 1, max: 1 } },
  { name: 'perl_set', module: 'ngx_http_perl_module', args: { kind: 'count', min: 2, max: 2 } },
  // "users:permissions ..." is at most user, group and all (TAKE123).
  { name: /_access$/, module: /^ngx_http_(dav|fastcgi|proxy|scgi|uwsgi)_module$/, args: { kind: 'count', min: 1, max: 3 } },
  // "none | browser ...": at most two browsers exist (TAKE12).
  { name: 'keepalive_disable', args: { kind: 'count', min: 1, max: 2 } },
  // "off | cookie [flag ...]": at most three flags (TAKE1234).
  { name: /^(proxy|grpc|uwsgi|fastcgi|scgi)_cookie_flags$/, args: { kind: 'count', min: 1, max: 4 } },
  // "off | flag ..." (TAKE123).
  { name: 'userid_flags', args: { kind: 'count', min: 1, max: 3 } },
  // "off | none | [builtin[:size]] [shared:name:size]": one of them is required (TAKE12).
  { name: 'ssl_session_cache', args: { kind: 'count', min: 1, max: 2 } },
  // "off | [shared:name:size]": exactly one (TAKE1).
  { name: 'ssl_ocsp_cache', args: { kind: 'count', min: 1, max: 1 } },
  // Documented without arguments, but nginx still accepts the pre-1.7.5 `stub_status on;` (NOARGS|TAKE1).
  { name: 'stub_status', args: { kind: 'count', min: 0, max: 1 } },
];

function argException(name, module) {
  const hit = (pattern, value) => pattern === undefined || (typeof pattern === 'string' ? pattern === value : pattern.test(value));
  return ARG_EXCEPTIONS.find((e) => hit(e.name, name) && hit(e.module, module))?.args;
}

/** Contexts nginx 1.22.1 accepts beyond the documented ones (`nginx -t`), added so they are not reported. */
const CONTEXT_EXCEPTIONS = {
  'ngx_http_fastcgi_module:fastcgi_split_path_info': ['http', 'server'],
  'ngx_http_secure_link_module:secure_link_secret': ['http', 'server'],
};

// ---------------------------------------------------------------------------------------------
// Directives real builds have that the (current-docs) library lacks

/**
 * Accepted by Debian bookworm's nginx 1.22.1 (probed with `nginx -t`) but undocumented or
 * dropped from the current docs. Without them the linter would call valid configs broken.
 */
const EXTRA_DIRECTIVES = [
  { name: 'epoll_events', module: 'ngx_core_module', contexts: ['events'], args: { kind: 'count', min: 1, max: 1 }, syntax: ['number'] },
  { name: 'gzip_hash', module: 'ngx_http_gzip_module', contexts: ['http', 'server', 'location'], args: { kind: 'count', min: 1, max: 1 }, syntax: ['number'] },
  { name: 'gzip_no_buffer', module: 'ngx_http_gzip_module', contexts: ['http', 'server', 'location'], args: { kind: 'flag' }, syntax: ['on | off'] },
  { name: 'gzip_window', module: 'ngx_http_gzip_module', contexts: ['http', 'server', 'location'], args: { kind: 'count', min: 1, max: 1 }, syntax: ['size'] },
  { name: 'http2_pool_size', module: 'ngx_http_v2_module', contexts: ['http', 'server'], args: { kind: 'count', min: 1, max: 1 }, syntax: ['size'] },
  { name: 'http2_streams_index_size', module: 'ngx_http_v2_module', contexts: ['http', 'server'], args: { kind: 'count', min: 1, max: 1 }, syntax: ['number'] },
  { name: 'open_file_cache_events', module: 'ngx_http_core_module', contexts: ['http', 'server', 'location'], args: { kind: 'flag' }, syntax: ['on | off'] },
  { name: 'post_action', module: 'ngx_http_core_module', contexts: ['http', 'server', 'location', 'if-in-location'], args: { kind: 'count', min: 1, max: 1 }, syntax: ['uri | off'] },
  { name: 'postpone_gzipping', module: 'ngx_http_gzip_module', contexts: ['http', 'server', 'location'], args: { kind: 'count', min: 1, max: 1 }, syntax: ['size'] },
  { name: 'ssi_ignore_recycled_buffers', module: 'ngx_http_ssi_module', contexts: ['http', 'server', 'location'], args: { kind: 'flag' }, syntax: ['on | off'] },
  { name: 'uwsgi_string', module: 'ngx_http_uwsgi_module', contexts: ['http', 'server', 'location'], args: { kind: 'count', min: 1, max: 1 }, syntax: ['string'] },
];

// ---------------------------------------------------------------------------------------------
// Variables

/** Prefix families: "$http_NAME" in the library becomes the prefix `http_`. */
const FAMILY_SUFFIX = '_NAME';

/**
 * Variables of Debian's nginx 1.22.1 (probed with `nginx -t`) that the library documents only
 * as part of another entry or not at all.
 */
const EXTRA_VARIABLES = [
  // The docs describe $tcpinfo_rtt, $tcpinfo_rttvar, $tcpinfo_snd_cwnd and $tcpinfo_rcv_space in one
  // entry that the library names after the last of them.
  { name: 'tcpinfo_rtt', module: 'ngx_http_core_module', anchor: 'var_tcpinfo_' },
  { name: 'tcpinfo_rttvar', module: 'ngx_http_core_module', anchor: 'var_tcpinfo_' },
  { name: 'tcpinfo_snd_cwnd', module: 'ngx_http_core_module', anchor: 'var_tcpinfo_' },
  // Set by `modern_browser`/`ancient_browser`; the module page explains them in prose only.
  { name: 'modern_browser', module: 'ngx_http_browser_module', anchor: '' },
  { name: 'ancient_browser', module: 'ngx_http_browser_module', anchor: '' },
  { name: 'msie', module: 'ngx_http_browser_module', anchor: '' },
  // Undocumented helpers nginx registers for cache revalidation and its own proxy/grpc requests;
  // listed so that a config using them is not told they are undefined.
  { name: 'upstream_cache_etag', module: 'ngx_http_upstream_module', anchor: '' },
  { name: 'upstream_cache_last_modified', module: 'ngx_http_upstream_module', anchor: '' },
  { name: 'proxy_internal_body_length', module: 'ngx_http_proxy_module', anchor: '' },
  { name: 'proxy_internal_chunked', module: 'ngx_http_proxy_module', anchor: '' },
  { name: 'grpc_internal_trailers', module: 'ngx_http_grpc_module', anchor: '' },
  // ngx_http_geoip_module (Debian ships it as libnginx-mod-http-geoip): its variables are only
  // named inside the geoip_country/geoip_city/geoip_org descriptions.
  ...['geoip_country_code', 'geoip_country_code3', 'geoip_country_name'].map((name) => ({
    name, module: 'ngx_http_geoip_module', anchor: 'geoip_country',
  })),
  ...[
    'geoip_area_code', 'geoip_city_continent_code', 'geoip_city_country_code', 'geoip_city_country_code3',
    'geoip_city_country_name', 'geoip_dma_code', 'geoip_latitude', 'geoip_longitude', 'geoip_region',
    'geoip_region_name', 'geoip_city', 'geoip_postal_code',
  ].map((name) => ({ name, module: 'ngx_http_geoip_module', anchor: 'geoip_city' })),
  { name: 'geoip_org', module: 'ngx_http_geoip_module', anchor: 'geoip_org' },
];

// ---------------------------------------------------------------------------------------------
// Module names and documentation paths

const normModule = (m) => (m === 'Core functionality' ? 'ngx_core_module' : m);

/** nginx.org path (without .html) of each module page, read from the library's own ids. */
function modulePaths() {
  const src = readFileSync(require.resolve('@nginx/reference-lib'), 'utf8');
  const paths = new Map();
  for (const m of src.matchAll(/\bid: "\/en\/docs\/([^"]+)\.html",\s*name: "([^"]+)"/g)) {
    paths.set(normModule(m[2]), m[1]);
  }
  return paths;
}

function derivedPath(module) {
  const fam = family(module);
  return fam === 'core' || module === 'ngx_otel_module' ? module : `${fam}/${module}`;
}

// ---------------------------------------------------------------------------------------------
// Building the tables

/** Markdown syntax line to the plain form shown in hovers, without the directive name. */
function plainSyntax(md) {
  // `*` marks placeholders only outside code spans; inside one it is text (`~*`).
  return md
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') ? part.slice(1, -1).replace(/^\{\.\.\.\}$/, '{ ... }') : part.replace(/\*/g, '')))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

function buildDirectives(paths) {
  const byName = new Map();
  for (const d of getDirectives(Format.Markdown)) {
    const module = normModule(d.module);
    const key = `${module}:${d.name}`;
    const args = argException(d.name, module) ?? argsFromSyntax(d.syntax);
    const form = {
      module,
      contexts: mapContexts([...d.contexts, ...(CONTEXT_EXCEPTIONS[key] ?? [])], d.module),
      args,
      block: d.isBlock,
      syntax: d.syntax.map(plainSyntax),
      default: d.default ? d.default.trim() : undefined,
      // `on | off` needs no list: index.ts answers flags with on/off.
      values: args.kind === 'flag' ? undefined : valuesFromSyntax(d.syntax),
    };
    if (!paths.has(module)) throw new Error(`no docs path for ${module}`);
    if (paths.get(module) !== derivedPath(module)) {
      throw new Error(`docs path ${paths.get(module)} of ${module} differs from the derived one`);
    }
    if (!byName.has(d.name)) byName.set(d.name, []);
    byName.get(d.name).push(form);
  }
  for (const x of EXTRA_DIRECTIVES) {
    if (byName.has(x.name)) throw new Error(`${x.name} is in the library now; drop it from EXTRA_DIRECTIVES`);
    byName.set(x.name, [{ module: x.module, contexts: x.contexts, args: x.args, block: false, syntax: x.syntax }]);
  }
  for (const key of Object.keys(CONTEXT_EXCEPTIONS)) {
    const [module, name] = key.split(':');
    if (!byName.get(name)?.some((f) => f.module === module)) throw new Error(`stale CONTEXT_EXCEPTIONS entry ${key}`);
  }
  return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function buildVariables(paths) {
  const seen = new Set();
  const out = [];
  for (const v of getVariables(Format.Markdown)) {
    const module = normModule(v.module);
    let name = v.name.replace(/^\$/, '');
    const prefix = name.endsWith(FAMILY_SUFFIX);
    if (prefix) name = name.slice(0, -FAMILY_SUFFIX.length + 1); // keep the trailing `_`
    const key = `${module}:${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!paths.has(module)) throw new Error(`no docs path for ${module}`);
    out.push({ name, module, prefix, anchor: `var_${name}` });
  }
  for (const x of EXTRA_VARIABLES) {
    if (out.some((v) => v.name === x.name && v.module === x.module)) {
      throw new Error(`${x.name} is in the library now; drop it from EXTRA_VARIABLES`);
    }
    out.push({ ...x, prefix: false });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Emitting TypeScript

const q = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
const ident = (module) => module.replace(/^ngx_/, '').replace(/_module$/, '').toUpperCase();

function argsExpr(a) {
  if (a.kind === 'flag') return 'FLAG';
  return a.max === undefined ? `n(${a.min})` : `n(${a.min}, ${a.max})`;
}

function header() {
  return (
    `// generated by scripts/gen-nginx-knowledge.mjs from @nginx/reference-lib ${libVersion}; do not edit\n` +
    '// Source data: the official nginx documentation (nginx.org), Apache-2.0, via @nginx/reference-lib.\n'
  );
}

function emitDirectives(entries) {
  const modules = [...new Set(entries.flatMap(([, forms]) => forms.map((f) => f.module)))].sort();
  const ctxSets = new Map();
  for (const [, forms] of entries) {
    for (const f of forms) {
      const k = f.contexts.join(' ');
      if (!ctxSets.has(k)) ctxSets.set(k, `C${ctxSets.size}`);
    }
  }
  let s = header();
  s += `import type { ArgSpec, DirectiveForm, DirectiveSpec, NginxContext } from './types';\n\n`;
  s += '// Module names, shared by many rows.\n';
  for (const m of modules) s += `const ${ident(m)} = ${q(m)};\n`;
  s += '\n// Context sets, shared by many rows.\n';
  for (const [k, id] of ctxSets) {
    s += `const ${id}: readonly NginxContext[] = [${k ? k.split(' ').map(q).join(', ') : ''}];\n`;
  }
  s += `
const FLAG: ArgSpec = { kind: 'flag' };
function n(min: number, max?: number): ArgSpec {
  return max === undefined ? { kind: 'count', min } : { kind: 'count', min, max };
}

/** Pages under https://nginx.org/en/docs/: http/, stream/ and mail/ modules live in folders. */
function docsPath(module: string): string {
  const folder = /^ngx_(http|stream|mail)_/.exec(module)?.[1];
  return folder && module !== 'ngx_otel_module' ? \`\${folder}/\${module}\` : module;
}

/** [module, contexts, args, block, syntax after the name, default, enumerated values]. */
type Row = readonly [
  string,
  readonly NginxContext[],
  ArgSpec,
  0 | 1,
  readonly string[],
  (string | undefined)?,
  (readonly string[])?,
];

function d(name: string, ...rows: Row[]): DirectiveSpec {
  const forms = rows.map(([module, contexts, args, block, syntax, dflt, values]): DirectiveForm => {
    const form = {
      module,
      contexts,
      args,
      block: block === 1,
      // Written out as nginx.org shows it: "name args;" or "name args { ... }".
      syntax: syntax.map((t) => (t.endsWith('}') ? \`\${name} \${t}\` : t ? \`\${name} \${t};\` : \`\${name};\`)),
      url: \`https://nginx.org/en/docs/\${docsPath(module)}.html#\${name}\`,
    };
    return {
      ...form,
      ...(dflt === undefined ? {} : { default: dflt }),
      ...(values === undefined ? {} : { values }),
    };
  });
  return { name, forms };
}

export const DIRECTIVES: readonly DirectiveSpec[] = [
`;
  for (const [name, forms] of entries) {
    const rows = forms.map((f) => {
      const parts = [ident(f.module), ctxSets.get(f.contexts.join(' ')), argsExpr(f.args), f.block ? '1' : '0'];
      parts.push(`[${f.syntax.map(q).join(', ')}]`);
      if (f.default !== undefined || f.values) parts.push(f.default === undefined ? 'undefined' : q(f.default));
      if (f.values) parts.push(`[${f.values.map(q).join(', ')}]`);
      return `[${parts.join(', ')}]`;
    });
    s += `  d(${q(name)}, ${rows.join(', ')}),\n`;
  }
  s += '];\n';
  return s;
}

/**
 * The release that added each directive (scripts/data/nginx-since.json): a directive entry, or
 * else the module's, when every module defining the name has one (the earliest of them).
 */
function buildSince(entries) {
  const data = JSON.parse(readFileSync(join(root, 'scripts/data/nginx-since.json'), 'utf8'));
  const names = new Set(entries.map(([name]) => name));
  const modules = new Set(entries.flatMap(([, forms]) => forms.map((f) => f.module)));
  for (const name of Object.keys(data.directives)) if (!names.has(name)) throw new Error(`nginx-since.json: unknown directive ${name}`);
  for (const module of Object.keys(data.modules)) if (!modules.has(module)) throw new Error(`nginx-since.json: unknown module ${module}`);
  const byVersion = (a, b) => {
    const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
    for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  };
  const since = [];
  for (const [name, forms] of entries) {
    const fromModules = forms.map((f) => data.modules[f.module]);
    const version = data.directives[name] ?? (fromModules.every(Boolean) ? fromModules.sort(byVersion)[0] : undefined);
    if (version) since.push([name, version]);
  }
  return since;
}

function emitSince(since) {
  let s = '\n/** The nginx release that added a directive (scripts/data/nginx-since.json), for version-aware rules. */\n';
  s += 'export const DIRECTIVE_SINCE: ReadonlyMap<string, string> = new Map([\n';
  for (const [name, version] of since) s += `  [${q(name)}, ${q(version)}],\n`;
  return `${s}]);\n`;
}

function emitVariables(vars, paths) {
  const modules = [...new Set(vars.map((v) => v.module))].sort();
  let s = header();
  s += `import type { VariableSpec } from './types';\n\n`;
  for (const m of modules) s += `const ${ident(m)} = ${q(m)};\n`;
  s += `
const PATHS: Readonly<Record<string, string>> = {
${modules.map((m) => `  [${ident(m)}]: ${q(paths.get(m))},`).join('\n')}
};

/** \`prefix\`: a family such as $http_NAME, stored as its prefix \`http_\`. */
function v(name: string, module: string, prefix = false, anchor = \`var_\${name}\`): VariableSpec {
  const page = \`https://nginx.org/en/docs/\${PATHS[module] ?? module}.html\`;
  const url = anchor ? \`\${page}#\${anchor}\` : page;
  return prefix ? { name, module, url, prefix } : { name, module, url };
}

export const VARIABLES: readonly VariableSpec[] = [
`;
  for (const x of vars) {
    const args = [q(x.name), ident(x.module)];
    if (x.prefix || x.anchor !== `var_${x.name}`) args.push(x.prefix ? 'true' : 'false');
    if (x.anchor !== `var_${x.name}`) args.push(q(x.anchor));
    s += `  v(${args.join(', ')}),\n`;
  }
  s += '];\n';
  return s;
}

// ---------------------------------------------------------------------------------------------

const paths = modulePaths();
paths.set('ngx_core_module', paths.get('ngx_core_module') ?? 'ngx_core_module');
const files = {
  'directives.generated.ts': emitDirectives(buildDirectives(paths)) + emitSince(buildSince(buildDirectives(paths))),
  'variables.generated.ts': emitVariables(buildVariables(paths), paths),
};
if (process.argv.includes('--json')) {
  // Debugging aid: the directive table as JSON, e.g. to diff against `nginx -t` probes.
  console.log(JSON.stringify(Object.fromEntries(buildDirectives(paths)), null, 1));
  process.exit(0);
}
const check = process.argv.includes('--check');
let stale = false;
for (const [file, text] of Object.entries(files)) {
  const path = join(outDir, file);
  if (check) {
    let old = '';
    try {
      old = readFileSync(path, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (old !== text) {
      console.error(`${file} is out of date; run node scripts/gen-nginx-knowledge.mjs`);
      stale = true;
    }
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${file} (${Buffer.byteLength(text)} bytes)`);
  }
}
if (stale) process.exit(1);
