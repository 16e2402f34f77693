// REAL PROCESS: what a replay thread's start is spared. The build writes the replay bundle in ASCII,
// so it is read as a one-byte string (src/replay/code-cache.ts), and still takes its code cache; and
// neither a replay thread's modules nor a whole `peerlab replay` load Node's fetch (which just-bash's
// top level would, src/world/shell/builtins.ts and src/replay/load.ts). `npm test` builds first.
import { spawnSync } from "node:child_process";
import { isAscii } from "node:buffer";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { bundleSource } from "../../src/replay/code-cache.js";
import { html } from "../../src/viewer/index.js";
import { tempDir } from "../support/tmp.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BUNDLE = join(ROOT, "dist/src/replay/replay.bundle.cjs");
const PINNED = join(import.meta.dirname, "../fixtures/pinned");

describe("the replay bundle's text", () => {
  it("is ASCII, and is read as the same text UTF-8 would give", () => {
    const bytes = readFileSync(BUNDLE);
    expect(isAscii(bytes)).toBe(true);
    expect(bundleSource(bytes)).toBe(bytes.toString("utf8"));
    // A bundle with a character past ASCII is still read as UTF-8.
    const utf8 = Buffer.from("const dash = '\u2013'; // \u{1F44B}\n");
    expect(bundleSource(utf8)).toBe("const dash = '\u2013'; // \u{1F44B}\n");
  });

  it("escapes a tagged template only for the viewer's html, which reads the cooked strings alone", () => {
    // The build writes `html\`\u2013\`` for `html\`–\``: same cooked string, another raw one.
    const strings = Object.assign(["a \u2013 ", " b"], { raw: ["a \\u2013 ", " b"] }) as unknown as TemplateStringsArray;
    expect(html(strings, "<x>").value).toBe("a \u2013 &lt;x&gt; b");
  });
});

describe("a replay's start", () => {
  it("takes the code cache for the ASCII bundle and loads no fetch, in a thread's modules or in a whole replay", () => {
    const dir = tempDir();
    const pins = JSON.parse(readFileSync(join(PINNED, "digests.json"), "utf8")) as Record<string, { run: string }>;
    const db = join(dir, "pinned.db");
    writeFileSync(db, gunzipSync(readFileSync(join(PINNED, "schema-7.db.gz"))));
    const script = join(dir, "start.mjs");
    const argv = [process.execPath, "peerlab", "replay", pins["schema-7.db.gz"]!.run, "--verify", "--json", "--threads", "1", "--db", db];
    writeFileSync(
      script,
      `const { loadBundle } = await import(${JSON.stringify(join(ROOT, "dist/src/replay/code-cache.js"))});
const b = loadBundle(${JSON.stringify(BUNDLE)});
const fetches = () => process.moduleLoadList.filter((m) => /undici/.test(m));
// A replay thread's modules are all evaluated before worker.js finds it is not on a thread and throws.
const thread = await b.exports.thread().then(() => "started", (e) => e.message);
const afterThread = fetches();
const code = await b.exports.main(${JSON.stringify(argv)});
process.stderr.write(JSON.stringify({ cached: b.cached, thread, afterThread, afterReplay: fetches(), code }));
(await import("node:process")).exit(code);
`,
    );
    const r = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 60_000 });
    const seen = JSON.parse(r.stderr.slice(r.stderr.lastIndexOf('{"cached"'))) as Record<string, unknown>;
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true });
    expect(seen).toEqual({ cached: true, thread: expect.stringContaining("replay thread"), afterThread: [], afterReplay: [], code: 0 });
  }, 60_000);
});
