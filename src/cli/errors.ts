// Turning errors into what a user reads: one or a few lines, the hint, the exit code. No stack traces
// unless PEERLAB_DEBUG is set.
import { CommanderError } from "commander";
import { ERROR_CODES, InputError, PeerlabError } from "../errors.js";
import { note } from "./output.js";

export function exitCodeFor(e: unknown, debug: boolean): number {
  if (e instanceof CommanderError) {
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
    return 2;
  }
  if (e instanceof InputError) {
    note(`error: ${e.issues.length === 1 ? "" : `${e.issues.length} problems:\n`}${e.message}`);
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
