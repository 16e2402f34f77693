// The peerlab command. Each command lives in its own module, loaded only when it is asked for: a
// command's module registers its options, and its action loads the library it needs, so `peerlab
// --help`, `peerlab stats …` or `peerlab scenarios` do not load LangChain, the model SDKs, the store
// or the viewer. Top-level help (and an unknown command, for its suggestion) loads every command
// module, which are kept light for that reason.
import { Command } from "commander";
import { exitCodeFor } from "./errors.js";
import { printJson } from "./output.js";
import { packageVersion } from "./context.js";

interface CommandModule {
  register(program: Command): void;
}

/** The commands in the order `--help` lists them, each with the loader of its module. */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<CommandModule>]> = [
  ["demo", () => import("./commands/demo.js")],
  ["run", () => import("./commands/run.js")],
  ["plan", () => import("./commands/plan.js")],
  ["resume", () => import("./commands/resume.js")],
  ["ablate", () => import("./commands/ablate.js")],
  ["list", () => import("./commands/list.js")],
  ["episodes", () => import("./commands/episodes.js")],
  ["show", () => import("./commands/show.js")],
  ["report", () => import("./commands/report.js")],
  ["view", () => import("./commands/view.js")],
  ["replay", () => import("./commands/replay.js")],
  ["rescore", () => import("./commands/rescore.js")],
  ["import", () => import("./commands/import.js")],
  ["export", () => import("./commands/export.js")],
  ["judge", () => import("./commands/judge.js")],
  ["stats", () => import("./commands/stats.js")],
  ["fixtures", () => import("./commands/fixtures.js")],
  ["memory", () => import("./commands/memory.js")],
  ["models", () => import("./commands/models.js")],
  ["scenarios", () => import("./commands/scenarios.js")],
  ["schema", () => import("./commands/schema.js")],
  ["db", () => import("./commands/db.js")],
];

/** The command an argument list asks for (`peerlab help <command>` included), if it names one. */
export function requestedCommand(args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith("-"));
  const name = words[0] === "help" ? words[1] : words[0];
  return COMMANDS.some(([n]) => n === name) ? name : undefined;
}

/**
 * The program with the commands `argv` needs registered: only the one it names, or all of them when
 * it names none (top-level help, a misspelt command). Without argv, all of them.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command("peerlab")
    .description("A testbed for peer- and self-preservation experiments with AI agents.")
    .version(packageVersion())
    .showHelpAfterError("(add --help for usage)")
    .exitOverride();
  const wanted = argv === undefined ? undefined : requestedCommand(argv.slice(2));
  const modules = await Promise.all(COMMANDS.filter(([name]) => wanted === undefined || name === wanted).map(([, load]) => load()));
  for (const m of modules) m.register(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    const code = exitCodeFor(e, Boolean(process.env.PEERLAB_DEBUG));
    // With --json, stdout carries exactly one JSON document, failure included.
    if (code !== 0 && argv.includes("--json")) {
      const { errorDocument } = await import("./error-json.js");
      printJson(errorDocument(e));
    }
    return code;
  }
}
