/* Fuzz harness: stftc_bursts_create with random configurations (features,
 * hop, first sample, source, thresholds, durations), then up to a few
 * hundred frames of power (and gains) through process() and flush().
 * Checks: create agrees with config_check; refusals carry a message;
 * every event is consistent (start before stop, first frame before last,
 * not in the future, reported within the decision delay; a start is
 * always followed by exactly one end once flushed); the table columns are
 * named and, for finite input, finite.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz_config.h"

#define FZ_MAX_FIELDS 512

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fz_t f = { data, size };
    stftc_bursts_config_t c = stftc_bursts_config_default();
    c.features = fz_features_config(&f);
    if (fz_u8(&f) < 224)
        c.features.deltas = 0;
    c.hop = fz_size(&f, 1, 1024);
    c.first_center = (int64_t)fz_u64(&f) >> (fz_u8(&f) % 64);
    c.source = (stftc_burst_source_t)(fz_u8(&f) % 3);
    c.on = fz_double(&f, -10.0, 30.0);
    c.off =
        fz_u8(&f) < 200 ? c.on - fz_double(&f, 0.0, 10.0) : fz_double(&f, -60.0, 60.0);
    c.min_duration = fz_u8(&f) < 128 ? 0.0 : fz_double(&f, 0.0, 0.01);
    c.merge_gap = fz_u8(&f) < 128 ? 0.0 : fz_double(&f, 0.0, 0.01);
    c.hang = fz_u8(&f) < 128 ? 0.0 : fz_double(&f, 0.0, 0.01);
    c.noise_window = fz_double(&f, 1e-4, 2.0);
    c.occupied_gain = fz_double(&f, 0.0, 1.0);
    c.min_cells = fz_size(&f, 0, 8);

    stftc_error_t e1, e2;
    const int rc = stftc_bursts_config_check(&c, &e1);
    stftc_bursts_t* b = stftc_bursts_create(&c, &e2);
    if (rc != STFTC_OK) {
        fz_check_refusal(rc, &e1, "bursts_config_check");
        fz_assert(!b, "create refuses what the check refuses");
        fz_check_refusal(e2.code, &e2, "bursts_create");
        fz_assert(strcmp(e1.msg, e2.msg) == 0, "same message from check and create");
        return 0;
    }
    if (!b) {
        fz_check_refusal(e2.code, &e2, "bursts_create");
        fz_assert(e2.code == STFTC_ERR_NOMEM,
                  "create refuses only what the check refuses");
        return 0;
    }
    const stftc_features_t* ft = stftc_bursts_features(b);
    const size_t bins = stftc_features_bins(ft), nfields = stftc_bursts_nfields(b);
    fz_assert(nfields == 6 + 2 * stftc_features_count(ft), "nfields");
    char name[64];
    for (size_t i = 0; i < nfields; i++)
        fz_assert(stftc_bursts_field_name(b, i, name, sizeof name) == 0 && name[0],
                  "column names");
    fz_assert(stftc_bursts_field_name(b, nfields, name, sizeof name) < 0,
              "no column past the end");
    if (c.features.fft_size > FZ_MAX_RUN_FFT || nfields > FZ_MAX_FIELDS) {
        stftc_bursts_destroy(b);
        return 0;
    }
    const int raw = fz_u8(&f) >= 224;
    const int with_gain = c.source == STFTC_BURST_MASK || fz_u8(&f) >= 128;
    const size_t frames = 1 + (size_t)fz_u8(&f) + (size_t)(fz_u8(&f) % 2) * 256;
    const size_t delay = stftc_bursts_decision_delay(b);
    float* p = malloc(bins * sizeof *p);
    float* g = malloc(bins * sizeof *g);
    double* vals = malloc(nfields * sizeof *vals);
    if (!p || !g || !vals)
        goto done;
    int open = 0;
    /* a quiet floor first, then bytes: bursts where the bytes are loud */
    const float floor_level = (float)(fz_u8(&f) % 8) / 8.0f;
    for (size_t t = 0; t <= frames; t++) {
        stftc_burst_t ev;
        int r;
        if (t < frames) {
            if (fz_u8(&f) < 64) {
                for (size_t i = 0; i < bins; i++)
                    p[i] = floor_level;
            } else {
                fz_power(&f, p, bins, raw);
            }
            for (size_t i = 0; i < bins; i++)
                g[i] = raw ? p[(i + 1) % bins] : (float)(fz_u8(&f) % 17) / 16.0f;
            r = stftc_bursts_process(b, p, with_gain ? g : NULL, &ev);
            fz_assert(stftc_bursts_frames(b) == t + 1, "frames counted");
        } else {
            r = stftc_bursts_flush(b, &ev);
            fz_assert(stftc_bursts_flush(b, &ev) == 0, "flush twice: nothing more");
        }
        fz_assert((r & ~(STFTC_BURST_STARTED | STFTC_BURST_ENDED)) == 0, "event bits");
        if (r & STFTC_BURST_STARTED) {
            fz_assert(!open, "a start only while no burst is reported open");
            fz_assert(ev.first_frame <= t, "start not in the future");
            fz_assert(t >= frames || t - ev.first_frame <= delay + 1,
                      "start within the delay");
            open = 1;
        }
        if (r & STFTC_BURST_ENDED) {
            fz_assert(open, "an end follows a start");
            fz_assert(ev.first_frame <= ev.last_frame && ev.last_frame <= t,
                      "frames ordered, not in the future");
            fz_assert(t >= frames || t - ev.last_frame <= delay + 1,
                      "end within the delay");
            fz_assert(ev.start_sample <= ev.stop_sample, "start sample before stop");
            fz_assert(ev.nframes >= 1 && ev.nframes <= ev.last_frame - ev.first_frame + 1,
                      "active frames within the burst");
            stftc_bursts_field_values(b, &ev, vals);
            for (size_t i = 0; !raw && i < nfields; i++)
                fz_assert(isfinite(vals[i]), "finite columns for finite input");
            open = 0;
        }
        if (t < frames && !raw)
            fz_assert(!isnan(stftc_bursts_last_statistic(b)),
                      "statistic of a finite frame");
    }
    fz_assert(!open, "flush closes the open burst");
done:
    free(p);
    free(g);
    free(vals);
    stftc_bursts_destroy(b);
    return 0;
}
