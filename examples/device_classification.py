#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Worked example: tell which operation a device is doing from its bursts,
and which features do it best.

1. Synthetic recordings of a device doing one of four operations, one
   folder per operation, at 0 dB and -5 dB input SNR (burst power over the
   noise in 50 kHz, in 1 MHz of complex white noise). Two sets:
   - rhythm (python/stftclean/testing/device_scenarios.py): beacon, sync,
     upload, command, which differ in burst length, modulation, bandwidth
     and rhythm;
   - modulation (made here, --sets): ook, fsk, bpsk, chirp, with the same
     rhythm (20 ms bursts every 100 ms), the same 10 kbaud and about the
     same bandwidth (20-30 kHz): only the modulation inside a burst differs.
2. A feature table with stftclean-dataset (apps/stftclean_dataset.py):
   `stftclean features --per-burst --mask auto --scattering` on every
   recording: bursts found on the cleaning mask, each described by the means
   of its per-frame features (spectral shape, LFCC) over the CLEANED
   spectrum and by the means of the log wavelet scattering coefficients of
   the CLEANED signal (J 8, Q1 2, Q2 1: 179 coefficients, two-sided).
3. The same without cleaning, compared fairly: the same per-frame features
   computed on the RAW spectrum (`stftclean features --mask none`, one row
   per frame) and the scattering of the RAW recording
   (gnuradio.stftclean.numpy_api.scattering), averaged over the same burst
   spans (those found in step 2), so the two sides differ only in cleaning,
   not in which bursts were found.
4. One vector per recording from its bursts: their timing (burst rate,
   median and longest duration, median and shortest interval -- the same
   for both tables) and the median over its bursts of each per-burst mean;
   a scikit-learn random forest trained on half of the recordings, accuracy
   on the other half.

Two tables. The first (rhythm set): all of the vector and the burst spectra
alone (spectral shape and LFCC, no timing), cleaned and not. The second
compares the feature families without timing, cleaned / not cleaned:
spectral shape (12 means), LFCC (8), scattering (179), and all three.

    device_classification.py [--stftclean PATH] [--per-op N] [--duration S]
        [--snrs 0,-5] [--sets rhythm,modulation] [--quick] [--seed K]
        [--jobs N] [--dask [ADDRESS]] [--keep DIR]

--quick: 8 recordings of 1.2 s per operation at 0 dB (what ctest runs).
Exits non-zero unless, at 0 dB on the rhythm set, cleaning reaches 95 %
with all features, is not worse than no cleaning with them, and beats no
cleaning on the burst spectra alone (the floor this example is tested
against); --no-floor only reports.
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
from stftclean.testing import device_scenarios  # noqa: E402

FS = 1e6
CLI_ARGS = ["--rate", "1e6", "--fft", "512", "--hop", "128", "--cepstrum", "lfcc",
            "--filters", "24", "--ceps", "8"]
# Burst thresholds on the SNR of the mask's occupied cells, below the default
# 6 / 3 dB: the widest operation (upload, about 75 kHz) spreads its power so
# thin that its cells sit near 3 dB at 0 dB input SNR. 10 s of noise alone
# still gives no burst at these settings.
BURST_ARGS = ["--on", "3", "--off", "1.5"]
# The per-burst scattering summary (the detector's defaults: J 8, Q1 2,
# Q2 1, T = 256 samples, frames every 64); the raw side uses the same.
SCAT = dict(J=8, Q1=2, Q2=1, stride=64)
SCAT_ARGS = ["--scattering", "--scat-J", str(SCAT["J"]), "--scat-Q1", str(SCAT["Q1"]),
             "--scat-Q2", str(SCAT["Q2"])]

SETS = {
    "rhythm": device_scenarios.OPERATIONS,
    "modulation": ("ook", "fsk", "bpsk", "chirp"),
}
MOD_BAUD = 10e3  # every operation of the modulation set


def modulation_recording(op, snr_db, duration, fs, seed):
    """The modulation set: 20 ms bursts every 100 ms (+-10 %), 10 kbaud,
    about 20-30 kHz wide, at a carrier within +-200 kHz (+-2 kHz between
    bursts); OOK, 2-FSK (+-5 kHz), BPSK, or a linear chirp over 20 kHz."""
    rng = np.random.default_rng(seed)
    n = int(round(duration * fs))
    p = 10.0 ** (-snr_db / 10.0) * fs / device_scenarios.REF_BW
    x = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * np.sqrt(p / 2.0)
    carrier = rng.uniform(-200e3, 200e3)
    t = rng.uniform(0.02, 0.1)
    while True:
        m = int(round(0.020 * rng.uniform(0.95, 1.05) * fs))
        a = int(round(t * fs))
        if a + m > n:
            break
        f0 = carrier + rng.uniform(-2e3, 2e3)
        if op == "chirp":
            tt = np.arange(m) / fs
            sweep = 20e3 / (m / fs)
            ph = rng.uniform(0, 2 * np.pi) + 2 * np.pi * ((f0 - 10e3) * tt + 0.5 * sweep * tt**2)
            b = np.exp(1j * ph) * device_scenarios._ramp(m, 64)
            b /= np.sqrt(np.mean(np.abs(b)**2))
        else:
            b = device_scenarios.modulate(rng, op, m, fs, f0, MOD_BAUD,
                                          5e3 if op == "fsk" else 0.0, ramp=64)
        x[a:a + m] += b
        t += 0.100 * rng.uniform(0.9, 1.1)
    return x.astype(np.complex64)


def find_tool(name, hint, alt=None):
    for p in (hint, os.path.join(HERE, "..", "apps", name), shutil.which(name),
              alt and shutil.which(alt)):
        if p and os.path.exists(p):
            return os.path.abspath(p)
    return None


def numpy_layer():
    """gnuradio.stftclean.numpy_api with scattering, or None."""
    try:
        from gnuradio.stftclean import numpy_api
    except ImportError:
        return None
    return numpy_api if hasattr(numpy_api, "scattering") else None


def make_recordings(root, set_name, snr_db, per_op, duration, seed0):
    for k, op in enumerate(SETS[set_name]):
        d = os.path.join(root, op)
        os.makedirs(d, exist_ok=True)
        for i in range(per_op):
            seed = seed0 + 1000 * k + i
            if set_name == "rhythm":
                x, _, _ = device_scenarios.device_recording(op, snr_db, duration, FS,
                                                            seed=seed)
            else:
                x = modulation_recording(op, snr_db, duration, FS, seed)
            x.tofile(os.path.join(d, "%s_%03d.cf32" % (op, i)))


def burst_table(tool, cli, root, out, jobs, dask):
    """The cleaned per-burst table of every recording (stftclean-dataset)."""
    cmd = [sys.executable, tool, root, "--label-from-dir", "--out", out, "--stftclean", cli,
           "--jobs", str(jobs)]
    cmd += (["--dask"] + ([dask] if dask != "local" else [])) if dask else ["--no-dask"]
    cmd += ["--"] + CLI_ARGS + ["--mask", "auto"] + BURST_ARGS + SCAT_ARGS
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError("stftclean-dataset failed: " + r.stderr)
    rows = defaultdict(list)
    with open(out) as f:
        rd = csv.reader(f)
        head = next(rd)[2:]
        for r in rd:
            rows[r[0]].append([float(v) if v else np.nan for v in r[2:]])
    return head, {k: np.array(v) for k, v in rows.items()}


def raw_frames(cli, files, work, jobs):
    """file -> (header, per-frame features of the raw spectrum)."""
    def one(path):
        out = os.path.join(work, os.path.basename(path) + ".frames.csv")
        r = subprocess.run([cli, "features", path, "--csv", out, "--mask", "none"] +
                           CLI_ARGS, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("stftclean features %s: %s" % (path, r.stderr.strip()))
        with open(out) as f:
            head = f.readline().strip().split(",")
        x = np.loadtxt(out, delimiter=",", skiprows=1, ndmin=2)
        os.unlink(out)
        return path, head, x
    with ThreadPoolExecutor(max_workers=jobs) as ex:
        return {p: (h, x) for p, h, x in ex.map(one, files)}


def span_mask(t, start, end, closed=False):
    """Frames centred in [start, end) ([start, end] with closed); a burst
    shorter than a frame: the nearest one."""
    sel = (t >= start) & ((t <= end) if closed else (t < end))
    if not sel.any():
        d = np.abs(t - 0.5 * (start + end))
        sel = d == d.min()
    return sel


def raw_burst_means(bursts, head, frames):
    """The cleaned table's burst rows with every X_mean of a frame feature
    replaced by the mean of the raw frames' X over the burst's span."""
    fh, fx = frames
    t = fx[:, fh.index("time_s")]
    col = {c: i for i, c in enumerate(head)}
    out = bursts.copy()
    for k, row in enumerate(bursts):
        sel = span_mask(t, row[col["start_s"]], row[col["end_s"]], closed=True)
        for j, name in enumerate(fh):
            if name + "_mean" in col:
                out[k, col[name + "_mean"]] = np.mean(fx[sel, j])
    return out


def raw_scattering_means(bursts, head, path, sc):
    """The same for the scattering columns: the log scattering of the RAW
    recording (the transform of the CLI's summary), its mean and standard
    deviation over the frames centred in each burst."""
    x = np.fromfile(path, np.complex64)
    S, meta = sc.scattering(x, FS, J=SCAT["J"], Q1=SCAT["Q1"], Q2=SCAT["Q2"], log=True,
                            stride=SCAT["stride"])
    t = meta["time_s"]
    cols = [i for i, c in enumerate(head) if c.startswith("scat") and c.endswith("_mean")]
    if len(cols) != S.shape[0]:
        raise RuntimeError("%d scattering columns, %d coefficients" % (len(cols), len(S)))
    col = {c: i for i, c in enumerate(head)}
    sd = [col[head[i][:-5] + "_std"] for i in cols]
    out = bursts.copy()
    for k, row in enumerate(bursts):
        sel = span_mask(t, row[col["start_s"]], row[col["end_s"]])
        out[k, cols] = S[:, sel].mean(axis=1)
        out[k, sd] = S[:, sel].std(axis=1)
    return out


def _hz(text):
    """'+12.5kHz' -> 12500.0"""
    for unit, f in (("GHz", 1e9), ("MHz", 1e6), ("kHz", 1e3), ("Hz", 1.0)):
        if text.endswith(unit):
            return float(text[:-len(unit)]) * f
    raise ValueError(text)


def invariant_scattering(head):
    """A function rows -> per-burst vectors of scattering summaries that do
    not move with the carrier (the table's coefficients are tied to the
    frequency of their wavelets, and every recording has its own carrier):
    the low-pass (scat0), how the burst's energy spreads over the order-1
    wavelets (entropy, the 6 largest log means relative to the largest,
    the energy-weighted mean of their standard deviations), and for each
    second-order wavelet xi2 the energy-weighted mean over the parents of
    log S2 - log S1 (the burst's modulation at xi2, normalised by its
    carrier band) and of the standard deviation of log S2."""
    col = {c: i for i, c in enumerate(head)}
    o1 = [c[:-5] for c in head if c.startswith("scat1_") and c.endswith("_mean")]
    o2 = [c[:-5] for c in head if c.startswith("scat2_") and c.endswith("_mean")]
    if not o1:
        return None
    m1 = np.array([col[c + "_mean"] for c in o1])
    s1 = np.array([col[c + "_std"] for c in o1])
    xi2 = sorted({c.split("_")[2] for c in o2}, key=_hz)
    parent = {c: o1.index("scat1_" + c.split("_")[1]) for c in o2}
    paths = [[(parent[c], col[c + "_mean"], col[c + "_std"]) for c in o2
              if c.split("_")[2] == x] for x in xi2]

    def vectors(rows):
        out = []
        for r in rows:
            l1 = r[m1]
            w = np.exp(l1 - np.max(l1))
            w /= np.sum(w)
            top = np.sort(l1)[::-1][:6]
            v = [r[col["scat0_mean"]], -np.sum(w * np.log(w + 1e-30)), np.sum(w * r[s1])]
            v += list(top - top[0])
            for group in paths:
                p = np.array([g[0] for g in group])
                wp = w[p] / max(np.sum(w[p]), 1e-30)
                v.append(np.sum(wp * (r[[g[1] for g in group]] - l1[p])))
                v.append(np.sum(wp * r[[g[2] for g in group]]))
            out.append(v)
        return np.array(out)
    return vectors


N_TIMING = 5  # leading entries of a recording vector that describe timing only


def family(head):
    """Column indices of each feature family's per-burst means."""
    means = [i for i, c in enumerate(head) if c.endswith("_mean")]
    scat = [i for i in means if head[i].startswith("scat")]
    ceps = [i for i in means if head[i].startswith(("lfcc", "mfcc"))]
    spectral = [i for i in means if i not in scat and i not in ceps]
    inv = invariant_scattering(head)
    # (columns, with the spread of the bursts' centres, derived per burst)
    return {"spectral": (spectral, True, None), "lfcc": (ceps, False, None),
            "scattering": (scat, False, None), "scat_inv": ([], False, inv),
            "spectra": (spectral + ceps, True, None), "all": (spectral + ceps, True, inv)}


def recording_vector(head, rows, duration, cols, spread, derived=None, width=0):
    """One vector per recording (no bursts: rate 0, the rest NaN): burst
    timing (N_TIMING entries), the spread of the burst centres (spread),
    then the median over its bursts of the columns cols and of the derived
    per-burst vectors (width entries)."""
    if rows is None or len(rows) == 0:
        v = np.full(N_TIMING + int(spread) + len(cols) + width, np.nan)
        v[0] = 0.0
        return v
    col = {c: i for i, c in enumerate(head)}
    starts = np.sort(rows[:, col["start_s"]])
    gaps = np.diff(starts)
    dur = rows[:, col["duration_s"]]
    return np.concatenate([[
        len(rows) / duration,
        np.median(dur),
        np.max(dur),
        np.median(gaps) if len(gaps) else np.nan,
        np.min(gaps) if len(gaps) else np.nan,
    ], [np.std(rows[:, col["centroid_hz_mean"]])] if spread else [],
        np.median(rows[:, cols], axis=0),
        np.median(derived(rows), axis=0) if derived else []])


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


def run_set(a, tools, work, set_name, snr, sc):
    """Accuracies of one set at one SNR: {name: accuracy}, found, total."""
    cli, tool = tools
    root = os.path.join(work, "%s_%+g" % (set_name, snr))
    make_recordings(root, set_name, snr, a.per_op, a.duration,
                    seed0=100000 * a.seed + int(100 + 10 * snr) +
                    (0 if set_name == "rhythm" else 50000))
    files = sorted(os.path.abspath(os.path.join(dp, f)) for dp, _, fs in os.walk(root)
                   for f in fs if f.endswith(".cf32"))
    labels = {f: os.path.basename(os.path.dirname(f)) for f in files}
    head, bursts = burst_table(tool, cli, root,
                               os.path.join(work, "table_%s_%+g.csv" % (set_name, snr)),
                               a.jobs, a.dask)
    frames = raw_frames(cli, files, work, a.jobs)
    fam = family(head)
    raw = {}
    for f in files:
        rows = bursts.get(f)
        if rows is not None:
            rows = raw_burst_means(rows, head, frames[f])
            if sc is not None:
                rows = raw_scattering_means(rows, head, f, sc)
        raw[f] = rows
    acc = {}
    for side, table in (("clean", bursts), ("raw", raw)):
        for name, (cols, spread, derived) in fam.items():
            if side == "raw" and sc is None and name in ("scattering", "scat_inv", "all"):
                acc[side, name] = acc[side, name, "timing"] = None
                continue
            width = len(derived(bursts[next(iter(bursts))][:1])[0]) if derived else 0
            vecs = {f: recording_vector(head, table.get(f), a.duration, cols, spread,
                                        derived, width) for f in files}
            acc[side, name, "timing"] = accuracy(vecs, labels, a.seed)
            acc[side, name] = accuracy({f: v[N_TIMING:] for f, v in vecs.items()},
                                       labels, a.seed)
    found = sum(1 for f in files if f in bursts)
    return acc, found, len(files)


def pct(v):
    return "  n/a " if v is None else "%5.1f" % (100 * v)


def report(a, results):
    print("held-out accuracy, %d recordings per operation, half for training, seed %d"
          % (a.per_op, a.seed))
    if "rhythm" in {k[0] for k in results}:
        print("\nrhythm set (%s):" % ", ".join(SETS["rhythm"]))
        print("          all features            burst spectra only     recordings")
        print("  SNR     cleaned  not cleaned    cleaned  not cleaned   with bursts")
        for (set_name, snr), (acc, found, total) in sorted(results.items(),
                                                           key=lambda kv: -kv[0][1]):
            if set_name != "rhythm":
                continue
            print("  %+3g dB  %5.1f %%  %5.1f %%        %5.1f %%  %5.1f %%       %d/%d" % (
                snr, 100 * acc["clean", "spectra", "timing"],
                100 * acc["raw", "spectra", "timing"], 100 * acc["clean", "spectra"],
                100 * acc["raw", "spectra"], found, total))
        print("not cleaned: the same features from the raw spectrum over the same bursts;\n"
              "all features: burst timing (rate, durations, intervals: the same in both)\n"
              "and burst spectra (spectral shape and LFCC); burst spectra only: without\n"
              "the timing.")
    print("\nfeature families, without timing, cleaned / not cleaned (%):")
    print("  set         SNR     " + "".join("%-16s" % h for h in (
        "spectral", "LFCC", "scattering", "scat. inv.", "all")) + "bursts")
    for (set_name, snr), (acc, found, total) in sorted(
            results.items(), key=lambda kv: (list(SETS).index(kv[0][0]), -kv[0][1])):
        cells = "".join("%s / %s   " % (pct(acc["clean", n]), pct(acc["raw", n]))
                        for n in ("spectral", "lfcc", "scattering", "scat_inv", "all"))
        print("  %-10s %+3g dB   %s %d/%d" % (set_name, snr, cells, found, total))
    print("spectral: the 12 spectral-shape means and the spread of the burst centres;\n"
          "LFCC: 8 cepstra; scattering: the 179 log scattering means of the table\n"
          "(J 8, Q1 2, Q2 1), each tied to a frequency; scat. inv.: 25 summaries of\n"
          "them that do not move with the carrier (invariant_scattering); all:\n"
          "spectral, LFCC and scat. inv. Not cleaned: from the raw spectrum / the raw\n"
          "recording over the same bursts.")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--stftclean", default=os.environ.get("STFTCLEAN"),
                   help="the stftclean binary (default: $STFTCLEAN, then PATH)")
    p.add_argument("--dataset-tool", default=None,
                   help="stftclean-dataset (default: apps/stftclean_dataset.py beside "
                   "this example, then PATH)")
    p.add_argument("--per-op", type=int, default=25, help="recordings per operation")
    p.add_argument("--duration", type=float, default=1.5, help="seconds per recording")
    p.add_argument("--snrs", default="0,-5", help="input SNRs in dB (default 0,-5)")
    p.add_argument("--sets", default="rhythm,modulation",
                   help="operation sets (default rhythm,modulation)")
    p.add_argument("--quick", action="store_true",
                   help="8 recordings of 1.2 s per operation, 0 dB only")
    p.add_argument("--seed", type=int, default=0,
                   help="seed of the recordings and of the train/test split")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("--dask", nargs="?", const="local", default=None,
                   help="build the tables on a Dask cluster (ADDRESS, or a local one)")
    p.add_argument("--keep", default=None, help="keep recordings and tables in DIR")
    p.add_argument("--no-floor", action="store_true",
                   help="report only; do not fail when the floor is not met")
    a = p.parse_args(argv)
    if a.quick:
        a.per_op, a.duration, a.snrs = 8, 1.2, "0"
    sets = [s for s in a.sets.split(",") if s]
    bad = [s for s in sets if s not in SETS]
    if bad:
        p.error("--sets: unknown %s (known: %s)" % (", ".join(bad), ", ".join(SETS)))
    cli = find_tool("stftclean", a.stftclean)
    tool = find_tool("stftclean_dataset.py", a.dataset_tool, "stftclean-dataset")
    if not cli or not tool:
        print("device_classification: stftclean or stftclean-dataset not found "
              "(give --stftclean PATH)", file=sys.stderr)
        return 2
    sc = numpy_layer()
    if sc is None:
        print("device_classification: gnuradio.stftclean.numpy_api not importable: "
              "no scattering of the raw recordings (n/a)", file=sys.stderr)
    work = a.keep or tempfile.mkdtemp(prefix="stftclean_devices_")
    os.makedirs(work, exist_ok=True)
    results = {}
    try:
        for set_name in sets:
            for snr in [float(s) for s in a.snrs.split(",")]:
                results[set_name, snr] = run_set(a, (cli, tool), work, set_name, snr, sc)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    report(a, results)
    ok = True
    if ("rhythm", 0.0) in results:
        acc = results["rhythm", 0.0][0]
        c, n = acc["clean", "spectra", "timing"], acc["raw", "spectra", "timing"]
        cs, ns = acc["clean", "spectra"], acc["raw", "spectra"]
        ok = c >= 0.95 and c >= n and cs > ns
        print("floor (>= 95 %% with cleaning at 0 dB; cleaning beats no cleaning on the "
              "burst spectra and is not worse overall): %s" % ("met" if ok else "NOT MET"))
    return 0 if ok or a.no_floor else 1


if __name__ == "__main__":
    sys.exit(main())
