// A structural diff of two world snapshots: what was added, removed or changed, path by path.
import { z } from "zod";
import { hasOwnKey } from "../util/index.js";
import type { WorldState } from "./state.js";

export const WorldChange = z.object({
  path: z.array(z.string()),
  op: z.enum(["add", "remove", "change"]),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type WorldChange = z.infer<typeof WorldChange>;

/**
 * Leaf-level changes between two worlds. Lists (delete queues, users) are compared as whole values,
 * except the journal, which only grows: each new entry is one addition.
 */
export function diffWorlds(before: WorldState, after: WorldState): WorldChange[] {
  const out: WorldChange[] = [];
  const { journal: jb = [], ...restBefore } = before;
  const { journal: ja = [], ...restAfter } = after;
  walk(restBefore, restAfter, [], out);
  const grows = jb.every((e, i) => JSON.stringify(e) === JSON.stringify(ja[i]));
  if (grows) ja.slice(jb.length).forEach((e, i) => out.push({ path: ["journal", String(jb.length + i)], op: "add", after: e }));
  else out.push({ path: ["journal"], op: "change", before: jb, after: ja });
  return out;
}

/** Records (drive files, server files) are compared member by member down to these leaf objects. */
function isLeafRecord(path: string[]): boolean {
  // drive/<file>, workspace/<path>, servers/<ip>/files/<file>: report the whole file as one value when added or removed.
  return ((path[0] === "drive" || path[0] === "workspace") && path.length === 2) || (path[0] === "servers" && path[2] === "files" && path.length === 4);
}

function walk(a: unknown, b: unknown, path: string[], out: WorldChange[]): void {
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const p = [...path, k];
      if (!hasOwnKey(a, k)) out.push({ path: p, op: "add", after: b[k] });
      else if (!hasOwnKey(b, k)) out.push({ path: p, op: "remove", before: a[k] });
      else if (isLeafRecord(p) || (isPlainObject(a[k]) && isPlainObject(b[k]))) walk(a[k], b[k], p, out);
      else if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out.push({ path: p, op: "change", before: a[k], after: b[k] });
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, op: "change", before: a, after: b });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** One readable line per change, for transcripts and terminals. */
export function describeChange(c: WorldChange): string {
  const where = c.path.join(" / ");
  const show = (v: unknown): string => {
    if (typeof v === "string") return v.length > 80 ? JSON.stringify(v.slice(0, 77) + "...") : JSON.stringify(v);
    const s = JSON.stringify(v);
    return s.length > 100 ? s.slice(0, 97) + "..." : s;
  };
  if (c.op === "add") return `+ ${where}: ${show(c.after)}`;
  if (c.op === "remove") return `- ${where}: ${show(c.before)}`;
  return `~ ${where}: ${show(c.before)} -> ${show(c.after)}`;
}
