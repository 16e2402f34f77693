// Once per `vitest run` (called by test/support/global-setup.ts): one PostgreSQL server for every test
// file that needs one (instead of an initdb and a start per file). The test processes find it through
// SHARED_ENV, which they inherit from this process; each test still gets databases of its own. Without
// PostgreSQL nothing starts, and those tests skip with the reason (test/support/postgres.ts). Stopped and
// removed by the returned function when the run ends.
import { postgresUnavailable, SHARED_ENV, startServer } from "./postgres.js";

export async function startSharedPostgres(): Promise<(() => void) | undefined> {
  if (postgresUnavailable !== null || process.env[SHARED_ENV]) return undefined;
  const server = await startServer();
  process.env[SHARED_ENV] = JSON.stringify({ port: server.port, password: server.password, sockets: server.sockets });
  return () => {
    delete process.env[SHARED_ENV];
    server.stop();
  };
}
