import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bootstrapFit } from '../src/fit/bootstrap.js';
import { fitLaw } from '../src/fit/fit.js';
import { chinchillaLaw } from '../src/fit/laws.js';
import { pointsFromTable } from '../src/fit/points.js';
import { readTableSync } from '../src/load/read-table.js';
import type { Notebook } from '../src/notebook/ipynb.js';
import { prepareLibraryForNotebooks } from '../src/notebook/notebook-env.js';
import { executeNotebook, PROJECT_ROOT } from '../src/notebook/notebook-kernel.js';
import { formatSeconds, progressText, startProgress } from '../src/progress.js';

afterEach(() => { vi.restoreAllMocks(); });

describe('progress text', () => {
  it('gives counts, percentage, elapsed and time left, then the total time', () => {
    expect(progressText('bootstrap refits', 500, 2000, 4)).toBe('bootstrap refits  500/2000 (25%)  4.0 s, ~12 s left');
    expect(progressText('x', 0, 10, 0)).toBe('x  0/10 (0%)  0.0 s, estimating');
    expect(progressText('x', 10, 10, 75)).toBe('x  10/10 in 1 min 15 s');
    expect(formatSeconds(NaN)).toBe('?');
  });
});

describe('startProgress', () => {
  it('calls a callback with counts (throttled to ~10/s, and once at the end)', () => {
    let t = 0;
    const seen: [number, number][] = [];
    const p = startProgress('work', 10, (d, n) => seen.push([d, n]), () => t);
    for (let i = 1; i <= 10; i++) { t += 60; p.update(i); }
    p.done();
    p.done();
    expect(seen).toEqual([[0, 10], [2, 10], [4, 10], [6, 10], [8, 10], [10, 10]]);
  });

  it('writes nothing when stderr is not a terminal, or when turned off', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const tty = process.stderr.isTTY;
    try {
      Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
      const p = startProgress('work', 5, 'stderr');
      expect(p.active).toBe(false);
      p.tick(); p.done();
      expect(startProgress('work', 5, false).active).toBe(false);
      expect(startProgress('work', 5, 'auto').active).toBe(false); // not a tslab kernel
      expect(write).not.toHaveBeenCalled();
    } finally {
      Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
    }
  });

  it('rewrites one line on a terminal and ends with a summary line', () => {
    let out = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => { out += String(s); return true; });
    const tty = process.stderr.isTTY;
    let t = 0;
    try {
      Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
      const p = startProgress('refits', 4, 'stderr', () => t);
      t = 1000; p.update(2);
      t = 3000; p.done();
    } finally {
      Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
    }
    expect(out).toBe('\r\x1b[Krefits  0/4 (0%)  0.0 s, estimating\r\x1b[Krefits  2/4 (50%)  1.0 s, ~1.0 s left\r\x1b[Krefits  4/4 in 3.0 s\n');
  });
});

const rows = readTableSync(join(PROJECT_ROOT, 'data', 'sweep', 'runs.csv'));
const points = pointsFromTable(rows, { N: 'N', D: 'D', loss: 'loss', group: 'run' });

describe('bootstrapFit progress', () => {
  it('reports every refit and gives the same draws in batches as in one piece', async () => {
    const fit = await fitLaw(points, chinchillaLaw(), { loss: 'huber', delta: 1e-3, threads: 1 });
    const seen: number[] = [];
    const batched = await bootstrapFit(fit, { resamples: 200, seed: 3, threads: 1, bca: false, progress: (d) => seen.push(d) });
    const plain = await bootstrapFit(fit, { resamples: 200, seed: 3, threads: 1, bca: false, progress: false });
    expect(seen.at(-1)).toBe(200);
    expect(seen.length).toBeGreaterThan(1);
    expect(batched.se).toEqual(plain.se);
    expect(batched.percentile).toEqual(plain.percentile);
  }, 60_000);

  it('the CLI prints nothing on stderr when it is piped, and --json stdout stays one JSON object', () => {
    const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/cli/main.ts', 'fit', 'data/sweep/runs.csv', '--bootstrap', '200', '--json'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  }, 60_000);
});

describe('progress in a tslab notebook', () => {
  it('a bootstrap cell shows a display that updates and ends with the total', async () => {
    prepareLibraryForNotebooks();
    const cell = (source: string) => ({ cell_type: 'code' as const, metadata: {}, source, execution_count: null, outputs: [] });
    const nb: Notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell(`import { readTable, pointsFromTable, fitLaw, bootstrapFit, chinchillaLaw } from 'scalelab';
const pts = pointsFromTable(await readTable('../data/sweep/runs.csv'), { N: 'N', D: 'D', loss: 'loss', group: 'run' });
const fit = await fitLaw(pts, chinchillaLaw(), { loss: 'huber', delta: 1e-3 });
const bs = await bootstrapFit(fit, { resamples: 300, seed: 1, bca: false });
console.log(bs.draws.E.length);`)] };
    const { notebook, failure } = await executeNotebook(nb, { cwd: join(PROJECT_ROOT, 'notebooks') });
    expect(failure).toBeUndefined();
    const outs = notebook.cells[0]?.cell_type === 'code' ? notebook.cells[0].outputs : [];
    // One display, updated in place (update_display_data), not one output per update.
    expect(outs.filter((o) => o.output_type === 'display_data')).toHaveLength(1);
    const shown = outs.find((o) => o.output_type === 'display_data');
    expect(shown?.output_type === 'display_data' && shown.data['text/plain']).toBe('bootstrap refits: 300/300 done');
    expect(outs).toContainEqual({ output_type: 'stream', name: 'stdout', text: '300\n' });
  }, 120_000);
});
