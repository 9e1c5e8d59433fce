import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FitError, InputError } from '../../src/errors.js';
import { load } from '../../src/load/index.js';
import { fitStep1, fitStep2, ladderRuns, PAPER_TASKS, predictTask, type TaskSpec } from '../../src/ladder/index.js';

const DIR = fileURLToPath(new URL('../fixtures/olmo-ladder/ladder-runs/', import.meta.url));
const N = { '190M': 190354176, '370M': 371262464 };

describe('ladder: bad input is a typed error that names what to fix', () => {
  it('a task column missing from a run names the file and the column', async () => {
    const rs = await load([`${DIR}190M-1xC.csv`, `${DIR}370M-1xC.csv`]);
    const task: TaskSpec = { name: 'Lambada', loss: ['eval/downstream_bpb/lambada_rc_5shot_bpb'], accuracy: ['eval/downstream/lambada_rc_5shot_len_norm'] };
    const err = (() => {
      try {
        ladderRuns(rs, task, { N });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain('190M-1xC.csv');
    expect((err as Error).message).toContain('eval/downstream_bpb/lambada_rc_5shot_bpb');
  });

  it('a run without N says how to give it', async () => {
    const rs = await load(`${DIR}760M-1xC.csv`);
    expect(() => ladderRuns(rs, PAPER_TASKS[0]!, { N })).toThrow(/no parameter count N for run "760M-1xC"/);
  });

  it('weights that do not match the columns are refused', async () => {
    const rs = await load(`${DIR}190M-1xC.csv`);
    const t = { ...PAPER_TASKS[0]!, weights: [1, 2] };
    expect(() => ladderRuns(rs, t, { N })).toThrow(InputError);
  });

  it('fewer runs than step-1 parameters, or one size only, is refused', () => {
    const pts = [1, 2, 5, 10].map((k) => ({ run: `190M-${k}xC`, N: 190e6, D: 20 * k * 190e6, loss: 1 + 1 / k }));
    expect(() => fitStep1(pts)).toThrow(/5 parameters and only 4 ladder runs/);
    const one = [...pts, { run: '190M-20xC', N: 190e6, D: 400 * 190e6, loss: 1.01 }];
    expect(() => fitStep1(one)).toThrow(/1 size\(s\)/);
  });

  it('accuracy that never leaves chance level gives no sigmoid and says so', () => {
    const loss = Float64Array.from({ length: 40 }, (_, i) => 2 - i / 40);
    const acc = Float64Array.from({ length: 40 }, (_, i) => 0.25 + 0.005 * Math.sin(i));
    expect(() => fitStep2(loss, acc, 0.25, 1)).toThrow(FitError);
    expect(() => fitStep2(loss, acc, 0.25, 1)).toThrow(/never leaves chance level/);
  });

  it('a sigmoid that does not converge gives no accuracy and says so; a step 1 that does not converge is a warning', async () => {
    const names = ['190M', '370M'].flatMap((z) => ['1xC', '2xC', '5xC', '10xC'].map((l) => `${z}-${l}`));
    const rs = await load(names.map((n) => `${DIR}${n}.csv`));
    const runs = ladderRuns(rs, PAPER_TASKS[0]!, { N, runs: names });
    expect(() => predictTask(runs, PAPER_TASKS[0]!, { N: 1e9, D: 2e10 }, { maxIter: 2, multiStart: false })).toThrow(/step 2 \(sigmoid\) of task "MMLU" did not converge \(maxIter\): no accuracy is predicted/);
    const s1 = fitStep1(runs.map((r) => ({ run: r.name, N: r.N, D: r.D[r.D.length - 1]!, loss: r.loss[r.loss.length - 1]! })), undefined, undefined, 2);
    expect(s1.converged).toBe(false);
    expect(s1.reason).toBe('maxIter');
  });

  it('a target far beyond the ladder is warned with its extrapolation factor in compute', async () => {
    const names = ['190M', '370M'].flatMap((z) => ['1xC', '2xC', '5xC', '10xC'].map((l) => `${z}-${l}`));
    const rs = await load(names.map((n) => `${DIR}${n}.csv`));
    const runs = ladderRuns(rs, PAPER_TASKS[2]!, { N, runs: names });
    const largest = Math.max(...runs.map((r) => r.N * r.D[r.D.length - 1]!));
    const near = predictTask(runs, PAPER_TASKS[2]!, { N: 371262464, D: (5 * largest) / 371262464 }, { multiStart: false });
    expect(near.extrapolation).toBeCloseTo(5, 9);
    expect(near.warnings.some((w) => /compute is/.test(w))).toBe(false);
    const far = predictTask(runs, PAPER_TASKS[2]!, { N: 7e9, D: 4e12 }, { multiStart: false });
    expect(far.extrapolation).toBeCloseTo((7e9 * 4e12) / largest, 6);
    expect(far.warnings).toContain(`task "PIQA": the target's compute is ${far.extrapolation.toFixed(0)}x the largest ladder run's; the prediction extrapolates that far`);
  });
});
