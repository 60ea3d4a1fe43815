#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Worked example: tell which operation a device is doing from its bursts.

1. Synthetic recordings (python/stftclean/device_scenarios.py) of a device
   doing one of four operations -- beacon, sync, upload, command -- which
   differ in burst length, modulation, bandwidth and rhythm; one folder per
   operation, at 0 dB and -5 dB input SNR (burst power over the noise in
   50 kHz, in 1 MHz of complex white noise).
2. A feature table with stftclean_dataset.py: `stftclean features
   --per-burst` on every recording, with cleaning (--mask auto: bursts are
   found on the mask and described from the cleaned spectrum) and without
   (--mask none: the energy detector on the raw spectrum).
3. One vector per recording from its burst rows (burst rate, median
   duration, bandwidth, centre spread, SNR, intervals between bursts, and the
   median of every per-burst feature mean), a scikit-learn random forest
   trained on half of the recordings, accuracy on the other half.

    python3 examples/device_classification.py [--stftclean PATH] [--per-op N]
        [--duration S] [--jobs N] [--dask [ADDRESS]] [--keep DIR]

Prints the held-out accuracy with and without cleaning at each SNR and
exits non-zero if cleaning at 0 dB stays under 95 % or does not beat no
cleaning (the floor this example is tested against).
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
from stftclean import device_scenarios  # noqa: E402

FS = 1e6
CLI_ARGS = ["--rate", "1e6", "--fft", "512", "--hop", "128", "--cepstrum", "lfcc",
            "--filters", "24", "--ceps", "8"]
HEAD = ["start_s", "end_s", "duration_s", "center_hz", "bandwidth_hz", "snr_db"]


def find_tool(name, hint):
    for p in (hint, os.path.join(HERE, "..", "apps", name), shutil.which(name)):
        if p and os.path.exists(p):
            return os.path.abspath(p)
    return None


def make_recordings(root, snr_db, per_op, duration, seed0):
    for k, op in enumerate(device_scenarios.OPERATIONS):
        d = os.path.join(root, op)
        os.makedirs(d, exist_ok=True)
        for i in range(per_op):
            x, fs, _ = device_scenarios.device_recording(
                op, snr_db, duration, FS, seed=seed0 + 1000 * k + i)
            x.tofile(os.path.join(d, "%s_%03d.cf32" % (op, i)))


def build_table(tool, cli, root, out, jobs, dask, clean):
    cmd = [sys.executable, tool, root, "--label-from-dir", "--out", out, "--stftclean", cli,
           "--jobs", str(jobs)]
    cmd += (["--dask"] + ([dask] if dask != "local" else [])) if dask else ["--no-dask"]
    cmd += ["--"] + CLI_ARGS + ["--mask", "auto" if clean else "none"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError("stftclean_dataset.py failed: " + r.stderr)
    return out


def recording_vectors(table, files, duration):
    """file -> feature vector; every recording gets one (no bursts: rate 0 and
    the rest NaN, imputed later)."""
    rows = defaultdict(list)
    with open(table) as f:
        rd = csv.reader(f)
        head = next(rd)
        for r in rd:
            rows[r[0]].append(r)
    means = [i for i, c in enumerate(head) if c.endswith("_mean")]
    col = {c: i for i, c in enumerate(head)}
    vecs = {}
    for path in files:
        rs = rows.get(path, [])
        if not rs:
            vecs[path] = np.full(8 + len(means), np.nan)
            vecs[path][0] = 0.0
            continue
        v = lambda c: np.array([float(r[col[c]]) for r in rs])  # noqa: E731
        starts = np.sort(v("start_s"))
        gaps = np.diff(starts)
        m = np.array([[float(r[i]) for i in means] for r in rs])
        vecs[path] = np.concatenate([[
            len(rs) / duration,
            np.median(v("duration_s")),
            np.max(v("duration_s")),
            np.median(v("bandwidth_hz")),
            np.std(v("center_hz")),
            np.median(v("snr_db")),
            np.median(gaps) if len(gaps) else np.nan,
            np.min(gaps) if len(gaps) else np.nan,
        ], np.median(m, axis=0)])
    return vecs


def accuracy(vecs, labels, seed=0):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    files = sorted(vecs)
    X = np.array([vecs[f] for f in files])
    y = np.array([labels[f] for f in files])
    X[~np.isfinite(X)] = np.nan
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.5, stratify=y,
                                          random_state=seed)
    # columns that are missing for every training recording carry nothing
    keep = ~np.all(np.isnan(Xtr), axis=0)
    clf = make_pipeline(SimpleImputer(strategy="constant", fill_value=-1.0),
                        RandomForestClassifier(n_estimators=200, random_state=seed))
    clf.fit(Xtr[:, keep], ytr)
    return float(np.mean(clf.predict(Xte[:, keep]) == yte))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--stftclean", default=os.environ.get("STFTCLEAN"),
                   help="the stftclean binary (default: $STFTCLEAN, then PATH)")
    p.add_argument("--dataset-tool", default=None,
                   help="stftclean_dataset.py (default: apps/ beside this example)")
    p.add_argument("--per-op", type=int, default=10, help="recordings per operation")
    p.add_argument("--duration", type=float, default=1.2, help="seconds per recording")
    p.add_argument("--snrs", default="0,-5", help="input SNRs in dB (default 0,-5)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("--dask", nargs="?", const="local", default=None,
                   help="build the tables on a Dask cluster (ADDRESS, or a local one)")
    p.add_argument("--keep", default=None, help="keep recordings and tables in DIR")
    a = p.parse_args(argv)
    cli = find_tool("stftclean", a.stftclean)
    tool = find_tool("stftclean_dataset.py", a.dataset_tool)
    if not cli or not tool:
        print("device_classification: stftclean or stftclean_dataset.py not found "
              "(give --stftclean PATH)", file=sys.stderr)
        return 2
    work = a.keep or tempfile.mkdtemp(prefix="stftclean_devices_")
    os.makedirs(work, exist_ok=True)
    results = {}
    try:
        for snr in [float(s) for s in a.snrs.split(",")]:
            root = os.path.join(work, "snr_%+g" % snr)
            make_recordings(root, snr, a.per_op, a.duration, seed0=int(100 + 10 * snr))
            files = sorted(os.path.abspath(os.path.join(dp, f)) for dp, _, fs in
                           os.walk(root) for f in fs if f.endswith(".cf32"))
            labels = {f: os.path.basename(os.path.dirname(f)) for f in files}
            for clean in (True, False):
                table = os.path.join(work, "table_%+g_%s.csv" % (
                    snr, "clean" if clean else "raw"))
                build_table(tool, cli, root, table, a.jobs, a.dask, clean)
                vecs = recording_vectors(table, files, a.duration)
                found = sum(1 for f in files if not np.isnan(vecs[f][1]))
                results[(snr, clean)] = (accuracy(vecs, labels), found, len(files))
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)

    print("held-out accuracy, %d recordings per operation (%s), half for training:" % (
        a.per_op, ", ".join(device_scenarios.OPERATIONS)))
    print("  SNR     cleaned (mask auto)      no cleaning (mask none)")
    for snr in sorted({k[0] for k in results}, reverse=True):
        c, n = results[(snr, True)], results[(snr, False)]
        print("  %+3g dB  %5.1f %%  (%2d/%2d with bursts)  %5.1f %%  (%2d/%2d with bursts)" % (
            snr, 100 * c[0], c[1], c[2], 100 * n[0], n[1], n[2]))
    ok = True
    if (0.0, True) in results:
        c0, n0 = results[(0.0, True)][0], results[(0.0, False)][0]
        ok = c0 >= 0.95 and c0 > n0
        print("floor (>= 95 %% with cleaning at 0 dB, and above no cleaning): %s" % (
            "met" if ok else "NOT MET"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
