#!/usr/bin/python3
"""Convert Gadre et al. 2024's loss evaluations (github.com/mlfoundations/scaling, exp_data/models/*.json) into
test/fixtures/gadre/runs.csv: one row per trained model with N, D, token multiplier and the C4 validation loss
their scaling_explorer.ipynb fits. Reads a bare git snapshot of that repository (the `fetch` tool's mirror).

Usage: /usr/bin/python3 scripts/gadre-fixtures.py /work/.mirror/mlfoundations+scaling/repo
"""
import csv
import json
import subprocess
import sys
from pathlib import Path

git_dir = sys.argv[1] if len(sys.argv) > 1 else '/work/.mirror/mlfoundations+scaling/repo'
out = Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'gadre' / 'runs.csv'


def git(*args: str) -> str:
    return subprocess.run(['git', f'--git-dir={git_dir}', *args], check=True, capture_output=True, text=True).stdout


commit = git('rev-parse', 'HEAD').strip()
files = sorted(f for f in git('ls-tree', '--name-only', 'HEAD', 'exp_data/models/').split('\n') if f.endswith('.json'))
rows = []
for f in files:
    d = json.loads(git('show', f'HEAD:{f}'))
    h = d['hyperparameters']
    # Their parse_model_json: loss name = the folder of the first val_data path (de-en: the file stem).
    losses = {}
    for r in d['results']:
        suffix = r['val_data'][0].split('/')[-2]
        if 'de-en' in suffix:
            suffix = r['val_data'][0].split('/')[-1].split('.')[0]
        losses[suffix] = r['loss']
    rows.append({
        'name': d['name'], 'dataset': d['dataset_name'],
        'model': h['model'].split('/')[-1].split('.')[0],
        'N': h['params'], 'D': h['tokens'], 'cc_mult': h['chinchilla_multiplier'],
        'tok_mult': h['chinchilla_multiplier'] * 20, 'loss_c4_val': repr(float(losses['c4_val'])),
    })
rows.sort(key=lambda r: (r['dataset'], 6 * r['N'] * r['D'], r['name']))
with open(out, 'w', newline='') as fh:
    w = csv.DictWriter(fh, fieldnames=list(rows[0].keys()), lineterminator='\n')
    w.writeheader()
    w.writerows(rows)
print(f'{len(rows)} models from {commit} -> {out}')
