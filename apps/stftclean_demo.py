#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""gr-stftclean demo: clean a synthetic 2 MS/s IQ recording of bursts in noise.

1. Generates a recording like the ones users make with an SDR, with the
   module's scenario generator (gnuradio.stftclean.scenarios): 2-FSK and OOK
   bursts of 200-600 ms every ~2 s at offsets within +-700 kHz, in complex
   noise, at 2 MS/s (written as raw cf32); --scenario b adds a CW carrier and
   DC leakage, c clicks, d a drifting coloured floor.
2. Cleans it with stftclean.cleaner_cc (mask "auto", the recommended RF
   estimator; --mask picks another) in a GNU Radio flowgraph:
   file_source -> cleaner_cc -> file_sink.
3. Prints what it did: sizes, latency, speed, SI-SDR against the known clean
   signal before and after, the noise left between bursts and the bursts an
   energy detector finds in the output.

Run it through the README's command (./build.sh demo) or, once installed,
as `/usr/bin/python3 stftclean_demo.py --out DIR`.
"""
import argparse
import os
import sys
import time

import numpy as np

try:
    from gnuradio import blocks, gr, stftclean
    from gnuradio.stftclean import metrics, scenarios
except ImportError as e:  # pragma: no cover - a set-up problem, said plainly
    sys.exit("stftclean_demo: cannot import GNU Radio / stftclean (%s). Run it with "
             "/usr/bin/python3 and the module on PYTHONPATH (./build.sh demo does both)." % e)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="demo_out", help="output folder (default demo_out)")
    ap.add_argument("--rate", type=float, default=2e6, help="sample rate in Hz (2e6)")
    ap.add_argument("--seconds", type=float, default=8.0, help="recording length (8 s)")
    ap.add_argument("--snr", type=float, default=0.0,
                    help="burst power over noise power in 50 kHz, dB (0)")
    ap.add_argument("--scenario", default="a", choices=["a", "b", "c", "d"],
                    help="a: white noise, b: + CW and DC, c: + clicks, d: drifting floor")
    ap.add_argument("--mask", default="auto",
                    help="auto, gate, wiener, cfar, threshold, band or none (auto)")
    ap.add_argument("--fft", type=int, default=1024, help="FFT size (1024)")
    ap.add_argument("--hop", type=int, default=256, help="hop (256)")
    ap.add_argument("--window", default="hann", help="window spec (hann)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)

    os.makedirs(a.out, exist_ok=True)
    noisy_path = os.path.join(a.out, "noisy.cf32")
    clean_path = os.path.join(a.out, "cleaned.cf32")
    ref_path = os.path.join(a.out, "reference.cf32")

    sc = scenarios.rf_scenario(a.scenario, a.snr, a.seconds, a.rate, a.seed)
    clean, noisy, bursts = sc.clean, sc.noisy, sc.bursts
    noisy.tofile(noisy_path)
    clean.tofile(ref_path)
    print("stftclean demo: generated %s: %d samples (%.1f s at %.1f MS/s), scenario %s, "
          "%d bursts at %s kHz, SNR %.1f dB in 50 kHz"
          % (noisy_path, len(noisy), a.seconds, a.rate / 1e6, a.scenario, len(bursts),
             ", ".join("%+.0f" % ((lo + hi) / 2e3) for _, _, lo, hi in bursts), a.snr))

    tb = gr.top_block("stftclean demo")
    src = blocks.file_source(gr.sizeof_gr_complex, noisy_path, False)
    cleaner = stftclean.cleaner_cc(fft_size=a.fft, hop=a.hop, window=a.window,
                                   mask=a.mask, sample_rate=a.rate)
    snk = blocks.file_sink(gr.sizeof_gr_complex, clean_path, False)
    snk.set_unbuffered(False)
    tb.connect(src, cleaner, snk)
    t = time.perf_counter()
    tb.run()
    elapsed = time.perf_counter() - t
    del tb, snk  # closes the file

    lat = cleaner.latency()
    out = np.fromfile(clean_path, np.complex64)
    # output sample t is input sample t - latency
    aligned = metrics.align(out, lat, len(noisy))
    det = metrics.burst_detection(aligned, a.rate, bursts)
    print("stftclean demo: cleaned with cleaner_cc(fft_size=%d, hop=%d, window=%s, mask=%s, "
          "sample_rate=%g) in a GNU Radio flowgraph: %d samples in %.2f s (%.1f MS/s), "
          "latency %d samples (%.2f ms)"
          % (a.fft, a.hop, a.window, a.mask, a.rate, len(out), elapsed,
             len(out) / elapsed / 1e6, lat, 1e3 * lat / a.rate))
    print("stftclean demo: wrote %s (cf32; output sample t is input sample t - %d)"
          % (clean_path, lat))
    print("stftclean demo: SI-SDR against the clean bursts: %.1f dB before, %.1f dB after; "
          "noise between bursts %.1f dB of the input; bursts found by an energy detector "
          "on the output: %d of %d (precision %.2f, recall %.2f)"
          % (metrics.si_sdr(clean, noisy), metrics.si_sdr(clean, aligned),
             metrics.residual_db(noisy, aligned, bursts, int(5e-3 * a.rate)),
             det["matched"], det["true"], det["precision"], det["recall"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
