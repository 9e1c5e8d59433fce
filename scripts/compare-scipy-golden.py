#!/usr/bin/python3
"""Golden values for src/stats and src/compare, from Debian's scipy (run with /usr/bin/python3).

Writes test/golden/compare-scipy.json. Data sets are drawn here with a fixed numpy seed and stored in the JSON,
so the TypeScript tests run on exactly these numbers. Bootstrap intervals are Monte Carlo quantities: each is
computed with REPS different scipy seeds and stored as the mean and sd of the endpoints, so tests can use a
Monte Carlo tolerance.

    /usr/bin/python3 scripts/compare-scipy-golden.py
"""
import json
import math
import os

import mpmath
import numpy as np
import scipy
from scipy import optimize, special, stats

mpmath.mp.dps = 40
rng = np.random.default_rng(20261125)
out = {"scipy_version": scipy.__version__, "numpy_version": np.__version__}


def f(x):
    return [float(v) for v in x]


# --- distributions -----------------------------------------------------------------------------------------
out["lgamma"] = [[x, float(mpmath.loggamma(x))] for x in [0.1, 0.5, 1.5, 3.7, 9.99, 10, 25.3, 150, 1e4]]
out["lbeta"] = [[a, b, float(mpmath.log(mpmath.beta(a, b)))] for a, b in [[0.5, 0.5], [2, 3], [50, 0.5], [500, 0.5], [12, 40], [1e4, 0.5]]]
out["ibeta"] = [[a, b, x, float(mpmath.betainc(a, b, 0, x, regularized=True)), float(mpmath.betainc(a, b, x, 1, regularized=True))]
                for a, b, x in [[2, 3, 0.4], [5, 0.5, 0.9], [50, 0.5, 0.99], [0.3, 7, 0.01], [100, 120, 0.45], [4.5, 0.5, 0.02]]]
out["norm_cdf"] = [[x, float(stats.norm.cdf(x))] for x in [-20, -8, -3, -1.5, 0.3, 2, 6]]
out["norm_ppf"] = [[p, float(stats.norm.ppf(p))] for p in [1e-300, 1e-10, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.9999]]
out["t_cdf"] = [[t, d, float(stats.t.cdf(t, d))] for t, d in [[-3, 4], [2.1, 9], [-5, 17.3], [-40, 2.5], [1, 1], [-10, 30], [-30, 9], [0.5, 1000]]]


def t_ppf_mp(p, d):
    # High-precision reference: solve CDF(t) = p with mpmath (scipy's t.ppf is only good to ~1e-9 in places).
    p, d = mpmath.mpf(p), mpmath.mpf(d)
    def cdf(t):
        x = d / (d + t * t)
        tail = mpmath.betainc(d / 2, mpmath.mpf(1) / 2, 0, x, regularized=True) / 2
        return tail if t < 0 else 1 - tail
    t0 = stats.t.ppf(float(p), float(d))
    return float(mpmath.findroot(lambda t: cdf(t) - p, mpmath.mpf(t0)))


out["t_ppf"] = [[p, d, t_ppf_mp(p, d), float(stats.t.ppf(p, d))] for p, d in [[0.025, 4], [0.975, 9], [0.001, 17.3], [0.1, 2.5], [0.995, 1.2], [0.025, 100], [1e-8, 3]]]
out["nct_cdf"] = [[t, d, nc, float(stats.nct.cdf(t, d, nc))] for t, d, nc in
                  [[2, 10, 1], [-1, 5, 0.5], [2.1, 18, 3], [1.7, 4, -2], [3, 30, 5], [2.02, 38, 2.8], [-2.02, 38, 2.8], [2.5, 7.3, 0.2], [1.1, 60, 12]]]

# --- tests on data ---------------------------------------------------------------------------------------
datasets = {
    "small": (f(np.round(rng.normal(3.28, 0.0015, 6), 4)), f(np.round(rng.normal(3.2815, 0.0015, 5), 4))),
    "medium": (f(rng.normal(10, 2, 12)), f(rng.normal(11.5, 3, 15))),
    "unequal": (f(rng.normal(0.5, 0.05, 4)), f(rng.normal(0.45, 0.2, 20))),
    "large": (f(rng.gamma(2, 1, 40)), f(rng.gamma(2.4, 1, 40))),
}
out["datasets"] = {k: {"x": x, "y": y} for k, (x, y) in datasets.items()}
tests = []
for name, (x, y) in datasets.items():
    x, y = np.array(x), np.array(y)
    nx, ny = len(x), len(y)
    for alt in ["two-sided", "less", "greater"]:
        for ev in [False, True]:
            r = stats.ttest_ind(x, y, equal_var=ev, alternative=alt)
            vx, vy = x.var(ddof=1) / nx, y.var(ddof=1) / ny
            if ev:
                df = nx + ny - 2
                sp = ((nx - 1) * x.var(ddof=1) + (ny - 1) * y.var(ddof=1)) / df
                se = math.sqrt(sp * (1 / nx + 1 / ny))
            else:
                df = (vx + vy) ** 2 / (vx ** 2 / (nx - 1) + vy ** 2 / (ny - 1))
                se = math.sqrt(vx + vy)
            d = x.mean() - y.mean()
            if alt == "two-sided":
                q = stats.t.ppf(0.975, df); ci = [d - q * se, d + q * se]
            elif alt == "less":
                ci = [None, d + stats.t.ppf(0.95, df) * se]
            else:
                ci = [d - stats.t.ppf(0.95, df) * se, None]
            tests.append({"data": name, "test": "student" if ev else "welch", "alternative": alt, "t": float(r.statistic), "p": float(r.pvalue), "df": float(df), "ci": ci})
        r = stats.ttest_1samp(x, 3.28 if name == "small" else float(np.median(y)), alternative=alt)
        ci = r.confidence_interval(0.95)
        tests.append({"data": name, "test": "one-sample", "mu": 3.28 if name == "small" else float(np.median(y)), "alternative": alt,
                      "t": float(r.statistic), "p": float(r.pvalue), "df": float(r.df), "ci": [None if np.isinf(ci.low) else float(ci.low), None if np.isinf(ci.high) else float(ci.high)]})
        m = min(nx, ny)
        r = stats.ttest_rel(x[:m], y[:m], alternative=alt)
        ci = r.confidence_interval(0.95)
        tests.append({"data": name, "test": "paired", "alternative": alt, "t": float(r.statistic), "p": float(r.pvalue), "df": float(r.df),
                      "ci": [None if np.isinf(ci.low) else float(ci.low), None if np.isinf(ci.high) else float(ci.high)]})
        r = stats.mannwhitneyu(x, y, alternative=alt)
        tests.append({"data": name, "test": "mannwhitney", "alternative": alt, "u": float(r.statistic), "p": float(r.pvalue)})
out["tests"] = tests

# Mann-Whitney corner cases: exact path with one small sample and one large, ties forcing asymptotic.
mw_extra = []
for x, y in [([1.0, 2, 3], [4.0, 5, 6]), (f(rng.normal(0, 1, 3)), f(rng.normal(0.5, 1, 30))), ([1.0, 2, 2, 3, 5], [2.0, 4, 4, 6, 7, 8]),
             (f(rng.normal(0, 1, 8)), f(rng.normal(1, 1, 7)))]:
    for alt in ["two-sided", "less", "greater"]:
        r = stats.mannwhitneyu(x, y, alternative=alt)
        mw_extra.append({"x": f(x), "y": f(y), "alternative": alt, "u": float(r.statistic), "p": float(r.pvalue)})
out["mannwhitney_extra"] = mw_extra

# --- effect size, multiple testing, power --------------------------------------------------------------------
def hedges_g(x, y):
    nx, ny = len(x), len(y)
    df = nx + ny - 2
    sp = math.sqrt(((nx - 1) * np.var(x, ddof=1) + (ny - 1) * np.var(y, ddof=1)) / df)
    j = special.gamma(df / 2) / (math.sqrt(df / 2) * special.gamma((df - 1) / 2))
    return float((np.mean(x) - np.mean(y)) / sp * j)


out["hedges_g"] = {k: hedges_g(*v) for k, v in datasets.items()}

pvals = [0.01, 0.04, 0.03, 0.005, 0.2, 0.049]


def holm(p):
    p = np.asarray(p); m = len(p); o = np.argsort(p); adj = np.empty(m); run = 0
    for k, i in enumerate(o):
        run = max(run, min(1, (m - k) * p[i])); adj[i] = run
    return f(adj)


def bh(p):
    p = np.asarray(p); m = len(p); o = np.argsort(p)[::-1]; adj = np.empty(m); run = 1
    for k, i in enumerate(o):
        rank = m - k; run = min(run, m / rank * p[i]); adj[i] = min(1, run)
    return f(adj)


out["multiple"] = {"p": pvals, "holm": holm(pvals), "bh": bh(pvals)}


def power(diff, sd, n, alpha=0.05, alternative="two-sided", design="two-sample"):
    if design == "two-sample":
        df, nc = 2 * n - 2, diff / (sd * math.sqrt(2 / n))
    else:
        df, nc = n - 1, diff / (sd / math.sqrt(n))
    if alternative == "two-sided":
        c = stats.t.ppf(1 - alpha / 2, df)
        return stats.nct.sf(c, df, nc) + stats.nct.cdf(-c, df, nc)
    c = stats.t.ppf(1 - alpha, df)
    return stats.nct.sf(c, df, nc) if alternative == "greater" else stats.nct.cdf(-c, df, nc)


pw = []
for diff, sd, n, alt, design in [(1, 1, 17, "two-sided", "two-sample"), (0.002, 0.0015, 10, "two-sided", "two-sample"),
                                 (0.5, 1, 8, "greater", "two-sample"), (-0.001, 0.0012, 10, "less", "one-sample"), (0.3, 1, 40, "two-sided", "one-sample")]:
    mdd = optimize.brentq(lambda d: power(d if alt != "less" else -d, sd, n, 0.05, alt, design) - 0.8, 1e-12 * sd, 100 * sd, xtol=1e-15 * sd)
    need = next(k for k in range(2, 100000) if power(diff, sd, k, 0.05, alt, design) >= 0.8)
    pw.append({"diff": diff, "sd": sd, "n": n, "alternative": alt, "design": design, "power": float(power(diff, sd, n, 0.05, alt, design)),
               "mdd": float(mdd), "seeds_needed": need})
out["power"] = pw

# --- bootstrap (Monte Carlo reference: REPS scipy seeds) ---------------------------------------------------
REPS = 30
boots = []


def diff_means(x, y, axis=-1):
    return np.mean(x, axis=axis) - np.mean(y, axis=axis)


def mc(data, statistic, method, paired=False):
    lo, hi = [], []
    for s in range(REPS):
        r = stats.bootstrap(data, statistic, n_resamples=10000, method=method, paired=paired, random_state=np.random.default_rng(s), vectorized=True)
        lo.append(r.confidence_interval.low); hi.append(r.confidence_interval.high)
    return {"lo_mean": float(np.mean(lo)), "lo_sd": float(np.std(lo, ddof=1)), "hi_mean": float(np.mean(hi)), "hi_sd": float(np.std(hi, ddof=1))}


for name in ["small", "medium", "large"]:
    x, y = map(np.array, datasets[name])
    for method in ["percentile", "basic", "BCa"]:
        boots.append({"data": name, "statistic": "mean", "method": method.lower(), **mc((x,), np.mean, method)})
        boots.append({"data": name, "statistic": "mean-diff", "method": method.lower(), **mc((x, y), diff_means, method)})
    m = min(len(x), len(y))
    boots.append({"data": name, "statistic": "mean-diff", "method": "bca", "paired": True, **mc((x[:m], y[:m]), diff_means, "BCa", paired=True)})
# stratified: 6 tasks x 5 runs, pooled mean and pooled IQM
tasks = [f(rng.normal(mu, 0.3, 5)) for mu in np.linspace(0.2, 1.5, 6)]
out["strata"] = tasks


def pooled_mean(*s, axis=-1):
    return np.mean(np.concatenate(s, axis=axis), axis=axis)


def pooled_iqm(*s, axis=-1):
    return stats.trim_mean(np.concatenate(s, axis=axis), 0.25, axis=axis)


for method in ["percentile", "BCa"]:
    boots.append({"data": "strata", "statistic": "pooled-mean", "method": method.lower(), **mc(tuple(np.array(t) for t in tasks), pooled_mean, method)})
    boots.append({"data": "strata", "statistic": "pooled-iqm", "method": method.lower(), **mc(tuple(np.array(t) for t in tasks), pooled_iqm, method)})
out["bootstrap"] = boots
out["iqm"] = {"x": datasets["large"][0], "value": float(stats.trim_mean(datasets["large"][0], 0.25))}

path = os.path.join(os.path.dirname(__file__), "..", "test", "golden", "compare-scipy.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=1)
print("wrote", os.path.normpath(path))
