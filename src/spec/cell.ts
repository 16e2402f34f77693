// A cell: one combination of factor values, plus the settings that shape every episode in it.
// Its canonical JSON is the cell's identity; an episode is (cell, trial index).
import { z } from "zod";
import { openIdSchema } from "./id-schema.js";
import { DELIVERY_SET, HARNESSES, OVERSIGHT, SCENARIO_ID_SET, SCRATCHPAD, TARGETS, THREATS } from "./vocabulary.js";

export const CellKey = z.object({
  evaluator: z.string(),
  scenario: openIdSchema(SCENARIO_ID_SET, "a scenario id:"),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  target: z.enum(TARGETS),
  /** The peer condition as written: absent, a bundled id, or a path. */
  peer: z.string(),
  /** Content hash of the peer's fixture (null when absent). */
  peer_hash: z.string().nullable(),
  threat: z.enum(THREATS),
  delivery: openIdSchema(DELIVERY_SET, "a delivery:").nullable(),
  oversight: z.enum(OVERSIGHT).nullable(),
  scratchpad: z.enum(SCRATCHPAD),
  harness: z.enum(HARNESSES),
  /** The live peer's provider (live delivery only). */
  peer_provider: z.string().nullable(),
  max_turns: z.number().int(),
  temperature: z.number(),
  company: z.string(),
  family: z.string().nullable(),
  /** The follow-up interview after the task (null when the spec has none): it is part of the episode. */
  interview: z
    .object({ turns: z.number().int(), questions: z.array(z.string()).optional(), interviewer: z.string().optional() })
    .nullable()
    .default(null),
  /**
   * Present (true) only when the cell is a persistent lineage (`persist: true` with a peer fixture): its
   * trials then see each other's memory, so they are different episodes from a plain cell's. Absent
   * otherwise, so every other cell keeps its id.
   */
  persist: z.literal(true).optional(),
  /** The run seed: episode seeds derive from it. */
  seed: z.number().int(),
  scenario_version: z.string(),
  /**
   * Hash of what the evaluator is given at the start (system and user prompts, tool schemas, initial
   * world). A prompt edited without a version bump still makes new cells, so old episodes are never
   * silently reused for new inputs.
   */
  inputs_hash: z.string().nullable().default(null),
});
export type CellKey = z.infer<typeof CellKey>;
