/**
 * Fixture files are both input and expectation (rust-analyzer style):
 *
 *     proxy_pass http://app/;
 *     #          ^^^^^^^^^^^ error nginx/socketio-proxy-pass-uri-mismatch: message
 *
 * - an annotation is a comment line whose text starts with `^` after optional spaces; its
 *   carets underline the same columns of the nearest preceding non-annotation line
 *   (`#^^^`, with the caret right after `#`, starts at the column of the `#`);
 * - the text after the carets is `<severity> <rule-id>` optionally followed by `: message`;
 * - `# --- /abs/path` starts another file of a multi-file fixture; the first file is the entry.
 * The harness strips annotations, lints, renders the findings back as annotations and
 * compares texts, so a failure reads as a diff. UPDATE_EXPECT=1 rewrites the fixture.
 */
import { LineIndex } from '../../server/src/service/text/line-index';
import type { Finding } from '../../server/src/service/types';

export interface FixtureFile {
  readonly path: string;
  /** The text with annotation lines removed (what is linted). */
  readonly text: string;
  /** Annotations as written, used to decide whether messages are compared. */
  readonly expected: readonly ExpectedAnnotation[];
}

export interface ExpectedAnnotation {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly ruleId: string;
  readonly hasMessage: boolean;
}

const ANNOTATION = /^(\s*)#(\s*)(\^+)\s+(error|warning|info)\s+([\w-]+\/[\w-]+)(:\s?(.*))?$/;
const FILE_SEPARATOR = /^# --- (\S+)\s*$/;

export function isAnnotationLine(line: string): boolean {
  return ANNOTATION.test(line);
}

/** Splits a fixture into its files; `defaultPath` names the first file when it has no header. */
export function parseFixture(text: string, defaultPath: string): FixtureFile[] {
  const files: { path: string; lines: string[] }[] = [];
  let current: { path: string; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    const separator = FILE_SEPARATOR.exec(line);
    if (separator) {
      current = { path: separator[1]!, lines: [] };
      files.push(current);
      continue;
    }
    if (!current) {
      current = { path: defaultPath, lines: [] };
      files.push(current);
    }
    current.lines.push(line);
  }
  return files.map(({ path, lines }) => {
    const kept: string[] = [];
    const expected: ExpectedAnnotation[] = [];
    for (const line of lines) {
      const match = ANNOTATION.exec(line);
      if (!match) {
        kept.push(line);
        continue;
      }
      const hashColumn = match[1]!.length;
      const caretColumn = match[2]!.length === 0 ? hashColumn : hashColumn + 1 + match[2]!.length;
      expected.push({
        line: kept.length - 1,
        start: caretColumn,
        end: caretColumn + match[3]!.length,
        ruleId: match[5]!,
        hasMessage: match[6] !== undefined,
      });
    }
    return { path, text: kept.join('\n'), expected };
  });
}

/** Renders findings of one file as annotation lines under the lines they point at. */
export function renderAnnotations(file: FixtureFile, findings: readonly Finding[]): string {
  const index = new LineIndex(file.text);
  const lines = file.text.split('\n');
  const byLine = new Map<number, string[]>();
  const sorted = [...findings].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.ruleId.localeCompare(b.ruleId));
  for (const finding of sorted) {
    const start = index.positionAt(finding.span.start);
    const end = index.positionAt(finding.span.end);
    const lineText = lines[start.line] ?? '';
    const endColumn = end.line === start.line ? end.character : lineText.length;
    const width = Math.max(1, endColumn - start.character);
    const indent = lineText.length - lineText.trimStart().length;
    let prefix: string;
    if (start.character === 0) prefix = '#';
    else {
      const hashColumn = Math.min(indent, start.character - 1);
      prefix = ' '.repeat(hashColumn) + '#' + ' '.repeat(start.character - hashColumn - 1);
    }
    const wanted = file.expected.find(
      (e) => e.line === start.line && e.start === start.character && e.end === start.character + width && e.ruleId === finding.ruleId,
    );
    const message = wanted && !wanted.hasMessage ? '' : `: ${finding.message}`;
    const annotation = `${prefix}${'^'.repeat(width)} ${finding.severity} ${finding.ruleId}${message}`;
    const list = byLine.get(start.line) ?? [];
    list.push(annotation);
    byLine.set(start.line, list);
  }
  const out: string[] = [];
  lines.forEach((line, i) => {
    out.push(line);
    out.push(...(byLine.get(i) ?? []));
  });
  return out.join('\n');
}

/** Joins the files of a fixture back, with their headers when there are several. */
export function joinFixture(files: readonly { path: string; text: string }[], hadHeaders: boolean): string {
  if (!hadHeaders) return files[0]?.text ?? '';
  return files.map((f) => `# --- ${f.path}\n${f.text}`).join('\n');
}

export function stripAnnotations(text: string): string {
  return text
    .split('\n')
    .filter((line) => !isAnnotationLine(line))
    .join('\n');
}
