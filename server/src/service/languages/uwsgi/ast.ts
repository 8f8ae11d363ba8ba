/**
 * A uwsgi.ini as uWSGI's own ini reader (core/ini.c) sees it: sections, `key = value` lines,
 * comments only when `;` or `#` starts the line (so `key = v ; note` keeps `; note` in the
 * value), repeated keys kept in order, and the value's placeholders split out.
 *
 * Verified on Debian's uwsgi 2.0.21: keys are compared exactly (`Master` and `enable_threads`
 * are unknown, silently ignored without `strict`); `%(key)` takes the *first* value of a
 * repeated key; `%X` magic variables are expanded over the whole file before lines are split,
 * so an unknown one vanishes and a `%` at the end of a line swallows the line break.
 */
import type { Span } from '../../types';

export type IniSegment =
  | { readonly kind: 'text'; readonly text: string; readonly span: Span }
  /** `%(name)`: another option's value. */
  | { readonly kind: 'placeholder'; readonly name: string; readonly span: Span }
  /** `%d`, `%n`, `%c`, `%v`, `%p`, `%s`, `%e`, `%x`, `%k`, … magic variables (`%%` is a text `%`). */
  | { readonly kind: 'magic'; readonly name: string; readonly span: Span }
  /** `$(NAME)`: an environment variable. */
  | { readonly kind: 'env'; readonly name: string; readonly span: Span }
  /** `@(path)`: the content of a file. */
  | { readonly kind: 'file'; readonly path: string; readonly span: Span };

export interface IniEntry {
  /** The key as written. */
  readonly key: string;
  /**
   * The key as uWSGI looks it up: exactly as written, right-trimmed. uWSGI compares ini keys
   * case-sensitively and does not treat `_` as `-` (verified), so this equals `key`.
   */
  readonly option: string;
  readonly keySpan: Span;
  /** The value as written, trimmed (inline `; comments` included: uWSGI keeps them). */
  readonly value: string;
  readonly valueSpan: Span;
  /** The whole logical line, without its newline (several physical lines when `%` joined them). */
  readonly span: Span;
  readonly section: string;
  readonly segments: readonly IniSegment[];
  /** The line has no `=`: uWSGI passes an empty value (a flag reads it as true). */
  readonly bare?: boolean;
}

export interface IniSection {
  readonly name: string;
  /** The `[name]` header; an empty span at 0 for lines before any header. */
  readonly header: Span;
  readonly entries: readonly IniEntry[];
}

export interface IniComment extends Span {
  /** The text after `;` or `#`. */
  readonly text: string;
}

export interface IniParseError extends Span {
  readonly code: 'unclosed-section' | 'empty-key' | 'byte-order-mark';
  readonly message: string;
}

/** A `%` and the character after it, other than `%%` and `%(` (which are not magic variables). */
export interface IniMagic {
  /** The character after `%` (`\n` when the `%` ends a line). */
  readonly char: string;
  /** Offset of the `%`. */
  readonly start: number;
}

export interface IniFile {
  readonly text: string;
  readonly sections: readonly IniSection[];
  readonly comments: readonly IniComment[];
  readonly errors: readonly IniParseError[];
  /** Every `%X` pair in the file, comments included (uWSGI expands them before reading lines). */
  readonly magic: readonly IniMagic[];
}

/** The entries of every section uWSGI reads (`[uwsgi]` unless another is asked for), in file order. */
export function uwsgiEntries(file: IniFile, section = 'uwsgi'): readonly IniEntry[] {
  const sections = file.sections.filter((s) => s.name === section);
  return sections.length === 1 ? sections[0]!.entries : sections.flatMap((s) => s.entries);
}

/** Every entry of `option` (or one of its aliases) in the uwsgi section, in file order. */
export function optionEntries(file: IniFile, ...options: readonly string[]): IniEntry[] {
  return uwsgiEntries(file).filter((e) => options.includes(e.option));
}

/** The entry that decides a scalar option: uWSGI applies options in order, so the last one wins. */
export function lastEntry(file: IniFile, ...options: readonly string[]): IniEntry | undefined {
  const entries = optionEntries(file, ...options);
  return entries[entries.length - 1];
}

/** The first `[uwsgi]` header (where new lines are inserted), if there is one. */
export function uwsgiSection(file: IniFile): IniSection | undefined {
  return file.sections.find((s) => s.name === 'uwsgi');
}

/**
 * How uWSGI reads a flag's value: `false`, `off`, `no` (any case) and `0` turn it off, anything
 * else (an empty value, `true`, `1`, even `false ; comment`) turns it on. Verified with `master`.
 */
export function isTruthy(value: string): boolean {
  return !/^(false|off|no|0)$/i.test(value);
}

/** Whether a flag option is set and on (the last entry decides). */
export function flagOn(file: IniFile, ...options: readonly string[]): boolean {
  const entry = lastEntry(file, ...options);
  return entry !== undefined && isTruthy(entry.value);
}

/**
 * The value with placeholders resolved the way uWSGI does (`%(key)` is the first value of
 * `key`, recursively), or undefined when it depends on something unknown here: the
 * environment, a file, a magic variable, or a placeholder that is not defined in the file.
 */
export function resolvedValue(file: IniFile, entry: IniEntry, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  let out = '';
  for (const segment of entry.segments) {
    if (segment.kind === 'text') out += segment.text;
    else if (segment.kind === 'placeholder') {
      const target = uwsgiEntries(file).find((e) => e.option === segment.name);
      const value = target && resolvedValue(file, target, depth + 1);
      if (value === undefined) return undefined;
      out += value;
    } else return undefined;
  }
  return out;
}

/** A resolved value as a non-negative integer (uWSGI reads numbers with atoi), if it is one. */
export function intValue(file: IniFile, entry: IniEntry): number | undefined {
  const value = resolvedValue(file, entry);
  if (value === undefined || !/^\s*\d+/.test(value)) return undefined;
  return Number.parseInt(value, 10);
}
