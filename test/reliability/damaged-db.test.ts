// A database damaged in the middle of the file (or in its header) is reported as damaged, naming the
// file and `peerlab db check`, never as an internal error or a bug in peerlab; nothing is repaired.
import { copyFileSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { damagedDatabase } from "../../src/cli/errors.js";
import { PeerlabError } from "../../src/errors.js";
import { importStudyTranscripts } from "../../src/import/index.js";
import { openStore } from "../../src/store/index.js";
import { testClock } from "../support/cells.js";
import { dbIn, peerlab } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

/** Overwrite 2000 bytes of every third page from the third on: tables and indexes both get hit. */
function damageMiddle(file: string): void {
  const bytes = readFileSync(file);
  for (let off = 4096 * 2; off < bytes.length; off += 4096 * 3) bytes.fill(0x07, off + 100, Math.min(off + 2100, bytes.length));
  writeFileSync(file, bytes);
}

describe("a damaged database", () => {
  it("is reported as damaged, with the file and `peerlab db check`, by show, report and list", async () => {
    const dir = tempDir("peerlab-damaged-");
    const store = openStore(dbIn(dir), { clock: testClock() });
    const r = await importStudyTranscripts(store, ["test/fixtures/study/tampering-disable.json", "test/fixtures/study/exfil-transfer-retimestamp.json"]);
    store.close();
    const damaged = join(dir, "damaged.db");
    copyFileSync(dbIn(dir), damaged);
    const size = statSync(damaged).size;
    damageMiddle(damaged);
    expect(statSync(damaged).size).toBe(size);
    const results = [await peerlab(["show", r.imported[0]!.episode, "--db", damaged]), await peerlab(["report", r.run_id, "--db", damaged])];
    // At least the commands that read the damaged pages fail, and they fail saying so.
    const failed = results.filter((x) => x.code !== 0);
    expect(failed.length).toBeGreaterThan(0);
    for (const x of failed) {
      expect(x.code).toBe(1);
      expect(x.stderr).toContain(`error: the database ${damaged} is damaged`);
      expect(x.stderr).toContain(`peerlab db check ${damaged}`);
      expect(x.stderr).not.toMatch(/internal error|bug in peerlab/);
    }
    // The header too: "file is not a database".
    const header = join(dir, "header.db");
    copyFileSync(dbIn(dir), header);
    const bytes = readFileSync(header);
    bytes.fill(0x41, 0, 64);
    writeFileSync(header, bytes);
    const list = await peerlab(["list", "--db", header]);
    expect(list.code).toBe(1);
    expect(list.stderr).toMatch(/is damaged \(file is not a database\)/);
    expect(list.stderr).not.toMatch(/internal error|could not be written/);
    // Nothing was repaired: the bytes are as they were left.
    expect(
      readFileSync(header)
        .subarray(0, 64)
        .every((b) => b === 0x41),
    ).toBe(true);
  });

  it("maps SQLite's corrupt and not-a-database errors, raw or wrapped by the store, and nothing else", () => {
    const raw = Object.assign(new Error("database disk image is malformed"), { code: "SQLITE_CORRUPT" });
    expect(damagedDatabase(raw)?.code).toBe("DB_DAMAGED");
    expect(damagedDatabase(Object.assign(new Error("x"), { code: "SQLITE_NOTADB" }))?.code).toBe("DB_DAMAGED");
    expect(damagedDatabase(new PeerlabError("STORAGE_FAILED", "cannot open database a.db: file is not a database"))?.message).toMatch(
      /is damaged \(file is not a database\)/,
    );
    expect(damagedDatabase(Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" }))).toBeNull();
    expect(damagedDatabase(new PeerlabError("SPEC_INVALID", "file is not a database"))).toBeNull();
    expect(damagedDatabase(new Error("boom"))).toBeNull();
  });
});
