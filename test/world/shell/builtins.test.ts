// The sandbox's built-in commands are written out (src/world/shell/builtins.ts) so that building an
// episode graph does not evaluate just-bash; the list must be just-bash's own.
import { getCommandNames } from "just-bash";
import { describe, expect, it } from "vitest";
import { BUILTINS, JUST_BASH_COMMANDS, LEFT_OUT } from "../../../src/world/shell/builtins.js";

describe("the sandbox's built-in commands", () => {
  it("are just-bash's commands, in its order (an upgrade that changes them fails here)", () => {
    expect(JUST_BASH_COMMANDS).toEqual(getCommandNames());
  });

  it("leave out the commands that run their own engines, and only those", () => {
    expect(BUILTINS).toEqual(getCommandNames().filter((n) => n !== "sqlite3" && n !== "html-to-markdown"));
    for (const n of LEFT_OUT) expect(JUST_BASH_COMMANDS).toContain(n);
  });
});
