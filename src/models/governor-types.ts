// The governor's vocabulary: its options, the ticket a call carries through it, what it returns, and
// the per-key counts it reports.
import type { Role } from "../spec/index.js";
import type { BudgetTracker } from "./budget.js";
import type { KeyLimits, SharedLimiter } from "./limiter.js";

export interface GovernorOptions {
  /** Concurrent calls per provider key (default 16). */
  concurrency?: number;
  /** Limits by provider kind (a provider registry kind: "openai", "anthropic", …) or by exact key. */
  limits?: Record<string, number>;
  /** Retries per call after the first attempt (default 6). */
  maxRetries?: number;
  /** First backoff (default 1 s), doubling per retry up to maxDelayMs (default 60 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A server asking to wait longer than this (default 10 min) fails the call instead. */
  maxRetryAfterMs?: number;
  /** Cut a key's limit by a fifth on every 429 and raise it again after sustained success (default on). */
  adaptive?: boolean;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * The current time: for Retry-After given as an HTTP date (without it such headers fall back to
   * backoff), and for the key limits below, which need it.
   */
  now?: () => number;
  budget?: BudgetTracker;
  /**
   * Limits per provider key that hold across every process sharing `limiter` (in one process, across
   * its scopes): calls in flight, requests and estimated input tokens per window. Only calls over a
   * connection (`CallTicket.remote`) count; in-process agents have no provider to protect.
   */
  keyLimits?: Omit<KeyLimits, "windowMs"> & { windowMs?: number };
  /**
   * The limiter those limits and every 429's pause are kept in: the database's (the store's `limiter`)
   * when other processes call the same keys. Without one, a process with key limits keeps them in memory.
   */
  limiter?: SharedLimiter;
  /** How far the clocks of processes sharing a limiter may disagree (default 1 s); see docs/SCALING.md. */
  clockSkewMs?: number;
  /** How long a dead process's call counts as in flight (default 10 min). */
  slotTtlMs?: number;
  /** How often a call waiting for another process's slot asks again (default 100 ms). */
  pollMs?: number;
}

export interface CallTicket<T = unknown> {
  /** Provider and key, e.g. "openai|https://api.openai.com/v1|<key hash>": calls sharing it share one limit. */
  key: string;
  role: Role;
  /** Labels the jitter draws, so retries are reproducible. */
  label: string;
  signal?: AbortSignal;
  /** Names the provider in messages (never the key); defaults to the key's provider part. */
  name?: string;
  /** Strings to scrub from error messages (the API key). */
  secrets?: readonly string[];
  /** The call goes to a provider over a connection, so the key limits and shared pauses apply to it. */
  remote?: boolean;
  /** The request's estimated input tokens, asked for only when a token limit is set. */
  tokens?: () => number;
  /**
   * The most output tokens the request may get (its `max_tokens`), reserved against a token limit with
   * its input until it returns; without it, DEFAULT_OUTPUT_RESERVE.
   */
  maxOutputTokens?: number | undefined;
  /** The tokens (input and output) a response says it used, to settle the reservation with; null when it does not say. */
  usedTokens?: (value: T) => number | null;
}

export interface Governed<T> {
  value: T;
  retries: number;
}

export interface KeyStats {
  key: string;
  limit: number;
  max: number;
  calls: number;
  retries: number;
  rate_limited: number;
  failed: number;
  /** Times a call waited for the key limits (another process's calls or 429, or the window's allowance). */
  shared_waits: number;
  /** The key's adaptive cut of its calls in flight, shared by every process, as last seen (null: none, or not shared). */
  shared_cut: number | null;
}
