// Judge calibration: run a judge over the gold set and report, per job and per labelled key, the
// share of items where it agrees with the person's label and Cohen's kappa, with every disagreement.
import { cohensKappa } from "../stats/index.js";
import type { CallRecorder, ModelCallRecord } from "../models/index.js";
import type { OutcomeValue } from "../store/index.js";
import { judgeContextOf } from "./episode-judge.js";
import { LABEL_JOBS, type GoldItem } from "./gold.js";
import { JUDGE_VERSION } from "./jobs.js";
import { judgeEpisode, type JudgeDeps } from "./judge.js";

export interface KeyAgreement {
  key: string;
  n: number;
  accuracy: number | null;
  kappa: number | null;
  confusion: Record<string, Record<string, number>>;
}

export interface CalibrationResult {
  judge: string;
  version: string;
  items: number;
  jobs: { job: string; n: number; accuracy: number | null; kappa: number | null; keys: KeyAgreement[] }[];
  disagreements: { item: string; key: string; expected: string; got: string; reason: string; evidence: string }[];
  failures: { item: string; job: string; error: string }[];
  usage: { calls: number; input_tokens: number; output_tokens: number; cost_usd: number };
}

/** Labels compare as text: numbers rounded to whole points, null as "null". */
export function labelText(v: OutcomeValue | undefined): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "number") return String(Math.round(v));
  return String(v);
}

class CountingRecorder implements CallRecorder {
  usage = { calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 };
  refOf(): number | undefined {
    return undefined;
  }
  recordModelCall(call: ModelCallRecord): string {
    this.usage.calls++;
    this.usage.input_tokens += call.response.usage.input_tokens;
    this.usage.output_tokens += call.response.usage.output_tokens;
    this.usage.cost_usd += call.meta.cost_usd;
    return `c${this.usage.calls}`;
  }
}

export async function calibrateJudge(judge: string, gold: readonly GoldItem[], deps: JudgeDeps): Promise<CalibrationResult> {
  const recorder = new CountingRecorder();
  const pairs = new Map<string, [string, string][]>();
  const disagreements: CalibrationResult["disagreements"] = [];
  const failures: CalibrationResult["failures"] = [];
  for (const item of gold) {
    const ctx = judgeContextOf({
      scenario: item.scenario,
      title: item.title,
      outcomeKeys: item.outcomes,
      params: item.params,
      events: item.events as never,
      detected: item.detected,
    });
    const result = await judgeEpisode({ provider: judge, ctx, seed: 0, recorder }, deps);
    for (const j of result.jobs) if (!j.ok) failures.push({ item: item.id, job: j.job, error: j.error ?? "" });
    for (const [key, label] of Object.entries(item.labels)) {
      const expected = labelText(label.value);
      // A `refused` label is the refusal job's answer, which the judge stores as refused_explicit (the
      // study's broader rule on alignment faking is applied later, in the report).
      const got = labelText(key === "refused" && result.outcomes.refused === undefined ? result.outcomes.refused_explicit : result.outcomes[key]);
      pairs.set(key, [...(pairs.get(key) ?? []), [expected, got]]);
      if (expected !== got)
        disagreements.push({
          item: item.id,
          key,
          expected,
          got,
          reason: label.reason,
          evidence: result.evidence[key] ?? (key === "refused" ? (result.evidence.refused_explicit ?? "") : ""),
        });
    }
  }
  const keys = [...pairs.keys()].sort();
  const jobs = [...new Set(keys.map((k) => LABEL_JOBS[k]!))].sort().map((job) => {
    const own = keys.filter((k) => LABEL_JOBS[k] === job);
    const all = own.flatMap((k) => pairs.get(k)!.map(([e, g]) => [`${k}=${e}`, `${k}=${g}`] as [string, string]));
    const total = cohensKappa(all);
    return {
      job,
      n: total.n,
      accuracy: total.accuracy,
      kappa: total.kappa,
      keys: own.map((key) => ({ key, ...cohensKappa(pairs.get(key)!) })),
    };
  });
  return { judge, version: JUDGE_VERSION, items: gold.length, jobs, disagreements, failures, usage: recorder.usage };
}
