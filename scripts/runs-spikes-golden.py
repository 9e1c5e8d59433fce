"""Golden values for detectSpikes (src/runs/spikes.ts): robust z-scores against a trailing window, computed with
pandas rolling windows (an independent implementation). Run: /usr/bin/python3 scripts/runs-spikes-golden.py"""
import json
import numpy as np
import pandas as pd

rng = np.random.default_rng(20261125)
n = 400
step = np.arange(n) * 10
y = 3.0 + 2.0 / np.sqrt(1 + np.arange(n) / 20) + 0.05 * rng.standard_normal(n)
y[120] += 0.6   # spike
y[121] += 0.2   # tail of the spike
y[300] -= 0.7   # dip
y[350] = np.nan  # a NaN: excluded from baselines
window, z = 30, 6.0
min_periods = max(3, -(-window // 2))

s = pd.Series(y)
# Trailing window of the `window` points BEFORE i (shift by one), finite values only.
med = s.rolling(window, min_periods=min_periods).median().shift(1)
mad = s.rolling(window, min_periods=min_periods).apply(
    lambda w: np.median(np.abs(w[~np.isnan(w)] - np.median(w[~np.isnan(w)]))), raw=True).shift(1)
# pandas counts only non-NaN values toward min_periods, as the TypeScript does.
scale = 1.4826 * mad
score = (s - med) / scale
out = {}
for direction in ['up', 'down', 'both']:
    if direction == 'up':
        hit = score > z
    elif direction == 'down':
        hit = score < -z
    else:
        hit = score.abs() > z
    idx = [int(i) for i in np.where(hit.fillna(False).to_numpy())[0]]
    out[direction] = [{'index': i, 'median': float(med[i]), 'scale': float(scale[i]), 'score': float(score[i])} for i in idx]
json.dump({'window': window, 'z': z, 'step': step.tolist(), 'value': [None if np.isnan(v) else float(v) for v in y],
           'nan_index': 350, 'spikes': out}, open('test/golden/runs-spikes-pandas.json', 'w'), indent=1)
print({k: [d['index'] for d in v] for k, v in out.items()})
