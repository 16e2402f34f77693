// What a run under provider faults must show, whatever the faults: every planned episode ended done or
// failed with a reason, none twice; retries within the budget; the database's calls and tokens equal
// what the server served; every injected fault reached the server as planned.
import { expect } from "vitest";
import type { LoadOptions, LoadResult } from "./load-run.js";

export function expectConsistentUnderFaults(r: LoadResult, o: LoadOptions): void {
  expect(r.cli.timedOut).toBe(false);
  expect(r.cli.stderr).not.toMatch(/internal error|MaxListenersExceededWarning/);
  // Exit 0 when everything finished, 1 when some episodes failed (with a hint to resume).
  const failed = r.episodes.filter((e) => e.status === "failed");
  expect(r.cli.code).toBe(failed.length ? 1 : 0);

  // Every planned episode ended, done or failed with a reason; none ran twice.
  expect(r.episodes).toHaveLength(r.planned);
  expect(r.episodes.filter((e) => e.status !== "done" && e.status !== "failed")).toEqual([]);
  expect(r.episodes.filter((e) => e.attempts !== 1)).toEqual([]);
  expect(r.episodes.filter((e) => e.doneAttempts !== (e.status === "done" ? 1 : 0))).toEqual([]);
  for (const e of failed) {
    expect(e.error?.code).toBe("PROVIDER_FAILED");
    expect(e.error?.message).toMatch(/\(evaluator\) failed/);
  }
  expect(r.check.integrity).toBe("ok");
  expect(r.check.chainsValid).toBe(true);

  // Retries stay within the configured budget; a call that used it up says so.
  for (const c of r.calls) expect(c.maxRetries).toBeLessThanOrEqual(o.maxRetries);
  for (const e of failed) {
    expect(e.error!.retries).toBeLessThanOrEqual(o.maxRetries);
    if (!/\b400\b/.test(e.error!.message)) expect(e.error!.message).toContain(`failed after ${o.maxRetries} retries`);
  }

  // Totals: one model_calls row per served response, tokens as the server counted them.
  const rows = r.calls.reduce((s, c) => s + c.rows, 0);
  expect(r.calls.reduce((s, c) => s + c.cacheHits, 0)).toBe(0);
  expect(rows).toBe(r.server.usage.responses);
  expect(r.server.outcomes.served).toBe(r.server.usage.responses);
  expect(r.calls.reduce((s, c) => s + c.input, 0)).toBe(r.server.usage.input_tokens);
  expect(r.calls.reduce((s, c) => s + c.output, 0)).toBe(r.server.usage.output_tokens);
  // Every request that was not served is a counted retry or the last try of a failed call.
  const retries = r.calls.reduce((s, c) => s + c.retries, 0);
  const lastTries = failed.reduce((s, e) => s + e.error!.retries! + 1, 0);
  expect(r.server.requests - r.server.usage.responses).toBe(retries + lastTries);

  // The faults reached the server as planned, and nothing else failed there.
  const inj = r.plan.injected;
  const out = r.server.outcomes;
  expect(out.rate_limit ?? 0).toBe(inj["429"] + inj["429 Retry-After"] + inj["429 retry-after-ms"]);
  expect(out.server_error ?? 0).toBe(inj["500"] + inj["503"]);
  expect(out.status ?? 0).toBe(inj["400"]);
  expect(out.hang ?? 0).toBe(inj.hang);
  expect(out.reset ?? 0).toBe(inj.reset);
  expect(out.truncated ?? 0).toBe(inj.truncated);
  expect(out.rejected ?? 0).toBe(0);
  expect(out.pending ?? 0).toBe(0);
  // A request the client gave up on that was not a planned hang would be a spurious timeout.
  expect(out.aborted ?? 0).toBe(0);
  expect(r.invalidJsonResults).toBe(inj["invalid tool JSON"]);
  // Retry-After was honoured.
  expect(r.retryAfterViolations).toEqual([]);
}

/** After the faults stop, `resume` retries exactly the failed episodes, each once more, and finishes the run. */
export function expectResumedExactlyOnce(r: LoadResult): void {
  const again = r.resumed!;
  expect(again.cli.code).toBe(0);
  expect(again.cli.stderr).not.toMatch(/internal error/);
  const failedBefore = new Set(r.episodes.filter((e) => e.status === "failed").map((e) => e.id));
  expect(again.episodes).toHaveLength(r.planned);
  for (const e of again.episodes) {
    expect(e.status).toBe("done");
    expect(e.doneAttempts).toBe(1);
    expect(e.attempts).toBe(failedBefore.has(e.id) ? 2 : 1);
  }
  expect(again.check.integrity).toBe("ok");
  expect(again.check.chainsValid).toBe(true);
  // The episodes that were done before are untouched.
  for (const [id, digest] of Object.entries(r.check.digests)) expect(again.check.digests[id]).toBe(digest);
}

/** The figures a slow run writes for docs/RELIABILITY.md. */
export function loadFigures(r: LoadResult, o: LoadOptions): Record<string, unknown> {
  const status = (s: string) => r.episodes.filter((e) => e.status === s).length;
  return {
    options: o,
    planned: r.planned,
    episodes: {
      done: status("done"),
      failed: status("failed"),
      other: r.episodes.length - status("done") - status("failed"),
      lost: r.planned - r.episodes.length,
      duplicated: r.episodes.filter((e) => e.attempts > 1 || e.doneAttempts > 1).length,
    },
    failed_reasons: r.episodes.filter((e) => e.status === "failed").map((e) => e.error?.message.slice(0, 160)),
    injected: r.plan.injected,
    injected_total: r.plan.totalInjected,
    server: r.server,
    model_calls: r.calls,
    retries_total: r.calls.reduce((s, c) => s + c.retries, 0),
    retry_after_violations: r.retryAfterViolations.length,
    invalid_json_tool_results: r.invalidJsonResults,
    exit_code: r.cli.code,
    wall_ms: r.wallMs,
  };
}
