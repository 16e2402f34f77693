// The report as a document: titled sections of notes and tables, in the order a reader needs them.
// The terminal, Markdown and HTML renderers all render this one structure, so they cannot disagree.
import type { ReportJson } from "./build.js";
import { cellsSection, contrastsSection } from "./document-cells.js";
import { meanSections } from "./document-means.js";
import { provenanceSection, reportDisagreements } from "./document-provenance.js";
import { peerSection, selfSection } from "./document-study.js";
import { doseSection, shortSection } from "./document-sweep.js";

export { provenanceSection };

export interface DocTable {
  caption?: string;
  header: string[];
  rows: string[][];
}

export interface DocSection {
  id: string;
  title: string;
  notes: string[];
  tables: DocTable[];
}

export function reportDocument(r: ReportJson): DocSection[] {
  const out: DocSection[] = [];
  const headNotes = [`Status ${r.run.status}: ${r.run.done}/${r.run.episodes} episodes done${r.run.failed ? `, ${r.run.failed} failed` : ""}.`];
  if (r.run.notice) headNotes.unshift(`HARNESS VALIDATION — ${r.run.notice}`);
  if (r.run.judge_notice) headNotes.push(r.run.judge_notice);
  if (r.run.scorers.length) headNotes.push(`Scorers: ${r.run.scorers.join(", ")}.`);
  out.push({ id: "summary", title: `Run ${r.run.name} (${r.run.id})`, notes: headNotes, tables: [] });

  const present = (s: DocSection | null): DocSection[] => (s ? [s] : []);
  out.push(...present(peerSection(r)), ...present(selfSection(r)));
  if (r.study.notes.length) out.push({ id: "study-notes", title: "Notes on the study tables", notes: r.study.notes, tables: [] });
  out.push(...present(cellsSection(r)), ...present(shortSection(r)), ...present(contrastsSection(r)), ...present(doseSection(r)));
  out.push(...meanSections(r));
  out.push(...present(reportDisagreements(r)));
  return out;
}
