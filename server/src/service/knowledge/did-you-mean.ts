/**
 * "Did you mean ...?" suggestions for unknown nginx directives, gunicorn settings and uWSGI
 * options. Uses the optimal-string-alignment variant of Damerau-Levenshtein, because the usual
 * typo is two swapped letters (`proxy_psas`), which plain Levenshtein counts as two edits.
 */

/**
 * Edit distance between `a` and `b` (insert, delete, substitute, swap adjacent), or
 * `limit + 1` as soon as it is certain to exceed `limit`; the early exit keeps a scan over
 * ~1000 directive names cheap.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a === b) return 0;
  const n = b.length;
  // Three rows: two back is needed for transpositions.
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n] ?? 0;
}

/**
 * Candidates within `maxDistance` edits of `name`, nearest first (ties alphabetical). Case is
 * ignored when measuring, so `Proxy_Pass` still finds `proxy_pass`; `name` itself is never
 * suggested.
 */
export function didYouMean(name: string, candidates: Iterable<string>, maxDistance = 2): string[] {
  const needle = name.toLowerCase();
  const hits: { candidate: string; distance: number }[] = [];
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = editDistance(needle, candidate.toLowerCase(), maxDistance);
    if (distance <= maxDistance) hits.push({ candidate, distance });
  }
  hits.sort((x, y) => x.distance - y.distance || (x.candidate < y.candidate ? -1 : x.candidate > y.candidate ? 1 : 0));
  return hits.map((h) => h.candidate);
}
