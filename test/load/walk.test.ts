/**
 * Folder walks (issue 9): a record folder (logs + training script + README + figure), a TensorBoard logdir with
 * other logs beside its event files, per-file failures (warning, or an error when strict), every file failing,
 * and the filesystem's odd entries: symbolic-link loops, dangling links, FIFOs, unreadable files, files vanishing
 * during a walk. Every input here is a file written in the shape of that variant.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError, LoadError } from '../../src/errors.js';
import { isClearlyNotLog, load } from '../../src/load/load.js';
import { EventWriter } from './tensorboard/writer.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'scalelab-walk-'));
const put = (dir: string, rel: string, text: string | Uint8Array) => {
  const p = join(dir, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
};
const csv = (vals: number[]) => 'step,loss\n' + vals.map((v, i) => `${i * 10},${v}\n`).join('');
const events = (n: number) => {
  const w = new EventWriter(1.7e9);
  for (let s = 0; s < n; s++) w.addScalar('train/loss', s, 3 - s / 10, 1.7e9 + s);
  return w.bytes();
};
// What a modded-nanogpt record's training script prints: it looks like a log to a detector.
const SCRIPT = 'import torch\nprint0(f"step:{step}/{train_steps} val_loss:{val_loss:.4f} train_time:{training_time_ms:.0f}ms")\nprint0("step:0/1750 val_loss:10.8258 train_time:0ms step_avg:0.04ms")\n';

describe('folder walks', () => {
  it('a record folder: the log loads; the script, README, figure and archive are skipped in one warning', async () => {
    const d = fresh();
    put(d, 'train.csv', csv([3, 2.5, 2.2]));
    put(d, 'train_gpt.py', SCRIPT);
    put(d, 'README.md', '# record\nstep:1/10 val_loss:3.2\n');
    put(d, 'loss.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    put(d, 'ckpt.tar.gz', Uint8Array.from([0x1f, 0x8b, 8, 0]));
    const rs = await load(d);
    expect(rs.runs.map((r) => [r.id, r.format])).toEqual([['train', 'csv']]);
    expect(Array.from(rs.curve('train', 'loss')!.value)).toEqual([3, 2.5, 2.2]);
    const skip = rs.warnings.filter((w) => /not logs/.test(w.message));
    expect(skip).toHaveLength(1);
    for (const f of ['train_gpt.py', 'README.md', 'loss.png', 'ckpt.tar.gz']) expect(skip[0]!.message).toContain(join(d, f));
    // Named directly, a file is tried whatever its name (the user asked for it): this image is refused.
    await expect(load(join(d, 'loss.png'))).rejects.toBeInstanceOf(FormatError);
  });

  it('names that are clearly not logs, and names that may be', () => {
    for (const n of ['train_gpt.py', 'README.md', 'LICENSE', 'Makefile', 'plot.svg', 'model.safetensors', 'x.tar.gz', 'requirements.txt', 'README.txt']) expect(isClearlyNotLog(n), n).toBe(true);
    for (const n of ['train.log', 'log.txt', 'metrics.csv', 'history.parquet', 'runs.arrow', 'trainer_state.json', 'events.out.tfevents.1.host', 'out', 'hparams.yaml', 'readme.log']) expect(isClearlyNotLog(n), n).toBe(false);
  });

  it('a folder holding event files also loads the other logs in it, each read as its own format', async () => {
    const d = fresh();
    put(d, 'events.out.tfevents.1700000000.host', events(5));
    put(d, 'eval/events.out.tfevents.1700000001.host', events(3));
    put(d, 'train.csv', csv([4, 3]));
    put(d, 'sub/other.csv', csv([1, 0.5, 0.25]));
    const seen: [string, string][] = [];
    const rs = await load(d, { onFile: (p, _i, _n, f) => seen.push([p, f]) });
    const byId = Object.fromEntries(rs.runs.map((r) => [r.id, r.format]));
    expect(byId).toMatchObject({ train: 'csv', 'sub/other': 'csv' });
    expect(rs.runs.filter((r) => r.format === 'tensorboard')).toHaveLength(2);
    expect(rs.curve('sub/other', 'loss')!.value).toHaveLength(3);
    expect(seen.map(([, f]) => f).sort()).toEqual(['csv', 'csv', 'tensorboard-dir']);
    expect(rs.warnings).toEqual([]);
  });

  it('a file that fails is a warning naming it and the rest load; strict makes it an error; all failing lists each', async () => {
    const d = fresh();
    put(d, 'a.csv', csv([3, 2]));
    const bad = put(d, 'b.parquet', Uint8Array.from([0x50, 0x41, 0x52, 0x31, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0x50, 0x41, 0x52, 0x31]));
    const rs = await load(d);
    expect(rs.runs.map((r) => r.id)).toEqual(['a']);
    const w = rs.warnings.find((x) => x.file === bad);
    expect(w?.message).toMatch(/not loaded .*footer length/);
    await expect(load(d, { strict: true })).rejects.toMatchObject({ name: 'LoadError', file: bad });
    const all = fresh();
    const b1 = put(all, 'x.parquet', Uint8Array.from([0x50, 0x41, 0x52, 0x31, 0, 0, 0x50, 0x41, 0x52, 0x31, 0, 0, 0, 0]));
    const b2 = put(all, 'y.arrow', Uint8Array.from([..."ARROW1"].map((c) => c.charCodeAt(0)).concat([0, 0, 1, 2, 3, 4])));
    const err = await load(all).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoadError);
    expect((err as Error).message).toMatch(/every file failed to load/);
    expect((err as Error).message).toContain(b1);
    expect((err as Error).message).toContain(b2);
  });

  it('a file vanishing between the walk and its load is a warning naming it', async () => {
    const d = fresh();
    put(d, 'a.csv', csv([3, 2]));
    const gone = put(d, 'b.csv', csv([5, 4]));
    const rs = await load(d, { onFile: (p) => { if (p === join(d, 'a.csv')) rmSync(gone); } });
    expect(rs.runs.map((r) => r.id)).toEqual(['a']);
    expect(rs.warnings.find((w) => w.file === gone)?.message).toMatch(/vanished/);
  });
});

describe('filesystem entries', () => {
  it('symbolic-link loops and dangling links are skipped with a warning naming them; named directly, a LoadError', async () => {
    const d = fresh();
    put(d, 'runs/a.csv', csv([3, 2]));
    symlinkSync('..', join(d, 'runs', 'up')); // a folder cycle
    symlinkSync('self', join(d, 'runs', 'self')); // a link to itself
    symlinkSync('nowhere.csv', join(d, 'runs', 'dangling.csv'));
    const rs = await load(join(d, 'runs'));
    expect(rs.runs.map((r) => r.id)).toEqual(['a']);
    const w = rs.warnings.find((x) => /cannot be read/.test(x.message))!;
    expect(w.message).toContain(`${join(d, 'runs', 'self')} (a symbolic link loop)`);
    expect(w.message).toContain(`${join(d, 'runs', 'dangling.csv')} (a dangling symbolic link`);
    await expect(load(join(d, 'runs', 'dangling.csv'))).rejects.toMatchObject({ name: 'LoadError', message: expect.stringMatching(/dangling symbolic link/) });
    await expect(load(join(d, 'runs', 'self'))).rejects.toMatchObject({ name: 'LoadError', message: expect.stringMatching(/symbolic link loop/) });
    await expect(load(join(d, 'runs'), { strict: true })).rejects.toBeInstanceOf(LoadError);
    // Through a glob too: the dangling link matches and is named, not dropped.
    const viaGlob = await load(join(d, 'runs', '*.csv'));
    expect(viaGlob.runs.map((r) => r.id)).toEqual(['a']);
    expect(viaGlob.warnings.some((x) => x.message.includes(`${join(d, 'runs', 'dangling.csv')} (a dangling symbolic link`))).toBe(true);
  });

  it('a FIFO is never opened: skipped with a warning in a walk, a LoadError when named (no hang)', async () => {
    const d = fresh();
    put(d, 'a.csv', csv([3, 2]));
    const fifo = join(d, 'pipe.log');
    execFileSync('mkfifo', [fifo]);
    const tb = join(d, 'tb');
    mkdirSync(tb);
    put(tb, 'events.out.tfevents.1.host', events(2));
    execFileSync('mkfifo', [join(tb, 'events.out.tfevents.2.host')]);
    const rs = await load(d);
    expect(rs.runs.map((r) => r.format).sort()).toEqual(['csv', 'tensorboard']);
    const w = rs.warnings.find((x) => /cannot be read/.test(x.message))!;
    expect(w.message).toContain(`${fifo} (a FIFO (named pipe)`);
    expect(w.message).toContain(join(tb, 'events.out.tfevents.2.host'));
    await expect(load(fifo)).rejects.toMatchObject({ name: 'LoadError', file: fifo, message: expect.stringMatching(/FIFO/) });
    await expect(load(fifo, { format: 'csv' })).rejects.toMatchObject({ name: 'LoadError' });
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file is a warning in a walk and a LoadError when named (not run as root: root reads anything)', async () => {
    const d = fresh();
    put(d, 'a.csv', csv([3, 2]));
    const locked = put(d, 'b.csv', csv([1]));
    chmodSync(locked, 0);
    const rs = await load(d);
    expect(rs.runs.map((r) => r.id)).toEqual(['a']);
    expect(rs.warnings.some((w) => w.message.includes(locked) && /permission denied/.test(w.message))).toBe(true);
    await expect(load(locked)).rejects.toMatchObject({ name: 'LoadError', message: expect.stringMatching(/permission denied/) });
  });
});
