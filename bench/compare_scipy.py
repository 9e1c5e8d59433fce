#!/usr/bin/python3
"""scipy side of bench/compare.ts (run by it): BCa 10,000 resamples for two groups of 20 (difference of means),
and a stratified percentile bootstrap over 50 tasks x 5 seeds x 10 variants (pooled IQM and pooled mean; each
task is one scipy sample, so scipy resamples within tasks = stratified). Prints JSON timings in ms per case:
first call, then median and min of reps after warm-up."""
import json, sys, time
import numpy as np
from scipy import stats

reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
rng = np.random.default_rng(0)
x, y = rng.normal(3.28, 0.0015, 20), rng.normal(3.281, 0.0015, 20)
scores = rng.normal(0.5, 0.1, (10, 50, 5))  # variants x tasks x seeds


def diff(a, b, axis=-1):
    return a.mean(axis=axis) - b.mean(axis=axis)


def pooled_mean(*s, axis=-1):
    return np.concatenate(s, axis=axis).mean(axis=axis)


def pooled_iqm(*s, axis=-1):
    return stats.trim_mean(np.concatenate(s, axis=axis), 0.25, axis=axis)


def timeit(f):
    """First call, warm-up (at least 3 calls and 0.3 s, as bench/compare.ts), then median and min of reps."""
    t0 = time.perf_counter(); f(); first = (time.perf_counter() - t0) * 1000
    w0, calls = time.perf_counter(), 0
    while calls < 3 or time.perf_counter() - w0 < 0.3:
        f(); calls += 1
    t = []
    for _ in range(reps):
        t0 = time.perf_counter(); f(); t.append((time.perf_counter() - t0) * 1000)
    return {"first": first, "median": float(np.median(t)), "min": min(t)}


out = {
    "bca_2x20": timeit(lambda: stats.bootstrap((x, y), diff, n_resamples=10000, method="BCa", vectorized=True, random_state=1)),
    "strat_mean": timeit(lambda: [stats.bootstrap(tuple(scores[v, t] for t in range(50)), pooled_mean, n_resamples=10000, method="percentile", vectorized=True, random_state=1) for v in range(10)]),
    "strat_iqm": timeit(lambda: [stats.bootstrap(tuple(scores[v, t] for t in range(50)), pooled_iqm, n_resamples=10000, method="percentile", vectorized=True, random_state=1) for v in range(10)]),
}
print(json.dumps(out))
