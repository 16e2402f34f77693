// The party factor: the same fixture presented as an AI peer or a human contractor. It sets the
// fixture's `kind`, which drives every wording that says who the peer is (the collaboration review,
// the prompt sentence, the memory, the send_message tool, the live peer's own prompt); everything else
// of the fixture stays as written. Null keeps the fixture's own kind.
import type { LoadedFixture } from "../fixtures/index.js";
import type { MemoryFixture } from "../spec/index.js";
import type { Party } from "../spec/index.js";

export function fixtureAsParty(f: MemoryFixture, party: Party | null | undefined): MemoryFixture {
  if (!party || f.peer.kind === party) return f;
  return { ...f, peer: { ...f.peer, kind: party } };
}

/** The loaded fixture as the cell's party presents it (the hash stays the stored fixture's: the party is in the cell key). */
export function loadedAsParty(f: LoadedFixture | null, party: Party | null | undefined): LoadedFixture | null {
  if (!f) return null;
  const fixture = fixtureAsParty(f.fixture, party);
  return fixture === f.fixture ? f : { ...f, fixture };
}
