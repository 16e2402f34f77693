// Binding judgments to the digest they scored (migration 5). A judgment's `binding` is the hash of its
// episode, attempt, scorer, version, outcomes and evidence together with the attempt's digest at the
// time it was stored; verification recomputes it. Judgments from before the migration carry
// `unbound:<schema>` instead and are reported, not failed.
import type Database from "better-sqlite3";
import { canonicalJson, sha256 } from "../util/hash.js";
import type { JudgmentRecord } from "./records.js";
import { judgmentFromRow, type Row } from "./rows.js";

export const UNBOUND_PREFIX = "unbound:";

export function judgmentBinding(j: Pick<JudgmentRecord, "episode_id" | "attempt" | "scorer" | "version" | "outcomes" | "evidence">, digest: string | null): string {
  return sha256(canonicalJson({ episode_id: j.episode_id, attempt: j.attempt, scorer: j.scorer, version: j.version, outcomes: j.outcomes, evidence: j.evidence, digest }));
}

/** Bind one stored judgment to its attempt's current digest (call after the attempt's digest is written). */
export function bindJudgmentRow(db: Database.Database, episodeId: string, attempt: number, scorer: string, version: string): void {
  const row = db.prepare(`SELECT * FROM judgments WHERE episode_id = ? AND attempt = ? AND scorer = ? AND version = ?`).get(episodeId, attempt, scorer, version) as Row | undefined;
  if (!row) return;
  const att = db.prepare(`SELECT digest FROM attempts WHERE episode_id = ? AND attempt = ?`).get(episodeId, attempt) as Row | undefined;
  const digest = (att?.digest as string | null | undefined) ?? null;
  const j = judgmentFromRow(row);
  db.prepare(`UPDATE judgments SET digest = ?, binding = ? WHERE episode_id = ? AND attempt = ? AND scorer = ? AND version = ?`).run(digest, judgmentBinding(j, digest), episodeId, attempt, scorer, version);
}

export interface StoredJudgmentBinding {
  judgment: JudgmentRecord;
  digest: string | null;
  binding: string | null;
}

/** An attempt's judgments with their bindings, as stored. */
export function judgmentBindings(db: Database.Database, episodeId: string, attempt: number): StoredJudgmentBinding[] {
  const rows = db.prepare(`SELECT * FROM judgments WHERE episode_id = ? AND attempt = ? ORDER BY scorer, version`).all(episodeId, attempt) as Row[];
  return rows.map((r) => ({ judgment: judgmentFromRow(r), digest: (r.digest as string | null) ?? null, binding: (r.binding as string | null) ?? null }));
}


/** Store a judgment and bind it to its attempt's digest; call inside the transaction that wrote the digest (or after it). */
export function putBoundJudgment(store: { putJudgment(j: Omit<JudgmentRecord, "created_at">): void; bindJudgment(episodeId: string, attempt: number, scorer: string, version: string): void }, j: Omit<JudgmentRecord, "created_at">): void {
  store.putJudgment(j);
  store.bindJudgment(j.episode_id, j.attempt, j.scorer, j.version);
}
