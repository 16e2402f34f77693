// Types of ./check-layers.mjs (plain JavaScript, run by Node without a build).
export declare const TYPE_ONLY: string;
export declare function withTypeEdges(source: string): string;
