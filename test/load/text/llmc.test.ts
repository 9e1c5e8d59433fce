import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { load } from '../../../src/load/index.js';
import { LoadError } from '../../../src/errors.js';
import { curveOf, FIX, loadText } from './helpers.js';

const MAIN = fileURLToPath(new URL('formats/llmc/main.log', FIX));

describe('llm.c main.log fixture (test/fixtures/formats/llmc)', () => {
  it('reads train, val and HellaSwag lines with the documented metric names', async () => {
    const rs = await load(MAIN);
    expect(rs.runs).toHaveLength(1);
    expect(rs.runs[0]).toMatchObject({ id: 'main', format: 'llmc' });
    expect(rs.warnings).toEqual([]);
    expect(curveOf(rs, 'val/loss')).toMatchObject({ step: [0, 250], value: [11.0095, 6.1565] });
    expect(curveOf(rs, 'eval/hellaswag')).toMatchObject({ step: [250], value: [0.2437] });
    const trl = curveOf(rs, 'train/loss');
    expect(trl.step).toEqual([0, 1, 2, 3, 4, 248, 249, 250, 251]);
    expect(trl.value[0]).toBe(11.0116);
    expect(trl.value.at(-1)).toBe(6.1885);
    expect(curveOf(rs, 'lr').value[0]).toBe(0.000001);
    expect(curveOf(rs, 'lr').value.at(-1)).toBe(0.000216);
    expect(curveOf(rs, 'grad_norm').value[0]).toBe(14.96);
    expect(curveOf(rs, 'grad_norm').value.at(-1)).toBe(0.59);
    expect(Number.isNaN(trl.tokens[0])).toBe(true);
  });
});

describe('llm.c format', () => {
  it('keeps a fork\'s extra key:value fields and reads the old trl-only form', async () => {
    const rs = await loadText('s:0 trl:10.9\ns:1 trl:10.5 lr:0.0006 norm:1.25 tps:1000\ns:1 tel:10.2\n');
    expect(curveOf(rs, 'train/loss').value).toEqual([10.9, 10.5]);
    expect(curveOf(rs, 'tps').value).toEqual([1000]);
    expect(curveOf(rs, 'val/loss').value).toEqual([10.2]);
  });

  it('nan as logged is kept and flagged non-finite', async () => {
    const rs = await loadText('s:0 trl:10.9 lr:0.0006 norm:1.2\ns:1 trl:nan lr:0.0006 norm:inf\ns:2 trl:10.1 lr:0.0006 norm:1.1\n');
    const c = curveOf(rs, 'train/loss');
    expect(Number.isNaN(c.value[1])).toBe(true);
    expect(c.flag).toEqual([0, 1, 0]);
    expect(curveOf(rs, 'grad_norm').value[1]).toBe(Infinity);
    expect(rs.runs[0]!.nonFinite).toBe(2);
  });

  it('broken lines are skipped with warnings naming the line; truncated last line too', async () => {
    const rs = await loadText('s:0 trl:10.9 lr:0.0006 norm:1.2\ns:1 trl:10.5x lr:0.0006 norm:1.2\ns:2x trl:10.1\ns:3 trl:9.9 lr:0.00\ns:4 trl:9.8 lr:0.0006 norm:');
    expect(curveOf(rs, 'train/loss').step).toEqual([0, 3]);
    expect(rs.warnings.map((w) => w.line)).toEqual([2, 3, 4, 5, 5]);
    expect(rs.warnings[0]!.message).toMatch(/'10\.5x' after 'trl:' is not a number/);
    // line 4 lost its norm field (cut): kept, flagged
    expect(rs.warnings[2]!.message).toBe('line read in part: grad_norm missing (the neighbouring line of this kind has it): the line may have been cut');
    expect(rs.warnings[4]!.message).toMatch(/last line has no newline/);
    expect(rs.lineStats[0]).toMatchObject({ lines: 5, records: 2, skipped: 3, damaged: 1, truncatedLastLine: true });
  });

  it('forced on a file with no llm.c line: LoadError saying what was expected', async () => {
    const err = await loadText('iter 0: loss 1.0\n', { format: 'llmc' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoadError);
    expect((err as LoadError).expected).toMatch(/s:12 trl:/);
  });
});
