#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Throughput of STFT cleaning in GNU Radio flowgraphs and in scipy, next to
the one-core FFT-only bound measured by `stftclean bench` in the same run.

Subjects, each a complex round trip (STFT, unit mask, ISTFT) at FFT size N and
hop H with a Hann window:

  core       the C core's fused round trip (from `stftclean bench`)
  gr_bare    null source -> head -> null sink, the scheduler's own ceiling
  block      stftclean.cleaner_cc in  null source -> head -> cleaner -> null sink
             (mask none; block:auto with the default RF estimator)
  chain      the spectral chain stft_cc -> mask_cc -> istft_cc in its place
             (mask none; chain:auto with the default RF estimator)
  gr_intree  the same transform built only from in-tree GNU Radio blocks: the
             polyphase construction of N/H branches, each
             delay(rH) -> stream_to_vector(N) -> fft_vcc(forward, analysis
             window) -> multiply_const_vcc(mask) -> fft_vcc(reverse) ->
             multiply_const_vcc(synthesis window / N) -> vector_to_stream ->
             delay((N/H - 1 - r)H), summed by add_cc. It is checked to give
             back its input delayed by N - H before it is timed.
  scipy      scipy.signal.stft + istft over the whole signal (when scipy is
             there), also checked to reconstruct.

Rates (msps) are samples per wall-clock second of a whole run, median of
repeats; cpu_msps divides by the CPU time of all the process's threads
instead, which a busy machine disturbs less.
The bound (one forward plus one inverse complex FFT of size N per hop, FFTW
MEASURE, one thread) comes from `stftclean bench --json --geometry N:H`; a
flowgraph uses several threads, the bound one core, as the issue's targets
are stated. Output: a table, or with --json a list of objects {what, n, hop,
msps, bound_msps, ratio, ...}.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

# MEASURE plans for the blocks (the core's override), cached as wisdom.
os.environ.setdefault("STFTCLEAN_FFTW_PLAN", "measure")

import numpy as np  # noqa: E402


def find_cli(given):
    if given:
        return given
    here = os.path.dirname(os.path.abspath(__file__))
    for cand in (os.path.join(here, "stftclean"), shutil.which("stftclean")):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return None


def bound_from_cli(cli, n, hop, quick):
    """The FFT-only bound and the core round trip from the C bench."""
    cmd = [cli, "bench", "--json", "--geometry", "%d:%d" % (n, hop)]
    if quick:
        cmd.append("--quick")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    rows = json.loads(out)
    core = [r for r in rows if r["what"] == "core"][0]
    return core["bound_msps"], core


def periodic_hann(n):
    return (0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(n) / n)).astype(np.float64)


def dual_window(w, hop):
    """Canonical dual: w / sum_k w^2(t - k hop), periodic in hop."""
    n = len(w)
    s = np.zeros(hop)
    for k in range(0, n, hop):
        seg = w[k:k + hop] ** 2
        s[: len(seg)] += seg
    return w / np.tile(s, n // hop + 1)[:n]


# ---------------------------------------------------------------------------
# GNU Radio subjects

def intree_graph(tb, src, snk, n, hop, gr, blocks, fft):
    """Polyphase STFT/ISTFT from in-tree blocks between src and snk."""
    if n % hop:
        raise ValueError("the in-tree construction needs hop dividing N")
    r_count = n // hop
    w = periodic_hann(n)
    syn = (dual_window(w, hop) / n).astype(np.float32)
    add = blocks.add_cc()
    for r in range(r_count):
        d_in = blocks.delay(gr.sizeof_gr_complex, r * hop)
        s2v = blocks.stream_to_vector(gr.sizeof_gr_complex, n)
        fwd = fft.fft_vcc(n, True, w.astype(np.float32).tolist(), False, 1)
        mask = blocks.multiply_const_vcc([1.0 + 0j] * n)
        inv = fft.fft_vcc(n, False, [], False, 1)
        win = blocks.multiply_const_vcc([complex(v) for v in syn])
        v2s = blocks.vector_to_stream(gr.sizeof_gr_complex, n)
        d_out = blocks.delay(gr.sizeof_gr_complex, (r_count - 1 - r) * hop)
        if BUFFER:
            for blk in (d_in, fwd, mask, inv, win, d_out):
                blk.set_min_output_buffer(
                    max(2, BUFFER // n) if blk in (fwd, mask, inv, win) else BUFFER)
        tb.connect(src, d_in, s2v, fwd, mask, inv, win, v2s, d_out, (add, r))
    tb.connect(add, snk)


def verify_intree(n, hop, gr, blocks, fft):
    """Max error of the in-tree construction against its input delayed by
    N - hop, relative to the input RMS."""
    rng = np.random.default_rng(1)
    m = 12 * n
    x = (rng.standard_normal(m) + 1j * rng.standard_normal(m)).astype(np.complex64)
    tb = gr.top_block()
    src = blocks.vector_source_c(x.tolist(), False)
    snk = blocks.vector_sink_c()
    intree_graph(tb, src, snk, n, hop, gr, blocks, fft)
    tb.run()
    y = np.array(snk.data(), dtype=np.complex64)
    d = n - hop
    # whole frames only: the last partial vector never leaves stream_to_vector
    k = min(len(y), m) - d
    seg = slice(n, k)  # past the start-up, where every branch has delivered
    err = np.max(np.abs(y[d:][seg] - x[: k][seg]))
    return float(err / np.sqrt(np.mean(np.abs(x) ** 2))), len(y)


BUFFER = 0  # --buffer: minimum output buffer of the source and head, items


def time_graph(build, samples, repeats, gr, blocks):
    rates = []
    for _ in range(repeats):
        tb = gr.top_block()
        src = blocks.null_source(gr.sizeof_gr_complex)
        head = blocks.head(gr.sizeof_gr_complex, samples)
        snk = blocks.null_sink(gr.sizeof_gr_complex)
        if BUFFER:
            src.set_min_output_buffer(BUFFER)
            head.set_min_output_buffer(BUFFER)
        tb.connect(src, head)
        build(tb, head, snk)
        c0, t0 = time.process_time(), time.perf_counter()
        tb.run()
        t1, c1 = time.perf_counter(), time.process_time()
        rates.append((samples / (t1 - t0) / 1e6, samples / max(c1 - c0, 1e-9) / 1e6))
    return (statistics.median(r[0] for r in rates),
            statistics.median(r[1] for r in rates))


def verify_block(n, hop, gr, blocks, stftclean):
    rng = np.random.default_rng(2)
    m = 12 * n
    x = (rng.standard_normal(m) + 1j * rng.standard_normal(m)).astype(np.complex64)
    tb = gr.top_block()
    src = blocks.vector_source_c(x.tolist(), False)
    cl = stftclean.cleaner_cc(n, hop, mask="none")
    snk = blocks.vector_sink_c()
    tb.connect(src, cl, snk)
    tb.run()
    y = np.array(snk.data(), dtype=np.complex64)
    d = n - hop
    k = min(len(y), m) - d
    err = np.max(np.abs(y[d:d + k] - x[:k]))
    return float(err / np.sqrt(np.mean(np.abs(x) ** 2)))


def verify_chain(n, hop, gr, blocks, stftclean):
    """stft_cc -> mask_cc(none) -> istft_cc gives back its input delayed by
    N - hop; the max error relative to the input RMS."""
    rng = np.random.default_rng(4)
    m = 12 * n
    x = (rng.standard_normal(m) + 1j * rng.standard_normal(m)).astype(np.complex64)
    tb = gr.top_block()
    src = blocks.vector_source_c(x.tolist(), False)
    snk = blocks.vector_sink_c()
    tb.connect(src, stftclean.stft_cc(n, hop), stftclean.mask_cc(n, hop, mask="none"),
               stftclean.istft_cc(n, hop), snk)
    tb.run()
    y = np.array(snk.data(), dtype=np.complex64)
    d = n - hop
    k = min(len(y) - d, m)
    err = np.max(np.abs(y[d:d + k] - x[:k]))
    return float(err / np.sqrt(np.mean(np.abs(x) ** 2)))


# ---------------------------------------------------------------------------
# scipy

def scipy_round_trip(n, hop, samples, repeats):
    from scipy import signal
    rng = np.random.default_rng(3)
    x = (rng.standard_normal(samples) + 1j * rng.standard_normal(samples)).astype(
        np.complex64)
    kw = dict(window="hann", nperseg=n, noverlap=n - hop)
    _, _, z = signal.stft(x, return_onesided=False, **kw)
    _, y = signal.istft(z, input_onesided=False, **kw)
    k = min(len(x), len(y))
    err = float(np.max(np.abs(y[:k] - x[:k])) / np.sqrt(np.mean(np.abs(x) ** 2)))
    rates, cpu = [], []
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        _, _, z = signal.stft(x, return_onesided=False, **kw)
        signal.istft(z, input_onesided=False, **kw)
        t1, c1 = time.perf_counter(), time.process_time()
        rates.append(samples / (t1 - t0) / 1e6)
        cpu.append(samples / max(c1 - c0, 1e-9) / 1e6)
    return (statistics.median(rates), statistics.median(cpu)), err


# ---------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(
        description="cleaner_cc and in-tree GNU Radio / scipy STFT round trips "
        "against the one-core FFT-only bound")
    ap.add_argument("--n", type=int, default=1024, help="FFT size (default 1024)")
    ap.add_argument("--hop", type=int, default=256, help="hop (default 256)")
    ap.add_argument("--samples", type=int, default=0,
                    help="samples per flowgraph run (default 2^25, --quick 2^20)")
    ap.add_argument("--repeats", type=int, default=0,
                    help="runs per subject, median reported (default 5, --quick 3)")
    ap.add_argument("--quick", action="store_true", help="small runs (smoke test)")
    ap.add_argument("--json", action="store_true", help="print a JSON list")
    ap.add_argument("--stftclean", help="path of the stftclean CLI (for the bound)")
    ap.add_argument("--no-scipy", action="store_true", help="skip scipy")
    ap.add_argument("--buffer", type=int, default=0,
                    help="minimum output buffer (items) of every timed block; "
                    "default: GNU Radio's")
    a = ap.parse_args(argv)
    global BUFFER
    BUFFER = max(0, a.buffer)
    samples = a.samples or (1 << 20 if a.quick else 1 << 25)
    repeats = a.repeats or (3 if a.quick else 5)
    n, hop = a.n, a.hop
    if n < 2 or hop < 1 or hop > n or n % hop:
        ap.error("--hop must divide --n (the in-tree construction has N/hop "
                 "branches), got N=%d hop=%d" % (n, hop))

    cli = find_cli(a.stftclean)
    if not cli:
        ap.error("stftclean CLI not found: pass --stftclean PATH")
    json_out = None
    if a.json:
        # GNU Radio's logger writes to stdout (e.g. "fft::import_wisdom :error"
        # when another process holds the wisdom file); the JSON goes to a
        # private copy of stdout and everything else to stderr, so the output
        # always parses.
        sys.stdout.flush()
        json_out = os.fdopen(os.dup(1), "w")
        os.dup2(2, 1)
    bound, core = bound_from_cli(cli, n, hop, a.quick)

    from gnuradio import blocks, fft, gr
    from gnuradio import stftclean

    results = []

    def add(what, msps, **extra):
        if isinstance(msps, tuple):  # (wall-clock, per CPU-second of all threads)
            msps, extra["cpu_msps"] = msps[0], round(msps[1], 3)
        row = dict(what=what, n=n, hop=hop, msps=round(msps, 3),
                   bound_msps=round(bound, 3), ratio=round(msps / bound, 4),
                   repeats=repeats)
        row.update(extra)
        results.append(row)
        if not a.json:
            more = "  ".join("%s=%s" % kv for kv in extra.items())
            print("%-12s N=%-6d hop=%-6d %10.2f MS/s  bound %8.2f  ratio %6.3f  %s"
                  % (what, n, hop, msps, bound, msps / bound, more))
            sys.stdout.flush()

    add("core", core["msps"], source="stftclean bench (thread CPU time)")

    err_b = verify_block(n, hop, gr, blocks, stftclean)
    if err_b > 1e-4:
        raise SystemExit("cleaner_cc does not reconstruct: error %.3g x rms" % err_b)
    rate_0 = time_graph(lambda tb, s, k: tb.connect(s, k), samples, repeats, gr,
                        blocks)
    add("gr_bare", rate_0, graph="null source -> head -> null sink, for scale")

    def cleaner(**kw):
        blk = stftclean.cleaner_cc(n, hop, **kw)
        if BUFFER:
            blk.set_min_output_buffer(BUFFER)
        return blk

    rate_b = time_graph(lambda tb, s, k: tb.connect(s, cleaner(mask="none"), k),
                        samples, repeats, gr, blocks)
    add("block", rate_b, max_err=float("%.3g" % err_b))
    rate_auto = time_graph(
        lambda tb, s, k: tb.connect(s, cleaner(mask="auto", sample_rate=2e6), k),
        samples, repeats, gr, blocks)
    add("block:auto", rate_auto)

    def chain(tb, s, k, mask):
        st = stftclean.stft_cc(n, hop)
        mk = stftclean.mask_cc(n, hop, mask=mask, sample_rate=2e6)
        it = stftclean.istft_cc(n, hop)
        if BUFFER:
            for blk in (st, mk):
                blk.set_min_output_buffer(max(2, BUFFER // n))
            it.set_min_output_buffer(BUFFER)
        tb.connect(s, st, mk, it, k)

    err_c = verify_chain(n, hop, gr, blocks, stftclean)
    if err_c > 1e-4:
        raise SystemExit("stft_cc > mask_cc > istft_cc does not reconstruct: error "
                         "%.3g x rms" % err_c)
    rate_c = time_graph(lambda tb, s, k: chain(tb, s, k, "none"), samples, repeats,
                        gr, blocks)
    add("chain", rate_c, max_err=float("%.3g" % err_c),
        graph="stft_cc -> mask_cc(none) -> istft_cc")
    rate_ca = time_graph(lambda tb, s, k: chain(tb, s, k, "auto"), samples, repeats,
                         gr, blocks)
    add("chain:auto", rate_ca, graph="stft_cc -> mask_cc(auto) -> istft_cc")

    err_t, _ = verify_intree(n, hop, gr, blocks, fft)
    if err_t > 1e-4:
        raise SystemExit("the in-tree construction does not reconstruct: error "
                         "%.3g x rms" % err_t)
    # the in-tree graph is slow: a quarter of the samples is plenty
    s_t = max(samples // 4, 64 * n)
    rate_t = time_graph(
        lambda tb, s, k: intree_graph(tb, s, k, n, hop, gr, blocks, fft),
        s_t, repeats, gr, blocks)
    add("gr_intree", rate_t, max_err=float("%.3g" % err_t),
        block_over_intree=round(rate_b[0] / rate_t[0], 2),
        block_over_intree_cpu=round(rate_b[1] / rate_t[1], 2))

    if not a.no_scipy:
        try:
            import scipy.signal  # noqa: F401
            have_scipy = True
        except ImportError:
            have_scipy = False
        if have_scipy:
            s_s = max(samples // 16, 64 * n)
            rate_s, err_s = scipy_round_trip(n, hop, s_s, repeats)
            if err_s > 1e-3:
                raise SystemExit("scipy does not reconstruct: error %.3g" % err_s)
            add("scipy", rate_s, max_err=float("%.3g" % err_s))

    if json_out is not None:
        json_out.write(json.dumps(results, indent=1) + "\n")
        json_out.flush()
    else:
        print("load average: %.2f %.2f %.2f (the flowgraph rates are wall-clock)"
              % os.getloadavg())
    return 0


if __name__ == "__main__":
    sys.exit(main())
