// The light run context (src/episode/run-context.ts): runnables inside a graph node see the same config
// and context variables as under LangChain's own, and no LangSmith RunTree is built for them.
import { getContextVariable, setContextVariable } from "@langchain/core/context";
import { RunnableLambda } from "@langchain/core/runnables";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { Annotation, getConfig, START, StateGraph } from "@langchain/langgraph";
import { RunTree } from "langsmith";
import { afterEach, describe, expect, it } from "vitest";
import { restoreLangChainRunContext, useLightRunContext } from "../../src/episode/run-context.js";

afterEach(() => restoreLangChainRunContext());

/** What a node and a runnable it calls see: the node's config, the inherited tags and metadata, a context variable. */
async function observe() {
  const inner = RunnableLambda.from(async (_x: number, config) => ({
    tags: config?.tags ?? [],
    meta: config?.metadata?.who,
    fromStore: (AsyncLocalStorageProviderSingleton.getRunnableConfig() as { metadata?: Record<string, unknown> } | undefined)?.metadata?.who,
    variable: getContextVariable("v"),
    aborted: config?.signal?.aborted,
  }));
  const State = Annotation.Root({ out: Annotation<unknown>(), seen: Annotation<unknown>() });
  const graph = new StateGraph(State)
    .addNode("n", async () => {
      const c = getConfig();
      return { out: await inner.invoke(1), seen: { who: c.metadata?.who, thread: c.configurable?.thread_id, ctx: (c as { context?: unknown }).context } };
    })
    .addEdge(START, "n")
    .compile();
  const controller = new AbortController();
  // Set around the graph, as a caller would (peerlab sets none; inside a node, see run-context.ts).
  setContextVariable("v", "set by the caller");
  return graph.invoke(
    { out: null },
    { tags: ["t1"], metadata: { who: "caller" }, configurable: { thread_id: "th" }, context: { k: 1 }, signal: controller.signal },
  );
}

describe("the light run context", () => {
  it("gives nested runnables the same config and context variables as LangChain's own", async () => {
    const own = await observe();
    useLightRunContext();
    const light = await observe();
    expect(light).toEqual(own);
    expect(light.out).toMatchObject({ tags: expect.arrayContaining(["t1"]), meta: "caller", fromStore: "caller", variable: "set by the caller" });
    expect(light.seen).toMatchObject({ who: "caller", thread: "th", ctx: { k: 1 } });
  });

  it("builds no RunTree while installed, and LangChain's own path is back after restore", async () => {
    const runTrees = () => {
      let n = 0;
      const proto = RunTree.prototype as unknown as { _resolveAddressing: (...a: unknown[]) => unknown };
      const was = proto._resolveAddressing;
      proto._resolveAddressing = function (this: unknown, ...a: unknown[]) {
        n++;
        return was.apply(this, a);
      };
      return { count: () => n, done: () => void (proto._resolveAddressing = was) };
    };
    const own = runTrees();
    try {
      await observe();
    } finally {
      own.done();
    }
    expect(own.count()).toBeGreaterThan(0);
    useLightRunContext();
    const light = runTrees();
    try {
      await observe();
    } finally {
      light.done();
    }
    expect(light.count()).toBe(0);
    restoreLangChainRunContext();
    expect(Object.hasOwn(AsyncLocalStorageProviderSingleton, "runWithConfig")).toBe(false);
  });
});
