// The replay bundle's code cache (src/replay/code-cache.ts) is for speed only: a bundle runs the same
// with it, without it, with a damaged or foreign one, and when it cannot be written.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { hashFileOf, loadBundle } from "../../src/replay/code-cache.js";
import { tempDir } from "../support/tmp.js";

interface Exports {
  twice(n: number): number;
  file: string;
}

/** A CommonJS bundle in `dir`: `tag` makes each test's source its own. */
function bundle(dir: string, tag: string): string {
  const file = join(dir, "b.bundle.cjs");
  writeFileSync(
    file,
    `"use strict";\nconst { basename } = require("node:path");\n` +
      `exports.twice = (n) => n * 2 + ${JSON.stringify(tag)}.length * 0;\nexports.file = basename(__filename);\n`,
  );
  return file;
}

let copies = 0;
/**
 * Load `file` from a copy at a new path: V8 keeps what one thread compiled by source and file name, and
 * would answer a second load of the same file from that, never reading the cache it was given.
 */
function load(file: string, cache: string) {
  const copy = join(dirname(file), `copy-${++copies}`, basename(file));
  mkdirSync(dirname(copy));
  copyFileSync(file, copy);
  return loadBundle<Exports>(copy, cache);
}

const cacheFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".bin"));

describe("loadBundle", () => {
  it("runs a bundle as Node requires it, writes its cache once, and takes it on the next load", () => {
    const dir = tempDir();
    const cache = join(dir, "cache");
    const file = bundle(dir, "first");
    const a = load(file, cache);
    expect(a.cached).toBe(false);
    expect(a.exports.twice(21)).toBe(42);
    expect(a.exports.file).toBe("b.bundle.cjs");
    a.save();
    a.save();
    expect(cacheFiles(cache)).toHaveLength(1);
    const b = load(file, cache);
    expect(b.cached).toBe(true);
    expect(b.exports.twice(5)).toBe(10);
  });

  it("names the cache by the bundle's content: a changed bundle of the same length does not use the old cache", () => {
    const dir = tempDir();
    const cache = join(dir, "cache");
    const file = bundle(dir, "aaaa");
    const a = load(file, cache);
    a.save();
    writeFileSync(file, readFileSync(file, "utf8").replace("n * 2", "n * 3"));
    const b = load(file, cache);
    expect(b.cached).toBe(false);
    expect(b.exports.twice(2)).toBe(6);
  });

  it("ignores a damaged cache (checksum) and one V8 rejects, and writes a good one in their place", () => {
    const dir = tempDir();
    const cache = join(dir, "cache");
    const file = bundle(dir, "damaged");
    load(file, cache).save();
    const [name] = cacheFiles(cache);
    const path = join(cache, name!);
    const good = readFileSync(path);

    const flipped = Buffer.from(good);
    flipped[flipped.length - 1]! ^= 0xff;
    writeFileSync(path, flipped);
    const damaged = load(file, cache);
    expect(damaged.cached).toBe(false);
    expect(damaged.exports.twice(4)).toBe(8);

    // A payload whose checksum matches but which is not V8's code for this source.
    const junk = Buffer.alloc(256, 7);
    writeFileSync(path, Buffer.concat([createHash("sha256").update(junk).digest(), junk]));
    const rejected = load(file, cache);
    expect(rejected.cached).toBe(false);
    expect(rejected.exports.twice(4)).toBe(8);
    rejected.save();
    expect(load(file, cache).cached).toBe(true);

    writeFileSync(path, Buffer.alloc(10));
    expect(load(file, cache).exports.twice(1)).toBe(2);
  });

  it("never fails a command when the cache cannot be written", () => {
    const dir = tempDir();
    // A cache folder under a file: writing there fails for every user, root included.
    const blocked = join(dir, "blocked");
    writeFileSync(blocked, "");
    const a = load(bundle(dir, "readonly"), join(blocked, "cache"));
    expect(() => a.save()).not.toThrow();
    expect(a.exports.twice(3)).toBe(6);
    expect(readdirSync(join(dir, `copy-${copies}`))).toEqual(["b.bundle.cjs"]);
  });
});

describe("the build's record of the bundle's hash", () => {
  it("names the cache while the bundle keeps its size and time, and is ignored once the bundle is rewritten", () => {
    const dir = tempDir();
    const cache = join(dir, "cache");
    const file = bundle(dir, "recorded");
    const copy = join(dir, "rec", basename(file));
    mkdirSync(dirname(copy));
    copyFileSync(file, copy);
    const st = statSync(copy);
    // A record naming another hash: used while it matches the bundle's size and time (the cache is named by it).
    const other = "ab".repeat(32);
    writeFileSync(hashFileOf(copy), JSON.stringify({ sha256: other, size: st.size, mtimeMs: st.mtimeMs }));
    loadBundle<Exports>(copy, cache).save();
    expect(cacheFiles(cache)).toEqual([expect.stringContaining(other.slice(0, 32))]);

    // The bundle rewritten (same length, another time): the record is stale, the bundle is hashed, the old cache unused.
    writeFileSync(copy, readFileSync(copy, "utf8").replace("n * 2", "n * 3"));
    utimesSync(copy, st.atime, new Date(st.mtimeMs + 5000));
    const b = loadBundle<Exports>(copy, cache);
    expect(b.cached).toBe(false);
    expect(b.exports.twice(2)).toBe(6);
    b.save();
    const own = createHash("sha256").update(readFileSync(copy)).digest("hex");
    expect(cacheFiles(cache).some((f) => f.includes(own.slice(0, 32)))).toBe(true);
  });
});
