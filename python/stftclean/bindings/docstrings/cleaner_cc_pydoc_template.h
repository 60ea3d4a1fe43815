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


static const char* __doc_gr_stftclean_cleaner_cc = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_cleaner_cc_0 = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_cleaner_cc_1 = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_make = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_fft_size = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_hop = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_window_len = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_latency = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_last_mask = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_threshold_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_threshold_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_floor_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_floor_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_bands = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_bands = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_band_reject = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_pfa = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_pfa = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_hysteresis_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_hysteresis_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_hang_time = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_hang_time = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_gate_slope_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_gate_slope_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_xi_min_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_xi_min_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_dd_alpha = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_dd_alpha = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_lines = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_lines = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_line_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_line_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_impulse = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_impulse = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_impulse_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_impulse_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_smooth_time = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_smooth_time = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_smooth_freq = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_smooth_freq = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_bypass = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_bypass = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_cc_presence = R"doc()doc";
