/* Helpers shared by the CppUnit tests of the C core: double-precision
 * references (windows, naive DFT, STFT framing), RAII handles, signals.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_CORE_TEST_UTIL_H
#define STFTCLEAN_CORE_TEST_UTIL_H

#include <cppunit/extensions/HelperMacros.h>
#include <stftclean/cleaner.h>
#include <stftclean/common.h>
#include <stftclean/mask.h>
#include <stftclean/stft.h>
#include <stftclean/vmath.h>
#include <stftclean/window.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace tu {

using cd = std::complex<double>;
using fvec = std::vector<float>;

/* ---------------- RAII handles ---------------- */
struct StftDel {
    void operator()(stftc_stft_t* p) const { stftc_stft_destroy(p); }
};
struct IstftDel {
    void operator()(stftc_istft_t* p) const { stftc_istft_destroy(p); }
};
struct MaskDel {
    void operator()(stftc_mask_t* p) const { stftc_mask_destroy(p); }
};
struct CleanerDel {
    void operator()(stftc_cleaner_t* p) const { stftc_cleaner_destroy(p); }
};
using StftPtr = std::unique_ptr<stftc_stft_t, StftDel>;
using IstftPtr = std::unique_ptr<stftc_istft_t, IstftDel>;
using MaskPtr = std::unique_ptr<stftc_mask_t, MaskDel>;
using CleanerPtr = std::unique_ptr<stftc_cleaner_t, CleanerDel>;

inline std::string errtext(const stftc_error_t& e)
{
    std::ostringstream s;
    s << "code " << e.code << ": " << e.msg;
    return s.str();
}

inline bool contains(const char* hay, const char* needle)
{
    return hay && std::strstr(hay, needle) != nullptr;
}

/* ---------------- configs ---------------- */
inline stftc_window_spec_t win(const char* text)
{
    stftc_window_spec_t s;
    stftc_error_t e;
    int rc = stftc_window_parse(text, &s, &e);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        std::string("parse ") + text + ": " + errtext(e), (int)STFTC_OK, rc);
    return s;
}

inline stftc_stft_config_t cfg(size_t n,
                               size_t hop,
                               size_t wlen,
                               const char* window,
                               stftc_sample_t type = STFTC_COMPLEX,
                               int centered = 0)
{
    stftc_stft_config_t c = stftc_stft_config_default();
    c.fft_size = n;
    c.hop = hop;
    c.window_len = wlen;
    c.window = win(window);
    c.sample_type = type;
    c.centered = centered;
    return c;
}

inline size_t eff_len(const stftc_stft_config_t& c)
{
    return c.window_len ? c.window_len : c.fft_size;
}
inline size_t spf(const stftc_stft_config_t& c) /* floats per sample */
{
    return c.sample_type == STFTC_COMPLEX ? 2 : 1;
}
inline size_t nbins(const stftc_stft_config_t& c)
{
    return c.sample_type == STFTC_COMPLEX ? c.fft_size : c.fft_size / 2 + 1;
}

inline StftPtr make_stft(const stftc_stft_config_t& c)
{
    stftc_error_t e;
    StftPtr p(stftc_stft_create(&c, &e));
    CPPUNIT_ASSERT_MESSAGE("stft_create: " + errtext(e), p != nullptr);
    return p;
}
inline IstftPtr make_istft(const stftc_stft_config_t& c)
{
    stftc_error_t e;
    IstftPtr p(stftc_istft_create(&c, &e));
    CPPUNIT_ASSERT_MESSAGE("istft_create: " + errtext(e), p != nullptr);
    return p;
}
inline CleanerPtr make_cleaner(const stftc_cleaner_config_t& c)
{
    stftc_error_t e;
    CleanerPtr p(stftc_cleaner_create(&c, &e));
    CPPUNIT_ASSERT_MESSAGE("cleaner_create: " + errtext(e), p != nullptr);
    return p;
}

/* ---------------- references ---------------- */
inline double bessel_i0(double x)
{
    double sum = 1.0, term = 1.0;
    const double q = x * x / 4.0;
    for (int k = 1; k < 1000; k++) {
        term *= q / ((double)k * (double)k);
        sum += term;
        if (term < sum * 1e-18)
            break;
    }
    return sum;
}

/* Periodic window, straight from the formulas in the brief. */
inline double ref_window(const stftc_window_spec_t& s, size_t len, size_t n)
{
    const double L = (double)len, x = 2.0 * M_PI * (double)n / L;
    switch (s.type) {
    case STFTC_WIN_RECT:
        return 1.0;
    case STFTC_WIN_HANN:
        return 0.5 - 0.5 * std::cos(x);
    case STFTC_WIN_HAMMING:
        return 0.54 - 0.46 * std::cos(x);
    case STFTC_WIN_BLACKMAN:
        return 0.42 - 0.5 * std::cos(x) + 0.08 * std::cos(2 * x);
    case STFTC_WIN_BLACKMAN_HARRIS:
        return 0.35875 - 0.48829 * std::cos(x) + 0.14128 * std::cos(2 * x) -
               0.01168 * std::cos(3 * x);
    case STFTC_WIN_KAISER: {
        const double r = 2.0 * (double)n / L - 1.0;
        return bessel_i0(s.param * std::sqrt(std::max(0.0, 1.0 - r * r))) /
               bessel_i0(s.param);
    }
    case STFTC_WIN_GAUSSIAN: {
        const double z = ((double)n - L / 2.0) / (s.param * L);
        return std::exp(-0.5 * z * z);
    }
    case STFTC_WIN_SQRT_HANN:
        return std::sqrt(std::max(0.0, 0.5 - 0.5 * std::cos(x)));
    }
    return NAN;
}

/* Naive DFT of x zero-padded (or truncated) to n points, double precision. */
inline std::vector<cd> naive_dft(const std::vector<cd>& x, size_t n)
{
    std::vector<cd> out(n);
    for (size_t m = 0; m < n; m++) {
        cd acc = 0;
        for (size_t k = 0; k < x.size() && k < n; k++) {
            const double ph = -2.0 * M_PI * (double)((m * k) % n) / (double)n;
            acc += x[k] * cd(std::cos(ph), std::sin(ph));
        }
        out[m] = acc;
    }
    return out;
}

/* numpy.fft.fftshift: y[i] = x[(i - n/2) mod n], DC lands at n/2. */
inline std::vector<cd> fftshift(const std::vector<cd>& x)
{
    const size_t n = x.size();
    std::vector<cd> y(n);
    for (size_t i = 0; i < n; i++)
        y[i] = x[(i + n - n / 2) % n];
    return y;
}

/* Samples of an interleaved float buffer as complex doubles. */
inline std::vector<cd> to_cd(const fvec& v, bool is_cplx)
{
    std::vector<cd> out;
    if (is_cplx)
        for (size_t i = 0; i + 1 < v.size(); i += 2)
            out.emplace_back(v[i], v[i + 1]);
    else
        for (float f : v)
            out.emplace_back(f, 0.0);
    return out;
}

/* Reference STFT of x (all of it, streamed from the zero-prefixed start):
 * floor(T/H) frames of bins complex values, flattened, double precision. */
inline std::vector<cd> ref_stft(const stftc_stft_config_t& c, const std::vector<cd>& x)
{
    const size_t L = eff_len(c), H = c.hop, N = c.fft_size, B = nbins(c);
    std::vector<cd> xp(L - H, cd(0, 0));
    xp.insert(xp.end(), x.begin(), x.end());
    const size_t nf = x.size() / H;
    std::vector<cd> out;
    out.reserve(nf * B);
    for (size_t k = 0; k < nf; k++) {
        std::vector<cd> fr(L);
        for (size_t n = 0; n < L; n++)
            fr[n] = ref_window(c.window, L, n) * xp[k * H + n];
        std::vector<cd> X = naive_dft(fr, N);
        if (c.sample_type == STFTC_COMPLEX && c.centered)
            X = fftshift(X);
        out.insert(out.end(), X.begin(), X.begin() + (long)B);
    }
    return out;
}

/* ---------------- signals and measures ---------------- */
inline fvec random_floats(std::mt19937& rng, size_t n, float amp = 1.0f)
{
    std::uniform_real_distribution<float> d(-amp, amp);
    fvec v(n);
    for (auto& f : v)
        f = d(rng);
    return v;
}

inline double rms(const float* v, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (double)v[i] * v[i];
    return n ? std::sqrt(s / (double)n) : 0.0;
}

inline double max_abs_diff(const float* a, const float* b, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++) {
        const double d = std::fabs((double)a[i] - (double)b[i]);
        if (!(d <= m)) /* NaN counts as infinitely wrong */
            m = std::isnan(d) ? INFINITY : d;
    }
    return m;
}

inline double max_abs(const float* a, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        m = std::max(m, (double)std::fabs(a[i]));
    return m;
}

/* Run x (whole samples, interleaved for complex) through stft in one call. */
inline fvec stft_all(stftc_stft_t* st, const fvec& x)
{
    const stftc_stft_config_t* c = stftc_stft_config(st);
    const size_t ns = x.size() / spf(*c);
    const size_t nf = stftc_stft_frames_for(st, ns);
    fvec frames(std::max<size_t>(1, nf * 2 * stftc_stft_bins(st)));
    const size_t got = stftc_stft_process(st, x.data(), ns, frames.data());
    CPPUNIT_ASSERT_EQUAL(nf, got);
    frames.resize(got * 2 * stftc_stft_bins(st));
    return frames;
}

inline fvec istft_all(stftc_istft_t* it, const fvec& frames)
{
    const stftc_stft_config_t* c = stftc_istft_config(it);
    const size_t nf = frames.size() / (2 * stftc_istft_bins(it));
    fvec out(std::max<size_t>(1, nf * c->hop * spf(*c)));
    CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                         stftc_istft_process(it, frames.data(), nf, out.data()));
    out.resize(nf * c->hop * spf(*c));
    return out;
}

/* max |y[t] - x[t - d]| over t (samples; zero for t < d), floats per sample s */
inline double delayed_error(const fvec& x, const fvec& y, size_t d, size_t s)
{
    double m = 0;
    const size_t n = std::min(x.size(), y.size()) / s;
    for (size_t t = 0; t < n; t++)
        for (size_t j = 0; j < s; j++) {
            const double want = t >= d ? (double)x[(t - d) * s + j] : 0.0;
            const double e = std::fabs((double)y[t * s + j] - want);
            if (!(e <= m))
                m = std::isnan(e) ? INFINITY : e;
        }
    return m;
}

} // namespace tu

#endif
