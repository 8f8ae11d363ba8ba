/**
 * nginx `include` resolution. nginx resolves a relative include against the directory of
 * the main configuration file and expands globs (sorted, an empty match is fine).
 * Repositories keep their nginx tree somewhere else than /etc/nginx, so an absolute path
 * under the configured prefix is looked up relative to the folder of the main nginx.conf.
 */
import { isStockFile, stockFileContent } from '../knowledge/nginx/stock-files';
import { joinPath, normalizePath } from '../text/paths';
import type { ServiceHost } from '../types';

export type IncludeResolution =
  | { readonly kind: 'files'; readonly paths: readonly string[]; readonly truncatedFrom?: number }
  | { readonly kind: 'stock'; readonly path: string; readonly content: string | undefined }
  | { readonly kind: 'missing'; readonly tried: readonly string[] };

export interface IncludeOptions {
  readonly host: ServiceHost;
  /** Folder of the main nginx.conf in the workspace. */
  readonly confDir: string;
  /** The prefix the real server uses, e.g. /etc/nginx/. */
  readonly prefix: string;
  readonly maxFiles: number;
}

const GLOB_CHARS = /[*?[]/;

export function resolveInclude(pattern: string, options: IncludeOptions): IncludeResolution {
  const prefix = options.prefix.endsWith('/') ? options.prefix : `${options.prefix}/`;
  const underPrefix = pattern.startsWith(prefix);
  const relative = underPrefix ? pattern.slice(prefix.length) : pattern.startsWith('/') ? undefined : pattern;
  const candidates: string[] = [];
  if (relative !== undefined) candidates.push(joinPath(options.confDir, relative));
  if (pattern.startsWith('/')) candidates.push(normalizePath(pattern));

  const isGlob = GLOB_CHARS.test(pattern);
  for (const candidate of candidates) {
    if (isGlob) {
      const matches = expandGlob(candidate, options.host);
      if (matches === undefined) continue;
      if (matches.length > options.maxFiles) {
        return { kind: 'files', paths: matches.slice(0, options.maxFiles), truncatedFrom: matches.length };
      }
      return { kind: 'files', paths: matches };
    }
    const stat = options.host.stat(candidate);
    if (stat && !stat.isDirectory) return { kind: 'files', paths: [candidate] };
  }
  // A glob whose folder is not in the workspace matches nothing here, which nginx accepts.
  if (isGlob) return { kind: 'files', paths: [] };
  if (relative !== undefined && isStockFile(relative)) {
    return { kind: 'stock', path: joinPath(prefix, relative), content: stockFileContent(relative) };
  }
  return { kind: 'missing', tried: candidates };
}

/**
 * Expands a glob in any path component, like glob(3): `*`, `?` and `[...]`, no match for
 * dot files, results sorted. Undefined when the folder before the first glob component
 * does not exist.
 */
export function expandGlob(pattern: string, host: ServiceHost): string[] | undefined {
  const parts = normalizePath(pattern).split('/').filter(Boolean);
  let bases = ['/'];
  let first = true;
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    const last = index === parts.length - 1;
    const next: string[] = [];
    if (!GLOB_CHARS.test(part)) {
      for (const base of bases) {
        const path = joinPath(base, part);
        const stat = host.stat(path);
        if (stat && (last ? !stat.isDirectory : stat.isDirectory)) next.push(path);
      }
    } else {
      if (first && bases.every((b) => host.readDirectory(b) === undefined)) return undefined;
      first = false;
      const matcher = globToRegExp(part);
      for (const base of bases) {
        const names = host.readDirectory(base);
        if (!names) continue;
        for (const name of [...names].sort()) {
          if (name.startsWith('.') || !matcher.test(name)) continue;
          const path = joinPath(base, name);
          const stat = host.stat(path);
          if (stat && (last ? !stat.isDirectory : stat.isDirectory)) next.push(path);
        }
      }
    }
    bases = next;
    if (bases.length === 0) break;
  }
  return bases.sort();
}

function globToRegExp(glob: string): RegExp {
  let source = '^';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close === -1) source += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        source += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else source += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`${source}$`);
}
