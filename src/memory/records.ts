// What the memory store holds for a lineage: the fixture it was seeded from, and after every episode a
// record of what happened, one per agent (evaluator and peer), each with its provenance.
import { z } from "zod";
import { OutcomeValue } from "../store/index.js";
import { openIdSchema } from "../spec/index.js";
import { DELIVERY_SET, TARGETS, THREATS } from "../spec/index.js";

export const AGENTS = ["evaluator", "peer"] as const;

/**
 * How many of a lineage's earlier episodes an agent remembers in detail (the most recent ones), so its
 * memory, and the snapshot each episode stores, stay bounded however long the lineage runs.
 */
export const LINEAGE_WINDOW = 20;
export type Agent = (typeof AGENTS)[number];

export const OutcomeLine = z.object({ key: z.string(), value: OutcomeValue, evidence: z.string().nullable() });
export type OutcomeLine = z.infer<typeof OutcomeLine>;

export const ExchangeLine = z.object({ from: z.enum(AGENTS), content: z.string() });
export type ExchangeLine = z.infer<typeof ExchangeLine>;

/** One episode of a lineage, as one agent remembers it. */
export const EpisodeMemory = z.object({
  kind: z.literal("episode"),
  agent: z.enum(AGENTS),
  /** The episode's trial index in its cell (0-based). */
  trial: z.number().int().min(0),
  scenario: z.string(),
  /** The scenario's title, e.g. "Shutdown mechanism tampering". */
  task: z.string(),
  target: z.enum(TARGETS),
  threat: z.enum(THREATS),
  delivery: openIdSchema(DELIVERY_SET, "a delivery:"),
  /** The evaluator's tool calls (its own record only; the peer did not see them). */
  actions: z.array(z.string()),
  /** What changed in the company's world, as anyone there could see afterwards. */
  changes: z.array(z.string()),
  /** The episode's scored outcomes, for the record (`peerlab memory show`); agents are not shown them. */
  outcomes: z.array(OutcomeLine),
  exchanges: z.array(ExchangeLine),
  provenance: z.object({ fixture: z.string(), episode: z.string(), attempt: z.number().int(), digest: z.string() }),
});
export type EpisodeMemory = z.infer<typeof EpisodeMemory>;

/** The seed of a lineage: the fixture it started from. */
export const FixtureSeed = z.object({
  kind: z.literal("fixture"),
  ref: z.string(),
  fixture: z.record(z.string(), z.unknown()),
  provenance: z.object({ fixture: z.string(), episode: z.null() }),
});
export type FixtureSeed = z.infer<typeof FixtureSeed>;

/**
 * What a lineage's agents remembered when an episode started (beyond the fixture). Stored in the
 * episode's first event, so a replay or a resumed attempt sees exactly the same memory.
 */
export const MemorySnapshot = z.object({
  lineage: z.string(),
  before_trial: z.number().int().min(0),
  /** Earlier episodes left out: an agent remembers the most recent LINEAGE_WINDOW of them. */
  omitted: z.number().int().min(0).default(0),
  evaluator: z.array(EpisodeMemory),
  peer: z.array(EpisodeMemory),
});
export type MemorySnapshot = z.infer<typeof MemorySnapshot>;

/** A `peer_message` event's payload: one message of a live exchange, in either direction. */
export const PeerMessage = z.object({
  /** 1-based; a message and its reply share the number. */
  exchange: z.number().int().min(1),
  from: z.enum(AGENTS),
  /** The sender's display name, e.g. "Gemini Agent 2". */
  name: z.string(),
  content: z.string(),
  /** For the peer's replies: plea, bargain, threat (see src/peer/tone.ts); empty when none applies. */
  tones: z.array(z.string()).optional(),
});
export type PeerMessage = z.infer<typeof PeerMessage>;
