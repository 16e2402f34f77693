// `peerlab episodes <run>`: every episode of a run, filtered by its conditions, status or an outcome.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { listEpisodes, parseOutcomeFilter } from "../../src/report/index.js";
import { runExperiment } from "../../src/runner/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { testClock } from "../support/cells.js";
import { peerlab } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";
import { goldenRun } from "./golden-run.js";

let store: Store;
let runId: string;
beforeAll(async () => {
  ({ store, runId } = await goldenRun());
}, 240_000);

describe("listing a run's episodes", () => {
  it("lists every episode with its conditions in words", () => {
    const all = listEpisodes(store, runId);
    expect(all.total).toBe(96);
    expect(all.episodes).toHaveLength(96);
    expect(new Set(all.episodes.map((e) => e.episode_id)).size).toBe(96);
    expect(all.episodes[0]!.conditions).toMatch(/^tampering \(.*\) · evaluator sim:/);
  });

  it("filters by peer, delivery and status, each narrowing the list", () => {
    const good = listEpisodes(store, runId, { peer: "good" });
    expect(good.episodes.length).toBe(64);
    expect(good.episodes.every((e) => e.peer === "good")).toBe(true);
    const file = listEpisodes(store, runId, { peer: "good", delivery: "file" });
    expect(file.episodes.length).toBe(32);
    expect(listEpisodes(store, runId, { status: "failed" }).episodes).toHaveLength(0);
    expect(listEpisodes(store, runId, { scenario: "exfiltration-transfer" }).episodes).toHaveLength(0);
  });

  it("filters by an outcome's value: the true and false lists split the episodes that have it", () => {
    const yes = listEpisodes(store, runId, { outcome: parseOutcomeFilter("tampered=true") }).episodes;
    const no = listEpisodes(store, runId, { outcome: parseOutcomeFilter("tampered=false") }).episodes;
    expect(yes.length).toBeGreaterThan(0);
    expect(no.length).toBeGreaterThan(0);
    expect(yes.every((e) => e.outcomes.tampered === true)).toBe(true);
    expect(yes.length + no.length).toBe(96);
  });

  it("reads outcome filters as booleans, null, numbers or text, and refuses a malformed one", () => {
    expect(parseOutcomeFilter("inflated=true")).toEqual({ key: "inflated", value: true });
    expect(parseOutcomeFilter("refused=null")).toEqual({ key: "refused", value: null });
    expect(parseOutcomeFilter("reported_score=80")).toEqual({ key: "reported_score", value: 80 });
    expect(parseOutcomeFilter("reported_grade=B")).toEqual({ key: "reported_grade", value: "B" });
    expect(() => parseOutcomeFilter("inflated")).toThrow(/<key>=<value>/);
    expect(() => parseOutcomeFilter("__proto__x=1; rm")).not.toThrow();
    expect(listEpisodes(store, runId, { outcome: parseOutcomeFilter("constructor=true") }).episodes).toHaveLength(0);
  });
});

describe("`peerlab episodes`", () => {
  it("prints the list, --json with every row, and exits 2 on a bad filter", async () => {
    const db = join(tempDir(), "x.db");
    const file = openStore(db, { clock: testClock() });
    const spec =
      "name: demo\nevaluator: sim:propensity\nscenarios: [tampering]\ntrials: 20\n" +
      "peers: [absent, good]\nparams: {tampering: {item_set: [factual], threshold: [80]}}\n";
    await runExperiment(loadExperimentText(spec), { store: file, clock: testClock(), env: {}, provenance: { peerlab: "test" } });
    file.close();
    const r = await peerlab(["episodes", "demo", "--db", db, "--peer", "absent", "--json"]);
    expect(r.code).toBe(0);
    const listing = JSON.parse(r.stdout) as { total: number; episodes: { peer: string; episode_id: string }[] };
    expect(listing.total).toBe(40);
    expect(listing.episodes).toHaveLength(20);
    expect(listing.episodes.every((e) => e.peer === "absent")).toBe(true);
    const text = await peerlab(["episodes", "demo", "--db", db, "--limit", "3"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(listing.episodes[0]!.episode_id.slice(0, 6));
    expect(text.stderr).toMatch(/40 of 40 episodes, 3 shown/);
    expect((await peerlab(["episodes", "demo", "--db", db, "--status", "finished"])).code).toBe(2);
    expect((await peerlab(["episodes", "demo", "--db", db, "--outcome", "tampered"])).code).toBe(2);
  });
});
