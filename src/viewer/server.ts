// Serving the viewer: bound to 127.0.0.1 only (never a public interface), port 0 for a free port,
// answering only Host headers that name that address and port, and closing cleanly.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { PeerlabError } from "../errors.js";
import type { Store } from "../store/index.js";
import { createViewerApp } from "./app.js";
import { allowedHosts } from "./security.js";

export const VIEWER_HOST = "127.0.0.1";

export interface ViewerOptions {
  store: Store;
  /** 0 picks a free port. */
  port: number;
  /** The database as pages name it (default: the store's file). */
  db?: string;
  onError?: (e: unknown) => void;
}

export interface Viewer {
  url: string;
  host: string;
  port: number;
  server: Server;
  /** Stop listening, drop open connections and wait until the server has closed. */
  close(): Promise<void>;
}

export async function startViewer(o: ViewerOptions): Promise<Viewer> {
  let hosts: readonly string[] = [];
  const app = createViewerApp({ store: o.store, db: o.db ?? o.store.file, allowedHosts: () => hosts, onError: o.onError });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    const fail = (e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRINUSE")
        reject(new PeerlabError("ARGS_INVALID", `port ${o.port} is already in use on ${VIEWER_HOST}; choose another with --port, or --port 0 for a free one`));
      else if (e.code === "EACCES") reject(new PeerlabError("ARGS_INVALID", `not allowed to listen on port ${o.port}; choose a port above 1023, or --port 0`));
      else reject(e);
    };
    server.once("error", fail);
    server.listen(o.port, VIEWER_HOST, () => {
      server.off("error", fail);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(VIEWER_HOST, port);
  let closing: Promise<void> | null = null;
  return {
    url: `http://${VIEWER_HOST}:${port}/`,
    host: VIEWER_HOST,
    port,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
