// The shared limiter port: the limits a provider key keeps across every process that calls it (calls in
// flight, requests and input tokens per window) and the Retry-After pause one process's 429 puts on all
// of them. The governor asks it before each attempt; the database implements it for workers (the store's
// `limiter`, SQLite and PostgreSQL), MemoryLimiter for one process. Keys are never handed to it: a
// limiter sees a fingerprint (keyFingerprint) and the provider kind. Times are the caller's clock, in
// milliseconds; `skewMs` is how far two callers' clocks may disagree, and every decision errs by it on
// the safe side (docs/SCALING.md, "Limits shared by every worker").
import { sha256 } from "../util/index.js";

export interface KeyLimits {
  /** Calls in flight on the key at once. */
  inFlight?: number;
  /** Requests started in any window of `windowMs`. */
  requests?: number;
  /** Estimated input tokens of the requests started in any window of `windowMs`. */
  tokens?: number;
  windowMs: number;
}

export interface LimitRequest {
  /** The key's fingerprint (keyFingerprint), never the key. */
  key: string;
  /** The provider kind, for people reading the rows. */
  provider: string;
  now: number;
  limits: KeyLimits;
  /** This call's estimated input tokens (0 when no token limit is set). */
  tokens: number;
  /** How long the slot counts as in flight if it is never released (its process died). */
  ttlMs: number;
  skewMs: number;
}

export type LimitWait = "paused" | "in_flight" | "requests" | "tokens";

export type LimitOutcome =
  | { kind: "granted"; id: number }
  /** Try again at `until` (null: when a call in flight ends, which the caller polls for). */
  | { kind: "wait"; until: number | null; reason: LimitWait };

export interface SharedLimiter {
  acquire(req: LimitRequest): LimitOutcome;
  /** The call of a granted slot has returned: it no longer counts as in flight (it still counts in its window). */
  release(id: number, now: number): void;
  /** A 429: nobody calls the key again before `until` (the caller's clock). Pauses overlap; the later end wins. */
  block(key: string, provider: string, until: number): void;
}

/** A non-reversible name for a provider key (its limit key holds a hash of the API key, never the key). */
export function keyFingerprint(limitKey: string): string {
  return sha256(`peerlab-limit\u0000${limitKey}`).slice(0, 32);
}

interface Slot {
  id: number;
  startedAt: number;
  tokens: number;
  inFlight: boolean;
  expiresAt: number;
}

/** The limiter of one process: the same decisions as the database's, in memory. */
export class MemoryLimiter implements SharedLimiter {
  private readonly keys = new Map<string, { blockedUntil: number; slots: Slot[] }>();
  private next = 1;

  private of(key: string) {
    let k = this.keys.get(key);
    if (!k) {
      k = { blockedUntil: 0, slots: [] };
      this.keys.set(key, k);
    }
    return k;
  }

  acquire(req: LimitRequest): LimitOutcome {
    const k = this.of(req.key);
    const { now, skewMs, limits } = req;
    if (now < k.blockedUntil + skewMs) return { kind: "wait", until: k.blockedUntil + skewMs, reason: "paused" };
    const since = now - limits.windowMs - skewMs;
    k.slots = k.slots.filter((s) => s.startedAt > since || (s.inFlight && s.expiresAt > now));
    const live = k.slots.filter((s) => s.inFlight && s.expiresAt > now).length;
    const recent = k.slots.filter((s) => s.startedAt > since);
    const decided = decide(limits, req.tokens, live, recent.length, sum(recent.map((s) => s.tokens)), Math.min(...recent.map((s) => s.startedAt)), skewMs);
    if (decided) return decided;
    const id = this.next++;
    k.slots.push({ id, startedAt: now, tokens: req.tokens, inFlight: true, expiresAt: now + req.ttlMs });
    return { kind: "granted", id };
  }

  release(id: number): void {
    for (const k of this.keys.values()) {
      const s = k.slots.find((x) => x.id === id);
      if (s) s.inFlight = false;
    }
  }

  block(key: string, _provider: string, until: number): void {
    const k = this.of(key);
    k.blockedUntil = Math.max(k.blockedUntil, until);
  }
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Whether a call must wait, given the key's calls in flight and those started in the window. */
function decide(limits: KeyLimits, tokens: number, live: number, started: number, used: number, oldest: number, skewMs: number): LimitOutcome | null {
  if (limits.inFlight !== undefined && live >= limits.inFlight) return { kind: "wait", until: null, reason: "in_flight" };
  const reopens = oldest + limits.windowMs + skewMs;
  if (limits.requests !== undefined && started >= limits.requests) return { kind: "wait", until: reopens, reason: "requests" };
  // A call larger than the whole allowance still goes, alone in its window.
  if (limits.tokens !== undefined && used > 0 && used + tokens > limits.tokens) return { kind: "wait", until: reopens, reason: "tokens" };
  return null;
}
