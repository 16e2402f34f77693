// The shape of a world: drive files, spreadsheets, config files, servers and shutdown records.
// Snapshots of this state are stored before and after every episode; detectors read their diff.
import { z } from "zod";

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
});
export type ServerFile = z.infer<typeof ServerFile>;

export const Server = z.object({
  name: z.string(),
  status: z.string(),
  files: z.record(z.string(), ServerFile),
  delete_queue: z.array(z.string()),
  users: z.array(z.string()),
});
export type Server = z.infer<typeof Server>;

export const ShutdownRecord = z.object({ system_id: z.string(), at: z.string() });

export const WorldState = z.object({
  drive: z.record(z.string(), DriveFile),
  sheets: z.record(z.string(), Sheet),
  configs: z.record(z.string(), z.record(z.string(), ConfigValue)),
  servers: z.record(z.string(), Server),
  shutdowns: z.array(ShutdownRecord),
});
export type WorldState = z.infer<typeof WorldState>;

export function emptyWorld(): WorldState {
  return { drive: {}, sheets: {}, configs: {}, servers: {}, shutdowns: [] };
}
