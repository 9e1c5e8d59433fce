"""Write the notebook test fixtures (test/notebook/fixtures/) with Jupyter's own tools, as references.

basic.ipynb is executed by nbconvert/nbclient with the tslab kernel, so it is a file written by Jupyter with
outputs produced through Jupyter's client: the tests check that scalelab's serializer reproduces its bytes
and that scalelab's own kernel client produces the same outputs.

Run with Debian's Python (the pyenv python3 on PATH has no Jupyter), after `npm run notebook:setup`:
    JUPYTER_PATH=.jupyter/share/jupyter /usr/bin/python3 scripts/notebook-fixtures.py
"""
import os
import nbformat
from nbclient import NotebookClient

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'notebook', 'fixtures')
KERNELSPEC = {'name': 'tslab', 'display_name': 'TypeScript', 'language': 'typescript'}


def cell_ids(nb, prefix):
    for i, c in enumerate(nb.cells):
        c['id'] = '%s-%d' % (prefix, i + 1)


def basic():
    nb = nbformat.v4.new_notebook(metadata={'kernelspec': KERNELSPEC})
    nb.cells = [
        nbformat.v4.new_markdown_cell('# Basic notebook\n\nA *small* notebook for the exporter tests: '
                                      '<script>alert(1)</script> stays text.\n\n| a | b |\n|---|---|\n| 1 | 2 |'),
        nbformat.v4.new_code_cell('const xs: number[] = [1, 2, 3];\nconsole.log(xs.reduce((a, b) => a + b, 0));'),
        nbformat.v4.new_code_cell("import * as tslab from 'tslab';\n"
                                  "tslab.display.svg('<svg viewBox=\"0 0 20 10\"><rect width=\"20\" height=\"10\" onclick=\"x()\"/></svg>');\n"
                                  "tslab.display.html('<b>bold</b><script>alert(1)</script>');"),
        nbformat.v4.new_code_cell("console.error('a warning on stderr');\nconsole.log('done')"),
    ]
    cell_ids(nb, 'basic')
    NotebookClient(nb, kernel_name='tslab', timeout=120, record_timing=False,
                   resources={'metadata': {'path': HERE}}).execute()
    nbformat.write(nb, os.path.join(HERE, 'basic.ipynb'))


def failing():
    nb = nbformat.v4.new_notebook(metadata={'kernelspec': KERNELSPEC})
    nb.cells = [
        nbformat.v4.new_markdown_cell('# Failing notebook\n\nThe second code cell throws.'),
        nbformat.v4.new_code_cell("console.log('before the failure')"),
        nbformat.v4.new_code_cell("function check(loss: number): void {\n"
                                  "  if (Number.isNaN(loss)) throw new RangeError('expected failure: loss is NaN');\n"
                                  "}\ncheck(NaN);"),
        nbformat.v4.new_code_cell("console.log('never printed')"),
    ]
    cell_ids(nb, 'failing')
    nbformat.write(nb, os.path.join(HERE, 'failing.ipynb'))


def type_error():
    nb = nbformat.v4.new_notebook(metadata={'kernelspec': KERNELSPEC})
    nb.cells = [nbformat.v4.new_code_cell("const n: number = 'not a number';")]
    cell_ids(nb, 'type-error')
    nbformat.write(nb, os.path.join(HERE, 'type-error.ipynb'))


if __name__ == '__main__':
    os.makedirs(HERE, exist_ok=True)
    basic()
    failing()
    type_error()
