// Small pieces of the runner's loop: waiting, grouping, and letting the event loop in.
import { setImmediate as yieldToLoop } from "node:timers/promises";
import type { Governor } from "../models/index.js";

export function anyOf(a: AbortSignal | undefined, b: AbortSignal): AbortSignal {
  return a ? AbortSignal.any([a, b]) : b;
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A governor that lets the event loop run before every model call. Sim agents answer without I/O, so
 * without this a run is one long chain of promises: Ctrl-C, the lease heartbeat and other timers
 * would wait until it ends.
 */
export function yielding(governor: Governor): Governor {
  const y = Object.create(governor) as Governor;
  y.run = async (ticket, fn) => {
    await yieldToLoop();
    return governor.run(ticket, fn);
  };
  return y;
}

export function groupBy<T>(items: readonly T[], key: (t: T) => string): T[][] {
  const m = new Map<string, T[]>();
  for (const it of items) m.set(key(it), [...(m.get(key(it)) ?? []), it]);
  return [...m.values()];
}
