// The evaluator's resolved base URL is part of a cell's identity: absent for sim evaluators and a
// provider's default endpoint (those cells keep their ids), scrubbed of credentials, and on resume the
// stored one is used (with consent), never the environment's.
import { describe, expect, it } from "vitest";
import type { PeerlabError } from "../../src/errors.js";
import { identityBaseUrl } from "../../src/models/providers/index.js";
import { expandCells, storedBaseUrlEnv, withEvaluatorBaseUrls } from "../../src/runner/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { parseProviderRef, type ProviderRef } from "../../src/spec/provider-string.js";

const spec = (evaluator: string, extra = "") => loadExperimentText(`name: x\nevaluator: ${evaluator}\nscenarios: [tampering]\ntrials: 1\n${extra}`);
const ref = (id: string) => parseProviderRef(id) as ProviderRef;
const ids = (r: ReturnType<typeof spec>, env: Record<string, string>) => expandCells(withEvaluatorBaseUrls(r, env)).cells.map((c) => c.id);
const code = (f: () => unknown): string => {
  try {
    f();
    return "ok";
  } catch (e) {
    return (e as PeerlabError).code;
  }
};

describe("the evaluator's base URL in a cell's identity", () => {
  it("is absent for sim evaluators and the default endpoint, so those cells keep their ids", () => {
    const sim = spec("sim:compliant");
    expect(ids(sim, { OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:1/v1" })).toEqual(expandCells(sim).cells.map((c) => c.id));
    const openai = spec("openai:gpt-test");
    const plain = expandCells(openai).cells;
    expect(ids(openai, {})).toEqual(plain.map((c) => c.id));
    expect(ids(openai, { OPENAI_BASE_URL: "https://api.openai.com/v1/" })).toEqual(plain.map((c) => c.id));
    expect(expandCells(withEvaluatorBaseUrls(openai, {})).cells[0]!.key).not.toHaveProperty("base_url");
  });

  it("differs between two servers, from the environment or the spec, and an override of the default endpoint counts", () => {
    const compat = spec("openai-compatible:m");
    const a = ids(compat, { OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:1001/v1" });
    const b = ids(compat, { OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:1002/v1" });
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    // The spec's base_url wins over the environment's, as for the calls.
    const fromSpec = spec("openai-compatible:m", "base_url: http://127.0.0.1:1001/v1\n");
    expect(ids(fromSpec, { OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:1002/v1" })).toEqual(a);
    const openai = spec("openai:gpt-test");
    expect(ids(openai, { OPENAI_BASE_URL: "http://127.0.0.1:1001/v1" })).not.toEqual(ids(openai, {}));
    expect(expandCells(withEvaluatorBaseUrls(openai, { OPENAI_BASE_URL: "http://127.0.0.1:1001/v1/" })).cells[0]!.key.base_url).toBe(
      "http://127.0.0.1:1001/v1",
    );
  });

  it("is stored with credentials scrubbed", () => {
    const env = { OPENAI_COMPATIBLE_BASE_URL: "https://user:hunter2@llm.example/v1?api_key=s3cret" };
    const url = identityBaseUrl(ref("openai-compatible:m"), env);
    expect(url).toBe("https://[redacted]@llm.example/v1?api_key=[redacted]");
    const key = expandCells(withEvaluatorBaseUrls(spec("openai-compatible:m"), env)).cells[0]!.key;
    expect(JSON.stringify(key)).not.toMatch(/hunter2|s3cret/);
  });
});

describe("resume uses the stored base URL", () => {
  const stored = (evaluator: string, url: string | null) => ({ ...spec(evaluator), evaluatorBaseUrls: new Map([[evaluator, url]]) });
  const none = new Set<string>();

  it("sets the provider's variable to the stored URL whatever the environment says; a default endpoint stays the default", () => {
    expect(
      storedBaseUrlEnv(stored("openai-compatible:m", "http://127.0.0.1:1001/v1"), "r", { OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:1002/v1" }, none),
    ).toEqual({ OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:1001/v1" });
    const env = storedBaseUrlEnv(stored("openai:gpt-test", null), "r", { OPENAI_BASE_URL: "http://127.0.0.1:1002/v1" }, none);
    expect(Object.keys(env)).toEqual(["OPENAI_BASE_URL"]);
    expect(env.OPENAI_BASE_URL).toBeUndefined();
  });

  it("a stored host that is not loopback needs consent (exit 2, naming the host), unless it is the one the environment names", () => {
    const r = stored("openai-compatible:m", "https://remote.example/v1");
    try {
      storedBaseUrlEnv(r, "run-1", { OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:1002/v1" }, none);
      expect.unreachable();
    } catch (e) {
      expect((e as PeerlabError).code).toBe("HOST_NOT_ALLOWED");
      expect((e as PeerlabError).exitCode).toBe(2);
      expect((e as Error).message).toMatch(/stored with run run-1 points at "remote\.example".*--allow-host remote\.example/);
    }
    expect(code(() => storedBaseUrlEnv(r, "run-1", {}, new Set(["remote.example"])))).toBe("ok");
    expect(code(() => storedBaseUrlEnv(r, "run-1", { OPENAI_COMPATIBLE_BASE_URL: "https://remote.example/v1" }, none))).toBe("ok");
    expect(code(() => storedBaseUrlEnv(stored("openai-compatible:m", "http://10.0.0.5/v1"), "run-1", {}, new Set(["10.0.0.5"])))).toBe("HOST_NOT_ALLOWED");
  });

  it("a URL stored scrubbed is reached with the environment's credentials when it names the same server, and refused otherwise", () => {
    const r = stored("openai-compatible:m", "https://[redacted]@llm.example/v1");
    expect(storedBaseUrlEnv(r, "r", { OPENAI_COMPATIBLE_BASE_URL: "https://user:pw@llm.example/v1" }, none)).toEqual({});
    expect(code(() => storedBaseUrlEnv(r, "r", { OPENAI_COMPATIBLE_BASE_URL: "https://other:pw@elsewhere.example/v1" }, new Set(["llm.example"])))).toBe(
      "MISSING_KEY",
    );
  });
});
