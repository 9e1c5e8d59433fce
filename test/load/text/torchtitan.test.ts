import { describe, expect, it } from 'vitest';
import { LoadError } from '../../../src/errors.js';
import { curveOf, loadText } from './helpers.js';

// Colour codes of torchtitan's Color class (torchtitan/tools/utils.py) and its logger prefix
// "[titan] %(asctime)s - %(name)s - %(levelname)s - %(message)s"; torchrun adds "[rank0]:" with --tee/--log-dir.
const C = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', blue: '\x1b[34m', magenta: '\x1b[35m', cyan: '\x1b[36m', reset: '\x1b[39m', orange: '\x1b[38;2;255;165;0m', turquoise: '\x1b[38;2;54;234;195m' };
const pre = (rank: number, t: string) => `[rank${rank}]:[titan] 2025-01-01 ${t} - root - INFO - `;

/** A step line as torchtitan's MetricsProcessor.log prints it (newer form with grad_norm). */
function step(rank: number, t: string, s: number, loss: string, grad: string, memGiB: string, memPct: string, tps: string, tflops: string, mfu: string): string {
  return pre(rank, t) + `${C.red}step: ${String(s).padStart(2)}  ${C.green}loss: ${loss}  ${C.orange}grad_norm: ${grad}  ${C.turquoise}memory: ${memGiB}GiB(${memPct}%)  ${C.blue}tps: ${tps}  ${C.cyan}tflops: ${tflops}  ${C.magenta}mfu: ${mfu}${C.reset}`;
}

describe('torchtitan format (as printed by torchtitan\'s metrics logger)', () => {
  it('strips ANSI, reads thousands separators, memory GiB/%, mfu; tokens from the initialisation line; time from timestamps', async () => {
    const text = [
      pre(0, '12:00:00,000') + `${C.blue}Model llama3 8B ${C.red}size: 8,030,261,248 total parameters${C.reset}`,
      pre(0, '12:00:01,000') + 'Trainer is initialized with local batch size 1, global batch size 8, gradient accumulation steps 1, sequence length 8192, total steps 1000 (warmup 200)',
      pre(0, '12:00:02,000') + 'Training starts at step 1.',
      step(0, '12:00:10,000', 1, '12.2345', ' 3.1416', '10.50', '11.07', '1,234', '12.30', '4.50%'),
      step(1, '12:00:10,001', 1, '12.2345', ' 3.1416', '20.00', '21.07', '1,111', '11.30', '4.00%'),
      step(0, '12:00:12,500', 10, ' 9.8765', ' 1.0000', '10.60', '11.17', '12,345,678', '1,024.00', '40.10%'),
      `[rank0]:[titan] 2025-01-01 12:00:20,000 - root - INFO - ${C.yellow}validate step: 10  ${C.green}loss:  9.5000  ${C.turquoise}memory: 11.00GiB(12.00%)  ${C.blue}tps: 2,000${C.reset}`,
    ].join('\n') + '\n';
    const rs = await loadText(text);
    const r = rs.runs[0]!;
    expect(r.format).toBe('torchtitan');
    expect(r.config).toMatchObject({ N: 8030261248, local_batch_size: 1, global_batch_size: 8, seq_len: 8192, total_steps: 1000, warmup_steps: 200 });
    const loss = curveOf(rs, 'train/loss');
    expect(loss).toMatchObject({ step: [1, 10], value: [12.2345, 9.8765], tokens: [8 * 8192, 10 * 8 * 8192], time: [0, 2.5] });
    // rank 1's line (different memory and tps) is not read
    expect(curveOf(rs, 'memory_gib').value).toEqual([10.5, 10.6]);
    expect(curveOf(rs, 'memory_pct').value).toEqual([11.07, 11.17]);
    expect(curveOf(rs, 'tps').value).toEqual([1234, 12345678]);
    expect(curveOf(rs, 'tflops').value).toEqual([12.3, 1024]);
    expect(curveOf(rs, 'mfu_pct').value).toEqual([4.5, 40.1]);
    expect(curveOf(rs, 'grad_norm').value).toEqual([3.1416, 1]);
    expect(curveOf(rs, 'val/loss')).toMatchObject({ step: [10], value: [9.5] });
    expect(curveOf(rs, 'val/tps').value).toEqual([2000]);
    expect(rs.warnings).toEqual([]);
  });

  it('older form (wps, no grad_norm, no rank tag) and mfu N/A as missing', async () => {
    const text = [
      `[titan] 2024-06-01 08:00:00,000 - root - INFO - ${C.cyan}step:  1  ${C.green}loss: 10.8000  ${C.yellow}memory:  5.00GiB(6.25%)  ${C.blue}wps: 3,210  ${C.magenta}mfu: 1.20%${C.reset}`,
      `[titan] 2024-06-01 08:00:05,000 - root - INFO - ${C.cyan}step:  2  ${C.green}loss: 10.1000  ${C.yellow}memory:  5.00GiB(6.25%)  ${C.blue}wps: 3,333  ${C.magenta}mfu: N/A${C.reset}`,
    ].join('\n') + '\n';
    const rs = await loadText(text);
    expect(curveOf(rs, 'train/loss')).toMatchObject({ step: [1, 2], value: [10.8, 10.1], time: [0, 5] });
    expect(curveOf(rs, 'wps').value).toEqual([3210, 3333]);
    expect(curveOf(rs, 'mfu_pct')).toMatchObject({ step: [1], value: [1.2] });
    expect(Number.isNaN(curveOf(rs, 'train/loss').tokens[0])).toBe(true);
  });

  it('a wrongly grouped number or broken memory field: line skipped with a warning', async () => {
    const text = [
      step(0, '12:00:00,000', 1, '12.0', '1.0', '10.50', '11.07', '1,234', '12.30', '4.50%'),
      step(0, '12:00:01,000', 2, '11.0', '1.0', '10.50', '11.07', '12,34', '12.30', '4.50%'),
      step(0, '12:00:02,000', 3, '10.0', '1.0', '10.5O', '11.07', '1,234', '12.30', '4.50%'),
      step(0, '12:00:03,000', 4, '9.0', '1.0', '10.50', '11.07', '1,234', '12.30', '4.50%'),
    ].join('\n') + '\n';
    const rs = await loadText(text);
    expect(curveOf(rs, 'train/loss').step).toEqual([1, 4]);
    expect(rs.warnings.map((w) => w.line)).toEqual([2, 3]);
    expect(rs.warnings[0]!.message).toMatch(/tps '12,34'/);
  });

  it('forced on a file with no step line: LoadError', async () => {
    await expect(loadText('[titan] 2025-01-01 12:00:00,000 - root - INFO - Starting job\n', { format: 'torchtitan' })).rejects.toThrow(LoadError);
  });
});
