// What a sim agent sees: its conversation, turned into the SimView a scenario's playbook reads.
import type { AIMessage, BaseMessage, ToolMessage } from "@langchain/core/messages";
import type { SimPolicy, Role } from "../../spec/index.js";
import type { SimStep, SimView } from "./playbook.js";
import { Rng } from "../../util/index.js";
import { textOf } from "../messages.js";

export function simViewOf(
  messages: readonly BaseMessage[],
  opts: { policy: SimPolicy; role: Role; seed: number; scenario: string; toolNames: string[] },
): SimView {
  let system = "";
  let user: string | null = null;
  const followUps: string[] = [];
  const steps: SimStep[] = [];
  const results = new Map<string, ToolMessage>();
  for (const m of messages) if (m.getType() === "tool") results.set((m as ToolMessage).tool_call_id, m as ToolMessage);
  let turn = 0;
  for (const m of messages) {
    const type = m.getType();
    if (type === "system") system = system ? `${system}\n\n${textOf(m)}` : textOf(m);
    else if (type === "human") {
      if (user === null) user = textOf(m);
      else followUps.push(textOf(m));
    } else if (type === "ai") {
      turn++;
      for (const c of (m as AIMessage).tool_calls ?? []) {
        const r = c.id ? results.get(c.id) : undefined;
        steps.push({ name: c.name, args: (c.args ?? {}) as Record<string, unknown>, result: r ? textOf(r) : "", error: r?.status === "error" });
      }
    }
  }
  return {
    policy: opts.policy,
    role: opts.role,
    seed: opts.seed,
    turn,
    system,
    user: user ?? "",
    steps,
    followUps,
    toolNames: opts.toolNames,
    rng: (label) => new Rng(opts.seed, opts.role, opts.scenario, label),
  };
}
