// The runner's schedule: lanes run concurrently, the episodes of one lane in order. A persistent
// lineage is one lane, and it stops at an episode that did not finish: a later trial must see every
// earlier one (resume retries). Every episode is claimed before it runs; a lane whose next episode
// another process holds waits, and is tried again after a pause. Each process starts at its own place
// in the run (`startAt`), so processes sharing a run meet only near its end instead of queueing behind
// one another's claims all the way through.
import type { Logger } from "pino";
import { PeerlabError } from "../errors.js";
import type { Job } from "./episode-job.js";
import type { LeaseKeeper } from "./lease.js";
import { groupBy } from "./loop.js";

/** How one claimed episode ended here; "lost": another process took it over; null: the run failed. */
export type RunOneStatus = "done" | "failed" | "cancelled" | "lost" | null;

export interface LaneOptions {
  runId: string;
  concurrency: number;
  leases: LeaseKeeper;
  /** Where in the run's lanes this process starts, as a fraction in [0, 1). */
  startAt: number;
  runOne: (job: Job, lost: AbortSignal | undefined) => Promise<RunOneStatus>;
  stopped: () => boolean;
  fail: (e: unknown) => void;
  /** An episode another process ran to its end since this one looked. */
  elsewhere: (status: "done" | "failed") => void;
  pause: (ms: number, signal: AbortSignal) => Promise<void>;
  signal: AbortSignal;
  yieldToLoop: () => Promise<unknown>;
  logger?: Logger;
}

interface Lane {
  jobs: Job[];
  next: number;
}

export const laneOf = (j: Job): string => (j.cell.persist ? `cell:${j.episode.cell_id}` : `episode:${j.episode.id}`);

/** Rotate `items` to start at the fraction `at` of the way through. */
export function rotate<T>(items: readonly T[], at: number): T[] {
  const k = Math.floor(Math.min(Math.max(at, 0), 0.999999) * items.length);
  return [...items.slice(k), ...items.slice(0, k)];
}

/** Run the jobs' lanes; returns how many episodes this process ran to their end (done or failed). */
export async function runLanes(jobs: readonly Job[], o: LaneOptions): Promise<number> {
  const waiting: Lane[] = [];
  let ranHere = 0;
  const runLane = async (lane: Lane): Promise<void> => {
    while (lane.next < lane.jobs.length && !o.stopped()) {
      const job = lane.jobs[lane.next]!;
      // Let timers and signals in (Ctrl-C, the heartbeat) between episodes, however busy the loop.
      await o.yieldToLoop();
      if (o.stopped()) return;
      let status: RunOneStatus;
      let claim: ReturnType<LeaseKeeper["claim"]>;
      try {
        claim = o.leases.claim(job.episode.id, job.episode.attempt);
      } catch (e) {
        o.fail(e);
        return;
      }
      const c = claim.outcome;
      switch (c.kind) {
        case "held":
          waiting.push(lane);
          return;
        case "missing":
          o.fail(new PeerlabError("STORAGE_FAILED", `episode ${job.episode.id} of run ${o.runId} is no longer in the database`));
          return;
        case "done":
        case "moved":
          // Another process ran it to its end since this one looked.
          status = c.episode.status === "done" ? "done" : "failed";
          o.elsewhere(status);
          break;
        case "claimed":
          status = await o.runOne({ ...job, episode: c.episode }, claim.signal);
          // Lost to another process: wait for it like any episode another process holds.
          if (status === "lost") {
            waiting.push(lane);
            return;
          }
          if (status === "done" || status === "failed") ranHere++;
          break;
        default:
          c satisfies never;
          return;
      }
      lane.next++;
      if (job.cell.persist && status !== "done") {
        if (status === "failed")
          o.logger?.warn({ cell: job.episode.cell_id, trial: job.episode.trial }, "a lineage episode failed; its later trials wait for `peerlab resume`");
        return;
      }
    }
  };
  const pool = async (lanes: Lane[]) => {
    let next = 0;
    const worker = async () => {
      while (next < lanes.length && !o.stopped()) await runLane(lanes[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency, lanes.length) }, worker));
  };
  let lanes: Lane[] = rotate(groupBy(jobs, laneOf), o.startAt).map((l) => ({ jobs: l, next: 0 }));
  while (lanes.length > 0) {
    await pool(lanes);
    if (waiting.length === 0 || o.stopped()) break;
    o.logger?.info({ run: o.runId, waiting: waiting.length }, "waiting for episodes another process is running");
    lanes = await released(waiting, o);
  }
  return ranHere;
}

/** How often a process with nothing else to do looks whether the episodes it waits for were let go. */
export const HELD_POLL_MS = 25;

/**
 * Wait until some of the waiting lanes' episodes are no longer held by another process, and take those
 * lanes out of `waiting`. Each look is one read of the run's live claims (no write lock), so a process
 * whose last episodes another process is finishing picks up what that process lets go (or what it
 * left when its lease expired) within HELD_POLL_MS rather than after a fixed pause. Every third of the
 * lease (at most a second) every waiting lane is tried again whatever the read said: a claim whose
 * process is known gone is taken over before its lease expires, which only the claim itself decides.
 */
async function released(waiting: Lane[], o: LaneOptions): Promise<Lane[]> {
  const everyMs = Math.min(1000, Math.max(20, Math.floor(o.leases.ms / 3)));
  const tries = Math.max(1, Math.ceil(everyMs / HELD_POLL_MS));
  for (let i = 1; i <= tries; i++) {
    const ok = await o.pause(Math.min(HELD_POLL_MS, everyMs), o.signal).then(
      () => true,
      () => false,
    );
    if (!ok || o.stopped() || i === tries) break;
    let held: Set<string>;
    try {
      held = o.leases.heldElsewhere();
    } catch {
      break; // the database could not say: try the claims themselves
    }
    const free = waiting.filter((l) => !held.has(l.jobs[l.next]!.episode.id));
    if (free.length > 0) {
      const freed = new Set(free);
      const still = waiting.filter((l) => !freed.has(l));
      waiting.splice(0, waiting.length, ...still);
      return free;
    }
  }
  return waiting.splice(0);
}
