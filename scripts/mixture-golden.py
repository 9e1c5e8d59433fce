"""Goldens for test/mixture: sklearn 1.2 / scipy on the RegMix fixture (run with Debian's /usr/bin/python3).

Writes test/golden/mixture-sklearn.json: LinearRegression on weights -> Pile-CC loss and on weights -> log loss
(predictions on the 256 test runs), scipy Spearman / Kendall (tau-b) of those predictions, and the Spearman of
sklearn's GradientBoostingRegressor (1000 trees, depth 3, learning rate 0.01, subsample 1) for reference.
"""
import json, sys
import numpy as np, pandas as pd
from scipy import stats
from sklearn.linear_model import LinearRegression
from sklearn.ensemble import GradientBoostingRegressor

D = 'test/fixtures/regmix/'
T = 'metric/the_pile_pile_cc_val_loss'
def load(part):
    m = pd.read_csv(D + f'{part}_mixture_1m.csv'); l = pd.read_csv(D + f'{part}_pile_loss_1m.csv')
    j = m.merge(l, on='index')
    return j[m.columns[1:]].to_numpy(), j[T].to_numpy(), j['index'].to_numpy()
Xtr, ytr, _ = load('train'); Xte, yte, ids = load('test')
out = {'target': T, 'test_ids': ids.tolist(), 'actual': yte.tolist()}
lin = LinearRegression().fit(Xtr, ytr); p = lin.predict(Xte)
out['linear'] = {'predicted': p.tolist(), 'spearman': stats.spearmanr(p, yte)[0], 'kendall': stats.kendalltau(p, yte)[0]}
ll = LinearRegression().fit(Xtr, np.log(ytr)); p = np.exp(ll.predict(Xte))
out['loglinear'] = {'predicted': p.tolist(), 'spearman': stats.spearmanr(p, yte)[0], 'kendall': stats.kendalltau(p, yte)[0]}
gb = GradientBoostingRegressor(n_estimators=1000, max_depth=3, learning_rate=0.01, random_state=0).fit(Xtr, ytr)
p = gb.predict(Xte)
out['sklearn_gbr'] = {'settings': 'n_estimators=1000 max_depth=3 learning_rate=0.01 subsample=1.0', 'spearman': stats.spearmanr(p, yte)[0], 'kendall': stats.kendalltau(p, yte)[0]}
# Data Mixing Law L = c + k exp(t . r), t of the domain with the largest mean weight fixed at 0, by scipy
# least_squares (trf) from the same three starts as src/mixture/law.ts; the best kept.
from scipy.optimize import least_squares
ref = int(np.argmax(Xtr.mean(0))); free = [j for j in range(Xtr.shape[1]) if j != ref]
def law(p, X): return p[0] + np.exp(p[1] + X[:, free] @ p[2:])
best = None
for frac in [0, 0.5, 0.9]:
    c0 = frac * ytr.min(); x0 = np.zeros(len(free) + 2); x0[0] = c0; x0[1] = np.log(ytr.mean() - c0)
    r = least_squares(lambda p: law(p, Xtr) - ytr, x0, method='trf', xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=20000)
    if best is None or r.cost < best.cost: best = r
p = law(best.x, Xte)
out['law'] = {'train_mse': float(np.mean((law(best.x, Xtr) - ytr) ** 2)), 'predicted': p.tolist(), 'spearman': stats.spearmanr(p, yte)[0], 'kendall': stats.kendalltau(p, yte)[0]}
# Rank-correlation references on fixed vectors with ties.
a = [1, 2, 2, 3, 5, 4, 4, 7]; b = [2, 1, 3, 3, 6, 5, 4, 8]
out['rank_ties'] = {'a': a, 'b': b, 'spearman': stats.spearmanr(a, b)[0], 'kendall': stats.kendalltau(a, b)[0]}
json.dump(out, open('test/golden/mixture-sklearn.json', 'w'), indent=1)
print({k: (v['spearman'] if isinstance(v, dict) and 'spearman' in v else None) for k, v in out.items()})
