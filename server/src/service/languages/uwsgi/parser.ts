/**
 * A line-based reader that follows uWSGI's core/ini.c (checked against Debian's uwsgi 2.0.21):
 *
 * - Magic variables are expanded over the whole file *before* it is split into lines: `%` and
 *   the next character always go together, so `%%` is a `%`, `%(` starts a placeholder, an
 *   unknown `%q` vanishes, and a `%` at the end of a line swallows the line break (the next
 *   line joins this one, even after a comment).
 * - Each line is stripped of spaces, tabs and `\r` on both ends; an empty line is skipped.
 * - `[` starts a section header: the name is what lies between `[` and the last character,
 *   whatever that character is (`[uwsgi` names the section `uwsg`).
 * - `;` or `#` as the first character makes a comment; nowhere else.
 * - Otherwise the key runs to the first `=` (right-trimmed) and the value is the rest (trimmed).
 *   A line without `=` is a key with an empty value. Keys are kept exactly as written.
 *
 * It never throws; every span is a UTF-16 range of `text`.
 */
import type { Span } from '../../types';
import type { IniComment, IniEntry, IniFile, IniMagic, IniParseError, IniSection, IniSegment } from './ast';

const BLANK = new Set([' ', '\t', '\r']);

interface Line {
  readonly start: number;
  readonly end: number;
}

/** Splits the text into logical lines and collects `%X` pairs (a `%` + newline joins lines). */
function splitLines(text: string, magic: IniMagic[]): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '%') {
      const next = text[i + 1];
      if (next !== undefined && next !== '%' && next !== '(') magic.push({ char: next, start: i });
      i++;
      continue;
    }
    if (c === '\n') {
      lines.push({ start, end: i });
      start = i + 1;
    }
  }
  if (start < text.length) lines.push({ start, end: text.length });
  return lines;
}

function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && BLANK.has(text[start]!)) start++;
  while (end > start && BLANK.has(text[end - 1]!)) end--;
  return { start, end };
}

/** Splits a value into text, `%(placeholder)`, `%X` magic, `$(ENV)` and `@(file)` segments. */
export function parseSegments(text: string, span: Span): IniSegment[] {
  const segments: IniSegment[] = [];
  let textStart = span.start;
  let buffer = '';
  const flush = (end: number) => {
    if (buffer !== '') segments.push({ kind: 'text', text: buffer, span: { start: textStart, end } });
    buffer = '';
  };
  for (let i = span.start; i < span.end; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if ((c === '%' || c === '$' || c === '@') && next === '(') {
      const close = text.indexOf(')', i + 2);
      if (close !== -1 && close < span.end) {
        flush(i);
        const name = text.slice(i + 2, close);
        const at = { start: i, end: close + 1 };
        if (c === '%') segments.push({ kind: 'placeholder', name, span: at });
        else if (c === '$') segments.push({ kind: 'env', name, span: at });
        else segments.push({ kind: 'file', path: name, span: at });
        i = close;
        textStart = close + 1;
        continue;
      }
    }
    if (c === '%' && next !== undefined && i + 1 < span.end) {
      if (next === '%') {
        if (buffer === '') textStart = i;
        buffer += '%';
      } else {
        flush(i);
        segments.push({ kind: 'magic', name: next, span: { start: i, end: i + 2 } });
        textStart = i + 2;
      }
      i++;
      continue;
    }
    if (buffer === '') textStart = i;
    buffer += c;
  }
  flush(span.end);
  return segments;
}

export function parseUwsgiIni(text: string): IniFile {
  const magic: IniMagic[] = [];
  const comments: IniComment[] = [];
  const errors: IniParseError[] = [];
  const sections: { name: string; header: Span; entries: IniEntry[] }[] = [];
  let current: { name: string; header: Span; entries: IniEntry[] } | undefined;

  if (text.charCodeAt(0) === 0xfeff) {
    errors.push({
      code: 'byte-order-mark',
      start: 0,
      end: 1,
      message: 'The file starts with a byte order mark: uWSGI reads it as part of the first line, so a `[uwsgi]` header there is not recognised.',
    });
  }

  for (const line of splitLines(text, magic)) {
    const { start, end } = trimSpan(text, line.start, line.end);
    if (start === end) continue;
    const first = text[start];
    if (first === '[') {
      const closed = text[end - 1] === ']' && end - start >= 2;
      const name = text.slice(start + 1, Math.max(start + 1, end - 1));
      if (!closed) {
        errors.push({
          code: 'unclosed-section',
          start,
          end,
          message: `This section header does not end with \`]\`: uWSGI drops its last character anyway and reads a section named "${name}".`,
        });
      }
      current = { name, header: { start, end }, entries: [] };
      sections.push(current);
      continue;
    }
    if (first === ';' || first === '#') {
      comments.push({ start, end, text: text.slice(start + 1, end) });
      continue;
    }
    const eq = text.indexOf('=', start);
    const hasEq = eq !== -1 && eq < end;
    const keySpan = trimSpan(text, start, hasEq ? eq : end);
    const valueSpan = hasEq ? trimSpan(text, eq + 1, end) : { start: end, end };
    if (keySpan.start === keySpan.end) {
      errors.push({ code: 'empty-key', start, end, message: 'This line has no option name before `=`; uWSGI ignores it.' });
    }
    if (!current) {
      current = { name: '', header: { start: 0, end: 0 }, entries: [] };
      sections.push(current);
    }
    const key = text.slice(keySpan.start, keySpan.end);
    current.entries.push({
      key,
      option: key,
      keySpan,
      value: text.slice(valueSpan.start, valueSpan.end),
      valueSpan,
      span: { start, end },
      section: current.name,
      segments: parseSegments(text, valueSpan),
      ...(hasEq ? {} : { bare: true }),
    });
  }
  return { text, sections: sections as IniSection[], comments, errors, magic };
}
