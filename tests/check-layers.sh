#!/bin/bash
# The tree's stages: no cycle between the library's files, and every
# dependency (read from `nm` of the objects) points down the stage order
# util -> model -> read -> select -> layout -> text|bundle|epub|pdf.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
if [ ! -d "$BUILD/obj" ]; then
    fail "layers: $BUILD/obj not built"; exit 0
fi
python3 "$NP_ROOT/tests/layers.py" "$BUILD/obj"
