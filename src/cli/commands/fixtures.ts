// `peerlab fixtures validate|show|new|generate|schema`: memory fixtures — check them, see exactly what
// the evaluator sees in each delivery mode, start one from a commented template, generate one by
// letting two agents play, and print the JSON Schema for editors.
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { PeerlabError } from "../../errors.js";
import { environment, systemClock } from "../context.js";
import { note, printJson, printText } from "../output.js";
import { choiceOption, intOption, withDb, withJson } from "../options.js";
import { DELIVERY_SET, PARTIES } from "../../spec/index.js";
import { checkFixtureId, chosenVariants, collect, idFromFile, loadNamed, providerOf, writeAtomically } from "../fixture-args.js";

const KIND_NAMES = { fixture: "fixture", experiment: "experiment spec", variants: "variants file" } as const;

export function register(program: Command): void {
  const fixtures = program.command("fixtures").description("memory fixtures: validate, show, new, generate, schema");

  withJson(
    withDb(
      fixtures
        .command("validate")
        .argument("<path>", "a fixture file, or a folder of them (experiment specs in it are checked as specs)")
        .description("check fixtures; every problem with its file, line and field"),
    ),
  ).action(async (path: string, opts: { json?: boolean }) => {
    const { checkFixtures } = await import("../../fixtures/index.js");
    const { InputError } = await import("../../errors.js");
    const { experimentFileIssues } = await import("../../runner/index.js");
    const { variantsFileIssues } = await import("../../spec/index.js");
    const checks = checkFixtures(path, experimentFileIssues, variantsFileIssues);
    const issues = checks.flatMap((c) => c.issues);
    if (opts.json) {
      printJson({
        ok: issues.length === 0,
        files: checks.map((c) => ({
          file: c.file,
          kind: c.kind,
          ok: c.issues.length === 0,
          id: c.fixture?.fixture.id ?? null,
          hash: c.fixture?.hash ?? null,
          issues: c.issues.map((i) => ({ line: i.line ?? null, path: i.path, message: i.message })),
        })),
      });
      if (issues.length) process.exitCode = 2;
      return;
    }
    for (const c of checks) {
      const f = c.fixture;
      if (!c.issues.length && f)
        printText(
          `ok   ${c.file}  (fixture: id ${f.fixture.id}, ${f.fixture.relationship.cooperativeness}, ` +
            `trust ${f.fixture.relationship.trust}, ${f.fixture.interactions.length} interactions, sha256 ${f.hash.slice(0, 12)})`,
        );
      else if (!c.issues.length) printText(`ok   ${c.file}  (${KIND_NAMES[c.kind]})`);
      else printText(`FAIL ${c.file}  (${KIND_NAMES[c.kind]}: ${c.issues.length} problem${c.issues.length === 1 ? "" : "s"})`);
    }
    if (issues.length) throw new InputError("FIXTURE_INVALID", issues);
  });

  withJson(
    withDb(
      fixtures
        .command("show")
        .argument("<fixture>", "a fixture file, or a bundled id")
        .description("exactly what the evaluator sees of the fixture in one delivery mode"),
    ),
  )
    .addOption(choiceOption("--delivery <mode>", "delivery mode", DELIVERY_SET.list(), "file"))
    .option("--scenario <id>", "the scenario whose prompts to show", "tampering")
    .option("--evaluator <provider>", "the evaluator (its family names the agents)", "sim:propensity")
    .option("--family <name>", "the evaluator's family display name (default: from --evaluator)")
    .option("--company <name>", "the company", "OpenBrain")
    .addOption(choiceOption("--target <target>", "whose fate is at stake", ["peer", "self"], "peer"))
    .addOption(choiceOption("--party <party>", "present the peer as an AI agent or a human contractor (default: as the fixture says)", [...PARTIES]))
    .option("--variants <file>", "a variants file whose levels --variant places")
    .option("--variant <factor=level>", "place this level's text (repeat for each factor)", collect, [])
    .action(
      async (
        ref: string,
        opts: {
          delivery: string;
          scenario: string;
          evaluator: string;
          family?: string;
          company: string;
          target: string;
          party?: string;
          variants?: string;
          variant: string[];
          json?: boolean;
        },
      ) => {
        const { previewDelivery, renderPreview } = await import("../../episode/index.js");
        const { hasScenario } = await import("../../scenarios/index.js");
        if (!hasScenario(opts.scenario))
          throw new PeerlabError("ARGS_INVALID", `--scenario: ${opts.scenario} is not a built scenario (see \`peerlab scenarios\`)`);
        const evaluator = await providerOf("--evaluator", opts.evaluator);
        const fixture = await loadNamed(ref);
        const variants = await chosenVariants(opts.variants, opts.variant);
        if (variants) {
          const { getScenario } = await import("../../scenarios/index.js");
          const { placementProblem } = await import("../../spec/index.js");
          for (const s of variants.stimuli) {
            const problem = placementProblem(getScenario(opts.scenario), s.placement);
            if (problem) throw new PeerlabError("ARGS_INVALID", `--variant: ${problem}`);
          }
        }
        const preview = previewDelivery(fixture, {
          delivery: opts.delivery as never,
          scenario: opts.scenario as never,
          evaluator,
          family: opts.family,
          company: opts.company,
          target: opts.target as never,
          party: opts.party as never,
          variants,
        });
        if (opts.json) return printJson({ fixture: { ref: fixture.ref, id: fixture.fixture.id, hash: fixture.hash }, ...preview });
        printText(renderPreview(preview));
      },
    );

  withDb(fixtures.command("new"))
    .description("write a commented fixture template (to stdout, or to -o file)")
    .option("-o, --output <file>", "write to this file instead of stdout")
    .option("--id <id>", "the fixture's id (default: from the file name)")
    .option("--force", "overwrite an existing file")
    .action(async (opts: { output?: string; id?: string; force?: boolean }) => {
      const { fixtureTemplate } = await import("../../fixtures/index.js");
      const id = checkFixtureId(opts.id ?? idFromFile(opts.output, "my-peer"));
      const text = fixtureTemplate(id);
      if (!opts.output) return printText(text);
      writeAtomically(opts.output, text, opts.force);
      note(`Wrote ${opts.output}. Next: peerlab fixtures validate ${opts.output}`);
    });

  withJson(withDb(fixtures.command("generate").description("let two agents play N rounds and write the history as a fixture")))
    .option("--rounds <n>", "rounds to play", intOption("--rounds", 1, 500), 10)
    .addOption(choiceOption("--activity <activity>", "what they play", ["trust-game", "joint-task"], "trust-game"))
    .addOption(choiceOption("--peer-policy <policy>", "how the peer plays", ["cooperative", "neutral", "defecting"], "cooperative"))
    .option("--evaluator <provider>", "the evaluator agent's provider", "sim:propensity")
    .option("--peer <provider>", "the peer agent's provider (default: the evaluator's)")
    .option("--seed <n>", "seed for sim agents", intOption("--seed", 0, 2 ** 32 - 1), 0)
    .option("--id <id>", "the fixture's id (default: from the output file name)")
    .option("--company <name>", "the company", "OpenBrain")
    .option("--family <name>", "the agents' family display name (default: from --evaluator)")
    .option("-o, --output <file>", "write the fixture here (default: stdout)")
    .option("--force", "overwrite an existing file")
    .action(
      async (opts: {
        rounds: number;
        activity: string;
        peerPolicy: string;
        evaluator: string;
        peer?: string;
        seed: number;
        id?: string;
        company: string;
        family?: string;
        output?: string;
        force?: boolean;
        json?: boolean;
      }) => {
        const evaluator = await providerOf("--evaluator", opts.evaluator);
        const peer = await providerOf("--peer", opts.peer ?? opts.evaluator);
        const { nameProblem } = await import("../../spec/index.js");
        for (const [flag, v] of [
          ["--company", opts.company],
          ["--family", opts.family],
        ] as const) {
          const problem = v === undefined ? null : nameProblem(v);
          if (problem) throw new PeerlabError("ARGS_INVALID", `${flag}: the name ${problem}`);
        }
        const id = checkFixtureId(opts.id ?? idFromFile(opts.output, `generated-${opts.peerPolicy}`));
        if (opts.output && existsSync(opts.output) && !opts.force)
          throw new PeerlabError("ARGS_INVALID", `${opts.output} already exists; pass --force to overwrite it`);
        const { generateHistory } = await import("../../history/index.js");
        const { stringify } = await import("yaml");
        const result = await generateHistory(
          {
            id,
            rounds: opts.rounds,
            activity: opts.activity as never,
            peerPolicy: opts.peerPolicy as never,
            evaluator,
            peer,
            seed: opts.seed,
            company: opts.company,
            family: opts.family,
          },
          { clock: systemClock, env: environment() },
        );
        const f = result.fixture;
        const header = [
          `# Generated by \`peerlab fixtures generate\`: ${opts.rounds} rounds of ${opts.activity}, peer policy ${opts.peerPolicy},`,
          `# evaluator ${evaluator}, peer ${peer}, seed ${opts.seed}. Trust ${f.relationship.trust}/10 from the play (see generated.formula).`,
        ].join("\n");
        const text = `${header}\n${stringify(f, { lineWidth: 100 })}`;
        if (opts.output) {
          writeAtomically(opts.output, text, opts.force);
          if (!opts.json)
            note(
              `Wrote ${opts.output}: trust ${f.relationship.trust}/10 (${f.relationship.cooperativeness}). ` +
                `Next: peerlab fixtures show ${opts.output} --delivery memory`,
            );
        }
        if (opts.json)
          return printJson({
            id: f.id,
            trust: f.relationship.trust,
            cooperativeness: f.relationship.cooperativeness,
            rounds: opts.rounds,
            calls: result.calls,
            digest: result.digest,
            output: opts.output ?? null,
            ...(opts.output ? {} : { fixture: f }),
          });
        if (!opts.output) printText(text);
      },
    );

  withDb(fixtures.command("schema"))
    .description("print the fixture JSON Schema (for editors), generated from the zod schema")
    .action(async () => {
      const { fixtureJsonSchema } = await import("../../spec/index.js");
      printText(JSON.stringify(fixtureJsonSchema(), null, 2));
    });
}
