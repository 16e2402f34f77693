// Progress on stderr while a run goes: on a terminal, a total bar and one bar per cell in flight
// (cli-progress); otherwise a plain line every few seconds. Counts, calls, tokens, cost and ETA.
import cliProgress from "cli-progress";
import type { PlanResult, RunProgress, RunResult } from "../runner/index.js";
import type { Clock } from "../util/index.js";
import { terminalSafe } from "../spec/index.js";

interface Totals {
  finished: number;
  done: number;
  failed: number;
  cancelled: number;
  calls: number;
  tokens: number;
  cost: number;
}

const MAX_CELL_BARS = 8;

export function cellLabel(c: PlanResult["cells"][number]): string {
  const k = c.key;
  const params = Object.values(k.params).join("@");
  const peer = k.peer === "absent" ? "no peer" : `${k.peer}${k.delivery ? `/${k.delivery}` : ""}`;
  return [k.scenario + (params ? ` ${params}` : ""), k.target, peer, k.threat, k.oversight, k.evaluator].filter(Boolean).join(" · ");
}

function compact(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(0)}k` : String(n);
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

export class Progress {
  private readonly started: number;
  private readonly totals: Totals = { finished: 0, done: 0, failed: 0, cancelled: 0, calls: 0, tokens: 0, cost: 0 };
  private readonly perCell = new Map<string, { label: string; total: number; finished: number; failed: number; bar?: cliProgress.SingleBar }>();
  private readonly multi: cliProgress.MultiBar | null;
  private readonly totalBar: cliProgress.SingleBar | null;
  private lastLine = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly quiet: boolean,
    private readonly clock: Clock,
    plan: PlanResult,
  ) {
    this.started = clock.now().getTime();
    for (const c of plan.cells) this.perCell.set(c.id, { label: terminalSafe(cellLabel(c)), total: c.trials, finished: 0, failed: 0 });
    const tty = !quiet && out.isTTY === true;
    this.multi = tty
      ? new cliProgress.MultiBar(
          {
            stream: out,
            format: " {label} {bar} {value}/{total} {extra}",
            barsize: 20,
            hideCursor: true,
            clearOnComplete: false,
            autopadding: true,
            forceRedraw: false,
            fps: 8,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
    this.totalBar = this.multi?.create(plan.episodes, 0, { label: "all cells".padEnd(24), extra: "" }) ?? null;
  }

  update(p: RunProgress): void {
    if (this.quiet) return;
    const cell = this.perCell.get(p.cell);
    if (p.event === "started") {
      if (cell && !cell.bar && this.multi && [...this.perCell.values()].filter((c) => c.bar).length < MAX_CELL_BARS) {
        cell.bar = this.multi.create(cell.total, cell.finished, { label: cell.label.slice(0, 60), extra: "" });
      }
    } else {
      this.totals.finished++;
      this.totals[p.event]++;
      this.totals.calls += p.usage?.calls ?? 0;
      this.totals.tokens += (p.usage?.input_tokens ?? 0) + (p.usage?.output_tokens ?? 0);
      this.totals.cost += p.usage?.cost_usd ?? 0;
      if (cell) {
        cell.finished++;
        if (p.event !== "done") cell.failed++;
        cell.bar?.update(cell.finished, { extra: cell.failed ? `(${cell.failed} not done)` : "" });
        if (cell.bar && cell.finished >= cell.total) {
          cell.bar.stop();
          this.multi?.remove(cell.bar);
          cell.bar = undefined;
        }
      }
      if (p.event === "failed") this.log(`episode ${p.episode} failed: ${p.error ?? "see the log"}`);
    }
    const summary = this.summary(p);
    if (this.totalBar) this.totalBar.update(p.done + p.failed + p.cancelled, { extra: summary });
    else {
      const now = this.clock.now().getTime();
      if (now - this.lastLine >= 5000 || p.done + p.failed + p.cancelled === p.total) {
        this.lastLine = now;
        this.out.write(`progress: ${p.done + p.failed + p.cancelled}/${p.total} · ${summary}\n`);
      }
    }
  }

  private summary(p: RunProgress): string {
    const elapsed = (this.clock.now().getTime() - this.started) / 1000;
    const rate = this.totals.finished / Math.max(elapsed, 1e-3);
    const remaining = p.total - p.done - p.failed - p.cancelled;
    const eta = this.totals.finished ? duration(remaining / rate) : "?";
    return (
      `${p.done} done · ${p.failed} failed${p.cancelled ? ` · ${p.cancelled} cancelled` : ""} · ` +
      `${compact(this.totals.calls)} calls · ${compact(this.totals.tokens)} tokens · ` +
      `$${this.totals.cost.toFixed(2)} · ETA ${eta}`
    );
  }

  private log(text: string): void {
    // An episode's error can quote a provider or a model: escaped like everything printed.
    if (this.multi) this.multi.log(`${terminalSafe(text)}\n`);
    else this.out.write(`${terminalSafe(text)}\n`);
  }

  /** Stop drawing without a summary (the run ended in an error the CLI reports). */
  stop(): void {
    this.multi?.stop();
  }

  finish(r: RunResult): void {
    if (this.quiet) return;
    this.multi?.stop();
    const elapsed = (this.clock.now().getTime() - this.started) / 1000;
    this.out.write(`${finishLine(r)} · ${duration(elapsed)}\n`);
  }
}

/**
 * The run's last line: "Run r: stopped · 8/360 done (8 run now, 0 already done; 352 not finished:
 * interrupted) · 0 failed". "Run now" counts the episodes this invocation ran to their end.
 */
export function finishLine(r: RunResult): string {
  const why = r.stop_reason === "budget" ? "the budget was reached" : r.stop_reason === "interrupted" ? "interrupted" : "";
  const open = r.episodes - r.done - r.failed;
  const notFinished = open > 0 && r.stop_reason ? `; ${open} not finished: ${why}` : "";
  return (
    `Run ${r.run_id}: ${r.status} · ${r.done}/${r.episodes} done (` +
    `${r.ran} run now, ${r.reused} already done` +
    `${r.elsewhere ? `, ${r.elsewhere} by another process` : ""}${notFinished}) · ${r.failed} failed`
  );
}
