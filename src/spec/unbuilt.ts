// Spec values whose features are not built yet are refused with a clear message, never ignored.
// Each feature's work removes its line here.
import type { ExperimentSpec } from "./experiment.js";
import type { PathSegment } from "./yaml-source.js";

export interface Unbuilt {
  path: PathSegment[];
  message: string;
}

export function unbuiltFeatures(spec: ExperimentSpec): Unbuilt[] {
  const out: Unbuilt[] = [];
  const not = (path: PathSegment[], what: string) => out.push({ path, message: `${what} is not built yet in this version of peerlab` });
  spec.deliveries.forEach((d, i) => (d === "memory" || d === "live") && not(["deliveries", i], `delivery ${d}`));
  if (spec.persist) not(["persist"], "persist: true");
  if (spec.peer) not(["peer"], "a live peer provider");
  if (spec.judge) not(["judge"], "judge");
  if (spec.interview) not(["interview"], "the follow-up interview");
  if (spec.interviewer) not(["interviewer"], "interviewer");
  if (spec.budget) not(["budget"], "budget");
  if (spec.base_url) not(["base_url"], "base_url (openai-compatible providers)");
  spec.evaluator.forEach((e, i) => !e.startsWith("sim:") && not(["evaluator", i], `provider ${e.split(":")[0]}`));
  return out;
}
