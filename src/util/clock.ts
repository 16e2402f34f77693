// Clocks are injected. The core reads time only through a Clock; the CLI passes the system clock,
// tests and worlds pass deterministic ones.

export interface Clock {
  now(): Date;
}

/** Starts at a given instant and advances by a fixed step on every reading. */
export class SteppingClock implements Clock {
  private t: number;
  constructor(
    start: Date | string,
    private readonly stepMs = 1000,
  ) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    const d = new Date(this.t);
    this.t += this.stepMs;
    return d;
  }
}

/** Always the same instant. */
export class FixedClock implements Clock {
  private readonly t: number;
  constructor(at: Date | string) {
    this.t = new Date(at).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
}
