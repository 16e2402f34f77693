// Turning errors into what a user reads: one or a few lines, the hint, the exit code. No stack traces
// unless PEERLAB_DEBUG is set.
import { CommanderError } from "commander";
import { ERROR_CODES, formatIssue, InputError, PeerlabError } from "../errors.js";
import { printable } from "../spec/index.js";
import { openedDatabases } from "./context.js";
import { note as write } from "./output.js";

/** Problems listed before "and N more": a file with a thousand bad keys still gets a short answer. */
const MAX_ISSUES = 20;
/** Characters of one printed line: values from the input (a huge key, a long string) are cut. */
const MAX_LINE = 400;

/** Everything an error prints comes from input somewhere: no control characters, no endless lines. */
function note(text: string): void {
  write(
    text
      .split("\n")
      .map((l) => printable(l, MAX_LINE))
      .join("\n"),
  );
}

/** SQLite's words for a file whose pages are not what it wrote (SQLITE_CORRUPT, SQLITE_NOTADB). */
const DAMAGED_CODE = /^SQLITE_(CORRUPT|NOTADB)/;
const DAMAGED_TEXT = /database disk image is malformed|file is not a database|database corruption/i;

/** A damaged database file, from SQLite's error (raw, or wrapped by the store): as a DB_DAMAGED error naming the file. */
export function damagedDatabase(e: unknown): PeerlabError | null {
  if (!(e instanceof Error)) return null;
  const code = (e as { code?: unknown }).code;
  const sqlite = typeof code === "string" && DAMAGED_CODE.test(code);
  const wrapped = (e instanceof PeerlabError ? e.code === "STORAGE_FAILED" : !(e instanceof PeerlabError)) && DAMAGED_TEXT.test(e.message);
  if (!sqlite && !wrapped) return null;
  const file = openedDatabases.at(-1);
  const what = e.message.replace(/^cannot open database \S+: /, "");
  return new PeerlabError(
    "DB_DAMAGED",
    `the database ${file ?? ""}${file ? " " : ""}is damaged (${what}); run \`peerlab db check ${file ?? "<db>"}\` to see what is intact`,
  );
}

export function exitCodeFor(e: unknown, debug: boolean): number {
  const damaged = damagedDatabase(e);
  if (damaged) return exitCodeFor(damaged, debug);
  if (e instanceof CommanderError) {
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
    return 2;
  }
  if (e instanceof InputError) {
    const shown = e.issues.slice(0, MAX_ISSUES).map(formatIssue);
    if (e.issues.length > MAX_ISSUES) shown.push(`... and ${e.issues.length - MAX_ISSUES} more problems`);
    note(`error: ${e.issues.length === 1 ? "" : `${e.issues.length} problems:\n`}${shown.join("\n")}`);
    note(`hint: ${e.hint}`);
    return e.exitCode;
  }
  if (e instanceof PeerlabError) {
    note(`error: ${e.message}`);
    note(`hint: ${e.hint}`);
    if (debug && e.stack) note(e.stack);
    return e.exitCode;
  }
  const err = e as Error;
  note(`internal error: ${err?.message ?? String(e)}`);
  note(`hint: ${ERROR_CODES.INTERNAL.hint}${debug ? "" : " (set PEERLAB_DEBUG=1 for details)"}`);
  if (debug && err?.stack) note(err.stack);
  return 1;
}
