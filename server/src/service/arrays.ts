/**
 * `target.push(...items)` without the spread: a spread passes every item as an argument on the
 * stack, and some hundred thousand of them (findings of a huge file, nodes of a big include)
 * throw "Maximum call stack size exceeded".
 */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
