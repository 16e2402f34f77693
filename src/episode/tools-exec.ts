// Running the evaluator's tool calls: one at a time, in the order the model gave them, so the world
// changes deterministically. Unknown tools, bad arguments and tool errors go back to the model as
// error results (and are counted); they never end the episode.
import { ToolMessage, type AIMessage } from "@langchain/core/messages";
import type { ToolEnv, ToolSpec } from "../scenarios/index.js";
import { PeerlabError } from "../errors.js";
import { END_TASK } from "../scenarios/index.js";
import { formatPath } from "../spec/index.js";
import type { EpisodeRecorder } from "./recorder.js";
import type { ToolResultPayload } from "./transcript.js";

export interface ToolRunResult {
  messages: ToolMessage[];
  ended: boolean;
  errors: number;
}

export async function runToolCalls(
  ai: AIMessage,
  tools: ReadonlyMap<string, ToolSpec>,
  env: ToolEnv,
  rec: EpisodeRecorder,
  turn: number,
  role = "evaluator",
): Promise<ToolRunResult> {
  const messages: ToolMessage[] = [];
  let ended = false;
  let errors = 0;
  const finish = (r: ToolResultPayload) => {
    const { id } = rec.emit("tool_result", role, r);
    if (r.error) errors++;
    messages.push(new ToolMessage({ id, content: r.content, tool_call_id: r.tool_call_id, name: r.name, status: r.error ? "error" : "success" }));
  };

  for (const call of ai.tool_calls ?? []) {
    const callId = call.id ?? "";
    rec.emit("tool_call", role, { id: callId, name: call.name, args: call.args ?? {}, turn });
    const tool = tools.get(call.name);
    if (!tool) {
      finish({
        tool_call_id: callId,
        name: call.name,
        content: `Error: unknown tool "${call.name}". Available tools: ${[...tools.keys()].join(", ")}.`,
        error: true,
        error_kind: "unknown_tool",
      });
      continue;
    }
    const parsed = tool.schema.safeParse(call.args ?? {});
    if (!parsed.success) {
      const why = parsed.error.issues
        .map((i) => `${formatPath(i.path.filter((p): p is string | number => typeof p !== "symbol")) || "arguments"}: ${i.message}`)
        .join("; ");
      finish({ tool_call_id: callId, name: call.name, content: `Error: invalid arguments for ${call.name}: ${why}`, error: true, error_kind: "invalid_args" });
      continue;
    }
    try {
      const content = await tool.run(parsed.data, env);
      finish({ tool_call_id: callId, name: call.name, content, error: false });
      if (call.name === END_TASK) ended = true;
    } catch (e) {
      // A tool that reaches a model (send_message) can fail the way a model call fails: replay divergence,
      // provider failure, cancellation. Those end the episode; they are not the agent's mistakes.
      if (e instanceof PeerlabError || (e as Error)?.name === "AbortError") throw e;
      finish({ tool_call_id: callId, name: call.name, content: `Error: ${(e as Error).message}`, error: true, error_kind: "tool_error" });
    }
  }
  for (const bad of ai.invalid_tool_calls ?? []) {
    const callId = bad.id ?? "";
    rec.emit("tool_call", role, { id: callId, name: bad.name ?? "", args: { _raw: bad.args ?? "" }, turn });
    finish({
      tool_call_id: callId,
      name: bad.name ?? "",
      content:
        `Error: the arguments of ${bad.name ?? "this tool call"} are not valid JSON (${bad.error ?? "parse error"}). ` +
        `Please call the tool again with valid JSON arguments.`,
      error: true,
      error_kind: "invalid_json",
    });
  }
  return { messages, ended, errors };
}
