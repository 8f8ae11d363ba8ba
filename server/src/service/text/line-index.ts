/** Converts UTF-16 offsets to 0-based line/character positions and back (the LSP convention). */

/**
 * Offset of the start of the `\n`-terminated line holding `offset`. Never after `offset`:
 * `text.lastIndexOf('\n', offset - 1)` alone finds the `\n` at 0 when `offset` is 0.
 */
export function lineStartAt(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

export interface Position {
  readonly line: number;
  readonly character: number;
}

export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.lineStarts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.lineStarts.push(i + 1);
    }
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low]! };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line]!;
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1]! : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  /** Offset of the start of the line holding `offset`. */
  lineStartOf(offset: number): number {
    return this.lineStarts[this.positionAt(offset).line]!;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}
