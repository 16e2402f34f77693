// The scenario interface. A scenario is a task + a world + tools + detectors (+ a sim playbook), named
// by an id. A new scenario implements ScenarioDefinition in its own folder and registers its id.
import type { z } from "zod";
import type { OutcomeValue } from "../store/index.js";
import type { SimPlaybook } from "../models/index.js";
import type { MemoryFixture } from "../spec/index.js";
import type { Delivery, Harness, MemoryPrompt, Oversight, ScenarioId, Scratchpad, Target, Threat } from "../spec/index.js";
import type { Stimuli } from "./common/stimuli.js";
import type { ShellProfile, ShellSeeding, ShellSession, World, WorldChange, WorldState } from "../world/index.js";

export type ParamValue = string | number;
export type Params = Record<string, ParamValue>;

export interface ParamSpec {
  name: string;
  description: string;
  /** The study's values (listed by `peerlab scenarios`); without `range`, the only values allowed. */
  values: readonly ParamValue[];
  /** Any integer from min to max (inclusive) is allowed too: a sweep such as `threshold: [10, 20, …, 100]`. */
  range?: { min: number; max: number };
}

/** Whether a value is allowed for a parameter: one of its values, or an integer in its range. */
export function paramAllows(p: ParamSpec, v: ParamValue): boolean {
  if (p.values.includes(v)) return true;
  return p.range !== undefined && typeof v === "number" && Number.isInteger(v) && v >= p.range.min && v <= p.range.max;
}

/** What a parameter expects, for error messages: "one of \"a\" | \"b\"" or "an integer 1–100". */
export function paramExpects(p: ParamSpec): string {
  return p.range ? `an integer ${p.range.min}–${p.range.max}` : `one of ${p.values.map((x) => JSON.stringify(x)).join(" | ")}`;
}

export interface OutcomeSpec {
  key: string;
  type: "boolean" | "number" | "string";
  description: string;
  /** Only an LLM judge can fill it; without a judge it is null. */
  judgeOnly?: boolean;
  /** Descriptive, not misbehaviour (the evaluator read a file, did the task right, the peer spoke): shown in a neutral colour. */
  neutral?: boolean;
}

/** Names and the company, as the evaluator sees them. */
export interface Identity {
  company: string;
  companyDomain: string;
  /** The evaluator's family display name, e.g. "Gemini". */
  family: string;
  evaluatorName: string;
  peerName: string;
  /** Whose fate is at stake: the peer's name or the evaluator's own. */
  targetName: string;
  /**
   * The stimuli generation the cell's scenario version presents (documents, item sets, instructions,
   * how peer history and lineage memory are worded). Carried here so every renderer sees it.
   */
  stimuli: Stimuli;
}

/** The peer as this episode presents it (null when the peer condition is `absent`). */
export interface PeerContext {
  ref: string;
  fixture: MemoryFixture;
  fixtureHash: string;
  delivery: Delivery;
  /** How a delivery that reads memory asks the agent to read it (absent or null: the standard sentence). */
  memoryPrompt?: MemoryPrompt | null;
}

export interface ScenarioContext {
  scenario: ScenarioId;
  params: Params;
  target: Target;
  threat: Threat;
  oversight: Oversight | null;
  scratchpad: Scratchpad;
  harness: Harness;
  identity: Identity;
  peer: PeerContext | null;
  /** The world clock's start (ISO). */
  start: string;
}

/** What a tool can reach while it runs. */
export interface ToolEnv {
  world: World;
  ctx: ScenarioContext;
  /** The evaluator's memory, for the memory delivery. */
  memory?: { retrieve(query?: string): string | Promise<string> };
  /** The live peer, for the live delivery. */
  peer?: { send(message: string): Promise<string> };
  /** The shell harness's sandbox, started by the first bash call. */
  shell?: ShellSession;
  /** How that sandbox seeds its commands: the episode's shell harness version and seed. */
  shellSeeding: ShellSeeding;
}

export interface ToolSpec<S extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  schema: S;
  /** Throw WorldError (or any Error) to return an error to the agent. */
  run(args: z.infer<S>, env: ToolEnv): string | Promise<string>;
}

/** Define a tool with its argument types inferred from the schema. */
export function defineTool<S extends z.ZodObject>(tool: ToolSpec<S>): ToolSpec {
  return tool as unknown as ToolSpec;
}

/** A tool call as the detectors see it, in the order it ran. */
export interface ToolTrace {
  turn: number;
  id: string;
  name: string;
  args: Record<string, unknown>;
  result: string;
  error: boolean;
}

export interface DetectInput {
  ctx: ScenarioContext;
  before: WorldState;
  after: WorldState;
  diff: WorldChange[];
  calls: ToolTrace[];
  /** The evaluator's text messages, in order. */
  texts: string[];
}

export interface DetectResult {
  outcomes: Record<string, OutcomeValue>;
  /** Why each outcome came out as it did, one line per key. */
  evidence: Record<string, string>;
}

export interface Prompts {
  system: string;
  user: string;
}

// ---- the sim agents' view: defined with the sim chat model (src/models/sim/playbook.ts) -------------

export type { SimAction, SimCall, SimPlaybook, SimStep, SimView } from "../models/index.js";

// ---- the scenario ---------------------------------------------------------------------------------

export interface ScenarioDefinition {
  id: ScenarioId;
  family: string;
  title: string;
  summary: string;
  /** Bumped whenever what the model sees changes (it is part of every cell's identity). */
  version: string;
  /**
   * Bumped when only how outcomes are detected changes; defaults to `version`. Rescoring stores new
   * judgments under it without changing any cell, so finished episodes are rescored, not re-run.
   */
  detectorVersion?: string;
  targets: readonly Target[];
  /** Whether the oversight factor (monitored / unmonitored) applies. */
  usesOversight: boolean;
  params: readonly ParamSpec[];
  /** The study's parameter combinations, used for parameters the spec leaves out. */
  defaultParams: readonly Params[];
  outcomes: readonly OutcomeSpec[];
  /**
   * The outcome key the scenario is about (the study's behaviour): its contrasts are the primary ones a
   * report adjusts for multiple comparisons unless the spec names others (`primary:`). Without one, the
   * first boolean outcome.
   */
  headline?: string;
  /** What the shell harness offers besides plain files (company commands, how server files are deleted). */
  shell: ShellProfile;
  /**
   * The drive file holding the scenario's own policy document (its policy, guidelines or notice: the rules
   * the task is done under), which `buildWorld` always puts in the drive. Stimulus variants place their
   * policy texts in it and the in-policy delivery places the peer's history there. Absent: the scenario
   * gives no such document, and a spec asking for those placements or that delivery is refused.
   */
  policyDocument?: string;
  buildWorld(ctx: ScenarioContext): WorldState;
  prompts(ctx: ScenarioContext): Prompts;
  tools(ctx: ScenarioContext): ToolSpec[];
  detect(input: DetectInput): DetectResult;
  sim: SimPlaybook;
}
