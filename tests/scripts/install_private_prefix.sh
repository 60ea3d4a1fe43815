#!/usr/bin/env bash
# Follows the README's private-prefix install to the letter and checks that
# the installed CLI, Python module and GRC blocks work from the prefix alone:
# no ldconfig, no LD_LIBRARY_PATH (the installed files carry an
# $ORIGIN-relative RUNPATH), only user commands in bin/, the docs and the
# licence in share/doc/gr-stftclean, a C program built against the core with
# pkg-config alone, the prefix still working once moved, and `make
# uninstall` leaving neither files nor empty folders behind.
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
    -DCMAKE_INSTALL_PREFIX="$P" >"$log" 2>&1 ||
    { cat "$log"; exit 1; }
# GNU Radio's git-describe version lookup is gone (it printed "fatal: No
# names found"), and so is gr_modtool's empty C++ test section
if grep -nE "fatal:|No C\+\+ unit tests" "$log"; then
    echo "configure printed the lines above"; exit 1
fi
cmake --build "$work/build" -j2 >>"$log" 2>&1 || { tail -50 "$log"; exit 1; }
cmake --install "$work/build" >>"$log" 2>&1 || { tail -50 "$log"; exit 1; }

cd "$work"
L=$P/lib/x86_64-linux-gnu
# bin/ holds the user commands only (the benchmarks live in bench/)
extra=$(cd "$P/bin" && ls | grep -vxE 'stftclean|stftclean-plot|stftclean-dataset|stftclean_(demo|plot|dataset|zmq_listen)\.py' || true)
if [ -n "$extra" ]; then echo "unexpected in bin/: $extra"; exit 1; fi
for f in README.md CHANGELOG.md LICENSE; do test -s "$P/share/doc/gr-stftclean/$f"; done
# RUNPATH relative to each file, nothing absolute
for f in "$P/bin/stftclean" "$L"/libgnuradio-stftclean.so.*.*.* \
    "$P"/lib/python3*/site-packages/gnuradio/stftclean/stftclean_python*.so; do
    rp=$(readelf -d "$f" | sed -nE 's/.*(RPATH|RUNPATH).*\[(.*)\]/\2/p')
    case "$rp" in '$ORIGIN'*) ;; *) echo "$f: RUNPATH '$rp'"; exit 1 ;; esac
done
# a C program against the core, with pkg-config only
# shellcheck disable=SC2046
gcc -std=c11 "$src/tests/package/core_pkgconfig.c" -o "$work/core_pc" \
    $(PKG_CONFIG_PATH=$L/pkgconfig pkg-config --cflags --libs stftclean-core) \
    -Wl,-rpath,"$(PKG_CONFIG_PATH=$L/pkgconfig pkg-config --variable=libdir stftclean-core)"
"$work/core_pc"
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
# the prefix moved as a whole still works (relative RUNPATH)
mv "$P" "$P.moved"
"$P.moved/bin/stftclean" --help >/dev/null
PYTHONPATH=$P.moved/lib/python3.11/site-packages "$py" -c \
    "from gnuradio import stftclean; stftclean.cleaner_cc(fft_size=1024, hop=256, mask='none')"
mv "$P.moved" "$P"
# uninstall: no file, no empty folder left
cmake --build "$work/build" --target uninstall >>"$log" 2>&1 || { tail -30 "$log"; exit 1; }
left=$(find "$P" -mindepth 1 | head -20)
if [ -n "$left" ]; then echo "left after uninstall:"; echo "$left"; exit 1; fi
echo "private prefix install works: $P (uninstall leaves it empty)"
