// The order `vitest run` starts test files in, so that the workers finish together: the longest
// files first (a worker that takes a 40 s file last keeps the run going alone), and the files of the
// shared-process projects (`isolate: false`) after every other, each project in one block: a worker
// keeps its process for the next file only when that file is of the same shared project.
//
// How long a file takes comes from test/support/durations.json (seconds per file, from a full
// run: `npm run test:durations` rewrites it from .vitest.json), then from Vitest's own cache of the last
// local run, then a file unknown to both counts as short. A stale figure changes the order, never what
// is tested. With `--sequence.shuffle`, or a `--sequence.seed`, the files are shuffled instead, by the seed.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const DURATIONS = new URL("./durations.json", import.meta.url);

function loadDurations(): Map<string, number> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(DURATIONS, "utf8"));
    const out = new Map<string, number>();
    if (parsed && typeof parsed === "object") {
      for (const [k, v] of Object.entries(parsed)) if (typeof v === "number") out.set(k, v);
    }
    return out;
  } catch {
    return new Map();
  }
}

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { sequence, root } = this.ctx.config;
    // `--sequence.shuffle` (files and tests), or `--sequence.shuffle.files --sequence.seed=N` (files only).
    if (sequence.shuffle || sequence.seed !== undefined) return shuffled(files, sequence.seed ?? 0);
    const hints = loadDurations();
    const file = (f: TestSpecification) => relative(root, f.moduleId);
    const key = (f: TestSpecification) => `${f.project.name}:${file(f)}`;
    const seconds = (f: TestSpecification) => hints.get(file(f)) ?? (this.ctx.cache.getFileTestResults(key(f))?.duration ?? 0) / 1000;
    const shared = (f: TestSpecification) => f.project.config.isolate === false;
    // Files with a process of their own first, then each shared project's files in one block.
    const block = (f: TestSpecification) => (shared(f) ? `1:${f.project.name}` : "0");
    return [...files].sort((a, b) => block(a).localeCompare(block(b)) || seconds(b) - seconds(a) || key(a).localeCompare(key(b)));
  }
}

/** Fisher–Yates with a small seeded generator (mulberry32): the same seed, the same order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
