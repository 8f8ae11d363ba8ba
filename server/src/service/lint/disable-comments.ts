/**
 * Suppression comments, shared by the three languages (all of them have `#` comments):
 *   # wsconf-disable-next-line nginx/ws-read-timeout -- the app pings every 10 s
 *   # wsconf-disable-file nginx/unknown-directive
 * Without a rule id the comment applies to every rule. Text after ` -- ` is the reason.
 * Which comments silenced which rules is recorded in a SuppressionUsage, so that the ones
 * that silenced nothing can be reported (wsconf/unused-disable).
 */
import type { Finding, Span } from '../types';
import { LineIndex } from '../text/line-index';

/** One rule id written in a comment, with its offsets in the file. */
export interface DisableId extends Span {
  readonly id: string;
}

export interface DisableDirective {
  readonly kind: 'next-line' | 'file';
  readonly span: Span;
  /** Rule ids; empty means all rules. */
  readonly ruleIds: readonly string[];
  /** The same ids with their offsets, in order. */
  readonly ids: readonly DisableId[];
  /** For next-line: the 0-based line it covers. */
  readonly line?: number;
}

const PATTERN = /^\s*wsconf-disable-(next-line|file)\b([^]*)$/;
const ALL = '*';

/** `commentText` is the text after `#`; `span` covers the comment from its `#`. */
export function parseDisableComment(commentText: string, span: Span, lines: LineIndex): DisableDirective | undefined {
  const match = PATTERN.exec(commentText);
  if (!match) return undefined;
  const rest = match[2]!;
  const body = rest.split(/\s--\s|\s--$/)[0]!;
  const bodyStart = span.start + 1 + commentText.length - rest.length;
  const ids: DisableId[] = [];
  for (const id of body.matchAll(/[^\s,]+/g)) ids.push({ id: id[0], start: bodyStart + id.index, end: bodyStart + id.index + id[0].length });
  const ruleIds = ids.map((i) => i.id);
  const kind = match[1] === 'file' ? 'file' : 'next-line';
  return kind === 'file' ? { kind, span, ruleIds, ids } : { kind, span, ruleIds, ids, line: lines.positionAt(span.start).line + 1 };
}

/** The suppression comments of a file, in order. */
export function disableDirectives(comments: readonly (Span & { readonly text: string })[], text: string): DisableDirective[] {
  const directives: DisableDirective[] = [];
  let lines: LineIndex | undefined;
  for (const comment of comments) {
    if (!comment.text.includes('wsconf-disable')) continue;
    const directive = parseDisableComment(comment.text, comment, (lines ??= new LineIndex(text)));
    if (directive) directives.push(directive);
  }
  return directives;
}

/** Which comment silenced which rule, by file; kept over every linter of one lint run. */
export class SuppressionUsage {
  private readonly used = new Map<string, Set<string>>();

  record(file: string, directive: DisableDirective, ruleId: string): void {
    let set = this.used.get(file);
    if (!set) this.used.set(file, (set = new Set()));
    set.add(`${directive.span.start}\u0000${directive.ruleIds.length === 0 ? ALL : ruleId}`);
  }

  /** Whether the comment at `start` silenced `ruleId` (or anything, for a comment without ids). */
  wasUsed(file: string, directive: DisableDirective, ruleId?: string): boolean {
    return this.used.get(file)?.has(`${directive.span.start}\u0000${ruleId ?? ALL}`) ?? false;
  }
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
  usage?: SuppressionUsage,
): SuppressionResult {
  if (!comments.some((c) => c.text.includes('wsconf-disable'))) return { kept: [...findings], unused: [] };
  const lines = new LineIndex(text);
  const directives = disableDirectives(comments, text);
  const used = new Set<DisableDirective>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    const line = lines.positionAt(finding.span.start).line;
    const suppressor = directives.find(
      (d) =>
        (d.ruleIds.length === 0 || d.ruleIds.includes(finding.ruleId)) &&
        (d.kind === 'file' || d.line === line),
    );
    if (suppressor) {
      used.add(suppressor);
      usage?.record(finding.file, suppressor, finding.ruleId);
    } else kept.push(finding);
  }
  return { kept, unused: directives.filter((d) => !used.has(d)) };
}
