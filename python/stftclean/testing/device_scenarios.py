#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Synthetic recordings for burst segmentation and device classification
(numpy only, deterministic for a seed).

``burst_train`` -- bursts with short (32-sample) ramps, so that their edges
are sharp and an onset/offset can be checked to a fraction of a hop:
GFSK, BPSK and OOK (starting and ending on a mark) at offsets within
+-600 kHz, 20-300 ms long, in complex white noise.

``device_recording`` -- one recording of a device doing one of four
operations, which differ in burst length, modulation, bandwidth and rhythm:

    beacon    6 ms GFSK bursts (4.8 kbaud, 5 kHz deviation) every 100 ms
    sync      40 ms OOK bursts (2 kbaud) every 230 ms
    upload    180 ms 2-FSK bursts (25 kbaud, 12 kHz deviation) every 400 ms
    command   pairs of 15 ms BPSK bursts (8 kbaud), 20 ms apart, every 330 ms

All at the device's carrier (a random offset within +-200 kHz per
recording, +-2 kHz drift between bursts), with +-10 % jitter on the
rhythm and a random first burst.

SNR (as in scenarios.py): the burst power (1.0) over the noise power in a
50 kHz reference bandwidth. Every generator returns (iq complex64, fs,
bursts) with bursts a list of (start, stop, f_lo, f_hi) in samples and Hz.
"""

import numpy as np

REF_BW = 50e3
OPERATIONS = ("beacon", "sync", "upload", "command")


def _noise(rng, n, snr_db, fs):
    p = 10.0 ** (-snr_db / 10.0) * fs / REF_BW
    s = np.sqrt(p / 2.0)
    return (rng.standard_normal(n) * s + 1j * rng.standard_normal(n) * s).astype(
        np.complex64)


def _ramp(m, r):
    env = np.ones(m)
    r = min(r, m // 2)
    if r > 0:
        up = 0.5 - 0.5 * np.cos(np.pi * (np.arange(r) + 0.5) / r)
        env[:r] = up
        env[m - r:] = up[::-1]
    return env


def _symbols(rng, m, sps, mark_ends=False):
    nsym = int(np.ceil(m / sps)) + 1
    bits = rng.integers(0, 2, nsym)
    if mark_ends:
        bits[0] = bits[-1] = 1
        bits[int((m - 1) // sps)] = 1
    return bits[np.minimum((np.arange(m) / sps).astype(np.int64), nsym - 1)]


def _smooth(x, k):
    k = max(3, int(k)) | 1
    w = np.hanning(k)
    w /= w.sum()
    pad = np.concatenate([np.full(k, x[0]), x, np.full(k, x[-1])])
    return np.convolve(pad, w, "same")[k:k + len(x)]


def modulate(rng, kind, m, fs, f0, baud, dev=0.0, ramp=32):
    """One burst of m samples (complex128, power 1 over its length)."""
    sps = fs / baud
    t = np.arange(m) / fs
    ph0 = rng.uniform(0, 2 * np.pi)
    if kind in ("fsk", "gfsk"):
        sym = _symbols(rng, m, sps).astype(float)
        if kind == "gfsk":
            sym = _smooth(sym, sps / 2)
        inst = f0 + dev * (2.0 * sym - 1.0)
        x = np.exp(1j * (ph0 + 2 * np.pi * np.cumsum(inst) / fs))
    elif kind == "bpsk":
        sym = 2.0 * _symbols(rng, m, sps) - 1.0
        sym = _smooth(sym, sps / 3)
        x = sym * np.exp(1j * (ph0 + 2 * np.pi * f0 * t))
    elif kind == "ook":
        sym = _smooth(_symbols(rng, m, sps, mark_ends=True).astype(float), sps / 3)
        x = sym * np.exp(1j * (ph0 + 2 * np.pi * f0 * t))
    else:
        raise ValueError("kind: fsk, gfsk, bpsk or ook")
    x = x * _ramp(m, ramp)
    return x / np.sqrt(np.mean(np.abs(x) ** 2))


def burst_train(snr_db=5.0, duration=8.0, fs=2e6, seed=0):
    """Bursts with sharp edges for onset/offset checks."""
    rng = np.random.default_rng(seed)
    n = int(round(duration * fs))
    x = _noise(rng, n, snr_db, fs).astype(np.complex128)
    bursts = []
    t = rng.uniform(0.1, 0.2)
    kinds = ("gfsk", "bpsk", "ook")
    i = 0
    while True:
        dur = rng.uniform(0.02, 0.3)
        a, b = int(round(t * fs)), int(round((t + dur) * fs))
        if b > n - int(0.05 * fs):
            break
        kind = kinds[i % 3]
        baud = rng.uniform(4e3, 10e3)
        dev = rng.uniform(3e3, 8e3) if kind == "gfsk" else 0.0
        half = baud + dev
        f0 = rng.uniform(50e3 + half, 600e3) * rng.choice([-1.0, 1.0])
        x[a:b] += modulate(rng, kind, b - a, fs, f0, baud, dev)
        bursts.append((a, b, f0 - half, f0 + half))
        t += dur + rng.uniform(0.15, 0.5)
        i += 1
    return x.astype(np.complex64), fs, bursts


_OPS = {
    # kind, burst seconds, baud, deviation, period seconds, bursts per period, gap
    "beacon": ("gfsk", 0.006, 4.8e3, 5e3, 0.100, 1, 0.0),
    "sync": ("ook", 0.040, 2e3, 0.0, 0.230, 1, 0.0),
    "upload": ("fsk", 0.180, 25e3, 12e3, 0.400, 1, 0.0),
    "command": ("bpsk", 0.015, 8e3, 0.0, 0.330, 2, 0.020),
}


def device_recording(operation, snr_db=0.0, duration=1.5, fs=1e6, seed=0):
    """A recording of the device doing one operation (see the module doc)."""
    if operation not in _OPS:
        raise ValueError("operation: one of " + ", ".join(OPERATIONS))
    kind, blen, baud, dev, period, per, gap = _OPS[operation]
    rng = np.random.default_rng(seed)
    n = int(round(duration * fs))
    x = _noise(rng, n, snr_db, fs).astype(np.complex128)
    carrier = rng.uniform(-200e3, 200e3)
    half = baud + dev
    bursts = []
    t = rng.uniform(0.02, period)
    while True:
        for j in range(per):
            m = int(round(blen * rng.uniform(0.95, 1.05) * fs))
            a = int(round((t + j * (blen + gap)) * fs))
            if a + m > n:
                break
            f0 = carrier + rng.uniform(-2e3, 2e3)
            x[a:a + m] += modulate(rng, kind, m, fs, f0, baud, dev, ramp=64)
            bursts.append((a, a + m, f0 - half, f0 + half))
        t += period * rng.uniform(0.9, 1.1)
        if t * fs >= n:
            break
    return x.astype(np.complex64), fs, bursts
