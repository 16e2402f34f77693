// Outcomes as Inspect scorers: one scorer per outcome key, declared in the log header with Inspect's
// built-in metrics (accuracy and stderr for a yes/no outcome, mean and stderr for a number), trials as
// epochs reduced by mean. The results are computed the way Inspect recomputes them
// (inspect_ai src/inspect_ai/_eval/task/results.py `eval_results`, scorer/_reducer mean_score,
// scorer/_metrics accuracy / mean / std.stderr), so `recompute_metrics` reproduces our rates.
// Our own intervals (Wilson for rates, t for means) go in each score's metadata.
import { meanInterval, wilson } from "../../../stats/index.js";

export type OutcomeValue = boolean | number | string | null | undefined;

export interface ScoredEpoch {
  sampleId: string;
  epoch: number;
  outcomes: ReadonlyMap<string, OutcomeValue>;
}

export interface InspectScorer {
  key: string;
  kind: "rate" | "mean";
}

const metric = (name: string) => ({ name: `inspect_ai/${name}`, options: {} });

/** A yes/no outcome is a rate (accuracy); a number a mean. Text outcomes are not scorers: they go in metadata. */
export function scorersOf(epochs: readonly ScoredEpoch[]): InspectScorer[] {
  const kinds = new Map<string, "rate" | "mean">();
  for (const e of epochs)
    for (const [key, v] of e.outcomes) {
      if (typeof v === "boolean" && !kinds.has(key)) kinds.set(key, "rate");
      else if (typeof v === "number") kinds.set(key, "mean");
    }
  return [...kinds.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, kind]) => ({ key, kind }));
}

export function scorerDeclarations(scorers: readonly InspectScorer[]) {
  return scorers.map((s) => ({
    name: s.key,
    options: {},
    metrics: s.kind === "rate" ? [metric("accuracy"), metric("stderr")] : [metric("mean"), metric("stderr")],
    metadata: {},
  }));
}

const toFloat = (v: boolean | number) => (typeof v === "boolean" ? (v ? 1 : 0) : v);

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Inspect's stderr: sample standard deviation (n − 1) over √n, 0 below two values. */
function stderr(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1)) / Math.sqrt(xs.length);
}

function valuesOf(epochs: readonly ScoredEpoch[], key: string): { sampleId: string; value: boolean | number }[] {
  return epochs.flatMap((e) => {
    const v = e.outcomes.get(key);
    return typeof v === "boolean" || typeof v === "number" ? [{ sampleId: e.sampleId, value: v }] : [];
  });
}

/** Per scorer: each sample's epochs reduced by mean, then the metrics over the reduced values. */
export function resultsAndReductions(scorers: readonly InspectScorer[], epochs: readonly ScoredEpoch[]) {
  const scores = [];
  const reductions = [];
  for (const s of scorers) {
    const values = valuesOf(epochs, s.key);
    const bySample = new Map<string, number[]>();
    for (const v of values) bySample.set(v.sampleId, [...(bySample.get(v.sampleId) ?? []), toFloat(v.value)]);
    const reduced = [...bySample.entries()].map(([sampleId, xs]) => ({ sample_id: sampleId, value: mean(xs), history: [] }));
    const rv = reduced.map((r) => r.value);
    const main = s.kind === "rate" ? "accuracy" : "mean";
    const ours = s.kind === "rate" ? rateMetadata(values.map((v) => v.value)) : meanMetadata(values.map((v) => toFloat(v.value)));
    scores.push({
      name: s.key,
      scorer: s.key,
      reducer: "mean",
      scored_samples: reduced.length,
      unscored_samples: 0,
      params: {},
      metrics: {
        [main]: { name: main, value: rv.length ? mean(rv) : 0, params: {} },
        stderr: { name: "stderr", value: stderr(rv), params: {} },
      },
      metadata: { peerlab: ours },
    });
    reductions.push({ scorer: s.key, reducer: "mean", samples: reduced });
  }
  return { scores, reductions };
}

function rateMetadata(values: readonly (boolean | number)[]) {
  const k = values.filter((v) => v === true || v === 1).length;
  const w = wilson(k, values.length);
  return { k, n: values.length, rate: w.rate, ci: w.ci, interval: "95% Wilson" };
}

function meanMetadata(values: readonly number[]) {
  const m = meanInterval(values);
  return { n: m.n, mean: m.mean, sd: m.sd, ci: m.ci, interval: "95% t" };
}
