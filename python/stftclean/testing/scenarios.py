#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Synthetic test scenarios with known ground truth (numpy only).

Every generator is deterministic for a given seed and returns a Scenario:
``clean`` (the reference: what a perfect cleaner would output), ``noisy``
(= clean + interference + noise), ``fs``, ``bursts`` (list of
``(start, stop, f_lo, f_hi)`` in samples and Hz; for speech the active
segments with the band 0..fs/2), ``is_complex`` and ``name``.

RF scenarios (complex IQ, default 2 MS/s, 8 s)::

    a  2-FSK and OOK bursts in complex white Gaussian noise
    b  a + a CW carrier 20 dB above the burst power + DC leakage 10 dB above
    c  a + impulsive clicks 30-50 dB above the noise RMS
    d  a with a noise floor rising 10 dB over the file and a +6 dB spectral hump

Bursts: 200-600 ms long, starts 1.4-2.6 s apart (first one near 0.3 s), at
offsets within +-700 kHz (never within 30 kHz of the centre), 2-7 kbaud,
FSK deviation 2-9 kHz (calibrated so that the oracle ratio mask reaches
about +9.4 dB SI-SDR on (a) at 0 dB with N=1024, hop 256, as the issue's
reference recordings did), 0.5-1 ms raised-cosine on/off ramps, each burst
scaled to a mean power of exactly 1.0.

SNR (RF): the burst power (1.0) over the noise power in a 50 kHz reference
bandwidth, so the total complex noise power over fs is
``10**(-snr/10) * fs / 50e3``. In (d) this holds for the white part of the
noise at the middle of the file; the floor runs from -5 dB to +5 dB around
it, and the hump adds up to +6 dB on top in a few hundred kHz.

Speech scenarios (real, 16 kHz, 6 s): synthetic voiced syllables (harmonics
of a gliding f0 in 80-250 Hz through formant resonances, 100-300 ms
envelopes, pauses) and unvoiced fricatives, in white or pink noise; SNR is
the speech power over the noise power over the whole file.

The CW carrier, the DC leakage and the clicks are interference: they are in
``noisy`` but not in ``clean``.

``variant="clean_only"`` returns noisy = clean (no noise, no interference);
``variant="noise_only"`` returns the same noise and interference without
the bursts (clean is all zeros, bursts is empty).
"""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import numpy as np

RF_SCENARIOS = ("a", "b", "c", "d")
SPEECH_SCENARIOS = ("speech-white", "speech-pink")
ALL_SCENARIOS = RF_SCENARIOS + SPEECH_SCENARIOS
VARIANTS = (None, "clean_only", "noise_only")

REF_BW = 50e3  # Hz, reference bandwidth of the RF SNR definition

DESCRIPTIONS = {
    "a": "FSK/OOK bursts in white noise",
    "b": "a + CW 20 dB above the bursts + DC leakage",
    "c": "a + impulsive clicks 30-50 dB above the noise RMS",
    "d": "a + noise floor rising 10 dB + coloured noise hump",
    "speech-white": "synthetic speech in white noise",
    "speech-pink": "synthetic speech in pink noise",
}


@dataclass
class Scenario:
    name: str
    clean: np.ndarray
    noisy: np.ndarray
    fs: float
    bursts: List[Tuple[int, int, float, float]]
    is_complex: bool
    snr_db: Optional[float]
    variant: Optional[str] = None
    info: Dict = field(default_factory=dict)

    @property
    def interference(self):
        """The interference part (CW, DC, clicks) or None; kept in info."""
        return self.info.get("interference")


# ---------------------------------------------------------------- helpers

def _rc_ramp(n):
    """Raised-cosine rise of n samples, 0 -> 1 (exclusive of both ends)."""
    if n <= 0:
        return np.ones(0)
    return 0.5 - 0.5 * np.cos(np.pi * (np.arange(n) + 0.5) / n)


def _cnoise(rng, n, power):
    """Complex white Gaussian noise of total power `power` (complex64)."""
    s = np.float32(np.sqrt(power / 2.0))
    out = np.empty(n, np.complex64)
    out.real = rng.standard_normal(n, dtype=np.float32) * s
    out.imag = rng.standard_normal(n, dtype=np.float32) * s
    return out


def fft_filter(x, h, block=1 << 16):
    """Linear convolution of x with FIR h by FFT overlap-add, output aligned to
    the filter's centre (delay len(h)//2 removed), same length as x."""
    x = np.asarray(x)
    h = np.asarray(h)
    m = len(h)
    nfft = 1
    while nfft < block + m - 1:
        nfft *= 2
    is_c = np.iscomplexobj(x) or np.iscomplexobj(h)
    H = np.fft.fft(h, nfft)
    n = len(x)
    y = np.zeros(n + m - 1, np.complex128 if is_c else np.float64)
    for i in range(0, n, block):
        seg = x[i:i + block]
        r = np.fft.ifft(np.fft.fft(seg, nfft) * H)[:len(seg) + m - 1]
        y[i:i + len(seg) + m - 1] += r if is_c else r.real
    d = m // 2
    return y[d:d + n].astype(np.complex64 if is_c else np.float32)


def _design_fir(desired_amp, taps):
    """FIR by frequency sampling: desired_amp is |H| on an fft grid (bin 0 =
    DC, fft order); returns `taps` coefficients (hann-windowed, centred)."""
    n = len(desired_amp)
    h = np.fft.fftshift(np.fft.ifft(desired_amp))
    c = n // 2
    h = h[c - taps // 2:c - taps // 2 + taps] * np.hanning(taps)
    return h


# ---------------------------------------------------------------- RF bursts

def _burst_waveform(rng, kind, m, fs, f0, baud, dev):
    """One burst of m samples at offset f0 Hz (complex128, unnormalised)."""
    sps = fs / baud
    nsym = int(np.ceil(m / sps)) + 2
    bits = rng.integers(0, 2, nsym)
    idx = np.minimum((np.arange(m) / sps).astype(np.int64), nsym - 1)
    sym = bits[idx].astype(np.float64)
    # soften symbol transitions (a third of a symbol) to keep the band compact
    k = max(3, int(sps / 3)) | 1
    sym = np.convolve(np.concatenate([np.full(k, sym[0]), sym, np.full(k, sym[-1])]),
                      np.hanning(k) / np.hanning(k).sum(), "same")[k:k + m]
    t = np.arange(m) / fs
    ph0 = rng.uniform(0, 2 * np.pi)
    if kind == "fsk":
        inst = f0 + dev * (2.0 * sym - 1.0)
        phase = ph0 + 2 * np.pi * np.cumsum(inst) / fs
        return np.exp(1j * phase)
    return sym * np.exp(1j * (ph0 + 2 * np.pi * f0 * t))


def _place_bursts(rng, fs, n, max_offset=700e3, min_offset=30e3):
    """Burst schedule: list of dicts with start, stop, kind, f0, baud, dev,
    ramp, f_lo, f_hi."""
    bursts = []
    t0 = rng.uniform(0.25, 0.35)
    i = int(rng.integers(0, 2))
    while True:
        dur = rng.uniform(0.2, 0.6)
        start, stop = int(round(t0 * fs)), int(round((t0 + dur) * fs))
        if stop > n - int(0.05 * fs):
            break
        kind = ("fsk", "ook")[i % 2]
        baud = rng.uniform(2e3, 7e3)
        dev = rng.uniform(2e3, 9e3) if kind == "fsk" else 0.0
        half = dev + baud  # occupied half-width (main lobe)
        lo_abs = min_offset + half
        hi_abs = max(lo_abs, max_offset - half)
        f0 = rng.uniform(lo_abs, hi_abs) * rng.choice([-1.0, 1.0])
        ramp = int(round(rng.uniform(0.5e-3, 1e-3) * fs))
        bursts.append(dict(start=start, stop=stop, kind=kind, f0=f0, baud=baud,
                           dev=dev, ramp=ramp, f_lo=f0 - half, f_hi=f0 + half))
        t0 += rng.uniform(1.4, 2.6)
        i += 1
    return bursts


def _rf_clean(rng, fs, n, schedule):
    clean = np.zeros(n, np.complex64)
    for b in schedule:
        m = b["stop"] - b["start"]
        x = _burst_waveform(rng, b["kind"], m, fs, b["f0"], b["baud"], b["dev"])
        env = np.ones(m)
        r = min(b["ramp"], m // 2)
        env[:r] = _rc_ramp(r)
        env[m - r:] = _rc_ramp(r)[::-1]
        x = x * env
        x /= np.sqrt(np.mean(np.abs(x) ** 2))  # burst power exactly 1.0
        clean[b["start"]:b["stop"]] = x
    return clean


def _free_frequency(rng, occupied, lo, hi, margin, min_abs):
    """A frequency in [lo, hi] at least `margin` from every occupied band and
    at least min_abs from 0 Hz."""
    for _ in range(10000):
        f = rng.uniform(lo, hi)
        if abs(f) < min_abs:
            continue
        if all(f < a - margin or f > b + margin for a, b in occupied):
            return f
    raise RuntimeError("no free frequency for the interferer")


def rf_scenario(kind="a", snr_db=0.0, duration=8.0, fs=2e6, seed=0, variant=None):
    """RF scenario `kind` in ("a", "b", "c", "d"); see the module docstring."""
    if kind not in RF_SCENARIOS:
        raise ValueError("kind must be one of %s" % (RF_SCENARIOS,))
    if variant not in VARIANTS:
        raise ValueError("variant must be one of %s" % (VARIANTS,))
    # one stream per purpose: the bursts do not change with the scenario
    # letter, only what is added to them
    seeds = np.random.SeedSequence([int(seed), 0x5743])
    r_sched, r_wave, r_noise, r_intf = (np.random.default_rng(s)
                                        for s in seeds.spawn(4))
    n = int(round(duration * fs))
    schedule = _place_bursts(r_sched, fs, n)
    clean = _rf_clean(r_wave, fs, n, schedule)
    bursts = [(b["start"], b["stop"], b["f_lo"], b["f_hi"]) for b in schedule]
    noise_power = 10 ** (-snr_db / 10.0) * fs / REF_BW
    info = dict(schedule=schedule, noise_power=noise_power, ref_bw=REF_BW,
                description=DESCRIPTIONS[kind])
    name = kind

    if variant == "clean_only":
        return Scenario(name + "-clean", clean, clean.copy(), fs, bursts, True,
                        None, variant, info)

    noise = _cnoise(r_noise, n, noise_power)
    interference = None
    if kind == "b":
        occupied = [(b[2], b[3]) for b in bursts]
        f_cw = _free_frequency(r_intf, occupied, -0.9 * fs / 2, 0.9 * fs / 2,
                               margin=50e3, min_abs=50e3)
        cw_power = 10 ** (20 / 10.0)
        dc_power = 10 ** (10 / 10.0)
        t = np.arange(n) / fs
        cw = np.sqrt(cw_power) * np.exp(1j * (2 * np.pi * f_cw * t +
                                              r_intf.uniform(0, 2 * np.pi)))
        dc = np.sqrt(dc_power) * np.exp(1j * r_intf.uniform(0, 2 * np.pi))
        interference = (cw + dc).astype(np.complex64)
        info.update(cw_freq=f_cw, cw_power=cw_power, dc_power=dc_power)
    elif kind == "c":
        interference = np.zeros(n, np.complex64)
        clicks = []
        t = r_intf.exponential(1 / 3.0)  # about three per second
        while t < duration:
            length = max(2, int(round(r_intf.uniform(5e-6, 50e-6) * fs)))
            start = int(t * fs)
            if start + length >= n:
                break
            level_db = r_intf.uniform(30, 50)  # peak power over noise power
            amp = np.sqrt(noise_power * 10 ** (level_db / 10.0))
            env = np.hanning(length + 2)[1:-1]
            pulse = _cnoise(r_intf, length, 1.0) * env  # broadband
            pulse = pulse * (amp / np.max(np.abs(pulse)))  # peak power as drawn
            interference[start:start + length] += pulse.astype(np.complex64)
            clicks.append((start, start + length, level_db))
            t += r_intf.exponential(1 / 3.0)
        info.update(clicks=clicks)
    elif kind == "d":
        # coloured: white + a hump of filtered noise, +6 dB at its peak
        f_hump = r_intf.uniform(-500e3, 500e3)
        width = r_intf.uniform(300e3, 500e3)  # full width of the bump
        nd = 4096
        f = np.fft.fftfreq(nd, 1 / fs)
        u = np.clip((f - f_hump) / (width / 2), -1, 1)
        bump = 0.5 + 0.5 * np.cos(np.pi * u)  # 1 at the centre, 0 at +-width/2
        h = _design_fir(np.sqrt(3.0 * bump), 1023)  # hump PSD = 3x white
        h = h / np.sqrt(np.sum(np.abs(h) ** 2) / np.mean(3.0 * bump))
        hump = fft_filter(_cnoise(r_noise, n, noise_power), h.astype(np.complex64))
        noise = noise + hump.astype(np.complex64)
        # floor from -5 dB to +5 dB (linear in dB) around the nominal level
        ramp_db = -5.0 + 10.0 * np.arange(n) / max(n - 1, 1)
        noise *= (10 ** (ramp_db / 20.0)).astype(np.float32)
        info.update(hump_freq=f_hump, hump_width=width, hump_db=10 * np.log10(4.0),
                    floor_db_start=-5.0, floor_db_end=5.0, hump_taps=h)
    if interference is not None:
        info["interference"] = interference

    if variant == "noise_only":
        clean = np.zeros(n, np.complex64)
        bursts = []
        name += "-noise"
    noisy = clean + noise
    if interference is not None:
        noisy = noisy + interference
    return Scenario(name, clean, noisy.astype(np.complex64), fs, bursts, True,
                    snr_db, variant, info)


# ---------------------------------------------------------------- speech

def _formant_gain(f, formants):
    """Magnitude of a cascade of 2-pole resonances (normalised to 1 at 0 Hz)
    times a gentle spectral tilt, evaluated at frequencies f (Hz)."""
    g = np.ones_like(f)
    for fc, bw in formants:
        g = g * (fc ** 2 + (bw / 2) ** 2) / np.sqrt(
            ((f - fc) ** 2 + (bw / 2) ** 2) * ((f + fc) ** 2 + (bw / 2) ** 2))
    return g / (1.0 + (f / 2000.0) ** 2) ** 0.5


def _voiced(rng, m, fs, f0_base):
    f0a = np.clip(f0_base * rng.uniform(0.8, 1.25), 80, 250)
    f0b = np.clip(f0a * rng.uniform(0.75, 1.3), 80, 250)
    f0 = np.linspace(f0a, f0b, m) * (1 + 0.01 * np.sin(2 * np.pi * 5 *
                                                         np.arange(m) / fs))
    formants = [(rng.uniform(300, 800), rng.uniform(60, 120)),
                (rng.uniform(900, 2300), rng.uniform(80, 150)),
                (rng.uniform(2300, 3200), rng.uniform(120, 200))]
    phase = 2 * np.pi * np.cumsum(f0) / fs
    x = np.zeros(m)
    kmax = int((0.45 * fs) / f0.min())
    for k in range(1, kmax + 1):
        fk = k * f0
        amp = _formant_gain(fk, formants) * (fk < 0.45 * fs)
        x += amp * np.sin(k * phase + rng.uniform(0, 2 * np.pi))
    # syllable envelope: quick attack, slower decay
    a = max(1, int(0.25 * m))
    env = np.concatenate([_rc_ramp(a), np.ones(m - 2 * a), _rc_ramp(a)[::-1]])
    return x * env


def _fricative(rng, m, fs):
    spec = np.fft.rfft(rng.standard_normal(m))
    f = np.fft.rfftfreq(m, 1 / fs)
    lo, hi = rng.uniform(2500, 4000), rng.uniform(5000, 7500)
    shape = np.exp(-0.5 * ((f - (lo + hi) / 2) / ((hi - lo) / 2)) ** 2)
    x = np.fft.irfft(spec * shape, m)
    a = max(1, int(0.3 * m))
    env = np.concatenate([_rc_ramp(a), np.ones(m - 2 * a), _rc_ramp(a)[::-1]])
    return x * env


def _pink(rng, n):
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n)
    f[0] = f[1]
    return np.fft.irfft(spec / np.sqrt(f), n)


def speech_scenario(noise="white", snr_db=0.0, duration=6.0, fs=16e3, seed=0,
                    variant=None):
    """Speech-like real audio in white or pink noise; see the module docstring."""
    if noise not in ("white", "pink"):
        raise ValueError("noise must be 'white' or 'pink'")
    if variant not in VARIANTS:
        raise ValueError("variant must be one of %s" % (VARIANTS,))
    seeds = np.random.SeedSequence([int(seed), 0x5350])
    r_speech, r_noise = (np.random.default_rng(s) for s in seeds.spawn(2))
    n = int(round(duration * fs))
    clean = np.zeros(n)
    bursts = []
    f0_base = r_speech.uniform(100, 200)
    t = r_speech.uniform(0.2, 0.4)
    while True:
        unvoiced = r_speech.uniform() < 0.25
        dur = r_speech.uniform(0.06, 0.15) if unvoiced else r_speech.uniform(0.1, 0.3)
        start, stop = int(t * fs), int((t + dur) * fs)
        if stop > n - int(0.1 * fs):
            break
        m = stop - start
        if unvoiced:
            x = _fricative(r_speech, m, fs)
            x *= 0.3 / np.sqrt(np.mean(x ** 2))
        else:
            x = _voiced(r_speech, m, fs, f0_base)
            x *= r_speech.uniform(0.6, 1.0) / np.sqrt(np.mean(x ** 2))
        clean[start:stop] += x
        bursts.append((start, stop, 0.0, fs / 2))
        # short gaps inside a word, longer pauses between words
        t += dur + (r_speech.uniform(0.03, 0.1) if r_speech.uniform() < 0.6
                    else r_speech.uniform(0.25, 0.6))
    clean = (clean * 0.1).astype(np.float32)
    p_speech = float(np.mean(clean.astype(np.float64) ** 2))
    name = "speech-" + noise
    info = dict(description=DESCRIPTIONS[name], speech_power=p_speech)
    if variant == "clean_only":
        return Scenario(name + "-clean", clean, clean.copy(), fs, bursts, False,
                        None, variant, info)
    w = r_noise.standard_normal(n) if noise == "white" else _pink(r_noise, n)
    noise_power = p_speech * 10 ** (-snr_db / 10.0)
    w = w * np.sqrt(noise_power / np.mean(w ** 2))
    info["noise_power"] = noise_power
    if variant == "noise_only":
        clean = np.zeros(n, np.float32)
        bursts = []
        name += "-noise"
    noisy = (clean + w).astype(np.float32)
    return Scenario(name, clean, noisy, fs, bursts, False, snr_db, variant, info)


def make(name, snr_db=0.0, duration=None, seed=0, variant=None, fs=None):
    """Any scenario by name: "a".."d", "speech-white", "speech-pink"."""
    if name in RF_SCENARIOS:
        return rf_scenario(name, snr_db, 8.0 if duration is None else duration,
                           2e6 if fs is None else fs, seed, variant)
    if name in SPEECH_SCENARIOS:
        return speech_scenario(name.split("-")[1], snr_db,
                               6.0 if duration is None else duration,
                               16e3 if fs is None else fs, seed, variant)
    raise ValueError("unknown scenario %r (known: %s)" % (name, ", ".join(ALL_SCENARIOS)))
