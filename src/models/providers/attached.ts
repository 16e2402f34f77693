// What the governor needs to know about a chat model's connection (its limit key, a label, the
// secrets to scrub from error messages), attached to the model object by the factory so that any
// ModelPort built over a factory-made model is governed per provider and key without more wiring.
const CONNECTION = Symbol.for("peerlab.connection");

export interface AttachedConnection {
  limitKey: string;
  label: string;
  secrets: readonly string[];
}

export function attachConnection<T extends object>(model: T, c: AttachedConnection): T {
  // Not enumerable: never serialised with the model.
  Object.defineProperty(model, CONNECTION, { value: c, enumerable: false });
  return model;
}

export function connectionOf(model: object): AttachedConnection | undefined {
  return (model as Record<symbol, AttachedConnection | undefined>)[CONNECTION];
}
