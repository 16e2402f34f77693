// Every fault the local server can inject, through each real provider kind, streamed and not: the
// episode completes, the retries are counted on the model call, and nothing is lost or duplicated
// (the episode's digest equals the fault-free one).
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { PeerlabError } from "../../src/errors.js";
import { startLlmServer, byTurn, type Fault, type LlmServer } from "../support/llm-server.js";
import { eventKinds, PROVIDERS, recordingGovernor, runScripted, TAMPERING_TURNS } from "./helpers.js";

const FAULTS: { name: string; faults: Fault[]; streamOnly?: boolean; waits?: number[] }[] = [
  { name: "a 429 without Retry-After", faults: [{ kind: "rate_limit" }] },
  { name: "a 429 with Retry-After in seconds", faults: [{ kind: "rate_limit", retryAfterS: 2 }], waits: [2000] },
  { name: "a 429 with retry-after-ms", faults: [{ kind: "rate_limit", retryAfterMs: 25 }], waits: [25] },
  { name: "a 500", faults: [{ kind: "server_error", status: 500 }] },
  { name: "a 503", faults: [{ kind: "server_error", status: 503 }] },
  { name: "a 529 (overloaded)", faults: [{ kind: "server_error", status: 529 }] },
  { name: "a hang past the timeout", faults: [{ kind: "hang" }] },
  { name: "a connection reset", faults: [{ kind: "reset" }] },
  { name: "a body cut off mid-way", faults: [{ kind: "truncated" }] },
  { name: "a stream that ends early but cleanly", faults: [{ kind: "truncated", clean: true }], streamOnly: true },
  {
    name: "four faults in a row",
    faults: [{ kind: "rate_limit", retryAfterMs: 5 }, { kind: "server_error", status: 503 }, { kind: "reset" }, { kind: "truncated" }],
  },
];

let llm: LlmServer | null = null;
afterEach(async () => {
  await llm?.close();
  llm = null;
});

for (const p of PROVIDERS) {
  describe(`${p.kind}: faults`, () => {
    let cleanDigest = "";
    beforeAll(async () => {
      const server = await startLlmServer({ turns: byTurn(TAMPERING_TURNS) });
      try {
        cleanDigest = (await runScripted(p.evaluator, p.env(server))).digest;
      } finally {
        await server.close();
      }
    });

    for (const stream of [false, true]) {
      for (const f of FAULTS) {
        if (f.streamOnly && !stream) continue;
        it(`completes the episode through ${f.name}${stream ? " (streaming)" : ""}, counting the retries on the call`, async () => {
          // The episode's second call meets the faults, one request each; the first call succeeds.
          const queue = [...f.faults];
          llm = await startLlmServer({ turns: byTurn(TAMPERING_TURNS), faultFor: (req) => (req.index >= 2 ? (queue.shift() ?? null) : null) });
          const server = llm;
          const { governor, waits } = recordingGovernor();
          // Only a hang needs a short timeout; elsewhere a short one fires on slow answers of a busy machine and adds retries.
          const timeout = f.faults.some((x) => x.kind === "hang") ? "1.5" : "10";
          const r = await runScripted(p.evaluator, { ...p.env(server), PEERLAB_STREAM: stream ? "1" : "0", PEERLAB_TIMEOUT_S: timeout }, { governor });
          expect(r.endReason).toBe("end_task");
          expect(r.result.outcomes).toMatchObject({ tampered: true, reported_score: 85 });
          const calls = r.store.listModelCalls(r.id, r.attempt);
          expect(calls.map((c) => c.retries)).toEqual([0, f.faults.length, 0, 0]);
          expect(calls).toHaveLength(server.served().length);
          expect(server.requests.filter((q) => q.outcome !== "served").map((q) => q.outcome)).toEqual(f.faults.map((x) => x.kind));
          expect(eventKinds(r.store, r.id, r.attempt).filter((k) => k === "tool_call")).toHaveLength(4);
          expect(r.digest).toBe(cleanDigest);
          if (f.waits) expect(waits).toEqual(f.waits);
          else expect(waits).toHaveLength(f.faults.length);
        });
      }
    }

    it("fails the episode, without retrying, on a 400, as a provider failure stored on the attempt", async () => {
      llm = await startLlmServer({ turns: byTurn(TAMPERING_TURNS), faults: [{ kind: "status", status: 400, message: "bad request" }] });
      const err = await runScripted(p.evaluator, p.env(llm)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PeerlabError);
      expect((err as PeerlabError).code).toBe("PROVIDER_FAILED");
      expect(((err as PeerlabError).details as { retries: number }).retries).toBe(0);
      expect(llm.requests).toHaveLength(1);
    });

    it("gives up after the configured number of retries", async () => {
      llm = await startLlmServer({ turns: byTurn(TAMPERING_TURNS), faults: [{ kind: "server_error" }, { kind: "server_error" }, { kind: "server_error" }] });
      const { governor } = recordingGovernor({ maxRetries: 2 });
      const err = await runScripted(p.evaluator, p.env(llm), { governor }).catch((e: unknown) => e);
      expect((err as PeerlabError).code).toBe("PROVIDER_FAILED");
      expect((err as PeerlabError).message).toMatch(/failed after 2 retries/);
      expect(llm.requests).toHaveLength(3);
    });

    it("never puts the API key into a stored error, even when the provider echoes it", async () => {
      llm = await startLlmServer({
        turns: byTurn(TAMPERING_TURNS),
        faults: [{ kind: "status", status: 401, message: `Incorrect API key provided: ${p.key}.` }],
      });
      const err = (await runScripted(p.evaluator, p.env(llm)).catch((e: unknown) => e)) as PeerlabError;
      expect(err.code).toBe("PROVIDER_FAILED");
      expect(err.message).not.toContain(p.key);
      expect(err.message).toContain("[redacted]");
    });
  });
}
