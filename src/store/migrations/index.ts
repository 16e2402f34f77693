// Numbered schema migrations, applied in order on open. Never edit a released migration; add the next.
import { sql as m001 } from "./001-core.js";
import { sql as m002 } from "./002-memory.js";
import { sql as m003 } from "./003-search.js";
import { sql as m004 } from "./004-runner.js";
import { sql as m005 } from "./005-judgment-binding.js";
import { sql as m006 } from "./006-claims.js";
import { sql as m007 } from "./007-memory-prompt.js";
import { sql as m008 } from "./008-party-variants.js";
import { sql as m009 } from "./009-reservations.js";
import { sql as m010 } from "./010-search-batch.js";
import { sql as m011 } from "./011-rate-limits.js";
import { sql as m012 } from "./012-adaptive-cut.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "core", sql: m001 },
  { version: 2, name: "memory", sql: m002 },
  { version: 3, name: "search", sql: m003 },
  { version: 4, name: "runner", sql: m004 },
  { version: 5, name: "judgment-binding", sql: m005 },
  { version: 6, name: "claims", sql: m006 },
  { version: 7, name: "memory-prompt", sql: m007 },
  { version: 8, name: "party-variants", sql: m008 },
  { version: 9, name: "reservations", sql: m009 },
  { version: 10, name: "search-batch", sql: m010 },
  { version: 11, name: "rate-limits", sql: m011 },
  { version: 12, name: "adaptive-cut", sql: m012 },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
