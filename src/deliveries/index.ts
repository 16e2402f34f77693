// Delivery modes: the registry (one file per mode), applying a mode to a scenario's world, prompts and
// tools, the memory tools the evaluator is given, and how sim evaluators use them.
export * from "./registry.js";
export * from "./apply.js";
export * from "./tools.js";
export * from "./sim.js";
