/**
 * What is under the cursor, shared by hover, completion and go-to-definition: the directive
 * and argument at an offset, the `$variable` inside an argument, the upstream name inside a
 * `proxy_pass`/`uwsgi_pass`, and the context of the innermost block around an offset.
 */
import type { NginxContext } from '../knowledge/nginx/types';
import type { Arg, Directive } from '../languages/nginx/ast';
import { childContext } from '../languages/nginx/context';
import type { ConfigNode, NginxModel, SourceFile } from '../languages/nginx/model';
import { definedVariableArg, walkNodes } from '../languages/nginx/model';
import type { Span } from '../types';

/** The model's nodes for the directives of one file (the first node when a file is included twice). */
export function nodesByDirective(model: NginxModel, path: string): Map<Directive, ConfigNode> {
  const map = new Map<Directive, ConfigNode>();
  for (const node of walkNodes(model.top)) {
    if (node.file.path === path && !map.has(node.directive)) map.set(node.directive, node);
  }
  return map;
}

/** The innermost directive whose text (name to terminator or block end) contains `offset`, with its ancestors. */
export function directivePathAt(directives: readonly Directive[], offset: number): Directive[] {
  const path: Directive[] = [];
  let level = directives;
  for (let depth = 0; depth < 200; depth++) {
    // Ends are inclusive; with `a;b` the cursor between them belongs to `b`, the later one.
    let hit: Directive | undefined;
    for (const d of level) {
      if (d.start > offset) break;
      if (offset <= d.end) hit = d;
    }
    if (!hit) break;
    path.push(hit);
    if (!hit.block || hit.block.kind !== 'directives' || offset <= hit.block.start) break;
    level = hit.block.children;
  }
  return path;
}

export interface ArgHit {
  readonly node: ConfigNode | undefined;
  readonly directive: Directive;
  /** -1 for the name. */
  readonly index: number;
  readonly arg: Arg;
}

/** The directive name or argument under `offset` (ends inclusive, so a cursor right after a word hits it). */
export function argAt(model: NginxModel, file: SourceFile, offset: number): ArgHit | undefined {
  const path = directivePathAt(file.ast.directives, offset);
  const directive = path[path.length - 1];
  if (!directive) return undefined;
  const tokens = [directive.name, ...directive.args];
  const index = tokens.findIndex((t) => t.start <= offset && offset <= t.end);
  if (index === -1) return undefined;
  const node = nodesByDirective(model, file.path).get(directive);
  return { node, directive, index: index - 1, arg: tokens[index]! };
}

export interface VariableHit {
  readonly name: string;
  readonly span: Span;
}

const VARIABLE = /\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g;

/** The `$name` or `${name}` inside an argument's raw text that covers `offset`. */
export function variableAt(text: string, arg: Span, offset: number): VariableHit | undefined {
  const raw = text.slice(arg.start, arg.end);
  for (const match of raw.matchAll(VARIABLE)) {
    const start = arg.start + match.index!;
    const end = start + match[0].length;
    if (start <= offset && offset <= end) return { name: (match[1] ?? match[2])!, span: { start, end } };
  }
  return undefined;
}

/**
 * Directives whose first argument may name an upstream, and the schemes they accept. Keyed by
 * user text, so a Map: a directive named `constructor` or `__proto__` is no pass directive.
 */
const PASS_SCHEMES: ReadonlyMap<string, readonly string[]> = new Map([
  ['proxy_pass', ['http://', 'https://']],
  ['uwsgi_pass', ['', 'uwsgi://', 'suwsgi://']],
  ['grpc_pass', ['', 'grpc://', 'grpcs://']],
  ['fastcgi_pass', ['']],
  ['scgi_pass', ['']],
  ['memcached_pass', ['']],
]);

export function isPassDirective(name: string): boolean {
  return PASS_SCHEMES.has(name);
}

export function passSchemes(name: string): readonly string[] {
  return PASS_SCHEMES.get(name) ?? [];
}

/** The host part of a `*_pass` argument (`app` in `http://app:8000/x`) with its span in the file. */
export function upstreamNameIn(directiveName: string, text: string, arg: Arg): VariableHit | undefined {
  const schemes = PASS_SCHEMES.get(directiveName);
  if (!schemes) return undefined;
  const inner = arg.quote ? 1 : 0;
  const raw = text.slice(arg.start + inner, arg.end - inner);
  const scheme = [...schemes].sort((a, b) => b.length - a.length).find((s) => raw.toLowerCase().startsWith(s));
  if (scheme === undefined) return undefined;
  const rest = raw.slice(scheme.length);
  const match = /^[A-Za-z0-9_.-]+/.exec(rest);
  if (!match || rest.startsWith('unix:') || match[0] === 'unix') return undefined;
  const start = arg.start + inner + scheme.length;
  return { name: match[0], span: { start, end: start + match[0].length } };
}

/** The upstream block `name` refers to, if the model has one. */
export function findUpstream(model: NginxModel, name: string): ConfigNode | undefined {
  return model.upstreams.get(name.toLowerCase());
}

/** Where `$name` is defined in the model (map, geo, set, …), first definition first. */
export function variableDefinitions(model: NginxModel, name: string): { node: ConfigNode; arg: Arg }[] {
  const out: { node: ConfigNode; arg: Arg }[] = [];
  for (const node of walkNodes(model.top)) {
    const arg = definedVariableArg(node.name, node.directive.args);
    if (arg && (arg.value === `$${name}` || arg.value === `\${${name}}`)) out.push({ node, arg });
  }
  return out;
}

/** The context a directive typed at `offset` would be in: the innermost block around it, else the file's top level. */
export function contextAt(model: NginxModel, file: SourceFile, offset: number): { context: NginxContext | undefined; known: boolean; inEntries: boolean } {
  const path = directivePathAt(file.ast.directives, offset);
  for (let i = path.length - 1; i >= 0; i--) {
    const directive = path[i]!;
    const block = directive.block;
    if (!block) continue;
    const inside = offset > block.start && (block.closed ? offset < block.end : offset <= block.end);
    if (!inside) continue;
    if (block.kind !== 'directives') return { context: undefined, known: false, inEntries: true };
    const node = nodesByDirective(model, file.path).get(directive);
    if (!node) return { context: undefined, known: false, inEntries: false };
    const context = childContext(node.name, node.context);
    return { context, known: context !== undefined, inEntries: false };
  }
  const context = topContextOf(model, file);
  return { context, known: context !== undefined, inEntries: false };
}

function topContextOf(model: NginxModel, file: SourceFile): NginxContext | undefined {
  if (file.path === model.main.path) return model.topContext;
  const top = new Set(file.ast.directives);
  for (const node of walkNodes(model.top)) {
    if (node.file.path === file.path && top.has(node.directive)) return node.context;
    if (node.includedFiles?.includes(file.path)) return node.context;
  }
  return undefined;
}
