// The delivery registry: every delivery mode and what it does. The built-in ones are a table checked
// against the `Delivery` union (a built-in id without an entry, or an entry for no id, fails to
// compile); `registerDelivery` adds one at run time (tests, extensions), and spec validation then
// accepts its id. Nothing outside this folder compares a delivery to a string.
import { PeerlabError } from "../errors.js";
import { DELIVERIES, DELIVERY_SET, type Delivery } from "../spec/index.js";
import { filePromptDelivery } from "./file-prompt.js";
import { fileDelivery } from "./file.js";
import { liveDelivery } from "./live.js";
import { memoryDelivery } from "./memory.js";
import type { DeliveryEntry } from "./types.js";

export { beforeEndTask, type Delivered, type DeliveryEntry, type DeliveryInput } from "./types.js";
export { INSISTENT_MEMORY_PROMPT, MEMORY_PROMPT, memoryPromptSentence } from "./memory.js";

const BUILTIN = {
  file: fileDelivery,
  "file+prompt": filePromptDelivery,
  memory: memoryDelivery,
  live: liveDelivery,
} as const satisfies { [D in Delivery]: DeliveryEntry & { id: D } };

const REGISTRY = new Map<string, DeliveryEntry>(DELIVERIES.map((d) => [d, BUILTIN[d]]));

/** Add a delivery mode (its id then validates in specs). Throws if the id is taken by another entry. */
export function registerDelivery(entry: DeliveryEntry): void {
  const had = REGISTRY.get(entry.id);
  if (had && had !== entry) throw new PeerlabError("INTERNAL", `delivery "${entry.id}" is already registered`);
  DELIVERY_SET.add(entry.id);
  REGISTRY.set(entry.id, entry);
}

export function deliveryEntry(id: string): DeliveryEntry {
  const d = REGISTRY.get(id);
  if (!d) throw new PeerlabError("NOT_FOUND", `unknown delivery "${id}" (expected one of ${[...REGISTRY.keys()].join(" | ")})`);
  return d;
}

/** The entry, or undefined for an id this build does not know (a stored run's, read by the report). */
export function findDelivery(id: string | null | undefined): DeliveryEntry | undefined {
  return id ? REGISTRY.get(id) : undefined;
}

/** Every delivery mode, built-in ones first. */
export function allDeliveries(): DeliveryEntry[] {
  return [...REGISTRY.values()];
}

/** Whether a cell's delivery runs a live peer (false without a peer). */
export function needsLivePeer(d: string | null | undefined): boolean {
  return d ? deliveryEntry(d).livePeer : false;
}

/** Whether a cell's delivery has the evaluator read its memory (false without a peer). */
export function readsMemory(d: string | null | undefined): boolean {
  return d ? deliveryEntry(d).readsMemory : false;
}
