/**
 * Applies edits to one text the way ESLint applies fixes: sorted by position, and an edit
 * that overlaps one already taken is left for a later pass (the caller re-lints and retries).
 */
import { pushAll } from '../arrays';
import type { Edit } from '../types';

export interface ApplyResult {
  readonly text: string;
  readonly applied: number;
  readonly skipped: number;
}

export function applyEdits(text: string, edits: readonly Pick<Edit, 'start' | 'end' | 'text'>[]): ApplyResult {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  let applied = 0;
  let skipped = 0;
  for (const edit of sorted) {
    if (edit.start < cursor || edit.start > edit.end || edit.end > text.length) {
      skipped++;
      continue;
    }
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
    applied++;
  }
  return { text: out + text.slice(cursor), applied, skipped };
}

/** Applies groups of edits (one group per fix) atomically: a fix is taken whole or not at all. */
export function applyFixGroups(text: string, groups: readonly (readonly Pick<Edit, 'start' | 'end' | 'text'>[])[]): ApplyResult {
  const taken: Pick<Edit, 'start' | 'end' | 'text'>[] = [];
  let skipped = 0;
  for (const group of groups) {
    const overlaps = group.some((e) => taken.some((t) => e.start < t.end && t.start < e.end || (e.start === e.end && e.start === t.start && t.start === t.end)));
    if (overlaps) {
      skipped++;
      continue;
    }
    pushAll(taken, group);
  }
  const result = applyEdits(text, taken);
  return { text: result.text, applied: groups.length - skipped, skipped: skipped + result.skipped };
}
