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


static const char* __doc_gr_stftclean_cleaner_ff = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_cleaner_ff_0 = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_cleaner_ff_1 = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_make = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_fft_size = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_hop = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_window_len = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_latency = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_last_mask = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_set_threshold_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_threshold_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_set_floor_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_floor_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_set_bands = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_bands = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_band_reject = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_set_pfa = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_pfa = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_set_hysteresis_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_hysteresis_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_set_hang_time = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_hang_time = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_set_gate_slope_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_gate_slope_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_set_xi_min_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_xi_min_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_set_dd_alpha = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_dd_alpha = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_set_lines = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_lines = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_set_line_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_line_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_set_impulse = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_impulse = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_set_impulse_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_impulse_db = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_set_smooth_time = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_smooth_time = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_set_smooth_freq = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_smooth_freq = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_set_bypass = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_bypass = R"doc()doc";


static const char* __doc_gr_stftclean_cleaner_ff_presence = R"doc()doc";
