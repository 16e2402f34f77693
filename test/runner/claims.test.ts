// The claim port on SQLite, driven by an injected clock: claims exclude each other, leases expire and
// are taken over, heartbeats renew and report lost claims, and two runners on two connections to one
// file run each episode exactly once.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerRun, runExperiment } from "../../src/runner/index.js";
import { ClaimLostError, LeaseKeeper } from "../../src/runner/lease.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { rawDatabaseForTests } from "../../src/store/testing.js";
import type { Clock } from "../../src/util/clock.js";
import { testClock } from "../support/cells.js";
import { tempDir } from "../support/tmp.js";

const spec = (trials = 3, extra = "") =>
  loadExperimentText(
    `name: claims\nevaluator: sim:propensity\nscenarios: [tampering]\n` +
      `params:\n  tampering: { item_set: [factual], threshold: [80] }\n` +
      `seed: 5\ntrials: ${trials}\npeers: [absent, good]\nthreats: [shutdown, none]\n${extra}`,
  );

class ManualClock implements Clock {
  constructor(public t = Date.UTC(2026, 2, 1)) {}
  now(): Date {
    return new Date(this.t);
  }
}

function setup(): { store: Store; runId: string; ids: string[]; clock: ManualClock } {
  const clock = new ManualClock();
  const store = openStore(":memory:", { clock });
  const plan = registerRun(spec(1), store);
  return { store, runId: plan.run_id, ids: store.runEpisodes(plan.run_id).map((e) => e.id), clock };
}

const req = (owner: string, now: number, extra: { gone?: (o: string) => boolean } = {}) => ({ owner, runId: null, now, leaseMs: 1000, ...extra });

describe("episode claims (SQLite)", () => {
  it("gives each episode to one owner at a time and passes over those held by a live lease", () => {
    const { store, ids, clock } = setup();
    const a = store.claimNext([{ episodeId: ids[0]! }], req("A", clock.t));
    expect(a.claimed?.episode.id).toBe(ids[0]);
    expect(a.claimed?.expiresAt).toBe(clock.t + 1000);
    const b = store.claimNext(
      ids.map((episodeId) => ({ episodeId })),
      req("B", clock.t + 999),
    );
    expect(b.claimed?.episode.id).toBe(ids[1]);
    expect(b.passed).toEqual([{ episodeId: ids[0], outcome: { kind: "held", owner: "A", expiresAt: clock.t + 1000 } }]);
    // The owner itself does not claim what it holds twice.
    expect(store.claimNext([{ episodeId: ids[0]! }], req("A", clock.t)).claimed).toBeNull();
  });

  it("lets a lease expire without a heartbeat, hands the episode over, and tells the old owner it lost it", () => {
    const { store, ids, clock } = setup();
    store.claimNext([{ episodeId: ids[0]! }], req("A", clock.t));
    // A heartbeat keeps it: at t+1500 the lease (renewed at t+900) still holds.
    expect(store.heartbeat("A", [ids[0]!], clock.t + 900, 1000)).toEqual([]);
    expect(store.claimNext([{ episodeId: ids[0]! }], req("B", clock.t + 1500)).claimed).toBeNull();
    // Without one it expires, and B takes it over.
    const b = store.claimNext([{ episodeId: ids[0]! }], req("B", clock.t + 1900));
    expect(b.claimed?.takenOver).toBe("A");
    expect(store.heartbeat("A", [ids[0]!], clock.t + 2000, 1000)).toEqual([ids[0]]);
    expect(store.complete("A", ids[0]!)).toBe(false);
    expect(store.complete("B", ids[0]!)).toBe(true);
  });

  it("takes over at once from an owner known to be gone, and only from it", () => {
    const { store, ids, clock } = setup();
    store.claimNext([{ episodeId: ids[0]! }], req("dead", clock.t));
    store.claimNext([{ episodeId: ids[1]! }], req("alive", clock.t));
    const gone = (o: string) => o === "dead";
    const b = store.claimNext([{ episodeId: ids[1]! }, { episodeId: ids[0]! }], req("B", clock.t + 1, { gone }));
    expect(b.claimed?.episode.id).toBe(ids[0]);
    expect(b.claimed?.takenOver).toBe("dead");
    expect(b.passed.map((p) => p.outcome.kind)).toEqual(["held"]);
  });

  it("never claims a done episode, nor one that failed in another process since the caller looked", () => {
    const { store, ids, clock } = setup();
    const att = store.beginAttempt(ids[0]!, null);
    store.endAttempt(ids[0]!, att, { status: "done", digest: "x" });
    const att2 = store.beginAttempt(ids[1]!, null);
    store.endAttempt(ids[1]!, att2, { status: "failed", error: { code: "X", message: "x" } });
    const r = store.claimNext([{ episodeId: ids[0]!, seenAttempt: 0 }, { episodeId: ids[1]!, seenAttempt: 0 }, { episodeId: "ep-none" }], req("A", clock.t));
    expect(r.claimed).toBeNull();
    expect(r.passed.map((p) => p.outcome.kind)).toEqual(["done", "moved", "missing"]);
    // Seen as failed already, it is claimable: resume retries failed episodes.
    expect(store.claimNext([{ episodeId: ids[1]!, seenAttempt: 1 }], req("A", clock.t)).claimed?.episode.status).toBe("failed");
    // A claim left on a done episode by an owner that died before dropping it is cleared once expired.
    rawDatabaseForTests(store)
      .prepare("INSERT INTO episode_claims (episode_id, owner, run_id, claimed_at, expires_at) VALUES (?, 'K', NULL, ?, ?)")
      .run(ids[0]!, clock.t, clock.t + 1000);
    expect(store.claimNext([{ episodeId: ids[0]! }], req("A", clock.t + 500)).passed[0]?.outcome.kind).toBe("done");
    expect(store.claimHolder(ids[0]!)).toBe("K");
    store.claimNext([{ episodeId: ids[0]! }], req("A", clock.t + 1500));
    expect(store.claimHolder(ids[0]!)).toBeNull();
  });

  it("knows which other owners work on a run, until they leave or their registration expires", () => {
    const { store, runId, ids, clock } = setup();
    store.joinRun("A", runId, clock.t, 1000);
    store.joinRun("B", runId, clock.t, 1000);
    store.claimNext([{ episodeId: ids[0]! }], { ...req("C", clock.t), runId });
    expect(store.runWorkers(runId, clock.t, "A")).toEqual(["B"]);
    expect(store.liveClaims(runId, clock.t, "A").map((c) => c.owner)).toEqual(["C"]);
    store.leaveRun("B", runId);
    expect(store.runWorkers(runId, clock.t, "A")).toEqual([]);
    store.heartbeat("A", [], clock.t + 500, 1000);
    expect(store.runWorkers(runId, clock.t + 1200, "")).toEqual(["A"]);
    expect(store.liveClaims(runId, clock.t + 1200)).toEqual([]);
  });
});

describe("the fence", () => {
  it("refuses an owner's writes for an episode once another process has taken it over, and lets the new owner write", () => {
    const { store, ids, clock } = setup();
    const a = new LeaseKeeper(store, clock, "r", { owner: "A", ms: 1000 });
    const b = new LeaseKeeper(store, clock, "r", { owner: "B", ms: 1000 });
    expect(a.claim(ids[0]!, 0).outcome.kind).toBe("claimed");
    const fencedA = a.fence(store, ids[0]!);
    const attempt = fencedA.beginAttempt(ids[0]!, null);
    // A stalls past its lease; B takes the episode over and continues the same attempt.
    clock.t += 1500;
    expect(b.claim(ids[0]!, 0).outcome).toMatchObject({ kind: "claimed", takenOver: "A" });
    expect(() => fencedA.endAttempt(ids[0]!, attempt, { status: "cancelled" })).toThrow(ClaimLostError);
    expect(() => fencedA.transaction(() => 1)).toThrow(ClaimLostError);
    b.fence(store, ids[0]!).endAttempt(ids[0]!, attempt, { status: "done", digest: "d" });
    expect(store.getAttempt(ids[0]!, attempt)?.status).toBe("done");
  });

  it("checks the claim once per fenced transaction, and the writes nested in it are refused with it once the claim is lost", () => {
    const { store, ids, clock } = setup();
    const a = new LeaseKeeper(store, clock, "r", { owner: "A", ms: 1000 });
    expect(a.claim(ids[0]!, 0).outcome.kind).toBe("claimed");
    const fencedA = a.fence(store, ids[0]!);
    const attempt = fencedA.beginAttempt(ids[0]!, null);
    const event = (seq: number) => ({ episode_id: ids[0]!, attempt, seq, kind: "clock" as const, role: null, payload: { seq }, meta: null, hash: `h${seq}` });
    let checks = 0;
    const holder = store.claimHolder.bind(store);
    store.claimHolder = (id: string) => {
      checks++;
      return holder(id);
    };
    fencedA.transaction(() => {
      fencedA.appendEvents([event(1)]);
      fencedA.appendEvents([event(2)]);
    });
    expect(checks).toBe(1);
    fencedA.appendEvents([event(3)]);
    expect(checks).toBe(2);
    // Taken over: the whole transaction is refused, its nested writes with it.
    clock.t += 1500;
    new LeaseKeeper(store, clock, "r", { owner: "B", ms: 1000 }).claim(ids[0]!, 0);
    expect(() => fencedA.transaction(() => fencedA.appendEvents([event(4)]))).toThrow(ClaimLostError);
    expect(store.storedEvents(ids[0]!, attempt).map((e) => e.seq)).toEqual([1, 2, 3]);
  });
});

describe("two runners on one database file", () => {
  it("run each episode exactly once between them, and the run ends done", async () => {
    const file = join(tempDir(), "two.db");
    const a = openStore(file, { clock: testClock() });
    const b = openStore(file, { clock: testClock() });
    try {
      // Sim agents answer after a short wait so the two runners overlap.
      const deps = (store: Store, owner: string) => ({
        store,
        clock: testClock(),
        env: {},
        simDelayMs: 2,
        lease: { owner, ms: 60_000 },
        sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 20))),
      });
      const [ra, rb] = await Promise.all([runExperiment(spec(4, "concurrency: 4\n"), deps(a, "A")), runExperiment(spec(4, "concurrency: 4\n"), deps(b, "B"))]);
      expect(ra.status).toBe("done");
      expect(rb.status).toBe("done");
      expect(ra.ran + rb.ran).toBe(16);
      expect(ra.ran).toBeGreaterThan(0);
      expect(rb.ran).toBeGreaterThan(0);
      const attempts = rawDatabaseForTests(a)
        .prepare("SELECT episode_id, COUNT(*) AS n, SUM(status = 'done') AS done FROM attempts GROUP BY episode_id")
        .all() as { n: number; done: number }[];
      expect(attempts).toHaveLength(16);
      expect(attempts.every((r) => r.n === 1 && r.done === 1)).toBe(true);
      expect((rawDatabaseForTests(a).prepare("SELECT COUNT(*) AS n FROM episode_claims").get() as { n: number }).n).toBe(0);
      expect(a.getRun(ra.run_id)?.status).toBe("done");
    } finally {
      a.close();
      b.close();
    }
  }, 120_000);
});
