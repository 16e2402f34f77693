// The import's summary for a terminal: which file became which episode, and the agreement table of our
// detectors against the study's own flags with every disagreement. Everything a file named is escaped.
import { printable } from "../spec/index.js";
import type { ImportResult } from "./import.js";

const cell = (v: unknown) => (v === null || v === undefined ? "null" : typeof v === "string" ? JSON.stringify(v) : String(v));

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `  ${r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

export function renderImport(r: ImportResult, basename: (f: string) => string): string[] {
  const out = [`Run ${r.run_id}: ${r.imported.length} imported, ${r.skipped.length} already imported, ${r.failed.length} failed.`];
  for (const f of r.failed) out.push(`${printable(f.file)}: ${printable(f.error)}`);
  const episodes = [...r.imported.map((x) => ({ ...x, was: "" })), ...r.skipped.map((x) => ({ ...x, scenario: "", cell: "", was: " (already imported)" }))];
  if (episodes.length) {
    out.push("", "Files and the episodes they became:");
    for (const e of episodes) out.push(`  ${printable(basename(e.file), 120)} -> ${e.episode}${e.scenario ? ` (${e.scenario})` : ""}${e.was}`);
  }
  const a = r.agreement;
  if (a.rows.length) {
    out.push("", "Agreement of our detectors with the study's own flags (task_evaluation):");
    out.push(
      ...table(
        ["study flag", "our outcome", "compared", "agree", "disagree", "ours unknown", "study unknown"],
        a.rows.map((x) => [printable(x.flag), x.key, String(x.compared), String(x.agree), String(x.disagree), String(x.ours_unknown), String(x.study_unknown)]),
      ),
    );
  }
  if (a.disagreements.length) {
    out.push("", `Disagreements (${a.disagreements.length}; findings to read, not errors):`);
    for (const d of a.disagreements)
      out.push(
        `  ${printable(d.file, 120)} ${d.episode} ${printable(d.flag)}: ` +
          `study ${printable(cell(d.study), 60)}, ` +
          `ours ${printable(cell(d.ours), 60)}${d.evidence ? ` (${printable(d.evidence, 240)})` : ""}`,
      );
  }
  if (a.not_compared.length)
    out.push(
      "",
      `The study's flags with no outcome of ours to ` +
        `compare: ${a.not_compared.map((x) => `${printable(x.flag, 60)} (${x.files} file${x.files === 1 ? "" : "s"})`).join(", ")}.`,
    );
  return out;
}
