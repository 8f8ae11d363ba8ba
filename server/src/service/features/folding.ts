/**
 * Folding ranges: one per block that spans several lines (the closing `}` stays visible when
 * it is on a line of its own), and one per run of two or more consecutive comment lines.
 */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { Directive, NginxFile } from '../languages/nginx/ast';
import { LineIndex } from '../text/line-index';

const MAX_DEPTH = 100;

export function foldingRanges(file: NginxFile): FoldingRange[] {
  const text = file.text;
  const index = new LineIndex(text);
  const ranges: FoldingRange[] = [];

  const stack: { directives: readonly Directive[]; depth: number }[] = [{ directives: file.directives, depth: 0 }];
  while (stack.length > 0) {
    const { directives, depth } = stack.pop()!;
    for (const directive of directives) {
      const block = directive.block;
      if (!block) continue;
      const startLine = index.positionAt(block.start).line;
      let endLine: number;
      if (block.closed) {
        const close = block.end - 1;
        const closeLine = index.positionAt(close).line;
        const beforeClose = text.slice(index.lineStartOf(close), close);
        endLine = beforeClose.trim() === '' ? closeLine - 1 : closeLine;
      } else {
        endLine = index.positionAt(text.length).line;
      }
      if (endLine > startLine) ranges.push({ startLine, endLine });
      if (depth < MAX_DEPTH && block.children.length > 0) stack.push({ directives: block.children, depth: depth + 1 });
    }
  }

  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runStart !== -1 && runEnd > runStart) ranges.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment });
  };
  for (const comment of file.comments) {
    const lineStart = index.lineStartOf(comment.start);
    if (text.slice(lineStart, comment.start).trim() !== '') continue;
    const line = index.positionAt(comment.start).line;
    if (line === runEnd + 1 && runStart !== -1) runEnd = line;
    else {
      flush();
      runStart = line;
      runEnd = line;
    }
  }
  flush();
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
