/**
 * Progress of long computations (bootstrap refits, IsoFLOP resamples, run proposals, comparison bootstraps), one
 * small module for all of them. Where it shows:
 * - in a tslab notebook: one display that updates in place (bar, counts, time left), left as a final line
 *   without times (`bootstrap refits: 2000/2000 done`), so saved notebooks stay byte-identical across runs;
 * - on a terminal (stderr is a TTY): one line rewritten in place, `label  450/2000 (22%)  3 s, ~11 s left`,
 *   replaced by a summary line when done;
 * - otherwise (stderr piped or redirected, CI, tests): nothing.
 * Results never go through it, so `--json` output on stdout is never touched.
 *
 * Library functions take `progress?: ProgressOption` (default `'auto'`: the notebook display in a tslab kernel,
 * nothing elsewhere); the CLI passes `'stderr'` (shown only when stderr is a terminal); `false` turns it off;
 * a function receives `(done, total, label)` for a display of your own.
 *
 * @example
 * import { startProgress } from './progress.js';
 * const p = startProgress('bootstrap refits', 2000, options.progress);
 * for (let b = 0; b < 2000; b += 100) { work(); p.update(b + 100); }
 * p.done();
 */
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Receives progress: `done` of `total` units of `label` (called at most ~10 times a second, and at the end). */
export type ProgressCallback = (done: number, total: number, label: string) => void;

/**
 * Where progress goes: 'auto' (a tslab notebook display, else nothing), 'stderr' (a line on stderr when it is a
 * terminal, else nothing), 'notebook', true (= 'auto', plus stderr when it is a terminal), false (nowhere), or a
 * callback.
 */
export type ProgressOption = 'auto' | 'stderr' | 'notebook' | boolean | ProgressCallback;

/** A running progress report; see {@link startProgress}. */
export interface Progress {
  /** False when progress goes nowhere (callers may then skip splitting their work into batches). */
  readonly active: boolean;
  /** Set the number of units done (monotone; clamped to the total). */
  update(done: number): void;
  /** Add `n` (default 1) units done. */
  tick(n?: number): void;
  /** Finish: a terminal line becomes a summary line, a notebook display shows the total time. */
  done(): void;
}

interface Sink {
  show(text: string, final: boolean): void;
  /** Prefix a text bar while running (the notebook display). */
  bar?: boolean;
}

const NOOP: Progress = { active: false, update() {}, tick() {}, done() {} };

/** Seconds as "12 s", "3 min 05 s". */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - m * 60)).padStart(2, '0')} s`;
}

/**
 * The text of a progress line: label, counts, percentage, elapsed and estimated time left (linear in units done).
 *
 * @example
 * progressText('bootstrap refits', 500, 2000, 4); // 'bootstrap refits  500/2000 (25%)  4.0 s, ~12 s left'
 */
export function progressText(label: string, done: number, total: number, elapsedS: number): string {
  const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
  if (done >= total) return `${label}  ${total}/${total} in ${formatSeconds(elapsedS)}`;
  const left = done > 0 ? ` ~${formatSeconds((elapsedS * (total - done)) / done)} left` : '';
  return `${label}  ${done}/${total} (${pct}%)  ${formatSeconds(elapsedS)},${left || ' estimating'}`;
}

/** A text bar for the notebook display: `▕██████░░░░░░▏`. */
function bar(done: number, total: number, width = 24): string {
  const full = total > 0 ? Math.round((width * Math.min(done, total)) / total) : width;
  return `▕${'█'.repeat(full)}${'░'.repeat(width - full)}▏`;
}

interface TslabPublic {
  newDisplay(): { text(s: string): void };
}

/** tslab's public module when this process is a tslab kernel (its own copy, whose display reaches the notebook). */
function tslabPublic(): TslabPublic | undefined {
  // The scalelab-kernel launcher (bin/scalelab-kernel.cjs) records the tslab it started.
  const launched = (globalThis as Record<symbol, unknown>)[Symbol.for('scalelab.tslabDir')];
  if (typeof launched === 'string') return loadPublic(join(launched, 'dist', 'public.js'));
  const main = process.argv[1];
  if (!main || !existsSync(main)) return undefined;
  let real: string;
  try {
    real = realpathSync(main);
  } catch {
    return undefined;
  }
  if (!/[/\\]tslab[/\\]bin[/\\]tslab$/.test(real)) return undefined;
  return loadPublic(join(dirname(dirname(real)), 'dist', 'public.js'));
}

function loadPublic(file: string): TslabPublic | undefined {
  try {
    const mod = createRequire(import.meta.url)(file) as Partial<TslabPublic>;
    return typeof mod.newDisplay === 'function' ? (mod as TslabPublic) : undefined;
  } catch {
    return undefined;
  }
}

function notebookSink(): Sink | undefined {
  const t = tslabPublic();
  if (!t) return undefined;
  let d: { text(s: string): void } | undefined;
  return {
    bar: true,
    show(text) {
      try {
        d ??= t.newDisplay();
        d.text(text);
      } catch {
        // tslab not ready to display (outside a cell): progress is optional.
      }
    },
  };
}

function stderrSink(): Sink | undefined {
  if (!process.stderr.isTTY) return undefined;
  return {
    show(text, final) {
      const cols = process.stderr.columns || 100;
      const line = text.length >= cols ? text.slice(0, cols - 1) : text;
      process.stderr.write(`\r\x1b[K${line}${final ? '\n' : ''}`);
    },
  };
}

/**
 * Start reporting progress of `total` units; see the module comment for where it shows.
 *
 * @example
 * const p = startProgress('proposal candidates', candidates.length, 'stderr');
 * for (const c of candidates) { score(c); p.tick(); }
 * p.done();
 */
export function startProgress(label: string, total: number, option: ProgressOption = 'auto', now: () => number = () => performance.now()): Progress {
  if (option === false || !(total > 0)) return NOOP;
  const sinks: Sink[] = [];
  let callback: ProgressCallback | undefined;
  if (typeof option === 'function') callback = option;
  else {
    if (option === 'auto' || option === 'notebook' || option === true) {
      const nb = notebookSink();
      if (nb) sinks.push(nb);
    }
    if ((option === 'stderr' || option === true) && sinks.length === 0) {
      const s = stderrSink();
      if (s) sinks.push(s);
    }
    if (sinks.length === 0) return NOOP;
  }
  const t0 = now();
  let done = 0;
  let lastShown = -Infinity;
  let finished = false;
  const show = (final: boolean) => {
    const elapsed = (now() - t0) / 1000;
    if (callback) {
      callback(done, total, label);
      return;
    }
    const text = progressText(label, done, total, elapsed);
    // A notebook keeps the last state in its saved outputs: no time in it, so re-executing gives the same bytes.
    for (const s of sinks) s.show(s.bar ? (final ? `${label}: ${total}/${total} done` : `${bar(done, total)} ${text}`) : text, final);
  };
  const maybeShow = () => {
    const t = now();
    if (t - lastShown >= 100 && done < total) {
      lastShown = t;
      show(false);
    }
  };
  maybeShow();
  return {
    active: true,
    update(n: number) {
      if (finished) return;
      done = Math.max(done, Math.min(total, n));
      maybeShow();
    },
    tick(n = 1) {
      this.update(done + n);
    },
    done() {
      if (finished) return;
      finished = true;
      done = total;
      show(true);
    },
  };
}
