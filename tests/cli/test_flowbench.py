#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Smoke test of bench/stftclean_flowbench.py at small sizes: it runs, checks
its subjects reconstruct (it exits non-zero otherwise), and prints the JSON
fields the table in docs/developer.md is made from, with ratio = msps / bound_msps.

usage: test_flowbench.py /path/to/stftclean   (the CLI built with the module;
the GNU Radio module is taken from the build tree's test_modules/)."""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "bench", "stftclean_flowbench.py")


def main():
    cli = os.path.abspath(sys.argv[1])
    build = os.path.dirname(os.path.dirname(cli))
    modules = os.path.join(build, "test_modules")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [modules] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    probe = subprocess.run([sys.executable, "-c", "from gnuradio import stftclean"],
                           env=env, capture_output=True)
    if probe.returncode != 0:
        print("SKIP: gnuradio.stftclean not importable from", modules)
        return 0

    def run(*args):
        return subprocess.run([sys.executable, SCRIPT, "--stftclean", cli] + list(args),
                              env=env, capture_output=True, text=True, timeout=120)

    r = run("--quick", "--json", "--n", "256", "--hop", "64",
            "--samples", "262144", "--repeats", "1")
    assert r.returncode == 0, r.stdout + r.stderr
    try:
        rows = json.loads(r.stdout)
    except ValueError:
        raise AssertionError("not JSON:\n" + r.stdout + "\n---\n" + r.stderr)
    whats = [row["what"] for row in rows]
    for need in ("core", "gr_bare", "block", "block:auto", "chain", "chain:auto",
                 "gr_intree"):
        assert need in whats, whats
    try:
        import scipy.signal  # noqa: F401
        assert "scipy" in whats, whats
    except ImportError:
        pass
    bounds = {row["bound_msps"] for row in rows}
    assert len(bounds) == 1, bounds  # one bound, measured once, for every row
    for row in rows:
        for key in ("what", "n", "hop", "msps", "bound_msps", "ratio"):
            assert key in row, row
        assert (row["n"], row["hop"]) == (256, 64), row
        assert row["msps"] > 0 and row["bound_msps"] > 0, row
        assert abs(row["ratio"] - row["msps"] / row["bound_msps"]) <= 1e-3 * row["ratio"] + 1e-4, row
        if "max_err" in row:  # the subjects were checked to reconstruct
            assert row["max_err"] < 1e-4, row

    # the table form names every subject
    r = run("--quick", "--n", "64", "--hop", "16", "--samples", "65536",
            "--repeats", "1", "--no-scipy", "--buffer", "8192")
    assert r.returncode == 0, r.stdout + r.stderr
    for need in ("core", "block", "chain", "gr_intree", "load average"):
        assert need in r.stdout, r.stdout
    assert "scipy" not in r.stdout, r.stdout

    # a hop that does not divide N is refused up front, naming the options
    r = run("--n", "100", "--hop", "30")
    assert r.returncode == 2 and "--hop must divide --n" in r.stderr, r.stderr
    print("flowbench smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
