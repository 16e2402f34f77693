// Placing stimulus variants in an episode's world and presenting a fixture as the cell's party (the
// definitions and the file loader are the spec's: src/spec/variants.ts, src/spec/variants-file.ts).
export { peerNotesFile, placeStimuli, PEER_NOTES_DATE } from "./apply.js";
export { fixtureAsParty, loadedAsParty } from "./party.js";
