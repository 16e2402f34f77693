// LangChain keeps the config of the runnable being run in an AsyncLocalStorage, so that runnables
// called inside it inherit it. With no LangSmith tracer it still builds a LangSmith RunTree for every
// runnable it enters only to carry that config (`<runnable_lambda>`, tracing disabled): a uuid7 from
// the crypto RNG, environment reads, date strings; about 17 per model call in an episode graph.
// `useLightRunContext` makes that untraced root a plain holder of the same config; with a tracer
// (LANGSMITH_TRACING) continuing a run, or a caller asking for no root, LangChain's own code runs.
// One difference, in code peerlab does not have: setContextVariable called *inside* a runnable starts
// a fresh store from a holder (it copies only a RunTree), so runnables it then calls no longer inherit
// the config; variables set around the graph are carried as before.
import { CallbackManager } from "@langchain/core/callbacks/manager";
import type { RunnableConfig } from "@langchain/core/runnables";
import { _CONTEXT_VARIABLES_KEY, AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";

/** Where LangChain's getRunnableConfig() reads the config: `store.extra[LC_CHILD_KEY]`. */
const LC_CHILD_KEY = Symbol.for("lc:child_config");

type RunWithConfig = (config: RunnableConfig | undefined, callback: () => unknown, avoidCreatingRootRunTree?: boolean) => unknown;
interface Storage {
  getStore(): unknown;
  run(store: unknown, callback: () => unknown): unknown;
}
interface Provider {
  runWithConfig: RunWithConfig;
  getInstance(): Storage;
}

const provider = AsyncLocalStorageProviderSingleton as unknown as Provider;
let installed = false;

/** Install for the process (runEpisode does, every time; only the first call acts). */
export function useLightRunContext(): void {
  if (installed) return;
  installed = true;
  // LangChain's method lives on the class: an own property shadows it, deleting it restores it.
  const langchain: RunWithConfig = Object.getPrototypeOf(provider).runWithConfig.bind(provider);
  provider.runWithConfig = (config, callback, avoidCreatingRootRunTree) => {
    if (avoidCreatingRootRunTree) return langchain(config, callback, avoidCreatingRootRunTree);
    const manager = CallbackManager._configureSync(config?.callbacks, undefined, config?.tags, undefined, config?.metadata);
    // A tracer continuing a parent run: LangChain's own path, where the run tree is a real one.
    if (manager?.getParentRunId() && manager.handlers.some((h) => h?.name === "langchain_tracer")) return langchain(config, callback);
    const storage = provider.getInstance();
    const previous = storage.getStore() as Record<symbol, unknown> | undefined;
    // tracingEnabled false as on LangChain's RunTree: _configureSync reads it there (and then needs no environment read).
    const holder: Record<string | symbol, unknown> = { tracingEnabled: false, extra: { [LC_CHILD_KEY]: config } };
    if (previous !== undefined && previous[_CONTEXT_VARIABLES_KEY] !== undefined) holder[_CONTEXT_VARIABLES_KEY] = previous[_CONTEXT_VARIABLES_KEY];
    return storage.run(holder, callback);
  };
}

/** LangChain's own again (a benchmark measuring stock LangGraph in a process that ran an episode). */
export function restoreLangChainRunContext(): void {
  if (!installed) return;
  delete (provider as Partial<Provider>).runWithConfig;
  installed = false;
}
