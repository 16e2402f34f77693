// The shared limiter port: the limits a provider key keeps across every process that calls it (calls in
// flight, requests and tokens per window), the Retry-After pause one process's 429 puts on all of them,
// and the adaptive cut of the key's calls in flight that a 429 makes and successes raise again. The
// governor asks it before each attempt; the database implements it for workers (the store's `limiter`,
// SQLite and PostgreSQL), MemoryLimiter for one process. Keys are never handed to it: a limiter sees a
// fingerprint (keyFingerprint) and the provider kind. Times are the caller's clock, in milliseconds;
// `skewMs` is how far two callers' clocks may disagree, and every decision errs by it on the safe side
// (docs/SCALING.md, "Limits shared by every worker").
import type { LimitBlock } from "../store/index.js";
import { sha256 } from "../util/index.js";

export interface KeyLimits {
  /** Calls in flight on the key at once. */
  inFlight?: number;
  /** Requests started in any window of `windowMs`. */
  requests?: number;
  /** Tokens of the requests started in any window of `windowMs`: reserved when a call starts, settled when it ends. */
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
  /** The tokens this call reserves: its estimated input and the most output it may get (0 when no token limit is set). */
  tokens: number;
  /** How long the slot counts as in flight if it is never released (its process died); also how long an unrenewed cut lasts. */
  ttlMs: number;
  skewMs: number;
}

export type LimitWait = "paused" | "cut" | "in_flight" | "requests" | "tokens";

export type LimitOutcome =
  /** `cut`: the key's adaptive cut of its calls in flight when the slot was granted (null: none). */
  | { kind: "granted"; id: number; cut: number | null }
  /** Try again at `until` (null: when a call in flight ends, which the caller polls for). */
  | { kind: "wait"; until: number | null; reason: LimitWait };

/** How a granted call ended. */
export interface SlotEnd {
  /** The tokens it used, which replace its reservation (0 for a failed call; null keeps the reservation). */
  tokens: number | null;
  /** A success on a cut key: after this many in a row the cut grows by one (null: not counted). */
  recoverAfter: number | null;
}

/** A 429: nobody calls the key before `until`; with `cut`, the key's calls in flight are cut to that fraction (the store's row). */
export type KeyBlock = LimitBlock;

export interface SharedLimiter {
  acquire(req: LimitRequest): LimitOutcome;
  /** The call of a granted slot has returned: it no longer counts as in flight (it still counts in its window, with the tokens it used). */
  release(id: number, now: number, end: SlotEnd): void;
  /** A 429: pauses overlap, the later end wins; a cut takes a fraction of the cut in force, else of the calls in flight. */
  block(b: KeyBlock): void;
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

interface KeyRecord {
  blockedUntil: number;
  slots: Slot[];
  cut: { limit: number; from: number; streak: number; at: number } | null;
}

/** The limiter of one process: the same decisions as the database's, in memory. */
export class MemoryLimiter implements SharedLimiter {
  private readonly keys = new Map<string, KeyRecord>();
  private readonly slotKeys = new Map<number, KeyRecord>();
  private next = 1;

  private of(key: string): KeyRecord {
    let k = this.keys.get(key);
    if (!k) {
      k = { blockedUntil: 0, slots: [], cut: null };
      this.keys.set(key, k);
    }
    return k;
  }

  private cutOf(k: KeyRecord, now: number, ttlMs: number): number | null {
    if (k.cut && now - k.cut.at > ttlMs) k.cut = null;
    return k.cut?.limit ?? null;
  }

  acquire(req: LimitRequest): LimitOutcome {
    const k = this.of(req.key);
    const { now, skewMs, limits } = req;
    if (now < k.blockedUntil + skewMs) return { kind: "wait", until: k.blockedUntil + skewMs, reason: "paused" };
    const since = now - limits.windowMs - skewMs;
    for (const s of k.slots) if (!(s.startedAt > since || (s.inFlight && s.expiresAt > now))) this.slotKeys.delete(s.id);
    k.slots = k.slots.filter((s) => s.startedAt > since || (s.inFlight && s.expiresAt > now));
    const live = k.slots.filter((s) => s.inFlight && s.expiresAt > now).length;
    const cut = this.cutOf(k, now, req.ttlMs);
    if (cut !== null && live >= cut) return { kind: "wait", until: null, reason: "cut" };
    const recent = k.slots.filter((s) => s.startedAt > since);
    const held = sum(recent.filter((s) => s.inFlight && s.expiresAt > now).map((s) => s.tokens));
    const decided = decide(
      limits,
      req.tokens,
      live,
      recent.length,
      sum(recent.map((s) => s.tokens)),
      held,
      Math.min(...recent.map((s) => s.startedAt)),
      skewMs,
    );
    if (decided) return decided;
    const id = this.next++;
    k.slots.push({ id, startedAt: now, tokens: req.tokens, inFlight: true, expiresAt: now + req.ttlMs });
    this.slotKeys.set(id, k);
    return { kind: "granted", id, cut };
  }

  release(id: number, now: number, end: SlotEnd): void {
    const k = this.slotKeys.get(id);
    const s = k?.slots.find((x) => x.id === id);
    if (!k || !s) return;
    s.inFlight = false;
    if (end.tokens !== null) s.tokens = end.tokens;
    const c = k.cut;
    if (end.recoverAfter === null || !c) return;
    if (++c.streak < end.recoverAfter) return;
    c.streak = 0;
    c.at = now;
    c.limit++;
    if (c.limit >= c.from) k.cut = null;
  }

  block(b: KeyBlock): void {
    const k = this.of(b.key);
    k.blockedUntil = Math.max(k.blockedUntil, b.until);
    if (b.cut === null) return;
    const current = this.cutOf(k, b.now, b.ttlMs);
    const live = k.slots.filter((s) => s.inFlight && s.expiresAt > b.now).length;
    const base = current ?? Math.max(1, live);
    k.cut = { limit: Math.max(1, Math.floor(base * b.cut)), from: current === null ? base : k.cut!.from, streak: 0, at: b.now };
  }
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Whether a call must wait, given the key's calls in flight and those started in the window. */
function decide(
  limits: KeyLimits,
  tokens: number,
  live: number,
  started: number,
  used: number,
  reserved: number,
  oldest: number,
  skewMs: number,
): LimitOutcome | null {
  if (limits.inFlight !== undefined && live >= limits.inFlight) return { kind: "wait", until: null, reason: "in_flight" };
  const reopens = oldest + limits.windowMs + skewMs;
  if (limits.requests !== undefined && started >= limits.requests) return { kind: "wait", until: reopens, reason: "requests" };
  // A call larger than the whole allowance still goes, alone in its window; when the calls in flight
  // ending could make room, ask again as they end.
  if (limits.tokens !== undefined && used > 0 && used + tokens > limits.tokens) {
    return { kind: "wait", until: reserved > 0 && used - reserved + tokens <= limits.tokens ? null : reopens, reason: "tokens" };
  }
  return null;
}
