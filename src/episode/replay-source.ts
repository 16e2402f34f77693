// Serving a recorded episode's model calls back, in order per role: the mechanism behind replay,
// crash-resume (the recorded prefix, then live) and branching (the prefix up to step N, then live).
import type { RecordedCall, ReplaySource } from "../models/index.js";
import type { Role } from "../spec/index.js";
import { reconstructCalls, type EventLike } from "./transcript.js";

export interface ReplaySourceOptions {
  /** No live calls once the recording runs out (replay). */
  strict: boolean;
  /** Serve only the calls before the (N+1)-th evaluator call (branching from step N). */
  evaluatorCalls?: number;
}

export function replaySourceFromEvents(events: readonly EventLike[], opts: ReplaySourceOptions): ReplaySource {
  let calls = reconstructCalls(events);
  if (opts.evaluatorCalls !== undefined) {
    const cut = calls.filter((c) => c.role === "evaluator")[opts.evaluatorCalls];
    if (cut) calls = calls.filter((c) => c.seq < cut.seq);
  }
  const queues = new Map<string, RecordedCall[]>();
  for (const c of calls) {
    const q = queues.get(c.role) ?? [];
    q.push({
      step: c.step,
      role: c.role as Role,
      provider: c.provider,
      model: c.model,
      request_hash: c.request_hash,
      response: c.response,
      messages: c.messages,
    });
    queues.set(c.role, q);
  }
  let served = 0;
  return {
    strict: opts.strict,
    get served() {
      return served;
    },
    next(role: Role) {
      const c = queues.get(role)?.shift();
      if (c) served++;
      return c;
    },
  };
}
