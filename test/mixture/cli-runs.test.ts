import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/stats/random.js';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const cli = (...args: string[]) => spawnSync(TSX, ['src/cli/main.ts', 'mixture', ...args], { encoding: 'utf8' });

/** A W&B runs-table export: Name, State, mix/web, mix/code, mix/math, val/loss (loss = 3 - w_web + 0.5 w_code + noise). */
function runsTable(n: number, edit: (row: string[], i: number) => void = () => undefined): string {
  const r = createRng(11);
  const lines = ['"Name","State","mix/web","mix/code","mix/math","data_path","val/loss"'];
  for (let i = 0; i < n; i++) {
    const a = [r.next(), r.next(), r.next()], s = a[0]! + a[1]! + a[2]!;
    const w = a.map((v) => +(v / s).toFixed(3));
    w[2] = +(1 - w[0]! - w[1]!).toFixed(3);
    const loss = 3 - w[0]! + 0.5 * w[1]! + 0.01 * r.normal();
    const row = [`run${i}`, 'finished', ...w.map(String), `${w[0]} /d/web_text_document ${w[1]} /d/code_text_document ${w[2]} /d/math_text_document`, loss.toFixed(4)];
    edit(row, i);
    lines.push(row.map((c) => `"${c}"`).join(','));
  }
  return lines.join('\n') + '\n';
}

function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'scalelab-mixruns-'));
  const p = join(dir, 'runs.csv');
  writeFileSync(p, text);
  return p;
}

describe('scalelab mixture <paths> (loaded runs)', () => {
  it('reads weights from config keys matched by --domains and losses from --metrics, and proposes', () => {
    const p = file(runsTable(40));
    const r = cli(p, '--config-columns', 'mix/web,mix/code,mix/math,data_path', '--domains', 'mix/*', '--metrics', 'val/loss', '--model', 'linear', '--folds', '4',
      '--propose', '--samples', '3000', '--top', '20', '--resamples', '10', '--seed', '2', '--threads', '1', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { cv: { n: number; spearman: number }; proposal: { weights: Record<string, number>; ci_method: { over: string } }; warnings: string[] };
    expect(j.cv.n).toBe(40);
    expect(j.cv.spearman).toBeGreaterThan(0.9);
    expect(Object.keys(j.proposal.weights)).toEqual(['mix/code', 'mix/math', 'mix/web']);
    expect(j.proposal.weights['mix/web']).toBeGreaterThan(0.5);
    expect(j.proposal.ci_method.over).toMatch(/re-runs the search/);
    expect(j.warnings.join('\n')).toMatch(/law: 40 runs|^$/);
  });
  it('a Megatron --data-path config key gives the same table', () => {
    const p = file(runsTable(40));
    const a = JSON.parse(cli(p, '--config-columns', 'data_path', '--data-path-key', 'data_path', '--metrics', 'val/loss', '--model', 'linear', '--folds', '4', '--resamples', '5', '--json').stdout) as { cv: { n: number; spearman: number } };
    expect(a.cv.n).toBe(40);
    expect(a.cv.spearman).toBeGreaterThan(0.9);
  });
  it('weights as summary values (no --config-columns) are used with a named warning', () => {
    const p = file(runsTable(30));
    const r = cli(p, '--domains', 'mix/web,mix/code,mix/math', '--metrics', 'val/loss', '--model', 'linear', '--folds', '3', '--resamples', '5', '--json');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { warnings: string[] }).warnings.join('\n')).toMatch(/weights of 30 runs read from summary values, not config/);
  });
  it('bad input: weights off by more than the tolerance are normalised (named) or refused, non-finite losses and runs without weights named', () => {
    const p = file(runsTable(30, (row, i) => {
      if (i === 3) row[2] = String(Number(row[2]) + 0.02); // sum 1.02: normalised
      if (i === 5) row[6] = 'NaN';                           // non-finite loss
      if (i === 7) { row[2] = ''; row[5] = ''; }              // no weight for mix/web: left out
    }));
    const r = cli(p, '--config-columns', 'mix/web,mix/code,mix/math', '--domains', 'mix/*', '--metrics', 'val/loss', '--model', 'linear', '--folds', '3', '--resamples', '5', '--json');
    expect(r.status).toBe(0);
    const w = (JSON.parse(r.stdout) as { warnings: string[] }).warnings.join('\n');
    expect(w).toMatch(/weights of 1 rows normalised to sum to 1 .*run3 \(sum 1\.02/);
    expect(w).toMatch(/non-finite loss for runs run5/);
    expect(w).toMatch(/1 runs have no mixture weights in their config and are left out: run7/);
    const far = file(runsTable(30, (row, i) => { if (i === 4) row[2] = String(Number(row[2]) + 0.3); }));
    const e = cli(far, '--config-columns', 'mix/web,mix/code,mix/math', '--domains', 'mix/*', '--metrics', 'val/loss', '--model', 'linear', '--folds', '3');
    expect(e.status).toBe(1);
    expect(e.stderr).toMatch(/weights of rows run4 \(sum 1\.3\d*\) do not sum to 1 within 0\.05/);
  });
  it('bad input: a domain that never varies is named; too few runs for the folds or the law; a pattern that matches nothing; a metric nobody logged', () => {
    const p = file(runsTable(8, (row) => { row[4] = '0'; row[2] = String(+(1 - Number(row[3])).toFixed(3)); }));
    const args = [p, '--config-columns', 'mix/web,mix/code,mix/math', '--domains', 'mix/*', '--metrics', 'val/loss'];
    const few = cli(...args, '--folds', '5');
    expect(few.status).toBe(1);
    expect(few.stderr).toMatch(/5-fold cross-validation needs at least 10 runs, got 8/);
    const r = cli(...args, '--folds', '2', '--resamples', '5', '--json');
    expect(r.status).toBe(0);
    const w = (JSON.parse(r.stdout) as { warnings: string[] }).warnings.join('\n');
    expect(w).toMatch(/domain mix\/math never varies \(always 0\)/);
    const law = cli(p, '--config-columns', 'mix/web,mix/code,mix/math', '--domains', 'mix/web,mix/code,mix/math', '--metrics', 'val/loss', '--model', 'law', '--folds', '2', '--resamples', '5');
    expect(law.status).toBe(1); // 8 runs >= 3 domains + 2, but a 2-fold training part has 4
    expect(law.stderr).toMatch(/law: 8 runs leave 4 in a 2-fold training part, too few for 4 parameters \(needs 5\)/);
    expect(cli(...args.slice(0, 4), 'other/*', '--metrics', 'val/loss').stderr).toMatch(/--domains 'other\/\*' matches no config key/);
    const none = cli(...args.slice(0, 6), 'val/nope', '--folds', '2');
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/val\/nope/);
    expect(cli(p, '--metrics', 'val/loss').stderr).toMatch(/runs need --domains LIST or --data-path-key KEY/);
    expect(cli(p, '--mixtures', 'x.csv', '--domains', 'mix/*', '--metrics', 'val/loss').stderr).toMatch(/either run paths or --mixtures/);
  });
});
