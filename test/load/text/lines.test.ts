import { describe, expect, it } from 'vitest';
import { forEachLine, forEachLineOf, LogRun, parseGrouped, parseNum, pythonValue, snake, stripAnsi } from '../../../src/load/text/lines.js';
import { RunSetBuilder } from '../../../src/runs/builder.js';
import { writeTemp } from './helpers.js';

describe('strict number parsing', () => {
  it('reads what logs print', () => {
    expect(parseNum('6.258318E+00')).toBe(6.258318);
    expect(parseNum('-100.00')).toBe(-100);
    expect(parseNum('.5')).toBe(0.5);
    expect(parseNum('3.')).toBe(3);
    expect(parseNum('1e-4')).toBe(1e-4);
    expect(parseNum('nan')).toBeNaN();
    expect(parseNum('-nan')).toBeNaN();
    expect(parseNum('NaN')).toBeNaN();
    expect(parseNum('inf')).toBe(Infinity);
    expect(parseNum('-inf')).toBe(-Infinity);
    expect(parseNum('Infinity')).toBe(Infinity);
  });
  it('refuses anything else instead of guessing (Number() would give 0 or a prefix)', () => {
    for (const s of ['', ' ', '1.2.3', '6.2x', '0x10', '1e', '--1', '1,234', 'E5', '.', '+', ' 1']) expect(parseNum(s), s).toBeUndefined();
  });
  it('thousands separators only in valid grouping', () => {
    expect(parseGrouped('1,234')).toBe(1234);
    expect(parseGrouped('12,345,678.5')).toBe(12345678.5);
    expect(parseGrouped('987')).toBe(987);
    expect(parseGrouped('12,34')).toBeUndefined();
    expect(parseGrouped('1,2345')).toBeUndefined();
    expect(parseGrouped(',123')).toBeUndefined();
  });
  it('does not backtrack catastrophically on long digit runs', () => {
    expect(parseNum('1'.repeat(200_000) + 'x')).toBeUndefined();
    expect(parseGrouped('1'.repeat(200_000) + ',')).toBeUndefined();
  });
});

describe('line reading', () => {
  it('CRLF, a final line without newline, empty lines keep their numbers', async () => {
    const seen: [number, string][] = [];
    await forEachLine(writeTemp('a\r\n\r\nb\nc'), (l, n) => seen.push([n, l]));
    expect(seen).toEqual([[1, 'a'], [2, ''], [3, 'b'], [4, 'c']]);
    const mem: [number, string][] = [];
    forEachLineOf('a\r\n\r\nb\nc', (l, n) => mem.push([n, l]));
    expect(mem).toEqual(seen);
  });
  it('multi-byte characters across the 1 MiB chunk boundary decode intact', async () => {
    const pad = 'x'.repeat((1 << 20) - 1);
    const lines: string[] = [];
    await forEachLine(writeTemp(pad + 'é€\nnext\n'), (l) => lines.push(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]!.endsWith('é€')).toBe(true);
    expect(lines[1]).toBe('next');
  });
  it('ANSI stripping and snake names', () => {
    expect(stripAnsi('\x1b[31mstep:  1\x1b[39m \x1b[38;2;255;165;0mgrad\x1b[0m')).toBe('step:  1 grad');
    expect(snake('throughput per GPU (TFLOP/s/GPU)')).toBe('throughput_per_gpu_tflop_s_gpu');
  });
});

describe('LogRun (the one run of a text log)', () => {
  const setup = () => {
    const builder = new RunSetBuilder();
    const added: string[] = [];
    const run = new LogRun({ builder, addRun: (init) => (added.push(init.format!), builder.addRun({ ...init, id: 'r', source: 'a.log' })) }, 'nanogpt');
    return { builder, added, run };
  };

  it('adds the run once, on the first index() call, with the config set before it; later config goes to the run', () => {
    const { builder, added, run } = setup();
    run.setConfig('N', 124e6);
    run.setConfig('dataset', 'owt');
    expect(added).toEqual([]);
    const r = run.index();
    expect(run.index()).toBe(r);
    expect(added).toEqual(['nanogpt']);
    run.setConfig('tokens_per_iter', 491520);
    run.setConfig('N', 125e6);
    builder.push(r, 0, builder.metricId('train/loss'), 10.9);
    expect(builder.build().runs[0]!.config).toEqual({ N: 125e6, dataset: 'owt', tokens_per_iter: 491520 });
  });

  it('adds no run when index() is never called (a log without a data point)', () => {
    const { builder, added, run } = setup();
    run.setConfig('N', 1);
    expect(added).toEqual([]);
    expect(builder.build().runs).toEqual([]);
  });
});

describe('pythonValue (config values as Python prints them)', () => {
  it('numbers, True/False/None, else the text', () => {
    expect(pythonValue('3e-4')).toBe(3e-4);
    expect(pythonValue('-2')).toBe(-2);
    expect(pythonValue('nan')).toBeNaN();
    expect(pythonValue('True')).toBe(true);
    expect(pythonValue('False')).toBe(false);
    expect(pythonValue('None')).toBeNull();
    expect(pythonValue('true')).toBe('true'); // Python prints True; lower case is some other string
    expect(pythonValue("['/data/x']")).toBe("['/data/x']");
    expect(pythonValue('')).toBe('');
  });
});
