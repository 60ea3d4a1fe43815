/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pydoc_macros.h"
#define D(...) DOC(gr, stftclean, __VA_ARGS__)
/*
  Docstrings of the Python bindings, generated from the doxygen
  comments of include/gnuradio/stftclean/sigmf_annotation_sink.h by
  python/stftclean/bindings/docstrings/gen_pydoc.py.
  Do not edit: edit the header and run the script (the ctest
  pydoc_templates_check fails while this file is stale).
 */
// clang-format off


static const char* __doc_gr_stftclean_sigmf_annotation_sink = R"doc(Writes detection messages as SigMF annotations to a .sigmf-meta file.

Message port "in" takes PMT dicts (or pairs whose car is a dict) with
the annotation fields, keys with or without the "core:" prefix:
sample_start (required, integer >= 0), sample_count, freq_lower_edge and
freq_upper_edge (absolute Hz), label, generator, and the module fields
snr_db and power_db (written as "stftclean:snr_db",
"stftclean:power_db"; the namespace is declared optional in
core:extensions). Every other numeric "stftclean:NAME" entry of the dict
(the burst detector's duration, bandwidth, feature means and deviations)
is written as "stftclean:NAME" too, in the message's order. Edges may
instead be given as freq_lower_offset / freq_upper_offset (Hz from the
centre): they are made absolute when centre_freq is known. Messages
without sample_start are logged and dropped.

The meta file is written when the flowgraph starts and rewritten
(complete, annotations sorted by sample_start, via a temporary file and
a rename) at once when a message arrives at least rewrite_interval
seconds after the last write; annotations that arrive sooner are written
by a timer rewrite_interval seconds after the last write, even if no
further message comes; and the file is rewritten when the flowgraph
stops. A stopped flowgraph leaves every annotation in a valid file, a
killed one all but those of the last rewrite_interval seconds. It
describes the data file NAME.sigmf-data beside it, or with dataset set,
a non-conforming dataset (e.g. an IQ WAV) whose samples start after
header_bytes.

Constructor Specific Documentation:

Args:
    filename: meta file (NAME.sigmf-meta; the suffix is added if
        missing)
    sample_rate: Hz (> 0)
    centre_freq: Hz; 0 means unknown (no core:frequency)
    datatype: "cf32_le", "ci16_le", "ci8" or "cu8"
    start_time: ISO 8601 UTC time of sample 0 ("" none)
    generator: core:generator for messages without one (under 64 bytes)
    dataset: "" or the file name of a non-conforming dataset (a bare
        name, in the meta file's folder)
    header_bytes: bytes before the samples in dataset
    rewrite_interval: seconds between rewrites (>= 0))doc";


static const char* __doc_gr_stftclean_sigmf_annotation_sink_sigmf_annotation_sink_0 = R"doc(Writes detection messages as SigMF annotations to a .sigmf-meta file.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.sigmf_annotation_sink(...)).)doc";


static const char* __doc_gr_stftclean_sigmf_annotation_sink_sigmf_annotation_sink_1 = R"doc(Writes detection messages as SigMF annotations to a .sigmf-meta file.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.sigmf_annotation_sink(...)).)doc";


static const char* __doc_gr_stftclean_sigmf_annotation_sink_make = R"doc(Writes detection messages as SigMF annotations to a .sigmf-meta file.

Args:
    filename: meta file (NAME.sigmf-meta; the suffix is added if
        missing)
    sample_rate: Hz (> 0)
    centre_freq: Hz; 0 means unknown (no core:frequency)
    datatype: "cf32_le", "ci16_le", "ci8" or "cu8"
    start_time: ISO 8601 UTC time of sample 0 ("" none)
    generator: core:generator for messages without one (under 64 bytes)
    dataset: "" or the file name of a non-conforming dataset (a bare
        name, in the meta file's folder)
    header_bytes: bytes before the samples in dataset
    rewrite_interval: seconds between rewrites (>= 0))doc";


static const char* __doc_gr_stftclean_sigmf_annotation_sink_add_annotation = R"doc(Adds one annotation as if it came in on the message port.)doc";


static const char* __doc_gr_stftclean_sigmf_annotation_sink_flush = R"doc(Rewrites the meta file now.)doc";


static const char* __doc_gr_stftclean_sigmf_annotation_sink_count = R"doc(Annotations held.)doc";


static const char* __doc_gr_stftclean_sigmf_annotation_sink_meta_path = R"doc(Meta file path.)doc";

// clang-format on
