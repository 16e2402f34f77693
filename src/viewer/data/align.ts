// Aligning two episodes' evaluator turns for a side-by-side reading: turns that call the same tools
// are matched (longest common subsequence), the unmatched stretches between matches are paired up
// in order, and the first row where the actions differ is the first divergence.
import { canonicalJson } from "../../util/index.js";
import type { ConversationItem, TurnItem } from "./conversation.js";

export interface Action {
  item: TurnItem;
  /** The tools called, in order: what alignment matches on. */
  signature: string;
  /** Everything the evaluator did in the turn: text and calls with arguments. */
  exact: string;
  /** What came back, to flag turns whose identical actions met different worlds. */
  results: string;
}

export type RowKind = "same" | "changed" | "only-a" | "only-b";

export interface AlignedRow {
  a: Action | null;
  b: Action | null;
  kind: RowKind;
  /** Same actions, different tool results. */
  resultsDiffer: boolean;
}

export interface Alignment {
  rows: AlignedRow[];
  /** Index into rows of the first divergent action; null when the actions are identical throughout. */
  firstDivergence: number | null;
}

export function evaluatorActions(items: readonly ConversationItem[]): Action[] {
  return items
    .filter((i): i is TurnItem => i.type === "turn" && i.role === "evaluator" && !i.interview)
    .map((item) => ({
      item,
      signature: item.calls.length ? item.calls.map((c) => c.name).join(",") : "(text)",
      exact: canonicalJson({ text: item.text.trim(), calls: item.calls.map((c) => ({ name: c.name, args: c.args, invalid: c.invalid })) }),
      results: canonicalJson(item.calls.map((c) => c.result?.content ?? null)),
    }));
}

/** Above this many LCS cells, turns are paired by position instead. */
const MAX_CELLS = 1_000_000;

export function alignActions(a: readonly Action[], b: readonly Action[]): Alignment {
  const pairs: [number | null, number | null][] = [];
  if (a.length * b.length > MAX_CELLS) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) pairs.push([i < a.length ? i : null, i < b.length ? i : null]);
  } else {
    const n = a.length;
    const m = b.length;
    const lcs = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        lcs[i * (m + 1) + j] =
          a[i]!.signature === b[j]!.signature ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    let i = 0;
    let j = 0;
    let onlyA: number[] = [];
    let onlyB: number[] = [];
    const flush = () => {
      for (let k = 0; k < Math.max(onlyA.length, onlyB.length); k++) pairs.push([onlyA[k] ?? null, onlyB[k] ?? null]);
      onlyA = [];
      onlyB = [];
    };
    while (i < n && j < m) {
      if (a[i]!.signature === b[j]!.signature) {
        flush();
        pairs.push([i++, j++]);
      } else if (lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!) onlyA.push(i++);
      else onlyB.push(j++);
    }
    while (i < n) onlyA.push(i++);
    while (j < m) onlyB.push(j++);
    flush();
  }
  const rows = pairs.map(([i, j]): AlignedRow => {
    const x = i === null ? null : a[i]!;
    const y = j === null ? null : b[j]!;
    const kind: RowKind = !x ? "only-b" : !y ? "only-a" : x.exact === y.exact ? "same" : "changed";
    return { a: x, b: y, kind, resultsDiffer: kind === "same" && x!.results !== y!.results };
  });
  const first = rows.findIndex((r) => r.kind !== "same");
  return { rows, firstDivergence: first === -1 ? null : first };
}
