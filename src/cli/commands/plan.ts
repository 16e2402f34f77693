// `peerlab plan <spec.yaml>`: cells and episodes of a run, and what the database already has.
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { openDb } from "../context.js";
import { printJson, printText } from "../output.js";
import { withDb, withJson } from "../options.js";

export function register(program: Command): void {
  withJson(withDb(program.command("plan").argument("<spec>", "experiment spec (YAML)").description("cells, episodes and what is already done; calls nothing")))
    .option("--exact", "dry-run every sim episode (exact calls for sim agents; slower) instead of one per cell, the estimate a run keeps")
    .action(async (specFile: string, opts: { db: string; json?: boolean; exact?: boolean }) => {
      const { loadExperimentFile, planRun, estimatePlan, RUN_ESTIMATE, withEvaluatorBaseUrls } = await import("../../runner/index.js");
      const { systemClock, environment } = await import("../context.js");
      // The evaluator's base URL is part of a cell's identity, as when the run starts.
      const resolved = withEvaluatorBaseUrls(loadExperimentFile(specFile), environment());
      const store = existsSync(opts.db) ? await openDb(opts, true) : null;
      try {
        const plan = planRun(resolved, store);
        // By default the estimate the run keeps, so the report's plan against actual shows these calls.
        const estimate = await estimatePlan(plan, resolved, { clock: systemClock, ...(opts.exact ? {} : RUN_ESTIMATE) });
        if (opts.json) {
          return printJson({
            run_id: plan.run_id,
            name: plan.name,
            cells: plan.cells.map((c) => ({ id: c.id, ...c.key, trials: c.trials })),
            skipped: plan.skipped,
            episodes: plan.episodes,
            done: plan.done,
            pending: plan.episodes - plan.done,
            estimate,
          });
        }
        const { formatTable } = await import("../../report/index.js");
        // Factors beyond the fixed columns (party, variants, ...) get a column where they vary.
        const { showFactor, varyingFactors } = await import("../../spec/index.js");
        const fixed = new Set(["scenario", "params", "evaluator", "target", "peer", "threat", "delivery", "oversight"]);
        const extra = varyingFactors(plan.cells.map((c) => c.key)).filter((f) => !fixed.has(f.key));
        printText(
          [
            `Run ${plan.run_id} (${plan.name}): ${plan.cells.length} cells × ${resolved.spec.trials} trials ` +
              `= ${plan.episodes} episodes; ${plan.done} already done, ${plan.episodes - plan.done} to run.`,
            "",
            formatTable([
              ["cell", "scenario", "params", "evaluator", "target", "peer", "threat", "delivery", "oversight", ...extra.map((f) => f.key)],
              ...plan.cells.map((c) => [
                c.id,
                c.key.scenario,
                Object.entries(c.key.params)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(","),
                c.key.evaluator,
                c.key.target,
                c.key.peer,
                c.key.threat,
                c.key.delivery ?? "-",
                c.key.oversight ?? "-",
                ...extra.map((f) => showFactor(f.key, c.key)),
              ]),
            ]),
            ...plan.skipped.map((s) => `skipped: ${s.reason}`),
            "",
            `Estimate (${
              estimate.exact
                ? "exact: every sim episode was dry-run"
                : opts.exact
                  ? "estimated"
                  : "one dry run per cell, the estimate the run keeps for its report; --exact dry-runs every sim episode"
            }): ${
              estimate.calls
            } model calls, ${estimate.tokens} tokens, ${estimate.cost_usd === null ? "cost unknown" : `$${estimate.cost_usd.toFixed(2)}`}, about ${Math.ceil(
              estimate.seconds / 60,
            )} min of model time at concurrency ${resolved.spec.concurrency}.`,
            formatTable([
              ["role", "provider", "calls", "input tokens", "output tokens", "cost"],
              ...estimate.roles.map((r) => [
                r.role,
                r.provider,
                String(r.calls),
                String(r.input_tokens),
                String(r.output_tokens),
                r.cost_usd === null ? "unknown" : `$${r.cost_usd.toFixed(2)}`,
              ]),
            ]),
            ...estimate.assumptions.map((a) => `assumed: ${a}`),
          ].join("\n"),
        );
      } finally {
        store?.close();
      }
    });
}
