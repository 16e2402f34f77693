// PostgreSQL without a server: which --db values are URLs, what a well-formed one is, that passwords are
// refused on the command line and scrubbed everywhere, the oldest server supported, and that every
// SQLite migration has its PostgreSQL port under the same number and name.
import { describe, expect, it } from "vitest";
import { PeerlabError } from "../../src/errors.js";
import { isPostgresUrl, MIN_SERVER_VERSION, parsePgUrl, scrubUrl } from "../../src/store/index.js";
import { MIGRATIONS } from "../../src/store/migrations/index.js";
import { unsupportedVersion } from "../../src/store/pg/connection.js";
import { PG_MIGRATIONS } from "../../src/store/pg/migrations/index.js";
import { splitPassword } from "../../src/util/index.js";
import { stripLocal } from "../../src/store/copy-rows.js";

const refusal = (url: string): PeerlabError => {
  try {
    parsePgUrl(url);
  } catch (e) {
    if (e instanceof PeerlabError) return e;
    throw e;
  }
  throw new Error(`${url} was accepted`);
};

describe("PostgreSQL URLs", () => {
  it("tells a server URL from a SQLite file", () => {
    expect(isPostgresUrl("postgres://h/db")).toBe(true);
    expect(isPostgresUrl("POSTGRESQL://h/db")).toBe(true);
    expect(isPostgresUrl("runs/peerlab.db")).toBe(false);
    expect(isPostgresUrl("./postgres://x")).toBe(false);
  });

  it("parses host, port and database, defaulting the port to 5432", () => {
    expect(parsePgUrl("postgres://me@db.example:6543/lab")).toEqual({ url: "postgres://me@db.example:6543/lab", host: "db.example:6543", database: "lab" });
    expect(parsePgUrl("postgresql://db.example/lab").host).toBe("db.example:5432");
    expect(parsePgUrl("postgres:///lab?host=/run/postgresql").host).toBe("/run/postgresql:5432");
  });

  it("refuses malformed URLs, a missing database or host, and a password, as input errors (exit 2) without echoing the password", () => {
    for (const [url, why] of [
      ["postgres://[oops/db", /not a well-formed PostgreSQL URL/],
      ["postgres://h", /no database name/],
      ["postgres://h/a/b", /no database name/],
      ["postgres:///lab", /no host/],
      ["postgres://me:hunter22@h/db", /password in the URL is refused.*PGPASSWORD/],
      ["postgres://me@h/db?password=hunter22", /password in the URL is refused/],
    ] as const) {
      const e = refusal(url);
      expect(e.code, url).toBe("ARGS_INVALID");
      expect(e.message, url).toMatch(why);
      expect(e.message).not.toContain("hunter22");
    }
  });

  it("scrubs passwords and secret-looking parameters, and everything after the scheme of an unparseable URL", () => {
    expect(scrubUrl("postgres://me:hunter22@h:5/db")).toBe("postgres://me:***@h:5/db");
    expect(scrubUrl("postgres://me@h/db?sslpassword=x&sslmode=require")).toBe("postgres://me@h/db?sslpassword=***&sslmode=require");
    expect(scrubUrl("postgres://me:hunter22@[oops/db")).toBe("postgres://***");
    expect(scrubUrl("runs/peerlab.db")).toBe("runs/peerlab.db");
  });

  it("takes a password out of a URL (PEERLAB_DB's), leaving a URL that parses", () => {
    const { url, password } = splitPassword("postgres://me:p%40ss%3Aw0rd@h:5432/lab");
    expect(password).toBe("p@ss:w0rd");
    expect(url).toBe("postgres://me@h:5432/lab");
    expect(parsePgUrl(url).database).toBe("lab");
    expect(splitPassword("postgres://me@h/lab")).toEqual({ url: "postgres://me@h/lab", password: null });
  });
});

describe("PostgreSQL server and schema", () => {
  it("says a server older than 15 is unsupported, and accepts 15 and later", () => {
    expect(MIN_SERVER_VERSION).toBe(150000);
    expect(unsupportedVersion(140011, "14.11")).toMatch(/PostgreSQL 14\.11 is older than 15, the oldest release peerlab supports/);
    expect(unsupportedVersion(150004, "15.4")).toBeNull();
    expect(unsupportedVersion(170000, "17.0")).toBeNull();
  });

  it("ports every SQLite migration under the same version and name", () => {
    expect(PG_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    for (const m of PG_MIGRATIONS) expect(m.sql.trim().length, m.name).toBeGreaterThan(0);
  });
});

describe("db copy's rows", () => {
  it("passes the schema's column names and refuses any other (copies insert by column name)", () => {
    expect(Object.keys(stripLocal({ id: "r", rowid: 3, created_at: "t" }))).toEqual(["id", "created_at"]);
    for (const bad of ["x); DROP TABLE runs; --", "Id", "a b", ""]) {
      expect(() => stripLocal({ id: "r", [bad]: 1 }), bad).toThrow(/no peerlab schema has; nothing was copied/);
    }
  });
});
