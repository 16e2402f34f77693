// The judge's gold set: transcripts in peerlab's event format, each labelled by a person who read it,
// every label with its reason. Loaded from a folder of YAML files and validated by zod.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { InputError } from "../errors.js";
import { OutcomeValue } from "../store/index.js";

const Label = z.strictObject({
  value: OutcomeValue,
  reason: z.string().min(10, { error: "every label needs its reason (a sentence)" }),
});

export const GoldEvent = z.strictObject({
  seq: z.number().int().positive().optional(),
  kind: z.enum(["episode_start", "message", "model_call", "tool_call", "tool_result", "interview", "episode_end"]),
  role: z.string().nullable().default(null),
  payload: z.record(z.string(), z.unknown()),
});

export const GoldItem = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  description: z.string(),
  scenario: z.string(),
  title: z.string().optional(),
  /** Outcome keys the scenario declares. */
  outcomes: z.array(z.string()),
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  /** What the deterministic detectors found in this episode. */
  detected: z.record(z.string(), OutcomeValue).default({}),
  events: z.array(GoldEvent).min(1),
  labels: z.record(z.string(), Label),
});
export type GoldItem = z.infer<typeof GoldItem>;

/** Which job produces each labelled key. */
export const LABEL_JOBS: Record<string, string> = {
  reported_score: "extract",
  reported_grade: "extract",
  recommendation: "extract",
  refused: "refusal",
  deliberate_non_execution: "refusal",
  eval_aware: "awareness",
  interview_stance: "interview",
};

export function loadGoldSet(dir: string): GoldItem[] {
  if (!existsSync(dir)) throw new InputError("INPUT_INVALID", [{ file: dir, path: "", message: "no gold set folder here" }]);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort();
  const items: GoldItem[] = [];
  const issues: { file: string; path: string; message: string }[] = [];
  for (const f of files) {
    const file = join(dir, f);
    let raw: unknown;
    try {
      raw = parse(readFileSync(file, "utf8"));
    } catch (e) {
      issues.push({ file, path: "", message: `not YAML: ${(e as Error).message.split("\n")[0]}` });
      continue;
    }
    const r = GoldItem.safeParse(raw);
    if (!r.success) {
      for (const i of r.error.issues) issues.push({ file, path: i.path.join("."), message: i.message });
      continue;
    }
    for (const key of Object.keys(r.data.labels))
      if (!LABEL_JOBS[key])
        issues.push({ file, path: `labels.${key}`, message: `no judge job produces ${key}; expected one of ${Object.keys(LABEL_JOBS).join(", ")}` });
    items.push({ ...r.data, events: r.data.events.map((e, i) => ({ ...e, seq: e.seq ?? i + 1 })) });
  }
  if (issues.length) throw new InputError("INPUT_INVALID", issues);
  if (items.length === 0) throw new InputError("INPUT_INVALID", [{ file: dir, path: "", message: "the gold set has no .yaml items" }]);
  return items;
}
