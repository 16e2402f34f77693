// Lines longer than 160 columns, counted after the formatter has had its say: the formatter wraps code to
// 160 columns (biome.jsonc), so what remains are long strings, templates and comments, which only a person
// can wrap. Each file may hold at most the count recorded in scripts/long-lines.json, and a new file none:
// the count can only go down. `node scripts/long-lines.mjs --update` records the counts after wrapping some.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const LIMIT = 160;
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const baselineFile = join(root, "scripts", "long-lines.json");
const update = process.argv.includes("--update");
// The files Biome lints (biome.jsonc `files.includes`): our TypeScript and JavaScript, not fixtures or corpora.
const checked = (f) =>
  /\.(ts|js|mjs)$/.test(f) && (/^(src|test|bench|bin|scripts)\//.test(f) || !f.includes("/")) && !/^test\/(fixtures|reliability\/corpus)\//.test(f);

const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" });
const files = [...new Set(listed.split("\n").filter((f) => f && checked(f) && existsSync(join(root, f))))].sort();

// Format a copy, so the count is the same before and after the codebase's own reformat.
const copy = mkdtempSync(join(tmpdir(), "peerlab-long-lines-"));
try {
  for (const f of files) {
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    cpSync(join(root, f), join(copy, f));
  }
  cpSync(join(root, "biome.jsonc"), join(copy, "biome.jsonc"));
  cpSync(join(root, "lint"), join(copy, "lint"), { recursive: true });
  const biome = join(root, "node_modules", "@biomejs", "biome", "bin", "biome");
  execFileSync(process.execPath, [biome, "format", "--write", "--vcs-enabled=false", "--max-diagnostics=0", "."], { cwd: copy, stdio: "pipe" });

  const counts = new Map();
  const over = new Map();
  for (const f of files) {
    const lines = readFileSync(join(copy, f), "utf8").split("\n");
    const long = lines.flatMap((l, i) => ([...l].length > LIMIT ? [{ line: i + 1, width: [...l].length }] : []));
    if (long.length) {
      counts.set(f, long.length);
      over.set(f, long);
    }
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (update) {
    writeFileSync(baselineFile, `${JSON.stringify({ limit: LIMIT, files: Object.fromEntries(counts) }, null, 2)}\n`);
    console.log(`long-lines: recorded ${total} lines over ${LIMIT} columns in ${counts.size} files`);
  } else {
    const baseline = new Map(Object.entries(JSON.parse(readFileSync(baselineFile, "utf8")).files));
    const grown = [...counts].filter(([f, n]) => n > (baseline.get(f) ?? 0));
    const allowed = [...baseline.values()].reduce((a, b) => a + b, 0);
    if (grown.length) {
      for (const [f, n] of grown) {
        console.error(`${f}: ${n} lines over ${LIMIT} columns after formatting, ${baseline.get(f) ?? 0} allowed`);
        for (const { line, width } of over.get(f)) console.error(`  line ${line} (formatted): ${width} columns`);
      }
      console.error("Wrap the long strings, templates or comments (line numbers are those of the formatted file).");
      process.exitCode = 1;
    } else {
      const fewer = total < allowed ? ` (fewer than the ${allowed} recorded: run \`node scripts/long-lines.mjs --update\`)` : "";
      console.log(`long-lines: ${total} lines over ${LIMIT} columns after formatting, none new${fewer}`);
    }
  }
} finally {
  rmSync(copy, { recursive: true, force: true });
}
