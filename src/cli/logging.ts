// Logging through pino: JSON lines per run in a logs/ folder beside the database, short readable lines
// on stderr. Values of *_API_KEY / *_TOKEN environment variables are redacted from every line.
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Writable } from "node:stream";
import pino, { type Logger } from "pino";
import { terminalSafe } from "../spec/index.js";

const SECRET_NAME = /(API_KEY|_TOKEN|SECRET|PASSWORD)$/i;

export function secretValues(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter(([k, v]) => SECRET_NAME.test(k) && typeof v === "string" && v.length >= 6)
    .map(([, v]) => v!)
    .sort((a, b) => b.length - a.length);
}

export function redact(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const s of secrets) out = out.split(s).join("[redacted]");
  return out;
}

class RedactingStream extends Writable {
  constructor(
    private readonly target: NodeJS.WritableStream,
    private readonly secrets: readonly string[],
    private readonly pretty: boolean,
  ) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    let line = redact(chunk.toString("utf8"), this.secrets);
    if (this.pretty) line = prettyLine(line);
    if (line) this.target.write(line);
    done();
  }
}

const LEVELS: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };

function prettyLine(json: string): string {
  try {
    const { level, msg, time: _t, pid: _p, hostname: _h, ...rest } = JSON.parse(json) as Record<string, unknown>;
    const extra = Object.entries(rest)
      .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join(" ");
    return `${LEVELS[level as number] ?? level}: ${msg}${extra ? `  ${extra}` : ""}\n`;
  } catch {
    return json;
  }
}

export interface LoggerOptions {
  db: string;
  runId?: string;
  env: Record<string, string | undefined>;
  /** Level shown on stderr (the log file gets info and above). */
  level?: string;
}

export function logsDir(db: string): string {
  // A PostgreSQL database has no folder: its runs' logs go where the default database's would.
  if (/^postgres(?:ql)?:\/\//i.test(db)) return resolve("runs", "logs");
  return join(dirname(resolve(db)), "logs");
}

/**
 * The run's log file, or null when it cannot be created. The log is a convenience: a full disk or a
 * read-only folder must not crash a run (the database reports its own failures), so a failing log
 * file says so once on stderr and is dropped.
 */
function logFile(path: string): NodeJS.WritableStream | null {
  const warn = (e: unknown) =>
    process.stderr.write(terminalSafe(`warning: cannot write the log file ${path}: ${(e as Error).message}; logging to stderr only\n`));
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    warn(e);
    return null;
  }
  const stream = createWriteStream(path, { flags: "a" });
  let failed = false;
  stream.on("error", (e) => {
    if (!failed) warn(e);
    failed = true;
  });
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!failed) stream.write(chunk);
      done();
    },
  });
}

export function createLogger(opts: LoggerOptions): Logger {
  const secrets = secretValues(opts.env);
  const streams: pino.StreamEntry[] = [{ level: (opts.level ?? "warn") as pino.Level, stream: new RedactingStream(process.stderr, secrets, true) }];
  if (opts.runId && opts.db !== ":memory:") {
    const file = logFile(join(logsDir(opts.db), `${opts.runId}.jsonl`));
    if (file) streams.push({ level: "info", stream: new RedactingStream(file, secrets, false) });
  }
  return pino(
    {
      level: "info",
      base: null,
      redact: { paths: ["apiKey", "api_key", "*.apiKey", "*.api_key", "headers.authorization", "*.headers.authorization"], censor: "[redacted]" },
    },
    pino.multistream(streams),
  );
}
