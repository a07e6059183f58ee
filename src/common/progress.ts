/** Where progress goes: process.stderr, or a stand-in (tests). */
export interface ProgressOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** A terminal's line is redrawn at most this often (a redraw per chunk would flood a slow terminal). */
const REDRAW_MS = 100;

/**
 * The progress of a console command that works on many rows, on stderr (its
 * results stay alone on stdout): on a terminal, one line rewritten in place;
 * otherwise (a log, a pipe) one line each time another tenth is done, so a
 * log of a long run gets at most ten lines.
 */
export class Progress {
  private tenths = 0;
  private drawnAt = -Infinity;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly out: ProgressOutput = process.stderr,
    private readonly clock: () => number = Date.now,
  ) {}

  /** `done` of `total` so far (the total may be known only once the work starts). */
  update(done: number, total: number): void {
    if (total <= 0) return;
    if (this.out.isTTY) {
      const at = this.clock();
      if (done < total && at - this.drawnAt < REDRAW_MS) return;
      this.drawnAt = at;
      this.drawn = true;
      // back to the line's start, then clear what a longer previous text left
      this.out.write(`\r${this.text(done, total)}\x1b[K`);
      return;
    }
    const tenths = Math.min(10, Math.floor((done * 10) / total));
    if (tenths <= this.tenths) return;
    this.tenths = tenths;
    this.out.write(`${this.text(done, total)}\n`);
  }

  /** `update` as a callback for the code doing the work. */
  readonly report = (done: number, total: number): void => this.update(done, total);

  /** Ends a terminal's line (the next output starts on its own line). */
  end(): void {
    if (this.out.isTTY && this.drawn) this.out.write('\n');
    this.drawn = false;
  }

  private text(done: number, total: number): string {
    return `${this.label}: ${done}/${total} (${Math.floor((done * 100) / total)}%)`;
  }
}

/** What the code doing the work calls after each step (rows done so far, of how many). */
export type OnProgress = (done: number, total: number) => void;

/** Runs `work` with a progress on stderr, its line ended whatever happens. */
export async function withProgress<T>(label: string, work: (report: Progress['report']) => Promise<T>): Promise<T> {
  const progress = new Progress(label);
  try {
    return await work(progress.report);
  } finally {
    progress.end();
  }
}
