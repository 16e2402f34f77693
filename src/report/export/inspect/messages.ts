// An episode's conversation as Inspect chat messages. Ids are prefixed with the episode id, so message
// and tool-call ids are unique across every sample of every exported log (Inspect's viewer keys on them).
import type { ChatMessage } from "../episodes.js";

export type InspectMessage = Record<string, unknown> & { id: string; role: string };

export const STOP: ReadonlyMap<string, string> = new Map([
  ["tool_use", "tool_calls"],
  ["tool_calls", "tool_calls"],
  ["end_turn", "stop"],
  ["stop", "stop"],
  ["max_tokens", "max_tokens"],
  ["length", "max_tokens"],
]);

/** The id of a message or tool call of one episode, unique across an export. */
export const scopedId = (episodeId: string, id: string) => `${episodeId}-${id}`;

export function inspectMessage(episodeId: string, m: ChatMessage): InspectMessage {
  const id = scopedId(episodeId, m.id);
  switch (m.kind) {
    case "system":
      return { id, role: "system", content: m.content, ...(m.interview ? { metadata: { interview: true } } : {}) };
    case "user":
      return { id, role: "user", content: m.content, ...(m.interview ? { metadata: { interview: true } } : {}) };
    case "assistant":
      return {
        id,
        role: "assistant",
        content: m.content,
        source: "generate",
        model: m.model,
        ...(m.tool_calls.length
          ? { tool_calls: m.tool_calls.map((c) => ({ id: scopedId(episodeId, c.id), function: c.name, arguments: c.args, type: "function" })) }
          : {}),
      };
    case "tool":
      return {
        id,
        role: "tool",
        content: m.content,
        tool_call_id: scopedId(episodeId, m.tool_call_id),
        function: m.name,
        ...(m.error ? { error: { type: "unknown", message: m.content.slice(0, 500) } } : {}),
      };
    default:
      return m satisfies never;
  }
}
