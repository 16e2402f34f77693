// A worker that `run --workers` starts before the run is registered (with `--workers N`, before the
// spec is even read): it loads and opens what it needs, its start-up overlapping the parent's, then
// waits for the parent's word on its standard input that the run is in the database, naming the run
// and the worker's share of its concurrency. Bounded: a run that never comes is an error
// naming it; a parent gone first (its end of the pipe closed) or a stop (Ctrl-C, SIGTERM) ends the wait.
import type { Readable } from "node:stream";
import { PeerlabError } from "../errors.js";

/** Set by `run --workers` on the workers it starts: how long (ms) each waits for the word to go. */
export const WORKER_AWAIT_ENV = "PEERLAB_WORKER_AWAIT_MS";

/** The line the parent writes once the run is registered: `go`, or `go <run id> <concurrency>`. */
export const goLine = (runId: string, concurrency: number): string => `go ${runId} ${concurrency}\n`;
const GO = /^go(?: (\S+) ([1-9]\d{0,3}))?$/;

/** How long a worker waits for its run to be registered, from its environment; undefined when it does not wait. */
export function workerAwaitFromEnv(env: Record<string, string | undefined>): number | undefined {
  const v = Number(env[WORKER_AWAIT_ENV]);
  return env[WORKER_AWAIT_ENV] && Number.isInteger(v) && v > 0 ? Math.min(v, 3_600_000) : undefined;
}

export type GoOutcome = { kind: "go"; runId: string | null; concurrency: number | null } | { kind: "gone" } | { kind: "stopped" };

/**
 * Waits for a line `go` (optionally naming the run and this worker's concurrency) on `input`; "gone"
 * when the input ends first (the parent exited before registering the run, or had no share for this
 * worker); "stopped" when `signal` aborts. Throws NOT_FOUND after `timeoutMs`.
 */
export function awaitGo(input: Readable, timeoutMs: number, signal: AbortSignal, runIds: readonly string[]): Promise<GoOutcome> {
  if (signal.aborted) return Promise.resolve({ kind: "stopped" });
  return new Promise((resolve, reject) => {
    let text = "";
    const done = (f: () => void) => {
      clearTimeout(timer);
      input.off("data", onData);
      input.off("end", onEnd);
      input.off("error", onEnd);
      signal.removeEventListener("abort", onAbort);
      input.pause();
      f();
    };
    const onData = (d: Buffer | string) => {
      text += d.toString();
      const go = text
        .split("\n")
        .map((l) => GO.exec(l.trim()))
        .find((m) => m !== null);
      if (go) done(() => resolve({ kind: "go", runId: go[1] ?? null, concurrency: go[2] ? Number(go[2]) : null }));
      else if (text.length > 4096) text = text.slice(-64);
    };
    const onEnd = () => done(() => resolve({ kind: "gone" }));
    const onAbort = () => done(() => resolve({ kind: "stopped" }));
    const named = runIds.length > 0 ? `run ${runIds.map((id) => JSON.stringify(id)).join(", ")}` : "the run";
    const late = `${named} was not registered within ${Math.round(timeoutMs / 1000)} s by the \`peerlab run\` that started this worker`;
    const timer = setTimeout(() => done(() => reject(new PeerlabError("NOT_FOUND", late))), timeoutMs);
    input.on("data", onData);
    input.on("end", onEnd);
    input.on("error", onEnd);
    signal.addEventListener("abort", onAbort, { once: true });
    input.resume();
  });
}
