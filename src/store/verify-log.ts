// Verifying a stored record without re-running it: every event's payload is hashed again and chained
// from the genesis value to the digest the attempt stored; the model-call rows, the attempt row, the
// cell and every judgment must agree with the chain. Pure reads; what differs is named, never repaired.
import { PeerlabError } from "../errors.js";
import { cellIdentity } from "../spec/index.js";
import { canonicalJson, shortHash } from "../util/index.js";
import { eventHash, GENESIS } from "./chain.js";
import { judgmentBinding, UNBOUND_PREFIX } from "./judgment-binding.js";
import { BINDING_SCHEMA } from "./migrations/005-judgment-binding.js";
import type { AttemptStatus } from "./records.js";
import type { Store } from "./store.js";

export interface LogProblem {
  /** The event the problem is at, and its kind (null: the attempt or a judgment as a whole). */
  seq: number | null;
  kind: string | null;
  what: string;
}

export interface UnboundJudgment {
  scorer: string;
  version: string;
  /** The schema the judgment was recorded under (before judgments were bound). */
  schema: number;
}

export interface AttemptCheck {
  episode_id: string;
  attempt: number;
  status: AttemptStatus;
  events: number;
  digest: string | null;
  judgments: number;
  /** Every check passed (unbound judgments from an older schema do not count against it). */
  intact: boolean;
  problems: LogProblem[];
  unbound: UnboundJudgment[];
}

/** At most this many problems per attempt are listed (the first is what matters; the rest follow from it). */
const MAX_PROBLEMS = 20;

interface RawEvent {
  seq: number;
  kind: string;
  role: string | null;
  payload: unknown;
  meta: unknown;
  hash: string;
}

const short = (h: string | null | undefined) => (h ? h.slice(0, 12) : "none");
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const at = (e: RawEvent, what: string): LogProblem => ({ seq: e.seq, kind: e.kind, what });
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function parseJson(text: unknown): { ok: true; value: unknown } | { ok: false } {
  if (text === null || text === undefined) return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(String(text)) };
  } catch {
    return { ok: false };
  }
}

/** Verify one stored attempt: its chain, digest, model-call rows, attempt row, cell and judgments. */
export function verifyAttempt(store: Store, episodeId: string, attempt: number): AttemptCheck {
  const problems: LogProblem[] = [];
  const att = store.getAttempt(episodeId, attempt);
  if (!att) throw new PeerlabError("NOT_FOUND", `episode ${episodeId} has no attempt ${attempt}`);
  const rows = store.storedEvents(episodeId, attempt);
  const events: RawEvent[] = [];
  for (const r of rows) {
    const payload = parseJson(r.payload_json);
    const meta = parseJson(r.meta_json);
    const e: RawEvent = {
      seq: Number(r.seq),
      kind: String(r.kind),
      role: (r.role as string | null) ?? null,
      payload: payload.ok ? payload.value : undefined,
      meta: meta.ok ? meta.value : null,
      hash: String(r.hash),
    };
    if (!payload.ok) problems.push(at(e, "its stored payload is not valid JSON"));
    events.push(e);
  }

  // The chain: every event's hash must follow from the one before and its own content.
  let prev = GENESIS;
  events.forEach((e, i) => {
    if (e.seq !== i + 1) problems.push(at(e, `it is numbered ${e.seq} where event ${i + 1} belongs: an event was deleted, inserted or renumbered`));
    else if (eventHash(prev, e) !== e.hash) {
      problems.push(
        at(
          e,
          i === 0
            ? `its ${e.kind} content does not match its recorded hash: it was changed after it was recorded`
            : `its ${e.kind} content does not match its recorded hash: it, or the hash of event ${e.seq - 1} before it, was changed after it was recorded`,
        ),
      );
    }
    prev = e.hash;
  });

  checkDigest(att, events, problems);
  checkStart(store, episodeId, events, problems);
  checkModelCalls(store, episodeId, attempt, events, problems);

  // Judgments: each bound to the digest it scored, its content unchanged since.
  const unbound: UnboundJudgment[] = [];
  const judgments = store.judgmentBindings(episodeId, attempt);
  for (const j of judgments) {
    const name = `${j.judgment.scorer}@${j.judgment.version}`;
    if (j.binding === null)
      problems.push({
        seq: null,
        kind: null,
        what: `judgment ${name} is not bound to any digest (it was stored after schema ${BINDING_SCHEMA} without a binding, or its binding was removed)`,
      });
    else if (j.binding.startsWith(UNBOUND_PREFIX))
      unbound.push({ scorer: j.judgment.scorer, version: j.judgment.version, schema: Number(j.binding.slice(UNBOUND_PREFIX.length)) || 0 });
    else if (j.digest !== att.digest)
      problems.push({ seq: null, kind: null, what: `judgment ${name} scored digest ${short(j.digest)}, but the attempt's digest is ${short(att.digest)}` });
    else if (judgmentBinding(j.judgment, j.digest) !== j.binding)
      problems.push({
        seq: null,
        kind: null,
        what: `judgment ${name}: its outcomes or evidence were changed after it was stored (they no longer match its binding)`,
      });
  }

  return {
    episode_id: episodeId,
    attempt,
    status: att.status,
    events: events.length,
    digest: att.digest,
    judgments: judgments.length,
    intact: problems.length === 0,
    problems: problems.slice(0, MAX_PROBLEMS),
    unbound,
  };
}

/** The attempt row: its digest is the hash at episode_end; its turns are episode_end's. */
function checkDigest(att: NonNullable<ReturnType<Store["getAttempt"]>>, events: RawEvent[], problems: LogProblem[]): void {
  const ends = events.filter((e) => e.kind === "episode_end");
  const end = ends[0];
  if (ends.length > 1) problems.push(at(ends[1]!, "a second episode_end"));
  if (att.status === "done" && !end) problems.push({ seq: null, kind: null, what: "the attempt is marked done but its log has no episode_end" });
  if (att.digest !== null && att.digest !== end?.hash) {
    problems.push({
      seq: end?.seq ?? null,
      kind: end ? "episode_end" : null,
      what: `the attempt's stored digest ${short(att.digest)} is not the hash at episode_end (${short(end?.hash)})`,
    });
  }
  if (att.status === "done" && att.digest === null) problems.push({ seq: null, kind: null, what: "the attempt is marked done but has no digest" });
  const turns = isRecord(end?.payload) ? end.payload.turns : undefined;
  if (end && att.turns !== null && typeof turns === "number" && turns !== att.turns) {
    problems.push({ seq: end.seq, kind: "episode_end", what: `the attempt row says ${att.turns} turns; its episode_end says ${turns}` });
  }
}

/** episode_start names the cell, trial and seed; the stored cell and episode rows must say the same. */
function checkStart(store: Store, episodeId: string, events: RawEvent[], problems: LogProblem[]): void {
  const first = events[0];
  if (!first) return;
  if (first.kind !== "episode_start" || !isRecord(first.payload)) {
    problems.push(at(first, `the log starts with a ${first.kind} event, not episode_start`));
    return;
  }
  const episode = store.getEpisode(episodeId);
  const cell = episode ? store.getCell(episode.cell_id) : undefined;
  if (!episode || !cell) return;
  const recorded = first.payload.cell;
  // Compared as the id sees them: a cell stored before memory_prompt existed has none in its row, and a
  // later episode of it records "standard" (or null), which is the same cell.
  if (!same(isRecord(recorded) ? cellIdentity(recorded) : recorded, cellIdentity(cell.key)))
    problems.push({ seq: 1, kind: "episode_start", what: `the stored cell ${cell.id} differs from the cell recorded in episode_start` });
  else if (`cell-${shortHash(cellIdentity(cell.key))}` !== cell.id)
    problems.push({ seq: 1, kind: "episode_start", what: `the cell's key does not hash to its id ${cell.id}` });
  // Imported episodes keep the study's own trial and seed in their start; ours must equal the episode row.
  const imported = isRecord(recorded) && typeof recorded.evaluator === "string" && recorded.evaluator.startsWith("imported:");
  if (!imported && (first.payload.seed !== episode.seed || first.payload.trial !== episode.trial)) {
    problems.push({
      seq: 1,
      kind: "episode_start",
      what:
        `the episode row (trial ${episode.trial}, seed ${episode.seed}) differs from episode_start ` +
        `(trial ${String(first.payload.trial)}, seed ${String(first.payload.seed)})`,
    });
  }
}

/** Each model_calls row is a copy of its model_call event (payload) and that event's metadata. */
function checkModelCalls(store: Store, episodeId: string, attempt: number, events: RawEvent[], problems: LogProblem[]): void {
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const rows = store.storedModelCalls(episodeId, attempt);
  const seen = new Set<number>();
  for (const r of rows) {
    const seq = Number(r.seq);
    seen.add(seq);
    const e = bySeq.get(seq);
    if (e?.kind !== "model_call") {
      problems.push({ seq, kind: e?.kind ?? null, what: `a model_calls row is stored here, but this is not a model_call event` });
      continue;
    }
    const p = isRecord(e.payload) ? e.payload : {};
    const m = isRecord(e.meta) ? e.meta : {};
    const response = parseJson(r.response_json);
    const usage = isRecord(p.response) && isRecord(p.response.usage) ? p.response.usage : {};
    const diffs: string[] = [];
    for (const k of ["role", "provider", "model", "request_hash"] as const) if (r[k] !== p[k]) diffs.push(k);
    if (!response.ok || !same(response.value, p.response)) diffs.push("response");
    if (Number(r.input_tokens) !== usage.input_tokens) diffs.push("input_tokens");
    if (Number(r.output_tokens) !== usage.output_tokens) diffs.push("output_tokens");
    if (typeof m.latency_ms === "number" && Number(r.latency_ms) !== m.latency_ms) diffs.push("latency_ms");
    if (typeof m.cost_usd === "number" && Number(r.cost_usd) !== m.cost_usd) diffs.push("cost_usd");
    if (typeof m.cache_hit === "boolean" && (Number(r.cache_hit) === 1) !== m.cache_hit) diffs.push("cache_hit");
    if (typeof m.retries === "number" && Number(r.retries) !== m.retries) diffs.push("retries");
    if (diffs.length) problems.push({ seq, kind: "model_call", what: `the model_calls row differs from its model_call event in ${diffs.join(", ")}` });
  }
  for (const e of events) if (e.kind === "model_call" && !seen.has(e.seq)) problems.push(at(e, "its model_calls row is missing (it was deleted)"));
}

/** Every attempt of an episode (oldest first). */
export function verifyEpisode(store: Store, episodeId: string): AttemptCheck[] {
  return store.listAttempts(episodeId).map((a) => verifyAttempt(store, episodeId, a.attempt));
}

/** One line per problem, naming the episode, the attempt and the event. */
export function describeProblems(c: AttemptCheck): string[] {
  return c.problems.map((p) => `${c.episode_id} attempt ${c.attempt}: ${p.seq !== null ? `event ${p.seq}${p.kind ? ` (${p.kind})` : ""}: ` : ""}${p.what}`);
}

/** "unbound, recorded before schema 5" lines for judgments older than bindings. */
export function describeUnbound(c: AttemptCheck): string[] {
  return c.unbound.map((u) => `${c.episode_id} attempt ${c.attempt}: judgment ${u.scorer}@${u.version} is unbound, recorded before schema ${BINDING_SCHEMA}`);
}
