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
4. Also writes the cleaned signal as an IQ WAV (stftclean.iqwav_sink: float32,
   auxi chunk with the --centre frequency, time-aligned with the input),
   the detected bursts as SigMF annotations in cleaned.sigmf-meta
   (stftclean.sigmf_annotation_sink, describing cleaned.wav in place), and
   demo.png: before/after spectrograms with the bursts drawn
   (stftclean_plot.py).

Run it through the README's command (./build.sh demo) or, once installed,
as `/usr/bin/python3 stftclean_demo.py --out DIR`.
"""
import argparse
import os
import struct
import sys
import time

import numpy as np
import pmt

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
    ap.add_argument("--centre", type=float, default=433.92e6,
                    help="nominal centre frequency in Hz for the WAV, SigMF and plot "
                         "(433.92e6; 0: none, offsets in kHz)")
    ap.add_argument("--no-plot", action="store_true", help="skip demo.png")
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
    # IQ WAV of the same output, time-aligned: the first latency() samples
    # precede the input and are skipped (the WAV ends latency() samples early)
    wav_path = os.path.join(a.out, "cleaned.wav")
    wav = stftclean.iqwav_sink(wav_path, float(int(round(a.rate))), "float32",
                               centre_freq=max(0.0, a.centre))
    tb.connect(cleaner, blocks.skiphead(gr.sizeof_gr_complex, cleaner.latency()), wav)
    t = time.perf_counter()
    tb.run()
    elapsed = time.perf_counter() - t
    del tb, snk, wav  # closes the files

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
    write_outputs(a, noisy, aligned, det["segments"], wav_path)
    return 0


def wav_data_offset(path):
    """Byte offset of the data chunk's samples (walks the RIFF chunks)."""
    with open(path, "rb") as f:
        head = f.read(4096)
    pos = 12
    while pos + 8 <= len(head):
        cid, size = head[pos:pos + 4], struct.unpack("<I", head[pos + 4:pos + 8])[0]
        if cid == b"data":
            return pos + 8
        pos += 8 + size + (size & 1)
    raise ValueError("%s: no data chunk" % path)


def burst_edges(x, fs, start, stop, drop_db=10.0):
    """Band of a detected burst: where its averaged spectrum is within
    drop_db of the peak (offsets in Hz from the centre)."""
    seg = x[start:min(stop, start + 1 << 16)]
    nfft = 1024
    k = max(1, len(seg) // nfft)
    frames = np.resize(seg, k * nfft).reshape(k, nfft) * np.hanning(nfft)
    p = np.fft.fftshift((np.abs(np.fft.fft(frames, axis=1)) ** 2).mean(axis=0))
    f = np.fft.fftshift(np.fft.fftfreq(nfft, 1.0 / fs))
    on = np.nonzero(p >= p.max() * 10 ** (-drop_db / 10.0))[0]
    return float(f[on[0]]), float(f[on[-1]] + fs / nfft)


def write_outputs(a, noisy, aligned, segments, wav_path):
    """SigMF annotations of the detected bursts (describing cleaned.wav in
    place) and the before/after PNG."""
    centre = a.centre if a.centre > 0 else None
    meta_path = os.path.join(a.out, "cleaned.sigmf-meta")
    ann = stftclean.sigmf_annotation_sink(meta_path, a.rate, centre or 0.0, "cf32_le",
                                          dataset=os.path.basename(wav_path),
                                          header_bytes=wav_data_offset(wav_path))
    records = []
    for start, stop in segments:
        lo, hi = burst_edges(aligned, a.rate, start, stop)
        d = pmt.make_dict()
        for key, val in [("sample_start", pmt.from_uint64(int(start))),
                         ("sample_count", pmt.from_uint64(int(stop - start))),
                         ("freq_lower_offset", pmt.from_double(lo)),
                         ("freq_upper_offset", pmt.from_double(hi)),
                         ("label", pmt.intern("burst"))]:
            d = pmt.dict_add(d, pmt.intern(key), val)
        ann.add_annotation(d)
        off = centre or 0.0
        records.append({"core:sample_start": int(start), "core:sample_count":
                        int(stop - start), "core:freq_lower_edge": lo + off,
                        "core:freq_upper_edge": hi + off})
    ann.flush()
    print("stftclean demo: wrote %s (IQ WAV, float32, centre %s) and %s (%d bursts as "
          "SigMF annotations, reading the WAV in place)"
          % (wav_path, "%.6f MHz" % (centre / 1e6) if centre else "none", meta_path,
             len(records)))
    if a.no_plot:
        return
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    try:
        import stftclean_plot
    except ImportError as e:
        print("stftclean demo: no plot (%s)" % e)
        return
    png = os.path.join(a.out, "demo.png")
    stftclean_plot.plot([("before: noisy input", noisy), ("after: cleaned (%s)" % a.mask,
                                                          aligned)],
                        png, a.rate, centre, records,
                        title="stftclean demo, scenario %s, SNR %.1f dB" % (a.scenario,
                                                                          a.snr))
    print("stftclean demo: wrote %s (before/after spectrograms, detected bursts in red)"
          % png)


if __name__ == "__main__":
    sys.exit(main())
