#!/usr/bin/env bash
# Runs one libFuzzer binary for a bounded time, starting from the checked-in
# corpus (read only) and a scratch corpus in the build tree (new inputs go
# there). A crash, a leak, a timeout or an out-of-memory fails the test and
# leaves the input as OUTDIR/crash-* (add it to tests/fuzz/corpus/NAME/
# once fixed).
#   run_fuzzer.sh FUZZER SECONDS WORKDIR SEED_CORPUS [libFuzzer options]
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
fuzzer=$1
seconds=$2
work=$3
seeds=$4
shift 4
mkdir -p "$work/corpus" "$work/artifacts"
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
    "$@" "$work/corpus" "$seeds"
