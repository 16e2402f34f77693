// One error type with a closed set of codes. Each code fixes the CLI exit code and a one-line hint.
// Model and provider failures inside an episode are data on the episode record, not thrown out of a run.

export const ERROR_CODES = {
  SPEC_INVALID: { exit: 2, hint: "Fix the experiment spec; `peerlab plan <spec>` checks it without running." },
  FIXTURE_INVALID: { exit: 2, hint: "Fix the memory fixture; `peerlab fixtures validate <file>` checks it." },
  ARGS_INVALID: { exit: 2, hint: "See `peerlab <command> --help`." },
  NOT_FOUND: { exit: 2, hint: "`peerlab list` shows runs; `peerlab episodes <run>` lists a run's episodes." },
  INPUT_INVALID: { exit: 2, hint: "The input file is not in the expected format." },
  MISSING_KEY: { exit: 2, hint: "Export the API key named above in your environment; peerlab never stores keys." },
  HOST_NOT_ALLOWED: {
    exit: 2,
    hint:
      "A base URL from a spec needs your consent before it gets a key: --allow-host <host> or " +
      "PEERLAB_ALLOWED_HOSTS=<host>[,<host>]; localhost needs none, plain http is refused except to localhost.",
  },
  REPLAY_DIVERGED: { exit: 1, hint: "The episode no longer replays as recorded: something the model sees has changed." },
  REPLAY_UNAVAILABLE: { exit: 1, hint: "The recording needed for this replay is not in the database." },
  PROVIDER_FAILED: { exit: 1, hint: "The model provider failed after retries; see the episode's error." },
  STORAGE_FAILED: { exit: 1, hint: "The database could not be written; nothing already written was lost." },
  DB_DAMAGED: {
    exit: 1,
    hint:
      "`peerlab db check <db>` shows what is intact. peerlab does not repair a database: restore it from " +
      "a copy, or keep the file and read what db check reports intact.",
  },
  EPISODE_FAILED: { exit: 1, hint: "Some episodes failed; `peerlab resume <run>` retries them." },
  BUDGET_EXCEEDED: {
    exit: 3,
    hint: "The budget was reached; everything is saved. Raise it in the spec and run it again, or `peerlab resume <run> --budget-usd N`.",
  },
  INTERRUPTED: { exit: 3, hint: "Interrupted; everything is saved. `peerlab resume <run>` continues." },
  INTERNAL: { exit: 1, hint: "This is a bug in peerlab; please report it with the command you ran." },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class PeerlabError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "PeerlabError";
    this.code = code;
    this.details = details;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }

  get hint(): string {
    return ERROR_CODES[this.code].hint;
  }
}

/** One problem in an input file: where it is and what was expected. */
export interface InputIssue {
  file: string;
  line?: number;
  path: string;
  message: string;
}

export function formatIssue(issue: InputIssue): string {
  const where = issue.line ? `${issue.file}:${issue.line}` : issue.file;
  return issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** A spec or fixture with one or more problems; all problems in a file are reported together. */
export class InputError extends PeerlabError {
  readonly issues: InputIssue[];
  constructor(code: "SPEC_INVALID" | "FIXTURE_INVALID" | "INPUT_INVALID", issues: InputIssue[]) {
    super(code, issues.map(formatIssue).join("\n"), issues);
    this.issues = issues;
  }
}

export function isPeerlabError(e: unknown): e is PeerlabError {
  return e instanceof PeerlabError;
}
