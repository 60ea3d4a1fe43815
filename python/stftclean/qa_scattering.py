#!/usr/bin/env python3
#
# Copyright 2026 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""numpy_api.scattering against a numpy implementation written here from
the definition in include/stftclean/scattering.h: the filter bank from its
formulas (centres, widths, sampling rates checked against the metadata),
Morlet and Gaussian responses evaluated on the whole signal's DFT grid and
periodised, x * psi by one FFT of the whole signal (periodic boundary),
sampled every d, modulus, low-pass at that rate, sampled every stride.
Frames within the support of the ends are left out of the comparison (the
core streams with zeros before and after x)."""

import math
import os
import sys

import numpy as np
from gnuradio import gr_unittest

try:
    from gnuradio import stftclean  # noqa: F401
except ImportError:
    dirname, filename = os.path.split(os.path.abspath(__file__))
    sys.path.append(os.path.join(dirname, "bindings"))
    from gnuradio import stftclean  # noqa: F401
from gnuradio.stftclean import numpy_api as sc

LN2 = math.log(2.0)


def ref_bank(J, Q):
    """(xi, sigma) of the one-sided bank, descending centres."""
    r = 2.0 ** (-1.0 / Q)
    c = (1.0 - r) / ((1.0 + r) * math.sqrt(LN2))
    smin = 0.1 / 2.0 ** J
    xi = min(0.4, (1.0 + r) / 4.0)
    bank = [(xi, max(c * xi, smin))]
    while c * xi * r >= smin:
        xi *= r
        bank.append((xi, c * xi))
    delta = 2.0 * math.sqrt(LN2) * smin
    x = xi - delta
    while x >= delta:
        bank.append((x, smin))
        x -= delta
    return bank


def ref_level(sigma, oversampling, lo, top):
    e = math.floor(math.log2(1.0 / (4.0 * sigma))) - oversampling
    return min(max(int(max(e, 0)), lo), top)


def periodise(fun, f, rate):
    """sum over p of fun(f + p rate): a response on a sequence of that rate"""
    return sum(fun(f + p * rate) for p in range(-3, 4))


def morlet(xi, sigma):
    kappa = math.exp(-xi * xi / (2 * sigma * sigma))
    return lambda f: (np.exp(-(f - xi) ** 2 / (2 * sigma * sigma)) -
                      kappa * np.exp(-f ** 2 / (2 * sigma * sigma)))


def gauss(sigma):
    return lambda f: np.exp(-f ** 2 / (2 * sigma * sigma))


def ref_scattering(x, J, Q1, Q2, T, stride, oversampling, max_order=2):
    """(coefficient rows, frames) and the coefficient list (order, xi,
    sigma, decim, parent) in the core's documented order."""
    L = len(x)
    cplx = np.iscomplexobj(x)
    top = (stride & -stride).bit_length() - 1
    sphi = 0.1 / T
    b1, b2 = ref_bank(J, Q1), ref_bank(J, Q2)
    firsts = ([(-xi, s) for xi, s in b1] if cplx else []) + [(xi, s) for xi, s in b1[::-1]]
    X = np.fft.fft(x.astype(np.complex128))
    f = np.fft.fftfreq(L)
    rows, coefs = [], []

    def lowpass(seq, d):
        fd = np.fft.fftfreq(len(seq)) / d
        y = np.fft.ifft(np.fft.fft(seq) * periodise(gauss(sphi), fd, 1.0 / d))
        return y[::stride // d]

    rows.append(np.abs(np.fft.ifft(X * periodise(gauss(sphi), f, 1.0))[::stride]))
    coefs.append((0, 0.0, sphi, stride, -1))
    seconds = []
    for i, (xi1, s1) in enumerate(firsts):
        l1 = ref_level(s1, oversampling, 0, top)
        d1 = 1 << l1
        u1 = np.abs(np.fft.ifft(X * periodise(morlet(xi1, s1), f, 1.0))[::d1])
        rows.append(lowpass(u1, d1).real)
        coefs.append((1, xi1, s1, d1, -1))
        if max_order < 2:
            continue
        U1 = np.fft.fft(u1)
        fd1 = np.fft.fftfreq(len(u1)) / d1
        for xi2, s2 in b2[::-1]:
            if not xi2 < 2.0 * math.sqrt(LN2) * s1:
                continue
            d2 = 1 << ref_level(s2, oversampling, l1, top)
            z2 = np.fft.ifft(U1 * periodise(morlet(xi2, s2), fd1, 1.0 / d1))
            u2 = np.abs(z2[::d2 // d1])
            seconds.append((lowpass(u2, d2).real, (2, xi2, s2, d2, 1 + i)))
    for row, coef in seconds:
        rows.append(row)
        coefs.append(coef)
    return np.array(rows), coefs


def test_signal(n, cplx, seed=7):
    """chirp + AM tones + noise: every band of the bank sees energy"""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    ph = 2 * np.pi * (0.01 * t + 0.3 * t * t / (2 * n))
    am = 1 + 0.5 * np.cos(2 * np.pi * t / 3000.0)
    if cplx:
        x = np.exp(1j * ph) + am * np.exp(-2j * np.pi * 0.12 * t)
        x += 0.3 * (rng.standard_normal(n) + 1j * rng.standard_normal(n))
        return x.astype(np.complex64)
    x = np.cos(ph) + am * np.cos(2 * np.pi * 0.05 * t) + 0.3 * rng.standard_normal(n)
    return x.astype(np.float32)


class qa_scattering(gr_unittest.TestCase):

    def compare(self, cplx, J, Q1, Q2, T, stride, oversampling=1, n=1 << 17):
        x = test_signal(n, cplx)
        S, meta = sc.scattering(x, 2e6, J=J, Q1=Q1, Q2=Q2, T=T, stride=stride,
                                oversampling=oversampling)
        R, coefs = ref_scattering(x, J, Q1, Q2, T, stride, oversampling)
        self.assertEqual(S.shape, R.shape)
        # the metadata is the bank of the definition
        order = np.array([c[0] for c in coefs])
        np.testing.assert_array_equal(meta["order"], order)
        np.testing.assert_allclose(meta["xi_hz"], [c[1] * 2e6 for c in coefs],
                                   rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(meta["sigma"], [c[2] for c in coefs], rtol=1e-12)
        np.testing.assert_allclose(meta["bw_hz"],
                                   [2 * math.sqrt(LN2) * c[2] * 2e6 for c in coefs],
                                   rtol=1e-12)
        np.testing.assert_array_equal(meta["decim"], [c[3] for c in coefs])
        np.testing.assert_array_equal(meta["parent"], [c[4] for c in coefs])
        # frames away from the ends (periodic there, zeros in the stream)
        edge = meta["support"] // stride + 1
        sl = slice(edge, S.shape[1] - edge)
        self.assertGreater(sl.stop - sl.start, 8)
        worst = {}
        for o in (0, 1, 2):
            rows = order == o
            if not rows.any():
                continue
            a, b = S[rows, sl], R[rows, sl]
            # relative to each coefficient's own level over the compared frames
            scale = np.maximum(np.abs(b).max(axis=1, keepdims=True), 1e-30)
            worst[o] = float((np.abs(a - b) / scale).max())
        for o, err in worst.items():
            self.assertLess(err, 1e-4, "order %d: max relative error %.3g" % (o, err))
        return worst

    def test_real_reference(self):
        print("real:", self.compare(False, J=6, Q1=4, Q2=1, T=64, stride=32))

    def test_complex_reference(self):
        print("complex:", self.compare(True, J=6, Q1=4, Q2=1, T=64, stride=64))

    def test_odd_stride_and_q2(self):
        print("stride 24, Q2 2:", self.compare(False, J=5, Q1=2, Q2=2, T=48, stride=24,
                                              oversampling=0, n=1 << 15))

    def test_frames_and_times(self):
        x = np.zeros(10000, np.complex64)
        S, meta = sc.scattering(x, 1e3, J=5, Q1=2)
        self.assertEqual(S.shape[1], math.ceil(10000 / 32))
        np.testing.assert_allclose(meta["time_s"], np.arange(S.shape[1]) * 32 / 1e3)
        self.assertTrue(np.all(S == 0))
        _, m2 = sc.scattering(x, 1e3, J=5, Q1=2, T_seconds=0.064)
        self.assertEqual(m2["T"], 64)

    def test_errors_name_the_field(self):
        x = np.zeros(1000, np.float32)
        for kw, field in ((dict(J=0), "J"), (dict(Q1=33), "Q1"), (dict(Q2=0), "Q2"),
                          (dict(T=1), "T"), (dict(stride=100, T=64), "stride"),
                          (dict(oversampling=9), "oversampling"),
                          (dict(max_order=3), "max_order"), (dict(log_eps=0.0), "log_eps")):
            with self.assertRaises(ValueError) as cm:
                sc.scattering(x, 1.0, **kw)
            self.assertTrue(str(cm.exception).startswith(field + ":"), str(cm.exception))


if __name__ == "__main__":
    gr_unittest.run(qa_scattering)
