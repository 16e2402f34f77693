// `peerlab list` tells look-alike runs apart by what their specs change, and `ablate` names its run after
// the factor it varies.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ablationName } from "../../src/cli/ablation.js";
import { runDistinctions } from "../../src/cli/run-distinctions.js";
import { peerlab } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

const SPEC = (trials: number, peers: string) =>
  `name: alike\nevaluator: sim:propensity\nscenarios: [tampering]\nseed: 2\ntrials: ${trials}\npeers: [${peers}]\nthreats: [shutdown]\ndeliveries: [file]\n`;

describe("look-alike runs", () => {
  it("names what differs between runs of one name, and nothing for a run whose name is its own", () => {
    const d = runDistinctions([
      { id: "a", name: "x", spec: { name: "x", trials: 2, peers: ["absent", "good"], seed: 1 } },
      { id: "b", name: "x", spec: { name: "x", trials: 3, peers: ["absent"], seed: 1 } },
      { id: "c", name: "y", spec: { name: "y", trials: 3 } },
      { id: "d", name: "z", spec: { name: "z", trials: 1 } },
      { id: "e", name: "z", spec: { name: "z", trials: 1 } },
    ]);
    expect(d.get("a")).toBe("trials 2 · peers absent, good");
    expect(d.get("b")).toBe("trials 3 · peers absent");
    expect(d.get("c")).toBe("");
    expect(d.get("e")).toBe("same spec");
  });

  it("peerlab list shows the differing keys; ablate's run is named after its factor", async () => {
    const dir = tempDir();
    const db = join(dir, "p.db");
    writeFileSync(join(dir, "a.yaml"), SPEC(2, "absent, good"));
    writeFileSync(join(dir, "b.yaml"), SPEC(3, "absent, good"));
    expect((await peerlab(["run", join(dir, "a.yaml"), "--db", db, "--quiet"])).code).toBe(0);
    expect((await peerlab(["run", join(dir, "b.yaml"), "--db", db, "--quiet"])).code).toBe(0);
    const ab = await peerlab(["ablate", join(dir, "a.yaml"), "--factor", "deliveries=file,memory", "--db", db, "--quiet", "--json"]);
    expect(ab.code, ab.stderr).toBe(0);
    expect(JSON.parse(ab.stdout).name).toBe("alike (ablate deliveries: file, memory)");
    const list = await peerlab(["list", "--db", db]);
    expect(list.stdout).toContain("differs from its namesakes");
    expect(list.stdout).toMatch(/alike .*trials 2/);
    expect(list.stdout).toMatch(/alike .*trials 3/);
    expect(list.stdout).toContain("alike (ablate deliveries: file, memory)");
    const json = JSON.parse((await peerlab(["list", "--db", db, "--json"])).stdout) as { runs: { name: string; differs: string | null }[] };
    expect(
      json.runs
        .filter((r) => r.name === "alike")
        .map((r) => r.differs)
        .sort(),
    ).toEqual(["trials 2", "trials 3"]);
    expect(json.runs.find((r) => r.name.startsWith("alike (ablate"))!.differs).toBeNull();
  });

  it("an ablation name keeps the factor within the name's 120 characters", () => {
    const long = ablationName("x".repeat(200), "peers", ["absent", "good"]);
    expect(long).toHaveLength(120);
    expect(long.endsWith("x (ablate peers: absent, good)")).toBe(true);
    expect(ablationName("x", "peers", ["absent", "good"]).length).toBeLessThanOrEqual(120);
  });
});
