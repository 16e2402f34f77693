// A seeded pseudo-random generator (sfc32). The core never calls Math.random: every draw comes from
// an Rng derived from an episode's seed and a label, so draws do not depend on scheduling order.
import { createHash } from "node:crypto";

/** The generator's whole state: four 32-bit words. */
export type RngState = readonly [number, number, number, number];

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Derive a generator from any number of labels (seed, role, purpose...). */
  constructor(...labels: (string | number)[]) {
    [this.a, this.b, this.c, this.d] = Rng.stateOf(...labels);
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The four state words a list of labels seeds (what the constructor starts from). */
  static stateOf(...labels: (string | number)[]): RngState {
    const digest = createHash("sha256").update(labels.map(String).join("\u0000")).digest();
    return [digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12)];
  }

  /** A generator started from four state words (then warmed up as the constructor is). */
  static fromState(state: RngState): Rng {
    const r = new Rng();
    const [a, b, c, d] = state;
    r.a = a >>> 0;
    r.b = b >>> 0;
    r.c = c >>> 0;
    r.d = d >>> 0;
    for (let i = 0; i < 12; i++) r.nextUint32();
    return r;
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Rng.pick: empty list");
    return items[this.int(items.length)] as T;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }
}
