/*
 * Copyright 2026 Free Software Foundation, Inc.
 *
 * This file is part of GNU Radio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 */
#include "pydoc_macros.h"
#define D(...) DOC(gr, stftclean, __VA_ARGS__)
/*
  This file contains placeholders for docstrings for the Python bindings.
  Do not edit! These were automatically extracted during the binding process
  and will be overwritten during the build process
 */


static const char* __doc_gr_stftclean_sigmf_annotation_sink = R"doc()doc";


static const char* __doc_gr_stftclean_sigmf_annotation_sink_sigmf_annotation_sink_0 =
    R"doc()doc";


static const char* __doc_gr_stftclean_sigmf_annotation_sink_sigmf_annotation_sink_1 =
    R"doc()doc";


static const char* __doc_gr_stftclean_sigmf_annotation_sink_make = R"doc()doc";


static const char* __doc_gr_stftclean_sigmf_annotation_sink_add_annotation = R"doc()doc";


static const char* __doc_gr_stftclean_sigmf_annotation_sink_flush = R"doc()doc";


static const char* __doc_gr_stftclean_sigmf_annotation_sink_count = R"doc()doc";


static const char* __doc_gr_stftclean_sigmf_annotation_sink_meta_path = R"doc()doc";
