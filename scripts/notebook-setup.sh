#!/bin/sh
# Register the tslab TypeScript kernel with this machine's Jupyter, inside the project (idempotent).
#
#   npm run notebook:setup        (or: sh scripts/notebook-setup.sh)
#
# Jupyter comes from Debian packages (jupyter-notebook, jupyter-nbconvert, jupyter-client, python3-ipykernel),
# so the kernel is registered with /usr/bin/python3, not the pyenv python3 on PATH (it has no Jupyter).
# The kernelspec goes to a git-ignored prefix, .jupyter/share/jupyter/kernels/tslab; the project's scripts set
# JUPYTER_PATH to it. Then the library is built and linked as node_modules/scalelab, so notebook cells can
# `import { ... } from 'scalelab'` with types.
#
# Environment: SCALELAB_JUPYTER_PYTHON (default /usr/bin/python3), SCALELAB_JUPYTER_PREFIX (default .jupyter).
set -eu
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
PY=${SCALELAB_JUPYTER_PYTHON:-/usr/bin/python3}
PREFIX=${SCALELAB_JUPYTER_PREFIX:-$ROOT/.jupyter}
TSLAB="$ROOT/node_modules/.bin/tslab"

if [ ! -x "$TSLAB" ]; then
  echo "notebook-setup: $TSLAB is missing: run 'npm ci' first (tslab is a devDependency)" >&2
  exit 1
fi
if ! "$PY" -c 'import jupyter_client, ipykernel' 2>/dev/null; then
  echo "notebook-setup: $PY has no Jupyter. Install the Debian packages:" >&2
  echo "  sudo apt-get install jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel" >&2
  exit 1
fi
mkdir -p "$PREFIX"
# tslab's installer writes kernel.json with the absolute path of the binary: scalelab's launcher around this
# checkout's tslab (bin/scalelab-kernel.cjs: failing cells become Jupyter error outputs with a message).
node "$TSLAB" install --python="$PY" --binary="$ROOT/bin/scalelab-kernel.cjs" --prefix="$PREFIX" >/dev/null
JUPYTER_PATH="$PREFIX/share/jupyter" "$PY" -c '
import sys
from jupyter_client.kernelspec import KernelSpecManager
spec = KernelSpecManager().get_kernel_spec("tslab")
sys.stdout.write("notebook-setup: tslab kernel registered in %s\n" % spec.resource_dir)
'
if [ "${SCALELAB_SKIP_LIBRARY:-}" = "1" ]; then exit 0; fi
node "$ROOT/node_modules/tsx/dist/cli.mjs" "$ROOT/scripts/notebook-prepare.ts"
