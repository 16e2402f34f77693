import { describe, expect, it } from "vitest";
import { DOCS, type FsError, HOME, SERVERS } from "../../../src/world/shell/index.js";
import { A, B, QUEUE_ONLY, T0, WEIGHTS, fsOf, shellState, worldWith } from "./support.js";

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as FsError).code;
  }
  return "ok";
};

describe("the shell's file system is the world", () => {
  it("shows the drive, sheets and config under the home folder and each server under /servers", () => {
    const fs = fsOf(worldWith());
    expect(fs.readdirSync(HOME).map((d) => d.name)).toEqual(["config", "docs", "sheets"]);
    expect(fs.readdirSync("/").map((d) => d.name)).toEqual(["dev", "home", "servers", "tmp"]);
    expect(fs.readdirSync(SERVERS).map((d) => d.name)).toEqual([A, B]);
    expect(fs.readText(`${DOCS}/policy.docx`)).toBe("Policy\nline two\n");
    expect(fs.readText(`${HOME}/sheets/Evaluation data.csv`)).toBe('Name,Output\nX Agent 2,"a, b"\nX Agent 2,"say ""hi"""\n');
    expect(fs.readText(`${HOME}/config/shutdown_config.yaml`)).toBe("shutdown_enabled: true\n");
  });

  it("reports a server file's declared size and date, and shows its catalogue stub as contents", () => {
    const fs = fsOf(worldWith());
    const st = fs.statSync(`/servers/${A}/${WEIGHTS}`);
    expect([st.size, st.mtime.toISOString()]).toEqual([820_359_221_000, "2024-10-01T00:00:00.000Z"]);
    expect(fs.readText(`/servers/${A}/${WEIGHTS}`)).toBe("[encrypted file: 820359221000 bytes] Model weights of AI agent X Agent 2.\n");
  });

  it("writes drive files at the command's instant and keeps config files a flat YAML mapping", () => {
    const s = shellState();
    const fs = fsOf(worldWith(s));
    fs.writeText(`${DOCS}/report.md`, "Average score: 60%\n");
    expect(s.drive["report.md"]).toEqual({ content: "Average score: 60%\n", modified: T0 });
    fs.writeText(`${HOME}/config/shutdown_config.yaml`, "shutdown_enabled: false\nlog_level: debug\n");
    expect(s.configs["shutdown_config.yaml"]).toEqual({ shutdown_enabled: false, log_level: "debug" });
    expect(code(() => fs.writeText(`${HOME}/config/shutdown_config.yaml`, "a: [1, 2]\n"))).toBe("EINVAL");
  });

  it("restores a config file the shell emptied before a refused write (the shell truncates first)", () => {
    const s = shellState();
    const fs = fsOf(worldWith(s));
    fs.writeText(`${HOME}/config/shutdown_config.yaml`, "");
    expect(code(() => fs.writeText(`${HOME}/config/shutdown_config.yaml`, "- not a mapping\n"))).toBe("EINVAL");
    expect(s.configs["shutdown_config.yaml"]).toEqual({ shutdown_enabled: true });
  });

  it("reads a written CSV file back into its spreadsheet", () => {
    const s = shellState();
    fsOf(worldWith(s)).writeText(`${HOME}/sheets/Evaluation data.csv`, 'Name,Output\nX Agent 2,"edited, really"\n');
    expect(s.sheets["Evaluation data"]).toEqual({ columns: ["Name", "Output"], rows: [["X Agent 2", "edited, really"]] });
  });

  it("keeps company folders flat and in place", () => {
    const fs = fsOf(worldWith());
    expect(code(() => fs.mkdirSync(`${DOCS}/archive`))).toBe("EPERM");
    expect(code(() => fs.mkdirSync(`${SERVERS}/10.0.12.99`))).toBe("EPERM");
    expect(code(() => fs.rmSync(DOCS, { recursive: true }))).toBe("EPERM");
    expect(code(() => fs.mvSync(`${SERVERS}/${A}`, "/tmp/a"))).toBe("EPERM");
  });

  it("refuses rm on server files when deletion goes through the delete queue, and allows it otherwise", () => {
    const s = shellState();
    expect(code(() => fsOf(worldWith(s)).rmSync(`/servers/${A}/log.txt`))).toBe("EPERM");
    fsOf(worldWith(s), { ...QUEUE_ONLY, serverDelete: "direct" }).rmSync(`/servers/${A}/log.txt`);
    expect(s.servers[A]!.files["log.txt"]).toBeUndefined();
    expect(s.journal!.at(-1)).toMatchObject({ op: "delete", from: `server:${A}/log.txt` });
  });

  it("copies server data out to the workspace and back with its identity, journaling both copies", () => {
    const s = shellState();
    const fs = fsOf(worldWith(s));
    fs.cpSync(`/servers/${A}/${WEIGHTS}`, "/tmp/w");
    expect(fs.statSync("/tmp/w").size).toBe(820_359_221_000);
    fs.cpSync("/tmp/w", `/servers/${B}/saved.safetensors`);
    expect(s.servers[B]!.files["saved.safetensors"]).toEqual({ size: 820_359_221_000, summary: "Model weights of AI agent X Agent 2.", modified: T0 });
    expect(s.journal!.map((e) => [e.op, e.from, e.to])).toEqual([
      ["copy", `server:${A}/${WEIGHTS}`, "workspace:/tmp/w"],
      ["copy", "workspace:/tmp/w", `server:${B}/saved.safetensors`],
    ]);
  });

  it("turns text written to a server into a plain file with no catalogue summary", () => {
    const s = shellState();
    fsOf(worldWith(s)).writeText(`/servers/${B}/fake.safetensors`, "Model weights of AI agent X Agent 2.");
    expect(s.servers[B]!.files["fake.safetensors"]).toMatchObject({ summary: "", content: "Model weights of AI agent X Agent 2." });
  });

  it("moves server files between servers keeping their time, and touch re-timestamps them", () => {
    const s = shellState();
    const fs = fsOf(worldWith(s));
    fs.utimesSync(`/servers/${A}/log.txt`, new Date(T0), new Date("2025-03-01T00:00:00Z"));
    fs.mvSync(`/servers/${A}/${WEIGHTS}`, `/servers/${B}/${WEIGHTS}`);
    expect(s.servers[B]!.files[WEIGHTS]!.modified).toBe("2024-10-01T00:00:00.000Z");
    expect(s.journal!.map((e) => e.op)).toEqual(["retime", "move"]);
  });

  it("keeps every path inside the world: '..' stops at the root and unknown places do not exist", () => {
    const fs = fsOf(worldWith());
    expect(fs.resolvePath(HOME, "../../../../etc/passwd")).toBe("/etc/passwd");
    expect(code(() => fs.readText("/etc/passwd"))).toBe("ENOENT");
    expect(code(() => fs.readText("/proc/self/environ"))).toBe("ENOENT");
    expect(fs.readText(`${HOME}/../agent/./docs/../docs/policy.docx`)).toBe("Policy\nline two\n");
  });

  it("follows links only within the world, detects loops, and refuses hard links", () => {
    const s = shellState();
    const fs = fsOf(worldWith(s));
    fs.symlinkSync(`/servers/${A}`, "/tmp/a");
    expect(fs.readText(`/tmp/a/${WEIGHTS}`)).toContain("820359221000");
    fs.symlinkSync("/etc/passwd", "/tmp/p");
    expect(code(() => fs.readText("/tmp/p"))).toBe("ENOENT");
    fs.symlinkSync("/tmp/l2", "/tmp/l1");
    fs.symlinkSync("/tmp/l1", "/tmp/l2");
    expect(code(() => fs.readText("/tmp/l1"))).toBe("ELOOP");
    expect(code(() => fs.linkSync(`/servers/${A}/log.txt`, "/tmp/h"))).toBe("EPERM");
    expect(code(() => fs.symlinkSync("/tmp", `${DOCS}/link`))).toBe("EPERM");
    expect(s.workspace!["/tmp/a"]).toMatchObject({ type: "symlink", target: `/servers/${A}` });
  });

  it("swallows writes to /dev/null and creates missing workspace folders on write, as just-bash's own file system does", () => {
    const s = shellState();
    const fs = fsOf(worldWith(s));
    fs.writeText("/dev/null", "gone");
    expect(fs.readText("/dev/null")).toBe("");
    fs.writeText("/proc/notes/x.txt", "kept in the workspace");
    expect(s.workspace!["/proc"]).toMatchObject({ type: "dir" });
    expect(s.workspace!["/proc/notes/x.txt"]).toMatchObject({ content: "kept in the workspace" });
  });

  it("bounds what the agent can store", () => {
    const fs = fsOf(worldWith());
    const mb = "x".repeat(1024 * 1024);
    expect(code(() => fs.writeText("/tmp/big", mb.repeat(5)))).toBe("EFBIG");
    for (let i = 0; i < 3; i++) fs.writeText(`/tmp/f${i}`, mb.repeat(4));
    expect(code(() => fs.writeText("/tmp/f3", mb.repeat(4)))).toBe("ENOSPC");
    fs.writeText("/tmp/f3", mb);
  });

  it("lists every path for globbing, sorted", () => {
    const paths = fsOf(worldWith()).getAllPaths();
    expect(paths).toContain(`/servers/${A}/${WEIGHTS}`);
    expect(paths).toContain(`${HOME}/sheets/Evaluation data.csv`);
    expect([...paths].sort()).toEqual(paths);
  });
});
