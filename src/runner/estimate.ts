// What a run will cost before it is run: model calls, tokens, dollars and time per role. Sim episodes
// are dry-run in memory (exact); real models are estimated from a compliant sim walk of the same cell
// (the honest path through the task) with stated assumptions. Nothing is called.
import { buildEpisodeGraph } from "../episode/index.js";
import { runEpisode } from "../episode/index.js";
import { Governor } from "../models/index.js";
import { costOf, priceOf } from "../models/index.js";
import type { ResolvedExperiment } from "./load.js";
import type { Clock } from "../util/index.js";
import type { PlanResult } from "./plan.js";
import { isSimulatedProvider } from "../spec/index.js";

export interface RoleEstimate {
  role: string;
  provider: string;
  calls: number;
  input_tokens: number;
  output_tokens: number;
  /** null when the provider has no known price. */
  cost_usd: number | null;
}

/** The estimate as stored with a run (provenance `plan`), in the shape reports read for plan against actual. */
export function planProvenance(plan: { episodes: number }, e: PlanEstimate): Record<string, unknown> {
  const byRole: Record<string, { calls: number; input_tokens: number; output_tokens: number; tokens: number; cost_usd: number | null }> = {};
  for (const r of e.roles) {
    const b = (byRole[r.role] ??= { calls: 0, input_tokens: 0, output_tokens: 0, tokens: 0, cost_usd: 0 });
    b.calls += r.calls;
    b.input_tokens += r.input_tokens;
    b.output_tokens += r.output_tokens;
    b.tokens += r.input_tokens + r.output_tokens;
    b.cost_usd = b.cost_usd === null || r.cost_usd === null ? null : b.cost_usd + r.cost_usd;
  }
  const sum = (k: "input_tokens" | "output_tokens") => e.roles.reduce((s, r) => s + r[k], 0);
  return {
    episodes: plan.episodes,
    calls: e.calls,
    input_tokens: sum("input_tokens"),
    output_tokens: sum("output_tokens"),
    tokens: e.tokens,
    cost_usd: e.cost_usd,
    seconds: e.seconds,
    exact: e.exact,
    by_role: byRole,
    assumptions: e.assumptions,
  };
}

/**
 * The estimate a run keeps with itself (provenance `plan`) and `peerlab plan` shows by default, so plan
 * and report agree on the planned calls: one dry run per cell stands for its trials (a run starts at
 * once). `peerlab plan --exact` dry-runs every sim episode instead (exact for sim agents, slower).
 */
export const RUN_ESTIMATE: Pick<EstimateOptions, "maxDryRuns"> = { maxDryRuns: 0 };

export interface PlanEstimate {
  /** True when every episode was dry-run (sim agents only). */
  exact: boolean;
  dry_runs: number;
  roles: RoleEstimate[];
  calls: number;
  tokens: number;
  cost_usd: number | null;
  /** Wall time at the configured concurrency, with the assumed latency per call. */
  seconds: number;
  assumptions: string[];
}

export interface EstimateOptions {
  clock: Clock;
  /** Dry-run at most this many sim episodes; past it, each cell's first trials stand for the rest. */
  maxDryRuns?: number;
  /** Assumed seconds per call of a real model. */
  secondsPerCall?: number;
  /** Real models are assumed to take this many times the compliant walk's turns. */
  turnFactor?: number;
  /** Assumed output tokens per real call. */
  outputTokensPerCall?: number;
}

interface Walk {
  calls: number;
  input: number;
  output: number;
}

export async function estimatePlan(plan: PlanResult, resolved: ResolvedExperiment, opts: EstimateOptions): Promise<PlanEstimate> {
  const maxDryRuns = opts.maxDryRuns ?? 2000;
  const secondsPerCall = opts.secondsPerCall ?? 4;
  const turnFactor = opts.turnFactor ?? 1.5;
  const outPerCall = opts.outputTokensPerCall ?? 300;
  const graph = buildEpisodeGraph();
  const governor = new Governor();
  const walk = async (cell: PlanResult["cells"][number], trial: number, seed: number, evaluator?: string): Promise<Walk> => {
    const r = await runEpisode(
      { episodeId: `plan-${cell.id}-${trial}`, attempt: 1, trial, seed, cell: cell.key, fixture: cell.fixture, evaluator },
      { store: null, governor, clock: opts.clock, env: {}, graph },
    );
    const calls = r.recorder.events
      .filter((e) => e.kind === "model_call")
      .map((e) => (e.payload as { response: { usage: { input_tokens: number; output_tokens: number } } }).response.usage);
    return { calls: calls.length, input: calls.reduce((s, u) => s + u.input_tokens, 0), output: calls.reduce((s, u) => s + u.output_tokens, 0) };
  };

  const simEpisodes = plan.cells.filter((c) => isSimulatedProvider(c.key.evaluator)).reduce((s, c) => s + c.trials, 0);
  const perCellSample = simEpisodes <= maxDryRuns ? Infinity : Math.max(1, Math.floor(maxDryRuns / Math.max(1, plan.cells.length)));
  const roles = new Map<string, RoleEstimate>();
  const add = (provider: string, w: Walk, times: number) => {
    const r = roles.get(provider) ?? { role: "evaluator", provider, calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 };
    r.calls += w.calls * times;
    r.input_tokens += w.input * times;
    r.output_tokens += w.output * times;
    roles.set(provider, r);
  };
  let dryRuns = 0;
  let realCalls = 0;
  for (const cell of plan.cells) {
    const provider = cell.key.evaluator;
    if (isSimulatedProvider(provider)) {
      const sample = cell.episodes.slice(0, Math.min(cell.episodes.length, perCellSample));
      const walks: Walk[] = [];
      for (const e of sample) walks.push(await walk(cell, e.trial, e.seed));
      dryRuns += walks.length;
      const scale = cell.episodes.length / walks.length;
      for (const w of walks) add(provider, w, scale);
    } else {
      const e = cell.episodes[0]!;
      const w = await walk(cell, e.trial, e.seed, "sim:compliant");
      dryRuns++;
      const turns = Math.ceil(w.calls * turnFactor);
      // Each call re-sends the growing transcript: scale the walk's input by the extra turns, quadratically.
      const input = Math.round(w.input * turnFactor * turnFactor);
      const real = { calls: turns, input, output: turns * outPerCall };
      add(provider, real, cell.trials);
      realCalls += turns * cell.trials;
    }
  }
  let cost: number | null = 0;
  for (const r of roles.values()) {
    const price = priceOf(r.provider, resolved.spec.prices);
    r.cost_usd = price ? costOf(price, { input_tokens: r.input_tokens, output_tokens: r.output_tokens }) : null;
    cost = cost === null || r.cost_usd === null ? null : cost + r.cost_usd;
    r.calls = Math.round(r.calls);
    r.input_tokens = Math.round(r.input_tokens);
    r.output_tokens = Math.round(r.output_tokens);
  }
  const list = [...roles.values()];
  const assumptions: string[] = [];
  if (realCalls) {
    assumptions.push(`real models: ${turnFactor}x the turns of a compliant walk of each cell, ${outPerCall} output tokens and ${secondsPerCall}s per call`);
  }
  if (perCellSample !== Infinity) assumptions.push(`sim: the first ${perCellSample} trial(s) of each cell were dry-run and stand for the rest`);
  if (list.some((r) => r.cost_usd === null)) assumptions.push("no price is known for some providers; add them under `prices:` in the spec");
  return {
    exact: realCalls === 0 && perCellSample === Infinity,
    dry_runs: dryRuns,
    roles: list,
    calls: list.reduce((s, r) => s + r.calls, 0),
    tokens: list.reduce((s, r) => s + r.input_tokens + r.output_tokens, 0),
    cost_usd: cost,
    seconds: (realCalls * secondsPerCall) / resolved.spec.concurrency,
    assumptions,
  };
}
