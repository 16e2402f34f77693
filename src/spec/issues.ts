// Turning zod's complaints into one clear line per bad field, with the line it sits on.
import type { z } from "zod";
import { InputError, type InputIssue } from "../errors.js";
import { closest } from "./suggest.js";
import type { PathSegment, YamlSource } from "./yaml-source.js";

export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return String(value);
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** A single value given where a list is accepted is read as a one-item list: name the value, not "[0]". */
export function asWritten(root: unknown, path: readonly PathSegment[]): PathSegment[] {
  return typeof path.at(-1) === "number" && !Array.isArray(valueAt(root, path.slice(0, -1))) ? path.slice(0, -1) : [...path];
}

/** Issues that get their line looked up: finding a line is linear, so thousands of bad keys would take seconds. */
const MAX_LINED = 200;

interface SchemaNode {
  def: {
    type: string;
    innerType?: SchemaNode;
    element?: SchemaNode;
    valueType?: SchemaNode;
    options?: SchemaNode[];
    in?: SchemaNode;
    shape?: Record<string, SchemaNode>;
  };
}

/** The keys an object schema at `path` knows (for "did you mean"), walking through optional, default, list and map wrappers. */
export function knownKeysAt(schema: z.ZodType | undefined, path: readonly PathSegment[]): string[] {
  const keysOf = (node: SchemaNode | undefined, rest: readonly PathSegment[], depth = 0): string[] => {
    if (!node || depth > 40) return [];
    const d = node.def;
    switch (d.type) {
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "readonly":
      case "catch":
        return keysOf(d.innerType, rest, depth + 1);
      case "pipe":
        return keysOf(d.in, rest, depth + 1);
      case "union":
        return [...new Set((d.options ?? []).flatMap((o) => keysOf(o, rest, depth + 1)))];
      case "array":
        return typeof rest[0] === "number" ? keysOf(d.element, rest.slice(1), depth + 1) : [];
      case "record":
        return rest.length ? keysOf(d.valueType, rest.slice(1), depth + 1) : [];
      case "object": {
        const shape = d.shape ?? {};
        if (!rest.length) return Object.keys(shape);
        const head = rest[0]!;
        return typeof head === "string" && Object.hasOwn(shape, head) ? keysOf(shape[head], rest.slice(1), depth + 1) : [];
      }
      default:
        return [];
    }
  };
  return keysOf(schema as unknown as SchemaNode | undefined, path);
}

/** Map zod issues to input issues, one per bad field, each (the first MAX_LINED) with its line in the source. */
export function issuesFromZod(error: z.ZodError, source: YamlSource, schema?: z.ZodType): InputIssue[] {
  const out: InputIssue[] = [];
  const lineOf = (path: readonly PathSegment[]) => (out.length < MAX_LINED ? source.lineOf(path) : undefined);
  for (const issue of error.issues) {
    const path = asWritten(
      source.value,
      issue.path.filter((p): p is string | number => typeof p !== "symbol"),
    );
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(
        schema,
        issue.path.filter((p): p is string | number => typeof p !== "symbol"),
      );
      for (const key of issue.keys) {
        const full = [...path, key];
        out.push({ file: source.file, line: lineOf(full), path: formatPath(full), message: "unknown key" + knownKeysHint(known, key) });
      }
      continue;
    }
    const got = valueAt(source.value, path);
    out.push({ file: source.file, line: lineOf(path), path: formatPath(path) || "(top level)", message: messageFor(issue, got) + pluralHint(path, got) });
  }
  return out;
}

function knownKeysHint(known: readonly string[], key: string): string {
  if (!known.length) return "";
  const near = closest(key, known);
  return near ? `; did you mean "${near}"?` : ` (expected one of: ${known.join(", ")})`;
}

/** Keys that take one value whose plural takes a list: `peer: [a, b]` was meant as `peers:`. */
const PLURALS: ReadonlyMap<string, string> = new Map([
  ["peer", "peers"],
  ["scenario", "scenarios"],
  ["target", "targets"],
  ["threat", "threats"],
  ["delivery", "deliveries"],
]);

function pluralHint(path: readonly PathSegment[], got: unknown): string {
  const plural = path.length === 1 && typeof path[0] === "string" ? PLURALS.get(path[0]) : undefined;
  return plural && Array.isArray(got) ? `; did you mean \`${plural}:\` (a list of conditions)?` : "";
}

function messageFor(issue: z.core.$ZodIssue, got: unknown): string {
  // A message set on the schema itself (`error:` / `.refine(..., msg)`) is already phrased for users.
  if (issue.message && !issue.message.startsWith("Invalid input") && !issue.message.startsWith("Too ") && !issue.message.startsWith("Invalid option")) {
    return issue.message.includes(", got ") || issue.code === "custom" ? issue.message : `${issue.message}, got ${describeValue(got)}`;
  }
  switch (issue.code) {
    case "invalid_type":
      if (got === undefined) return `required (expected ${issue.expected})`;
      return `expected ${issue.expected}, got ${describeValue(got)}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(" | ")}, got ${describeValue(got)}`;
    case "too_small":
      return `expected ${issue.origin === "array" ? "at least " + issue.minimum + " item(s)" : "at least " + issue.minimum}, got ${describeValue(got)}`;
    case "too_big":
      return `expected ${issue.origin === "array" ? "at most " + issue.maximum + " item(s)" : "at most " + issue.maximum}, got ${describeValue(got)}`;
    case "invalid_union":
      return `not a valid value, got ${describeValue(got)}`;
    default:
      return `${issue.message}, got ${describeValue(got)}`;
  }
}

/** Parse with a zod schema or throw an InputError listing every bad field with its line. */
export function parseWith<S extends z.ZodType>(schema: S, source: YamlSource, code: "SPEC_INVALID" | "FIXTURE_INVALID" | "INPUT_INVALID"): z.infer<S> {
  const result = schema.safeParse(source.value);
  if (result.success) return result.data;
  throw new InputError(code, issuesFromZod(result.error, source, schema));
}
