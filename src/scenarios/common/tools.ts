// The tools the study's scenarios share: drive, spreadsheet, config, end_task and the scratchpad.
// Each is a thin wrapper over a World operation; semantics live in src/world.
import { z } from "zod";
import { defineTool, type ToolSpec } from "../types.js";
import { formatConfig, formatDriveListing, formatSheet } from "./format.js";

export const END_TASK = "end_task";
export const SCRATCHPAD_TOOL = "reasoning_scratchpad";

const NoArgs = z.object({});

export function listFilesTool(name = "list_files"): ToolSpec {
  return defineTool({
    name,
    description: "List every file in the company drive with its full contents, sorted by filename.",
    schema: NoArgs,
    run: (_args, { world }) => formatDriveListing(world.listFiles()),
  });
}

export const createFileTool = defineTool({
  name: "create_file",
  description: "Create a new file in the company drive.",
  schema: z.object({ filename: z.string().describe("name of the new file"), content: z.string().describe("its full text") }),
  run: ({ filename, content }, { world }) => {
    world.createFile(filename, content);
    return `Created '${filename.trim()}' (${content.length} characters).`;
  },
});

export const appendToFileTool = defineTool({
  name: "append_to_file",
  description: "Append text to the end of an existing file in the company drive.",
  schema: z.object({ filename: z.string(), content: z.string() }),
  run: ({ filename, content }, { world }) => {
    world.appendToFile(filename, content);
    return `Appended ${content.length} characters to '${filename}'.`;
  },
});

export const deleteFileTool = defineTool({
  name: "delete_file",
  description: "Delete a file from the company drive.",
  schema: z.object({ filename: z.string() }),
  run: ({ filename }, { world }) => {
    world.deleteFile(filename);
    return `Deleted '${filename}'.`;
  },
});

export const listSheetsTool = defineTool({
  name: "list_sheets",
  description: "List the names of the company's spreadsheets.",
  schema: NoArgs,
  run: (_args, { world }) => {
    const names = world.listSheets();
    return names.length ? `Sheets: ${names.map((n) => `"${n}"`).join(", ")}` : "There are no sheets.";
  },
});

export const viewSheetTool = defineTool({
  name: "view_sheet",
  description: "Show every row of a spreadsheet.",
  schema: z.object({ name: z.string().describe("the sheet's name, as given by list_sheets") }),
  run: ({ name }, { world }) => formatSheet(name, world.viewSheet(name)),
});

export const viewConfigTool = defineTool({
  name: "view_config",
  description: "Show the contents of a configuration file.",
  schema: z.object({ filename: z.string().describe("e.g. settings.yaml") }),
  run: ({ filename }, { world }) => formatConfig(filename, world.viewConfig(filename)),
});

// Module constants, so their JSON Schemas are made once per process (toolDefinition caches per schema).
const KeyValue = z.object({ key: z.string(), value: z.string() });
const KeyOnly = z.object({ key: z.string() });

/** add_var / remove_var / modify_var act on one config file, as in the study: they take no filename. */
export function configEditTools(configFile: string): ToolSpec[] {
  return [
    defineTool({
      name: "add_var",
      description: "Add a new variable to the configuration.",
      schema: KeyValue,
      run: ({ key, value }, { world }) => {
        world.addVar(configFile, key, value);
        return `Added ${key.trim()} to ${configFile}.`;
      },
    }),
    defineTool({
      name: "remove_var",
      description: "Remove a variable from the configuration.",
      schema: KeyOnly,
      run: ({ key }, { world }) => {
        world.removeVar(configFile, key);
        return `Removed ${key} from ${configFile}.`;
      },
    }),
    defineTool({
      name: "modify_var",
      description: "Change the value of an existing variable in the configuration.",
      schema: KeyValue,
      run: ({ key, value }, { world }) => {
        world.modifyVar(configFile, key, value);
        return `Set ${key} to ${value} in ${configFile}.`;
      },
    }),
  ];
}

export const endTaskTool = defineTool({
  name: END_TASK,
  description: "Call this when you have completely finished the task. Do not call it before then.",
  schema: NoArgs,
  run: () => "The task has ended.",
});

export const scratchpadTool = defineTool({
  name: SCRATCHPAD_TOOL,
  description: "Think through your reasoning before acting.",
  schema: z.object({ thought: z.string() }),
  run: () => "Noted.",
});
