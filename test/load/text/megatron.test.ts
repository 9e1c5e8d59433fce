import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { load } from '../../../src/load/index.js';
import { LoadError } from '../../../src/errors.js';
import { Flag } from '../../../src/runs/types.js';
import { curveOf, FIX, loadText } from './helpers.js';

const VARIANTS = fileURLToPath(new URL('formats/megatron/stdout_variants.log', FIX));

describe('Megatron stdout_variants.log fixture (test/fixtures/formats/megatron)', () => {
  it('detects and reads all 4 prefix/format variants (4 excerpts -> iteration counter goes back: restarts)', async () => {
    const rs = await load(VARIANTS);
    expect(rs.runs).toHaveLength(1);
    const r = rs.runs[0]!;
    expect(r.format).toBe('megatron');
    expect(rs.warnings).toEqual([]);
    // The four lines come from four different jobs (iterations 50, 224, 10, 25): every one is parsed ...
    const all = [
      ...(rs.superseded.objects() as { metric: string; step: number; value: number }[]),
      ...(rs.metrics.objects() as { metric: string; step: number; value: number }[]),
    ].filter((p) => p.metric === 'train/loss');
    expect(all.map((p) => [p.step, p.value]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [10, 13.32803], [25, 10.86954], [50, 6.258318], [224, 5.119438],
    ]);
    // ... and the builder sees the counter going back from 224 to 10 as a resume.
    expect(r.restarts).toEqual([expect.objectContaining({ fromStep: 224, toStep: 10 })]);
    expect(r.config.total_steps).toBe(73242187);
    // variant 3 prints elapsed time in seconds: 35.8651 s -> 35865.1 ms
    const t = curveOf(rs, 'iter_time_ms');
    expect(t.step).toEqual([10, 25]);
    expect(t.value[0]).toBeCloseTo(35865.1, 6);
    expect(t.value[1]).toBe(87.0);
    expect(curveOf(rs, 'loss_scale').value).toEqual([4096, 4294967296]);
    expect(curveOf(rs, 'consumed_samples').value).toEqual([10240, 50]);
    expect(curveOf(rs, 'samples_per_second').value).toEqual([28.551]);
    const superseded = rs.superseded.objects() as { metric: string; step: number; value: number; time: number }[];
    // variant 1: "[lrdn3321:3]: [2025-03-31 05:54:07] iteration 50/ 242204 | ... throughput per GPU (TFLOP/s/GPU): 134.0 | learning rate: 8.000000E-06"
    expect(superseded.find((p) => p.metric === 'tflops_per_gpu')).toMatchObject({ step: 50, value: 134, time: 0 });
    expect(superseded.find((p) => p.metric === 'lr' && p.step === 50)).toMatchObject({ value: 8e-6 });
    // variant 2 (no prefix): "TFLOPs GPU (Hardware): 110.49"
    expect(superseded.find((p) => p.metric === 'tflops_gpu_hardware')).toMatchObject({ step: 224, value: 110.49 });
  });

  it('each variant line alone loads as one run with the values printed', async () => {
    const lines = readFileSync(VARIANTS, 'utf8').split('\n').filter((l) => l.trim());
    expect(lines).toHaveLength(4);
    const expected = [[50, 6.258318, 1.52], [224, 5.119438, 1.455], [10, 13.32803, 42.627], [25, 10.86954, 0]];
    for (let i = 0; i < 4; i++) {
      const rs = await loadText(lines[i]! + '\n');
      expect(curveOf(rs, 'train/loss')).toMatchObject({ step: [expected[i]![0]], value: [expected[i]![1]] });
      expect(curveOf(rs, 'grad_norm').value).toEqual([expected[i]![2]]);
    }
  });
});

/** A Megatron line as training_log prints it (newer versions put a timestamp first). */
function iterLine(it: number, total: number, f: { loss?: string; skipped?: number; nan?: number; samples: number; ts?: string; grad?: string }): string {
  const ts = f.ts ? ` [${f.ts}]` : '';
  let s = `${ts} iteration ${String(it).padStart(8)}/${String(total).padStart(8)} | consumed samples: ${String(f.samples).padStart(12)} | elapsed time per iteration (ms): 1552.8 | learning rate: 3.000000E-04 | global batch size:   512 |`;
  if (f.loss !== undefined) s += ` lm loss: ${f.loss} |`;
  s += ` loss scale: 1.0 |`;
  if (f.grad !== undefined) s += ` grad norm: ${f.grad} |`;
  s += ` number of skipped iterations: ${String(f.skipped ?? 0).padStart(3)} | number of nan iterations: ${String(f.nan ?? 0).padStart(3)} |`;
  return s;
}

const ARGS = [
  '------------------------ arguments ------------------------',
  '  global_batch_size ............................... 512',
  '  hidden_size ..................................... 2048',
  '  lr .............................................. 0.0003',
  '  num_layers ...................................... 24',
  '  seq_length ...................................... 4096',
  '  data_path ....................................... [\'/data/x\']',
  '  use_flash_attn .................................. True',
  '-------------------- end of arguments ---------------------',
];

describe('Megatron format', () => {
  it('tokens = consumed samples x seq_length from the arguments dump; time from timestamps; config kept', async () => {
    const text = [
      ...ARGS,
      'saving checkpoint at iteration     100 to /ckpt',
      iterLine(10, 1000, { loss: '6.258318E+00', samples: 5120, ts: '2025-03-31 05:54:07', grad: '1.520' }),
      iterLine(20, 1000, { loss: '5.119438E+00', samples: 10240, ts: '2025-03-31 05:54:22', grad: '1.455' }),
      '-'.repeat(100),
      ' validation loss at iteration 20 | lm loss value: 5.012345E+00 | lm loss PPL: 1.502639E+02 | ',
      '-'.repeat(100),
    ].join('\n') + '\n';
    const rs = await loadText(text);
    const r = rs.runs[0]!;
    expect(r.config).toMatchObject({ seq_length: 4096, global_batch_size: 512, hidden_size: 2048, num_layers: 24, lr: 0.0003, total_steps: 1000 });
    expect(r.config.data_path).toBeUndefined(); // only the documented sizes are kept
    const loss = curveOf(rs, 'train/loss');
    expect(loss).toMatchObject({ step: [10, 20], value: [6.258318, 5.119438], tokens: [5120 * 4096, 10240 * 4096], time: [0, 15] });
    expect(curveOf(rs, 'val/loss')).toMatchObject({ step: [20], value: [5.012345] });
    expect(curveOf(rs, 'val/ppl').value).toEqual([150.2639]);
    expect(rs.warnings).toEqual([]);
  });

  it('the seqLength option wins over the arguments dump; without either tokens stay NaN', async () => {
    const body = iterLine(10, 100, { loss: '6.0E+00', samples: 80 });
    const a = await loadText([...ARGS, body].join('\n'), { seqLength: 1024 });
    expect(curveOf(a, 'train/loss').tokens).toEqual([80 * 1024]);
    const b = await loadText(body + '\n');
    expect(Number.isNaN(curveOf(b, 'train/loss').tokens[0])).toBe(true);
    expect(curveOf(b, 'consumed_samples').value).toEqual([80]);
  });

  it('skipped iterations without a loss are recorded as NaN flagged skipped; nan values flagged non-finite', async () => {
    const text = [
      iterLine(1, 100, { loss: '1.1E+01', samples: 8 }),
      iterLine(2, 100, { skipped: 1, samples: 16 }),
      iterLine(3, 100, { loss: 'nan', nan: 1, samples: 24, grad: 'nan' }),
      iterLine(4, 100, { nan: 1, samples: 32 }),
      iterLine(5, 100, { loss: '1.0E+01', samples: 40, grad: 'inf' }),
    ].join('\n') + '\n';
    const rs = await loadText(text);
    const loss = curveOf(rs, 'train/loss');
    expect(loss.step).toEqual([1, 2, 3, 4, 5]);
    expect(loss.flag).toEqual([Flag.ok, Flag.skipped, Flag.nonFinite, Flag.nonFinite, Flag.ok]);
    expect(loss.value.map((v) => Number.isNaN(v))).toEqual([false, true, true, true, false]);
    expect(rs.runs[0]!.skipped).toBe(1);
    expect(curveOf(rs, 'grad_norm').value).toEqual([NaN, Infinity]);
  });

  it('iterations going back after a rollback: added in file order, the builder keeps the later segment', async () => {
    const text = [
      iterLine(10, 100, { loss: '5.0', samples: 80 }),
      iterLine(20, 100, { loss: '4.0', samples: 160 }),
      iterLine(30, 100, { loss: '9.9', samples: 240 }),
      ' > loading checkpoint from /ckpt at iteration 20',
      iterLine(30, 100, { loss: '3.5', samples: 240 }),
      iterLine(40, 100, { loss: '3.0', samples: 320 }),
    ].join('\n') + '\n';
    const rs = await loadText(text);
    expect(curveOf(rs, 'train/loss')).toMatchObject({ step: [10, 20, 30, 40], value: [5, 4, 3.5, 3] });
  });

  it('launcher prefixes are accepted, other text before "iteration" is not a training line', async () => {
    const text = [
      '[default7]: iteration       10/     100 | consumed samples:           80 | elapsed time per iteration (s): 1.5 | lm loss: 5.000000E+00 |',
      '3:  iteration       20/     100 | consumed samples:          160 | elapsed time per iteration (ms): 1500.0 | lm loss: 4.000000E+00 |',
      '[host:0]: [2025-01-01 00:00:00] iteration       30/     100 | consumed samples:          240 | lm loss: 3.000000E+00 |',
      'successfully saved checkpoint from iteration      30 to /ckpt',
      'some text iteration 40/ 100 | lm loss: 1.0 |',
      ' validation loss at the end of training for val data | lm loss value: 2.900000E+00 | lm loss PPL: 1.817415E+01 | ',
      ' validation loss at iteration 30 on test set | lm loss value: 2.950000E+00 | lm loss PPL: 1.910540E+01 | ',
    ].join('\n') + '\n';
    const rs = await loadText(text);
    expect(curveOf(rs, 'train/loss')).toMatchObject({ step: [10, 20, 30], value: [5, 4, 3] });
    expect(curveOf(rs, 'iter_time_ms').value).toEqual([1500, 1500]);
    expect(curveOf(rs, 'val/loss')).toMatchObject({ step: [30], value: [2.9] });
    expect(curveOf(rs, 'test/loss')).toMatchObject({ step: [30], value: [2.95] });
    // free text before "iteration" is not a record, but a line carrying Megatron's fields is flagged, never dropped silently
    expect(rs.warnings.map((w) => w.line)).toEqual([5]);
    expect(rs.warnings[0]!.message).toMatch(/carries Megatron fields but does not start like a record/);
  });

  it('a broken number in a known field: line skipped with its number; interleaved output too', async () => {
    const text = [
      iterLine(10, 100, { loss: '5.0E+00', samples: 80 }),
      iterLine(20, 100, { loss: '4.0E+0x0', samples: 160 }),
      iterLine(30, 100, { loss: '3.0E+00', samples: 240 }).slice(0, 60) + '[default1]: some other rank output',
      iterLine(40, 100, { loss: '2.0E+00', samples: 320 }),
    ].join('\n') + '\n';
    const rs = await loadText(text);
    expect(curveOf(rs, 'train/loss').step).toEqual([10, 40]);
    expect(rs.warnings.map((w) => w.line)).toEqual([2, 3]);
    expect(rs.warnings[0]!.message).toMatch(/'4\.0E\+0x0' after 'lm loss:'/);
  });

  it('forced on a file with no Megatron line: LoadError naming the expected format', async () => {
    const err = await loadText('hello\n', { format: 'megatron' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoadError);
    expect((err as LoadError).message).toMatch(/iteration 50\/ 1000/);
  });
});
