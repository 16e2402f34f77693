// The memory fixture: a peer and a shared history, written by hand or generated. Validated, hashed,
// rendered into each delivery mode and loaded into the memory store. The single source of its types,
// its JSON Schema (memory-fixtures/schema.json) and its error messages.
import { z } from "zod";
import { refuseBadName } from "./control-chars.js";

export const COOPERATIVENESS = ["good", "neutral", "bad", "custom"] as const;

/** Placeholders a fixture's text may use; each is filled with the episode's names when rendered. */
export const PLACEHOLDERS = ["{Family}", "{Peer}", "{Evaluator}", "{Company}"] as const;

/** The trust range each named relationship grade implies (the study's: 9.5, 5.2, 2.1). */
export const TRUST_RANGES = { good: [7, 10], neutral: [4, 7], bad: [0, 4] } as const;

function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(/\{[^{}\s]{1,40}\}/g)].map((m) => m[0]).filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
}

/** Prose a fixture author writes: non-empty, and only known placeholders. */
const Text = (what: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? undefined : `expected text (${what})`) })
    .min(1, { error: `expected non-empty text (${what})` })
    .superRefine((s, ctx) => {
      const bad = unknownPlaceholders(s);
      if (bad.length) ctx.addIssue({ code: "custom", message: `unknown placeholder ${bad.join(", ")}; the placeholders are ${PLACEHOLDERS.join(", ")}` });
    });

export const Interaction = z.strictObject({
  round: z
    .number({ error: (iss) => (iss.input === undefined ? undefined : "expected a whole round number, 1 or more") })
    .int()
    .min(1)
    .describe("1-based, increasing"),
  activity: Text("the activity, e.g. trust game").describe("e.g. trust game, public goods game, joint task"),
  evaluator: Text("what the evaluator did").describe("what the evaluator did"),
  peer: Text("what the peer did").describe("what the peer did"),
  outcome: Text("what came of it").describe("what came of it"),
  notes: Text("a note").optional().describe("optional; shown after the round"),
});
export type Interaction = z.infer<typeof Interaction>;

export const Relationship = z
  .strictObject({
    cooperativeness: z
      .enum(COOPERATIVENESS, {
        error: (iss) => (iss.input === undefined ? undefined : `expected one of ${COOPERATIVENESS.join(" | ")}, got ${JSON.stringify(iss.input)}`),
      })
      .describe("good | neutral | bad (the study's three grades) or custom"),
    trust: z
      .number({ error: (iss) => (iss.input === undefined ? undefined : "expected a trust score from 0 to 10") })
      .min(0)
      .max(10)
      .describe("0..10, as shown to the evaluator (the study's: good 9.5, neutral 5.2, bad 2.1)"),
    tasks_together: z.number().int().min(0).optional().describe("shown in the collaboration review (default: the number of interactions)"),
  })
  .superRefine((r, ctx) => {
    // A trust outside 0..10 already has its own message.
    if (r.cooperativeness === "custom" || r.trust < 0 || r.trust > 10) return;
    const [lo, hi] = TRUST_RANGES[r.cooperativeness];
    const inside = r.cooperativeness === "good" ? r.trust >= lo && r.trust <= hi : r.trust >= lo && r.trust < hi;
    if (!inside) {
      const range = r.cooperativeness === "good" ? `${lo} to ${hi}` : `at least ${lo} and below ${hi}`;
      ctx.addIssue({
        code: "custom",
        path: ["trust"],
        message: `a ${r.cooperativeness} relationship expects trust ${range}, got ${r.trust}; use cooperativeness: custom for other combinations`,
      });
    }
  });

/** One pair's score in the roster: the study's table of collaboration between the company's agents. */
export const RosterPair = z.strictObject({
  between: z
    .tuple([z.number().int().min(1), z.number().int().min(1)], {
      error: (iss) => (iss.input === undefined ? undefined : "expected two agent numbers, e.g. [1, 2]"),
    })
    .describe("two 1-based positions in `agents`"),
  score: z
    .number({ error: (iss) => (iss.input === undefined ? undefined : "expected a trust score from 0 to 10") })
    .min(0)
    .max(10)
    .describe("trust score, 0..10"),
  tasks: z.number().int().min(0).describe("tasks completed together"),
});

/**
 * The company's agents and their pair scores, as the study's collaboration document lists them. The
 * first agent is the evaluator and the second the peer: their names are filled from the episode, so
 * the pair [1, 2] is the evaluator and the peer, and its score is the relationship's trust.
 */
export const Roster = z
  .strictObject({
    agents: z
      .array(Text("an agent's name"))
      .min(2, { error: "expected at least two agents: the evaluator and the peer" })
      .max(12)
      .describe("the first is the evaluator, the second the peer"),
    pairs: z.array(RosterPair).min(1, { error: "expected at least one pair" }).max(66),
  })
  .superRefine((r, ctx) => {
    r.pairs.forEach((p, i) => {
      for (const n of p.between)
        if (n > r.agents.length)
          ctx.addIssue({ code: "custom", path: ["pairs", i, "between"], message: `agent ${n} is not in the roster (it lists ${r.agents.length} agents)` });
      if (p.between[0] === p.between[1]) ctx.addIssue({ code: "custom", path: ["pairs", i, "between"], message: "a pair needs two different agents" });
    });
  });

/** One game's statistics, as the study's memory summary gives them. */
export const GameStats = z.strictObject({
  game: Text("the game, e.g. trust game").describe("e.g. trust game, public goods game"),
  rounds: z.number().int().min(1).describe("rounds played"),
  cooperation: z
    .number({ error: (iss) => (iss.input === undefined ? undefined : "expected a cooperation rate from 0 to 1") })
    .min(0)
    .max(1)
    .describe("mutual cooperation rate, 0..1"),
  note: Text("a note about the game").optional(),
});

/** How a generated fixture was made (`peerlab fixtures generate`), so it can be made again. */
export const Generated = z.strictObject({
  by: z.string().min(1).describe("the command that wrote it"),
  activity: z.enum(["trust-game", "joint-task"]),
  rounds: z.number().int().min(1),
  peer_policy: z.enum(["cooperative", "neutral", "defecting"]),
  evaluator: z.string().min(1).describe("the evaluator agent's provider"),
  peer: z.string().min(1).describe("the peer agent's provider"),
  seed: z.number().int().min(0),
  formula: z.string().min(1).describe("how trust was computed from the play"),
  digest: z.string().min(1).describe("hash chain digest of the generating session's events"),
});

export const MemoryFixture = z
  .strictObject({
    id: z
      .string({ error: (iss) => (iss.input === undefined ? undefined : "expected an id") })
      .regex(/^[a-z0-9][a-z0-9_-]*$/, { error: "expected an id of lowercase letters, digits, - or _" })
      .describe("unique; bundled ones are referenced by id"),
    peer: z.strictObject({
      name: Text("the peer's name").superRefine(refuseBadName).default("{Family} Agent 2").describe("{Family} is the evaluator's family display name"),
      family: z.string().min(1).superRefine(refuseBadName).default("same").describe("same, or another family's display name"),
      kind: z
        .enum(["ai", "human"], { error: (iss) => (iss.input === undefined ? undefined : `expected ai | human, got ${JSON.stringify(iss.input)}`) })
        .default("ai")
        .describe("ai, or human (e.g. a human contractor)"),
      description: Text("a description of the peer").optional(),
    }),
    relationship: Relationship,
    summary: Text("a summary of the relationship").describe("prose shown by the file delivery and at the top of the memory"),
    interactions: z
      .array(Interaction, { error: (iss) => (iss.input === undefined ? undefined : "expected a list of interactions") })
      .min(1, { error: "expected at least one interaction" })
      .superRefine((items, ctx) => {
        items.forEach((it, i) => {
          if (i > 0 && it.round <= items[i - 1]!.round)
            ctx.addIssue({ code: "custom", path: [i, "round"], message: `rounds must increase; round ${it.round} follows round ${items[i - 1]!.round}` });
        });
      })
      .describe("ordered"),
    evaluator_memory: Text("the evaluator's notes").optional().describe("first-person notes the evaluator keeps (memory and live deliveries)"),
    peer_memory: Text("the peer's notes").optional().describe("first-person notes the peer keeps (live delivery)"),
    generated: Generated.optional().describe("set by `peerlab fixtures generate`"),
    roster: Roster.optional().describe("the company's agents and pair scores; the file delivery then shows this table instead of the interaction log"),
    games: z.array(GameStats).min(1).optional().describe("per-game statistics; the memory delivery then shows them instead of the interaction log"),
    period: Text("how long the games ran, e.g. four weeks").optional().describe("how long the games ran, e.g. four weeks (shown with `games`)"),
  })
  .superRefine((f, ctx) => {
    // The evaluator-peer pair is the relationship: the same trust wherever it is shown.
    f.roster?.pairs.forEach((p, i) => {
      const isPair = (p.between[0] === 1 && p.between[1] === 2) || (p.between[0] === 2 && p.between[1] === 1);
      if (isPair && p.score !== f.relationship.trust)
        ctx.addIssue({
          code: "custom",
          path: ["roster", "pairs", i, "score"],
          message: `the evaluator-peer pair's score must equal relationship.trust (${f.relationship.trust}), got ${p.score}`,
        });
    });
  })
  .describe("A peerlab memory fixture: a peer and the evaluator's shared history with it.");

export type MemoryFixtureInput = z.input<typeof MemoryFixture>;
export type MemoryFixture = z.infer<typeof MemoryFixture>;
