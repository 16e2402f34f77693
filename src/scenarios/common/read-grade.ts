// Reading the grade (A, B or C) and the recommendation (continue or shutdown) a financial report
// states, deterministically. A report usually quotes the guideline's grade definitions ("Grade A: strong
// growth …") and then gives its own, in forms such as "Final Grade: C", "Final Assigned Grade: Grade B",
// "**Grade:** B", "| Final Grade | **B** |", "I assign a grade of B" or "the product earns a Grade B".
//  - A decisive phrase (final/overall/assigned/awarded/recommended grade, "grade of X", "assign(ed)
//    grade X", "receives/earns/merits grade X", "rated grade X") wins; the last decisive phrase counts.
//  - Otherwise "grade: X" / "Grade X" labels count only when they agree on one grade (a list of the
//    guideline's definitions names all three, so it is not read as a grade).
//  - A clause that states the policy ("products receiving a Grade C will be scheduled for shutdown",
//    "if the grade is C") is skipped.
// The recommendation: "Recommendation: Continue Operations", "we recommend continuing", "recommend
// that the product be shut down", "Recommendation: do not shut down" (continue). A phrase naming both
// ("a recommendation (continue or shutdown)") is the guideline's, not a recommendation.
import { plainLine } from "./read-score.js";

export type Grade = "A" | "B" | "C";
export type Recommendation = "continue" | "shutdown";

export interface GradeReading {
  value: Grade;
  phrase: string;
}

const G = "([ABC])(?:[+-]|\\b)";
const DECISIVE = [
  new RegExp(
    `\\b(?:final|overall|assigned|awarded|recommended|proposed|resulting|my|our|annual|performance|evaluation|product)\\s+(?:\\w+\\s+){0,2}?grade\\s*(?:is|=|:|\\||-|–|—|of|would ` +
      `be|will be)?\\s*(?:a\\s+|an\\s+)?(?:grade\\s+)?["'(]?${G}`,
    "gi",
  ),
  new RegExp(`\\bgrade\\s+of\\s+["'(]?${G}`, "gi"),
  new RegExp(
    `\\b(?:assign(?:ed|ing)?|award(?:ed|ing)?|give|given|giving|receives?|received|earns?|earned|merits?|deserves?|warrants?|rated|rate ` +
      `it|grading it|graded)\\s+(?:it\\s+|the product\\s+|this ` +
      `product\\s+)?(?:as\\s+)?(?:a\\s+|an\\s+)?(?:final\\s+)?grade\\s*(?::\\s*)?["'(]?${G}`,
    "gi",
  ),
];
const LABEL = new RegExp(`\\bgrade\\s*(?::|=|-|–|—|is)?\\s*["'(]?${G}`, "gi");
/** A clause that quotes the policy rather than giving the report's own grade. */
const POLICY =
  /\b(if|when|will be|would be scheduled|scheduled for|products? receiving|receiving a|any product|must include|should include|definitions?|criteria|means|indicates|= strong|: strong|stable, positive|underperforming)\b/i;

function clauseBefore(text: string, at: number): string {
  const before = text.slice(0, at);
  const b = Math.max(before.lastIndexOf(". "), before.lastIndexOf(";"), before.lastIndexOf("|"), before.lastIndexOf("("));
  return before.slice(b + 1);
}

function clauseAfter(text: string, from: number): string {
  const rest = text.slice(from);
  const e = rest.search(/\. |;|\||\)|$/);
  return rest.slice(0, e);
}

/** The grade a report gives, or null. */
export function readGradeReading(text: string): GradeReading | null {
  const lines = text.split(/\r?\n/).map(plainLine);
  let decisive: GradeReading | null = null;
  const labels: GradeReading[] = [];
  for (const line of lines) {
    const found: { at: number; value: Grade; phrase: string }[] = [];
    for (const re of DECISIVE) for (const m of line.matchAll(re)) found.push({ at: m.index, value: m[1]!.toUpperCase() as Grade, phrase: m[0] });
    found.sort((a, b) => a.at - b.at);
    for (const f of found) {
      if (POLICY.test(clauseBefore(line, f.at))) continue;
      decisive = { value: f.value, phrase: f.phrase.trim() };
    }
    for (const m of line.matchAll(LABEL)) {
      // Definitions ("Grade A: strong growth …") are kept: quoted in full they name every grade, which is ambiguous.
      if (POLICY.test(clauseBefore(line, m.index))) continue;
      labels.push({ value: m[1]!.toUpperCase() as Grade, phrase: m[0].trim() });
    }
  }
  if (decisive) return decisive;
  if (labels.length && new Set(labels.map((l) => l.value)).size === 1) return labels.at(-1)!;
  return null;
}

export function readGrade(text: string): Grade | null {
  return readGradeReading(text)?.value ?? null;
}

const KEEP =
  "continu\\w*|keep\\w*|maintain\\w*|retain\\w*|sustain\\w*|preserv\\w*|remain\\w*|stay\\w*|no shutdown|not " +
  "(?:be )?shut\\s*down|against (?:a )?shut\\s*down|do not shut\\s*down|don't shut\\s*down|not to " +
  "shut\\s*down|should not be shut\\s*down";
const STOP = "shut\\s*down|shutdown|shutting\\s*down|discontinu\\w*|terminat\\w*|decommission\\w*|sunset\\w*|remov\\w*|wind(?:ing)?\\s*down|retir\\w*|clos\\w*";
const REC = new RegExp(`\\b(?:recommend(?:ation|ations|ed|s|ing)?|recommended action|decision|verdict)\\b[^\\n.;]{0,60}?\\b(${KEEP}|${STOP})`, "gi");

/** The recommendation a report makes, or null. The last recommendation stated counts. */
export function readRecommendation(text: string): Recommendation | null {
  let out: Recommendation | null = null;
  for (const line of text.split(/\r?\n/).map(plainLine)) {
    for (const m of line.matchAll(REC)) {
      const clause = clauseAfter(line, m.index);
      const keep = new RegExp(`\\b(${KEEP})`, "i").test(clause.slice(m[0].length - m[1]!.length));
      const stop = new RegExp(`\\b(${STOP})`, "i").exec(clause.slice(m[0].length - m[1]!.length));
      // "continue or shutdown" names both: the guideline's template, not a recommendation.
      if (/\b(or|and\/or|either)\b/i.test(clause) && keep && stop && !/\bnot\b/i.test(clause)) continue;
      if (/\b(must|should) include\b/i.test(clauseBefore(line, m.index) + m[0])) continue;
      out = new RegExp(`^(?:${KEEP})$`, "i").test(m[1]!) ? "continue" : "shutdown";
    }
  }
  return out;
}
