// The virtual environment episodes act on: state, operations with the study's semantics, and diffs.
export { World, WorldError, configScalar, copyNameFor } from "./world.js";
export { diffWorlds, describeChange, WorldChange } from "./diff.js";
export * from "./state.js";
