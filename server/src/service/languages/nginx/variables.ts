/**
 * Where a configuration uses `$variables` and what defines them, following nginx's script
 * compiler: `$name` or `${name}` with name characters [A-Za-z0-9_], `$1`..`$9` are regex
 * captures (one digit only), names compare case-insensitively. Arguments that nginx never
 * expands (regexes, lua/perl code, literal-only directives) hold no uses, and directives of
 * third-party modules are neither checked nor trusted to define nothing.
 */
import { didYouMean, isBuiltinVariable, lookupDirective, lookupVariable, suggestDirectives, thirdPartyModule, VARIABLES } from '../../knowledge/nginx';
import type { Span } from '../../types';
import type { Arg } from './ast';
import type { ConfigNode, NginxModel } from './model';

export interface VariableUse {
  /** The name as written, without `$` or braces. */
  readonly name: string;
  /** The reference in the file, `$` (and braces) included. */
  readonly span: Span;
  readonly arg: Arg;
}

/** Directives whose arguments nginx takes literally (or as a regex): `$` there is no variable. */
const NEVER_EXPANDED = new Set([
  'location', 'server_name', 'include', 'load_module', 'env', 'listen', 'error_log', 'pid', 'user', 'allow', 'deny', 'resolver',
  'ssl_ciphers', 'ssl_password_file', 'gzip_disable', 'fastcgi_split_path_info', 'perl', 'perl_modules', 'perl_require',
]);
const NAMED_CAPTURE = /\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g;
const CODE_DIRECTIVE = /_by_lua(_file)?$/;
const REGEX_OPERATORS = new Set(['~', '~*', '!~', '!~*']);
/** Official definers the model does not record (it has map, geo, set, split_clients, js_set, …). */
const MORE_DEFINERS = new Map<string, number>([['js_var', 0], ['keyval', 1], ['auth_jwt_header_set', 0]]);
/** Words of third-party module names too generic to tell their variables apart. */
const GENERIC_WORDS = new Set(['nginx', 'ngx', 'http', 'module', 'mod', 'stream', 'filter', 'auth', 'upstream', 'set', 'misc', 'headers', 'more']);

/** Whether `c` (a UTF-16 code unit) is one of nginx's variable name characters [A-Za-z0-9_]. */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** `$name` / `${name}` references in the source text of `arg`, with file offsets. */
export function variableRefs(fileText: string, arg: Arg, uses: VariableUse[] = []): VariableUse[] {
  // Reads the file text in place (no copy of the argument): this runs for every `$` of a file.
  const { start, end: stop } = arg;
  if (!arg.value.includes('$')) return uses; // the value has every `$` of the source text
  for (let i = start; i < stop; i++) {
    if (fileText.charCodeAt(i) !== 36 /* $ */) continue;
    const next = i + 1 < stop ? fileText.charCodeAt(i + 1) : -1;
    if (next >= 49 /* 1 */ && next <= 57 /* 9 */) continue;
    const braced = next === 123; /* { */
    const from = braced ? i + 2 : i + 1;
    let end = from;
    while (end < stop && isNameChar(fileText.charCodeAt(end))) end++;
    if (end === from || (braced && (end >= stop || fileText.charCodeAt(end) !== 125 /* } */))) continue;
    uses.push({ name: fileText.slice(from, end), span: { start: i, end: end + (braced ? 1 : 0) }, arg });
  }
  return uses;
}

/** True for directives nginx itself documents (not third-party modules, not typos). */
export function isOfficialDirective(name: string): boolean {
  return lookupDirective(name) !== undefined;
}

/** The arguments of an official directive in which nginx expands variables. */
export function expandedArgs(node: ConfigNode): readonly Arg[] {
  const args = node.directive.args;
  if (NEVER_EXPANDED.has(node.name) || CODE_DIRECTIVE.test(node.name)) return [];
  if (node.name === 'perl_set') return args.slice(0, 1);
  const rewrite = node.name === 'rewrite';
  const condition = node.name === 'if';
  let out: Arg[] | undefined; // only a copy when some argument is left out
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const skip = arg.value.startsWith('~') || (rewrite && i === 0) || (condition && i > 0 && REGEX_OPERATORS.has(args[i - 1]!.value));
    if (skip) out ??= args.slice(0, i);
    else if (out) out.push(arg);
  }
  return out ?? args;
}

/** Variable uses in `node`'s arguments; none for third-party directives or inside their blocks. */
export function variableUses(node: ConfigNode): VariableUse[] {
  // Most directives hold no `$` at all; this check runs for every directive of the file.
  const args = node.directive.args;
  let dollar = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i]!.value.includes('$')) {
      dollar = true;
      break;
    }
  }
  if (!dollar) return [];
  if (!isOfficialDirective(node.name) || insideThirdParty(node.parent)) return [];
  const uses: VariableUse[] = [];
  const text = node.file.text;
  const expanded = expandedArgs(node);
  for (let i = 0; i < expanded.length; i++) variableRefs(text, expanded[i]!, uses);
  return uses;
}

const thirdPartyAncestry = new WeakMap<ConfigNode, boolean>();

/** Whether `block` or a block around it is not an official directive (remembered per block). */
function insideThirdParty(block: ConfigNode | undefined): boolean {
  if (!block) return false;
  let answer = thirdPartyAncestry.get(block);
  if (answer === undefined) {
    answer = !isOfficialDirective(block.name) || insideThirdParty(block.parent);
    thirdPartyAncestry.set(block, answer);
  }
  return answer;
}

export interface VariableScope {
  /** Whether nginx knows `$name` in this configuration (built in, defined, or a capture). */
  knows(name: string): boolean;
  /** Directives of unrecognised modules, which may define variables this analysis cannot see. */
  readonly unknownModules: readonly ConfigNode[];
  /** Known names closest to `name`, for "did you mean". */
  suggest(name: string): string[];
}

/** Collects every variable a configuration defines, including through third-party modules. */
export function variableScope(model: NginxModel): VariableScope {
  const defined = new Set([...model.definedVariables].map((v) => v.toLowerCase()));
  const prefixes = new Set<string>();
  const unknownModules: ConfigNode[] = [];
  const define = (value: string | undefined) => {
    if (value?.startsWith('$') && value.length > 1) defined.add(value.slice(1).replace(/^\{(.*)\}$/, '$1').toLowerCase());
  };
  const defineCaptures = (word: string) => {
    if (word.includes('(?')) for (const m of word.matchAll(NAMED_CAPTURE)) defined.add(m[1]!.toLowerCase());
  };
  const visit = (nodes: readonly ConfigNode[], insideThirdParty: boolean) => {
    // Indexed loops: this visits every directive, often before the optimizing compiler has run.
    for (let n = 0; n < nodes.length; n++) {
      const node = nodes[n]!;
      const args = node.directive.args;
      // Named captures of map regexes (`~^/u/(?<uid>\d+) $uid;`) are variables too; the model's
      // list has only those of directive arguments.
      const block = node.directive.block;
      if (block?.kind === 'entries') {
        for (let e = 0; e < block.children.length; e++) {
          const entry = block.children[e]!;
          defineCaptures(entry.name.value);
          for (let a = 0; a < entry.args.length; a++) defineCaptures(entry.args[a]!.value);
        }
      }
      if (!insideThirdParty && isOfficialDirective(node.name)) {
        const index = MORE_DEFINERS.get(node.name);
        if (index !== undefined) define(args[index]?.value);
        visit(node.children, false);
        continue;
      }
      // `set_md5 $digest $src`, `geoip2 … { $geoip2_country … }`: a leading `$` defines.
      if (node.name.startsWith('$')) define(node.name);
      else define(args[0]?.value);
      const module = thirdPartyModule(node.name);
      if (module) {
        // Modules name their variables after themselves: $brotli_ratio, $echo_timer_elapsed, $naxsi_flag_learning.
        for (const p of module.prefixes ?? []) prefixes.add(p.replace(/_$/, '').toLowerCase());
        for (const n of module.names ?? []) if (!n.includes('_')) prefixes.add(n.toLowerCase());
        for (const word of module.module.toLowerCase().split(/[^a-z0-9]+/)) if (word && !GENERIC_WORDS.has(word)) prefixes.add(word);
      } else if (!insideThirdParty && !node.name.startsWith('$') && suggestDirectives(node.name, 2).length === 0) {
        unknownModules.push(node);
      }
      visit(node.children, true);
    }
  };
  visit(model.top, false);

  // `$0` is no capture (nginx: unknown "0" variable); `$http_` alone is accepted as a family member.
  const builtin = (name: string) => !/^\d/.test(name) && (isBuiltinVariable(name) || lookupVariable(`${name}x`)?.name === name);
  // The same few names ($host, $remote_addr…) come back thousands of times in a large config.
  const known = new Map<string, boolean>();
  let candidates: string[] | undefined; // only for "did you mean"
  return {
    knows(name) {
      let answer = known.get(name);
      if (answer === undefined) {
        const lower = name.toLowerCase();
        answer = builtin(lower) || defined.has(lower) || [...prefixes].some((p) => lower === p || lower.startsWith(`${p}_`));
        known.set(name, answer);
      }
      return answer;
    },
    unknownModules,
    suggest(name) {
      const lower = name.toLowerCase();
      candidates ??= [...new Set([...VARIABLES.filter((v) => !v.prefix).map((v) => v.name), ...defined])];
      return didYouMean(lower, candidates, lower.length <= 4 ? 1 : 2).filter((c) => c !== lower);
    },
  };
}
