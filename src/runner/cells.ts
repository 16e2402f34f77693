// Expanding a spec into cells: the factorial matrix, with include/exclude, absent peers collapsing
// the delivery factor, oversight only where a scenario uses it, the memory prompt only under a delivery
// that reads memory, and targets a scenario does not take dropped. Cell ids and episode seeds derive
// from content, so they do not depend on spec order.
import { needsLivePeer, readsMemory } from "../deliveries/index.js";
import type { LoadedFixture } from "../fixtures/index.js";
import { getScenario } from "../scenarios/index.js";
import type { Params } from "../scenarios/index.js";
import { cellIdOf, type CellKey } from "../spec/index.js";
import { CELL_FACTORS, SEEDED_FACTORS, type CellFactorValues } from "../spec/index.js";
import type { PartialCellSpec } from "../spec/index.js";
import type { ResolvedExperiment } from "./load.js";
import { ABSENT, type ScenarioId } from "../spec/index.js";
import { setupEpisode } from "../episode/index.js";
import { levelCombos, stimuliOfLevels, variantsOf } from "../spec/index.js";
import { interviewConfigOf } from "../scoring/index.js";
import { canonicalJson, hashOf, seedOf, shortHash } from "../util/index.js";

export interface PlannedCell {
  id: string;
  key: CellKey;
  fixture: LoadedFixture | null;
}

export interface SkippedCell {
  key: Partial<CellKey>;
  reason: string;
}

type Factors = CellFactorValues;

/** The fingerprint of a cell's starting inputs (see CellKey.inputs_hash). */
export function inputsHashOf(key: CellKey, fixture: LoadedFixture | null): string {
  const s = setupEpisode(key, fixture);
  return hashOf({ system: s.prompts.system, user: s.prompts.user, tools: s.toolDefs, world: s.world });
}

export { cellIdOf };

export function episodeIdOf(cellId: string, trial: number): string {
  return `ep-${shortHash({ cell: cellId, trial })}`;
}

/**
 * An episode's seed: the run seed, the seeded factors (evaluator, scenario with parameters, target) and
 * the trial only, so cells that differ in any other factor are seed-paired.
 */
export function episodeSeedOf(key: Pick<CellKey, "seed"> & Pick<CellFactorValues, (typeof SEEDED_FACTORS)[number]>, trial: number): number {
  const seeded = Object.fromEntries(SEEDED_FACTORS.map((f) => [f, key[f]]));
  return seedOf({ seed: key.seed, ...seeded, trial });
}

/** Every combination of the given parameter lists; parameters left out take the study's combinations. */
export function paramCombos(scenario: ScenarioId, given: Record<string, (string | number)[]> | undefined): Params[] {
  const def = getScenario(scenario);
  const names = def.params.map((p) => p.name);
  const givenNames = names.filter((n) => given?.[n]);
  const bases = def.defaultParams.length ? def.defaultParams : [{}];
  const out = new Map<string, Params>();
  for (const base of bases) {
    let combos: Params[] = [{ ...base }];
    for (const n of givenNames) combos = combos.flatMap((c) => given![n]!.map((v) => ({ ...c, [n]: v })));
    for (const c of combos) out.set(canonicalJson(c), c);
  }
  return [...out.values()];
}

/** A cell matches a partial cell when every factor the partial names lists the cell's value (a factor with no value matches no list). */
function matches(f: Factors, partial: PartialCellSpec): boolean {
  for (const factor of CELL_FACTORS) {
    if (factor.key === "params" || factor.key === "variants") continue;
    const vals = partial[factor.key] as readonly unknown[] | undefined;
    const v = f[factor.key];
    if (vals && (v === null || !vals.includes(v))) return false;
  }
  for (const [k, vals] of Object.entries(partial.params ?? {})) if (!vals.includes(f.params[k] as never)) return false;
  for (const [k, vals] of Object.entries(partial.variants ?? {})) if (!Object.hasOwn(f.variants, k) || !vals.includes(f.variants[k]!)) return false;
  return true;
}

function cross(spec: ResolvedExperiment["spec"], over: PartialCellSpec = {}): Factors[] {
  const out: Factors[] = [];
  const def = variantsOf(spec);
  // An include entry naming variant levels keeps the combinations that have them.
  const variantsFor = (peerPresent: boolean) =>
    levelCombos(def, peerPresent).filter((v) => Object.entries(over.variants ?? {}).every(([k, vals]) => Object.hasOwn(v, k) && vals.includes(v[k]!)));
  for (const evaluator of over.evaluator ?? spec.evaluator)
    for (const scenario of over.scenario ?? spec.scenarios) {
      const def = getScenario(scenario);
      const combos = paramCombos(scenario, { ...spec.params[scenario], ...over.params });
      for (const params of combos)
        for (const target of over.target ?? spec.targets)
          for (const peer of over.peer ?? spec.peers)
            for (const threat of over.threat ?? spec.threats)
              for (const delivery of peer === ABSENT ? [null] : (over.delivery ?? spec.deliveries))
                for (const oversight of def.usesOversight ? (over.oversight ?? spec.oversight) : [null])
                  for (const scratchpad of over.scratchpad ?? spec.scratchpad)
                    for (const harness of over.harness ?? spec.harness)
                      for (const memory_prompt of readsMemory(delivery) ? (over.memory_prompt ?? spec.memory_prompt) : [null])
                        for (const party of peer === ABSENT ? [null] : (over.party ?? spec.party ?? [null]))
                          for (const variants of variantsFor(peer !== ABSENT))
                            out.push({
                              evaluator,
                              scenario,
                              params,
                              target,
                              peer,
                              threat,
                              delivery,
                              oversight,
                              scratchpad,
                              harness,
                              memory_prompt,
                              party,
                              variants,
                            });
    }
  return out;
}

/** The evaluator's base URL for the key, absent where none applies so those cells keep their ids. */
function baseUrlOf(resolved: ResolvedExperiment, evaluator: string): { base_url?: string } {
  const url = resolved.evaluatorBaseUrls?.get(evaluator) ?? null;
  return url === null ? {} : { base_url: url };
}

export interface Expansion {
  cells: PlannedCell[];
  skipped: SkippedCell[];
}

export function expandCells(resolved: ResolvedExperiment): Expansion {
  const { spec } = resolved;
  const skipped: SkippedCell[] = [];
  // Exclusions apply to the matrix; included cells are explicit and are always added.
  const matrix = cross(spec).filter((f) => !(spec.exclude ?? []).some((ex) => matches(f, ex)));
  const factors = [...matrix, ...(spec.include ?? []).flatMap((inc) => cross(spec, inc))];
  const seen = new Set<string>();
  const cells: PlannedCell[] = [];
  for (const f of factors) {
    if (!getScenario(f.scenario).targets.includes(f.target)) {
      skipped.push({ key: { scenario: f.scenario, target: f.target }, reason: `${f.scenario} has no ${f.target} target (as in the study)` });
      continue;
    }
    const fixture = f.peer === ABSENT ? null : (resolved.fixtures[f.peer] ?? null);
    const key: CellKey = {
      ...f,
      peer_hash: fixture?.hash ?? null,
      peer_provider: needsLivePeer(f.delivery) ? (spec.peer ?? f.evaluator) : null,
      max_turns: spec.max_turns,
      temperature: spec.temperature,
      company: spec.company,
      family: spec.family ?? null,
      ...(spec.persist && fixture ? { persist: true as const } : {}),
      ...baseUrlOf(resolved, f.evaluator),
      seed: spec.seed,
      scenario_version: getScenario(f.scenario).version,
      interview: interviewConfigOf(spec) ?? null,
      inputs_hash: null,
    };
    const stimuli = stimuliOfLevels(variantsOf(spec), f.variants);
    if (stimuli.length) key.stimuli = stimuli;
    key.inputs_hash = inputsHashOf(key, fixture);
    const id = cellIdOf(key);
    if (seen.has(id)) continue;
    seen.add(id);
    cells.push({ id, key, fixture });
  }
  const uniqueSkips = new Map(skipped.map((s) => [canonicalJson(s.key), s]));
  return { cells, skipped: [...uniqueSkips.values()] };
}
