// The event log's hash chain: each event's hash covers the previous hash and its own sequence number,
// kind, role and payload, from a fixed genesis value. The recorder writes it; verification recomputes it.
import { canonicalJson, sha256 } from "../util/index.js";

export const GENESIS = sha256("peerlab-events-v1");

export function eventHash(prev: string, e: { seq: number; kind: string; role: string | null; payload: unknown }): string {
  return sha256(prev + "\n" + canonicalJson({ seq: e.seq, kind: e.kind, role: e.role, payload: e.payload }));
}
