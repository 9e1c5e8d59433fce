#!/bin/sh
# Refresh test/fixtures/ from the fixture store ../shared/fixtures (when present). The copy is committed: a clone
# without ../shared runs every test, bench and notebook from it.
set -eu
cd "$(dirname "$0")/.."
SRC=../shared/fixtures
[ -d "$SRC" ] || { echo "sync-fixtures: $SRC is absent; nothing to do" >&2; exit 1; }
for d in "$SRC"/*/; do
  name=$(basename "$d")
  rm -rf "test/fixtures/$name"
  cp -r "$d" "test/fixtures/$name"
done
cp "$SRC/README.md" test/fixtures/README.md
echo "sync-fixtures: test/fixtures refreshed from $SRC" >&2
