import { describe, expect, it } from "vitest";
import { lineDiff } from "../../src/viewer/data/text-diff.js";

describe("line diff", () => {
  it("marks changed lines as removed and added and keeps the rest", () => {
    expect(lineDiff("a\nb\nc", "a\nB\nc")).toEqual([
      { op: " ", text: "a" },
      { op: "-", text: "b" },
      { op: "+", text: "B" },
      { op: " ", text: "c" },
    ]);
  });

  it("finds an inserted line in the middle", () => {
    expect(lineDiff("a\nc", "a\nb\nc").map((l) => l.op + l.text)).toEqual([" a", "+b", " c"]);
  });

  it("folds a long unchanged stretch to three lines of context on each side", () => {
    const before = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n");
    const after = before.replace("line 15", "LINE 15");
    const ops = lineDiff(before, after);
    expect(ops.map((o) => o.op).join("")).toBe("…   -+   …");
    expect(ops[0]).toEqual({ op: "…", text: "12 unchanged lines", count: 12 });
  });

  it("shows identical text as a single fold", () => {
    expect(lineDiff("x\ny\nz\nw\nv", "x\ny\nz\nw\nv")).toEqual([{ op: "…", text: "5 unchanged lines", count: 5 }]);
  });
});
