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


static const char* __doc_gr_stftclean_spectral_features = R"doc()doc";


static const char* __doc_gr_stftclean_spectral_features_spectral_features_0 = R"doc()doc";


static const char* __doc_gr_stftclean_spectral_features_spectral_features_1 = R"doc()doc";


static const char* __doc_gr_stftclean_spectral_features_make = R"doc()doc";


static const char* __doc_gr_stftclean_spectral_features_feature_names = R"doc()doc";


static const char* __doc_gr_stftclean_spectral_features_num_features = R"doc()doc";


static const char* __doc_gr_stftclean_spectral_features_num_bins = R"doc()doc";


static const char* __doc_gr_stftclean_spectral_features_delay_frames = R"doc()doc";
