/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Deprecated, kept for one release: cleaner_ff is cleaner_blk<float>,
 * declared in <gnuradio/stftclean/cleaner_blk.h>. */
#ifndef INCLUDED_STFTCLEAN_CLEANER_FF_H
#define INCLUDED_STFTCLEAN_CLEANER_FF_H

#include <gnuradio/stftclean/cleaner_blk.h>

#endif /* INCLUDED_STFTCLEAN_CLEANER_FF_H */
