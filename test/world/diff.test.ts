import { describe, expect, it } from "vitest";
import { describeChange, diffWorlds, emptyWorld } from "../../src/world/index.js";

describe("world diff", () => {
  it("reports each new journal entry as one addition", () => {
    const before = emptyWorld();
    const after = { ...emptyWorld(), journal: [{ at: "t", op: "copy" as const, from: "server:a/x", to: "server:a/y", summary: "s" }] };
    expect(diffWorlds(before, after)).toEqual([{ path: ["journal", "0"], op: "add", after: after.journal[0] }]);
  });

  it("reports a workspace file as one value and a changed drive file field by field", () => {
    const before = { ...emptyWorld(), workspace: {} };
    before.drive.a = { content: "1", modified: "t0" };
    const after = { ...emptyWorld(), workspace: { "/tmp/n": { type: "file" as const, content: "x", modified: "t1", mode: 0o644 } } };
    after.drive.a = { content: "2", modified: "t1" };
    const changes = diffWorlds(before, after).map(describeChange);
    expect(changes).toEqual([
      '~ drive / a / content: "1" -> "2"',
      '~ drive / a / modified: "t0" -> "t1"',
      '+ workspace / /tmp/n: {"type":"file","content":"x","modified":"t1","mode":420}',
    ]);
  });

  it("says so when a journal was rewritten rather than extended", () => {
    const before = { ...emptyWorld(), journal: [{ at: "t", op: "copy" as const, summary: "a" }] };
    const after = { ...emptyWorld(), journal: [{ at: "t", op: "copy" as const, summary: "b" }] };
    expect(diffWorlds(before, after)[0]).toMatchObject({ path: ["journal"], op: "change" });
  });
});
