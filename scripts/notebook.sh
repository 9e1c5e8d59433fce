#!/bin/sh
# Open Jupyter on notebooks/ with the project's tslab TypeScript kernel.
#
#   npm run notebook [-- extra jupyter-notebook arguments]
#
# Registers the kernel first when needed (scripts/notebook-setup.sh), rebuilds the library when a source
# changed, and starts Debian's Jupyter with JUPYTER_PATH pointing at the project's kernelspec.
set -eu
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
PREFIX=${SCALELAB_JUPYTER_PREFIX:-$ROOT/.jupyter}
if [ ! -f "$PREFIX/share/jupyter/kernels/tslab/kernel.json" ]; then
  sh "$ROOT/scripts/notebook-setup.sh"
else
  node "$ROOT/node_modules/tsx/dist/cli.mjs" "$ROOT/scripts/notebook-prepare.ts"
fi
JUPYTER_PATH="$PREFIX/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export JUPYTER_PATH
exec /usr/bin/jupyter notebook --notebook-dir="$ROOT/notebooks" "$@"
