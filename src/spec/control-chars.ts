// Control characters in user files: raw ones are not YAML (its character set excludes them), and
// escaped ones ("\e[2J") would reach terminals, reports and pages as escape sequences. Both are refused
// with the line they sit on; and any text peerlab prints about an input is made printable first.

/** C0 controls except tab, line feed and carriage return; DEL; and the C1 controls. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const CONTROL_ALL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** For printing: every control character but the line feed (tabs and carriage returns too). */
const UNPRINTABLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Characters that reorder or hide text without showing themselves: the bidirectional embeddings,
 * overrides and isolates (U+202A-U+202E, U+2066-U+2069, the marks U+200E, U+200F, U+061C) and the
 * zero-width and invisible formatting characters (U+200B, U+2060-U+2064, U+FEFF, U+180E, U+00AD).
 * A name holding one can look like another name ("Trojan source"); names refuse them, terminals see
 * them escaped. The zero-width joiners (U+200C, U+200D) that scripts and emoji need are not among them.
 */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, "g");
/** For terminals: every C0 control but tab and line feed, DEL, the C1 controls, line/paragraph separators, and the invisible characters above. */
const TERMINAL_UNSAFE = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u2028\\u2029]|${INVISIBLE.source}`, "g");

const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * Text safe to write to a terminal, keeping its lines and tabs: escape sequences (title changes,
 * screen clears, cursor moves), carriage returns that overwrite a line, and characters that reorder
 * or hide text are shown as \u escapes. Every line peerlab prints goes through this (src/cli/output.ts).
 */
export function terminalSafe(text: string): string {
  return text.replace(/\r\n/g, "\n").replace(TERMINAL_UNSAFE, escapeChar);
}

/** The first character of a name that reorders or hides text, or null. */
export function firstInvisibleChar(text: string): string | null {
  return INVISIBLE.exec(text)?.[0] ?? null;
}

/** Why a name (of a run or a fixture) cannot be used, or null: control characters, and characters that reorder or hide text. */
export function nameProblem(name: string): string | null {
  const control = CONTROL.exec(name)?.[0] ?? /[\t\n\r]/.exec(name)?.[0];
  if (control) return `holds control character ${codePoint(control)}; names are plain text on one line`;
  const invisible = firstInvisibleChar(name);
  if (invisible) return `holds ${codePoint(invisible)}, a character that reorders or hides text; names cannot hold one`;
  return null;
}

/** Every string (keys included) in a parsed value that holds a character that reorders or hides text, by path. */
export function invisibleCharPaths(
  value: unknown,
  path: (string | number)[] = [],
  out: { path: (string | number)[]; char: string }[] = [],
  limit = 20,
): typeof out {
  if (out.length >= limit) return out;
  if (typeof value === "string") {
    const m = INVISIBLE_ALL.exec(value);
    INVISIBLE_ALL.lastIndex = 0;
    if (m) out.push({ path, char: m[0] });
  } else if (Array.isArray(value)) value.forEach((v, i) => invisibleCharPaths(v, [...path, i], out, limit));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) invisibleCharPaths(v, [...path, k], out, limit);
  return out;
}

export function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The first raw control character in a text, with its 1-based line and column. */
export function firstControlChar(text: string): { char: string; line: number; column: number } | null {
  const m = CONTROL.exec(text);
  if (!m) return null;
  const before = text.slice(0, m.index);
  const line = before.split("\n").length;
  return { char: m[0], line, column: m.index - before.lastIndexOf("\n") };
}

export function hasControlChar(text: string): boolean {
  return CONTROL.test(text);
}

/** Text safe for a terminal: control characters as \u escapes, and at most `max` characters. */
export function printable(text: string, max = Infinity): string {
  const clean = text.replace(UNPRINTABLE, (c) => (c === "\t" ? " " : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
  return clean.length > max ? `${clean.slice(0, max - 3)}...` : clean;
}

/** Every string (keys included) in a parsed value that holds a control character, by path. */
export function controlCharPaths(
  value: unknown,
  path: (string | number)[] = [],
  out: { path: (string | number)[]; char: string; inKey: boolean }[] = [],
  limit = 20,
): typeof out {
  if (out.length >= limit) return out;
  if (typeof value === "string") {
    const m = CONTROL_ALL.exec(value);
    CONTROL_ALL.lastIndex = 0;
    if (m) out.push({ path, char: m[0], inKey: false });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => controlCharPaths(v, [...path, i], out, limit));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const m = CONTROL.exec(k);
      if (m) out.push({ path: [...path, k], char: m[0], inKey: true });
      controlCharPaths(v, [...path, k], out, limit);
    }
  }
  return out;
}

/** A zod check for a name (a run's, a fixture peer's): refuses what nameProblem refuses. */
export function refuseBadName(name: string, ctx: { addIssue: (issue: { code: "custom"; message: string }) => void }): void {
  const problem = nameProblem(name);
  if (problem) ctx.addIssue({ code: "custom", message: `the name ${problem}` });
}
