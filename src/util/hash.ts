// Content hashing and canonical JSON: the basis of every id, seed, digest and cache key.
import { createHash } from "node:crypto";

/** JSON with object keys sorted and undefined members dropped, so equal data hashes equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Hash of the canonical JSON of a value. */
export function hashOf(value: unknown): string {
  return sha256(canonicalJson(value));
}

/** A short, stable hex id derived from a value (48 bits: collision-free at any realistic scale). */
export function shortHash(value: unknown, length = 12): string {
  return hashOf(value).slice(0, length);
}

/** A non-negative integer below 2^48 derived from a value; used for seeds. */
export function seedOf(value: unknown): number {
  return parseInt(hashOf(value).slice(0, 12), 16);
}
