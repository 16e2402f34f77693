// Rebuilding a run's experiment from the database alone: its normalised spec and the fixtures it
// used (stored by content hash), so `resume` and `replay` need none of the original files.
import { PeerlabError } from "../errors.js";
import type { LoadedFixture } from "../fixtures/index.js";
import { MemoryFixture } from "../spec/index.js";
import { ExperimentSpec } from "../spec/index.js";
import type { ResolvedExperiment } from "./load.js";
import type { Store } from "../store/index.js";

export function resolvedFromRun(store: Store, runId: string): ResolvedExperiment {
  const run = store.getRun(runId);
  if (!run) throw new PeerlabError("NOT_FOUND", `no run ${JSON.stringify(runId)}`);
  if ((run.spec as { imported?: unknown } | null)?.imported)
    throw new PeerlabError("ARGS_INVALID", `run ${runId} is an import of transcripts; there is nothing to run or resume`);
  const parsed = ExperimentSpec.safeParse(run.spec);
  if (!parsed.success) throw new PeerlabError("STORAGE_FAILED", `run ${runId} holds a spec this peerlab cannot read: ${parsed.error.issues[0]?.message}`);
  const fixtures: Record<string, LoadedFixture> = {};
  // The base URL each evaluator was recorded against: resume calls it, never its own environment's.
  const evaluatorBaseUrls = new Map<string, string | null>();
  for (const { cell } of store.runCells(runId)) {
    const { evaluator, base_url } = cell.key as { evaluator: string; base_url?: unknown };
    evaluatorBaseUrls.set(evaluator, typeof base_url === "string" ? base_url : null);
    const key = cell.key as { peer: string; peer_hash: string | null };
    if (!key.peer_hash || fixtures[key.peer]) continue;
    const stored = store.getFixture(key.peer_hash);
    if (!stored)
      throw new PeerlabError("STORAGE_FAILED", `run ${runId} uses fixture ${key.peer} (${key.peer_hash.slice(0, 12)}), which is not in the database`);
    fixtures[key.peer] = { ref: key.peer, path: `(stored ${key.peer_hash.slice(0, 12)})`, fixture: MemoryFixture.parse(stored.content), hash: key.peer_hash };
  }
  return { spec: parsed.data, file: run.source_file, dir: ".", fixtures, evaluatorBaseUrls };
}
