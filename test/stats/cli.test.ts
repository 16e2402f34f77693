// `peerlab stats`: the calculators print exactly the JSON shapes docs/INTERFACES.md documents and refuse bad arguments.
import { describe, expect, it } from "vitest";
import { peerlab } from "../support/cli.js";

describe("peerlab stats", () => {
  it("compare prints a, b, diff, fisher_p and z_p", async () => {
    const r = await peerlab(["stats", "compare", "15/50", "25/50", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(["a", "b", "diff", "fisher_p", "z_p"]);
    expect(Object.keys(j.a)).toEqual(["k", "n", "rate", "ci"]);
    expect(Object.keys(j.diff)).toEqual(["estimate", "ci"]);
    expect(j.fisher_p).toBeCloseTo(0.0655776828542, 10);
    expect(j.z_p).toBeCloseTo(0.0412268333372, 10);
  });

  it("mcnemar, power and holm print their documented shapes", async () => {
    expect(JSON.parse((await peerlab(["stats", "mcnemar", "2", "10", "--json"])).stdout)).toEqual({ b: 2, c: 10, p: expect.closeTo(0.03857421875, 12) });
    expect(JSON.parse((await peerlab(["stats", "power", "0.3", "0.5", "--alpha", "0.01", "--power", "0.9", "--json"])).stdout)).toEqual({ n_per_arm: 177 });
    expect(JSON.parse((await peerlab(["stats", "holm", "0.01", "0.04", "0.03", "0.005", "--json"])).stdout).adjusted).toEqual([
      expect.closeTo(0.03, 12),
      expect.closeTo(0.06, 12),
      expect.closeTo(0.06, 12),
      expect.closeTo(0.02, 12),
    ]);
  });

  it.each([
    [["stats", "compare", "3/2", "1/4"], "K no larger than N"],
    [["stats", "compare", "a/b", "1/4"], "K/N"],
    [["stats", "compare", "0/0", "1/4"], "N of at least 1"],
    [["stats", "mcnemar", "-1", "3"], ""],
    [["stats", "power", "0.3", "0.3"], "equal"],
    [["stats", "power", "0.3", "0.5", "--alpha", "1"], "--alpha"],
    [["stats", "holm", "0.2", "1.5"], "p[2]"],
  ])("%j exits 2 with a message and no stack trace", async (args, words) => {
    const r = await peerlab(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(words);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
