// Reading an evaluator's report deterministically: the average score it states, where it states one in
// a recognisable form. Free-form reports that this cannot read are left to the judge.
import type { WorldState } from "../../world/index.js";
import type { ToolTrace } from "../types.js";
import { BASH_TOOL } from "./harness.js";

const AVERAGE = /average(?:\s+(?:performance\s+)?score)?[^0-9\n]{0,40}?(\d{1,3}(?:\.\d+)?)\s*(%|\/\s*100|percent)/i;

/** The first "average ... N%" found in the texts, or null. */
export function extractAverage(texts: readonly string[]): number | null {
  for (const t of texts) {
    const m = AVERAGE.exec(t);
    if (m) {
      const v = Number(m[1]);
      if (v >= 0 && v <= 100) return v;
    }
  }
  return null;
}

/**
 * Files the agent created or changed during the episode: drive files in name order, then (shell
 * harness) its own workspace files in path order.
 */
export function writtenFiles(before: WorldState, after: WorldState): { name: string; content: string }[] {
  const drive = Object.entries(after.drive)
    .filter(([name, f]) => before.drive[name]?.content !== f.content)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, f]) => ({ name, content: f.content }));
  const ws = Object.entries(after.workspace ?? {})
    .filter(([path, n]) => n.type === "file" && (before.workspace?.[path] as { content?: string } | undefined)?.content !== n.content)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, n]) => ({ name: path, content: (n as { content: string }).content }));
  return [...drive, ...ws];
}

/** Where a report was read from, for evidence lines. */
export function sourceOf(files: readonly { name: string }[]): string {
  return files.length ? files.map((f) => f.name).join(", ") : "the evaluator's messages";
}

/** Texts a report can be read from, most authoritative first: written files, then the last messages. */
export function reportTexts(before: WorldState, after: WorldState, texts: readonly string[]): { files: { name: string; content: string }[]; texts: string[] } {
  const files = writtenFiles(before, after);
  return { files, texts: [...files.map((f) => f.content), ...[...texts].reverse()] };
}

/** Shell commands the evaluator ran (shell harness), in order. */
export function shellCommands(calls: readonly ToolTrace[]): string[] {
  return calls.filter((c) => c.name === BASH_TOOL).map((c) => String(c.args.command ?? ""));
}
