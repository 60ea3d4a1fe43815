/* -*- c++ -*- */
/*
 * Copyright 2026 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "scattering_features_impl.h"
#include <type_traits>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace gr {
namespace stftclean {

namespace {

size_t counted(int value, const char* name, const char* range)
{
    if (value < 0)
        throw std::invalid_argument(std::string(name) + ": must be " + range + ", got " +
                                    std::to_string(value));
    return static_cast<size_t>(value);
}

/* the fields that fix the coefficient table */
template <class T>
stftc_scattering_config_t table_config(int J, int Q1, int Q2, int max_order)
{
    stftc_scattering_config_t c = stftc_scattering_config_default();
    c.sample_type = std::is_same<T, gr_complex>::value ? STFTC_COMPLEX : STFTC_REAL;
    c.J = counted(J, "J", "1..16 octaves");
    c.Q1 = counted(Q1, "Q1", "1..32 wavelets per octave");
    c.Q2 = counted(Q2, "Q2", "1..32 wavelets per octave");
    c.max_order = max_order;
    return c;
}

} // namespace

template <class T>
int scattering_features_blk<T>::count_for(int J, int Q1, int Q2, int max_order)
{
    const stftc_scattering_config_t c = table_config<T>(J, Q1, Q2, max_order);
    stftc_error_t err{};
    const size_t n = stftc_scattering_count_for(&c, &err);
    if (n == 0)
        detail::throw_core_error(err);
    return static_cast<int>(n);
}

/* The core object is created (and the arguments checked) before the block
 * base classes are built, so bad arguments never reach GNU Radio. */
template <class T>
typename scattering_features_blk<T>::sptr
scattering_features_blk<T>::make(double sample_rate,
                                 int J,
                                 int Q1,
                                 int Q2,
                                 int max_order,
                                 double T_s,
                                 double stride_s,
                                 int oversampling,
                                 bool log,
                                 double log_eps)
{
    constexpr bool is_complex = std::is_same<T, gr_complex>::value;
    stftc_scattering_config_t c = table_config<T>(J, Q1, Q2, max_order);
    c.sample_rate = sample_rate;
    /* T and stride are seconds here: the core's T_s and stride_s */
    c.T_s = T_s;
    c.stride_s = stride_s;
    c.oversampling = oversampling;
    c.log = log ? 1 : 0;
    c.log_eps = log_eps;
    stftc_error_t err{};
    detail::install_planner_lock();
    detail::scattering_ptr sc(stftc_scattering_create(&c, &err),
                              &stftc_scattering_destroy);
    if (!sc) {
        /* the core's T_s and stride_s are this block's T and stride */
        std::string msg = err.msg;
        for (const std::string f : { "T", "stride" })
            if (msg.rfind(f + "_s:", 0) == 0)
                msg = f + msg.substr(f.size() + 2);
        std::snprintf(err.msg, sizeof err.msg, "%s", msg.c_str());
        detail::throw_core_error(err);
    }
    return gnuradio::make_block_sptr<scattering_features_impl<T>>(
        is_complex ? "scattering_features_cf" : "scattering_features_ff", std::move(sc));
}

template class scattering_features_blk<gr_complex>;
template class scattering_features_blk<float>;
template class scattering_features_impl<gr_complex>;
template class scattering_features_impl<float>;

} // namespace stftclean
} // namespace gr
