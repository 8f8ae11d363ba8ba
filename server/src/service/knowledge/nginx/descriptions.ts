/**
 * The official nginx description of a directive or variable (Markdown), for hovers.
 *
 * The text lives in @nginx/reference-lib (1.7 MB of data, Apache-2.0) and is only needed when
 * someone hovers, so the library is loaded with a `require` inside the function: esbuild still
 * bundles it, but wraps it so that its module body runs on the first hover, not at server start.
 * Unbundled (tsc output under node), the `require` of this ESM-only package relies on Node's
 * require(esm) (on by default since Node 20.19 / 22.12); older runtimes get `undefined` here
 * and hovers fall back to our own notes and the docs link.
 */
import type * as RefLib from '@nginx/reference-lib';

type Lib = typeof RefLib;

let lib: Lib | null | undefined;

function load(): Lib | null {
  if (lib === undefined) {
    try {
      lib = require('@nginx/reference-lib') as Lib;
    } catch {
      lib = null; // remember the failure: one attempt per process
    }
  }
  return lib;
}

/** The library calls the core module "Core functionality"; our tables say ngx_core_module. */
function libModuleName(module: string): string {
  return module === 'ngx_core_module' ? 'Core functionality' : module;
}

/** Markdown description of `name` as documented for `module` (e.g. ngx_http_proxy_module). */
export function directiveDescription(name: string, module: string): string | undefined {
  const l = load();
  if (!l) return undefined;
  const text = l.find(name, libModuleName(module), l.Format.Markdown);
  return text ? text : undefined;
}

interface VariableText {
  readonly module: string;
  readonly markdown: string;
}

/** Variable name (without `$`; families as their prefix, `http_`) to its documented texts. */
let variableTexts: Map<string, VariableText[]> | undefined;

function variables(l: Lib): Map<string, VariableText[]> {
  if (!variableTexts) {
    variableTexts = new Map();
    for (const v of l.getVariables(l.Format.Markdown)) {
      // "$http_NAME" is documented once for the whole family; key it by its prefix.
      const key = v.name.replace(/^\$/, '').replace(/_NAME$/, '_');
      const list = variableTexts.get(key) ?? [];
      list.push({ module: v.module === 'Core functionality' ? 'ngx_core_module' : v.module, markdown: v.description });
      variableTexts.set(key, list);
    }
  }
  return variableTexts;
}

/**
 * Markdown description of variable `name` (without `$`). A member of a family (`http_upgrade`)
 * gets the family's text. `module` picks between http and stream twins such as `remote_addr`;
 * without it the first documented one (http) is used.
 */
export function variableDescription(name: string, module?: string): string | undefined {
  const l = load();
  if (!l) return undefined;
  const texts = variables(l);
  let list = texts.get(name);
  if (!list) {
    // Longest family prefix: `upstream_http_x` belongs to `upstream_http_`, not `http_`.
    let best = '';
    for (const key of texts.keys()) {
      if (key.endsWith('_') && name.startsWith(key) && name.length > key.length && key.length > best.length) best = key;
    }
    list = best ? texts.get(best) : undefined;
  }
  if (!list) return undefined;
  const hit = (module !== undefined ? list.find((t) => t.module === module) : undefined) ?? list[0];
  return hit?.markdown || undefined;
}
