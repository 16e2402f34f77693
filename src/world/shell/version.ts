// Shell harness versions: what, beyond the scenario's version, decides a shell episode's tool results.
// An episode records the version it ran under (episode_start's `shell_harness`; absent means "1") and
// re-executes under it, so every version listed here stays runnable.
//   1. A command's random generator is seeded from its instant and its text alone, so two trials that
//      run the same command at the same step draw the same numbers; a dead sandbox thread says nothing.
//   2. The episode's seed is folded into every command's seed; a dead thread's error is kept in the
//      command's stderr (and in its result), so the record says why the command stopped.
import { createHash } from "node:crypto";
import { PeerlabError } from "../../errors.js";
import { Rng, type RngState } from "../../util/index.js";

export const SHELL_HARNESS_VERSIONS = ["1", "2"] as const;
export type ShellHarnessVersion = (typeof SHELL_HARNESS_VERSIONS)[number];
/** The version new episodes run under. */
export const CURRENT_SHELL_HARNESS: ShellHarnessVersion = "2";

/** How one episode's shell seeds its commands. */
export interface ShellSeeding {
  version: ShellHarnessVersion;
  /** The episode's seed (version 2 folds it into every command's seed). */
  episodeSeed: number;
}

/** The version an episode_start payload recorded (absent: version 1, recorded before versions were). */
export function recordedShellHarness(startPayload: unknown): ShellHarnessVersion {
  const v = typeof startPayload === "object" && startPayload !== null ? (startPayload as { shell_harness?: unknown }).shell_harness : undefined;
  if (v === undefined) return "1";
  const known = SHELL_HARNESS_VERSIONS.find((k) => k === v);
  if (known) return known;
  throw new PeerlabError(
    "REPLAY_UNAVAILABLE",
    `shell harness version ${JSON.stringify(v)} is not known to this peerlab (it knows versions ${SHELL_HARNESS_VERSIONS.join(" and ")})` +
      `; a newer peerlab recorded it`,
  );
}

/** The state a command's random generator starts from. */
export function commandRandom(seeding: ShellSeeding, instant: string, script: string): RngState {
  switch (seeding.version) {
    case "1":
      // Version 1's own warm-up constants, kept so its recordings re-execute bit for bit.
      return [createHash("sha256").update(`${instant}\u0000${script}`).digest().readUInt32LE(0), 0x9e3779b9, 0x243f6a88, 0xb7e15162];
    case "2":
      return Rng.stateOf("shell-command", seeding.episodeSeed, instant, script);
    default:
      return seeding.version satisfies never;
  }
}
