/**
 * POSIX path helpers. The service must not import node:path (it stays pure and portable),
 * and every path it sees is an absolute, '/'-separated path given by the host.
 */

export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!absolute) parts.push('..');
    } else parts.push(part);
  }
  return (absolute ? '/' : '') + parts.join('/');
}

export function dirname(path: string): string {
  const index = path.lastIndexOf('/');
  if (index <= 0) return index === 0 ? '/' : '.';
  return path.slice(0, index);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(base: string, relative: string): string {
  if (relative.startsWith('/')) return normalizePath(relative);
  return normalizePath(`${base}/${relative}`);
}

/** The path of `path` relative to `from` (a directory), '/'-separated. */
export function relativePath(from: string, path: string): string {
  const a = normalizePath(from).split('/').filter(Boolean);
  const b = normalizePath(path).split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/') || '.';
}

export function isUnder(path: string, directory: string): boolean {
  const dir = directory.endsWith('/') ? directory : `${directory}/`;
  return path.startsWith(dir);
}
