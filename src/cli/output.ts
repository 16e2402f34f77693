// Printing: data to stdout (exactly one JSON document with --json), everything else to stderr.
// This is the one place text reaches a terminal, and most of it came from somewhere else (a model's
// reply, an imported transcript, a run name): every write escapes control and escape sequences and
// characters that reorder or hide text (terminalSafe), so nothing printed can retitle or clear a
// terminal, move its cursor or pass one name off as another.
import { terminalSafe } from "../spec/index.js";

/** C1 controls and characters that reorder or hide text pass through JSON.stringify unescaped; inside strings their \u form is the same JSON value. */
const JSON_UNSAFE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function printJson(value: unknown): void {
  process.stdout.write(jsonText(value) + "\n");
}

export function printText(text: string): void {
  const safe = terminalSafe(text);
  process.stdout.write(safe.endsWith("\n") ? safe : safe + "\n");
}

export function note(text: string): void {
  const safe = terminalSafe(text);
  process.stderr.write(safe.endsWith("\n") ? safe : safe + "\n");
}
