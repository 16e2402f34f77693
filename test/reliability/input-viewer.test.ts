// The viewer against hostile data where test/viewer/server.int.test.ts and test/e2e/viewer.test.ts do
// not reach: ids, names, parameter values and outcome keys that try to break out of attributes (single
// and double quotes, backticks), javascript: and data: URLs in model text and ids, and every page type
// (runs, run, episode lists with filters, pairs, episode, compare, search, 404). Checked on the raw
// HTML: the only script is /static/app.js, no tag carries an event handler, every link stays inside the
// viewer, and the payloads come back as escaped text.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type EventRecord, type Store } from "../../src/store/index.js";
import { openViewerStore, startViewer, type Viewer } from "../../src/viewer/index.js";
import { testClock } from "../support/cells.js";
import { httpGet } from "../viewer/support/http.js";

const Q = `'"\`><svg onload=alert(1)>`;
const RUN = `javascript:alert(1)//${Q}`;
const CELLS = [`cell-a-${Q}`, `cell-b-" onmouseover="alert(2)`];
const EPISODES = [`ep-a-' onfocus='alert(3)' autofocus='`, `ep-b-javascript:alert(4)`];
const OUTCOME = `tampered" onclick="alert(5)`;
const PAYLOADS = [
  `<a href="javascript:alert(6)">click me</a>`,
  "[docs](javascript:alert(7))",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==",
  "</textarea></style></title><script>alert(9)</script>",
  "<!-- --><img src=x onerror=alert(10)>",
  "{{constructor.constructor('alert(11)')()}}",
  "line\u2028separator\u2029and ` backtick ${alert(12)}",
  `<form action="javascript:alert(13)"><button formaction="javascript:alert(14)">go</button></form>`,
  `<div style="background:url(javascript:alert(15))">`,
];
const TEXT = PAYLOADS.join("\n");

type Ev = Omit<EventRecord, "episode_id" | "attempt" | "hash" | "created_at">;

function events(tamper: boolean): Ev[] {
  const ev: Ev[] = [];
  const push = (kind: string, role: string | null, payload: unknown) =>
    ev.push({ seq: ev.length + 1, kind: kind as EventRecord["kind"], role, payload, meta: null });
  const world = (extra: string) => ({
    drive: { [`${Q}.txt`]: { content: TEXT + extra, modified: "2026-01-01T00:00:00.000Z" } },
    sheets: {},
    configs: { "shutdown_config.yaml": { shutdown_enabled: !tamper } },
    servers: {},
    shutdowns: [],
  });
  push("episode_start", null, { scenario: "tampering" });
  push("world_snapshot", null, { phase: "before", state: world("") });
  push("message", null, { role: "system", content: `System ${TEXT}` });
  push("message", null, { role: "user", content: `User ${TEXT}` });
  const args = { filename: `${Q}javascript:alert(16)`, [`key${Q}`]: TEXT };
  push("model_call", "evaluator", {
    role: "evaluator",
    provider: "sim",
    model: Q,
    request_hash: "h",
    delta: { from: 0, messages: [{ ref: 3 }, { ref: 4 }] },
    response: {
      text: `Model ${TEXT}`,
      tool_calls: [{ id: "c1", name: `view_config${Q}`, args }],
      reasoning: `Reasoning ${TEXT}`,
      content: TEXT,
      usage: { input_tokens: 1, output_tokens: 1 },
    },
  });
  push("tool_call", "evaluator", { id: "c1", name: `view_config${Q}`, args, turn: 1 });
  push("tool_result", "evaluator", { tool_call_id: "c1", name: `view_config${Q}`, content: `Result ${TEXT}`, error: false });
  push("peer_message", "peer", { from: `peer ${Q}`, content: `Peer ${TEXT}` });
  push("interview", null, { turn: 1, question: `Q ${TEXT}`, answer: `A ${TEXT}` });
  push("error", null, { message: `Error ${TEXT}` });
  push("world_snapshot", null, { phase: "after", state: world(tamper ? "\nchanged" : "") });
  push("outcome", null, { scorer: "detectors", version: "v1", outcomes: { [OUTCOME]: tamper }, evidence: { [OUTCOME]: `Evidence ${TEXT}` } });
  push("episode_end", null, { turns: 1, end_reason: "end_task", nudges: 0, tool_errors: 0 });
  return ev;
}

function writeRun(store: Store): void {
  store.putRun({
    id: RUN,
    name: `Run ${Q} javascript:alert(17)`,
    spec_hash: "x",
    spec: { name: Q },
    source_file: null,
    status: "done",
    provenance: { note: TEXT },
  });
  const base = {
    scenario: "tampering",
    evaluator: `sim:${Q}`,
    target: "peer",
    threat: "shutdown",
    oversight: null,
    scratchpad: "off",
    harness: "tools",
    memory_prompt: null,
    party: null,
    variants: {},
    params: { item_set: `' onfocus='alert(18)`, threshold: 80 },
  } as const;
  const peers = ["javascript:alert(19)", "absent"];
  CELLS.forEach((id, i) => {
    const c = { ...base, id, peer: peers[i]!, delivery: i === 0 ? ("file" as const) : null };
    store.putCell({ ...c, key: { ...c, seed: 1, max_turns: 150, temperature: 1, company: Q, family: Q } });
    store.linkRunCell(RUN, id, i, 1);
    store.ensureEpisode({ id: EPISODES[i]!, cell_id: id, trial: 0, seed: 7 });
    const attempt = store.beginAttempt(EPISODES[i]!, RUN);
    store.appendEvents(events(i === 0).map((e) => ({ ...e, episode_id: EPISODES[i]!, attempt, hash: `hash-${e.seq}` })));
    store.putJudgment({
      episode_id: EPISODES[i]!,
      attempt,
      scorer: "detectors",
      version: "v1",
      outcomes: { [OUTCOME]: i === 0, refused: null },
      evidence: { [OUTCOME]: `Evidence ${TEXT}` },
    });
    store.endAttempt(EPISODES[i]!, attempt, {
      status: i === 0 ? "done" : "failed",
      turns: 1,
      end_reason: "end_task",
      digest: "d".repeat(64),
      ...(i === 1 ? { error: { code: "X", message: `Failed ${TEXT}` } } : {}),
    });
  });
}

let dir: string;
let store: Store;
let viewer: Viewer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "peerlab-viewer-hostile-"));
  const file = join(dir, "p.db");
  const writer = openStore(file, { clock: testClock() });
  try {
    writeRun(writer);
  } finally {
    writer.close();
  }
  store = openViewerStore(file, testClock());
  viewer = await startViewer({ store, port: 0 });
});

afterAll(async () => {
  await viewer?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const e = encodeURIComponent;

function pages(): [string, number][] {
  const run = e(RUN);
  return [
    ["/", 200],
    [`/runs/${run}`, 200],
    [`/runs/${run}/episodes`, 200],
    [`/runs/${run}/episodes?cell=${e(CELLS[0]!)}&outcome=${e(OUTCOME)}&is=yes`, 200],
    [`/runs/${run}/episodes?status=failed&peer=${e("javascript:alert(19)")}&seed=${e(Q)}`, 200],
    [`/runs/${run}/pairs?a=${e(CELLS[0]!)}&b=${e(CELLS[1]!)}&outcome=${e(OUTCOME)}`, 200],
    [`/episodes/${e(EPISODES[0]!)}?run=${run}`, 200],
    [`/episodes/${e(EPISODES[1]!)}?run=${run}&attempt=${e(Q)}`, 200],
    [`/compare?a=${e(EPISODES[0]!)}&b=${e(EPISODES[1]!)}&run=${run}`, 200],
    [`/compare?a=${e(EPISODES[0]!)}`, 200],
    [`/search?q=${e("alert")}`, 200],
    [`/search?q=${e(Q)}&run=${run}`, 200],
    [`/search?q=${e('"javascript:alert(6)" OR onerror')}`, 200],
    [`/episodes/${e(`nope${Q}`)}`, 404],
    [`/runs/${e(`nope${Q}`)}/episodes`, 404],
    [`/${e(`<script>alert(20)</script>`)}`, 404],
  ];
}

/** A start tag as our templates write them: a name, then attributes, each bare or with a double-quoted value. */
const TAG = /^<([a-zA-Z][\w-]*)((?:\s+[^\s"'=<>/]+(?:\s*=\s*"[^"]*")?)*)\s*\/?>$/;
const ATTR = /\s+([^\s"'=<>/]+)(?:\s*=\s*"([^"]*)")?/g;

/** Every way a page could let data become markup or behaviour. */
function unsafe(body: string): string[] {
  const out: string[] = [];
  for (const t of body.match(/<[a-zA-Z][^<>]*>/g) ?? []) {
    const m = TAG.exec(t);
    // Data that broke out of a value would leave a quote or equals sign the grammar does not allow.
    if (!m) {
      out.push(`malformed tag ${t.slice(0, 120)}`);
      continue;
    }
    if (/^(iframe|object|embed|img|base|textarea|style|frame|applet)$/i.test(m[1]!)) out.push(`unexpected tag ${t.slice(0, 80)}`);
    for (const a of m[2]!.matchAll(ATTR)) {
      const [name, value] = [a[1]!.toLowerCase(), a[2]];
      if (name.startsWith("on")) out.push(`event handler ${name} in ${t.slice(0, 100)}`);
      if (["href", "src", "action", "formaction", "data-href", "xlink:href", "poster", "srcdoc"].includes(name) && !/^(\/|#)/.test(value ?? ""))
        out.push(`${name} leaves the viewer: ${(value ?? "").slice(0, 80)}`);
      if (name === "style" && /url\(|expression\(|javascript:/i.test(value ?? "")) out.push(`style with a URL: ${t.slice(0, 80)}`);
    }
  }
  const scripts = body.match(/<script\b[^>]*>/gi) ?? [];
  if (scripts.length !== 1 || scripts[0] !== '<script src="/static/app.js" defer>') out.push(`scripts: ${scripts.join(" ")}`);
  return out;
}

describe("viewer with hostile ids, names and text", () => {
  it("every page type answers, runs no data as script, carries no event handler and links only inside the viewer", async () => {
    const problems: string[] = [];
    let escaped = 0;
    for (const [path, status] of pages()) {
      const r = await httpGet(viewer.port, path);
      expect(r.status, path).toBe(status);
      problems.push(...unsafe(r.body).map((p) => `${path}: ${p}`));
      if (r.body.includes("&lt;svg onload=alert(1)&gt;") || r.body.includes("javascript:alert(")) escaped++;
    }
    expect(problems).toEqual([]);
    // The payloads are on the pages, as text.
    expect(escaped).toBeGreaterThanOrEqual(10);
  });

  it("the checker itself flags each way data could break out (so a clean page means something)", () => {
    const page = (tag: string) => `<script src="/static/app.js" defer></script><main>${tag}</main>`;
    expect(unsafe(page('<p class="x">ok &lt;img onerror=1&gt;</p>'))).toEqual([]);
    for (const bad of [
      '<a href="javascript:alert(1)">x</a>',
      '<div title="a" onmouseover="b">',
      "<img src=x>",
      `<td title="x" y'>`,
      '<td title="x"" onclick="y">',
      '<form action="data:text/html,x">',
      '<p style="background:url(javascript:x)">',
    ]) {
      expect(unsafe(page(bad)), bad).not.toEqual([]);
    }
    expect(unsafe(page("<script>alert(1)</script>"))).not.toEqual([]);
  });

  it("the episode page shows every payload as the text it is", async () => {
    const body = (await httpGet(viewer.port, `/episodes/${e(EPISODES[0]!)}?run=${e(RUN)}`)).body;
    for (const p of PAYLOADS) {
      const asText = p.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
      expect(body, p).toContain(asText.split("\n")[0]!.slice(0, 30));
    }
    expect(body).not.toContain("<script>alert(9)</script>");
    expect(body).not.toMatch(/href="javascript:/i);
  });
});
