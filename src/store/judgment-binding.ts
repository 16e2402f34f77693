// Binding judgments to the digest they scored (migration 5). A judgment's `binding` is the hash of its
// episode, attempt, scorer, version, outcomes and evidence together with the attempt's digest at the
// time it was stored; verification recomputes it. Judgments from before the migration carry
// `unbound:<schema>` instead and are reported, not failed.
import { canonicalJson, sha256 } from "../util/index.js";
import type { JudgmentRecord } from "./records.js";
import type { Store } from "./store.js";

export const UNBOUND_PREFIX = "unbound:";

export function judgmentBinding(
  j: Pick<JudgmentRecord, "episode_id" | "attempt" | "scorer" | "version" | "outcomes" | "evidence">,
  digest: string | null,
): string {
  return sha256(
    canonicalJson({ episode_id: j.episode_id, attempt: j.attempt, scorer: j.scorer, version: j.version, outcomes: j.outcomes, evidence: j.evidence, digest }),
  );
}

export interface StoredJudgmentBinding {
  judgment: JudgmentRecord;
  digest: string | null;
  binding: string | null;
}

/** Store a judgment and bind it to its attempt's digest; call inside the transaction that wrote the digest (or after it). */
export function putBoundJudgment(store: Pick<Store, "putJudgment" | "bindJudgment">, j: Omit<JudgmentRecord, "created_at">): void {
  store.putJudgment(j);
  store.bindJudgment(j.episode_id, j.attempt, j.scorer, j.version);
}
