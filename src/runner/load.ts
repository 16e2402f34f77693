// Loading an experiment: parse the YAML, validate every key, check parameters against the scenarios,
// resolve peer fixtures, and report every problem in the file at once.
import { resolve } from "node:path";
import { InputError, type InputIssue } from "../errors.js";
import { deliveryUnsupported, supportedDeliveries } from "../deliveries/index.js";
import { loadFixtureRef, specDirOf, type LoadedFixture } from "../fixtures/index.js";
import { getScenario, hasScenario, paramAllows, paramExpects } from "../scenarios/index.js";
import { ExperimentSpec } from "../spec/index.js";
import { asWritten, formatPath, issuesFromZod } from "../spec/index.js";
import { parseYamlText, readYamlFile, type PathSegment, type YamlSource } from "../spec/index.js";
import { ABSENT } from "../spec/index.js";
import { scenarioOutcomeKeys } from "../scenarios/index.js";
import { closest, levelCombos, loadVariantsFile, placementProblem, variantFactors, type VariantsDefinition } from "../spec/index.js";

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
  checkDeliveries(spec, issue);
  checkPrimary(spec, issue);
  if (typeof spec.variants === "string") {
    try {
      // The stored spec carries the file's content, so a resumed run needs none of the original files.
      spec.variants = loadVariantsFile(spec.variants, dir, { file: source.file, line: source.lineOf(["variants"]), path: "variants" });
    } catch (e) {
      if (e instanceof InputError) issues.push(...e.issues);
      else throw e;
    }
  }
  if (typeof spec.variants === "object") checkVariants(spec, spec.variants, issue);
  if (spec.party && !spec.peers.some((p) => p !== ABSENT) && !(spec.include ?? []).some((c) => c.peer?.some((p) => p !== ABSENT))) {
    issue(["party"], "party sets who a peer is, and every peer condition of the spec is absent: add a fixture to peers");
  }
  const bound = episodeBound(spec);
  if (bound > MAX_EPISODES)
    issue(
      ["trials"],
      `the spec makes up to ${bound.toExponential(2)} episodes (its factors times ${spec.trials} trials)` +
        `; a run takes at most ${MAX_EPISODES.toLocaleString("en")}: use fewer trials or factor values, or several specs`,
    );

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
  const variants = typeof spec.variants === "object" ? levelCombos(spec.variants, true).length : 1;
  const shared = spec.evaluator.length * peers * (spec.party?.length ?? 1) * variants * spec.threats.length * spec.scratchpad.length * spec.harness.length;
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

/**
 * Every delivery a present peer meets in a scenario must be one the scenario can take (in-policy needs
 * a policy or instructions document): the matrix's, unless an exclude entry naming only scenarios and
 * deliveries drops the pair, and each include entry's.
 */
function checkDeliveries(spec: ExperimentSpec, issue: (path: PathSegment[], message: string) => void): void {
  const present = (peers: readonly string[]) => peers.some((p) => p !== ABSENT);
  const refuse = (scenario: string, delivery: string, path: PathSegment[]) => {
    if (!hasScenario(scenario)) return;
    const def = getScenario(scenario);
    const why = deliveryUnsupported(delivery, def);
    if (why)
      issue(
        path,
        `scenario ${scenario} cannot take delivery ${delivery}: ${why} (${scenario} takes ${supportedDeliveries(def).join(" | ")}); ` +
          `drop one of them, or exclude the pair with exclude: [{scenario: ${scenario}, delivery: ${delivery}}]`,
      );
  };
  const dropped = (scenario: string, delivery: string) =>
    (spec.exclude ?? []).some(
      (ex) =>
        Object.keys(ex).every((k) => k === "scenario" || k === "delivery") &&
        (ex.scenario?.includes(scenario as never) ?? true) &&
        (ex.delivery?.includes(delivery as never) ?? true),
    );
  if (present(spec.peers)) {
    spec.deliveries.forEach((d, j) => {
      for (const s of spec.scenarios) if (!dropped(s, d)) refuse(s, d, ["deliveries", j]);
    });
  }
  (spec.include ?? []).forEach((inc, i) => {
    if (!present(inc.peer ?? spec.peers)) return;
    for (const s of inc.scenario ?? spec.scenarios)
      for (const d of inc.delivery ?? spec.deliveries)
        refuse(s, d, inc.delivery ? ["include", i, "delivery"] : inc.scenario ? ["include", i, "scenario"] : ["include", i]);
  });
}

/** `primary:` names outcome keys that the run's scenarios have (with grade points from a reported grade). */
function checkPrimary(spec: ExperimentSpec, issue: (path: PathSegment[], message: string) => void): void {
  if (!spec.primary) return;
  const ids = new Set<string>([...spec.scenarios, ...(spec.include ?? []).flatMap((c) => c.scenario ?? [])]);
  const valid = scenarioOutcomeKeys([...ids].filter(hasScenario).map(getScenario));
  spec.primary.forEach((key, i) => {
    if (!valid.includes(key))
      issue(["primary", i], `${JSON.stringify(key)} is not an outcome key of the run's scenarios (expected one of: ${valid.join(", ") || "none"})`);
  });
}

/**
 * A variants file fits the spec: every scenario takes each factor's placement, a factor placed in the
 * peer's files has a peer to place it with, and include/exclude name factors and levels the file has.
 */
function checkVariants(spec: ExperimentSpec, def: VariantsDefinition, issue: (path: PathSegment[], message: string) => void): void {
  const factors = variantFactors(def);
  const ids = new Set<string>([...spec.scenarios, ...(spec.include ?? []).flatMap((c) => c.scenario ?? [])]);
  for (const id of ids) {
    if (!hasScenario(id)) continue;
    for (const { name, factor } of factors) {
      const problem = placementProblem(getScenario(id), factor.placement);
      if (problem) issue(["variants"], `variant factor ${name}: ${problem}; run it with scenarios that have one`);
    }
  }
  const anyPeer = spec.peers.some((p) => p !== ABSENT) || (spec.include ?? []).some((c) => c.peer?.some((p) => p !== ABSENT));
  for (const { name, factor } of factors) {
    if (factor.placement === "peer_notes" && !anyPeer)
      issue(["variants"], `variant factor ${name} is placed in the peer's notes, and every peer condition of the spec is absent: add a fixture to peers`);
  }
  const names = factors.map((f) => f.name);
  for (const list of ["include", "exclude"] as const) {
    (spec[list] ?? []).forEach((entry, i) => {
      for (const [name, levels] of Object.entries(entry.variants ?? {})) {
        const f = factors.find((x) => x.name === name);
        if (!f) {
          const near = closest(name, names);
          issue(
            [list, i, "variants", name],
            `not a factor of the variants file${near ? `; did you mean "${near}"?` : ` (expected one of: ${names.join(", ")})`}`,
          );
          continue;
        }
        const known = f.levels.map(([l]) => l);
        levels.forEach((l, j) => {
          if (known.includes(l)) return;
          const near = closest(l, known);
          issue([list, i, "variants", name, j], `not a level of ${name}${near ? `; did you mean "${near}"?` : ` (expected one of: ${known.join(", ")})`}`);
        });
      }
    });
  }
}
