/**
 * Lookup API over the nginx knowledge base. The generated tables are arrays; the Maps below are
 * built once when this module loads, so every query during linting is a hash lookup.
 */
import { didYouMean } from '../did-you-mean';
import { DIRECTIVES, DIRECTIVE_SINCE } from './directives.generated';
import { NOTES } from './notes';
import type { ArgSpec, DirectiveForm, DirectiveSpec, NginxContext, VariableSpec } from './types';
import { VARIABLES } from './variables.generated';
import { versionAtLeast } from '../../languages/nginx/values';

export * from './types';
export { DIRECTIVES } from './directives.generated';
export { VARIABLES } from './variables.generated';
export { NOTES, VARIABLE_NOTES } from './notes';
export { THIRD_PARTY_MODULES, isKnownThirdParty, thirdPartyModule } from './third-party';
export type { ThirdPartyModule } from './third-party';
export { directiveDescription, variableDescription } from './descriptions';
export { didYouMean, editDistance } from '../did-you-mean';

const directivesByName = new Map<string, DirectiveSpec>(DIRECTIVES.map((d) => [d.name, d]));
const directiveNames: readonly string[] = DIRECTIVES.map((d) => d.name);

const byContext = new Map<NginxContext, DirectiveSpec[]>();
for (const spec of DIRECTIVES) {
  const contexts = new Set(spec.forms.flatMap((f) => f.contexts));
  for (const c of contexts) {
    const list = byContext.get(c) ?? [];
    list.push(spec);
    byContext.set(c, list);
  }
}

/** Exact variables (and families) by name; a name may have http and stream twins. */
const variablesByName = new Map<string, VariableSpec>();
const variableFamilies: VariableSpec[] = [];
for (const v of VARIABLES) {
  if (v.prefix) variableFamilies.push(v);
  // First one wins: the generated table lists http modules before stream ones.
  else if (!variablesByName.has(v.name)) variablesByName.set(v.name, v);
}
// Longest prefix first: `upstream_http_x` is an upstream_http_ variable, `sent_http_x` a sent_http_ one.
variableFamilies.sort((a, b) => b.name.length - a.name.length);

/** The directive called exactly `name` (nginx compares names case-sensitively). */
export function lookupDirective(name: string): DirectiveSpec | undefined {
  return directivesByName.get(name);
}

/** Every documented directive name (plus the few that Debian's 1.22 has beyond the docs). */
export function allDirectiveNames(): readonly string[] {
  return directiveNames;
}

/** The forms of `spec` that may appear in `context`. */
export function formsIn(spec: DirectiveSpec, context: NginxContext): DirectiveForm[] {
  const out: DirectiveForm[] = [];
  for (let i = 0; i < spec.forms.length; i++) if (spec.forms[i]!.contexts.includes(context)) out.push(spec.forms[i]!);
  return out;
}

export function isAllowedIn(spec: DirectiveSpec, context: NginxContext): boolean {
  // Runs for every directive of a file: no closure, no iterator.
  for (let i = 0; i < spec.forms.length; i++) if (spec.forms[i]!.contexts.includes(context)) return true;
  return false;
}

/** Whether an argument spec accepts `count` arguments; a flag takes exactly one (`on`/`off`). */
export function acceptsCount(args: ArgSpec, count: number): boolean {
  if (args.kind === 'flag') return count === 1;
  return count >= args.min && (args.max === undefined || count <= args.max);
}

/**
 * True if some form allowed in `context` accepts `count` arguments. When no form is allowed
 * there at all, every form is considered: the misplacement is its own diagnostic, and a second
 * "wrong number of arguments" on the same line would only be noise.
 */
export function argCountAllowed(spec: DirectiveSpec, count: number, context: NginxContext): boolean {
  // Runs for every directive of a file: no intermediate arrays.
  let anyInContext = false;
  for (let i = 0; i < spec.forms.length; i++) {
    const form = spec.forms[i]!;
    if (!form.contexts.includes(context)) continue;
    anyInContext = true;
    if (acceptsCount(form.args, count)) return true;
  }
  if (anyInContext) return false;
  // A closure over `count` here would allocate a context on every call, even when unused.
  for (let i = 0; i < spec.forms.length; i++) if (acceptsCount(spec.forms[i]!.args, count)) return true;
  return false;
}

/** Directives allowed in `context`, in name order (for completion). */
export function directivesForContext(context: NginxContext): readonly DirectiveSpec[] {
  return byContext.get(context) ?? [];
}

/** Documentation link of a directive; `module` picks the form when the name has several. */
export function docsUrl(name: string, module?: string): string | undefined {
  const spec = directivesByName.get(name);
  if (!spec) return undefined;
  const form = (module !== undefined ? spec.forms.find((f) => f.module === module) : undefined) ?? spec.forms[0];
  return form?.url;
}

/**
 * Values worth offering for completion: our notes first, then `on`/`off` for flags, then the
 * keywords of syntax lines that are pure enumerations (`1.0 | 1.1 | 2`, computed by the generator).
 */
export function directiveValues(name: string): readonly string[] | undefined {
  const noted = NOTES[name]?.values;
  if (noted) return noted;
  const spec = directivesByName.get(name);
  if (!spec) return undefined;
  if (spec.forms.some((f) => f.args.kind === 'flag')) return ['on', 'off'];
  const values = [...new Set(spec.forms.flatMap((f) => f.values ?? []))];
  return values.length > 0 ? values : undefined;
}

/**
 * A built-in variable by name (without `$`): exact names first, then prefix families such as
 * `http_*`, `sent_http_*`, `cookie_*`, `arg_*`, `upstream_http_*`, `jwt_claim_*`.
 */
export function lookupVariable(name: string): VariableSpec | undefined {
  const exact = variablesByName.get(name);
  if (exact) return exact;
  for (const family of variableFamilies) {
    if (name.startsWith(family.name) && name.length > family.name.length) return family;
  }
  return undefined;
}

/**
 * Whether nginx itself provides `$name`: a module variable, a member of a prefix family, or a
 * numbered regex capture (`$1`). Names defined by map/set/geo/split_clients/named captures are
 * the caller's business.
 */
export function isBuiltinVariable(name: string): boolean {
  return /^\d+$/.test(name) || lookupVariable(name) !== undefined;
}

/** Nearest directive names to a misspelt one. */
export function suggestDirectives(name: string, maxDistance = 2): string[] {
  return didYouMean(name, directiveNames, maxDistance);
}

/** The nginx release that added `name` (our notes first, then the changelog table), if known. */
export function directiveSince(name: string): string | undefined {
  return NOTES[name]?.since ?? DIRECTIVE_SINCE.get(name);
}

/** False when the target nginx version is known and older than the release that added `name`. */
export function existsInVersion(name: string, target: string | undefined): boolean {
  const since = directiveSince(name);
  return !since || versionAtLeast(target, since) !== false;
}
