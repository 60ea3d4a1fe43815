/* stftclean clean: run the fused cleaner over a recording (IQ WAV, SigMF or
 * raw) and write the result in any of those formats.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is streamed in chunks of whole hops (bounded memory). The output
 * is time-aligned with the input and has its length: the cleaner's latency is
 * flushed with trailing zeros and the first `latency` output samples, which
 * precede the first input sample, are dropped. */
#include "cli_iq.h"
#include "cli_maskopt.h"
#include "cli_out.h"
#include "cli_progress.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stftclean/aligned.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <stftclean/cleaner.h>
#include <stftclean/vmath.h>

#define CLEAN_CHUNK 65536 /* samples per process() call, rounded to the hop */

static void clean_usage(FILE* out)
{
    fprintf(out,
            "usage: stftclean clean IN OUT [--rate FS] [options]\n"
            "  Clean IN with the fused STFT -> mask -> ISTFT cleaner and write OUT,\n"
            "  time-aligned and of the same length as IN. Formats come from the\n"
            "  extensions (.wav, .sigmf-meta/.sigmf-data, .cf32, .ci16, .ci8, .cu8,\n"
            "  .f32 and the aliases .rf64, .fc32, .cfile, .cs16, .sc16, .cs8, .sc8,\n"
            "  .rtl, .rf32) or --in-format/--out-format. An OUT extension that names\n"
            "  no format (.mp3, .txt) is an error, unless it is IN's own (in.bin read\n"
            "  with --format); OUT without an extension (or '-') is written in IN's\n"
            "  format. Sample rate, centre frequency and start time carry from IN to\n"
            "  OUT where OUT's format holds them; a raw OUT (.cf32 ...) is written\n"
            "  without them, with a warning (none with --out-format; --sigmf-sidecar\n"
            "  keeps them beside it). WAV and SigMF inputs give the rate; a raw input\n"
            "  needs --rate FS for every mask but none and threshold. The default\n"
            "  mask, auto, keeps what stands above the noise in the spectrogram,\n"
            "  steady or bursty; none copies IN. The report goes to stdout (stderr\n"
            "  when OUT is '-') and ends with 'stftclean: done: N samples (T of\n"
            "  signal) in W s, S MS/s (X real time)'.\n");
    cli_maskopt_usage(out, 0);
    fprintf(
        out,
        "  --threads 1|2        2: each cleaner's inverse FFTs and overlap-add run\n"
        "                       on a second thread, pipelined with the forward side\n"
        "                       (same output, bit for bit; default 1)\n"
        " input and output:\n"
        "  --in-format FMT      (also --format) wav, sigmf, cf32, ci16, ci8, cu8, f32\n"
        "  --out-format FMT     output format, whatever OUT's extension (no warning\n"
        "                       when a raw format drops IN's rate, centre or time)\n"
        "  --sigmf-sidecar      with a raw complex OUT (cf32, ci16, ci8, cu8): also\n"
        "                       write its sample rate, centre frequency, start time\n"
        "                       and IN's SigMF annotations to a SigMF meta file beside\n"
        "                       it (out.cf32 -> out.sigmf-meta, core:dataset out.cf32)\n"
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
        "  SigMF input annotations are copied to a SigMF output.\n"
        " messages:\n"
        "  --progress           a progress line on stderr (rewritten in place) even\n"
        "                       when stderr is no terminal; by default it is shown on\n"
        "                       a terminal for inputs of 4 s of signal or more and\n"
        "                       for streams (the priming pass as its own phase)\n"
        "  --quiet              no report and no progress line (unless --progress);\n"
        "                       warnings and errors only\n");
}

/* The options of clean itself; the transform and mask options come from
 * cli_maskopt. */
enum {
    OPT_FORMAT = 256,
    OPT_IN_FORMAT,
    OPT_OUT_FORMAT,
    OPT_PCM16,
    OPT_STEREO_AUDIO,
    OPT_SWAP_IQ,
    OPT_ONE_PASS,
    OPT_THREADS,
    OPT_SIDECAR,
    OPT_PROGRESS,
    OPT_QUIET,
    OPT_HELP
};

static const struct option clean_opts[] = {
    { "format", required_argument, NULL, OPT_FORMAT },
    { "in-format", required_argument, NULL, OPT_IN_FORMAT },
    { "out-format", required_argument, NULL, OPT_OUT_FORMAT },
    { "pcm16", no_argument, NULL, OPT_PCM16 },
    { "stereo-audio", no_argument, NULL, OPT_STEREO_AUDIO },
    { "swap-iq", no_argument, NULL, OPT_SWAP_IQ },
    { "one-pass", no_argument, NULL, OPT_ONE_PASS },
    { "threads", required_argument, NULL, OPT_THREADS },
    { "sigmf-sidecar", no_argument, NULL, OPT_SIDECAR },
    { "progress", no_argument, NULL, OPT_PROGRESS },
    { "quiet", no_argument, NULL, OPT_QUIET },
    { "help", no_argument, NULL, OPT_HELP },
    { NULL, 0, NULL, 0 }
};

/* File format options. */
typedef struct {
    stftc_iqfmt_t in_fmt, out_fmt; /* AUTO: from the names */
    int pcm16, stereo_audio, swap_iq;
    int one_pass; /* no priming pass (file mode off) */
    int sidecar;  /* --sigmf-sidecar */
    int progress; /* --progress */
    int quiet;    /* --quiet */
} clean_io_t;

/* One option of clean's own; 0 or an exit code after the error line. */
static int clean_option(int c, const char* arg, int* threads, clean_io_t* io)
{
    switch (c) {
    case OPT_FORMAT:
    case OPT_IN_FORMAT:
    case OPT_OUT_FORMAT:
        return cli_iqfmt_option(arg,
                                c == OPT_FORMAT      ? "--format"
                                : c == OPT_IN_FORMAT ? "--in-format"
                                                     : "--out-format",
                                c == OPT_OUT_FORMAT ? &io->out_fmt : &io->in_fmt);
    case OPT_PCM16:
        io->pcm16 = 1;
        return 0;
    case OPT_STEREO_AUDIO:
        io->stereo_audio = 1;
        return 0;
    case OPT_SWAP_IQ:
        io->swap_iq = 1;
        return 0;
    case OPT_ONE_PASS:
        io->one_pass = 1;
        return 0;
    case OPT_SIDECAR:
        io->sidecar = 1;
        return 0;
    case OPT_PROGRESS:
        io->progress = 1;
        return 0;
    case OPT_QUIET:
        io->quiet = 1;
        return 0;
    default: /* OPT_THREADS */
        if (strcmp(arg, "1") != 0 && strcmp(arg, "2") != 0) {
            cli_error("--threads: must be 1 or 2, got '%s'", arg);
            return CLI_EXIT_USAGE;
        }
        *threads = arg[0] - '0';
        return 0;
    }
}

/* Parse the options into mo, threads and io; returns 0, or an exit code
 * after printing the error line. *help is set when --help was given. */
static int clean_parse(
    int argc, char** argv, cli_maskopt_t* mo, int* threads, clean_io_t* io, int* help)
{
    struct option* opts = cli_maskopt_longopts(clean_opts);
    if (!opts)
        return CLI_EXIT_FAIL;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (cli_maskopt_handle(mo, c, optarg, &rc))
            continue;
        if (c >= OPT_FORMAT && c < OPT_HELP) {
            rc = clean_option(c, optarg, threads, io);
        } else if (c == 'h' || c == OPT_HELP) {
            *help = 1;
            break;
        } else if (c == ':') {
            cli_error("clean: option '%s' needs a value", argv[optind - 1]);
            rc = CLI_EXIT_USAGE;
        } else {
            cli_error("clean: unknown option '%s' (see stftclean clean --help)",
                      argv[optind - 1]);
            rc = CLI_EXIT_USAGE;
        }
    }
    free(opts);
    if (rc == 0 && !*help)
        rc = cli_maskopt_finish(mo);
    return rc;
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

/* The cleaner(s) of one clean, each behind an aligned stream (aligned.h:
 * output sample t is input sample t), and their buffers. One cleaner takes
 * whole frames (complex I/Q or mono); two cleaners (stereo audio) take one
 * channel each. */
typedef struct {
    stftc_aligned_t* al[2];
    size_t ncl;
    cli_source_t* in;
    size_t chunk;                    /* samples read at a time */
    size_t room;                     /* samples obuf/tout hold: a call's output */
    float *ibuf, *obuf, *tin, *tout; /* (tin/tout: one channel of stereo) */
    cli_progress_t* prog;
} clean_run_t;

/* n samples of ibuf (0: the end, flush) through the aligned stream(s);
 * *w gets the samples now in obuf. STFTC_OK or the cleaner's error. */
static int clean_step(const clean_run_t* r, size_t n, size_t* w)
{
    const size_t ncl = r->ncl;
    if (ncl == 1)
        return n ? stftc_aligned_process(r->al[0], r->ibuf, n, r->obuf, w)
                 : stftc_aligned_flush(r->al[0], r->obuf, w);
    int rc = STFTC_OK;
    for (size_t c = 0; c < ncl && rc == STFTC_OK; c++) {
        for (size_t i = 0; i < n; i++)
            r->tin[i] = r->ibuf[i * ncl + c];
        rc = n ? stftc_aligned_process(r->al[c], r->tin, n, r->tout, w)
               : stftc_aligned_flush(r->al[c], r->tout, w);
        for (size_t i = 0; i < *w; i++)
            r->obuf[i * ncl + c] = r->tout[i];
    }
    return rc;
}

/* One pass over the next total samples of the source (SIZE_MAX: to the end
 * of a stream) through the cleaner(s) and the stream's end. With out, the
 * output is written, time-aligned and as long as the input; without, it is
 * dropped (the priming pass of file mode). *done gets the samples read. 0
 * or an exit code. */
static int clean_pass(const clean_run_t* r,
                      size_t total,
                      stftc_iqsink_t* out,
                      const char* out_path,
                      size_t* done)
{
    int rc = 0;
    size_t consumed = 0;
    for (int last = 0; rc == 0 && !last;) {
        const size_t left = total - consumed;
        size_t got = 0;
        if (left > 0 &&
            (rc = cli_source_read_upto(
                 r->in, r->ibuf, left < r->chunk ? left : r->chunk, &got)) != 0)
            break;
        consumed += got;
        cli_progress_update(r->prog, consumed);
        last = got == 0; /* the end of the input (or of a stream) */
        size_t w = 0;
        const int prc = clean_step(r, got, &w);
        if (prc != STFTC_OK) {
            cli_error("clean: cleaner failed: %s", stftc_strerror(prc));
            rc = CLI_EXIT_FAIL;
            break;
        }
        if (out && w && stftc_iqsink_write(out, r->obuf, w) != STFTC_OK) {
            cli_error("%s: write failed: %s", out_path, strerror(errno));
            rc = CLI_EXIT_FAIL;
        }
    }
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
                        size_t prime,
                        cli_source_t* in,
                        stftc_iqsink_t* out,
                        const char* out_path,
                        cli_progress_t* prog)
{
    const size_t spf = in->floats;
    const size_t hop = stftc_cleaner_hop(cl[0]), lat = stftc_cleaner_latency(cl[0]);
    const size_t chunk = CLEAN_CHUNK > hop ? CLEAN_CHUNK / hop * hop : hop;
    const size_t total = in->info.stream ? SIZE_MAX : in->nsamples;
    clean_run_t r = { { NULL, NULL }, ncl, in, chunk, 0, NULL, NULL, NULL, NULL, prog };
    r.room = (chunk > lat ? chunk : lat) + hop;
    int rc = 0;
    for (size_t c = 0; c < ncl; c++) {
        stftc_error_t err;
        r.al[c] = stftc_aligned_create(cl[c], &err);
        if (!r.al[c]) {
            cli_error("clean: %s", err.msg);
            rc = CLI_EXIT_FAIL;
        }
    }
    r.ibuf = stftc_alloc(chunk * spf * sizeof(float));
    r.obuf = stftc_alloc(r.room * spf * sizeof(float));
    r.tin = ncl > 1 ? stftc_alloc(chunk * sizeof(float)) : NULL;
    r.tout = ncl > 1 ? stftc_alloc(r.room * sizeof(float)) : NULL;
    if (rc == 0 && (!r.ibuf || !r.obuf || (ncl > 1 && (!r.tin || !r.tout)))) {
        cli_error("clean: cannot allocate %zu-sample buffers", r.room);
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
        /* its own phase on the progress line: a few seconds of signal */
        cli_progress_phase(prog, "priming", prime < total ? prime : total);
        rc = clean_pass(&r, prime < total ? prime : total, NULL, NULL, &done);
        for (size_t c = 0; c < ncl; c++)
            stftc_cleaner_rewind(cl[c]);
        if (rc == 0)
            rc = cli_source_rewind(in);
    }
    if (rc == 0) {
        cli_progress_phase(prog, "cleaning", in->info.stream ? 0 : total);
        rc = clean_pass(&r, total, out, out_path, &done);
    }
    if (rc == 0)
        cli_progress_finish(prog, done);
    in->nsamples = done;
    const stftc_iqsource_info_t* si = stftc_iqsource_info(in->src);
    if (rc == 0 && si->stream && si->dropped_bytes)
        cli_warn("%s: the last %u bytes of the stream are not a whole sample; ignored",
                 in->path,
                 si->dropped_bytes);
    for (size_t c = 0; c < ncl; c++)
        stftc_aligned_destroy(r.al[c]);
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

/* One run of clean: the options, the input, the output and the cleaners. */
typedef struct {
    cli_maskopt_t mo;
    stftc_cleaner_config_t cfg;
    clean_io_t io;
    const char *in_path, *out_path;
    cli_source_t in;
    int to_stdout; /* OUT "-": the samples go to standard output */
    FILE* report;  /* the report: stdout, or stderr when the samples go there */
    stftc_iqfmt_t in_fmt, out_fmt;
    int out_named; /* --out-format given */
    int two;       /* two floats per frame (I/Q or stereo audio) */
    char* outs[2]; /* the files OUT will be, nout of them */
    int nout;
    double out_rate; /* 0: none known */
    size_t ncl;
    stftc_cleaner_t* cl[2];
    stftc_iqsink_t* out;
    size_t nann;                        /* annotations copied */
    int dropped;                        /* metadata OUT's format could not store */
    char* side;                         /* --sigmf-sidecar: the meta file beside OUT */
    stftc_sigmf_annotation_t* side_ann; /* IN's annotations for it */
    size_t side_nann;
    double t0; /* the run's start (cli_now) */
    cli_progress_t prog;
} clean_job_t;

/* The input and output formats agree with each other and the options? */
static int clean_check_formats(clean_job_t* j)
{
    const clean_io_t* io = &j->io;
    const char* out_name = stftc_iqfmt_name(j->out_fmt);
    const char* in_name = stftc_iqfmt_name(j->in_fmt);
    const int two = j->two;
    stftc_raw_format_t rt;
    if (io->swap_iq && (!two || io->stereo_audio)) {
        cli_error("--swap-iq: needs a complex I/Q input (%s is %s)",
                  j->in_path,
                  two ? "stereo audio" : "real");
    } else if (io->stereo_audio && !(j->in_fmt == STFTC_IQFMT_WAV && two)) {
        cli_error("--stereo-audio: only for a two-channel WAV input (%s is %s, %zu "
                  "channel%s)",
                  j->in_path,
                  in_name,
                  j->in.floats,
                  two ? "s" : "");
    } else if (j->out_fmt == STFTC_IQFMT_F32 && two && !io->stereo_audio) {
        cli_error("%s: f32 holds real samples but the %s input is complex I/Q; write "
                  "cf32, ci16, ci8, cu8, wav or sigmf",
                  j->out_path,
                  in_name);
    } else if (j->out_fmt != STFTC_IQFMT_WAV && j->out_fmt != STFTC_IQFMT_F32 &&
               (!two || io->stereo_audio)) {
        cli_error("%s: %s holds complex I/Q samples but the input is %s; write wav or "
                  "f32",
                  j->out_path,
                  out_name,
                  two ? "stereo audio" : "real");
    } else if (io->sidecar && j->to_stdout) {
        cli_error("--sigmf-sidecar: OUT is standard output; there is no file to put "
                  "the SigMF meta beside");
    } else if (io->sidecar && !stftc_iqfmt_raw_complex(j->out_fmt, &rt)) {
        cli_error("--sigmf-sidecar: only for a raw complex OUT (cf32, ci16, ci8, cu8); "
                  "%s is %s%s",
                  j->out_path,
                  out_name,
                  j->out_fmt == STFTC_IQFMT_F32 ? " (real samples)"
                                                : ", which holds its own metadata");
    } else {
        return 0;
    }
    return CLI_EXIT_USAGE;
}

/* OUT's format (its extension) drops metadata IN has: a warning that
 * names it (not when --out-format asked for that format, or the sidecar
 * keeps it). */
static void clean_warn_lost(const clean_job_t* j)
{
    if (j->out_named || j->io.sidecar || j->out_fmt == j->in_fmt || !is_raw(j->out_fmt))
        return;
    cli_warn_metadata_lost(j->out_path, j->out_fmt, &j->in.info);
}

/* The files OUT will be, none of them one that is read. */
static int clean_check_outputs(clean_job_t* j)
{
    const size_t plen = strlen(j->out_path) + 16;
    j->outs[0] = malloc(plen);
    j->outs[1] = malloc(plen);
    if (!j->outs[0] || !j->outs[1]) {
        cli_error("clean: out of memory");
        return CLI_EXIT_FAIL;
    }
    if (!j->to_stdout)
        out_files(j->out_path, j->out_fmt, j->outs[0], j->outs[1], plen, &j->nout);
    for (int i = 0; i < j->nout; i++) {
        if (cli_source_is_input(&j->in, j->outs[i])) {
            cli_error("%s: output is the input file; choose another OUT", j->outs[i]);
            return CLI_EXIT_USAGE;
        }
    }
    if (j->io.sidecar) {
        if (!(j->side = cli_sidecar_path(j->out_path))) {
            cli_error("clean: out of memory");
            return CLI_EXIT_FAIL;
        }
        const char* slash = strrchr(j->out_path, '/');
        if (strlen(slash ? slash + 1 : j->out_path) >=
            sizeof(((stftc_sigmf_meta_t*)0)->dataset)) {
            cli_error("--sigmf-sidecar: the file name of %s is too long for SigMF's "
                      "core:dataset",
                      j->out_path);
            return CLI_EXIT_USAGE;
        }
        if (cli_source_is_input(&j->in, j->side)) {
            cli_error("%s: the --sigmf-sidecar meta of %s would be the input's own "
                      "file; choose another OUT",
                      j->side,
                      j->out_path);
            return CLI_EXIT_USAGE;
        }
    }
    return 0;
}

/* The sample rate: --rate, else the file's. None and threshold work in bins
 * and frames: no rate needed. Every other mask works in Hz and seconds,
 * where a guessed rate would silently move bands and regions: those ask for
 * it. */
static int clean_resolve_rate(clean_job_t* j)
{
    stftc_mask_config_t* m = &j->cfg.mask;
    const stftc_mask_type_t t = m->type;
    const double file_rate = j->in.info.sample_rate;
    if (!j->mo.have_rate && file_rate > 0) {
        m->sample_rate = file_rate; /* the file gives the rate */
    } else if (!j->mo.have_rate && t != STFTC_MASK_NONE && t != STFTC_MASK_THRESHOLD) {
        if (t == STFTC_MASK_BAND)
            cli_error("--rate: missing; the band mask takes its bands in Hz: give the "
                      "sample rate (e.g. --rate 2.4M)");
        else
            cli_error("--rate: missing; the %s mask measures its noise window, "
                      "regions and smoothing in s and Hz: give the sample rate "
                      "(e.g. --rate 2.4M)",
                      stftc_mask_type_name(t));
        return CLI_EXIT_USAGE;
    }
    j->out_rate = j->mo.have_rate || file_rate > 0 ? m->sample_rate : 0.0;
    if (j->out_fmt == STFTC_IQFMT_WAV && !(j->out_rate >= 1.0)) {
        cli_error("--rate: missing; a WAV output stores the sample rate and the %s "
                  "input has none: give --rate FS",
                  stftc_iqfmt_name(j->in_fmt));
        return CLI_EXIT_USAGE;
    }
    return 0;
}

/* The cleaner, or two (stereo audio: one per channel). */
static int clean_create(clean_job_t* j)
{
    j->ncl = j->io.stereo_audio ? 2 : 1;
    j->cfg.stft.sample_type = j->two && !j->io.stereo_audio ? STFTC_COMPLEX : STFTC_REAL;
    cli_maskopt_report(&j->mo, &j->cfg.mask);
    stftc_error_t err;
    for (size_t c = 0; c < j->ncl; c++) {
        j->cl[c] = stftc_cleaner_create(&j->cfg, &err);
        if (!j->cl[c]) {
            cli_error("%s", err.msg);
            return err.code == STFTC_ERR_INVALID_ARG || err.code == STFTC_ERR_NOLA
                       ? CLI_EXIT_USAGE
                       : CLI_EXIT_FAIL;
        }
    }
    /* work per sample grows as fft/hop: a large FFT with the default hop is
     * legal but slow; say so before the minutes go by */
    const size_t n = stftc_cleaner_config(j->cl[0])->stft.fft_size;
    const size_t h = stftc_cleaner_hop(j->cl[0]);
    if (n / h > 64)
        cli_warn("--fft %zu with hop %zu puts every sample in %zu frames (%zux the "
                 "transforms of hop %zu); give --hop for a faster run",
                 n,
                 h,
                 n / h,
                 n / h / 4,
                 n / 4);
    return 0;
}

/* OUT, with what the input tells of the recording. */
static int clean_open_sink(clean_job_t* j)
{
    const stftc_iqsource_info_t* info = &j->in.info;
    stftc_iqsink_options_t so = stftc_iqsink_options_default();
    so.channels = (unsigned)j->in.floats;
    so.sample_rate = j->out_rate;
    so.has_centre = info->has_centre;
    so.centre_hz = info->centre_hz;
    so.has_time = info->has_time;
    if (info->time_invalid)
        fprintf(stderr,
                "stftclean: %s: its start time is no calendar time (a corrupt auxi "
                "chunk?); not copied\n",
                j->in_path);
    so.start_time = info->start_time;
    so.start_frac = info->start_frac;
    so.wav_format = j->io.pcm16 ? STFTC_WAV_PCM : STFTC_WAV_FLOAT;
    so.sigmf_type = j->io.pcm16 ? STFTC_RAW_CI16 : STFTC_RAW_CF32;
    const char* slash = strrchr(j->in_path, '/');
    snprintf(so.description,
             sizeof so.description,
             "%.200s cleaned by stftclean",
             slash ? slash + 1 : j->in_path);
    stftc_error_t err;
    j->out = stftc_iqsink_create(j->out_path, j->out_fmt, &so, &err);
    if (!j->out) {
        if (strstr(err.msg, j->out_path))
            cli_error("%s", err.msg);
        else
            cli_error("%s: %s", j->out_path, err.msg);
        return CLI_EXIT_FAIL;
    }
    return 0;
}

/* Clean IN into OUT. File mode: prime with the noise window and 100 ms more
 * (the estimators only; the fixed masks learn nothing). */
static int clean_run(clean_job_t* j)
{
    const stftc_mask_config_t* m = &j->cfg.mask;
    const stftc_mask_type_t mt = m->type;
    const int learns = mt == STFTC_MASK_AUTO || mt == STFTC_MASK_CFAR ||
                       mt == STFTC_MASK_GATE || mt == STFTC_MASK_WIENER;
    const double nw = m->noise_window > 0.0 ? m->noise_window : 2.0;
    const size_t prime =
        learns && !j->io.one_pass ? (size_t)ceil((nw + 0.1) * m->sample_rate) : 0;
    const cli_progress_mode_t mode = j->io.progress ? CLI_PROGRESS_FORCE
                                     : j->io.quiet  ? CLI_PROGRESS_OFF
                                                    : CLI_PROGRESS_AUTO;
    cli_progress_init(
        &j->prog, mode, j->in.info.stream ? 0 : j->in.nsamples, j->out_rate, j->t0);
    return clean_stream(j->cl, j->ncl, prime, &j->in, j->out, j->out_path, &j->prog);
}

/* SigMF annotations keep their meaning: the output is time-aligned. They go
 * to a SigMF OUT, or with --sigmf-sidecar into side_ann for its meta. */
static int clean_annotations(clean_job_t* j)
{
    stftc_sigmf_reader_t* sin = stftc_iqsource_sigmf(j->in.src);
    stftc_sigmf_writer_t* sout = stftc_iqsink_sigmf(j->out);
    if (!sin || (!sout && !j->side))
        return 0;
    const stftc_sigmf_annotation_t* a = stftc_sigmf_reader_annotations(sin, &j->nann);
    if (!sout && j->nann && !(j->side_ann = malloc(j->nann * sizeof *j->side_ann))) {
        cli_error("%s: out of memory for annotations", j->side);
        return CLI_EXIT_FAIL;
    }
    /* the output has the input's samples: an annotation past its end
     * describes nothing there (cut to the end, or left out) */
    const uint64_t end = j->in.nsamples;
    size_t cut = 0, dropped = 0;
    int rc = 0;
    for (size_t i = 0; i < j->nann && rc == 0; i++) {
        stftc_sigmf_annotation_t x = a[i];
        if (x.sample_start >= end) {
            dropped++;
            continue;
        }
        if (x.sample_count > end - x.sample_start) {
            x.sample_count = end - x.sample_start;
            cut++;
        }
        if (!sout)
            j->side_ann[j->side_nann++] = x;
        else if (stftc_sigmf_writer_annotate(sout, &x) != STFTC_OK) {
            cli_error("%s: out of memory for annotations", j->out_path);
            rc = CLI_EXIT_FAIL;
        }
    }
    if (cut || dropped)
        cli_warn("%s: %zu annotation%s past the last sample left out, %zu cut at it",
                 j->in_path,
                 dropped,
                 dropped == 1 ? "" : "s",
                 cut);
    return rc;
}

/* Closes OUT; after a failure, removes what was written of it. */
static int clean_close_sink(clean_job_t* j, int rc)
{
    stftc_error_t err;
    j->dropped = stftc_iqsink_metadata_dropped(j->out);
    if (stftc_iqsink_close(j->out, &err) != STFTC_OK && rc == 0) {
        cli_error("%s: %s", j->out_path, err.msg);
        rc = CLI_EXIT_FAIL;
    }
    j->out = NULL;
    if (rc != 0) /* never leave a partial result behind */
        for (int i = 0; i < j->nout; i++)
            remove(j->outs[i]);
    return rc;
}

/* --sigmf-sidecar: OUT's metadata in a SigMF meta file beside it
 * (core:dataset: OUT's file name); after a failure OUT is removed. */
static int clean_write_sidecar(clean_job_t* j)
{
    const char* slash = strrchr(j->in_path, '/');
    char descr[256];
    snprintf(descr,
             sizeof descr,
             "%.200s cleaned by stftclean",
             slash ? slash + 1 : j->in_path);
    const int rc = cli_sidecar_write(j->side,
                                     j->out_path,
                                     j->out_fmt,
                                     j->out_rate,
                                     &j->in.info,
                                     descr,
                                     j->side_ann,
                                     j->side_nann);
    if (rc)
        remove(j->out_path);
    return rc;
}

/* What was done, on the report stream. */
static void clean_report(const clean_job_t* j)
{
    const stftc_cleaner_config_t* used = stftc_cleaner_config(j->cl[0]);
    const size_t hop = stftc_cleaner_hop(j->cl[0]), lat = stftc_cleaner_latency(j->cl[0]);
    const size_t n = j->in.nsamples, frames = (n + lat + hop - 1) / hop;
    const double fs = j->cfg.mask.sample_rate;
    const int pcm16 = j->io.pcm16;
    char win[48], mask[128], dur[32], when[64];
    stftc_window_format(&used->stft.window, win, sizeof win);
    describe_mask(&used->mask, mask, sizeof mask);
    if (j->out_rate > 0) { /* a rate given or read from the file */
        cli_format_duration((double)n / fs, dur, sizeof dur);
        snprintf(when, sizeof when, "%s at %g Hz", dur, fs);
    } else
        snprintf(when, sizeof when, "no sample rate");
    fprintf(j->report,
            "stftclean: %s -> %s: %zu %s samples%s (%s), %zu frames\n",
            j->in_path,
            j->out_path,
            n,
            stftc_iqfmt_name(j->in_fmt),
            j->io.stereo_audio ? " (stereo audio)" : "",
            when,
            frames);
    fprintf(j->report,
            "stftclean: fft %zu, hop %zu, window %s x %zu, latency %zu samples "
            "(compensated), mask %s\n",
            used->stft.fft_size,
            hop,
            win,
            used->stft.window_len,
            lat,
            mask);
    if (j->side)
        fprintf(j->report,
                "stftclean: wrote %s and its SigMF meta %s%s\n",
                stftc_iqfmt_name(j->out_fmt),
                j->side,
                j->nann ? ", annotations copied" : "");
    else if (j->out_fmt != j->in_fmt || j->nann)
        fprintf(j->report,
                "stftclean: wrote %s%s%s%s\n",
                stftc_iqfmt_name(j->out_fmt),
                j->out_fmt == STFTC_IQFMT_WAV     ? (pcm16 ? " (PCM16)" : " (float32)")
                : j->out_fmt == STFTC_IQFMT_SIGMF ? (pcm16 ? " (ci16_le)" : " (cf32_le)")
                                                  : "",
                j->nann ? ", annotations copied" : "",
                j->dropped ? "; its format cannot store the centre frequency or start "
                             "time of the input"
                           : "");
    cli_summary(j->report, n, j->out_rate, cli_now() - j->t0, NULL);
}

/* Opens IN and settles OUT's format from the options and the names. */
static int clean_open(clean_job_t* j)
{
    int rc = cli_source_open_stream(&j->in, j->in_path, j->io.in_fmt, j->io.swap_iq);
    if (rc)
        return rc;
    j->to_stdout = !strcmp(j->out_path, "-");
    j->report = j->to_stdout ? stderr : stdout;
    j->in_fmt = j->in.info.format;
    j->out_named = j->io.out_fmt != STFTC_IQFMT_AUTO;
    j->out_fmt = j->io.out_fmt;
    /* an extension no format has, IN's own (rtl_sdr's .bin read with
     * --format cu8): IN's format, as for no extension */
    const char *oext = cli_extension(j->out_path), *iext = cli_extension(j->in_path);
    const int same_ext = oext && iext && !strcasecmp(oext, iext);
    if (!j->out_named && !same_ext &&
        (rc = cli_out_format_from_name(j->out_path,
                                       &j->out_fmt,
                                       "give --out-format FMT (" CLI_IQ_FORMATS
                                       "), or no extension for IN's "
                                       "format")) != 0)
        return rc;
    if (j->out_fmt == STFTC_IQFMT_AUTO) /* no extension: IN's format */
        j->out_fmt = j->in_fmt;
    j->two = j->in.floats == 2;
    if ((rc = clean_check_formats(j)) != 0)
        return rc;
    if ((rc = clean_check_outputs(j)) != 0)
        return rc;
    return clean_resolve_rate(j);
}

const char cli_clean_summary[] =
    "clean IN OUT [--rate FS] [options] STFT -> mask -> ISTFT, same length as IN";

int cli_clean_main(int argc, char** argv)
{
    clean_job_t j;
    memset(&j, 0, sizeof j);
    j.t0 = cli_now();
    cli_maskopt_init(&j.mo);
    j.cfg = stftc_cleaner_config_default();
    j.io = (clean_io_t){ STFTC_IQFMT_AUTO, STFTC_IQFMT_AUTO, 0, 0, 0, 0, 0, 0, 0 };
    int help = 0;
    int rc = clean_parse(argc, argv, &j.mo, &j.cfg.threads, &j.io, &help);
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
    j.cfg.stft = j.mo.stft;
    j.cfg.mask = j.mo.mask;
    j.in_path = argv[optind];
    j.out_path = argv[optind + 1];
    rc = clean_open(&j);
    if (rc == 0)
        rc = clean_create(&j);
    if (rc == 0 && (rc = clean_open_sink(&j)) == 0) {
        clean_warn_lost(&j);
        rc = clean_run(&j);
        if (rc == 0)
            rc = clean_annotations(&j);
        rc = clean_close_sink(&j, rc);
        if (rc == 0 && j.side)
            rc = clean_write_sidecar(&j);
    }
    if (rc == 0 && !j.io.quiet)
        clean_report(&j);
    free(j.outs[0]);
    free(j.outs[1]);
    free(j.side);
    free(j.side_ann);
    stftc_cleaner_destroy(j.cl[0]);
    stftc_cleaner_destroy(j.cl[1]);
    cli_source_close(&j.in);
    return rc;
}
