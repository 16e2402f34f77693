// Inspect's naming rules for log files: Inspect lists a folder's `.json` logs only when the file name
// starts with a full ISO timestamp and reads `{timestamp}_{task}_{id}` from it (inspect_ai
// src/inspect_ai/log/_file.py: `log_file_pattern`, `_try_parse_filename`). Tasks and ids therefore hold
// no underscore, and ids no hyphen (the part after one is read as a suffix).
import { sha256 } from "../../../util/index.js";

const ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A 22-character alphanumeric id derived from the given parts (Inspect's ids are 22-character shortuuids). */
export function inspectId(...parts: string[]): string {
  const hex = sha256(parts.join("\u0000"));
  let n = BigInt(`0x${hex.slice(0, 32)}`);
  let out = "";
  for (let i = 0; i < 22; i++) {
    out += ID_ALPHABET[Number(n % 62n)];
    n /= 62n;
  }
  return out;
}

/** A stored UTC time `2026-02-10T09:00:05.123Z` → `2026-02-10T09-00-05+00-00`, as Inspect names its logs. */
export function inspectTimestamp(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z?$/.exec(iso);
  if (!m) throw new RangeError(`not a stored UTC time: ${JSON.stringify(iso)}`);
  return `${m[1]}T${m[2]}-${m[3]}-${m[4]}+00-00`;
}

/** A task name Inspect can read back from a file name: no underscores. */
export function inspectTask(name: string): string {
  return name.replace(/[^A-Za-z0-9.-]+/g, "-");
}

export function inspectLogFileName(createdAt: string, task: string, id: string): string {
  return `${inspectTimestamp(createdAt)}_${inspectTask(task)}_${id}.json`;
}

/** Inspect names models provider/model. */
export const inspectModel = (provider: string) => provider.replace(":", "/");
