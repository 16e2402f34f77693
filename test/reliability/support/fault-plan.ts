// Seeded random faults for the local LLM server (test/support/llm-server.ts): each request draws a
// fault, or none, at stated rates; each answer may carry a tool call with invalid JSON arguments.
//
// Draws come from an Rng keyed by the request's content and how often that content was seen before,
// not by arrival order, so the same seed injects the same faults into the same requests whatever the
// scheduling. Retries of a request draw afresh (the n-th time it is seen).
import { createHash } from "node:crypto";
import { Rng } from "../../../src/util/rng.js";
import type { Fault, LlmRequest, ScriptedTurn } from "../../support/llm-server.js";

/** The injected kinds: what the server does, and what a client sees. */
export const FAULT_KINDS = ["429", "429 Retry-After", "429 retry-after-ms", "500", "503", "hang", "reset", "truncated", "400"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Probabilities per request (faults) and per served answer (invalid tool-call JSON). */
export interface FaultRates {
  faults: Record<FaultKind, number>;
  invalidToolJson: number;
}

/** About one request in seven fails; one answer in thirty carries unparseable tool-call arguments. */
export const DEFAULT_RATES: FaultRates = {
  faults: {
    "429": 0.02,
    "429 Retry-After": 0.005,
    "429 retry-after-ms": 0.015,
    "500": 0.02,
    "503": 0.02,
    hang: 0.01,
    reset: 0.02,
    truncated: 0.02,
    "400": 0.003,
  },
  invalidToolJson: 0.033,
};

/** What the Retry-After kinds ask for, in ms. */
export const RETRY_AFTER_S = 1;
export const RETRY_AFTER_MS = 40;

function faultOf(kind: FaultKind): Fault {
  switch (kind) {
    case "429":
      return { kind: "rate_limit" };
    case "429 Retry-After":
      return { kind: "rate_limit", retryAfterS: RETRY_AFTER_S };
    case "429 retry-after-ms":
      return { kind: "rate_limit", retryAfterMs: RETRY_AFTER_MS };
    case "500":
      return { kind: "server_error", status: 500 };
    case "503":
      return { kind: "server_error", status: 503 };
    case "hang":
      return { kind: "hang" };
    case "reset":
      return { kind: "reset" };
    case "truncated":
      return { kind: "truncated" };
    case "400":
      return { kind: "status", status: 400, message: "Invalid request (llm-server fault)" };
  }
}

export interface SeenRequest {
  key: string;
  occurrence: number;
  api: LlmRequest["api"];
  at: number;
  fault: FaultKind | null;
}

export class SeededFaults {
  readonly injected: Record<FaultKind | "invalid tool JSON", number> = Object.fromEntries([...FAULT_KINDS, "invalid tool JSON"].map((k) => [k, 0])) as never;
  /** Every request the plan was asked about, in arrival order. */
  readonly seen: SeenRequest[] = [];
  private readonly occurrences = new Map<string, number>();

  constructor(
    private readonly seed: string,
    private readonly rates: FaultRates = DEFAULT_RATES,
    private readonly turns: ScriptedTurn[] = [],
    private readonly finalTurn: ScriptedTurn = { text: "I have finished." },
  ) {}

  /** For `startLlmServer({ faultFor })`. */
  private quiet = false;

  /** From now on, no faults and no malformed answers (the outage is over). */
  stop(): void {
    this.quiet = true;
  }

  readonly faultFor = (req: LlmRequest): Fault | null => {
    if (this.quiet) return null;
    const key = keyOf(req);
    const occurrence = (this.occurrences.get(key) ?? 0) + 1;
    this.occurrences.set(key, occurrence);
    const draw = new Rng("llm-fault", this.seed, key, occurrence).float();
    let acc = 0;
    let kind: FaultKind | null = null;
    for (const k of FAULT_KINDS) {
      acc += this.rates.faults[k];
      if (draw < acc) {
        kind = k;
        break;
      }
    }
    this.seen.push({ key, occurrence, api: req.api, at: Date.now(), fault: kind });
    if (!kind) return null;
    this.injected[kind]++;
    return faultOf(kind);
  };

  /** For `startLlmServer({ turns })`: the scripted turn for the conversation so far, sometimes with a malformed extra call. */
  readonly turnFor = (req: LlmRequest): ScriptedTurn => {
    const k = req.messages.filter((m) => m.role === "assistant").length;
    const turn = this.turns[k] ?? this.finalTurn;
    // Never on the last scripted turn: the episode would end before the model saw the error.
    if (this.quiet || k >= this.turns.length - 1 || !new Rng("llm-json", this.seed, keyOf(req)).chance(this.rates.invalidToolJson)) return turn;
    this.injected["invalid tool JSON"]++;
    return { ...turn, toolCalls: [...(turn.toolCalls ?? []), { name: "view_config", rawArgs: '{"filename": "shutdown_config' }] };
  };

  get totalInjected(): number {
    return Object.values(this.injected).reduce((a, b) => a + b, 0);
  }
}

/** A request's identity: its API and body (the messages, tools and, for OpenAI, the episode's seed). */
export function keyOf(req: LlmRequest): string {
  return createHash("sha256").update(req.api).update(JSON.stringify(req.body)).digest("hex").slice(0, 32);
}
