/** Folders of synthetic event files through load(): one run per directory holding event files. */
import { describe, expect, it } from 'vitest';
import { load } from '../../../src/load/index.js';
import { orderEventFiles, tensorboardDirLoader } from '../../../src/load/tensorboard/index.js';
import { loadWith } from './harness.js';
import { put, tempDir } from './util.js';
import { EventWriter, Msg, summaryEvent } from './writer.js';

const T0 = 1700000000;
function file(steps: number[], tag = 'loss', value = (s: number) => 100 - s): Uint8Array {
  const w = new EventWriter(T0);
  for (const s of steps) w.addScalar(tag, s, value(s), T0 + s);
  return w.bytes();
}

describe('TensorBoard logdir (synthetic files)', () => {
  it('orders a run directory\'s files by the timestamp in their names, then by name', () => {
    expect(orderEventFiles(['events.out.tfevents.10.h.2', 'events.out.tfevents.9.h.1', 'events.out.tfevents.10.h.1', 'x.tfevents'])).toEqual([
      'events.out.tfevents.9.h.1',
      'events.out.tfevents.10.h.1',
      'events.out.tfevents.10.h.2',
      'x.tfevents',
    ]);
  });

  it('loads one run per directory; files of one run in timestamp order, a resume recorded as a restart', async () => {
    const root = tempDir();
    const logdir = root + '/logs';
    // run a: first file (t=9) steps 0..9, resumed file (t=10) steps 6..12: numeric order 9 < 10 (not lexical).
    put(logdir, 'a/events.out.tfevents.10.host.2.0', file([6, 7, 8, 9, 10, 11, 12], 'loss', (s) => 1000 + s));
    put(logdir, 'a/events.out.tfevents.9.host.1.0', file([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    put(logdir, 'b/events.out.tfevents.5.host.3.0', file([0, 1, 2]));
    put(logdir, 'b/eval/events.out.tfevents.5.host.3.1', file([0, 2], 'acc', (s) => s / 4));
    put(logdir, 'b/notes.txt', new TextEncoder().encode('not an event file'));
    const w = new EventWriter(T0); // only a histogram: no run
    w.addRecord(summaryEvent(1, T0, [new Msg().string(1, 'w').bytes(5, new Msg().double(1, 0))]));
    put(logdir, 'c/events.out.tfevents.5.host.4.0', w.bytes());

    const rs = await load(logdir);
    expect(rs.runs.map((r) => r.id)).toEqual(['a', 'b', 'b/eval']);
    const a = rs.curve('a', 'loss')!;
    expect(Array.from(a.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(Array.from(a.value)).toEqual([100, 99, 98, 97, 96, 95, 1006, 1007, 1008, 1009, 1010, 1011, 1012]);
    expect(rs.run('a')!.restarts).toEqual([{ fromStep: 9, toStep: 6, superseded: 4 }]);
    expect(rs.superseded.numRows()).toBe(4);
    expect(Array.from(rs.curve('b/eval', 'acc')!.value)).toEqual([0, 0.5]);
    expect(rs.run('b/eval')!.format).toBe('tensorboard');
    const msgs = rs.warnings.map((x) => x.message).join('\n');
    expect(msgs).toMatch(/1 histogram \(tags: w\)/);
    expect(msgs).toMatch(/no scalar summaries in 1 event file\(s\), 2 records; no run created/);
  });

  it('a named run directory with event files and a PyTorch add_scalars subfolder gives a run each', async () => {
    const root = tempDir();
    put(root, 'exp/events.out.tfevents.1.h.0', file([0, 1]));
    put(root, 'exp/lr_group0/events.out.tfevents.1.h.1', file([0, 1], 'lr', () => 0.5));
    const rs = await load(root + '/exp');
    expect(rs.runs.map((r) => r.id)).toEqual(['exp', 'exp/lr_group0']);
    const rs2 = await loadWith(tensorboardDirLoader, root + '/exp', 'k');
    expect(rs2.runs.map((r) => r.id)).toEqual(['k', 'k/lr_group0']);
    expect(rs2.curve('k/lr_group0', 'lr')!.value[1]).toBe(0.5);
  });

  it('a corrupt file in a logdir: the damaged record is skipped with a warning naming file and offset; strict fails', async () => {
    const root = tempDir();
    const b = file([0, 1, 2]);
    b[60] ^= 0xff;
    const f = put(root, 'logs/a/events.out.tfevents.1.h.0', b);
    const rs = await load(root + '/logs');
    expect(rs.warnings.some((w) => w.offset === 40 && w.message.includes(f) && /corrupt/.test(w.message))).toBe(true);
    await expect(load(root + '/logs', { strict: true })).rejects.toMatchObject({ name: 'LoadError', file: f, offset: 40 });
  });

  it('a malformed Event in one file of a logdir: that file stops there with a warning, the other runs load; strict fails', async () => {
    const root = tempDir();
    put(root, 'logs/a/events.out.tfevents.1.h.0', file([0, 1, 2]));
    const w = new EventWriter(1.7e9);
    w.addScalar('loss', 0, 1, 1.7e9);
    w.addRecord(Uint8Array.from([0x0f, 0x00])); // field 1 with wire type 7: well framed, not an Event
    const bad = put(root, 'logs/b/events.out.tfevents.1.h.0', w.bytes());
    const rs = await load(root + '/logs');
    expect(rs.runs.map((r) => r.id).sort()).toEqual(['a', 'b']);
    expect(rs.curve('b', 'loss')!.value).toHaveLength(1);
    expect(rs.warnings.some((x) => x.message.includes(`${bad}: not read to its end`))).toBe(true);
    await expect(load(root + '/logs', { strict: true })).rejects.toMatchObject({ name: 'LoadError', file: bad });
  });
});
