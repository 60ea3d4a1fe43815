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


static const char* __doc_gr_stftclean_phase_recon_fc = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_fc_phase_recon_fc_0 = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_fc_phase_recon_fc_1 = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_fc_make = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_fc_fft_size = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_fc_hop = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_fc_window_len = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_fc_bins = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_fc_method = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_fc_lookahead = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_fc_latency = R"doc()doc";
