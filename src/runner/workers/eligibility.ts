// Whether this worker may serve a run: recorded by the same peerlab and scenario versions as its own
// (episodes continued by other code would not be the run's episodes), its providers reachable with
// this worker's own keys and consent (the base-URL rule: a stored URL to a host the user did not allow
// is never sent a key), and its budget not reached. Otherwise the reason, for the worker to say.
import { BudgetTracker, describeBreach, runPreflight } from "../../models/index.js";
import { PeerlabError } from "../../errors.js";
import { getScenario, hasScenario } from "../../scenarios/index.js";
import type { Store } from "../../store/index.js";
import { storedBaseUrlEnv, withEvaluatorBaseUrls } from "../base-urls.js";
import type { ResolvedExperiment } from "../load.js";
import { resolvedFromRun } from "../stored.js";

export type Eligibility = { ok: true; resolved: ResolvedExperiment; env: Record<string, string | undefined> } | { ok: false; reason: string };

export interface WorkerIdentity {
  /** This peerlab's version (package.json). */
  peerlab: string;
  env: Record<string, string | undefined>;
  allowedHosts: ReadonlySet<string>;
}

export function eligibility(store: Store, runId: string, me: WorkerIdentity): Eligibility {
  const run = store.getRun(runId);
  if (!run) return { ok: false, reason: "it is no longer in the database" };
  if (run.status !== "running") return { ok: false, reason: `it is ${run.status}` };
  const recorded = (run.provenance as { peerlab?: unknown } | null)?.peerlab;
  if (recorded !== me.peerlab)
    return { ok: false, reason: `it was recorded by peerlab ${typeof recorded === "string" ? recorded : "(unknown)"}; this worker is peerlab ${me.peerlab}` };
  for (const { cell } of store.runCells(runId)) {
    const { scenario, scenario_version: version } = cell.key as { scenario: string; scenario_version: string };
    if (!hasScenario(scenario)) return { ok: false, reason: `its scenario ${scenario} is not known to this worker` };
    const mine = getScenario(scenario).version;
    if (mine !== version) return { ok: false, reason: `it was recorded with scenario ${scenario} version ${version}; this worker has version ${mine}` };
  }
  let resolved: ResolvedExperiment;
  let env: Record<string, string | undefined>;
  try {
    const stored = resolvedFromRun(store, runId);
    env = { ...me.env, ...storedBaseUrlEnv(stored, runId, me.env, me.allowedHosts) };
    resolved = withEvaluatorBaseUrls(stored, env);
    runPreflight({ spec: resolved.spec, env, file: resolved.file, allowedHosts: new Set(me.allowedHosts) });
  } catch (e) {
    if (e instanceof PeerlabError) return { ok: false, reason: e.message };
    throw e;
  }
  if (resolved.spec.budget) {
    // The ledger once any process has spent through it; before that, the recorded calls.
    const ledger = store.ledger?.spent(runId) ?? [];
    const spent = ledger.length > 0 ? ledger : store.runUsage(runId).map((u) => ({ role: u.role, tokens: u.input_tokens + u.output_tokens, usd: u.cost_usd }));
    const breach = new BudgetTracker(resolved.spec.budget, spent).breach;
    if (breach) return { ok: false, reason: describeBreach(breach) };
  }
  return { ok: true, resolved, env };
}
