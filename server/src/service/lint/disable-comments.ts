/**
 * Suppression comments, shared by the three languages (all of them have `#` comments):
 *   # wsconf-disable-next-line nginx/ws-read-timeout -- the app pings every 10 s
 *   # wsconf-disable-file nginx/unknown-directive
 * Without a rule id the comment applies to every rule. Text after ` -- ` is the reason.
 */
import type { Finding, Span } from '../types';
import { LineIndex } from '../text/line-index';

export interface DisableDirective {
  readonly kind: 'next-line' | 'file';
  readonly span: Span;
  /** Rule ids; empty means all rules. */
  readonly ruleIds: readonly string[];
  /** For next-line: the 0-based line it covers. */
  readonly line?: number;
}

const PATTERN = /^\s*wsconf-disable-(next-line|file)\b([^]*)$/;

/** `commentText` is the text after `#`. */
export function parseDisableComment(commentText: string, span: Span, lines: LineIndex): DisableDirective | undefined {
  const match = PATTERN.exec(commentText);
  if (!match) return undefined;
  const body = match[2]!.split(/\s--\s|\s--$/)[0]!;
  const ruleIds = body.split(/[\s,]+/).filter(Boolean);
  const kind = match[1] === 'file' ? 'file' : 'next-line';
  return kind === 'file' ? { kind, span, ruleIds } : { kind, span, ruleIds, line: lines.positionAt(span.start).line + 1 };
}

export interface SuppressionResult {
  readonly kept: Finding[];
  /** Directives that suppressed nothing. */
  readonly unused: DisableDirective[];
}

export function applySuppressions(
  findings: readonly Finding[],
  comments: readonly (Span & { readonly text: string })[],
  text: string,
): SuppressionResult {
  if (!comments.some((c) => c.text.includes('wsconf-disable'))) return { kept: [...findings], unused: [] };
  const lines = new LineIndex(text);
  const directives: DisableDirective[] = [];
  for (const comment of comments) {
    const directive = parseDisableComment(comment.text, comment, lines);
    if (directive) directives.push(directive);
  }
  const used = new Set<DisableDirective>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    const line = lines.positionAt(finding.span.start).line;
    const suppressor = directives.find(
      (d) =>
        (d.ruleIds.length === 0 || d.ruleIds.includes(finding.ruleId)) &&
        (d.kind === 'file' || d.line === line),
    );
    if (suppressor) used.add(suppressor);
    else kept.push(finding);
  }
  return { kept, unused: directives.filter((d) => !used.has(d)) };
}
