import { describe, expect, it } from 'vitest';
import { LoadError } from '../../../src/errors.js';
import { curveOf, loadText } from './helpers.js';

// Lines in the exact print formats of karpathy/nanoGPT train.py:
//   print(f"step {iter_num}: train loss {losses['train']:.4f}, val loss {losses['val']:.4f}")
//   print(f"iter {iter_num}: loss {lossf:.4f}, time {dt*1000:.2f}ms, mfu {running_mfu*100:.2f}%")
// and its preamble prints (tokens per iteration, number of parameters, configurator overrides).
const LOG = [
  'Overriding config with config/train_gpt2.py:',
  '# config for training GPT-2 (124M)',
  'batch_size = 12',
  'Overriding: max_iters = 600000',
  "Overriding: dataset = 'openwebtext'",
  'Overriding: compile = False',
  'tokens per iteration will be: 491,520',
  'Initializing a new model from scratch',
  'number of parameters: 123.69M',
  'step 0: train loss 10.9874, val loss 10.9891',
  'iter 0: loss 10.9953, time 31205.44ms, mfu -100.00%',
  'iter 1: loss 10.9411, time 3101.37ms, mfu -100.00%',
  'iter 5: loss 10.1625, time 3099.04ms, mfu 11.57%',
  'iter 10: loss 9.5512, time 3098.70ms, mfu 11.57%',
  'step 10: train loss 9.4211, val loss 9.4526',
  'saving checkpoint to out',
  'iter 10: loss 9.4983, time 5011.20ms, mfu 10.90%',
].join('\n') + '\n';

describe('nanoGPT format (lines as printed by karpathy/nanoGPT train.py)', () => {
  it('reads iter and eval lines, config from the preamble, tokens = step x tokens_per_iter', async () => {
    const rs = await loadText(LOG);
    const r = rs.runs[0]!;
    expect(r.format).toBe('nanogpt');
    expect(r.config).toMatchObject({ tokens_per_iter: 491520, N: 123690000, max_iters: 600000, dataset: 'openwebtext', compile: false });
    const loss = curveOf(rs, 'train/loss');
    expect(loss.step).toEqual([0, 1, 5, 10]);
    expect(loss.value).toEqual([10.9953, 10.9411, 10.1625, 9.4983]); // iter 10 logged twice: the later wins
    expect(loss.tokens).toEqual([0, 491520, 5 * 491520, 10 * 491520]);
    expect(curveOf(rs, 'val/loss')).toMatchObject({ step: [0, 10], value: [10.9891, 9.4526] });
    expect(curveOf(rs, 'eval/train_loss')).toMatchObject({ step: [0, 10], value: [10.9874, 9.4211] });
    expect(curveOf(rs, 'iter_time_ms').value[0]).toBe(31205.44);
  });

  it("mfu -100.00% (nanoGPT's not-yet-measured sentinel) is missing, not a value", async () => {
    const rs = await loadText(LOG);
    const mfu = curveOf(rs, 'mfu_pct');
    expect(mfu.step).toEqual([5, 10]);
    expect(mfu.value).toEqual([11.57, 10.9]);
    expect(mfu.value.includes(-100)).toBe(false);
  });

  it("keeps a fork's grad_norm and numeric extras, leaves out non-numeric extras with a warning", async () => {
    const rs = await loadText('iter 3: loss 4.1530, time 312.45ms, mfu 31.20%, grad_norm 0.812, tok/step 491.5K\niter 4: loss 4.1, time 300.00ms, mfu 31.00%, grad_norm 0.8, tok/step 480\n');
    expect(curveOf(rs, 'grad_norm').value).toEqual([0.812, 0.8]);
    expect(rs.runMetrics(rs.runs[0]!.id).sort()).toEqual(['grad_norm', 'iter_time_ms', 'mfu_pct', 'tok_step', 'train/loss']);
    expect(curveOf(rs, 'tok_step')).toMatchObject({ step: [4], value: [480] });
    expect(rs.warnings.map((w) => [w.line, w.message])).toEqual([[1, "line read in part: tok/step '491.5K' is not a number: left out"]]);
    expect(rs.lineStats[0]).toMatchObject({ lines: 2, records: 2, skipped: 0, damaged: 1 });
  });

  it('a broken loss or a unit-less time is skipped with a warning naming the line', async () => {
    const rs = await loadText('iter 0: loss 4.1, time 1.00ms, mfu 1.00%\niter 1: loss 4..1, time 1.00ms, mfu 1.00%\niter 2: loss 4.0, time 1.00, mfu 1.00%\nstep 3: train loss 3.9, val loss --\niter 3: loss 3.9, time 1.00ms, mfu 1.00%\n');
    expect(curveOf(rs, 'train/loss').step).toEqual([0, 3]);
    expect(rs.warnings.map((w) => w.line)).toEqual([2, 3, 4]);
    expect(rs.runs[0]!.config).toEqual({});
    expect(Number.isNaN(curveOf(rs, 'train/loss').tokens[0])).toBe(true);
  });

  it('each kind of broken iter or step line gets its own reason in the warning', async () => {
    const rs = await loadText([
      'iter 0: loss 4.1, time 1.00ms, mfu 1.00%',
      'iter 1: loss, time 1.00ms',
      'iter 2: loss 4.0, time 1.00s',
      'iter 3: loss 4.0, mfu 1.0',
      'iter 4: time 1.00ms, mfu 1.00%',
      'step 5: train loss x, val loss 3.9',
      'step 6: lr 0.1',
      'iter 7: grad_norm 1e, loss 3.8',
      'step 8: train loss 3.9, val loss 3.95, lr 6e-4',
    ].join('\n') + '\n');
    const ITER = (why: string) => `line skipped: ${why} (expected a nanoGPT line such as "iter 120: loss 4.1530, time 312.45ms, mfu 31.20%")`;
    const EVAL = (why: string) => `line skipped: ${why} (expected a nanoGPT line such as "step 250: train loss 1.9708, val loss 2.0689")`;
    expect(rs.warnings.map((w) => [w.line, w.message])).toEqual([
      [2, ITER('\'loss\' is not "key value"')],
      [3, ITER('time \'1.00s\' is not a number of ms')],
      [4, ITER('mfu \'1.0\' is not a percentage')],
      [5, ITER('no loss')],
      [6, EVAL('train loss \'x\' is not a number')],
      [7, EVAL('no train or val loss')],
      [8, ITER('grad_norm \'1e\' is not a number')],
    ]);
    expect(curveOf(rs, 'eval/lr').value).toEqual([6e-4]);
  });

  it('configurator overrides: numbers, True/False/None, quoted strings unquoted, anything else as printed', async () => {
    const rs = await loadText([
      'Overriding: n_layer = 12',
      'Overriding: lr = 6e-4',
      'Overriding: compile = True',
      'Overriding: wandb_run_name = None',
      "Overriding: dataset = 'shakespeare_char'",
      'Overriding: device = "cuda:0"',
      "Overriding: tag = '3'",
      "Overriding: odd = 'x\"",
      'Overriding: dtype = bfloat16',
      'iter 0: loss 4.1, time 1.00ms, mfu 1.00%',
      'Overriding: late = False',
    ].join('\n'));
    expect(rs.runs[0]!.config).toEqual({
      n_layer: 12, lr: 6e-4, compile: true, wandb_run_name: null, dataset: 'shakespeare_char', device: 'cuda:0', tag: '3', odd: "'x\"", dtype: 'bfloat16', late: false,
    });
  });

  it('forced on another format: LoadError', async () => {
    await expect(loadText('s:0 trl:1.0\n', { format: 'nanogpt' })).rejects.toThrow(LoadError);
  });
});
