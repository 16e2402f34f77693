// Peer memory: fixtures, their rendering into each delivery mode, and (later) the memory store.
export { bundledFixtureIds, loadFixtureFile, loadFixtureRef, locateFixture, isPathRef, specDirOf, BUNDLED_FIXTURES_DIR, type LoadedFixture } from "./fixtures.js";
export { renderPeerDocument, renderPromptSentence, PEER_DOCUMENT } from "./render.js";
export { applyDelivery, type Delivered } from "./delivery.js";
