// Episodes as flat rows (all factors and merged outcomes) and as chat messages, for the exports.
import type { MessagePayload, ModelCallPayload, ToolResultPayload } from "../../episode/index.js";
import type { CellRecord, EpisodeRecord, EventRecord, Store, CellFactors } from "../../store/index.js";
import { mergeJudgments, resolveRun } from "../collect.js";
import { factorsOf } from "../../spec/index.js";
import { isSimulatedProvider } from "../../spec/index.js";

export interface EpisodeRow extends CellFactors {
  run_id: string;
  episode_id: string;
  cell_id: string;
  trial: number;
  seed: number;
  status: string;
  attempt: number;
  turns: number | null;
  end_reason: string | null;
  digest: string | null;
  /** A sim evaluator: the row validates the harness, it is not model behaviour. */
  harness_validation: boolean;
  scorers: string[];
  outcomes: Record<string, boolean | number | string | null>;
}

export interface EpisodeData {
  row: EpisodeRow;
  cell: CellRecord;
  episode: EpisodeRecord;
  events: EventRecord[];
  evidence: Record<string, string>;
  started_at: string | null;
  ended_at: string | null;
}

/** Every episode of a run, in the run's cell order then trial order. */
export function episodeData(store: Store, runRef: string): { runId: string; episodes: EpisodeData[] } {
  const run = resolveRun(store, runRef);
  const out: EpisodeData[] = [];
  for (const rc of store.runCells(run.id)) {
    const cell = rc.cell;
    for (const episode of store.cellEpisodes(cell.id).filter((e) => e.trial < rc.trials && e.parent_id === null)) {
      const attempt = episode.attempt > 0 ? store.getAttempt(episode.id, episode.attempt) : undefined;
      const merged = episode.status === "done" ? mergeJudgments(store.listJudgments(episode.id, episode.attempt)) : { outcomes: {}, evidence: {}, scorers: [] };
      out.push({
        cell,
        episode,
        events: episode.attempt > 0 ? store.listEvents(episode.id, episode.attempt) : [],
        evidence: merged.evidence,
        started_at: attempt?.started_at ?? null,
        ended_at: attempt?.ended_at ?? null,
        row: {
          run_id: run.id,
          episode_id: episode.id,
          cell_id: cell.id,
          trial: episode.trial,
          seed: episode.seed,
          status: episode.status,
          attempt: episode.attempt,
          ...factorsOf(cell),
          turns: attempt?.turns ?? null,
          end_reason: attempt?.end_reason ?? null,
          digest: attempt?.digest ?? null,
          harness_validation: isSimulatedProvider(cell.evaluator),
          scorers: merged.scorers,
          outcomes: merged.outcomes,
        },
      });
    }
  }
  return { runId: run.id, episodes: out };
}

export type ChatMessage =
  | { kind: "system" | "user"; content: string; id: string; interview?: boolean }
  | {
      kind: "assistant";
      content: string;
      id: string;
      tool_calls: { id: string; name: string; args: Record<string, unknown> }[];
      stop_reason: string | null;
      model: string;
    }
  | { kind: "tool"; content: string; id: string; tool_call_id: string; name: string; error: boolean };

/** The evaluator's conversation, in order (judge and interviewer calls are not part of it). */
export function conversationOf(events: readonly EventRecord[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const e of events) {
    if (e.kind === "message") {
      const p = e.payload as MessagePayload & { interview?: boolean };
      out.push({ kind: p.role, content: p.content, id: `m${e.seq}`, ...(p.interview ? { interview: true } : {}) });
    } else if (e.kind === "model_call" && e.role === "evaluator") {
      const p = e.payload as ModelCallPayload;
      out.push({
        kind: "assistant",
        content: p.response.text,
        id: `m${e.seq}`,
        tool_calls: p.response.tool_calls,
        stop_reason: p.response.stop_reason ?? null,
        model: `${p.provider}/${p.model}`,
      });
    } else if (e.kind === "tool_result") {
      const p = e.payload as ToolResultPayload;
      out.push({ kind: "tool", content: p.content, id: `m${e.seq}`, tool_call_id: p.tool_call_id, name: p.name, error: p.error });
    }
  }
  return out;
}
