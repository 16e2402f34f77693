// Types of ./build-state.js (plain JavaScript: the bin runs before anything is compiled).
export declare const STAMP: string;
export declare const ENTRY: string;
export declare const SOURCE_DIRS: readonly string[];
export declare const BUILD_INPUTS: readonly string[];
export type BuildState = { state: "installed" | "fresh" | "missing" } | { state: "stale"; newer: string };
export declare function buildState(root: string): BuildState;
