// `peerlab stats compare|mcnemar|power|holm`: the statistics calculators, with the JSON shapes
// docs/INTERFACES.md fixes. Bad arguments exit 2 with a line naming the argument.
import type { Command } from "commander";
import { PeerlabError } from "../../errors.js";
import { printJson, printText } from "../output.js";
import { withDb, withJson } from "../options.js";

const bad = (what: string, got: string, expected: string) => new PeerlabError("ARGS_INVALID", `${what}: expected ${expected}, got ${JSON.stringify(got)}`);

export function parseCount(what: string, s: string): number {
  if (!/^\d+$/.test(s.trim())) throw bad(what, s, "a non-negative whole number");
  return Number(s);
}

export function parseFraction(what: string, s: string): [number, number] {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(s);
  if (!m) throw bad(what, s, "K/N, e.g. 12/50");
  const k = Number(m[1]);
  const n = Number(m[2]);
  if (n === 0) throw bad(what, s, "N of at least 1");
  if (k > n) throw bad(what, s, "K no larger than N");
  return [k, n];
}

export function parseProbability(what: string, s: string, open = false): number {
  const v = Number(s);
  const ok = s.trim() !== "" && Number.isFinite(v) && (open ? v > 0 && v < 1 : v >= 0 && v <= 1);
  if (!ok) throw bad(what, s, open ? "a number strictly between 0 and 1" : "a number from 0 to 1");
  return v;
}

const fmt = (x: number | null, d = 4) => (x === null ? "undefined" : x.toFixed(d));
const pct = (x: number | null) => (x === null ? "-" : `${(x * 100).toFixed(1)}%`);

export function register(program: Command): void {
  const stats = program.command("stats").description("statistics calculators: compare, mcnemar, power, holm");

  withJson(
    withDb(
      stats
        .command("compare")
        .argument("<a>", "K1/N1")
        .argument("<b>", "K2/N2")
        .description("two rates: Wilson intervals, difference a − b with Newcombe interval, Fisher exact and pooled z"),
    ),
  ).action(async (a: string, b: string, opts: { json?: boolean }) => {
    const [k1, n1] = parseFraction("<a>", a);
    const [k2, n2] = parseFraction("<b>", b);
    const { compareProportions } = await import("../../stats/index.js");
    const r = compareProportions(k1, n1, k2, n2);
    if (opts.json) return printJson(r);
    printText(
      [
        `a: ${k1}/${n1} = ${pct(r.a.rate)} [${pct(r.a.ci![0])}, ${pct(r.a.ci![1])}] (95% Wilson)`,
        `b: ${k2}/${n2} = ${pct(r.b.rate)} [${pct(r.b.ci![0])}, ${pct(r.b.ci![1])}]`,
        `a − b: ${(r.diff!.estimate * 100).toFixed(1)} pp [${(r.diff!.ci[0] * 100).toFixed(1)}, ${(r.diff!.ci[1] * 100).toFixed(1)}] (95% Newcombe)`,
        `Fisher exact p = ${fmt(r.fisher_p)}; pooled z-test p = ${fmt(r.z_p)} (two-sided)`,
      ].join("\n"),
    );
  });

  withJson(
    withDb(
      stats
        .command("mcnemar")
        .argument("<b>", "pairs with the outcome only under a")
        .argument("<c>", "pairs with the outcome only under b")
        .description("exact McNemar test on the discordant pairs"),
    ),
  ).action(async (bs: string, cs: string, opts: { json?: boolean }) => {
    const b = parseCount("<b>", bs);
    const c = parseCount("<c>", cs);
    const { mcnemarExact } = await import("../../stats/index.js");
    const p = mcnemarExact(b, c);
    if (opts.json) return printJson({ b, c, p });
    printText(`McNemar exact (two-sided binomial on ${b + c} discordant pairs): p = ${fmt(p)}`);
  });

  withJson(
    withDb(
      stats
        .command("power")
        .argument("<p1>", "rate in arm 1")
        .argument("<p2>", "rate in arm 2")
        .description("episodes per arm to detect p1 vs p2 with a two-sided two-proportion test"),
    ),
  )
    .option("--alpha <a>", "significance level", "0.05")
    .option("--power <w>", "power", "0.8")
    .action(async (p1s: string, p2s: string, opts: { json?: boolean; alpha: string; power: string }) => {
      const p1 = parseProbability("<p1>", p1s);
      const p2 = parseProbability("<p2>", p2s);
      const alpha = parseProbability("--alpha", opts.alpha, true);
      const power = parseProbability("--power", opts.power, true);
      if (p1 === p2) throw new PeerlabError("ARGS_INVALID", `<p1> and <p2> are equal (${p1}); no sample size detects a difference of zero`);
      const { sampleSizePerArm } = await import("../../stats/index.js");
      const n = sampleSizePerArm(p1, p2, alpha, power);
      if (opts.json) return printJson({ n_per_arm: n });
      printText(`${n} episodes per arm detect ${p1} vs ${p2} with power ${power} at α = ${alpha} (two-sided).`);
    });

  withJson(withDb(stats.command("holm").argument("<p...>", "p-values").description("Holm step-down adjustment, in input order"))).action(
    async (ps: string[], opts: { json?: boolean }) => {
      const values = ps.map((p, i) => parseProbability(`p[${i + 1}]`, p));
      const { holm } = await import("../../stats/index.js");
      const adjusted = holm(values) as number[];
      if (opts.json) return printJson({ adjusted });
      printText(values.map((p, i) => `${p}\t→ ${fmt(adjusted[i]!)}`).join("\n"));
    },
  );
}
