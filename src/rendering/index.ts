// Rendering a peer's history into what a model reads: the company document and the system-prompt
// sentence, an agent's memory as `retrieve_memory` returns it, and the placeholders a fixture names.
export * from "./render.js";
export * from "./render-memory.js";
export * from "./render-task.js";
export * from "./placeholders.js";
