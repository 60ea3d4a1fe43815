/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_BURST_DETECTOR_H
#define INCLUDED_STFTCLEAN_BURST_DETECTOR_H

#include <gnuradio/stftclean/api.h>
#include <gnuradio/sync_block.h>
#include <cstdint>
#include <string>
#include <vector>

namespace gr {
namespace stftclean {

/*!
 * \brief Burst segmentation on STFT vectors, with per-burst features.
 * \ingroup stftclean
 *
 * \details
 * Input 0: spectral vectors (complex bins, as from stft_cc; with input 1
 * connected, the masked vectors of mask_cc output 0). Optional input 1: the
 * gains of those frames (mask_cc output 1); the detector then describes the
 * cleaned spectrum and, with source "mask", detects on the SNR of the
 * occupied cells. Output 0: input 0 delayed by delay_frames() vectors, with
 * stream tags "burst_start" and "burst_end" (value: the sample index of the
 * burst's first or one-past-last sample, uint64) on the vectors whose
 * istft_cc output block holds those samples: after istft_cc they land
 * within a hop of them (istft_cc puts a vector's tag on its first sample).
 *
 * Message port "bursts": one PMT dict per burst, with the SigMF fields
 * core:sample_start, core:sample_count (uint64), core:freq_lower_edge,
 * core:freq_upper_edge (Hz), core:label, and every column of the
 * `stftclean features --per-burst` table as stftclean:<column> (start_s,
 * end_s, duration_s, center_hz, bandwidth_hz, snr_db, then <feature>_mean
 * and <feature>_std; with scattering on, then scat_frames and
 * <coef>_mean, <coef>_std of every log-scattering coefficient, <coef> as
 * scat0, scat1_+125kHz, scat2_+125kHz_1.46kHz: the wavelets' centres
 * relative to the centre frequency). It connects to sigmf_annotation_sink,
 * message debug and the ZMQ message blocks.
 *
 * Scattering summary: input 0 (the cleaned vectors with a mask) goes back
 * through the ISTFT (window: stft_cc's) into the wavelet scattering
 * transform; each burst gets the mean and standard deviation of each
 * coefficient over the scattering frames centred inside it. Detection then
 * runs the scattering's latency behind (delay_frames() grows by it).
 *
 * Samples: the vector of frame k of stft_cc is centred on sample
 * k hop + hop - window_len/2; frame_delay vectors of delay upstream (a
 * mask_cc's delay_frames()) are taken off. Detection: see the C core
 * (include/stftclean/bursts.h).
 */
class STFTCLEAN_API burst_detector : virtual public gr::sync_block
{
public:
    typedef std::shared_ptr<burst_detector> sptr;

    /*!
     * \param fft_size FFT size N, >= 4
     * \param hop hop H of the transform in samples, >= 1
     * \param sample_rate sample rate in Hz, > 0
     * \param center_freq centre frequency in Hz (0: relative frequencies)
     * \param window_len window length L of the transform (0: fft_size),
     *        at most fft_size
     * \param frame_delay vectors of delay between stft_cc and this block
     *        (a mask_cc's delay_frames()), >= 0
     * \param source "energy" (frame energy over a tracked floor) or "mask"
     *        (SNR of the cells the mask keeps; needs input 1)
     * \param on_db threshold to start a burst, -50..200 dB
     * \param off_db threshold to keep it going, -50 dB..on_db
     * \param min_duration shorter bursts are dropped, 0..3600 s
     * \param merge_gap bursts closer than this merge, 0..3600 s
     * \param hang a burst stays open this long below off_db, 0..3600 s
     * \param noise_window noise-floor window, > 0 and <= 3600 s
     * \param label core:label of the messages
     * \param cepstrum "none", "mfcc" (real input) or "lfcc" per-burst cepstra
     * \param n_filters filterbank bands, 2..1024 (with cepstra)
     * \param n_ceps cepstral coefficients, 1..n_filters (with cepstra)
     * \param real_input vectors hold N/2+1 bins of a real signal
     * \param centered vectors are in DC-centred order (complex only)
     * \param occupied_gain a cell with gain >= this is signal (mask source),
     *        (0, 1]
     * \param min_cells a frame with fewer occupied cells is no burst (mask
     *        source), >= 0
     * \param scattering add the per-burst scattering summary
     * \param scat_J its octaves, 1..16 (the narrowest wavelets are
     *        0.1 sample_rate / 2^scat_J wide)
     * \param scat_Q1 first-order wavelets per octave, 1..32
     * \param scat_Q2 second-order wavelets per octave, 1..32
     * \param scat_T averaging scale in seconds, 0: 2^scat_J samples, else
     *        2..2^20 samples; frames every T/4 (a power of two of samples)
     * \param window stft_cc's window (the summary inverts the vectors):
     *        "hann", "hamming", ..., "kaiser:BETA"; it and hop must satisfy
     *        NOLA
     */
    static sptr make(int fft_size,
                     int hop,
                     double sample_rate,
                     double center_freq = 0.0,
                     int window_len = 0,
                     int frame_delay = 0,
                     const std::string& source = "energy",
                     double on_db = 6.0,
                     double off_db = 3.0,
                     double min_duration = 0.002,
                     double merge_gap = 0.0,
                     double hang = 0.01,
                     double noise_window = 1.0,
                     const std::string& label = "",
                     const std::string& cepstrum = "none",
                     int n_filters = 40,
                     int n_ceps = 13,
                     bool real_input = false,
                     bool centered = false,
                     double occupied_gain = 0.1,
                     int min_cells = 3,
                     bool scattering = false,
                     int scat_J = 8,
                     int scat_Q1 = 2,
                     int scat_Q2 = 1,
                     double scat_T = 0.0,
                     const std::string& window = "hann");

    /*! Names of the per-burst fields (the CSV columns, without namespace). */
    virtual std::vector<std::string> field_names() const = 0;
    /*! Vectors of delay of output 0 (the detector's decision delay). */
    virtual int delay_frames() const = 0;
    /*! Bursts reported so far. */
    virtual uint64_t bursts_found() const = 0;
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_BURST_DETECTOR_H */
