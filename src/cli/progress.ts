/**
 * Progress of a long command on stderr: a bar redrawn in place on a terminal (at most ten times a
 * second), a line per 10 % otherwise (logs and CI keep a readable record instead of a thousand
 * carriage returns).
 */
export interface ProgressReporter {
  update(done: number, total: number): void;
  /** Ends the bar's line (a terminal) so what follows starts on a fresh one. */
  finish(): void;
}

const BAR_WIDTH = 30;
const REDRAW_MS = 100;

export function progressReporter(write: (text: string) => void, isTTY: boolean, label: string): ProgressReporter {
  let lastStep = -1;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total) {
      if (total <= 0) return;
      const ratio = Math.min(1, done / total);
      if (isTTY) {
        const at = performance.now();
        if (done < total && at - lastDraw < REDRAW_MS) return;
        lastDraw = at;
        const filled = Math.round(ratio * BAR_WIDTH);
        write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${Math.floor(ratio * 100)}% ${done}/${total}`);
        drawn = true;
        return;
      }
      const step = Math.floor(ratio * 10);
      if (step === lastStep) return;
      lastStep = step;
      write(`${label}: ${step * 10}% (${done}/${total})\n`);
    },
    finish() {
      if (drawn) write('\n');
      drawn = false;
    },
  };
}
