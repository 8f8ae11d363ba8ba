/**
 * A ServiceHost that, while `during()` runs, reads each file at most once: during one lint the
 * language detection, the model and the workspace all ask for the same files, and a large
 * config would otherwise be read (and decoded) three times. Outside `during()` every call goes
 * to the underlying host, so an editor always sees its latest buffers.
 */
import type { ServiceHost } from './types';

export interface ReadOnceHost extends ServiceHost {
  /** Runs `work` with reads remembered (nested calls share the outermost memory). */
  during<T>(work: () => T): T;
}

export function readOnceHost(base: ServiceHost): ReadOnceHost {
  let reads: Map<string, string | undefined> | undefined;
  return {
    readFile(path) {
      if (!reads) return base.readFile(path);
      if (reads.has(path)) return reads.get(path);
      const text = base.readFile(path);
      reads.set(path, text);
      return text;
    },
    stat: (path) => base.stat(path),
    readDirectory: (path) => base.readDirectory(path),
    during(work) {
      const outer = reads;
      reads ??= new Map();
      try {
        return work();
      } finally {
        reads = outer;
      }
    },
  };
}
