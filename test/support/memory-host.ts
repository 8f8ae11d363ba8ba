/** A ServiceHost over an in-memory map of absolute paths to texts. */
import type { ServiceHost } from '../../server/src/service/types';

export function createMemoryHost(files: ReadonlyMap<string, string>): ServiceHost {
  const directories = new Map<string, Set<string>>();
  for (const path of files.keys()) {
    const parts = path.split('/').filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const dir = '/' + parts.slice(0, i).join('/');
      const set = directories.get(dir) ?? new Set<string>();
      set.add(parts[i]!);
      directories.set(dir, set);
    }
  }
  return {
    readFile: (path) => files.get(path),
    stat(path) {
      const text = files.get(path);
      if (text !== undefined) return { size: text.length, isDirectory: false };
      return directories.has(path) ? { size: 0, isDirectory: true } : undefined;
    },
    readDirectory: (path) => {
      const set = directories.get(path);
      return set ? [...set] : undefined;
    },
  };
}
