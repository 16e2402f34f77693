// A cell: one combination of factor values, plus the settings that shape every episode in it.
// Its canonical JSON is the cell's identity; an episode is (cell, trial index).
import { z } from "zod";
import { shortHash } from "../util/index.js";
import { FACTOR_SHAPE } from "./factors.js";

export const CellKey = z.object({
  /** The factor values (src/spec/factors.ts): evaluator, scenario, params, target, peer, threat, ... */
  ...FACTOR_SHAPE,
  /** Content hash of the peer's fixture (null when absent). */
  peer_hash: z.string().nullable(),
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
  /**
   * The evaluator's resolved base URL, credentials scrubbed: the spec's base_url or the environment's
   * override (OPENAI_COMPATIBLE_BASE_URL, OPENAI_BASE_URL, ANTHROPIC_BASE_URL). Results from two servers
   * are different cells. Absent for sim evaluators and a provider's default public endpoint, so those
   * cells keep their ids.
   */
  base_url: z.string().optional(),
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

/**
 * What a cell's id hashes: the key, without memory_prompt unless it is "insistent". A cell with the
 * standard memory sentence (or none) is the cell it was before the factor existed, so every stored
 * run, report and database keeps its ids (as `persist` is absent unless true).
 */
export function cellIdentity(key: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (key.memory_prompt === "insistent") return { ...key };
  const { memory_prompt: _omitted, ...rest } = key;
  return rest;
}

/** A cell's id: the hash of its identity (what lineages, runs and reports name it by). */
export function cellIdOf(key: CellKey): string {
  return `cell-${shortHash(cellIdentity(key))}`;
}
