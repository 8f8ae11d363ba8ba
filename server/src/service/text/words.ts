/**
 * The run of characters of one class at the end of a text, found by scanning backwards. The
 * regex `/[A-Za-z0-9_]*$/` does the same but is quadratic: on a 1 MB word followed by `.`
 * it tries every start position and scans to the `.` from each.
 */
export function trailingRun(text: string, char: RegExp): string {
  let start = text.length;
  while (start > 0 && char.test(text[start - 1]!)) start--;
  return text.slice(start);
}
