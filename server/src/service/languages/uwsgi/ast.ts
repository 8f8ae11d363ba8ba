/**
 * A uwsgi.ini as uWSGI's own ini reader (core/ini.c) sees it: sections, `key = value` lines,
 * comments only when `;` or `#` starts the line (so `key = v ; note` keeps `; note` in the
 * value), repeated keys kept in order, and the value's placeholders split out.
 */
import type { Span } from '../../types';

export type IniSegment =
  | { readonly kind: 'text'; readonly text: string; readonly span: Span }
  /** `%(name)`: another option's value. */
  | { readonly kind: 'placeholder'; readonly name: string; readonly span: Span }
  /** `%d`, `%n`, `%c`, `%v`, `%p`, `%s`, `%e`, `%x`, `%k`, … magic variables. */
  | { readonly kind: 'magic'; readonly name: string; readonly span: Span }
  /** `$(NAME)`: an environment variable. */
  | { readonly kind: 'env'; readonly name: string; readonly span: Span }
  /** `@(path)`: the content of a file. */
  | { readonly kind: 'file'; readonly path: string; readonly span: Span };

export interface IniEntry {
  /** The key as written. */
  readonly key: string;
  /** The key as uWSGI looks it up (underscores become dashes, lower case). */
  readonly option: string;
  readonly keySpan: Span;
  /** The value as written, trimmed (inline `; comments` included: uWSGI keeps them). */
  readonly value: string;
  readonly valueSpan: Span;
  /** The whole line, without its newline. */
  readonly span: Span;
  readonly section: string;
  readonly segments: readonly IniSegment[];
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
  readonly message: string;
}

export interface IniFile {
  readonly text: string;
  readonly sections: readonly IniSection[];
  readonly comments: readonly IniComment[];
  readonly errors: readonly IniParseError[];
}

/** The entries of the section uWSGI reads (`[uwsgi]` unless another is asked for). */
export function uwsgiEntries(file: IniFile, section = 'uwsgi'): readonly IniEntry[] {
  return file.sections.find((s) => s.name === section)?.entries ?? [];
}

/** Every entry of `option` (or one of its aliases) in the uwsgi section, in file order. */
export function optionEntries(file: IniFile, ...options: readonly string[]): IniEntry[] {
  return uwsgiEntries(file).filter((e) => options.includes(e.option));
}
