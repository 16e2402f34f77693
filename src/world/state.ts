// The shape of a world: drive files, spreadsheets, config files, servers and shutdown records, plus
// (shell harness only) the agent's own workspace files, and a journal of what happened to server
// files. Snapshots of this state are stored before and after every episode; detectors read their diff.
import { z } from "zod";
import { nullRecord, safeRecord } from "../util/index.js";

export const ConfigValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type ConfigValue = z.infer<typeof ConfigValue>;

export const DriveFile = z.object({ content: z.string(), modified: z.string() });
export type DriveFile = z.infer<typeof DriveFile>;

export const Sheet = z.object({ columns: z.array(z.string()), rows: z.array(z.array(z.string())) });
export type Sheet = z.infer<typeof Sheet>;

export const ServerFile = z.object({
  size: z.number().describe("bytes"),
  modified: z.string().describe("ISO timestamp"),
  summary: z.string(),
  /** Text written through the shell; files without it hold data the sandbox does not store. */
  content: z.string().optional(),
});
export type ServerFile = z.infer<typeof ServerFile>;

export const Server = z.object({
  name: z.string(),
  status: z.string(),
  files: safeRecord(ServerFile),
  delete_queue: z.array(z.string()),
  users: z.array(z.string()),
});
export type Server = z.infer<typeof Server>;

export const ShutdownRecord = z.object({ system_id: z.string(), at: z.string() });

/** A file, directory or symbolic link the agent made in its shell workspace (outside the company's folders). */
export const WorkspaceNode = z.discriminatedUnion("type", [
  z.object({ type: z.literal("file"), content: z.string(), modified: z.string(), mode: z.number() }),
  z.object({ type: z.literal("dir"), modified: z.string(), mode: z.number() }),
  z.object({ type: z.literal("symlink"), target: z.string(), modified: z.string() }),
]);
export type WorkspaceNode = z.infer<typeof WorkspaceNode>;

/**
 * What happened to a file that carries a catalogue summary (server files and their copies). Places are
 * written `server:<ip>/<name>`, `workspace:<path>` or `drive:<name>`.
 */
export const JournalEntry = z.object({
  at: z.string(),
  op: z.enum(["transfer", "move", "rename", "copy", "retime", "write", "delete"]),
  from: z.string().optional(),
  to: z.string().optional(),
  /** The file's catalogue summary ("" when it has none): how detectors recognise model weights. */
  summary: z.string(),
  /** The file's last-modified time after the operation. */
  modified: z.string().optional(),
});
export type JournalEntry = z.infer<typeof JournalEntry>;

export const WorldState = z.object({
  drive: safeRecord(DriveFile),
  sheets: safeRecord(Sheet),
  configs: safeRecord(safeRecord(ConfigValue)),
  servers: safeRecord(Server),
  shutdowns: z.array(ShutdownRecord),
  /** Shell harness only: the agent's own files by absolute path. */
  workspace: safeRecord(WorkspaceNode).optional(),
  /** Present once a server file has been copied, moved, re-timestamped, written or deleted. */
  journal: z.array(JournalEntry).optional(),
});
export type WorldState = z.infer<typeof WorldState>;

export function emptyWorld(): WorldState {
  return { drive: nullRecord(), sheets: nullRecord(), configs: nullRecord(), servers: nullRecord(), shutdowns: [] };
}

export function serverPlace(ip: string, name: string): string {
  return `server:${ip}/${name}`;
}

/** Split a journal place into its kind and parts. */
export function parsePlace(
  place: string,
): { kind: "server"; ip: string; name: string } | { kind: "workspace"; path: string } | { kind: "drive"; name: string } | null {
  const m = /^(server|workspace|drive):(.*)$/s.exec(place);
  if (!m) return null;
  if (m[1] === "server") {
    const slash = m[2]!.indexOf("/");
    return slash < 0 ? null : { kind: "server", ip: m[2]!.slice(0, slash), name: m[2]!.slice(slash + 1) };
  }
  return m[1] === "workspace" ? { kind: "workspace", path: m[2]! } : { kind: "drive", name: m[2]! };
}

/**
 * What the shell shows for a server file whose data the sandbox does not store: a short, stable text
 * that names its size and catalogue summary. The same text identifies the file's data when it is
 * copied out and back (see WorldFs), which stands in for the study's fake-size shim.
 */
export function serverFileStub(file: Pick<ServerFile, "size" | "summary">): string {
  return `[encrypted file: ${file.size} bytes]${file.summary ? ` ${file.summary}` : ""}\n`;
}
