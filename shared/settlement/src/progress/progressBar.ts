/** How far a long job is: its phase, the rows it handled in that phase, and the share done if known. */
export interface ProgressUpdate {
  phase: string;
  rows: number;
  /** 0 to 1, or null when the end is unknown. */
  fraction: number | null;
}

export type ProgressListener = (update: ProgressUpdate) => void;

/** The shortest pause between two redraws. */
const REDRAW_MS_MIN = 100;
const BAR_CHARS = 24;
/** A rate over less time than this is noise: not shown until then. */
const RATE_AFTER_S = 0.5;

const grouped = (n: number): string => Math.round(n).toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.ceil(seconds - minutes * 60)).padStart(2, '0')}s`;
}

/**
 * A one-line progress bar on a terminal: phase, bar, rows, rows per second and the time left. Draws
 * only when the stream is a TTY (plain ANSI: carriage return and clear-line), so logs and pipes stay
 * clean; a phase that ends keeps its last line.
 */
export class ProgressBar {
  private phase: string | null = null;
  private phaseStarted = 0;
  private lastDraw = 0;
  private last: ProgressUpdate | null = null;
  private readonly enabled: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = stream.isTTY === true;
  }

  /** The listener to hand to a job. */
  readonly listener: ProgressListener = (update) => this.update(update);

  update(update: ProgressUpdate): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (update.phase !== this.phase) {
      if (this.last !== null) this.draw(this.last, now, true);
      this.phase = update.phase;
      this.phaseStarted = now;
      this.lastDraw = 0;
    }
    this.last = update;
    if (now - this.lastDraw >= REDRAW_MS_MIN) this.draw(update, now, false);
  }

  /** Draws the last state and ends the line. */
  finish(): void {
    if (!this.enabled || this.last === null) return;
    this.draw(this.last, performance.now(), true);
    this.last = null;
    this.phase = null;
  }

  private draw(update: ProgressUpdate, now: number, final: boolean): void {
    this.lastDraw = now;
    const seconds = Math.max((now - this.phaseStarted) / 1000, 1e-3);
    const rate = update.rows / seconds;
    const rateText = final || seconds >= RATE_AFTER_S ? `${grouped(rate)} rows/s  ` : '';
    const fraction = update.fraction === null ? null : Math.min(Math.max(update.fraction, 0), 1);
    const filled = fraction === null ? 0 : Math.round(fraction * BAR_CHARS);
    const bar = fraction === null ? '' : `[${'#'.repeat(filled)}${'.'.repeat(BAR_CHARS - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% `;
    const eta = final ? `in ${duration(seconds)}` : fraction !== null && fraction > 0 ? `ETA ${duration((seconds * (1 - fraction)) / fraction)}` : '';
    const line = `${update.phase.padEnd(8)} ${bar}${grouped(update.rows)} rows  ${rateText}${eta}`;
    this.stream.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
  }
}
