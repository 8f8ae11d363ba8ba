/** A random edit applied by the fuzz tests: truncate, delete a span, or insert text at a position. */
export type Mutation = { kind: string; at: number; text?: string; length?: number };

/** Applies mutations in order; positions wrap around the current length so any number is valid. */
export function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    if (m.kind === 'cut') out = out.slice(0, at);
    else if (m.kind === 'delete') out = out.slice(0, at) + out.slice(at + (m.length ?? 0));
    else out = out.slice(0, at) + (m.text ?? '') + out.slice(at);
  }
  return out;
}
