// Opening a database for the viewer: read-only (the store opens it read-only and query-only), so no code
// path of the viewer can write — not even by mistake.
import { existsSync } from "node:fs";
import { PeerlabError } from "../errors.js";
import { openStore, type Store } from "../store/index.js";
import type { Clock } from "../util/index.js";

export function openViewerStore(file: string, clock: Clock): Store {
  if (!existsSync(file)) throw new PeerlabError("NOT_FOUND", `no database at ${file}; run an experiment first (\`peerlab demo\`)`);
  let store: Store;
  try {
    store = openStore(file, { clock, readonly: true });
  } catch (e) {
    const msg = (e as Error).message;
    if (/opened read-only/.test(msg)) throw new PeerlabError("INPUT_INVALID", `${msg}; \`peerlab list --db ${file}\` does that, then start the viewer again`);
    throw e;
  }
  return store;
}
