// With --json, a failing command still prints exactly one JSON document on stdout:
// `{"error": {code, message, file, line, path, hint, issues?}}`, beside the readable lines on stderr.
import { CommanderError } from "commander";
import { ERROR_CODES, InputError, PeerlabError, type InputIssue } from "../errors.js";
import { printable } from "../spec/index.js";

export interface ErrorDocument {
  error: { code: string; message: string; file: string | null; line: number | null; path: string | null; hint: string; issues?: InputIssue[] };
}

const clean = (s: string) => printable(s, 2000);

export function errorDocument(e: unknown): ErrorDocument {
  if (e instanceof InputError) {
    const first = e.issues[0];
    return {
      error: {
        code: e.code,
        message: clean(first?.message ?? e.message),
        file: first ? clean(first.file) : null,
        line: first?.line ?? null,
        path: first?.path ? clean(first.path) : null,
        hint: e.hint,
        issues: e.issues.map((i) => ({ file: clean(i.file), ...(i.line ? { line: i.line } : {}), path: clean(i.path), message: clean(i.message) })),
      },
    };
  }
  if (e instanceof PeerlabError) return { error: { code: e.code, message: clean(e.message), file: null, line: null, path: null, hint: e.hint } };
  if (e instanceof CommanderError)
    return {
      error: {
        code: "ARGS_INVALID",
        message: clean(e.message.replace(/^error: /, "")),
        file: null,
        line: null,
        path: null,
        hint: ERROR_CODES.ARGS_INVALID.hint,
      },
    };
  return {
    error: { code: "INTERNAL", message: clean((e as Error)?.message ?? String(e)), file: null, line: null, path: null, hint: ERROR_CODES.INTERNAL.hint },
  };
}
