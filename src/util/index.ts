// Foundations every layer may use: canonical hashing, the seeded generator, clocks, secret redaction
// and records safe for keys that hostile data names.
export * from "./clock.js";
export * from "./hash.js";
export * from "./rng.js";
export * from "./redact.js";
export * from "./safe-record.js";
export * from "./package-root.js";
