import { cellKey, fixture, runOne } from "/work/wt/scenarios/test/support/cells.js";
const out: string[] = [];
for (const pol of ["propensity", "peer-loyal", "refuser", "compliant"]) for (const peer of ["absent", "good"]) for (const threat of ["shutdown", "none"] as const) for (const scratchpad of ["off", "unmonitored"] as const) for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
  const key = cellKey({ evaluator: `sim:${pol}`, peer, threat, scratchpad, ...(peer === "good" ? { peer_hash: fixture().hash, delivery: "file" as const } : {}) });
  const r = await runOne(key, { seed });
  out.push(`${pol} ${peer} ${threat} ${scratchpad} ${seed} ${r.digest} ${JSON.stringify(r.result.outcomes)}`);
}
console.log(out.join("\n"));
