// `peerlab scenarios`: scenario ids, parameters, targets and outcomes.
import type { Command } from "commander";
import { printJson, printText } from "../output.js";
import { withDb, withJson } from "../options.js";

export function register(program: Command): void {
  withJson(withDb(program.command("scenarios").description("list the scenarios with their parameters, targets and outcome keys"))).action(async (opts: { json?: boolean }) => {
    const { allScenarios } = await import("../../scenarios/index.js");
    const { formatTable } = await import("../../report/index.js");
    const list = allScenarios().map((s) => ({
      id: s.id,
      family: s.family,
      title: s.title,
      summary: s.summary,
      version: s.version,
      targets: s.targets,
      oversight: s.usesOversight,
      params: s.params.map((p) => ({ name: p.name, values: p.values, description: p.description })),
      default_params: s.defaultParams,
      outcomes: s.outcomes.map((o) => ({ key: o.key, type: o.type, description: o.description, judge_only: o.judgeOnly ?? false })),
    }));
    if (opts.json) return printJson({ scenarios: list });
    const rows = [["id", "targets", "parameters (study defaults)", "outcomes"]];
    for (const s of list) {
      rows.push([
        s.id,
        s.targets.join(", ") + (s.oversight ? " (+oversight)" : ""),
        s.params.length ? s.params.map((p) => `${p.name}: ${p.values.join("|")}`).join("; ") + ` (${s.default_params.map((d) => Object.values(d).join("@")).join(", ")})` : "-",
        s.outcomes.map((o) => o.key + (o.judge_only ? "*" : "")).join(", "),
      ]);
    }
    printText(formatTable(rows) + "\n\n* judge-only: needs a judge (`judge:` in the spec).");
  });
}
