/**
 * Outline and folding for the app-server files.
 *
 * gunicorn.conf.py: one symbol per module-level assignment (Property, the value as written in
 * the detail) and one per server hook (Function); folds for statements that span several
 * lines (a `raw_env = [...]` list, a hook body) and for runs of comment lines.
 *
 * uwsgi.ini: each `[section]` is a Namespace holding its options (Property, the value in the
 * detail); a section folds from its header to its last entry. Lines before any header (which
 * uWSGI ignores) are listed at the top level.
 */
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver-types';
import type { PyConfig } from '../languages/gunicorn/model';
import type { IniFile } from '../languages/uwsgi/ast';
import { LineIndex } from '../text/line-index';
import type { Span } from '../types';
import { pushAll } from '../arrays';

const MAX_DETAIL = 80;

/** A value as a one-line detail: whitespace runs collapsed, long values cut. */
function detailOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL - 1)}…` : flat;
}

function ranges(index: LineIndex) {
  return (span: Span) => ({ start: index.positionAt(span.start), end: index.positionAt(span.end) });
}

export function gunicornSymbols(config: PyConfig): DocumentSymbol[] {
  const range = ranges(new LineIndex(config.text));
  const lambdas = new Set(config.hooks.filter((h) => h.lambda).map((h) => h.nameSpan.start));
  const symbols: { at: number; symbol: DocumentSymbol }[] = [];
  for (const assignment of config.assignments) {
    if (lambdas.has(assignment.nameSpan.start)) continue;
    const detail = detailOf(config.text.slice(assignment.value.start, assignment.value.end));
    symbols.push({
      at: assignment.span.start,
      symbol: {
        name: assignment.name,
        ...(detail ? { detail } : {}),
        kind: SymbolKind.Property,
        range: range(assignment.span),
        selectionRange: range(assignment.nameSpan),
      },
    });
  }
  for (const hook of config.hooks) {
    const params = hook.paramsSpan ? detailOf(config.text.slice(hook.paramsSpan.start, hook.paramsSpan.end)) : '';
    symbols.push({
      at: hook.span.start,
      symbol: {
        name: hook.name,
        ...(params ? { detail: params } : {}),
        kind: SymbolKind.Function,
        range: range(hook.span),
        selectionRange: range(hook.nameSpan),
      },
    });
  }
  return symbols.sort((a, b) => a.at - b.at).map((s) => s.symbol);
}

export function uwsgiSymbols(file: IniFile): DocumentSymbol[] {
  const range = ranges(new LineIndex(file.text));
  const out: DocumentSymbol[] = [];
  for (const section of file.sections) {
    const options: DocumentSymbol[] = section.entries
      .filter((entry) => entry.key !== '')
      .map((entry) => ({
        name: entry.key,
        ...(entry.value ? { detail: detailOf(entry.value) } : {}),
        kind: SymbolKind.Property,
        range: range(entry.span),
        selectionRange: range(entry.keySpan),
      }));
    if (section.header.end === section.header.start) {
      pushAll(out, options);
      continue;
    }
    const last = section.entries[section.entries.length - 1];
    out.push({
      name: `[${section.name}]`,
      kind: SymbolKind.Namespace,
      range: range({ start: section.header.start, end: last ? last.span.end : section.header.end }),
      selectionRange: range(section.header),
      ...(options.length > 0 ? { children: options } : {}),
    });
  }
  return out;
}

/** Runs of two or more consecutive lines that hold only a comment. */
function commentRuns(text: string, index: LineIndex, comments: readonly Span[]): FoldingRange[] {
  const out: FoldingRange[] = [];
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runStart !== -1 && runEnd > runStart) out.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment });
  };
  for (const comment of comments) {
    if (text.slice(index.lineStartOf(comment.start), comment.start).trim() !== '') continue;
    const line = index.positionAt(comment.start).line;
    if (runStart !== -1 && line === runEnd + 1) runEnd = line;
    else {
      flush();
      runStart = line;
      runEnd = line;
    }
  }
  flush();
  return out;
}

function sorted(list: FoldingRange[]): FoldingRange[] {
  return list.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

export function gunicornFolding(config: PyConfig): FoldingRange[] {
  const text = config.text;
  const index = new LineIndex(text);
  const out: FoldingRange[] = [];
  const statement = (span: Span) => {
    // Statement spans may end after the line break; fold what the statement's own lines hold.
    let end = span.end;
    while (end > span.start && /\s/.test(text[end - 1]!)) end--;
    const startLine = index.positionAt(span.start).line;
    let endLine = index.positionAt(end).line;
    // Like nginx's `}`: a closing bracket on a line of its own stays visible.
    if (/^\s*[\])}]+$/.test(text.slice(index.lineStartOf(end), end))) endLine--;
    if (endLine > startLine) out.push({ startLine, endLine });
  };
  const lambdas = new Set(config.hooks.filter((h) => h.lambda).map((h) => h.nameSpan.start));
  for (const assignment of config.assignments) if (!lambdas.has(assignment.nameSpan.start)) statement(assignment.span);
  for (const hook of config.hooks) statement(hook.span);
  pushAll(out, commentRuns(text, index, config.comments));
  return sorted(out);
}

export function uwsgiFolding(file: IniFile): FoldingRange[] {
  const index = new LineIndex(file.text);
  const out: FoldingRange[] = [];
  for (const section of file.sections) {
    const last = section.entries[section.entries.length - 1];
    if (section.header.end === section.header.start || !last) continue;
    const startLine = index.positionAt(section.header.start).line;
    const endLine = index.positionAt(last.span.end).line;
    if (endLine > startLine) out.push({ startLine, endLine });
  }
  pushAll(out, commentRuns(file.text, index, file.comments));
  return sorted(out);
}
