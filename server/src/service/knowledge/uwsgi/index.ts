/**
 * Lookup API over the uWSGI knowledge base. uWSGI looks ini keys up exactly (verified: `Master`
 * and `enable_threads` are unknown to it), so `lookupOption` is exact; `normalizedOption`
 * gives the name a near-miss (`enable_threads`, `Enable-Threads`) was surely meant to be.
 */
import { editDistance, didYouMean as nearest } from '../did-you-mean';
import { EXTRA_OPTIONS, NOTES, PLUGIN_NAMES } from './notes';
import { OPTIONS } from './options.generated';
import type { UwsgiOptionNote, UwsgiOptionSpec, UwsgiPlugin } from './types';

export * from './types';
export { NOTES, PLUGIN_NAMES } from './notes';
export { OPTIONS, UWSGI_VERSION } from './options.generated';

const byName = new Map<string, UwsgiOptionSpec>();
for (const spec of [...OPTIONS, ...EXTRA_OPTIONS]) if (!byName.has(spec.name)) byName.set(spec.name, spec);
const names: readonly string[] = [...byName.keys()];
/** `enable_threads`/`Enable-Threads` → `enable-threads`; only names that are unambiguous. */
const byLooseName = new Map<string, string>();
for (const name of names) {
  const key = loose(name);
  // `pivot_root` and `pivot-root` both exist: an ambiguous spelling maps to nothing.
  byLooseName.set(key, byLooseName.has(key) ? '' : name);
}
/** Canonical name → its aliases. */
const aliases = new Map<string, string[]>();
for (const spec of byName.values()) {
  if (!spec.aliasOf) continue;
  aliases.set(spec.aliasOf, [...(aliases.get(spec.aliasOf) ?? []), spec.name]);
}
/** Debian plugin file name → the plugin it provides. */
const pluginByFileName = new Map<string, Exclude<UwsgiPlugin, 'core'>>();
for (const [plugin, fileNames] of Object.entries(PLUGIN_NAMES) as [Exclude<UwsgiPlugin, 'core'>, readonly string[]][]) {
  for (const fileName of fileNames) pluginByFileName.set(fileName, plugin);
}

function loose(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

/** The option uWSGI knows by exactly this name. */
export function lookupOption(name: string): UwsgiOptionSpec | undefined {
  return byName.get(name);
}

/** The known option a key differs from only by case or `_`/`-`, if any (and not the key itself). */
export function normalizedOption(name: string): string | undefined {
  const hit = byLooseName.get(loose(name));
  return hit !== undefined && hit !== '' && hit !== name ? hit : undefined;
}

/** Every option name (2.0.21 with Debian's python3, gevent, http, ugreen, greenlet plugins). */
export function allOptionNames(): readonly string[] {
  return names;
}

/** The first name of the option (`workers` → `processes`). */
export function canonicalName(name: string): string {
  return byName.get(name)?.aliasOf ?? name;
}

/** Every name of the same option, the canonical one first. */
export function namesOf(name: string): readonly string[] {
  const canonical = canonicalName(name);
  return [canonical, ...(aliases.get(canonical) ?? [])];
}

/** The plugin that provides the option on Debian's modular build (`core` = always there). */
export function pluginOf(name: string): UwsgiPlugin | undefined {
  return byName.get(name)?.plugin;
}

/** Our note for the option or, failing that, for the option it is an alias of. */
export function noteOf(name: string): UwsgiOptionNote | undefined {
  return NOTES[name] ?? NOTES[canonicalName(name)];
}

/** The option's entry in the uWSGI documentation (anchors are option names). */
export function docsUrl(name: string): string {
  return `https://uwsgi-docs.readthedocs.io/en/latest/Options.html#${encodeURIComponent(canonicalName(name))}`;
}

/** The plugin a `plugins =` item loads: `python3`, `python3_plugin.so`, `/usr/lib/uwsgi/plugins/http_plugin.so`. */
export function pluginOfItem(item: string): Exclude<UwsgiPlugin, 'core'> | undefined {
  const base = item.slice(item.lastIndexOf('/') + 1).replace(/_plugin\.so$/, '');
  return pluginByFileName.get(base);
}

/** Known option names close to `name`, nearest first. */
export function didYouMean(name: string, max = 3): string[] {
  const normalized = normalizedOption(name);
  const limit = name.length <= 4 ? 1 : 2;
  const hits = nearest(name, names, limit);
  // Only the nearest tier: `gevnt` should offer `gevent`, not also `get`.
  const best = hits.length > 0 ? editDistance(name.toLowerCase(), hits[0]!.toLowerCase(), limit) : 0;
  const nearestTier = hits.filter((h) => editDistance(name.toLowerCase(), h.toLowerCase(), limit) === best);
  return [...new Set([...(normalized ? [normalized] : []), ...nearestTier])].slice(0, max);
}
