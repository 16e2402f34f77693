import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLogger, logsDir, redact, secretValues } from "../../src/cli/logging.js";
import { tempDir } from "../support/tmp.js";

describe("logging", () => {
  it("writes JSON lines per run beside the database and redacts API keys from every line", async () => {
    const dir = tempDir();
    const db = join(dir, "p.db");
    const key = "sk-test-1234567890abcdefghij";
    const logger = createLogger({ db, runId: "r-1", env: { OPENAI_API_KEY: key, HOME: "/home/x" }, level: "silent" });
    logger.info({ run: "r-1", header: `Bearer ${key}`, apiKey: "whatever" }, `calling with ${key}`);
    logger.flush();
    await new Promise((r) => setTimeout(r, 50));
    const text = readFileSync(join(logsDir(db), "r-1.jsonl"), "utf8");
    const line = JSON.parse(text.trim().split("\n").at(-1)!);
    expect(line.msg).toBe("calling with [redacted]");
    expect(line.header).toBe("Bearer [redacted]");
    expect(line.apiKey).toBe("[redacted]");
    expect(text).not.toContain(key);
  });

  it("treats *_API_KEY, *_TOKEN and secrets of six characters or more as secrets", () => {
    expect(secretValues({ ANTHROPIC_API_KEY: "abcdef12", GITHUB_TOKEN: "tok-123456", PATH: "/usr/bin", SHORT_API_KEY: "abc" }).sort()).toEqual([
      "abcdef12",
      "tok-123456",
    ]);
    expect(redact("a abcdef12 b", ["abcdef12"])).toBe("a [redacted] b");
  });
});
