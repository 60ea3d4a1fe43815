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


static const char* __doc_gr_stftclean_iqwav_source = R"doc()doc";


static const char* __doc_gr_stftclean_iqwav_source_iqwav_source_0 = R"doc()doc";


static const char* __doc_gr_stftclean_iqwav_source_iqwav_source_1 = R"doc()doc";


static const char* __doc_gr_stftclean_iqwav_source_make = R"doc()doc";


static const char* __doc_gr_stftclean_iqwav_source_sample_rate = R"doc()doc";


static const char* __doc_gr_stftclean_iqwav_source_has_centre_freq = R"doc()doc";


static const char* __doc_gr_stftclean_iqwav_source_centre_freq = R"doc()doc";


static const char* __doc_gr_stftclean_iqwav_source_has_start_time = R"doc()doc";


static const char* __doc_gr_stftclean_iqwav_source_start_time = R"doc()doc";


static const char* __doc_gr_stftclean_iqwav_source_nsamples = R"doc()doc";


static const char* __doc_gr_stftclean_iqwav_source_channels = R"doc()doc";


static const char* __doc_gr_stftclean_iqwav_source_format = R"doc()doc";
