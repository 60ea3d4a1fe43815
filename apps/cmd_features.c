/* stftclean features: clean a recording and write a table of spectral
 * features, one row per frame or per burst.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recording is streamed in chunks (bounded memory): STFT, mask stage
 * (the options of `clean`), then the features of the cleaned frame, or the
 * burst segmenter with its running per-burst statistics. Frame k is centred
 * on sample k hop + hop - window_len / 2; the mask's look-ahead is undone so
 * every row carries the time of its own frame. */
#include "cli.h"
#include "cli_iq.h"
#include "cli_maskopt.h"
#include "cli_progress.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <stftclean/bursts.h>
#include <stftclean/features.h>
#include <stftclean/iqsource.h>
#include <stftclean/mask.h>
#include <stftclean/sigmf.h>
#include <stftclean/stft.h>
#include <stftclean/vmath.h>

#define FEAT_CHUNK 65536 /* samples per read */

enum {
    F_CSV = 256,
    F_PER_BURST,
    F_SIGMF,
    F_FORMAT,
    F_CENTER,
    F_LABEL,
    F_CEPSTRUM,
    F_MEL,
    F_FILTERS,
    F_CEPS,
    F_LIFTER,
    F_DELTAS,
    F_DELTA_WIDTH,
    F_ROLLOFF,
    F_OBW,
    F_FMIN,
    F_FMAX,
    F_SOURCE,
    F_ON,
    F_OFF,
    F_MIN_DUR,
    F_MERGE,
    F_HANG,
    F_BURST_WIN,
    F_OCC,
    F_MIN_CELLS,
    F_SCAT,
    F_SCAT_J,
    F_SCAT_Q1,
    F_SCAT_Q2,
    F_SCAT_T,
    F_QUIET,
    F_PROGRESS,
    F_HELP
};

static const struct option feat_opts[] = {
    { "csv", required_argument, NULL, F_CSV },
    { "per-burst", no_argument, NULL, F_PER_BURST },
    { "sigmf-meta", required_argument, NULL, F_SIGMF },
    { "format", required_argument, NULL, F_FORMAT },
    { "center-freq", required_argument, NULL, F_CENTER },
    { "label", required_argument, NULL, F_LABEL },
    { "cepstrum", required_argument, NULL, F_CEPSTRUM },
    { "mel-scale", required_argument, NULL, F_MEL },
    { "filters", required_argument, NULL, F_FILTERS },
    { "ceps", required_argument, NULL, F_CEPS },
    { "lifter", required_argument, NULL, F_LIFTER },
    { "deltas", required_argument, NULL, F_DELTAS },
    { "delta-width", required_argument, NULL, F_DELTA_WIDTH },
    { "rolloff", required_argument, NULL, F_ROLLOFF },
    { "obw", required_argument, NULL, F_OBW },
    { "fmin", required_argument, NULL, F_FMIN },
    { "fmax", required_argument, NULL, F_FMAX },
    { "source", required_argument, NULL, F_SOURCE },
    { "on", required_argument, NULL, F_ON },
    { "off", required_argument, NULL, F_OFF },
    { "min-duration", required_argument, NULL, F_MIN_DUR },
    { "merge-gap", required_argument, NULL, F_MERGE },
    { "hang", required_argument, NULL, F_HANG },
    { "burst-noise-window", required_argument, NULL, F_BURST_WIN },
    { "occupied-gain", required_argument, NULL, F_OCC },
    { "min-cells", required_argument, NULL, F_MIN_CELLS },
    { "scattering", no_argument, NULL, F_SCAT },
    { "scat-J", required_argument, NULL, F_SCAT_J },
    { "scat-Q1", required_argument, NULL, F_SCAT_Q1 },
    { "scat-Q2", required_argument, NULL, F_SCAT_Q2 },
    { "scat-T", required_argument, NULL, F_SCAT_T },
    { "quiet", no_argument, NULL, F_QUIET },
    { "progress", no_argument, NULL, F_PROGRESS },
    { "help", no_argument, NULL, F_HELP },
    { NULL, 0, NULL, 0 },
};

static void features_usage(FILE* out)
{
    const stftc_scattering_config_t d = stftc_bursts_config_default().scat;
    fprintf(
        out,
        "usage: stftclean features IN --csv OUT [--per-burst] [--sigmf-meta META]\n"
        "                          [options]\n"
        "  Clean IN (any recording format: wav, sigmf, cf32, ci16, ci8, cu8, f32) and\n"
        "  write a CSV table: one row per frame (time_s, energy_db, centroid_hz,\n"
        "  spread_hz, skewness, kurtosis, flatness, rolloff_hz, flux, entropy, peak_hz,\n"
        "  peak_to_avg_db, obw_hz, then the cepstra), or with --per-burst one row per\n"
        "  burst (start_s, end_s, duration_s, center_hz, bandwidth_hz, snr_db, then\n"
        "  <feature>_mean and <feature>_std of every frame feature and cepstrum).\n"
        "  Frequencies are absolute when the centre frequency is known, else relative\n"
        "  to the centre.\n"
        "  --csv OUT            the table ('-' for stdout)\n"
        "  --per-burst          one row per burst instead of per frame\n"
        "  --sigmf-meta META    with --per-burst: also write a SigMF meta file that\n"
        "                       describes IN in place (core:dataset = IN's data file,\n"
        "                       put META beside it) with one annotation per burst\n"
        "  --label TEXT         core:label of the annotations\n"
        "  --format FMT         input format if the extension does not tell\n"
        "  --center-freq HZ     centre frequency (default: from the file, else 0)\n"
        "  --progress           a progress line on stderr even when it is no terminal\n"
        "                       (by default: on a terminal, for inputs of 4 s or more)\n"
        "  --quiet              no summary line and no progress line (unless\n"
        "                       --progress); the summary, 'stftclean: done: N samples\n"
        "                       ...', goes to stdout, or to stderr with --csv -\n"
        " features:\n"
        "  --cepstrum none|mfcc|lfcc  (default lfcc for IQ, mfcc for real input)\n"
        "  --mel-scale htk|slaney     MFCC mel scale (default htk)\n"
        "  --filters N          filterbank bands (default 40)\n"
        "  --ceps N             cepstral coefficients kept (default 13)\n"
        "  --lifter L           cepstral lifter (default 0: off)\n"
        "  --deltas 0|1|2       per-frame deltas / delta-deltas (default 0)\n"
        "  --delta-width W      regression half-width in frames (default 2)\n"
        "  --rolloff PCT        roll-off point in %% (default 85)\n"
        "  --obw PCT            occupied-bandwidth fraction in %% (default 99)\n"
        "  --fmin HZ, --fmax HZ filterbank range relative to the centre (default: all)\n"
        " bursts (--per-burst):\n"
        "  --source energy|mask detection from the frame energy or the mask occupancy\n"
        "                       (default mask when --mask is not none, else energy)\n"
        "  --on DB, --off DB    start / keep thresholds (default 6 / 3): energy over\n"
        "                       the floor, or SNR of the mask's occupied cells\n"
        "  --min-duration S     drop shorter bursts (default 0.002)\n"
        "  --merge-gap S        merge bursts closer than this (default 0)\n"
        "  --hang S             hold a burst open this long below --off (default 0.01)\n"
        "  --burst-noise-window S  energy floor and noise window (default 1)\n"
        "  --occupied-gain G    mask gain from which a cell counts as signal (0.1)\n"
        "  --min-cells N        mask source: fewer occupied cells is no burst (3)\n"
        " scattering summary (--per-burst):\n"
        "  --scattering         add per burst the wavelet scattering of the cleaned\n"
        "                       signal (the frames back through the ISTFT, log\n"
        "                       scattering, two-sided for IQ): scat_frames, then\n"
        "                       <coef>_mean and <coef>_std of every coefficient over\n"
        "                       the scattering frames centred in the burst; <coef> is\n"
        "                       scat0, scat1_<xi> or scat2_<xi1>_<xi2> by the\n"
        "                       wavelets' centres relative to the centre frequency\n"
        "                       (e.g. scat1_+125kHz, scat2_-62.5kHz_1.46kHz)\n"
        "  --scat-J N           octaves: the narrowest wavelets are 0.1 rate / 2^N\n"
        "                       wide (1..16, default %zu)\n"
        "  --scat-Q1 N, --scat-Q2 N  wavelets per octave at first / second order\n"
        "                       (1..32, default %zu / %zu)\n"
        "  --scat-T S           averaging scale in seconds (default 2^J samples);\n"
        "                       frames every T/4 (a power of two of samples)\n"
        "  The recording is cleaned before it is measured (default --mask auto:\n"
        "  features of the cleaned spectrum; --mask none: of the raw spectrum).\n",
        d.J,
        d.Q1,
        d.Q2);
    cli_maskopt_usage(out, 1);
}

typedef struct {
    cli_maskopt_t mo;
    stftc_features_config_t fc;
    stftc_bursts_config_t bc;
    const char* csv;
    const char* sigmf;
    const char* label;
    stftc_iqfmt_t fmt;
    int per_burst;
    int quiet, progress;
    int have_center, have_ceps, have_on, have_off, have_source;
    double center;
    double scat_T; /* s, 0: 2^J samples */
} feat_opts_t;

static int num(const char* opt, const char* arg, double* out)
{
    if (cli_parse_double(arg, out) != 0) {
        cli_error("--%s: must be a number, got '%s'", opt, arg);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

static int size_opt(const char* opt, const char* arg, size_t* out)
{
    if (cli_parse_size(arg, out) != 0) {
        cli_error("--%s: must be a whole number, got '%s'", opt, arg);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

/* One option of the table (output, input, features); 0 or an exit code. */
static int feat_option_table(feat_opts_t* o, int c, const char* arg)
{
    stftc_error_t err;
    double d;
    int rc = 0;
    switch (c) {
    case F_CSV:
        o->csv = arg;
        break;
    case F_PER_BURST:
        o->per_burst = 1;
        break;
    case F_SIGMF:
        o->sigmf = arg;
        break;
    case F_LABEL:
        o->label = arg;
        break;
    case F_FORMAT:
        if (stftc_iqfmt_parse(arg, &o->fmt, &err) != STFTC_OK) {
            cli_error("%s", err.msg);
            rc = CLI_EXIT_USAGE;
        }
        break;
    case F_CENTER:
        rc = num("center-freq", arg, &o->center);
        o->have_center = 1;
        break;
    case F_CEPSTRUM:
        if (stftc_features_parse_cepstrum(arg, &o->fc.cepstrum, &err) != STFTC_OK) {
            cli_error("--%s", err.msg);
            rc = CLI_EXIT_USAGE;
        }
        o->have_ceps = 1;
        break;
    case F_MEL:
        if (stftc_features_parse_mel_scale(arg, &o->fc.mel_scale, &err) != STFTC_OK) {
            cli_error("--%s", err.msg);
            rc = CLI_EXIT_USAGE;
        }
        break;
    case F_FILTERS:
        rc = size_opt("filters", arg, &o->fc.n_filters);
        break;
    case F_CEPS:
        rc = size_opt("ceps", arg, &o->fc.n_ceps);
        break;
    case F_LIFTER:
        rc = num("lifter", arg, &o->fc.lifter);
        break;
    case F_DELTAS:
        if ((rc = num("deltas", arg, &d)) == 0) {
            if (d != 0 && d != 1 && d != 2) {
                cli_error("--deltas: must be 0, 1 or 2, got '%s'", arg);
                rc = CLI_EXIT_USAGE;
            }
            o->fc.deltas = (int)d;
        }
        break;
    case F_DELTA_WIDTH:
        rc = size_opt("delta-width", arg, &o->fc.delta_width);
        break;
    case F_ROLLOFF:
        if ((rc = num("rolloff", arg, &d)) == 0)
            o->fc.rolloff = d / 100.0;
        break;
    case F_OBW:
        if ((rc = num("obw", arg, &d)) == 0)
            o->fc.obw = d / 100.0;
        break;
    case F_FMIN:
        rc = num("fmin", arg, &o->fc.fmin);
        break;
    case F_FMAX:
        rc = num("fmax", arg, &o->fc.fmax);
        break;
    }
    return rc;
}

/* One option of the burst detector; 0 or an exit code. */
static int feat_option_bursts(feat_opts_t* o, int c, const char* arg)
{
    stftc_error_t err;
    int rc = 0;
    switch (c) {
    case F_SOURCE:
        if (stftc_bursts_parse_source(arg, &o->bc.source, &err) != STFTC_OK) {
            cli_error("--%s", err.msg);
            rc = CLI_EXIT_USAGE;
        }
        o->have_source = 1;
        break;
    case F_ON:
        rc = num("on", arg, &o->bc.on);
        o->have_on = 1;
        break;
    case F_OFF:
        rc = num("off", arg, &o->bc.off);
        o->have_off = 1;
        break;
    case F_MIN_DUR:
        rc = num("min-duration", arg, &o->bc.min_duration);
        break;
    case F_MERGE:
        rc = num("merge-gap", arg, &o->bc.merge_gap);
        break;
    case F_HANG:
        rc = num("hang", arg, &o->bc.hang);
        break;
    case F_BURST_WIN:
        rc = num("burst-noise-window", arg, &o->bc.noise_window);
        break;
    case F_MIN_CELLS:
        rc = size_opt("min-cells", arg, &o->bc.min_cells);
        break;
    case F_OCC:
        rc = num("occupied-gain", arg, &o->bc.occupied_gain);
        break;
    case F_SCAT:
        o->bc.scattering = 1;
        break;
    case F_SCAT_J:
        rc = size_opt("scat-J", arg, &o->bc.scat.J);
        break;
    case F_SCAT_Q1:
        rc = size_opt("scat-Q1", arg, &o->bc.scat.Q1);
        break;
    case F_SCAT_Q2:
        rc = size_opt("scat-Q2", arg, &o->bc.scat.Q2);
        break;
    case F_SCAT_T:
        if ((rc = num("scat-T", arg, &o->scat_T)) == 0 && !(o->scat_T > 0.0)) {
            cli_error("--scat-T: must be > 0 s, got '%s'", arg);
            rc = CLI_EXIT_USAGE;
        }
        break;
    }
    return rc;
}

static int feat_parse(int argc, char** argv, feat_opts_t* o, int* help)
{
    struct option* all = cli_maskopt_longopts(feat_opts);
    if (!all)
        return CLI_EXIT_FAIL;
    int c, rc = 0;
    opterr = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, ":h", all, NULL)) != -1) {
        if (cli_maskopt_handle(&o->mo, c, optarg, &rc))
            continue;
        if (c == F_QUIET) {
            o->quiet = 1;
        } else if (c == F_PROGRESS) {
            o->progress = 1;
        } else if (c >= F_CSV && c < F_SOURCE) {
            rc = feat_option_table(o, c, optarg);
        } else if (c >= F_SOURCE && c < F_HELP) {
            rc = feat_option_bursts(o, c, optarg);
        } else if (c == 'h' || c == F_HELP) {
            *help = 1;
            break;
        } else if (c == ':') {
            cli_error("features: option '%s' needs a value", argv[optind - 1]);
            rc = CLI_EXIT_USAGE;
        } else {
            cli_error("features: unknown option '%s' (see stftclean features --help)",
                      argv[optind - 1]);
            rc = CLI_EXIT_USAGE;
        }
    }
    free(all);
    if (rc == 0 && !*help)
        rc = cli_maskopt_finish(&o->mo);
    return rc;
}

/* ------------------------------------------------------------------ */

typedef struct {
    const feat_opts_t* o;
    FILE* csv;
    stftc_features_t* feat; /* per frame */
    stftc_bursts_t* bursts; /* per burst */
    int use_gain;
    double fs;
    int64_t first_center;
    size_t hop, wlen;
    uint64_t total;      /* samples in the recording */
    uint64_t fed;        /* frames fed to feat/bursts */
    uint64_t emitted;    /* per-frame vectors written */
    uint64_t feat_first; /* frame index of the first one */
    int feat_started;
    float* clean;   /* bins: cleaned power */
    float* fvec;    /* count floats */
    double* fields; /* per-burst columns */
    size_t nfields;
    stftc_sigmf_annotation_t* ann;
    size_t nann, cap;
    size_t nbursts; /* rows of --per-burst */
    int failed;
} sink_t;

static void write_row_frame(sink_t* s, const float* v)
{
    const uint64_t j = s->feat_first + s->emitted++;
    const int64_t centre = s->first_center + (int64_t)(j * s->hop);
    fprintf(s->csv, "%.9g", (double)centre / s->fs);
    const size_t n = stftc_features_count(s->feat);
    for (size_t i = 0; i < n; i++)
        fprintf(s->csv, ",%.9g", (double)v[i]);
    fputc('\n', s->csv);
}

static void write_burst(sink_t* s, const stftc_burst_t* ev)
{
    s->nbursts++;
    stftc_bursts_field_values(s->bursts, ev, s->fields);
    for (size_t i = 0; i < s->nfields; i++)
        fprintf(s->csv, i ? ",%.9g" : "%.9g", s->fields[i]);
    fputc('\n', s->csv);
    if (!s->o->sigmf)
        return;
    if (s->nann == s->cap) {
        const size_t cap = s->cap ? 2 * s->cap : 64;
        stftc_sigmf_annotation_t* a = realloc(s->ann, cap * sizeof *a);
        if (!a) {
            s->failed = 1;
            return;
        }
        s->ann = a;
        s->cap = cap;
    }
    stftc_sigmf_annotation_t* a = &s->ann[s->nann++];
    *a = stftc_sigmf_annotation_default();
    a->sample_start = ev->start_sample;
    a->sample_count = ev->stop_sample - ev->start_sample;
    a->has_freq = 1;
    a->freq_lower_edge = ev->freq_lo_hz;
    a->freq_upper_edge = ev->freq_hi_hz;
    snprintf(a->label, sizeof a->label, "%s", s->o->label ? s->o->label : "");
    snprintf(a->generator, sizeof a->generator, "stftclean features");
    a->has_snr = 1;
    a->snr_db = ev->snr_db;
}

/* One cleaned frame j (noisy power, masked bins, gains). */
static void
sink_frame(sink_t* s, const float* power, const float* bins, const float* gain)
{
    const int64_t centre = s->first_center + (int64_t)(s->fed * s->hop);
    if (centre >= (int64_t)s->total)
        return; /* past the end of the recording */
    s->fed++;
    if (s->bursts) {
        /* only frames wholly inside the recording: the zeros around it would
         * pull the energy floor down */
        const int64_t half = (int64_t)(s->wlen / 2);
        if (centre - half < 0 || centre + half > (int64_t)s->total)
            return;
        stftc_burst_t ev;
        int f = stftc_bursts_process_frame(
            s->bursts, bins, power, s->use_gain ? gain : NULL, &ev);
        if (f & STFTC_BURST_ENDED)
            write_burst(s, &ev);
        return;
    }
    if (centre < 0)
        return; /* rows start at the first frame centred in the recording */
    if (!s->feat_started) {
        s->feat_first = s->fed - 1;
        s->feat_started = 1;
    }
    stftc_vec_mag2(s->clean, bins, stftc_features_bins(s->feat));
    if (stftc_features_process(s->feat, s->clean, s->fvec))
        write_row_frame(s, s->fvec);
}

static void sink_finish(sink_t* s)
{
    if (s->bursts) {
        stftc_burst_t ev;
        int f;
        /* one event per call (the scattering summary's delayed frames) */
        while ((f = stftc_bursts_flush(s->bursts, &ev)) != 0)
            if (f & STFTC_BURST_ENDED)
                write_burst(s, &ev);
        return;
    }
    while (stftc_features_flush(s->feat, s->fvec))
        write_row_frame(s, s->fvec);
}

static void write_header(sink_t* s)
{
    char name[96];
    if (s->bursts) {
        for (size_t i = 0; i < s->nfields; i++) {
            stftc_bursts_field_name(s->bursts, i, name, sizeof name);
            fprintf(s->csv, i ? ",%s" : "%s", name);
        }
    } else {
        fprintf(s->csv, "time_s");
        for (size_t i = 0; i < stftc_features_count(s->feat); i++)
            fprintf(s->csv, ",%s", stftc_features_name(s->feat, i));
    }
    fputc('\n', s->csv);
}

/* The SigMF meta describing IN in place, with the bursts as annotations. */
static int write_sigmf(const feat_opts_t* o,
                       const char* in_path,
                       stftc_iqsource_t* src,
                       const sink_t* s)
{
    stftc_error_t err;
    const stftc_iqsource_info_t* info = stftc_iqsource_info(src);
    int rc = STFTC_OK;
    if (info->format == STFTC_IQFMT_WAV) {
        rc = stftc_sigmf_describe_wav(in_path, o->sigmf, s->ann, s->nann, &err);
    } else {
        stftc_sigmf_meta_t m = stftc_sigmf_meta_default();
        char meta_in[4096], data_in[4096];
        const char* data_path = in_path;
        if (info->format == STFTC_IQFMT_SIGMF) {
            m = *stftc_sigmf_reader_meta(stftc_iqsource_sigmf(src));
            char utc[64];
            if (m.has_datetime &&
                stftc_time_iso8601_utc(m.datetime, utc, sizeof utc) != 0) {
                cli_warn("%s: its core:datetime '%s' is no time of the years 1-9999 "
                         "in UTC; not copied",
                         in_path,
                         m.datetime);
                m.has_datetime = 0;
                m.datetime[0] = '\0';
            }
            if (!m.dataset[0] &&
                stftc_sigmf_paths(in_path, meta_in, data_in, sizeof meta_in) == 0)
                data_path = data_in;
            else if (m.dataset[0])
                data_path = m.dataset;
        } else {
            stftc_raw_format_t rf;
            switch (info->format) {
            case STFTC_IQFMT_CF32:
                rf = STFTC_RAW_CF32;
                break;
            case STFTC_IQFMT_CI16:
                rf = STFTC_RAW_CI16;
                break;
            case STFTC_IQFMT_CI8:
                rf = STFTC_RAW_CI8;
                break;
            case STFTC_IQFMT_CU8:
                rf = STFTC_RAW_CU8;
                break;
            default:
                cli_error("--sigmf-meta: SigMF cannot describe real %s samples in place",
                          stftc_iqfmt_name(info->format));
                return CLI_EXIT_USAGE;
            }
            m.datatype = rf;
        }
        const char* base = strrchr(data_path, '/');
        base = base ? base + 1 : data_path;
        const size_t blen = strlen(base);
        if (blen >= sizeof m.dataset) {
            cli_error("--sigmf-meta: data file name '%s' is too long for core:dataset",
                      base);
            return CLI_EXIT_USAGE;
        }
        memcpy(m.dataset, base, blen + 1);
        m.sample_rate = s->fs;
        if (o->have_center || info->has_centre) {
            m.has_frequency = 1;
            m.frequency = o->have_center ? o->center : info->centre_hz;
        }
        snprintf(
            m.description, sizeof m.description, "bursts found by stftclean features");
        rc = stftc_sigmf_meta_write(o->sigmf, &m, s->ann, s->nann, &err);
    }
    if (rc != STFTC_OK) {
        cli_error("%s", err.msg);
        return CLI_EXIT_FAIL;
    }
    return 0;
}

/* A burst detector config error names its field ("noise_window: ...");
 * the user set it through an option of another name. */
static void burst_option_error(const char* msg)
{
    static const char* const map[][2] = {
        { "noise_window", "--burst-noise-window" },
        { "min_duration", "--min-duration" },
        { "merge_gap", "--merge-gap" },
        { "occupied_gain", "--occupied-gain" },
        { "min_cells", "--min-cells" },
        { "hang", "--hang" },
        { "source", "--source" },
        { "on", "--on" },
        { "off", "--off" },
        { "scat_J", "--scat-J" },
        { "scat_Q1", "--scat-Q1" },
        { "scat_Q2", "--scat-Q2" },
        { "scat_T", "--scat-T" },
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        const size_t n = strlen(map[i][0]);
        if (!strncmp(msg, map[i][0], n) && msg[n] == ':') {
            cli_error("%s%s", map[i][1], msg + n);
            return;
        }
    }
    cli_error("%s", msg);
}

/* One run of features: the input, the transform and mask, the table. */
typedef struct {
    feat_opts_t* o;
    const char* in_path;
    cli_source_t in;
    stftc_stft_t* st;
    stftc_mask_t* mk;
    sink_t s;
    size_t hop, wlen, nb, D; /* hop, window length, bins, mask delay (frames) */
    size_t spf, chunk;       /* floats per sample; samples per read */
    float *ibuf, *frames, *bins_out, *gain, *ring, *zeros;
    FILE* csv;
    double t0; /* the run's start (cli_now) */
    cli_progress_t prog;
} feat_job_t;

/* Opens IN; the sample rate from --rate or the file. */
static int feat_open(feat_job_t* j)
{
    feat_opts_t* o = j->o;
    int rc = cli_source_open(&j->in, j->in_path, o->fmt, 0);
    if (rc)
        return rc;
    const stftc_iqsource_info_t* info = &j->in.info;
    if (!o->mo.have_rate) {
        if (!(info->sample_rate > 0)) {
            cli_error("%s: the %s file stores no sample rate; give --rate",
                      j->in_path,
                      stftc_iqfmt_name(info->format));
            return CLI_EXIT_USAGE;
        }
        o->mo.mask.sample_rate = info->sample_rate;
    }
    o->mo.stft.sample_type = info->channels == 2 ? STFTC_COMPLEX : STFTC_REAL;
    o->mo.stft.centered = 0;
    return 0;
}

/* The per-burst detector (--per-burst); 0 or an exit code. */
static int feat_bursts(feat_job_t* j)
{
    feat_opts_t* o = j->o;
    sink_t* s = &j->s;
    stftc_error_t err;
    o->bc.features = o->fc;
    o->bc.hop = j->hop;
    /* the detector sees the frames wholly inside the recording */
    int64_t c0 = s->first_center;
    while (c0 - (int64_t)(j->wlen / 2) < 0)
        c0 += (int64_t)j->hop;
    o->bc.first_center = c0;
    const int masked = o->mo.mask.type != STFTC_MASK_NONE;
    if (!o->have_source)
        o->bc.source = masked ? STFTC_BURST_MASK : STFTC_BURST_ENERGY;
    if (o->bc.source == STFTC_BURST_MASK && !masked) {
        cli_error("--source mask: needs a mask (--mask auto, cfar, ...)");
        return CLI_EXIT_USAGE;
    }
    s->use_gain = masked;
    /* the scattering summary inverts the frames: it needs their window */
    o->bc.window = o->mo.stft.window;
    o->bc.window_len = o->mo.stft.window_len;
    if (o->scat_T > 0.0) {
        const double t = o->scat_T * s->fs;
        if (!(t >= 2.0 && t <= 1048576.0)) {
            cli_error(
                "--scat-T: must be 2..2^20 samples (%g..%g s at this rate), got %g s",
                2.0 / s->fs,
                1048576.0 / s->fs,
                o->scat_T);
            return CLI_EXIT_USAGE;
        }
        o->bc.scat.T = (size_t)llround(t);
    }
    s->bursts = stftc_bursts_create(&o->bc, &err);
    if (!s->bursts) {
        burst_option_error(err.msg);
        return CLI_EXIT_USAGE;
    }
    s->nfields = stftc_bursts_nfields(s->bursts);
    s->fields = malloc(s->nfields * sizeof(double));
    return 0;
}

/* The transform, the mask, the features or bursts and the buffers; 0 or an
 * exit code. */
static int feat_setup(feat_job_t* j)
{
    feat_opts_t* o = j->o;
    sink_t* s = &j->s;
    const stftc_iqsource_info_t* info = &j->in.info;
    const int cplx = info->channels == 2;
    stftc_error_t err;
    cli_maskopt_report(&o->mo, &o->mo.mask);
    j->st = stftc_stft_create(&o->mo.stft, &err);
    if (j->st)
        j->mk = stftc_mask_create(&o->mo.mask, &o->mo.stft, &err);
    if (!j->st || !j->mk) {
        cli_error("%s", err.msg);
        return CLI_EXIT_USAGE;
    }
    const size_t nfft = o->mo.stft.fft_size;
    j->hop = o->mo.stft.hop;
    j->wlen = o->mo.stft.window_len ? o->mo.stft.window_len : nfft;
    j->nb = stftc_stft_bins(j->st);
    j->D = stftc_mask_delay(j->mk);

    o->fc.fft_size = nfft;
    o->fc.sample_type = o->mo.stft.sample_type;
    o->fc.centered = 0;
    o->fc.sample_rate = o->mo.mask.sample_rate;
    o->fc.center_freq =
        o->have_center ? o->center : (info->has_centre ? info->centre_hz : 0);
    if (!o->have_ceps)
        o->fc.cepstrum = cplx ? STFTC_CEPS_LFCC : STFTC_CEPS_MFCC;
    s->o = o;
    s->fs = o->mo.mask.sample_rate;
    s->hop = j->hop;
    s->first_center = (int64_t)j->hop - (int64_t)(j->wlen / 2);
    s->wlen = j->wlen;
    s->total = info->frames;
    if (o->per_burst) {
        const int rc = feat_bursts(j);
        if (rc)
            return rc;
    } else {
        s->feat = stftc_features_create(&o->fc, &err);
        if (!s->feat) {
            cli_error("%s", err.msg);
            return CLI_EXIT_USAGE;
        }
    }
    const size_t nfeat =
        stftc_features_count(s->feat ? s->feat : stftc_bursts_features(s->bursts));
    const size_t nb = j->nb;
    s->clean = stftc_alloc(nb * sizeof(float));
    s->fvec = stftc_alloc(nfeat * sizeof(float));
    j->spf = cplx ? 2 : 1;
    j->chunk = FEAT_CHUNK > j->hop ? FEAT_CHUNK / j->hop * j->hop : j->hop;
    const size_t max_frames = j->chunk / j->hop + 1;
    j->ibuf = stftc_alloc(j->chunk * j->spf * sizeof(float));
    j->frames = stftc_alloc(max_frames * nb * 2 * sizeof(float));
    j->bins_out = stftc_alloc(nb * 2 * sizeof(float));
    j->gain = stftc_alloc(nb * sizeof(float));
    j->ring = stftc_alloc((j->D + 1) * nb * sizeof(float));
    j->zeros = stftc_alloc(nb * 2 * sizeof(float));
    if (!s->clean || !s->fvec || !j->ibuf || !j->frames || !j->bins_out || !j->gain ||
        !j->ring || !j->zeros || (s->bursts && !s->fields)) {
        cli_error("features: out of memory");
        return CLI_EXIT_FAIL;
    }
    return 0;
}

/* Up to n samples of the recording into ibuf (zeros past its end); *got
 * gets those read. 0, or -1 after the error line. */
static int feat_read(feat_job_t* j, uint64_t fed, size_t n, size_t* got)
{
    const uint64_t total = j->s.total;
    *got = 0;
    if (fed < total) {
        const size_t want = total - fed < n ? (size_t)(total - fed) : n;
        while (*got < want) {
            const size_t r =
                stftc_iqsource_read(j->in.src, j->ibuf + *got * j->spf, want - *got);
            if (r == 0)
                break;
            *got += r;
        }
        if (*got < want) {
            cli_error("%s: read failed after %llu samples: %s",
                      j->in_path,
                      (unsigned long long)(fed + *got),
                      stftc_strerror(stftc_iqsource_error(j->in.src)));
            return -1;
        }
    }
    memset(j->ibuf + *got * j->spf, 0, (n - *got) * j->spf * sizeof(float));
    return 0;
}

/* The recording through the transform and mask into the sink; 0, or -1
 * after a read error. */
static int feat_stream(feat_job_t* j)
{
    const size_t nb = j->nb, D = j->D;
    sink_t* s = &j->s;
    /* samples: the recording, then window_len zeros so that every frame
     * centred inside it is produced */
    const uint64_t feed_total = s->total + j->wlen;
    uint64_t fed_samples = 0, k = 0;
    cli_progress_phase(&j->prog, "measuring", s->total);
    while (fed_samples < feed_total) {
        size_t n = j->chunk, got;
        if (feed_total - fed_samples < n)
            n = (size_t)(feed_total - fed_samples);
        if (feat_read(j, fed_samples, n, &got) != 0)
            return -1;
        const size_t nf = stftc_stft_process(j->st, j->ibuf, n, j->frames);
        for (size_t i = 0; i < nf; i++, k++) {
            const float* fr = j->frames + i * nb * 2;
            stftc_vec_mag2(j->ring + (k % (D + 1)) * nb, fr, nb);
            stftc_mask_process(j->mk, fr, j->bins_out, j->gain);
            if (k >= D)
                sink_frame(s, j->ring + ((k - D) % (D + 1)) * nb, j->bins_out, j->gain);
        }
        fed_samples += n;
        cli_progress_update(&j->prog, fed_samples < s->total ? fed_samples : s->total);
    }
    /* drain the mask's look-ahead */
    for (size_t i = 0; i < D; i++, k++) {
        stftc_mask_process(j->mk, j->zeros, j->bins_out, j->gain);
        if (k >= D)
            sink_frame(s, j->ring + ((k - D) % (D + 1)) * nb, j->bins_out, j->gain);
    }
    sink_finish(s);
    cli_progress_finish(&j->prog, s->total);
    return 0;
}

/* The table, then the SigMF meta; 0 or an exit code. */
static int feat_run(feat_job_t* j)
{
    const feat_opts_t* o = j->o;
    j->csv = strcmp(o->csv, "-") ? fopen(o->csv, "w") : stdout;
    if (!j->csv) {
        cli_error("%s: cannot write: %s", o->csv, strerror(errno));
        return CLI_EXIT_FAIL;
    }
    j->s.csv = j->csv;
    cli_progress_init(&j->prog,
                      o->progress ? CLI_PROGRESS_FORCE
                      : o->quiet  ? CLI_PROGRESS_OFF
                                  : CLI_PROGRESS_AUTO,
                      j->s.total,
                      j->s.fs,
                      j->t0);
    write_header(&j->s);
    const int io_fail = feat_stream(j) != 0;
    FILE* csv = j->csv;
    j->csv = NULL;
    if (ferror(csv) || (csv != stdout && fclose(csv) != 0)) {
        cli_error("%s: write failed", o->csv);
        return CLI_EXIT_FAIL;
    }
    if (csv == stdout)
        fflush(stdout);
    if (io_fail || j->s.failed)
        return CLI_EXIT_FAIL;
    return o->sigmf ? write_sigmf(o, j->in_path, j->in.src, &j->s) : 0;
}

/* The summary line: on stdout, or on stderr when the table went there. */
static void feat_summary(const feat_job_t* j)
{
    const feat_opts_t* o = j->o;
    const int to_stdout = !strcmp(o->csv, "-");
    char extra[600];
    if (o->per_burst)
        snprintf(extra,
                 sizeof extra,
                 "%zu burst%s in %.200s%s%.200s",
                 j->s.nbursts,
                 j->s.nbursts == 1 ? "" : "s",
                 to_stdout ? "the table on stdout" : o->csv,
                 o->sigmf ? " and " : "",
                 o->sigmf ? o->sigmf : "");
    else
        snprintf(extra,
                 sizeof extra,
                 "%llu row%s in %.200s",
                 (unsigned long long)j->s.emitted,
                 j->s.emitted == 1 ? "" : "s",
                 to_stdout ? "the table on stdout" : o->csv);
    cli_summary(
        to_stdout ? stderr : stdout, j->s.total, j->s.fs, cli_now() - j->t0, extra);
}

static void feat_free(feat_job_t* j)
{
    if (j->csv && j->csv != stdout)
        fclose(j->csv);
    stftc_features_destroy(j->s.feat);
    stftc_bursts_destroy(j->s.bursts);
    stftc_mask_destroy(j->mk);
    stftc_stft_destroy(j->st);
    cli_source_close(&j->in);
    stftc_free(j->s.clean);
    stftc_free(j->s.fvec);
    free(j->s.fields);
    free(j->s.ann);
    stftc_free(j->ibuf);
    stftc_free(j->frames);
    stftc_free(j->bins_out);
    stftc_free(j->gain);
    stftc_free(j->ring);
    stftc_free(j->zeros);
}

const char cli_features_summary[] =
    "features IN --csv OUT [--per-burst] [--sigmf-meta M]  feature table per frame/burst";

int cli_features_main(int argc, char** argv)
{
    const double t0 = cli_now();
    feat_opts_t o;
    memset(&o, 0, sizeof o);
    cli_maskopt_init(&o.mo);
    o.fc = stftc_features_config_default();
    o.bc = stftc_bursts_config_default();
    /* recordings: OOK/FSK symbols leave short gaps, masks leave short blips */
    o.bc.hang = 0.01;
    o.bc.min_duration = 0.002;
    o.fmt = STFTC_IQFMT_AUTO;
    int help = 0;
    int rc = feat_parse(argc, argv, &o, &help);
    if (rc)
        return rc;
    if (help) {
        features_usage(stdout);
        return 0;
    }
    if (optind + 1 != argc) {
        cli_error("features: expected one input file (see stftclean features --help)");
        return CLI_EXIT_USAGE;
    }
    if (!o.csv) {
        cli_error("features: --csv OUT is required");
        return CLI_EXIT_USAGE;
    }
    if (o.bc.scattering && !o.per_burst) {
        cli_error("--scattering: the summary is per burst; add --per-burst");
        return CLI_EXIT_USAGE;
    }
    if (o.sigmf && !o.per_burst) {
        cli_error("--sigmf-meta: annotations are bursts; add --per-burst");
        return CLI_EXIT_USAGE;
    }
    feat_job_t j;
    memset(&j, 0, sizeof j);
    j.t0 = t0;
    j.o = &o;
    j.in_path = argv[optind];
    rc = feat_open(&j);
    if (rc == 0)
        rc = feat_setup(&j);
    if (rc == 0)
        rc = feat_run(&j);
    if (rc == 0 && !o.quiet)
        feat_summary(&j);
    feat_free(&j);
    return rc;
}
