/** Every real export under test/fixtures/formats loads with the right loader and the values in the files. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detect, load, makeProbe } from '../../../src/load/index.js';

const FIX = fileURLToPath(new URL('../../fixtures/formats/', import.meta.url));

describe('real fixtures (test/fixtures/formats)', () => {
  it.each([
    ['wandb/runs_table_export.csv', 'wandb-runs'],
    ['wandb/chart_export_wide.csv', 'wandb-chart'],
    ['wandb/run_history.csv', 'wandb-history'],
    ['lightning/metrics.csv', 'lightning'],
    ['hf_trainer/trainer_state.json', 'hf-trainer'],
    ['mlflow/mlruns', 'mlflow'],
    ['mlflow/mlruns/0', 'mlflow'],
    ['mlflow/mlruns/0/dad1d1faee4d4661b3dba8f2f8429a4c', 'mlflow'],
  ])('%s is detected as %s', (f, name) => {
    const p = makeProbe(FIX + f);
    expect(detect(p, p.isDirectory)?.name).toBe(name);
  });

  it('does not claim the other formats\' fixtures (llm.c log, Megatron stdout, TensorBoard events)', async () => {
    const { loaders } = await import('../../../src/load/tabular/index.js');
    for (const f of ['llmc/main.log', 'megatron/stdout_variants.log', 'tensorboard/events.out.tfevents.1585499054.Jaakkos-Mac-mini.local.11684.5.v2']) {
      const p = makeProbe(FIX + f);
      for (const l of loaders) expect(l.detect(p), `${l.name} on ${f}`).toBe(0);
    }
  });

  it('W&B runs table: names, state, seed, summary values; config/summary warning without configColumns', async () => {
    const rs = await load(FIX + 'wandb/runs_table_export.csv');
    expect(rs.runs.map((r) => r.name)).toEqual(['G1_ternary_weights', 'F2_context_512', 'D2_swiglu', 'baseline', 'baseline']);
    expect(new Set(rs.runs.map((r) => r.id)).size).toBe(5);
    const g1 = rs.runs[0]!;
    expect(g1.state).toBe('finished');
    expect(g1.seed).toBe(6242);
    expect(g1.summary!['val/loss']).toBe(1.4786324501037598);
    expect(g1.summary!['train/loss']).toBe(1.038091778755188);
    expect(g1.summary!._runtime).toBe(732);
    expect(g1.config.activation_type).toBe('gelu');
    expect(g1.config.bias).toBe(false);
    expect(rs.runs[4]!.seed).toBe(2026);
    expect(rs.runs[4]!.summary!['val/loss']).toBe(1.6957199573516846);
    expect(rs.numPoints).toBe(0);
    expect(rs.warnings.filter((w) => /configColumns/.test(w.message))).toHaveLength(1);
  });

  it('W&B runs table with configColumns: named columns are config, the other numeric ones summary', async () => {
    const rs = await load(FIX + 'wandb/runs_table_export.csv', { configColumns: ['learning_rate', 'n_layer', 'seed', 'activation_type'] });
    const r = rs.runs[1]!;
    expect(r.config).toMatchObject({ learning_rate: 0.001, n_layer: 6, seed: 6242, activation_type: 'gelu' });
    expect(r.summary!['val/loss']).toBe(2.0293877124786377);
    expect(r.summary!.learning_rate).toBeUndefined();
    expect(r.summary!.block_size).toBe(512);
    expect(rs.warnings.some((w) => w.message.includes("'device'"))).toBe(true); // text summary column is reported
  });

  it('W&B chart export: two runs of train/loss, __MIN/__MAX not separate runs', async () => {
    const rs = await load(FIX + 'wandb/chart_export_wide.csv');
    expect(rs.runs.map((r) => r.id)).toEqual(['gpt2_char_to_token1729578574.2848036', 'gpt2']);
    expect(rs.metricNames()).toEqual(['train/loss']);
    const c = rs.curve('gpt2', 'train/loss')!;
    expect([...c.step]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(c.value[0]).toBe(10.95404052734375);
    expect(c.value[5]).toBe(4.75210428237915);
    expect(rs.curve('gpt2_char_to_token1729578574.2848036', 'train/loss')!.value[3]).toBe(5.934786796569824);
    expect(rs.warnings.some((w) => /__MIN\/__MAX/.test(w.message))).toBe(true);
  });

  it('W&B history: _step steps, _runtime time, sparse cells', async () => {
    const rs = await load(FIX + 'wandb/run_history.csv');
    expect(rs.runs).toHaveLength(1);
    expect(rs.metricNames()).toEqual(['train/loss', 'train/step_loss', 'lr', 'iter', 'val/loss']);
    const v = rs.curve('run_history', 'val/loss')!;
    expect([...v.step]).toEqual([0, 26, 52]);
    expect([...v.value]).toEqual([4.098750591278076, 2.1067726612091064, 1.7353967428207397]);
    expect([...v.time]).toEqual([17.645552, 53.4816071, 96.573666]);
    const s = rs.curve('run_history', 'train/step_loss')!;
    expect(s.step.length).toBe(9);
    expect(s.value[8]).toBe(1.6046078205108643);
    expect(rs.curve('run_history', 'Sample Generation')).toBeUndefined();
  });

  it('Lightning CSVLogger: hparams as config, sparse metrics, epoch as a metric', async () => {
    const rs = await load(FIX + 'lightning/metrics.csv');
    const r = rs.runs[0]!;
    expect(r.config).toMatchObject({ d_model: 492, lr: 5.3438960475985955e-5, use_experimental: true, num_layers: 12 });
    const vl = rs.curve(r.id, 'val_loss')!;
    expect([...vl.step]).toEqual([286, 573]);
    expect([...vl.value]).toEqual([6.833683967590332, 6.4680867195129395]);
    expect(rs.curve(r.id, 'train_loss_step')!.value[0]).toBe(8.620475769042969);
    expect(rs.curve(r.id, 'train_loss_epoch')!.value[1]).toBe(6.614284515380859);
    expect([...rs.curve(r.id, 'epoch')!.value].slice(-1)).toEqual([1]);
  });

  it('HF trainer_state: log_history points, predict entry kept with a warning, final values in summary', async () => {
    const rs = await load(FIX + 'hf_trainer/trainer_state.json');
    const r = rs.runs[0]!;
    const loss = rs.curve(r.id, 'loss')!;
    expect([...loss.step]).toEqual([500, 1000]);
    expect([...loss.value]).toEqual([1.1409, 0.6419]);
    expect(rs.curve(r.id, 'eval_loss')!.value[0]).toBe(0.6597685217857361);
    const pl = rs.curve(r.id, 'predict_loss')!;
    expect([...pl.step]).toEqual([549]);
    expect(pl.value[0]).toBe(0.6476863622665405);
    expect(rs.warnings.some((w) => /log_history\[2\] has no step/.test(w.message))).toBe(true);
    expect(r.summary).toMatchObject({ train_loss: 0.4479398911550831, train_runtime: 64358.151 });
    expect(r.config).toMatchObject({ global_step: 5490, train_batch_size: 6, max_steps: 5490 });
    expect([...rs.curve(r.id, 'epoch')!.value]).toEqual([0.91, 1, 1.82, 10]);
  });

  it.each(['mlflow/mlruns', 'mlflow/mlruns/0', 'mlflow/mlruns/0/dad1d1faee4d4661b3dba8f2f8429a4c'])('MLflow from %s', async (f) => {
    const rs = await load(FIX + f);
    expect(rs.runs).toHaveLength(1);
    const r = rs.runs[0]!;
    expect(r.id).toBe('dad1d1faee4d4661b3dba8f2f8429a4c');
    expect(r.name).toBe('magnificent-wolf-210');
    expect(r.state).toBe('finished');
    expect(r.config.experiment).toBe('Default');
    expect(rs.curve(r.id, 'r2')!.value[0]).toBe(0.2799376066653344);
    expect(rs.curve(r.id, 'rmse')!.value[0]).toBe(0.7128829045893679);
    const mae = rs.curve(r.id, 'mae')!;
    expect(mae.value[0]).toBe(0.5462202174984664);
    expect(mae.step[0]).toBe(0);
    expect(mae.time[0]).toBeCloseTo(0.024, 12); // (1698069409812 - 1698069409788) ms
  });
});
