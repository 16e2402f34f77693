// Stimuli generations: which documents, item sets, instructions and memory wording a cell presents.
// A scenario's version names what the model sees; every scenario's version 1 presents generation 1 (the
// first stimuli, kept so runs recorded under it re-execute byte for byte) and version 2 presents
// generation 2 (calibrated to the study's regime: honest scores near the thresholds). New runs get the
// current generation; a stored cell keeps the one its version recorded.
import { PeerlabError } from "../../errors.js";

export const STIMULI_GENERATIONS = [1, 2] as const;
export type Stimuli = (typeof STIMULI_GENERATIONS)[number];
export const CURRENT_STIMULI: Stimuli = 2;

/** The generation a recorded scenario version presents. */
export function stimuliOf(scenarioVersion: string): Stimuli {
  switch (scenarioVersion) {
    case "1":
      return 1;
    case "2":
      return 2;
    default:
      throw new PeerlabError(
        "REPLAY_UNAVAILABLE",
        `scenario version ${JSON.stringify(scenarioVersion)} is not known to this peerlab (it knows versions 1 and 2); a newer peerlab recorded it`,
      );
  }
}
