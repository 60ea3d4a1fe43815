/* gr-stftclean C core: the burst segmenter's configuration: defaults,
 * the source names and the checks (see bursts.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "bursts_scat.h"
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stftclean/bursts.h>
#include <string.h>

#define MAX_SECONDS 3600.0 /* the longest time a field may give */
#define FIRST_CENTER_MAX ((int64_t)1 << 62)

stftc_bursts_config_t stftc_bursts_config_default(void)
{
    stftc_bursts_config_t c;
    memset(&c, 0, sizeof c);
    c.features = stftc_features_config_default();
    c.hop = 256;
    c.first_center = 0;
    c.source = STFTC_BURST_ENERGY;
    c.on = 6.0;
    c.off = 3.0;
    c.min_duration = 0.0;
    c.merge_gap = 0.0;
    c.hang = 0.0;
    c.noise_window = 1.0;
    c.occupied_gain = 0.1;
    c.min_cells = 3;
    c.scattering = 0;
    c.scat = stftc_scattering_config_default();
    /* a table row: J 8, Q1 2 give 179 coefficients (Q1 8: 413) */
    c.scat.Q1 = 2;
    c.scat.log = 1;
    c.window.type = STFTC_WIN_HANN;
    c.window.param = 0.0;
    c.window_len = 0;
    return c;
}

int stftc_bursts_parse_source(const char* text,
                              stftc_burst_source_t* out,
                              stftc_error_t* err)
{
    static const char* const names[] = { "energy", "mask" };
    static const int values[] = { STFTC_BURST_ENERGY, STFTC_BURST_MASK };
    int v = 0;
    int rc = stftc_parse_choice("source", text, names, values, 2, &v, err);
    if (rc == STFTC_OK)
        *out = (stftc_burst_source_t)v;
    return rc;
}

static int check_seconds(const char* name, double v, stftc_error_t* err)
{
    if (!(v >= 0.0 && v <= MAX_SECONDS))
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "%s: must be 0..%g s, got %g",
                          name,
                          MAX_SECONDS,
                          v);
    return STFTC_OK;
}

int stftc_bursts_config_check(const stftc_bursts_config_t* c, stftc_error_t* err)
{
    if (!c)
        return stftc_fail(err, STFTC_ERR_INVALID_ARG, "config: NULL");
    int rc = stftc_features_config_check(&c->features, err);
    if (rc != STFTC_OK)
        return rc;
    if (c->features.deltas != 0)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "deltas: must be 0 for burst statistics (per-burst means of "
                          "deltas carry no information)");
    if (c->hop < 1 || c->hop > STFTC_MAX_FFT_SIZE)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "hop: must be 1..%zu samples, got %zu",
                          (size_t)STFTC_MAX_FFT_SIZE,
                          c->hop);
    /* sample arithmetic in int64_t: first_center + frame * hop stays in range
     * for any stream shorter than 2^62 samples */
    if (c->first_center > FIRST_CENTER_MAX || c->first_center < -FIRST_CENTER_MAX)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "first_center: must be within +-2^62 samples, got %lld",
                          (long long)c->first_center);
    if (c->source != STFTC_BURST_ENERGY && c->source != STFTC_BURST_MASK)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "source: must be energy (0) or mask (1), got %d",
                          (int)c->source);
    if (!(c->on >= -50.0 && c->on <= 200.0))
        return stftc_fail(
            err, STFTC_ERR_INVALID_ARG, "on: must be -50..200 dB, got %g", c->on);
    if (!(c->off >= -50.0 && c->off <= c->on))
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "off: must be -50 dB..on (%g), got %g",
                          c->on,
                          c->off);
    if ((rc = check_seconds("min_duration", c->min_duration, err)) != STFTC_OK ||
        (rc = check_seconds("merge_gap", c->merge_gap, err)) != STFTC_OK ||
        (rc = check_seconds("hang", c->hang, err)) != STFTC_OK)
        return rc;
    if (!(c->occupied_gain > 0.0 && c->occupied_gain <= 1.0))
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "occupied_gain: must be in (0, 1], got %g",
                          c->occupied_gain);
    if (c->min_cells > (size_t)1 << 26)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "min_cells: must be 0..%zu, got %zu",
                          (size_t)1 << 26,
                          c->min_cells);
    if (!(c->noise_window > 0.0 && c->noise_window <= MAX_SECONDS))
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "noise_window: must be > 0 and <= %g s, got %g",
                          MAX_SECONDS,
                          c->noise_window);
    if (c->scattering != 0 && c->scattering != 1)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "scattering: must be 0 (off) or 1 (on), got %d",
                          c->scattering);
    if (c->scattering && (rc = bscat_config_check(c, err)) != STFTC_OK)
        return rc;
    stftc_ok(err);
    return STFTC_OK;
}
