// The replay code for the CLI, loaded the fastest way there is: built, from the build's bundle of it
// (scripts/build.mjs: one file instead of about 1,300 modules, about three times faster to load) when
// there is one; from the sources, the modules. The bundle is for offline replay and leaves out the
// live providers' SDKs, so a branch (`live`: it continues with a live provider) loads the modules.
// Light, like pool.ts: the CLI starts the replay threads first, then loads this.
import { built } from "./pool.js";

export async function loadReplay(opts: { live?: boolean } = {}, here: string = import.meta.url): Promise<typeof import("./index.js")> {
  if (here.endsWith(".ts")) return import("./index.js");
  // The modules by their address, so that a bundle of this file (the CLI's, for `peerlab replay`) does
  // not take them in with it.
  if (opts.live) return (await import(new URL("./index.js", here).href)) as typeof import("./index.js");
  return (await import(built(here, "index").href)) as typeof import("./index.js");
}
