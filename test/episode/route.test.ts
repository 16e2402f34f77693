// Routing conditions as direct runnables (src/episode/route.ts): a conditional edge built with
// route() sends the graph where the condition says, sees the runtime context, and fails the run when
// the condition throws, as a plain function on the edge does.
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { route } from "../../src/episode/route.js";

const State = Annotation.Root({
  n: Annotation<number>({ reducer: (_a, b) => b, default: () => 0 }),
  path: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
});
const Context = z.object({ limit: z.number() });
type Config = { context?: { limit: number } };

function graph(condition: (s: typeof State.State, c: Config) => "inc" | "done" | typeof END) {
  return new StateGraph(State, Context)
    .addNode("inc", (s: typeof State.State) => ({ n: s.n + 1, path: ["inc"] }))
    .addNode("done", () => ({ path: ["done"] }))
    .addEdge(START, "inc")
    .addConditionalEdges("inc", route(condition), ["inc", "done"])
    .addEdge("done", END)
    .compile();
}

describe("route", () => {
  it("follows the condition, which reads the runtime context", async () => {
    const g = graph(function untilLimit(s, c) {
      return s.n < (c.context?.limit ?? 0) ? "inc" : "done";
    });
    const out = await g.invoke({}, { context: { limit: 3 } });
    expect(out.path).toEqual(["inc", "inc", "inc", "done"]);
    expect((await g.invoke({}, { context: { limit: 1 } })).path).toEqual(["inc", "done"]);
  });

  it("is named after its condition", () => {
    function afterThing(): "done" {
      return "done";
    }
    expect(route(afterThing).getName()).toBe("afterThing");
  });

  it("fails the run when the condition throws", async () => {
    const g = graph(() => {
      throw new Error("no way on");
    });
    await expect(g.invoke({}, { context: { limit: 1 } })).rejects.toThrow("no way on");
  });
});
