/**
 * The one place where offsets become LSP positions: Span <-> Range through LineIndex, and
 * Finding -> Diagnostic with its fixes converted to TextEdits by URI inside `data`, so that a
 * code action is a pure mapping of what the diagnostic carries (architecture §4.9).
 */
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import { LineIndex, type Edit, type Finding, type Span } from '../service';
import type { DiagnosticData, FixData } from '../service/features/code-actions';

export type { DiagnosticData, FixData };

/** Text and URI of a file the service knows (open document, model file or disk). */
export interface FileSource {
  text(path: string): string | undefined;
  uri(path: string): string;
}

export interface ConvertOptions {
  readonly relatedInformation: boolean;
  readonly dataSupport: boolean;
  /** Version of the document the findings were computed on, when it is open. */
  readonly version?: number;
}

/** Caches one LineIndex per file text. */
export class Positions {
  private readonly cache = new Map<string, { text: string; index: LineIndex }>();

  constructor(private readonly source: FileSource) {}

  index(path: string): LineIndex {
    const text = this.source.text(path) ?? '';
    const cached = this.cache.get(path);
    if (cached && cached.text === text) return cached.index;
    const index = new LineIndex(text);
    this.cache.set(path, { text, index });
    return index;
  }

  range(path: string, span: Span): Range {
    return spanToRange(this.index(path), span);
  }

  uri(path: string): string {
    return this.source.uri(path);
  }
}

export function spanToRange(index: LineIndex, span: Span): Range {
  return { start: index.positionAt(span.start), end: index.positionAt(span.end) };
}

export function rangeToSpan(index: LineIndex, range: Range): Span {
  const start = index.offsetAt(range.start);
  const end = index.offsetAt(range.end);
  return start <= end ? { start, end } : { start: end, end: start };
}

const SEVERITY: Readonly<Record<Finding['severity'], DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Edits grouped by URI as LSP TextEdits. */
export function editsToLsp(edits: readonly Edit[], positions: Positions): Record<string, TextEdit[]> {
  const byUri: Record<string, TextEdit[]> = {};
  for (const edit of edits) {
    const uri = positions.uri(edit.file);
    (byUri[uri] ??= []).push({ range: positions.range(edit.file, edit), newText: edit.text });
  }
  return byUri;
}

export function findingToDiagnostic(finding: Finding, positions: Positions, options: ConvertOptions): Diagnostic {
  const diagnostic: Diagnostic = {
    range: positions.range(finding.file, finding.span),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    source: 'wsconf',
    message: finding.message,
  };
  if (finding.docsUrl) diagnostic.codeDescription = { href: finding.docsUrl };
  if (options.relatedInformation && finding.related && finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map(
      (r): DiagnosticRelatedInformation => ({
        location: { uri: positions.uri(r.file), range: positions.range(r.file, r.span) },
        message: r.message,
      }),
    );
  }
  if (finding.tags && finding.tags.length > 0) {
    diagnostic.tags = finding.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  }
  if (options.dataSupport) {
    const data: DiagnosticData = {
      ruleId: finding.ruleId,
      ...(options.version !== undefined ? { version: options.version } : {}),
      fixes: finding.fixes.map((fix) => ({ title: fix.title, kind: fix.kind, edits: editsToLsp(fix.edits, positions) })),
    };
    diagnostic.data = data;
  }
  return diagnostic;
}
