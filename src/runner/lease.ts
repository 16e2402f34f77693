// The runner's side of episode claims: one owner id per invocation, the episodes it holds, and the
// heartbeat that renews their leases (and its registration on the run) while it works. A lease it finds
// lost (it stalled past the lease and another process took the episode over) stops that episode.
import type { Logger } from "pino";
import { PeerlabError } from "../errors.js";
import type { ClaimOutcome, EpisodeClaims, Store } from "../store/index.js";
import type { Clock } from "../util/index.js";

export interface LeaseOptions {
  /** Unique per process; the CLI gives host, pid and a random part. */
  owner?: string;
  /** Lease length (default 30 s); the heartbeat renews every third of it. */
  ms?: number;
  /** Whether an owner is known to be gone (its process no longer exists): its claims need not expire first. */
  gone?: (owner: string) => boolean;
}

export const DEFAULT_LEASE_MS = 30_000;

/** A write for an episode whose claim another process has taken over: refused, and the episode dropped here. */
export class ClaimLostError extends PeerlabError {
  constructor(readonly episodeId: string) {
    super("STORAGE_FAILED", `the claim on episode ${episodeId} was taken over by another process; this process stops working on it`);
  }
}

let anonymous = 0;

export class LeaseKeeper {
  readonly owner: string;
  readonly ms: number;
  private readonly held = new Map<string, AbortController>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly gone?: (owner: string) => boolean;

  constructor(
    private readonly claims: EpisodeClaims,
    private readonly clock: Clock,
    private readonly runId: string,
    opts: LeaseOptions = {},
    private readonly logger?: Logger,
  ) {
    this.owner = opts.owner ?? `runner-${process.pid}-${++anonymous}`;
    this.ms = opts.ms ?? DEFAULT_LEASE_MS;
    this.gone = opts.gone;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  /** Register on the run and start the heartbeat. */
  start(): void {
    this.claims.joinRun(this.owner, this.runId, this.now(), this.ms);
    this.timer = setInterval(() => this.beat(), Math.max(50, Math.floor(this.ms / 3)));
    this.timer.unref();
  }

  /** Renew every lease held; an episode whose lease was lost is stopped. A failing write is logged and retried next beat. */
  beat(): void {
    try {
      const lost = this.claims.heartbeat(this.owner, [...this.held.keys()], this.now(), this.ms);
      for (const id of lost) {
        this.logger?.error({ episode: id, owner: this.owner }, "this process lost its claim on the episode (it stalled longer than the lease); stopping it");
        this.held.get(id)?.abort(new Error(`the claim on episode ${id} was lost`));
        this.held.delete(id);
      }
    } catch (e) {
      this.logger?.warn({ owner: this.owner, error: (e as Error).message }, "heartbeat failed; retrying at the next beat");
    }
  }

  /** Claim one episode. When claimed, `signal` aborts if the lease is ever found lost. */
  claim(episodeId: string, seenAttempt: number): { outcome: ClaimOutcome; signal?: AbortSignal } {
    const { claimed, passed } = this.claims.claimNext([{ episodeId, seenAttempt }], {
      owner: this.owner,
      runId: this.runId,
      now: this.now(),
      leaseMs: this.ms,
      gone: this.gone,
    });
    if (!claimed) return { outcome: passed[0]?.outcome ?? { kind: "missing" } };
    if (claimed.takenOver)
      this.logger?.warn({ episode: episodeId, from: claimed.takenOver }, "took over an episode whose claim had expired (its process stopped)");
    const lost = new AbortController();
    this.held.set(episodeId, lost);
    return { outcome: claimed, signal: lost.signal };
  }

  /**
   * The store as an episode's job sees it, fenced: every transaction first checks, under the write lock,
   * that this owner still holds the episode's claim, so a process that stalled past its lease and lost
   * the episode can write nothing more for it (ClaimLostError) while the new owner continues it.
   */
  fence(store: Store, episodeId: string): Store {
    const fenced = Object.create(store) as Store;
    const owner = this.owner;
    // Inside a fenced transaction the claim was checked under the write lock, which is held until it
    // ends: the writes nested in it need no check (nor a savepoint) of their own.
    let depth = 0;
    const checked = <T>(fn: () => T): T => {
      if (depth > 0) return fn();
      return store.transaction(() => {
        if (store.claimHolder(episodeId) !== owner) throw new ClaimLostError(episodeId);
        depth++;
        try {
          return fn();
        } finally {
          depth--;
        }
      });
    };
    fenced.transaction = checked;
    // The store's rows write on their own connection, not through `transaction`: each write an
    // episode's job makes on its own runs in a fenced transaction too.
    for (const name of FENCED_WRITES) fenceWrite(fenced, store, name, checked);
    return fenced;
  }

  /**
   * The episode's attempt ended (done, failed or cancelled): give the claim up, inside the caller's
   * transaction when there is one (the episode's last write); if that rolls back, the claim stays in
   * the database and the caller gives it up again afterwards.
   */
  finish(episodeId: string): void {
    this.held.delete(episodeId);
    this.claims.complete(this.owner, episodeId);
  }

  /** The run's episodes other processes hold now (unexpired claims): a read, no write lock taken. */
  heldElsewhere(): Set<string> {
    return new Set(this.claims.liveClaims(this.runId, this.now(), this.owner).map((c) => c.episode_id));
  }

  /** Other processes still working on the run or on its episodes. */
  othersActive(): number {
    const now = this.now();
    return this.claims.runWorkers(this.runId, now, this.owner).length + this.claims.liveClaims(this.runId, now, this.owner).length;
  }

  /** Stop the heartbeat, give back every claim still held and leave the run; best effort (the database may be failing). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    try {
      for (const id of this.held.keys()) this.claims.release(this.owner, id);
      this.held.clear();
      this.claims.leaveRun(this.owner, this.runId);
    } catch (e) {
      this.logger?.warn({ owner: this.owner, error: (e as Error).message }, "could not give back the claims; they expire with their leases");
    }
  }
}

/** The writes an episode's job makes: each checks the claim first when the store is fenced. */
const FENCED_WRITES = ["beginAttempt", "reopenAttempt", "endAttempt", "appendEvents", "truncateEvents", "putModelCall", "putJudgment", "bindJudgment"] as const;

function fenceWrite<K extends (typeof FENCED_WRITES)[number]>(fenced: Store, store: Store, name: K, checked: <T>(fn: () => T) => T): void {
  const write = store[name] as (...args: unknown[]) => unknown;
  fenced[name] = ((...args: unknown[]) => checked(() => write(...args))) as Store[K];
}
