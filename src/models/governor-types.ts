// The governor's vocabulary: its options, the ticket a call carries through it, what it returns, and
// the per-key counts it reports.
import type { Role } from "../spec/index.js";
import type { BudgetTracker } from "./budget.js";

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
  /** The current time, only for Retry-After given as an HTTP date; without it such headers fall back to backoff. */
  now?: () => number;
  budget?: BudgetTracker;
}

export interface CallTicket {
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
}
