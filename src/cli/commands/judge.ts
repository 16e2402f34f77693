// `peerlab judge calibrate --judge <provider>`: the judge's agreement with the gold set (accuracy and
// Cohen's kappa per job and per label), with every disagreement.
import { join } from "node:path";
import type { Command } from "commander";
import { environment, PACKAGE_ROOT, systemClock } from "../context.js";
import { printJson, printText } from "../output.js";
import { withDb, withJson } from "../options.js";

export const DEFAULT_GOLD = join(PACKAGE_ROOT, "test/fixtures/gold");

export function register(program: Command): void {
  const judge = program.command("judge").description("LLM judges: calibration against the gold set");
  withJson(withDb(judge.command("calibrate").description("run a judge over the gold set; report accuracy and Cohen's kappa per job")))
    .requiredOption("--judge <provider>", "the judge's provider, e.g. openai:gpt-4.1-mini or sim:judge")
    .option("--gold <dir>", "folder of gold items (YAML)", DEFAULT_GOLD)
    .option("--base-url <url>", "base URL for openai-compatible providers")
    .action(async (opts: { judge: string; gold: string; json?: boolean; baseUrl?: string }) => {
      const { calibrateJudge, checkJudgeProvider, loadGoldSet } = await import("../../scoring/index.js");
      const { Governor } = await import("../../models/index.js");
      checkJudgeProvider(opts.judge);
      const gold = loadGoldSet(opts.gold);
      if (opts.baseUrl) (await import("../../models/index.js")).checkBaseUrlConsent(opts.baseUrl, { kind: "option", flag: "--base-url" }, new Set());
      const result = await calibrateJudge(opts.judge, gold, {
        governor: new Governor({ concurrency: 4 }),
        clock: systemClock,
        env: environment(),
        baseUrl: opts.baseUrl,
      });
      if (opts.json) return printJson(result);
      const { formatTable } = await import("../../report/index.js");
      const f = (x: number | null) => (x === null ? "-" : x.toFixed(2));
      const rows = [["job", "label", "n", "accuracy", "kappa"]];
      for (const j of result.jobs) {
        rows.push([j.job, "(all)", String(j.n), f(j.accuracy), f(j.kappa)]);
        for (const k of j.keys) rows.push(["", k.key, String(k.n), f(k.accuracy), f(k.kappa)]);
      }
      const out = [`Judge ${result.judge} (prompts version ${result.version}) on ${result.items} gold items:`, "", formatTable(rows)];
      if (result.judge.startsWith("sim:")) out.push("", "sim:judge is a rule-based stand-in: this validates the calibration pipeline, not a model judge.");
      if (result.disagreements.length) {
        out.push("", "Disagreements:");
        for (const d of result.disagreements) out.push(`- ${d.item} ${d.key}: label ${d.expected}, judge ${d.got} — label reason: ${d.reason}`);
      }
      for (const x of result.failures) out.push(`judge failed on ${x.item} (${x.job}): ${x.error}`);
      out.push(
        "",
        `${result.usage.calls} judge calls, ${result.usage.input_tokens + result.usage.output_tokens} tokens, $${result.usage.cost_usd.toFixed(4)}.`,
      );
      printText(out.join("\n"));
    });
}
