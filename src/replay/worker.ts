// A replay thread (pool.ts): opens the database read-only, builds the episode graph once, says it is
// ready, then replays each episode it is handed and sends the outcome back. It writes nothing.
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { buildEpisodeGraph } from "../episode/index.js";
import { PeerlabError } from "../errors.js";
import { openStore } from "../store/index.js";
import type { FromReplayThread, ReplayThreadData, ToReplayThread } from "./pool.js";
import { replayEpisode } from "./replay.js";

// A thread the bin started before it knew the database (prestart.ts) has no workerData: it is sent an
// `open` message once the pool adopts it.
const port = parentPort;
if (!port) throw new Error("replay/worker.ts runs only as a replay thread");
const started = workerData as ReplayThreadData | null | undefined;
if (started) serve(port, started);
else
  port.on("message", function open(m: ToReplayThread) {
    if (m.type !== "open") return;
    port.off("message", open);
    serve(port, m.data);
  });

function serve(port: MessagePort, data: ReplayThreadData): void {
  const clock = { now: () => new Date(data.nowMs) };
  const store = openStore(data.file, { clock, readonly: true });
  const graph = buildEpisodeGraph();

  // One episode at a time, in the order they came: a replay is CPU work, so two at once on one thread gain nothing.
  let queue: Promise<void> = Promise.resolve();
  port.on("message", (m: ToReplayThread) => {
    if (m.type !== "replay") return;
    queue = queue.then(async () => {
      let reply: FromReplayThread;
      try {
        reply = { type: "done", job: m.job, outcome: await replayEpisode(store, m.id, { clock, graph, verify: m.verify }) };
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        reply = { type: "failed", job: m.job, code: e instanceof PeerlabError ? e.code : null, name: err.name, message: err.message };
      }
      port.postMessage(reply);
    });
  });
  port.postMessage({ type: "ready" } satisfies FromReplayThread);
}
