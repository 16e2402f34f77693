// A real PostgreSQL server for tests: Debian's PostgreSQL 15 (or whatever initdb/pg_ctl are on PATH)
// in a temporary data directory owned by the `postgres` user (initdb refuses to run as root), listening
// on a free loopback port with its unix socket inside the temporary directory, stopped and removed at
// the end. Under vitest one server serves the whole test run (test/support/postgres-setup.ts starts it
// and hands it to the test processes through SHARED_ENV); elsewhere (the bench) one per caller. Each
// store a test opens gets a database of its own. Where no PostgreSQL can be found,
// `postgresUnavailable` says why and the tests skip with that reason.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const TIMEOUT_MS = 60_000;

function findBin(): string | null {
  const onPath = (name: string): string | null => {
    for (const dir of (process.env.PATH ?? "").split(":")) if (dir && existsSync(join(dir, name))) return dir;
    return null;
  };
  // initdb on PATH may be a link into the real bin folder, which also holds createdb.
  const path = onPath("initdb");
  if (path) {
    const real = dirname(realpathSync(join(path, "initdb")));
    if (existsSync(join(real, "pg_ctl")) && existsSync(join(real, "createdb"))) return real;
  }
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(root, v, "bin", "initdb"))) return join(root, v, "bin");
  return null;
}

const BIN = findBin();

/** Why the PostgreSQL tests skip here, or null when a server can be started. */
export const postgresUnavailable: string | null = BIN
  ? null
  : "PostgreSQL is not installed (no initdb on PATH or under /usr/lib/postgresql/*/bin); .ci/run installs Debian's postgresql package";

const asRoot = typeof process.getuid === "function" && process.getuid() === 0;

function postgresUid(): { uid: number; gid: number } {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) throw new Error("running as root, but there is no `postgres` user to own the test server's data directory");
  const f = line.split(":");
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

/** Run one of the server's programs, as `postgres` when we are root. */
function pgRun(program: string, args: string[]): string {
  const bin = join(BIN!, program);
  const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { encoding: "utf8", timeout: TIMEOUT_MS, stdio: ["ignore", "pipe", "pipe"] });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => (addr && typeof addr === "object" ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

export interface TestPostgres {
  port: number;
  /** The `postgres` user's password: loopback TCP connections need it (scram-sha-256), as a real server's would. */
  password: string;
  /** A URL for a new, empty database (created now). */
  freshUrl(): string;
  /** The URL of a database by name (created if missing). */
  url(database: string): string;
  stop(): void;
}

let counter = 0;

/** The environment variable through which the test run's one server reaches the test processes. */
export const SHARED_ENV = "PEERLAB_TEST_POSTGRES";

interface Shared {
  port: number;
  password: string;
  sockets: string;
}

function sharedServer(): Shared | null {
  const text = process.env[SHARED_ENV];
  if (!text) return null;
  const v = JSON.parse(text) as Partial<Shared>;
  if (typeof v.port !== "number" || typeof v.password !== "string" || typeof v.sockets !== "string") throw new Error(`${SHARED_ENV} is malformed: ${text}`);
  return { port: v.port, password: v.password, sockets: v.sockets };
}

function client(server: Shared, stop: () => void): TestPostgres {
  const created = new Set<string>();
  const url = (database: string) => {
    if (!created.has(database)) {
      pgRun("createdb", ["-h", server.sockets, "-p", String(server.port), "-U", "postgres", database]);
      created.add(database);
    }
    return `postgres://postgres@127.0.0.1:${server.port}/${database}`;
  };
  // Unique across the test processes sharing one server.
  return { port: server.port, password: server.password, url, freshUrl: () => url(`t${process.pid}_${++counter}`), stop };
}

/**
 * The test run's server when there is one (call in beforeAll, stop in afterAll: for a shared server,
 * stop leaves it running for the other files), else a server of the caller's own. Throws when none is
 * installed. Connections over loopback TCP need the password, which is put in PGPASSWORD for the test
 * process (and so for the stores and in-process CLI calls it makes); a test that checks another source
 * of the password leaves it out.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const shared = sharedServer();
  if (shared) {
    process.env.PGPASSWORD = shared.password;
    return client(shared, () => undefined);
  }
  const server = await startServer();
  process.env.PGPASSWORD = server.password;
  return client(server, server.stop);
}

/** Start a server of our own: initdb in a temporary folder, then pg_ctl start. */
export async function startServer(): Promise<Shared & { stop(): void }> {
  if (!BIN) throw new Error(postgresUnavailable!);
  const dir = mkdtempSync(join(tmpdir(), "peerlab-pg-"));
  const data = join(dir, "data");
  const sockets = join(dir, "sock");
  mkdirSync(data);
  mkdirSync(sockets);
  if (asRoot) {
    const { uid, gid } = postgresUid();
    for (const p of [dir, data, sockets]) chownSync(p, uid, gid);
  }
  const port = await freePort();
  const pwfile = join(dir, "pwfile");
  const password = `pw-${randomBytes(12).toString("hex")}`;
  let running = false;
  const stop = () => {
    if (running) {
      try {
        pgRun("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"]);
      } catch {
        // already gone
      }
      running = false;
    }
    rmSync(dir, { recursive: true, force: true });
    process.off("exit", stop);
  };
  process.on("exit", stop);
  try {
    writeFileSync(pwfile, `${password}\n`);
    if (asRoot) chownSync(pwfile, postgresUid().uid, postgresUid().gid);
    pgRun("initdb", [
      "-D",
      data,
      "-U",
      "postgres",
      `--pwfile=${pwfile}`,
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C",
      "-N",
    ]);
    rmSync(pwfile);
    const opts = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    running = true;
    pgRun("pg_ctl", ["-D", data, "-o", opts, "-l", join(dir, "server.log"), "-w", "-t", "30", "start"]);
  } catch (e) {
    stop();
    throw e;
  }
  return { port, password, sockets, stop };
}
