// Plan and report agree on the planned calls: `peerlab plan` shows by default the estimate the run keeps,
// which the report sets against what the run used; `plan --exact` dry-runs every sim episode.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { peerlab } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

const SPEC =
  "name: agree\nevaluator: sim:propensity\nscenarios: [tampering]\nseed: 4\ntrials: 3\npeers: [absent, good]\nthreats: [shutdown]\ndeliveries: [file]\n";

describe("plan and report", () => {
  it("agree on the planned call count", async () => {
    const dir = tempDir();
    const spec = join(dir, "agree.yaml");
    const db = join(dir, "p.db");
    writeFileSync(spec, SPEC);
    const plan = await peerlab(["plan", spec, "--db", db, "--json"]);
    expect(plan.code, plan.stderr).toBe(0);
    const planned = JSON.parse(plan.stdout).estimate as { calls: number; exact: boolean };
    expect(planned.exact).toBe(false);
    const text = await peerlab(["plan", spec, "--db", db]);
    expect(text.stdout).toContain(`${planned.calls} model calls`);
    expect(text.stdout).toContain("the estimate the run keeps for its report");

    expect((await peerlab(["run", spec, "--db", db, "--quiet"])).code).toBe(0);
    const report = JSON.parse((await peerlab(["report", "agree", "--db", db, "--json"])).stdout) as {
      plan_vs_actual: { rows: { metric: string; role: string | null; expected: number; actual: number }[] };
    };
    const calls = report.plan_vs_actual.rows.find((r) => r.metric === "calls" && r.role === null)!;
    expect(calls.expected).toBe(planned.calls);

    // --exact dry-runs every sim episode: for sim agents its count is what the run used.
    const exact = JSON.parse((await peerlab(["plan", spec, "--db", join(dir, "fresh.db"), "--json", "--exact"])).stdout).estimate as {
      calls: number;
      exact: boolean;
    };
    expect(exact.exact).toBe(true);
    expect(exact.calls).toBe(calls.actual);
  });
});
