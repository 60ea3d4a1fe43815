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


static const char* __doc_gr_stftclean_burst_detector = R"doc()doc";


static const char* __doc_gr_stftclean_burst_detector_burst_detector_0 = R"doc()doc";


static const char* __doc_gr_stftclean_burst_detector_burst_detector_1 = R"doc()doc";


static const char* __doc_gr_stftclean_burst_detector_make = R"doc()doc";


static const char* __doc_gr_stftclean_burst_detector_field_names = R"doc()doc";


static const char* __doc_gr_stftclean_burst_detector_delay_frames = R"doc()doc";


static const char* __doc_gr_stftclean_burst_detector_bursts_found = R"doc()doc";
