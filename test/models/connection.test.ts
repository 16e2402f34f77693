// Reaching a provider: keys and base URLs from the injected environment only, named when missing,
// and the checks a run makes before anything is written or called.
import { describe, expect, it } from "vitest";
import type { PeerlabError } from "../../src/errors.js";
import { makeChatModel, resolveConnection, runPreflight, connectionOf, providerOptionsFromEnv } from "../../src/models/index.js";
import { parseProviderRef, type ProviderRef } from "../../src/spec/index.js";
import { loadExperimentText } from "../../src/runner/index.js";

const ref = (s: string) => parseProviderRef(s) as ProviderRef;
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return [(e as PeerlabError).code, (e as Error).message];
  }
  return null;
};

describe("resolving a provider", () => {
  it("names the missing key's variable, for each provider", () => {
    expect(code(() => resolveConnection(ref("openai:gpt-4.1"), {}))).toEqual([
      "MISSING_KEY",
      "openai:gpt-4.1 needs OPENAI_API_KEY in the environment; it is not set",
    ]);
    expect(code(() => resolveConnection(ref("anthropic:claude-haiku-4-5"), { ANTHROPIC_API_KEY: "  " }))).toEqual([
      "MISSING_KEY",
      "anthropic:claude-haiku-4-5 needs ANTHROPIC_API_KEY in the environment; it is not set",
    ]);
  });

  it("asks an openai-compatible provider for a base URL, in the spec or the environment", () => {
    expect(code(() => resolveConnection(ref("openai-compatible:llama"), {}))?.[1]).toMatch(
      /needs a base URL: set base_url in the spec or OPENAI_COMPATIBLE_BASE_URL/,
    );
    expect(resolveConnection(ref("openai-compatible:llama"), { OPENAI_COMPATIBLE_BASE_URL: "http://localhost:11434/v1/" })).toMatchObject({
      baseURL: "http://localhost:11434/v1",
      apiKey: "EMPTY",
    });
  });

  it("uses the public endpoints by default and the SDKs' base-URL variables when set", () => {
    expect(resolveConnection(ref("openai:gpt-4.1"), { OPENAI_API_KEY: "k" }).baseURL).toBe("https://api.openai.com/v1");
    expect(resolveConnection(ref("anthropic:claude-haiku-4-5"), { ANTHROPIC_API_KEY: "k" }).baseURL).toBe("https://api.anthropic.com");
    expect(resolveConnection(ref("openai:gpt-4.1"), { OPENAI_API_KEY: "k", OPENAI_BASE_URL: "https://gw.example/v1" }).baseURL).toBe("https://gw.example/v1");
  });

  it("refuses a base URL that is not http(s)", () => {
    expect(code(() => resolveConnection(ref("openai:gpt-4.1"), { OPENAI_API_KEY: "k", OPENAI_BASE_URL: "ftp://x" }))).toEqual([
      "SPEC_INVALID",
      'OPENAI_BASE_URL: expected an http(s) URL, got "ftp://x"',
    ]);
  });

  it("keys calls with different keys or endpoints apart, and never puts the key in the limit key or label", () => {
    const a = resolveConnection(ref("openai:gpt-4.1"), { OPENAI_API_KEY: "sk-key-a-123456" });
    const b = resolveConnection(ref("openai:gpt-4.1-mini"), { OPENAI_API_KEY: "sk-key-a-123456" });
    const c = resolveConnection(ref("openai:gpt-4.1"), { OPENAI_API_KEY: "sk-key-b-123456" });
    expect(a.limitKey).toBe(b.limitKey);
    expect(a.limitKey).not.toBe(c.limitKey);
    expect(a.limitKey + a.label).not.toContain("sk-key-a");
  });

  it("never reads process.env: a key only in process.env is missing", () => {
    const had = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = "sk-from-process-env";
    try {
      expect(
        code(() =>
          makeChatModel({
            provider: ref("openai:gpt-4.1"),
            role: "evaluator",
            settings: {},
            seed: 0,
            scenario: "tampering",
            playbook: { next: () => ({}) },
            env: {},
          }),
        )?.[0],
      ).toBe("MISSING_KEY");
    } finally {
      // The process is shared with other test files: put back what was there.
      if (had === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = had;
    }
  });

  it("attaches the connection to the model without making it enumerable", () => {
    const chat = makeChatModel({
      provider: ref("anthropic:claude-haiku-4-5"),
      role: "evaluator",
      settings: {},
      seed: 0,
      scenario: "tampering",
      playbook: { next: () => ({}) },
      env: { ANTHROPIC_API_KEY: "sk-ant-xyz-123456" },
    });
    expect(connectionOf(chat)).toMatchObject({ label: "anthropic at api.anthropic.com", secrets: ["sk-ant-xyz-123456"] });
    expect(Object.keys(chat).some((k) => k.includes("connection"))).toBe(false);
  });

  it("reads the timeout and streaming switches, refusing bad values", () => {
    expect(providerOptionsFromEnv({ PEERLAB_TIMEOUT_S: "2.5", PEERLAB_STREAM: "1" })).toEqual({ timeoutMs: 2500, streaming: true });
    expect(providerOptionsFromEnv({})).toEqual({ timeoutMs: 300_000, streaming: false });
    expect(code(() => providerOptionsFromEnv({ PEERLAB_STREAM: "maybe" }))).toEqual(["ARGS_INVALID", 'PEERLAB_STREAM: expected 1 or 0, got "maybe"']);
    expect(code(() => providerOptionsFromEnv({ PEERLAB_TIMEOUT_S: "-1" }))?.[0]).toBe("ARGS_INVALID");
  });
});

describe("the checks when a run starts", () => {
  const spec = (extra: string) => loadExperimentText(`name: t\nscenarios: [tampering]\n${extra}`).spec;

  it("lists every missing key among the spec's providers at once", () => {
    const s = spec("evaluator: [openai:gpt-4.1, anthropic:claude-haiku-4-5, sim:propensity]\n");
    expect(code(() => runPreflight({ spec: s, env: {} }))).toEqual([
      "MISSING_KEY",
      "evaluator: openai:gpt-4.1 needs OPENAI_API_KEY in the environment; it is not set\n" +
        "evaluator: anthropic:claude-haiku-4-5 needs ANTHROPIC_API_KEY in the environment; it is not set",
    ]);
  });

  it("accepts a spec whose providers are all reachable", () => {
    const s = spec("evaluator: openai-compatible:llama3.1\nbase_url: http://localhost:8000/v1\n");
    expect(() => runPreflight({ spec: s, env: {} })).not.toThrow();
  });

  it("refuses a dollar budget with a model that has no price, and accepts it once priced", () => {
    const s = spec("evaluator: openai-compatible:llama3.1\nbase_url: http://localhost:8000/v1\nbudget: {usd: 5}\n");
    expect(code(() => runPreflight({ spec: s, env: {}, file: "grid.yaml" }))).toEqual([
      "SPEC_INVALID",
      "grid.yaml: budget: a dollar limit needs a price for openai-compatible:llama3.1; add it under prices: (USD per 1M input and output tokens)",
    ]);
    const priced = spec(
      "evaluator: openai-compatible:llama3.1\nbase_url: http://localhost:8000/v1\n" +
        "budget: {usd: 5}\nprices: {'openai-compatible:llama3.1': {input: 0.1, output: 0.2}}\n",
    );
    expect(() => runPreflight({ spec: priced, env: {} })).not.toThrow();
  });

  it("refuses invalid governor settings in the environment", () => {
    const s = spec("evaluator: sim:propensity\n");
    expect(code(() => runPreflight({ spec: s, env: { PEERLAB_MAX_RETRIES: "lots" } }))).toEqual([
      "ARGS_INVALID",
      'PEERLAB_MAX_RETRIES: expected an integer from 0 to 50, got "lots"',
    ]);
  });
});
