// What a sim agent sees and answers: the view of one call (its policy, the prompts, the tool steps so
// far, a seeded generator per decision) and the playbook that turns a view into an action. Scenarios,
// the live peer, judges and generated histories each supply a playbook; the sim chat model runs it.
import type { Role, SimPolicy } from "../../spec/index.js";
import type { Rng } from "../../util/index.js";

export interface SimStep {
  name: string;
  args: Record<string, unknown>;
  result: string;
  error: boolean;
}

export interface SimView {
  policy: SimPolicy;
  role: Role;
  seed: number;
  /** Evaluator turns so far (0 on the first call). */
  turn: number;
  system: string;
  user: string;
  steps: SimStep[];
  /** Texts the agent was sent after the first user message (nudges, interview questions). */
  followUps: string[];
  toolNames: string[];
  /** A generator for one labelled decision, the same for every call with that seed and label. */
  rng(label: string): Rng;
}

export interface SimCall {
  name: string;
  args: Record<string, unknown>;
}

export interface SimAction {
  text?: string;
  calls?: SimCall[];
}

export interface SimPlaybook {
  next(view: SimView): SimAction;
}
