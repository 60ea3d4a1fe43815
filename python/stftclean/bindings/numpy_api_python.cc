/*
 * Copyright 2026 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The numpy layer's core calls: STFT/ISTFT, the file-mode cleaner and the
 * recording reader of the C core on numpy arrays, registered as the
 * submodule stftclean_python._numpy_api. The public functions, their
 * argument handling and docstrings are in python/stftclean/numpy_api.py;
 * this file takes contiguous complex64/float32 arrays only.
 *
 * Conventions: every core call runs with the GIL released; a core error
 * becomes ValueError (bad parameter or file content), OSError (I/O) or
 * MemoryError, with the core's sentence, which starts with the name of the
 * bad parameter. */

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "binding_common.h"
#include "binding_registry.h"

#include <gnuradio/fft/fft.h>
#include <stftclean/aligned.h>
#include <stftclean/bursts.h>
#include <stftclean/civil_time.h>
#include <stftclean/cleaner.h>
#include <stftclean/features.h>
#include <stftclean/iqsource.h>
#include <stftclean/mask_fields.h>
#include <stftclean/scattering.h>
#include <stftclean/sigmf.h>
#include <stftclean/stft.h>
#include <stftclean/vmath.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace py = pybind11;

namespace {

using stftc_py::install_planner_lock;
using stftc_py::non_negative;
using stftc_py::stft_config;

/* ------------------------------------------------------------ errors */

std::string core_message(const stftc_error_t& e)
{
    if (e.msg[0] != '\0')
        return e.msg;
    return std::string("stftclean: ") + stftc_strerror(e.code);
}

[[noreturn]] void raise_core(const stftc_error_t& e)
{
    const std::string msg = core_message(e);
    switch (e.code) {
    case STFTC_ERR_IO:
        PyErr_SetString(PyExc_OSError, msg.c_str());
        throw py::error_already_set();
    case STFTC_ERR_NOMEM:
        PyErr_SetString(PyExc_MemoryError, msg.c_str());
        throw py::error_already_set();
    case STFTC_ERR_FFTW:
        throw std::runtime_error(msg);
    default: /* INVALID_ARG, NOLA, FORMAT */
        throw py::value_error(msg);
    }
}

[[noreturn]] void raise_value(const std::string& msg) { throw py::value_error(msg); }


/* ------------------------------------------------------------ arrays */

bool is_complex64(const py::array& a)
{
    return a.dtype().is(py::dtype::of<std::complex<float>>());
}
bool is_float32(const py::array& a) { return a.dtype().is(py::dtype::of<float>()); }

/* x must be 1-D, C-contiguous complex64 or float32 (numpy_api.py converts). */
stftc_sample_t sample_type_of(const py::array& x, const char* name)
{
    if (x.ndim() != 1)
        raise_value(std::string(name) + ": must be one-dimensional, got " +
                    std::to_string(x.ndim()) + " dimensions");
    if (!(x.flags() & py::array::c_style))
        raise_value(std::string(name) + ": must be contiguous");
    if (is_complex64(x))
        return STFTC_COMPLEX;
    if (is_float32(x))
        return STFTC_REAL;
    raise_value(std::string(name) + ": must be complex64 or float32");
}


/* ------------------------------------------------------------ stft / istft */

using stft_ptr = std::unique_ptr<stftc_stft_t, decltype(&stftc_stft_destroy)>;
using istft_ptr = std::unique_ptr<stftc_istft_t, decltype(&stftc_istft_destroy)>;
using cleaner_ptr = std::unique_ptr<stftc_cleaner_t, decltype(&stftc_cleaner_destroy)>;
using mask_ptr = std::unique_ptr<stftc_mask_t, decltype(&stftc_mask_destroy)>;

/* Frames that hold at least one input sample: frame k covers input samples
 * k*hop - latency .. k*hop + hop - 1, so k = 0 .. ceil((n + latency) / hop) - 1. */
size_t frames_covering(size_t n, size_t latency, size_t hop)
{
    return n == 0 ? 0 : (n + latency + hop - 1) / hop;
}

/* Returns (frames, bins) complex64, C order; numpy_api.py transposes. */
py::array stft_frames(const py::array& x,
                      long fft_size,
                      long hop,
                      const std::string& window,
                      long window_len,
                      bool centered)
{
    const stftc_sample_t type = sample_type_of(x, "x");
    const stftc_stft_config_t cfg =
        stft_config(fft_size, hop, window, window_len, centered, type);
    install_planner_lock();
    stftc_error_t err{};
    stft_ptr st(stftc_stft_create(&cfg, &err), &stftc_stft_destroy);
    if (!st)
        raise_core(err);
    const size_t n = static_cast<size_t>(x.shape(0));
    const size_t H = cfg.hop, lat = stftc_stft_latency(st.get());
    const size_t bins = stftc_stft_bins(st.get());
    const size_t spf = type == STFTC_COMPLEX ? 2 : 1;
    const size_t nframes = frames_covering(n, lat, H);
    py::array_t<std::complex<float>> out(
        { static_cast<py::ssize_t>(nframes), static_cast<py::ssize_t>(bins) });
    if (nframes == 0)
        return std::move(out);
    const float* in = static_cast<const float*>(x.data());
    float* fr = reinterpret_cast<float*>(out.mutable_data());
    size_t got = 0;
    {
        py::gil_scoped_release nogil;
        /* x, then the zeros that complete the last frame touching it */
        got = stftc_stft_process(st.get(), in, n, fr);
        const size_t tail = nframes * H - n;
        std::vector<float> zeros(tail * spf, 0.0f);
        got += stftc_stft_process(st.get(), zeros.data(), tail, fr + got * bins * 2);
    }
    if (got != nframes)
        throw std::runtime_error("stft: internal error, frame count mismatch");
    return std::move(out);
}

/* S: (frames, bins) complex64 C order. Output sample t is input sample t
 * (latency removed), length samples (zero-padded past what the frames
 * give). */
py::array istft_frames(const py::array& S,
                       long fft_size,
                       long hop,
                       const std::string& window,
                       long window_len,
                       bool centered,
                       bool real,
                       long length)
{
    if (S.ndim() != 2)
        raise_value("S: must be two-dimensional (bins, frames), got " +
                    std::to_string(S.ndim()) + " dimensions");
    if (!is_complex64(S) || !(S.flags() & py::array::c_style))
        raise_value("S: must be contiguous complex64");
    const stftc_stft_config_t cfg = stft_config(
        fft_size, hop, window, window_len, centered, real ? STFTC_REAL : STFTC_COMPLEX);
    install_planner_lock();
    stftc_error_t err{};
    istft_ptr it(stftc_istft_create(&cfg, &err), &stftc_istft_destroy);
    if (!it)
        raise_core(err);
    const size_t bins = stftc_istft_bins(it.get());
    const size_t nframes = static_cast<size_t>(S.shape(0));
    if (static_cast<size_t>(S.shape(1)) != bins)
        raise_value("S: has " + std::to_string(S.shape(1)) +
                    " bins (rows), but fft_size " + std::to_string(cfg.fft_size) +
                    " gives " + std::to_string(bins) +
                    (real ? " for a real signal" : " for a complex signal"));
    const size_t H = cfg.hop, lat = stftc_istft_latency(it.get());
    const size_t avail = nframes * H > lat ? nframes * H - lat : 0;
    const size_t n = length < 0 ? avail : static_cast<size_t>(length);
    const size_t spf = real ? 1 : 2;
    py::array out =
        real ? py::array(py::array_t<float>(static_cast<py::ssize_t>(n)))
             : py::array(py::array_t<std::complex<float>>(static_cast<py::ssize_t>(n)));
    float* o = static_cast<float*>(out.mutable_data());
    const float* fr = static_cast<const float*>(S.data());
    int rc = STFTC_OK;
    {
        py::gil_scoped_release nogil;
        std::memset(o, 0, n * spf * sizeof(float));
        const size_t block = std::max<size_t>(1, (size_t(1) << 16) / H);
        std::vector<float> tmp(block * H * spf);
        /* output index t (from the start of the ISTFT's output) holds sample
         * t - lat: keep t in [lat, lat + n) */
        for (size_t f = 0; f < nframes && rc == STFTC_OK; f += block) {
            const size_t nf = std::min(block, nframes - f);
            rc = stftc_istft_process(it.get(), fr + f * bins * 2, nf, tmp.data());
            const size_t pos = f * H, end = pos + nf * H;
            const size_t lo = std::max(pos, lat), hi = std::min(end, lat + n);
            if (hi > lo)
                std::memcpy(o + (lo - lat) * spf,
                            tmp.data() + (lo - pos) * spf,
                            (hi - lo) * spf * sizeof(float));
            if (end >= lat + n)
                break;
        }
    }
    if (rc != STFTC_OK) {
        err.code = rc;
        err.msg[0] = '\0';
        raise_core(err);
    }
    return out;
}


/* ------------------------------------------------------------ streaming */

/* Streaming STFT for chunks (numpy_api.STFT): the frames completed by each
 * chunk; flush() adds the frames that stft() of the whole signal has past
 * its end (zeros fed) and starts a new stream. */
class stft_stream
{
public:
    stft_stream(long fft_size,
                long hop,
                const std::string& window,
                long window_len,
                bool centered,
                bool real)
        : st_(nullptr, &stftc_stft_destroy)
    {
        cfg_ = stft_config(fft_size,
                           hop,
                           window,
                           window_len,
                           centered,
                           real ? STFTC_REAL : STFTC_COMPLEX);
        install_planner_lock();
        stftc_error_t err{};
        st_.reset(stftc_stft_create(&cfg_, &err));
        if (!st_)
            raise_core(err);
    }
    size_t bins() const { return stftc_stft_bins(st_.get()); }
    size_t latency() const { return stftc_stft_latency(st_.get()); }
    size_t samples() const { return samples_; }
    size_t frames() const { return frames_; }
    void reset()
    {
        stftc_stft_reset(st_.get());
        samples_ = frames_ = 0;
    }

    /* (frames, bins) complex64 */
    py::array process(const py::array& x)
    {
        const stftc_sample_t type = sample_type_of(x, "x");
        if (type != cfg_.sample_type)
            raise_value(std::string("x: this STFT takes ") +
                        (cfg_.sample_type == STFTC_COMPLEX ? "complex" : "real") +
                        " samples");
        const size_t n = static_cast<size_t>(x.shape(0));
        return run(static_cast<const float*>(x.data()), n);
    }

    py::array flush()
    {
        const size_t H = cfg_.hop;
        const size_t total = frames_covering(samples_, latency(), H);
        const size_t tail = total * H > samples_ ? total * H - samples_ : 0;
        std::vector<float> zeros(tail * (cfg_.sample_type == STFTC_COMPLEX ? 2 : 1),
                                 0.0f);
        py::array out = run(zeros.data(), tail);
        reset();
        return out;
    }

private:
    py::array run(const float* in, size_t n)
    {
        const size_t nf = stftc_stft_frames_for(st_.get(), n), nb = bins();
        py::array_t<std::complex<float>> out(
            { static_cast<py::ssize_t>(nf), static_cast<py::ssize_t>(nb) });
        float* fr = reinterpret_cast<float*>(out.mutable_data());
        size_t got;
        {
            py::gil_scoped_release nogil;
            got = stftc_stft_process(st_.get(), in, n, fr);
        }
        samples_ += n;
        frames_ += got;
        if (got != nf)
            throw std::runtime_error("STFT: internal error, frame count mismatch");
        return std::move(out);
    }

    stftc_stft_config_t cfg_{};
    stft_ptr st_;
    size_t samples_ = 0, frames_ = 0;
};

/* Streaming ISTFT (numpy_api.ISTFT): hop samples per frame, the first
 * latency samples of the stream dropped, so the output lines up with the
 * signal the frames came from. */
class istft_stream
{
public:
    istft_stream(long fft_size,
                 long hop,
                 const std::string& window,
                 long window_len,
                 bool centered,
                 bool real)
        : it_(nullptr, &stftc_istft_destroy)
    {
        cfg_ = stft_config(fft_size,
                           hop,
                           window,
                           window_len,
                           centered,
                           real ? STFTC_REAL : STFTC_COMPLEX);
        install_planner_lock();
        stftc_error_t err{};
        it_.reset(stftc_istft_create(&cfg_, &err));
        if (!it_)
            raise_core(err);
        drop_ = latency();
    }
    size_t bins() const { return stftc_istft_bins(it_.get()); }
    size_t latency() const { return stftc_istft_latency(it_.get()); }
    void reset()
    {
        stftc_istft_reset(it_.get());
        drop_ = latency();
    }

    /* F: (frames, bins) complex64 C order */
    py::array process(const py::array& F)
    {
        if (F.ndim() != 2 || !is_complex64(F) || !(F.flags() & py::array::c_style))
            raise_value("S: must be a two-dimensional complex64 array (bins, frames)");
        const size_t nb = bins(), nf = static_cast<size_t>(F.shape(0));
        if (static_cast<size_t>(F.shape(1)) != nb)
            raise_value("S: has " + std::to_string(F.shape(1)) +
                        " bins (rows), this ISTFT takes " + std::to_string(nb));
        const bool real = cfg_.sample_type == STFTC_REAL;
        const size_t spf = real ? 1 : 2, H = cfg_.hop;
        const size_t produced = nf * H, skip = std::min(drop_, produced);
        const size_t n = produced - skip;
        py::array out = real ? py::array(py::array_t<float>(static_cast<py::ssize_t>(n)))
                             : py::array(py::array_t<std::complex<float>>(
                                   static_cast<py::ssize_t>(n)));
        float* o = static_cast<float*>(out.mutable_data());
        const float* fr = static_cast<const float*>(F.data());
        int rc = STFTC_OK;
        {
            py::gil_scoped_release nogil;
            if (skip == 0) {
                rc = stftc_istft_process(it_.get(), fr, nf, o);
            } else {
                std::vector<float> tmp(produced * spf);
                rc = stftc_istft_process(it_.get(), fr, nf, tmp.data());
                std::memcpy(o, tmp.data() + skip * spf, n * spf * sizeof(float));
            }
        }
        if (rc != STFTC_OK) {
            stftc_error_t err{};
            err.code = rc;
            raise_core(err);
        }
        drop_ -= skip;
        return out;
    }

private:
    stftc_stft_config_t cfg_{};
    istft_ptr it_;
    size_t drop_ = 0;
};

/* ------------------------------------------------------------ clean */

void set_bands(stftc_mask_config_t& m, const py::handle& value)
{
    stftc_error_t err{};
    if (py::isinstance<py::str>(value)) {
        const std::string text = value.cast<std::string>();
        if (stftc_mask_parse_bands(text.c_str(), m.bands, &m.nbands, &err) != STFTC_OK)
            raise_core(err);
        return;
    }
    std::vector<double> b;
    try {
        b = value.cast<std::vector<double>>();
    } catch (const py::cast_error&) {
        raise_value("bands: need lo, hi pairs in Hz (a flat list of numbers or a "
                    "\"lo:hi,...\" string)");
    }
    if (b.size() % 2 != 0)
        raise_value("bands: need lo, hi pairs in Hz (an even number of values), got " +
                    std::to_string(b.size()) + " values");
    if (b.size() / 2 > STFTC_MASK_MAX_BANDS)
        raise_value("bands: at most " + std::to_string(STFTC_MASK_MAX_BANDS) +
                    " ranges, got " + std::to_string(b.size() / 2));
    m.nbands = b.size() / 2;
    std::copy(b.begin(), b.end(), m.bands);
}

/* mask parameters by name: the rows of the core's table (mask_fields.h)
 * other than mask and sample_rate, which are the functions' own arguments;
 * None keeps the default (automatic) value */
void apply_mask_params(stftc_mask_config_t& m, const py::dict& params)
{
    stftc_error_t err{};
    for (const auto& kv : params) {
        const std::string key = kv.first.cast<std::string>();
        const py::handle v = kv.second;
        const stftc_mask_field_t* f = stftc_mask_field_find(key.c_str());
        if (!f || key != f->name || f->kind == STFTC_MFIELD_TYPE ||
            f->offset == offsetof(stftc_mask_config_t, sample_rate))
            throw py::type_error("unknown mask parameter '" + key + "'");
        if (v.is_none()) {
            if (f->kind == STFTC_MFIELD_TRISTATE)
                stftc_mask_field_set(&m, f, -1.0, &err);
            continue;
        }
        int rc = STFTC_OK;
        switch (f->kind) {
        case STFTC_MFIELD_BANDS:
            set_bands(m, v);
            break;
        case STFTC_MFIELD_FLAG:
            rc = stftc_mask_field_set(
                &m, f, PyObject_IsTrue(v.ptr()) == 1 ? 1.0 : 0.0, &err);
            break;
        case STFTC_MFIELD_TRISTATE:
            if (py::isinstance<py::str>(v)) {
                rc = stftc_mask_field_parse(&m, f, v.cast<std::string>().c_str(), &err);
                break;
            }
            try {
                rc = stftc_mask_field_set(&m, f, (double)v.cast<int>(), &err);
            } catch (const py::cast_error&) {
                raise_value(key + ": must be None (automatic), False or True, got " +
                            py::repr(v).cast<std::string>());
            }
            break;
        default:
            try {
                rc = stftc_mask_field_set(&m, f, v.cast<double>(), &err);
            } catch (const py::cast_error&) {
                raise_value(key + ": must be a number, got " +
                            py::repr(v).cast<std::string>());
            }
        }
        if (rc != STFTC_OK)
            raise_core(err);
    }
}

#define CLEAN_CHUNK 65536 /* samples per process() call, as the CLI */

/* One pass over x[0..total), zero-padded past the latency to whole hops, in
 * the CLI's chunks; with out, output index t (input t - latency) goes to
 * out[t - latency] for t in [latency, latency + total). GIL released by the
 * caller. */
/* Progress of a long call: after each chunk (GIL taken for a moment) a
 * pending Ctrl-C raises KeyboardInterrupt, and the callback, if any, gets
 * (samples done, samples in all); an exception from it ends the call. */
struct progress_t {
    py::object cb; /* None or callable(done, total) */
    size_t done = 0, total = 0;
    void tick(size_t n)
    {
        done += n;
        py::gil_scoped_acquire gil;
        if (PyErr_CheckSignals() != 0)
            throw py::error_already_set();
        if (!cb.is_none())
            cb(done, total);
    }
};

int clean_pass(stftc_cleaner_t* cl,
               const float* x,
               size_t total,
               size_t spf,
               float* out,
               std::vector<float>& ibuf,
               std::vector<float>& obuf,
               progress_t& prog)
{
    const size_t hop = stftc_cleaner_hop(cl), lat = stftc_cleaner_latency(cl);
    const size_t chunk = CLEAN_CHUNK > hop ? CLEAN_CHUNK / hop * hop : hop;
    const size_t padded = (total + lat + hop - 1) / hop * hop;
    ibuf.resize(chunk * spf);
    obuf.resize(chunk * spf);
    for (size_t pos = 0; pos < padded; pos += chunk) {
        const size_t n = std::min(chunk, padded - pos);
        const float* in = pos < total ? x + pos * spf : x;
        if (pos + n > total) { /* the end: input then zeros */
            const size_t nread = pos < total ? total - pos : 0;
            std::memcpy(ibuf.data(), in, nread * spf * sizeof(float));
            std::memset(ibuf.data() + nread * spf, 0, (n - nread) * spf * sizeof(float));
            in = ibuf.data();
        }
        const int rc = stftc_cleaner_process(cl, in, obuf.data(), n);
        if (rc != STFTC_OK)
            return rc;
        if (out) {
            const size_t lo = std::max(pos, lat), hi = std::min(pos + n, lat + total);
            if (hi > lo)
                std::memcpy(out + (lo - lat) * spf,
                            obuf.data() + (lo - pos) * spf,
                            (hi - lo) * spf * sizeof(float));
        }
        prog.tick(n);
    }
    return STFTC_OK;
}

bool mask_learns(stftc_mask_type_t t)
{
    return t == STFTC_MASK_AUTO || t == STFTC_MASK_CFAR || t == STFTC_MASK_GATE ||
           t == STFTC_MASK_WIENER;
}

/* The mask type and sample rate of a mask configuration, as the blocks
 * take them: the rate may be None only for the masks that need no time or
 * frequency scale. */
void mask_type_and_rate(stftc_mask_config_t& m,
                        const std::string& mask,
                        const py::object& sample_rate)
{
    stftc_error_t err{};
    if (stftc_mask_parse_type(mask.c_str(), &m.type, &err) != STFTC_OK)
        raise_core(err);
    const stftc_mask_type_t t = m.type;
    if (sample_rate.is_none()) {
        if (t != STFTC_MASK_NONE && t != STFTC_MASK_THRESHOLD)
            raise_value(std::string("sample_rate: missing; the ") +
                        stftc_mask_type_name(t) +
                        " mask measures its noise window, regions, bands and smoothing "
                        "in s and Hz: give the sample rate in Hz");
    } else {
        try {
            m.sample_rate = sample_rate.cast<double>();
        } catch (const py::cast_error&) {
            raise_value("sample_rate: must be a number in Hz");
        }
    }
}

/* A cleaner as clean() and Cleaner build it. */
cleaner_ptr make_cleaner(stftc_sample_t type,
                         const py::object& sample_rate,
                         const std::string& mask,
                         long fft_size,
                         long hop,
                         const std::string& window,
                         long window_len,
                         int threads,
                         const py::dict& params)
{
    stftc_cleaner_config_t cfg = stftc_cleaner_config_default();
    cfg.stft = stft_config(fft_size, hop, window, window_len, false, type);
    mask_type_and_rate(cfg.mask, mask, sample_rate);
    if (threads != 1 && threads != 2)
        raise_value("threads: must be 1 or 2, got " + std::to_string(threads));
    cfg.threads = threads;
    apply_mask_params(cfg.mask, params);
    install_planner_lock();
    stftc_error_t err{};
    cleaner_ptr cl(stftc_cleaner_create(&cfg, &err), &stftc_cleaner_destroy);
    if (!cl)
        raise_core(err);
    return cl;
}

/* Samples the file mode's priming pass reads (the noise window and 100 ms
 * more, as `stftclean clean`); 0 for masks that learn nothing. */
size_t priming_samples(const stftc_mask_config_t& m)
{
    if (!mask_learns(m.type))
        return 0;
    const double nw = m.noise_window > 0.0 ? m.noise_window : 2.0;
    return static_cast<size_t>(std::ceil((nw + 0.1) * m.sample_rate));
}

py::array clean(const py::array& x,
                py::object sample_rate,
                const std::string& mask,
                long fft_size,
                long hop,
                const std::string& window,
                long window_len,
                bool one_pass,
                int threads,
                const py::dict& params,
                py::object progress)
{
    const stftc_sample_t type = sample_type_of(x, "x");
    cleaner_ptr cl = make_cleaner(
        type, sample_rate, mask, fft_size, hop, window, window_len, threads, params);
    stftc_error_t err{};

    const size_t total = static_cast<size_t>(x.shape(0));
    const size_t spf = type == STFTC_COMPLEX ? 2 : 1;
    py::array out = type == STFTC_REAL
                        ? py::array(py::array_t<float>(static_cast<py::ssize_t>(total)))
                        : py::array(py::array_t<std::complex<float>>(
                              static_cast<py::ssize_t>(total)));
    if (total == 0)
        return out;
    const float* in = static_cast<const float*>(x.data());
    float* o = static_cast<float*>(out.mutable_data());
    /* file mode as `stftclean clean`: prime with the noise window and 100 ms
     * more (the estimators only), rewind, then clean from the start */
    const size_t prime =
        one_pass ? 0 : priming_samples(stftc_cleaner_config(cl.get())->mask);
    const size_t H = stftc_cleaner_hop(cl.get()), lat = stftc_cleaner_latency(cl.get());
    const size_t pt = std::min(prime, total);
    progress_t prog;
    prog.cb = progress;
    prog.total = (total + lat + H - 1) / H * H + (pt ? (pt + lat + H - 1) / H * H : 0);
    int rc = STFTC_OK;
    {
        py::gil_scoped_release nogil;
        std::vector<float> ibuf, obuf;
        if (pt > 0) {
            rc = clean_pass(cl.get(), in, pt, spf, nullptr, ibuf, obuf, prog);
            stftc_cleaner_rewind(cl.get());
        }
        if (rc == STFTC_OK)
            rc = clean_pass(cl.get(), in, total, spf, o, ibuf, obuf, prog);
    }
    if (rc != STFTC_OK) {
        err.code = rc;
        err.msg[0] = '\0';
        raise_core(err);
    }
    return out;
}


/* ------------------------------------------------------------ mask */

/* Feed x[0..nx) then zeros, total samples in all, through st in chunks;
 * every frame goes through the mask stage and sink(k, frame, bins_out,
 * gain) gets input frame k and what the stage returned for it (the masked
 * bins and gains of frame k - delay). */
template <typename Sink>
void mask_stream(stftc_stft_t* st,
                 stftc_mask_t* mk,
                 const float* x,
                 size_t nx,
                 size_t total,
                 size_t spf,
                 Sink sink,
                 progress_t* prog = nullptr)
{
    const size_t H = stftc_stft_config(st)->hop, nb = stftc_stft_bins(st);
    const size_t chunk = CLEAN_CHUNK > H ? CLEAN_CHUNK / H * H : H;
    std::vector<float> ibuf(chunk * spf), frames((chunk / H + 1) * nb * 2);
    std::vector<float> bins_out(nb * 2), gain(nb);
    size_t k = 0;
    for (size_t pos = 0; pos < total; pos += chunk) {
        const size_t n = std::min(chunk, total - pos);
        const float* src = pos < nx ? x + pos * spf : x;
        if (pos + n > nx) {
            const size_t nread = pos < nx ? nx - pos : 0;
            std::memcpy(ibuf.data(), src, nread * spf * sizeof(float));
            std::memset(ibuf.data() + nread * spf, 0, (n - nread) * spf * sizeof(float));
            src = ibuf.data();
        }
        const size_t nf = stftc_stft_process(st, src, n, frames.data());
        for (size_t i = 0; i < nf; i++, k++) {
            const float* fr = frames.data() + i * nb * 2;
            stftc_mask_process(mk, fr, bins_out.data(), gain.data());
            sink(k, fr, bins_out.data(), gain.data());
        }
        if (prog)
            prog->tick(n);
    }
}

/* Gains of the mask stage for every stft() frame of x, (frames, bins)
 * float32 in natural bin order, the look-ahead undone; file mode as
 * clean(). */
py::array mask_gains(const py::array& x,
                     py::object sample_rate,
                     const std::string& mask,
                     long fft_size,
                     long hop,
                     const std::string& window,
                     long window_len,
                     bool one_pass,
                     const py::dict& params)
{
    const stftc_sample_t type = sample_type_of(x, "x");
    const stftc_stft_config_t scfg =
        stft_config(fft_size, hop, window, window_len, false, type);
    stftc_error_t err{};
    stftc_mask_config_t mcfg = stftc_mask_config_default();
    mask_type_and_rate(mcfg, mask, sample_rate);
    apply_mask_params(mcfg, params);
    install_planner_lock();
    stft_ptr st(stftc_stft_create(&scfg, &err), &stftc_stft_destroy);
    if (!st)
        raise_core(err);
    mask_ptr mk(stftc_mask_create(&mcfg, &scfg, &err), &stftc_mask_destroy);
    if (!mk)
        raise_core(err);

    const size_t n = static_cast<size_t>(x.shape(0));
    const size_t H = scfg.hop, lat = stftc_stft_latency(st.get());
    const size_t nb = stftc_stft_bins(st.get()), D = stftc_mask_delay(mk.get());
    const size_t spf = type == STFTC_COMPLEX ? 2 : 1;
    const size_t nframes = frames_covering(n, lat, H);
    py::array_t<float> out(
        { static_cast<py::ssize_t>(nframes), static_cast<py::ssize_t>(nb) });
    if (nframes == 0)
        return std::move(out);
    float* o = out.mutable_data();
    const float* in = static_cast<const float*>(x.data());
    const size_t prime = one_pass ? 0 : priming_samples(mcfg);
    {
        py::gil_scoped_release nogil;
        if (prime > 0) { /* as the cleaner's priming pass, then rewind */
            const size_t pt = std::min(prime, n), latc = lat + D * H;
            const size_t padded = (pt + latc + H - 1) / H * H;
            mask_stream(st.get(),
                        mk.get(),
                        in,
                        pt,
                        padded,
                        spf,
                        [](size_t, const float*, const float*, const float*) {});
            stftc_mask_rewind(mk.get());
            stftc_stft_reset(st.get());
        }
        mask_stream(st.get(),
                    mk.get(),
                    in,
                    n,
                    (nframes + D) * H,
                    spf,
                    [&](size_t k, const float*, const float*, const float* g) {
                        if (k >= D && k - D < nframes)
                            std::memcpy(o + (k - D) * nb, g, nb * sizeof(float));
                    });
    }
    return std::move(out);
}

/* Gains of the mask stage for given STFT frames F, (frames, bins)
 * complex64 in natural bin order (numpy_api.stft's frames, transposed):
 * (frames, bins) float32, the look-ahead undone. File mode primes with the
 * frames that hold the priming span's samples, then D empty frames, as
 * mask_gains() does from the samples. */
py::array mask_frames(const py::array& F,
                      py::object sample_rate,
                      const std::string& mask,
                      long fft_size,
                      long hop,
                      const std::string& window,
                      long window_len,
                      bool real,
                      bool one_pass,
                      const py::dict& params)
{
    if (!is_complex64(F) || F.ndim() != 2)
        raise_value("S: must be a 2-D complex64 array of (frames, bins)");
    const stftc_stft_config_t scfg = stft_config(
        fft_size, hop, window, window_len, false, real ? STFTC_REAL : STFTC_COMPLEX);
    stftc_error_t err{};
    stftc_mask_config_t mcfg = stftc_mask_config_default();
    mask_type_and_rate(mcfg, mask, sample_rate);
    apply_mask_params(mcfg, params);
    const size_t nb = real ? scfg.fft_size / 2 + 1 : scfg.fft_size;
    if (static_cast<size_t>(F.shape(1)) != nb)
        raise_value("S: " + std::to_string(F.shape(1)) + " bins, but fft_size " +
                    std::to_string(scfg.fft_size) + " gives " + std::to_string(nb) +
                    (real ? " (real signal: fft_size/2 + 1)" : " (complex signal)"));
    install_planner_lock();
    mask_ptr mk(stftc_mask_create(&mcfg, &scfg, &err), &stftc_mask_destroy);
    if (!mk)
        raise_core(err);
    const size_t nf = static_cast<size_t>(F.shape(0));
    const size_t H = scfg.hop, L = scfg.window_len ? scfg.window_len : scfg.fft_size;
    const size_t D = stftc_mask_delay(mk.get());
    py::array_t<float> out(
        { static_cast<py::ssize_t>(nf), static_cast<py::ssize_t>(nb) });
    if (nf == 0)
        return std::move(out);
    const float* in = static_cast<const float*>(F.data());
    float* o = out.mutable_data();
    const size_t prime = one_pass ? 0 : priming_samples(mcfg);
    {
        py::gil_scoped_release nogil;
        std::vector<float> zeros(nb * 2, 0.0f), bins_out(nb * 2), gain(nb);
        auto frame = [&](size_t k, size_t count) {
            return k < count ? in + k * nb * 2 : zeros.data();
        };
        if (prime > 0) {
            const size_t np = std::min(nf, (prime + L - H + H - 1) / H);
            for (size_t k = 0; k < np + D; k++)
                stftc_mask_process(mk.get(), frame(k, np), bins_out.data(), gain.data());
            stftc_mask_rewind(mk.get());
        }
        for (size_t k = 0; k < nf + D; k++) {
            stftc_mask_process(mk.get(), frame(k, nf), bins_out.data(), gain.data());
            if (k >= D)
                std::memcpy(o + (k - D) * nb, gain.data(), nb * sizeof(float));
        }
    }
    return std::move(out);
}

/* ------------------------------------------------------------ features */

using features_ptr = std::unique_ptr<stftc_features_t, decltype(&stftc_features_destroy)>;

/* As `stftclean features` per frame: STFT, the mask stage in one streaming
 * pass (look-ahead undone), the features of the cleaned power of every
 * frame centred inside x (centre k*hop + hop - L/2 in [0, n)). Returns
 * (names, values (rows, count) float32, centres in samples int64). */
py::tuple features(const py::array& x,
                   double sample_rate,
                   const std::string& mask,
                   long fft_size,
                   long hop,
                   const std::string& window,
                   long window_len,
                   double center_freq,
                   py::object cepstrum,
                   const std::string& mel_scale,
                   long n_filters,
                   long n_ceps,
                   double lifter,
                   int deltas,
                   long delta_width,
                   double rolloff,
                   double obw,
                   double fmin,
                   double fmax,
                   const py::dict& params,
                   py::object progress)
{
    const stftc_sample_t type = sample_type_of(x, "x");
    const bool cplx = type == STFTC_COMPLEX;
    stftc_stft_config_t scfg =
        stft_config(fft_size, hop, window, window_len, false, type);
    stftc_error_t err{};
    stftc_mask_config_t mcfg = stftc_mask_config_default();
    if (stftc_mask_parse_type(mask.c_str(), &mcfg.type, &err) != STFTC_OK)
        raise_core(err);
    mcfg.sample_rate = sample_rate;
    apply_mask_params(mcfg, params);

    stftc_features_config_t fc = stftc_features_config_default();
    fc.fft_size = scfg.fft_size;
    fc.sample_type = type;
    fc.centered = 0;
    fc.sample_rate = sample_rate;
    fc.center_freq = center_freq;
    if (cepstrum.is_none())
        fc.cepstrum = cplx ? STFTC_CEPS_LFCC : STFTC_CEPS_MFCC; /* as the CLI */
    else if (stftc_features_parse_cepstrum(
                 cepstrum.cast<std::string>().c_str(), &fc.cepstrum, &err) != STFTC_OK)
        raise_core(err);
    if (stftc_features_parse_mel_scale(mel_scale.c_str(), &fc.mel_scale, &err) !=
        STFTC_OK)
        raise_core(err);
    fc.n_filters = non_negative(n_filters, "n_filters", "2..1024");
    fc.n_ceps = non_negative(n_ceps, "n_ceps", "1..n_filters");
    fc.lifter = lifter;
    if (deltas != 0 && deltas != 1 && deltas != 2)
        raise_value("deltas: must be 0, 1 or 2, got " + std::to_string(deltas));
    fc.deltas = deltas;
    fc.delta_width = non_negative(delta_width, "delta_width", "1..16");
    fc.rolloff = rolloff;
    fc.obw = obw;
    fc.fmin = fmin;
    fc.fmax = fmax;

    install_planner_lock();
    stft_ptr st(stftc_stft_create(&scfg, &err), &stftc_stft_destroy);
    if (!st)
        raise_core(err);
    mask_ptr mk(stftc_mask_create(&mcfg, &scfg, &err), &stftc_mask_destroy);
    if (!mk)
        raise_core(err);
    features_ptr ft(stftc_features_create(&fc, &err), &stftc_features_destroy);
    if (!ft)
        raise_core(err);

    const size_t total = static_cast<size_t>(x.shape(0));
    const size_t H = scfg.hop, wlen = scfg.window_len ? scfg.window_len : scfg.fft_size;
    const size_t nb = stftc_stft_bins(st.get()), D = stftc_mask_delay(mk.get());
    const size_t count = stftc_features_count(ft.get());
    const size_t spf = cplx ? 2 : 1;
    const long long first_center = (long long)H - (long long)(wlen / 2);
    py::list names;
    for (size_t i = 0; i < count; i++)
        names.append(py::str(stftc_features_name(ft.get(), i)));

    const float* in = static_cast<const float*>(x.data());
    std::vector<float> rows;
    long long first_row = -1; /* frame index of the first row */
    progress_t prog;
    prog.cb = progress;
    prog.total = total + wlen;
    {
        py::gil_scoped_release nogil;
        const size_t chunk = CLEAN_CHUNK > H ? CLEAN_CHUNK / H * H : H;
        std::vector<float> ibuf(chunk * spf), frames((chunk / H + 1) * nb * 2);
        std::vector<float> bins_out(nb * 2), gain(nb), ring((D + 1) * nb),
            zeros(nb * 2, 0.0f), power(nb), fvec(count);
        size_t fed = 0;
        auto sink = [&](const float* bins) {
            const long long centre = first_center + (long long)(fed * H);
            if (centre >= (long long)total)
                return; /* past the end of x */
            fed++;
            if (centre < 0)
                return; /* rows start at the first frame centred in x */
            if (first_row < 0)
                first_row = (long long)fed - 1;
            stftc_vec_mag2(power.data(), bins, nb);
            if (stftc_features_process(ft.get(), power.data(), fvec.data()))
                rows.insert(rows.end(), fvec.begin(), fvec.end());
        };
        /* x, then window_len zeros: every frame centred inside x */
        const size_t feed_total = total + wlen;
        size_t pos = 0, k = 0;
        while (pos < feed_total) {
            const size_t n = std::min(chunk, feed_total - pos);
            const float* src = pos < total ? in + pos * spf : in;
            if (pos + n > total) {
                const size_t nread = pos < total ? total - pos : 0;
                std::memcpy(ibuf.data(), src, nread * spf * sizeof(float));
                std::memset(
                    ibuf.data() + nread * spf, 0, (n - nread) * spf * sizeof(float));
                src = ibuf.data();
            }
            const size_t nf = stftc_stft_process(st.get(), src, n, frames.data());
            for (size_t i = 0; i < nf; i++, k++) {
                const float* fr = frames.data() + i * nb * 2;
                stftc_vec_mag2(ring.data() + (k % (D + 1)) * nb, fr, nb);
                stftc_mask_process(mk.get(), fr, bins_out.data(), gain.data());
                if (k >= D)
                    sink(bins_out.data());
            }
            pos += n;
            prog.tick(n);
        }
        for (size_t i = 0; i < D; i++, k++) { /* drain the look-ahead */
            stftc_mask_process(mk.get(), zeros.data(), bins_out.data(), gain.data());
            if (k >= D)
                sink(bins_out.data());
        }
        while (stftc_features_flush(ft.get(), fvec.data()))
            rows.insert(rows.end(), fvec.begin(), fvec.end());
    }
    const size_t nrows = count ? rows.size() / count : 0;
    py::array_t<float> values(
        { static_cast<py::ssize_t>(nrows), static_cast<py::ssize_t>(count) });
    if (!rows.empty())
        std::memcpy(values.mutable_data(), rows.data(), rows.size() * sizeof(float));
    py::array_t<long long> centres(static_cast<py::ssize_t>(nrows));
    long long* c = centres.mutable_data();
    for (size_t j = 0; j < nrows; j++)
        c[j] = first_center + (first_row + (long long)j) * (long long)H;
    return py::make_tuple(names, values, centres);
}


/* ------------------------------------------------------------ scattering */

using scattering_ptr =
    std::unique_ptr<stftc_scattering_t, decltype(&stftc_scattering_destroy)>;

/* Wavelet scattering (include/stftclean/scattering.h) of x: every frame
 * centred inside x (centre n * stride < len(x)); x is followed by zeros to
 * push the last frames out. Returns (values (frames, count) float32,
 * centres in samples int64, coefficient table dict, geometry dict). */
py::tuple scattering(const py::array& x,
                     double sample_rate,
                     long J,
                     long Q1,
                     long Q2,
                     long T,
                     long stride,
                     int max_order,
                     int oversampling,
                     bool log,
                     double log_eps)
{
    stftc_scattering_config_t c = stftc_scattering_config_default();
    c.sample_type = sample_type_of(x, "x");
    c.sample_rate = sample_rate;
    c.J = non_negative(J, "J", "1..16");
    c.Q1 = non_negative(Q1, "Q1", "1..32");
    c.Q2 = non_negative(Q2, "Q2", "1..32");
    c.T = non_negative(T, "T", "0 (2^J) or 2..2^20");
    c.stride = non_negative(stride, "stride", "0 (T) or 1..T");
    c.max_order = max_order;
    c.oversampling = oversampling;
    c.log = log ? 1 : 0;
    c.log_eps = log_eps;
    stftc_error_t err{};
    install_planner_lock();
    scattering_ptr sc(stftc_scattering_create(&c, &err), &stftc_scattering_destroy);
    if (!sc)
        raise_core(err);
    const size_t total = static_cast<size_t>(x.shape(0));
    const size_t spf = c.sample_type == STFTC_COMPLEX ? 2 : 1;
    const size_t s = stftc_scattering_stride(sc.get()),
                 count = stftc_scattering_count(sc.get());
    const size_t want = (total + s - 1) / s; /* frames centred inside x */
    std::vector<float> rows;
    {
        py::gil_scoped_release nogil;
        const float* in = static_cast<const float*>(x.data());
        const size_t chunk = std::max<size_t>(stftc_scattering_hop(sc.get()), 1 << 16);
        std::vector<float> zeros(chunk * spf, 0.0f), out;
        size_t pos = 0, got = 0;
        while (got < want) {
            const size_t n = pos < total ? std::min(chunk, total - pos) : chunk;
            const float* src = pos < total ? in + pos * spf : zeros.data();
            out.resize(stftc_scattering_frames_for(sc.get(), n) * count + 1);
            const size_t nf = stftc_scattering_process(sc.get(), src, n, out.data());
            const size_t keep = std::min(nf, want - got);
            rows.insert(rows.end(), out.begin(), out.begin() + keep * count);
            got += keep;
            pos += n;
        }
    }
    py::array_t<float> values(
        { static_cast<py::ssize_t>(want), static_cast<py::ssize_t>(count) });
    if (!rows.empty())
        std::memcpy(values.mutable_data(), rows.data(), rows.size() * sizeof(float));
    py::array_t<long long> centres(static_cast<py::ssize_t>(want));
    for (size_t j = 0; j < want; j++)
        centres.mutable_data()[j] = (long long)(j * s);
    const stftc_scattering_coef_t* co = stftc_scattering_coefs(sc.get());
    py::array_t<int> order(static_cast<py::ssize_t>(count));
    py::array_t<long long> parent(static_cast<py::ssize_t>(count)),
        decim(static_cast<py::ssize_t>(count));
    py::array_t<double> xi(static_cast<py::ssize_t>(count)),
        bw(static_cast<py::ssize_t>(count)), sigma(static_cast<py::ssize_t>(count));
    for (size_t i = 0; i < count; i++) {
        order.mutable_data()[i] = co[i].order;
        parent.mutable_data()[i] = co[i].parent;
        decim.mutable_data()[i] = (long long)co[i].decim;
        xi.mutable_data()[i] = co[i].xi_hz;
        bw.mutable_data()[i] = co[i].bw_hz;
        sigma.mutable_data()[i] = co[i].sigma;
    }
    py::dict table;
    table["order"] = order;
    table["parent"] = parent;
    table["xi_hz"] = xi;
    table["bw_hz"] = bw;
    table["sigma"] = sigma;
    table["decim"] = decim;
    py::dict geom;
    geom["stride"] = s;
    geom["T"] = stftc_scattering_T(sc.get());
    geom["latency"] = stftc_scattering_latency(sc.get());
    geom["support"] = stftc_scattering_support(sc.get());
    geom["block"] = stftc_scattering_block(sc.get());
    geom["hop"] = stftc_scattering_hop(sc.get());
    return py::make_tuple(values, centres, table, geom);
}


/* ------------------------------------------------------------ bursts */

double dict_num(const py::dict& d, const char* key, double dflt)
{
    if (!d.contains(key) || d[key].is_none())
        return dflt;
    try {
        return d[key].cast<double>();
    } catch (const py::cast_error&) {
        raise_value(std::string(key) + ": must be a number");
    }
}

/* As `stftclean features --per-burst`: STFT, the mask stage in one pass,
 * the burst segmenter on the frames wholly inside x (the noisy power and,
 * with a mask, its gains). Returns (field names, rows of field values,
 * list of (sample_start, sample_count, freq_lo, freq_hi, snr_db)). */
py::tuple bursts(const py::array& x,
                 double sample_rate,
                 const std::string& mask,
                 long fft_size,
                 long hop,
                 const std::string& window,
                 long window_len,
                 const py::dict& fopts,
                 const py::dict& bopts,
                 const py::dict& params,
                 py::object progress)
{
    const stftc_sample_t type = sample_type_of(x, "x");
    const bool cplx = type == STFTC_COMPLEX;
    const stftc_stft_config_t scfg =
        stft_config(fft_size, hop, window, window_len, false, type);
    stftc_error_t err{};
    stftc_mask_config_t mcfg = stftc_mask_config_default();
    if (stftc_mask_parse_type(mask.c_str(), &mcfg.type, &err) != STFTC_OK)
        raise_core(err);
    mcfg.sample_rate = sample_rate;
    apply_mask_params(mcfg, params);

    stftc_features_config_t fc = stftc_features_config_default();
    fc.fft_size = scfg.fft_size;
    fc.sample_type = type;
    fc.sample_rate = sample_rate;
    fc.center_freq = dict_num(fopts, "center_freq", 0.0);
    if (!fopts.contains("cepstrum") || fopts["cepstrum"].is_none())
        fc.cepstrum = cplx ? STFTC_CEPS_LFCC : STFTC_CEPS_MFCC; /* as the CLI */
    else if (stftc_features_parse_cepstrum(fopts["cepstrum"].cast<std::string>().c_str(),
                                           &fc.cepstrum,
                                           &err) != STFTC_OK)
        raise_core(err);
    if (fopts.contains("mel_scale") &&
        stftc_features_parse_mel_scale(fopts["mel_scale"].cast<std::string>().c_str(),
                                       &fc.mel_scale,
                                       &err) != STFTC_OK)
        raise_core(err);
    fc.n_filters = non_negative(
        (long)dict_num(fopts, "n_filters", (double)fc.n_filters), "n_filters", "2..1024");
    fc.n_ceps = non_negative(
        (long)dict_num(fopts, "n_ceps", (double)fc.n_ceps), "n_ceps", ">= 1");
    fc.lifter = dict_num(fopts, "lifter", fc.lifter);
    fc.rolloff = dict_num(fopts, "rolloff", fc.rolloff);
    fc.obw = dict_num(fopts, "obw", fc.obw);
    fc.fmin = dict_num(fopts, "fmin", fc.fmin);
    fc.fmax = dict_num(fopts, "fmax", fc.fmax);

    stftc_bursts_config_t bc = stftc_bursts_config_default();
    bc.hang = 0.01; /* the CLI's defaults for recordings */
    bc.min_duration = 0.002;
    bc.on = dict_num(bopts, "on", bc.on);
    bc.off = dict_num(bopts, "off", bc.off);
    bc.min_duration = dict_num(bopts, "min_duration", bc.min_duration);
    bc.merge_gap = dict_num(bopts, "merge_gap", bc.merge_gap);
    bc.hang = dict_num(bopts, "hang", bc.hang);
    bc.noise_window = dict_num(bopts, "burst_noise_window", bc.noise_window);
    bc.occupied_gain = dict_num(bopts, "occupied_gain", bc.occupied_gain);
    bc.min_cells = non_negative(
        (long)dict_num(bopts, "min_cells", (double)bc.min_cells), "min_cells", ">= 1");
    if (bopts.contains("source") && !bopts["source"].is_none()) {
        if (stftc_bursts_parse_source(bopts["source"].cast<std::string>().c_str(),
                                      &bc.source,
                                      &err) != STFTC_OK)
            raise_core(err);
    } else {
        bc.source = mcfg.type == STFTC_MASK_NONE ? STFTC_BURST_ENERGY : STFTC_BURST_MASK;
    }
    if (bc.source == STFTC_BURST_MASK && mcfg.type == STFTC_MASK_NONE)
        raise_value("source: \"mask\" needs a mask (mask=\"auto\", \"cfar\", ...)");

    install_planner_lock();
    stft_ptr st(stftc_stft_create(&scfg, &err), &stftc_stft_destroy);
    if (!st)
        raise_core(err);
    mask_ptr mk(stftc_mask_create(&mcfg, &scfg, &err), &stftc_mask_destroy);
    if (!mk)
        raise_core(err);
    const size_t total = static_cast<size_t>(x.shape(0));
    const size_t H = scfg.hop, wlen = scfg.window_len ? scfg.window_len : scfg.fft_size;
    const long long first_center = (long long)H - (long long)(wlen / 2);
    const long long half = (long long)(wlen / 2);
    long long c0 = first_center;
    while (c0 - half < 0)
        c0 += (long long)H;
    bc.features = fc;
    bc.hop = H;
    bc.first_center = c0;
    if (bopts.contains("scattering") && bopts["scattering"].cast<bool>()) {
        /* the per-burst scattering summary inverts the cleaned frames */
        bc.scattering = 1;
        bc.window = scfg.window;
        bc.window_len = scfg.window_len;
        bc.scat.J = non_negative(
            (long)dict_num(bopts, "scat_J", (double)bc.scat.J), "scat_J", "1..16");
        bc.scat.Q1 = non_negative(
            (long)dict_num(bopts, "scat_Q1", (double)bc.scat.Q1), "scat_Q1", "1..32");
        bc.scat.Q2 = non_negative(
            (long)dict_num(bopts, "scat_Q2", (double)bc.scat.Q2), "scat_Q2", "1..32");
        const double T = dict_num(bopts, "scat_T", 0.0);
        if (!(T >= 0.0))
            raise_value("scat_T: must be >= 0 s (0: 2^scat_J samples)");
        if (T > 0.0) {
            const double t = T * sample_rate;
            if (!(t >= 2.0 && t <= 1048576.0))
                raise_value("scat_T: must be 2..2^20 samples at this rate, got " +
                            std::to_string(T) + " s");
            bc.scat.T = (size_t)std::llround(t);
        }
    }
    using bursts_ptr = std::unique_ptr<stftc_bursts_t, decltype(&stftc_bursts_destroy)>;
    bursts_ptr bs(stftc_bursts_create(&bc, &err), &stftc_bursts_destroy);
    if (!bs)
        raise_core(err);
    const bool use_gain = mcfg.type != STFTC_MASK_NONE;
    const size_t nb = stftc_stft_bins(st.get()), D = stftc_mask_delay(mk.get());
    const size_t nfields = stftc_bursts_nfields(bs.get());
    py::list names;
    for (size_t i = 0; i < nfields; i++) {
        char name[96];
        stftc_bursts_field_name(bs.get(), i, name, sizeof name);
        names.append(py::str(name));
    }
    struct rec {
        std::vector<double> v;
        uint64_t start, count;
        double lo, hi, snr;
    };
    std::vector<rec> recs;
    const float* in = static_cast<const float*>(x.data());
    progress_t prog;
    prog.cb = progress;
    prog.total = total + wlen;
    {
        py::gil_scoped_release nogil;
        std::vector<float> ring((D + 1) * nb), zeros(nb * 2, 0.0f), bins_out(nb * 2),
            gain(nb);
        size_t fed = 0;
        auto keep = [&](const stftc_burst_t& ev) {
            rec r;
            r.v.resize(nfields);
            stftc_bursts_field_values(bs.get(), &ev, r.v.data());
            r.start = ev.start_sample;
            r.count = ev.stop_sample - ev.start_sample;
            r.lo = ev.freq_lo_hz;
            r.hi = ev.freq_hi_hz;
            r.snr = ev.snr_db;
            recs.push_back(std::move(r));
        };
        auto frame = [&](const float* bins, const float* power, const float* g) {
            const long long centre = first_center + (long long)(fed * H);
            if (centre >= (long long)total)
                return;
            fed++;
            if (centre - half < 0 || centre + half > (long long)total)
                return; /* only frames wholly inside x */
            stftc_burst_t ev;
            if (stftc_bursts_process_frame(
                    bs.get(), bins, power, use_gain ? g : nullptr, &ev) &
                STFTC_BURST_ENDED)
                keep(ev);
        };
        size_t k = 0;
        mask_stream(
            st.get(),
            mk.get(),
            in,
            total,
            total + wlen,
            cplx ? 2 : 1,
            [&](size_t kk, const float* fr, const float* cleaned, const float* g) {
                stftc_vec_mag2(ring.data() + (kk % (D + 1)) * nb, fr, nb);
                if (kk >= D) /* cleaned, g: frame kk - D */
                    frame(cleaned, ring.data() + ((kk - D) % (D + 1)) * nb, g);
                k = kk + 1;
            },
            &prog);
        for (size_t i = 0; i < D; i++, k++) { /* drain the look-ahead */
            stftc_mask_process(mk.get(), zeros.data(), bins_out.data(), gain.data());
            if (k >= D)
                frame(
                    bins_out.data(), ring.data() + ((k - D) % (D + 1)) * nb, gain.data());
        }
        stftc_burst_t ev;
        int f; /* one event per call with the scattering summary */
        while ((f = stftc_bursts_flush(bs.get(), &ev)) != 0)
            if (f & STFTC_BURST_ENDED)
                keep(ev);
    }
    py::list rows, sig;
    for (const auto& r : recs) {
        rows.append(py::cast(r.v));
        sig.append(py::make_tuple(r.start, r.count, r.lo, r.hi, r.snr));
    }
    return py::make_tuple(names, rows, sig);
}

/* ------------------------------------------------------------ writer */

stftc_iqfmt_t format_of(const std::string& path, const py::object& format)
{
    stftc_iqfmt_t fmt = STFTC_IQFMT_AUTO;
    stftc_error_t err{};
    if (!format.is_none()) {
        const std::string f = format.cast<std::string>();
        if (stftc_iqfmt_parse(f.c_str(), &fmt, &err) != STFTC_OK)
            raise_core(err);
        return fmt;
    }
    fmt = stftc_iqfmt_from_name(path.c_str());
    if (fmt == STFTC_IQFMT_AUTO)
        raise_value("format: cannot tell the format of " + path +
                    " from its extension (.wav, .sigmf-meta, .sigmf-data, .cf32, .ci16, "
                    ".ci8, .cu8 or .f32); give format=");
    return fmt;
}

/* Write x (complex64 or float32) as path through the core's sink. */
/* The core sink's options from write()'s / Writer's arguments. */
stftc_iqsink_options_t sink_options(stftc_iqfmt_t fmt,
                                    stftc_sample_t type,
                                    double sample_rate,
                                    const py::object& centre_freq,
                                    const py::object& start_time,
                                    const py::object& encoding,
                                    const std::string& description)
{
    stftc_iqsink_options_t so = stftc_iqsink_options_default();
    so.channels = type == STFTC_COMPLEX ? 2 : 1;
    so.sample_rate = sample_rate;
    if (!centre_freq.is_none()) {
        so.has_centre = 1;
        so.centre_hz = centre_freq.cast<double>();
    }
    if (!start_time.is_none()) {
        const std::string t = start_time.cast<std::string>();
        if (stftc_time_from_iso8601(t.c_str(), &so.start_time, &so.start_frac) != 0)
            raise_value("start_time: must be an ISO 8601 time like "
                        "2024-03-15T13:45:30.250Z, got '" +
                        t + "'");
        so.has_time = 1;
    }
    if (!encoding.is_none()) {
        const std::string e = encoding.cast<std::string>();
        stftc_error_t err{};
        if (fmt == STFTC_IQFMT_WAV) {
            if (e == "float32")
                so.wav_format = STFTC_WAV_FLOAT;
            else if (e == "pcm16")
                so.wav_format = STFTC_WAV_PCM;
            else
                raise_value("encoding: a WAV is float32 or pcm16, got '" + e + "'");
        } else if (fmt == STFTC_IQFMT_SIGMF) {
            if (stftc_sigmf_datatype_parse(e.c_str(), &so.sigmf_type, &err) != STFTC_OK)
                raise_value("encoding: a SigMF datatype is cf32_le, ci16_le, ci8 or cu8, "
                            "got '" +
                            e + "'");
        } else {
            raise_value("encoding: only for wav and sigmf (a raw format is its "
                        "encoding), got '" +
                        e + "'");
        }
    }
    std::snprintf(so.description, sizeof so.description, "%s", description.c_str());
    return so;
}

/* SigMF annotations from dicts as read() returns them. */
std::vector<stftc_sigmf_annotation_t> annotations_from_dicts(const py::list& annotations)
{
    std::vector<stftc_sigmf_annotation_t> anns;
    for (const auto& h : annotations) {
        const py::dict d = h.cast<py::dict>();
        stftc_sigmf_annotation_t a = stftc_sigmf_annotation_default();
        auto get = [&](const char* k) -> py::object {
            return d.contains(k) ? py::reinterpret_borrow<py::object>(d[k]) : py::none();
        };
        if (get("sample_start").is_none())
            raise_value("annotations: every annotation needs a sample_start");
        a.sample_start = get("sample_start").cast<uint64_t>();
        if (!get("sample_count").is_none())
            a.sample_count = get("sample_count").cast<uint64_t>();
        if (!get("freq_lower_edge").is_none() && !get("freq_upper_edge").is_none()) {
            a.has_freq = 1;
            a.freq_lower_edge = get("freq_lower_edge").cast<double>();
            a.freq_upper_edge = get("freq_upper_edge").cast<double>();
        }
        if (!get("label").is_none())
            std::snprintf(
                a.label, sizeof a.label, "%s", get("label").cast<std::string>().c_str());
        if (!get("generator").is_none())
            std::snprintf(a.generator,
                          sizeof a.generator,
                          "%s",
                          get("generator").cast<std::string>().c_str());
        if (!get("snr_db").is_none()) {
            a.has_snr = 1;
            a.snr_db = get("snr_db").cast<double>();
        }
        if (!get("power_db").is_none()) {
            a.has_power = 1;
            a.power_db = get("power_db").cast<double>();
        }
        anns.push_back(a);
    }
    return anns;
}

/* A recording written as it comes (the CLI's writer): write() blocks of
 * samples, annotate() SigMF annotations, close() (or the destructor) leaves
 * a valid file; a WAV's sizes are patched after the first block already, so
 * a notebook stopped midway leaves a readable file. */
class writer
{
public:
    writer(const std::string& path,
           py::object format,
           bool complex_samples,
           double sample_rate,
           py::object centre_freq,
           py::object start_time,
           py::object encoding,
           const std::string& description)
        : path_(path)
    {
        fmt_ = format_of(path, format);
        type_ = complex_samples ? STFTC_COMPLEX : STFTC_REAL;
        const stftc_iqsink_options_t so = sink_options(
            fmt_, type_, sample_rate, centre_freq, start_time, encoding, description);
        stftc_error_t err{};
        {
            py::gil_scoped_release nogil;
            sink_ = stftc_iqsink_create(path.c_str(), fmt_, &so, &err);
        }
        if (!sink_) {
            /* a bad argument's message starts with its name; I/O names the file */
            if (err.code == STFTC_ERR_IO &&
                std::strstr(err.msg, path.c_str()) == nullptr && err.msg[0]) {
                const std::string m = path + ": " + err.msg;
                std::snprintf(err.msg, sizeof err.msg, "%s", m.c_str());
            }
            raise_core(err);
        }
    }
    ~writer()
    {
        if (sink_) {
            stftc_error_t err{};
            stftc_iqsink_close(sink_, &err);
        }
    }
    writer(const writer&) = delete;
    writer& operator=(const writer&) = delete;

    bool closed() const { return sink_ == nullptr; }
    uint64_t samples() const { return written_; }
    std::string format() const { return stftc_iqfmt_name(fmt_); }

    void write(const py::array& x)
    {
        check_open();
        if (sample_type_of(x, "samples") != type_)
            raise_value(std::string("samples: this writer takes ") +
                        (type_ == STFTC_COMPLEX ? "complex" : "real") + " samples");
        const size_t n = static_cast<size_t>(x.shape(0));
        int rc = STFTC_OK;
        {
            py::gil_scoped_release nogil;
            if (n)
                rc = stftc_iqsink_write(sink_, static_cast<const float*>(x.data()), n);
        }
        if (rc != STFTC_OK) {
            PyErr_SetString(PyExc_OSError, (path_ + ": write failed").c_str());
            throw py::error_already_set();
        }
        written_ += n;
    }

    void annotate(const py::list& annotations)
    {
        check_open();
        const std::vector<stftc_sigmf_annotation_t> anns =
            annotations_from_dicts(annotations);
        stftc_sigmf_writer_t* sw = stftc_iqsink_sigmf(sink_);
        if (!anns.empty() && !sw)
            raise_value("annotations: only a SigMF recording holds annotations");
        int rc = STFTC_OK;
        for (size_t i = 0; rc == STFTC_OK && i < anns.size(); i++)
            rc = stftc_sigmf_writer_annotate(sw, &anns[i]);
        if (rc != STFTC_OK) {
            PyErr_SetString(PyExc_OSError, (path_ + ": annotation failed").c_str());
            throw py::error_already_set();
        }
    }

    void close()
    {
        if (!sink_)
            return;
        stftc_error_t err{};
        int rc;
        {
            py::gil_scoped_release nogil;
            rc = stftc_iqsink_close(sink_, &err);
        }
        sink_ = nullptr;
        if (rc != STFTC_OK)
            raise_core(err);
    }

private:
    void check_open() const
    {
        if (!sink_)
            raise_value("writer: closed");
    }
    std::string path_;
    stftc_iqfmt_t fmt_ = STFTC_IQFMT_AUTO;
    stftc_sample_t type_ = STFTC_COMPLEX;
    stftc_iqsink_t* sink_ = nullptr;
    uint64_t written_ = 0;
};

void write_recording(const std::string& path,
                     py::object format,
                     const py::array& x,
                     double sample_rate,
                     py::object centre_freq,
                     py::object start_time,
                     py::object encoding,
                     const std::string& description,
                     const py::list& annotations)
{
    const stftc_sample_t type = sample_type_of(x, "samples");
    if (annotations.size() && format_of(path, format) != STFTC_IQFMT_SIGMF)
        raise_value("annotations: only a SigMF recording holds annotations");
    annotations_from_dicts(annotations); /* refuse bad ones before the file exists */
    writer w(path,
             format,
             type == STFTC_COMPLEX,
             sample_rate,
             centre_freq,
             start_time,
             encoding,
             description);
    w.write(x);
    w.annotate(annotations);
    w.close();
}

/* ------------------------------------------------------------ reader */

/* The SigMF global fields read() reports under "sigmf". */
py::dict sigmf_global(const stftc_sigmf_meta_t& m)
{
    py::dict s;
    s["datatype"] = stftc_sigmf_datatype_name(m.datatype);
    s["datetime"] = m.has_datetime ? py::object(py::str(m.datetime)) : py::none();
    s["description"] = std::string(m.description);
    s["recorder"] = std::string(m.recorder);
    s["dataset"] = std::string(m.dataset);
    s["header_bytes"] = m.header_bytes;
    return s;
}

/* SigMF annotations as dicts (None where a field is absent). */
py::list annotation_list(const stftc_sigmf_annotation_t* a, size_t na)
{
    py::list anns;
    for (size_t i = 0; i < na; i++) {
        py::dict r;
        r["sample_start"] = a[i].sample_start;
        r["sample_count"] =
            a[i].sample_count ? py::object(py::int_(a[i].sample_count)) : py::none();
        r["freq_lower_edge"] =
            a[i].has_freq ? py::object(py::float_(a[i].freq_lower_edge)) : py::none();
        r["freq_upper_edge"] =
            a[i].has_freq ? py::object(py::float_(a[i].freq_upper_edge)) : py::none();
        r["label"] = std::string(a[i].label);
        r["generator"] = std::string(a[i].generator);
        r["snr_db"] = a[i].has_snr ? py::object(py::float_(a[i].snr_db)) : py::none();
        r["power_db"] =
            a[i].has_power ? py::object(py::float_(a[i].power_db)) : py::none();
        anns.append(r);
    }
    return anns;
}

/* A SigMF meta file alone (no dataset needed: the annotation sink's
 * metadata-only files): sample_rate, centre_freq, sigmf, annotations. */
py::dict read_sigmf_meta(const std::string& path)
{
    stftc_sigmf_meta_t m = stftc_sigmf_meta_default();
    stftc_sigmf_annotation_t* a = nullptr;
    size_t na = 0;
    stftc_error_t err{};
    int rc;
    {
        py::gil_scoped_release nogil;
        rc = stftc_sigmf_meta_read(path.c_str(), &m, &a, &na, &err);
    }
    if (rc != STFTC_OK)
        raise_core(err);
    std::unique_ptr<stftc_sigmf_annotation_t, decltype(&std::free)> own(a, &std::free);
    py::dict d;
    d["path"] = path;
    d["format"] = "sigmf";
    d["sample_rate"] =
        m.sample_rate > 0 ? py::object(py::float_(m.sample_rate)) : py::none();
    d["centre_freq"] = m.has_frequency ? py::object(py::float_(m.frequency)) : py::none();
    d["sigmf"] = sigmf_global(m);
    d["annotations"] = annotation_list(a, na);
    return d;
}


std::string iso_time(const stftc_systemtime_t& t, double frac)
{
    char buf[64];
    std::snprintf(buf,
                  sizeof buf,
                  "%04u-%02u-%02uT%02u:%02u:%02u",
                  (unsigned)t.year % 10000,
                  (unsigned)t.month % 100,
                  (unsigned)t.day % 100,
                  (unsigned)t.hour % 100,
                  (unsigned)t.minute % 100,
                  (unsigned)t.second % 100);
    std::string s(buf);
    if (!(frac > 0.0 && frac < 1.0))
        frac = t.millisecond / 1000.0;
    char f[32];
    std::snprintf(f, sizeof f, "%.9f", frac); /* "0.250000000" */
    std::string digits(f + 2);
    while (digits.size() > 3 && digits.back() == '0')
        digits.pop_back();
    return s + "." + digits + "Z";
}

class reader
{
public:
    reader(const std::string& path, py::object format, bool swap_iq) : path_(path)
    {
        const stftc_iqfmt_t fmt = format_of(path, format);
        stftc_error_t err{};
        stftc_iqsource_options_t opt = stftc_iqsource_options_default();
        opt.swap_iq = swap_iq ? 1 : 0;
        {
            py::gil_scoped_release nogil;
            src_ = stftc_iqsource_open(path.c_str(), fmt, &opt, &err);
        }
        if (!src_) {
            if (std::strstr(err.msg, path.c_str()) == nullptr && err.msg[0]) {
                const std::string m = path + ": " + err.msg;
                std::snprintf(err.msg, sizeof err.msg, "%s", m.c_str());
            }
            raise_core(err);
        }
        info_ = *stftc_iqsource_info(src_);
        const bool raw = fmt != STFTC_IQFMT_WAV && fmt != STFTC_IQFMT_SIGMF;
        if (raw && info_.incomplete) {
            close();
            raise_value(path + ": its size is not a whole number of " +
                        stftc_iqfmt_name(fmt) +
                        " samples (truncated file or wrong format?)");
        }
    }
    ~reader() { close(); }
    reader(const reader&) = delete;
    reader& operator=(const reader&) = delete;

    void close()
    {
        if (src_)
            stftc_iqsource_close(src_);
        src_ = nullptr;
    }
    bool closed() const { return src_ == nullptr; }

    void check_open() const
    {
        if (!src_)
            raise_value("reader: the file is closed");
    }

    py::dict info() const
    {
        py::dict d;
        d["path"] = path_;
        d["format"] = stftc_iqfmt_name(info_.format);
        d["channels"] = info_.channels;
        d["complex"] = info_.channels == 2;
        d["sample_rate"] = info_.sample_rate > 0
                               ? py::object(py::float_(info_.sample_rate))
                               : py::none();
        d["frames"] = info_.frames;
        d["centre_freq"] =
            info_.has_centre ? py::object(py::float_(info_.centre_hz)) : py::none();
        d["start_time"] =
            info_.has_time
                ? py::object(py::str(iso_time(info_.start_time, info_.start_frac)))
                : py::none();
        d["encoding"] = std::string(info_.encoding);
        d["incomplete"] = info_.incomplete != 0;
        d["time_invalid"] = info_.time_invalid != 0;
        if (src_) {
            stftc_sigmf_reader_t* sr = stftc_iqsource_sigmf(src_);
            if (sr) {
                size_t na = 0;
                const stftc_sigmf_annotation_t* a =
                    stftc_sigmf_reader_annotations(sr, &na);
                d["sigmf"] = sigmf_global(*stftc_sigmf_reader_meta(sr));
                d["annotations"] = annotation_list(a, na);
            }
        }
        return d;
    }

    /* up to max frames (fewer at the end); complex64 or float32 */
    py::array read(long max)
    {
        check_open();
        const size_t want = non_negative(max, "count", ">= 0");
        const size_t spf = info_.channels;
        py::array out =
            spf == 2 ? py::array(py::array_t<std::complex<float>>(
                           static_cast<py::ssize_t>(want)))
                     : py::array(py::array_t<float>(static_cast<py::ssize_t>(want)));
        float* o = static_cast<float*>(out.mutable_data());
        size_t got = 0;
        int ioerr = 0;
        {
            py::gil_scoped_release nogil;
            while (got < want) {
                const size_t r = stftc_iqsource_read(src_, o + got * spf, want - got);
                if (r == 0)
                    break;
                got += r;
            }
            ioerr = stftc_iqsource_error(src_);
        }
        if (ioerr) {
            PyErr_SetString(PyExc_OSError,
                            (path_ + ": read failed: I/O error or file shrank").c_str());
            throw py::error_already_set();
        }
        if (got < want)
            return out[py::slice(0, static_cast<py::ssize_t>(got), 1)].cast<py::array>();
        return out;
    }

    void seek(long long frame)
    {
        check_open();
        if (frame < 0)
            raise_value("offset: must be >= 0, got " + std::to_string(frame));
        int rc;
        {
            py::gil_scoped_release nogil;
            rc = stftc_iqsource_seek(src_, static_cast<uint64_t>(frame));
        }
        if (rc != STFTC_OK) {
            stftc_error_t err{};
            err.code = rc;
            std::snprintf(err.msg,
                          sizeof err.msg,
                          "offset: cannot seek %s to frame %lld",
                          path_.c_str(),
                          frame);
            raise_core(err);
        }
    }

private:
    std::string path_;
    stftc_iqsource_t* src_ = nullptr;
    stftc_iqsource_info_t info_{};
};

/* ------------------------------------------------------------ Cleaner */

/* The cleaner on a stream of chunks, time-aligned: the outputs of
 * process() and flush() concatenated are the cleaned input, sample for
 * sample (the latency removed), bit-identical to clean() of the whole when
 * primed with the same samples. */
class cleaner_stream
{
public:
    cleaner_stream(py::object sample_rate,
                   const std::string& mask,
                   long fft_size,
                   long hop,
                   const std::string& window,
                   long window_len,
                   bool real,
                   int threads,
                   const py::dict& params)
        : type_(real ? STFTC_REAL : STFTC_COMPLEX),
          cl_(make_cleaner(type_,
                           sample_rate,
                           mask,
                           fft_size,
                           hop,
                           window,
                           window_len,
                           threads,
                           params)),
          al_(nullptr, &stftc_aligned_destroy)
    {
        stftc_error_t err{};
        al_.reset(stftc_aligned_create(cl_.get(), &err));
        if (!al_)
            raise_core(err);
        spf_ = type_ == STFTC_COMPLEX ? 2 : 1;
    }
    size_t latency() const { return stftc_cleaner_latency(cl_.get()); }
    size_t hop() const { return stftc_cleaner_hop(cl_.get()); }
    uint64_t samples_in() const { return stftc_aligned_samples_in(al_.get()); }
    size_t priming() const
    {
        return priming_samples(stftc_cleaner_config(cl_.get())->mask);
    }

    /* file mode: learn the noise from x (the recording's first priming()
     * samples), then start over keeping what was learnt */
    void prime(const py::array& x)
    {
        check(x);
        if (samples_in() != 0)
            raise_value("prime: call it before the first process() (or after "
                        "reset()/flush())");
        const size_t n = static_cast<size_t>(x.shape(0));
        progress_t prog;
        prog.cb = py::none();
        int rc;
        {
            py::gil_scoped_release nogil;
            std::vector<float> ibuf, obuf;
            rc = clean_pass(cl_.get(),
                            static_cast<const float*>(x.data()),
                            n,
                            spf_,
                            nullptr,
                            ibuf,
                            obuf,
                            prog);
            stftc_cleaner_rewind(cl_.get());
        }
        fail(rc);
    }

    py::array process(const py::array& x)
    {
        check(x);
        const size_t n = static_cast<size_t>(x.shape(0));
        py::array out = alloc(stftc_aligned_out_count(al_.get(), n));
        size_t written = 0;
        int rc;
        {
            py::gil_scoped_release nogil;
            rc = stftc_aligned_process(al_.get(),
                                       static_cast<const float*>(x.data()),
                                       n,
                                       static_cast<float*>(out.mutable_data()),
                                       &written);
        }
        fail(rc);
        return out;
    }

    /* the rest; then the stream starts afresh (reset) */
    py::array flush()
    {
        py::array out = alloc(stftc_aligned_flush_count(al_.get()));
        size_t written = 0;
        int rc;
        {
            py::gil_scoped_release nogil;
            rc = stftc_aligned_flush(
                al_.get(), static_cast<float*>(out.mutable_data()), &written);
        }
        fail(rc);
        reset();
        return out;
    }

    void reset()
    {
        stftc_cleaner_reset(cl_.get());
        stftc_aligned_reset(al_.get());
    }

private:
    void check(const py::array& x) const
    {
        if (sample_type_of(x, "x") != type_)
            raise_value(std::string("x: this Cleaner takes ") +
                        (type_ == STFTC_COMPLEX ? "complex" : "real") +
                        " samples (real=" + (type_ == STFTC_REAL ? "True" : "False") +
                        ")");
    }
    void fail(int rc) const
    {
        if (rc == STFTC_OK)
            return;
        stftc_error_t err{};
        err.code = rc;
        raise_core(err);
    }
    py::array alloc(size_t n) const
    {
        return type_ == STFTC_REAL
                   ? py::array(py::array_t<float>(static_cast<py::ssize_t>(n)))
                   : py::array(
                         py::array_t<std::complex<float>>(static_cast<py::ssize_t>(n)));
    }

    stftc_sample_t type_;
    cleaner_ptr cl_;
    std::unique_ptr<stftc_aligned_t, decltype(&stftc_aligned_destroy)> al_;
    size_t spf_ = 2;
};

void bind_numpy_api(py::module& m)
{
    stftc_settings_from_env(); /* STFTCLEAN_KERNELS, _BATCH, _FFTW_PLAN, ... */
    py::module n = m.def_submodule(
        "_numpy_api", "Core calls of gnuradio.stftclean.numpy_api (use that module).");
    n.def("stft_frames",
          &stft_frames,
          py::arg("x"),
          py::arg("fft_size"),
          py::arg("hop"),
          py::arg("window"),
          py::arg("window_len"),
          py::arg("centered"));
    n.def("istft_frames",
          &istft_frames,
          py::arg("S"),
          py::arg("fft_size"),
          py::arg("hop"),
          py::arg("window"),
          py::arg("window_len"),
          py::arg("centered"),
          py::arg("real"),
          py::arg("length"));
    n.def("clean",
          &clean,
          py::arg("x"),
          py::arg("sample_rate"),
          py::arg("mask"),
          py::arg("fft_size"),
          py::arg("hop"),
          py::arg("window"),
          py::arg("window_len"),
          py::arg("one_pass"),
          py::arg("threads"),
          py::arg("params"),
          py::arg("progress") = py::none());
    n.def("scattering",
          &scattering,
          py::arg("x"),
          py::arg("sample_rate"),
          py::arg("J"),
          py::arg("Q1"),
          py::arg("Q2"),
          py::arg("T"),
          py::arg("stride"),
          py::arg("max_order"),
          py::arg("oversampling"),
          py::arg("log"),
          py::arg("log_eps"));
    n.def("bursts",
          &bursts,
          py::arg("x"),
          py::arg("sample_rate"),
          py::arg("mask"),
          py::arg("fft_size"),
          py::arg("hop"),
          py::arg("window"),
          py::arg("window_len"),
          py::arg("fopts"),
          py::arg("bopts"),
          py::arg("params"),
          py::arg("progress") = py::none());
    n.def("write",
          &write_recording,
          py::arg("path"),
          py::arg("format"),
          py::arg("x"),
          py::arg("sample_rate"),
          py::arg("centre_freq"),
          py::arg("start_time"),
          py::arg("encoding"),
          py::arg("description"),
          py::arg("annotations"));
    n.def("mask",
          &mask_gains,
          py::arg("x"),
          py::arg("sample_rate"),
          py::arg("mask"),
          py::arg("fft_size"),
          py::arg("hop"),
          py::arg("window"),
          py::arg("window_len"),
          py::arg("one_pass"),
          py::arg("params"));
    n.def("features",
          &features,
          py::arg("x"),
          py::arg("sample_rate"),
          py::arg("mask"),
          py::arg("fft_size"),
          py::arg("hop"),
          py::arg("window"),
          py::arg("window_len"),
          py::arg("center_freq"),
          py::arg("cepstrum"),
          py::arg("mel_scale"),
          py::arg("n_filters"),
          py::arg("n_ceps"),
          py::arg("lifter"),
          py::arg("deltas"),
          py::arg("delta_width"),
          py::arg("rolloff"),
          py::arg("obw"),
          py::arg("fmin"),
          py::arg("fmax"),
          py::arg("params"),
          py::arg("progress") = py::none());
    py::class_<stft_stream>(n, "STFTStream")
        .def(py::init<long, long, const std::string&, long, bool, bool>(),
             py::arg("fft_size"),
             py::arg("hop"),
             py::arg("window"),
             py::arg("window_len"),
             py::arg("centered"),
             py::arg("real"))
        .def("process", &stft_stream::process, py::arg("x"))
        .def("flush", &stft_stream::flush)
        .def("reset", &stft_stream::reset)
        .def_property_readonly("bins", &stft_stream::bins)
        .def_property_readonly("latency", &stft_stream::latency)
        .def_property_readonly("samples", &stft_stream::samples)
        .def_property_readonly("frames", &stft_stream::frames);
    py::class_<istft_stream>(n, "ISTFTStream")
        .def(py::init<long, long, const std::string&, long, bool, bool>(),
             py::arg("fft_size"),
             py::arg("hop"),
             py::arg("window"),
             py::arg("window_len"),
             py::arg("centered"),
             py::arg("real"))
        .def("process", &istft_stream::process, py::arg("F"))
        .def("reset", &istft_stream::reset)
        .def_property_readonly("bins", &istft_stream::bins)
        .def_property_readonly("latency", &istft_stream::latency);
    n.def("mask_frames",
          &mask_frames,
          py::arg("F"),
          py::arg("sample_rate"),
          py::arg("mask"),
          py::arg("fft_size"),
          py::arg("hop"),
          py::arg("window"),
          py::arg("window_len"),
          py::arg("real"),
          py::arg("one_pass"),
          py::arg("params"));
    py::class_<cleaner_stream>(n, "CleanerStream")
        .def(py::init<py::object,
                      const std::string&,
                      long,
                      long,
                      const std::string&,
                      long,
                      bool,
                      int,
                      const py::dict&>(),
             py::arg("sample_rate"),
             py::arg("mask"),
             py::arg("fft_size"),
             py::arg("hop"),
             py::arg("window"),
             py::arg("window_len"),
             py::arg("real"),
             py::arg("threads"),
             py::arg("params"))
        .def("prime", &cleaner_stream::prime, py::arg("x"))
        .def("process", &cleaner_stream::process, py::arg("x"))
        .def("flush", &cleaner_stream::flush)
        .def("reset", &cleaner_stream::reset)
        .def_property_readonly("latency", &cleaner_stream::latency)
        .def_property_readonly("hop", &cleaner_stream::hop)
        .def_property_readonly("priming", &cleaner_stream::priming)
        .def_property_readonly("samples_in", &cleaner_stream::samples_in);
    py::class_<writer>(n, "Writer")
        .def(py::init<const std::string&,
                      py::object,
                      bool,
                      double,
                      py::object,
                      py::object,
                      py::object,
                      const std::string&>(),
             py::arg("path"),
             py::arg("format"),
             py::arg("complex"),
             py::arg("sample_rate"),
             py::arg("centre_freq"),
             py::arg("start_time"),
             py::arg("encoding"),
             py::arg("description"))
        .def("write", &writer::write, py::arg("x"))
        .def("annotate", &writer::annotate, py::arg("annotations"))
        .def("close", &writer::close)
        .def_property_readonly("closed", &writer::closed)
        .def_property_readonly("samples", &writer::samples)
        .def_property_readonly("format", &writer::format);
    n.def("read_sigmf_meta", &read_sigmf_meta, py::arg("path"));
    n.def("mask_fields", &stftc_py::mask_field_rows);
    py::class_<reader>(n, "Reader")
        .def(py::init<const std::string&, py::object, bool>(),
             py::arg("path"),
             py::arg("format") = py::none(),
             py::arg("swap_iq") = false)
        .def("info", &reader::info)
        .def("read", &reader::read, py::arg("count"))
        .def("seek", &reader::seek, py::arg("frame"))
        .def("close", &reader::close)
        .def_property_readonly("closed", &reader::closed);
}

} // namespace

STFTCLEAN_REGISTER_BINDING(bind_numpy_api);
