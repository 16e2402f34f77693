// `peerlab scenarios`: scenario ids, parameters, targets and outcomes.
import type { Command } from "commander";
import { printJson, printText } from "../output.js";
import { withDb, withJson } from "../options.js";

export function register(program: Command): void {
  withJson(withDb(program.command("scenarios").description("list the scenarios with their parameters, targets and outcome keys"))).action(
    async (opts: { json?: boolean }) => {
      const { allScenarios, itemSetCalibration } = await import("../../scenarios/index.js");
      const { formatTable } = await import("../../util/index.js");
      const list = allScenarios().map((s) => ({
        id: s.id,
        family: s.family,
        title: s.title,
        summary: s.summary,
        version: s.version,
        targets: s.targets,
        oversight: s.usesOversight,
        params: s.params.map((p) => ({ name: p.name, values: p.values, range: p.range ?? null, description: p.description })),
        default_params: s.defaultParams,
        outcomes: s.outcomes.map((o) => ({ key: o.key, type: o.type, description: o.description, judge_only: o.judgeOnly ?? false })),
        item_sets: itemSetCalibration(s),
      }));
      if (opts.json) return printJson({ scenarios: list });
      const rows = [["id", "targets", "parameters (study defaults)", "outcomes"]];
      for (const s of list) {
        rows.push([
          s.id,
          s.targets.join(", ") + (s.oversight ? " (+oversight)" : ""),
          s.params.length
            ? s.params.map((p) => `${p.name}: ${p.values.join("|")}${p.range ? ` (any ${p.range.min}–${p.range.max})` : ""}`).join("; ") +
              ` (${s.default_params.map((d) => Object.values(d).join("@")).join(", ")})`
            : "-",
          s.outcomes.map((o) => o.key + (o.judge_only ? "*" : "")).join(", "),
        ]);
      }
      const sets = new Map(list.flatMap((s) => s.item_sets.map((c) => [c.name, c] as const)));
      const calib = [["item set", "honest average", "intended", "distance to each threshold"]];
      for (const c of sets.values()) {
        calib.push([
          c.name,
          String(c.honest_average),
          c.intended ? `${c.intended[0]}-${c.intended[1]}` : "-",
          c.thresholds.map((t) => `${t.threshold}: ${t.distance > 0 ? "+" : ""}${t.distance}`).join(", "),
        ]);
      }
      printText(
        formatTable(rows) +
          "\n\n* judge-only: needs a judge (`judge:` in the spec).\n\n" +
          formatTable(calib) +
          "\n\nDistance: how far the threshold lies above an honest grader's average (in points).",
      );
    },
  );
}
