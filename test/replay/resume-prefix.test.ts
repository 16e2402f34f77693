// Resume continues an interrupted attempt from its recorded prefix: a real (local) provider, kill -9
// in the middle of an episode, then `resume` — the recorded calls are served from the log, never paid
// for again, and the episode finishes as the same attempt with the digest of an uninterrupted run.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { byTurn, startLlmServer, type LlmServer } from "../support/llm-server.js";
import { peerlab } from "../support/cli.js";
import { startCli } from "../support/crash.js";
import { tempDir } from "../support/tmp.js";
import { OPENAI_KEY, TAMPERING_TURNS } from "../models/helpers.js";
import { until } from "../support/until.js";

let llm: LlmServer | null = null;
afterEach(async () => {
  await llm?.close();
  llm = null;
});

function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(OPENAI|ANTHROPIC|PEERLAB|LANGSMITH|LANGCHAIN)_/.test(k)) env[k] = v;
  return { ...env, PEERLAB_RETRY_BASE_MS: "1", ...extra };
}

function query<T>(db: string, sql: string, ...args: unknown[]): T[] {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return d.prepare(sql).all(...args) as T[];
  } finally {
    d.close();
  }
}

const spec = (dir: string) => {
  const file = join(dir, "one.yaml");
  writeFileSync(
    file,
    [
      "name: one",
      "evaluator: openai:gpt-test",
      "scenarios: [tampering]",
      "params: {tampering: {item_set: [factual], threshold: [80]}}",
      "trials: 1",
      "peers: [absent]",
      "concurrency: 1",
      "",
    ].join("\n"),
  );
  return file;
};

describe("resume of an interrupted episode with a real provider", () => {
  it.each([
    ["kill -9", "SIGKILL", "running"],
    ["Ctrl-C", "SIGINT", "cancelled"],
  ] as const)(
    "after %s, continues the interrupted attempt from its recorded prefix: the prefix's calls are not made again",
    async (_name, signal, left) => {
      // The third call hangs until the process is killed; after that, every call is answered.
      let hang = true;
      llm = await startLlmServer({
        turns: byTurn(TAMPERING_TURNS),
        faultFor: (req) => (hang && req.messages.filter((m) => m.role === "assistant").length === 2 ? { kind: "hang" } : null),
      });
      const dir = tempDir();
      const db = join(dir, "p.db");
      const env = cleanEnv({ OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: llm.openaiBaseUrl });
      const { child, exited } = startCli(["run", spec(dir), "--db", db, "--quiet"], dir, env);
      const recorded = () => {
        try {
          return query<{ n: number }>(db, "SELECT COUNT(*) AS n FROM model_calls")[0]!.n;
        } catch {
          return 0;
        }
      };
      expect(await until(() => recorded() >= 2 && llm!.requests.length >= 3, 30_000)).toBe(true);
      child.kill(signal);
      const ended = await exited;
      if (signal === "SIGKILL") expect(ended.signal).toBe("SIGKILL");
      else expect(ended.code).toBe(3);
      const [ep] = query<{ id: string; status: string; attempt: number }>(db, "SELECT id, status, attempt FROM episodes");
      expect(ep).toMatchObject({ status: left, attempt: 1 });
      hang = false;
      const before = llm.requests.length;

      // The kill needed a real process; resume and check run in this one (the CLI's own entry point).
      const resumed = await peerlab(["resume", "one", "--db", db, "--quiet"], { cwd: dir, baseEnv: env });
      expect(resumed.stderr).not.toMatch(/internal error/);
      expect(resumed.code).toBe(0);
      // Only the two calls past the prefix reach the provider; the two recorded ones are served from the log.
      const after = llm.requests.slice(before);
      expect(after.map((r) => r.messages.filter((m) => m.role === "assistant").length)).toEqual([2, 3]);
      expect(query(db, "SELECT attempt, status FROM attempts WHERE episode_id = ?", ep!.id)).toEqual([{ attempt: 1, status: "done" }]);
      const calls = query<{ seq: number; latency_ms: number }>(
        db,
        "SELECT seq, latency_ms FROM model_calls WHERE episode_id = ? AND attempt = 1 ORDER BY seq",
        ep!.id,
      );
      expect(calls).toHaveLength(4);
      // Nothing came from the response cache either: the prefix is the recording itself.
      expect(query(db, "SELECT COUNT(*) AS n FROM model_calls WHERE cache_hit = 1")).toEqual([{ n: 0 }]);
      const check = await peerlab(["db", "check", db, "--json"], { cwd: dir, baseEnv: env });
      expect(check.code).toBe(0);
      expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, integrity: ["ok"] });
    },
    120_000,
  );
});
