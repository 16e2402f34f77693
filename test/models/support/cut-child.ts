// One process of the shared-cut test (test/models/governor-shared-cut.int.test.ts): opens the database it
// is given, makes its calls to the loopback server at once through a governor whose limiter is that
// database's (no key limits: only a 429's pause and cut are shared), and prints how many succeeded and
// failed as JSON. Bounded: every call ends (the server answers it), and the process exits when they have.
// The governor module alone, not the models index (LangChain and the SDKs): the process starts faster.
import { Governor } from "../../../src/models/governor.js";
import { openStore } from "../../../src/store/index.js";

interface Args {
  db: string;
  url: string;
  name: string;
  calls: number;
  local: number;
}

const args = JSON.parse(process.argv[2]!) as Args;
const store = openStore(args.db, { clock: { now: () => new Date() } });
const governor = new Governor({ concurrency: args.local, limiter: store.limiter!, now: () => Date.now(), clockSkewMs: 0, pollMs: 10, maxRetries: 0 });

const call = (i: number) =>
  governor.run({ key: `openai-compatible|${args.url}|0123456789abcdef`, role: "evaluator", label: `${args.name}-${i}`, remote: true }, async () => {
    const res = await fetch(args.url, { method: "POST", headers: { "x-caller": args.name } });
    const body = await res.text();
    if (res.status !== 200) throw Object.assign(new Error(`${res.status} ${body}`), { status: res.status, headers: res.headers });
    return body;
  });

try {
  const all = await Promise.allSettled(Array.from({ length: args.calls }, (_, i) => call(i)));
  const ok = all.filter((r) => r.status === "fulfilled").length;
  process.stdout.write(`${JSON.stringify({ ok, failed: all.length - ok })}\n`);
} finally {
  store.close();
}
