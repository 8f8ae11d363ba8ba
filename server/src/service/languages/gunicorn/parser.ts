/** Placeholder: the @lezer/python adapter is being written; it returns an empty config for now. */
import type { PyConfig } from './model';

export function parseGunicornConfig(text: string): PyConfig {
  return { text, assignments: [], hooks: [], imports: [], comments: [], errors: [] };
}
