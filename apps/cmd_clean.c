/* stftclean clean: run the fused cleaner over a recording (IQ WAV, SigMF or
 * raw) and write the result in any of those formats.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is streamed in chunks of whole hops (bounded memory). The output
 * is time-aligned with the input and has its length: the cleaner's latency is
 * flushed with trailing zeros and the first `latency` output samples, which
 * precede the first input sample, are dropped. */
#include "cli_iq.h"
#include "cli_swapiq.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <stftclean/cleaner.h>
#include <stftclean/vmath.h>

#define CLEAN_CHUNK 65536 /* samples per process() call, rounded to the hop */

static void clean_usage(FILE* out)
{
    fprintf(
        out,
        "usage: stftclean clean IN OUT [--rate FS] [options]\n"
        "  Clean IN with the fused STFT -> mask -> ISTFT cleaner and write OUT,\n"
        "  time-aligned and of the same length as IN. Formats come from the\n"
        "  extensions (.wav, .sigmf-meta/.sigmf-data, .cf32, .ci16, .ci8, .cu8,\n"
        "  .f32) or --in-format/--out-format; OUT without a known extension is\n"
        "  written in IN's format. Sample rate, centre frequency and start time\n"
        "  carry from IN to OUT where OUT's format holds them.\n"
        "  --rate FS            sample rate in Hz (k/M/G suffixes allowed); WAV and\n"
        "                       SigMF inputs give it; needed by every mask but none\n"
        "                       and threshold\n"
        "  --fft N              FFT size, any N >= 2 (default 1024)\n"
        "  --hop H              hop in samples (default 256)\n"
        "  --window SPEC        hann, hamming, blackman, blackman-harris, "
        "kaiser[:BETA],\n"
        "                       gaussian[:SIGMA], sqrt-hann, rect (default hann)\n"
        "  --window-len L       window length <= N, zero-padded to N (default N)\n"
        "  --mask TYPE          auto, gate, wiener, cfar, threshold, band or none\n"
        "                       (default auto: keeps what stands above the noise in\n"
        "                       the spectrogram, steady or bursty; none copies IN)\n"
        "  --threshold-db X     threshold: keep bins X dB above the frame median;\n"
        "                       gate: centre of the gain ramp (default 6)\n"
        "  --floor-db Y         gain of rejected bins in dB (default -60)\n"
        "  --bands LO:HI,...    band mask: ranges in Hz (complex: -FS/2..FS/2)\n"
        "  --reject             band mask: reject the bands instead of keeping them\n"
        "  --bypass             gains 1 (the estimators still run)\n"
        " estimator masks (gate, wiener, cfar, auto); 0 or < 0 means automatic:\n"
        "  --noise-window S     noise-floor window in s (default 0: 2 s, >= 64 hops)\n"
        "  --region-time S      pooling length in s (default 0: 16 ms complex,\n"
        "                       3 hops real)\n"
        "  --region-freq HZ     pooling width in Hz (default 0: 10 kHz, >= 3 bins)\n"
        "  --lookahead S        look-ahead in s (default -1: half the region; 0 "
        "causal);\n"
        "                       the output stays time-aligned either way\n"
        "  --pfa P              cfar/auto false-alarm probability per cell, 1e-12..0.2\n"
        "                       (default 1e-8)\n"
        "  --hysteresis-db X    cfar/auto support hysteresis, 0..20 dB (default 3)\n"
        "  --hang-time S        cfar/auto support hold in s (default -1: the region)\n"
        "  --gate-slope-db X    gate ramp width, 0.1..40 dB (default 6)\n"
        "  --xi-min-db X        wiener/auto a-priori SNR floor, -60..0 dB (default -15)\n"
        "  --dd-alpha A         wiener/auto decision-directed smoothing, 0..0.999\n"
        "                       (default 0.98)\n"
        "  --lines, --no-lines  remove steady carriers (stationary lines): off by\n"
        "                       default, a carrier is signal\n"
        "  --dc, --no-dc        remove a DC offset (LO leakage) as a tracked mean\n"
        "                       (default: on for complex input)\n"
        "  --line-db X          line level above its neighbourhood, 3..60 dB\n"
        "                       (default 10)\n"
        "  --impulse, --no-impulse  click blanking (default: on for cf32, off f32)\n"
        "  --impulse-db X       frame mean SNR that marks a click, 1..40 dB (default 5)\n"
        "  --presence, --no-presence  auto: per-frame presence gating of bursty\n"
        "                       signals (default: on where the region holds 64\n"
        "                       cells or more, i.e. complex RF; see README)\n"
        "  --smooth-time S      gain smoothing time constant in s (default 0: off)\n"
        "  --smooth-freq HZ     gain smoothing width in Hz (default 0: off)\n"
        "  --plan estimate|measure  FFTW planning rigour (default estimate)\n"
        "  --threads 1|2        2: each cleaner's inverse FFTs and overlap-add run\n"
        "                       on a second thread, pipelined with the forward side\n"
        "                       (same output, bit for bit; default 1)\n"
        " input and output:\n"
        "  --in-format FMT      (also --format) wav, sigmf, cf32, ci16, ci8, cu8, f32\n"
        "  --out-format FMT     output format; also needed to convert to a raw format\n"
        "                       that would drop the input's rate, centre or start time\n"
        "  --pcm16              WAV output as 16-bit PCM, SigMF output as ci16_le\n"
        "                       (default float32 / cf32_le)\n"
        "  --stereo-audio       a two-channel WAV is two audio channels, cleaned\n"
        "                       separately (default: I/Q, one complex signal; the\n"
        "                       channels are never averaged)\n"
        "  --one-pass           stream mode: no priming pass (by default the first\n"
        "                       noise window of the file is read twice: once to\n"
        "                       learn the noise, then cleaned like the rest)\n"
        "  --swap-iq            the input's first channel is Q, the second I (a\n"
        "                       recorder with I and Q exchanged: spectrum mirrored);\n"
        "                       the output is written the right way round\n"
        "  SigMF input annotations are copied to a SigMF output.\n");
}

enum {
    OPT_RATE = 256,
    OPT_FFT,
    OPT_HOP,
    OPT_WINDOW,
    OPT_WINDOW_LEN,
    OPT_MASK,
    OPT_THRESHOLD,
    OPT_FLOOR,
    OPT_BANDS,
    OPT_REJECT,
    OPT_PLAN,
    OPT_FORMAT,
    OPT_IN_FORMAT,
    OPT_OUT_FORMAT,
    OPT_PCM16,
    OPT_STEREO_AUDIO,
    OPT_SWAP_IQ,
    OPT_ONE_PASS,
    OPT_HELP,
    OPT_BYPASS,
    OPT_LINES,
    OPT_NO_LINES,
    OPT_DC,
    OPT_NO_DC,
    OPT_IMPULSE,
    OPT_NO_IMPULSE,
    OPT_PRESENCE,
    OPT_NO_PRESENCE,
    OPT_THREADS,
    OPT_NUMBER /* first of the plain numeric mask fields (number_opts) */
};

/* Numeric estimator options: a plain number stored in a mask config field;
 * the core checks the range when the cleaner is created. */
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

static const struct option clean_opts[] = {
    { "rate", required_argument, NULL, OPT_RATE },
    { "fft", required_argument, NULL, OPT_FFT },
    { "hop", required_argument, NULL, OPT_HOP },
    { "window", required_argument, NULL, OPT_WINDOW },
    { "window-len", required_argument, NULL, OPT_WINDOW_LEN },
    { "mask", required_argument, NULL, OPT_MASK },
    { "threshold-db", required_argument, NULL, OPT_THRESHOLD },
    { "floor-db", required_argument, NULL, OPT_FLOOR },
    { "bands", required_argument, NULL, OPT_BANDS },
    { "reject", no_argument, NULL, OPT_REJECT },
    { "plan", required_argument, NULL, OPT_PLAN },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "in-format", required_argument, NULL, OPT_IN_FORMAT },
    { "out-format", required_argument, NULL, OPT_OUT_FORMAT },
    { "pcm16", no_argument, NULL, OPT_PCM16 },
    { "stereo-audio", no_argument, NULL, OPT_STEREO_AUDIO },
    { "swap-iq", no_argument, NULL, OPT_SWAP_IQ },
    { "one-pass", no_argument, NULL, OPT_ONE_PASS },
    { "help", no_argument, NULL, OPT_HELP },
    { "bypass", no_argument, NULL, OPT_BYPASS },
    { "lines", no_argument, NULL, OPT_LINES },
    { "no-lines", no_argument, NULL, OPT_NO_LINES },
    { "dc", no_argument, NULL, OPT_DC },
    { "no-dc", no_argument, NULL, OPT_NO_DC },
    { "impulse", no_argument, NULL, OPT_IMPULSE },
    { "no-impulse", no_argument, NULL, OPT_NO_IMPULSE },
    { "presence", no_argument, NULL, OPT_PRESENCE },
    { "no-presence", no_argument, NULL, OPT_NO_PRESENCE },
    { "threads", required_argument, NULL, OPT_THREADS },
    { "noise-window", required_argument, NULL, OPT_NUMBER + 0 },
    { "region-time", required_argument, NULL, OPT_NUMBER + 1 },
    { "region-freq", required_argument, NULL, OPT_NUMBER + 2 },
    { "lookahead", required_argument, NULL, OPT_NUMBER + 3 },
    { "pfa", required_argument, NULL, OPT_NUMBER + 4 },
    { "hysteresis-db", required_argument, NULL, OPT_NUMBER + 5 },
    { "hang-time", required_argument, NULL, OPT_NUMBER + 6 },
    { "gate-slope-db", required_argument, NULL, OPT_NUMBER + 7 },
    { "xi-min-db", required_argument, NULL, OPT_NUMBER + 8 },
    { "dd-alpha", required_argument, NULL, OPT_NUMBER + 9 },
    { "line-db", required_argument, NULL, OPT_NUMBER + 10 },
    { "impulse-db", required_argument, NULL, OPT_NUMBER + 11 },
    { "smooth-time", required_argument, NULL, OPT_NUMBER + 12 },
    { "smooth-freq", required_argument, NULL, OPT_NUMBER + 13 },
    { NULL, 0, NULL, 0 }
};

/* File format options. */
typedef struct {
    stftc_iqfmt_t in_fmt, out_fmt; /* AUTO: from the names */
    int pcm16, stereo_audio, swap_iq;
    int one_pass; /* no priming pass (file mode off) */
} clean_io_t;

/* Parse the options into cfg and io; returns 0, or an exit code after
 * printing the error line. *help is set when --help was given. */
static int clean_parse(int argc,
                       char** argv,
                       stftc_cleaner_config_t* cfg,
                       clean_io_t* io,
                       int* have_rate,
                       int* help)
{
    stftc_error_t err;
    const char* bands_text = NULL;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", clean_opts, NULL)) != -1) {
        switch (c) {
        case OPT_RATE:
            if (cli_parse_rate(optarg, &cfg->mask.sample_rate) != 0) {
                cli_error("--rate: must be a sample rate in Hz > 0, got '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            *have_rate = 1;
            break;
        case OPT_FFT:
            if (cli_parse_size(optarg, &cfg->stft.fft_size) != 0) {
                cli_error("--fft: must be a whole number >= 2, got '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_HOP:
            if (cli_parse_size(optarg, &cfg->stft.hop) != 0) {
                cli_error("--hop: must be a whole number >= 1, got '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_WINDOW_LEN:
            if (cli_parse_size(optarg, &cfg->stft.window_len) != 0) {
                cli_error("--window-len: must be a whole number, got '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_WINDOW:
            if (stftc_window_parse(optarg, &cfg->stft.window, &err) != STFTC_OK) {
                cli_error("%s", err.msg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_MASK:
            if (stftc_mask_parse_type(optarg, &cfg->mask.type, &err) != STFTC_OK) {
                cli_error("%s", err.msg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_THRESHOLD:
            if (cli_parse_double(optarg, &cfg->mask.threshold_db) != 0) {
                cli_error("--threshold-db: must be a number in dB, got '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_FLOOR:
            if (cli_parse_double(optarg, &cfg->mask.floor_db) != 0) {
                cli_error("--floor-db: must be a number in dB, got '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_BANDS:
            bands_text = optarg;
            break;
        case OPT_REJECT:
            cfg->mask.band_reject = 1;
            break;
        case OPT_PLAN:
            if (!strcmp(optarg, "estimate"))
                cfg->stft.plan = STFTC_PLAN_ESTIMATE;
            else if (!strcmp(optarg, "measure"))
                cfg->stft.plan = STFTC_PLAN_MEASURE;
            else {
                cli_error("--plan: must be estimate or measure, got '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_FORMAT:
        case OPT_IN_FORMAT:
        case OPT_OUT_FORMAT: {
            const int rc =
                cli_iqfmt_option(optarg,
                                 c == OPT_FORMAT      ? "--format"
                                 : c == OPT_IN_FORMAT ? "--in-format"
                                                      : "--out-format",
                                 c == OPT_OUT_FORMAT ? &io->out_fmt : &io->in_fmt);
            if (rc)
                return rc;
            break;
        }
        case OPT_PCM16:
            io->pcm16 = 1;
            break;
        case OPT_STEREO_AUDIO:
            io->stereo_audio = 1;
            break;
        case OPT_SWAP_IQ:
            io->swap_iq = 1;
            break;
        case OPT_ONE_PASS:
            io->one_pass = 1;
            break;
        case OPT_BYPASS:
            cfg->mask.bypass = 1;
            break;
        case OPT_LINES:
        case OPT_NO_LINES:
            cfg->mask.lines = c == OPT_LINES;
            break;
        case OPT_DC:
        case OPT_NO_DC:
            cfg->mask.dc = c == OPT_DC;
            break;
        case OPT_IMPULSE:
        case OPT_NO_IMPULSE:
            cfg->mask.impulse = c == OPT_IMPULSE;
            break;
        case OPT_PRESENCE:
        case OPT_NO_PRESENCE:
            cfg->mask.presence = c == OPT_PRESENCE;
            break;
        case OPT_THREADS:
            if (strcmp(optarg, "1") != 0 && strcmp(optarg, "2") != 0) {
                cli_error("--threads: must be 1 or 2, got '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            cfg->threads = optarg[0] - '0';
            break;
        case 'h':
        case OPT_HELP:
            *help = 1;
            return 0;
        case ':':
            cli_error("clean: option '%s' needs a value", argv[optind - 1]);
            return CLI_EXIT_USAGE;
        default:
            if (c >= OPT_NUMBER && (size_t)(c - OPT_NUMBER) < N_NUMBER_OPTS) {
                const size_t k = (size_t)(c - OPT_NUMBER);
                double* field = (double*)((char*)&cfg->mask + number_opts[k].offset);
                if (cli_parse_double(optarg, field) != 0) {
                    cli_error("--%s: must be a number %s, got '%s'",
                              number_opts[k].name,
                              number_opts[k].unit,
                              optarg);
                    return CLI_EXIT_USAGE;
                }
                break;
            }
            cli_error("clean: unknown option '%s' (see stftclean clean --help)",
                      argv[optind - 1]);
            return CLI_EXIT_USAGE;
        }
    }
    if (bands_text &&
        stftc_mask_parse_bands(bands_text, cfg->mask.bands, &cfg->mask.nbands, &err) !=
            STFTC_OK) {
        cli_error("%s", err.msg);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

static void describe_mask(const stftc_mask_config_t* m, char* buf, size_t len)
{
    switch (m->type) {
    case STFTC_MASK_THRESHOLD:
        snprintf(buf,
                 len,
                 "threshold %g dB over the median, floor %g dB",
                 m->threshold_db,
                 m->floor_db);
        break;
    case STFTC_MASK_BAND:
        snprintf(buf,
                 len,
                 "band, %s %zu band%s, floor %g dB",
                 m->band_reject ? "reject" : "keep",
                 m->nbands,
                 m->nbands == 1 ? "" : "s",
                 m->floor_db);
        break;
    case STFTC_MASK_GATE:
    case STFTC_MASK_WIENER:
    case STFTC_MASK_CFAR:
    case STFTC_MASK_AUTO:
        snprintf(buf,
                 len,
                 "%s (adaptive noise floor), pfa %g, floor %g dB%s",
                 stftc_mask_type_name(m->type),
                 m->pfa,
                 m->floor_db,
                 m->bypass ? ", bypassed" : "");
        break;
    default:
        snprintf(buf, len, "%s", stftc_mask_type_name(m->type));
    }
}

/* The cleaner(s) of one clean and their buffers. One cleaner takes whole
 * frames (complex I/Q or mono); two cleaners (stereo audio) take one channel
 * each. */
typedef struct {
    stftc_cleaner_t* const* cl;
    size_t ncl;
    int swap_iq;
    cli_source_t* in;
    size_t chunk;                    /* samples per process() call, whole hops */
    float *ibuf, *obuf, *tin, *tout; /* chunk samples (tin/tout: stereo) */
} clean_run_t;

/* One pass over the next total samples of the source (SIZE_MAX: to the end
 * of a stream), zero-padded past the latency to whole hops, through the
 * cleaner(s). With out, the output is written time-aligned (output index t
 * holds input index t - latency); without, it is dropped (the priming pass
 * of file mode). *done gets the samples read. 0 or an exit code. */
static int clean_pass(const clean_run_t* r,
                      size_t total,
                      stftc_iqsink_t* out,
                      const char* out_path,
                      size_t* done)
{
    const size_t spf = r->in->floats, ncl = r->ncl, chunk = r->chunk;
    const size_t hop = stftc_cleaner_hop(r->cl[0]), lat = stftc_cleaner_latency(r->cl[0]);
#define PADDED(t) (((t) + lat + hop - 1) / hop * hop)
    size_t padded = total == SIZE_MAX ? SIZE_MAX : PADDED(total);
    float *ibuf = r->ibuf, *obuf = r->obuf;
    int rc = 0;
    size_t consumed = 0;
    for (size_t pos = 0; rc == 0 && pos < padded; pos += chunk) {
        size_t n = padded - pos < chunk ? padded - pos : chunk;
        const size_t left = total - consumed;
        size_t nread = left < n ? left : n;
        if (nread) {
            size_t got = 0;
            if ((rc = cli_source_read_upto(r->in, ibuf, nread, &got)) != 0)
                break;
            if (got < nread) { /* the end of a stream */
                nread = got;
                total = consumed + got;
                padded = PADDED(total);
                n = padded - pos < n ? padded - pos : n;
                if (n == 0)
                    break;
            }
        }
        if (r->swap_iq)
            cli_swap_iq(ibuf, nread);
        consumed += nread;
        memset(ibuf + nread * spf, 0, (n - nread) * spf * sizeof(float));
        int prc = STFTC_OK;
        if (ncl == 1) {
            prc = stftc_cleaner_process(r->cl[0], ibuf, obuf, n);
        } else {
            for (size_t c = 0; c < ncl && prc == STFTC_OK; c++) {
                for (size_t i = 0; i < n; i++)
                    r->tin[i] = ibuf[i * ncl + c];
                prc = stftc_cleaner_process(r->cl[c], r->tin, r->tout, n);
                for (size_t i = 0; i < n; i++)
                    obuf[i * ncl + c] = r->tout[i];
            }
        }
        if (prc != STFTC_OK) {
            cli_error("clean: cleaner failed: %s", stftc_strerror(prc));
            rc = CLI_EXIT_FAIL;
            break;
        }
        if (!out)
            continue;
        /* Output index t holds input index t - lat: keep t in [lat, lat+total). */
        const size_t lo = pos > lat ? pos : lat;
        const size_t end = total == SIZE_MAX ? SIZE_MAX : lat + total;
        const size_t hi = pos + n < end ? pos + n : end;
        if (hi > lo &&
            stftc_iqsink_write(out, obuf + (lo - pos) * spf, hi - lo) != STFTC_OK) {
            cli_error("%s: write failed: %s", out_path, strerror(errno));
            rc = CLI_EXIT_FAIL;
        }
    }
#undef PADDED
    *done = consumed;
    return rc;
}

/* Stream in through the cleaner(s) into out; 0 or an exit code. File mode
 * (prime > 0): the first prime samples (the noise window and a little more)
 * go through the cleaners once, output dropped; the cleaners are rewound
 * with what they learnt of the noise, and the file is read again from its
 * start. */
static int clean_stream(stftc_cleaner_t* const* cl,
                        size_t ncl,
                        int swap_iq,
                        size_t prime,
                        cli_source_t* in,
                        stftc_iqsink_t* out,
                        const char* out_path)
{
    const size_t spf = in->floats;
    const size_t hop = stftc_cleaner_hop(cl[0]);
    const size_t chunk = CLEAN_CHUNK > hop ? CLEAN_CHUNK / hop * hop : hop;
    const size_t total = in->info.stream ? SIZE_MAX : in->nsamples;
    clean_run_t r = { cl, ncl, swap_iq, in, chunk, NULL, NULL, NULL, NULL };
    r.ibuf = stftc_alloc(chunk * spf * sizeof(float));
    r.obuf = stftc_alloc(chunk * spf * sizeof(float));
    r.tin = ncl > 1 ? stftc_alloc(chunk * sizeof(float)) : NULL;
    r.tout = ncl > 1 ? stftc_alloc(chunk * sizeof(float)) : NULL;
    int rc = 0;
    if (!r.ibuf || !r.obuf || (ncl > 1 && (!r.tin || !r.tout))) {
        cli_error("clean: cannot allocate %zu-sample buffers", chunk);
        rc = CLI_EXIT_FAIL;
    }
    if (rc == 0 && prime > 0 && in->info.stream && cli_source_keep(in, prime) != 0) {
        cli_warn("%s: the noise window is too long to hold a stream's start in memory "
                 "for a second pass; cleaning it in one pass",
                 in->path);
        prime = 0;
    }
    size_t done = 0;
    if (rc == 0 && prime > 0) {
        rc = clean_pass(&r, prime < total ? prime : total, NULL, NULL, &done);
        for (size_t c = 0; c < ncl; c++)
            stftc_cleaner_rewind(cl[c]);
        if (rc == 0)
            rc = cli_source_rewind(in);
    }
    if (rc == 0)
        rc = clean_pass(&r, total, out, out_path, &done);
    in->nsamples = done;
    const stftc_iqsource_info_t* si = stftc_iqsource_info(in->src);
    if (rc == 0 && si->stream && si->dropped_bytes)
        cli_warn("%s: the last %u bytes of the stream are not a whole sample; ignored",
                 in->path,
                 si->dropped_bytes);
    stftc_free(r.ibuf);
    stftc_free(r.obuf);
    stftc_free(r.tin);
    stftc_free(r.tout);
    return rc;
}

/* The files OUT will be (SigMF: meta and data); n set to 1 or 2. */
static void
out_files(const char* out_path, stftc_iqfmt_t fmt, char* a, char* b, size_t len, int* n)
{
    *n = 1;
    snprintf(a, len, "%s", out_path);
    if (fmt == STFTC_IQFMT_SIGMF && stftc_sigmf_paths(out_path, a, b, len) == 0)
        *n = 2;
}

/* Is fmt a raw format (stores no rate, centre or time)? */
static int is_raw(stftc_iqfmt_t fmt)
{
    return fmt != STFTC_IQFMT_WAV && fmt != STFTC_IQFMT_SIGMF;
}

const char cli_clean_summary[] =
    "clean IN OUT [--rate FS] [options] STFT -> mask -> ISTFT, same length as IN";

int cli_clean_main(int argc, char** argv)
{
    stftc_cleaner_config_t cfg = stftc_cleaner_config_default();
    cfg.mask.type = STFTC_MASK_AUTO; /* the CLI cleans unless told otherwise */
    clean_io_t io = { STFTC_IQFMT_AUTO, STFTC_IQFMT_AUTO, 0, 0, 0, 0 };
    int have_rate = 0, help = 0;
    int rc = clean_parse(argc, argv, &cfg, &io, &have_rate, &help);
    if (rc)
        return rc;
    if (help) {
        clean_usage(stdout);
        return 0;
    }
    if (optind + 2 != argc) {
        cli_error("clean: expected IN and OUT files (see stftclean clean --help)");
        return CLI_EXIT_USAGE;
    }
    const char* in_path = argv[optind];
    const char* out_path = argv[optind + 1];

    cli_source_t in;
    if ((rc = cli_source_open_stream(&in, in_path, io.in_fmt)) != 0)
        return rc;
    /* OUT "-": the samples go to standard output, the report to stderr */
    const int to_stdout = !strcmp(out_path, "-");
    FILE* report = to_stdout ? stderr : stdout;
    const stftc_iqfmt_t in_fmt = in.info.format;
    const int out_named = io.out_fmt != STFTC_IQFMT_AUTO;
    stftc_iqfmt_t out_fmt = out_named ? io.out_fmt : stftc_iqfmt_from_name(out_path);
    if (out_fmt == STFTC_IQFMT_AUTO)
        out_fmt = in_fmt;
    const char* out_name = stftc_iqfmt_name(out_fmt);
    const int two = in.floats == 2;
    rc = 0;
    if (io.swap_iq && (!two || io.stereo_audio)) {
        cli_error("--swap-iq: needs a complex I/Q input (%s is %s)",
                  in_path,
                  two ? "stereo audio" : "real");
        rc = CLI_EXIT_USAGE;
    } else if (io.stereo_audio && !(in_fmt == STFTC_IQFMT_WAV && two)) {
        cli_error("--stereo-audio: only for a two-channel WAV input (%s is %s, %zu "
                  "channel%s)",
                  in_path,
                  stftc_iqfmt_name(in_fmt),
                  in.floats,
                  two ? "s" : "");
        rc = CLI_EXIT_USAGE;
    } else if (out_fmt == STFTC_IQFMT_F32 && two && !io.stereo_audio) {
        cli_error("%s: f32 holds real samples but the %s input is complex I/Q; write "
                  "cf32, ci16, ci8, cu8, wav or sigmf",
                  out_path,
                  stftc_iqfmt_name(in_fmt));
        rc = CLI_EXIT_USAGE;
    } else if (out_fmt != STFTC_IQFMT_WAV && out_fmt != STFTC_IQFMT_F32 &&
               (!two || io.stereo_audio)) {
        cli_error("%s: %s holds complex I/Q samples but the input is %s; write wav or "
                  "f32",
                  out_path,
                  out_name,
                  two ? "stereo audio" : "real");
        rc = CLI_EXIT_USAGE;
    } else if (!out_named && out_fmt != in_fmt && is_raw(out_fmt) &&
               (in.info.sample_rate > 0 || in.info.has_centre || in.info.has_time)) {
        cli_error("%s: a .%s file cannot hold the %s input's sample rate, centre "
                  "frequency or start time; give --out-format %s to convert anyway",
                  out_path,
                  out_name,
                  stftc_iqfmt_name(in_fmt),
                  out_name);
        rc = CLI_EXIT_USAGE;
    }
    if (rc) {
        cli_source_close(&in);
        return rc;
    }
    /* refuse to overwrite what is being read */
    const size_t plen = strlen(out_path) + 16;
    char* outs[2] = { malloc(plen), malloc(plen) };
    int nout = 0;
    if (!outs[0] || !outs[1]) {
        cli_error("clean: out of memory");
        rc = CLI_EXIT_FAIL;
    } else {
        if (!to_stdout)
            out_files(out_path, out_fmt, outs[0], outs[1], plen, &nout);
        for (int i = 0; i < nout && !rc; i++) {
            if (cli_source_is_input(&in, outs[i])) {
                cli_error("%s: output is the input file; choose another OUT", outs[i]);
                rc = CLI_EXIT_USAGE;
            }
        }
    }

    /* none and threshold work in bins and frames: no rate needed. Every other
     * mask works in Hz and seconds, where a guessed rate would silently move
     * bands and regions: those ask for it. */
    const stftc_mask_type_t t = cfg.mask.type;
    if (!rc && !have_rate && in.info.sample_rate > 0)
        cfg.mask.sample_rate = in.info.sample_rate; /* the file gives the rate */
    else if (!rc && !have_rate && t != STFTC_MASK_NONE && t != STFTC_MASK_THRESHOLD) {
        if (t == STFTC_MASK_BAND)
            cli_error("--rate: missing; the band mask takes its bands in Hz: give the "
                      "sample rate (e.g. --rate 2.4M)");
        else
            cli_error("--rate: missing; the %s mask measures its noise window, "
                      "regions and smoothing in s and Hz: give the sample rate "
                      "(e.g. --rate 2.4M)",
                      stftc_mask_type_name(t));
        rc = CLI_EXIT_USAGE;
    }
    const double out_rate =
        have_rate || in.info.sample_rate > 0 ? cfg.mask.sample_rate : 0.0;
    if (!rc && out_fmt == STFTC_IQFMT_WAV && !(out_rate >= 1.0)) {
        cli_error("--rate: missing; a WAV output stores the sample rate and the %s "
                  "input has none: give --rate FS",
                  stftc_iqfmt_name(in_fmt));
        rc = CLI_EXIT_USAGE;
    }
    if (rc) {
        free(outs[0]);
        free(outs[1]);
        cli_source_close(&in);
        return rc;
    }

    const size_t ncl = io.stereo_audio ? 2 : 1;
    cfg.stft.sample_type = two && !io.stereo_audio ? STFTC_COMPLEX : STFTC_REAL;
    stftc_error_t err;
    stftc_cleaner_t* cl[2] = { NULL, NULL };
    for (size_t c = 0; c < ncl; c++) {
        cl[c] = stftc_cleaner_create(&cfg, &err);
        if (!cl[c]) {
            cli_error("%s", err.msg);
            stftc_cleaner_destroy(cl[0]);
            free(outs[0]);
            free(outs[1]);
            cli_source_close(&in);
            return err.code == STFTC_ERR_INVALID_ARG || err.code == STFTC_ERR_NOLA
                       ? CLI_EXIT_USAGE
                       : CLI_EXIT_FAIL;
        }
    }

    {
        /* work per sample grows as fft/hop: a large FFT with the default hop
         * is legal but slow; say so before the minutes go by */
        const size_t n = stftc_cleaner_config(cl[0])->stft.fft_size;
        const size_t h = stftc_cleaner_hop(cl[0]);
        if (n / h > 64)
            cli_warn("--fft %zu with hop %zu puts every sample in %zu frames (%zux the "
                     "transforms of hop %zu); give --hop for a faster run",
                     n,
                     h,
                     n / h,
                     n / h / 4,
                     n / 4);
    }
    stftc_iqsink_options_t so = stftc_iqsink_options_default();
    so.channels = (unsigned)in.floats;
    so.sample_rate = out_rate;
    so.has_centre = in.info.has_centre;
    so.centre_hz = in.info.centre_hz;
    so.has_time = in.info.has_time;
    if (in.info.time_invalid)
        fprintf(stderr,
                "stftclean: %s: its start time is no calendar time (a corrupt auxi "
                "chunk?); not copied\n",
                in_path);
    so.start_time = in.info.start_time;
    so.start_frac = in.info.start_frac;
    so.wav_format = io.pcm16 ? STFTC_WAV_PCM : STFTC_WAV_FLOAT;
    so.sigmf_type = io.pcm16 ? STFTC_RAW_CI16 : STFTC_RAW_CF32;
    {
        const char* slash = strrchr(in_path, '/');
        snprintf(so.description,
                 sizeof so.description,
                 "%.200s cleaned by stftclean",
                 slash ? slash + 1 : in_path);
    }
    stftc_iqsink_t* out = stftc_iqsink_create(out_path, out_fmt, &so, &err);
    if (!out) {
        if (strstr(err.msg, out_path))
            cli_error("%s", err.msg);
        else
            cli_error("%s: %s", out_path, err.msg);
        rc = CLI_EXIT_FAIL;
    } else {
        /* file mode: prime with the noise window and 100 ms more (the
         * estimators only; the fixed masks learn nothing) */
        const stftc_mask_type_t mt = cfg.mask.type;
        const int learns = mt == STFTC_MASK_AUTO || mt == STFTC_MASK_CFAR ||
                           mt == STFTC_MASK_GATE || mt == STFTC_MASK_WIENER;
        const double nw = cfg.mask.noise_window > 0.0 ? cfg.mask.noise_window : 2.0;
        const size_t prime =
            learns && !io.one_pass ? (size_t)ceil((nw + 0.1) * cfg.mask.sample_rate) : 0;
        rc = clean_stream(cl, ncl, io.swap_iq, prime, &in, out, out_path);
    }
    /* SigMF annotations keep their meaning: the output is time-aligned */
    stftc_sigmf_reader_t* sin = stftc_iqsource_sigmf(in.src);
    stftc_sigmf_writer_t* sout = out ? stftc_iqsink_sigmf(out) : NULL;
    size_t nann = 0;
    if (rc == 0 && sin && sout) {
        const stftc_sigmf_annotation_t* a = stftc_sigmf_reader_annotations(sin, &nann);
        /* the output has the input's samples: an annotation past its end
         * describes nothing there (cut to the end, or left out) */
        const uint64_t end = in.nsamples;
        size_t cut = 0, dropped = 0;
        for (size_t i = 0; i < nann && rc == 0; i++) {
            stftc_sigmf_annotation_t x = a[i];
            if (x.sample_start >= end) {
                dropped++;
                continue;
            }
            if (x.sample_count > end - x.sample_start) {
                x.sample_count = end - x.sample_start;
                cut++;
            }
            if (stftc_sigmf_writer_annotate(sout, &x) != STFTC_OK) {
                cli_error("%s: out of memory for annotations", out_path);
                rc = CLI_EXIT_FAIL;
            }
        }
        if (cut || dropped)
            cli_warn("%s: %zu annotation%s past the last sample left out, %zu cut at it",
                     in_path,
                     dropped,
                     dropped == 1 ? "" : "s",
                     cut);
    }
    const int dropped = out ? stftc_iqsink_metadata_dropped(out) : 0;
    if (out && stftc_iqsink_close(out, &err) != STFTC_OK && rc == 0) {
        cli_error("%s: %s", out_path, err.msg);
        rc = CLI_EXIT_FAIL;
    }
    if (rc != 0 && out) /* never leave a partial result behind */
        for (int i = 0; i < nout; i++)
            remove(outs[i]);
    free(outs[0]);
    free(outs[1]);

    if (rc == 0) {
        const stftc_cleaner_config_t* used = stftc_cleaner_config(cl[0]);
        const size_t hop = stftc_cleaner_hop(cl[0]), lat = stftc_cleaner_latency(cl[0]);
        const size_t frames = (in.nsamples + lat + hop - 1) / hop;
        char win[48], mask[128], dur[32];
        stftc_window_format(&used->stft.window, win, sizeof win);
        describe_mask(&used->mask, mask, sizeof mask);
        cli_format_duration((double)in.nsamples / cfg.mask.sample_rate, dur, sizeof dur);
        fprintf(report,
                "stftclean: %s -> %s: %zu %s samples%s (%s at %g Hz), %zu frames\n",
                in_path,
                out_path,
                in.nsamples,
                stftc_iqfmt_name(in_fmt),
                io.stereo_audio ? " (stereo audio)" : "",
                dur,
                cfg.mask.sample_rate,
                frames);
        fprintf(report,
                "stftclean: fft %zu, hop %zu, window %s x %zu, latency %zu samples "
                "(compensated), mask %s\n",
                used->stft.fft_size,
                hop,
                win,
                used->stft.window_len,
                lat,
                mask);
        if (out_fmt != in_fmt || nann)
            fprintf(report,
                    "stftclean: wrote %s%s%s%s\n",
                    out_name,
                    out_fmt == STFTC_IQFMT_WAV ? (io.pcm16 ? " (PCM16)" : " (float32)")
                    : out_fmt == STFTC_IQFMT_SIGMF
                        ? (io.pcm16 ? " (ci16_le)" : " (cf32_le)")
                        : "",
                    nann ? ", annotations copied" : "",
                    dropped ? "; its format cannot store the centre frequency or start "
                              "time of the input"
                            : "");
    }
    stftc_cleaner_destroy(cl[0]);
    stftc_cleaner_destroy(cl[1]);
    cli_source_close(&in);
    return rc;
}
