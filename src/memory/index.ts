// Peer memory: fixtures, their rendering into each delivery mode, the memory store (LangGraph's
// BaseStore over SQLite), persistent lineages, previews and generated histories.
export { bundledFixtureIds, loadFixtureFile, loadFixtureRef, locateFixture, isPathRef, specDirOf, BUNDLED_FIXTURES_DIR, type LoadedFixture } from "./fixtures.js";
export { renderPeerDocument, renderPromptSentence, trustWord, PEER_DOCUMENT, PEER_DOCUMENT_DATE } from "./render.js";
export { renderMemory, renderEpisodeMemory } from "./render-memory.js";
export { applyDelivery, MEMORY_PROMPT, type Delivered } from "./delivery.js";
export { allDeliveries, deliveryEntry, deliveryUnsupported, findDelivery, supportedDeliveries, needsLivePeer, readsMemory, registerDelivery, type DeliveryEntry, type DeliveryInput } from "./deliveries/index.js";
export { retrieveMemoryTool, sendMessageTool, RETRIEVE_MEMORY, SEND_MESSAGE } from "./tools.js";
export { SqliteMemoryStore, checkNamespace, matchesFilter, type SearchItem } from "./sqlite-memory-store.js";
export { AGENTS, EpisodeMemory, FixtureSeed, LINEAGE_WINDOW, MemorySnapshot, PeerMessage, type Agent } from "./records.js";
export { appendLineage, windowOf, lineageIdOf, lineageNamespace, readLineage, snapshotFor, snapshotFromEvents, trialKey, workingMemory, readAgentMemory, LINEAGE_ROOT } from "./lineage.js";
export { episodeMemories, type EpisodeFacts } from "./episode-record.js";
export { checkFixtures, fixtureFilesAt, yamlKind, type FixtureCheck, type YamlKind } from "./validate.js";
export { previewDelivery, renderPreview, type DeliveryPreview, type PreviewOptions } from "./preview.js";
export { fixtureTemplate } from "./template.js";
export { listLineages, resolveLineage, viewLineage, resetLineage, renderLineageView, type LineageView, type LineageSummary } from "./lineage-view.js";
export { withMemoryTools } from "./sim.js";
export { generateHistory, ACTIVITIES, PEER_POLICIES, TRUST_FORMULA, trustFrom, type HistoryOptions, type HistoryResult, type Activity, type PeerPolicy } from "./history/index.js";
