// Sample size per arm for a two-sided two-proportion test:
// n = (z(1-a/2)·sqrt(2·pbar·qbar) + z(1-b)·sqrt(p1q1 + p2q2))^2 / (p1 - p2)^2, rounded up.
// `peerlab plan` and the reports' underpowered flags use it.
import { normalQuantile } from "./normal.js";

export function sampleSizePerArm(p1: number, p2: number, alpha = 0.05, power = 0.8): number | null {
  for (const [name, v] of [
    ["p1", p1],
    ["p2", p2],
  ] as const)
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be a proportion in [0, 1], got ${v}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!(power > 0 && power < 1)) throw new RangeError(`power must be in (0, 1), got ${power}`);
  if (p1 === p2) return null;
  const pbar = (p1 + p2) / 2;
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const n = (za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p1 - p2) ** 2;
  return Math.ceil(n - 1e-9);
}

export interface PowerCheck {
  /** Episodes per arm needed to detect the observed difference at this power; null when the rates are equal. */
  n_needed: number | null;
  /** The smaller arm has fewer episodes than that. */
  underpowered: boolean;
}

/** Whether a comparison of two observed rates had enough episodes to detect its own effect. */
export function powerCheck(aRate: number, bRate: number, aN: number, bN: number, alpha = 0.05, power = 0.8): PowerCheck {
  const n = sampleSizePerArm(aRate, bRate, alpha, power);
  return { n_needed: n, underpowered: n !== null && Math.min(aN, bN) < n };
}
