#!/usr/bin/env bash
# gr-stftclean: one entry point for set-up, build, demo and tests.
#   ./build.sh demo    install what is missing, build, run the demo flowgraph
#   ./build.sh test    install what is missing, build, run every test (ctest)
#   ./build.sh deps    only install the Debian packages
#   ./build.sh build   only configure and build (in ./build)
#   ./build.sh bench   build and run the speed benchmark
# Works as root or through sudo on Debian 12.
set -euo pipefail
cd "$(dirname "$0")"
TOP=$(pwd)
BUILD_DIR=${BUILD_DIR:-$TOP/build}

PACKAGES="cmake make g++ gcc pkg-config git
  gnuradio-dev libvolk2-dev libfftw3-dev libcppunit-dev pybind11-dev
  libspdlog-dev libgmp-dev libsndfile1-dev liborc-0.4-dev
  python3-numpy python3-scipy python3-packaging python3-pygccxml castxml clang-format
  python3-matplotlib python3-zmq python3-dask python3-distributed python3-sklearn
  valgrind clang libclang-rt-14-dev"

sudo_cmd() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

deps() {
    local missing=""
    for p in $PACKAGES; do
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

build() {
    cmake -S "$TOP" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release \
        -DPYTHON_EXECUTABLE=/usr/bin/python3 ${CMAKE_ARGS:-}
    cmake --build "$BUILD_DIR" -j"$(nproc)"
}

case "${1:-}" in
deps) deps ;;
build) deps && build ;;
test)
    deps
    build
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
    deps
    build
    shift
    PYTHONPATH="$BUILD_DIR/test_modules${PYTHONPATH:+:$PYTHONPATH}" \
        /usr/bin/python3 "$TOP/apps/stftclean_demo.py" --out "$TOP/demo_out" "$@"
    ;;
bench)
    deps
    build
    "$BUILD_DIR/apps/stftclean" bench
    ;;
*)
    sed -n '2,8p' "$0"
    exit 2
    ;;
esac
