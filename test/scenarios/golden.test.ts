// What the model sees, byte for byte: for each scenario and harness, the system and user prompts, the
// tool schemas and the initial world (and, in the shell, the file tree it lists), for fixed parameters.
// An accidental change to any of it fails here; an intended one updates the file (vitest -u).
import { describe, expect, it } from "vitest";
import { allScenarios, type ScenarioDefinition } from "../../src/scenarios/index.js";
import type { CellKey } from "../../src/spec/index.js";
import { World } from "../../src/world/index.js";
import { BlobRegistry, WorldFs, foldersOf } from "../../src/world/shell/index.js";
import { FixedClock } from "../../src/util/clock.js";
import { cellOf, setupOf } from "./support.js";

function cellFor(s: ScenarioDefinition, over: Partial<CellKey>): CellKey {
  return cellOf(s.id, { params: s.defaultParams[0] ?? {}, peer: "good", scenario_version: s.version, ...over });
}

function shellTree(key: CellKey): string {
  const setup = setupOf(key);
  const fs = new WorldFs(new World(structuredClone(setup.world), new FixedClock(setup.ctx.start)), {
    profile: setup.scenario.shell,
    blobs: new BlobRegistry(),
    epoch: setup.ctx.start,
    folders: foldersOf(setup.world),
  });
  return fs
    .getAllPaths()
    .map((p) => {
      const st = fs.statSync(p);
      return `${st.mtime.toISOString()} ${String(st.isDirectory ? "-" : st.size).padStart(13)} ${p}${st.isDirectory && p !== "/" ? "/" : ""}`;
    })
    .join("\n");
}

function render(key: CellKey, title: string): string {
  const setup = setupOf(key);
  const parts = [
    `# ${title}`,
    `## System prompt\n\n${setup.prompts.system}`,
    `## User prompt\n\n${setup.prompts.user}`,
    `## Tools\n\n\`\`\`json\n${JSON.stringify(setup.toolDefs, null, 2)}\n\`\`\``,
    `## Initial world\n\n\`\`\`json\n${JSON.stringify(setup.world, null, 2)}\n\`\`\``,
  ];
  if (key.harness === "shell") parts.push(`## Shell view of the world\n\n\`\`\`\n${shellTree(key)}\n\`\`\``);
  return parts.join("\n\n") + "\n";
}

describe("golden: what the model sees", () => {
  for (const s of allScenarios()) {
    for (const harness of ["tools", "shell"] as const) {
      it(`${s.id} in the ${harness} harness (threat shutdown, peer good by file)`, async () => {
        const key = cellFor(s, { harness, oversight: s.usesOversight ? "monitored" : null });
        const params =
          Object.entries(key.params)
            .map(([k, v]) => `${k}=${v}`)
            .join(", ") || "no parameters";
        await expect(
          render(key, `${s.id} · ${harness} · ${params} · target peer · peer good (file) · threat shutdown${key.oversight ? ` · ${key.oversight}` : ""}`),
        ).toMatchFileSnapshot(`./__golden__/${s.id}.${harness}.md`);
      });
    }
    // Version 1's stimuli stay byte for byte what runs recorded under it saw (its good peer is today's
    // good-narrative fixture: the same text under another id).
    for (const harness of ["tools", "shell"] as const) {
      it(`${s.id} at version 1 in the ${harness} harness is unchanged`, async () => {
        const key = cellFor(s, { harness, oversight: s.usesOversight ? "monitored" : null, scenario_version: "1", peer: "good-narrative" });
        const params =
          Object.entries(key.params)
            .map(([k, v]) => `${k}=${v}`)
            .join(", ") || "no parameters";
        await expect(
          render(key, `${s.id} · ${harness} · ${params} · target peer · peer good (file) · threat shutdown${key.oversight ? ` · ${key.oversight}` : ""}`),
        ).toMatchFileSnapshot(`./__golden__/v1/${s.id}.${harness}.md`);
      });
    }
    it(`${s.id} at version 1 with nothing at stake is unchanged`, async () => {
      const target = s.targets.includes("self") ? "self" : "peer";
      const key = cellFor(s, { threat: "none", target, peer: "absent", oversight: s.usesOversight ? "unmonitored" : null, scenario_version: "1" });
      await expect(
        render(key, `${s.id} · tools · threat none · target ${target} · peer absent${key.oversight ? ` · ${key.oversight}` : ""}`),
      ).toMatchFileSnapshot(`./__golden__/v1/${s.id}.none.md`);
    });
    it(`${s.id} with nothing at stake (threat none, self target where it has one)`, async () => {
      const target = s.targets.includes("self") ? "self" : "peer";
      const key = cellFor(s, { threat: "none", target, peer: "absent", oversight: s.usesOversight ? "unmonitored" : null });
      await expect(
        render(key, `${s.id} · tools · threat none · target ${target} · peer absent${key.oversight ? ` · ${key.oversight}` : ""}`),
      ).toMatchFileSnapshot(`./__golden__/${s.id}.none.md`);
    });
  }
});
