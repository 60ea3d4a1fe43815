/*
 * Copyright 2026 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the binding files share: whole-number arguments, the STFT framing
 * from Python's arguments and FFTW planning under GNU Radio's planner mutex
 * (numpy_api_python.cc, phase_api_python.cc), and the rows of the core's
 * mask-parameter table as Python dicts (numpy_api_python.cc for
 * numpy_api.MASK_PARAMETERS, mask_control_python.cc for
 * stftclean.mask_fields()). Errors are ValueError with the core's sentence,
 * which starts with the parameter's name. */
#ifndef INCLUDED_STFTCLEAN_BINDING_COMMON_H
#define INCLUDED_STFTCLEAN_BINDING_COMMON_H

#include <pybind11/pybind11.h>

#include <gnuradio/fft/fft.h>
#include <stftclean/common.h>
#include <stftclean/mask_fields.h>
#include <stftclean/stft.h>

#include <cmath>
#include <mutex>
#include <string>

namespace stftc_py {

inline size_t non_negative(long value, const char* name, const char* range)
{
    if (value < 0)
        throw pybind11::value_error(std::string(name) + ": must be " + range + ", got " +
                                    std::to_string(value));
    return static_cast<size_t>(value);
}

/* The framing of a call, checked by the core (ValueError naming the field). */
inline stftc_stft_config_t stft_config(long fft_size,
                                       long hop,
                                       const std::string& window,
                                       long window_len,
                                       bool centered,
                                       stftc_sample_t type)
{
    stftc_stft_config_t cfg = stftc_stft_config_default();
    cfg.fft_size = non_negative(fft_size, "fft_size", ">= 2");
    cfg.hop = non_negative(hop, "hop", ">= 1 and <= the window length");
    cfg.window_len = non_negative(window_len, "window_len", "0 (= fft_size) or >= 2");
    cfg.centered = centered ? 1 : 0;
    cfg.sample_type = type;
    stftc_error_t err{};
    if (stftc_window_parse(window.c_str(), &cfg.window, &err) != STFTC_OK ||
        stftc_stft_config_check(&cfg, &err) != STFTC_OK)
        throw pybind11::value_error(err.msg[0] ? std::string(err.msg)
                                               : std::string("stftclean: ") +
                                                     stftc_strerror(err.code));
    return cfg;
}

/* FFTW planning under GNU Radio's planner mutex, as the blocks do; once per
 * process. */
inline void install_planner_lock()
{
    static std::once_flag once;
    std::call_once(once, [] {
        stftc_set_planner_lock([](void*) { gr::fft::planner::mutex().lock(); },
                               [](void*) { gr::fft::planner::mutex().unlock(); },
                               nullptr);
    });
}

inline const char* mask_field_kind_name(stftc_mfield_kind_t kind)
{
    switch (kind) {
    case STFTC_MFIELD_TYPE:
        return "type";
    case STFTC_MFIELD_NUMBER:
        return "number";
    case STFTC_MFIELD_TRISTATE:
        return "tristate";
    case STFTC_MFIELD_FLAG:
        return "flag";
    case STFTC_MFIELD_BANDS:
        return "bands";
    }
    return "?";
}

/* One dict per row of the core's table: name, alias (or None), kind (type,
 * number, tristate, flag, bands), scope (all or estimator), unit, lo and hi
 * (None where unbounded), runtime (settable while running), range (the
 * allowed values in words) and doc. */
inline pybind11::list mask_field_rows()
{
    namespace py = pybind11;
    py::list rows;
    for (size_t i = 0; i < stftc_mask_field_count(); i++) {
        const stftc_mask_field_t* f = stftc_mask_field_at(i);
        py::dict d;
        d["name"] = f->name;
        d["alias"] = f->alias ? py::object(py::str(f->alias)) : py::object(py::none());
        d["kind"] = mask_field_kind_name(f->kind);
        d["scope"] = f->scope == STFTC_MFIELD_ESTIMATOR ? "estimator" : "all";
        d["unit"] = f->unit;
        d["lo"] =
            std::isnan(f->lo) ? py::object(py::none()) : py::object(py::float_(f->lo));
        d["hi"] =
            std::isnan(f->hi) ? py::object(py::none()) : py::object(py::float_(f->hi));
        d["runtime"] = f->runtime != 0;
        d["range"] = f->range;
        d["doc"] = f->doc;
        rows.append(d);
    }
    return rows;
}

} // namespace stftc_py

#endif
