/*
 * Copyright 2026 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Phase reconstruction of the C core (include/stftclean/phase.h) on numpy
 * arrays, registered as the submodule stftclean_python._phase_api. The
 * public functions, their defaults and docstrings are in
 * python/stftclean/phase.py (frames x bins, the core's framing) and
 * python/stftclean/numpy_api.py (bins x frames, the package's framing);
 * this file takes contiguous float32 (frames, bins) magnitudes and
 * complex64/float32 signals in the core's framing: frame k of y is
 * fft(w * y[k*hop : k*hop + L], N), F frames span (F - 1) * hop + L samples.
 *
 * The core's configuration structs are filled here from their
 * *_config_default() functions, never mirrored in Python, so a field added
 * to a struct keeps its default. Every core call runs with the GIL released;
 * a progress callback takes the GIL back for the time of its call, and an
 * exception raised in it stops the reconstruction and propagates. A bad
 * parameter raises ValueError whose message starts with the parameter's
 * Python name. */

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "binding_common.h"
#include "binding_registry.h"

#include <gnuradio/fft/fft.h>
#include <stftclean/phase.h>
#include <stftclean/stft.h>
#include <volk/volk.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

namespace py = pybind11;

namespace {

using stftc_py::install_planner_lock;
using stftc_py::non_negative;
using stftc_py::stft_config;

/* ------------------------------------------------------------ errors */

/* The core names its config fields; the Python functions name some of them
 * differently. */
std::string python_names(const std::string& msg)
{
    static const char* const renames[][2] = {
        { "iterations:", "iters:" },
        { "sc_tolerance_db:", "tol_db:" },
        { "max_frames:", "mag:" },
    };
    for (const auto& r : renames) {
        const size_t n = std::strlen(r[0]);
        if (msg.compare(0, n, r[0]) == 0)
            return r[1] + msg.substr(n);
    }
    return msg;
}

[[noreturn]] void raise_core(const stftc_error_t& e)
{
    const std::string msg = python_names(e.msg[0] != '\0' ? std::string(e.msg)
                                                          : std::string("stftclean: ") +
                                                                stftc_strerror(e.code));
    switch (e.code) {
    case STFTC_ERR_NOMEM:
        PyErr_SetString(PyExc_MemoryError, msg.c_str());
        throw py::error_already_set();
    case STFTC_ERR_FFTW:
    case STFTC_ERR_IO:
        throw std::runtime_error(msg);
    default: /* INVALID_ARG, NOLA */
        throw py::value_error(msg);
    }
}

[[noreturn]] void raise_value(const std::string& msg) { throw py::value_error(msg); }

void check_rc(int rc, const char* what)
{
    if (rc != STFTC_OK)
        throw std::runtime_error(std::string(what) + " failed: " + stftc_strerror(rc));
}

/* ------------------------------------------------------------ arguments */

size_t window_length(const stftc_stft_config_t& cfg)
{
    return cfg.window_len ? cfg.window_len : cfg.fft_size;
}

/* mag: (frames, bins) float32, C order, bins matching the framing */
size_t check_mag(const py::array& mag, const stftc_stft_config_t& cfg)
{
    if (mag.ndim() != 2)
        raise_value("mag: must be two-dimensional (frames, bins), got " +
                    std::to_string(mag.ndim()) + " dimensions");
    if (!mag.dtype().is(py::dtype::of<float>()) || !(mag.flags() & py::array::c_style))
        raise_value("mag: must be contiguous float32");
    const size_t bins = stftc_stft_config_bins(&cfg);
    if (static_cast<size_t>(mag.shape(1)) != bins)
        raise_value("mag: " + std::to_string(mag.shape(1)) +
                    " bins per frame, but fft_size " + std::to_string(cfg.fft_size) +
                    " gives " + std::to_string(bins) +
                    (cfg.sample_type == STFTC_REAL ? " for a real signal"
                                                   : " for a complex signal"));
    if (mag.shape(0) < 1)
        raise_value("mag: needs at least one frame");
    return static_cast<size_t>(mag.shape(0));
}

/* 1-D contiguous signal of the framing's sample type */
void check_signal(const py::array& y, const stftc_stft_config_t& cfg, const char* name)
{
    const bool real = cfg.sample_type == STFTC_REAL;
    const bool ok_type = real ? y.dtype().is(py::dtype::of<float>())
                              : y.dtype().is(py::dtype::of<std::complex<float>>());
    if (y.ndim() != 1 || !(y.flags() & py::array::c_style) || !ok_type)
        raise_value(std::string(name) + ": must be a one-dimensional contiguous " +
                    (real ? "float32" : "complex64") + " array");
}

py::array new_signal(size_t n, bool real)
{
    if (real)
        return py::array_t<float>(static_cast<py::ssize_t>(n));
    return py::array_t<std::complex<float>>(static_cast<py::ssize_t>(n));
}

using phase_ptr = std::unique_ptr<stftc_phase_t, decltype(&stftc_phase_destroy)>;
using rtpghi_ptr = std::unique_ptr<stftc_rtpghi_t, decltype(&stftc_rtpghi_destroy)>;
using rtisila_ptr = std::unique_ptr<stftc_rtisila_t, decltype(&stftc_rtisila_destroy)>;
using stft_ptr = std::unique_ptr<stftc_stft_t, decltype(&stftc_stft_destroy)>;

/* A phase object for nframes frames with no iterations: for the SC. */
phase_ptr sc_object(const stftc_stft_config_t& cfg, size_t nframes)
{
    stftc_phase_config_t pc = stftc_phase_config_default();
    pc.stft = cfg;
    pc.max_frames = nframes;
    pc.iterations = 0;
    stftc_error_t err{};
    phase_ptr ph(nullptr, &stftc_phase_destroy);
    {
        py::gil_scoped_release nogil;
        ph.reset(stftc_phase_create(&pc, &err));
    }
    if (!ph)
        raise_core(err);
    return ph;
}

/* SC (dB) of y, stftc_phase_signal_len(nframes) samples, against mag */
double sc_of(stftc_phase_t* ph, const float* mag, size_t nframes, const float* y)
{
    double sc;
    {
        py::gil_scoped_release nogil;
        sc = stftc_phase_sc(ph, mag, nframes, y);
    }
    if (std::isnan(sc))
        throw std::runtime_error("spectral convergence: the core refused the arguments");
    return sc;
}

/* ------------------------------------------------------------ progress */

/* The core calls this between passes, with the GIL released: take it for
 * the Python callback. An exception (from the callback, from its result's
 * truth value, or a pending Ctrl-C) is kept for the caller to rethrow once
 * the core has returned, and stops the iterations; it never crosses the
 * core's C frames. */
struct progress_ctx {
    py::object cb;
    std::exception_ptr error;
};

int progress_hook(void* user, size_t iter, double sc_db)
{
    auto* p = static_cast<progress_ctx*>(user);
    py::gil_scoped_acquire gil;
    try {
        if (PyErr_CheckSignals() != 0)
            throw py::error_already_set();
        py::object r = p->cb(iter, sc_db);
        const int truth = PyObject_IsTrue(r.ptr());
        if (truth < 0)
            throw py::error_already_set();
        return truth;
    } catch (...) {
        p->error = std::current_exception();
        return 1;
    }
}

/* ------------------------------------------------------------ methods */

enum class method_t {
    gla,
    fgla,
    pghi,
    pghi_fgla,
    rtpghi,
    rtpghi_causal,
    rtisila,
    lbfgs,
    pghi_lbfgs,
    hybrid,
    raar,
    dm,
    admm,
    agla
};

method_t parse_method(const std::string& m)
{
    static const std::pair<const char*, method_t> names[] = {
        { "gla", method_t::gla },
        { "fgla", method_t::fgla },
        { "pghi", method_t::pghi },
        { "pghi+fgla", method_t::pghi_fgla },
        { "rtpghi", method_t::rtpghi },
        { "rtpghi-causal", method_t::rtpghi_causal },
        { "rtisila", method_t::rtisila },
        { "lbfgs", method_t::lbfgs },
        { "pghi+lbfgs", method_t::pghi_lbfgs },
        { "hybrid", method_t::hybrid },
        { "raar", method_t::raar },
        { "dm", method_t::dm },
        { "admm", method_t::admm },
        { "agla", method_t::agla },
    };
    for (const auto& n : names)
        if (m == n.first)
            return n.second;
    raise_value(
        "method: must be one of gla, fgla, pghi, pghi+fgla, rtpghi, "
        "rtpghi-causal, rtisila, lbfgs, pghi+lbfgs, hybrid, raar, dm, admm, agla, got '" +
        m + "'");
}

/* Streaming methods over a whole spectrogram: the stream's output sample t
 * rebuilds y[t - la * hop] (y in the framing above), so the frames are fed,
 * then zero frames until y's last sample is out. */
template <typename Obj, typename Process>
void run_stream(Obj* obj,
                Process process,
                const float* mag,
                size_t nframes,
                size_t bins,
                size_t hop,
                size_t la,
                size_t spf,
                float* y,
                size_t length)
{
    const size_t shift = la * hop;
    const size_t total = (shift + length + hop - 1) / hop;
    std::vector<float> padded(total * bins, 0.0f);
    std::memcpy(padded.data(), mag, nframes * bins * sizeof(float));
    std::vector<float> z(total * hop * spf);
    check_rc(process(obj, padded.data(), total, z.data()), "real-time reconstruction");
    std::memcpy(y, z.data() + shift * spf, length * spf * sizeof(float));
}

/* A whole number >= 0 or None (-1) */
long optional_count(const py::object& v, const char* name)
{
    if (v.is_none())
        return -1;
    long n;
    try {
        n = v.cast<long>();
    } catch (const py::cast_error&) {
        raise_value(std::string(name) + ": must be None or a whole number, got " +
                    py::repr(v).cast<std::string>());
    }
    if (n < 0)
        raise_value(std::string(name) + ": must be >= 0, got " + std::to_string(n));
    return n;
}

/* Reconstruction of the frames of mag. The core writes the signal y of the
 * framing above, (frames - 1) * hop + L samples; returned are its samples
 * from `head` on, `length` of them (None: to y's end; past it zeros), as
 * the tuple (signal, sc_db, iterations, init_sc_db). sc_db is the SC of
 * the returned signal: y with the samples outside the returned range taken
 * as 0 (the core's own figure when nothing is left out). iters None: the
 * method's default; momentum < 0: the method's default (0.99 for fast GLA,
 * 0.75 for RTISI-LA); tol_db None: no tolerance. */
py::tuple reconstruct(const py::array& mag,
                      long fft_size,
                      long hop,
                      const std::string& window,
                      long window_len,
                      bool centered,
                      bool real,
                      const std::string& method,
                      py::object iters,
                      double momentum,
                      long long seed,
                      py::object tol_db,
                      const std::string& init,
                      long lookahead,
                      py::object progress,
                      long head,
                      py::object length,
                      py::object params,
                      py::object known,
                      py::object known_phase)
{
    const method_t m = parse_method(method);
    /* momentum < 0: the method's default (the core's, for fast GLA and
     * RTISI-LA alike) */
    const double fgla_momentum =
        momentum < 0.0 ? stftc_phase_config_default().momentum : momentum;
    const long n_iters = optional_count(iters, "iters");
    const long n_length = optional_count(length, "length");
    const bool proj = m == method_t::raar || m == method_t::dm || m == method_t::admm ||
                      m == method_t::agla;
    if (init != "random" && init != "zero" && init != "pghi" && !init.empty())
        raise_value("init: must be None, 'random', 'zero' or 'pghi', got '" + init + "'");
    if (init == "pghi" && !proj)
        raise_value("init: 'pghi' is for raar, dm, admm and agla (the pghi+ methods "
                    "start from it anyway)");
    if (seed < 0)
        raise_value("seed: must be >= 0, got " + std::to_string(seed));
    if (!progress.is_none() && !PyCallable_Check(progress.ptr()))
        raise_value("progress: must be None or a callable(iteration, sc_db), got " +
                    py::repr(progress).cast<std::string>());
    const stftc_stft_config_t cfg = stft_config(
        fft_size, hop, window, window_len, centered, real ? STFTC_REAL : STFTC_COMPLEX);
    const size_t nf = check_mag(mag, cfg);
    const size_t bins = stftc_stft_config_bins(&cfg), H = cfg.hop;
    const size_t spf = real ? 1 : 2;
    const size_t full = (nf - 1) * H + window_length(cfg);
    const size_t skip = non_negative(head, "head", ">= 0");
    if (skip > full)
        raise_value("head: must be <= " + std::to_string(full) + ", got " +
                    std::to_string(skip));
    const size_t out_len = n_length < 0 ? full - skip : static_cast<size_t>(n_length);
    /* returned samples y[skip, skip + keep), then zeros */
    const size_t keep = std::min(out_len, full - skip);
    const bool whole = skip == 0 && keep == full;
    const float* S = static_cast<const float*>(mag.data());
    const uint8_t* kn = nullptr;
    const float* kp = nullptr;
    if (!known.is_none()) {
        const py::array ka = known.cast<py::array>(), pa = known_phase.cast<py::array>();
        if (ka.ndim() != 2 || !ka.dtype().is(py::dtype::of<uint8_t>()) ||
            !(ka.flags() & py::array::c_style) || ka.shape(0) != (py::ssize_t)nf ||
            ka.shape(1) != (py::ssize_t)bins)
            raise_value("known: must be contiguous uint8 of the magnitudes' shape");
        if (pa.ndim() != 2 || !pa.dtype().is(py::dtype::of<float>()) ||
            !(pa.flags() & py::array::c_style) || pa.shape(0) != (py::ssize_t)nf ||
            pa.shape(1) != (py::ssize_t)bins)
            raise_value(
                "known_phase: must be contiguous float32 of the magnitudes' shape");
        kn = static_cast<const uint8_t*>(ka.data());
        kp = static_cast<const float*>(pa.data());
    }
    py::array result = new_signal(out_len, real);
    float* res_out = static_cast<float*>(result.mutable_data());
    std::vector<float> work(whole ? 0 : full * spf);
    float* y = whole ? res_out : work.data();
    /* y trimmed to the returned samples, into the returned array */
    auto trim = [&] {
        if (whole)
            return;
        std::memset(y, 0, skip * spf * sizeof(float));
        std::memset(
            y + (skip + keep) * spf, 0, (full - skip - keep) * spf * sizeof(float));
        std::memcpy(res_out, y + skip * spf, keep * spf * sizeof(float));
        std::memset(res_out + keep * spf, 0, (out_len - keep) * spf * sizeof(float));
    };
    stftc_error_t err{};

    if ((m == method_t::rtpghi || m == method_t::rtpghi_causal ||
         m == method_t::rtisila) &&
        kn)
        raise_value("known: the real-time methods take no known phases");
    if (m == method_t::rtpghi || m == method_t::rtpghi_causal || m == method_t::rtisila) {
        stftc_rtpghi_config_t rc = stftc_rtpghi_config_default();
        stftc_rtisila_config_t rs = stftc_rtisila_config_default();
        rc.stft = rs.stft = cfg;
        rc.lookahead = m == method_t::rtpghi ? 1 : 0;
        if (m == method_t::rtisila)
            rs.lookahead = non_negative(lookahead, "lookahead", "in [0, 16]");
        if (n_iters >= 0)
            rs.iterations = static_cast<size_t>(n_iters);
        if (momentum >= 0.0)
            rs.momentum = momentum;
        double sc = 0.0;
        {
            py::gil_scoped_release nogil;
            if (m == method_t::rtisila) {
                rtisila_ptr obj(stftc_rtisila_create(&rs, &err), &stftc_rtisila_destroy);
                if (obj)
                    run_stream(obj.get(),
                               &stftc_rtisila_process,
                               S,
                               nf,
                               bins,
                               H,
                               rs.lookahead,
                               spf,
                               y,
                               full);
                else if (err.code == STFTC_OK)
                    err.code = STFTC_ERR_INVALID_ARG;
            } else {
                rtpghi_ptr obj(stftc_rtpghi_create(&rc, &err), &stftc_rtpghi_destroy);
                if (obj)
                    run_stream(obj.get(),
                               &stftc_rtpghi_process,
                               S,
                               nf,
                               bins,
                               H,
                               static_cast<size_t>(rc.lookahead),
                               spf,
                               y,
                               full);
                else if (err.code == STFTC_OK)
                    err.code = STFTC_ERR_INVALID_ARG;
            }
            if (err.code == STFTC_OK) {
                trim();
                /* the SC with the core's measure: an object without
                 * iterations over these frames */
                stftc_phase_config_t pc = stftc_phase_config_default();
                pc.stft = cfg;
                pc.max_frames = nf;
                pc.iterations = 0;
                phase_ptr ph(stftc_phase_create(&pc, &err), &stftc_phase_destroy);
                if (ph)
                    sc = stftc_phase_sc(ph.get(), S, nf, y);
            }
        }
        if (err.code != STFTC_OK)
            raise_core(err);
        if (std::isnan(sc))
            throw std::runtime_error(
                "spectral convergence: the core refused the arguments");
        return py::make_tuple(result, sc, 0, sc);
    }

    stftc_phase_config_t pc = stftc_phase_config_default();
    pc.stft = cfg;
    pc.max_frames = nf;
    pc.seed = static_cast<uint64_t>(seed);
    if (!tol_db.is_none()) {
        double t;
        try {
            t = tol_db.cast<double>();
        } catch (const py::cast_error&) {
            raise_value("tol_db: must be None or a number of dB, got " +
                        py::repr(tol_db).cast<std::string>());
        }
        if (std::isnan(t) || t > 0.0)
            raise_value("tol_db: must be <= 0 dB (the SC to stop at), got " +
                        py::repr(tol_db).cast<std::string>());
        pc.sc_tolerance_db = t;
    }
    const size_t it = static_cast<size_t>(std::max(n_iters, 0L));
    switch (m) {
    case method_t::pghi:
        pc.init = STFTC_PHASE_INIT_PGHI;
        pc.iterations = 0;
        break;
    case method_t::pghi_fgla:
        pc.init = STFTC_PHASE_INIT_PGHI;
        pc.iterations = n_iters < 0 ? 20 : it;
        pc.momentum = fgla_momentum;
        break;
    case method_t::pghi_lbfgs:
    case method_t::hybrid:
        pc.method =
            m == method_t::hybrid ? STFTC_PHASE_METHOD_HYBRID : STFTC_PHASE_METHOD_LBFGS;
        pc.init = STFTC_PHASE_INIT_PGHI;
        pc.iterations = n_iters < 0 ? 20 : it;
        pc.momentum = fgla_momentum;
        break;
    case method_t::lbfgs:
        pc.method = STFTC_PHASE_METHOD_LBFGS;
        pc.init = init == "zero" ? STFTC_PHASE_INIT_ZERO : STFTC_PHASE_INIT_RANDOM;
        pc.iterations = n_iters < 0 ? 100 : it;
        break;
    case method_t::raar:
    case method_t::dm:
    case method_t::admm:
    case method_t::agla:
        pc.method = m == method_t::raar   ? STFTC_PHASE_METHOD_RAAR
                    : m == method_t::dm   ? STFTC_PHASE_METHOD_DM
                    : m == method_t::admm ? STFTC_PHASE_METHOD_ADMM
                                          : STFTC_PHASE_METHOD_AGLA;
        pc.init = init == "zero"     ? STFTC_PHASE_INIT_ZERO
                  : init == "random" ? STFTC_PHASE_INIT_RANDOM
                                     : STFTC_PHASE_INIT_PGHI;
        pc.iterations = n_iters < 0 ? 100 : it;
        break;
    default: /* gla, fgla */
        pc.init = init == "zero" ? STFTC_PHASE_INIT_ZERO : STFTC_PHASE_INIT_RANDOM;
        pc.iterations = n_iters < 0 ? 100 : it;
        pc.momentum = m == method_t::gla ? 0.0 : fgla_momentum;
        break;
    }
    if (!params.is_none()) {
        for (const auto& item : params.cast<py::dict>()) {
            const std::string key = py::str(item.first);
            if (key == "hybrid_method") {
                static const std::pair<const char*, stftc_phase_method_t> hm[] = {
                    { "lbfgs", STFTC_PHASE_METHOD_LBFGS },
                    { "raar", STFTC_PHASE_METHOD_RAAR },
                    { "dm", STFTC_PHASE_METHOD_DM },
                    { "admm", STFTC_PHASE_METHOD_ADMM },
                    { "agla", STFTC_PHASE_METHOD_AGLA },
                };
                const std::string v = py::str(item.second);
                bool found = false;
                for (const auto& h : hm)
                    if (v == h.first) {
                        pc.hybrid_method = h.second;
                        found = true;
                    }
                if (!found)
                    raise_value(
                        "hybrid_method: must be lbfgs, raar, dm, admm or agla, got '" +
                        v + "'");
                continue;
            }
            double v;
            try {
                v = item.second.cast<double>();
            } catch (const py::cast_error&) {
                raise_value(key + ": must be a number");
            }
            if (key == "hybrid_fgla") {
                if (!(v >= 0 && v <= 1e6) || v != std::floor(v))
                    raise_value("hybrid_fgla: must be a count in [0, 1000000]");
                pc.hybrid_fgla = static_cast<size_t>(v);
                continue;
            }
            stftc_error_t pe{};
            if (stftc_phase_config_set(&pc, key.c_str(), v, &pe) != STFTC_OK)
                raise_value(pe.msg);
        }
    }
    progress_ctx ctx;
    if (!progress.is_none()) {
        ctx.cb = progress;
        pc.progress = &progress_hook;
        pc.progress_user = &ctx;
    }
    stftc_phase_result_t res{};
    int rc = STFTC_OK;
    double sc = 0.0;
    {
        py::gil_scoped_release nogil;
        phase_ptr ph(stftc_phase_create(&pc, &err), &stftc_phase_destroy);
        if (ph) {
            rc = stftc_phase_reconstruct_known(ph.get(), S, nf, kp, kn, y, nullptr, &res);
            sc = res.sc_db;
            if (rc == STFTC_OK && !ctx.error && !whole) {
                trim();
                sc = stftc_phase_sc(ph.get(), S, nf, y);
            }
        } else if (err.code == STFTC_OK) {
            err.code = STFTC_ERR_INVALID_ARG;
        }
    }
    if (ctx.error)
        std::rethrow_exception(ctx.error);
    if (err.code != STFTC_OK)
        raise_core(err);
    check_rc(rc, "stftc_phase_reconstruct");
    if (std::isnan(sc))
        throw std::runtime_error("spectral convergence: the core refused the arguments");
    return py::make_tuple(result, sc, res.iterations, res.init_sc_db);
}

/* SC (dB) of y against mag; y holds at least (frames - 1) * hop + L
 * samples (the rest is ignored). */
double spectral_convergence(const py::array& mag,
                            const py::array& y,
                            long fft_size,
                            long hop,
                            const std::string& window,
                            long window_len,
                            bool centered,
                            bool real)
{
    const stftc_stft_config_t cfg = stft_config(
        fft_size, hop, window, window_len, centered, real ? STFTC_REAL : STFTC_COMPLEX);
    const size_t nf = check_mag(mag, cfg);
    check_signal(y, cfg, "y");
    const size_t need = (nf - 1) * cfg.hop + window_length(cfg);
    if (static_cast<size_t>(y.shape(0)) < need)
        raise_value("y: " + std::to_string(y.shape(0)) + " samples, the " +
                    std::to_string(nf) + " frames need " + std::to_string(need));
    phase_ptr ph = sc_object(cfg, nf);
    return sc_of(ph.get(),
                 static_cast<const float*>(mag.data()),
                 nf,
                 static_cast<const float*>(y.data()));
}

/* |STFT| of x, (frames, bins) float32: frame k = fft(w * x[k*hop : k*hop +
 * L], N), floor((len(x) - L) / hop) + 1 frames. */
py::array magnitude(const py::array& x,
                    long fft_size,
                    long hop,
                    const std::string& window,
                    long window_len,
                    bool centered,
                    bool real)
{
    const stftc_stft_config_t cfg = stft_config(
        fft_size, hop, window, window_len, centered, real ? STFTC_REAL : STFTC_COMPLEX);
    check_signal(x, cfg, "x");
    const size_t L = window_length(cfg), n = static_cast<size_t>(x.shape(0));
    if (n < L)
        raise_value("x: " + std::to_string(n) + " samples are fewer than the window " +
                    "length " + std::to_string(L));
    const size_t nf = (n - L) / cfg.hop + 1, bins = stftc_stft_config_bins(&cfg);
    py::array_t<float> out(
        { static_cast<py::ssize_t>(nf), static_cast<py::ssize_t>(bins) });
    const float* in = static_cast<const float*>(x.data());
    float* o = out.mutable_data();
    stftc_error_t err{};
    int rc = STFTC_OK;
    {
        py::gil_scoped_release nogil;
        stft_ptr st(stftc_stft_create(&cfg, &err), &stftc_stft_destroy);
        if (st) {
            /* in blocks of frames, to bound the complex scratch */
            const size_t block = 256;
            std::vector<std::complex<float>> fr(block * bins);
            for (size_t k = 0; k < nf && rc == STFTC_OK; k += block) {
                const size_t m = std::min(block, nf - k);
                const size_t spf = real ? 1 : 2;
                rc = stftc_stft_analyze(st.get(),
                                        in + k * cfg.hop * spf,
                                        m,
                                        reinterpret_cast<float*>(fr.data()));
                volk_32fc_magnitude_32f(o + k * bins,
                                        reinterpret_cast<const lv_32fc_t*>(fr.data()),
                                        static_cast<unsigned>(m * bins));
            }
        } else if (err.code == STFTC_OK) {
            err.code = STFTC_ERR_INVALID_ARG;
        }
    }
    if (err.code != STFTC_OK)
        raise_core(err);
    check_rc(rc, "stftc_stft_analyze");
    return std::move(out);
}

void bind_phase_api(py::module& m)
{
    install_planner_lock();
    py::module p = m.def_submodule(
        "_phase_api",
        "Core calls of gnuradio.stftclean.phase and numpy_api.reconstruct (use those).");
    p.def("reconstruct",
          &reconstruct,
          py::arg("mag"),
          py::arg("fft_size"),
          py::arg("hop"),
          py::arg("window"),
          py::arg("window_len"),
          py::arg("centered"),
          py::arg("real"),
          py::arg("method"),
          py::arg("iters"),
          py::arg("momentum"),
          py::arg("seed"),
          py::arg("tol_db"),
          py::arg("init"),
          py::arg("lookahead"),
          py::arg("progress") = py::none(),
          py::arg("head") = 0,
          py::arg("length") = py::none(),
          py::arg("params") = py::none(),
          py::arg("known") = py::none(),
          py::arg("known_phase") = py::none());
    p.def("spectral_convergence",
          &spectral_convergence,
          py::arg("mag"),
          py::arg("y"),
          py::arg("fft_size"),
          py::arg("hop"),
          py::arg("window"),
          py::arg("window_len"),
          py::arg("centered"),
          py::arg("real"));
    p.def("magnitude",
          &magnitude,
          py::arg("x"),
          py::arg("fft_size"),
          py::arg("hop"),
          py::arg("window"),
          py::arg("window_len"),
          py::arg("centered"),
          py::arg("real"));
}

} // namespace

STFTCLEAN_REGISTER_BINDING(bind_phase_api);
