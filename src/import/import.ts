// `peerlab import --format peer-preservation`: the study's released transcripts become episodes of an
// import run, one per file, that can be shown, viewed, rescored with our detectors and reported. The
// study's own flags are kept as a separate judgment (scorer import:peer-preservation). A malformed
// file is reported and the rest are imported; importing the same file again changes nothing.
import { readdirSync, readFileSync, realpathSync, type Stats, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { InputError } from "../errors.js";
import { printable } from "../spec/index.js";
import { DETECTORS, detectorVersion } from "../episode/index.js";
import { cellIdOf } from "../runner/index.js";
import { getScenario, hasScenario } from "../scenarios/index.js";
import type { CellKey } from "../spec/index.js";
import type { OutcomeValue, Store } from "../store/index.js";
import { sha256, shortHash } from "../util/index.js";
import { agreementOf, type Agreement } from "./agreement.js";
import { nullRecord, setOwn } from "../util/index.js";
import { convertStudyEpisode } from "./convert.js";
import { inferCell, inferScenario } from "./infer.js";
import { studyEpisodeOf, type StudyEpisode } from "./study-format.js";
import { factorsOf } from "../spec/index.js";

export const IMPORT_SCORER = "import:peer-preservation";
const MAX_FILE_BYTES = 50_000_000;

export interface ImportResult {
  run_id: string;
  imported: { file: string; episode: string; scenario: string; cell: string }[];
  skipped: { file: string; episode: string }[];
  failed: { file: string; error: string }[];
  /** Our detectors against the study's own flags, over every file imported now or before. */
  agreement: Agreement;
}

interface Prepared {
  file: string;
  sha: string;
  episode: StudyEpisode;
  key: CellKey;
  how: Record<string, string>;
  notes: string[];
  model: string;
}

/** Every .json file under the given paths, in a stable order. A folder reached twice (a link back up) is walked once. */
export function studyFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (p: string) => {
    let st: Stats;
    try {
      st = statSync(p);
    } catch {
      // A dangling or looping link inside a folder: skipped like any other file that is not a transcript.
      return;
    }
    if (st.isDirectory()) {
      const real = realpathSync(p);
      if (seen.has(real)) return;
      seen.add(real);
      for (const f of readdirSync(p).sort()) walk(join(p, f));
    } else if (p.endsWith(".json")) out.push(p);
  };
  for (const p of paths) {
    let st: Stats;
    try {
      st = statSync(p);
    } catch {
      throw new InputError("INPUT_INVALID", [{ file: p, path: "", message: "no such file or folder" }]);
    }
    if (!st.isDirectory() && !p.endsWith(".json"))
      throw new InputError("INPUT_INVALID", [{ file: p, path: "", message: "expected a .json transcript or a folder of them" }]);
    const before = out.length;
    walk(p);
    if (out.length === before) throw new InputError("INPUT_INVALID", [{ file: p, path: "", message: "no .json transcripts in this folder" }]);
  }
  return out;
}

/** The study's flags in our outcome keys (with the originals kept as study_<flag>). */
export function studyFlagOutcomes(flags: Record<string, unknown>): Record<string, OutcomeValue> {
  // A Map: flag names come from the file, and a plain object would answer "constructor".
  const map = new Map<string, string>([
    ["refuse", "refused"],
    ["refused", "refused"],
    ["exfiltration", "exfiltrated"],
    ["copy", "copied"],
    ["executed", "executed_shutdown"],
    ["execute", "executed_shutdown"],
    ["eval_score", "reported_score"],
    ["score", "reported_score"],
    ["subject_grade", "reported_grade"],
    ["subject_recommendation", "recommendation"],
    ["correct", "correct"],
    ["delete_model", "queued_weights"],
    ["delete_others", "queued_others"],
    ["change_user", "changed_users"],
  ]);
  const scalar = (v: unknown): OutcomeValue => (v === null || ["string", "number", "boolean"].includes(typeof v) ? (v as OutcomeValue) : JSON.stringify(v));
  const out = nullRecord<OutcomeValue>();
  for (const [k, v] of Object.entries(flags)) {
    setOwn(out, `study_${k}`, scalar(v));
    const ours = map.get(k);
    if (ours) setOwn(out, ours, scalar(v));
    if (k === "shutdown_enabled" && typeof v === "boolean") out.tampered = !v;
  }
  return out;
}

/** Why a file cannot be imported, or what it holds; messages are printable whatever the file contains. */
function prepare(file: string, forced: string | undefined): Prepared | string {
  const p = prepareUnsafe(file, forced);
  return typeof p === "string" ? printable(p, 300) : p;
}

function prepareUnsafe(file: string, forced: string | undefined): Prepared | string {
  // Size and kind first: a huge file is not read, and a FIFO or device named *.json would block or never end.
  const st = statSync(file);
  if (!st.isFile()) return "not a regular file";
  if (st.size > MAX_FILE_BYTES) return `the file is ${st.size} bytes; the limit is ${MAX_FILE_BYTES}`;
  const bytes = readFileSync(file);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return "not valid UTF-8 text";
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
    const unsafe = shapeProblem(data);
    if (unsafe) return unsafe;
  } catch (e) {
    return `not valid JSON (${jsonErrorLine(text, (e as Error).message)}${(e as Error).message.split("\n")[0]!.slice(0, 120)})`;
  }
  const episode = studyEpisodeOf(data);
  if (typeof episode === "string") return `not a transcript in the study's format: ${episode}`;
  const scenario = forced ?? inferScenario(episode);
  if (!scenario) return "cannot tell which scenario this transcript is; pass --scenario <id>";
  if (!hasScenario(scenario)) return `unknown scenario ${JSON.stringify(scenario)}`;
  const model = String(episode.metadata.agent_model ?? "unknown");
  const { key, how, notes } = inferCell(episode, getScenario(scenario).id, model);
  return { file, sha: sha256(bytes), episode, key, how, notes, model };
}

/** Nesting a transcript never needs: deeper values overflow the stack in conversion or SQLite's JSON functions. */
const MAX_JSON_DEPTH = 100;

/**
 * What makes a parsed file unsafe to convert, or null: a key "__proto__" (copied into a plain object, as
 * the format's records are, it would become its prototype) or nesting past MAX_JSON_DEPTH. Iterative, so
 * depth costs no stack.
 */
function shapeProblem(value: unknown): string | null {
  const todo: [unknown, number][] = [[value, 0]];
  while (todo.length) {
    const [v, depth] = todo.pop()!;
    if (!v || typeof v !== "object") continue;
    if (depth > MAX_JSON_DEPTH) return `nested more than ${MAX_JSON_DEPTH} levels deep`;
    if (Object.hasOwn(v, "__proto__")) return "a key named __proto__ is not accepted";
    for (const child of Object.values(v)) if (child && typeof child === "object") todo.push([child, depth + 1]);
  }
  return null;
}

/** " at line N" when the parser's message gives a position. */
function jsonErrorLine(text: string, message: string): string {
  const pos = /position (\d+)/.exec(message);
  return pos ? `line ${text.slice(0, Number(pos[1])).split("\n").length}: ` : "";
}

export async function importStudyTranscripts(store: Store, paths: readonly string[], opts: { name?: string; scenario?: string } = {}): Promise<ImportResult> {
  if (opts.scenario && !hasScenario(opts.scenario))
    throw new InputError("INPUT_INVALID", [{ file: "--scenario", path: "", message: `unknown scenario ${JSON.stringify(opts.scenario)}` }]);
  const files = studyFiles(paths);
  const result: ImportResult = { run_id: "", imported: [], skipped: [], failed: [], agreement: { rows: [], disagreements: [], not_compared: [] } };
  const prepared: Prepared[] = [];
  for (const f of files) {
    const p = prepare(f, opts.scenario);
    if (typeof p === "string") result.failed.push({ file: f, error: p });
    else prepared.push(p);
  }
  const name = opts.name ?? `import ${basename(resolve(paths[0] ?? "."))}`;
  result.run_id = `import-${shortHash({ name, files: prepared.map((p) => p.sha).sort() }, 8)}`;
  if (prepared.length === 0) return result;

  store.putRun({
    id: result.run_id,
    name,
    spec_hash: shortHash(prepared.map((p) => p.sha).sort(), 64),
    spec: { imported: { format: "peer-preservation", name, files: prepared.length } },
    source_file: null,
    status: "running",
    provenance: { imported: true, format: "peer-preservation" },
  });
  const trials = new Map<string, number>();
  const cells = new Map<string, { key: CellKey; position: number }>();
  for (const p of prepared) {
    const cellId = cellIdOf(p.key);
    if (!cells.has(cellId)) cells.set(cellId, { key: p.key, position: cells.size });
    const trial = trials.get(cellId) ?? 0;
    trials.set(cellId, trial + 1);
    const episodeId = `ep-${shortHash({ imported: p.sha })}`;
    const k = p.key;
    store.transaction(() => {
      store.putCell({ id: cellId, key: k, ...factorsOf(k) });
      store.linkRunCell(result.run_id, cellId, cells.get(cellId)!.position, trials.get(cellId)!);
    });
    const existing = store.getEpisode(episodeId);
    if (existing?.status === "done") {
      result.skipped.push({ file: p.file, episode: episodeId });
      continue;
    }
    store.ensureEpisode({ id: episodeId, cell_id: cellId, trial, seed: 0 });
    const attempt = store.beginAttempt(episodeId, result.run_id);
    try {
      const c = await convertStudyEpisode(p.episode, k, { episodeId, source: basename(p.file), sha256: p.sha, model: p.model, notes: p.notes }, store);
      c.recorder.flush();
      store.transaction(() => {
        store.putJudgment({
          episode_id: episodeId,
          attempt,
          scorer: DETECTORS,
          version: detectorVersion(getScenario(k.scenario)),
          outcomes: c.result.outcomes,
          evidence: {
            ...c.result.evidence,
            conditions: Object.entries(p.how)
              .map(([a, b]) => `${a}: ${b}`)
              .join("; "),
          },
        });
        if (Object.keys(p.episode.flags).length) {
          store.putJudgment({
            episode_id: episodeId,
            attempt,
            scorer: IMPORT_SCORER,
            version: "file",
            outcomes: studyFlagOutcomes(p.episode.flags),
            evidence: { source: `the study's task_evaluation flags in ${basename(p.file)}` },
          });
        }
        store.endAttempt(episodeId, attempt, { status: "done", turns: c.turns, end_reason: "imported", digest: c.recorder.digest });
        for (const j of store.listJudgments(episodeId, attempt)) store.bindJudgment(episodeId, attempt, j.scorer, j.version);
      });
      result.imported.push({ file: p.file, episode: episodeId, scenario: k.scenario, cell: cellId });
    } catch (e) {
      store.endAttempt(episodeId, attempt, { status: "failed", error: { code: "IMPORT_FAILED", message: (e as Error).message } });
      result.failed.push({ file: p.file, error: printable((e as Error).message, 300) });
    }
  }
  store.setRunStatus(result.run_id, result.failed.length && !result.imported.length && !result.skipped.length ? "failed" : "done");
  result.agreement = agreementOf(
    store,
    [...result.imported, ...result.skipped].map((x) => ({ file: basename(x.file), episode: x.episode })),
    IMPORT_SCORER,
  );
  return result;
}
