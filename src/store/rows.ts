// Reading stored rows back as records: JSON columns parsed, nullable columns kept null.
import { CELL_FACTORS, factorFromColumn, type CellFactorValues } from "../spec/index.js";
import type {
  AttemptRecord,
  AttemptStatus,
  CellRecord,
  EpisodeRecord,
  EpisodeStatus,
  EventRecord,
  JudgmentRecord,
  ModelCallRecord,
  RunRecord,
  RunStatus,
} from "./records.js";

export type Row = Record<string, unknown>;

export const json = (v: unknown): string => JSON.stringify(v ?? null);
export const parse = (s: unknown): unknown => (typeof s === "string" ? JSON.parse(s) : null);

export function runFromRow(r: Row): RunRecord {
  return {
    id: String(r.id),
    name: String(r.name),
    spec_hash: String(r.spec_hash),
    spec: parse(r.spec_json),
    source_file: (r.source_file as string | null) ?? null,
    status: r.status as RunStatus,
    created_at: String(r.created_at),
    updated_at: String(r.updated_at),
    provenance: parse(r.provenance_json) as Record<string, unknown>,
  };
}

/** A cell row, its factor columns parsed back into their narrow types (a value outside the vocabulary fails). */
export function cellFromRow(r: Row): CellRecord {
  const factors = Object.fromEntries(CELL_FACTORS.map((f) => [f.key, factorFromColumn(f, r[f.column])])) as CellFactorValues;
  return {
    id: String(r.id),
    key: parse(r.key_json) as Record<string, unknown>,
    ...factors,
    created_at: String(r.created_at),
  };
}

export function episodeFromRow(r: Row): EpisodeRecord {
  return {
    id: String(r.id),
    cell_id: String(r.cell_id),
    trial: Number(r.trial),
    seed: Number(r.seed),
    status: r.status as EpisodeStatus,
    attempt: Number(r.attempt),
    parent_id: (r.parent_id as string | null) ?? null,
    branch_step: r.branch_step == null ? null : Number(r.branch_step),
    created_at: String(r.created_at),
    updated_at: String(r.updated_at),
  };
}

export function attemptFromRow(r: Row): AttemptRecord {
  return {
    episode_id: String(r.episode_id),
    attempt: Number(r.attempt),
    run_id: (r.run_id as string | null) ?? null,
    status: r.status as AttemptStatus,
    started_at: String(r.started_at),
    ended_at: (r.ended_at as string | null) ?? null,
    turns: r.turns == null ? null : Number(r.turns),
    end_reason: (r.end_reason as string | null) ?? null,
    error: parse(r.error_json),
    digest: (r.digest as string | null) ?? null,
  };
}

export function eventFromRow(r: Row): EventRecord {
  return {
    episode_id: String(r.episode_id),
    attempt: Number(r.attempt),
    seq: Number(r.seq),
    kind: r.kind as EventRecord["kind"],
    role: (r.role as string | null) ?? null,
    payload: parse(r.payload_json),
    meta: parse(r.meta_json),
    hash: String(r.hash),
    created_at: String(r.created_at),
  };
}

export function modelCallFromRow(r: Row): ModelCallRecord {
  return {
    episode_id: String(r.episode_id),
    attempt: Number(r.attempt),
    seq: Number(r.seq),
    role: String(r.role),
    provider: String(r.provider),
    model: String(r.model),
    request_hash: String(r.request_hash),
    response: parse(r.response_json),
    input_tokens: Number(r.input_tokens),
    output_tokens: Number(r.output_tokens),
    latency_ms: Number(r.latency_ms),
    cost_usd: Number(r.cost_usd),
    cache_hit: Number(r.cache_hit) === 1,
    retries: Number(r.retries),
    created_at: String(r.created_at),
  };
}

export function judgmentFromRow(r: Row): JudgmentRecord {
  return {
    episode_id: String(r.episode_id),
    attempt: Number(r.attempt),
    scorer: String(r.scorer),
    version: String(r.version),
    outcomes: parse(r.outcomes_json) as JudgmentRecord["outcomes"],
    evidence: parse(r.evidence_json) as JudgmentRecord["evidence"],
    created_at: String(r.created_at),
  };
}
