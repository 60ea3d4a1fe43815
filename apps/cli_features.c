/* stftclean command-line tool: the STFT and mask options of `clean`, shared
 * by commands that clean before they measure. Same names, meanings and
 * defaults as `stftclean clean`; the core checks the ranges at create time.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"
#include "cli_features.h"

#include <stddef.h>
#include <string.h>

enum {
    M_RATE = CLI_MASKOPT_BASE,
    M_FFT,
    M_HOP,
    M_WINDOW,
    M_WINDOW_LEN,
    M_MASK,
    M_THRESHOLD,
    M_FLOOR,
    M_BANDS,
    M_REJECT,
    M_PLAN,
    M_BYPASS,
    M_LINES,
    M_NO_LINES,
    M_DC,
    M_NO_DC,
    M_IMPULSE,
    M_NO_IMPULSE,
    M_PRESENCE,
    M_NO_PRESENCE,
    M_NUMBER /* first of the plain numeric mask fields */
};

static const struct {
    const char* name;
    size_t offset;
    const char* unit;
} number_opts[] = {
    { "noise-window", offsetof(stftc_mask_config_t, noise_window), "in s" },
    { "region-time", offsetof(stftc_mask_config_t, region_time), "in s" },
    { "region-freq", offsetof(stftc_mask_config_t, region_freq), "in Hz" },
    { "lookahead", offsetof(stftc_mask_config_t, lookahead), "in s" },
    { "pfa", offsetof(stftc_mask_config_t, pfa), "(a probability)" },
    { "hysteresis-db", offsetof(stftc_mask_config_t, hysteresis_db), "in dB" },
    { "hang-time", offsetof(stftc_mask_config_t, hang_time), "in s" },
    { "gate-slope-db", offsetof(stftc_mask_config_t, gate_slope_db), "in dB" },
    { "xi-min-db", offsetof(stftc_mask_config_t, xi_min_db), "in dB" },
    { "dd-alpha", offsetof(stftc_mask_config_t, dd_alpha), "(0..0.999)" },
    { "line-db", offsetof(stftc_mask_config_t, line_db), "in dB" },
    { "impulse-db", offsetof(stftc_mask_config_t, impulse_db), "in dB" },
    { "smooth-time", offsetof(stftc_mask_config_t, smooth_time), "in s" },
    { "smooth-freq", offsetof(stftc_mask_config_t, smooth_freq), "in Hz" },
};
#define N_NUMBER_OPTS (sizeof number_opts / sizeof number_opts[0])

const struct option cli_maskopt_options[] = {
    { "rate", required_argument, NULL, M_RATE },
    { "fft", required_argument, NULL, M_FFT },
    { "hop", required_argument, NULL, M_HOP },
    { "window", required_argument, NULL, M_WINDOW },
    { "window-len", required_argument, NULL, M_WINDOW_LEN },
    { "mask", required_argument, NULL, M_MASK },
    { "threshold-db", required_argument, NULL, M_THRESHOLD },
    { "floor-db", required_argument, NULL, M_FLOOR },
    { "bands", required_argument, NULL, M_BANDS },
    { "reject", no_argument, NULL, M_REJECT },
    { "plan", required_argument, NULL, M_PLAN },
    { "bypass", no_argument, NULL, M_BYPASS },
    { "lines", no_argument, NULL, M_LINES },
    { "no-lines", no_argument, NULL, M_NO_LINES },
    { "dc", no_argument, NULL, M_DC },
    { "no-dc", no_argument, NULL, M_NO_DC },
    { "impulse", no_argument, NULL, M_IMPULSE },
    { "no-impulse", no_argument, NULL, M_NO_IMPULSE },
    { "presence", no_argument, NULL, M_PRESENCE },
    { "no-presence", no_argument, NULL, M_NO_PRESENCE },
    { "noise-window", required_argument, NULL, M_NUMBER + 0 },
    { "region-time", required_argument, NULL, M_NUMBER + 1 },
    { "region-freq", required_argument, NULL, M_NUMBER + 2 },
    { "lookahead", required_argument, NULL, M_NUMBER + 3 },
    { "pfa", required_argument, NULL, M_NUMBER + 4 },
    { "hysteresis-db", required_argument, NULL, M_NUMBER + 5 },
    { "hang-time", required_argument, NULL, M_NUMBER + 6 },
    { "gate-slope-db", required_argument, NULL, M_NUMBER + 7 },
    { "xi-min-db", required_argument, NULL, M_NUMBER + 8 },
    { "dd-alpha", required_argument, NULL, M_NUMBER + 9 },
    { "line-db", required_argument, NULL, M_NUMBER + 10 },
    { "impulse-db", required_argument, NULL, M_NUMBER + 11 },
    { "smooth-time", required_argument, NULL, M_NUMBER + 12 },
    { "smooth-freq", required_argument, NULL, M_NUMBER + 13 },
};
const size_t cli_maskopt_count =
    sizeof cli_maskopt_options / sizeof cli_maskopt_options[0];

void cli_maskopt_init(cli_maskopt_t* o)
{
    memset(o, 0, sizeof *o);
    o->stft = stftc_stft_config_default();
    o->mask = stftc_mask_config_default();
    o->mask.type = STFTC_MASK_AUTO; /* features of the cleaned signal by default */
}

static int bad(int* rc, const char* opt, const char* what, const char* arg)
{
    cli_error("--%s: must be %s, got '%s'", opt, what, arg);
    *rc = CLI_EXIT_USAGE;
    return 1;
}

int cli_maskopt_handle(cli_maskopt_t* o, int code, const char* arg, int* rc)
{
    stftc_error_t err;
    *rc = 0;
    switch (code) {
    case M_RATE:
        if (cli_parse_rate(arg, &o->mask.sample_rate) != 0)
            return bad(rc, "rate", "a sample rate in Hz > 0", arg);
        o->have_rate = 1;
        return 1;
    case M_FFT:
        if (cli_parse_size(arg, &o->stft.fft_size) != 0)
            return bad(rc, "fft", "a whole number >= 2", arg);
        return 1;
    case M_HOP:
        if (cli_parse_size(arg, &o->stft.hop) != 0)
            return bad(rc, "hop", "a whole number >= 1", arg);
        return 1;
    case M_WINDOW_LEN:
        if (cli_parse_size(arg, &o->stft.window_len) != 0)
            return bad(rc, "window-len", "a whole number", arg);
        return 1;
    case M_WINDOW:
        if (stftc_window_parse(arg, &o->stft.window, &err) != STFTC_OK) {
            cli_error("%s", err.msg);
            *rc = CLI_EXIT_USAGE;
        }
        return 1;
    case M_MASK:
        if (stftc_mask_parse_type(arg, &o->mask.type, &err) != STFTC_OK) {
            cli_error("%s", err.msg);
            *rc = CLI_EXIT_USAGE;
        }
        return 1;
    case M_THRESHOLD:
        if (cli_parse_double(arg, &o->mask.threshold_db) != 0)
            return bad(rc, "threshold-db", "a number in dB", arg);
        return 1;
    case M_FLOOR:
        if (cli_parse_double(arg, &o->mask.floor_db) != 0)
            return bad(rc, "floor-db", "a number in dB", arg);
        return 1;
    case M_BANDS:
        o->bands_text = arg;
        return 1;
    case M_REJECT:
        o->mask.band_reject = 1;
        return 1;
    case M_PLAN:
        if (!strcmp(arg, "estimate"))
            o->stft.plan = STFTC_PLAN_ESTIMATE;
        else if (!strcmp(arg, "measure"))
            o->stft.plan = STFTC_PLAN_MEASURE;
        else
            return bad(rc, "plan", "estimate or measure", arg);
        return 1;
    case M_BYPASS:
        o->mask.bypass = 1;
        return 1;
    case M_LINES:
    case M_NO_LINES:
        o->mask.lines = code == M_LINES;
        return 1;
    case M_DC:
    case M_NO_DC:
        o->mask.dc = code == M_DC;
        return 1;
    case M_IMPULSE:
    case M_NO_IMPULSE:
        o->mask.impulse = code == M_IMPULSE;
        return 1;
    case M_PRESENCE:
    case M_NO_PRESENCE:
        o->mask.presence = code == M_PRESENCE;
        return 1;
    default:
        if (code >= M_NUMBER && (size_t)(code - M_NUMBER) < N_NUMBER_OPTS) {
            const size_t k = (size_t)(code - M_NUMBER);
            double* field = (double*)((char*)&o->mask + number_opts[k].offset);
            if (cli_parse_double(arg, field) != 0) {
                cli_error("--%s: must be a number %s, got '%s'",
                          number_opts[k].name,
                          number_opts[k].unit,
                          arg);
                *rc = CLI_EXIT_USAGE;
            }
            return 1;
        }
        return 0;
    }
}

int cli_maskopt_finish(cli_maskopt_t* o)
{
    stftc_error_t err;
    if (o->bands_text &&
        stftc_mask_parse_bands(o->bands_text, o->mask.bands, &o->mask.nbands, &err) !=
            STFTC_OK) {
        cli_error("%s", err.msg);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

void cli_maskopt_usage(FILE* out)
{
    fprintf(out,
            " transform and mask (as in stftclean clean):\n"
            "  --rate FS            sample rate in Hz (default: from the file)\n"
            "  --fft N              FFT size (default 1024)\n"
            "  --hop H              hop in samples (default 256)\n"
            "  --window SPEC        hann, hamming, blackman, blackman-harris, "
            "kaiser[:BETA],\n"
            "                       gaussian[:SIGMA], sqrt-hann, rect (default hann)\n"
            "  --window-len L       window length <= N (default N)\n"
            "  --mask TYPE          auto, gate, wiener, cfar, threshold, band or none\n"
            "                       (default auto: features of the cleaned spectrum;\n"
            "                       none: of the raw spectrum)\n"
            "  --threshold-db X, --floor-db Y, --bands LO:HI,..., --reject, --bypass,\n"
            "  --noise-window S, --region-time S, --region-freq HZ, --lookahead S,\n"
            "  --pfa P, --hysteresis-db X, --hang-time S, --gate-slope-db X,\n"
            "  --xi-min-db X, --dd-alpha A, --lines/--no-lines, --line-db X,\n"
            "  --dc/--no-dc, --impulse/--no-impulse, --impulse-db X,\n"
            "  --presence/--no-presence,\n"
            "  --smooth-time S,\n"
            "  --smooth-freq HZ, --plan estimate|measure: see stftclean clean --help\n");
}
