/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pydoc_macros.h"
#define D(...) DOC(gr, stftclean, __VA_ARGS__)
/*
  Docstrings of the Python bindings, generated from the doxygen
  comments of include/gnuradio/stftclean/iqwav_source.h by
  python/stftclean/bindings/docstrings/gen_pydoc.py.
  Do not edit: edit the header and run the script (the ctest
  pydoc_templates_check fails while this file is stale).
 */
// clang-format off


static const char* __doc_gr_stftclean_iqwav_source = R"doc(Complex samples from an IQ recording: IQ WAV / RF64 (SDRuno, SDR#,
HDSDR), SigMF or raw cf32/ci16/ci8/cu8/f32.

Two-channel files give I (first channel) + jQ (second); one-channel
files (mono WAV, f32) give x + j0. Integer samples are scaled to
[-1, 1). Like a UHD source, the first sample carries the tags rx_rate
(double, Hz), rx_freq (double, Hz; only if the file stores a centre
frequency) and rx_time (tuple of uint64 full seconds and double
fractional seconds since 1970, only if the file stores a start time; a
WAV auxi time is taken as UTC), so a recording looks like the radio
downstream. With repeat the file restarts at its end and the tags are
sent again on the restart's first sample (rx_time then holds the
original start). Corrupt files throw std::invalid_argument with the
reader's sentence at construction.

Constructor Specific Documentation:

Args:
    filename: recording to read
    repeat: start over at the end (default false: the block is done)
    swap_iq: exchange I and Q
    format: "" (from the file's extension), "wav", "sigmf", "cf32",
        "ci16", "ci8", "cu8" or "f32"
    sample_rate: rate for raw files, which store none (Hz, > 0; it also
        replaces the rate a WAV or SigMF file gives); 0 uses the file's
        rate (raw files then tag no rx_rate))doc";


static const char* __doc_gr_stftclean_iqwav_source_iqwav_source_0 = R"doc(Complex samples from an IQ recording: IQ WAV / RF64 (SDRuno, SDR#,
HDSDR), SigMF or raw cf32/ci16/ci8/cu8/f32.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.iqwav_source(...)).)doc";


static const char* __doc_gr_stftclean_iqwav_source_iqwav_source_1 = R"doc(Complex samples from an IQ recording: IQ WAV / RF64 (SDRuno, SDR#,
HDSDR), SigMF or raw cf32/ci16/ci8/cu8/f32.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.iqwav_source(...)).)doc";


static const char* __doc_gr_stftclean_iqwav_source_make = R"doc(Complex samples from an IQ recording: IQ WAV / RF64 (SDRuno, SDR#,
HDSDR), SigMF or raw cf32/ci16/ci8/cu8/f32.

Args:
    filename: recording to read
    repeat: start over at the end (default false: the block is done)
    swap_iq: exchange I and Q
    format: "" (from the file's extension), "wav", "sigmf", "cf32",
        "ci16", "ci8", "cu8" or "f32"
    sample_rate: rate for raw files, which store none (Hz, > 0; it also
        replaces the rate a WAV or SigMF file gives); 0 uses the file's
        rate (raw files then tag no rx_rate))doc";


static const char* __doc_gr_stftclean_iqwav_source_sample_rate = R"doc(Sample rate in Hz (from the file, or the sample_rate argument).)doc";


static const char* __doc_gr_stftclean_iqwav_source_has_centre_freq = R"doc(Whether the file stores a centre frequency.)doc";


static const char* __doc_gr_stftclean_iqwav_source_centre_freq = R"doc(Centre frequency in Hz stored in the file (see has_centre_freq()).)doc";


static const char* __doc_gr_stftclean_iqwav_source_has_start_time = R"doc(Whether the file stores a start time.)doc";


static const char* __doc_gr_stftclean_iqwav_source_start_time = R"doc(Start time stored in the file, in seconds since 1970 (see
has_start_time()).)doc";


static const char* __doc_gr_stftclean_iqwav_source_nsamples = R"doc(Number of samples in the file.)doc";


static const char* __doc_gr_stftclean_iqwav_source_channels = R"doc(Channels in the file (2: I/Q, 1: real).)doc";


static const char* __doc_gr_stftclean_iqwav_source_format = R"doc(Format name ("wav", "sigmf", "cf32", ...).)doc";

// clang-format on
