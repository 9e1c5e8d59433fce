#!/usr/bin/python3
"""Golden values of scipy.interpolate.Akima1DInterpolator (scipy 1.10) for src/fit/akima.ts: values at 50 points
per data set and the slopes at the breakpoints, on data sets that exercise the special cases (collinear runs of
points where Akima's weights vanish, a minimum at an end, uneven spacing, 3 points).
Writes test/golden/akima-scipy.json. Usage: /usr/bin/python3 scripts/akima-golden.py
"""
import json
from pathlib import Path

import numpy as np
import scipy
from scipy.interpolate import Akima1DInterpolator

sets = {
    'smooth': ([0, 1, 2.5, 3, 4.5, 6], [2, 1.2, 0.9, 1.0, 1.6, 2.9]),
    'collinear-run': ([0, 1, 2, 3, 4, 5, 6], [5, 4, 3, 2, 2.5, 3.5, 5]),
    'flat-then-rise': ([0, 1, 2, 3, 4, 5], [1, 1, 1, 2, 3, 4]),
    'three-points': ([10, 11, 13], [3.2, 3.0, 3.3]),
    'min-at-end': ([0, 0.5, 1.7, 2], [3, 2, 1.5, 1.2]),
    'uneven-log': (list(np.log([1.2e7, 3.1e7, 4.0e7, 1.1e8, 3.5e8, 9.0e8])), list(np.log([4.1, 3.7, 3.62, 3.55, 3.58, 3.8]))),
}
out = {'scipy': scipy.__version__, 'sets': {}}
for name, (x, y) in sets.items():
    x, y = np.array(x, float), np.array(y, float)
    ak = Akima1DInterpolator(x, y)
    xs = np.linspace(x[0], x[-1], 50)
    out['sets'][name] = {'x': x.tolist(), 'y': y.tolist(), 'at': xs.tolist(), 'values': ak(xs).tolist(),
                         'slopes': ak(x, 1).tolist()}
json.dump(out, open(Path(__file__).resolve().parent.parent / 'test' / 'golden' / 'akima-scipy.json', 'w'), indent=1)
print('wrote', len(sets), 'sets')
