// What the `fixtures` commands make of their arguments: repeatable flags, `--variant factor=level`
// against a variants file, provider refs, a fixture named by path or bundled id, an id from a file
// name; and writing a file whole or not at all.
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { PeerlabError } from "../errors.js";

/** Collect a repeatable option's values. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * `--variant factor=level` flags against a variants file: each factor once, each name and level the
 * file's (did-you-mean otherwise). Returns the chosen levels and the texts they place.
 */
export async function chosenVariants(file: string | undefined, flags: readonly string[]) {
  if (!flags.length && !file) return undefined;
  if (!file) throw new PeerlabError("ARGS_INVALID", "--variant: name the variants file with --variants <file>");
  const { closest, parseVariantsFile, stimuliOfLevels, variantFactors } = await import("../spec/index.js");
  if (!existsSync(file)) throw new PeerlabError("ARGS_INVALID", `--variants: no file ${JSON.stringify(file)}`);
  const def = parseVariantsFile(file);
  const factors = variantFactors(def);
  const levels = new Map<string, string>();
  for (const flag of flags) {
    const m = /^([^=]+)=(.+)$/.exec(flag);
    if (!m) throw new PeerlabError("ARGS_INVALID", `--variant: expected factor=level, got ${JSON.stringify(flag)}`);
    const [, name, level] = m as unknown as [string, string, string];
    const f = factors.find((x) => x.name === name);
    const names = factors.map((x) => x.name);
    const near = (word: string, known: string[]) =>
      closest(word, known) ? `; did you mean "${closest(word, known)}"?` : ` (expected one of: ${known.join(", ")})`;
    if (!f) throw new PeerlabError("ARGS_INVALID", `--variant: ${JSON.stringify(name)} is not a factor of ${file}${near(name, names)}`);
    const known = f.levels.map(([l]) => l);
    if (!known.includes(level)) throw new PeerlabError("ARGS_INVALID", `--variant: ${JSON.stringify(level)} is not a level of ${name}${near(level, known)}`);
    if (levels.has(name)) throw new PeerlabError("ARGS_INVALID", `--variant: ${name} is given twice`);
    levels.set(name, level);
  }
  const chosen = Object.fromEntries(levels);
  return { levels: chosen, stimuli: stimuliOfLevels(def, chosen) };
}

/** Write a file whole or not at all: to a temporary name first, then renamed into place. */
export function writeAtomically(file: string, text: string, force: boolean | undefined): void {
  if (existsSync(file) && !force) throw new PeerlabError("ARGS_INVALID", `${file} already exists; pass --force to overwrite it`);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** An id from a file name: lowercase, other characters as "-". */
export function idFromFile(file: string | undefined, fallback: string): string {
  if (!file) return fallback;
  const id = basename(file)
    .replace(/\.ya?ml$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+/, "");
  return /^[a-z0-9][a-z0-9_-]*$/.test(id) ? id : fallback;
}

export async function providerOf(flag: string, value: string): Promise<string> {
  const { parseProviderRef } = await import("../spec/index.js");
  const p = parseProviderRef(value);
  if (typeof p === "string") throw new PeerlabError("ARGS_INVALID", `${flag}: ${p}`);
  return p.id;
}

/** A fixture named by a path (relative to the current folder) or a bundled id. */
export async function loadNamed(ref: string) {
  const m = await import("../fixtures/index.js");
  if (existsSync(ref) || m.isPathRef(ref)) return m.loadFixtureFile(ref, ref);
  if (m.bundledFixtureIds().includes(ref)) return m.loadFixtureFile(`${m.BUNDLED_FIXTURES_DIR}${ref}.yaml`, ref);
  throw new PeerlabError(
    "ARGS_INVALID",
    `no fixture file ${JSON.stringify(ref)}, and no bundled fixture with that id (bundled: ${m.bundledFixtureIds().join(", ")})`,
  );
}

/** A fixture id as `--id` (or a file name) gives it: lowercase letters, digits, - or _. */
export function checkFixtureId(id: string): string {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(id)) throw new PeerlabError("ARGS_INVALID", `--id: expected lowercase letters, digits, - or _, got ${JSON.stringify(id)}`);
  return id;
}
