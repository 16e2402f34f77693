// `peerlab db check <db>`: SQLite's integrity check, then every stored episode record verified (each
// payload's hash, the chain to the digest, the rows and the judgments' bindings); says what is intact.
import type { Command } from "commander";
import { printable } from "../../spec/index.js";
import { openDb } from "../context.js";
import { printJson, printText, note } from "../output.js";

export function register(program: Command): void {
  const db = program.command("db").description("check a database");
  db.command("check")
    .argument("<db>", "the database file")
    .description("SQLite's integrity check plus hash-chain verification of every run's episodes; nothing is repaired")
    .option("--json", "print one JSON document")
    .action(async (file: string, opts: { json?: boolean }) => {
      const { checkDatabase, integrityCheck } = await import("../../store/verify-db.js");
      const { describeProblems } = await import("../../store/verify-log.js");
      const store = await openDb({ db: file }, true);
      try {
        const integrity = integrityCheck(store);
        const r = checkDatabase(store, integrity);
        if (opts.json) {
          printJson({
            ok: r.ok,
            integrity,
            runs: r.groups.map((g) => ({
              ...(g.run ? { id: g.run.id, name: g.run.name } : { id: null, name: null }),
              episodes: g.episodes,
              attempts: g.attempts,
              intact: g.intact,
              unbound_judgments: g.unbound,
              problems: g.broken.flatMap(describeProblems),
            })),
          });
        } else {
          printText(`SQLite integrity: ${integrity.map((l) => printable(l)).join("; ")}`);
          for (const g of r.groups) {
            const name = g.run ? `${printable(g.run.name)} (${g.run.id})` : "episodes of no run (branches)";
            printText(`${name}: ${g.intact}/${g.attempts} attempt(s) of ${g.episodes} episode(s) intact${g.unbound ? `; ${g.unbound} judgment(s) unbound, recorded before judgments were bound` : ""}`);
            for (const c of g.broken) for (const line of describeProblems(c)) printText(`  ${printable(line)}`);
          }
          if (r.groups.length === 0) printText("No episodes stored.");
        }
        if (!r.ok) {
          note("The database does not verify: the lines above name each record that differs from what was recorded. Nothing was repaired.");
          process.exitCode = 1;
        }
      } finally {
        store.close();
      }
    });
}
