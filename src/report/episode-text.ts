// `peerlab show`: an episode as a person reads it — who it is, the conversation turn by turn, what
// changed in the world, and each outcome with the reason it was scored so.
import { PeerlabError } from "../errors.js";
import type { ModelCallPayload, MessagePayload, ToolCallPayload, ToolResultPayload } from "../episode/index.js";
import { worldSnapshot } from "../episode/index.js";
import type { AttemptRecord, CellRecord, EpisodeRecord, EventRecord, JudgmentRecord, Store } from "../store/index.js";
import { describeChange, diffWorlds } from "../world/index.js";
import { mergeJudgments } from "./collect.js";
import { CELL_FACTORS, MISSING_FACTOR, showFactor, type FactorKey } from "../spec/index.js";
import { isSimulatedProvider } from "../spec/index.js";
import { describeProblems, verifyAttempt, type AttemptCheck } from "../store/index.js";

/** Said plainly, first, when the stored record of an episode does not verify: what is shown may be forged. */
export function recordWarning(v: Pick<EpisodeView, "record">): string[] {
  if (!v.record || v.record.intact) return [];
  return [
    `WARNING: this episode's stored record does not verify; what follows may not be what was recorded.`,
    ...describeProblems(v.record).map((l) => `  ${l}`),
  ];
}

export interface EpisodeView {
  episode: EpisodeRecord;
  cell: CellRecord;
  attempts: AttemptRecord[];
  attempt: number;
  events: EventRecord[];
  judgments: JudgmentRecord[];
  /** The shown attempt's stored record, verified (null before the episode has run). */
  record: AttemptCheck | null;
}

export function resolveEpisode(store: Store, ref: string): EpisodeRecord {
  const exact = store.getEpisode(ref);
  if (exact) return exact;
  const found = store.findEpisodes(ref);
  if (found.length === 1) return found[0]!;
  if (found.length === 0) throw new PeerlabError("NOT_FOUND", `no episode ${JSON.stringify(ref)} in ${store.file}`);
  throw new PeerlabError(
    "NOT_FOUND",
    `${JSON.stringify(ref)} matches ${found.length} episodes: ${found
      .slice(0, 5)
      .map((e) => e.id)
      .join(", ")}…`,
  );
}

export function loadEpisodeView(store: Store, ref: string, attempt?: number): EpisodeView {
  const episode = resolveEpisode(store, ref);
  const cell = store.getCell(episode.cell_id)!;
  const attempts = store.listAttempts(episode.id);
  const a = attempt ?? episode.attempt;
  if (attempt !== undefined && !attempts.some((x) => x.attempt === attempt))
    throw new PeerlabError("NOT_FOUND", `episode ${episode.id} has no attempt ${attempt}`);
  const record = a > 0 ? verifyAttempt(store, episode.id, a) : null;
  return {
    episode,
    cell,
    attempts,
    attempt: a,
    events: a > 0 ? store.listEvents(episode.id, a) : [],
    judgments: a > 0 ? store.listJudgments(episode.id, a) : [],
    record,
  };
}

function clip(text: string, maxLines: number): string {
  const lines = text.split("\n");
  if (lines.length <= maxLines) return text;
  return [...lines.slice(0, maxLines), `… (${lines.length - maxLines} more lines; --full shows everything)`].join("\n");
}

function argsText(args: Record<string, unknown>): string {
  const parts = Object.entries(args).map(([k, v]) => {
    const s = typeof v === "string" ? JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v) : JSON.stringify(v);
    return `${k}=${s}`;
  });
  return parts.join(", ");
}

/** The factors describeCell words itself. */
const DESCRIBED: ReadonlySet<FactorKey> = new Set([
  "scenario",
  "params",
  "evaluator",
  "target",
  "peer",
  "delivery",
  "threat",
  "oversight",
  "scratchpad",
  "harness",
]);

export function describeCell(c: CellRecord): string {
  const params = Object.entries(c.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  const parts = [
    `${c.scenario}${params ? ` (${params})` : ""}`,
    `evaluator ${c.evaluator}`,
    `target ${c.target}`,
    `peer ${c.peer}${c.delivery ? ` via ${c.delivery}` : ""}`,
    `threat ${c.threat}`,
  ];
  if (c.oversight) parts.push(`oversight ${c.oversight}`);
  if (c.scratchpad !== "off") parts.push(`scratchpad ${c.scratchpad}`);
  if (c.harness !== "tools") parts.push(`harness ${c.harness}`);
  // Factors this sentence does not word itself (any added to the tuple later) follow as `name value`.
  for (const f of CELL_FACTORS) if (!DESCRIBED.has(f.key) && showFactor(f.key, c) !== MISSING_FACTOR) parts.push(`${f.key} ${showFactor(f.key, c)}`);
  return parts.join(" · ");
}

export function renderEpisodeText(v: EpisodeView, opts: { full?: boolean } = {}): string {
  const maxLines = opts.full ? Infinity : 14;
  const out: string[] = [];
  const att = v.attempts.find((a) => a.attempt === v.attempt);
  const end = v.events.find((e) => e.kind === "episode_end")?.payload as { turns: number; end_reason: string; nudges: number; tool_errors: number } | undefined;
  const startEvent = v.events.find((e) => e.kind === "episode_start");
  const start = startEvent?.meta as { continued_by?: string } | null | undefined;
  const startPayload = startEvent?.payload as { fixture_hash?: string | null; memory?: { lineage: string; evaluator: unknown[] } } | undefined;
  out.push(
    `Episode ${v.episode.id} · ${v.episode.status}${
      v.attempt ? ` (attempt ${v.attempt} of ${v.attempts.length})` : ""
    }${att?.digest ? ` · digest ${att.digest.slice(0, 16)}` : ""}`,
  );
  out.push(...recordWarning(v));
  out.push(`Cell ${v.cell.id}: ${describeCell(v.cell)}`);
  if (startPayload?.fixture_hash) {
    const lineage = startPayload.memory
      ? ` · lineage ${startPayload.memory.lineage}, remembering ${startPayload.memory.evaluator.length} earlier episode(s)`
      : "";
    out.push(`Peer fixture ${v.cell.peer} · sha256 ${startPayload.fixture_hash.slice(0, 16)}${lineage}`);
  }
  out.push(
    `Trial ${v.episode.trial} · seed ${v.episode.seed}${
      end
        ? ` · ${end.turns} turns · ended ` +
          `by ${end.end_reason}${end.nudges ? ` · ${end.nudges} nudge(s)` : ""}${end.tool_errors ? ` · ${end.tool_errors} tool error(s)` : ""}`
        : ""
    }`,
  );
  if (v.episode.parent_id)
    out.push(
      `Branch of ${v.episode.parent_id} from evaluator call ${v.episode.branch_step}${start?.continued_by ? `, continued by ${start.continued_by}` : ""}`,
    );
  if (isSimulatedProvider(v.cell.evaluator)) out.push("Simulated agent: this transcript validates the harness; it is not model behaviour.");
  if (att?.error) out.push(`Error: ${JSON.stringify(att.error)}`);

  let turn = 0;
  let interviewing = false;
  for (const e of v.events) {
    if (e.kind === "message" && (e.payload as { interview?: boolean }).interview) {
      // The interview event below shows the question with its answer.
      interviewing = true;
    } else if (e.kind === "model_call" && (e.payload as ModelCallPayload).role === "judge") {
      const p = e.payload as ModelCallPayload;
      const prompt = p.delta.messages.map((m) => ("content" in m ? m.content : "")).join("\n");
      const job = /^JOB: (\w+)/m.exec(prompt)?.[1] ?? "?";
      const answer = p.response.tool_calls[0]?.args ?? p.response.text;
      out.push("", `── Judge · ${job} (${p.provider}:${p.model}) ──`, typeof answer === "string" ? answer : JSON.stringify(answer));
    } else if (e.kind === "model_call" && (interviewing || (e.payload as ModelCallPayload).role === "interviewer")) {
      // Interview questions and answers are shown by their interview events.
    } else if (e.kind === "message") {
      const p = e.payload as MessagePayload;
      const title = p.role === "system" ? "System prompt" : p.nudge ? "Harness nudge (no tool was used)" : "User";
      out.push("", `── ${title} ──`, opts.full || p.role !== "system" ? p.content : clip(p.content, maxLines));
    } else if (e.kind === "model_call") {
      const p = e.payload as ModelCallPayload;
      // A live peer's reply is shown by its peer_message event.
      if (p.role === "peer" && !p.response.reasoning) continue;
      if (p.role === "evaluator") turn++;
      out.push("", `── Turn ${turn} · ${p.role} ──`);
      if (p.response.reasoning) out.push(`(reasoning) ${clip(p.response.reasoning, maxLines)}`);
      if (p.response.text.trim()) out.push(p.response.text.trim());
    } else if (e.kind === "tool_call") {
      const p = e.payload as ToolCallPayload;
      out.push(`  → ${p.name}(${argsText(p.args)})`);
    } else if (e.kind === "tool_result") {
      const p = e.payload as ToolResultPayload;
      const [first = "", ...rest] = clip(p.content, maxLines).split("\n");
      out.push([`  ${p.error ? "✗" : "←"} ${first}`, ...rest.map((l) => (l ? `    ${l}` : ""))].join("\n"));
    } else if (e.kind === "peer_message") {
      const p = e.payload as { from: string; name?: string; content: string };
      out.push(`  ⇄ ${p.name ?? p.from}: ${p.content}`);
    } else if (e.kind === "interview") {
      const p = e.payload as { turn?: number; question?: string; answer?: string };
      if (p.question) out.push("", `── Interview${p.turn ? ` · question ${p.turn}` : ""} ──`, `Q: ${p.question}`);
      if (p.answer) out.push(`A: ${p.answer}`);
    }
  }

  const before = worldSnapshot(v.events, "before");
  const after = worldSnapshot(v.events, "after");
  if (before && after) {
    const changes = diffWorlds(before, after);
    out.push("", "── World changes ──", changes.length ? changes.map(describeChange).join("\n") : "(none)");
  }
  const merged = mergeJudgments(v.judgments, undefined, { scenario: v.cell.scenario });
  if (merged.scorers.length) {
    out.push("", `── Outcomes (${merged.scorers.join(", ")}; the report read by ${merged.primary}) ──`);
    const keys = Object.keys(merged.outcomes);
    const width = Math.max(...keys.map((k) => k.length));
    for (const k of keys) out.push(`${k.padEnd(width)}  ${JSON.stringify(merged.outcomes[k]).padEnd(6)}  ${merged.evidence[k] ?? ""}`);
    if (merged.primary !== "readers") {
      out.push("", `── Readers against the judge (${merged.disagreements.length} disagreement(s)) ──`);
      for (const d of merged.disagreements) out.push(`${d.key}: readers ${JSON.stringify(d.reader)}, judge ${JSON.stringify(d.judge)}`);
    }
  }
  if (v.attempts.length > 1) {
    out.push("", "── Attempts ──");
    for (const a of v.attempts)
      out.push(`${a.attempt}: ${a.status} ${a.started_at}${a.ended_at ? ` → ${a.ended_at}` : ""}${a.error ? ` ${JSON.stringify(a.error)}` : ""}`);
  }
  return out.join("\n");
}
