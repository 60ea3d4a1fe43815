#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Quality metrics and numpy reference cleaners (numpy only).

Metrics compare a cleaner's output, time-aligned with ``align``, against a
scenario's clean reference and its ground-truth bursts (see scenarios.py):

- ``si_sdr``: scale-invariant SDR; the scale is complex for IQ.
- ``in_burst_snr``: plain SNR against the reference inside the bursts (a
  lost gain counts as error).
- ``residual_db``: output power over input power where there is no burst
  (with a guard around each burst); negative = removed.
- ``burst_detection``: an energy detector on the output matched to the true
  bursts -> precision, recall, F1.

Reference cleaners, with the module's framing (input prefixed by L - H
zeros, periodic Hann, canonical dual window; results returned aligned):

- ``oracle_ratio_mask``: ideal ratio mask |S|^2 / (|S|^2 + |N|^2) from the
  known clean signal: the ceiling for any mask at that resolution.
- ``naive_threshold``: fixed dB threshold relative to the median power of
  the whole spectrogram, hard 0/1 mask, as common tools do.
"""

import numpy as np

DB_LIMIT = 300.0  # results are clamped to +-DB_LIMIT dB (exact copies, zeros)


def _db(num, den):
    num, den = float(num), float(den)
    if den <= 0.0:
        return DB_LIMIT if num > 0.0 else 0.0
    if num <= 0.0:
        return -DB_LIMIT
    return float(np.clip(10.0 * np.log10(num / den), -DB_LIMIT, DB_LIMIT))


def _energy(x):
    x = np.asarray(x)
    if np.iscomplexobj(x):
        return float(np.sum(x.real.astype(np.float64) ** 2 + x.imag.astype(np.float64) ** 2))
    return float(np.sum(x.astype(np.float64) ** 2))


def align(out, latency, n):
    """Drop the first `latency` samples of a cleaner's output and truncate to
    n samples (zero-padded if the output is short)."""
    y = np.asarray(out)[int(latency):int(latency) + int(n)]
    if len(y) < n:
        y = np.concatenate([y, np.zeros(int(n) - len(y), y.dtype)])
    return y


def si_sdr(ref, est):
    """Scale-invariant SDR in dB. alpha = <est, ref> / <ref, ref> (complex for
    IQ), SI-SDR = 10 log10(|alpha ref|^2 / |alpha ref - est|^2)."""
    ref = np.asarray(ref).astype(np.complex128 if np.iscomplexobj(ref) or
                                 np.iscomplexobj(est) else np.float64)
    est = np.asarray(est).astype(ref.dtype)
    rr = _energy(ref)
    if rr <= 0.0:
        return float("nan")
    alpha = np.vdot(ref, est) / rr  # sum(conj(ref) * est)
    if alpha == 0:
        return -DB_LIMIT  # nothing of the reference in the estimate
    target = alpha * ref
    return _db(_energy(target), _energy(target - est))


def _burst_mask(n, bursts, guard=0):
    m = np.zeros(n, bool)
    for b in bursts:
        m[max(0, int(b[0]) - guard):min(n, int(b[1]) + guard)] = True
    return m


def in_burst_snr(ref, est, bursts):
    """SNR in dB of est against ref over the samples inside the bursts:
    sum |ref|^2 / sum |est - ref|^2 (no rescaling)."""
    sel = _burst_mask(len(ref), bursts)
    if not sel.any():
        return float("nan")
    r = np.asarray(ref)[sel]
    e = np.asarray(est)[sel].astype(np.complex128 if np.iscomplexobj(est) else np.float64)
    return _db(_energy(r), _energy(e - r))


def residual_db(noisy, est, bursts, guard=0):
    """Power of est over power of the input (noisy) where there is no burst,
    a burst being widened by `guard` samples on both sides; dB, negative =
    removed; nan where the input has no power there."""
    free = ~_burst_mask(len(noisy), bursts, int(guard))
    if not free.any() or _energy(np.asarray(noisy)[free]) == 0.0:
        return float("nan")  # nothing there to remove
    return _db(_energy(np.asarray(est)[free]), _energy(np.asarray(noisy)[free]))


def level_db(ref, est):
    """Output energy over reference energy, dB (pass-through level check)."""
    return _db(_energy(est), _energy(ref))


def detect_segments(est, fs, block_s=1e-3, on_db=6.0, off_db=3.0, dyn_db=20.0,
                    min_dur_s=20e-3, merge_gap_s=30e-3, noise_pct=50.0):
    """Energy detector: power in blocks of block_s; noise estimate = the
    noise_pct percentile of the block powers (the median: robust while bursts
    fill less than half of the time, and not fooled by a cleaner whose output
    between bursts flickers between silence and leaked noise); a segment starts above
    noise * on_db and ends below noise * off_db (hysteresis); thresholds are
    raised to at most dyn_db below the 99th percentile (for outputs that are
    near zero between bursts); segments closer than merge_gap_s are merged and
    those shorter than min_dur_s dropped. Returns [(start, stop)] in samples."""
    x = np.asarray(est)
    blk = max(1, int(round(block_s * fs)))
    nb = len(x) // blk
    if nb == 0:
        return []
    a = x[:nb * blk].reshape(nb, blk)
    p = (np.abs(a) ** 2).mean(axis=1).astype(np.float64)
    noise = np.percentile(p, noise_pct)
    top = np.percentile(p, 99.0)
    floor = top * 10 ** (-dyn_db / 10.0)
    on = max(noise * 10 ** (on_db / 10.0), floor)
    off = max(noise * 10 ** (off_db / 10.0), floor * 10 ** (-(on_db - off_db) / 10.0))
    if top <= 0.0:
        return []
    segs = []
    active = False
    s0 = 0
    for i in range(nb):
        if not active and p[i] > on:
            active, s0 = True, i
        elif active and p[i] < off:
            active = False
            segs.append([s0, i])
    if active:
        segs.append([s0, nb])
    gap = int(round(merge_gap_s / block_s))
    merged = []
    for s in segs:
        if merged and s[0] - merged[-1][1] <= gap:
            merged[-1][1] = s[1]
        else:
            merged.append(s)
    mind = int(round(min_dur_s / block_s))
    return [(s * blk, e * blk) for s, e in merged if e - s >= mind]


def match_segments(detected, bursts, min_overlap=0.5):
    """One-to-one matches: a detection matches a true burst when their
    overlap covers >= min_overlap of both. Returns the number matched."""
    used = set()
    matched = 0
    for b in bursts:
        bs, be = int(b[0]), int(b[1])
        best, best_ov = None, 0
        for j, (ds, de) in enumerate(detected):
            if j in used:
                continue
            ov = min(be, de) - max(bs, ds)
            if ov <= 0:
                continue
            if ov >= min_overlap * (be - bs) and ov >= min_overlap * (de - ds) and ov > best_ov:
                best, best_ov = j, ov
        if best is not None:
            used.add(best)
            matched += 1
    return matched


def burst_detection(est, fs, bursts, **detector):
    """Energy detection on est (see detect_segments for the keywords), matched
    to the true bursts by >= 50 % overlap. Returns dict(precision, recall, f1,
    detected, true, matched). With no detections precision is 0 (1 when there
    is nothing to detect either, and then recall and F1 are 1 too)."""
    det = detect_segments(est, fs, **detector)
    matched = match_segments(det, bursts)
    nt, nd = len(bursts), len(det)
    precision = matched / nd if nd else (0.0 if nt else 1.0)
    recall = matched / nt if nt else 1.0
    f1 = (2 * precision * recall / (precision + recall)) if precision + recall > 0 else 0.0
    return dict(precision=precision, recall=recall, f1=f1, detected=nd, true=nt,
                matched=matched, segments=det)


# ------------------------------------------------- numpy STFT reference cleaners

def periodic_hann(length):
    return 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(length) / length)


def dual_window(w, hop):
    """Canonical dual g[n] = w[n] / sum_k w[n - kH]^2."""
    length = len(w)
    s = np.zeros(length)
    for k in range(-(length // hop) - 1, length // hop + 2):
        idx = np.arange(length) - k * hop
        ok = (idx >= 0) & (idx < length)
        s[ok] += w[idx[ok]] ** 2
    return w / s


def stft_mask_apply(x, fft_size, hop, mask_fn, chunk_frames=2048):
    """Module framing (x prefixed by L - H zeros, frame k =
    fft(w * xp[kH:kH+L])), per-chunk mask from mask_fn(frames, k0) (frames:
    complex array (nframes, bins)), dual-window overlap-add; returns the
    output aligned with x (the L - H latency removed), same length and
    complex64 (complex x) or float32 (real x). Window length = fft_size."""
    x = np.asarray(x)
    real = not np.iscomplexobj(x)
    length = fft_size
    if length % hop:
        raise ValueError("fft_size must be a multiple of hop here")
    w = periodic_hann(length)
    g = dual_window(w, hop)
    lead = length - hop
    n = len(x)
    nframes = (n + lead) // hop + 1  # enough frames to rebuild every sample
    total = (nframes - 1) * hop + length
    xp = np.zeros(total, np.float64 if real else np.complex128)
    xp[lead:lead + n] = x
    frames_view = np.lib.stride_tricks.sliding_window_view(xp, length)[::hop]
    out = np.zeros(total, xp.dtype)
    r = length // hop
    out_blocks = out.reshape(-1, hop)
    for k0 in range(0, nframes, chunk_frames):
        fr = frames_view[k0:k0 + chunk_frames] * w
        spec = np.fft.rfft(fr, axis=1) if real else np.fft.fft(fr, axis=1)
        spec = spec * mask_fn(spec, k0)
        y = np.fft.irfft(spec, length, axis=1) if real else np.fft.ifft(spec, axis=1)
        y = (y * g).reshape(len(fr), r, hop)
        for j in range(r):
            out_blocks[k0 + j:k0 + j + len(fr)] += y[:, j, :]
    res = out[lead:lead + n]
    return res.astype(np.float32) if real else res.astype(np.complex64)


def _frames(x, fft_size, hop):
    """Generator-free access to the module's frames of x (view, windowed on use)."""
    x = np.asarray(x)
    real = not np.iscomplexobj(x)
    lead = fft_size - hop
    nframes = (len(x) + lead) // hop + 1
    total = (nframes - 1) * hop + fft_size
    xp = np.zeros(total, np.float64 if real else np.complex128)
    xp[lead:lead + len(x)] = x
    return np.lib.stride_tricks.sliding_window_view(xp, fft_size)[::hop], real


def oracle_ratio_mask(clean, noisy, fft_size=1024, hop=256):
    """Ideal ratio mask |S|^2 / (|S|^2 + |N|^2) with S = STFT(clean),
    N = STFT(noisy - clean), applied to STFT(noisy); aligned output."""
    cf, real = _frames(clean, fft_size, hop)
    w = periodic_hann(fft_size)

    def mask(spec, k0):
        s = cf[k0:k0 + len(spec)] * w
        s = np.fft.rfft(s, axis=1) if real else np.fft.fft(s, axis=1)
        ps = np.abs(s) ** 2
        pn = np.abs(spec - s) ** 2
        den = ps + pn
        return np.where(den > 0, ps / np.where(den > 0, den, 1.0), 0.0)

    return stft_mask_apply(noisy, fft_size, hop, mask)


def naive_threshold(noisy, fft_size=1024, hop=256, db=6.0):
    """Hard mask: keep bins whose power is at least `db` above the median bin
    power of the whole spectrogram (median estimated from up to ~2M bins
    spread over the file); aligned output."""
    fr, real = _frames(noisy, fft_size, hop)
    w = periodic_hann(fft_size)
    step = max(1, len(fr) * fft_size // 2_000_000)
    sub = fr[::step] * w
    sub = np.fft.rfft(sub, axis=1) if real else np.fft.fft(sub, axis=1)
    thr = np.median(np.abs(sub) ** 2) * 10 ** (db / 10.0)

    def mask(spec, k0):
        return (np.abs(spec) ** 2 >= thr).astype(np.float64)

    return stft_mask_apply(noisy, fft_size, hop, mask)
