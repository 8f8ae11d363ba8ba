/**
 * Code actions as a pure mapping of what each diagnostic carries (architecture §4.9): the
 * fixes travel in `Diagnostic.data`, already converted to LSP edits by the adapter, so no
 * fix is ever re-derived from a message. Only when `data` is missing (a client without
 * `dataSupport`) or stale is the file re-linted, and the diagnostic matched on rule id and
 * range. Also offered: disable comments for the line or the file, "fix all of this rule",
 * and `source.fixAll.wsconf`, which applies every safe fix through apply-edits (multi-pass).
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver-types';
import { applyFixGroups } from '../text/apply-edits';
import { LineIndex } from '../text/line-index';
import type { Edit, Finding } from '../types';
import { pushAll } from '../arrays';

/** The `kind` of the fix-all source action (editor.codeActionsOnSave: { "source.fixAll.wsconf": "explicit" }). */
export const FIX_ALL_KIND = 'source.fixAll.wsconf';
const MAX_PASSES = 10;

export interface FixData {
  readonly title: string;
  readonly kind: 'fix' | 'suggestion';
  /** TextEdits by document URI. */
  readonly edits: Readonly<Record<string, readonly TextEdit[]>>;
}

/** What `Diagnostic.data` holds for a wsconf diagnostic. */
export interface DiagnosticData {
  readonly ruleId: string;
  /** Version of the document the edits were computed on, when it was open. */
  readonly version?: number;
  readonly fixes: readonly FixData[];
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  if (typeof value !== 'object' || value === null) return false;
  const data = value as Partial<DiagnosticData>;
  return typeof data.ruleId === 'string' && Array.isArray(data.fixes);
}

export interface CodeActionRequest {
  readonly uri: string;
  readonly text: string;
  /** Version of the open document; data computed for another version is not trusted. */
  readonly version?: number;
  /** `context.diagnostics`: the diagnostics at the requested range. */
  readonly diagnostics: readonly Diagnostic[];
  /** `context.only`. */
  readonly only?: readonly string[];
  /** Diagnostics (with data) for the current text, computed on demand by re-linting. */
  recompute(): readonly Diagnostic[];
  /** Every wsconf diagnostic of the file (to decide whether "fix all of a rule" is worth offering). */
  fileDiagnostics(): readonly Diagnostic[];
  /** Edits that apply every safe fix of the file (of one rule, if given). */
  fixAll(ruleId?: string): readonly TextEdit[];
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return kind !== FIX_ALL_KIND;
  return only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character
  );
}

function ruleIdOf(diagnostic: Diagnostic): string | undefined {
  if (diagnostic.source !== undefined && diagnostic.source !== 'wsconf') return undefined;
  if (isDiagnosticData(diagnostic.data)) return diagnostic.data.ruleId;
  return typeof diagnostic.code === 'string' && diagnostic.code.includes('/') ? diagnostic.code : undefined;
}

/** The data of `diagnostic`, recomputed (ruleId + range) when missing or stale. */
function dataOf(diagnostic: Diagnostic, ruleId: string, request: CodeActionRequest, fresh: () => readonly Diagnostic[]): DiagnosticData | undefined {
  const data = diagnostic.data;
  if (isDiagnosticData(data) && (data.version === undefined || request.version === undefined || data.version === request.version)) return data;
  const match = fresh().find((d) => d.code === ruleId && sameRange(d.range, diagnostic.range));
  return match && isDiagnosticData(match.data) ? match.data : undefined;
}

function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

const NEXT_LINE = /^(\s*)#\s*wsconf-disable-next-line\b([^\n\r]*)$/;

/** Inserts `# wsconf-disable-next-line <rule>` above `line` with its indentation, or extends an existing one. */
export function disableLineEdit(text: string, requestedLine: number, ruleId: string, index = new LineIndex(text)): TextEdit {
  // A stale diagnostic (the text got shorter) may name a line past the end: use the last line.
  const line = Math.max(0, Math.min(Math.trunc(requestedLine) || 0, index.lineCount - 1));
  const start = index.offsetAt({ line, character: 0 });
  const lineText = text.slice(start, index.offsetAt({ line: line + 1, character: 0 })).replace(/\r?\n$/, '');
  const indent = /^[ \t]*/.exec(lineText)![0];
  if (line > 0) {
    const prevStart = index.offsetAt({ line: line - 1, character: 0 });
    const prev = text.slice(prevStart, start).replace(/\r?\n$/, '');
    const match = NEXT_LINE.exec(prev);
    const body = match?.[2] ?? '';
    const reasonAt = body.search(/\s--(\s|$)/);
    const ids = (reasonAt === -1 ? body : body.slice(0, reasonAt)).trimEnd();
    // An existing comment for other rules gets this rule appended (one without ids covers all).
    if (match && ids.trim() !== '') {
      const position = index.positionAt(prevStart + prev.length - body.length + ids.length);
      return { range: { start: position, end: position }, newText: `, ${ruleId}` };
    }
  }
  const position = { line, character: 0 };
  return { range: { start: position, end: position }, newText: `${indent}# wsconf-disable-next-line ${ruleId}${lineEnding(text)}` };
}

/** Inserts `# wsconf-disable-file <rule>` as the first line. */
export function disableFileEdit(text: string, ruleId: string): TextEdit {
  const position = { line: 0, character: 0 };
  return { range: { start: position, end: position }, newText: `# wsconf-disable-file ${ruleId}${lineEnding(text)}` };
}

export function computeCodeActions(request: CodeActionRequest): CodeAction[] {
  const actions: CodeAction[] = [];
  let recomputed: readonly Diagnostic[] | undefined;
  const fresh = () => (recomputed ??= request.recompute());
  // One index for the request: a whole-file selection brings every diagnostic of the file.
  let lineIndex: LineIndex | undefined;
  const index = () => (lineIndex ??= new LineIndex(request.text));

  if (wants(request.only, CodeActionKind.QuickFix)) {
    const fixes: CodeAction[] = [];
    const fixAllRule: CodeAction[] = [];
    const disables: CodeAction[] = [];
    const seen = new Set<string>();
    for (const diagnostic of request.diagnostics) {
      const ruleId = ruleIdOf(diagnostic);
      if (!ruleId) continue;
      const data = dataOf(diagnostic, ruleId, request, fresh);
      for (const fix of data?.fixes ?? []) {
        fixes.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          ...(fix.kind === 'fix' ? { isPreferred: true } : {}),
          edit: { changes: Object.fromEntries(Object.entries(fix.edits).map(([uri, edits]) => [uri, [...edits]])) },
        });
      }
      if (!seen.has(`all:${ruleId}`)) {
        seen.add(`all:${ruleId}`);
        const fixable = request
          .fileDiagnostics()
          .filter((d) => ruleIdOf(d) === ruleId && isDiagnosticData(d.data) && d.data.fixes.some((f) => f.kind === 'fix'));
        if (fixable.length >= 2) {
          const edits = request.fixAll(ruleId);
          if (edits.length > 0) {
            fixAllRule.push({
              title: `Fix all ${ruleId} problems in this file`,
              kind: CodeActionKind.QuickFix,
              diagnostics: [diagnostic],
              edit: { changes: { [request.uri]: [...edits] } },
            });
          }
        }
      }
      if (ruleId === 'nginx/syntax') continue;
      const line = diagnostic.range.start.line;
      if (!seen.has(`line:${ruleId}:${line}`)) {
        seen.add(`line:${ruleId}:${line}`);
        disables.push({
          title: `Disable ${ruleId} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [request.uri]: [disableLineEdit(request.text, line, ruleId, index())] } },
        });
      }
      if (!seen.has(`file:${ruleId}`)) {
        seen.add(`file:${ruleId}`);
        disables.push({
          title: `Disable ${ruleId} for the entire file`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [request.uri]: [disableFileEdit(request.text, ruleId)] } },
        });
      }
    }
    for (const list of [fixes.filter((a) => a.isPreferred), fixes.filter((a) => !a.isPreferred), fixAllRule, disables]) pushAll(actions, list);
  }

  if (wants(request.only, FIX_ALL_KIND)) {
    const edits = request.fixAll();
    if (edits.length > 0) {
      actions.push({ title: 'Fix all auto-fixable wsconf problems', kind: FIX_ALL_KIND, edit: { changes: { [request.uri]: [...edits] } } });
    }
  }
  return actions;
}

export interface FixAllOptions {
  readonly path: string;
  readonly text: string;
  /** Only the fixes of this rule. */
  readonly ruleId?: string;
  /** Lints the deployment with `text` in place of the file at `path`. */
  lint(text: string): readonly Finding[];
}

/**
 * Applies every safe fix of one file, re-linting between passes (up to 10), as the CLI's
 * --fix does. Returns one edit covering the changed region, or nothing when no fix applies.
 * Fixes that would also edit another file are left to their own quick fix.
 */
export function computeFixAll(options: FixAllOptions): Edit[] {
  let text = options.text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const groups: Edit[][] = [];
    for (const finding of options.lint(text)) {
      if (finding.file !== options.path || (options.ruleId !== undefined && finding.ruleId !== options.ruleId)) continue;
      const fix = finding.fixes.find((f) => f.kind === 'fix');
      if (fix && fix.edits.length > 0 && fix.edits.every((e) => e.file === options.path)) groups.push([...fix.edits]);
    }
    if (groups.length === 0) break;
    const next = applyFixGroups(text, groups).text;
    if (next === text) break;
    text = next;
  }
  return minimalEdit(options.path, options.text, text);
}

/** One edit that turns `before` into `after`, trimmed to the region that differs. */
export function minimalEdit(file: string, before: string, after: string): Edit[] {
  if (before === after) return [];
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return [{ file, start, end: before.length - tail, text: after.slice(start, after.length - tail) }];
}
