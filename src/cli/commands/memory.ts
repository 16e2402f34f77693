// `peerlab memory show|reset|list`: the persistent memory of a lineage (a `persist: true` cell).
import type { Command } from "commander";
import { openDb } from "../context.js";
import { note, printJson, printText } from "../output.js";
import { choiceOption, withDb, withJson } from "../options.js";

export function register(program: Command): void {
  const memory = program.command("memory").description("persistent memory of a lineage: show, reset, list");

  withJson(withDb(memory.command("list").description("lineages that have memory"))).action(async (opts: { db: string; json?: boolean }) => {
    const store = await openDb(opts, true);
    try {
      const { listLineages } = await import("../../lineage/index.js");
      const list = listLineages(store);
      if (opts.json) return printJson({ lineages: list });
      if (!list.length) return printText("No lineage has memory yet (run a spec with persist: true).");
      const { formatTable } = await import("../../report/index.js");
      printText(formatTable([["lineage", "items", "episodes"], ...list.map((l) => [l.lineage, String(l.items), String(l.episodes)])]));
    } finally {
      store.close();
    }
  });

  withJson(
    withDb(
      memory
        .command("show")
        .argument("<lineage>", "lineage id (a cell id) or a unique prefix")
        .description("what each agent of a lineage remembers, with provenance"),
    ),
  )
    .addOption(choiceOption("--agent <agent>", "whose memory to print", ["evaluator", "peer"], "evaluator"))
    .action(async (ref: string, opts: { db: string; json?: boolean; agent: "evaluator" | "peer" }) => {
      const store = await openDb(opts, true);
      try {
        const { viewLineage, renderLineageView } = await import("../../lineage/index.js");
        const view = await viewLineage(store, ref);
        if (opts.json) return printJson(view);
        printText(renderLineageView(view, opts.agent));
      } finally {
        store.close();
      }
    });

  withJson(
    withDb(
      memory
        .command("reset")
        .argument("<lineage>", "lineage id (a cell id) or a unique prefix")
        .description("forget what a lineage's agents learned; its later trials start from the fixture again"),
    ),
  ).action(async (ref: string, opts: { db: string; json?: boolean }) => {
    const store = await openDb(opts);
    try {
      const { resetLineage } = await import("../../lineage/index.js");
      const r = resetLineage(store, ref);
      if (opts.json) return printJson(r);
      printText(`Reset lineage ${r.lineage}: removed ${r.removed} memory item(s).`);
      note("Finished episodes keep the memory they recorded; trials that run from now on start again from the fixture.");
    } finally {
      store.close();
    }
  });
}
