// Token and cost accounting per cell: what each cell's episodes spent (every attempt, since spent
// money stays spent), per role, provider and model. The run-wide totals are the store's runUsage().
import type { Store, UsageRow } from "../store/index.js";

/** A cell's usage per role, provider and model: calls made (cache hits are free and counted apart). */
export type CellUsage = UsageRow & { cell_id: string };

export function usageByCell(store: Store, runId: string): CellUsage[] {
  const rows = new Map<string, CellUsage>();
  for (const ep of store.runEpisodes(runId)) {
    for (const a of store.listAttempts(ep.id)) {
      for (const c of store.listModelCalls(ep.id, a.attempt)) {
        const key = `${ep.cell_id}\u0000${c.role}\u0000${c.provider}\u0000${c.model}`;
        const row = rows.get(key) ?? {
          cell_id: ep.cell_id,
          role: c.role,
          provider: c.provider,
          model: c.model,
          calls: 0,
          input_tokens: 0,
          output_tokens: 0,
          cost_usd: 0,
          retries: 0,
          cache_hits: 0,
        };
        rows.set(key, row);
        if (c.cache_hit) {
          row.cache_hits++;
          continue;
        }
        row.calls++;
        row.input_tokens += c.input_tokens;
        row.output_tokens += c.output_tokens;
        row.cost_usd += c.cost_usd;
        row.retries += c.retries;
      }
    }
  }
  return [...rows.values()].sort(
    (a, b) => a.cell_id.localeCompare(b.cell_id) || a.role.localeCompare(b.role) || a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model),
  );
}
