// Holm's step-down adjustment for multiple comparisons: monotone, capped at 1, in input order.
// Null p-values (undefined tests) stay null and do not count as comparisons.
export function holm(pvalues: readonly (number | null)[]): (number | null)[] {
  const indexed = pvalues.map((p, i) => ({ p, i })).filter((x): x is { p: number; i: number } => x.p !== null);
  indexed.sort((a, b) => a.p - b.p || a.i - b.i);
  const m = indexed.length;
  const out: (number | null)[] = pvalues.map(() => null);
  let running = 0;
  indexed.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}
