// Figures of the long reliability runs, as JSON under test-artifacts/reliability/ (ignored by git), so
// docs/RELIABILITY.md can quote what the last `npm run test:reliability` measured.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const ARTIFACTS_DIR = resolve(import.meta.dirname, "../../../test-artifacts/reliability");

export function writeArtifact(name: string, figures: Record<string, unknown>): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, written_at: new Date().toISOString(), node: process.version, ...figures }, null, 2) + "\n");
  return file;
}
