// Debian's Chromium driven by playwright-core, launched the way a root, offline machine needs: headless,
// no sandbox, no GPU, nothing reaching the network, a fresh profile. A missing Chromium is a failure
// with instructions, never a skipped test.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = process.env.PEERLAB_CHROMIUM || "/usr/bin/chromium";

export const ARTIFACTS = resolve(import.meta.dirname, "../../../test-artifacts/viewer");

export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(opts: { width?: number; height?: number } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}, and the viewer's browser tests need it. ` +
        `Install Debian's package (\`apt-get install -y chromium\`; .ci/run does this) or set PEERLAB_CHROMIUM to a Chromium executable.`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), "peerlab-chromium-"));
  mkdirSync(ARTIFACTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: opts.width ?? 1400, height: opts.height ?? 900 },
    timeout: 30_000,
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
