// `peerlab db check <db>`: the database's integrity check, then every stored episode record verified (each
// payload's hash, the chain to the digest, the rows and the judgments' bindings); says what is intact.
// `peerlab db copy <from> <to>`: copy runs between SQLite files and PostgreSQL databases (store/copy.ts).
import type { Command } from "commander";
import { printable } from "../../spec/index.js";
import { openDb } from "../context.js";
import { printJson, printText, note } from "../output.js";

export function register(program: Command): void {
  const db = program.command("db").description("check a database, or copy runs between databases");
  db.command("check")
    .argument("<db>", "the database: a SQLite file or a postgres:// URL")
    .description(
      "the database's integrity check (SQLite's; on PostgreSQL, that its tables are there) " +
        "plus hash-chain verification of every run's episodes; nothing is repaired",
    )
    .option("--json", "print one JSON document")
    .action(async (file: string, opts: { json?: boolean }) => {
      const { checkDatabase, describeProblems, integrityCheck } = await import("../../store/index.js");
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
          printText(`${file.match(/^postgres(?:ql)?:\/\//i) ? "PostgreSQL" : "SQLite"} integrity: ${integrity.map((l) => printable(l)).join("; ")}`);
          for (const g of r.groups) {
            const name = g.run ? `${printable(g.run.name)} (${g.run.id})` : "episodes of no run (branches)";
            printText(
              `${name}: ${g.intact}/${g.attempts} attempt(s) of ${g.episodes} episode(s) intact` +
                `${g.unbound ? `; ${g.unbound} judgment(s) unbound, recorded before judgments were bound` : ""}`,
            );
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

  db.command("copy")
    .argument("<from>", "the source database (a SQLite file or a postgres:// URL); only read")
    .argument("<to>", "the destination database (created and migrated if new)")
    .option("--run <id>", "copy this run (id, id prefix or name; repeatable); default: every run", (v: string, prev: string[] = []) => [...prev, v])
    .option("--json", "print one JSON document")
    .description(
      "copy runs between SQLite and PostgreSQL in one transaction: a run already there and identical is skipped, " +
        "a conflicting one refused (exit 2); the copy is verified before it commits",
    )
    .action(async (from: string, to: string, opts: { run?: string[]; json?: boolean }) => {
      const { copyRuns } = await import("../../store/index.js");
      const { scrubUrl } = await import("../../store/index.js");
      // Read-only: the source stays exactly as it was (an older schema is refused, not migrated).
      const source = await openDb({ db: from }, true, true);
      try {
        const dest = await openDb({ db: to });
        try {
          const copied = copyRuns(source, dest, opts.run ?? []);
          if (opts.json) printJson({ from: scrubUrl(from), to: scrubUrl(to), runs: copied });
          else {
            for (const r of copied) {
              printText(
                `${printable(r.name)} (${r.id}): ` +
                  `${r.outcome === "copied" ? `copied, ${r.episodes} episode(s), ${r.rows} row(s), verified` : "already there and identical; skipped"}`,
              );
            }
            if (copied.length === 0) printText("No runs to copy.");
          }
        } finally {
          dest.close();
        }
      } finally {
        source.close();
      }
    });
}
