/**
 * Finds the configuration files the CLI lints. A path on the command line may be a file
 * (always linted) or a folder, scanned recursively with the editor's file patterns
 * (`nginx.conf`, `*.nginx`, `**\/nginx/**\/*.conf`, `sites-available/*`, `sites-enabled/*`,
 * `conf.d/*.conf`, `*.conf.template`) plus a content sniff for other `*.conf` files, and the
 * gunicorn and uWSGI globs as configured (`files` in .wsconf.json, wsconf.files.* in the editor).
 *
 * The scan skips `node_modules`, `.git` and every other dot-folder, never follows a symlinked
 * folder twice (no loops), reads at most SNIFF_BYTES of a file to sniff it, and stops after
 * MAX_ENTRIES directory entries or MAX_FILES matching files, saying so in `notes`.
 */
import { closeSync, openSync, readSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { detectLanguage, mightBeNginx } from '../service/languages/detect';
import { DEFAULT_SETTINGS, type Settings } from '../service/settings';

/** The configured gunicorn and uWSGI file globs (`files` in .wsconf.json, wsconf.files.* in the editor). */
export type FilePatterns = Pick<Settings, 'gunicornFiles' | 'uwsgiFiles'>;

/** Matching files accepted from all folder scans together. */
export const MAX_FILES = 2000;
/** Directory entries looked at, in all, before a scan gives up. */
export const MAX_ENTRIES = 200_000;
/** Bytes read from a `*.conf` file to decide whether it is an nginx config. */
export const SNIFF_BYTES = 65_536;

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '__pycache__']);

/** One file to lint, with the name to show for it. */
export interface DiscoveredFile {
  /** Absolute, '/'-separated path (what the language service uses). */
  readonly path: string;
  /** The path as given on the command line, or relative to the folder that was scanned. */
  readonly display: string;
  /** The folder argument whose scan found it; undefined for a file given directly. */
  readonly root?: string;
}

export interface DiscoveryResult {
  readonly files: readonly DiscoveredFile[];
  /** Absolute paths of the folders given on the command line. */
  readonly folders: readonly string[];
  /** Things the user should know (a capped scan, an unreadable folder). */
  readonly notes: readonly string[];
}

/** A path on the command line that does not exist: a usage error (exit 2). */
export class MissingPathError extends Error {
  constructor(readonly path: string) {
    super(`no such file or directory: ${path}`);
  }
}

/** Converts a platform path to the '/'-separated absolute form the service expects. */
export function toServicePath(path: string): string {
  const absolute = resolve(path);
  return sep === '/' ? absolute : absolute.split(sep).join('/');
}

function readHead(path: string, bytes: number): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Whether a file found in a folder scan is a config wsconf lints: nginx (path patterns, then a
 * sniff of *.conf), gunicorn (the gunicorn file globs) or uWSGI (the globs, or an .ini that
 * has a [uwsgi] section).
 */
export function isConfigCandidate(relativePath: string, absolutePath: string, patterns: FilePatterns = DEFAULT_SETTINGS): boolean {
  const path = relativePath.split(sep).join('/');
  const sniffable = mightBeNginx(path) || path.endsWith('.ini');
  if (!sniffable && !path.endsWith('.py')) return false;
  if (detectLanguage(path, undefined, patterns) !== undefined) return true;
  if (!sniffable) return false;
  const head = readHead(absolutePath, SNIFF_BYTES);
  return head !== undefined && !head.includes('\u0000') && detectLanguage(path, head, patterns) !== undefined;
}

export interface DiscoveryLimits {
  readonly maxFiles: number;
  readonly maxEntries: number;
}

export function discover(
  args: readonly string[],
  cwd: string = process.cwd(),
  limits: DiscoveryLimits = { maxFiles: MAX_FILES, maxEntries: MAX_ENTRIES },
  patterns: FilePatterns = DEFAULT_SETTINGS,
): DiscoveryResult {
  const { maxFiles, maxEntries } = limits;
  const files: DiscoveredFile[] = [];
  const folders: string[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  const visitedDirs = new Set<string>();
  let entries = 0;
  let capped = false;

  const add = (file: DiscoveredFile) => {
    if (seen.has(file.path)) return;
    if (files.length >= maxFiles) {
      if (!capped) notes.push(`more than ${maxFiles} configuration files found; only the first ${maxFiles} are linted.`);
      capped = true;
      return;
    }
    seen.add(file.path);
    files.push(file);
  };

  for (const arg of args) {
    const absolute = resolve(cwd, arg);
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      throw new MissingPathError(arg);
    }
    if (!stat.isDirectory()) {
      add({ path: toServicePath(absolute), display: arg });
      continue;
    }
    const root = toServicePath(absolute);
    folders.push(root);
    const stack: string[] = [absolute];
    while (stack.length > 0 && !capped) {
      const dir = stack.pop()!;
      let real: string;
      try {
        real = realpathSync(dir);
      } catch {
        continue;
      }
      if (visitedDirs.has(real)) continue;
      visitedDirs.add(real);
      let names: string[];
      try {
        names = readdirSync(dir).sort();
      } catch (error) {
        notes.push(`cannot read folder ${relative(cwd, dir) || '.'}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        continue;
      }
      const subfolders: string[] = [];
      for (const name of names) {
        if (++entries > maxEntries) {
          if (!capped) notes.push(`stopped scanning after ${maxEntries} folder entries; pass smaller folders to lint the rest.`);
          capped = true;
          break;
        }
        const path = join(dir, name);
        let entry;
        try {
          entry = statSync(path);
        } catch {
          continue; // a dangling symlink: nothing to lint
        }
        if (entry.isDirectory()) {
          if (!name.startsWith('.') && !SKIPPED_FOLDERS.has(name)) subfolders.push(path);
          continue;
        }
        if (!entry.isFile()) continue;
        const rel = relative(absolute, path);
        if (isConfigCandidate(rel, path, patterns)) add({ path: toServicePath(path), display: rel.split(sep).join('/'), root });
      }
      // Depth-first, in name order.
      for (let i = subfolders.length - 1; i >= 0; i--) stack.push(subfolders[i]!);
    }
  }
  return { files, folders, notes };
}
