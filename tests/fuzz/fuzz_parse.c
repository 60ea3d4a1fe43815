/* Fuzz harness: the text parsers of the core (window spec, mask type, band
 * list) on arbitrary text. Checks: a refusal has a code and a message; an
 * accepted window formats to text that parses back to the same spec, and its
 * samples are finite; accepted band lists are refused by the config check
 * (naming "bands") unless they are finite, ordered and inside the band.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz_common.h"

#include <stftclean/mask.h>
#include <stftclean/window.h>

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    char* text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    stftc_error_t err;

    stftc_window_spec_t spec;
    int rc = stftc_window_parse(text, &spec, &err);
    if (rc == STFTC_OK) {
        char buf[128];
        stftc_window_format(&spec, buf, sizeof buf);
        stftc_window_spec_t again;
        fz_assert(stftc_window_parse(buf, &again, NULL) == STFTC_OK, "format parses");
        fz_assert(again.type == spec.type, "same window type");
        /* the text keeps 6 significant digits ("%g") */
        fz_assert(fabs(again.param - spec.param) <= 1e-5 * fabs(spec.param) + 1e-12,
                  "same window parameter");
        double w[64];
        fz_assert(stftc_window_fill(&spec, 64, w) == STFTC_OK, "fill a parsed window");
        for (int i = 0; i < 64; i++)
            fz_assert(isfinite(w[i]), "window samples finite");
    } else {
        fz_check_refusal(rc, &err, "window_parse");
    }

    stftc_mask_type_t type;
    rc = stftc_mask_parse_type(text, &type, &err);
    if (rc == STFTC_OK) {
        stftc_mask_type_t again;
        fz_assert(stftc_mask_parse_type(stftc_mask_type_name(type), &again, NULL) ==
                          STFTC_OK &&
                      again == type,
                  "mask name parses back");
    } else {
        fz_check_refusal(rc, &err, "mask_parse_type");
    }

    double bands[2 * STFTC_MASK_MAX_BANDS];
    size_t nb = 12345;
    rc = stftc_mask_parse_bands(text, bands, &nb, &err);
    if (rc == STFTC_OK) {
        fz_assert(nb <= STFTC_MASK_MAX_BANDS, "band count bounded");
        /* the parser only reads numbers; the config check judges them */
        stftc_mask_config_t m = stftc_mask_config_default();
        m.type = STFTC_MASK_BAND;
        m.sample_rate = 1e6;
        m.nbands = nb;
        memcpy(m.bands, bands, 2 * nb * sizeof *bands);
        stftc_stft_config_t s = stftc_stft_config_default();
        s.fft_size = 64;
        s.hop = 16;
        rc = stftc_mask_config_check(&m, &s, &err);
        if (rc != STFTC_OK) {
            fz_check_refusal(rc, &err, "band config check");
            fz_assert(strstr(err.msg, "bands") != NULL, "message names bands");
        }
    } else {
        fz_check_refusal(rc, &err, "mask_parse_bands");
    }
    free(text);
    return 0;
}
