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
  SCALELAB_SKIP_LIBRARY=1 sh "$ROOT/scripts/notebook-setup.sh"
fi
node "$ROOT/node_modules/tsx/dist/cli.mjs" "$ROOT/scripts/notebook-prepare.ts" ||
  echo "notebook: warning: cells cannot import scalelab until the problem above is fixed" >&2
JUPYTER_PATH="$PREFIX/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export JUPYTER_PATH
# Jupyter refuses to start as root unless told to (containers often run as root).
if [ "$(id -u)" = 0 ]; then set -- --allow-root "$@"; fi
exec /usr/bin/jupyter notebook --notebook-dir="$ROOT/notebooks" "$@"
