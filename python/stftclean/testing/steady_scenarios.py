#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Scenarios with signals that never switch off, and scenario (a) with
impulsive interference of other shapes (numpy only, deterministic per seed).

Every generator returns the ``Scenario`` of scenarios.py: ``clean`` (the
wanted signal), ``noisy`` (= clean + noise (+ interference)), ``fs``,
``bursts`` (list of ``(start, stop, f_lo, f_hi)``: the signal's time extent in
samples and its band in Hz), ``is_complex``, ``snr_db`` and ``info`` with

    band        (f_lo, f_hi): the signal's occupied band in Hz (relative to
                the centre for complex IQ; 0..fs/2 for real audio)
    bands       list of bands the signal occupies (one for most scenarios;
                carrier_bursts: the carrier's and 50 kHz around each burst;
                c_*: 50 kHz around each burst, and ``band`` their span)
    noise_power total power of the white noise (complex: over fs; real: the
                variance)
    band_noise_power  the noise power inside ``band``
    signal_power      mean power of the signal over its time extent (1.0)

Steady scenarios (complex IQ at 2 MS/s unless stated, default 6 s)::

    name            signal                                         band for SNR
    cw              CW carrier at +137 kHz, whole file             +-25 kHz (50 kHz)
    nbfm            NBFM voice, 2.5 kHz deviation, audio 300-3000  12.5 kHz channel
                    Hz, on from ~0.5 s to 0.3 s before the end
                    (5.12 s of 6 s: a 2-3-5-smooth number of audio
                    samples), channel k * 12.5 kHz, |f| 50-600 kHz;
                    info: audio (at audio_fs = fs / 125), audio_start,
                    fm_dev, f_off
    wbfm            broadcast-like FM: mono audio 50 Hz-15 kHz     200 kHz
                    (limited) + 19 kHz pilot (10 %), 75 kHz peak
                    deviation, offset 150-800 kHz, whole file
    ofdm            OFDM: 128 16-QAM subcarriers (+-1..64, DC      +-503.9 kHz
                    null), 7.8125 kHz spacing, 1/4 cyclic prefix,  (1.008 MHz)
                    16-sample raised-cosine symbol overlap, centred;
                    99.8 % in band, -30 dB 94 kHz beyond its edges
    carrier_bursts  scenario (a)'s FSK/OOK bursts + a steady       carrier: 50 kHz
                    carrier (power 1.0, like each burst) at least  bursts: 50 kHz
                    50 kHz away from every burst; all of it signal each
    wide80          complex Gaussian noise brick-wall filtered to  -800..+800 kHz
                    -0.4 fs..+0.4 fs (80 % of the band), whole file
    tone440         real audio, 16 kHz: a 440 Hz tone              390-490 Hz

SNR (steady scenarios) is the *in-band* SNR: the signal's mean power over
its time extent (normalised to 1.0) over the power of the white noise inside
the signal's band (``info["band"]``). Complex: the total noise power over fs
is ``10**(-snr/10) * fs / B``; real: the noise variance is
``10**(-snr/10) * (fs/2) / B``. For cw and carrier_bursts (50 kHz) this is
scenario (a)'s definition. Each band holds >= 99 % of its signal's power.
The noise is white Gaussian; the realised in-band SNR scatters by about
4.34 / sqrt(B * duration) dB (< 0.02 dB for the RF scenarios at 6 s), except
in tone440, whose noise (only 100 Hz * duration bins in the band) is scaled
so that its power in the band is exactly the nominal one.

Impulsive interference on scenario (a) (``scenarios.make("a", snr, ...)``:
same bursts, same noise, same SNR definition), about three events a second
(Poisson), peak power 40 dB above the total noise power, in ``noisy`` and
``info["interference"]`` but not in ``clean``::

    c_ring     damped oscillations exp(-t/tau) at random frequencies within
               +-0.95 fs/2, tau 2-20 us, sharp onset, cut at 7 tau
    c_chirp    linear chirps 3-50 us long sweeping 200-600 kHz (up or down)
               within +-0.9 fs/2, 10 % raised-cosine edges
    c_bandlim  2-8 us of complex white noise through a linear-phase
               receiver response 300-600 kHz wide (-6 dB width; flat over
               80 %, raised-cosine skirts) at a random offset

``ideal_bandpass(x, fs, band)`` is the reference the floors compare with:
an FFT brick-wall over the whole file keeping the band (or list of bands).
"""

import numpy as np

try:
    from . import scenarios as _sc
except ImportError:  # imported as a top-level module from python/stftclean
    import scenarios as _sc

Scenario = _sc.Scenario

STEADY_SCENARIOS = ("cw", "nbfm", "wbfm", "ofdm", "carrier_bursts", "wide80", "tone440")
IMPULSIVE_SCENARIOS = ("c_ring", "c_chirp", "c_bandlim")
ALL_SCENARIOS = STEADY_SCENARIOS + IMPULSIVE_SCENARIOS

DEFAULT_DURATION = 6.0
CW_OFFSET = 137e3
CW_BAND = 50e3
NBFM_DEV = 2.5e3
NBFM_CHANNEL = 12.5e3
NBFM_AUDIO = (300.0, 3000.0)
WBFM_DEV = 75e3
WBFM_BAND = 200e3
WBFM_PILOT = 19e3
OFDM_NFFT, OFDM_K, OFDM_CP, OFDM_OVERLAP = 256, 64, 64, 16
TONE_FREQ, TONE_BAND = 440.0, 100.0
IMPULSE_RATE = 3.0      # events per second
IMPULSE_LEVEL_DB = 40.0  # peak power over the total noise power

DESCRIPTIONS = {
    "cw": "CW carrier at +137 kHz, whole file",
    "nbfm": "NBFM voice (2.5 kHz dev.) on for 5+ s",
    "wbfm": "broadcast FM (75 kHz dev., 19 kHz pilot), whole file",
    "ofdm": "1 MHz OFDM (128 16-QAM subcarriers, CP 1/4), whole file",
    "carrier_bursts": "steady carrier + scenario a's FSK/OOK bursts, all signal",
    "wide80": "Gaussian signal filling 80 % of the band, whole file",
    "tone440": "real audio 16 kHz: 440 Hz tone, whole file",
    "c_ring": "a + damped oscillations (2-20 us) 40 dB above the noise",
    "c_chirp": "a + chirped pulses (3-50 us, 200-600 kHz) 40 dB above the noise",
    "c_bandlim": "a + band-limited noise bursts (2-8 us, 300-600 kHz) 40 dB above",
}


# ---------------------------------------------------------------- helpers

def _streams(seed, tag, k):
    return [np.random.default_rng(s)
            for s in np.random.SeedSequence([int(seed), 0x5354, tag]).spawn(k)]


def _rnoise(rng, n, power):
    """Real white Gaussian noise of variance `power` (float32)."""
    return rng.standard_normal(n, dtype=np.float32) * np.float32(np.sqrt(power))


def _band_noise_total(snr_db, sig_power, bw, fs, is_complex):
    """Total white-noise power that puts `sig_power` at `snr_db` over the
    noise inside a band of bw Hz."""
    span = fs if is_complex else fs / 2.0
    return sig_power * 10 ** (-snr_db / 10.0) * span / bw


def _bands_list(band):
    """(f_lo, f_hi) or a list of them -> list of (f_lo, f_hi)."""
    if len(band) == 2 and np.isscalar(band[0]):
        return [(float(band[0]), float(band[1]))]
    return [(float(b[0]), float(b[1])) for b in band]


def band_mask(freqs, band):
    """Boolean mask of the frequencies inside the band(s), edges included."""
    keep = np.zeros(len(freqs), bool)
    for lo, hi in _bands_list(band):
        keep |= (freqs >= lo) & (freqs <= hi)
    return keep


def ideal_bandpass(x, fs, band):
    """Brick-wall band-pass by one FFT over the whole file: every bin whose
    frequency lies outside `band` ((f_lo, f_hi) in Hz, or a list of such
    bands) is set to zero. Complex x: frequencies relative to the centre
    (-fs/2..fs/2); real x: 0..fs/2. Returns complex64 / float32, same length."""
    x = np.asarray(x)
    n = len(x)
    if np.iscomplexobj(x):
        spec = np.fft.fft(x)
        spec[~band_mask(np.fft.fftfreq(n, 1.0 / fs), band)] = 0
        return np.fft.ifft(spec).astype(np.complex64)
    spec = np.fft.rfft(x)
    spec[~band_mask(np.fft.rfftfreq(n, 1.0 / fs), band)] = 0
    return np.fft.irfft(spec, n).astype(np.float32)


def _smooth_len(m):
    """The largest 2-3-5-smooth integer <= m (fast FFT lengths)."""
    best, p2 = 1, 1
    while p2 <= m:
        p3 = p2
        while p3 <= m:
            p5 = p3
            while p5 * 5 <= m:
                p5 *= 5
            best = max(best, p5)
            p3 *= 3
        p2 *= 2
    return best


def _fm(inst_hz, fs, ph0):
    """Complex FM signal (complex128) with instantaneous frequency inst_hz."""
    return np.exp(1j * (ph0 + 2 * np.pi * np.cumsum(inst_hz) / fs))


def _brickwall_real(x, fs, lo, hi):
    spec = np.fft.rfft(x)
    f = np.fft.rfftfreq(len(x), 1.0 / fs)
    spec[(f < lo) | (f > hi)] = 0
    return np.fft.irfft(spec, len(x))


def _finish(name, clean, noise, fs, bursts, is_complex, snr_db, band, bands,
            noise_power, extra=None):
    span = fs if is_complex else fs / 2.0
    info = dict(description=DESCRIPTIONS[name], band=band, bands=bands,
                noise_power=noise_power,
                band_noise_power=noise_power * (band[1] - band[0]) / span,
                signal_power=1.0,
                snr_definition="in-band: signal power over the noise power in "
                               "info['band']")
    if extra:
        info.update(extra)
    dt = np.complex64 if is_complex else np.float32
    clean = clean.astype(dt)
    noisy = (clean + noise).astype(dt)
    return Scenario(name, clean, noisy, fs, bursts, is_complex, snr_db, None, info)


# ---------------------------------------------------------------- steady

def cw_scenario(snr_db=10.0, duration=DEFAULT_DURATION, fs=2e6, seed=0, f_off=CW_OFFSET):
    r_sig, r_noise = _streams(seed, 1, 2)
    n = int(round(duration * fs))
    clean = np.exp(1j * (2 * np.pi * f_off * np.arange(n) / fs + r_sig.uniform(0, 2 * np.pi)))
    band = (f_off - CW_BAND / 2, f_off + CW_BAND / 2)
    p = _band_noise_total(snr_db, 1.0, CW_BAND, fs, True)
    return _finish("cw", clean, _sc._cnoise(r_noise, n, p), fs, [(0, n) + band], True,
                   snr_db, band, [band], p, dict(f_off=f_off))


def _voice_audio(rng, m, fa):
    """Voice-like audio of m samples at fa: scenarios.py's synthetic speech
    (harmonics of a gliding f0 through formants, syllables and pauses),
    brick-wall band-limited to 300-3000 Hz, peak 1."""
    sp = _sc.speech_scenario("white", 0.0, m / fa, fa, int(rng.integers(1 << 31)),
                             "clean_only")
    a = _brickwall_real(sp.clean.astype(np.float64)[:m], fa, *NBFM_AUDIO)
    peak = np.max(np.abs(a))
    return a / peak if peak > 0 else a


def nbfm_scenario(snr_db=10.0, duration=DEFAULT_DURATION, fs=2e6, seed=0):
    r_sig, r_noise = _streams(seed, 2, 2)
    n = int(round(duration * fs))
    ratio = max(1, int(round(fs / 16e3)))  # audio rate fs / ratio, about 16 kHz
    fa = fs / ratio
    if duration >= 3.0:
        t_on, tail = r_sig.uniform(0.45, 0.55), 0.3
    else:
        t_on, tail = duration * r_sig.uniform(0.15, 0.18), 0.1 * duration
    start = int(round(t_on * fs))
    ma = _smooth_len(int((n - start - int(round(tail * fs))) // ratio))
    m = ma * ratio
    stop = start + m
    k = int(r_sig.integers(4, 49)) * (1 if r_sig.uniform() < 0.5 else -1)
    f_off = k * NBFM_CHANNEL
    audio = _voice_audio(r_sig, ma, fa)
    # exact band-limited interpolation to fs (the audio is band-limited)
    spec = np.zeros(m // 2 + 1, np.complex128)
    a_spec = np.fft.rfft(audio)
    spec[:len(a_spec)] = a_spec
    if ma % 2 == 0:
        spec[ma // 2] *= 0.5  # the audio's Nyquist bin (zero here anyway)
    up = np.fft.irfft(spec, m) * ratio
    x = _fm(f_off + NBFM_DEV * up, fs, r_sig.uniform(0, 2 * np.pi))
    del up
    ramp = int(round(5e-3 * fs))  # 5 ms key-up / key-down
    x[:ramp] *= _sc._rc_ramp(ramp)
    x[m - ramp:] *= _sc._rc_ramp(ramp)[::-1]
    x /= np.sqrt(np.mean(np.abs(x) ** 2))
    clean = np.zeros(n, np.complex128)
    clean[start:stop] = x
    del x
    band = (f_off - NBFM_CHANNEL / 2, f_off + NBFM_CHANNEL / 2)
    p = _band_noise_total(snr_db, 1.0, NBFM_CHANNEL, fs, True)
    return _finish("nbfm", clean, _sc._cnoise(r_noise, n, p), fs, [(start, stop) + band],
                   True, snr_db, band, [band], p,
                   dict(audio=audio.astype(np.float32), audio_fs=fa, audio_ratio=ratio,
                        audio_start=start, fm_dev=NBFM_DEV, f_off=f_off))


def wbfm_scenario(snr_db=10.0, duration=DEFAULT_DURATION, fs=2e6, seed=0):
    r_sig, r_noise = _streams(seed, 3, 2)
    n = int(round(duration * fs))
    f_off = (1 if r_sig.uniform() < 0.5 else -1) * r_sig.uniform(150e3, 0.9 * fs / 2 - 100e3)
    # programme: 50 Hz-15 kHz noise with a slow loudness contour, through a
    # soft limiter (broadcast processing), band-limited again, peak 1
    a = _brickwall_real(r_sig.standard_normal(n), fs, 50.0, 15e3)
    contour = _brickwall_real(r_sig.standard_normal(n), fs, 0.0, 3.0)
    a *= np.exp(0.5 * contour / np.std(contour))
    del contour
    a = np.tanh(a / (1.5 * np.std(a)))
    a = _brickwall_real(a, fs, 50.0, 15e3)
    a /= np.max(np.abs(a))
    t = np.arange(n) / fs
    mpx = 0.9 * a + 0.1 * np.sin(2 * np.pi * WBFM_PILOT * t + r_sig.uniform(0, 2 * np.pi))
    del a, t
    clean = _fm(f_off + WBFM_DEV * mpx, fs, r_sig.uniform(0, 2 * np.pi))
    band = (f_off - WBFM_BAND / 2, f_off + WBFM_BAND / 2)
    p = _band_noise_total(snr_db, 1.0, WBFM_BAND, fs, True)
    return _finish("wbfm", clean, _sc._cnoise(r_noise, n, p), fs, [(0, n) + band], True,
                   snr_db, band, [band], p,
                   dict(f_off=f_off, fm_dev=WBFM_DEV, pilot=WBFM_PILOT,
                        mpx=mpx.astype(np.float32)))


def ofdm_band(fs=2e6):
    df = fs / OFDM_NFFT
    return (-(OFDM_K + 0.5) * df, (OFDM_K + 0.5) * df)


def ofdm_scenario(snr_db=10.0, duration=DEFAULT_DURATION, fs=2e6, seed=0):
    r_sig, r_noise = _streams(seed, 4, 2)
    n = int(round(duration * fs))
    N, K, cp, w = OFDM_NFFT, OFDM_K, OFDM_CP, OFDM_OVERLAP
    L = N + cp
    nsym = n // L + 2
    act = np.concatenate([np.arange(-K, 0), np.arange(1, K + 1)]) % N
    lv = np.array([-3.0, -1.0, 1.0, 3.0]) / np.sqrt(10.0)  # 16-QAM, unit power
    X = np.zeros((nsym, N), np.complex128)
    X[:, act] = (lv[r_sig.integers(0, 4, (nsym, len(act)))] +
                 1j * lv[r_sig.integers(0, 4, (nsym, len(act)))])
    sym = np.fft.ifft(X, axis=1) * (N / np.sqrt(len(act)))
    del X
    # extended symbol: cyclic prefix, symbol, cyclic suffix of w samples;
    # raised-cosine edges over w samples overlap the neighbours
    ext = np.concatenate([sym[:, N - cp:], sym, sym[:, :w]], axis=1)
    del sym
    up = _sc._rc_ramp(w)
    ext[:, :w] *= up
    ext[:, L:] *= up[::-1]
    out = ext[:, :L].copy()
    out[1:, :w] += ext[:-1, L:]
    del ext
    lead = L // 2  # start mid-symbol: no ramp-up at t = 0
    clean = out.reshape(-1)[lead:lead + n]
    clean = clean / np.sqrt(np.mean(np.abs(clean) ** 2))
    band = ofdm_band(fs)
    p = _band_noise_total(snr_db, 1.0, band[1] - band[0], fs, True)
    return _finish("ofdm", clean, _sc._cnoise(r_noise, n, p), fs, [(0, n) + band], True,
                   snr_db, band, [band], p,
                   dict(subcarriers=2 * K, spacing=fs / N, nfft=N, cp=cp, overlap=w))


def carrier_bursts_scenario(snr_db=10.0, duration=DEFAULT_DURATION, fs=2e6, seed=0):
    base = _sc.make("a", snr_db, duration, seed, fs=fs)
    (r_sig,) = _streams(seed, 5, 1)
    n = len(base.clean)
    occupied = [(b[2], b[3]) for b in base.bursts]
    f_c = _sc._free_frequency(r_sig, occupied, -0.9 * fs / 2, 0.9 * fs / 2,
                              margin=_sc.REF_BW, min_abs=_sc.REF_BW)
    carrier = np.exp(1j * (2 * np.pi * f_c * np.arange(n) / fs + r_sig.uniform(0, 2 * np.pi)))
    half = _sc.REF_BW / 2
    band = (f_c - half, f_c + half)
    burst_bands = [((b[2] + b[3]) / 2 - half, (b[2] + b[3]) / 2 + half) for b in base.bursts]
    noise = base.noisy.astype(np.complex128) - base.clean
    p = base.info["noise_power"]
    return _finish("carrier_bursts", base.clean + carrier, noise, fs,
                   list(base.bursts) + [(0, n) + band], True, snr_db, band,
                   [band] + burst_bands, p,
                   dict(carrier_freq=f_c, schedule=base.info["schedule"]))


def wide80_scenario(snr_db=10.0, duration=DEFAULT_DURATION, fs=2e6, seed=0):
    r_sig, r_noise = _streams(seed, 6, 2)
    n = int(round(duration * fs))
    band = (-0.4 * fs, 0.4 * fs)
    w = _sc._cnoise(r_sig, n, 1.0)
    spec = np.fft.fft(w)
    del w
    spec[~band_mask(np.fft.fftfreq(n, 1.0 / fs), band)] = 0
    clean = np.fft.ifft(spec)
    del spec
    clean /= np.sqrt(np.mean(np.abs(clean) ** 2))
    p = _band_noise_total(snr_db, 1.0, band[1] - band[0], fs, True)
    return _finish("wide80", clean, _sc._cnoise(r_noise, n, p), fs, [(0, n) + band], True,
                   snr_db, band, [band], p)


def tone440_scenario(snr_db=10.0, duration=DEFAULT_DURATION, fs=16e3, seed=0):
    r_sig, r_noise = _streams(seed, 7, 2)
    n = int(round(duration * fs))
    clean = np.sqrt(2.0) * np.sin(2 * np.pi * TONE_FREQ * np.arange(n) / fs +
                                  r_sig.uniform(0, 2 * np.pi))
    band = (TONE_FREQ - TONE_BAND / 2, TONE_FREQ + TONE_BAND / 2)
    p = _band_noise_total(snr_db, 1.0, TONE_BAND, fs, False)
    # few noise bins in 100 Hz: scale the realisation so that its power in
    # the band is exactly the nominal one (it stays white)
    noise = _rnoise(r_noise, n, p)
    spec = np.fft.rfft(noise.astype(np.float64))
    inb = band_mask(np.fft.rfftfreq(n, 1.0 / fs), band)
    got = 2.0 * np.sum(np.abs(spec[inb]) ** 2) / float(n) ** 2
    noise *= np.float32(np.sqrt(p * TONE_BAND / (fs / 2.0) / got))
    return _finish("tone440", clean, noise, fs, [(0, n) + band], False,
                   snr_db, band, [band], p, dict(freq=TONE_FREQ))


# ---------------------------------------------------------------- impulsive

def _ring(rng, fs, amp):
    tau = rng.uniform(2e-6, 20e-6)
    f = rng.uniform(-0.95, 0.95) * fs / 2
    m = max(2, int(np.ceil(7 * tau * fs)))
    t = np.arange(m) / fs
    x = amp * np.exp(-t / tau) * np.exp(1j * (2 * np.pi * f * t + rng.uniform(0, 2 * np.pi)))
    return x, dict(freq=f, tau=tau)


def _chirp(rng, fs, amp):
    dur = rng.uniform(3e-6, 50e-6)
    sweep = rng.uniform(200e3, 600e3) * (1 if rng.uniform() < 0.5 else -1)
    fc = rng.uniform(-1, 1) * (0.9 * fs / 2 - abs(sweep) / 2)
    m = max(2, int(round(dur * fs)))
    t = np.arange(m) / fs
    f_start = fc - sweep / 2
    x = np.exp(1j * (2 * np.pi * (f_start * t + 0.5 * (sweep / dur) * t ** 2) +
                     rng.uniform(0, 2 * np.pi)))
    r = max(1, int(round(0.1 * m)))
    env = np.ones(m)
    env[:r] = _sc._rc_ramp(r)
    env[m - r:] = np.minimum(env[m - r:], _sc._rc_ramp(r)[::-1])
    x = x * env
    return amp * x / np.max(np.abs(x)), dict(freq=fc, sweep=sweep, dur=dur)


def _bandlim(rng, fs, amp):
    dur = rng.uniform(2e-6, 8e-6)
    width = rng.uniform(300e3, 600e3)
    fc = rng.uniform(-1, 1) * (0.9 * fs / 2 - 0.6 * width)
    m = max(1, int(round(dur * fs)))
    pad = 64
    nfft = 1
    while nfft < m + 2 * pad:
        nfft *= 2
    w = np.zeros(nfft, np.complex128)
    w[pad:pad + m] = _sc._cnoise(rng, m, 1.0)
    f = np.fft.fftfreq(nfft, 1.0 / fs)
    # -6 dB width = width: flat over 80 %, raised-cosine skirts to 120 %
    u = np.clip((np.abs(f - fc) - 0.4 * width) / (0.2 * width), 0.0, 1.0)
    x = np.fft.ifft(np.fft.fft(w) * (0.5 + 0.5 * np.cos(np.pi * u)))
    return amp * x / np.max(np.abs(x)), dict(freq=fc, width=width, dur=dur)


_IMPULSE_SHAPES = {"c_ring": (_ring, 8), "c_chirp": (_chirp, 9), "c_bandlim": (_bandlim, 10)}


def impulsive_scenario(name, snr_db=0.0, duration=DEFAULT_DURATION, fs=2e6, seed=0):
    shape, tag = _IMPULSE_SHAPES[name]
    base = _sc.make("a", snr_db, duration, seed, fs=fs)
    (rng,) = _streams(seed, tag, 1)
    n = len(base.clean)
    p = base.info["noise_power"]
    amp = np.sqrt(p * 10 ** (IMPULSE_LEVEL_DB / 10.0))
    interference = np.zeros(n, np.complex128)
    events = []
    t = rng.exponential(1.0 / IMPULSE_RATE)
    while t < duration:
        x, par = shape(rng, fs, amp)
        start = int(t * fs)
        if start + len(x) >= n:
            break
        interference[start:start + len(x)] += x
        par.update(start=start, stop=start + len(x))
        events.append(par)
        t += rng.exponential(1.0 / IMPULSE_RATE)
    interference = interference.astype(np.complex64)
    half = _sc.REF_BW / 2
    bands = [((b[2] + b[3]) / 2 - half, (b[2] + b[3]) / 2 + half) for b in base.bursts]
    span = (min(b[0] for b in bands), max(b[1] for b in bands)) if bands else (0.0, 0.0)
    info = dict(base.info)
    info.update(description=DESCRIPTIONS[name], band=span, bands=bands,
                interference=interference, events=events, level_db=IMPULSE_LEVEL_DB,
                snr_definition="scenario a: burst power over the noise in 50 kHz")
    return Scenario(name, base.clean, (base.noisy + interference).astype(np.complex64),
                    fs, list(base.bursts), True, snr_db, None, info)


# ---------------------------------------------------------------- entry

_STEADY = {"cw": cw_scenario, "nbfm": nbfm_scenario, "wbfm": wbfm_scenario,
           "ofdm": ofdm_scenario, "carrier_bursts": carrier_bursts_scenario,
           "wide80": wide80_scenario, "tone440": tone440_scenario}


def make(name, snr_db=10.0, duration=None, seed=0, fs=None):
    """Scenario `name` (see ALL_SCENARIOS) at snr_db (in-band SNR for the
    steady ones, scenario a's for c_*), duration in s (default 6), seed."""
    dur = DEFAULT_DURATION if duration is None else float(duration)
    if name in _STEADY:
        kw = {} if fs is None else dict(fs=fs)
        return _STEADY[name](snr_db, dur, seed=seed, **kw)
    if name in _IMPULSE_SHAPES:
        return impulsive_scenario(name, snr_db, dur, 2e6 if fs is None else fs, seed)
    raise ValueError("unknown scenario %r (known: %s)" % (name, ", ".join(ALL_SCENARIOS)))
