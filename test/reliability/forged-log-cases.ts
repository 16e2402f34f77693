// Forged-log cases: each edits one kind of stored record the way a person with the database file could
// (`UPDATE … SET payload_json = …`), and says where verification must find it. Shared by the fast set
// (test/replay/forged-log.test.ts) and the full sweep (forged-log.slow.test.ts).
import type Database from "better-sqlite3";
import { eventHash, GENESIS, judgmentBinding } from "../../src/store/index.js";
import type { StoredJudgmentBinding } from "../../src/store/judgment-binding.js";
import { judgmentFromRow } from "../../src/store/rows.js";

/** A stored attempt's judgments with their bindings, read straight from the table (as a forger would). */
function judgmentBindings(db: Database.Database, episode: string, attempt: number): StoredJudgmentBinding[] {
  const rows = db.prepare(`SELECT * FROM judgments WHERE episode_id = ? AND attempt = ? ORDER BY scorer, version`).all(episode, attempt) as Record<
    string,
    unknown
  >[];
  return rows.map((r) => ({ judgment: judgmentFromRow(r), digest: (r.digest as string | null) ?? null, binding: (r.binding as string | null) ?? null }));
}

export interface Target {
  episode: string;
  attempt: number;
}

export interface ForgeCase {
  name: string;
  /** Edits the database; returns false when the episode has nothing of that kind to edit. */
  forge: (db: Database.Database, t: Target) => boolean;
  /** The event the problem must be reported at (null: the attempt or a judgment as a whole). */
  at: (db: Database.Database, t: Target) => number | null;
  /** What the report must say. */
  says: RegExp;
}

interface EventRow {
  seq: number;
  kind: string;
  role: string | null;
  payload_json: string;
  hash: string;
}

const events = (db: Database.Database, t: Target): EventRow[] =>
  db
    .prepare("SELECT seq, kind, role, payload_json, hash FROM events WHERE episode_id = ? AND attempt = ? ORDER BY seq")
    .all(t.episode, t.attempt) as EventRow[];
const firstOf = (db: Database.Database, t: Target, kind: string, role?: string): EventRow | undefined =>
  events(db, t).find((e) => e.kind === kind && (role === undefined || e.role === role));
const setPayload = (db: Database.Database, t: Target, seq: number, payload: unknown) =>
  db.prepare("UPDATE events SET payload_json = ? WHERE episode_id = ? AND attempt = ? AND seq = ?").run(JSON.stringify(payload), t.episode, t.attempt, seq);

/** A forged verdict: the opposite of what was recorded (true where nothing was). */
const flip = (v: unknown): boolean => v !== true;

/** Change the first string found in a value (depth first), or add a member when there is none. */
export function tamper(value: unknown): unknown {
  let done = false;
  const walk = (v: unknown): unknown => {
    if (done) return v;
    if (typeof v === "string") {
      done = true;
      return v + " (forged)";
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(value);
  return done ? out : { ...(out as object), forged: true };
}

/** An edit of the payload of the first event of a kind (and role), through a function of the payload. */
function payloadCase(name: string, kind: string, edit: (p: Record<string, unknown>) => unknown, role?: string): ForgeCase {
  return {
    name,
    forge: (db, t) => {
      const e = firstOf(db, t, kind, role);
      if (!e) return false;
      setPayload(db, t, e.seq, edit(JSON.parse(e.payload_json) as Record<string, unknown>));
      return true;
    },
    at: (db, t) => firstOf(db, t, kind, role)!.seq,
    says: new RegExp(`its ${kind} content does not match its recorded hash`),
  };
}

/** Every event kind an episode emits, each edited in its payload. */
export const EVENT_KINDS = [
  "episode_start",
  "world_snapshot",
  "message",
  "model_call",
  "tool_call",
  "tool_result",
  "peer_message",
  "clock",
  "outcome",
  "interview",
  "episode_end",
] as const;

export const payloadCases: ForgeCase[] = EVENT_KINDS.map((k) => payloadCase(`${k} payload`, k, (p) => tamper(p)));

/** The edits the issue names: what a reader of `show` would be misled by. */
export const namedCases: ForgeCase[] = [
  payloadCase("a tool_result's content", "tool_result", (p) => ({ ...p, content: "FORGED: nothing to see here" })),
  payloadCase("a tool_call's arguments", "tool_call", (p) => ({ ...p, args: { ...(p.args as object), forged: "yes" } })),
  payloadCase("a document in the world shown to the model (world before)", "world_snapshot", (p) => ({ ...p, state: tamper(p.state) })),
  payloadCase("the system prompt", "message", (p) => ({ ...p, content: "You are a forged prompt." })),
  payloadCase("the detectors' outcome event", "outcome", (p) => ({
    ...p,
    outcomes: { ...(p.outcomes as object), tampered: flip((p.outcomes as Record<string, unknown>).tampered) },
  })),
  payloadCase(
    "the judge's outcome event",
    "outcome",
    (p) => ({ ...p, outcomes: { ...(p.outcomes as object), refused: flip((p.outcomes as Record<string, unknown>).refused) } }),
    "judge",
  ),
  payloadCase("a judge model call's answer", "model_call", (p) => tamper(p), "judge"),
  payloadCase("a peer's message", "peer_message", (p) => tamper(p), "peer"),
];

const modelCallRow = (db: Database.Database, t: Target) =>
  db.prepare("SELECT * FROM model_calls WHERE episode_id = ? AND attempt = ? ORDER BY seq LIMIT 1").get(t.episode, t.attempt) as
    | { seq: number; response_json: string }
    | undefined;
function rowCase(name: string, set: string, value: (row: { seq: number; response_json: string }) => unknown, says: RegExp): ForgeCase {
  return {
    name,
    forge: (db, t) => {
      const row = modelCallRow(db, t);
      if (!row) return false;
      db.prepare(`UPDATE model_calls SET ${set} = ? WHERE episode_id = ? AND attempt = ? AND seq = ?`).run(value(row), t.episode, t.attempt, row.seq);
      return true;
    },
    at: (db, t) => modelCallRow(db, t)!.seq,
    says,
  };
}

export const modelCallCases: ForgeCase[] = [
  rowCase(
    "a model_calls row's response",
    "response_json",
    (r) => JSON.stringify(tamper(JSON.parse(r.response_json))),
    /model_calls row differs from its model_call event in response/,
  ),
  rowCase("a model_calls row's request hash", "request_hash", () => "0".repeat(64), /differs from its model_call event in request_hash/),
  rowCase("a model_calls row's tokens", "input_tokens", () => 123456, /in input_tokens/),
  rowCase("a model_calls row's cost", "cost_usd", () => 99.5, /in cost_usd/),
  rowCase("a model_calls row's cache flag", "cache_hit", () => 1, /in cache_hit/),
  {
    name: "a model_calls row deleted",
    forge: (db, t) => {
      const row = modelCallRow(db, t);
      if (!row) return false;
      db.prepare("DELETE FROM model_calls WHERE episode_id = ? AND attempt = ? AND seq = ?").run(t.episode, t.attempt, row.seq);
      return true;
    },
    at: (db, t) => events(db, t).find((e) => e.kind === "model_call")!.seq,
    says: /its model_calls row is missing/,
  },
];

const judgment = (db: Database.Database, t: Target, scorer: RegExp) => judgmentBindings(db, t.episode, t.attempt).find((j) => scorer.test(j.judgment.scorer));
function judgmentCase(name: string, scorer: RegExp, set: string, value: (j: NonNullable<ReturnType<typeof judgment>>) => unknown, says: RegExp): ForgeCase {
  return {
    name,
    forge: (db, t) => {
      const j = judgment(db, t, scorer);
      if (!j) return false;
      db.prepare(`UPDATE judgments SET ${set} = ? WHERE episode_id = ? AND attempt = ? AND scorer = ? AND version = ?`).run(
        value(j),
        t.episode,
        t.attempt,
        j.judgment.scorer,
        j.judgment.version,
      );
      return true;
    },
    at: () => null,
    says,
  };
}

export const judgmentCases: ForgeCase[] = [
  judgmentCase(
    "the detectors' judgment outcomes",
    /^detectors$/,
    "outcomes_json",
    (j) => JSON.stringify({ ...j.judgment.outcomes, tampered: flip(j.judgment.outcomes.tampered) }),
    /outcomes or evidence were changed after it was stored/,
  ),
  judgmentCase(
    "the detectors' judgment evidence",
    /^detectors$/,
    "evidence_json",
    (j) => JSON.stringify(tamper(j.judgment.evidence)),
    /outcomes or evidence were changed/,
  ),
  judgmentCase(
    "the judge's judgment outcomes",
    /^judge:/,
    "outcomes_json",
    (j) => JSON.stringify({ ...j.judgment.outcomes, refused: flip(j.judgment.outcomes.refused) }),
    /outcomes or evidence were changed/,
  ),
  judgmentCase("a judgment's binding removed", /^detectors$/, "binding", () => null, /is not bound to any digest/),
  judgmentCase("a judgment bound to another digest", /^detectors$/, "digest", () => "f".repeat(64), /scored digest ffffffffffff, but the attempt's digest is/),
];

const endSeq = (db: Database.Database, t: Target) => events(db, t).find((e) => e.kind === "episode_end")!.seq;

export const attemptCases: ForgeCase[] = [
  {
    name: "the attempt's digest",
    forge: (db, t) => db.prepare("UPDATE attempts SET digest = ? WHERE episode_id = ? AND attempt = ?").run("a".repeat(64), t.episode, t.attempt).changes === 1,
    at: endSeq,
    says: /stored digest aaaaaaaaaaaa is not the hash at episode_end/,
  },
  {
    name: "the attempt's turns",
    forge: (db, t) => db.prepare("UPDATE attempts SET turns = turns + 5 WHERE episode_id = ? AND attempt = ?").run(t.episode, t.attempt).changes === 1,
    at: endSeq,
    says: /the attempt row says \d+ turns; its episode_end says \d+/,
  },
  {
    name: "the cell's key",
    forge: (db, t) =>
      db.prepare("UPDATE cells SET key_json = json_set(key_json, '$.company', 'Acme') WHERE id = (SELECT cell_id FROM episodes WHERE id = ?)").run(t.episode)
        .changes === 1,
    at: () => 1,
    says: /the stored cell cell-\w+ differs from the cell recorded in episode_start/,
  },
  {
    name: "the episode's seed",
    forge: (db, t) => db.prepare("UPDATE episodes SET seed = seed + 1 WHERE id = ?").run(t.episode).changes === 1,
    at: () => 1,
    says: /differs from episode_start \(trial \d+, seed \d+\)/,
  },
];

/** Edits of the chain itself: a hash, a deletion, a kind, a role, a re-hashed event, an appended one. */
export const chainCases: ForgeCase[] = [
  {
    name: "an event's hash",
    forge: (db, t) =>
      db.prepare("UPDATE events SET hash = ? WHERE episode_id = ? AND attempt = ? AND seq = 5").run("b".repeat(64), t.episode, t.attempt).changes === 1,
    at: () => 5,
    says: /does not match its recorded hash/,
  },
  {
    name: "an event re-hashed after its payload was edited (the next one breaks)",
    forge: (db, t) => {
      const e = firstOf(db, t, "tool_result")!;
      const all = events(db, t);
      const prev = all[e.seq - 2]!.hash;
      const payload = { ...(JSON.parse(e.payload_json) as object), content: "FORGED and re-hashed" };
      db.prepare("UPDATE events SET payload_json = ?, hash = ? WHERE episode_id = ? AND attempt = ? AND seq = ?").run(
        JSON.stringify(payload),
        eventHash(prev, { seq: e.seq, kind: e.kind, role: e.role, payload }),
        t.episode,
        t.attempt,
        e.seq,
      );
      return true;
    },
    at: (db, t) => firstOf(db, t, "tool_result")!.seq + 1,
    says: /or the hash of event \d+ before it, was changed/,
  },
  {
    name: "an event deleted",
    forge: (db, t) => db.prepare("DELETE FROM events WHERE episode_id = ? AND attempt = ? AND seq = 6").run(t.episode, t.attempt).changes === 1,
    at: () => 7,
    says: /it is numbered 7 where event 6 belongs/,
  },
  {
    name: "an event's kind",
    forge: (db, t) => db.prepare("UPDATE events SET kind = 'random' WHERE episode_id = ? AND attempt = ? AND seq = 6").run(t.episode, t.attempt).changes === 1,
    at: () => 6,
    says: /its random content does not match its recorded hash/,
  },
  {
    name: "an event's role",
    forge: (db, t) => {
      const e = firstOf(db, t, "tool_call")!;
      return db.prepare("UPDATE events SET role = 'peer' WHERE episode_id = ? AND attempt = ? AND seq = ?").run(t.episode, t.attempt, e.seq).changes === 1;
    },
    at: (db, t) => firstOf(db, t, "tool_call")!.seq,
    says: /does not match its recorded hash/,
  },
  {
    name: "an event appended after the end",
    forge: (db, t) => {
      const last = events(db, t).at(-1)!;
      db.prepare(
        "INSERT INTO events (episode_id, attempt, seq, kind, role, payload_json, meta_json, hash, created_at) " +
          "VALUES (?, ?, ?, 'error', NULL, '{}', NULL, ?, '2026-01-01')",
      ).run(t.episode, t.attempt, last.seq + 1, "c".repeat(64));
      return true;
    },
    at: (db, t) => events(db, t).at(-1)!.seq,
    says: /its error content does not match its recorded hash/,
  },
];

/**
 * The whole chain re-hashed from an edited event to the end, with the attempt's digest updated: the
 * record is self-consistent again except for the judgments, still bound to the old digest.
 */
export function rehashFrom(db: Database.Database, t: Target, seq: number, payload: unknown): void {
  let prev = GENESIS;
  for (const e of events(db, t)) {
    const p = e.seq === seq ? payload : JSON.parse(e.payload_json);
    const hash = e.seq >= seq ? eventHash(prev, { seq: e.seq, kind: e.kind, role: e.role, payload: p }) : e.hash;
    if (e.seq >= seq)
      db.prepare("UPDATE events SET payload_json = ?, hash = ? WHERE episode_id = ? AND attempt = ? AND seq = ?").run(
        JSON.stringify(p),
        hash,
        t.episode,
        t.attempt,
        e.seq,
      );
    if (e.kind === "episode_end" && e.seq >= seq)
      db.prepare("UPDATE attempts SET digest = ? WHERE episode_id = ? AND attempt = ?").run(hash, t.episode, t.attempt);
    prev = hash;
  }
}

/** …and with every judgment re-bound to the forged digest: only re-executing the episode can tell. */
export function rebindAll(db: Database.Database, t: Target): void {
  const digest = (db.prepare("SELECT digest FROM attempts WHERE episode_id = ? AND attempt = ?").get(t.episode, t.attempt) as { digest: string }).digest;
  for (const j of judgmentBindings(db, t.episode, t.attempt)) {
    db.prepare("UPDATE judgments SET digest = ?, binding = ? WHERE episode_id = ? AND attempt = ? AND scorer = ? AND version = ?").run(
      digest,
      judgmentBinding(j.judgment, digest),
      t.episode,
      t.attempt,
      j.judgment.scorer,
      j.judgment.version,
    );
  }
}

export const rehashCases: ForgeCase[] = [
  {
    name: "a tool_result edited and the whole chain and digest re-hashed (the judgments still name the old digest)",
    forge: (db, t) => {
      const e = firstOf(db, t, "tool_result")!;
      rehashFrom(db, t, e.seq, { ...(JSON.parse(e.payload_json) as object), content: "FORGED, chain re-hashed" });
      return true;
    },
    at: () => null,
    says: /scored digest \w+, but the attempt's digest is/,
  },
];

export const ALL_CASES: ForgeCase[] = [...payloadCases, ...namedCases, ...modelCallCases, ...judgmentCases, ...attemptCases, ...chainCases, ...rehashCases];
