#!/usr/bin/python3
"""Epoch AI's Approach-3 replication method (Besiroglu et al. 2024), with Debian's scipy, as the reference
for scalelab's fitting engine.

Objective: SUM over points of scipy.special.huber(1e-3, LSE(a - alpha log N, b - beta log D, e) - log L);
L-BFGS-B (finite-difference gradients, scipy defaults) from each of the 4,500 grid points
alpha, beta in {0, 0.5, ..., 2}, e in {-1, -0.5, ..., 1}, a, b in {0, 5, ..., 25}; the best final objective wins.

Usage: /usr/bin/python3 scripts/fit-scipy-reference.py [CSV] [--out golden.json] [--limit K]
  CSV defaults to test/fixtures/chinchilla/chinchilla_epoch.csv (columns `Model Size`, `Training FLOP`, loss);
  the 5 highest-loss rows are dropped, as Epoch did. --limit K runs only the first K grid starts (for a quick check).
Prints one JSON object: params, objective, starts_at_best, seconds, tokens_per_param at C = 5.88e23.
"""
import json, sys, time, itertools, os
import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import huber, logsumexp

def main():
    args = sys.argv[1:]
    out = None; limit = None
    if '--out' in args:
        i = args.index('--out'); out = args[i + 1]; del args[i:i + 2]
    if '--limit' in args:
        i = args.index('--limit'); limit = int(args[i + 1]); del args[i:i + 2]
    here = os.path.dirname(os.path.abspath(__file__))
    csv = args[0] if args else os.path.join(here, '..', 'test', 'fixtures', 'chinchilla', 'chinchilla_epoch.csv')
    df = pd.read_csv(csv)
    df = df.sort_values('loss').iloc[:-5]  # drop the 5 highest-loss rows
    N = df['Model Size'].to_numpy(float)
    C = df['Training FLOP'].to_numpy(float)
    D = C / (6 * N)
    L = df['loss'].to_numpy(float)
    logN, logD, logL = np.log(N), np.log(D), np.log(L)

    def objective(p):
        a, b, e, alpha, beta = p
        pred = logsumexp([a - alpha * logN, b - beta * logD, np.full_like(logN, e)], axis=0)
        return np.sum(huber(1e-3, pred - logL))

    grid = list(itertools.product(np.arange(0, 30, 5), np.arange(0, 30, 5), np.arange(-1, 1.5, 0.5),
                                  np.arange(0, 2.5, 0.5), np.arange(0, 2.5, 0.5)))
    if limit: grid = grid[:limit]
    t0 = time.perf_counter()
    finals = []
    best = None
    for a, b, e, alpha, beta in grid:
        r = minimize(objective, [a, b, e, alpha, beta], method='L-BFGS-B')
        finals.append(r.fun)
        if best is None or r.fun < best.fun: best = r
    secs = time.perf_counter() - t0
    a, b, e, alpha, beta = best.x
    A, B, E = np.exp(a), np.exp(b), np.exp(e)
    G = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    Ct = 5.88e23
    n_opt = G * (Ct / 6) ** (beta / (alpha + beta))
    d_opt = (1 / G) * (Ct / 6) ** (alpha / (alpha + beta))
    finals = np.array(finals)
    res = dict(method='scipy L-BFGS-B, finite-difference gradients, 4500-point grid (Epoch AI)',
               scipy=__import__('scipy').__version__, n_points=int(len(L)), starts=len(grid),
               params=dict(A=A, B=B, E=E, alpha=alpha, beta=beta, a=a, b=b, e=e),
               objective=float(best.fun),
               starts_at_best=int(np.sum(finals <= best.fun * (1 + 1e-6))),
               tokens_per_param_5_88e23=float(d_opt / n_opt), seconds=secs)
    s = json.dumps(res, indent=2)
    print(s)
    if out:
        with open(out, 'w') as f: f.write(s + '\n')

if __name__ == '__main__':
    main()
