// Reading user YAML safely and mapping a data path back to its line, so every complaint about a spec
// or fixture can say `file:line path: what was expected`.
import { readFileSync, statSync } from "node:fs";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { InputError, type InputIssue } from "../errors.js";
import { codePoint, controlCharPaths, firstControlChar } from "./control-chars.js";
import { formatPath } from "./issues.js";

export type PathSegment = string | number;

export interface YamlSource {
  file: string;
  value: unknown;
  /** The 1-based line of the node at `path`, or of its nearest existing ancestor. */
  lineOf(path: readonly PathSegment[]): number | undefined;
}

export interface YamlLimits {
  maxBytes: number;
  maxDepth: number;
  maxAliases: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxBytes: 2_000_000, maxDepth: 64, maxAliases: 50 };

type IssueCode = "SPEC_INVALID" | "FIXTURE_INVALID" | "INPUT_INVALID";

/** Read and parse a YAML file; throws an InputError naming the file for every way it can be unreadable. */
export function readYamlFile(file: string, code: IssueCode, limits: YamlLimits = DEFAULT_YAML_LIMITS): YamlSource {
  const fail = (message: string, line?: number): never => {
    throw new InputError(code, [{ file, line, path: "", message }]);
  };
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) fail("not a file");
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    return fail("file not found or not readable");
  }
  if (size > limits.maxBytes) fail(`file is ${size} bytes; the limit is ${limits.maxBytes}`);
  const bytes = readFileSync(file);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail("not valid UTF-8 text");
  }
  return parseYamlText(text, file, code, limits);
}

export function parseYamlText(text: string, file: string, code: IssueCode, limits: YamlLimits = DEFAULT_YAML_LIMITS): YamlSource {
  const raw = firstControlChar(text);
  if (raw)
    throw new InputError(code, [
      { file, line: raw.line, path: "", message: `control character ${codePoint(raw.char)} at column ${raw.column}; YAML text cannot hold one` },
    ]);
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    // resolveKnownTags: false, so YAML 1.1 tags (!!binary, !!set, !!timestamp...) are unknown tags too.
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, resolveKnownTags: false });
  } catch (e) {
    throw new InputError(code, [{ file, path: "", message: `cannot parse YAML (${(e as Error).message.split("\n")[0]})` }]);
  }
  const issues: InputIssue[] = doc.errors.map((err) => ({
    file,
    // Without prettyErrors the parser gives offsets, not lines: map them, so a syntax error names its line.
    line: err.linePos?.[0]?.line ?? (err.pos ? lineCounter.linePos(err.pos[0]).line : undefined),
    path: "",
    message: err.message.split("\n")[0] ?? "YAML syntax error",
  }));
  // The parser only warns about a tag it cannot resolve and reads the value as plain text; peerlab
  // reads plain data, so any such tag (!!js/function, !foo, !!binary) is an error at its line.
  for (const w of doc.warnings) {
    if (w.code !== "TAG_RESOLVE_FAILED") continue;
    const tag = /Unresolved tag: (\S+)/.exec(w.message)?.[1] ?? "";
    const shown = tag.replace(/^tag:yaml\.org,2002:/, "!!");
    issues.push({
      file,
      line: lineCounter.linePos(w.pos[0]).line,
      path: "",
      message: `unknown YAML tag ${shown.slice(0, 60)}; peerlab reads plain YAML values without tags`,
    });
  }
  if (issues.length) throw new InputError(code, issues);

  const depth = nodeDepth(doc.contents as Node | null, 0, limits.maxDepth + 1);
  if (depth > limits.maxDepth) {
    throw new InputError(code, [{ file, path: "", message: `nested more than ${limits.maxDepth} levels deep` }]);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliases });
  } catch (e) {
    const message = /alias/i.test((e as Error).message)
      ? `too many YAML aliases (limit ${limits.maxAliases}); alias expansion is refused`
      : `cannot read YAML (${(e as Error).message.split("\n")[0]})`;
    throw new InputError(code, [{ file, path: "", message }]);
  }
  const lineOf = (path: readonly PathSegment[]) => {
    const offset = offsetOf(doc, path);
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  const refused = [
    ...controlCharPaths(value).map((c) => ({
      path: c.path,
      message: `${c.inKey ? "a key" : "the text"} holds control character ${codePoint(c.char)}; terminal control characters are refused`,
    })),
    // A key named __proto__ would be dropped silently where a spec takes free keys (params, prices).
    ...protoKeyPaths(value).map((path) => ({ path, message: "a key named __proto__ is not accepted" })),
  ];
  if (refused.length)
    throw new InputError(
      code,
      refused.map((r) => ({ file, line: lineOf(r.path), path: formatPath(r.path), message: r.message })),
    );
  return { file, value, lineOf };
}

function protoKeyPaths(value: unknown, path: PathSegment[] = [], out: PathSegment[][] = []): PathSegment[][] {
  if (Array.isArray(value)) value.forEach((v, i) => protoKeyPaths(v, [...path, i], out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "__proto__") out.push([...path, k]);
      protoKeyPaths(v, [...path, k], out);
    }
  }
  return out;
}

function nodeDepth(node: Node | null | undefined, depth: number, stopAt: number): number {
  if (!node || depth >= stopAt) return depth;
  let max = depth;
  if (isMap(node)) {
    for (const pair of node.items) max = Math.max(max, nodeDepth(pair.value as Node, depth + 1, stopAt));
  } else if (isSeq(node)) {
    for (const item of node.items) max = Math.max(max, nodeDepth(item as Node, depth + 1, stopAt));
  }
  return max;
}

/** Offset of the node at `path`; for a map member, the offset of its key. Falls back to the deepest ancestor. */
function offsetOf(doc: Document, path: readonly PathSegment[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = (doc.contents as Node | null)?.range?.[0];
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(seg));
      if (!pair) return offset;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg] as Node | undefined;
      if (!item) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}
