// Progress on stderr: one updating line on a terminal, a plain line every few seconds otherwise.
import type { RunProgress, RunResult } from "../runner/index.js";
import type { Clock } from "../util/clock.js";

export class Progress {
  private lastPrint = 0;
  private readonly started: number;
  private last: RunProgress | null = null;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly quiet: boolean,
    private readonly clock: Clock,
  ) {
    this.started = clock.now().getTime();
  }

  update(p: RunProgress): void {
    this.last = p;
    if (this.quiet) return;
    if (p.event === "failed") this.line(`episode ${p.episode} failed: ${p.error ?? "see the log"}`);
    const now = this.clock.now().getTime();
    const tty = this.out.isTTY === true;
    if (!tty && now - this.lastPrint < 5000 && p.done + p.failed + p.cancelled < p.total) return;
    this.lastPrint = now;
    const finished = p.done + p.failed + p.cancelled;
    const elapsed = (now - this.started) / 1000;
    const text = `${finished}/${p.total} episodes · ${p.done} done · ${p.failed} failed${p.cancelled ? ` · ${p.cancelled} cancelled` : ""} · ${elapsed.toFixed(1)}s`;
    if (tty) this.out.write(`\r\x1b[2K${text}`);
    else this.out.write(`${text}\n`);
  }

  private line(text: string): void {
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${text}\n`);
    else this.out.write(`${text}\n`);
  }

  finish(r: RunResult): void {
    if (this.quiet) return;
    if (this.out.isTTY && this.last) this.out.write("\n");
    const elapsed = (this.clock.now().getTime() - this.started) / 1000;
    this.out.write(`Run ${r.run_id}: ${r.status} · ${r.done}/${r.episodes} done (${r.ran} run now, ${r.reused} already done) · ${r.failed} failed · ${elapsed.toFixed(1)}s\n`);
  }
}
