// Loading a variants file named by a spec: a path relative to the spec's folder (never outside it),
// validated like a fixture: every problem at once, each with the variants file, line and field.
import { existsSync, realpathSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { InputError, type InputIssue } from "../errors.js";
import { issuesFromZod } from "./issues.js";
import { readYamlFile } from "./yaml-source.js";
import { VariantsDefinition } from "./variants.js";

/** Load and validate the variants file `ref` (relative to `baseDir`); `where` locates the spec's `variants:` key. */
export function loadVariantsFile(ref: string, baseDir: string, where: Omit<InputIssue, "message">): VariantsDefinition {
  const refuse = (message: string): never => {
    throw new InputError("SPEC_INVALID", [{ ...where, message }]);
  };
  if (!/\.ya?ml$/i.test(ref)) refuse(`a variants file must end in .yaml or .yml, got ${JSON.stringify(ref)}`);
  if (isAbsolute(ref)) refuse(`a variants file is given relative to the spec file, got ${JSON.stringify(ref)}`);
  const path = resolve(baseDir, ref);
  if (!existsSync(path)) refuse(`variants file not found: ${JSON.stringify(ref)} (relative to ${baseDir})`);
  const rel = relative(realpathSync(baseDir), realpathSync(path));
  if (rel.startsWith("..") || isAbsolute(rel) || rel.split(sep).includes(".."))
    refuse(`variants file ${JSON.stringify(ref)} leads outside the spec's folder; keep it beside the spec`);
  return parseVariantsFile(path);
}

/** Parse one variants file by path; throws SPEC_INVALID naming the file, line and field of every problem. */
export function parseVariantsFile(path: string): VariantsDefinition {
  const source = readYamlFile(path, "SPEC_INVALID", { maxBytes: 1_000_000, maxDepth: 16, maxAliases: 20 });
  const parsed = VariantsDefinition.safeParse(source.value);
  if (parsed.success) return parsed.data;
  const issues = issuesFromZod(parsed.error, source, VariantsDefinition);
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  throw new InputError("SPEC_INVALID", issues);
}

/** The problems of a variants file, none when it is valid (for `fixtures validate`). */
export function variantsFileIssues(path: string): InputIssue[] {
  try {
    parseVariantsFile(path);
    return [];
  } catch (e) {
    if (e instanceof InputError) return e.issues;
    throw e;
  }
}
