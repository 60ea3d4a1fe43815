#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""gr-stftclean quality benchmark: scenario x SNR x method -> quality metrics.

Generates synthetic scenarios with known ground truth (python/stftclean/
scenarios.py), cleans them with numpy references (naive threshold, oracle
ratio mask) and with the module's masks through a GNU Radio flowgraph
(file_source -> cleaner_cc/ff -> file_sink), and prints one table:

  SI-SDR     scale-invariant SDR against the clean reference (dB)
  inSNR      SNR against the reference inside the bursts, no rescaling (dB)
  resid      output power over input power outside the bursts (guard
             max(5 ms, fft_size)), dB, negative = removed
  P/R/F1     energy-detector bursts on the output matched to the true ones
  MS/s       throughput of the cleaning step (flowgraph for module masks)
  floor      the issue's acceptance floors (method auto) and PASS/FAIL

A mask name the block rejects (ValueError) is reported as "unsupported".

--steady prints a second table instead (not part of the default run: 3-5
minutes full, 2 minutes quick on two busy cores), on signals that never switch off and on (a)
with impulsive interference of other shapes (python/stftclean/
steady_scenarios.py), at in-band SNRs 6, 10, 20 dB (quick: 10; c_*: 0 dB,
scenario a's SNR), methods none, bandpass (ideal FFT brick-wall over the
signal's band, the whole file at once) and the module's masks:

  level      output projected on the clean signal s: 20 log10(|<s, y>| /
             ||s||^2), dB (0 = the signal passes at its level; -inf =
             erased; noise uncorrelated with s does not count)
  SI-SDR     of the output; in: of the input (method none)
  gap        SI-SDR minus that of the ideal band-pass (dB)
  oob        output over input power outside the signal's band(s), dB, in
             2^20 samples at the middle of the file (Hann-windowed FFT)
  floor      method auto: in-band SNR >= 6 dB: |level| <= 1 dB, SI-SDR >= the
             input's and >= band-pass - 3 dB; c_* at 0 dB: SI-SDR >= 3 dB

Run from the source tree with the build's module on the path:

  PYTHONPATH=build/test_modules /usr/bin/python3 bench/stftclean_quality.py --quick
  PYTHONPATH=build/test_modules /usr/bin/python3 bench/stftclean_quality.py --steady
"""
import argparse
import json
import os
import sys
import tempfile
import time

import numpy as np

try:
    from gnuradio.stftclean.testing import metrics, scenarios
except ImportError:  # the source tree without a build: use the files beside us
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "..", "python", "stftclean", "testing"))
    import metrics  # noqa: E402
    import scenarios  # noqa: E402

try:
    from gnuradio.stftclean.testing import steady_scenarios
except ImportError:  # a build older than the module: use the file beside us
    _SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python",
                        "stftclean", "testing")
    if _SRC not in sys.path:
        sys.path.insert(0, _SRC)
    import steady_scenarios  # noqa: E402

try:
    from gnuradio import blocks, gr, stftclean
    MODULE_ERROR = None
except ImportError as e:  # numpy methods still run
    stftclean = None
    MODULE_ERROR = str(e)

MODULE_MASKS = ("auto", "gate", "wiener", "cfar", "threshold")
NUMPY_METHODS = ("none", "naive", "oracle")
# auto-iq: auto on I and Q as two real channels; auto-lines: auto with the
# steady-carrier removal asked for (lines=1; off by default since carriers are
# signal), the setting for scenario (b), whose CW and DC are interference
ALL_METHODS = NUMPY_METHODS + MODULE_MASKS + ("auto-iq", "auto-lines")
DEFAULT_SCENARIOS = ("a", "b", "c", "d", "speech-white", "speech-pink", "a-clean")

# The floors (N=1024, hop 256, default parameters, method auto).
# key: (scenario, snr or None for clean, method) -> [(label, metric, op, value)]
FLOORS = {
    ("a", 0.0, "auto"): [("SI-SDR>=6", "si_sdr", ">=", 6.0)],
    ("a", -5.0, "auto"): [("SI-SDR>=0", "si_sdr", ">=", 0.0), ("F1>=0.8", "f1", ">=", 0.8)],
    ("b", 0.0, "auto-lines"): [("SI-SDR>=3", "si_sdr", ">=", 3.0),
                               ("resid<=-30", "residual_db", "<=", -30.0)],
    ("c", 0.0, "auto"): [("SI-SDR>=3", "si_sdr", ">=", 3.0)],
    ("d", 0.0, "auto"): [("SI-SDR>=3", "si_sdr", ">=", 3.0), ("F1>=0.9", "f1", ">=", 0.9)],
    ("speech-white", 0.0, "auto"): [("SI-SDR>=8.5", "si_sdr", ">=", 8.5)],
    ("a-clean", None, "auto"): [("|level|<=1", "abs_level_db", "<=", 1.0),
                                ("SI-SDR>=30", "si_sdr", ">=", 30.0)],
    # complex processing against I and Q as two real channels
    ("a", 0.0, "auto-iq"): [("auto-iq+10<=auto", "iq_gap_db", ">=", 10.0)],
}


# The steady table (--steady).
STEADY_METHODS = ("none", "bandpass", "naive", "oracle") + MODULE_MASKS
DEFAULT_STEADY_METHODS = ("none", "bandpass", "auto", "gate", "wiener", "cfar")
STEADY_SNRS, STEADY_SNRS_QUICK, IMPULSIVE_SNRS = (6.0, 10.0, 20.0), (10.0,), (0.0,)
STEADY_FLOOR_SNR = 6.0  # floors apply at in-band SNR >= this
OOB_WINDOW = 1 << 20


def run_module(x, fs, mask, fft_size, hop, iq_split=False, tmpdir=None, extra=None):
    """Clean x with stftclean.cleaner_cc/ff(mask=mask, **extra) in a flowgraph
    file_source -> cleaner -> file_sink. Returns (aligned output, latency,
    MS/s). Raises ValueError if the block rejects the mask."""
    complex_in = np.iscomplexobj(x)
    kw = dict(fft_size=fft_size, hop=hop, mask=mask, sample_rate=fs, **(extra or {}))
    if complex_in and not iq_split:
        cleaners = [stftclean.cleaner_cc(**kw)]
    else:
        cleaners = [stftclean.cleaner_ff(**kw) for _ in range(2 if complex_in else 1)]
    lat = cleaners[0].latency()
    n = len(x)
    # flush: latency zeros after the signal bring its last samples out
    xin = np.concatenate([x, np.zeros(lat, x.dtype)])
    src_path = os.path.join(tmpdir, "in.bin")
    out_path = os.path.join(tmpdir, "out.bin")
    xin.tofile(src_path)
    size = gr.sizeof_gr_complex if complex_in else gr.sizeof_float
    tb = gr.top_block("stftclean quality")
    src = blocks.file_source(size, src_path, False)
    snk = blocks.file_sink(size, out_path, False)
    snk.set_unbuffered(False)
    if complex_in and iq_split:
        c2f = blocks.complex_to_float()
        f2c = blocks.float_to_complex()
        tb.connect(src, c2f)
        tb.connect((c2f, 0), cleaners[0], (f2c, 0))
        tb.connect((c2f, 1), cleaners[1], (f2c, 1))
        tb.connect(f2c, snk)
    else:
        tb.connect(src, cleaners[0], snk)
    t = time.perf_counter()
    tb.run()
    elapsed = time.perf_counter() - t
    snk.close()
    del tb, snk
    out = np.fromfile(out_path, np.complex64 if complex_in else np.float32)
    os.unlink(src_path)
    os.unlink(out_path)
    return metrics.align(out, lat, n), lat, n / elapsed / 1e6


def try_method(m, sc, a, tmpdir, row, rows):
    """(output, latency, MS/s) of method m on sc.noisy: a numpy method, or a
    module mask through run_module (auto-iq: I and Q as two real signals;
    auto-lines: auto with lines=1). None when it cannot run, after adding
    row to rows with its status: "unavailable" (no module) or "unsupported"
    (the block rejects the mask)."""
    try:
        if m in NUMPY_METHODS:
            return run_numpy(m, sc, a.fft, a.hop)
        if stftclean is None:
            row["status"] = "unavailable"
            rows.append(row)
            return None
        return run_module(sc.noisy, sc.fs, "auto" if m.startswith("auto-") else m,
                          a.fft, a.hop, iq_split=(m == "auto-iq"), tmpdir=tmpdir,
                          extra={"args": "lines=1"} if m == "auto-lines" else None)
    except ValueError as e:
        row["status"] = "unsupported"
        row["error"] = str(e)
        rows.append(row)
        return None


def run_numpy(method, sc, fft_size, hop):
    t = time.perf_counter()
    if method == "none":
        y = sc.noisy
    elif method == "naive":
        y = metrics.naive_threshold(sc.noisy, fft_size, hop)
    elif method == "oracle":
        y = metrics.oracle_ratio_mask(sc.clean, sc.noisy, fft_size, hop)
    else:
        raise ValueError(method)
    el = time.perf_counter() - t
    return y, 0, (len(sc.noisy) / el / 1e6) if method != "none" else None


def evaluate(sc, y, fft_size):
    guard = max(int(5e-3 * sc.fs), fft_size)
    r = dict(si_sdr=metrics.si_sdr(sc.clean, y) if sc.bursts else float("nan"),
             in_burst_snr=metrics.in_burst_snr(sc.clean, y, sc.bursts),
             residual_db=metrics.residual_db(sc.noisy, y, sc.bursts, guard),
             level_db=metrics.level_db(sc.clean, y))
    r["abs_level_db"] = abs(r["level_db"])
    det = metrics.burst_detection(y, sc.fs, sc.bursts)
    r.update(precision=det["precision"], recall=det["recall"], f1=det["f1"],
             detected=det["detected"], true_bursts=det["true"])
    return r


def check_floors(rows):
    by_key = {(r["scenario"], r["snr"], r["method"]): r for r in rows}
    for r in rows:
        floors = FLOORS.get((r["scenario"], r["snr"], r["method"]))
        if not floors:
            continue
        if r["status"] != "ok":
            r["floor"], r["check"] = " ".join(f[0] for f in floors), "skip"
            continue
        if r["method"] == "auto-iq":
            auto = by_key.get((r["scenario"], r["snr"], "auto"))
            if auto is None or auto["status"] != "ok":
                r["floor"], r["check"] = floors[0][0], "skip"
                continue
            r["iq_gap_db"] = auto["si_sdr"] - r["si_sdr"]
        ok = True
        for label, key, op, val in floors:
            v = r[key]
            ok &= (v >= val) if op == ">=" else (v <= val)
        r["floor"] = " ".join(f[0] for f in floors)
        r["check"] = "PASS" if ok else "FAIL"


def fmt(v, spec="%.1f"):
    if v is None:
        return "-"
    if isinstance(v, float) and np.isnan(v):
        return "n/a"
    if isinstance(v, float) and abs(v) >= metrics.DB_LIMIT:
        return "+inf" if v > 0 else "-inf"
    return spec % v


def print_table(rows, out=sys.stdout):
    head = ("scenario", "SNR", "method", "SI-SDR", "inSNR", "resid", "P", "R", "F1",
            "MS/s", "floor", "check")
    table = [head]
    for r in rows:
        snr = "clean" if r["snr"] is None else "%g" % r["snr"]
        if r["status"] != "ok":
            table.append((r["scenario"], snr, r["method"], r["status"], "", "", "", "",
                          "", "", r.get("floor", ""), r.get("check", "")))
            continue
        table.append((r["scenario"], snr, r["method"], fmt(r["si_sdr"]),
                      fmt(r["in_burst_snr"]), fmt(r["residual_db"]),
                      fmt(r["precision"], "%.2f"), fmt(r["recall"], "%.2f"),
                      fmt(r["f1"], "%.2f"), fmt(r["msps"]), r.get("floor", ""),
                      r.get("check", "")))
    widths = [max(len(str(t[i])) for t in table) for i in range(len(head))]
    for i, t in enumerate(table):
        print("  ".join(str(c).rjust(w) if 3 <= j <= 9 else str(c).ljust(w)
                        for j, (c, w) in enumerate(zip(t, widths))).rstrip(), file=out)
        if i == 0:
            print("  ".join("-" * w for w in widths), file=out)


# ---------------------------------------------------------------- steady table

def projected_level_db(ref, est):
    """20 log10(|<ref, est>| / ||ref||^2): the level at which ref appears in
    est (0 dB = unchanged); -inf (-DB_LIMIT) when est holds none of it."""
    # float64 sums: a float32 dot product over millions of samples is off by
    # whole percents
    dt = np.complex128 if np.iscomplexobj(ref) or np.iscomplexobj(est) else np.float64
    ref = np.asarray(ref).astype(dt)
    rr = float(np.vdot(ref, ref).real)
    proj = abs(np.vdot(ref, np.asarray(est).astype(dt)))
    return metrics._db(proj ** 2, rr ** 2)


def out_of_band_db(sc, x, y):
    """Power of y over power of x outside the signal's band(s), in
    OOB_WINDOW samples at the middle of the file (Hann-windowed FFT)."""
    n = len(x)
    m = min(OOB_WINDOW, n)
    a = (n - m) // 2
    w = np.hanning(m)
    if sc.is_complex:
        f = np.fft.fftfreq(m, 1.0 / sc.fs)
        fx, fy = np.fft.fft(x[a:a + m] * w), np.fft.fft(y[a:a + m] * w)
    else:
        f = np.fft.rfftfreq(m, 1.0 / sc.fs)
        fx, fy = np.fft.rfft(x[a:a + m] * w), np.fft.rfft(y[a:a + m] * w)
    out = ~steady_scenarios.band_mask(f, sc.info["bands"])
    return metrics._db(np.sum(np.abs(fy[out]) ** 2), np.sum(np.abs(fx[out]) ** 2))


def steady_floors(name, snr):
    """The floors of method auto for (scenario, SNR): [(label, test(row))]."""
    if name in steady_scenarios.IMPULSIVE_SCENARIOS:
        if snr == 0.0:
            return [("SI-SDR>=3", lambda r: r["si_sdr"] >= 3.0)]
        return []
    if snr is not None and snr >= STEADY_FLOOR_SNR:
        return [("|level|<=1", lambda r: abs(r["level_db"]) <= 1.0),
                (">=in", lambda r: r["si_sdr"] >= r["si_sdr_in"]),
                (">=bp-3", lambda r: r["gap_bp"] >= -3.0)]
    return []


def run_steady(names, snrs_for, methods, a, tmpdir):
    """Rows of the steady table: every scenario x SNR x method."""
    rows = []
    for name in names:
        for snr in snrs_for(name):
            sc = steady_scenarios.make(name, snr, a.duration or steady_scenarios.DEFAULT_DURATION,
                                       a.seed)
            x = sc.noisy
            si_in = metrics.si_sdr(sc.clean, x)
            t = time.perf_counter()
            bp = steady_scenarios.ideal_bandpass(x, sc.fs, sc.info["bands"])
            bp_msps = len(x) / (time.perf_counter() - t) / 1e6
            si_bp = metrics.si_sdr(sc.clean, bp)
            for m in methods:
                row = dict(table="steady", scenario=name, snr=snr, method=m, fs=sc.fs,
                           seconds=len(x) / sc.fs, status="ok", si_sdr_in=si_in,
                           si_sdr_bp=si_bp)
                if m == "bandpass":
                    y, lat, msps = bp, 0, bp_msps
                else:
                    got = try_method(m, sc, a, tmpdir, row, rows)
                    if got is None:
                        continue
                    y, lat, msps = got
                si = si_bp if m == "bandpass" else metrics.si_sdr(sc.clean, y)
                row.update(latency=lat, msps=msps, si_sdr=si, gap_bp=si - si_bp,
                           level_db=projected_level_db(sc.clean, y),
                           oob_db=out_of_band_db(sc, x, y))
                rows.append(row)
                del y
            del sc, x, bp
    return rows


def check_steady_floors(rows):
    for r in rows:
        if r["method"] != "auto":
            continue
        floors = steady_floors(r["scenario"], r["snr"])
        if not floors:
            continue
        r["floor"] = " ".join(f[0] for f in floors)
        if r["status"] != "ok":
            r["check"] = "skip"
            continue
        r["check"] = "PASS" if all(test(r) for _, test in floors) else "FAIL"


def print_steady_table(rows, out=sys.stdout):
    head = ("scenario", "SNR", "method", "level", "SI-SDR", "in", "gap", "oob", "MS/s",
            "floor", "check")
    table = [head]
    for r in rows:
        if r["status"] != "ok":
            table.append((r["scenario"], "%g" % r["snr"], r["method"], r["status"], "", "",
                          "", "", "", r.get("floor", ""), r.get("check", "")))
            continue
        table.append((r["scenario"], "%g" % r["snr"], r["method"], fmt(r["level_db"], "%.2f"),
                      fmt(r["si_sdr"]), fmt(r["si_sdr_in"]), fmt(r["gap_bp"]),
                      fmt(r["oob_db"]), fmt(r["msps"]), r.get("floor", ""),
                      r.get("check", "")))
    widths = [max(len(str(t[i])) for t in table) for i in range(len(head))]
    for i, t in enumerate(table):
        print("  ".join(str(c).rjust(w) if 1 <= j <= 8 and j != 2 else str(c).ljust(w)
                        for j, (c, w) in enumerate(zip(t, widths))).rstrip(), file=out)
        if i == 0:
            print("  ".join("-" * w for w in widths), file=out)


def steady_main(a, ap):
    names = parse_list(a.scenarios) if a.scenarios else list(steady_scenarios.ALL_SCENARIOS)
    for nm in names:
        if nm not in steady_scenarios.ALL_SCENARIOS:
            ap.error("unknown steady scenario %r (known: %s)"
                     % (nm, ",".join(steady_scenarios.ALL_SCENARIOS)))
    methods = parse_list(a.methods) if a.methods else list(DEFAULT_STEADY_METHODS)
    for m in methods:
        if m not in STEADY_METHODS:
            ap.error("unknown method %r for --steady (known: %s)" % (m, ",".join(STEADY_METHODS)))
    snrs = parse_list(a.snr, float) if a.snr else None

    def snrs_for(name):
        if snrs:
            return snrs
        if name in steady_scenarios.IMPULSIVE_SCENARIOS:
            return list(IMPULSIVE_SNRS)
        return list(STEADY_SNRS_QUICK if a.quick else STEADY_SNRS)

    if MODULE_ERROR:
        print("stftclean_quality: module not importable (%s): only numpy methods run"
              % MODULE_ERROR, file=sys.stderr)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="stftclean_quality_") as tmpdir:
        rows = run_steady(names, snrs_for, methods, a, tmpdir)
    check_steady_floors(rows)
    print("stftclean quality, steady signals: fft_size=%d hop=%d, seed %d, %s, %g s; "
          "SNR: in-band (signal power over the noise in its band), c_*: scenario a's"
          % (a.fft, a.hop, a.seed, "quick" if a.quick else "full",
             a.duration or steady_scenarios.DEFAULT_DURATION))
    print("level = 20 log10 |<s, y>| / ||s||^2; in = SI-SDR of the input; gap = SI-SDR "
          "minus ideal band-pass; oob = output/input power outside the band")
    print_steady_table(rows)
    checked = [r for r in rows if r.get("check") in ("PASS", "FAIL")]
    print("floors: %d PASS, %d FAIL, %d skipped; %.0f s"
          % (sum(r["check"] == "PASS" for r in checked),
             sum(r["check"] == "FAIL" for r in checked),
             sum(r.get("check") == "skip" for r in rows), time.perf_counter() - t0))
    if a.json:
        doc = dict(table="steady", fft_size=a.fft, hop=a.hop, seed=a.seed, quick=a.quick,
                   rows=rows)
        text = json.dumps(doc, indent=1, default=float)
        if a.json == "-":
            print(text)
        else:
            with open(a.json, "w") as f:
                f.write(text + "\n")
    return 0


def split_name(name):
    """'a' -> ('a', None); 'a-clean' -> ('a', 'clean_only'); 'speech-pink-noise'
    -> ('speech-pink', 'noise_only'); unknown -> (None, None)."""
    if name in scenarios.ALL_SCENARIOS:
        return name, None
    base, _, var = name.rpartition("-")
    if base in scenarios.ALL_SCENARIOS and var in ("clean", "noise"):
        return base, var + "_only"
    return None, None


def parse_list(text, conv=str):
    return [conv(t) for t in text.split(",") if t.strip()]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true",
                    help="shorter signals (RF 4 s, speech 4 s instead of 8 s and 6 s); "
                         "--steady: in-band SNR 10 dB only (still 6 s)")
    ap.add_argument("--steady", action="store_true",
                    help="the steady-signal table instead of the burst table "
                         "(scenarios %s)" % ",".join(steady_scenarios.ALL_SCENARIOS))
    ap.add_argument("--scenarios", default=None,
                    help="comma list from a,b,c,d,speech-white,speech-pink and the "
                         "variants a-clean / a-noise etc. (default %s); with --steady "
                         "from the steady scenarios (default all)"
                         % ",".join(DEFAULT_SCENARIOS))
    ap.add_argument("--snr", default=None,
                    help="comma list of SNRs in dB for every scenario (default 0,-5 "
                         "for RF, 0 for speech; --steady: 6,10,20 in-band, quick 10, "
                         "c_* 0)")
    ap.add_argument("--methods", default=None,
                    help="comma list from %s (default all; auto-iq only on "
                         "scenario a unless named here); --steady: from %s (default %s)"
                         % (",".join(ALL_METHODS), ",".join(STEADY_METHODS),
                            ",".join(DEFAULT_STEADY_METHODS)))
    ap.add_argument("--json", default=None, metavar="FILE",
                    help="also write the rows as JSON to FILE ('-' for stdout)")
    ap.add_argument("--fft", type=int, default=1024, help="FFT size (1024)")
    ap.add_argument("--hop", type=int, default=256, help="hop (256)")
    ap.add_argument("--seed", type=int, default=1, help="scenario seed (1)")
    ap.add_argument("--duration", type=float, default=None,
                    help="signal length in s (overrides --quick; --steady: default 6)")
    a = ap.parse_args(argv)
    if a.steady:
        return steady_main(a, ap)
    if a.scenarios is None:
        a.scenarios = ",".join(DEFAULT_SCENARIOS)

    methods = parse_list(a.methods) if a.methods else list(ALL_METHODS)
    for m in methods:
        if m not in ALL_METHODS:
            ap.error("unknown method %r" % m)
    iq_everywhere = bool(a.methods) and "auto-iq" in methods
    snrs = parse_list(a.snr, float) if a.snr else None
    rows = []
    if MODULE_ERROR:
        print("stftclean_quality: module not importable (%s): only numpy methods run"
              % MODULE_ERROR, file=sys.stderr)

    with tempfile.TemporaryDirectory(prefix="stftclean_quality_") as tmpdir:
        for name in parse_list(a.scenarios):
            base, variant = split_name(name)
            if base is None:
                ap.error("unknown scenario %r" % name)
            rf = base in scenarios.RF_SCENARIOS
            dur = a.duration or ((4.0 if a.quick else 8.0) if rf else
                                 (4.0 if a.quick else 6.0))
            if variant == "clean_only":
                snr_list = [None]
            else:
                snr_list = snrs or ([0.0, -5.0] if rf else [0.0])
            for snr in snr_list:
                sc = scenarios.make(base, 0.0 if snr is None else snr, dur, a.seed, variant)
                for m in methods:
                    if m == "auto-iq" and (not sc.is_complex or
                                           (not iq_everywhere and base != "a") or
                                           variant is not None):
                        continue
                    if m == "auto-lines" and (not sc.is_complex or variant is not None or
                                              (base != "b" and "auto-lines" not in
                                               (a.methods or ""))):
                        continue
                    row = dict(scenario=name, snr=snr, method=m, fs=sc.fs,
                               seconds=len(sc.noisy) / sc.fs, status="ok")
                    got = try_method(m, sc, a, tmpdir, row, rows)
                    if got is None:
                        continue
                    y, lat, msps = got
                    row.update(latency=lat, msps=msps)
                    row.update(evaluate(sc, y, a.fft))
                    rows.append(row)
                del sc

    check_floors(rows)
    print("stftclean quality: fft_size=%d hop=%d, seed %d, %s; SNR: RF = burst power "
          "over noise in 50 kHz, speech = overall" % (a.fft, a.hop, a.seed,
                                                     "quick" if a.quick else "full"))
    print_table(rows)
    checked = [r for r in rows if r.get("check") in ("PASS", "FAIL")]
    skipped = [r for r in rows if r.get("check") == "skip"]
    print("floors: %d PASS, %d FAIL, %d skipped (mask unsupported by this build)"
          % (sum(r["check"] == "PASS" for r in checked),
             sum(r["check"] == "FAIL" for r in checked), len(skipped)))
    if a.json:
        doc = dict(fft_size=a.fft, hop=a.hop, seed=a.seed, quick=a.quick, rows=rows)
        text = json.dumps(doc, indent=1, default=float)
        if a.json == "-":
            print(text)
        else:
            with open(a.json, "w") as f:
                f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
