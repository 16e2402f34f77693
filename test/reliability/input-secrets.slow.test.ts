// API keys never leave the environment (slow: about 35 commands in child processes): runs with openai:, anthropic: and openai-compatible:
// evaluators against the local LLM server and a sim run, with distinctive keys for every provider in
// the environment; then the key (raw, base64, base64url) is looked for in every table and column of
// the database, its raw file, WAL and shared-memory files, the logs, every report format, both export
// formats, every viewer page and static file, and everything the commands printed, including the
// errors of a 401 whose body echoes the key back.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openViewerStore, startViewer } from "../../src/viewer/index.js";
import { BIN } from "../support/cli.js";
import { testClock } from "../support/cells.js";
import { byTurn, startLlmServer, type LlmServer } from "../support/llm-server.js";
import { tempDir } from "../support/tmp.js";
import { httpGet } from "../viewer/support/http.js";
import { pool } from "./input-harness.js";
import { TAMPERING_TURNS } from "../models/helpers.js";

/** Keys with no provider's shape, so only exact-value redaction can hide them. */
const KEYS = {
  OPENAI_API_KEY: "peerlabCanaryOpenAI7f3a9c2e1b5d",
  ANTHROPIC_API_KEY: "peerlabCanaryAnthropic41d2e8c9a0",
  OPENAI_COMPATIBLE_API_KEY: "peerlabCanaryCompatible96be0f1c2d",
};
const FORMS = Object.values(KEYS).flatMap((k) => [
  k,
  Buffer.from(k).toString("base64"),
  Buffer.from(k).toString("base64url"),
  Buffer.from(`Bearer ${k}`).toString("base64"),
]);

const servers: LlmServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

/** The parent's environment without provider or peerlab settings, plus `extra`. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(OPENAI|ANTHROPIC|PEERLAB|LANGSMITH|LANGCHAIN)_/.test(k)) env[k] = v;
  return { ...env, PEERLAB_RETRY_BASE_MS: "1", PEERLAB_MAX_RETRIES: "0", ...extra };
}

interface Printed {
  what: string;
  code: number;
  text: string;
  ms: number;
}

function cli(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Printed> {
  const t0 = performance.now();
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { env, cwd, timeout: 90_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({
        what: args.slice(0, 3).join(" "),
        code: error ? (typeof error.code === "number" ? error.code : -1) : 0,
        text: stdout + stderr,
        ms: performance.now() - t0,
      });
    });
  });
}

/** Where any form of any key appears in a text: a list of "form in place". */
function leaks(place: string, text: string | Buffer): string[] {
  const hay = typeof text === "string" ? text : text.toString("latin1");
  return FORMS.filter((f) => hay.includes(f)).map((f) => `${f.slice(0, 24)}… in ${place}`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Every value of every column of every table, text and blobs alike. */
function databaseLeaks(file: string): { rows: number; found: string[] } {
  const db = new Database(file, { readonly: true });
  const found: string[] = [];
  let rows = 0;
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    for (const { name } of tables) {
      for (const row of db.prepare(`SELECT * FROM "${name}"`).iterate() as Iterable<Record<string, unknown>>) {
        rows++;
        for (const [col, v] of Object.entries(row)) {
          if (typeof v === "string" || Buffer.isBuffer(v)) found.push(...leaks(`${name}.${col}`, v));
        }
      }
    }
  } finally {
    db.close();
  }
  return { rows, found };
}

describe("secrets", () => {
  it("no key, raw or base64, reaches the database, its files, logs, reports, exports, viewer pages or output; a 401 that echoes the key is redacted", {
    timeout: 240_000,
  }, async () => {
    const llm = await startLlmServer({ turns: byTurn(TAMPERING_TURNS) });
    const denied = await startLlmServer({ turns: byTurn(TAMPERING_TURNS) });
    servers.push(llm, denied);
    denied.failNext(
      ...Array.from({ length: 30 }, () => ({
        kind: "status" as const,
        status: 401,
        message: `Incorrect API key provided: ${KEYS.OPENAI_API_KEY}. Also tried ${KEYS.ANTHROPIC_API_KEY} and ${KEYS.OPENAI_COMPATIBLE_API_KEY}.`,
      })),
    );
    const dir = tempDir("peerlab-secrets-");
    const db = join(dir, "p.db");
    const env = (server: LlmServer) =>
      cleanEnv({
        ...KEYS,
        OPENAI_BASE_URL: server.openaiBaseUrl,
        ANTHROPIC_BASE_URL: server.anthropicBaseUrl,
        OPENAI_COMPATIBLE_BASE_URL: server.openaiBaseUrl,
      });
    const spec = (name: string, evaluators: string) => {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(
        file,
        `name: ${name}\nevaluator: [${evaluators}]\nscenarios: [tampering]\n` +
          `params: {tampering: {item_set: [factual], threshold: [80]}}\ntrials: 1\nconcurrency: 1\nmax_turns: 6\n`,
      );
      return file;
    };
    const printed: Printed[] = [];
    const run = async (args: string[], server: LlmServer) => {
      const r = await cli([...args, "--db", db], env(server), dir);
      printed.push(r);
      return r;
    };

    const real = await run(["run", spec("providers", "openai:gpt-test, anthropic:claude-test, openai-compatible:qwen-test"), "--json", "--quiet"], llm);
    expect(real.code, real.text).toBe(0);
    const sim = await run(["run", spec("sim", "sim:propensity, sim:peer-loyal"), "--json", "--quiet"], llm);
    expect(sim.code, sim.text).toBe(0);
    // Other model names than the first run's, so no cached response answers instead of the server.
    const refused = await run(["run", spec("denied", "openai:gpt-denied, anthropic:claude-denied"), "--quiet"], denied);
    expect(refused.code, refused.text).toBe(1);
    expect(refused.text).toMatch(/401|Incorrect API key/);
    for (const p of ["openai:gpt-denied", "anthropic:claude-denied"]) {
      for (const json of [[], ["--json"]]) {
        const r = await run(["models", "check", p, ...json], denied);
        expect(r.code).toBe(1);
        expect(r.text).toMatch(/401|Incorrect API key/);
      }
    }
    // Every key reached its server: the runs really used them.
    expect(new Set(llm.requests.map((q) => q.credential))).toEqual(new Set(Object.values(KEYS)));
    expect(denied.requests.length).toBeGreaterThan(0);

    // Readers only from here: several at once.
    const readers = ["providers", "sim", "denied"].flatMap((id) => [
      ...["table", "md", "csv", "json", "html"].map((format) => ["report", id, "--format", format, "--out", join(dir, `report-${id}.${format}`)]),
      ["report", id, "--json"],
      ["export", id, "--format", "inspect", "--out", join(dir, `inspect-${id}`)],
      ["export", id, "--format", "jsonl", "--out", join(dir, `episodes-${id}.jsonl`)],
      ["export", id, "--format", "jsonl"],
    ]);
    await pool([...readers, ["list", "--json"]], 3, (args) => run(args, llm));
    for (const r of printed.filter((p) => p.what.startsWith("report") || p.what.startsWith("export"))) expect(r.code, `${r.what}: ${r.text}`).toBe(0);
    expect(existsSync(join(dir, "report-providers.html"))).toBe(true);
    expect(readdirSync(join(dir, "inspect-providers")).length).toBeGreaterThan(0);

    // The viewer: every page of every run, search for the key and its parts, static files.
    const store = openViewerStore(db, testClock());
    const viewer = await startViewer({ store, port: 0 });
    // (A search for a whole key would find it in the page: the box shows the query. The prefix is searched instead.)
    const pages: string[] = ["/", "/search?q=peerlabCanary", "/search?q=Incorrect", "/static/app.js", "/static/style.css", "/static/icon.svg"];
    let bodies = "";
    try {
      for (const r of store.listRuns()) {
        const run = encodeURIComponent(r.id);
        pages.push(`/runs/${run}`, `/runs/${run}/episodes`, `/search?run=${run}&q=key`);
        const cells = store.runCells(r.id);
        pages.push(`/runs/${run}/pairs?a=${cells[0]!.cell.id}&b=${cells.at(-1)!.cell.id}`);
        for (const rc of cells)
          for (const e of store.cellEpisodes(rc.cell.id))
            pages.push(`/episodes/${encodeURIComponent(e.id)}?run=${run}`, `/compare?a=${encodeURIComponent(e.id)}&run=${run}`);
      }
      for (const p of pages) {
        const r = await httpGet(viewer.port, p);
        expect(r.status, p).toBe(200);
        bodies += `\n${p}\n${r.body}`;
      }
    } finally {
      await viewer.close();
      store.close();
    }

    const found: string[] = [];
    for (const p of printed) found.push(...leaks(`output of ${p.what}`, p.text));
    found.push(...leaks("viewer pages", bodies));
    const scanned = databaseLeaks(db);
    found.push(...scanned.found);
    const files = filesUnder(dir);
    for (const f of files) found.push(...leaks(f.slice(dir.length + 1), readFileSync(f)));
    console.log(
      `secrets: ${printed.length} commands, slowest ${printed
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 4)
        .map((p) => `${p.what} ${Math.round(p.ms)}ms`)
        .join(", ")}; ${scanned.rows} rows, ${files.length} files, ${pages.length} pages scanned`,
    );
    expect(found).toEqual([]);

    // The scan looked at something: rows, a log, the WAL or the database file, reports, exports, pages.
    expect(scanned.rows).toBeGreaterThan(100);
    expect(files.some((f) => f.includes(`${join(dir, "logs")}`))).toBe(true);
    expect(files.filter((f) => /report-|inspect-|episodes-/.test(f)).length).toBeGreaterThanOrEqual(15 + 3);
    expect(pages.length).toBeGreaterThan(15);
  });
});
