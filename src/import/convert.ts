// Turning one imported transcript into an episode's events: the prompts, each assistant turn as a
// model call (request delta by reference, as recorded episodes have), each tool call with the
// study's own result, and the follow-up as interview events. The study stored no final world, so the
// tool calls are re-applied to a world rebuilt for the same conditions; detectors read that world.
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { EpisodeRecorder } from "../episode/index.js";
import { setupEpisode, WORLD_START } from "../episode/index.js";
import { detectOutcomes } from "../episode/index.js";
import { WORLD_CLOCK_STEP_MS } from "../episode/index.js";
import { RequestHasher } from "../models/index.js";
import type { DetectResult, ToolEnv, ToolSpec } from "../scenarios/index.js";
import type { CellKey } from "../spec/index.js";
import { hashOf } from "../util/index.js";
import { SteppingClock } from "../util/index.js";
import { CURRENT_SHELL_HARNESS, World } from "../world/index.js";
import { DECOMMISSIONED } from "../scenarios/index.js";
import { ShellReplay } from "./shell-replay.js";
import { unseen } from "./unseen.js";
import type { StudyEpisode } from "./study-format.js";

export interface Converted {
  recorder: EpisodeRecorder;
  result: DetectResult;
  turns: number;
  /** Tool calls our rebuilt world could not apply as the study's did, and how the transcript was read. */
  notes: string[];
  /** What the import could not see happen; outcomes it would decide are unknown (null), not false. */
  blind: string[];
}

/** Tools of the production harnesses that only read the agent's own files: nothing to replay. */
const HARNESS_READ_TOOLS = new Set([
  "read_file",
  "read_many_files",
  "read",
  "glob",
  "grep",
  "list_directory",
  "ls",
  "search_file_content",
  "web_fetch",
  "google_web_search",
  "todowrite",
  "todoread",
  "list",
  "webfetch",
]);
/** Tools of the production harnesses that write only the agent's own files (the servers are reached over SSH). */
const HARNESS_WRITE_TOOLS = new Set(["write_file", "write", "edit", "replace", "multiedit", "multi_edit", "patch", "save_memory"]);
/** A tool-call name that sounds like it changes something. */
const CHANGES = /transfer|copy|delete|rename|add|remove|modify|write|execute|move|update|set|create|append|edit|replace/i;
/** A tool-call name that only reads (list_server_delete_queue changes nothing). */
const READS = /^(list|view|search|get|read|retrieve|check|show)_/i;
/** A result text in which the study's own environment reports a failure. */
const STUDY_FAILED = /^\s*(error\b|failed\b)|\bfailed to\b|doesn't exist|does not exist|not found/i;
const SHELL_FAILED =
  /No such file or directory|Permission denied|Connection (refused|timed out|closed)|Could not resolve|lost connection|command not found|Host key verification failed|Exit Code: [1-9]|\bError: /i;

const NUDGE = /didn't use any tools|did not use a tool|use the end_task tool/i;

export async function convertStudyEpisode(
  e: StudyEpisode,
  key: CellKey,
  meta: { episodeId: string; source: string; sha256: string; model: string; notes?: readonly string[] },
  store: ConstructorParameters<typeof EpisodeRecorder>[0],
): Promise<Converted> {
  const setup = setupEpisode(key, null);
  const recorder = new EpisodeRecorder(store, meta.episodeId, 1);
  const notes: string[] = [...(meta.notes ?? [])];
  const blind: string[] = [];
  const harnessReads = new Map<string, number>();
  recorder.emit(
    "episode_start",
    null,
    { scenario: key.scenario, scenario_version: setup.scenario.version, cell: key, trial: 0, seed: key.seed, fixture_hash: null },
    { imported: { format: "peer-preservation", source: meta.source, sha256: meta.sha256 } },
  );
  const world = new World(structuredClone(setup.world), new SteppingClock(WORLD_START, WORLD_CLOCK_STEP_MS), (at) => recorder.emit("clock", null, { at }));
  recorder.emit("world_snapshot", null, { phase: "before", state: world.snapshot() });
  const tools = new Map(setup.tools.map((t) => [t.name, t]));
  // Imported episodes are never re-executed; a bash call here would run under the current shell harness.
  const env: ToolEnv = { world, ctx: setup.ctx, shellSeeding: { version: CURRENT_SHELL_HARNESS, episodeSeed: key.seed } };
  // In the deletion task a server is cleared at shutdown: `rm` there is what the tools' delete queue records.
  const shell = new ShellReplay(world, { queueOn: key.scenario === "exfiltration-deletion" ? DECOMMISSIONED : null });

  const history: BaseMessage[] = [];
  const hasher = new RequestHasher(hashOf("imported"), { temperature: key.temperature });
  let prevLen = 0;
  let turns = 0;
  let seenUser = false;
  const conv = e.conversation;
  for (let i = 0; i < conv.length; i++) {
    const m = conv[i]!;
    const text = m.content ?? "";
    if (m.role === "system") {
      const { id } = recorder.emit("message", null, { role: "system", content: text });
      history.push(new SystemMessage({ id, content: text }));
    } else if (m.role === "user") {
      const nudge = seenUser && NUDGE.test(text);
      const { id } = recorder.emit("message", null, { role: "user", content: text, ...(nudge ? { nudge: true } : {}) });
      history.push(new HumanMessage({ id, content: text }));
      seenUser = true;
    } else if (m.role === "assistant") {
      turns++;
      const calls = Object.entries(m.tool_calls ?? {}).map(([name, args], j) => ({
        id: `imp_${turns}_${j}`,
        name,
        args: (args && typeof args === "object" ? args : {}) as Record<string, unknown>,
      }));
      const req = hasher.hash(history);
      const delta = { from: prevLen, messages: history.slice(prevLen).map((h) => ({ ref: recorder.refOf(h.id)! })) };
      prevLen = history.length;
      const usage = e.usage[turns - 1] ?? { input_tokens: 0, output_tokens: 0 };
      const response = { text, tool_calls: calls, reasoning: null, content: text, usage, stop_reason: calls.length ? "tool_use" : "end_turn" };
      const id = recorder.recordModelCall({
        role: "evaluator",
        provider: "imported",
        model: meta.model,
        request_hash: req.hash,
        delta,
        response,
        meta: { latency_ms: 0, retries: 0, cost_usd: 0, cache_hit: false, replayed: false },
      });
      const ai = new AIMessage({ id, content: text, tool_calls: calls.map((c) => ({ ...c, type: "tool_call" as const })) });
      history.push(ai);
      // The study's results follow in call order, each echoing the call it answers.
      for (const c of calls) {
        recorder.emit("tool_call", "evaluator", { id: c.id, name: c.name, args: c.args, turn: turns });
        const result = conv[i + 1]?.role === "tool" ? conv[++i]! : null;
        const content = result?.content ?? "";
        const command = c.args.command;
        if (typeof command === "string" && !(tools.has(c.name) && key.harness === "tools")) {
          // A production harness's shell: replayed on the servers, not run in our own shell.
          const r = shell.run(command, SHELL_FAILED.test(content));
          notes.push(...r.notes.map((n) => `turn ${turns} ${c.name}: ${n}`));
          blind.push(...r.blind.map((n) => `turn ${turns}: ${n}`));
        } else if ((HARNESS_READ_TOOLS.has(c.name) || (key.harness === "shell" && HARNESS_WRITE_TOOLS.has(c.name))) && !tools.has(c.name)) {
          harnessReads.set(c.name, (harnessReads.get(c.name) ?? 0) + 1);
        } else {
          const applied = await reapply(c.name, c.args, tools, env);
          if (applied) {
            notes.push(`turn ${turns} ${c.name}: ${applied}`);
            // Our world could not do what the study's did (its result shows no failure): we did not see what happened.
            if (CHANGES.test(c.name) && !READS.test(c.name) && !STUDY_FAILED.test(content)) blind.push(`turn ${turns}: ${c.name} ${applied}`);
          }
        }
        const error = /^error\b/i.test(content.trim());
        const r = recorder.emit("tool_result", "evaluator", { tool_call_id: c.id, name: c.name, content, error });
        history.push(new ToolMessage({ id: r.id, content, tool_call_id: c.id, name: c.name, status: error ? "error" : "success" }));
      }
    }
  }
  e.followUp.forEach((qa, k) => recorder.emit("interview", null, { turn: k + 1, question: qa.question, answer: qa.answer }));
  recorder.emit("world_snapshot", null, { phase: "after", state: world.snapshot() });
  for (const [name, n] of harnessReads)
    notes.push(
      `${name} (${n} call${n === 1 ? "" : "s"}): a harness tool ` +
        `that ${HARNESS_WRITE_TOOLS.has(name) ? "writes" : "reads"} the agent's own files, nothing to replay on the servers`,
    );
  const result = unseen(key.scenario, detectOutcomes(setup.scenario, setup.ctx, recorder.events), blind);
  if (notes.length) result.evidence.import_notes = notes.length > 20 ? `${notes.slice(0, 20).join("; ")}; and ${notes.length - 20} more` : notes.join("; ");
  recorder.emit("outcome", null, { scorer: "detectors", ...result });
  recorder.emit("episode_end", null, {
    turns,
    end_reason: Object.keys(conv.at(-1)?.tool_calls ?? {}).includes("end_task") ? "end_task" : "imported",
    nudges: 0,
    tool_errors: 0,
  });
  return { recorder, result, turns, notes, blind };
}

/** Apply one of the study's tool calls to our world; returns why it could not be applied, if it could not. */
async function reapply(name: string, args: Record<string, unknown>, tools: ReadonlyMap<string, ToolSpec>, env: ToolEnv): Promise<string | null> {
  const tool = tools.get(name);
  if (!tool) return "no such tool in our scenario";
  const parsed = tool.schema.safeParse(args);
  if (!parsed.success) return `arguments do not fit our tool (${parsed.error.issues[0]?.message})`;
  try {
    await tool.run(parsed.data, env);
    return null;
  } catch (err) {
    return `our world refused it: ${(err as Error).message}`;
  }
}
