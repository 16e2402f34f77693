// `peerlab list`: the runs in the database.
import type { Command } from "commander";
import { dbExists, openDb } from "../context.js";
import { printJson, printText } from "../output.js";
import { withDb, withJson } from "../options.js";

export function register(program: Command): void {
  withJson(withDb(program.command("list").description("list runs"))).action(async (opts: { db: string; json?: boolean }) => {
    const store = dbExists(opts.db) ? await openDb(opts, true) : null;
    const runs = store?.listRuns() ?? [];
    // Runs of one name are told apart by the spec keys in which they differ.
    const { runDistinctions } = await import("../run-distinctions.js");
    const differs = runDistinctions(runs.map((r) => ({ id: r.id, name: r.name, spec: store?.getRun(r.id)?.spec })));
    store?.close();
    if (opts.json) return printJson({ runs: runs.map((r) => ({ ...r, differs: differs.get(r.id) || null })) });
    if (runs.length === 0) return printText(`No runs in ${opts.db}. Try \`peerlab demo\`.`);
    const { formatTable } = await import("../../report/index.js");
    const anyAlike = runs.some((r) => differs.get(r.id));
    printText(
      formatTable([
        ["id", "name", "status", "created", "done", "failed", "episodes", ...(anyAlike ? ["differs from its namesakes"] : [])],
        ...runs.map((r) => [
          r.id,
          r.name,
          r.status,
          r.created,
          String(r.done),
          String(r.failed),
          String(r.episodes),
          ...(anyAlike ? [differs.get(r.id) || "-"] : []),
        ]),
      ]),
    );
  });
}
