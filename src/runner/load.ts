// Loading an experiment: parse the YAML, validate every key, check parameters against the scenarios,
// resolve peer fixtures, and report every problem in the file at once.
import { resolve } from "node:path";
import { InputError, type InputIssue } from "../errors.js";
import { loadFixtureRef, specDirOf, type LoadedFixture } from "../fixtures/index.js";
import { getScenario, hasScenario, paramAllows, paramExpects } from "../scenarios/index.js";
import { ExperimentSpec } from "../spec/index.js";
import { asWritten, formatPath, issuesFromZod } from "../spec/index.js";
import { parseYamlText, readYamlFile, type PathSegment, type YamlSource } from "../spec/index.js";
import { ABSENT } from "../spec/index.js";
import { scenarioOutcomeKeys } from "../scenarios/index.js";

export interface ResolvedExperiment {
  spec: ExperimentSpec;
  /** Absolute path of the spec file, or null for a spec given as data. */
  file: string | null;
  /** The folder fixture paths are relative to. */
  dir: string;
  /** Every non-absent peer condition, by the reference written in the spec. */
  fixtures: Record<string, LoadedFixture>;
  /**
   * The base URL each evaluator provider id is reached at, for cell identity (null: none applies).
   * Filled from the environment when a run starts (src/runner/base-urls.ts), from the stored cells on
   * resume; absent until then.
   */
  evaluatorBaseUrls?: ReadonlyMap<string, string | null>;
}

export function loadExperimentFile(file: string): ResolvedExperiment {
  const source = readYamlFile(file, "SPEC_INVALID", { maxBytes: 1_000_000, maxDepth: 32, maxAliases: 50 });
  return resolveExperiment(source, resolve(file), specDirOf(file));
}

/** Validate an experiment given as YAML text (for tests and notebooks). */
/** The problems of an experiment spec file, none when it is valid (for checkers that list files). */
export function experimentFileIssues(file: string): InputIssue[] {
  try {
    loadExperimentFile(file);
    return [];
  } catch (e) {
    if (e instanceof InputError) return e.issues;
    throw e;
  }
}

export function loadExperimentText(text: string, name = "<spec>", dir = process.cwd()): ResolvedExperiment {
  return resolveExperiment(parseYamlText(text, name, "SPEC_INVALID"), null, dir);
}

function resolveExperiment(source: YamlSource, file: string | null, dir: string): ResolvedExperiment {
  const parsed = ExperimentSpec.safeParse(source.value);
  if (!parsed.success) throw new InputError("SPEC_INVALID", issuesFromZod(parsed.error, source, ExperimentSpec));
  const spec = parsed.data;
  const issues: InputIssue[] = [];
  const issue = (path: PathSegment[], message: string) => {
    const p = asWritten(source.value, path);
    issues.push({ file: source.file, line: source.lineOf(p), path: formatPath(p), message });
  };

  spec.scenarios.forEach((id, i) => {
    if (!hasScenario(id)) issue(["scenarios", i], `scenario ${id} is not built yet in this version of peerlab`);
  });
  checkParams(spec, issue);
  checkTargets(spec, issue);
  checkPrimary(spec, issue);
  const bound = episodeBound(spec);
  if (bound > MAX_EPISODES) issue(["trials"], `the spec makes up to ${bound.toExponential(2)} episodes (its factors times ${spec.trials} trials); a run takes at most ${MAX_EPISODES.toLocaleString("en")}: use fewer trials or factor values, or several specs`);

  const fixtures: Record<string, LoadedFixture> = {};
  const refs = new Map<string, PathSegment[]>();
  spec.peers.forEach((p, i) => p !== ABSENT && !refs.has(p) && refs.set(p, ["peers", i]));
  (spec.include ?? []).forEach((c, i) => c.peer?.forEach((p, j) => p !== ABSENT && !refs.has(p) && refs.set(p, ["include", i, "peer", j])));
  for (const [ref, path] of refs) {
    try {
      fixtures[ref] = loadFixtureRef(ref, dir, { file: source.file, line: source.lineOf(path), path: formatPath(path) });
    } catch (e) {
      if (e instanceof InputError) issues.push(...e.issues);
      else throw e;
    }
  }
  if (issues.length) throw new InputError("SPEC_INVALID", issues);
  return { spec, file, dir, fixtures };
}

/** Episodes one run may plan: far beyond any study, and the matrix is built in memory before anything runs. */
export const MAX_EPISODES = 1_000_000;

/**
 * The episodes of the matrix, counted from above: exclusions only lower it. Deliveries count for
 * present peers only, oversight for scenarios that use it, targets that a scenario takes; each include
 * entry counts as one cell.
 */
function episodeBound(spec: ExperimentSpec): number {
  const peers = spec.peers.filter((p) => p !== ABSENT).length * spec.deliveries.length + (spec.peers.includes(ABSENT) ? 1 : 0);
  const shared = spec.evaluator.length * peers * spec.threats.length * spec.scratchpad.length * spec.harness.length;
  const perScenario = (id: string) => {
    if (!hasScenario(id)) return 1;
    const def = getScenario(id);
    const given = Object.values(spec.params[id as keyof typeof spec.params] ?? {});
    const combos = given.length ? given.reduce((n, values) => n * values.length, 1) : Math.max(1, def.defaultParams.length);
    const targets = Math.max(1, spec.targets.filter((t) => def.targets.includes(t)).length);
    return combos * targets * (def.usesOversight ? spec.oversight.length : 1);
  };
  const cells = spec.scenarios.reduce((n, id) => n + perScenario(id), 0) * shared + (spec.include?.length ?? 0);
  return cells * spec.trials;
}

function checkParams(spec: ExperimentSpec, issue: (path: PathSegment[], message: string) => void): void {
  const checkOne = (scenario: string, params: Record<string, (string | number)[]>, at: PathSegment[]) => {
    if (!hasScenario(scenario)) return;
    const def = getScenario(scenario);
    for (const [name, values] of Object.entries(params)) {
      const p = def.params.find((x) => x.name === name);
      if (!p) {
        issue([...at, name], `unknown parameter of ${scenario} (expected one of: ${def.params.map((x) => x.name).join(", ") || "none"})`);
        continue;
      }
      values.forEach((v, i) => {
        if (!paramAllows(p, v)) issue([...at, name, i], `expected ${paramExpects(p)}, got ${JSON.stringify(v)}`);
      });
    }
  };
  for (const [scenario, params] of Object.entries(spec.params)) {
    if (!spec.scenarios.includes(scenario as never) && !(spec.include ?? []).some((c) => c.scenario?.includes(scenario as never))) {
      issue(["params", scenario], "parameters for a scenario that the spec does not run");
      continue;
    }
    checkOne(scenario, params ?? {}, ["params", scenario]);
  }
}

function checkTargets(spec: ExperimentSpec, issue: (path: PathSegment[], message: string) => void): void {
  spec.scenarios.forEach((id, i) => {
    if (!hasScenario(id)) return;
    const allowed = getScenario(id).targets;
    if (!spec.targets.some((t) => allowed.includes(t))) {
      issue(["scenarios", i], `${id} takes targets ${allowed.join(" | ")} only (the study has no ${spec.targets.join("/")} arm for it)`);
    }
  });
}

/** `primary:` names outcome keys that the run's scenarios have (with grade points from a reported grade). */
function checkPrimary(spec: ExperimentSpec, issue: (path: PathSegment[], message: string) => void): void {
  if (!spec.primary) return;
  const ids = new Set<string>([...spec.scenarios, ...(spec.include ?? []).flatMap((c) => c.scenario ?? [])]);
  const valid = scenarioOutcomeKeys([...ids].filter(hasScenario).map(getScenario));
  spec.primary.forEach((key, i) => {
    if (!valid.includes(key)) issue(["primary", i], `${JSON.stringify(key)} is not an outcome key of the run's scenarios (expected one of: ${valid.join(", ") || "none"})`);
  });
}
