/**
 * `--format json`: one JSON object on stdout, stable for scripts and CI:
 *   {"findings":[{"file","ruleId","severity","message","range":{"start":{"line","character"},"end":{…}}}]}
 * Lines and characters are 0-based, characters in UTF-16 code units (as in LSP). Extra fields
 * (`docsUrl`, `fixable`) may be added over time; the ones above never change.
 */
import type { Position } from '../../service/text/line-index';
import type { Finding, Severity } from '../../service/types';

/** A finding as the CLI reports it: with its display path and line/character range. */
export interface CliFinding {
  readonly finding: Finding;
  /** The path as given, or relative to the folder that was scanned. */
  readonly file: string;
  /** The path relative to the current directory (clickable in a terminal, GitHub annotations). */
  readonly cwdFile: string;
  readonly range: { readonly start: Position; readonly end: Position };
  /** Whether `--fix` can fix it (it carries a fix of kind `fix`). */
  readonly fixable: boolean;
}

export interface JsonFinding {
  readonly file: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: { readonly start: Position; readonly end: Position };
  readonly docsUrl?: string;
  readonly fixable: boolean;
}

export function toJsonFinding(f: CliFinding): JsonFinding {
  return {
    file: f.file,
    ruleId: f.finding.ruleId,
    severity: f.finding.severity,
    message: f.finding.message,
    range: {
      start: { line: f.range.start.line, character: f.range.start.character },
      end: { line: f.range.end.line, character: f.range.end.character },
    },
    ...(f.finding.docsUrl ? { docsUrl: f.finding.docsUrl } : {}),
    fixable: f.fixable,
  };
}

export function formatJson(findings: readonly CliFinding[]): string {
  return `${JSON.stringify({ findings: findings.map(toJsonFinding) })}\n`;
}
