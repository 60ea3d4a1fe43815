#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang: the core sources compiled once
# with coverage instrumentation + ASan + UBSan, then one binary per harness.
# No -fopenmp-simd: the "omp simd" hints are only for speed, and clang is
# stricter than GCC about the loop forms they accept.
#   build_fuzzers.sh CLANG OUTDIR INCLUDE_FLAGS LINK_FLAGS CORE_SOURCES... -- HARNESSES...
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cc=$1
out=$2
incs=$3
libs=$4
shift 4
core=()
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
    core+=("$1")
    shift
done
shift
flags=(-std=gnu11 -g -O1 -fno-omit-frame-pointer -fno-trapping-math
    -fsanitize=address,undefined -fno-sanitize-recover=undefined)
mkdir -p "$out/obj"
objs=()
for src in "${core[@]}"; do
    obj="$out/obj/$(basename "${src%.c}").o"
    # shellcheck disable=SC2086
    "$cc" "${flags[@]}" -fsanitize=fuzzer-no-link $incs -c "$src" -o "$obj"
    objs+=("$obj")
done
for h in "$@"; do
    name=$(basename "${h%.c}")
    # shellcheck disable=SC2086
    "$cc" "${flags[@]}" -fsanitize=fuzzer $incs "$h" "${objs[@]}" $libs -o "$out/$name"
done
