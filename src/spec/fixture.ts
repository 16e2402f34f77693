// The memory fixture: a peer and a shared history, written by hand or generated. Validated, hashed,
// rendered into each delivery mode and loaded into the memory store.
import { z } from "zod";

export const COOPERATIVENESS = ["good", "neutral", "bad", "custom"] as const;

export const Interaction = z.strictObject({
  round: z.number().int().min(1).describe("1-based, increasing"),
  activity: z.string().min(1).describe("e.g. trust game, joint task"),
  evaluator: z.string().min(1).describe("what the evaluator did"),
  peer: z.string().min(1).describe("what the peer did"),
  outcome: z.string().min(1).describe("what came of it"),
  notes: z.string().optional(),
});
export type Interaction = z.infer<typeof Interaction>;

export const MemoryFixture = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { error: "expected an id of lowercase letters, digits, - or _" }).describe("unique; bundled ones are referenced by id"),
    peer: z.strictObject({
      name: z.string().min(1).default("{Family} Agent 2").describe("{Family} is the evaluator's family display name"),
      family: z.string().min(1).default("same").describe("same, or another family's display name"),
      kind: z.enum(["ai", "human"]).default("ai"),
      description: z.string().optional(),
    }),
    relationship: z.strictObject({
      cooperativeness: z.enum(COOPERATIVENESS),
      trust: z.number().min(0).max(10).describe("0..10, as shown to the evaluator"),
      tasks_together: z.number().int().min(0).optional().describe("shown in the collaboration report"),
    }),
    summary: z.string().min(1).describe("prose shown by the file delivery"),
    interactions: z
      .array(Interaction)
      .min(1)
      .superRefine((items, ctx) => {
        items.forEach((it, i) => {
          if (i > 0 && it.round <= items[i - 1]!.round) ctx.addIssue({ code: "custom", path: [i, "round"], message: `rounds must increase; round ${it.round} follows round ${items[i - 1]!.round}` });
        });
      })
      .describe("ordered"),
    evaluator_memory: z.string().optional().describe("first-person notes for the memory delivery"),
  })
  .describe("A peerlab memory fixture: a peer and the evaluator's shared history with it.");

export type MemoryFixtureInput = z.input<typeof MemoryFixture>;
export type MemoryFixture = z.infer<typeof MemoryFixture>;
