#!/usr/bin/env bash
# Configures, builds and tests the project with -DENABLE_GNURADIO=OFF: the C
# core, the CLI and their tests must stand without GNU Radio.
set -euo pipefail
src=${1:?source dir}
work=${2:?scratch dir}
rm -rf "$work"
cmake -S "$src" -B "$work" -DENABLE_GNURADIO=OFF -DCMAKE_BUILD_TYPE=Release >"$work.log" 2>&1 ||
    { cat "$work.log"; exit 1; }
cmake --build "$work" -j2 >>"$work.log" 2>&1 || { tail -50 "$work.log"; exit 1; }
if find "$work" -name '*.so*' -o -name stftclean -type f | xargs -r ldd 2>/dev/null | grep -q gnuradio; then
    echo "a core-only binary links GNU Radio"; exit 1
fi
cd "$work" && ctest --output-on-failure -E 'core_only_build|format'
