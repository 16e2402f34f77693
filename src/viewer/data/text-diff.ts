// A line diff for reading (world file contents, prompts): longest common subsequence after trimming
// the common head and tail, with long unchanged stretches folded to a few lines of context.

export type LineOp = { op: " " | "+" | "-"; text: string } | { op: "…"; text: string; count: number };

/** Past this many cells of the LCS table the middle is shown as removed-then-added. */
const MAX_CELLS = 2_000_000;

export function lineDiff(before: string, after: string, context = 3): LineOp[] {
  const a = before.split("\n");
  const b = after.split("\n");
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const ops: { op: " " | "+" | "-"; text: string }[] = a.slice(0, head).map((text) => ({ op: " " as const, text }));
  ops.push(...middle(am, bm));
  ops.push(...a.slice(a.length - tail).map((text) => ({ op: " " as const, text })));
  return fold(ops, context);
}

function middle(a: string[], b: string[]): { op: " " | "+" | "-"; text: string }[] {
  if (a.length * b.length > MAX_CELLS) return [...a.map((text) => ({ op: "-" as const, text })), ...b.map((text) => ({ op: "+" as const, text }))];
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the LCS of a[i..] and b[j..], in one flat array.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    }
  }
  const out: { op: " " | "+" | "-"; text: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: " ", text: a[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!) out.push({ op: "-", text: a[i++]! });
    else out.push({ op: "+", text: b[j++]! });
  }
  while (i < n) out.push({ op: "-", text: a[i++]! });
  while (j < m) out.push({ op: "+", text: b[j++]! });
  return out;
}

function fold(ops: { op: " " | "+" | "-"; text: string }[], context: number): LineOp[] {
  const out: LineOp[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.op !== " ") {
      out.push(ops[i++]!);
      continue;
    }
    let j = i;
    while (j < ops.length && ops[j]!.op === " ") j++;
    const run = ops.slice(i, j);
    const keepHead = i === 0 ? 0 : context;
    const keepTail = j === ops.length ? 0 : context;
    if (run.length > keepHead + keepTail + 1) {
      out.push(...run.slice(0, keepHead));
      const hidden = run.length - keepHead - keepTail;
      out.push({ op: "…", text: `${hidden} unchanged line${hidden === 1 ? "" : "s"}`, count: hidden });
      out.push(...run.slice(run.length - keepTail));
    } else out.push(...run);
    i = j;
  }
  return out;
}
