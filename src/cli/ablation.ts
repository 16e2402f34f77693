// Reading `--factor key=v1,v2` and applying it to a spec: the spec is re-validated with the factor
// replaced, so every value is checked exactly as if it had been written in the file.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse, stringify } from "yaml";
import { PeerlabError } from "../errors.js";
import { loadExperimentFile, loadExperimentText, type ResolvedExperiment } from "../runner/index.js";
import { specDirOf } from "../fixtures/index.js";
import { CELL_FACTORS, type FactorKey } from "../spec/index.js";

/** The spec keys a user may name (each factor's, from the factor tuple; `params` is named by parameter). */
const ABLATABLE = CELL_FACTORS.filter((f) => f.contrasted && f.specKeys.length > 0);

function factorNamed(name: string): { key: string; factor: FactorKey } | undefined {
  const f = ABLATABLE.find((x) => (x.specKeys as readonly string[]).includes(name));
  return f ? { key: f.specKeys[0]!, factor: f.key } : undefined;
}

export function loadAblation(specFile: string, factorArg: string): { resolved: ResolvedExperiment; factor: FactorKey } {
  const m = /^([a-z_.-]+)=(.+)$/.exec(factorArg.trim());
  if (!m) throw new PeerlabError("ARGS_INVALID", `--factor: expected key=value1,value2 (e.g. peers=absent,good), got ${JSON.stringify(factorArg)}`);
  const name = m[1]!;
  const values = m[2]!
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
  if (values.length < 2) throw new PeerlabError("ARGS_INVALID", `--factor: an ablation needs at least two values, got ${JSON.stringify(m[2])}`);
  loadExperimentFile(specFile); // the spec itself must be valid first, with its own line numbers
  const raw = parse(readFileSync(specFile, "utf8")) as Record<string, unknown>;
  let factor: FactorKey;
  const known = factorNamed(name);
  if (known) {
    raw[known.key] = values;
    factor = known.factor;
  } else {
    // A scenario parameter: `threshold=80,90` for every scenario that takes it, or `params.<scenario>.<name>`.
    const path = name.startsWith("params.") ? name.split(".").slice(1) : null;
    const scenarios = path ? [path[0]!] : ((raw.scenarios as string[] | string | undefined) ?? []);
    const param = path ? path[1] : name;
    if (!param)
      throw new PeerlabError(
        "ARGS_INVALID",
        `--factor: unknown factor ${JSON.stringify(name)} (expected one of ${ABLATABLE.flatMap((f) => f.specKeys).join(", ")}, or a scenario parameter)`,
      );
    const params = (raw.params as Record<string, Record<string, unknown>>) ?? {};
    for (const s of Array.isArray(scenarios) ? scenarios : [scenarios])
      params[s] = { ...(params[s] ?? {}), [param]: values.map((v) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v)) };
    raw.params = params;
    factor = "params";
  }
  // The run is named after the factor it varies, so `peerlab list` tells it from the spec's own run.
  raw.name = ablationName(String(raw.name ?? ""), name, values);
  const resolved = loadExperimentText(stringify(raw), `${specFile} with --factor ${factorArg}`, specDirOf(specFile));
  return { resolved: { ...resolved, file: resolve(specFile) }, factor };
}

/** "abl (ablate peers: absent, good)", at most 120 characters (the name's limit), cut in the spec's name first. */
export function ablationName(base: string, factor: string, values: readonly string[]): string {
  const tail = ` (ablate ${factor}: ${values.join(", ")})`;
  const room = 120 - tail.length;
  if (room >= 1) return `${[...base].slice(0, room).join("")}${tail}`;
  return [...`ablate ${factor}: ${values.join(", ")}`].slice(0, 120).join("");
}
