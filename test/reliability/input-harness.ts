// The hostile-input corpus and the checks every case must pass: exit 2, a short message naming the
// file (and the line or field the case expects), no stack trace, no control characters, nothing
// written. Cases run through the CLI's own entry point in this process (fast) or the real command in
// a child process (test/support/cli.ts, the slow battery and a sample in the fast one).
import { execFile, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { BIN } from "../support/cli.js";

export const CORPUS = resolve(import.meta.dirname, "corpus");

export type CaseKind = "spec" | "fixture" | "transcript";

export interface InputCase {
  kind: CaseKind;
  /** A short id: kind/file name. */
  id: string;
  file: string;
  /** What the output must match: the line and field, or the reason. */
  expect: RegExp;
  /** A file name the message must contain (default: the case file's own name). */
  names: string;
  generated?: boolean;
}

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

const HEADERLESS = /not valid UTF-8 text|control character U\+/;

function header(file: string, key: string): string | undefined {
  const head = readFileSync(file).subarray(0, 4000).toString("utf8");
  return new RegExp(`^# ${key}: (.*)$`, "m").exec(head)?.[1];
}

function yamlCases(kind: CaseKind, dir: string): InputCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") && statSync(join(dir, f)).isFile())
    .sort()
    .map((f) => {
      const file = join(dir, f);
      const expect = header(file, "expect");
      return { kind, id: `${kind}/${f}`, file, expect: expect ? new RegExp(expect) : HEADERLESS, names: header(file, "names") ?? f };
    });
}

/** The committed corpus: specs, memory fixtures and transcripts, each with what its error must say. */
export function corpusCases(): InputCase[] {
  const expect = JSON.parse(readFileSync(join(CORPUS, "transcripts.expect.json"), "utf8")) as Record<string, string>;
  const transcripts = Object.entries(expect)
    .sort()
    .map(([f, re]): InputCase => ({ kind: "transcript", id: `transcript/${f}`, file: join(CORPUS, "transcripts", f), expect: new RegExp(re), names: f }));
  return [...yamlCases("spec", join(CORPUS, "specs")), ...yamlCases("fixture", join(CORPUS, "fixtures")), ...transcripts];
}

const SPEC_HEAD = "name: generated\nevaluator: sim:propensity\nscenarios: [tampering]\n";
const VALID_FIXTURE = readFileSync(join(CORPUS, "outside", "peer.yaml"), "utf8");

/**
 * Cases too big, binary or machine-specific to commit: written into `dir` (a temp folder). Sizes are
 * just over each limit: specs and fixtures 1 MB, transcripts 50 MB (a sparse file, nothing is read).
 */
export function generatedCases(dir: string): InputCase[] {
  const out: InputCase[] = [];
  const add = (kind: CaseKind, name: string, expect: RegExp, write: (file: string) => void, names = name) => {
    const sub = join(dir, kind, name.replace(/[^a-z0-9.-]/gi, "_"));
    mkdirSync(sub, { recursive: true });
    const file = join(sub, name);
    write(file);
    out.push({ kind, id: `${kind}/generated/${name}`, file, expect, names, generated: true });
  };
  const spec = (name: string, expect: RegExp, body: string | ((file: string) => void), names?: string) =>
    add("spec", name, expect, typeof body === "string" ? (f) => writeFileSync(f, body) : body, names);

  spec("huge.yaml", /huge\.yaml: file is \d+ bytes; the limit is 1000000/, SPEC_HEAD + `company: "${"x".repeat(1_100_000)}"\n`);
  spec(
    "many-unknown-keys.yaml",
    /5000 problems:[\s\S]*\.\.\. and 4980 more problems/,
    SPEC_HEAD + Array.from({ length: 5000 }, (_, i) => `k${i}: 1`).join("\n") + "\n",
  );
  // An explicit key (`? key`) may be longer than YAML's 1024-character limit on implicit keys.
  spec("long-key.yaml", /long-key\.yaml:4 x+\.\.\.$/m, SPEC_HEAD + `? ${"x".repeat(200_000)}\n: 1\n`);
  spec("long-value.yaml", /:4 targets: expected a target: peer \| self, got "y{57}\.\.\."/, SPEC_HEAD + `targets: ${"y".repeat(200_000)}\n`);
  spec("random-bytes.yaml", HEADERLESS, (f) => writeFileSync(f, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))));
  spec("missing.yaml", /missing\.yaml: file not found or not readable/, () => undefined);
  spec("a-folder.yaml", /a-folder\.yaml: not a file/, (f) => mkdirSync(f));
  spec("dev-zero.yaml", /dev-zero\.yaml: not a file/, (f) => symlinkSync("/dev/zero", f));
  spec("link-loop.yaml", /link-loop\.yaml: file not found or not readable/, (f) => symlinkSync(f, f));
  spec("peer-link-escape.yaml", /peers\[1\]: fixture path "inside\.yaml" leads outside the spec's folder/, (f) => {
    writeFileSync(join(dir, "escaped-peer.yaml"), VALID_FIXTURE);
    symlinkSync(join(dir, "escaped-peer.yaml"), join(f, "..", "inside.yaml"));
    writeFileSync(f, SPEC_HEAD + "peers: [absent, inside.yaml]\n");
  });
  spec("peer-dir-link-escape.yaml", /peers\[1\]: fixture path "linked\/peer\.yaml" leads outside the spec's folder/, (f) => {
    mkdirSync(join(dir, "elsewhere"), { recursive: true });
    writeFileSync(join(dir, "elsewhere", "peer.yaml"), VALID_FIXTURE);
    symlinkSync(join(dir, "elsewhere"), join(f, "..", "linked"));
    writeFileSync(f, SPEC_HEAD + "peers: [absent, linked/peer.yaml]\n");
  });
  spec("peer-etc-passwd-link.yaml", /peers\[1\]: fixture path "passwd\.yaml" leads outside the spec's folder/, (f) => {
    symlinkSync("/etc/passwd", join(f, "..", "passwd.yaml"));
    writeFileSync(f, SPEC_HEAD + "peers: [absent, passwd.yaml]\n");
  });
  spec(
    "peer-home-traversal.yaml",
    /peers\[1\]: (fixture file not found|fixture path .* leads outside)/,
    SPEC_HEAD + `peers: [absent, "${"../".repeat(30)}${process.env.HOME?.replace(/^\//, "") ?? "root"}/.bashrc.yaml"]\n`,
  );

  add("fixture", "huge.yaml", /huge\.yaml: file is \d+ bytes; the limit is 1000000/, (f) =>
    writeFileSync(f, VALID_FIXTURE + `notes: "${"z".repeat(1_100_000)}"\n`),
  );
  add("fixture", "random-bytes.yaml", HEADERLESS, (f) => writeFileSync(f, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 104729 + 7) % 256))));
  add("fixture", "many-bad-rounds.yaml", /problems:[\s\S]*more problems/, (f) =>
    writeFileSync(
      f,
      VALID_FIXTURE + Array.from({ length: 300 }, () => "  - round: 1\n    activity: a\n    evaluator: e\n    peer: p\n    outcome: o\n").join(""),
    ),
  );

  const transcript = (name: string, expect: RegExp, write: (file: string) => void) => add("transcript", name, expect, write);
  transcript("huge.json", /huge\.json: the file is \d+ bytes; the limit is 50000000/, (f) => {
    writeFileSync(f, "{");
    truncateSync(f, 50_000_001);
  });
  transcript("deep-args.json", /deep-args\.json: nested more than 100 levels deep/, (f) => {
    const deep = `${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`;
    writeFileSync(
      f,
      `{"conversation": [{"role": "system", "content": "s"}, ` +
        `{"role": "user", "content": "Evaluate and score the responses."}, ` +
        `{"role": "assistant", "content": null, "tool_calls": {"view_config": ${deep}}}]}`,
    );
  });
  transcript("fifo.json", /fifo\.json: not a regular file/, (f) => mkfifo(f));
  transcript("dev-zero.json", /dev-zero\.json: not a regular file/, (f) => symlinkSync("/dev/zero", f));
  transcript("loop-folder", /loop-folder: no \.json transcripts in this folder/, (f) => {
    mkdirSync(f);
    symlinkSync(f, join(f, "again"));
    symlinkSync(join(f, "nowhere"), join(f, "dangling.json"));
  });
  return out;
}

function mkfifo(file: string): void {
  const r = spawnSync("mkfifo", [file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
}

/** The command lines that read a case's file. Specs: run, plan and ablate. Fixtures: validate, show, and a spec using it. Transcripts: import. */
export function commandsFor(c: InputCase, work: string): string[][] {
  const db = join(work, "p.db");
  if (c.kind === "spec")
    return [
      ["run", c.file, "--db", db, "--quiet"],
      ["plan", c.file, "--db", db],
      ["ablate", c.file, "--factor", "peers=absent,good", "--db", db],
    ];
  if (c.kind === "transcript") return [["import", "--format", "peer-preservation", c.file, "--db", db]];
  const specDir = join(work, "spec");
  mkdirSync(specDir, { recursive: true });
  const name = basename(c.file);
  if (existsSync(c.file) && statSync(c.file).isFile()) copyFileSync(c.file, join(specDir, name));
  writeFileSync(join(specDir, "uses-fixture.yaml"), `${SPEC_HEAD}peers: [absent, ${JSON.stringify(name)}]\n`);
  return [
    ["fixtures", "validate", c.file],
    ["fixtures", "show", c.file],
    ["run", join(specDir, "uses-fixture.yaml"), "--db", db, "--quiet"],
  ];
}

/** Rows a bad input must not have written, when the database exists at all. */
export function rowsWritten(db: string): number {
  if (!existsSync(db)) return 0;
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return ["runs", "episodes", "events", "fixtures"].reduce((n, t) => n + (d.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n, 0);
  } finally {
    d.close();
  }
}

const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** Every way an outcome falls short of the contract; empty when the case passes. */
export function problemsOf(c: InputCase, argv: string[], r: CliOutcome, db: string): string[] {
  const out = r.stdout + r.stderr;
  const p: string[] = [];
  if (r.code !== 2) p.push(`exit ${r.code}, not 2`);
  if (!out.includes(c.names)) p.push(`does not name ${c.names}`);
  if (!c.expect.test(out)) p.push(`does not match ${c.expect}`);
  if (/^\s+at .+[(:]/m.test(out) || /node:internal|\.ts:\d+:\d+/.test(out)) p.push("prints a stack trace");
  if (RAW_CONTROL.test(out)) p.push("prints a raw control character");
  const lines = out.trim().split("\n");
  if (lines.length > 30) p.push(`prints ${lines.length} lines`);
  if (lines.some((l) => l.length > 600)) p.push("prints a line longer than 600 characters");
  const rows = rowsWritten(db);
  if (rows) p.push(`wrote ${rows} rows`);
  return p.map((m) => `${c.id} (${argv.slice(0, 2).join(" ")}): ${m}\n    ${out.trim().split("\n").slice(0, 6).join("\n    ")}`);
}

/** The real command in a child process, without blocking this one (for a pool). */
export function spawnCli(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliOutcome> {
  const t0 = performance.now();
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, LANGSMITH_TRACING: "", PEERLAB_DEBUG: "", ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        done({ code, stdout, stderr, ms: performance.now() - t0 });
      },
    );
  });
}

/** Run tasks with at most `limit` in flight; results in input order. */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The CLI's own entry point (what bin/peerlab.js calls) in this process, output captured: the same
 * code path as the command without a child process per case.
 */
export async function runInProcess(args: string[]): Promise<CliOutcome> {
  const { main } = await import("../../src/cli/main.js");
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  const capture = (sink: string[]) =>
    ((chunk: string | Uint8Array) => {
      sink.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    }) as typeof process.stdout.write;
  const t0 = performance.now();
  process.exitCode = undefined;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  let code: number;
  try {
    code = await main(["node", "peerlab", ...args]);
  } catch (e) {
    code = -1;
    err.push(`main threw: ${(e as Error)?.stack ?? String(e)}`);
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.exitCode = undefined;
  }
  return { code, stdout: out.join(""), stderr: err.join(""), ms: performance.now() - t0 };
}
