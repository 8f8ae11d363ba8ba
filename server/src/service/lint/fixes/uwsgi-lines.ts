/** Fix builders shared by uWSGI rules: where a new `key = value` line goes. */
import type { IniEntry, IniFile } from '../../languages/uwsgi/ast';
import { normalizedOption } from '../../knowledge/uwsgi';
import { uwsgiEntries, uwsgiSection } from '../../languages/uwsgi/ast';
import type { Edit } from '../../types';
import type { TextFixer } from '../file-rule';

/**
 * Inserts `line` after `after` when given, else right after the first `[uwsgi]` header;
 * undefined when the file has no `[uwsgi]` section to put it in.
 */
export function insertOption(fixer: TextFixer, file: IniFile, line: string, after?: IniEntry): Edit | undefined {
  if (after) return fixer.insertLineAfter(after.span, line);
  const section = uwsgiSection(file);
  if (!section || section.header.end === section.header.start) return undefined;
  return fixer.insertLineAfter(section.header, line);
}

/** Where a finding about something missing points: the first `[uwsgi]` header, else the start. */
export function sectionSpan(file: IniFile): { start: number; end: number } {
  return uwsgiSection(file)?.header ?? { start: 0, end: 0 };
}

/**
 * Whether the file sets `option` or a near miss of it (`enable_threads`, `Master`): rules about
 * a missing option stay silent then, since uwsgi/unknown-option already offers the spelling fix.
 */
export function mentions(file: IniFile, ...options: readonly string[]): boolean {
  return uwsgiEntries(file).some((e) => options.includes(e.option) || options.includes(normalizedOption(e.key) ?? ''));
}
