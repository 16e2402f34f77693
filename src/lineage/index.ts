// Lineages: with `persist: true` a cell's trials remember the earlier ones. Reading and appending a
// lineage's records, the working memory an episode starts from, turning a finished episode into each
// agent's record, and `peerlab memory show|reset|list`.
export * from "./lineage.js";
export * from "./episode-record.js";
export * from "./lineage-view.js";
