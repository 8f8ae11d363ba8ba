/**
 * Rules for the line-oriented app-server configs (gunicorn.conf.py, uwsgi.ini): the same
 * shape as nginx rules (meta, typed messages, a visitor keyed by setting or option name), over
 * one parsed file, with a text fixer that keeps the file's indentation.
 */
import type { PyAssignment, PyConfig } from '../languages/gunicorn/model';
import type { IniEntry, IniFile } from '../languages/uwsgi/ast';
import type { Settings } from '../settings';
import type { Edit, RelatedInformation, Severity, Span } from '../types';
import type { RuleMeta } from './rule';
import { lineStartAt } from '../text/line-index';

export interface TextFixer {
  replace(span: Span, text: string): Edit;
  /** A new line before the line holding `span.start`, with that line's indentation. */
  insertLineBefore(span: Span, line: string): Edit;
  /** A new line after the line holding `span.end`, with that line's indentation. */
  insertLineAfter(span: Span, line: string): Edit;
  /** Removes the whole line(s) holding `span`. */
  removeLine(span: Span): Edit;
  /** A new line at the end of the file. */
  append(line: string): Edit;
}

export interface FileFixDescriptor {
  readonly title: string;
  readonly apply: (fixer: TextFixer) => Edit | readonly Edit[] | undefined;
}

export interface FileReport<M extends string> {
  readonly span: Span;
  readonly messageId: M;
  readonly data?: Readonly<Record<string, string | number>>;
  /** Overrides the rule's default severity, unless the user set a level. */
  readonly severity?: Severity;
  readonly fix?: FileFixDescriptor;
  readonly suggest?: readonly FileFixDescriptor[];
  readonly related?: readonly RelatedInformation[];
}

export interface FileRuleContext<M extends string, F> {
  readonly file: F;
  readonly path: string;
  readonly settings: Settings;
  readonly options: Readonly<Record<string, unknown>>;
  report(report: FileReport<M>): void;
}

export type GunicornVisitor = { readonly [setting: string]: ((assignment: PyAssignment) => void) | undefined } & {
  readonly ':exit'?: () => void;
};

export interface GunicornRule<M extends string = string> {
  readonly id: `gunicorn/${string}`;
  readonly meta: RuleMeta;
  readonly messages: Readonly<Record<M, string>>;
  create(context: FileRuleContext<M, PyConfig>): GunicornVisitor;
}

/** Keyed by option name as uWSGI looks it up (dashes, lower case), for entries of [uwsgi]. */
export type UwsgiVisitor = { readonly [option: string]: ((entry: IniEntry) => void) | undefined } & {
  readonly '*'?: (entry: IniEntry) => void;
  readonly ':exit'?: () => void;
};

export interface UwsgiRule<M extends string = string> {
  readonly id: `uwsgi/${string}`;
  readonly meta: RuleMeta;
  readonly messages: Readonly<Record<M, string>>;
  create(context: FileRuleContext<M, IniFile>): UwsgiVisitor;
}

export function defineGunicornRule<M extends string>(rule: GunicornRule<M>): GunicornRule<M> {
  return rule;
}

export function defineUwsgiRule<M extends string>(rule: UwsgiRule<M>): UwsgiRule<M> {
  return rule;
}

function lineStart(text: string, offset: number): number {
  return lineStartAt(text, offset);
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}

function indentation(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, lineEnd(text, start)))![0];
}

export function createTextFixer(path: string, text: string): TextFixer {
  const edit = (start: number, end: number, replacement: string): Edit => ({ file: path, start, end, text: replacement });
  return {
    replace: (span, replacement) => edit(span.start, span.end, replacement),
    insertLineBefore(span, line) {
      const at = lineStart(text, span.start);
      return edit(at, at, `${indentation(text, span.start)}${line}\n`);
    },
    insertLineAfter(span, line) {
      const at = lineEnd(text, span.end);
      return edit(at, at, `\n${indentation(text, span.start)}${line}`);
    },
    removeLine(span) {
      const start = lineStart(text, span.start);
      const end = lineEnd(text, span.end);
      return edit(start, Math.min(text.length, end + 1), '');
    },
    append(line) {
      const needsNewline = text.length > 0 && !text.endsWith('\n');
      return edit(text.length, text.length, `${needsNewline ? '\n' : ''}${line}\n`);
    },
  };
}
