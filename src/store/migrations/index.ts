// Numbered schema migrations, applied in order on open. Never edit a released migration; add the next.
import { sql as m001 } from "./001-core.js";
import { sql as m005 } from "./005-runner.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "core", sql: m001 },
  { version: 5, name: "runner", sql: m005 },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
