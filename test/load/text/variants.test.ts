/**
 * Variants of real training stdout that the text loaders must read (issue 9): long preambles before the first metric
 * line, launcher and logger prefixes, several ranks printing the same line, llm.c's stdout, modded-nanogpt's
 * seconds, a failed load quoting its warnings, damaged lines never silent, a cut last line, control characters.
 * Every input here is written by the test in the shape of the variant.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FormatError, LoadError, escapeControl } from '../../../src/errors.js';
import { endsMidLine, load, textEndsMidLine } from '../../../src/load/index.js';
import { findRecord, prefixInfo } from '../../../src/load/text/prefix.js';
import { curveOf, FIX, loadText, writeTemp } from './helpers.js';

const megatronLine = (it: number, loss: number, extra = ''): string =>
  ` iteration ${String(it).padStart(8)}/     100 | consumed samples: ${String(it * 8).padStart(12)} | elapsed time per iteration (ms): 1500.0 | learning rate: 3.000000E-04 | global batch size:     8 | lm loss: ${loss.toExponential(6).toUpperCase().replace(/E([+-])(\d)$/, 'E$10$2')} |${extra}`;

/** One record per format and a function making the n-th record (with values that differ per n). */
const FORMATS: Record<string, (n: number, loss?: number) => string> = {
  llmc: (n, loss = 10 - n / 10) => `s:${n} trl:${loss.toFixed(4)} lr:0.000600 norm:${(1 + n / 100).toFixed(2)}`,
  'llmc-stdout': (n, loss = 10 - n / 10) => `step ${String(n + 1).padStart(4)}/100 | loss ${loss.toFixed(6)} (+nanz)| norm ${(1 + n / 100).toFixed(4)} (+nanz)| lr 6.00e-04 | ${(300 + n).toFixed(2)} ms | 40.${n % 10}% bf16 MFU | ${100000 + n} tok/s`,
  nanogpt: (n, loss = 10 - n / 10) => `iter ${n}: loss ${loss.toFixed(4)}, time ${(300 + n).toFixed(2)}ms, mfu ${(30 + n / 10).toFixed(2)}%`,
  megatron: (n, loss = 10 - n / 10) => megatronLine(n + 1, loss),
  torchtitan: (n, loss = 10 - n / 10) => `[titan] 2025-01-01 12:00:${String(n % 60).padStart(2, '0')},000 - root - INFO - step: ${n + 1}  loss: ${loss.toFixed(4)}  memory: 10.50GiB(11.07%)  tps: 1,${String(200 + n).padStart(3, '0')}  tflops: 12.30  mfu: 4.50%`,
  'modded-nanogpt': (n, loss = 10 - n / 10) => `step:${n + 1}/100 train_loss:${loss.toFixed(4)} train_time:${(n + 1) * 90}ms step_avg:90.00ms`,
};
/** Where each format's record keyword is, to damage it. */
const KEYWORD: Record<string, RegExp> = { llmc: /s:/, 'llmc-stdout': /step/, nanogpt: /iter/, megatron: /iteration/, torchtitan: /step:/, 'modded-nanogpt': /step:/ };
const FORMAT_NAME: Record<string, string> = { 'llmc-stdout': 'llmc' };
const lossMetric = (f: string) => (f === 'modded-nanogpt' ? 'train_loss' : 'train/loss');
const logOf = (f: string, n = 6, prefix: (i: number) => string = () => '') => Array.from({ length: n }, (_, i) => prefix(i) + FORMATS[f]!(i)).join('\n') + '\n';

describe('detection reads past the first 64 KiB of a text file nothing recognised', () => {
  it('Megatron-DeepSpeed: first training line at byte 111,832 after the arguments dump and model summary', async () => {
    const args = ['------------------------ arguments ------------------------'];
    for (let i = 0; args.join('\n').length < 60_000; i++) args.push(`  option_number_${i} ${'.'.repeat(40)} ${i % 7 === 0 ? 'None' : i}`);
    args.push('  seq_length ...................................... 2048', '-------------------- end of arguments ---------------------');
    const summary: string[] = [];
    const line = (k: number) => `[2024-05-01 12:00:00,000] [INFO] [stage_1_and_2.py:${k}:__init__] optimizer state initialised for partition ${k}`;
    let size = Buffer.byteLength(args.join('\n') + '\n');
    while (size + line(summary.length).length + 1 < 111_700) size += summary.push(line(summary.length)) && line(summary.length - 1).length + 1;
    let pre = args.join('\n') + '\n' + summary.join('\n') + '\n';
    pre += '#'.repeat(111_832 - Buffer.byteLength(pre) - 1) + '\n';
    expect(Buffer.byteLength(pre)).toBe(111_832);
    const text = pre + [megatronLine(1, 10.5), megatronLine(2, 9.5), megatronLine(3, 8.5)].join('\n') + '\n';
    const rs = await loadText(text);
    expect(rs.runs[0]!.format).toBe('megatron');
    expect(curveOf(rs, 'train/loss')).toMatchObject({ step: [1, 2, 3], value: [10.5, 9.5, 8.5], tokens: [8 * 2048, 16 * 2048, 24 * 2048] });
  });

  it('pipeline-parallel torchtitan: first step line at byte 67,412 after per-stage model dumps', async () => {
    const lines: string[] = [];
    for (let i = 0; lines.join('\n').length < 67_000; i++) lines.push(`[rank${i % 4}]:[titan] 2025-01-01 12:00:00,000 - root - INFO - PP stage ${i % 4}: layers.${i}.attention.wq Linear(in_features=4096, out_features=4096)`);
    let pre = lines.join('\n') + '\n';
    pre += ' '.repeat(67_412 - Buffer.byteLength(pre) - 1) + '\n';
    expect(Buffer.byteLength(pre)).toBe(67_412);
    const rs = await loadText(pre + logOf('torchtitan', 3, () => '[rank3]:'));
    expect(rs.runs[0]!.format).toBe('torchtitan');
    expect(curveOf(rs, 'train/loss').value).toEqual([10, 9.9, 9.8]);
  });

  it('a window boundary inside the first record line does not hide it, and a line 3 MiB in is still found', async () => {
    const pre = 'x'.repeat(1024 * 1024 + 64 * 1024 - 20) + '\n' + 'chatter line\n'.repeat(150_000);
    const rs = await loadText(pre + logOf('nanogpt', 3));
    expect(rs.runs[0]!.format).toBe('nanogpt');
  });

  it('stops after 8 MiB (a FormatError, not an unbounded read), and never reads on in a binary file', async () => {
    const far = 'chatter line of an unrelated program\n'.repeat(Math.ceil((9 * 1024 * 1024) / 37)) + logOf('llmc', 3);
    await expect(loadText(far)).rejects.toThrow(FormatError);
    const bin = new Uint8Array(200 * 1024);
    bin.set(new TextEncoder().encode(logOf('llmc', 3)), 100 * 1024);
    await expect(loadText(bin)).rejects.toThrow(FormatError);
    // forced, the same far file loads: the limit is on detection only
    expect((await loadText(far, { format: 'llmc' })).numPoints).toBe(9);
  });
});

describe('launcher and logger prefixes are accepted by every text loader', () => {
  const PREFIXES: Record<string, (i: number) => string> = {
    pdsh: () => '192.168.205.202:  ',
    'pdsh hostname': () => 'gpu-node-17: ',
    torchrun: () => '0: ',
    rank: () => '[rank0]:',
    default: () => '[default0]: ',
    'host:rank': () => '[lrdn3321:3]: ',
    'python logging': (i) => `2024-05-01 12:00:${String(i).padStart(2, '0')},123 - __main__ - INFO - `,
    'logging, level only': (i) => `2024-05-01 12:00:${String(i).padStart(2, '0')},123 - INFO - `,
    'bracketed time': (i) => `[2024-05-01 12:00:${String(i).padStart(2, '0')}] `,
    'ISO time and level': (i) => `2024-05-01T12:00:${String(i).padStart(2, '0')}.123Z INFO `,
    'INFO:root:': () => 'INFO:root:',
    ray: () => '(RayTrainWorker pid=12345) ',
    'rank + time + ANSI': (i) => `[rank0]: \x1b[32m[2024-05-01 12:00:0${i}]\x1b[0m `,
  };
  for (const f of Object.keys(FORMATS)) {
    it(`${f}: every prefix gives exactly the points of the plain log`, async () => {
      const plain = await loadText(logOf(f));
      const want = curveOf(plain, lossMetric(f));
      expect(want.value).toHaveLength(6);
      for (const [name, prefix] of Object.entries(PREFIXES)) {
        const rs = await loadText(logOf(f, 6, prefix));
        expect(rs.runs[0]!.format, name).toBe(FORMAT_NAME[f] ?? f);
        const got = curveOf(rs, lossMetric(f));
        expect(got.step, name).toEqual(want.step);
        expect(got.value, name).toEqual(want.value);
        expect(rs.numPoints, name).toBe(plain.numPoints);
        expect(rs.warnings, name).toEqual([]);
      }
    });
  }

  it('free text before a keyword is not a prefix; a prefix is parsed for tag and time', () => {
    expect(findRecord('saving checkpoint at iteration 100', 'iteration ')).toBe(-1);
    expect(findRecord('the model was trained for step:3/10 val_loss:1', 'step:')).toBe(-1);
    expect(findRecord('192.168.205.202:  iteration 1/ 20 | lm loss: 2 |', 'iteration ')).toBe(18);
    expect(prefixInfo('[rank1]:[titan] 2025-01-01 12:00:00,250 - root - INFO - ')).toEqual({ tag: '[rank1]:[titan]root', time: Date.UTC(2025, 0, 1, 12) / 1000 + 0.25 });
    expect(prefixInfo('[2024-05-01 12:00:00] ')).toEqual({ tag: '', time: Date.UTC(2024, 4, 1, 12) / 1000 });
    expect(prefixInfo('x'.repeat(400) + ':')).toBeUndefined();
  });

  it('Megatron time column from a logging prefix', async () => {
    const rs = await loadText(logOf('megatron', 3, (i) => `2024-05-01 12:00:0${i * 2},500 - INFO - `));
    expect(curveOf(rs, 'train/loss').time).toEqual([0, 2, 4]);
  });
});

describe('several ranks printing the same line', () => {
  for (const f of Object.keys(FORMATS)) {
    it(`${f}: one copy kept, counted as duplicates; a rank that disagrees is warned about`, async () => {
      const lines: string[] = [];
      for (let i = 0; i < 4; i++) for (const r of [0, 1, 2]) lines.push(`[rank${r}]:` + FORMATS[f]!(i));
      const rs = await loadText(lines.join('\n') + '\n');
      const plain = await loadText(logOf(f, 4));
      expect(curveOf(rs, lossMetric(f)).value).toEqual(curveOf(plain, lossMetric(f)).value);
      expect(rs.numPoints).toBe(plain.numPoints);
      expect(rs.superseded.numRows()).toBe(0);
      expect(rs.lineStats[0]).toMatchObject({ lines: 12, records: 4, duplicates: 8, skipped: 0 });
      expect(rs.warnings).toEqual([]);

      // rank 1 prints a different loss at the second step: kept copy is rank 0's, with a warning naming the line
      lines[4] = '[rank1]:' + FORMATS[f]!(1, 5.5);
      const rs2 = await loadText(lines.join('\n') + '\n');
      expect(curveOf(rs2, lossMetric(f)).value).toEqual(curveOf(plain, lossMetric(f)).value);
      expect(rs2.warnings.map((w) => w.line)).toEqual([5]);
      expect(rs2.warnings[0]!.message).toMatch(/ranks disagree at step \d+: .*loss.* on line 4 \(\[rank0\]:.*the first is kept/);
    });
  }

  it('the same tag printing a step again is a restart, not a copy', async () => {
    const lines = [0, 1, 2, 1, 2, 3].map((i) => '[rank0]:' + FORMATS.nanogpt!(i));
    const rs = await loadText(lines.join('\n') + '\n');
    expect(rs.lineStats[0]!.duplicates).toBe(0);
    expect(rs.runs[0]!.restarts).toHaveLength(1);
  });
});

describe('llm.c stdout', () => {
  const STDOUT = fileURLToPath(new URL('formats/llmc/stdout_gpt2_1558M.log', FIX));

  it('the fixture: every number of every step line, val loss at step 0, config and columns', async () => {
    const rs = await load(STDOUT);
    expect(rs.runs[0]).toMatchObject({ format: 'llmc', config: { N: 1557686400, total_batch_size: 1048576 } });
    expect(rs.warnings).toEqual([]);
    expect(curveOf(rs, 'val/loss')).toMatchObject({ step: [0], value: [11.12939] });
    const loss = curveOf(rs, 'train/loss');
    expect(loss.step).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(loss.value.slice(0, 3)).toEqual([11.133732, 10.539388, 9.894109]);
    expect(loss.tokens.slice(0, 3)).toEqual([0, 1048576, 2 * 1048576]);
    expect(loss.time[0]).toBeCloseTo(3.05636, 12);
    expect(loss.time[1]).toBeCloseTo(3.05636 + 2.74719, 12);
    expect(curveOf(rs, 'grad_norm').value.slice(0, 2)).toEqual([52.9732, 43.5996]);
    expect(curveOf(rs, 'lr').value.slice(0, 2)).toEqual([8.57e-7, 1.71e-6]);
    expect(curveOf(rs, 'step_time_ms').value.slice(0, 2)).toEqual([3056.36, 2747.19]);
    expect(curveOf(rs, 'mfu_pct').value.slice(0, 2)).toEqual([42.6, 47.4]);
    expect(curveOf(rs, 'tokens_per_s').value.slice(0, 2)).toEqual([343080, 381690]);
    expect(rs.lineStats[0]).toMatchObject({ lines: 21, records: 11, skipped: 0 });
  });

  it('current, older and CPU print formats; z-scores; nan losses; HellaSwag; steps agree with main.log', async () => {
    const text = [
      'num_parameters: 124475904 => bytes: 248951808',
      '| total_batch_size      | 524288                                             |',
      'val loss 11.008742',
      'HellaSwag: 2453/10042 = 0.244274',
      'step    1/19560 | loss 11.010252 (+nanz)| norm 15.1374 (+nanz)| lr 8.57e-07 | 4621.47 ms | 29.2% bf16 MFU | 113446 tok/s',
      'step    2/19560 | loss 10.5 (+1.25z)| norm 14.0 (-0.50z)| lr 1.71e-06 | 300.00 ms | -100.0% bf16 MFU | 113000 tok/s',
      'step    3/19560 | loss nan (+nanz)| norm -nan (+nanz)| lr 2.57e-06 | 300.00 ms | 29.0% fp32 MFU | 113000 tok/s',
      'step    4/19560: train loss 9.5 norm 1.2 lr 3.0e-06 (250.5 ms, 120000 tok/s)',
      'step 5: train loss 9.25 (took 1452.121 ms)',
      'val loss 9.1',
      'generating:\n---\nthe quick brown fox\n---',
    ].join('\n') + '\n';
    const rs = await loadText(text);
    expect(rs.warnings).toEqual([]);
    expect(rs.runs[0]!.config).toEqual({ N: 124475904, total_batch_size: 524288 });
    const loss = curveOf(rs, 'train/loss');
    expect(loss.step).toEqual([0, 1, 2, 3, 4]);
    expect(loss.value.map(String)).toEqual(['11.010252', '10.5', 'NaN', '9.5', '9.25']);
    expect(loss.flag).toEqual([0, 0, 1, 0, 0]);
    expect(curveOf(rs, 'train/loss_z')).toMatchObject({ step: [1], value: [1.25] });
    expect(curveOf(rs, 'grad_norm_z')).toMatchObject({ step: [1], value: [-0.5] });
    expect(Number.isNaN(curveOf(rs, 'grad_norm').value[2])).toBe(true);
    expect(curveOf(rs, 'mfu_pct')).toMatchObject({ step: [0, 2], value: [29.2, 29] });
    expect(curveOf(rs, 'step_time_ms').value).toEqual([4621.47, 300, 300, 250.5, 1452.121]);
    expect(curveOf(rs, 'tokens_per_s').value).toEqual([113446, 113000, 113000, 120000]);
    expect(curveOf(rs, 'val/loss')).toMatchObject({ step: [0, 5], value: [11.008742, 9.1], tokens: [0, 5 * 524288] });
    expect(curveOf(rs, 'eval/hellaswag')).toMatchObject({ step: [0], value: [0.244274] });
    expect(curveOf(rs, 'val/loss').time[1]).toBeCloseTo((4621.47 + 300 + 300 + 250.5 + 1452.121) / 1000, 12);
    // the same run's main.log: s:0 is stdout's "step 1"
    const main = await loadText('s:0 tel:11.008742\ns:0 trl:11.010252 lr:0.000001 norm:15.1374\ns:1 trl:10.5 lr:0.000002 norm:14.0\n');
    expect(curveOf(main, 'train/loss').step).toEqual(loss.step.slice(0, 2));
    expect(curveOf(main, 'val/loss').step).toEqual([0]);
  });

  it('damaged stdout lines are skipped with a warning naming the line', async () => {
    const text = [
      'step    1/100 | loss 11.01 (+nanz)| norm 15.1 (+nanz)| lr 8.57e-07 | 4621.47 ms | 29.2% bf16 MFU | 113446 tok/s',
      'step    2/100 | loss 10.9x (+nanz)| norm 15.1 (+nanz)| lr 8.57e-07 | 4621.47 ms | 29.2% bf16 MFU | 113446 tok/s',
      'step    3/100 | loss 10.8 (+nanz)| norm 15.1 (+nanz)| lr 8.57e-07 | 4621.47 ms | 29.2% bf16 MFU | 113446 tok/s loss 9.1 (+nanz)| norm 2',
      'stXp    4/100 | loss 10.7 (+nanz)| norm 15.1 (+nanz)| lr 8.57e-07 | 4621.47 ms | 29.2% bf16 MFU | 113446 tok/s',
      'step    5/1X0 | loss 10.6 (+nanz)| norm 15.1 (+nanz)| lr 8.57e-07 | 4621.47 ms | 29.2% bf16 MFU | 113446 tok/s',
      'val loss 1.2.3',
      'step    6/100 | loss 10.5 (+nanz)| norm 15.1 (+nanz)| lr 8.57e-07 | 4621.47 ms | 29.2% bf16 MFU | 113446 tok/s',
    ].join('\n') + '\n';
    const rs = await loadText(text);
    expect(curveOf(rs, 'train/loss').step).toEqual([0, 5]);
    expect(rs.warnings.map((w) => w.line)).toEqual([2, 3, 4, 5, 6]);
    expect(rs.warnings[1]!.message).toMatch(/appears twice/);
    expect(rs.lineStats[0]).toMatchObject({ records: 2, skipped: 5 });
  });
});

describe('modded-nanogpt train_time in seconds', () => {
  it('train_time:487.731s is read as seconds, like train_time:487731ms', async () => {
    const s = await loadText('step:0/2 val_loss:10.8258 train_time:0.000s step_avg:0.03ms\nstep:1/2 train_time:243.5s step_avg:243500.00ms\nstep:2/2 val_loss:3.2798 train_time:487.731s step_avg:243865.50ms\n');
    const ms = await loadText('step:0/2 val_loss:10.8258 train_time:0ms step_avg:0.03ms\nstep:1/2 train_time:243500ms step_avg:243500.00ms\nstep:2/2 val_loss:3.2798 train_time:487731ms step_avg:243865.50ms\n');
    expect(curveOf(s, 'train_time_s').value).toEqual([0, 243.5, 487.731]);
    expect(curveOf(s, 'val_loss').time).toEqual([0, 487.731]);
    expect(curveOf(ms, 'train_time_s').value).toEqual(curveOf(s, 'train_time_s').value);
    expect(s.warnings).toEqual([]);
    const bad = await loadText('step:0/2 val_loss:10.8 train_time:0ms step_avg:0.03ms\nstep:1/2 train_time:12h step_avg:1ms\n');
    expect(bad.warnings[0]).toMatchObject({ line: 2 });
    expect(bad.warnings[0]!.message).toMatch(/'12h' after 'train_time:' is not a number/);
  });
});

describe('a failed load shows the warnings it refers to', () => {
  for (const [f, text] of Object.entries({
    'modded-nanogpt': 'step:0/2 val_loss:10.8 train_time:0h step_avg:0.03ms\nstep:1/2 train_time:1h step_avg:1ms\n',
    llmc: 's:0 trl:1x.0\ns:1 trl:\n',
    nanogpt: 'iter 0: loss 4..1, time 1.00ms, mfu 1.00%\n',
    megatron: ' iteration 1/ 10 | lm loss: 4.0E+0x |\n',
    torchtitan: 'step: 1  loss: 1.2.3  memory: 1GiB(1%)\n',
  })) {
    it(`${f}: the error quotes the first per-line warnings with their line numbers`, async () => {
      const err = await loadText(text, { format: f }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LoadError);
      expect((err as LoadError).message).toMatch(/looked like the format but did not parse; the first: line 1: line skipped: /);
      expect((err as LoadError).message).not.toMatch(/see the first line reported/);
    });
  }
});

describe('a damaged record line is never dropped silently', () => {
  // Each case damages one line of a 6-record log so that it no longer starts like a record, or runs two lines
  // together, or cuts a field: the points it held are gone, and a warning must name that line.
  const damage: [string, (line: string) => string][] = [
    ['record keyword damaged', (l) => l],
    ['prefix damaged', (l) => '#rank0: ' + l],
    ['run together with the next line', (l) => l + ' ' + l],
  ];
  for (const f of Object.keys(FORMATS)) {
    for (const [what, fn] of damage) {
      it(`${f}: ${what}`, async () => {
        const lines = logOf(f).trimEnd().split('\n');
        const before = (await loadText(lines.join('\n') + '\n')).numPoints;
        lines[3] = what === 'record keyword damaged' ? lines[3]!.replace(KEYWORD[f]!, (k) => k.slice(0, 1) + 'X' + k.slice(2)) : fn(lines[3]!);
        const rs = await loadText(lines.join('\n') + '\n');
        expect(rs.numPoints).toBeLessThan(before);
        expect(rs.warnings.map((w) => w.line)).toContain(4);
        expect(rs.skippedLines).toBeGreaterThan(0);
      });
    }
  }
});

describe('a last line without a newline', () => {
  for (const f of Object.keys(FORMATS)) {
    it(`${f}: kept, and flagged with file:line`, async () => {
      const text = logOf(f).slice(0, -1);
      const rs = await loadText(text);
      const plain = await loadText(logOf(f));
      expect(rs.numPoints).toBe(plain.numPoints);
      const w = rs.warnings.find((x) => /last line has no newline/.test(x.message));
      expect(w).toMatchObject({ line: 6 });
      expect(rs.lineStats[0]!.truncatedLastLine).toBe(true);
      expect((await loadText(logOf(f))).lineStats[0]!.truncatedLastLine).toBe(false);
    });
  }

  it('endsMidLine / textEndsMidLine: the shared rule (also for tabular loaders)', () => {
    const cases: [string, boolean][] = [['a\nb', true], ['a\nb\n', false], ['ab', false], ['', false], ['a\r\nb\r\n', false], ['\n' + 'x'.repeat(200_000), true]];
    for (const [t, want] of cases) {
      const p = writeTemp(t, 'x.csv');
      expect(endsMidLine(p), JSON.stringify(t.slice(0, 10))).toBe(want);
      expect(textEndsMidLine(t)).toBe(want);
    }
  });
});

describe('control characters from input files are shown escaped', () => {
  it('in warnings (any loader) and in error messages', async () => {
    const rs = await loadText('s:0 trl:1.0\ns:1 trl:\x1b[2J\x1b]0;pwned\x07\u202e\n');
    const msg = rs.warnings[0]!.message;
    expect(msg).toContain('\\x1b[2J\\x1b]0;pwned\\x07\\u202e');
    expect(/[\x00-\x08\x0a-\x1f\x7f\u202e]/.test(msg)).toBe(false);
    const err = await loadText('s:0 trl:\x1b[31mred\n', { format: 'llmc' }).catch((e: unknown) => e);
    expect((err as Error).message).toContain('\\x1b[31mred');
    expect((err as Error).message).not.toContain('\x1b');
    const p = writeTemp('hello\n', 'evil\x1b[2Jname.bin');
    writeFileSync(p, new Uint8Array([1, 2, 3]));
    const e2 = await load(p).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(FormatError);
    expect((e2 as Error).message).toContain('evil\\x1b[2Jname.bin');
  });

  it('escapeControl keeps ordinary text, tabs and (on request) newlines', () => {
    expect(escapeControl('plain é ü 漢 \t text')).toBe('plain é ü 漢 \t text');
    expect(escapeControl('a\nb\rc\x00\x7f\x9b')).toBe('a\\nb\\rc\\x00\\x7f\\x9b');
    expect(escapeControl('a\nb', { keepNewlines: true })).toBe('a\nb');
    expect(new LoadError('bad \x1b[1m', { file: 'f\x1b.log', line: 3 }).message).toBe('f\\x1b.log:3: bad \\x1b[1m');
  });
});

describe('cut lines inside a file', () => {
  it('FieldSetCheck flags the record with fewer fields, whether it comes first or second; another field set is not a cut', async () => {
    const { FieldSetCheck } = await import('../../../src/load/text/lines.js');
    const c = new FieldSetCheck();
    expect(c.missing('t', ['loss', 'lr', 'norm'], 1)).toBeUndefined();
    expect(c.missing('t', ['loss', 'lr'], 2)).toEqual({ line: 2, missing: ['norm'] });
    expect(c.missing('t', ['loss', 'lr', 'norm'], 3)).toBeUndefined();
    const d = new FieldSetCheck();
    expect(d.missing('t', ['loss'], 1)).toBeUndefined();
    expect(d.missing('t', ['loss', 'lr'], 2)).toEqual({ line: 1, missing: ['lr'] });
    expect(d.missing('t', ['lr', 'loss'], 3)).toBeUndefined();
    expect(d.missing('v', ['loss'], 4)).toBeUndefined();
  });

  it('a first record cut short is found from the record after it (llm.c main.log)', async () => {
    const rs = await loadText('s:0 trl:11.0116 lr:0.0000\ns:1 trl:10.9586 lr:0.000002 norm:15.18\ns:2 trl:10.8579 lr:0.000003 norm:14.49\n');
    expect(rs.warnings.map((w) => [w.line, w.message])).toEqual([[1, 'line read in part: grad_norm missing (the neighbouring line of this kind has it): the line may have been cut']]);
    expect(rs.lineStats[0]).toMatchObject({ records: 3, damaged: 1 });
  });

  it('Megatron validation: a loss value without its PPL (or the reverse) is flagged', async () => {
    const rs = await loadText([megatronLine(10, 5), ' validation loss at iteration 10 | lm loss value: 5.1', ' validation loss at iteration 10 ] lm loss value: 5.1 | lm loss PPL: 164.0 |'].join('\n') + '\n');
    expect(rs.warnings.map((w) => w.line)).toEqual([2, 3]);
    expect(rs.warnings[0]!.message).toMatch(/lm loss PPL missing/);
    expect(rs.warnings[1]!.message).toMatch(/lm loss value missing/);
  });
});
