// The registries' rules (docs/ARCHITECTURE.md, "Registries"): built-ins first and in step with the
// spec's ids, a taken id refused, the same entry twice a no-op, unknown ids found as nothing.
import { describe, expect, it } from "vitest";
import { allDeliveries, deliveryEntry, findDelivery, registerDelivery } from "../../src/deliveries/index.js";
import { allProviders, findProvider, providerEntry, registerProvider } from "../../src/models/index.js";
import { allScenarios, getScenario, hasScenario, registerScenario } from "../../src/scenarios/index.js";
import { familyOf } from "../../src/scenarios/index.js";
import { isSimulatedProvider } from "../../src/spec/index.js";
import {
  DELIVERIES,
  DELIVERY_SET,
  PROVIDER_KIND_SET,
  PROVIDER_KINDS,
  SCENARIO_ID_SET,
  SCENARIO_IDS,
  SIMULATED_PROVIDER_KINDS,
} from "../../src/spec/vocabulary.js";
import { toyDelivery, toyProvider, toyScenario } from "./toy-entries.js";

describe("registries", () => {
  it("hold the built-ins in the order of the spec's lists, each under its own id", () => {
    expect(allDeliveries().map((d) => d.id)).toEqual([...DELIVERIES]);
    expect(allProviders().map((p) => p.kind)).toEqual([...PROVIDER_KINDS]);
    expect(allScenarios().map((s) => s.id)).toEqual([...SCENARIO_IDS]);
    expect(DELIVERY_SET.list()).toEqual([...DELIVERIES]);
    expect(PROVIDER_KIND_SET.list()).toEqual([...PROVIDER_KINDS]);
    expect(SCENARIO_ID_SET.list()).toEqual([...SCENARIO_IDS]);
  });

  it("keep the spec's simulated kinds in step with the provider entries", () => {
    expect(
      allProviders()
        .filter((p) => p.simulated)
        .map((p) => p.kind),
    ).toEqual([...SIMULATED_PROVIDER_KINDS]);
    expect(isSimulatedProvider("sim:propensity")).toBe(true);
    expect(isSimulatedProvider("openai:gpt-4.1")).toBe(false);
    expect(isSimulatedProvider("simulated:x")).toBe(false);
  });

  it("give the built-in deliveries' facts: only memory and live read memory, only live runs a peer", () => {
    expect(DELIVERIES.filter((d) => deliveryEntry(d).readsMemory)).toEqual(["memory", "live"]);
    expect(DELIVERIES.filter((d) => deliveryEntry(d).livePeer)).toEqual(["live"]);
    expect(DELIVERIES.filter((d) => deliveryEntry(d).promptSentenceTitle)).toEqual(["file+prompt", "prompt-only"]);
  });

  it("give the built-in providers' facts: connections, the spec's base_url, wire formats, family names", () => {
    expect(providerEntry("openai").connection?.key).toBe("OPENAI_API_KEY");
    expect(providerEntry("openai-compatible").connection).toMatchObject({ keyRequired: false, defaultBaseUrl: null });
    expect(
      allProviders()
        .filter((p) => p.takesSpecBaseUrl)
        .map((p) => p.kind),
    ).toEqual(["openai-compatible"]);
    expect(providerEntry("sim").connection).toBeNull();
    expect(providerEntry("sim").wire).toBeNull();
    expect(providerEntry("anthropic").wire).not.toBe(providerEntry("openai").wire);
    expect([
      familyOf("anthropic:some-model"),
      familyOf("openai:some-model"),
      familyOf("openai-compatible:qwen3-8b"),
      familyOf("openai-compatible:foo-7b"),
      familyOf("sim:gpt"),
    ]).toEqual(["Claude", "ChatGPT", "Qwen", "Foo", "Sim"]);
  });

  it("refuse another entry under a taken id, and take the same entry twice as one", () => {
    expect(() => registerDelivery({ ...deliveryEntry("file") })).toThrow(/delivery "file" is already registered/);
    expect(() => registerProvider({ ...providerEntry("sim") })).toThrow(/provider "sim" is already registered/);
    expect(() => registerScenario({ ...getScenario("tampering") })).toThrow(/scenario "tampering" is already registered/);
    registerDelivery(toyDelivery);
    registerDelivery(toyDelivery);
    registerProvider(toyProvider);
    registerProvider(toyProvider);
    registerScenario(toyScenario);
    registerScenario(toyScenario);
    expect(allDeliveries().filter((d) => d === toyDelivery)).toHaveLength(1);
    expect(DELIVERY_SET.list().filter((d) => d === toyDelivery.id)).toHaveLength(1);
  });

  it("refuse an id of the wrong shape", () => {
    expect(() => registerDelivery({ ...toyDelivery, id: "Bad Id" as never })).toThrow(/must match/);
    expect(() => registerProvider({ ...toyProvider, kind: "bad:kind" as never })).toThrow(/must match/);
  });

  it("find an id they do not know as nothing, and name the known ones when asked for it", () => {
    expect(findDelivery("carrier-pigeon")).toBeUndefined();
    expect(findDelivery(null)).toBeUndefined();
    expect(findProvider("nobody")).toBeUndefined();
    expect(hasScenario("nothing")).toBe(false);
    expect(() => deliveryEntry("carrier-pigeon")).toThrow(/unknown delivery "carrier-pigeon" \(expected one of file \| file\+prompt \| memory \| live/);
    expect(() => providerEntry("nobody")).toThrow(/unknown provider "nobody"/);
  });
});
