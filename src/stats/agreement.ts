// Agreement between two raters over the same items (a judge against gold labels): observed
// agreement and Cohen's kappa, with the confusion counts behind them.

export interface AgreementResult {
  n: number;
  /** Share of items on which the raters agree; null when there are no items. */
  accuracy: number | null;
  /** Cohen's kappa; null when undefined (no items, or chance agreement is 1: one label only). */
  kappa: number | null;
  /** confusion[expected][got] = count. */
  confusion: Record<string, Record<string, number>>;
}

/** Cohen's (unweighted) kappa for paired labels: (po − pe) / (1 − pe). */
export function cohensKappa(pairs: readonly (readonly [string, string])[]): AgreementResult {
  const n = pairs.length;
  const confusion: Record<string, Record<string, number>> = {};
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  let agree = 0;
  for (const [expected, got] of pairs) {
    (confusion[expected] ??= {})[got] = (confusion[expected]![got] ?? 0) + 1;
    rows.set(expected, (rows.get(expected) ?? 0) + 1);
    cols.set(got, (cols.get(got) ?? 0) + 1);
    if (expected === got) agree++;
  }
  if (n === 0) return { n, accuracy: null, kappa: null, confusion };
  const po = agree / n;
  let pe = 0;
  for (const [label, r] of rows) pe += (r / n) * ((cols.get(label) ?? 0) / n);
  const kappa = pe >= 1 - 1e-12 ? null : (po - pe) / (1 - pe);
  return { n, accuracy: po, kappa, confusion };
}
