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


static const char* __doc_gr_stftclean_phase_recon_ff = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_ff_phase_recon_ff_0 = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_ff_phase_recon_ff_1 = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_ff_make = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_ff_fft_size = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_ff_hop = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_ff_window_len = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_ff_bins = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_ff_method = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_ff_lookahead = R"doc()doc";


static const char* __doc_gr_stftclean_phase_recon_ff_latency = R"doc()doc";
