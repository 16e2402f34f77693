// `peerlab episodes <run>`: list a run's episodes (id, conditions, trial, status, outcomes), filtered;
// the ids are what `peerlab show`, `peerlab replay` and the viewer take.
import type { Command } from "commander";
import { openDb } from "../context.js";
import { note, printJson, printText } from "../output.js";
import { withDb, withJson } from "../options.js";

const STATUSES = ["pending", "running", "done", "failed", "cancelled"];

function cellText(v: unknown): string {
  return v === null || v === undefined ? "-" : typeof v === "number" ? String(Math.round(v * 100) / 100) : String(v);
}

export function register(program: Command): void {
  withJson(
    withDb(
      program
        .command("episodes")
        .argument("<run>", "run id, id prefix or name")
        .description("a run's episodes with their conditions and outcomes; filter with the options"),
    ),
  )
    .option("--scenario <id>", "only this scenario")
    .option("--peer <peer>", "only this peer condition (absent, a fixture id or path as written in the spec)")
    .option("--delivery <mode>", "only this delivery")
    .option("--status <status>", `only episodes in this status (${STATUSES.join(", ")})`)
    .option("--outcome <key=value>", "only episodes whose outcome has this value, e.g. inflated=true, reported_score=80")
    .option("--limit <n>", "print at most this many (the JSON has all)", "200")
    .action(
      async (
        runRef: string,
        opts: { db: string; json?: boolean; scenario?: string; peer?: string; delivery?: string; status?: string; outcome?: string; limit: string },
      ) => {
        const { PeerlabError } = await import("../../errors.js");
        if (opts.status !== undefined && !STATUSES.includes(opts.status))
          throw new PeerlabError("ARGS_INVALID", `--status: expected one of ${STATUSES.join(", ")}, got ${JSON.stringify(opts.status)}`);
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new PeerlabError("ARGS_INVALID", `--limit: expected a whole number of at least 1, got ${JSON.stringify(opts.limit)}`);
        const { listEpisodes, parseOutcomeFilter, formatTable } = await import("../../report/index.js");
        const filter = {
          scenario: opts.scenario,
          peer: opts.peer,
          delivery: opts.delivery,
          status: opts.status,
          outcome: opts.outcome === undefined ? undefined : parseOutcomeFilter(opts.outcome),
        };
        const store = await openDb(opts, true);
        try {
          const listing = listEpisodes(store, runRef, filter);
          if (opts.json) return printJson(listing);
          if (listing.episodes.length === 0) return printText(`No episode of ${listing.run_id} matches (${listing.total} in the run).`);
          const keys = [...new Set(listing.episodes.flatMap((e) => Object.keys(e.outcomes).filter((k) => typeof e.outcomes[k] !== "string")))].sort();
          const shown = listing.episodes.slice(0, limit);
          printText(
            formatTable([
              ["episode", "trial", "status", "conditions", ...keys],
              ...shown.map((e) => [e.episode_id, String(e.trial), e.status, e.conditions, ...keys.map((k) => cellText(e.outcomes[k]))]),
            ]),
          );
          note(
            `${listing.episodes.length} of ${listing.total} ` +
              `episodes${shown.length < listing.episodes.length ? `, ${shown.length} shown (--limit, or --json for all)` : ""}; ` +
              `\`peerlab show <episode>\` prints one.`,
          );
        } finally {
          store.close();
        }
      },
    );
}
