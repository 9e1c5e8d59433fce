import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from '../../src/load/index.js';
import { LLMC_H100_PEAK_FLOPS, llmcFlopsPerToken, llmcSmoothedTokensPerSecond, runHealth } from '../../src/health/index.js';

const LLMC = 'test/fixtures/formats/llmc/stdout_gpt2_1558M.log';

/** The numbers llm.c printed on each step line: [step_ms, mfu_pct, tok/s]. */
function printed(): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (const line of readFileSync(LLMC, 'utf8').split('\n')) {
    const m = /\| ([\d.]+) ms \| ([\d.]+)% bf16 MFU \| (\d+) tok\/s/.exec(line);
    if (m) out.push([Number(m[1]), Number(m[2]), Number(m[3])]);
  }
  return out;
}

describe('llm.c GPT-2 1558M on 8 x H100 (stdout_gpt2_1558M.log)', () => {
  it('recomputed MFU (6N + 6LCT, H100 dense BF16 peak 989.4 TFLOP/s) is within 1% of the printed MFU at every step', async () => {
    const rs = await load(LLMC);
    expect(rs.runs[0]!.config).toMatchObject({ N: 1557686400, total_batch_size: 1048576, seq_len: 1024, num_processes: 8 });
    const h = runHealth(rs, { accelerator: 'H100', layers: 48, channels: 1600 });
    const r = h.runs[0]!;
    expect(r.mfu_basis).toMatchObject({ flops_source: 'llmc', flops_per_token: llmcFlopsPerToken(1557686400, 48, 1600, 1024), devices: 8, peak_flops: 989.4e12 });
    const p = printed();
    expect(p).toHaveLength(10);
    expect(r.series.mfu).toHaveLength(10);
    let worst = 0;
    for (let i = 0; i < p.length; i++) {
      const rel = Math.abs(r.series.mfu[i]! / (p[i]![1] / 100) - 1);
      worst = Math.max(worst, rel);
      expect(rel).toBeLessThan(0.01);
    }
    // the printed MFU has one decimal of a percent: 0.1/47 ~ 0.2% of rounding, the spec peak differs from llm.c's by 0.05%
    expect(worst).toBeLessThan(0.003);
    expect(r.mfu.logged_median).toBeCloseTo(0.473, 12);
    expect(h.warnings.some((w) => w.code === 'mfu_disagreement')).toBe(false);
  });

  it("with llm.c's own H100 peak (mfu.h: 756 x 528/456 x 1830/1620 = 988.84 TFLOP/s) it reproduces the printed digits", async () => {
    expect(LLMC_H100_PEAK_FLOPS / 1e12).toBeCloseTo(988.842, 3);
    const rs = await load(LLMC);
    const r = runHealth(rs, { peakFlops: LLMC_H100_PEAK_FLOPS, layers: 48, channels: 1600 }).runs[0]!;
    const p = printed();
    for (let i = 0; i < p.length; i++) expect(Math.abs(100 * r.series.mfu[i]! - p[i]![1])).toBeLessThanOrEqual(0.05 + 1e-9);
  });

  it('tokens/s from the batch size and step time, beside the printed (smoothed) tokens/s', async () => {
    const rs = await load(LLMC);
    const r = runHealth(rs, { accelerator: 'H100', layers: 48, channels: 1600 }).runs[0]!;
    const p = printed();
    for (let i = 0; i < p.length; i++) {
      expect(r.series.tokens_per_s[i]).toBeCloseTo(1048576 / (p[i]![0] / 1000), 6);
      expect(r.series.tokens_per_s_logged[i]).toBe(p[i]![2]);
    }
    // the printed tok/s is llm.c's bias-corrected EMA of the per-step rate: reproduced to the printed integer
    const ema = llmcSmoothedTokensPerSecond(r.series.step, r.series.tokens_per_s);
    for (let i = 0; i < p.length; i++) expect(Math.abs(ema[i]! - p[i]![2])).toBeLessThanOrEqual(1);
  });

  it('without layers and channels it uses 6N and says the attention term is missing; without a peak, no MFU and says why', async () => {
    const rs = await load(LLMC);
    const a = runHealth(rs, { accelerator: 'H100' });
    expect(a.runs[0]!.mfu_basis.flops_source).toBe('6N');
    expect(a.warnings.some((w) => /6N \+ 6·L·C·T/.test(w.message))).toBe(true);
    const b = runHealth(rs);
    expect(b.runs[0]!.mfu.median).toBeNaN();
    expect(b.runs[0]!.missing.find((m) => m.quantity === 'mfu')!.input).toBe('accelerator peak (--accelerator or --peak-flops)');
    // llm.c logs training time only: goodput is not computed, and the output says so
    expect(b.runs[0]!.goodput).toBeNaN();
    expect(b.runs[0]!.missing.find((m) => m.quantity === 'goodput')!.input).toBe('wall-clock timestamps');
  });
});

describe('modded-nanogpt speedrun logs: step time and tokens/s from train_time and step_avg', () => {
  const dirs = readdirSync('test/fixtures/modded-nanogpt').map((d) => join('test/fixtures/modded-nanogpt', d, 'logs'));
  const files = dirs.flatMap((d) => readdirSync(d).slice(0, 3).map((f) => join(d, f)));

  it.each(files)('%s: train_time and step_avg agree to the printed precision; tokens/s from both agree', async (file) => {
    const rs = await load(file);
    const id = rs.runs[0]!.id;
    const tokensPerStep = 8 * 48 * 1024; // any value: the check is that both printed times give the same rate
    const h = runHealth(rs, { tokensPerStep });
    const r = h.runs[0]!;
    expect(r.clock).toBe('train');
    expect(h.warnings.filter((w) => w.code === 'step_time_disagreement')).toEqual([]);
    const tt = rs.curve(id, 'train_time_s')!;
    const avg = rs.curve(id, 'step_avg_ms')!;
    let checked = 0;
    for (let i = 0; i < avg.step.length; i++) {
      const s = avg.step[i]!;
      if (s < 10) continue;
      const j = tt.step.indexOf(s);
      // train_time is printed in whole ms (+-0.5 ms), step_avg = train_time / step in 0.01 ms (+-0.005 ms)
      const fromTrainTime = (tt.value[j]! * 1000) / s;
      expect(Math.abs(fromTrainTime - avg.value[i]!)).toBeLessThanOrEqual(0.5 / s + 0.005 + 1e-9);
      // the same as tokens/s: tokens x step / train_time vs tokens / step_avg, within the same relative precision
      const a = (tokensPerStep * s) / tt.value[j]!, b = tokensPerStep / (avg.value[i]! / 1000);
      expect(Math.abs(a / b - 1)).toBeLessThanOrEqual((0.5 / s + 0.005) / avg.value[i]! + 1e-9);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    // per-step time from train_time differences: its median sits at the run's step_avg (steady state)
    const last = avg.value[avg.value.length - 1]! / 1000;
    expect(Math.abs(r.step_time_s.median / last - 1)).toBeLessThan(0.05);
    expect(r.tokens_per_s.median).toBeCloseTo(tokensPerStep / r.step_time_s.median, -1);
    // training time only: no goodput, and no tokens/s without a tokens-per-step
    expect(r.missing.find((m) => m.quantity === 'goodput')!.input).toBe('wall-clock timestamps');
    expect(runHealth(rs).runs[0]!.missing.find((m) => m.quantity === 'tokens_per_s')!.input).toBe('tokens per step (--tokens-per-step)');
  });
});
