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
  return out;
}
