// Polling for a condition another process or thread makes true, bounded: every test that waits for a
// child's progress through the database uses this one loop.

/** Checks `what` every `stepMs` until it holds or `ms` have passed; says whether it held at the end. */
export async function until(what: () => boolean | Promise<boolean>, ms: number, stepMs = 20): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await what()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return what();
}
