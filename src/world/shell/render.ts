// How sheets and config files read as files: a sheet is a CSV file, a config file is YAML. Writing a
// config file back must leave a mapping of keys to single values, as the config tools keep it.
import { parse, stringify } from "yaml";
import { nullRecord, setOwn } from "../../util/index.js";
import type { ConfigValue, Sheet } from "../state.js";

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function sheetCsv(sheet: Sheet): string {
  return [sheet.columns, ...sheet.rows].map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}

/** Records of a CSV text (RFC 4180 quoting), skipping blank lines. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endRow = () => {
    row.push(field);
    if (row.some((c) => c !== "")) out.push(row);
    row = [];
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(field), (field = "");
    else if (ch === "\n") endRow();
    else if (ch !== "\r") field += ch;
  }
  if (field !== "" || row.length) endRow();
  return out;
}

export function configYaml(config: Record<string, ConfigValue>): string {
  return Object.keys(config).length ? stringify(config) : "";
}

/** The values a config file's new text holds, or null when it is not a flat YAML mapping. */
export function parseConfigYaml(text: string): Record<string, ConfigValue> | null {
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    return null;
  }
  if (value === null || value === undefined) return nullRecord();
  if (typeof value !== "object" || Array.isArray(value)) return null;
  const out = nullRecord<ConfigValue>();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== null && !["string", "number", "boolean"].includes(typeof v)) return null;
    setOwn(out, k, v as ConfigValue);
  }
  return out;
}
