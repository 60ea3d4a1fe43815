/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* FFTW planning is not thread-safe, and GNU Radio's own FFT blocks plan under
 * gr::fft::planner::mutex(). Pointing the core's hook at that mutex keeps our
 * plans and theirs from racing when flowgraphs are built from several
 * threads. */
#include "core_glue.h"
#include <gnuradio/fft/fft.h>
#include <stftclean/common.h>
#include <mutex>

namespace gr {
namespace stftclean {
namespace detail {

namespace {
void gr_planner_lock(void*) { gr::fft::planner::mutex().lock(); }
void gr_planner_unlock(void*) { gr::fft::planner::mutex().unlock(); }
} // namespace

void install_planner_lock()
{
    static std::once_flag once;
    std::call_once(once, [] {
        stftc_set_planner_lock(gr_planner_lock, gr_planner_unlock, nullptr);
        /* the blocks are a front end: they honour the tuning variables
         * (STFTCLEAN_KERNELS, _BATCH, _FFTW_PLAN, _MEMORY_BUDGET_MB) */
        stftc_settings_from_env();
    });
}

} // namespace detail
} // namespace stftclean
} // namespace gr
