// The CLI (in process) against the local server, configured the way a user would (environment
// variables): a budget stop exits 3 and a higher budget continues to the planned episodes; a missing
// key exits 2 before any call; `models check`; and the key appears nowhere peerlab writes.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { peerlab as runCli, type CliResult } from "../support/cli.js";
import { startLlmServer, byTurn, type LlmServer } from "../support/llm-server.js";
import { tempDir } from "../support/tmp.js";
import { OPENAI_KEY, TAMPERING_TURNS } from "./helpers.js";

const TURNS = TAMPERING_TURNS.map((t) => ({ ...t, usage: { input: 1000, output: 100 } }));

let llm: LlmServer | null = null;
afterEach(async () => {
  await llm?.close();
  llm = null;
});

/** The parent's environment without any provider or peerlab settings, plus `extra`. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(OPENAI|ANTHROPIC|PEERLAB|LANGSMITH|LANGCHAIN)_/.test(k)) env[k] = v;
  return { ...env, PEERLAB_RETRY_BASE_MS: "1", ...extra };
}

/** Run the CLI in this process with exactly `env` (the server answers from the same process). */
function peerlab(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliResult> {
  return runCli(args, { baseEnv: env, cwd });
}

function writeSpec(dir: string, tokens: number): string {
  const file = join(dir, "budgeted.yaml");
  writeFileSync(
    file,
    [
      "name: cli-budget",
      "evaluator: openai:gpt-test",
      "scenarios: [tampering]",
      "params: {tampering: {item_set: [factual], threshold: [80]}}",
      "trials: 4",
      "concurrency: 1",
      `budget: {tokens: ${tokens}}`,
      "prices: {'openai:gpt-test': {input: 2, output: 8}}",
      "",
    ].join("\n"),
  );
  return file;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe("peerlab run against a real provider", () => {
  it("stops at the budget and `resume --budget-tokens` continues the same run from the database alone", async () => {
    llm = await startLlmServer({ turns: byTurn(TURNS) });
    const dir = tempDir();
    const db = join(dir, "p.db");
    const env = cleanEnv({ OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: llm.openaiBaseUrl });
    const first = await peerlab(["run", writeSpec(dir, 10000), "--db", db, "--json", "--quiet"], env, dir);
    expect(first.code).toBe(3);
    const stopped = JSON.parse(first.stdout) as { run_id: string; stop_reason: string };
    expect(stopped.stop_reason).toBe("budget");
    // The same budget again starts nothing.
    const again = await peerlab(["resume", stopped.run_id, "--db", db, "--json", "--quiet"], env, dir);
    expect(again.code).toBe(3);
    expect(JSON.parse(again.stdout)).toMatchObject({ ran: 0, done: 2, stop_reason: "budget" });
    const resumed = await peerlab(["resume", stopped.run_id, "--budget-tokens", "100000", "--db", db, "--json", "--quiet"], env, dir);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ run_id: stopped.run_id, status: "done", done: 4, episodes: 4 });
    expect((await peerlab(["resume", stopped.run_id, "--budget-usd", "-1", "--db", db], env, dir)).code).toBe(2);
  });

  it(
    "exits 3 at the budget, then continues the same run with a higher budget to exactly the planned episodes, " + "with the server's token count in the report",
    async () => {
      llm = await startLlmServer({ turns: byTurn(TURNS) });
      const dir = tempDir();
      const db = join(dir, "p.db");
      const env = cleanEnv({ OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: llm.openaiBaseUrl });

      const first = await peerlab(["run", writeSpec(dir, 10000), "--db", db, "--json", "--quiet"], env, dir);
      expect(first.code).toBe(3);
      const stopped = JSON.parse(first.stdout) as { run_id: string; status: string; done: number; episodes: number };
      expect(stopped).toMatchObject({ status: "stopped", done: 2, episodes: 4 });
      expect(first.stderr).toContain("Budget reached: the run's token budget is reached: 11000 tokens spent of 10000 tokens");

      const second = await peerlab(["run", writeSpec(dir, 100000), "--db", db, "--json", "--quiet"], env, dir);
      expect(second.code).toBe(0);
      expect(JSON.parse(second.stdout)).toMatchObject({ run_id: stopped.run_id, status: "done", done: 4, episodes: 4, failed: 0 });

      const report = await peerlab(["report", stopped.run_id, "--db", db, "--json"], env, dir);
      expect(report.code).toBe(0);
      const usage = (JSON.parse(report.stdout) as { usage: { input_tokens: number; output_tokens: number; cost_usd: number; calls: number }[] }).usage;
      expect(usage).toHaveLength(1);
      expect(usage[0]).toMatchObject({ input_tokens: llm.usage.input_tokens, output_tokens: llm.usage.output_tokens, calls: llm.usage.responses });
      expect(usage[0]!.cost_usd).toBeCloseTo((llm.usage.input_tokens * 2 + llm.usage.output_tokens * 8) / 1e6, 12);

      // The key reached the server, and nothing peerlab wrote or printed holds it.
      expect(new Set(llm.requests.map((q) => q.credential))).toEqual(new Set([OPENAI_KEY]));
      for (const out of [first.stdout, first.stderr, second.stdout, second.stderr, report.stdout]) expect(out).not.toContain(OPENAI_KEY);
      for (const f of filesUnder(dir)) expect(readFileSync(f).includes(OPENAI_KEY), f).toBe(false);
    },
  );

  it("fails with exit 2 naming the missing key, before any call and before the database is created", async () => {
    llm = await startLlmServer({ turns: byTurn(TURNS) });
    const dir = tempDir();
    const db = join(dir, "p.db");
    const r = await peerlab(["run", writeSpec(dir, 10000), "--db", db], cleanEnv({ OPENAI_BASE_URL: llm.openaiBaseUrl }), dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: evaluator: openai:gpt-test needs OPENAI_API_KEY in the environment; it is not set");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(llm.requests).toHaveLength(0);
    expect(existsSync(db)).toBe(false);
  });
});

describe("peerlab models check", () => {
  it("makes one tiny call and reports latency, tool-call support and the price per 1M tokens", async () => {
    llm = await startLlmServer({ turns: [{ toolCalls: [{ name: "ping", args: { value: "pong" } }], usage: { input: 40, output: 8 } }] });
    const dir = tempDir();
    const r = await peerlab(
      ["models", "check", "openai:gpt-4.1-mini", "--json"],
      cleanEnv({ OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: llm.openaiBaseUrl }),
      dir,
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      provider: "openai:gpt-4.1-mini",
      ok: true,
      tool_calls: true,
      input_tokens: 40,
      output_tokens: 8,
      price: { input: 0.4, output: 1.6 },
      base_url: llm.openaiBaseUrl,
      error: null,
    });
    expect(out.cost_usd).toBeCloseTo((40 * 0.4 + 8 * 1.6) / 1e6, 12);
    expect(typeof out.latency_ms).toBe("number");
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]!.tools).toEqual(["ping"]);
  });

  it("says when a model answers without calling the tool, and that an unknown model has no price", async () => {
    llm = await startLlmServer({ turns: [{ text: "pong" }] });
    const dir = tempDir();
    const r = await peerlab(["models", "check", "openai-compatible:llama3.1", "--base-url", llm.openaiBaseUrl, "--stream"], cleanEnv({}), dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`openai-compatible:llama3.1 at ${llm.openaiBaseUrl} (streaming)`);
    expect(r.stdout).toContain("tool calls: no (it answered without calling the tool)");
    expect(r.stdout).toContain("price: unknown");
    expect(llm.requests[0]!.stream).toBe(true);
  });

  it("exits 1 with the provider's error when the call fails, and 2 when the key is missing", async () => {
    llm = await startLlmServer({ faults: [{ kind: "status", status: 404, message: "The model `gpt-nope` does not exist" }] });
    const dir = tempDir();
    const failed = await peerlab(
      ["models", "check", "openai:gpt-nope", "--json"],
      cleanEnv({ OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: llm.openaiBaseUrl }),
      dir,
    );
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ ok: false, error: expect.stringContaining("does not exist") });
    const missing = await peerlab(["models", "check", "anthropic:claude-haiku-4-5"], cleanEnv({}), dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("ANTHROPIC_API_KEY");
  });
});
