/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pydoc_macros.h"
#define D(...) DOC(gr, stftclean, __VA_ARGS__)
/*
  Docstrings of the Python bindings, generated from the doxygen
  comments of include/gnuradio/stftclean/iqwav_sink.h by
  python/stftclean/bindings/docstrings/gen_pydoc.py.
  Do not edit: edit the header and run the script (the ctest
  pydoc_templates_check fails while this file is stale).
 */
// clang-format off


static const char* __doc_gr_stftclean_iqwav_sink = R"doc(Writes a complex stream as a two-channel IQ WAV (I left, Q right) that
SDRuno, SDR# and HDSDR open, with an auxi chunk holding the centre
frequency and start time.

The file is created when the first samples arrive, so that tags on the
first sample can fill in the metadata: rx_rate (if sample_rate is 0),
rx_freq (if centre_freq is 0) and rx_time (uint64 seconds, double
fraction; if start_time is empty), as a UHD source sends them. With
sample_rate 0 the first rx_rate tag may come later than the first sample
(behind a cleaner it comes latency() samples in): the samples before it,
up to 1048576, are held and written first, and rx_freq/rx_time up to it
count (the start time is moved back by the samples before its tag).
Later rx_freq changes are ignored (a WAV has one centre). The RIFF and
data sizes are patched every patch_interval seconds of samples and when
the flowgraph stops, so a stopped or killed flowgraph leaves a readable
file; past 4 GiB the file becomes RF64. PCM16 clips to [-1, 1); float32
stores values as they are.

Constructor Specific Documentation:

Args:
    filename: file to write (replaced)
    sample_rate: Hz, whole number 1..4294967295; 0 takes it from the
        first rx_rate tag within the first 1048576 samples (an error is
        logged and nothing written if none comes)
    sample_format: "pcm16" or "float32"
    centre_freq: centre frequency in Hz for the auxi chunk, whole Hz up
        to 4294967295 (0: from an rx_freq tag, or none)
    start_time: ISO 8601 UTC start time ("2024-05-09T12:30:15.125Z"); ""
        takes an rx_time tag, or none
    patch_interval: seconds of samples between size patches, > 0
        and <= 86400)doc";


static const char* __doc_gr_stftclean_iqwav_sink_iqwav_sink_0 = R"doc(Writes a complex stream as a two-channel IQ WAV (I left, Q right) that
SDRuno, SDR# and HDSDR open, with an auxi chunk holding the centre
frequency and start time.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.iqwav_sink(...)).)doc";


static const char* __doc_gr_stftclean_iqwav_sink_iqwav_sink_1 = R"doc(Writes a complex stream as a two-channel IQ WAV (I left, Q right) that
SDRuno, SDR# and HDSDR open, with an auxi chunk holding the centre
frequency and start time.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.iqwav_sink(...)).)doc";


static const char* __doc_gr_stftclean_iqwav_sink_make = R"doc(Writes a complex stream as a two-channel IQ WAV (I left, Q right) that
SDRuno, SDR# and HDSDR open, with an auxi chunk holding the centre
frequency and start time.

Args:
    filename: file to write (replaced)
    sample_rate: Hz, whole number 1..4294967295; 0 takes it from the
        first rx_rate tag within the first 1048576 samples (an error is
        logged and nothing written if none comes)
    sample_format: "pcm16" or "float32"
    centre_freq: centre frequency in Hz for the auxi chunk, whole Hz up
        to 4294967295 (0: from an rx_freq tag, or none)
    start_time: ISO 8601 UTC start time ("2024-05-09T12:30:15.125Z"); ""
        takes an rx_time tag, or none
    patch_interval: seconds of samples between size patches, > 0
        and <= 86400)doc";


static const char* __doc_gr_stftclean_iqwav_sink_nwritten = R"doc(Samples written so far.)doc";


static const char* __doc_gr_stftclean_iqwav_sink_centre_freq = R"doc(Centre frequency written to the auxi chunk (0 if none yet).)doc";

// clang-format on
