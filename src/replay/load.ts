// The replay code for the CLI. `peerlab replay` runs from the build's bundle (scripts/build.mjs,
// bin/peerlab.js), which holds the replay code: there `import("./replay.js")` is the bundle's own copy.
// The bundle is for offline replay and leaves out the live providers' SDKs, so a branch (`live`: it
// continues with a live provider) loads the modules. Light, like pool.ts: the CLI starts the replay
// threads first, then loads this. It loads what replay and branching need and not the folder's index,
// whose rescoring brings in the importers of other tools' transcripts and, through them, just-bash,
// whose top level loads Node's fetch (tens of milliseconds a start that a replay never uses).

/** What `peerlab replay` calls. */
export type ReplayApi = Pick<typeof import("./index.js"), "replayEpisode" | "replayRun" | "branchEpisode">;

export async function loadReplay(opts: { live?: boolean } = {}, here: string = import.meta.url): Promise<ReplayApi> {
  if (!opts.live || here.endsWith(".ts")) {
    const [{ replayEpisode, replayRun }, { branchEpisode }] = await Promise.all([import("./replay.js"), import("./branch.js")]);
    return { replayEpisode, replayRun, branchEpisode };
  }
  // The modules by their address, so that the bundle does not take this in as its own copy.
  const [{ replayEpisode, replayRun }, { branchEpisode }] = (await Promise.all([
    import(new URL("./replay.js", here).href),
    import(new URL("./branch.js", here).href),
  ])) as [typeof import("./replay.js"), typeof import("./branch.js")];
  return { replayEpisode, replayRun, branchEpisode };
}
