import { defineConfig } from "vitest/config";
import { LongestFirstSequencer } from "./test/support/sequencer.js";

// `npm test` runs four projects; `vitest run --project unit` (or unit-own-process, integration, e2e) runs one.
// - unit: one module or command at a time, in process (the CLI through `main`, test/support/cli.ts).
//   Its files share their worker processes (`isolate: false`): a file's modules stay loaded for the
//   next file, which would otherwise pay a second or more to import them again. So a unit file must
//   leave its process as it found it: what it changes (the working folder, process.env, listeners,
//   timers, servers) it puts back by the end of its test, and it registers nothing process-wide.
// - unit-own-process: the unit files that cannot, each in a process of its own (UNIT_OWN_PROCESS).
// - integration: several layers together: a local model server, the browser, the store on disk. Its
//   files share their processes too, under the same rule.
// - e2e: real `peerlab` processes (kill -9, Ctrl-C, two processes on one database) and the
//   reliability suites. Its files share their processes too, under the same rule: what they kill and
//   time are their child processes, not the test process (alone, each imported the whole CLI again).
//   No group of their own (sequence.groupOrder): a group waits for the one before it to end, leaving
//   a core idle meanwhile. The files start longest first, whatever their project,
//   and the short shared-process unit files fill the cores at the end (test/support/sequencer.ts).
// `npm run test:reliability` adds the long fault and crash runs (*.slow.test.ts).
const full = process.env.PEERLAB_FULL_SUITE === "1";
const SLOW = "test/**/*.slow.test.ts";

const E2E = [
  "test/e2e/**/*.test.ts",
  "test/**/*.e2e.test.ts",
  "test/reliability/**/*.test.ts",
  "test/runner/crash.test.ts",
  "test/runner/crash.slow.test.ts",
  "test/runner/interrupt.test.ts",
  "test/runner/busy.test.ts",
];
const INTEGRATION = ["test/**/*.int.test.ts", "test/cli/**/*.test.ts", "test/viewer/**/*.test.ts"];
// Unit files that change their process for good, so no other file may run after them in it. Add a file
// here (with its reason) rather than let it leak; `vitest run --project unit --sequence.shuffle` with a
// few seeds is the check that nothing else does.
const UNIT_OWN_PROCESS = [
  // They register toy entries (a delivery, a provider, a scenario) in the process-wide registries, which
  // have no way to take an entry out: the goldens, the JSON Schema and the registries' own list of
  // built-ins would see them.
  "test/registry/registries.test.ts",
  "test/registry/toy.test.ts",
  "test/memory/delivery-support.test.ts",
];

// What every project shares. Not through `extends: true`: a project that extends the root config runs
// its globalSetup again (once per project and once for the root), and the demo would be recorded four times.
const common = {
  testTimeout: 60_000,
  hookTimeout: 60_000,
  // Child processes, not threads: the in-process CLI changes the working folder (process.chdir).
  pool: "forks",
  env: { LANGSMITH_TRACING: "", LANGCHAIN_TRACING_V2: "" },
} as const;

export default defineConfig({
  test: {
    reporters: ["default", "json"],
    outputFile: { json: ".vitest.json" },
    ...common,
    // Five workers on the 2-core CI machine; test files share no fixed files or ports (temporary folders,
    // port 0). Half the suite's file time is end-to-end files that mostly wait: on their `peerlab` child
    // processes, on PostgreSQL, on a hung call's timeout, on a sim answer's delay (the PostgreSQL ones
    // slow their sim answers so that a second process can join mid-run). With two workers a core sat idle
    // through those waits (the run used 1.5 of its 2 cores). Three and four alternately, whole runs
    // (2026-12-08, load 4–6): 264 and 270 s against 219 and 227 s. The tests with a time bound (Ctrl-C
    // within 4 s, a crash cycle's kill) passed with three workers under a load of 8–14, and with four.
    // Four, five and six, one whole run each (2026-12-08 01:48–02:19, load 2–12): 283, 221 and 276 s,
    // 390, 406 and 449 CPU-seconds (each worker process imports the modules again): five.
    maxWorkers: 5,
    // Longest files first, the shared-process files last (test/support/sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
    // Once per run, for every project (the root's, which the projects' tests see): the demo database
    // recorded once (test/support/demo-db.ts) and, at the same time, one PostgreSQL server (test/support/postgres.ts).
    globalSetup: ["test/support/global-setup.ts"],
    projects: [
      {
        test: {
          ...common,
          name: "unit",
          isolate: false,
          include: ["test/**/*.test.ts"],
          exclude: [...E2E, ...INTEGRATION, ...UNIT_OWN_PROCESS, ...(full ? [] : [SLOW])],
        },
      },
      { test: { ...common, name: "unit-own-process", include: UNIT_OWN_PROCESS } },
      { test: { ...common, name: "integration", isolate: false, include: INTEGRATION, exclude: [...E2E, ...(full ? [] : [SLOW])] } },
      { test: { ...common, name: "e2e", isolate: false, include: E2E, exclude: full ? [] : [SLOW] } },
    ],
  },
});
