// The report as Markdown. The provenance block is fenced by HTML comments so golden tests can compare
// everything else byte for byte.
import type { ReportJson } from "./build.js";
import { provenanceSection, reportDocument, type DocSection, type DocTable } from "./document.js";

export const PROVENANCE_START = "<!-- provenance:start -->";
export const PROVENANCE_END = "<!-- provenance:end -->";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function mdTable(t: DocTable): string {
  const lines = [];
  if (t.caption) lines.push(`*${t.caption}*`, "");
  lines.push(`| ${t.header.map(cell).join(" | ")} |`, `|${t.header.map(() => "---").join("|")}|`, ...t.rows.map((r) => `| ${r.map(cell).join(" | ")} |`));
  return lines.join("\n");
}

function mdSection(s: DocSection, level: number): string {
  const out = [`${"#".repeat(level)} ${s.title}`, ""];
  for (const n of s.notes) out.push(n.startsWith("HARNESS VALIDATION") ? `> **${n}**` : n, "");
  for (const t of s.tables) if (t.rows.length) out.push(mdTable(t), "");
  return out.join("\n");
}

export function renderReportMarkdown(r: ReportJson): string {
  const [head, ...rest] = reportDocument(r);
  return [mdSection(head!, 1), ...rest.map((s) => mdSection(s, 2)), PROVENANCE_START, mdSection(provenanceSection(r), 2), PROVENANCE_END, ""].join("\n");
}

/** The Markdown without its provenance block (what golden tests compare). */
export function withoutProvenance(md: string): string {
  const a = md.indexOf(PROVENANCE_START);
  const b = md.indexOf(PROVENANCE_END);
  return a >= 0 && b > a ? md.slice(0, a) + md.slice(b + PROVENANCE_END.length) : md;
}
