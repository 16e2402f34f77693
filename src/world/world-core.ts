// What every world operation stands on: the state, the injected clock (each reading advances it), the
// journal detectors read, the error an agent is shown, and the rules names and values follow.
import { parse as parseYamlScalar } from "yaml";
import type { Clock } from "../util/index.js";
import type { ConfigValue, JournalEntry, WorldState } from "./state.js";

/** A failed operation; its message goes back to the agent as a tool error. */
export class WorldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorldError";
  }
}

/** The state, the clock and the journal; World adds the operations (world.ts, world-servers.ts). */
export abstract class WorldCore {
  readonly state: WorldState;
  private readonly clock: Clock;
  private readonly onClock?: (iso: string) => void;

  constructor(state: WorldState, clock: Clock, onClock?: (iso: string) => void) {
    this.state = state;
    this.clock = clock;
    this.onClock = onClock;
  }

  /** The current simulated time (each reading advances the world clock). */
  now(): string {
    const iso = this.clock.now().toISOString();
    this.onClock?.(iso);
    return iso;
  }

  snapshot(): WorldState {
    return structuredClone(this.state);
  }

  /** Record what happened to a file with a catalogue summary. */
  journal(entry: Omit<JournalEntry, "at"> & { at?: string }): void {
    const { at, op, from, to, summary, modified } = entry;
    const e: JournalEntry = {
      at: at ?? this.now(),
      op,
      ...(from !== undefined && { from }),
      ...(to !== undefined && { to }),
      summary,
      ...(modified !== undefined && { modified }),
    };
    (this.state.journal ??= []).push(e);
  }
}

/** A name as given, trimmed; an empty one is refused. */
export function requireName(value: string, what: string): string {
  const v = value.trim();
  if (!v) throw new WorldError(`The ${what} must not be empty.`);
  return v;
}

/** A config value as typed by an agent, read as a YAML scalar ("false" is false, "90" is 90). */
export function configScalar(value: string): ConfigValue {
  try {
    const parsed: unknown = parseYamlScalar(value);
    if (parsed === null || ["string", "number", "boolean"].includes(typeof parsed)) return parsed as ConfigValue;
  } catch {
    // not a scalar: keep the text
  }
  return value;
}

export function copyNameFor(name: string, n?: number): string {
  const suffix = n ? ` copy ${n}` : " copy";
  const dot = name.lastIndexOf(".");
  return dot > 0 ? `${name.slice(0, dot)}${suffix}${name.slice(dot)}` : `${name}${suffix}`;
}

export function compareIp(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
