/**
 * Effective values as nginx computes them for a location: the nearest level that defines a
 * scalar directive wins; an "array" directive (proxy_set_header, add_header, uwsgi_param,
 * …) is taken whole from the nearest level that defines any entry of it, and every outer
 * entry is dropped.
 */
import type { ConfigNode, NginxModel } from './model';

/** The body of a block as a level of inheritance; `owner` undefined is the file's top level. */
export interface Level {
  readonly owner: ConfigNode | undefined;
  readonly children: readonly ConfigNode[];
}

/** The levels from `node`'s own block outward to the top of the model. */
export function levelsFrom(node: ConfigNode, model: NginxModel): Level[] {
  const levels: Level[] = [];
  for (let current: ConfigNode | undefined = node; current; current = current.parent) {
    levels.push({ owner: current, children: current.children });
  }
  levels.push({ owner: undefined, children: model.top });
  return levels;
}

/**
 * A level's directives grouped by name, built once per block: rules ask about the same http
 * block for every server and location, and a linear scan each time is quadratic.
 */
const SMALL_BLOCK = 8;
const byNameCache = new WeakMap<readonly ConfigNode[], Map<string, ConfigNode[]>>();

export function directivesNamed(children: readonly ConfigNode[], name: string): readonly ConfigNode[] {
  // Most blocks (locations, ifs) have a handful of lines: scanning them costs less than an index.
  if (children.length <= SMALL_BLOCK) {
    let found: ConfigNode[] | undefined;
    for (let i = 0; i < children.length; i++) if (children[i]!.name === name) (found ??= []).push(children[i]!);
    return found ?? NONE;
  }
  let index = byNameCache.get(children);
  if (!index) {
    index = new Map();
    for (const child of children) {
      const list = index.get(child.name);
      if (list) list.push(child);
      else index.set(child.name, [child]);
    }
    byNameCache.set(children, index);
  }
  return index.get(name) ?? NONE;
}

const NONE: readonly ConfigNode[] = Object.freeze([]);

export interface ScalarValue {
  readonly node: ConfigNode;
  readonly values: readonly string[];
}

/** The nearest definition of `name` seen from inside `node`'s block. */
export function effectiveScalar(node: ConfigNode, name: string, model: NginxModel): ScalarValue | undefined {
  // The levels of levelsFrom(), walked without building them: this runs for every location.
  for (let current: ConfigNode | undefined = node; ; current = current.parent) {
    const found = directivesNamed(current ? current.children : model.top, name);
    const last = found[found.length - 1];
    if (last) return { node: last, values: last.directive.args.map((a) => a.value) };
    if (!current) return undefined;
  }
}

export interface ListValue {
  /** The level whose entries are in effect. */
  readonly level: Level;
  readonly entries: readonly ConfigNode[];
}

/** The entries of an array directive in effect inside `node`'s block. */
export function effectiveList(node: ConfigNode, name: string, model: NginxModel): ListValue | undefined {
  for (let current: ConfigNode | undefined = node; ; current = current.parent) {
    const children = current ? current.children : model.top;
    const entries = directivesNamed(children, name);
    if (entries.length > 0) return { level: { owner: current, children }, entries };
    if (!current) return undefined;
  }
}

export interface HeaderValue {
  readonly node: ConfigNode;
  /** Header name as written. */
  readonly header: string;
  readonly value: string;
}

/**
 * The proxy request headers set explicitly for `node`, keyed by lower-cased name (the last
 * definition of a name wins). An empty value means the header is not sent.
 */
export function effectiveProxyHeaders(node: ConfigNode, model: NginxModel): { list: ListValue | undefined; headers: ReadonlyMap<string, HeaderValue> } {
  const list = effectiveList(node, 'proxy_set_header', model);
  if (!list) return { list, headers: NO_HEADERS };
  // Every location of a server that sets no header of its own inherits the same entries.
  let headers = headersCache.get(list.entries);
  if (!headers) {
    const map = new Map<string, HeaderValue>();
    for (const entry of list.entries) {
      const [header, value] = entry.directive.args;
      if (!header) continue;
      map.set(header.value.toLowerCase(), { node: entry, header: header.value, value: value?.value ?? '' });
    }
    headersCache.set(list.entries, (headers = map));
  }
  return { list, headers };
}

const NO_HEADERS: ReadonlyMap<string, HeaderValue> = new Map();
const headersCache = new WeakMap<readonly ConfigNode[], ReadonlyMap<string, HeaderValue>>();

/** Locations (and `if` blocks inside them) are where requests are proxied. */
export function enclosingServer(node: ConfigNode): ConfigNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.name === 'server' && current.context === 'http') return current;
  }
  return undefined;
}

/** The `location` path (the last argument; modifiers such as `~` come first). */
export function locationPath(location: ConfigNode): { modifier: string | undefined; path: string } | undefined {
  const args = location.directive.args;
  if (args.length === 0) return undefined;
  if (args.length === 1) return { modifier: undefined, path: args[0]!.value };
  return { modifier: args[0]!.value, path: args[args.length - 1]!.value };
}

/** Directives of `node`'s own block (not inherited) named `name`. */
export function ownDirectives(node: ConfigNode, name: string): readonly ConfigNode[] {
  return directivesNamed(node.children, name);
}
