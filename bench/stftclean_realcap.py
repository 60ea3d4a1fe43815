#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Real-capture decode benchmark: do real ISM-band messages still decode
after `stftclean clean`, and down to what SNR?

What it measures
  Eight real IQ captures (433/868 MHz remotes, sensors, a CC1101; see
  /work/shared/realdata/README.md, or --data) are decoded by a small
  demodulator of this script's own (below). The messages of the ORIGINAL
  file are the reference: a message of a processed file counts as decoded
  only when a message with exactly the same bits is found at about the same
  time (start within max(25 % of the message's duration, 8 symbols); each
  processed message matches one original at most). Then, per file:

  * orig-clean: the original itself (no added noise) is cleaned by the CLI
    at each assumed rate and decoded: messages kept out of the total.
  * a ladder of SNRs (default +30 .. -20 dB in 2 dB steps, top down):
    seeded complex white Gaussian noise is added to the original (in a file
    of fewer than 6 messages, ceil(6 / messages) <= 4 realisations per SNR,
    so that a fraction is not 0 or 1 by the luck of one draw; see
    --min-messages), and three things are decoded: (a) the noisy file as
    is, (b) the noisy file cleaned by `stftclean clean noisy.cf32 out.cf32
    --rate R --mask MASK [CLEAN_ARGS]` at each assumed rate R (temporary
    files), (c) an ideal band-pass of the noisy file. A method stops after two SNRs in a row
    where it decodes nothing (the points below count as 0).
  * s50: the SNR at which 50 % of the original's messages decode: the
    decoded fractions down the ladder are made monotone (isotonic
    regression: a lone unlucky point is pooled with its neighbours) and
    the 50 % crossing is interpolated linearly. "<B": >= 50 % down to the
    bottom B (B is used as the value); ">T": not even the top T did (T +
    step is used as the value).
  * gains: clean-noisy = s50(noisy) - s50(cleaned) (> 0: cleaning decodes
    at a lower SNR); clean-bp = s50(band-pass) - s50(cleaned) (< 0: the
    cleaner is behind the ideal band-pass).
  The decoder never sees a sample rate: the assumed rate only changes what
  the cleaner does (its time and frequency scales), so the noisy and
  band-pass results are shared by the rates.

  Floors (PASS/FAIL; --check makes a FAIL the exit status 1):
   (i)   no message of any original is lost by cleaning it, at either rate;
   (ii)  on the median file (median of the per-file gains, per rate),
         cleaning decodes >= 3 dB lower than the noisy file and is at most
         1 dB behind the band-pass;
   (iii) per file, the assumed rates give s50(cleaned) within 3 dB.

SNR definition
  SNR = P_msg / sigma^2 in dB, where P_msg is the mean power of the
  original (its DC removed) over the "on" samples of its decoded messages
  (all samples of an FSK message; the samples above the slicing level of an
  OOK/ASK message), energy-weighted over all messages of the file, and
  sigma^2 = E|n|^2 is the power of the added complex white noise over the
  WHOLE sampled band (a per-sample SNR, the same whatever rate is assumed).
  The noise power inside the messages' occupied band is sigma^2 * B/fs; the
  table prints B/fs, so the in-band SNR is SNR + 10 log10(fs/B). Files with
  messages at different levels (multi_messages_different_rssi, the weak
  device of two_participants) are referred to their energy-weighted mean
  level: their weak messages need a higher SNR. The noise of a file at a
  given SNR is the same for every method, rate, ladder and run (seeded
  from the file name, the SNR and --seed).

The ideal band-pass
  An FFT brick-wall over the whole file that keeps the band the original's
  MESSAGES occupy: the Welch spectrum (1024 bins, Hann) over the decoded
  messages minus the spectrum of the file's quiet part (its noise floor and
  steady lines; the median over the bins when there is too little quiet
  part), and the fewest bins holding 99 % of what remains; gaps of up to 4
  bins are closed and the band widened by 1 bin on each side. Steady
  carriers and DC lines the user recorded are NOT part of the band unless
  they fall inside it: they carry no message, and the band-pass is meant as
  the best linear filter for the messages (the decoder removes the DC and
  ignores the lines itself, see below).

The decoder (deterministic; it knows nothing of the sample rate)
  1. Bursts: the power smoothed over W samples (W = 32 for white noise, up
     to 512 where the noise fills only part of the band - band-passed or
     cleaned files - so that the smoothed noise keeps ~32 degrees of
     freedom); threshold 4 dB above its 10th percentile (the file's own
     noise; exact zeros, the squelched idle of 8-bit captures, included)
     but at least 30 dB below its 99.9th percentile (the few-LSB idle of
     8-bit captures); dips shorter than 64 samples filled.
  2. DC: the mean of the quiet nonzero samples (outside every burst, so
     that a message at DC does not pull it) is subtracted, and the bursts
     are found again. Steady lines: local maxima >= 10 dB above their
     neighbourhood in the spectrum of the quiet part.
  3. Per burst: ASK when its envelope has two levels >= 6 dB apart and
     dips at least twice (OOK inside one burst, e.g. wsp; also OOK over a
     steady carrier, which a discriminator would take for FSK); else FSK
     when, on the burst's longest steady-envelope core (the runs within
     6 dB of its median power, ramps 3 dB down trimmed; each core is
     decoded as one message) band-passed on its own band
     (spectrum bins >= max(peak - 20 dB, median + 6 dB), steady lines left
     out, the peak's component and any within 12 dB), the instantaneous
     frequency (angle of the lag-1 product) splits into two classes well
     apart (Ashman's D >= 3) that sit on spectral peaks within 15 dB of the
     strongest with a 3 dB dip between them (which rejects the harmonics
     of a clipped carrier, ook_overshoot); else a plain pulse (also an FSK
     burst whose bits do not decode).
  4. Pulses and ASK bursts are joined into OOK trains when the gap is at
     most 5 x the shorter time scale of the two neighbours (a pulse's
     length, an ASK burst's symbol) or the train's median scale (weighted
     by the bursts' lengths: short residues of a cleaner between the pulses
     do not set it), so OOK gaps of up to ~5 symbols stay inside a message.
  5. Bits, per message: the soft signal (FSK: frequency; OOK: envelope) is
     smoothed over m = 4, 8, .. 64 samples until its runs give a symbol of
     >= 3 m (noise glitches are about as long as the smoothing), then over
     a quarter symbol (<= 64; a third, a half where the runs do not fit the
     grid), and sliced: FSK at the ISODATA two-class
     midpoint, OOK at 40 % from the off to the on level (a sagging pulse
     stays on). Runs shorter than half a symbol are merged into their
     neighbours, and the run lengths are fitted as L = q * sym + s * dw
     (q >= 1 integer, s = +-1 by level, dw a pulse-width distortion; the
     clock from the runs of <= 8 symbols; started from the shortest stable
     run of all runs, of each level, and their mean; the fit with the
     smallest mean deviation wins, or within 0.02 of it the longest
     symbol). Each run gives q copies of its level.
     FSK messages drop their first and last runs (their length is where
     the burst was cut); OOK messages run from the first to the last
     on-run, and an off-run of more than 8 symbols ends one (two bursts
     joined by a cleaner's residue between them). A message is kept when
     >= 90 % of its runs of <= 8 symbols lie within 0.3 symbol of the grid,
     it has >= 4 runs, >= 12 bits and a symbol of >= 8 samples.

Run it from the source tree (the CLI defaults to build/apps/stftclean, the
captures to /work/shared/realdata, else the three in tests/data/realcap):

  /usr/bin/python3 bench/stftclean_realcap.py                 # full, ~4-6 min
  /usr/bin/python3 bench/stftclean_realcap.py --quick         # ~1 min
  /usr/bin/python3 bench/stftclean_realcap.py --mask none     # sanity: = noisy
  /usr/bin/python3 bench/stftclean_realcap.py --files wsp.cf32 cc1101.cf32 \
      --clean-args="--fft 512 --hop 128" --json out.json --check --curves
"""
import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def _default_cli():
    """build/apps/stftclean of the source tree, else a stftclean installed
    beside this script, else the one on PATH."""
    for c in (os.path.join(REPO, "build", "apps", "stftclean"),
              os.path.join(HERE, "stftclean")):
        if os.access(c, os.X_OK):
            return c
    return shutil.which("stftclean") or os.path.join(REPO, "build", "apps", "stftclean")


def _default_data():
    """The shared folder of the eight captures, else the three in the tests."""
    for d in ("/work/shared/realdata", os.path.join(REPO, "tests", "data", "realcap")):
        if os.path.isdir(d):
            return d
    return "/work/shared/realdata"


QUICK_FILES = ("cc1101.cf32", "wsp.cf32", "steckdose_anlernen.cf32",
               "ook_overshoot.ci8", "esaver.ci8")

# decoder constants (samples; the decoder never sees a sample rate)
DET_WIN = 32          # burst detection: power smoothing
DET_DB = 4.0          # threshold over the 10th percentile of that power
DET_RANGE_DB = -30.0  # ... but at least this far below its 99.9th pct
MIN_SPAN = 16         # shorter bursts are dropped
TRAIN_K = 5.0         # OOK train joining factor
MIN_BITS = 12
MIN_RUNS = 4
MIN_SYM = 8
GRID_TOL = 0.3
GRID_FRAC = 0.9
GRID_TIE = 0.02       # grid fits this close in mean deviation tie
SMOOTH_MAX = 64
OOK_LEVEL = 0.4      # OOK slicing level between the off and on means
OOK_MAX_OFF = 8      # a longer OOK off-run (symbols) ends a message
MAX_TRIALS = 4       # noise realisations per SNR at most (few-message files)
BAND_NFFT = 1024      # occupied band: Welch size
BAND_POWER = 0.99     # ... fraction of the messages' power kept


# --------------------------------------------------------------- reading

def read_capture(path):
    """A capture as complex64: .cf32 interleaved float32 I/Q, .ci8
    interleaved int8 I/Q (also .complex, .complex16s: URH's names)."""
    if path.endswith((".ci8", ".complex16s")):
        a = np.fromfile(path, np.int8).astype(np.float32)
        return (a[0::2] + 1j * a[1::2]).astype(np.complex64)
    if path.endswith((".cf32", ".complex")):
        return np.fromfile(path, np.complex64)
    raise ValueError("unknown capture format: %s" % path)


# --------------------------------------------------------------- decoder

def smooth(v, w):
    """Centred moving average over w samples (shorter windows at the ends)."""
    v = np.asarray(v, np.float64)
    w = int(max(1, w))
    if w == 1 or len(v) == 0:
        return v
    c = np.concatenate(([0.0], np.cumsum(v)))
    n = len(v)
    i = np.arange(n)
    lo = np.clip(i - w // 2, 0, n)
    hi = np.clip(i - w // 2 + w, 0, n)
    return (c[hi] - c[lo]) / (hi - lo)


def csmooth(v, w):
    if int(w) <= 1:
        return v
    return smooth(v.real, w) + 1j * smooth(v.imag, w)


def runs_of(b):
    """(starts, lengths, levels) of the runs of a boolean array."""
    b = np.asarray(b, bool)
    n = len(b)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, bool)
    idx = np.flatnonzero(b[1:] != b[:-1]) + 1
    st = np.concatenate(([0], idx))
    ln = np.diff(np.concatenate((st, [n])))
    return st, ln, b[st]


def isodata(v, frac=0.5, iters=30):
    """Two-class threshold (ISODATA): the midpoint of the two class means,
    iterated from the midpoint of the 5th and 95th percentiles; the result
    is placed at frac of the way from the low class mean to the high one."""
    lo, hi = np.percentile(v, [5, 95])
    t = 0.5 * (lo + hi)
    ma, mb = lo, hi
    for _ in range(iters):
        a = v[v <= t]
        b = v[v > t]
        if len(a) == 0 or len(b) == 0:
            break
        ma, mb = a.mean(), b.mean()
        t2 = 0.5 * (ma + mb)
        done = abs(t2 - t) <= 1e-9 * (abs(t) + 1e-30)
        t = t2
        if done:
            break
    return t if frac == 0.5 else ma + frac * (mb - ma)


def shortest_stable(lens):
    """The shortest stable run length: the median of the runs around the
    shortest length (>= 3 samples) that at least max(2, 10 %) of the runs
    share within -20/+25 %; None if there is none."""
    L = np.sort(np.asarray(lens)[np.asarray(lens) >= 3]).astype(np.float64)
    if len(L) < 2:
        return None
    need = max(2, int(np.ceil(0.1 * len(L))))
    lo = np.searchsorted(L, 0.8 * L, "left")    # runs within [0.8 c, 1.25 c]
    hi = np.searchsorted(L, 1.25 * L, "right")  # of each candidate c
    ok = np.flatnonzero(hi - lo >= need)
    if len(ok) == 0:
        return None
    i = ok[0]
    return float(np.median(L[lo[i]:hi[i]]))


def estimate_symbol(lens):
    """A first symbol estimate: the shortest stable run length, refined as
    sum(len) / sum(round(len / sym))."""
    sym = shortest_stable(lens)
    if sym is None:
        return None
    L = np.asarray(lens, np.float64)
    L = L[L >= 3]
    for _ in range(3):
        q = np.round(L / sym)
        k = q >= 1
        if not k.any():
            break
        sym = L[k].sum() / q[k].sum()
    return sym


def fit_grid(L, sgn, sym, dw=0.0):
    """Fit run lengths L = q * sym + sgn * dw (q >= 1 integer): the symbol
    and a pulse-width distortion dw (one level's runs come out longer and
    the other's shorter when the slicing level is off centre), from the
    start (sym, dw). The clock comes from the runs of <= 8 symbols: long
    runs have no transitions to lock to, they only take the rounding.
    Returns (q, sym, dw, on-grid fraction of the runs of <= 8 symbols)."""
    L = np.asarray(L, np.float64)
    for _ in range(8):
        q = np.maximum(1, np.round((L - sgn * dw) / sym))
        k = q <= 8
        if k.sum() < 4:
            k = np.ones(len(q), bool)
        A = np.stack((q[k], sgn[k]), 1)
        (s2, d2), *_r = np.linalg.lstsq(A, L[k], rcond=None)
        if not s2 > 0:
            break
        d2 = float(np.clip(d2, -0.4 * s2, 0.4 * s2))
        done = abs(s2 - sym) < 1e-9 * sym and abs(d2 - dw) < 1e-9 * sym
        sym, dw = float(s2), d2
        if done:
            break
    q = np.maximum(1, np.round((L - sgn * dw) / sym)).astype(np.int64)
    dev = np.abs((L - sgn * dw) / sym - q)
    short = q <= 8
    if short.sum() >= MIN_RUNS:
        frac, mdev = (dev[short] <= GRID_TOL).mean(), dev[short].mean()
    else:
        frac, mdev = 0.0, 1.0
    return q, sym, dw, float(frac), float(mdev)


def grid(ln, val):
    """The symbol grid of a message's runs: fit_grid from several starts,
    the shortest stable run of all runs, of each level alone, and the mean
    of the two levels' shortest (their difference is twice the pulse-width
    distortion). Of the fits with >= GRID_FRAC of the short runs on the
    grid, the one with the longest symbol among those within GRID_TIE of
    the smallest mean deviation (in symbols) wins (half the symbol doubles
    the deviation, twice the symbol puts odd runs half off), else the one
    with the most runs on the grid.
    Returns (q, sym, dw, fraction, mean deviation) or None."""
    sgn = np.where(val, 1.0, -1.0)
    c_all = shortest_stable(ln)
    c_on = shortest_stable(ln[val])
    c_off = shortest_stable(ln[~val])
    starts = []
    if c_all is not None:
        starts.append((c_all, 0.0))
    for c in (c_on, c_off):
        if c is not None:
            starts.append((c, 0.0))
    if c_on is not None and c_off is not None:
        starts.append((0.5 * (c_on + c_off), 0.5 * (c_on - c_off)))
    fits = [fit_grid(ln, sgn, s0, d0) for s0, d0 in starts]
    if not fits:
        return None
    good = [r for r in fits if r[3] >= GRID_FRAC]
    if not good:
        return max(fits, key=lambda r: r[3])
    # the smallest mean deviation; within GRID_TIE of it the longest
    # symbol (fewer bits for as good a fit: an exact pulse-width distortion
    # of a third of a symbol fits two thirds of the symbol exactly too)
    low = min(r[4] for r in good)
    return max((r for r in good if r[4] <= low + GRID_TIE), key=lambda r: r[1])


def merge_glitches(ln, val, minlen):
    """Flip runs shorter than minlen into their neighbours, the shortest
    first (a run flips when it is no longer than its left neighbour and
    shorter than its right one; edge runs too). Returns (lengths, levels)."""
    ln = np.asarray(ln, np.int64)
    val = np.asarray(val, bool)
    big = np.iinfo(np.int64).max
    while len(ln) > 1:
        left = np.concatenate(([big], ln[:-1]))
        right = np.concatenate((ln[1:], [big]))
        cand = (ln < minlen) & (ln <= left) & (ln < right)
        if not cand.any():
            break
        val = val.copy()
        val[cand] = ~val[cand]
        new = np.concatenate(([True], val[1:] != val[:-1]))
        gid = np.cumsum(new) - 1
        ln = np.bincount(gid, weights=ln).astype(np.int64)
        val = val[new]
    return ln, val


def slice_bits(vs, edge_drop, sym_hint):
    """Slice the smoothed soft signal vs at its ISODATA level, merge runs
    shorter than half a symbol, turn the runs into bits. Returns
    ([(bits, first sample, end sample), ..], sym, on-grid) or None: one
    piece, or for OOK one per stretch between off-runs of more than
    OOK_MAX_OFF symbols."""
    # OOK: a bit below the midpoint (the envelope of a fading or ringing
    # pulse sags; the noise of the off level is Rayleigh, its tail short)
    t = isodata(vs, 0.5 if edge_drop else OOK_LEVEL)
    st, ln, val = runs_of(vs > t)

    def on_only(st, ln, val):  # OOK: from the first to the last on-run
        on = np.flatnonzero(val)
        if len(on) == 0:
            return None
        sl = slice(on[0], on[-1] + 1)
        return st[sl], ln[sl], val[sl]

    if not edge_drop:
        r = on_only(st, ln, val)
        if r is None:
            return None
        st, ln, val = r
    ln, val = merge_glitches(ln, val, max(2, int(0.5 * sym_hint)))
    st = st[0] + np.concatenate(([0], np.cumsum(ln)[:-1]))
    if edge_drop:
        st, ln, val = st[1:-1], ln[1:-1], val[1:-1]
    else:
        r = on_only(st, ln, val)
        if r is None:
            return None
        st, ln, val = r
    if len(ln) < MIN_RUNS:
        return None
    r = grid(ln, val)
    if r is None:
        return None
    q, sym, _dw, frac, _mdev = r
    ok = frac >= GRID_FRAC
    # OOK: an off-run of more than OOK_MAX_OFF symbols ends a message (two
    # bursts that a cleaner's residue between them joined into one train)
    cut = [0, len(ln)] if edge_drop else \
        [0] + [i + 1 for i in np.flatnonzero(~val & (q > OOK_MAX_OFF))] + [len(ln)]
    pieces = []
    for i0, i1 in zip(cut[:-1], cut[1:]):
        if not edge_drop:
            i1 = i1 - 1 if i1 < len(ln) else i1   # without the long off-run
        bits = "".join(("1" if v else "0") * int(k) for v, k in zip(val[i0:i1], q[i0:i1]))
        pieces.append((bits, int(st[i0]), int(st[i1 - 1] + ln[i1 - 1])))
    return pieces, sym, ok


def sliced(soft, edge_drop):
    """soft(m): the soft signal smoothed over m samples. The symbol comes
    from the first smoothing m (4 .. 64) whose runs (those shorter than m
    merged away) give a symbol (see grid) of >= 3 m (noise glitches are
    about as long as the smoothing),
    then the signal is sliced at a smoothing of a quarter symbol, or a
    third or a half where the runs do not fit the grid."""
    level = 0.5 if edge_drop else OOK_LEVEL
    for m in (4, 8, 16, 32, 64):
        vs = soft(m)
        _st, ln, val = runs_of(vs > isodata(vs, level))
        ln, val = merge_glitches(ln, val, m)   # shorter than the smoothing
        if edge_drop:
            ln, val = ln[1:-1], val[1:-1]
        r = grid(ln, val) if len(ln) >= MIN_RUNS else None
        sym = r[1] if r is not None else estimate_symbol(ln)
        if sym is not None and sym >= 3 * m:
            break
    else:
        return None
    r = None
    for m2 in sorted({int(np.clip(round(sym / d), m, SMOOTH_MAX)) for d in (4, 3, 2)}):
        r = slice_bits(soft(m2) if m2 != m else vs, edge_drop, sym)
        if r is not None and r[2]:
            break
    return r


def close_gaps(sel, g):
    """Close the gaps of up to g bins of a circular bin mask."""
    if not sel.any() or sel.all():
        return sel.copy()
    r = int(np.argmax(sel))            # roll so that bin 0 is selected
    s = np.roll(sel, -r)
    st, ln, val = runs_of(s)
    for s0, l0, v0 in zip(st, ln, val):
        if not v0 and l0 <= g:
            s[s0:s0 + l0] = True
    return np.roll(s, r)


def burst_band(seg, lines=None):
    """A burst's band: bins of its (smoothed) spectrum >= max(peak - 20 dB,
    median + 6 dB), gaps of n/64 bins closed, the component holding the
    peak and any component that peaks within 12 dB of it; the file's steady
    lines (a mask over LINE_NFFT bins, see steady_lines) are left out.
    Returns (bin mask, nfft, smoothed spectrum, peak)."""
    n = 1 << int(np.ceil(np.log2(max(len(seg), 64))))
    S = np.abs(np.fft.fft(seg, n)) ** 2
    k = max(1, n // 512)
    Ss = smooth(S, k)
    if lines is not None and lines.any():
        nl = len(lines)
        Ss[lines[np.round(np.arange(n) * nl / n).astype(np.int64) % nl]] = 0
    pk = Ss.max()
    if not pk > 0:
        return np.ones(n, bool), n, Ss, 1.0
    ipk = int(np.argmax(Ss))
    sel = close_gaps(Ss >= max(pk * 1e-2, np.median(Ss) * 10 ** 0.6), max(1, n // 64))
    # components, in a frame that starts at the peak (none wraps around)
    sr, Sr = np.roll(sel, -ipk), np.roll(Ss, -ipk)
    keep = np.zeros(n, bool)
    st, ln, val = runs_of(sr)
    for s0, l0, v0 in zip(st, ln, val):
        if v0 and (s0 == 0 or Sr[s0:s0 + l0].max() >= pk * 10 ** -1.2):
            keep[s0:s0 + l0] = True
    return np.roll(keep, ipk), n, Ss, pk


def lag1(seg, lines=None):
    """Band-pass seg on its band; the lag-1 product y[n+1] y*[n] (its angle
    is the instantaneous frequency) and the band information."""
    keep, n, Ss, pk = burst_band(seg, lines)
    F = np.fft.fft(seg, n)
    F[~keep] = 0
    y = np.fft.ifft(F)[:len(seg)]
    return y[1:] * np.conj(y[:-1]), n, Ss, pk


def classify(seg, lines=None):
    """'ask' (two envelope levels >= 6 dB apart inside the burst, and at
    least two dips: OOK, or OOK over a steady carrier, which a discriminator
    would take for FSK),
    'fsk' (a steady envelope, two frequencies) or 'pulse'."""
    if len(seg) < 64:
        return "pulse"
    a = np.sqrt(smooth(np.abs(seg) ** 2, 4))
    t = isodata(a)
    lo, hi = a[a <= t], a[a > t]
    if len(lo) > 0.1 * len(a) and len(hi) > 0.1 * len(a) and hi.mean() >= 2 * lo.mean():
        # ... and the envelope goes down and up again at least twice (a
        # burst with a decaying tail has two levels but one step)
        _st, ln, val = runs_of(a > t)
        ln, val = merge_glitches(ln, val, 8)
        if (~val[1:-1]).sum() >= 2:
            return "ask"
    cores = fsk_cores(seg)
    if not cores:
        return "pulse"  # too short for an FSK message
    a, b = max(cores, key=lambda c: c[1] - c[0])
    seg = seg[a:b]
    z, n, Ss, pk = lag1(seg, lines)
    f = np.angle(csmooth(z, 4)) / (2 * np.pi)
    if len(f) > 64:
        f = f[8:-8]
    t = isodata(f)
    lo, hi = f[f <= t], f[f > t]
    if len(lo) > 0.1 * len(f) and len(hi) > 0.1 * len(f):
        d = (hi.mean() - lo.mean()) / np.sqrt(0.5 * (hi.var() + lo.var()) + 1e-30)
        m1, m2 = np.median(lo), np.median(hi)
        w = max(1, int(round((m2 - m1) * n / 8)))

        def level(fr):
            b = int(round(fr * n))
            return Ss[np.arange(b - w, b + w + 1) % n].max() / pk

        l1, l2 = level(m1), level(m2)
        b1, b2 = int(round(m1 * n)) + w, int(round(m2 * n)) - w
        dip = Ss[np.arange(b1, b2 + 1) % n].min() / pk if b2 >= b1 else 1.0
        if d >= 3 and min(l1, l2) >= 10 ** -1.5 and dip <= 0.5 * min(l1, l2):
            return "fsk"
    return "pulse"


def steady_lines(x, quiet, nfft=1024, db=10.0):
    """Steady lines (carriers, LO leakage) of the file: a mask over nfft
    bins, 2 bins either side of each local maximum of the spectrum (the
    median over at most 256 whole non-overlapping frames) of the quiet
    samples (outside every burst) that stands >= db above the median of its
    33-bin neighbourhood.
    None when there are fewer than 4 quiet frames."""
    st, ln, val = runs_of(quiet)
    starts = [s0 + i * nfft for s0, l0, v0 in zip(st, ln, val) if v0
              for i in range(l0 // nfft)]
    if len(starts) < 4:
        return None
    starts = np.asarray(starts)[np.linspace(0, len(starts) - 1,
                                            min(256, len(starts))).astype(np.int64)]
    fr = x[starts[:, None] + np.arange(nfft)[None, :]] * np.hanning(nfft)
    # the median over the frames: a steady line is in every frame, a burst's
    # leak into the frames next to it (a cleaner's residue) is not
    P = np.median(np.abs(np.fft.fft(fr, axis=1)) ** 2, axis=0)
    med = np.median(P)
    if not med > 0:
        return None
    # a line: a local maximum >= db above the median of its 33-bin
    # neighbourhood, masked with 2 bins either side
    nb = np.stack([np.roll(P, i) for i in range(-16, 17)])
    pk = (P >= np.median(nb, axis=0) * 10 ** (db / 10)) & \
        (P >= np.roll(P, 1)) & (P >= np.roll(P, -1))
    m = pk.copy()
    for i in (1, 2):
        m |= np.roll(pk, i) | np.roll(pk, -i)
    return m


def _messages(r, a, kind):
    if r is None:
        return []
    pieces, sym, ok = r
    if not ok or sym < MIN_SYM:
        return []
    return [dict(start=a + s0, end=a + s1, kind=kind, sym=float(sym), bits=bits)
            for bits, s0, s1 in pieces if len(bits) >= MIN_BITS]


def fsk_cores(seg):
    """The cores of a burst for FSK (a steady envelope): the runs where the
    power smoothed over 16 samples stays within 6 dB of its median (dips
    shorter than 64 samples filled), at least MIN_BITS * MIN_SYM + 32
    long. Left out: the detector's margins, the receiver's decaying tails,
    and what lies between two bursts that the detector joined (a cleaner's
    residue between them, say)."""
    ps = smooth(np.abs(seg) ** 2, 16)
    on = ps >= 0.25 * np.median(ps)
    st, ln, val = runs_of(on)
    for s0, l0, v0 in zip(st, ln, val):
        if not v0 and l0 < 64 and s0 > 0 and s0 + l0 < len(on):
            on[s0:s0 + l0] = True
    st, ln, val = runs_of(on)
    k = val & (ln >= MIN_BITS * MIN_SYM + 32)
    return [(int(s0), int(s0 + l0)) for s0, l0 in zip(st[k], ln[k])]


def decode_fsk(x, a, b, lines=None):
    """An FSK message from the core x[a:b] (see fsk_cores), or None. Its
    ramps (>= 3 dB below its median power) are trimmed first."""
    ps = smooth(np.abs(x[a:b]) ** 2, 16)
    k = np.flatnonzero(ps >= 0.5 * np.median(ps))
    if len(k) < 64:
        return None
    a, b = a + int(k[0]), a + int(k[-1]) + 1
    z = lag1(x[a:b], lines)[0]
    ms = _messages(sliced(lambda w: np.angle(csmooth(z, w)), True), a, "fsk")
    m = ms[0] if ms else None
    if m:
        p = np.abs(x[m["start"]:m["end"]]) ** 2
        m["power"], m["n_on"] = float(p.mean()), len(p)
    return m


def decode_ook(x, a, b, kind, symbol_only=False):
    """The OOK/ASK messages of x[a:b] (a list), or with symbol_only its
    symbol (None if it has none)."""
    p = np.abs(x[a:b]) ** 2
    r = sliced(lambda w: np.sqrt(smooth(p, w)), False)
    if symbol_only:
        return None if r is None else r[1]
    ms = _messages(r, a, kind)
    for m in ms:
        seg = p[m["start"] - a:m["end"] - a]
        ps = smooth(seg, 4)
        on = ps > isodata(ps)
        m["power"], m["n_on"] = float(seg[on].mean()), int(on.sum())
    return ms


def detection_window(x):
    """The burst detector's smoothing: DET_WIN samples for white noise,
    longer (up to 16 x) for noise that fills only a fraction beta of the
    band (band-passed or cleaned files), so that the smoothed power of the
    noise keeps about DET_WIN degrees of freedom. beta is the participation
    ratio (sum P)^2 / (N sum P^2) of the spectrum P of the quietest quarter
    of the 256-sample frames (those that are not all zeros), its steady
    lines clipped."""
    n = 256
    k = len(x) // n
    if k < 4:
        return DET_WIN
    fr = x[:k * n].reshape(k, n)
    e = (np.abs(fr) ** 2).sum(1)
    idx = np.flatnonzero(e > 0)
    if len(idx) < 4:
        return DET_WIN
    q = idx[np.argsort(e[idx], kind="stable")[:max(4, len(idx) // 4)]]
    P = (np.abs(np.fft.fft(fr[q] * np.hanning(n), axis=1)) ** 2).mean(0)
    # steady lines have no fluctuation to speak of: clip every bin to 4 x
    # the median of its 9-bin neighbourhood
    nb = np.stack([np.roll(P, i) for i in range(-4, 5)])
    P = np.minimum(P, 4 * np.median(nb, axis=0))
    if not P.sum() > 0:
        return DET_WIN
    beta = P.sum() ** 2 / (n * (P ** 2).sum())
    return int(np.clip(round(DET_WIN / beta), DET_WIN, 16 * DET_WIN))


def bursts(x):
    """Burst detection: the power smoothed over detection_window(x)
    samples against a threshold DET_DB above its 10th percentile, but at
    least DET_RANGE_DB below its 99.9th; dips shorter than 2 DET_WIN are
    filled. Returns a boolean mask (None when x is all zeros)."""
    ps = smooth(np.abs(x) ** 2, detection_window(x))
    peak = np.percentile(ps, 99.9)
    if not peak > 0:
        return None
    thr = max(np.percentile(ps, 10) * 10 ** (DET_DB / 10),
              peak * 10 ** (DET_RANGE_DB / 10))
    on = ps > thr
    st, ln, val = runs_of(on)
    fill = ~val & (ln < 2 * DET_WIN)
    fill[0] = fill[-1] = False
    for s0, l0 in zip(st[fill], ln[fill]):
        on[s0:s0 + l0] = True
    return on


def decode(x):
    """Decode the messages of the IQ signal x. Returns a list of dicts
    (start, end: samples; kind: fsk/ask/ook; sym: samples per symbol;
    bits: '0'/'1' string; power, n_on: mean power over the n_on "on"
    samples), sorted by start."""
    x = np.asarray(x, np.complex128).copy()
    x[~np.isfinite(x)] = 0
    nz = x != 0
    if not nz.any():
        return []
    # DC: the mean of the quiet nonzero samples (outside every burst: a
    # message at DC must not pull it), found with the DC of the whole file
    # removed; none where the file has too few of them (squelched idle)
    xm = x.copy()
    xm[nz] -= x[nz].mean()
    on = bursts(xm)
    if on is None:
        on = bursts(x)
    if on is None:
        return []
    quiet = ~on & nz
    if quiet.sum() >= 1024:
        x[nz] -= x[quiet].mean()
        on = bursts(x)
        if on is None:
            return []
        quiet = ~on & nz
    st, ln, val = runs_of(on)
    k = val & (ln >= MIN_SPAN)
    lines = steady_lines(x, quiet)
    msgs = []
    ook = []  # (start, end, kind, time scale)
    for a, n in zip(st[k], ln[k]):
        a, b = int(a), int(a + n)
        kind = classify(x[a:b], lines)
        if kind == "fsk":
            ms = [decode_fsk(x, a + c0, a + c1, lines) for c0, c1 in fsk_cores(x[a:b])]
            ms = [m for m in ms if m]
            if ms:
                msgs += ms
                continue
            kind = "pulse"  # not an FSK message after all: maybe an OOK pulse
        scale = float(n)
        if kind == "ask":
            s = decode_ook(x, a, b, kind, symbol_only=True)
            if s is not None:
                scale = min(scale, s)
        ook.append((a, b, kind, scale))
    i = 0
    while i < len(ook):
        j = i
        scales = [ook[i][3]]
        weights = [ook[i][1] - ook[i][0]]
        while j + 1 < len(ook):
            g = ook[j + 1][0] - ook[j][1]
            s2 = ook[j + 1][3]
            if g <= TRAIN_K * max(min(s2, scales[-1]), wmedian(scales, weights)):
                j += 1
                scales.append(s2)
                weights.append(ook[j][1] - ook[j][0])
            else:
                break
        if j > i or ook[i][2] == "ask":
            msgs += decode_ook(x, ook[i][0], ook[j][1], "ook" if j > i else "ask")
        i = j + 1
    msgs.sort(key=lambda m: m["start"])
    return msgs


def wmedian(v, w):
    """Weighted median (the lower one)."""
    o = np.argsort(v, kind="stable")
    c = np.cumsum(np.asarray(w, np.float64)[o])
    return float(np.asarray(v)[o][np.searchsorted(c, 0.5 * c[-1])])


def match_count(orig, got):
    """How many of the original's messages are found in got: same bits,
    start within max(25 % of the duration, 8 symbols); one-to-one."""
    used = set()
    n = 0
    for o in orig:
        tol = max(0.25 * (o["end"] - o["start"]), 8 * o["sym"])
        for i, d in enumerate(got):
            if i not in used and d["bits"] == o["bits"] and \
                    abs(d["start"] - o["start"]) <= tol:
                used.add(i)
                n += 1
                break
    return n


# ------------------------------------------------ band, band-pass, noise

def welch(x, starts, nfft):
    """Mean power spectrum (Hann) of the frames x[s:s + nfft]."""
    idx = np.asarray(starts)[:, None] + np.arange(nfft)[None, :]
    F = np.fft.fft(x[idx] * np.hanning(nfft), axis=1)
    return (np.abs(F) ** 2).mean(0)


def occupied_band(x, msgs, nfft=BAND_NFFT, power=BAND_POWER):
    """The band the original's messages occupy, as a mask over nfft FFT
    bins. The Welch spectrum (Hann, 50 % overlap, a span shorter than nfft
    zero-padded) over the messages, minus the spectrum of the quiet part
    (the nonzero samples at least nfft away from every message: the noise
    floor and the steady lines; the median over the bins where the quiet
    part has fewer than 4 whole frames); then the fewest bins holding
    `power` of what remains, gaps <= 4 bins closed, widened by one bin."""
    x = np.asarray(x, np.complex128).copy()
    nz = x != 0
    if nz.any():
        x[nz] -= x[nz].mean()
    quiet = nz.copy()
    starts = []
    for m in msgs:
        a, b = m["start"], m["end"]
        quiet[max(0, a - nfft):b + nfft] = False
        if b - a < nfft:
            b = min(len(x), a + nfft)
            a = max(0, b - nfft)
        starts += list(range(a, b - nfft + 1, nfft // 2))
    sel = np.zeros(nfft, bool)
    if not starts:
        sel[:] = True
        return sel
    P = welch(x, starts, nfft)
    st, ln, val = runs_of(quiet)
    qs = [s0 + i * nfft for s0, l0, v0 in zip(st, ln, val) if v0 for i in range(l0 // nfft)]
    floor = welch(x, qs[::max(1, len(qs) // 256)], nfft) if len(qs) >= 4 else np.median(P)
    S = np.maximum(P - floor, 0)
    if S.sum() <= 0:
        sel[:] = True
        return sel
    o = np.argsort(-S, kind="stable")
    k = int(np.searchsorted(np.cumsum(S[o]) / S.sum(), power)) + 1
    sel[o[:k]] = True
    sel = close_gaps(sel, 4)
    return sel | np.roll(sel, 1) | np.roll(sel, -1)


def bandpass(x, band):
    """FFT brick-wall over the whole signal keeping the bins of `band`
    (a mask over len(band) bins, mapped to the nearest by frequency)."""
    n = len(x)
    nb = len(band)
    f = np.fft.fftfreq(n)
    keep = band[np.round(f * nb).astype(np.int64) % nb]
    F = np.fft.fft(np.asarray(x, np.complex128))
    F[~keep] = 0
    return np.fft.ifft(F).astype(np.complex64)


def message_power(msgs):
    n = sum(m["n_on"] for m in msgs)
    return sum(m["power"] * m["n_on"] for m in msgs) / n if n else 0.0


def add_noise(x, snr_db, p_msg, name, seed=0, trial=0):
    """x plus complex white Gaussian noise of power p_msg / 10^(snr/10),
    seeded by the file name, the SNR (to 0.01 dB), seed and trial."""
    rng = np.random.default_rng([zlib.crc32(name.encode()),
                                 int(round(snr_db * 100)) + 100000, seed, trial])
    s = np.sqrt(p_msg / 10 ** (snr_db / 10) / 2)
    n = len(x)
    noise = rng.standard_normal(2 * n).view(np.complex128) * s
    return (np.asarray(x, np.complex128) + noise).astype(np.complex64)


# ------------------------------------------------------------- cleaner

class Cleaner:
    def __init__(self, cli, mask, extra, tmpdir):
        self.cli, self.mask, self.extra, self.tmp = cli, mask, extra, tmpdir
        self.seconds = 0.0
        self.samples = 0

    def __call__(self, x, rate):
        src = os.path.join(self.tmp, "in.cf32")
        dst = os.path.join(self.tmp, "out.cf32")
        np.asarray(x, np.complex64).tofile(src)
        cmd = [self.cli, "clean", src, dst, "--rate", "%.10g" % rate,
               "--mask", self.mask] + list(self.extra)
        for attempt in range(4):
            t = time.perf_counter()
            r = subprocess.run(cmd, capture_output=True, text=True)
            self.seconds += time.perf_counter() - t
            if r.returncode == 0:
                break
            time.sleep(2.0)  # the binary may be being rebuilt: try again
        else:
            raise RuntimeError("%s failed (rc %d): %s" % (" ".join(cmd), r.returncode,
                                                          r.stderr.strip()))
        self.samples += len(x)
        y = np.fromfile(dst, np.complex64)
        if len(y) != len(x):
            raise RuntimeError("%s: output has %d samples, input %d"
                               % (" ".join(cmd), len(y), len(x)))
        return y


# --------------------------------------------------------------- bench

def monotone(fracs):
    """The decoded fractions (ladder descending) made non-increasing down
    the ladder by pooling adjacent violators (isotonic regression, equal
    weights); points not run (None: after two zeros) count as 0."""
    blocks = []  # [sum, count]
    for f in fracs:
        blocks.append([0.0 if f is None else float(f), 1])
        while len(blocks) > 1 and blocks[-1][0] / blocks[-1][1] > \
                blocks[-2][0] / blocks[-2][1]:
            s, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += c
    out = []
    for s, c in blocks:
        out += [s / c] * c
    return out


def s50(snrs, fracs):
    """(value, flag): the SNR at which 50 % of the messages decode, by
    linear interpolation on the ladder (snrs descending) of the monotone
    version of the decoded fractions (see monotone()); flag '<' (every point
    >= 50 %, value the bottom), '>' (not even the top, value top + step) or
    ''."""
    step = abs(snrs[0] - snrs[1]) if len(snrs) > 1 else 2.0
    g = monotone(fracs)
    for i, f in enumerate(g):
        if f < 0.5:
            if i == 0:
                return snrs[0] + step, ">"
            f0 = g[i - 1]
            return snrs[i] + (0.5 - f) / (f0 - f) * (snrs[i - 1] - snrs[i]), ""
    return snrs[len(g) - 1], "<"


def fmt_s50(v, top):
    value, flag = v
    if flag == ">":
        return ">%g" % top
    return "%s%.1f" % (flag, value)


def bench_file(name, path, args, cleaner, rates, snrs, log):
    t0 = time.perf_counter()
    x = read_capture(path)
    t = time.perf_counter()
    orig = decode(x)
    dec_time = time.perf_counter() - t
    res = dict(file=name, samples=len(x), messages=[
        dict(start=m["start"], end=m["end"], kind=m["kind"], sym=round(m["sym"], 2),
             nbits=len(m["bits"]), bits=m["bits"]) for m in orig],
        decode_seconds=round(dec_time, 3))
    if not orig:
        log("%s: the original gives NO message: skipped" % name)
        res["skipped"] = True
        return res
    band = occupied_band(x, orig)
    p_msg = message_power(orig)
    res["band_fraction"] = float(band.mean())
    res["p_msg"] = p_msg
    res["bandpass_orig"] = match_count(orig, decode(bandpass(x, band)))
    res["orig_clean"] = {}
    for r in rates:
        res["orig_clean"]["%g" % r] = match_count(orig, decode(cleaner(x, r)))
    methods = ["noisy", "bandpass"] + ["clean@%g" % r for r in rates]
    curves = {m: [] for m in methods}
    zeros = {m: 0 for m in methods}
    # files with few messages get more noise realisations per SNR
    trials = int(min(MAX_TRIALS, -(-args.min_messages // len(orig))))
    res["trials"] = trials
    for snr in snrs:
        active = [m for m in methods if zeros[m] < 2]
        if not active:
            break
        k = {m: 0 for m in active}
        for t in range(trials):
            y = add_noise(x, snr, p_msg, name, args.seed, t)
            for m in active:
                if m == "noisy":
                    z = y
                elif m == "bandpass":
                    z = bandpass(y, band)
                else:
                    z = cleaner(y, float(m.split("@")[1]))
                k[m] += match_count(orig, decode(z))
        for m in methods:
            if m not in active:
                curves[m].append(None)
                continue
            curves[m].append(k[m] / (len(orig) * trials))
            zeros[m] = zeros[m] + 1 if k[m] == 0 else 0
    res["snr"] = list(snrs[:len(curves["noisy"])])
    res["curves"] = curves
    res["s50"] = {m: s50(res["snr"], c) for m, c in curves.items()}
    res["seconds"] = round(time.perf_counter() - t0, 2)
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="SNR, floors and the decoder: see the module docstring.")
    ap.add_argument("--cli", default=_default_cli(),
                    help="stftclean binary (default %(default)s)")
    ap.add_argument("--data", default=_default_data(),
                    help="folder of the captures (default %(default)s)")
    ap.add_argument("--files", nargs="+", help="capture names (default: every .cf32/.ci8)")
    ap.add_argument("--rates", default="1e6,2e6", help="assumed rates, comma separated")
    ap.add_argument("--mask", default="auto", help="the cleaner's --mask (default auto)")
    ap.add_argument("--clean-args", default="",
                    help='more CLI arguments, one string: --clean-args="--no-presence"')
    ap.add_argument("--snr-max", type=float, default=30.0, help="ladder top, dB")
    ap.add_argument("--snr-min", type=float, default=-20.0, help="ladder bottom, dB")
    ap.add_argument("--snr-step", type=float, default=2.0,
                    help="ladder step, dB (default 2; 4 with --quick)")
    ap.add_argument("--quick", action="store_true",
                    help="5 smaller files, 4 dB steps")
    ap.add_argument("--seed", type=int, default=0, help="noise seed (default 0)")
    ap.add_argument("--min-messages", type=int, default=6,
                    help="noise realisations per SNR: enough for this many message "
                    "trials, at most %d (default %%(default)s)" % MAX_TRIALS)
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--check", action="store_true", help="exit 1 when a floor fails")
    ap.add_argument("--curves", action="store_true", help="print the decode curves")
    args = ap.parse_args(argv)

    def log(s):
        print(s, flush=True)

    if not os.access(args.cli, os.X_OK):
        ap.error("no stftclean binary at %s (build it or pass --cli)" % args.cli)
    names = args.files or sorted(f for f in os.listdir(args.data)
                                 if f.endswith((".cf32", ".ci8")))
    if args.quick and not args.files:
        names = [f for f in names if f in QUICK_FILES]
    step = 4.0 if args.quick and args.snr_step == 2.0 else args.snr_step
    snrs = list(np.round(np.arange(args.snr_max, args.snr_min - 1e-9, -step), 6))
    rates = [float(r) for r in args.rates.split(",") if r.strip()]
    extra = shlex.split(args.clean_args)
    t_start = time.perf_counter()
    results = []
    with tempfile.TemporaryDirectory(prefix="stftclean_realcap") as tmp:
        cleaner = Cleaner(args.cli, args.mask, extra, tmp)
        log("stftclean_realcap: %s, mask %s%s, rates %s, SNR %g..%g step %g dB"
            % (args.cli, args.mask, (" " + args.clean_args) if extra else "",
               ",".join("%g" % r for r in rates), snrs[0], snrs[-1], step))
        for name in names:
            path = os.path.join(args.data, name)
            r = bench_file(name, path, args, cleaner, rates, snrs, log)
            results.append(r)
            if r.get("skipped"):
                continue
            log("  %-36s %2d messages, %.1f s" % (name, len(r["messages"]), r["seconds"]))
        cli_seconds, cli_samples = cleaner.seconds, cleaner.samples
    total = time.perf_counter() - t_start

    # -- originals
    log("\nOriginals (this script's decoder; B/fs: the messages' 99 % band over "
        "the sampled band):")
    log("  %-36s %8s %5s  %-22s %6s %6s  %s" % (
        "file", "samples", "msgs", "kind symbol(samples)", "B/fs", "trials", "bits per message"))
    for r in results:
        ms = r["messages"]
        if not ms:
            log("  %-36s %8d %5d  NO MESSAGE decoded: this file is not benched"
                % (r["file"], r["samples"], 0))
            continue
        kinds = sorted(set("%s %.0f" % (m["kind"], round(m["sym"], -1 if m["sym"] > 200 else 0))
                           for m in ms))
        log("  %-36s %8d %5d  %-22s %5.1f%% %6d  %s" % (
            r["file"], r["samples"], len(ms), ", ".join(kinds)[:22],
            100 * r["band_fraction"], r["trials"], " ".join(str(m["nbits"]) for m in ms)))
    for r in results:
        if r["messages"] and r["bandpass_orig"] != len(r["messages"]):
            log("  note: the band-pass of the original %s decodes %d/%d"
                % (r["file"], r["bandpass_orig"], len(r["messages"])))

    # -- per file, per rate
    benched = [r for r in results if r["messages"]]
    log("\nPer file and assumed rate (s50: SNR in dB at which 50 % of the "
        "original's messages decode; SNR = message power / white-noise power "
        "over the whole band; gains in dB, > 0 good):")
    log("  %-36s %5s %10s %8s %8s %8s %11s %9s" % (
        "file", "rate", "orig-clean", "noisy", "cleaned", "bandpass", "clean-noisy",
        "clean-bp"))
    gains = {"%g" % r: [] for r in rates}
    for r in benched:
        for rate in rates:
            key = "%g" % rate
            sn, sc, sb = r["s50"]["noisy"], r["s50"]["clean@" + key], r["s50"]["bandpass"]
            g_cn, g_cb = sn[0] - sc[0], sb[0] - sc[0]
            gains[key].append((g_cn, g_cb))
            r.setdefault("gains", {})[key] = dict(clean_vs_noisy=g_cn, clean_vs_bandpass=g_cb)
            log("  %-36s %5s %6d/%-3d %8s %8s %8s %+11.1f %+9.1f" % (
                r["file"], key, r["orig_clean"][key], len(r["messages"]),
                fmt_s50(sn, snrs[0]), fmt_s50(sc, snrs[0]), fmt_s50(sb, snrs[0]), g_cn, g_cb))
    if args.curves:
        log("\nDecoded fraction per SNR (noisy / bandpass / cleaned per rate):")
        for r in benched:
            log("  %s" % r["file"])
            for m, c in r["curves"].items():
                log("    %-12s %s" % (m, " ".join("--" if v is None else "%.0f" % (100 * v)
                                                 for v in c)))
            log("    %-12s %s" % ("SNR", " ".join("%g" % s for s in r["snr"])))

    # -- floors
    floors = {}
    lost = ["%s@%s %d/%d" % (r["file"], k, v, len(r["messages"]))
            for r in benched for k, v in r["orig_clean"].items() if v < len(r["messages"])]
    floors["i"] = dict(ok=not lost, detail=lost)
    med = {}
    ok2 = True
    for key, g in gains.items():
        if not g:
            continue
        mcn = float(np.median([a for a, _b in g]))
        mcb = float(np.median([b for _a, b in g]))
        med[key] = dict(clean_vs_noisy=mcn, clean_vs_bandpass=mcb)
        ok2 = ok2 and mcn >= 3.0 and mcb >= -1.0
    floors["ii"] = dict(ok=ok2 and bool(med), median=med)
    disagree = []
    if len(rates) >= 2:
        for r in benched:
            v = [r["s50"]["clean@%g" % rate][0] for rate in rates]
            d = max(v) - min(v)
            if d > 3.0:
                disagree.append("%s %.1f dB" % (r["file"], d))
    floors["iii"] = dict(ok=not disagree, detail=disagree)
    log("\nFloors:")
    log("  (i)   no message of an original lost by cleaning (every rate): %s%s" % (
        "PASS" if floors["i"]["ok"] else "FAIL",
        "" if floors["i"]["ok"] else " (" + ", ".join(lost) + ")"))
    for key, v in med.items():
        log("  (ii)  rate %s: median clean-noisy %+.1f dB (>= +3), median clean-bp "
            "%+.1f dB (>= -1): %s" % (key, v["clean_vs_noisy"], v["clean_vs_bandpass"],
                                       "PASS" if v["clean_vs_noisy"] >= 3 and
                                       v["clean_vs_bandpass"] >= -1 else "FAIL"))
    if len(rates) >= 2:
        log("  (iii) rates agree within 3 dB per file: %s%s" % (
            "PASS" if floors["iii"]["ok"] else "FAIL",
            "" if floors["iii"]["ok"] else " (" + ", ".join(disagree) + ")"))
    else:
        log("  (iii) needs two rates: not checked")
    log("\n%d files, %.0f s (cleaner %.1f s for %.1f MS, %.1f MS/s with process "
        "start and file I/O)" % (len(results), total, cli_seconds, cli_samples / 1e6,
                                cli_samples / 1e6 / max(cli_seconds, 1e-9)))
    if args.json:
        for r in results:
            for m in r.get("s50", {}):
                v = r["s50"][m]
                r["s50"][m] = dict(value=float(v[0]), flag=v[1])
        with open(args.json, "w") as f:
            json.dump(dict(cli=args.cli, mask=args.mask, clean_args=args.clean_args,
                           rates=rates, snrs=snrs, seconds=round(total, 1),
                           files=results, floors=floors), f, indent=1)
    failed = not all(v["ok"] for v in floors.values())
    return 1 if (args.check and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
