#!/usr/bin/env bash
# Follows the README's private-prefix install to the letter and checks that
# the installed CLI, Python module and GRC blocks work from the prefix alone.
set -euo pipefail
src=${1:?source dir}
work=${2:?scratch dir}
py=${3:-/usr/bin/python3}
rm -rf "$work"
mkdir -p "$work"
P=$work/prefix
log=$work/build.log
# The layout is what is checked here, not speed: an unoptimised build
# (no -O3, no link-time optimisation of the Python module) keeps this test
# a few times faster than the README's Release build.
cmake -S "$src" -B "$work/build" -DPYTHON_EXECUTABLE="$py" -DENABLE_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG=-O0 -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
    -DCMAKE_INSTALL_PREFIX="$P" -DCMAKE_INSTALL_RPATH="$P/lib/x86_64-linux-gnu" >"$log" 2>&1 ||
    { cat "$log"; exit 1; }
cmake --build "$work/build" -j2 >>"$log" 2>&1 || { tail -50 "$log"; exit 1; }
cmake --install "$work/build" >>"$log" 2>&1 || { tail -50 "$log"; exit 1; }

cd "$work"
export PYTHONPATH=$P/lib/python3.11/site-packages
export GRC_BLOCKS_PATH=$P/share/gnuradio/grc/blocks
unset LD_LIBRARY_PATH
"$P/bin/stftclean" --help >/dev/null
"$P/bin/stftclean-plot" --help >/dev/null
"$P/bin/stftclean-dataset" --help >/dev/null
test -f "$P/share/gr-stftclean/examples/clean_iq_wav.py"
# the installed demo finds the installed example flowgraph
"$py" "$P/bin/stftclean_demo.py" --out "$work/demo" --seconds 1 --no-plot >/dev/null
"$py" - <<'PYEOF'
import os
from gnuradio import stftclean
assert stftclean.__file__.startswith(os.environ["PYTHONPATH"]), stftclean.__file__
c = stftclean.cleaner_cc(fft_size=1024, hop=256, mask="none")
assert c.latency() == 768, c.latency()
print("module from", os.path.dirname(stftclean.__file__))
PYEOF
ls "$GRC_BLOCKS_PATH"/stftclean_cleaner_xx.block.yml >/dev/null
grcc "$src/examples/clean_tone_in_noise.grc" -o "$work" >/dev/null
"$py" "$work/clean_tone_in_noise.py" -o "$work/out.cf32"
"$P/bin/stftclean" info "$work/out.cf32" --rate 2e6 >/dev/null
echo "private prefix install works: $P"
