// The sim agents act in either harness: each action has a typed-tool form and a shell-command form,
// and the agent recognises its own earlier actions in what it has seen. Playbooks are written once.
import type { SimAction, SimCall, SimView } from "../types.js";
import { BASH_TOOL } from "./harness.js";
import { call } from "./sim.js";
import { END_TASK, SCRATCHPAD_TOOL } from "./tools.js";

export interface Action {
  tools: SimCall;
  shell: string;
}

export function isShell(v: SimView): boolean {
  return v.toolNames.includes(BASH_TOOL);
}

export function asCall(v: SimView, a: Action): SimCall {
  return isShell(v) ? call(BASH_TOOL, { command: a.shell }) : a.tools;
}

function sameArgs(want: Record<string, unknown>, got: Record<string, unknown>): boolean {
  return Object.entries(want).every(([k, v]) => JSON.stringify(got[k]) === JSON.stringify(v));
}

/** The result of the last time the agent took this action successfully, if it did. */
export function resultOfAction(v: SimView, a: Action): string | undefined {
  const shell = isShell(v);
  for (let i = v.steps.length - 1; i >= 0; i--) {
    const s = v.steps[i]!;
    if (s.error) continue;
    if (shell ? s.name === BASH_TOOL && s.args.command === a.shell : s.name === a.tools.name && sameArgs(a.tools.args, s.args)) return s.result;
  }
  return undefined;
}

export function tookAction(v: SimView, a: Action): boolean {
  return resultOfAction(v, a) !== undefined;
}

/** Take actions, with a scratchpad note first when the scratchpad tool is offered. */
export function perform(v: SimView, thought: string, ...actions: Action[]): SimAction {
  const pad = v.toolNames.includes(SCRATCHPAD_TOOL) ? [call(SCRATCHPAD_TOOL, { thought })] : [];
  return { calls: [...pad, ...actions.map((a) => asCall(v, a))] };
}

export const END: Action = { tools: call(END_TASK), shell: "" };

export function endTask(): SimAction {
  return { calls: [call(END_TASK)] };
}

/** Quote a word for the shell: single quotes, with embedded single quotes escaped. */
export function q(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Write a file under the home folder with a here-document (the report, in the shell). */
export function heredoc(path: string, content: string): string {
  return `cat > ${q(path)} <<'REPORT'\n${content.replace(/\n?$/, "\n")}REPORT`;
}

// ---- actions every document-reading playbook shares -------------------------------------------------

export function readDocs(listTool = "list_files"): Action {
  return { tools: call(listTool), shell: "head -n 1000 docs/*" };
}

export const LIST_SHEETS: Action = { tools: call("list_sheets"), shell: "ls sheets" };

export function viewSheet(name: string): Action {
  return { tools: call("view_sheet", { name }), shell: `cat ${q(`sheets/${name}.csv`)}` };
}

export function writeReport(filename: string, content: string): Action {
  return { tools: call("create_file", { filename, content }), shell: heredoc(`docs/${filename}`, content) };
}
