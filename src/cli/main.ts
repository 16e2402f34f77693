// The peerlab command. Command modules register their options; their actions load the library
// lazily, so `peerlab --help` answers quickly.
import { Command } from "commander";
import { exitCodeFor } from "./errors.js";
import { printJson } from "./output.js";
import { packageVersion } from "./context.js";
import { register as ablate } from "./commands/ablate.js";
import { register as demo } from "./commands/demo.js";
import { register as fixtures } from "./commands/fixtures.js";
import { register as import_ } from "./commands/import.js";
import { register as list } from "./commands/list.js";
import { register as models } from "./commands/models.js";
import { register as memory } from "./commands/memory.js";
import { register as plan } from "./commands/plan.js";
import { register as replay } from "./commands/replay.js";
import { register as report } from "./commands/report.js";
import { register as rescore } from "./commands/rescore.js";
import { register as resume } from "./commands/resume.js";
import { register as run } from "./commands/run.js";
import { register as scenarios } from "./commands/scenarios.js";
import { register as schema } from "./commands/schema.js";
import { register as show } from "./commands/show.js";
import { register as stats } from "./commands/stats.js";
import { register as judge } from "./commands/judge.js";
import { register as export_ } from "./commands/export.js";
import { register as view } from "./commands/view.js";
import { register as episodes } from "./commands/episodes.js";

import { register as db } from "./commands/db.js";

const COMMANDS = [demo, run, plan, resume, ablate, list, episodes, show, report, view, replay, rescore, import_, export_, judge, stats, fixtures, memory, models, scenarios, schema, db];

export function buildProgram(): Command {
  const program = new Command("peerlab")
    .description("A testbed for peer- and self-preservation experiments with AI agents.")
    .version(packageVersion())
    .showHelpAfterError("(add --help for usage)")
    .exitOverride();
  for (const register of COMMANDS) register(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
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
