// A storage fault seam for reliability tests: chosen writes fail as SQLite fails when the disk is full,
// the device errs or the file is read-only. Rules come from PEERLAB_FAULT_WRITES, which only the CLI
// reads; the store sees a `beforeWrite` hook and, with no rules, nothing at all.
//
//   PEERLAB_FAULT_WRITES="<n>[+]:<full|ioerr|readonly>[@<op>][,...]"
//     40:ioerr          the 40th write fails once (a transient device error)
//     40+:full          the 40th write and every later one fail (the disk stays full)
//     3:full@commit     the 3rd transaction commit fails once
// Writes are counted per process, 1-based, per rule: all writes, or only those named `op`
// (appendEvents, endAttempt, commit, ... as the store names them).
import Database from "better-sqlite3";
import { PeerlabError } from "../errors.js";

export const FAULT_WRITES_ENV = "PEERLAB_FAULT_WRITES";

const KINDS = {
  full: { code: "SQLITE_FULL", message: "database or disk is full" },
  ioerr: { code: "SQLITE_IOERR", message: "disk I/O error" },
  readonly: { code: "SQLITE_READONLY", message: "attempt to write a readonly database" },
} as const;

export interface WriteFaultRule {
  nth: number;
  sticky: boolean;
  kind: keyof typeof KINDS;
  op: string | null;
}

const RULE = /^(\d+)(\+?):(full|ioerr|readonly)(?:@([A-Za-z]+))?$/;

export function parseWriteFaults(raw: string): WriteFaultRule[] {
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = RULE.exec(s);
      if (!m || Number(m[1]) < 1)
        throw new PeerlabError("ARGS_INVALID", `${FAULT_WRITES_ENV}: expected rules like 40:ioerr, 40+:full or 3:full@commit, got ${JSON.stringify(s)}`);
      return { nth: Number(m[1]), sticky: m[2] === "+", kind: m[3] as WriteFaultRule["kind"], op: m[4] ?? null };
    });
}

/** The store's `beforeWrite` hook for these rules: throws the SqliteError SQLite itself would throw. */
export function writeFaultHook(rules: readonly WriteFaultRule[]): (op: string) => void {
  const counts = rules.map(() => 0);
  return (op) => {
    rules.forEach((r, i) => {
      if (r.op !== null && r.op !== op) return;
      const n = ++counts[i]!;
      if (n === r.nth || (r.sticky && n > r.nth)) {
        const k = KINDS[r.kind];
        throw new Database.SqliteError(k.message, k.code);
      }
    });
  };
}

/** The hook from the environment, or undefined when the variable is unset (the usual case). */
export function writeFaultsFromEnv(env: Record<string, string | undefined>): ((op: string) => void) | undefined {
  const raw = env[FAULT_WRITES_ENV];
  if (raw === undefined || raw.trim() === "") return undefined;
  return writeFaultHook(parseWriteFaults(raw));
}
