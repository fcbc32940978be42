// A progress bar for long cells, updated in place with update_display_data.
// Its display id comes from a counter, never from randomness, so a re-run gives the same ids.
// Live outputs belong only in cells whose output is not checked (DESIGN.md, Display).
// Outside a kernel it shows nothing, unless a display sink was installed (tests).
import { display, hasCustomDisplaySink, inKernel, updateDisplay, type MimeBundle } from "./display";
import { escapeHtml } from "./HtmlEscape";

export interface Progress {
  /** The display id the bar is shown and updated under. */
  readonly displayId: string;
  readonly label: string;
  readonly total: number;
  /** Work done so far. */
  readonly value: number;
  readonly finished: boolean;
  /** Adds `n` (default 1) to the work done; the bar is redrawn when its whole percent changes. */
  tick(n?: number): void;
  /** Marks the work finished and draws the bar a last time. Later calls do nothing. */
  done(): void;
}

const BAR_WIDTH = 30;
let progressCounter = 0;

/** @internal Restart display ids from 1 (tests). */
export function resetProgressIds(): void {
  progressCounter = 0;
}

function percentOf(value: number, total: number): number {
  if (total === 0) return 100;
  return Math.min(100, Math.max(0, Math.floor((value / total) * 100)));
}

function bundleOf(label: string, value: number, total: number, finished: boolean): MimeBundle {
  const percent = percentOf(value, total);
  const filled = Math.round((percent / 100) * BAR_WIDTH);
  const prefix = label === "" ? "" : label + " ";
  const suffix = finished ? " done" : "";
  const text = `${prefix}[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${value}/${total} ${percent}%${suffix}`;
  const html = `<div class="kafkalab-progress"><progress value="${Math.min(value, total)}" max="${total}"></progress> `
    + `${escapeHtml(`${prefix}${value}/${total} ${percent}%${suffix}`)}</div>`;
  return { "text/html": html, "text/plain": text };
}

class ProgressBar implements Progress {
  readonly displayId: string;
  value = 0;
  finished = false;
  private shownPercent: number;
  private readonly live: boolean;

  constructor(readonly total: number, readonly label: string) {
    this.displayId = `kafkalab-progress-${++progressCounter}`;
    this.live = inKernel() || hasCustomDisplaySink();
    this.shownPercent = percentOf(0, total);
    if (this.live) display(bundleOf(label, 0, total, false), { displayId: this.displayId });
  }

  tick(n = 1): void {
    if (this.finished) return;
    if (!Number.isFinite(n)) throw new RangeError(`Invalid value ${n} for progress tick: must be a finite number`);
    this.value += n;
    const percent = percentOf(this.value, this.total);
    if (percent !== this.shownPercent) {
      this.shownPercent = percent;
      this.redraw();
    }
  }

  done(): void {
    if (this.finished) return;
    this.finished = true;
    this.redraw();
  }

  private redraw(): void {
    if (this.live) updateDisplay(bundleOf(this.label, this.value, this.total, this.finished), this.displayId);
  }
}

/** Shows a progress bar for `total` units of work; call `tick()` as work is done and `done()` at the end. */
export function progress(total: number, label = ""): Progress {
  if (!Number.isFinite(total) || total < 0) {
    throw new RangeError(`Invalid value ${total} for progress total: must be a finite number at least 0`);
  }
  return new ProgressBar(total, label);
}
