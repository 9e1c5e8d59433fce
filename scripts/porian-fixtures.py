#!/usr/bin/python3
"""Convert Porian et al. 2024's IsoFLOP sweeps (github.com/formll/resolving-scaling-law-discrepancies,
data/summary_df*.pickle.xz, arXiv 2406.19146) into test/fixtures/porian/:

- points.csv: for each of their 15 configurations, each FLOP budget's (N, loss) pairs exactly as their IsoFLOP step
  sees them (their `optimal_pairs.n_vals` / `loss_vals`: the loss read off each training curve at that FLOP value,
  the lowest over duplicates of a size);
- published.json: per configuration their exponent a (`fit_results.bs_median_weighted.n_exponent`, Table 2) and
  its 95% interval (2.5/97.5% quantiles of their 1,000 weighted bootstrap exponents, as paper_tables.extract_CI),
  and the budgets their method kept.

It also writes test/golden/porian-akima.json: per configuration, the exponent of N_opt = k C^a from each budget's
minimum of scipy's Akima1DInterpolator of log loss against log N (exact: the roots of its derivative; and on their
geometric grid of (sizes - 1) x 25 points, as their interpolation() does), budgets with the minimum at an end left
out, OLS in log-log.

Usage: /usr/bin/python3 scripts/porian-fixtures.py [/work/.mirror/formll+resolving-scaling-law-discrepancies/repo]
"""
import csv
import io
import json
import lzma
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.interpolate as si

git_dir = sys.argv[1] if len(sys.argv) > 1 else '/work/.mirror/formll+resolving-scaling-law-discrepancies/repo'
root = Path(__file__).resolve().parent.parent
fix = root / 'test' / 'fixtures' / 'porian'
fix.mkdir(parents=True, exist_ok=True)


def git(*args: str) -> bytes:
    return subprocess.run(['git', f'--git-dir={git_dir}', *args], check=True, capture_output=True).stdout


commit = git('rev-parse', 'HEAD').decode().strip()
LABELS = {  # their configs.CONFIG_DICT_LABEL
    'base/long/kaplan/kaplan/train': 'Reproducing Kaplan et al.',
    'base/long/kaplan/standard/val': 'Counting last layer FLOPs',
    'base/short/kaplan/standard/val': 'Correcting warmup',
    'base/short/chinchilla/standard/val': 'Cosine decay',
    'base/short/const/standard/val': '',
    'tuned/short/const/standard/val': 'Optimizer tuning (no decay)',
    'base/long/kaplan/attention/train': 'Counting last layer and attention FLOPs',
    'base/short/kaplan/attention/train': 'Correcting warmup (attention FLOPs)',
    'base/short/chinchilla/attention/train': 'Cosine decay (attention FLOPs)',
    'tuned/short/const/attention/train': 'Optimizer tuning (attention FLOPs)',
    'tuned/long/const/kaplan/train': 'Kaplan adjusted (tuned)',
}


def akima_min(n, L, exact):
    x, y = np.log(n), np.log(L)
    ak = si.Akima1DInterpolator(x, y)
    if exact:
        cand = np.concatenate([x, ak.derivative().roots(extrapolate=False)])
        cand = cand[(cand >= x[0]) & (cand <= x[-1])]
        v = ak(cand)
        k = int(np.argmin(v))
        xm = cand[k]
        return None if xm <= x[0] or xm >= x[-1] else float(np.exp(xm))
    g = np.geomspace(n.min(), n.max(), (len(n) - 1) * 25)
    li = ak(np.log(g))
    k = int(np.argmin(li))
    return float(g[k]) if 0 < k < len(g) - 1 else None


points, published, golden = [], {}, {}
for f in ['summary_df', 'summary_df_owt2', 'summary_df_att', 'summary_df_kaplan_tuned_hparams']:
    df = pd.read_pickle(io.BytesIO(lzma.decompress(git('show', f'HEAD:data/{f}.pickle.xz'))))
    for _, r in df.iterrows():
        key = '/'.join(r[k] for k in ['dataset', 'hparams', 'warmup', 'decay', 'param_count', 'val'])
        fr = r.fit_results
        ex = [x['n_exponent'] for x in fr['bootstrap_weighted'] if 'n_coef' in x]
        lo, hi = np.quantile(ex, [0.025, 0.975])
        kept = []
        Cs, Ne, Ng = [], [], []
        for _, b in r.optimal_pairs.iterrows():
            n = np.asarray(b.n_vals, float)
            L = np.asarray(b.loss_vals, float)
            o = np.argsort(n)
            n, L = n[o], L[o]
            for nn, ll in zip(n, L):
                points.append({'config': key, 'C': repr(float(b.flops)), 'N': repr(float(nn)), 'loss': repr(float(ll))})
            if b.n is not None and not np.isnan(b.n):
                kept.append(float(b.flops))
            Cs.append(float(b.flops))
            Ne.append(akima_min(n, L, True))
            Ng.append(akima_min(n, L, False))
        def slope(vals):
            c = [C for C, v in zip(Cs, vals) if v is not None]
            v = [v for v in vals if v is not None]
            return float(np.polyfit(np.log(c), np.log(v), 1)[0]), c
        a_exact, c_exact = slope(Ne)
        a_grid, _ = slope(Ng)
        published[key] = {'label': LABELS.get(key.split('/', 1)[1], ''), 'dataset': r.dataset, 'a': float(fr['bs_median_weighted']['n_exponent']),
                          'ci': [float(lo), float(hi)], 'bootstrap_exponents': len(ex), 'budgets_kept': kept,
                          'budgets': len(r.optimal_pairs)}
        golden[key] = {'a_akima_exact': a_exact, 'a_akima_grid': a_grid, 'budgets_used': c_exact,
                       'n_opt_exact': [v for v in Ne if v is not None]}
        print(f"{key:42s} a={published[key]['a']:.4f} [{lo:.4f}, {hi:.4f}]  akima exact {a_exact:.4f} grid {a_grid:.4f}  "
              f"{'IN' if lo <= a_exact <= hi else 'OUT'}")
with open(fix / 'points.csv', 'w', newline='') as fh:
    w = csv.DictWriter(fh, fieldnames=['config', 'C', 'N', 'loss'], lineterminator='\n')
    w.writeheader()
    w.writerows(points)
json.dump({'source': f'formll/resolving-scaling-law-discrepancies@{commit}', 'configs': published}, open(fix / 'published.json', 'w'), indent=1)
json.dump(golden, open(root / 'test' / 'golden' / 'porian-akima.json', 'w'), indent=1)
print(f'{len(points)} points, {len(published)} configurations from {commit}')
