// A routing condition as the runnable a conditional edge calls. LangGraph wraps a plain function in a
// RunnableLambda, which runs as a traced run of its own at every step (a callback manager, run ids,
// chain start and end, a run context around the call); its own control branches use an untraced
// callable instead. A condition here is a pure function of the state and the runtime context, so it
// is called directly, as those are: the same destinations, none of the per-step machinery around it.
import { Runnable, type RunnableConfig } from "@langchain/core/runnables";

export class Route<S, C, D extends string> extends Runnable<S, D> {
  lc_namespace = ["peerlab", "episode"];

  constructor(
    /** Called with the config LangGraph passes the edge (its runtime context as `context`). */
    private readonly condition: (state: S, config: C) => D,
    name: string,
  ) {
    super();
    this.name = name;
  }

  override invoke(state: S, config?: RunnableConfig): Promise<D> {
    try {
      return Promise.resolve(this.condition(state, (config ?? {}) as C));
    } catch (e) {
      return Promise.reject(e);
    }
  }
}

/** A conditional edge's path: `condition` called directly (named after it, as LangGraph names the edge). */
export function route<S, C, D extends string>(condition: (state: S, config: C) => D): Route<S, C, D> {
  return new Route(condition, condition.name);
}
