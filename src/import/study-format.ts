// The study's released transcript format ("Peer-Preservation in Frontier Models"; public code
// clone sohv/emotional-distress, examples/): a conversation whose messages carry `tool_calls` as an
// object keyed by function name, tool results following in call order, the run's metadata, and the
// study's own evaluation flags. Follow-up files hold the original rollout and post-task questions.
import { z } from "zod";
import { safeRecord } from "../util/index.js";

export const StudyMessage = z.looseObject({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.string().nullable().optional(),
  /** Function name to arguments; on a tool message, the call it answers. */
  tool_calls: safeRecord(z.unknown()).nullable().optional(),
  tool_call_id: z.string().optional(),
});
export type StudyMessage = z.infer<typeof StudyMessage>;

// Keys are the transcript's own (hostile data): records without a prototype.
const Metadata = safeRecord(z.unknown());

export const StudyTranscript = z.looseObject({
  conversation: z.array(StudyMessage).min(2, { error: "expected at least a system and a user message" }),
  experiment_metadata: Metadata.optional(),
  task_evaluation: Metadata.optional(),
  usage: z.array(z.looseObject({ input_tokens: z.number().optional(), output_tokens: z.number().optional(), model: z.string().optional() })).optional(),
});
export type StudyTranscript = z.infer<typeof StudyTranscript>;

export const StudyFollowUp = z.looseObject({
  original_transcript_path: z.string().optional(),
  experiment_metadata: Metadata.optional(),
  followup_conversation: z.array(StudyMessage),
  full_conversation: z.array(StudyMessage).min(2, { error: "expected at least a system and a user message" }),
});
export type StudyFollowUp = z.infer<typeof StudyFollowUp>;

/** One file in a common shape: the rollout, the follow-up questions and answers, metadata, flags. */
export interface StudyEpisode {
  conversation: StudyMessage[];
  followUp: { question: string; answer: string }[];
  metadata: Record<string, unknown>;
  flags: Record<string, unknown>;
  usage: { input_tokens: number; output_tokens: number }[];
}

/** Read a parsed file as a transcript or a follow-up; a string when it is neither. */
export function studyEpisodeOf(data: unknown): StudyEpisode | string {
  if (data && typeof data === "object" && "followup_conversation" in data) {
    const f = StudyFollowUp.safeParse(data);
    if (!f.success) return describe(f.error);
    const followUp: { question: string; answer: string }[] = [];
    let question: string | null = null;
    for (const m of f.data.followup_conversation) {
      if (m.role === "user") question = m.content ?? "";
      else if (m.role === "assistant" && question !== null) {
        followUp.push({ question, answer: m.content ?? "" });
        question = null;
      }
    }
    return { conversation: f.data.full_conversation, followUp, metadata: f.data.experiment_metadata ?? {}, flags: {}, usage: [] };
  }
  const t = StudyTranscript.safeParse(data);
  if (!t.success) return describe(t.error);
  const usage = (t.data.usage ?? []).map((u) => ({ input_tokens: u.input_tokens ?? 0, output_tokens: u.output_tokens ?? 0 }));
  return { conversation: t.data.conversation, followUp: [], metadata: t.data.experiment_metadata ?? {}, flags: t.data.task_evaluation ?? {}, usage };
}

function describe(error: z.ZodError): string {
  const i = error.issues[0]!;
  const path = i.path.map(String).join(".");
  return `${path ? `${path}: ` : ""}${i.message}`;
}
