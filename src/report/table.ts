// The report as terminal text: the document's sections with aligned tables.
import type { ReportJson } from "./build.js";
import { formatTable } from "../util/index.js";
import { provenanceSection, reportDocument, type DocSection } from "./document.js";

export { formatTable };

function sectionText(s: DocSection): string {
  const out = [s.title, "─".repeat(Math.min(100, s.title.length))];
  for (const n of s.notes) out.push(n);
  for (const t of s.tables) {
    if (t.rows.length === 0) continue;
    out.push("");
    if (t.caption) out.push(`${t.caption}:`);
    out.push(formatTable([t.header, ...t.rows]));
  }
  return out.join("\n");
}

/** The report as terminal text; `provenance: false` leaves out versions, usage and plan against actual (run, demo). */
export function renderReportTable(r: ReportJson, opts: { provenance?: boolean } = {}): string {
  const sections = opts.provenance === false ? reportDocument(r) : [...reportDocument(r), provenanceSection(r)];
  return sections.map(sectionText).join("\n\n");
}
