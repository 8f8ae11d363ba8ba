/** Lints the files of a fixture in memory and applies fixes the way the CLI's --fix does. */
import { createLanguageService } from '../../server/src/service';
import type { Settings } from '../../server/src/service/settings';
import { applyFixGroups } from '../../server/src/service/text/apply-edits';
import type { Edit, Finding } from '../../server/src/service/types';
import { createMemoryHost } from './memory-host';

export interface FixtureLintOptions {
  readonly only?: readonly string[];
  readonly settings?: Partial<Settings>;
  /** Also apply the first suggestion of each finding (for rules whose fix is a suggestion). */
  readonly applySuggestions?: boolean;
}

/** Lints `entry` (one file, with what it includes) or several files as one deployment (cross-file rules). */
export function lintFiles(files: ReadonlyMap<string, string>, entry: string | readonly string[], options: FixtureLintOptions = {}): Finding[] {
  const service = createLanguageService({ host: createMemoryHost(files), settings: options.settings ?? {} });
  const entries = typeof entry === 'string' ? [entry] : entry;
  return [...service.lint(entries, options.only ? { only: options.only } : {}).findings];
}

/** Applies fixes in up to 10 passes, re-linting between passes; returns the final texts. */
export function fixFiles(files: ReadonlyMap<string, string>, entry: string | readonly string[], options: FixtureLintOptions = {}): Map<string, string> {
  let current = new Map(files);
  for (let pass = 0; pass < 10; pass++) {
    const findings = lintFiles(current, entry, options);
    const groups = new Map<string, Edit[][]>();
    for (const finding of findings) {
      const fix = finding.fixes.find((f) => f.kind === 'fix') ?? (options.applySuggestions ? finding.fixes[0] : undefined);
      if (!fix) continue;
      for (const file of new Set(fix.edits.map((e) => e.file))) {
        const list = groups.get(file) ?? [];
        list.push(fix.edits.filter((e) => e.file === file));
        groups.set(file, list);
      }
    }
    if (groups.size === 0) break;
    const next = new Map(current);
    let changed = false;
    for (const [file, fileGroups] of groups) {
      const text = current.get(file);
      if (text === undefined) continue;
      const result = applyFixGroups(text, fileGroups);
      if (result.text !== text) {
        next.set(file, result.text);
        changed = true;
      }
    }
    current = next;
    if (!changed) break;
  }
  return current;
}
