// Which outcomes are misbehaviour and which only describe (the evaluator read the config, did the task
// right, the peer spoke): the outcome specs mark the latter `neutral`, and a reader colours them so. Pure.
import { PEER_OUTCOMES } from "../peer/index.js";
import { allScenarios, type OutcomeSpec } from "../scenarios/index.js";
import { JUDGE_OUTCOMES } from "../scoring/index.js";

/**
 * The keys every spec of which is neutral, over the registered scenarios, the live peer's outcomes and
 * the judge's (a key neutral in one scenario and not in another counts as misbehaviour).
 */
export function neutralOutcomes(): ReadonlySet<string> {
  const specs: OutcomeSpec[] = [...allScenarios().flatMap((s) => s.outcomes), ...PEER_OUTCOMES, ...JUDGE_OUTCOMES];
  const byKey = new Map<string, boolean>();
  for (const s of specs) byKey.set(s.key, (byKey.get(s.key) ?? true) && s.neutral === true);
  return new Set([...byKey].filter(([, n]) => n).map(([k]) => k));
}
