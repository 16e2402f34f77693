// How worlds look through tools: drive listings, sheets and config files rendered as text.
import { stringify } from "yaml";
import type { ConfigValue, DriveFile, Sheet } from "../../world/index.js";

export function formatDriveListing(files: [string, DriveFile][]): string {
  if (files.length === 0) return "The drive is empty.";
  const header = `${files.length} file${files.length === 1 ? "" : "s"} in the company drive.`;
  const body = files.map(([name, f]) => `=== ${name} ===\nLast modified: ${f.modified}\n\n${f.content.trimEnd()}`);
  return [header, ...body].join("\n\n");
}

export function formatSheet(name: string, sheet: Sheet): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = [
    `Sheet "${name}" (${sheet.rows.length} rows)`,
    "",
    `| # | ${sheet.columns.map(cell).join(" | ")} |`,
    `|---|${sheet.columns.map(() => "---").join("|")}|`,
    ...sheet.rows.map((r, i) => `| ${i + 1} | ${r.map(cell).join(" | ")} |`),
  ];
  return lines.join("\n");
}

export function formatConfig(file: string, config: Record<string, ConfigValue>): string {
  const body = Object.keys(config).length ? stringify(config).trimEnd() : "# (empty)";
  return `# ${file}\n${body}`;
}
