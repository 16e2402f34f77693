// Records keyed by names a model, a transcript or a user chose ("__proto__", "constructor", "toString"
// are file names like any other). Plain objects inherit from Object.prototype: `rec["constructor"]`
// finds a function, `rec["__proto__"] = v` replaces the prototype, and an object read through it can
// write into Object.prototype for the whole process. Records built here have no prototype, and every
// read, write and delete goes through own properties only, whatever object it is given (snapshots read
// back from JSON are plain objects).
import { z } from "zod";

/** An empty record with no prototype. */
export function nullRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A null-prototype copy of a record's own entries (the "__proto__" key included). */
export function toNullRecord<T>(rec: Readonly<Record<string, T>>): Record<string, T> {
  const out = nullRecord<T>();
  for (const k of Object.keys(rec)) out[k] = rec[k]!;
  return out;
}

/** Build a null-prototype record from entries. */
export function recordFrom<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = nullRecord<T>();
  for (const [k, v] of entries) setOwn(out, k, v);
  return out;
}

export function hasOwnKey(rec: object, key: string): boolean {
  return Object.hasOwn(rec, key);
}

/** The record's own value for `key`, never an inherited one. */
export function getOwn<T>(rec: Readonly<Record<string, T>>, key: string): T | undefined {
  return hasOwnKey(rec, key) ? rec[key] : undefined;
}

/** Set an own property, even "__proto__" on a plain object (which assignment would turn into a prototype change). */
export function setOwn<T>(rec: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(rec, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Delete an own property; false when there was none (an inherited name is not a member). */
export function deleteOwn(rec: Record<string, unknown>, key: string): boolean {
  if (!hasOwnKey(rec, key)) return false;
  delete rec[key];
  return true;
}

/**
 * A record schema whose output has no prototype. zod's own record assigns each key to a plain object,
 * so a "__proto__" key replaces the result's prototype and its entry is lost; this one keeps it.
 */
export function safeRecord<V extends z.ZodType>(value: V) {
  return z
    .custom<Record<string, unknown>>((v) => v !== null && typeof v === "object" && !Array.isArray(v), { error: "expected an object" })
    .transform((obj, ctx) => {
      const out = nullRecord<z.output<V>>();
      for (const k of Object.keys(obj)) {
        const r = value.safeParse(obj[k]);
        if (r.success) setOwn(out, k, r.data);
        else for (const issue of r.error.issues) ctx.issues.push({ code: "custom", message: issue.message, input: obj[k], path: [k, ...issue.path] });
      }
      return out;
    });
}
