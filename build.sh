#!/usr/bin/env bash
# gr-stftclean: one entry point for set-up, build, demo, tests and packages.
#   ./build.sh demo          install what is missing (USER), build, run the demo
#   ./build.sh build         install what is missing (USER), configure and build
#   ./build.sh test          install what is missing (USER + DEV), build, ctest
#   ./build.sh deps [--dev|--package]  only install the Debian packages (USER,
#                            + DEV, or + what ./build.sh package needs)
#   ./build.sh bench         build and run the speed benchmark
#   ./build.sh package       build the Debian packages into ./dist/
# Works as root or through sudo on Debian 12.
set -euo pipefail
cd "$(dirname "$0")"
TOP=$(pwd)
BUILD_DIR=${BUILD_DIR:-$TOP/build}

# USER: what building, installing and running the project needs, the GUIs
# included: gnuradio-companion needs GTK 3's introspection data
# (gir1.2-gtk-3.0, which pulls Pango's; GRC stops with "Namespace Gtk not
# available" without it), the Qt GUI blocks python3-pyqt5 (gnuradio pulls
# it). stftclean-plot and examples/notebook_clean.py import matplotlib,
# stftclean_zmq_listen.py imports zmq.
USER_PACKAGES="cmake make g++ gcc pkg-config
  gnuradio-dev libvolk2-dev libfftw3-dev pybind11-dev
  libspdlog-dev libgmp-dev libsndfile1-dev liborc-0.4-dev
  python3-numpy python3-packaging python3-matplotlib python3-zmq
  python3-pyqt5 python3-gi-cairo gir1.2-gtk-3.0"
# DEV: only the tests, the checks and the bindings' regeneration need these:
# CppUnit (the C/C++ suites), scipy (the QA references and tests), dask +
# distributed (stftclean-dataset's cluster, tested; without them it runs
# local processes), scikit-learn (examples/device_classification.py and its
# test), clang/compiler-rt (fuzzing, ThreadSanitizer), valgrind,
# clang-format (format_check), castxml + pygccxml (gr_modtool bind),
# alsa-utils (its test sounds are the real speech of the phase tests and of
# bench_phase; they skip it when absent).
DEV_PACKAGES="libcppunit-dev python3-scipy python3-dask python3-distributed
  python3-sklearn python3-yaml valgrind clang libclang-rt-14-dev clang-format
  castxml python3-pygccxml git alsa-utils"
# PACKAGE: what `./build.sh package` needs besides USER (debian/control's
# Build-Depends)
PACKAGE_PACKAGES="dpkg-dev debhelper dh-python python3-dev fakeroot"
DIST_DIR=${DIST_DIR:-$TOP/dist}

sudo_cmd() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

deps() {
    local missing=""
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        echo "build.sh: installing Debian packages:$missing"
        sudo_cmd apt-get update -q
        sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            --no-install-recommends $missing
    fi
}

# configure and build; "tests" turns the tests on, otherwise they stay as
# configured before, or off where CppUnit (a DEV package) is missing
build() {
    local tests_arg=""
    if [ "${1:-}" = tests ]; then
        tests_arg="-DENABLE_TESTS=ON"
    elif ! pkg-config --exists cppunit 2>/dev/null; then
        tests_arg="-DENABLE_TESTS=OFF"
    fi
    cmake -S "$TOP" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release \
        -DPYTHON_EXECUTABLE=/usr/bin/python3 $tests_arg ${CMAKE_ARGS:-}
    cmake --build "$BUILD_DIR" -j"$(nproc)"
}

# the Debian packages (debian/), built from a clean copy of the tracked
# files, so that nothing of a local build gets in; the .deb files go to
# $DIST_DIR (./dist)
PKG_WORK=""
package() {
    local work
    work=$(mktemp -d "${TMPDIR:-/tmp}/stftclean-deb.XXXXXX")
    PKG_WORK=$work
    trap 'rm -rf "$PKG_WORK"' EXIT
    mkdir "$work/src"
    if [ -d "$TOP/.git" ] || [ -f "$TOP/.git" ]; then
        git -C "$TOP" ls-files -z | (cd "$TOP" && xargs -0 cp --parents -t "$work/src")
    else
        cp -a "$TOP/." "$work/src"
        rm -rf "$work/src/build" "$work/src/build-asan" "$work/src/dist"
    fi
    (cd "$work/src" && dpkg-buildpackage -us -uc -b -j"$(nproc)")
    mkdir -p "$DIST_DIR"
    rm -f "$DIST_DIR"/*.deb "$DIST_DIR"/*.buildinfo "$DIST_DIR"/*.changes
    cp "$work"/*.deb "$work"/*.buildinfo "$work"/*.changes "$DIST_DIR"/
    ls -l "$DIST_DIR"
}

case "${1:-}" in
deps)
    case "${2:-}" in
    --dev) deps $USER_PACKAGES $DEV_PACKAGES ;;
    --package) deps $USER_PACKAGES $PACKAGE_PACKAGES ;;
    "") deps $USER_PACKAGES ;;
    *) echo "build.sh deps [--dev | --package]" >&2; exit 2 ;;
    esac
    ;;
build) deps $USER_PACKAGES && build ;;
package)
    deps $USER_PACKAGES $PACKAGE_PACKAGES
    package
    ;;
test)
    deps $USER_PACKAGES $DEV_PACKAGES
    build tests
    cd "$BUILD_DIR"
    # the tests' FFTW plans go to a wisdom file of the build, not the user's
    # cache (a test that checks the cache itself sets its own)
    # the slowest tests, their timeouts and margins are printed after the
    # run, pass or fail (tests/scripts/ctest_slowest.py)
    rc=0
    STFTCLEAN_FFTW_WISDOM="${STFTCLEAN_FFTW_WISDOM:-$BUILD_DIR/fftw-wisdom}" \
        ctest --output-on-failure -j"$(nproc)" ${CTEST_ARGS:-} 2>&1 |
        tee "$BUILD_DIR/ctest-output.log" || rc=$?
    /usr/bin/python3 "$TOP/tests/scripts/ctest_slowest.py" \
        "$BUILD_DIR/ctest-output.log" "$BUILD_DIR" 12 || true
    exit "$rc"
    ;;
demo)
    deps $USER_PACKAGES
    build
    shift
    PYTHONPATH="$BUILD_DIR/test_modules${PYTHONPATH:+:$PYTHONPATH}" \
        /usr/bin/python3 "$TOP/apps/stftclean_demo.py" --out "$TOP/demo_out" "$@"
    ;;
bench)
    deps $USER_PACKAGES
    build
    "$BUILD_DIR/apps/stftclean" bench
    ;;
*)
    sed -n '2,10p' "$0"
    exit 2
    ;;
esac
