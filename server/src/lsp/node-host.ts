/** A ServiceHost over the local disk, optionally overlaid with open documents. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { ServiceHost } from '../service/types';

export interface Overlay {
  get(path: string): string | undefined;
}

export function createNodeHost(overlay?: Overlay): ServiceHost {
  return {
    readFile(path) {
      const open = overlay?.get(path);
      if (open !== undefined) return open;
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    stat(path) {
      const open = overlay?.get(path);
      if (open !== undefined) return { size: open.length, isDirectory: false };
      try {
        const stat = statSync(path);
        return { size: stat.size, isDirectory: stat.isDirectory() };
      } catch {
        return undefined;
      }
    },
    readDirectory(path) {
      try {
        return readdirSync(path);
      } catch {
        return undefined;
      }
    },
  };
}
