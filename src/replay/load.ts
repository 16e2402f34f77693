// The replay code for the CLI. `peerlab replay` runs from the build's bundle (scripts/build.mjs,
// bin/peerlab.js), which holds the replay code: there `import("./index.js")` is the bundle's own copy.
// The bundle is for offline replay and leaves out the live providers' SDKs, so a branch (`live`: it
// continues with a live provider) loads the modules. Light, like pool.ts: the CLI starts the replay
// threads first, then loads this.
export async function loadReplay(opts: { live?: boolean } = {}, here: string = import.meta.url): Promise<typeof import("./index.js")> {
  if (!opts.live || here.endsWith(".ts")) return import("./index.js");
  // The modules by their address, so that the bundle does not take this in as its own copy.
  return (await import(new URL("./index.js", here).href)) as typeof import("./index.js");
}
