import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FitError, InputError } from '../../src/errors.js';
import { load } from '../../src/load/index.js';
import { fitStep1, fitStep2, ladderRuns, PAPER_TASKS, type TaskSpec } from '../../src/ladder/index.js';

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
});
