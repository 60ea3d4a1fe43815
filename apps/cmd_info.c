/* stftclean info: what a recording holds (IQ WAV, SigMF or raw).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli_iq.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define INFO_CHUNK 65536

static void info_usage(FILE* out)
{
    fprintf(out,
            "usage: stftclean info FILE [--rate FS] [--format FMT] [--stereo-audio]\n"
            "                           [--swap-iq]\n"
            "  Format (from the extension unless --format: wav, sigmf, cf32, ci16,\n"
            "  ci8, cu8 or f32), sample count, duration, RMS, peak, DC and a one-line\n"
            "  sanity statement. IQ WAV and SigMF recordings also give their sample\n"
            "  encoding, rate (--rate overrides it), channels, centre frequency and\n"
            "  start time; SigMF also its annotations. Raw files need --rate FS for\n"
            "  a duration. A two-channel WAV is I/Q unless --stereo-audio; --swap-iq\n"
            "  reads the first channel as Q and the second as I (complex inputs).\n"
            "  An IQ WAV's auxi chunk (SDRuno / SDR# / HDSDR) also gives the stop\n"
            "  time, ADC and IF frequencies, bandwidth, IQ offset and the next file\n"
            "  of a split recording, where the chunk holds them.\n");
}

typedef struct {
    double sum2;      /* sum of |x|^2 */
    double peak2;     /* max |x|^2 */
    double mean[2];   /* running sums of I and Q (or x) */
    size_t nonfinite; /* samples with a NaN or Inf part */
    size_t zeros;     /* samples exactly zero */
} info_stats_t;

static void info_accumulate(info_stats_t* s, const float* x, size_t n, size_t spf)
{
    for (size_t i = 0; i < n; i++) {
        const float* v = x + i * spf;
        double m2 = 0.0;
        int finite = 1;
        for (size_t k = 0; k < spf; k++) {
            finite &= isfinite(v[k]) != 0;
            m2 += (double)v[k] * v[k];
        }
        if (!finite) {
            s->nonfinite++;
            continue;
        }
        if (m2 == 0.0)
            s->zeros++;
        s->sum2 += m2;
        if (m2 > s->peak2)
            s->peak2 = m2;
        for (size_t k = 0; k < spf; k++)
            s->mean[k] += v[k];
    }
}

static void print_hz(const char* name, int present, uint32_t hz)
{
    if (!present)
        return;
    if (hz == 0)
        printf("%-9s 0 (not set)\n", name);
    else
        printf("%-9s %u Hz (%.6f MHz)\n", name, hz, hz / 1e6);
}

/* The auxi fields beyond centre and start (those come through iqsource). */
static void info_print_auxi(const stftc_iqwav_info_t* w)
{
    printf("auxi:     %u bytes (%s)\n",
           w->auxi_size,
           w->auxi_size >= 164  ? "long form"
           : w->auxi_size >= 68 ? "SpectraVue form"
                                : "short form");
    if (w->start_time_invalid)
        printf(
            "start:    not a calendar time (%u-%u-%u %u:%u:%u.%u as stored), ignored\n",
            w->start_time.year,
            w->start_time.month,
            w->start_time.day,
            w->start_time.hour,
            w->start_time.minute,
            w->start_time.second,
            w->start_time.millisecond);
    if (w->stop_time_present) {
        char t[40];
        cli_format_time(&w->stop_time, t, sizeof t);
        printf("stop:     %s\n", t);
    } else if (w->stop_time_invalid) {
        printf("stop:     not a calendar time, ignored\n");
    }
    print_hz("adc:", w->adc_freq_present, w->adc_freq_hz);
    print_hz("if:", w->if_freq_present, w->if_freq_hz);
    print_hz("bandwidth:", w->bandwidth_present, w->bandwidth_hz);
    if (w->iq_offset_present)
        printf("iq offset: %d\n", (int)w->iq_offset);
    if (w->next_file[0])
        printf("next file: %s\n", w->next_file);
}

static double to_db(double power) { return power > 0 ? 10.0 * log10(power) : -INFINITY; }

const char cli_info_summary[] =
    "info FILE [--rate FS]            format, rate, centre, start, length, RMS/peak";

/* The command line of info: options and the one FILE. */
typedef struct {
    const char* rate_text; /* --rate as given, or NULL */
    double rate;           /* its value (0: none) */
    const char* fmt_text;
    const char* fmt_opt; /* which spelling gave it */
    int stereo_audio;
    int swap_iq;
    const char* path;
} info_opts_t;

/* 0 to go on, -1 after --help (exit 0), or an exit code. */
static int info_parse_args(int argc, char** argv, info_opts_t* o)
{
    static const struct option opts[] = { { "rate", required_argument, NULL, 'r' },
                                          { "format", required_argument, NULL, 'f' },
                                          { "in-format", required_argument, NULL, 'F' },
                                          { "stereo-audio", no_argument, NULL, 's' },
                                          { "swap-iq", no_argument, NULL, 'S' },
                                          { "help", no_argument, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    memset(o, 0, sizeof *o);
    o->fmt_opt = "--format";
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":r:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            o->rate_text = optarg;
            break;
        case 'f':
        case 'F':
            o->fmt_text = optarg;
            o->fmt_opt = c == 'f' ? "--format" : "--in-format";
            break;
        case 's':
            o->stereo_audio = 1;
            break;
        case 'S':
            o->swap_iq = 1;
            break;
        case 'h':
            info_usage(stdout);
            return -1;
        case ':':
            cli_error("info: option '%s' needs a value", argv[optind - 1]);
            return CLI_EXIT_USAGE;
        default:
            cli_error("info: unknown option '%s' (see stftclean info --help)",
                      argv[optind - 1]);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        cli_error("info: expected exactly one FILE (see stftclean info --help)");
        return CLI_EXIT_USAGE;
    }
    o->path = argv[optind];
    if (o->rate_text && cli_parse_rate(o->rate_text, &o->rate) != 0) {
        cli_error("--rate: must be a sample rate in Hz > 0, got '%s'", o->rate_text);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

/* Every sample of the open source through the statistics. */
static int info_scan(cli_source_t* in, info_stats_t* s)
{
    const size_t spf = in->floats;
    float* buf = malloc(INFO_CHUNK * spf * sizeof(float));
    if (!buf) {
        cli_error("info: out of memory");
        return CLI_EXIT_FAIL;
    }
    memset(s, 0, sizeof *s);
    int rc = 0;
    for (size_t done = 0; done < in->nsamples && rc == 0;) {
        size_t n = in->nsamples - done < INFO_CHUNK ? in->nsamples - done : INFO_CHUNK;
        rc = cli_source_read(in, buf, n); /* I and Q swapped by the reader */
        if (rc == 0)
            info_accumulate(s, buf, n, spf);
        done += n;
    }
    free(buf);
    return rc;
}

/* What the file says of itself: the metadata read when it was opened. */
typedef struct {
    stftc_iqsource_info_t si;
    size_t spf;
    size_t nsamples;
    const char* path;
    int is_wav, is_sigmf;
    stftc_iqwav_info_t wi;
    stftc_sigmf_meta_t sm;
    size_t nann;
    uint64_t ann_first, ann_last;
} info_meta_t;

static void info_collect_meta(const cli_source_t* in, info_meta_t* m)
{
    memset(m, 0, sizeof *m);
    m->si = in->info;
    m->spf = in->floats;
    m->nsamples = in->nsamples;
    m->path = in->path;
    stftc_iqwav_reader_t* wav = stftc_iqsource_wav(in->src);
    if (wav) {
        m->is_wav = 1;
        m->wi = *stftc_iqwav_info(wav);
    }
    stftc_sigmf_reader_t* sg = stftc_iqsource_sigmf(in->src);
    m->sm = stftc_sigmf_meta_default();
    const stftc_sigmf_annotation_t* ann = NULL;
    if (sg) {
        m->is_sigmf = 1;
        m->sm = *stftc_sigmf_reader_meta(sg);
        ann = stftc_sigmf_reader_annotations(sg, &m->nann);
    }
    for (size_t i = 0; i < m->nann; i++) {
        if (i == 0 || ann[i].sample_start < m->ann_first)
            m->ann_first = ann[i].sample_start;
        const uint64_t end = ann[i].sample_start + ann[i].sample_count;
        if (end > m->ann_last)
            m->ann_last = end;
    }
}

/* The file's format and metadata lines. */
static void info_print_meta(const info_meta_t* m, const info_opts_t* o, double rate)
{
    const stftc_iqsource_info_t* si = &m->si;
    const char* layout = m->spf == 1       ? "real"
                         : o->stereo_audio ? "stereo audio: left, right"
                         : si->format == STFTC_IQFMT_WAV && o->swap_iq
                             ? "complex: Q left, I right (--swap-iq)"
                         : si->format == STFTC_IQFMT_WAV ? "complex: I left, Q right"
                         : o->swap_iq                    ? "complex Q/I (--swap-iq)"
                                                         : "complex I/Q";
    printf("file:     %s\n", m->path);
    if (m->is_wav) {
        printf("format:   wav (%s%s %u-bit, %s)\n",
               m->wi.is_rf64 ? "RF64, " : "",
               m->wi.format == STFTC_WAV_FLOAT ? "float" : "PCM",
               m->wi.bits,
               layout);
    } else if (m->is_sigmf) {
        printf("format:   sigmf (%s, %s)\n",
               stftc_sigmf_datatype_name(m->sm.datatype),
               layout);
        if (m->sm.dataset[0])
            printf("dataset:  %s, samples after %llu header bytes (non-conforming "
                   "dataset, read in place)\n",
                   m->sm.dataset,
                   (unsigned long long)m->sm.header_bytes);
        if (m->sm.description[0])
            printf("descr:    %s\n", m->sm.description);
    } else {
        printf("format:   %s (%s, %s)\n",
               stftc_iqfmt_name(si->format),
               si->encoding,
               layout);
    }
    if (si->sample_rate > 0)
        printf("rate:     %.10g Hz%s\n",
               si->sample_rate,
               o->rate_text ? " (overridden by --rate)" : "");
    else if (o->rate_text)
        printf("rate:     %.10g Hz (from --rate)\n", rate);
    else
        printf("rate:     unknown (raw file; give --rate FS)\n");
    printf("channels: %zu\n", m->spf);
    if (m->is_wav)
        printf("bits:     %u\n", m->wi.bits);
    if (si->incomplete && m->is_wav)
        printf("header:   sizes missing or wrong (unfinished recording?); "
               "read to the end of the file\n");
    else if (si->incomplete)
        printf("header:   a partial sample at the end of the data is ignored\n");
    if (si->has_centre)
        printf("centre:   %.10g Hz (%.6f MHz)\n", si->centre_hz, si->centre_hz / 1e6);
    if (si->has_time) {
        char t[40];
        cli_format_time(&si->start_time, t, sizeof t);
        printf("start:    %s%s\n", t, m->is_sigmf ? " UTC" : "");
    }
    if (m->is_wav && m->wi.has_auxi)
        info_print_auxi(&m->wi);
    if (m->is_sigmf)
        printf("annotations: %zu%s\n", m->nann, m->nann ? "" : " (none)");
    if (m->nann && rate > 0)
        printf("annotated: %.6f s .. %.6f s\n",
               (double)m->ann_first / rate,
               (double)m->ann_last / rate);
    printf("samples:  %zu\n", m->nsamples);
    if (rate > 0.0) {
        char d[32];
        cli_format_duration((double)m->nsamples / rate, d, sizeof d);
        printf("duration: %s at %g Hz\n", d, rate);
    } else {
        printf("duration: unknown (give --rate FS)\n");
    }
}

/* The level lines and one verdict line, most serious finding first. */
static void info_print_levels(const info_stats_t* s, size_t nsamples, size_t spf)
{
    const size_t nfin = nsamples - s->nonfinite;
    const double ms = nfin ? s->sum2 / (double)nfin : 0.0;
    const double rms = sqrt(ms), peak = sqrt(s->peak2);
    const double dc_i = nfin ? s->mean[0] / (double)nfin : 0.0;
    const double dc_q = nfin ? s->mean[1] / (double)nfin : 0.0;
    const double dc2 = dc_i * dc_i + dc_q * dc_q;
    printf("rms:      %.6g (%.2f dBFS)\n", rms, to_db(ms));
    printf("peak:     %.6g (%.2f dBFS, crest factor %.2f dB)\n",
           peak,
           to_db(s->peak2),
           rms > 0 ? to_db(s->peak2 / ms) : 0.0);
    if (spf == 2)
        printf("dc:       %.6g %+.6gj (%.2f dB below rms)\n",
               dc_i,
               dc_q,
               dc2 > 0 && ms > 0 ? -to_db(dc2 / ms) : INFINITY);
    else
        printf("dc:       %.6g (%.2f dB below rms)\n",
               dc_i,
               dc2 > 0 && ms > 0 ? -to_db(dc2 / ms) : INFINITY);
    if (s->nonfinite)
        printf("sanity:   BAD: %zu samples are NaN or Inf (left out of the statistics)\n",
               s->nonfinite);
    else if (s->zeros == nsamples)
        printf("sanity:   WARNING: all samples are zero\n");
    else if (peak > 1.0)
        printf("sanity:   NOTE: peak above 1.0 (not normalised full scale; fine for "
               "float data)\n");
    else if (ms > 0 && dc2 > 0.25 * ms)
        printf("sanity:   NOTE: large DC offset (%.1f%% of the power)\n",
               100.0 * dc2 / ms);
    else if (s->zeros * 10 > nsamples)
        printf("sanity:   NOTE: %.1f%% of the samples are exactly zero (gaps?)\n",
               100.0 * (double)s->zeros / (double)nsamples);
    else
        printf("sanity:   ok: finite, non-zero, within full scale\n");
}

int cli_info_main(int argc, char** argv)
{
    info_opts_t o;
    int rc = info_parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    stftc_iqfmt_t fmt = STFTC_IQFMT_AUTO;
    if (o.fmt_text && (rc = cli_iqfmt_option(o.fmt_text, o.fmt_opt, &fmt)) != 0)
        return rc;
    cli_source_t in;
    if ((rc = cli_source_open(&in, o.path, fmt, o.swap_iq)) != 0)
        return rc;
    if (o.swap_iq && in.floats != 2) {
        cli_error("--swap-iq: %s is real (one channel); there is no I/Q to swap",
                  in.path);
        cli_source_close(&in);
        return CLI_EXIT_USAGE;
    }
    info_meta_t m;
    info_collect_meta(&in, &m);
    const double rate = o.rate_text ? o.rate : m.si.sample_rate;
    info_stats_t s;
    rc = info_scan(&in, &s);
    cli_source_close(&in);
    if (rc)
        return rc;
    info_print_meta(&m, &o, rate);
    info_print_levels(&s, m.nsamples, m.spf);
    return 0;
}
