// The shell harness's sandbox: a bash over the world (just-bash in a worker thread), its file system
// and the company's commands.
export { ShellSession, DEFAULT_SHELL_LIMITS, SHELL_ENV, type ShellLimits, type ShellOptions, type ShellResult } from "./session.js";
export { BUILTINS } from "./builtins.js";
export {
  WorldFs,
  BlobRegistry,
  FsError,
  DEFAULT_FS_LIMITS,
  initialWorkspace,
  foldersOf,
  type ShellProfile,
  type ShellFolders,
  type CompanyCommandName,
  type FsLimits,
} from "./world-fs.js";
export { runCompanyCommand, COMMAND_HELP, type CommandResult } from "./commands.js";
export { HOME, DOCS, SHEETS, CONFIG, SERVERS, TMP, DEV_NULL, resolvePath } from "./layout.js";
export { sheetCsv, configYaml, parseConfigYaml, parseCsv } from "./render.js";
export { SandboxPool, sharedSandboxPool, sandboxEntry, type PoolOptions, type SandboxOutcome } from "./pool.js";
export { CURRENT_SHELL_HARNESS, SHELL_HARNESS_VERSIONS, recordedShellHarness, commandRandom, type ShellHarnessVersion, type ShellSeeding } from "./version.js";
export type { FromSandbox, ToSandbox, FsCalls, FsMethod } from "./protocol.js";
