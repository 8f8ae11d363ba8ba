/**
 * Builds edits for fixes, aware of nginx layout: new directives go on their own line with
 * the indentation of their neighbours. A fix that would touch a file outside the workspace
 * (a Debian stock file) yields no edit.
 */
import type { ConfigNode, SourceFile } from '../languages/nginx/model';
import type { Edit, Span } from '../types';
import { lineStartAt } from '../text/line-index';

export interface Fixer {
  replace(file: SourceFile, span: Span, text: string): Edit | undefined;
  replaceNode(node: ConfigNode, text: string): Edit | undefined;
  /** Inserts whole lines before the line of `node`, indented like it. */
  insertLinesBefore(node: ConfigNode, lines: readonly string[]): Edit | undefined;
  /** Inserts whole lines after the line of `node`, indented like it. */
  insertLinesAfter(node: ConfigNode, lines: readonly string[]): Edit | undefined;
  /** Inserts lines at the start of `block`'s body (after its `{`). */
  insertLinesAtBlockStart(block: ConfigNode, lines: readonly string[]): Edit | undefined;
  /** Removes a directive, with its line when nothing else is on it. */
  removeNode(node: ConfigNode): Edit | undefined;
}

const DEFAULT_UNIT = '    ';

export function lineStart(text: string, offset: number): number {
  return lineStartAt(text, offset);
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}

export function indentationAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

function onlyThingOnLine(text: string, span: Span): boolean {
  const before = text.slice(lineStart(text, span.start), span.start);
  const after = text.slice(span.end, lineEnd(text, span.end));
  return before.trim() === '' && (after.trim() === '' || after.trim().startsWith('#'));
}

function edit(file: SourceFile, start: number, end: number, text: string): Edit | undefined {
  return file.virtual ? undefined : { file: file.path, start, end, text };
}

function blockIndent(block: ConfigNode): string {
  const text = block.file.text;
  const firstChild = block.directive.block?.children[0];
  if (firstChild && onlyThingOnLine(text, firstChild)) return indentationAt(text, firstChild.start);
  return indentationAt(text, block.directive.start) + DEFAULT_UNIT;
}

export const fixer: Fixer = {
  replace: (file, span, text) => edit(file, span.start, span.end, text),

  replaceNode: (node, text) => edit(node.file, node.directive.start, node.directive.end, text),

  insertLinesBefore(node, lines) {
    const text = node.file.text;
    const at = node.directive.start;
    if (!onlyThingOnLine(text, node.directive)) {
      return edit(node.file, at, at, lines.join(' ') + ' ');
    }
    const indent = indentationAt(text, at);
    return edit(node.file, lineStart(text, at), lineStart(text, at), lines.map((l) => `${indent}${l}\n`).join(''));
  },

  insertLinesAfter(node, lines) {
    const text = node.file.text;
    const end = node.directive.end;
    if (!onlyThingOnLine(text, node.directive)) {
      return edit(node.file, end, end, ' ' + lines.join(' '));
    }
    const indent = indentationAt(text, node.directive.start);
    const at = lineEnd(text, end);
    return edit(node.file, at, at, lines.map((l) => `\n${indent}${l}`).join(''));
  },

  insertLinesAtBlockStart(block, lines) {
    const body = block.directive.block;
    if (!body) return undefined;
    const text = block.file.text;
    const open = body.start + 1;
    const sameLine = text.indexOf('\n', open) === -1 || (body.closed && lineStart(text, body.end - 1) === lineStart(text, body.start));
    if (sameLine) return edit(block.file, open, open, ' ' + lines.join(' '));
    const indent = blockIndent(block);
    const at = lineEnd(text, open);
    return edit(block.file, at, at, lines.map((l) => `\n${indent}${l}`).join(''));
  },

  removeNode(node) {
    const text = node.file.text;
    const span = node.directive;
    if (onlyThingOnLine(text, span)) {
      const start = lineStart(text, span.start);
      const end = Math.min(text.length, lineEnd(text, span.end) + 1);
      return edit(node.file, start, end, '');
    }
    // Take the spaces after it too (`a; b; c;` loses `b; `), or before it at the end of a line.
    let start = span.start;
    let end = span.end;
    while (text[end] === ' ' || text[end] === '\t') end++;
    if (end === lineEnd(text, end)) {
      end = span.end;
      while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    }
    return edit(node.file, start, end, '');
  },
};
