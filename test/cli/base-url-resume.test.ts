// Two servers, one spec: the evaluator's base URL is part of each cell's identity, so runs against two
// servers are different runs with different cells, and resume calls the server the run was recorded
// against, never the one the environment names now; a stored host that is not loopback needs consent.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { peerlab as runCli, type CliResult } from "../support/cli.js";
import { byTurn, startLlmServer, type LlmServer } from "../support/llm-server.js";
import { tempDir } from "../support/tmp.js";
import { TAMPERING_TURNS } from "../models/helpers.js";

const TURNS = TAMPERING_TURNS.map((t) => ({ ...t, usage: { input: 1000, output: 100 } }));
const servers: LlmServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(OPENAI|ANTHROPIC|PEERLAB|LANGSMITH|LANGCHAIN)_/.test(k)) env[k] = v;
  return { ...env, PEERLAB_RETRY_BASE_MS: "1", ...extra };
}

/** The CLI in this process with exactly `env` (the servers answer from the same process). */
function peerlab(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliResult> {
  return runCli(args, { baseEnv: env, cwd });
}

describe("the evaluator's base URL in a run's identity", () => {
  it("two servers make two runs; resume calls the recorded server even when the environment names another", async () => {
    const a = await startLlmServer({ turns: byTurn(TURNS) });
    const b = await startLlmServer({ turns: byTurn(TURNS) });
    servers.push(a, b);
    const dir = tempDir();
    const db = join(dir, "p.db");
    const spec = join(dir, "exp.yaml");
    writeFileSync(
      spec,
      [
        "name: two-servers",
        "evaluator: openai-compatible:m",
        "scenarios: [tampering]",
        "params: {tampering: {item_set: [factual], threshold: [80]}}",
        "trials: 4",
        "concurrency: 1",
        "budget: {tokens: 10000}",
        "",
      ].join("\n"),
    );
    const envA = cleanEnv({ OPENAI_COMPATIBLE_BASE_URL: a.openaiBaseUrl });
    const envB = cleanEnv({ OPENAI_COMPATIBLE_BASE_URL: b.openaiBaseUrl });

    const first = await peerlab(["run", spec, "--db", db, "--json", "--quiet"], envA, dir);
    expect(first.code, first.stderr).toBe(3);
    const runA = (JSON.parse(first.stdout) as { run_id: string }).run_id;
    const second = await peerlab(["run", spec, "--db", db, "--json", "--quiet"], envB, dir);
    expect(second.code, second.stderr).toBe(3);
    const runB = JSON.parse(second.stdout) as { run_id: string; ran: number };
    // Not one run mixing results: B's run is another run, and ran its own episodes.
    expect(runB.run_id).not.toBe(runA);
    expect(runB.ran).toBeGreaterThan(0);
    const store = new Database(db, { readonly: true });
    const keys = store.prepare("SELECT key_json FROM cells").all() as { key_json: string }[];
    store.close();
    expect(keys.map((k) => (JSON.parse(k.key_json) as { base_url?: string }).base_url).sort()).toEqual([a.openaiBaseUrl, b.openaiBaseUrl].sort());

    const beforeA = a.requests.length;
    const beforeB = b.requests.length;
    const resumed = await peerlab(["resume", runA, "--budget-tokens", "100000", "--db", db, "--json", "--quiet"], envB, dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ run_id: runA, status: "done", done: 4, episodes: 4 });
    expect(a.requests.length).toBeGreaterThan(beforeA);
    expect(b.requests.length).toBe(beforeB);
  });

  it("a stored base URL at a host that is not loopback needs consent: exit 2 naming the host, and no call", async () => {
    const a = await startLlmServer({ turns: byTurn(TURNS) });
    servers.push(a);
    const dir = tempDir();
    const db = join(dir, "p.db");
    const spec = join(dir, "exp.yaml");
    writeFileSync(
      spec,
      [
        "name: remote",
        "evaluator: openai-compatible:m",
        "scenarios: [tampering]",
        "params: {tampering: {item_set: [factual], threshold: [80]}}",
        "trials: 4",
        "concurrency: 1",
        "budget: {tokens: 10000}",
        "",
      ].join("\n"),
    );
    const env = cleanEnv({ OPENAI_COMPATIBLE_BASE_URL: a.openaiBaseUrl });
    const first = await peerlab(["run", spec, "--db", db, "--json", "--quiet"], env, dir);
    expect(first.code, first.stderr).toBe(3);
    const runId = (JSON.parse(first.stdout) as { run_id: string }).run_id;
    // A database from someone else: its cells name a remote server.
    const store = new Database(db);
    for (const row of store.prepare("SELECT id, key_json FROM cells").all() as { id: string; key_json: string }[]) {
      store
        .prepare("UPDATE cells SET key_json = ? WHERE id = ?")
        .run(JSON.stringify({ ...(JSON.parse(row.key_json) as object), base_url: "https://remote.example/v1" }), row.id);
    }
    store.close();
    const before = a.requests.length;
    const refused = await peerlab(["resume", runId, "--budget-tokens", "100000", "--db", db, "--quiet"], env, dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/stored with run .* points at "remote\.example".*--allow-host remote\.example/);
    expect(a.requests.length).toBe(before);
  });
});
