#!/usr/bin/env python3
#
# Copyright 2026 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""stftclean.phase.reconstruct with the optimisation methods (lbfgs,
pghi+lbfgs, hybrid) and the projection methods (raar, dm, admm, agla;
numpy_api.reconstruct with known phases): the spectral convergence (SC) is measured here with
numpy (explicitly windowed frames, float64 FFTs), never taken from the core;
real (one-sided) and complex (two-sided, IQ) magnitudes; bad names refused."""

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
from gnuradio.stftclean import phase
from gnuradio.stftclean import numpy_api as npa


def hann(L):
    return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(L) / L)


def np_mag(y, N, H):
    """frames k = fft(w * y[kH : kH + N]) of the phase framing, (F, bins)"""
    y = np.asarray(y)
    F = (len(y) - N) // H + 1
    idx = np.arange(N)[None, :] + H * np.arange(F)[:, None]
    fr = y.astype(np.complex128 if np.iscomplexobj(y) else np.float64)[idx] * hann(N)
    X = np.fft.fft(fr, N, axis=1) if np.iscomplexobj(y) else np.fft.rfft(fr, N, axis=1)
    return np.abs(X)


def np_sc(S, y, N, H):
    M = np_mag(y, N, H)[:S.shape[0]]
    S = np.asarray(S, dtype=np.float64)
    return 20 * np.log10(np.linalg.norm(M - S) / np.linalg.norm(S))


def chirps(n, cplx):
    """a chirp, a carrier and a burst; complex or its real part moved up"""
    t = np.arange(n)
    z = (np.exp(2j * np.pi * np.cumsum(-0.3 + 0.4 * t / n)) +
         0.5 * np.exp(2j * np.pi * 0.2 * t) +
         ((t // 3000) % 2) * 0.7 * np.exp(2j * np.pi * (-0.1 * t + 2e-6 * t * t)))
    if cplx:
        return (0.3 * z).astype(np.complex64)
    return (0.3 * (z * np.exp(0.5j * np.pi * t)).real).astype(np.float32)


class qa_phase_opt(gr_unittest.TestCase):

    def check(self, cplx, method, iters, floor):
        N, H = 512, 128
        x = chirps(24000, cplx)
        F = (len(x) - N) // H + 1
        x = x[:(F - 1) * H + N]
        S = np_mag(x, N, H).astype(np.float32)
        y, core_sc = phase.reconstruct(S, N, H, method=method, iters=iters,
                                       return_sc=True)
        self.assertEqual(len(y), len(x))
        self.assertEqual(np.iscomplexobj(y), cplx)
        sc = np_sc(S, y, N, H)
        self.assertAlmostEqual(sc, core_sc, delta=0.05)
        self.assertLess(sc, floor, "%s %s: SC %.2f dB" % (
            method, "IQ" if cplx else "real", sc))
        return sc

    def test_001_pghi_lbfgs(self):
        """from PGHI, 60 L-BFGS iterations rebuild both kinds below -40 dB
        (about -47 dB real, -48 dB IQ; PGHI + 60 FGLA: about -42 dB)"""
        for cplx in (False, True):
            self.check(cplx, "pghi+lbfgs", 60, -40.0)

    def test_002_hybrid(self):
        for cplx in (False, True):
            self.check(cplx, "hybrid", 60, -40.0)

    def test_003_lbfgs_random(self):
        """from a random phase (about -4 dB) 100 iterations reach about
        -28 dB real, -31 dB IQ"""
        for cplx in (False, True):
            self.check(cplx, "lbfgs", 100, -20.0)

    def test_004_bad_method(self):
        S = np.ones((10, 257), dtype=np.float32)
        with self.assertRaisesRegex(ValueError, "method"):
            phase.reconstruct(S, 512, 128, method="bfgs")
        self.assertIn("hybrid", phase.METHODS)

    def test_005_projection_methods(self):
        """raar, dm, admm, agla from PGHI: below -35 dB on both kinds (numpy
        measure), and below the start of a random phase by far"""
        for cplx in (False, True):
            for m in ("raar", "dm", "admm", "agla"):
                self.check(cplx, m, 100, -35.0)
        N, H = 512, 128
        x = chirps(12000, True)
        S = np_mag(x, N, H).astype(np.float32)
        for m in ("raar", "dm", "admm", "agla"):
            y = phase.reconstruct(S, N, H, method=m, iters=60, init="random")
            y0 = phase.reconstruct(S, N, H, method=m, iters=0, init="random")
            self.assertLess(np_sc(S, y, N, H), np_sc(S, y0, N, H) - 10.0, m)

    def test_006_params(self):
        """parameters by name reach the core (agla with gamma 1, beta 0 is
        fgla); bad ones are refused naming the field"""
        N, H = 512, 128
        x = chirps(8000, False)
        S = np_mag(x, N, H).astype(np.float32)
        a = phase.reconstruct(S, N, H, method="fgla", iters=15)
        b = phase.reconstruct(S, N, H, method="agla", iters=15, init="random",
                              params={"agla_gamma": 1.0, "agla_beta": 0.0})
        # the same iteration up to float rounding (AGLA carries it in other
        # terms): equal to 1e-4 of the signal's norm
        self.assertLess(np.linalg.norm(a - b), 1e-4 * np.linalg.norm(a))
        for params, field in (({"raar_beta": 1.5}, "raar_beta"), ({"dm_beta": 0.0}, "dm_beta"),
                              ({"admm_rho": -1}, "admm_rho"), ({"nope": 1}, "nope"),
                              ({"hybrid_method": "gla"}, "hybrid_method")):
            with self.assertRaisesRegex(ValueError, field):
                phase.reconstruct(S, N, H, method="raar", params=params)
        with self.assertRaisesRegex(ValueError, "init"):
            phase.reconstruct(S, N, H, method="fgla", init="pghi")

    def test_007_known_phases(self):
        """numpy_api: every phase known gives back the signal itself; an
        edit of a few cells with the rest known keeps the signal outside
        the edit (no global phase fitted), where without known phases the
        phase is re-invented"""
        for cplx in (False, True):
            x = chirps(16000, cplx)
            X = npa.stft(x, 512, 128)
            S = np.abs(X)
            known = np.ones(S.shape, dtype=bool)
            for m in ("fgla", "raar", "agla", "hybrid", "dm", "admm"):
                y = npa.reconstruct(S, 512, 128, method=m, iters=10, length=len(x),
                                    known=known, known_phase=np.angle(X))
                err = np.linalg.norm(y - x) / np.linalg.norm(x)
                self.assertLess(err, 1e-4, "%s: %g" % (m, err))
            S2 = S.copy()
            S2[40:60, 30:33] *= 0.5
            known[40:60, 30:33] = False
            y = npa.reconstruct(S2, 512, 128, method="agla", iters=30, length=len(x),
                                known=known, known_phase=np.angle(X))
            y0 = npa.reconstruct(S2, 512, 128, method="agla", iters=30, length=len(x))
            e = np.linalg.norm(y - x) / np.linalg.norm(x)
            e0 = np.linalg.norm(y0 - x) / np.linalg.norm(x)
            self.assertLess(20 * np.log10(e), -25.0)
            self.assertGreater(e0, 10 * e)
            sc = npa.spectral_convergence(S, y, 512, 128)
            self.assertLess(sc, -25.0)
        with self.assertRaisesRegex(ValueError, "known"):
            npa.reconstruct(S, 512, 128, known=known)

    def test_008_default_hybrid(self):
        """numpy_api.reconstruct defaults to the hybrid schedule; the old
        names still work"""
        x = chirps(12000, True)
        S = np.abs(npa.stft(x, 512, 128))
        y, sc = npa.reconstruct(S, 512, 128, length=len(x), return_sc=True)
        y2, sc2 = npa.reconstruct(S, 512, 128, method="hybrid", length=len(x),
                                  return_sc=True)
        self.assertEqual(sc, sc2)
        _, sc3 = npa.reconstruct(S, 512, 128, method="pghi+fgla", length=len(x),
                                 return_sc=True)
        self.assertLess(sc, -25.0)
        self.assertLess(sc3, -25.0)


if __name__ == '__main__':
    gr_unittest.run(qa_phase_opt)
