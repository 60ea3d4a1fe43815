/* stftclean info: what a raw sample file holds.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define INFO_CHUNK 65536

static void info_usage(FILE* out)
{
    fprintf(out,
            "usage: stftclean info FILE [--rate FS] [--format cf32|f32|wav]\n"
            "  Format (from the extension unless --format), sample count, duration\n"
            "  at FS if given, RMS, peak, DC and a one-line sanity statement.\n"
            "  IQ WAV files (.wav) also give their sample format, rate (--rate\n"
            "  overrides it), channels, and the auxi centre frequency and start time.\n");
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

static double to_db(double power) { return power > 0 ? 10.0 * log10(power) : -INFINITY; }

const char cli_info_summary[] =
    "info FILE [--rate FS]            format, length, RMS/peak, sanity check";

int cli_info_main(int argc, char** argv)
{
    static const struct option opts[] = { { "rate", required_argument, NULL, 'r' },
                                          { "format", required_argument, NULL, 'f' },
                                          { "help", no_argument, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    const char* rate_text = NULL;
    const char* fmt_text = NULL;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":r:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            rate_text = optarg;
            break;
        case 'f':
            fmt_text = optarg;
            break;
        case 'h':
            info_usage(stdout);
            return 0;
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
    double rate = 0.0;
    if (rate_text && cli_parse_rate(rate_text, &rate) != 0) {
        cli_error("--rate: must be a sample rate in Hz > 0, got '%s'", rate_text);
        return CLI_EXIT_USAGE;
    }

    cli_infile_t in;
    int rc = cli_infile_open(&in, argv[optind], fmt_text);
    if (rc)
        return rc;
    const size_t spf = in.floats;
    stftc_iqwav_info_t wi;
    memset(&wi, 0, sizeof wi);
    if (in.wav) {
        wi = *stftc_iqwav_info(in.wav);
        if (rate_text == NULL)
            rate = wi.sample_rate;
    }
    float* buf = malloc(INFO_CHUNK * spf * sizeof(float));
    if (!buf) {
        cli_error("info: out of memory");
        cli_infile_close(&in);
        return CLI_EXIT_FAIL;
    }
    info_stats_t s;
    memset(&s, 0, sizeof s);
    for (size_t done = 0; done < in.nsamples && rc == 0;) {
        size_t n = in.nsamples - done < INFO_CHUNK ? in.nsamples - done : INFO_CHUNK;
        rc = cli_infile_read(&in, buf, n);
        if (rc == 0)
            info_accumulate(&s, buf, n, spf);
        done += n;
    }
    free(buf);
    cli_infile_close(&in);
    if (rc)
        return rc;

    const size_t nfin = in.nsamples - s.nonfinite;
    const double ms = nfin ? s.sum2 / (double)nfin : 0.0;
    const double rms = sqrt(ms), peak = sqrt(s.peak2);
    const double dc_i = nfin ? s.mean[0] / (double)nfin : 0.0;
    const double dc_q = nfin ? s.mean[1] / (double)nfin : 0.0;
    const double dc2 = dc_i * dc_i + dc_q * dc_q;

    printf("file:     %s\n", in.path);
    if (in.fmt == CLI_FMT_WAV) {
        printf("format:   wav (%s%s %u-bit, %s)\n",
               wi.is_rf64 ? "RF64, " : "",
               wi.format == STFTC_WAV_FLOAT ? "float" : "PCM",
               wi.bits,
               spf == 2 ? "complex: I left, Q right" : "real");
        printf("rate:     %u Hz%s\n",
               wi.sample_rate,
               rate_text ? " (overridden by --rate)" : "");
        printf("channels: %u\n", wi.channels);
        printf("bits:     %u\n", wi.bits);
        if (wi.size_recovered)
            printf("header:   sizes missing or wrong (unfinished recording?); "
                   "read to the end of the file\n");
        if (wi.centre_freq_present)
            printf("centre:   %u Hz\n", wi.centre_freq_hz);
        if (wi.start_time_present) {
            const stftc_systemtime_t* t = &wi.start_time;
            printf("start:    %04u-%02u-%02u %02u:%02u:%02u.%03u\n",
                   t->year,
                   t->month,
                   t->day,
                   t->hour,
                   t->minute,
                   t->second,
                   t->millisecond);
        }
    } else {
        printf("format:   %s (%s float32%s)\n",
               cli_format_name(in.fmt),
               spf == 2 ? "complex, interleaved I/Q" : "real",
               spf == 2 ? " pairs" : "");
    }
    printf("samples:  %zu\n", in.nsamples);
    if (rate > 0.0) {
        char d[32];
        cli_format_duration((double)in.nsamples / rate, d, sizeof d);
        printf("duration: %s at %g Hz\n", d, rate);
    } else {
        printf("duration: unknown (give --rate FS)\n");
    }
    printf("rms:      %.6g (%.2f dBFS)\n", rms, to_db(ms));
    printf("peak:     %.6g (%.2f dBFS, crest factor %.2f dB)\n",
           peak,
           to_db(s.peak2),
           rms > 0 ? to_db(s.peak2 / ms) : 0.0);
    if (spf == 2)
        printf("dc:       %.6g %+.6gj (%.2f dB below rms)\n",
               dc_i,
               dc_q,
               dc2 > 0 && ms > 0 ? -to_db(dc2 / ms) : INFINITY);
    else
        printf("dc:       %.6g (%.2f dB below rms)\n",
               dc_i,
               dc2 > 0 && ms > 0 ? -to_db(dc2 / ms) : INFINITY);

    /* One verdict line, most serious finding first. */
    if (s.nonfinite)
        printf("sanity:   BAD: %zu samples are NaN or Inf (left out of the statistics)\n",
               s.nonfinite);
    else if (s.zeros == in.nsamples)
        printf("sanity:   WARNING: all samples are zero\n");
    else if (peak > 1.0)
        printf("sanity:   NOTE: peak above 1.0 (not normalised full scale; fine for "
               "float data)\n");
    else if (ms > 0 && dc2 > 0.25 * ms)
        printf("sanity:   NOTE: large DC offset (%.1f%% of the power)\n",
               100.0 * dc2 / ms);
    else if (s.zeros * 10 > in.nsamples)
        printf("sanity:   NOTE: %.1f%% of the samples are exactly zero (gaps?)\n",
               100.0 * (double)s.zeros / (double)in.nsamples);
    else
        printf("sanity:   ok: finite, non-zero, within full scale\n");
    return 0;
}
