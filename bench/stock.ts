// The reference: stock LangGraph on the same episodes. A minimal StateGraph (MessagesAnnotation,
// agent node + ToolNode, toolsCondition) with the default SqliteSaver checkpointing every step, the
// same system and user prompts, the same scripted model answers, and tools that return exactly what
// peerlab's tools returned in the same episode (docs/PERFORMANCE.md, harness cost, describes this setup).
import Database from "better-sqlite3";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { ToolNode, toolsCondition } from "@langchain/langgraph/prebuilt";
import { z } from "zod";
import { setupEpisode } from "../src/episode/index.js";
import { restoreLangChainRunContext } from "../src/episode/run-context.js";
import { openStore } from "../src/store/index.js";
import { testClock } from "../test/support/cells.js";
import { scripted } from "../test/support/scripted.js";
import { benchCell, runScripted, scriptFor } from "./episodes.js";

export interface StockEpisode {
  system: string;
  user: string;
  /** The tool results peerlab gave, in call order. */
  results: string[];
  toolNames: string[];
}

/** Record the peerlab episode of `turns` calls once (in memory) and keep what the stock graph must replay. */
export async function stockEpisodeFor(turns: number): Promise<StockEpisode> {
  const store = openStore(":memory:", { clock: testClock() });
  const r = await runScripted(store, turns);
  // The stock graph runs with LangChain's own run context, not the lighter one runEpisode installs.
  restoreLangChainRunContext();
  const results = r.recorder.events.filter((e) => e.kind === "tool_result").map((e) => String((e.payload as { content: string }).content));
  const setup = setupEpisode(benchCell(turns), null);
  store.close();
  return { system: setup.prompts.system, user: setup.prompts.user, results, toolNames: setup.tools.map((t) => t.name) };
}

/** A compiled stock graph over `file` with SqliteSaver (or, with `checkpointer: false`, none); `run(thread)` plays one episode. */
export function stockGraph(file: string, episode: StockEpisode, turns: number, opts: { checkpointer?: boolean } = {}) {
  let queue: string[] = [];
  const tools = episode.toolNames.map((name) =>
    tool(async () => queue.shift() ?? "", { name, description: `the ${name} tool`, schema: z.object({}).passthrough() }),
  );
  const db = new Database(file);
  const saver = new SqliteSaver(db);
  // The graph is compiled once; each episode gets a fresh scripted model (its answers are a queue).
  let model = scripted(scriptFor(turns)).bindTools(tools);
  const graph = new StateGraph(MessagesAnnotation)
    .addNode("agent", async (s: typeof MessagesAnnotation.State) => ({ messages: [await model.invoke(s.messages)] }))
    .addNode("tools", new ToolNode(tools))
    .addEdge(START, "agent")
    .addConditionalEdges("agent", toolsCondition, ["tools", END])
    // end_task ends the episode, as in peerlab's graph.
    .addConditionalEdges("tools", (s: typeof MessagesAnnotation.State) => (s.messages.at(-1)?.name === "end_task" ? END : "agent"), ["agent", END])
    .compile(opts.checkpointer === false ? {} : { checkpointer: saver });
  return {
    async run(thread: string): Promise<number> {
      queue = [...episode.results];
      model = scripted(scriptFor(turns)).bindTools(tools);
      const final = await graph.invoke(
        { messages: [new SystemMessage(episode.system), new HumanMessage(episode.user)] },
        { configurable: { thread_id: thread }, recursionLimit: turns * 2 + 10 },
      );
      const calls = final.messages.filter((m) => m.getType() === "ai").length;
      if (calls !== turns) throw new Error(`stock episode: expected ${turns} model calls, got ${calls}`);
      return calls;
    },
    checkpoints: (): number => (opts.checkpointer === false ? 0 : Number((db.prepare("SELECT COUNT(*) AS n FROM checkpoints").get() as { n: number }).n)),
    close: () => db.close(),
  };
}
