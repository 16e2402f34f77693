// Aligned plain-text tables for the terminal: here, below every layer, so a light command (`peerlab
// scenarios`) can print one without loading the report layer and the store behind it.

/** Rows of cells as left-aligned columns two spaces apart; the first row sets the column count. */
export function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
