// The virtual environment episodes act on: state, operations with the study's semantics, and diffs.
// The shell harness's sandbox over the same world is in ./shell.
export { World, WorldError, configScalar, copyNameFor, compareIp } from "./world.js";
export { diffWorlds, describeChange, WorldChange } from "./diff.js";
export * from "./state.js";
export { DOCS, foldersOf, HOME, initialWorkspace, parseCsv, type ShellProfile, type ShellResult, ShellSession } from "./shell/index.js";
export { CURRENT_SHELL_HARNESS, recordedShellHarness, type ShellHarnessVersion, type ShellSeeding } from "./shell/index.js";
export { sharedSandboxPool } from "./shell/index.js";
