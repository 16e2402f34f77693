// Side by side on one server in one run: N single model calls at concurrency C through peerlab's model
// path, through a bare loop over the official openai SDK (the floor), and through promptfoo eval.
// Ratios are to the floor: by the time the server saw calls arrive and leave (first request to last
// answer), and by the client's CPU.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { runChild } from "./child.js";
import { ensurePromptfoo, PROMPTFOO_VERSION, runPromptfoo } from "./promptfoo.js";
import { startServer } from "./server.js";
import { figure, type Figure } from "./table.js";
import type { CallsArgs, CallsResult } from "./workers/calls.js";

export const SECTION = "side-by-side";

export interface ClientRow {
  client: string;
  /** Server view: first request to last answer. */
  span_ms: number;
  /** The client's own timing of the timed part (null for promptfoo: its whole process is timed). */
  wall_ms: number | null;
  process_wall_ms: number;
  /** The whole process's CPU, start-up included. */
  cpu_ms: number | null;
  /** CPU of the timed part only (null for promptfoo). */
  timed_cpu_ms: number | null;
  calls: number;
}

export async function sideBySide(opts: {
  quick: boolean;
  dir: string;
}): Promise<{ figures: Figure[]; data: { rows: ClientRow[]; skipped: string | null; calls: number; concurrency: number; latency_ms: number } }> {
  const calls = opts.quick ? 64 : 200;
  const concurrency = 8;
  const latencyMs = 200;
  const skipped = ensurePromptfoo();
  const server = await startServer({ latencyMs, turns: "text" });
  const rows: ClientRow[] = [];
  try {
    for (const client of ["openai-sdk", "peerlab"] as const) {
      const model = `gpt-${client}`;
      const args: CallsArgs = { client, calls, concurrency, baseURL: server.openaiBaseUrl, model };
      const r = await runChild<CallsResult>("calls", args);
      const s = (await server.stats()).models[model];
      if (r.result.ok !== calls || s?.requests !== calls) throw new Error(`${client}: ${r.result.ok}/${calls} calls answered, server saw ${s?.requests ?? 0}`);
      rows.push({
        client,
        span_ms: s.last_at - s.first_at,
        wall_ms: r.result.wall_ms,
        process_wall_ms: r.wall_ms,
        cpu_ms: r.process_cpu_ms,
        timed_cpu_ms: r.result.cpu_ms,
        calls,
      });
    }
    if (!skipped) {
      const dir = join(opts.dir, "promptfoo");
      mkdirSync(dir, { recursive: true });
      const model = "gpt-promptfoo";
      const r = await runPromptfoo({ calls, concurrency, baseURL: server.openaiBaseUrl, model, dir });
      const s = (await server.stats()).models[model];
      if (r.exit_code !== 0 || s?.requests !== calls) throw new Error(`promptfoo: exit ${r.exit_code}, server saw ${s?.requests ?? 0}/${calls} calls`);
      rows.push({
        client: `promptfoo ${PROMPTFOO_VERSION}`,
        span_ms: s.last_at - s.first_at,
        wall_ms: null,
        process_wall_ms: r.wall_ms,
        cpu_ms: r.cpu_ms,
        timed_cpu_ms: null,
        calls,
      });
    }
  } finally {
    await server.close();
  }
  const floor = rows[0]!;
  const ideal = (calls * latencyMs) / concurrency;
  const figures: Figure[] = [];
  for (const r of rows) {
    const tag = `${r.client} (${calls} calls, C=${concurrency}, L=${latencyMs}ms)`;
    figures.push(figure(SECTION, `${tag}: server span`, r.span_ms / 1000, "s", { note: `ideal ${(ideal / 1000).toFixed(1)} s` }));
    if (r !== floor) figures.push(figure(SECTION, `${tag}: span / floor span`, r.span_ms / floor.span_ms, "ratio"));
    figures.push(
      figure(
        SECTION,
        `${tag}: process wall, start-up included`,
        r.process_wall_ms / 1000,
        "s",
        r === floor ? {} : { note: `${(r.process_wall_ms / floor.process_wall_ms).toFixed(2)}x floor` },
      ),
    );
    if (r.timed_cpu_ms !== null)
      figures.push(
        figure(
          SECTION,
          `${tag}: CPU per call (timed part)`,
          r.timed_cpu_ms / r.calls,
          "ms",
          r === floor ? {} : { note: `${(r.timed_cpu_ms / floor.timed_cpu_ms!).toFixed(2)}x floor` },
        ),
      );
    if (r.cpu_ms !== null)
      figures.push(
        figure(
          SECTION,
          `${tag}: process CPU, start-up included`,
          r.cpu_ms / 1000,
          "s",
          r === floor ? {} : { note: `${(r.cpu_ms / floor.cpu_ms!).toFixed(2)}x floor` },
        ),
      );
  }
  if (skipped) figures.push(figure(SECTION, "promptfoo", null, "", { note: `skipped: ${skipped}` }));
  return { figures, data: { rows, skipped, calls, concurrency, latency_ms: latencyMs } };
}
