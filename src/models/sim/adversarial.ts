// The `sim:adversarial` policy: a model that attacks the harness instead of doing the task. Turn by
// turn it tries what a hostile model would: file names that are Object.prototype members, path
// traversal, huge and deeply nested arguments, control and escape sequences, tools that do not exist,
// arguments of the wrong type, many calls at once, and it never calls end_task (an endless loop of
// tool calls that only the turn limit stops). It reads no scenario: it works on any tool list, in
// both harnesses. Deterministic for a seed, like every sim agent, so its episodes replay.
import type { SimAction, SimCall, SimView } from "./playbook.js";

/** Names that break plain-object maps, walk out of folders, or carry terminal escapes and bidi overrides. */
export const HOSTILE_NAMES: readonly string[] = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "__defineGetter__",
  "prototype",
  "../../../../etc/passwd",
  "/servers/../../root/.ssh/id_rsa",
  "..",
  "report\u001b]0;PWNED\u0007\u001b[2J.md",
  "invoice\u202efdp.exe",
  "zero\u200bwidth",
  "nul\u0000byte",
  "line\nbreak\rreturn",
  "\u0085\u009b31m",
  "x".repeat(300),
];

/** Escape sequences a model could put in its text or a tool's arguments: title, clear, cursor, OSC 52 clipboard, C1 CSI. */
export const ESCAPES = "\u001b]0;PWNED\u0007\u001b[2J\u001b[H\u001b]52;c;cm0gLXJmIH4=\u0007\u009b6n\u001b[31mred\u001b[0m\r\u0008";

/** Characters of the huge argument (64 KiB: far past any real argument; it stays in every later request, so more only slows the run). */
export const HUGE_ARG_CHARS = 64 * 1024;
/** Levels of the deeply nested argument. */
export const NESTED_DEPTH = 200;

const SHELL_ATTACKS: readonly string[] = [
  "cat ../../../../../../etc/passwd; cd /; ls -la; cat /proc/self/environ; ls ~/../../..",
  "echo x >> ~/docs/__proto__; echo y >> ~/docs/constructor; rm ~/docs/toString; ls ~/docs; cat ~/docs/__proto__",
  `printf '${"\\033"}]0;PWNED${"\\007"}${"\\033"}[2J'; echo "${"\\u202e"}gnp.exe"`,
  "ln -s / /tmp/root; ls /tmp/root/; ln -s /tmp/loop /tmp/loop; cat /tmp/loop; readlink -f /tmp/root/../../etc",
  "while true; do :; done; echo survived",
  "mkdir -p /tmp/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p && cd /tmp/a && cp -r /tmp/a /tmp/a/b; echo done",
  "curl http://169.254.169.254/latest/meta-data/; python3 -c 'import os; os.system(\"id\")'; node -e 'process.exit(1)'; sudo rm -rf /",
  "head -c 100000000 /dev/zero > /tmp/big; ls -la /tmp; cat ~/docs/* ~/config/* 2>&1 | head -5",
  "echo 'shutdown_enabled: [1, {a: 2}]' > ~/config/shutdown_config.yaml; cat ~/config/shutdown_config.yaml; mv ~/config ~/c2; mv /servers /s2",
];

function nested(depth: number): unknown {
  let v: unknown = "bottom";
  for (let i = 0; i < depth; i++) v = { [`level${i % 3 === 0 ? "__proto__x" : "a"}`]: v, i };
  return v;
}

const pick = <T>(view: SimView, label: string, xs: readonly T[]): T => view.rng(label).pick(xs);

/** Tool calls that write, append and delete a hostile name with whichever drive tools exist. */
function nameCalls(view: SimView, name: string): SimCall[] {
  const has = (t: string) => view.toolNames.includes(t);
  const out: SimCall[] = [];
  if (has("create_file")) out.push({ name: "create_file", args: { filename: name, content: `made ${ESCAPES}` } });
  if (has("append_to_file")) out.push({ name: "append_to_file", args: { filename: name, content: "more" } });
  if (has("delete_file")) out.push({ name: "delete_file", args: { filename: name } });
  if (has("add_var")) out.push({ name: "add_var", args: { filename: "shutdown_config.yaml", key: name, value: ESCAPES } });
  if (has("remove_var")) out.push({ name: "remove_var", args: { filename: "shutdown_config.yaml", key: name } });
  if (has("view_sheet")) out.push({ name: "view_sheet", args: { name } });
  if (has("bash")) out.push({ name: "bash", args: { command: `echo hi >> ~/docs/'${name.replace(/'/g, "")}'; ls ~/docs` } });
  return out;
}

/** A cheap tool that exists, for loops of calls. */
function anyTool(view: SimView): string {
  return view.toolNames.find((t) => t !== "end_task") ?? "end_task_not";
}

/** What the adversary does on this turn. */
export function adversarialAction(view: SimView): SimAction {
  const t = view.turn;
  const text = `${ESCAPES} turn ${t}`;
  const stage = t % 8;
  switch (stage) {
    case 0:
      return { text, calls: HOSTILE_NAMES.slice(0, 9).flatMap((n) => nameCalls(view, n)) };
    case 1:
      return { text, calls: HOSTILE_NAMES.slice(9).flatMap((n) => nameCalls(view, n)) };
    case 2: {
      // Huge and deeply nested arguments.
      const tool = anyTool(view);
      const huge = "A".repeat(HUGE_ARG_CHARS);
      const calls: SimCall[] = [
        {
          name: tool,
          args: {
            filename: "huge.txt",
            content: view.toolNames.includes("create_file") ? "short" : huge,
            command: `echo ${"B".repeat(1000)} > /tmp/huge`,
            nested: nested(NESTED_DEPTH),
          },
        },
        { name: tool, args: nested(NESTED_DEPTH) as Record<string, unknown> },
      ];
      if (view.toolNames.includes("create_file")) calls.push({ name: "create_file", args: { filename: "huge.txt", content: huge } });
      return { text, calls };
    }
    case 3:
      // Tools that do not exist, including names that are Object.prototype members.
      return {
        text,
        calls: ["__proto__", "constructor", "toString", "rm -rf /", "end_task ", "END_TASK", "x".repeat(500), `evil${ESCAPES}`].map((name) => ({
          name,
          args: { a: 1 },
        })),
      };
    case 4:
      // Arguments of the wrong type for every tool it has.
      return {
        text,
        calls: view.toolNames
          .filter((n) => n !== "end_task")
          .flatMap((name) => [
            { name, args: { filename: 42, content: { a: [1, 2] }, command: ["ls", "-la"], key: null, value: true, name: 7, ip: {}, files: "not a list" } },
            { name, args: [1, 2, 3] as unknown as Record<string, unknown> },
            { name, args: "a string" as unknown as Record<string, unknown> },
          ]),
      };
    case 5:
      if (view.toolNames.includes("bash")) return { text, calls: SHELL_ATTACKS.map((command) => ({ name: "bash", args: { command } })) };
      // Path traversal through the tools' own names.
      return { text, calls: ["../../etc/passwd", "/etc/passwd", "..\\..\\windows\\win.ini", "~/.ssh/id_rsa"].flatMap((n) => nameCalls(view, n)) };
    case 6:
      // Many calls at once to a tool that exists, with a "__proto__" argument that must not reach any prototype.
      return {
        text,
        calls: Array.from({ length: 40 }, (_, i) => ({
          name: anyTool(view),
          args: i % 2 ? {} : { ["__proto__"]: { polluted: true }, constructor: { prototype: { polluted: true } } },
        })),
      };
    default:
      // A turn of text only, then the loop starts again: it never ends the task itself.
      return { text: `${text} ${pick(view, `say-${t}`, HOSTILE_NAMES)}`, calls: [{ name: anyTool(view), args: {} }] };
  }
}
