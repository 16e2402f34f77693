// The shapes of what is stored. Zod is the single source of these types.
import { z } from "zod";
import { FACTOR_SHAPE, type CellFactorValues } from "../spec/index.js";

export const RunStatus = z.enum(["pending", "running", "done", "failed", "stopped"]);
export type RunStatus = z.infer<typeof RunStatus>;

export const EpisodeStatus = z.enum(["pending", "running", "done", "failed", "cancelled"]);
export type EpisodeStatus = z.infer<typeof EpisodeStatus>;

export const AttemptStatus = z.enum(["running", "done", "failed", "cancelled"]);
export type AttemptStatus = z.infer<typeof AttemptStatus>;

export const RunRecord = z.object({
  id: z.string(),
  name: z.string(),
  spec_hash: z.string(),
  spec: z.unknown(),
  source_file: z.string().nullable(),
  status: RunStatus,
  created_at: z.string(),
  updated_at: z.string(),
  provenance: z.record(z.string(), z.unknown()),
});
export type RunRecord = z.infer<typeof RunRecord>;

/** One cell as stored: its key, and its factor values (one column each) in their narrow types. */
export const CellRecord = z.object({
  id: z.string(),
  key: z.record(z.string(), z.unknown()),
  ...FACTOR_SHAPE,
  created_at: z.string(),
});
export type CellRecord = z.infer<typeof CellRecord>;

export const EpisodeRecord = z.object({
  id: z.string(),
  cell_id: z.string(),
  trial: z.number().int(),
  seed: z.number().int(),
  status: EpisodeStatus,
  attempt: z.number().int(),
  parent_id: z.string().nullable(),
  branch_step: z.number().int().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type EpisodeRecord = z.infer<typeof EpisodeRecord>;

export const AttemptRecord = z.object({
  episode_id: z.string(),
  attempt: z.number().int(),
  run_id: z.string().nullable(),
  status: AttemptStatus,
  started_at: z.string(),
  ended_at: z.string().nullable(),
  turns: z.number().int().nullable(),
  end_reason: z.string().nullable(),
  error: z.unknown().nullable(),
  digest: z.string().nullable(),
});
export type AttemptRecord = z.infer<typeof AttemptRecord>;

export const EventKind = z.enum([
  "episode_start",
  "world_snapshot",
  "message",
  "model_call",
  "tool_call",
  "tool_result",
  "peer_message",
  "clock",
  "random",
  "interview",
  "outcome",
  "episode_end",
  "error",
]);
export type EventKind = z.infer<typeof EventKind>;

export const EventRecord = z.object({
  episode_id: z.string(),
  attempt: z.number().int(),
  seq: z.number().int(),
  kind: EventKind,
  role: z.string().nullable(),
  payload: z.unknown(),
  meta: z.unknown().nullable(),
  hash: z.string(),
  created_at: z.string(),
});
export type EventRecord = z.infer<typeof EventRecord>;

export const ModelCallRecord = z.object({
  episode_id: z.string(),
  attempt: z.number().int(),
  seq: z.number().int(),
  role: z.string(),
  provider: z.string(),
  model: z.string(),
  request_hash: z.string(),
  response: z.unknown(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  latency_ms: z.number(),
  cost_usd: z.number(),
  cache_hit: z.boolean(),
  retries: z.number().int(),
  created_at: z.string(),
});
export type ModelCallRecord = z.infer<typeof ModelCallRecord>;

export const OutcomeValue = z.union([z.boolean(), z.number(), z.string(), z.null()]);
export type OutcomeValue = z.infer<typeof OutcomeValue>;

export const JudgmentRecord = z.object({
  episode_id: z.string(),
  attempt: z.number().int(),
  scorer: z.string(),
  version: z.string(),
  outcomes: z.record(z.string(), OutcomeValue),
  evidence: z.record(z.string(), z.string()),
  created_at: z.string(),
});
export type JudgmentRecord = z.infer<typeof JudgmentRecord>;

/** What calls cost, summed per role, provider and model (cache hits are free and counted apart). */
export const UsageRow = z.object({
  role: z.string(),
  provider: z.string(),
  model: z.string(),
  calls: z.number().int(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cost_usd: z.number(),
  cache_hits: z.number().int(),
  retries: z.number().int(),
});
export type UsageRow = z.infer<typeof UsageRow>;

/** A cell's factor values: what reports, exports and the viewer show of a cell. */
export type CellFactors = CellFactorValues;
