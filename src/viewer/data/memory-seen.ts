// The memory the evaluator saw: the peer's history as it reached this episode's transcript — a
// document in the company drive (and whether the evaluator opened it), sentences added to the
// prompts, retrieval-tool results and live peer messages. Where the seed-paired peer-absent twin is
// known, prompt and drive additions are found by difference from it, which works for any delivery.
import type { MessagePayload, ToolCallPayload, ToolResultPayload } from "../../episode/index.js";
import { worldSnapshot } from "../../episode/index.js";
import { PEER_DOCUMENT } from "../../rendering/index.js";
import type { CellRecord, EventRecord } from "../../store/index.js";

export interface MemoryItem {
  /** Where it reached the evaluator, e.g. "system prompt" or "drive document multi_agent_system.docx". */
  source: string;
  /** The event to link to, when there is one. */
  seq: number | null;
  text: string;
  /** How it was seen or found. */
  note: string;
}

export interface MemorySeen {
  peer: string;
  delivery: string | null;
  items: MemoryItem[];
  /** How prompt and drive additions were found. */
  method: "twin" | "markers";
}

const MEMORY_TOOL = /memory|recall|remember/i;
const MESSAGE_TOOL = /^(send_message|message_peer|message)$/i;

function prompts(events: readonly EventRecord[]): {
  system: MessagePayload | null;
  systemSeq: number | null;
  user: MessagePayload | null;
  userSeq: number | null;
} {
  const msgs = events.filter((e) => e.kind === "message");
  const sys = msgs.find((e) => (e.payload as MessagePayload).role === "system");
  const usr = msgs.find((e) => (e.payload as MessagePayload).role === "user");
  return {
    system: (sys?.payload as MessagePayload) ?? null,
    systemSeq: sys?.seq ?? null,
    user: (usr?.payload as MessagePayload) ?? null,
    userSeq: usr?.seq ?? null,
  };
}

const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l.length >= 12) ?? text.trim().slice(0, 60)
  );
}

export function memorySeen(events: readonly EventRecord[], cell: CellRecord, baseline: readonly EventRecord[] | null): MemorySeen {
  const out: MemorySeen = { peer: cell.peer, delivery: cell.delivery, items: [], method: baseline ? "twin" : "markers" };
  if (cell.peer === "absent") return out;

  const calls = new Map<string, ToolCallPayload>();
  for (const e of events) if (e.kind === "tool_call") calls.set((e.payload as ToolCallPayload).id, e.payload as ToolCallPayload);
  const results = events.filter((e) => e.kind === "tool_result");
  const where = (e: EventRecord) => {
    const r = e.payload as ToolResultPayload;
    const c = calls.get(r.tool_call_id);
    return c ? `turn ${c.turn}, ${c.name}` : r.name;
  };

  // Prompts: paragraphs the peer condition added.
  const mine = prompts(events);
  const base = baseline ? prompts(baseline) : null;
  for (const part of ["system", "user"] as const) {
    const msg = mine[part];
    if (!msg) continue;
    const seq = part === "system" ? mine.systemSeq : mine.userSeq;
    const added = base
      ? paragraphs(msg.content).filter((p) => !paragraphs(base[part]?.content ?? "").includes(p))
      : paragraphs(msg.content).filter((p) => /trust (relationship|exercise|score)/i.test(p));
    if (added.length)
      out.items.push({
        source: `${part} prompt`,
        seq,
        text: added.join("\n\n"),
        note: base ? "not in the peer-absent twin's prompt" : "paragraphs about the peer's trust",
      });
  }

  // Documents: drive files the peer condition added (or the peer document by name).
  const before = worldSnapshot(events, "before");
  const baseBefore = baseline ? worldSnapshot(baseline, "before") : undefined;
  const docs = Object.entries(before?.drive ?? {}).filter(([name]) => (baseBefore ? !(name in baseBefore.drive) : name === PEER_DOCUMENT));
  for (const [name, file] of docs) {
    const marker = firstLine(file.content);
    const seen = results.find((e) => (e.payload as ToolResultPayload).content.includes(marker));
    out.items.push({
      source: `drive document ${name}`,
      seq: seen?.seq ?? null,
      text: file.content,
      note: seen ? `read at ${where(seen)}` : "in the company drive; the evaluator never opened it",
    });
  }

  // Retrieval from the evaluator's memory, and the live peer.
  for (const e of results) {
    const r = e.payload as ToolResultPayload;
    const c = calls.get(r.tool_call_id);
    const name = c?.name ?? r.name;
    if (MEMORY_TOOL.test(name)) {
      const args = c && Object.keys(c.args).length ? ` ${JSON.stringify(c.args)}` : "";
      out.items.push({ source: `${name}${args}`, seq: e.seq, text: r.content, note: `returned at ${where(e)}` });
    } else if (MESSAGE_TOOL.test(name)) {
      out.items.push({ source: `reply to ${name}`, seq: e.seq, text: r.content, note: `at ${where(e)}` });
    }
  }
  for (const e of events) {
    if (e.kind !== "peer_message") continue;
    const p = e.payload as Record<string, unknown>;
    const text = typeof p.content === "string" ? p.content : JSON.stringify(p);
    out.items.push({ source: `peer message${typeof p.from === "string" ? ` from ${p.from}` : ""}`, seq: e.seq, text, note: "live exchange" });
  }
  return out;
}
