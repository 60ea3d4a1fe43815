/* Test signals and an independent spectral-convergence reference for the
 * phase reconstruction tests and bench: speech-like audio (harmonics with
 * vibrato under moving formants, syllables, fricative noise, pauses) and an
 * RF-like signal (FSK bursts, a chirp, a CW carrier), real and complex (IQ).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_PHASE_TEST_SIGNALS_H
#define STFTCLEAN_PHASE_TEST_SIGNALS_H

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace pts {

using cd = std::complex<double>;

/* Speech-like audio at fs = 16 kHz, n samples, peak about 0.5. */
inline std::vector<float> speech_like(size_t n, unsigned seed = 7)
{
    const double fs = 16000.0;
    std::mt19937 rng(seed);
    std::normal_distribution<double> g(0.0, 1.0);
    std::vector<float> x(n, 0.0f);
    double ph0 = 0.0;
    /* one-pole coloured noise for fricatives */
    double lp = 0.0, hp_prev = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double t = (double)i / fs;
        /* syllables at ~4 Hz with pauses every 1.1 s */
        const double syl = std::pow(std::max(0.0, std::sin(2 * M_PI * 3.7 * t)), 0.6);
        /* pauses of 0.2 s every 1.1 s, with 30 ms raised-cosine edges */
        const double tp = std::fmod(t, 1.1);
        const double edge = std::min(std::min(tp, 0.9 - tp) / 0.03, 1.0);
        const double pause = tp > 0.9 ? 0.0 : 0.5 - 0.5 * std::cos(M_PI * edge);
        const double f0 = 125.0 + 25.0 * std::sin(2 * M_PI * 0.7 * t) +
                          4.0 * std::sin(2 * M_PI * 5.5 * t); /* intonation, vibrato */
        ph0 += 2 * M_PI * f0 / fs;
        /* formants glide between vowels */
        const double f1 = 550 + 250 * std::sin(2 * M_PI * 1.3 * t);
        const double f2 = 1600 + 600 * std::sin(2 * M_PI * 0.9 * t + 1.0);
        const double f3 = 2600 + 200 * std::sin(2 * M_PI * 0.5 * t + 2.0);
        double v = 0.0;
        for (int h = 1; h * f0 < 7000.0; h++) {
            const double f = h * f0;
            const double env = std::exp(-0.5 * std::pow((f - f1) / 120.0, 2)) +
                               0.6 * std::exp(-0.5 * std::pow((f - f2) / 160.0, 2)) +
                               0.3 * std::exp(-0.5 * std::pow((f - f3) / 200.0, 2)) +
                               0.02;
            v += env * std::sin(h * ph0 + 0.3 * h * h);
        }
        /* fricative: high-passed noise between syllables */
        const double w = g(rng);
        const double hp = w - hp_prev;
        hp_prev = w;
        lp = 0.7 * lp + 0.3 * hp;
        const double fric = (1.0 - syl) * pause * 0.05 * lp *
                            (std::sin(2 * M_PI * 0.45 * t) > 0.3 ? 1.0 : 0.0);
        x[i] = (float)(0.12 * syl * pause * v + fric);
    }
    return x;
}

/* RF-like components as a complex baseband at normalised frequency centre
 * fc (cycles/sample): 2-FSK bursts (+-0.03 deviation, sym_len samples per
 * symbol: 1024 by default, i.e. symbols resolved by an N = 1024 spectrogram),
 * a linear chirp over +-0.18, a CW carrier. IQ version: fc = 0; real version:
 * the IQ one moved up by fs/4, its real part (all content in (0.05, 0.45)). */
inline std::vector<cd>
rf_like_baseband(size_t n, double fc, size_t sym_len = 1024, unsigned seed = 11)
{
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> bit(0, 1);
    std::vector<cd> x(n, cd(0, 0));
    const size_t sym = sym_len, burst = 12 * sym, gap = 12000;
    double pf = 0.0, pc = 0.0;
    int b = bit(rng);
    for (size_t i = 0; i < n; i++) {
        const size_t pos = i % (burst + gap);
        const bool on = pos < burst;
        if (pos % sym == 0)
            b = bit(rng);
        const double fdev = b ? 0.03 : -0.03;
        pf += 2 * M_PI * (fc - 0.09 + fdev);
        /* burst edges ramped over 64 samples */
        double ramp =
            on ? std::min(1.0, std::min((double)pos, (double)(burst - pos)) / 64.0) : 0.0;
        cd v = ramp * std::exp(cd(0, pf));
        /* chirp sweeping fc - 0.18 .. fc + 0.18 over the record */
        const double fch = fc - 0.18 + 0.36 * (double)i / (double)n;
        pc += 2 * M_PI * fch;
        v += 0.5 * std::exp(cd(0, pc));
        /* CW carrier */
        v += 0.3 * std::exp(cd(0, 2 * M_PI * (fc + 0.13) * (double)i + 0.4));
        x[i] = v;
    }
    return x;
}

/* The IQ signal below moved up by fs/4, its real part: real and IQ differ
 * by nothing but the shift (generating the baseband at fc = 0.25 instead
 * would phase the CW carrier against the other components differently and
 * change where they interfere). */
inline std::vector<float> rf_like_real(size_t n, size_t sym_len = 1024)
{
    const std::vector<cd> z = rf_like_baseband(n, 0.0, sym_len);
    static const cd rot[4] = { cd(1, 0), cd(0, 1), cd(-1, 0), cd(0, -1) };
    std::vector<float> x(n);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(0.5 * (z[i] * rot[i % 4]).real());
    return x;
}

/* interleaved I/Q */
inline std::vector<float> rf_like_iq(size_t n, size_t sym_len = 1024)
{
    const std::vector<cd> z = rf_like_baseband(n, 0.0, sym_len);
    std::vector<float> x(2 * n);
    for (size_t i = 0; i < n; i++) {
        x[2 * i] = (float)(0.5 * z[i].real());
        x[2 * i + 1] = (float)(0.5 * z[i].imag());
    }
    return x;
}

/* ---------------- independent reference ---------------- */

/* In-place radix-2 FFT (n a power of two), double precision. */
inline void fft_pow2(std::vector<cd>& a)
{
    const size_t n = a.size();
    for (size_t i = 1, j = 0; i < n; i++) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j ^= bit;
        if (i < j)
            std::swap(a[i], a[j]);
    }
    /* twiddles of every stage, made once per size (the same values as
     * computing each where it is used; a sincos per butterfly was a third
     * of the phase tests' time under valgrind) */
    static std::map<size_t, std::vector<cd>> tables;
    std::vector<cd>& tw = tables[n];
    if (tw.empty() && n > 1) {
        tw.reserve(n - 1);
        for (size_t len = 2; len <= n; len <<= 1) {
            const double ang = -2 * M_PI / (double)len;
            for (size_t k = 0; k < len / 2; k++)
                tw.push_back(std::polar(1.0, ang * (double)k));
        }
    }
    for (size_t len = 2; len <= n; len <<= 1) {
        const cd* ws = tw.data() + (len / 2 - 1); /* stage len starts at len/2 - 1 */
        for (size_t i = 0; i < n; i += len)
            for (size_t k = 0; k < len / 2; k++) {
                const cd w = ws[k];
                const cd u = a[i + k], v = a[i + k + len / 2] * w;
                a[i + k] = u + v;
                a[i + k + len / 2] = u - v;
            }
    }
}

struct Frame {
    size_t n, l, h;
    bool cplx;
    std::vector<double> w; /* periodic window, l */
    size_t bins() const { return cplx ? n : n / 2 + 1; }
    size_t frames(size_t samples) const
    {
        return samples < l ? 0 : (samples - l) / h + 1;
    }
};

/* Periodic Hann/Hamming/Blackman or Gaussian(sigma) window of length l. */
inline Frame make_frame(
    size_t n, size_t l, size_t h, bool cplx, const char* kind, double sigma = 0.125)
{
    Frame f{ n, l, h, cplx, std::vector<double>(l) };
    const std::string k(kind);
    for (size_t i = 0; i < l; i++) {
        const double x = 2 * M_PI * (double)i / (double)l;
        if (k == "hann")
            f.w[i] = 0.5 - 0.5 * std::cos(x);
        else if (k == "hamming")
            f.w[i] = 0.54 - 0.46 * std::cos(x);
        else if (k == "blackman")
            f.w[i] = 0.42 - 0.5 * std::cos(x) + 0.08 * std::cos(2 * x);
        else {
            const double z = ((double)i - (double)l / 2.0) / (sigma * (double)l);
            f.w[i] = std::exp(-0.5 * z * z);
        }
    }
    return f;
}

/* Frames k = fft(w * y[kH : kH + L], N) of a signal (interleaved floats),
 * magnitudes (frames x bins, natural order); n must be a power of two. */
inline std::vector<float> ref_mag(const Frame& f, const std::vector<float>& y)
{
    const size_t spf = f.cplx ? 2 : 1, ns = y.size() / spf, nf = f.frames(ns);
    std::vector<float> out(nf * f.bins());
    std::vector<cd> a(f.n);
    for (size_t k = 0; k < nf; k++) {
        std::fill(a.begin(), a.end(), cd(0, 0));
        for (size_t i = 0; i < f.l; i++) {
            const size_t j = (k * f.h + i) * spf;
            a[i] = f.w[i] * (f.cplx ? cd(y[j], y[j + 1]) : cd(y[j], 0.0));
        }
        fft_pow2(a);
        for (size_t m = 0; m < f.bins(); m++)
            out[k * f.bins() + m] = (float)std::abs(a[m]);
    }
    return out;
}

/* Complex frames (interleaved, frames x bins, natural order). */
inline std::vector<float> ref_coefs(const Frame& f, const std::vector<float>& y)
{
    const size_t spf = f.cplx ? 2 : 1, ns = y.size() / spf, nf = f.frames(ns);
    std::vector<float> out(2 * nf * f.bins());
    std::vector<cd> a(f.n);
    for (size_t k = 0; k < nf; k++) {
        std::fill(a.begin(), a.end(), cd(0, 0));
        for (size_t i = 0; i < f.l; i++) {
            const size_t j = (k * f.h + i) * spf;
            a[i] = f.w[i] * (f.cplx ? cd(y[j], y[j + 1]) : cd(y[j], 0.0));
        }
        fft_pow2(a);
        for (size_t m = 0; m < f.bins(); m++) {
            out[2 * (k * f.bins() + m)] = (float)a[m].real();
            out[2 * (k * f.bins() + m) + 1] = (float)a[m].imag();
        }
    }
    return out;
}

/* SC in dB of signal y against target magnitudes S (first frames of y). */
inline double
ref_sc(const Frame& f, const std::vector<float>& S, const std::vector<float>& y)
{
    const std::vector<float> M = ref_mag(f, y);
    const size_t n = std::min(S.size(), M.size());
    double num = 0, den = 0;
    for (size_t i = 0; i < n; i++) {
        const double d = (double)M[i] - (double)S[i];
        num += d * d;
        den += (double)S[i] * S[i];
    }
    for (size_t i = n; i < S.size(); i++) { /* frames y does not reach */
        num += (double)S[i] * S[i];
        den += (double)S[i] * S[i];
    }
    return 10.0 * std::log10(num / den);
}

} // namespace pts

#endif
