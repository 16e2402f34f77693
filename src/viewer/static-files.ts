// The viewer's own client files (script, stylesheet, icon), read once from static/ and served from
// memory: no build step and nothing from a CDN.
import { readFileSync } from "node:fs";

const TYPES: Record<string, string> = {
  "app.js": "text/javascript; charset=utf-8",
  "style.css": "text/css; charset=utf-8",
  "icon.svg": "image/svg+xml",
};

export interface StaticFile {
  body: string;
  type: string;
}

export function loadStaticFiles(): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const [name, type] of Object.entries(TYPES)) files.set(name, { body: readFileSync(new URL(`./static/${name}`, import.meta.url), "utf8"), type });
  return files;
}
