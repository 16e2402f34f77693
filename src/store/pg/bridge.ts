// A synchronous bridge to an asynchronous PostgreSQL client. The `Store` interface is synchronous, so
// one worker thread holds the `pg` connection and the caller blocks on Atomics.wait over a
// SharedArrayBuffer until the worker has answered a batch of statements (the pattern synckit packages;
// written out here because the worker's code must load the same way under tsx, vitest and the compiled
// build: it is evaluated from this module's text, and finds `pg` by the path this module resolves).
import { createRequire } from "node:module";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { Row } from "../rows.js";

export interface PgStatement {
  text: string;
  values?: readonly unknown[];
}

export interface PgResult {
  rows: Row[];
  rowCount: number;
}

/** A failure the server or the client reported, with PostgreSQL's SQLSTATE (or Node's errno code). */
export class PgBridgeError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

export interface PgBridgeConfig {
  /** The connection string, without a password (see `password`). */
  connectionString: string;
  connectTimeoutMs: number;
  /** How long a statement waits for another session's lock before failing. */
  lockTimeoutMs: number;
  /** The longest the caller blocks for one batch. */
  replyTimeoutMs: number;
  /** Statements run once after connecting (session settings). */
  setup: readonly string[];
  /** The password when the caller has one (from PEERLAB_DB); otherwise PGPASSWORD, then ~/.pgpass (PGPASSFILE). */
  password?: string;
}

type Reply = { ok: true; results: PgResult[] } | { ok: false; message: string; code: string | null; index: number };

// CommonJS, evaluated in the worker. bigint (20) and numeric (1700) are read as numbers: every count
// and sum the store reads fits a double, as it does in SQLite.
const WORKER = `
const { workerData } = require("node:worker_threads");
const pg = require(workerData.pgPath);
const parsers = { getTypeParser(oid, format) { return oid === 20 || oid === 1700 ? (v) => Number(v) : pg.types.getTypeParser(oid, format); } };
const { port, signal: buffer, config } = workerData;
const signal = new Int32Array(buffer);
// The password: the caller's, else PGPASSWORD, else the ~/.pgpass line for this host, port, database and user.
const password = (params) => config.password ?? process.env.PGPASSWORD ?? new Promise((done) => require(workerData.pgpassPath)(params, done));
// The URL parsed here, not handed to pg as connectionString: pg would let the URL's (absent) password override this function.
const fields = require(workerData.connStringPath).parse(config.connectionString);
const client = new pg.Client({ ...fields, connectionTimeoutMillis: config.connectTimeoutMs, types: parsers, application_name: "peerlab", password });
let lost = null;
client.on("error", (e) => { lost = e; });
const ready = client.connect().then(async () => {
  await client.query("SET lock_timeout = " + Math.trunc(config.lockTimeoutMs));
  for (const s of config.setup) await client.query(s);
});
function reply(r) { port.postMessage(r); Atomics.add(signal, 0, 1); Atomics.notify(signal, 0); }
port.on("message", async (msg) => {
  let index = -1;
  try {
    await ready;
    if (lost) throw lost;
    if (msg.close) { await client.end(); reply({ ok: true, results: [] }); port.close(); return; }
    const results = [];
    for (index = 0; index < msg.statements.length; index++) {
      const s = msg.statements[index];
      const r = await client.query({ text: s.text, values: s.values });
      const last = Array.isArray(r) ? r[r.length - 1] : r;
      results.push({ rows: last.rows || [], rowCount: last.rowCount || 0 });
    }
    reply({ ok: true, results });
  } catch (e) {
    reply({ ok: false, message: String(e && e.message || e), code: e && typeof e.code === "string" ? e.code : null, index });
  }
});
`;

export class PgBridge {
  private readonly signal: Int32Array;
  private closed = false;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    buffer: SharedArrayBuffer,
    private readonly replyTimeoutMs: number,
  ) {
    this.signal = new Int32Array(buffer);
  }

  static open(config: PgBridgeConfig): PgBridge {
    const buffer = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const pgPath = createRequire(import.meta.url).resolve("pg");
    const pgpassPath = createRequire(pgPath).resolve("pgpass");
    const connStringPath = createRequire(pgPath).resolve("pg-connection-string");
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { port: port2, signal: buffer, pgPath, pgpassPath, connStringPath, config },
      transferList: [port2],
    });
    // Neither the worker nor its port keeps the process alive: a command that ends without closing
    // the store still exits.
    worker.unref();
    port1.unref();
    return new PgBridge(worker, port1, buffer, config.replyTimeoutMs);
  }

  /** Run statements in order on the connection; a failing one stops the batch and is thrown. */
  run(statements: readonly PgStatement[]): PgResult[] {
    const reply = this.call({ statements: statements.map((s) => ({ text: s.text, values: s.values ? [...s.values] : [] })) });
    if (!reply.ok) throw new PgBridgeError(reply.message, reply.code);
    return reply.results;
  }

  private call(msg: unknown): Reply {
    if (this.closed) throw new PgBridgeError("the PostgreSQL connection is closed", null);
    const seen = Atomics.load(this.signal, 0);
    this.port.postMessage(msg);
    // The time left is counted down by the waits that timed out (no clock read: the core takes no wall
    // clock); a wake-up without an answer does not spend it.
    let left = this.replyTimeoutMs;
    for (;;) {
      if (Atomics.load(this.signal, 0) === seen) {
        if (left <= 0) {
          this.terminate();
          throw new PgBridgeError(`PostgreSQL did not answer within ${this.replyTimeoutMs} ms`, "TIMEOUT");
        }
        const slice = Math.min(left, 250);
        if (Atomics.wait(this.signal, 0, seen, slice) === "timed-out") left -= slice;
        continue;
      }
      const got = receiveMessageOnPort(this.port);
      if (got) return got.message as Reply;
    }
  }

  close(): void {
    if (this.closed) return;
    try {
      this.call({ close: true });
    } catch {
      // the connection is gone already
    }
    this.terminate();
  }

  private terminate(): void {
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }
}
