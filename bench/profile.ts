// Where a worker's main-thread CPU goes (`npm run bench -- --profile`): the V8 sampling profiler
// around the timed part, self time grouped by what the code belongs to. Native functions (SQLite's
// statements, syscalls) count for the JavaScript that called them.
import { Session } from "node:inspector/promises";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const GROUPS: [string, RegExp][] = [
  ["SQLite (better-sqlite3 and src/store)", /node_modules\/better-sqlite3\/|\/src\/store\//],
  ["LangGraph, LangChain core, LangSmith run trees", /node_modules\/(@langchain\/(langgraph|core|langgraph-checkpoint)|langsmith|uuid|p-queue|p-retry)\//],
  ["LangChain ChatOpenAI and the openai SDK", /node_modules\/(@langchain\/openai|openai)\//],
  ["fetch (undici, in Node)", /undici/],
  ["other Node internals (sockets, streams, timers, async context)", /^node:/],
  ["peerlab (src)", /\/src\//],
  ["zod", /node_modules\/zod\//],
];

function groupOf(url: string): string {
  for (const [name, re] of GROUPS) if (re.test(url)) return name;
  return "other";
}

/** Profile `fn`; returns its result and the share of sampled time per group (fractions summing to 1). */
export async function profiled<T>(fn: () => Promise<T>): Promise<{ value: T; shares: Record<string, number> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  const stop = async () => {
    const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
    session.disconnect();
    return profile;
  };
  let value: T;
  try {
    value = await fn();
  } catch (e) {
    await stop();
    throw e;
  }
  return { value, shares: sharesOf(await stop()) };
}

function sharesOf(p: Profile): Record<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const time = new Map<number, number>();
  p.samples.forEach((s, i) => time.set(s, (time.get(s) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const totals = new Map<string, number>();
  let all = 0;
  for (const [id, t] of time) {
    const n = byId.get(id)!;
    const fname = n.callFrame.functionName;
    if (fname === "(idle)") continue;
    let group: string;
    if (fname === "(garbage collector)") group = "garbage collection";
    else if (fname === "(program)") group = "other";
    else {
      // A native function (no URL) belongs to the nearest caller that has one.
      let cur: ProfileNode | undefined = n;
      while (cur && !cur.callFrame.url && parent.has(cur.id)) cur = byId.get(parent.get(cur.id)!);
      group = groupOf(cur?.callFrame.url ?? "");
    }
    totals.set(group, (totals.get(group) ?? 0) + t);
    all += t;
  }
  return Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round((v / all) * 1000) / 1000]));
}
