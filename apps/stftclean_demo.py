#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""gr-stftclean demo: clean a synthetic 2 MS/s IQ recording of bursts in noise.

1. Generates a recording like the ones users make with an SDR, with the
   module's scenario generator (gnuradio.stftclean.testing.scenarios): 2-FSK and OOK
   bursts of 200-600 ms every ~2 s at offsets within +-700 kHz, in complex
   noise, at 2 MS/s, written as a 16-bit IQ WAV with an auxi chunk (centre
   frequency, start time) as SDRuno writes them (noisy.wav; also noisy.cf32
   and the noise-free reference.cf32); --scenario b adds a CW carrier and DC
   leakage, c clicks, d a drifting coloured floor.
2. Cleans it with the flowgraph of examples/clean_iq_wav.py (the scripted
   twin of examples/clean_iq_wav.grc): iqwav_source -> aligned_cleaner_cc
   (cleaner_cc with mask "auto", the recommended RF estimator, --mask picks
   another; padded and trimmed to the input's length) -> iqwav_sink
   (cleaned.wav, float32, time-aligned with the input), and stft_cc ->
   mask_cc -> burst_detector -> sigmf_annotation_sink (cleaned.sigmf-meta:
   one SigMF annotation per burst, reading cleaned.wav in place).
3. Prints what it did: sizes, latency, speed, SI-SDR against the known clean
   signal before and after, the noise left between bursts, the bursts an
   energy detector finds in the output and how many true bursts the
   annotations match.
4. Writes demo.png: before/after spectrograms with the annotated bursts
   (stftclean_plot.py).

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
    from gnuradio.stftclean import numpy_api
    from gnuradio.stftclean.testing import metrics, scenarios
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
    ap.add_argument("--centre", type=float, default=433.92e6,
                    help="nominal centre frequency in Hz for the WAV, SigMF and plot "
                         "(433.92e6; 0: none, offsets in kHz)")
    ap.add_argument("--no-plot", action="store_true", help="skip demo.png")
    a = ap.parse_args(argv)

    os.makedirs(a.out, exist_ok=True)
    noisy_cf32 = os.path.join(a.out, "noisy.cf32")
    noisy_wav = os.path.join(a.out, "noisy.wav")
    ref_path = os.path.join(a.out, "reference.cf32")
    wav_path = os.path.join(a.out, "cleaned.wav")
    meta_path = os.path.join(a.out, "cleaned.sigmf-meta")

    sc = scenarios.rf_scenario(a.scenario, a.snr, a.seconds, a.rate, a.seed)
    # scaled as a receiver's ADC would be (16-bit PCM, peak at -6 dBFS)
    scale = 0.5 / float(np.max(np.abs(np.concatenate([sc.noisy.real, sc.noisy.imag]))))
    clean = (sc.clean * scale).astype(np.complex64)
    noisy = (sc.noisy * scale).astype(np.complex64)
    bursts = sc.bursts
    noisy.tofile(noisy_cf32)
    clean.tofile(ref_path)
    write_sdruno_like(noisy_cf32, noisy_wav, a.rate, a.centre)
    print("stftclean demo: generated %s: %d samples (%.1f s at %.1f MS/s), 16-bit IQ WAV "
          "with an auxi chunk (centre %s) as SDRuno writes, scenario %s, %d bursts at %s "
          "kHz, SNR %.1f dB in 50 kHz"
          % (noisy_wav, len(noisy), a.seconds, a.rate / 1e6,
             "%.6f MHz" % (a.centre / 1e6) if a.centre > 0 else "none", a.scenario,
             len(bursts), ", ".join("%+.0f" % ((lo + hi) / 2e3) for _, _, lo, hi in bursts),
             a.snr))

    # the flowgraph of examples/clean_iq_wav.py (its scripted twin of the .grc)
    example = load_example("clean_iq_wav")
    tb = example.clean_iq_wav(noisy_wav, wav_path, meta_path, fft_size=a.fft, hop=a.hop,
                              sample_format="float32", mask=a.mask, window=a.window)
    lat = tb.latency
    t = time.perf_counter()
    tb.run()
    elapsed = time.perf_counter() - t
    found = tb.detector.bursts_found()
    del tb  # closes the WAV and writes the final annotations
    print("stftclean demo: cleaned it with examples/clean_iq_wav.py: iqwav_source -> "
          "cleaner_cc(fft_size=%d, hop=%d, window=%s, mask=%s, sample_rate=%g) -> "
          "iqwav_sink, and stft_cc -> mask_cc(auto) -> burst_detector -> "
          "sigmf_annotation_sink: %d samples in %.2f s (%.1f MS/s), cleaner latency %d "
          "samples (%.2f ms, compensated: the output is time-aligned)"
          % (a.fft, a.hop, a.window, a.mask, a.rate, len(noisy), elapsed,
             len(noisy) / elapsed / 1e6, lat, 1e3 * lat / a.rate))

    aligned = read_wav_cf32(wav_path, len(noisy))
    det = metrics.burst_detection(aligned, a.rate, bursts)
    annotated = read_annotations(meta_path)
    ann_matched = metrics.match_segments(
        [(s0, s0 + n0) for s0, n0, _, _ in annotated], bursts)
    print("stftclean demo: SI-SDR against the clean bursts: %.1f dB before, %.1f dB after; "
          "noise between bursts %.1f dB of the input; bursts found by an energy detector "
          "on the output: %d of %d (precision %.2f, recall %.2f)"
          % (metrics.si_sdr(clean, noisy), metrics.si_sdr(clean, aligned),
             metrics.residual_db(noisy, aligned, bursts, int(5e-3 * a.rate)),
             det["matched"], det["true"], det["precision"], det["recall"]))
    print("stftclean demo: wrote %s (IQ WAV, float32, time-aligned with the input) and %s "
          "(%d burst annotations from burst_detector, %d of the %d true bursts matched)"
          % (wav_path, meta_path, found, ann_matched, len(bursts)))
    if not a.no_plot:
        write_plot(a, noisy, aligned, annotated)
    return 0


def load_example(name):
    """The examples' scripted flowgraphs: from the source tree beside apps/,
    or from where they are installed (share/gr-stftclean/examples)."""
    import importlib.util
    here = os.path.dirname(os.path.abspath(__file__))
    for d in (os.path.join(here, "..", "examples"),
              os.path.join(here, "..", "share", "gr-stftclean", "examples"),
              os.environ.get("STFTCLEAN_EXAMPLES", "")):
        path = os.path.join(d, name + ".py")
        if d and os.path.exists(path):
            spec = importlib.util.spec_from_file_location(name, path)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            return mod
    sys.exit("stftclean_demo: examples/%s.py not found (set STFTCLEAN_EXAMPLES to the "
             "folder that holds it)" % name)


def write_sdruno_like(cf32_path, wav_path, rate, centre):
    """cf32 -> 16-bit IQ WAV with an auxi chunk (centre frequency, start time),
    through the module's IQ WAV sink."""
    tb = gr.top_block("demo recording")
    src = blocks.file_source(gr.sizeof_gr_complex, cf32_path, False)
    snk = stftclean.iqwav_sink(wav_path, float(int(round(rate))), "pcm16",
                               centre_freq=max(0.0, centre),
                               start_time=time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                        time.gmtime()))
    tb.connect(src, snk)
    tb.run()
    del tb, snk


def read_wav_cf32(path, n):
    """The first n samples of the cleaned IQ WAV, through the core's reader."""
    x, _ = numpy_api.read(path, count=n)
    return x


def read_annotations(meta_path):
    """(start, count, lower Hz, upper Hz) of each SigMF annotation, through
    the core's SigMF reader."""
    meta = numpy_api.read_meta(meta_path)
    return [(a["sample_start"], a["sample_count"] or 0, a["freq_lower_edge"],
             a["freq_upper_edge"]) for a in meta.get("annotations", [])]


def write_plot(a, noisy, aligned, annotated):
    """Before/after spectrograms with the annotated bursts (demo.png)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    try:
        import stftclean_plot
    except ImportError as e:
        print("stftclean demo: no plot (%s)" % e)
        return
    centre = a.centre if a.centre > 0 else None
    records = [{"core:sample_start": s0, "core:sample_count": n0,
                "core:freq_lower_edge": lo, "core:freq_upper_edge": hi}
               for s0, n0, lo, hi in annotated if lo is not None and hi is not None]
    png = os.path.join(a.out, "demo.png")
    stftclean_plot.plot([("before: noisy input", noisy), ("after: cleaned (%s)" % a.mask,
                                                          aligned)],
                        png, a.rate, centre, records,
                        title="stftclean demo, scenario %s, SNR %.1f dB" % (a.scenario,
                                                                          a.snr))
    print("stftclean demo: wrote %s (before/after spectrograms, annotated bursts in red)"
          % png)


if __name__ == "__main__":
    sys.exit(main())
