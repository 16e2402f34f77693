// Control characters in user files: raw ones are not YAML (its character set excludes them), and
// escaped ones ("\e[2J") would reach terminals, reports and pages as escape sequences. Both are refused
// with the line they sit on; and any text peerlab prints about an input is made printable first.

/** C0 controls except tab, line feed and carriage return; DEL; and the C1 controls. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const CONTROL_ALL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** For printing: every control character but the line feed (tabs and carriage returns too). */
const UNPRINTABLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

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
export function controlCharPaths(value: unknown, path: (string | number)[] = [], out: { path: (string | number)[]; char: string; inKey: boolean }[] = [], limit = 20): typeof out {
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
