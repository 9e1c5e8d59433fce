"""Golden numbers for src/ladder/noise.ts (issue 12): eval noise and decision quality per task on
test/fixtures/olmo-ladder, recomputed with numpy/pandas from the CSVs, independently of the TypeScript.

Definitions (the same as noise.ts's doc comment):
- a run's score = mean of its last 5 checkpoints (accuracy, or task loss in bits per byte);
- checkpoint noise = population SD (numpy's default) over the last 10 checkpoints of the largest ladder run
  (largest N below the decision target, longest D);
- seed SD = pooled SD of the scores of runs sharing (N, final D) (the `-rerun` files), ddof 1 within each group;
- signal-to-noise (Heineman et al. 2025, allenai/signal-and-noise snr/metrics.py): signal = max_jk |m_j - m_k| / mean(m)
  over the ladder sizes' scores at the longest tokens-per-parameter ratio they all have; noise = std / mean over the
  last 10 checkpoints of the largest of those runs; snr = signal / noise;
- decision accuracy at size s (their decision_acc_fast): over pairs i < j of the tokens-per-parameter ratios present at
  s and at the largest size, the share where (x_i > x_j) == (y_i > y_j);
- decides = decision accuracy at the largest ladder size >= 0.9 and 1.96 * sqrt(2) * max(seed SD, checkpoint SD) <= 0.01.
Run: /usr/bin/python3 scripts/ladder-noise-golden.py test/golden/ladder-noise.json
"""
import glob, json, os, sys
import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'olmo-ladder', 'ladder-runs')
N = {'190M': 190354176, '370M': 371262464, '760M': 758220288, '1B': 1279395840, '3B': 3169537280}
W = [0.215, 0.335, 0.219, 0.231]
MM = ['stem', 'humanities', 'social_sciences', 'other']
def rc(key):
  return ([f'eval/downstream_bpb/{key}_rc_5shot_bpb'], [f'eval/downstream/{key}_rc_5shot_len_norm'], [1.0])
TASKS = {
  'MMLU': ([f'eval/downstream_bpb/mmlu_{c}_test_rc_5shot_bpb' for c in MM], [f'eval/downstream/mmlu_{c}_test_rc_5shot_len_norm' for c in MM], W),
  'HellaSwag': rc('hellaswag_val'), 'PIQA': rc('piqa_val'), 'Social IQa': rc('socialiqa_val'),
  'ARC-Challenge': rc('arc_challenge_test'), 'ARC-Easy': rc('arc_easy_test'), 'CommonsenseQA': rc('csqa_val'),
  'OpenBookQA': rc('openbookqa_test'),
}
LAST, SMOOTH, RESOLUTION, MIN_DA = 10, 5, 0.01, 0.9
frames = {os.path.basename(f)[:-4]: pd.read_csv(f) for f in sorted(glob.glob(os.path.join(ROOT, '*xC*.csv')))}

def decision_acc(x, y):
  x, y = np.asarray(x), np.asarray(y)
  sd = x[:, None] > x[None, :]; td = y[:, None] > y[None, :]
  m = np.triu(np.ones_like(sd), k=1).astype(bool)
  return int((sd == td)[m].sum()), int(m.sum())

out = {'definitions': __doc__.split('Definitions')[1].split('Run:')[0].strip(), 'tasks': {}}
for name, (lc, ac, w) in TASKS.items():
  w = np.asarray(w) / np.sum(w)
  runs = {}
  for nm, d in frames.items():
    d = d.dropna(subset=lc + ac + ['throughput/total_tokens']).sort_values('_step')
    runs[nm] = dict(N=N[nm.split('-')[0]], D=float(d['throughput/total_tokens'].iloc[-1]),
                    acc=d[ac].to_numpy() @ w, loss=d[lc].to_numpy() @ w)
  score = lambda nm, k: float(np.mean(runs[nm][k][-SMOOTH:]))
  groups = {}
  for nm in sorted(runs):
    groups.setdefault((runs[nm]['N'], runs[nm]['D']), []).append(nm)
  seed = {}
  for k in ('acc', 'loss'):
    ss, dof = 0.0, 0
    for g in groups.values():
      if len(g) > 1:
        x = np.array([score(n, k) for n in g]); ss += float(((x - x.mean()) ** 2).sum()); dof += len(g) - 1
    seed[k] = float(np.sqrt(ss / dof))
  prim = {key: g[0] for key, g in groups.items()}  # lexicographically first name: '1B-1xC' before '1B-1xC-rerun'
  ratio = lambda key: float(f'{key[1] / key[0]:.2g}')
  by = {}
  for key, nm in prim.items():
    by.setdefault(key[0], {})[ratio(key)] = nm
  L = max(by); ladder = sorted(s for s in by if s < L)
  da = []
  for s in ladder:
    rs = sorted(set(by[s]) & set(by[L]))
    agree, pairs = decision_acc([score(by[s][r], 'acc') for r in rs], [score(by[L][r], 'acc') for r in rs])
    agree_l, _ = decision_acc([score(by[s][r], 'loss') for r in rs], [score(by[L][r], 'loss') for r in rs])
    da.append(dict(N=s, pairs=pairs, agree=agree, accuracy=agree / pairs, loss_agree=agree_l))
  common = sorted(set.intersection(*[set(by[s]) for s in ladder]))[-1]
  sig_runs = [by[s][common] for s in ladder]
  ref = sig_runs[-1]
  snr = {}
  for k in ('acc', 'loss'):
    m = np.array([score(n, k) for n in sig_runs])
    signal = float(np.max(np.abs(m[:, None] - m[None, :])) / np.mean(m))
    tail = runs[ref][k][-LAST:]
    noise = float(np.std(tail) / np.mean(tail))
    snr[k] = dict(signal=signal, noise=noise, snr=signal / noise)
  ck_acc = float(np.std(runs[ref]['acc'][-LAST:])); ck_loss = float(np.std(runs[ref]['loss'][-LAST:]))
  mdd = 1.96 * np.sqrt(2) * max(seed['acc'], ck_acc)
  out['tasks'][name] = dict(
    reference=ref, signal_runs=sig_runs, target_N=L,
    checkpoint_loss_sd=ck_loss, checkpoint_accuracy_sd=ck_acc,
    seed_loss_sd=seed['loss'], seed_accuracy_sd=seed['acc'], seed_groups=sum(len(g) > 1 for g in groups.values()),
    snr_accuracy=snr['acc'], snr_loss=snr['loss'], decision=da,
    min_difference=float(mdd), decides=bool(da[-1]['accuracy'] >= MIN_DA and mdd <= RESOLUTION),
  )
with open(sys.argv[1], 'w') as f:
  json.dump(out, f, indent=1)
