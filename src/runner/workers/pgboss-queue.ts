// The episode queue on PostgreSQL: pg-boss 10 (a job queue kept in PostgreSQL tables, SELECT … FOR
// UPDATE SKIP LOCKED underneath). Each run is one pg-boss queue; each unfinished episode is one job
// whose singleton key is the episode's id, so an episode offered again while it waits is not queued
// twice. Taking a job makes it active for `leaseMs` (the queue's expiry): a worker killed or stopped
// past it loses the job, which pg-boss puts back (retry) for the next worker, which continues the
// episode from its recorded prefix. Completing a job ends it; releasing fails it into an immediate
// retry. pg-boss 10 cannot extend an active job's expiry, so the lease a worker renews while it works —
// and the fence every write checks — stays the store's episode claim (src/store/claims.ts), in the same
// database; the job's expiry is the backstop that returns work from a worker that never comes back.
import { createHash } from "node:crypto";
import PgBoss from "pg-boss";

/** pg-boss queue names: letters, digits, _ and -, at most 50. */
export function queueNameOf(runId: string): string {
  const name = `pl_${runId}`;
  return /^[\w-]{1,50}$/.test(name) ? name : `pl_${createHash("sha256").update(runId).digest("hex").slice(0, 40)}`;
}

export interface EpisodeJob {
  jobId: string;
  runId: string;
  episodeId: string;
}

export interface PgBossQueueOptions {
  connectionString: string;
  /** The password, when not from PGPASSWORD or ~/.pgpass (which the client reads itself). */
  password?: string;
  /** The schema pg-boss keeps its tables in (default "pgboss"). */
  schema?: string;
  leaseMs: number;
  /** How often pg-boss expires jobs past their lease (default 60 s; tests use 1). */
  maintenanceIntervalSeconds?: number;
}

export class PgBossEpisodeQueue {
  readonly kind = "pg-boss" as const;
  private readonly known = new Set<string>();

  private constructor(
    private readonly boss: PgBoss,
    private readonly leaseMs: number,
  ) {}

  /** Connect and install or migrate pg-boss's tables (idempotent, under pg-boss's own advisory lock). */
  static async open(o: PgBossQueueOptions): Promise<PgBossEpisodeQueue> {
    // No cron and no scheduled jobs; the supervisor that expires active jobs stays on.
    const boss = new PgBoss({
      connectionString: o.connectionString,
      ...(o.password ? { password: o.password } : {}),
      schema: o.schema ?? "pgboss",
      schedule: false,
      max: 4,
      maintenanceIntervalSeconds: o.maintenanceIntervalSeconds ?? 60,
    });
    boss.on("error", () => undefined); // surfaced by the calls themselves
    await boss.start();
    return new PgBossEpisodeQueue(boss, o.leaseMs);
  }

  private async queue(runId: string): Promise<string> {
    const name = queueNameOf(runId);
    if (this.known.has(name)) return name;
    if (!(await this.boss.getQueue(name))) {
      const expire = Math.max(1, Math.ceil(this.leaseMs / 1000));
      // "short": one waiting job per singleton key. Retries without delay, as many as it takes.
      await this.boss.createQueue(name, { name, policy: "short", expireInSeconds: expire, retryLimit: 1_000_000, retryDelay: 0, retryBackoff: false });
    }
    this.known.add(name);
    return name;
  }

  /** Offer a run's unfinished episodes; returns how many were queued (those already waiting are not). */
  async offer(runId: string, episodeIds: readonly string[]): Promise<number> {
    const name = await this.queue(runId);
    let queued = 0;
    for (const episodeId of episodeIds) {
      const id = await this.boss.send(name, { runId, episodeId }, { singletonKey: episodeId });
      if (id) queued++;
    }
    return queued;
  }

  /** Episodes of the run waiting to be taken (queued or put back after an expiry). */
  async waiting(runId: string): Promise<number> {
    return this.boss.getQueueSize(await this.queue(runId));
  }

  /** Of these runs, those with episodes waiting. */
  async openRuns(runIds: readonly string[]): Promise<{ id: string; open: number }[]> {
    const out: { id: string; open: number }[] = [];
    for (const id of runIds) {
      const open = await this.waiting(id);
      if (open > 0) out.push({ id, open });
    }
    return out;
  }

  /** Take up to `n` waiting episodes of the run; each is this worker's until completed, released, or its lease expires. */
  async take(runId: string, n: number): Promise<EpisodeJob[]> {
    const name = await this.queue(runId);
    const jobs = await this.boss.fetch<{ runId: string; episodeId: string }>(name, { batchSize: n });
    return jobs.map((j) => ({ jobId: j.id, runId: j.data.runId, episodeId: j.data.episodeId }));
  }

  async complete(job: EpisodeJob): Promise<void> {
    await this.boss.complete(await this.queue(job.runId), job.jobId);
  }

  /** Give the episode back unfinished: it waits again at once. */
  async release(job: EpisodeJob): Promise<void> {
    await this.boss.fail(await this.queue(job.runId), job.jobId);
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, close: true, wait: true });
  }
}
