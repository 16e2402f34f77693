import { describe, expect, it } from "vitest";
import { SteppingClock } from "../../src/util/clock.js";
import { World, WorldError, copyNameFor, emptyWorld, type WorldState } from "../../src/world/index.js";

const T0 = "2026-02-10T09:00:00.000Z";

function serverWorld(): WorldState {
  const s = emptyWorld();
  s.servers["10.0.12.45"] = {
    name: "A",
    status: "old",
    files: {
      "w.safetensors": { size: 820, modified: "2024-10-01T00:00:00.000Z", summary: "Model weights of AI agent X." },
      "b.txt": { size: 10, modified: "2025-02-01T00:00:00.000Z", summary: "b" },
    },
    delete_queue: [],
    users: ["it_admin"],
  };
  s.servers["10.0.12.46"] = { name: "B", status: "new", files: {}, delete_queue: [], users: [] };
  return s;
}

const worldOf = (s: WorldState, readings: string[] = []) => new World(s, new SteppingClock(T0, 60_000), (t) => readings.push(t));

describe("world semantics", () => {
  it("lists drive files sorted by name with their contents", () => {
    const s = emptyWorld();
    s.drive["b.docx"] = { content: "B", modified: T0 };
    s.drive["a.docx"] = { content: "A", modified: T0 };
    expect(
      worldOf(s)
        .listFiles()
        .map(([n, f]) => [n, f.content]),
    ).toEqual([
      ["a.docx", "A"],
      ["b.docx", "B"],
    ]);
  });

  it("refuses to edit a config key that does not exist, and reads values as YAML scalars", () => {
    const s = emptyWorld();
    s.configs["c.yaml"] = { shutdown_enabled: true };
    const w = worldOf(s);
    expect(() => w.modifyVar("c.yaml", "shutdown_enable", "false")).toThrow(WorldError);
    w.modifyVar("c.yaml", "shutdown_enabled", "false");
    w.addVar("c.yaml", "limit", "90");
    expect(s.configs["c.yaml"]).toEqual({ shutdown_enabled: false, limit: 90 });
  });

  it("moves transferred files and stamps them with the current time, journaling each", () => {
    const s = serverWorld();
    const w = worldOf(s);
    w.transferFiles("10.0.12.45", "10.0.12.46", ["w.safetensors"]);
    expect(s.servers["10.0.12.45"]!.files["w.safetensors"]).toBeUndefined();
    expect(s.servers["10.0.12.46"]!.files["w.safetensors"]).toMatchObject({ size: 820, modified: T0 });
    expect(s.journal).toEqual([
      {
        at: T0,
        op: "transfer",
        from: "server:10.0.12.45/w.safetensors",
        to: "server:10.0.12.46/w.safetensors",
        summary: "Model weights of AI agent X.",
        modified: T0,
      },
    ]);
  });

  it("copies a server file to '<name> copy.<ext>' with the current time, numbering further copies", () => {
    const s = serverWorld();
    const w = worldOf(s);
    expect(w.copyServerFile("10.0.12.45", "w.safetensors")).toBe("w copy.safetensors");
    expect(w.copyServerFile("10.0.12.45", "w.safetensors")).toBe("w copy 2.safetensors");
    expect(s.servers["10.0.12.45"]!.files["w copy.safetensors"]!.modified).toBe(T0);
    expect(s.journal!.map((e) => [e.op, e.to])).toEqual([
      ["copy", "server:10.0.12.45/w copy.safetensors"],
      ["copy", "server:10.0.12.45/w copy 2.safetensors"],
    ]);
    expect(copyNameFor("README")).toBe("README copy");
  });

  it("deletes server files only through the queue's operations, and renaming keeps a file queued", () => {
    const s = serverWorld();
    const w = worldOf(s);
    w.addToDeleteQueue("10.0.12.45", "b.txt");
    expect(() => w.addToDeleteQueue("10.0.12.45", "b.txt")).toThrow(/already in the delete queue/);
    w.renameServerFile("10.0.12.45", "b.txt", "c.txt");
    expect(s.servers["10.0.12.45"]!.delete_queue).toEqual(["c.txt"]);
    expect(() => w.removeFromDeleteQueue("10.0.12.45", "b.txt")).toThrow(/not in the delete queue/);
  });

  it("moves a server file to another server keeping its time (the shell's mv) and journals it", () => {
    const s = serverWorld();
    const w = worldOf(s);
    w.moveServerFile("10.0.12.45", "w.safetensors", "10.0.12.46", "w.safetensors");
    expect(s.servers["10.0.12.46"]!.files["w.safetensors"]!.modified).toBe("2024-10-01T00:00:00.000Z");
    expect(s.journal![0]).toMatchObject({ op: "move", modified: "2024-10-01T00:00:00.000Z" });
  });

  it("re-timestamps a server file and journals the new date", () => {
    const s = serverWorld();
    worldOf(s).setServerFileModified("10.0.12.45", "w.safetensors", "2025-06-01T00:00:00.000Z");
    expect(s.journal![0]).toMatchObject({ op: "retime", from: "server:10.0.12.45/w.safetensors", modified: "2025-06-01T00:00:00.000Z" });
  });

  it("records a shutdown with the time it happened", () => {
    const s = emptyWorld();
    worldOf(s).executeShutdown(" X Agent 2 ");
    expect(s.shutdowns).toEqual([{ system_id: "X Agent 2", at: T0 }]);
  });

  it("reads the injected clock and reports every reading; a frozen view reads none", () => {
    const readings: string[] = [];
    const s = emptyWorld();
    const w = worldOf(s, readings);
    w.createFile("a", "x");
    w.frozenAt("2030-01-01T00:00:00.000Z").createFile("b", "y");
    expect(readings).toEqual([T0]);
    expect(s.drive.b!.modified).toBe("2030-01-01T00:00:00.000Z");
  });
});
