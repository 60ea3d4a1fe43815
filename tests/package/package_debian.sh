#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian packages (debian/) from a clean clone of the repository,
# checks their contents, then installs them into a throwaway root, uses them
# there and purges them:
#   - the clean clone: `git clone` of the committed HEAD (edits not yet
#     committed are not in it; the script says so)
#   - the throwaway root: a private mount namespace (unshare --mount) with an
#     overlayfs over / (its upper and work folders in the scratch dir) and a
#     chroot into it: dpkg and apt write only into the upper folder, the real
#     system is not touched, and whatever the purge leaves shows there.
# It takes about 6 minutes on 2 cores (the package build is a full Release
# build), so it runs only when asked:
#   STFTC_PACKAGE_TEST=1       run, in the throwaway root (skipped where
#                              the sandbox allows no overlay over /)
#   STFTC_PACKAGE_TEST=system  run, and where no overlay is possible install
#                              into this very system and purge afterwards
# Skipped (exit 77) otherwise, when not root, or without dpkg-buildpackage,
# debhelper or dh-python (./build.sh package installs them).
#
#   package_debian.sh SOURCE_DIR SCRATCH_DIR
set -euo pipefail
src=$(cd "${1:?source dir}" && pwd)
work=${2:?scratch dir}
SKIP=77

skip() { echo "package_debian: SKIPPED: $*"; exit "$SKIP"; }
fail() { echo "package_debian: FAILED: $*" >&2; exit 1; }

case "${STFTC_PACKAGE_TEST:-0}" in
1 | system) ;;
*) skip "set STFTC_PACKAGE_TEST=1 to run it (about 6 minutes)" ;;
esac
[ "$(id -u)" -eq 0 ] || skip "needs root (dpkg in a chroot)"
for t in dpkg-buildpackage dh dh_python3 git; do
    command -v "$t" >/dev/null || skip "$t missing (./build.sh package installs it)"
done

if [ -e /.stftc_package_root ]; then
    fail "already inside a throwaway root"
fi

# the throwaway root: can this sandbox mount an overlay over / ?
mode=""
probe=$(mktemp -d "${TMPDIR:-/tmp}/stftc-ovl.XXXXXX")
mkdir -p "$probe"/{u,w,m}
if unshare --mount --propagation private sh -c \
    "mount -t overlay overlay -o lowerdir=/,upperdir=$probe/u,workdir=$probe/w $probe/m &&
     chroot $probe/m true" 2>/dev/null; then
    mode=overlay
elif [ "$STFTC_PACKAGE_TEST" = system ]; then
    mode=system
fi
rm -rf "$probe"
[ -n "$mode" ] || skip "no overlayfs over / here; STFTC_PACKAGE_TEST=system installs into the system"

rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
log=$work/build.log

# 1. the packages, from a clean clone (STFTC_PACKAGE_DEBS=FOLDER: take the
# .deb files of an earlier run from there instead, to work on this script)
git clone --quiet --no-hardlinks "$src" "$work/src"
mkdir -p "$work/debs"
t0=$(date +%s)
if [ -n "${STFTC_PACKAGE_DEBS:-}" ]; then
    cp "$STFTC_PACKAGE_DEBS"/*.deb "$work/debs/"
else
    if [ -n "$(git -C "$src" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
        echo "package_debian: note: uncommitted edits in $src are not in the clone"
    fi
    echo "package_debian: building from $(git -C "$work/src" log -1 --format='%h %s')"
    (cd "$work/src" && dpkg-buildpackage -us -uc -b -j"$(nproc)") >"$log" 2>&1 ||
        { tail -60 "$log"; fail "dpkg-buildpackage"; }
    mv "$work"/*.deb "$work/debs/"
fi
t1=$(date +%s)
echo "package_debian: dpkg-buildpackage took $((t1 - t0)) s"
# the debug symbols (-dbgsym) are checked for being there, not installed
ls "$work"/debs/libstftclean-core1.0-dbgsym_*.deb >/dev/null
mkdir -p "$work/dbgsym"
mv "$work"/debs/*-dbgsym_*.deb "$work/dbgsym/"
ls "$work/debs"

# the version: debian/changelog's upstream part is CMakeLists.txt's
cm_ver=$(sed -nE 's/^set\(VERSION_(MAJOR|API|ABI|PATCH) +([0-9]+)\)/\2/p' "$src/CMakeLists.txt" |
    paste -sd.)
cm_ver3=${cm_ver%.0}
deb_ver=$(cd "$src" && dpkg-parsechangelog -S Version)
[ "${deb_ver%-*}" = "$cm_ver3" ] || [ "${deb_ver%-*}" = "$cm_ver" ] ||
    fail "debian/changelog says ${deb_ver%-*}, CMakeLists.txt says $cm_ver"

# 2. the contents: what goes where, no RUNPATH for /usr, no byte-code
pkgs=""
for deb in "$work"/debs/*.deb; do
    p=$(dpkg-deb -f "$deb" Package)
    pkgs="$pkgs $p"
    mkdir -p "$work/x/$p"
    dpkg-deb -x "$deb" "$work/x/$p"
done
for want in libstftclean-core1.0 libstftclean-core-dev stftclean-tools gr-stftclean \
    gr-stftclean-dev; do
    case " $pkgs " in *" $want "*) ;; *) fail "no package $want (have:$pkgs)" ;; esac
done
x=$work/x
ls "$x"/libstftclean-core1.0/usr/lib/*/libstftclean-core.so.1.0 >/dev/null
ls "$x"/libstftclean-core-dev/usr/lib/*/pkgconfig/stftclean-core.pc >/dev/null
ls "$x"/libstftclean-core-dev/usr/include/stftclean/stftclean.h >/dev/null
ls "$x"/gr-stftclean-dev/usr/lib/*/cmake/gnuradio-stftclean/gnuradio-stftcleanConfig.cmake \
    >/dev/null
test -x "$x"/stftclean-tools/usr/bin/stftclean
ls "$x"/gr-stftclean/usr/lib/python3/dist-packages/gnuradio/stftclean/__init__.py >/dev/null
ls "$x"/gr-stftclean/usr/share/gnuradio/grc/blocks/stftclean_cleaner_xx.block.yml >/dev/null
ls "$x"/gr-stftclean/usr/share/gr-stftclean/examples/clean_tone_in_noise.grc >/dev/null
test -f "$x"/gr-stftclean/usr/share/doc/gr-stftclean/copyright
if find "$x" \( -name '*.pyc' -o -name __pycache__ \) | grep -q .; then
    fail "byte-code in a package"
fi
if find "$x" -type f \( -name '*.so*' -o -path '*/bin/*' \) -exec sh -c \
    'readelf -d "$1" 2>/dev/null | grep -E "RPATH|RUNPATH" | sed "s|^|$1: |"' _ {} \; | grep .; then
    fail "RPATH/RUNPATH in a package"
fi
dpkg-deb -f "$work"/debs/gr-stftclean_*.deb Depends
# the installed Python tools run on Debian's Python, whatever is on PATH
for f in "$x"/gr-stftclean/usr/bin/*; do
    head -1 "$f" | grep -qx '#! */usr/bin/python3' || fail "$f: $(head -1 "$f")"
done
if command -v lintian >/dev/null; then
    lintian --tag-display-limit 0 "$work"/debs/*.deb || true # advisory
fi

# 3. installed, used and purged in the throwaway root
cat >"$work/inroot.sh" <<'EOF'
#!/bin/sh
# runs as root inside the throwaway root (or the real system)
set -eu
cd "$1"
pkgs="$2"
export DEBIAN_FRONTEND=noninteractive
unset PYTHONPATH LD_LIBRARY_PATH GRC_BLOCKS_PATH
apt-get install -y -q --no-install-recommends ./debs/*.deb >apt-install.log 2>&1 ||
    { cat apt-install.log; exit 1; }
for p in $pkgs; do dpkg -L "$p"; done | grep -vx '/\.' | sort -u >installed-paths.txt
echo "installed: $(wc -l <installed-paths.txt) paths"
mkdir -p run && cd run
/usr/bin/python3 - <<'PYEOF'
from gnuradio import stftclean
assert stftclean.__file__.startswith("/usr/lib/python3/dist-packages/"), stftclean.__file__
c = stftclean.cleaner_cc(fft_size=1024, hop=256, mask="none")
assert c.latency() == 768, c.latency()
print("import gnuradio.stftclean from", stftclean.__file__)
PYEOF
grcc /usr/share/gr-stftclean/examples/clean_tone_in_noise.grc -o . >/dev/null
/usr/bin/python3 ./clean_tone_in_noise.py -o out.cf32
stftclean info out.cf32 --rate 2e6
stftclean-plot --help >/dev/null
stftclean-dataset --help >/dev/null
# the C core through its pkg-config file alone
# shellcheck disable=SC2046
gcc -std=c11 "$1/src/tests/package/core_pkgconfig.c" -o core $(pkg-config --cflags --libs stftclean-core)
./core
# the blocks' CMake package, as an out-of-tree module would use it
mkdir -p oot && cat >oot/CMakeLists.txt <<'CMEOF'
cmake_minimum_required(VERSION 3.16)
project(oot CXX C)
find_package(gnuradio-stftclean REQUIRED)
get_target_property(_loc gnuradio::gnuradio-stftclean IMPORTED_LOCATION_RELEASE)
message(STATUS "gnuradio-stftclean: ${_loc}")
CMEOF
cmake -S oot -B oot/build -DCMAKE_BUILD_TYPE=Release >oot.log 2>&1 || { cat oot.log; exit 1; }
grep "gnuradio-stftclean: /usr/lib/" oot.log
cd ..
apt-get purge -y -q $pkgs >apt-purge.log 2>&1 || { cat apt-purge.log; exit 1; }
left=0
while read -r p; do
    if [ -e "$p" ] || [ -L "$p" ]; then
        # a folder another package owns (/usr/bin, ...) stays
        if [ -d "$p" ] && dpkg -S "$p" >/dev/null 2>&1; then continue; fi
        echo "left behind: $p"
        left=1
    fi
done <installed-paths.txt
exit $left
EOF
chmod +x "$work/inroot.sh"

if [ "$mode" = overlay ]; then
    root=$work/root
    mkdir -p "$root"/{upper,wk,merged}
    unshare --mount --propagation private sh -ec "
        mount -t overlay overlay -o lowerdir=/,upperdir=$root/upper,workdir=$root/wk $root/merged
        mount -t proc proc $root/merged/proc
        mount --rbind /dev $root/merged/dev
        mount -t tmpfs tmpfs $root/merged/tmp
        mkdir -p $root/merged/stftc
        mount --bind $work $root/merged/stftc
        touch $root/merged/.stftc_package_root
        chroot $root/merged /stftc/inroot.sh /stftc '$pkgs'
    " || fail "install/use/purge in the throwaway root (overlay over /)"
    # anything the packages created and the purge did not remove shows in
    # the upper folder (dpkg's and apt's own records and logs aside)
    leftovers=$(cd "$root/upper" && find . -mindepth 1 \
        \( -path ./var/lib/dpkg -o -path ./var/log -o -path ./var/cache \
        -o -path ./var/lib/apt -o -path ./tmp -o -path ./stftc -o -path ./proc \
        -o -path ./dev -o -path ./.stftc_package_root -o -path ./root \
        -o -path ./etc/ld.so.cache \) -prune -o -print |
        while read -r p; do
            if [ -d "$root/upper/$p" ] && [ -d "/$p" ]; then continue; fi # copied-up folder
            if [ -c "$root/upper/$p" ]; then continue; fi # a removal (whiteout)
            echo "$p"
        done)
    if [ -n "$leftovers" ]; then
        echo "$leftovers"
        fail "the purge left these behind"
    fi
else
    echo "package_debian: STFTC_PACKAGE_TEST=system: installing into this system"
    "$work/inroot.sh" "$work" "$pkgs" || fail "install/use/purge in the system"
fi
echo "package_debian: packages built ($((t1 - t0)) s), installed, used and purged cleanly"
