#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Portable build against a -march=native build (make bench_native).

Runs `stftclean bench --json --geometry N:HOP` of the two binaries in turn,
ROUNDS times per geometry, and compares each subject's ratio to the FFT-only
bound, which each run measures itself: the VM's speed drifts between runs,
the ratio to a bound timed in the same run does not. Prints, per subject,
the median ratio of each build and native / portable (1.00: the same speed;
above 1: native faster).

usage: stftclean_native_bench.py --portable BIN --native BIN
       [--geometry N:HOP ...] [--rounds K]"""

import argparse
import json
import statistics
import subprocess
import sys


def run(binary, geometry):
    out = subprocess.run([binary, "bench", "--json", "--quick", "--geometry", geometry],
                         check=True, capture_output=True, text=True).stdout
    return {r["what"]: r["ratio"] for r in json.loads(out)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--portable", required=True)
    ap.add_argument("--native", required=True)
    ap.add_argument("--geometry", action="append")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    if a.rounds < 1:
        ap.error("--rounds: must be >= 1")
    geometries = a.geometry or ["1024:256", "40000:10000"]
    worst = None
    for g in geometries:
        seen = {"portable": {}, "native": {}}
        for _ in range(a.rounds):
            for name, binary in (("portable", a.portable), ("native", a.native)):
                for what, ratio in run(binary, g).items():
                    seen[name].setdefault(what, []).append(ratio)
        print("N:hop %s, median ratio to the bound of %d runs each" % (g, a.rounds))
        print("  %-26s %9s %9s %15s" % ("subject", "portable", "native",
                                         "native/portable"))
        for what in seen["portable"]:
            if what.startswith("kernel:") or what not in seen["native"]:
                continue
            p = statistics.median(seen["portable"][what])
            n = statistics.median(seen["native"][what])
            rel = n / p if p > 0 else float("nan")
            print("  %-26s %9.3f %9.3f %15.3f" % (what, p, n, rel))
            if not what.endswith("@2threads"):
                worst = rel if worst is None else max(worst, rel)
    if worst is not None:
        print("portable behind native by at most %.1f %% (one-thread subjects)"
              % max(0.0, 100.0 * (1.0 - 1.0 / worst)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
