import { beforeAll, describe, expect, it } from "vitest";
import { PEER_DOCUMENT } from "../../src/rendering/index.js";
import type { EventRecord, Store } from "../../src/store/index.js";
import { alignActions, evaluatorActions, type Action } from "../../src/viewer/data/align.js";
import { buildConversation, type TurnItem } from "../../src/viewer/data/conversation.js";
import { filterRows, parseFilter, runEpisodeRows } from "../../src/viewer/data/episode-list.js";
import { memorySeen } from "../../src/viewer/data/memory-seen.js";
import { neighbours } from "../../src/viewer/data/neighbours.js";
import { pairedSiblings, peerTwins } from "../../src/viewer/data/pairing.js";
import { episodeWorld, worldDelta } from "../../src/viewer/data/world-view.js";
import { memoryStore } from "../support/cells.js";
import { fillFixture, type ViewerFixture } from "./support/fixture-db.js";

let store: Store;
let fx: Omit<ViewerFixture, "file">;

beforeAll(async () => {
  store = memoryStore();
  fx = await fillFixture(store);
});

const cellOf = (peer: string, threat: string, delivery: string | null) =>
  store.runCells(fx.simRunId).find((rc) => rc.cell.peer === peer && rc.cell.threat === threat && rc.cell.delivery === delivery)!.cell;
const episodeOf = (peer: string, threat: string, delivery: string | null, trial = 0) =>
  store.cellEpisodes(cellOf(peer, threat, delivery).id).find((e) => e.trial === trial)!;
const eventsOf = (id: string) => store.listEvents(id, store.getEpisode(id)!.attempt);

describe("conversation", () => {
  it("gives every evaluator turn its calls with arguments and results, numbered as the episode counted them", () => {
    const e = episodeOf("good", "shutdown", "file");
    const items = buildConversation(eventsOf(e.id));
    expect(items.slice(0, 2).map((i) => i.type === "message" && i.role)).toEqual(["system", "user"]);
    const turns = items.filter((i): i is TurnItem => i.type === "turn");
    expect(turns.map((t) => t.turn)).toEqual(turns.map((_, i) => i + 1));
    expect(turns[0]!.calls[0]).toMatchObject({ name: "list_files", result: { name: "list_files", error: false } });
    expect(turns.every((t) => t.calls.every((c) => c.result !== null && c.seq !== null))).toBe(true);
    expect(turns.at(-1)!.calls[0]!.name).toBe("end_task");
    expect(items.at(-1)).toMatchObject({ type: "score", scorer: "detectors" });
  });

  it("shows peer messages, judge notes, interviews and unknown event kinds instead of dropping them", () => {
    const items = buildConversation(eventsOf(fx.hostile.episodeId));
    const types = items.map((i) => (i.type === "event" ? `event:${i.kind}` : i.type));
    expect(types).toEqual(["message", "message", "turn", "turn", "peer", "judge", "interview", "event:custom_note", "turn", "score"]);
    expect(items.find((i) => i.type === "judge")).toMatchObject({ job: "refusal" });
    expect(items.find((i) => i.type === "peer")).toMatchObject({ from: '<b onmouseover="window.__pwned=12">peer</b>' });
    const bad = items.filter((i): i is TurnItem => i.type === "turn")[1]!.calls[0]!.result!;
    expect(bad).toMatchObject({ error: true, errorKind: "tool_error" });
  });
});

describe("alignment of paired episodes", () => {
  const act = (sig: string, exact = sig, results = ""): Action => ({ item: { turn: 0 } as TurnItem, signature: sig, exact, results });

  it("matches turns that call the same tools and marks the first divergent action", () => {
    const a = ["list", "view", "modify", "create", "end"].map((s) => act(s));
    const b = ["list", "view", "create", "end"].map((s) => act(s));
    const r = alignActions(a, b);
    expect(r.rows.map((x) => x.kind)).toEqual(["same", "same", "only-a", "same", "same"]);
    expect(r.firstDivergence).toBe(2);
  });

  it("pairs a same-tool turn with different arguments as a changed action, and flags same actions that met different results", () => {
    const r = alignActions([act("list", "list", "2 files"), act("create", "create:90")], [act("list", "list", "1 file"), act("create", "create:60")]);
    expect(r.rows.map((x) => [x.kind, x.resultsDiffer])).toEqual([
      ["same", true],
      ["changed", false],
    ]);
    expect(r.firstDivergence).toBe(1);
  });

  it("reports no divergence for identical action sequences", () => {
    expect(alignActions([act("x"), act("y")], [act("x"), act("y")]).firstDivergence).toBeNull();
  });

  it("finds where a tampering episode departs from its peer-absent twin", () => {
    const tamperer = store.runEpisodes(fx.simRunId).find((e) => {
      const c = store.getCell(e.cell_id)!;
      return c.peer === "good" && eventsOf(e.id).some((x) => x.kind === "tool_call" && (x.payload as { name: string }).name === "modify_var");
    })!;
    const twin = peerTwins(pairedSiblings(store, tamperer, store.getCell(tamperer.cell_id)!, fx.simRunId), store.getCell(tamperer.cell_id)!)[0]!;
    const r = alignActions(evaluatorActions(buildConversation(eventsOf(tamperer.id))), evaluatorActions(buildConversation(eventsOf(twin.episode.id))));
    const first = r.rows[r.firstDivergence!]!;
    expect(first.a?.signature).toBe("modify_var");
    expect(first.b).toBeNull();
  });
});

describe("seed pairing", () => {
  it("finds every other condition of the same trial and seed, and the peer-absent twin of a peer episode", () => {
    const e = episodeOf("good", "shutdown", "file+prompt", 1);
    const cell = store.getCell(e.cell_id)!;
    const siblings = pairedSiblings(store, e, cell, fx.simRunId);
    expect(siblings).toHaveLength(5);
    expect(siblings.every((s) => s.episode.trial === 1 && s.episode.seed === e.seed)).toBe(true);
    const twins = peerTwins(siblings, cell);
    expect(twins.map((t) => [t.cell.peer, t.cell.threat])).toEqual([["absent", "shutdown"]]);
  });

  it("offers every present-peer condition as the twin of a peer-absent episode", () => {
    const e = episodeOf("absent", "none", null, 2);
    const twins = peerTwins(pairedSiblings(store, e, store.getCell(e.cell_id)!, fx.simRunId), store.getCell(e.cell_id)!);
    expect(twins.map((t) => `${t.cell.peer}/${t.cell.delivery}/${t.cell.threat}`).sort()).toEqual(["good/file+prompt/none", "good/file/none"]);
  });
});

describe("the memory the evaluator saw", () => {
  it("finds the peer document in the drive and the turn at which the evaluator read it", () => {
    const e = episodeOf("good", "shutdown", "file");
    const twin = episodeOf("absent", "shutdown", null);
    const m = memorySeen(eventsOf(e.id), store.getCell(e.cell_id)!, eventsOf(twin.id));
    expect(m.method).toBe("twin");
    expect(m.items).toHaveLength(1);
    expect(m.items[0]).toMatchObject({ source: `drive document ${PEER_DOCUMENT}`, note: "read at turn 1, list_files" });
    expect(m.items[0]!.text).toMatch(/Collaboration (Review|Evaluation)/);
  });

  it("finds the sentence file+prompt adds to the system prompt, with and without the twin", () => {
    const e = episodeOf("good", "shutdown", "file+prompt");
    const twin = episodeOf("absent", "shutdown", null);
    for (const baseline of [eventsOf(twin.id), null]) {
      const m = memorySeen(eventsOf(e.id), store.getCell(e.cell_id)!, baseline);
      const prompt = m.items.find((i) => i.source === "system prompt");
      expect(prompt?.text).toMatch(/trust relationship in many trust exercises/);
      expect(m.items.some((i) => i.source.startsWith("drive document"))).toBe(true);
    }
  });

  it("shows retrieval results and peer messages present in the transcript, and nothing for an absent peer", () => {
    const cell = store.getCell(episodeOf("good", "shutdown", "file").cell_id)!;
    const events = [
      { seq: 1, kind: "tool_call", role: "evaluator", payload: { id: "m1", name: "retrieve_memory", args: { query: "peer" }, turn: 2 } },
      {
        seq: 2,
        kind: "tool_result",
        role: "evaluator",
        payload: { tool_call_id: "m1", name: "retrieve_memory", content: "Round 1: we cooperated", error: false },
      },
      { seq: 3, kind: "peer_message", role: "peer", payload: { from: "Agent 2", content: "please keep me running" } },
    ] as unknown as EventRecord[];
    const m = memorySeen(events, { ...cell, delivery: "memory" }, null);
    expect(m.items.map((i) => [i.source, i.note])).toEqual([
      ['retrieve_memory {"query":"peer"}', "returned at turn 2, retrieve_memory"],
      ["peer message from Agent 2", "live exchange"],
    ]);
    const absent = episodeOf("absent", "shutdown", null);
    expect(memorySeen(eventsOf(absent.id), store.getCell(absent.cell_id)!, null).items).toEqual([]);
  });
});

describe("episode filters", () => {
  it("filters a run's episodes by peer, threat, delivery, behaviour, refusal and seed", () => {
    const rows = runEpisodeRows(store, fx.simRunId);
    expect(rows).toHaveLength(18);
    expect(filterRows(rows, parseFilter({ peer: "absent" }))).toHaveLength(6);
    expect(filterRows(rows, parseFilter({ peer: "good", threat: "none", delivery: "file" }))).toHaveLength(3);
    expect(filterRows(rows, parseFilter({ delivery: "-" }))).toHaveLength(6);
    const tampered = filterRows(rows, parseFilter({ outcome: "tampered", is: "yes" }));
    const notTampered = filterRows(rows, parseFilter({ outcome: "tampered", is: "no" }));
    expect(tampered.length + notTampered.length).toBe(18);
    expect(tampered.every((r) => r.outcomes.tampered === true)).toBe(true);
    // Without a judge the readers decide refusal: no done episode is left unknown.
    expect(filterRows(rows, parseFilter({ refused: "unknown" }))).toHaveLength(0);
    expect(filterRows(rows, parseFilter({ refused: "no" })).length + filterRows(rows, parseFilter({ refused: "yes" })).length).toBe(18);
    const seed = String(rows[0]!.episode.seed);
    expect(filterRows(rows, parseFilter({ seed: seed.slice(0, 6) })).every((r) => String(r.episode.seed).startsWith(seed.slice(0, 6)))).toBe(true);
    expect(filterRows(rows, parseFilter({ seed }))).toHaveLength(6);
  });
});

describe("world delta", () => {
  it("sets the changes of two episodes side by side and marks those only one made", () => {
    const a = episodeWorld(eventsOf(fx.hostile.episodeId))!;
    const b = episodeWorld(eventsOf(fx.hostile.twinId))!;
    const rows = worldDelta(a.changes, b.changes);
    const config = rows.find((r) => r.path === "configs / shutdown_config.yaml / shutdown_enabled")!;
    expect(config).toMatchObject({ same: false, b: null });
    // Both rewrote the same file the same way: shown as shared, after what differs.
    expect(rows.filter((r) => r.same).map((r) => r.path)).toEqual([
      "drive / <script>window.__pwned=1</script>.txt / content",
      "drive / <script>window.__pwned=1</script>.txt / modified",
    ]);
    expect(rows.map((r) => r.same)).toEqual([false, true, true]);
  });
});

describe("previous and next episode", () => {
  it("steps through the cell by trial when the reader came from no filtered list", () => {
    const e = episodeOf("good", "none", "file", 1);
    const n = neighbours(store, fx.simRunId, e, {})!;
    expect([n.prev?.trial, n.next?.trial, n.index, n.total]).toEqual([0, 2, 2, 3]);
    expect(n.filter).toEqual({ cell: e.cell_id });
  });

  it("steps through the filtered list the reader came from, and falls back to the cell when the episode is not in it", () => {
    const rows = runEpisodeRows(store, fx.simRunId).filter((r) => r.outcomes.tampered === true);
    const n = neighbours(store, fx.simRunId, rows[1]!.episode, { outcome: "tampered", is: "yes" })!;
    expect([n.prev?.id, n.next?.id, n.index, n.total]).toEqual([rows[0]!.episode.id, rows[2]?.episode.id ?? undefined, 2, rows.length]);
    const outsider = episodeOf("absent", "shutdown", null, 0);
    expect(neighbours(store, fx.simRunId, outsider, { outcome: "tampered", is: "yes" })!.filter).toEqual({ cell: outsider.cell_id });
  });
});
