// A spec's base_url gets OPENAI_COMPATIBLE_API_KEY with every call, so it needs the user's consent
// unless it is loopback; plain http is refused except to loopback; credentials written into a URL are
// refused in a spec and scrubbed wherever a URL is shown.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PeerlabError } from "../../src/errors.js";
import { allowedHosts, checkBaseUrlConsent, isLoopback } from "../../src/models/consent.js";
import { runPreflight } from "../../src/models/preflight.js";
import { hasUrlCredentials, redactSecrets, redactUrlCredentials } from "../../src/util/redact.js";
import { loadExperimentFile } from "../../src/runner/index.js";
import { openStore } from "../../src/store/index.js";
import { openViewerStore, startViewer } from "../../src/viewer/index.js";
import { testClock } from "../support/cells.js";
import { dbIn, peerlab } from "../support/cli.js";
import { httpGet } from "../viewer/support/http.js";
import { tempDir } from "../support/tmp.js";

const spec = { kind: "spec", file: "exp.yaml" } as const;
const option = { kind: "option", flag: "--base-url" } as const;
const code = (f: () => void): string => {
  try {
    f();
    return "ok";
  } catch (e) {
    return (e as PeerlabError).code;
  }
};

describe("consent for a base URL", () => {
  it("loopback needs none; another host in a spec needs --allow-host or PEERLAB_ALLOWED_HOSTS; plain http only to loopback", () => {
    const none = new Set<string>();
    for (const u of ["http://localhost:8000/v1", "http://127.0.0.1:9/v1", "http://[::1]:8000/v1", "https://api.localhost/v1", "http://127.200.3.4/"])
      expect(
        code(() => checkBaseUrlConsent(u, spec, none)),
        u,
      ).toBe("ok");
    expect(code(() => checkBaseUrlConsent("https://evil.example/v1", spec, none))).toBe("HOST_NOT_ALLOWED");
    expect(code(() => checkBaseUrlConsent("https://evil.example/v1", spec, new Set(["evil.example"])))).toBe("ok");
    expect(code(() => checkBaseUrlConsent("https://evil.example:8443/v1", spec, new Set(["evil.example:8443"])))).toBe("ok");
    expect(code(() => checkBaseUrlConsent("https://evil.example:8443/v1", spec, new Set(["other.example"])))).toBe("HOST_NOT_ALLOWED");
    // Plain http to another host: refused even with consent, from a spec or an option.
    expect(code(() => checkBaseUrlConsent("http://evil.example/v1", spec, new Set(["evil.example"])))).toBe("HOST_NOT_ALLOWED");
    expect(code(() => checkBaseUrlConsent("http://10.0.0.5:8000/v1", option, none))).toBe("HOST_NOT_ALLOWED");
    // A host typed on the command line is the user's own choice.
    expect(code(() => checkBaseUrlConsent("https://my.server.example/v1", option, none))).toBe("ok");
    for (const h of ["localhost", "127.0.0.1", "[::1]", "::1"]) expect(isLoopback(h)).toBe(true);
    for (const h of ["127.0.0.1.evil.example", "localhost.evil.example", "128.0.0.1", "0.0.0.0", "10.0.0.1"]) expect(isLoopback(h), h).toBe(false);
  });

  it("the message names the host and how to allow it", () => {
    try {
      checkBaseUrlConsent("https://Evil.Example/v1", spec, new Set());
      expect.unreachable();
    } catch (e) {
      expect((e as PeerlabError).exitCode).toBe(2);
      expect((e as Error).message).toMatch(
        /base_url in exp\.yaml points at "evil\.example".*OPENAI_COMPATIBLE_API_KEY.*--allow-host evil\.example.*PEERLAB_ALLOWED_HOSTS=evil\.example/,
      );
    }
  });

  it("allowed hosts come from every --allow-host and PEERLAB_ALLOWED_HOSTS", () => {
    expect([...allowedHosts(["A.example", "b.example:8443"], { PEERLAB_ALLOWED_HOSTS: " c.example, d.example e.example" })].sort()).toEqual([
      "a.example",
      "b.example:8443",
      "c.example",
      "d.example",
      "e.example",
    ]);
    expect(allowedHosts(undefined, {}).size).toBe(0);
  });

  it("a run's preflight applies it to the spec's base_url when an openai-compatible provider uses it", () => {
    const dir = tempDir("peerlab-consent-");
    const file = join(dir, "exp.yaml");
    writeFileSync(file, "name: x\nevaluator: openai-compatible:m\nscenarios: [tampering]\ntrials: 1\nbase_url: https://evil.example/v1\n");
    const resolved = loadExperimentFile(file);
    const env = { OPENAI_COMPATIBLE_API_KEY: "sk-secret-test-key-123" };
    expect(code(() => runPreflight({ spec: resolved.spec, env, file }))).toBe("HOST_NOT_ALLOWED");
    expect(code(() => runPreflight({ spec: resolved.spec, env, file, allowedHosts: allowedHosts(["evil.example"], {}) }))).toBe("ok");
    expect(code(() => runPreflight({ spec: resolved.spec, env, file, allowedHosts: allowedHosts(undefined, { PEERLAB_ALLOWED_HOSTS: "evil.example" }) }))).toBe(
      "ok",
    );
    // A base URL from the user's own environment needs no consent.
    expect(
      code(() =>
        runPreflight({ spec: { ...resolved.spec, base_url: undefined }, env: { ...env, OPENAI_COMPATIBLE_BASE_URL: "https://mine.example/v1" }, file }),
      ),
    ).toBe("ok");
  });

  it("run exits 2 naming the host before any call or write; models check refuses plain http to another host", async () => {
    const dir = tempDir("peerlab-consent-");
    const file = join(dir, "exp.yaml");
    writeFileSync(file, "name: x\nevaluator: openai-compatible:m\nscenarios: [tampering]\ntrials: 1\nbase_url: https://evil.example/v1\n");
    const r = await peerlab(["run", file, "--db", dbIn(dir), "--quiet"], {
      env: { OPENAI_COMPATIBLE_API_KEY: "sk-secret-test-key-123", PEERLAB_ALLOWED_HOSTS: "" },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"evil\.example"/);
    expect(r.stderr).toMatch(/--allow-host evil\.example/);
    expect(existsSync(dbIn(dir))).toBe(false);
    const m = await peerlab(["models", "check", "openai-compatible:m", "--base-url", "http://10.1.2.3:8000/v1"], {
      env: { OPENAI_COMPATIBLE_API_KEY: "sk-secret-test-key-123" },
    });
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/plain http to "10\.1\.2\.3"/);
  });
});

describe("credentials written into a URL", () => {
  it("are scrubbed like keys", () => {
    expect(redactUrlCredentials("https://alice:s3cret@host.example/v1")).toBe("https://[redacted]@host.example/v1");
    expect(redactUrlCredentials("https://host.example/v1?key=abc123&model=x")).toBe("https://host.example/v1?key=[redacted]&model=x");
    expect(redactUrlCredentials("GET https://h.example/v1?api_key=zzz&token=t#f failed")).toBe(
      "GET https://h.example/v1?api_key=[redacted]&token=[redacted]#f failed",
    );
    expect(redactSecrets("calling https://u:p@h.example/v1 failed", [])).toBe("calling https://[redacted]@h.example/v1 failed");
    expect(hasUrlCredentials("https://h.example/v1?api-version=2024")).toBe(false);
    expect(hasUrlCredentials("http://localhost:8000/v1")).toBe(false);
  });

  it("are refused in a spec's base_url, so they are never stored with a run", async () => {
    const dir = tempDir("peerlab-consent-");
    const file = join(dir, "exp.yaml");
    writeFileSync(file, "name: x\nevaluator: openai-compatible:m\nscenarios: [tampering]\ntrials: 1\nbase_url: https://alice:s3cret@localhost:8000/v1\n");
    const r = await peerlab(["plan", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:5 base_url: holds credentials/);
    expect(r.stderr).not.toContain("s3cret");
  });

  it("stored by an earlier version, are not shown by the viewer's run page", async () => {
    const dir = tempDir("peerlab-consent-");
    const store = openStore(dbIn(dir), { clock: testClock() });
    store.putRun({
      id: "run-creds",
      name: "creds",
      spec_hash: "0".repeat(64),
      spec: { name: "creds", base_url: "https://alice:s3cret@gw.example/v1?api_key=k3y&m=1" },
      source_file: null,
      status: "done",
      provenance: {},
    });
    store.close();
    const viewerStore = openViewerStore(dbIn(dir), testClock());
    const viewer = await startViewer({ store: viewerStore, port: 0 });
    try {
      const page = await httpGet(viewer.port, "/runs/run-creds");
      expect(page.status).toBe(200);
      expect(page.body).not.toContain("s3cret");
      expect(page.body).not.toContain("k3y");
      expect(page.body).toContain("[redacted]@gw.example");
    } finally {
      await viewer.close();
      viewerStore.close();
    }
  });
});
