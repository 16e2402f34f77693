// `peerlab schema experiment|fixture`: the JSON Schema of a spec or a memory fixture, for editors.
import type { Command } from "commander";
import { Argument } from "commander";
import { printJson } from "../output.js";

export function register(program: Command): void {
  program
    .command("schema")
    .addArgument(new Argument("<kind>", "which schema").choices(["experiment", "fixture"]))
    .description("print the JSON Schema of an experiment spec or a memory fixture (generated from the zod schemas)")
    .action(async (kind: "experiment" | "fixture") => {
      const { experimentJsonSchema, fixtureJsonSchema } = await import("../../spec/index.js");
      printJson(kind === "experiment" ? experimentJsonSchema() : fixtureJsonSchema());
    });
}
