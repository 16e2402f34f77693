// `peerlab view`: the local web app over a database, read-only, on 127.0.0.1. Prints the URL and runs
// until Ctrl-C (or SIGTERM), then closes the server and the database.
import type { Command } from "commander";
import { dbLocation, systemClock } from "../context.js";
import { note, printText } from "../output.js";
import { dbPassword, intOption, withDb } from "../options.js";

export const DEFAULT_VIEW_PORT = 4780;

export function register(program: Command): void {
  withDb(program.command("view").description("the local web app: runs, tables and charts, transcripts, paired comparisons, search (read-only, 127.0.0.1)"))
    .option("--port <n>", "port on 127.0.0.1; 0 picks a free one", intOption("--port", 0, 65535), DEFAULT_VIEW_PORT)
    .action(async (opts: { db: string; port: number }) => {
      const { openViewerStore, startViewer } = await import("../../viewer/index.js");
      const store = openViewerStore(dbLocation(opts.db), systemClock, dbPassword(opts.db));
      let viewer: Awaited<ReturnType<typeof startViewer>>;
      try {
        viewer = await startViewer({ store, port: opts.port, db: opts.db, onError: (e) => note(`view: ${(e as Error)?.stack ?? String(e)}`) });
      } catch (e) {
        store.close();
        throw e;
      }
      printText(`peerlab view: ${viewer.url}`);
      note(`Serving ${opts.db} read-only on ${viewer.url} (only this machine can reach it). Ctrl-C stops.`);
      await new Promise<void>((done) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          note("Stopping the viewer.");
          void viewer.close().then(() => {
            store.close();
            done();
          });
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
    });
}
