#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""clean_iq_wav: clean an IQ recording and list its bursts (the scripted twin
of examples/clean_iq_wav.grc).

    /usr/bin/python3 examples/clean_iq_wav.py in.wav out.wav [--meta out.sigmf-meta]

The flowgraph:

    iqwav_source -> aligned_cleaner_cc (auto mask) -> iqwav_sink
                 \\-> stft_cc -> mask_cc (auto) -> burst_detector (on the mask)
                                                  --bursts--> sigmf_annotation_sink

aligned_cleaner_cc (cleaner_cc with zeros after the input, its latency
skipped and its output cut at the input's length) makes the cleaned WAV as
long as the input, sample t of it being input sample t cleaned. The
detector reads the same auto mask as the cleaner (its gains say which cells
hold signal) and its sample indices are corrected for the mask's
look-ahead, so the annotations index both files alike. Input: anything the IQ Recording Source reads (IQ WAV /
RF64, SigMF, raw cf32 with --rate). Needs this module's Python package
(gnuradio.stftclean) and GNU Radio 3.10.
"""

import argparse
import os
import sys

from gnuradio import blocks, gr

try:
    from gnuradio import stftclean
except ImportError as e:
    sys.exit("clean_iq_wav: needs the gr-stftclean Python package (%s)" % e)


def default_meta(output):
    """out.wav -> out.sigmf-meta (the annotations beside the output)."""
    base, ext = os.path.splitext(output)
    return (base if ext.lower() in (".wav", ".rf64") else output) + ".sigmf-meta"


class clean_iq_wav(gr.top_block):
    """Recording in, cleaned recording and burst annotations out."""

    def __init__(self, input_file, output_file, meta_file=None, rate=0.0, fft_size=1024,
                 hop=256, floor_db=-60.0, sample_format="pcm16", label="burst",
                 on_db=6.0, min_duration=0.002, mask="auto", window="hann",
                 merge_gap=0.05):
        gr.top_block.__init__(self, "clean_iq_wav")
        self.src = stftclean.iqwav_source(input_file, sample_rate=float(rate))
        fs = float(rate) if rate > 0 else self.src.sample_rate()
        if fs <= 0:
            raise ValueError("rate: the recording stores no sample rate; give --rate in Hz")
        self.samp_rate = fs
        cf = self.src.centre_freq() if self.src.has_centre_freq() else 0.0
        self.meta_file = meta_file or default_meta(output_file)

        # the cleaner's mask may be any (the demo's --mask); the detector
        # always reads the auto mask, which says where the signal is
        cleaner_args = dict(window=window, mask=mask,
                            args=stftclean.mask_args(floor_db=floor_db), sample_rate=fs)
        self.nsamples = self.src.nsamples()
        self.stft = stftclean.stft_cc(fft_size, hop)
        self.mask = stftclean.mask_cc(fft_size, hop, mask="auto",
                                      args=stftclean.mask_args(floor_db=floor_db),
                                      sample_rate=fs)
        self.detector = stftclean.burst_detector(
            fft_size, hop, fs, center_freq=cf, frame_delay=self.mask.delay_frames(),
            source="mask", on_db=on_db, min_duration=min_duration, merge_gap=merge_gap,
            label=label)
        self.frames_sink = blocks.null_sink(gr.sizeof_gr_complex * fft_size)
        self.annotations = stftclean.sigmf_annotation_sink(
            self.meta_file, fs, centre_freq=cf,
            datatype="ci16_le" if sample_format == "pcm16" else "cf32_le")
        self.sink = stftclean.iqwav_sink(output_file, fs, sample_format=sample_format,
                                         centre_freq=cf if 0 <= cf < 2 ** 32 else 0.0)

        if self.nsamples > 0:
            # the cleaned recording: same length, sample t = input sample t
            # cleaned (aligned_cleaner_cc pads, skips and trims around the
            # cleaner)
            self.aligned = stftclean.aligned_cleaner_cc(self.nsamples, fft_size, hop,
                                                        **cleaner_args)
            self.cleaner = self.aligned.cleaner
            self.latency = self.cleaner.latency()
            self.connect(self.src, self.aligned, self.sink)
            # the detector: the input, then zeros that push the mask's
            # look-ahead through and close a burst still open at the end (its
            # merge gap and hang: 0.1 s in all)
            pad_n = int(self.latency) + int(0.1 * fs)
            self.zeros = blocks.null_source(gr.sizeof_gr_complex)
            self.pad = blocks.stream_mux(gr.sizeof_gr_complex, [int(self.nsamples), pad_n])
            self.head = blocks.head(gr.sizeof_gr_complex, self.nsamples + pad_n)
            self.connect(self.src, (self.pad, 0))
            self.connect(self.zeros, (self.pad, 1))
            self.connect(self.pad, self.head)
            feed = self.head
        else:  # length unknown (a stream): the output is latency samples shorter
            self.cleaner = stftclean.cleaner_cc(fft_size, hop, **cleaner_args)
            self.latency = self.cleaner.latency()
            self.skip = blocks.skiphead(gr.sizeof_gr_complex, self.latency)
            feed = self.src
            self.connect(feed, self.cleaner, self.skip, self.sink)
        self.connect(feed, self.stft, self.mask)
        self.connect((self.mask, 0), (self.detector, 0))
        self.connect((self.mask, 1), (self.detector, 1))
        self.connect(self.detector, self.frames_sink)
        self.msg_connect((self.detector, "bursts"), (self.annotations, "in"))


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Clean an IQ recording with the auto mask and write its bursts "
        "as SigMF annotations.")
    ap.add_argument("input", help="IQ WAV / RF64 / SigMF / raw recording")
    ap.add_argument("output", help="cleaned IQ WAV to write (same length, time-aligned)")
    ap.add_argument("--meta", default=None,
                    help="annotations file (default: OUTPUT without .wav + .sigmf-meta)")
    ap.add_argument("--rate", type=float, default=0.0,
                    help="sample rate in Hz (raw files; default: the file's)")
    ap.add_argument("--fft", type=int, default=1024, help="FFT size (default 1024)")
    ap.add_argument("--hop", type=int, default=256, help="hop in samples (default 256)")
    ap.add_argument("--floor-db", type=float, default=-60.0,
                    help="gain of the removed cells in dB (default -60)")
    ap.add_argument("--float32", action="store_true",
                    help="write float32 samples (default 16-bit PCM)")
    ap.add_argument("--label", default="burst", help="core:label of the annotations")
    args = ap.parse_args(argv)
    try:
        tb = clean_iq_wav(args.input, args.output, args.meta, args.rate, args.fft, args.hop,
                          args.floor_db, "float32" if args.float32 else "pcm16", args.label)
    except (ValueError, RuntimeError) as e:
        print("clean_iq_wav: %s" % e, file=sys.stderr)
        return 2
    tb.run()
    found = tb.detector.bursts_found()
    meta = tb.annotations.meta_path()
    tb = None  # the annotation sink writes its final file when it goes
    print("clean_iq_wav: %d bursts; cleaned IQ in %s, annotations in %s"
          % (found, args.output, meta))
    return 0


if __name__ == "__main__":
    sys.exit(main())
