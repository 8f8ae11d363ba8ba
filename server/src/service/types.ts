/**
 * Core data types shared by the whole language service, the LSP adapter and the CLI.
 * Offsets are UTF-16 code-unit offsets into the file text (the unit of JS strings);
 * they become line/character positions only at the edges (LSP, CLI output).
 */

/** A half-open range [start, end) of UTF-16 offsets in one file. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A text replacement in one file. `file` is an absolute, normalised path. */
export interface Edit {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * A fix travels with the finding that produced it. `fix` is safe to apply without review
 * (CLI --fix, source.fixAll); `suggestion` is offered in the editor only.
 */
export interface Fix {
  readonly title: string;
  readonly kind: 'fix' | 'suggestion';
  readonly edits: readonly Edit[];
}

export type Severity = 'error' | 'warning' | 'info';
export type RuleLevel = Severity | 'off';

export interface RelatedInformation {
  readonly file: string;
  readonly span: Span;
  readonly message: string;
}

/** One problem found in one file. */
export interface Finding {
  readonly ruleId: string;
  readonly file: string;
  readonly span: Span;
  readonly severity: Severity;
  readonly message: string;
  readonly fixes: readonly Fix[];
  readonly related?: readonly RelatedInformation[];
  readonly tags?: readonly ('unnecessary' | 'deprecated')[];
  readonly docsUrl?: string;
  /** `startup`: the server refuses the configuration; `runtime`: it starts but requests fail. */
  readonly failure?: 'startup' | 'runtime' | 'none';
}

export type LanguageId = 'nginx' | 'gunicorn' | 'uwsgi';

/**
 * File access injected by the host (the LSP server overlays open documents on the disk;
 * tests use an in-memory map). Synchronous on purpose: include resolution walks files
 * recursively, and every host we have (local disk, memory) answers synchronously.
 */
export interface ServiceHost {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
  /** Size in bytes, whether it is a directory; undefined when the path does not exist. */
  stat(path: string): { readonly size: number; readonly isDirectory: boolean } | undefined;
  /** Names (not paths) of the entries of a directory; undefined when it is not one. */
  readDirectory(path: string): readonly string[] | undefined;
}
