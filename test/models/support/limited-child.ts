// One process of the shared-limits test (test/models/shared-limits.int.test.ts): opens the database it
// is given, prints "ready", waits for "go" on stdin, then makes its calls to the loopback server through
// a governor whose key limits live in that database, and prints what it did as JSON. Bounded: every call
// ends (the server answers or fails it), and the process exits when they have.
// The governor module alone, not the models index (LangChain and the SDKs): the processes start faster.
import { Governor } from "../../../src/models/governor.js";
import { openStore } from "../../../src/store/index.js";

/** What the test passes (JSON, the first argument). */
export interface LimitedChildArgs {
  db: string;
  url: string;
  name: string;
  calls: number;
  local: number;
  limits: { inFlight?: number; requests?: number; windowMs?: number };
  skewMs: number;
}

const args = JSON.parse(process.argv[2]!) as LimitedChildArgs;
const clock = { now: () => new Date() };
const store = openStore(args.db, { clock });
/** The time the limiter last decided by: sent with each call, so the server can count the governors' decisions too. */
let decidedAt = 0;
const governor = new Governor({
  concurrency: args.local,
  keyLimits: args.limits,
  limiter: store.limiter!,
  now: () => {
    decidedAt = Date.now();
    return decidedAt;
  },
  clockSkewMs: args.skewMs,
  pollMs: 10,
  baseDelayMs: 20,
  adaptive: false,
});

async function call(i: number): Promise<number> {
  const { retries } = await governor.run(
    { key: `openai-compatible|${args.url}|0123456789abcdef`, role: "evaluator", label: `${args.name}-${i}`, remote: true },
    async () => {
      const res = await fetch(args.url, { method: "POST", headers: { "x-caller": args.name, "x-granted": String(decidedAt) } });
      const body = await res.text();
      if (res.status !== 200) throw Object.assign(new Error(`${res.status} ${body}`), { status: res.status, headers: res.headers });
      return body;
    },
  );
  return retries;
}

process.stdout.write("ready\n");
process.stdin.once("data", async () => {
  try {
    const retries = await Promise.all(Array.from({ length: args.calls }, (_, i) => call(i)));
    process.stdout.write(`${JSON.stringify({ done: retries.length, retries: retries.reduce((a, b) => a + b, 0) })}\n`);
  } finally {
    store.close();
    process.stdin.destroy();
  }
});
