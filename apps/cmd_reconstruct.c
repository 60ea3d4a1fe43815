/* stftclean reconstruct: rebuild a signal from STFT magnitudes alone.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * From a signal: its STFT magnitudes are taken (the project's framing, the
 * input zero-prefixed by L - H samples and zero-padded after it to whole
 * frames, up to the frame that starts at or before its last sample), the
 * phase is thrown away and rebuilt, and the output is cut back to the
 * input's samples: time-aligned with IN and of the same length.
 * From a magnitude file (--magnitude): frame k describes output samples
 * k*hop .. k*hop+L-1, so the output has (frames-1)*hop+L samples. */
#include "cli_iq.h"
#include "cli_out.h"
#include "cli_phase.h"
#include "cli_progress.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <stftclean/phase.h>

const char cli_reconstruct_summary[] =
    "reconstruct IN OUT [--method M]  signal from STFT magnitudes (GLA, PGHI, L-BFGS, "
    "RAAR, DM, ADMM, AGLA)";

static void reconstruct_usage(FILE* out)
{
    fprintf(
        out,
        "usage: stftclean reconstruct IN OUT [options]\n"
        "       stftclean reconstruct --magnitude FILE.f32 --bins B OUT [options]\n"
        "  Take the STFT magnitude of IN, throw the phase away, rebuild it and write\n"
        "  OUT, time-aligned with IN and of the same length; print the spectral\n"
        "  convergence reached, SC = 20 log10(|| |STFT(out)| - S || / || S ||) dB.\n"
        "  --magnitude FILE.f32 reads a raw float32 magnitude spectrogram instead\n"
        "  (frames x bins, row-major; B = N: two-sided, complex output (.cf32);\n"
        "  B = N/2+1: one-sided, real output (.f32)); frame k describes output samples\n"
        "  k*hop .. k*hop+N-1, so OUT has (frames-1)*hop+N samples.\n"
        "  --method M           gla, fgla, pghi, pghi+fgla, rtpghi (real-time\n"
        "                       PGHI, one frame of look-ahead), rtpghi-causal or\n"
        "                       rtisila (real-time iterative, look-ahead below),\n"
        "                       lbfgs (L-BFGS on the magnitude loss from a random or\n"
        "                       zero phase), pghi+lbfgs (from PGHI), hybrid (the\n"
        "                       default: PGHI, RAAR or --hybrid-method for half the\n"
        "                       iterations, then FGLA), raar, dm, admm or agla\n"
        "                       (projection methods: relaxed averaged alternating\n"
        "                       reflections, difference map, ADMM, accelerated GLA;\n"
        "                       from PGHI)\n"
        "  --iters K            (F)GLA iterations (default 100 for gla/fgla/lbfgs and\n"
        "                       the projection methods, 20 for pghi+fgla/pghi+lbfgs/\n"
        "                       hybrid); L-BFGS methods: loss and gradient\n"
        "                       evaluations, each costing about one FGLA iteration;\n"
        "                       dm: passes (an update takes two); rtisila: updates\n"
        "                       per frame (default 8);\n"
        "                       pghi and rtpghi take none\n"
        "  --memory M           L-BFGS correction pairs, 1..64 (default 2)\n"
        "  --hybrid-fgla K      hybrid: FGLA updates before its method (default 0)\n"
        "  --hybrid-method M    hybrid: raar (default), lbfgs, dm, admm or agla,\n"
        "                       before the final FGLA updates (--param\n"
        "                       hybrid_polish=F: their share of the iterations,\n"
        "                       0..1, default 0.5)\n"
        "  --param K=V[,K=V]    projection parameters: raar_beta (0..1], dm_beta\n"
        "                       [0.1..2], admm_rho [0..1e6], agla_alpha [0..1.5],\n"
        "                       agla_beta [0..2], agla_gamma (0..2], momentum,\n"
        "                       hybrid_fgla, hybrid_polish [0..1]\n"
        "  --lookahead D        rtisila: frames of look-ahead, 0..16 (default 3)\n"
        "  --momentum A         fast GLA momentum, 0..1.5 (default 0.99; rtisila:\n"
        "                       of its online fast GLA updates, default 0.75,\n"
        "                       0 for plain RTISI-LA)\n"
        "  --seed S             seed of the random initial phase (default 1)\n"
        "  --init random|zero   gla/fgla/lbfgs initial phase (default random); raar,\n"
        "                       dm, admm, agla: instead of PGHI\n"
        "  --tol-db X           stop the iterations once SC <= X dB\n"
        "  --rate FS            sample rate in Hz (k/M/G suffixes); only for messages\n"
        "                       and WAV output (WAV and SigMF inputs give their own)\n"
        "  --fft N              FFT size (default 1024)\n"
        "  --hop H              hop in samples (default 256)\n"
        "  --window SPEC        hann (default), hamming, blackman, gaussian[:SIGMA],\n"
        "                       ... (PGHI models hann/hamming/blackman/gaussian\n"
        "                       exactly, others approximately)\n"
        "  --window-len L       window length <= N (default N)\n"
        "  --format FMT         input format if the extension does not tell: wav,\n"
        "                       sigmf, cf32, ci16, ci8, cu8 or f32\n"
        "  --quiet              no summary lines\n"
        "  OUT is a WAV (.wav), raw float32 complex (.cf32, .fc32, .cfile) or real\n"
        "  (.f32, .rf32) samples, or raw float32 without an extension; other\n"
        "  extensions are refused.\n");
}

enum {
    OPT_RATE = 256,
    OPT_FFT,
    OPT_HOP,
    OPT_WINDOW,
    OPT_WINDOW_LEN,
    OPT_METHOD,
    OPT_ITERS,
    OPT_MOMENTUM,
    OPT_SEED,
    OPT_INIT,
    OPT_TOL,
    OPT_LOOKAHEAD,
    OPT_MAGNITUDE,
    OPT_BINS,
    OPT_FORMAT,
    OPT_QUIET,
    OPT_MEMORY,
    OPT_HYBRID_FGLA,
    OPT_HYBRID_METHOD,
    OPT_PARAM,
    OPT_HELP
};

static const struct option reconstruct_opts[] = {
    { "rate", required_argument, NULL, OPT_RATE },
    { "fft", required_argument, NULL, OPT_FFT },
    { "hop", required_argument, NULL, OPT_HOP },
    { "window", required_argument, NULL, OPT_WINDOW },
    { "window-len", required_argument, NULL, OPT_WINDOW_LEN },
    { "method", required_argument, NULL, OPT_METHOD },
    { "iters", required_argument, NULL, OPT_ITERS },
    { "momentum", required_argument, NULL, OPT_MOMENTUM },
    { "seed", required_argument, NULL, OPT_SEED },
    { "init", required_argument, NULL, OPT_INIT },
    { "tol-db", required_argument, NULL, OPT_TOL },
    { "lookahead", required_argument, NULL, OPT_LOOKAHEAD },
    { "magnitude", required_argument, NULL, OPT_MAGNITUDE },
    { "bins", required_argument, NULL, OPT_BINS },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "quiet", no_argument, NULL, OPT_QUIET },
    { "memory", required_argument, NULL, OPT_MEMORY },
    { "hybrid-fgla", required_argument, NULL, OPT_HYBRID_FGLA },
    { "hybrid-method", required_argument, NULL, OPT_HYBRID_METHOD },
    { "param", required_argument, NULL, OPT_PARAM },
    { "help", no_argument, NULL, OPT_HELP },
    { NULL, 0, NULL, 0 },
};

typedef struct {
    cli_phase_job_t job;
    double rate;
    int have_rate, have_iters, have_momentum, have_init, have_lookahead, quiet, help;
    stftc_iqfmt_t fmt; /* --format; AUTO: from the extension */
    const char* mag_path;
    size_t bins;
} recon_opts_t;

static int bad_value(const char* opt, const char* text, const char* want)
{
    cli_error("--%s: '%s' is not %s", opt, text, want);
    return CLI_EXIT_USAGE;
}

static int parse_args(int argc, char** argv, recon_opts_t* o)
{
    memset(o, 0, sizeof *o);
    o->job.stft = stftc_stft_config_default();
    o->job.method = CLI_PHASE_HYBRID;
    o->job.hybrid_method = -1;
    o->job.momentum = 0.99;
    o->job.seed = 1;
    o->job.tol_db = -INFINITY;
    o->job.lookahead = 3;
    o->job.hybrid_fgla = SIZE_MAX;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":", reconstruct_opts, NULL)) != -1) {
        const char* a = optarg;
        size_t sz;
        double d;
        switch (c) {
        case OPT_RATE:
            if (cli_parse_rate(a, &o->rate))
                return bad_value("rate", a, "a rate in Hz > 0 (e.g. 16000, 2.4M)");
            o->have_rate = 1;
            break;
        case OPT_FFT:
            if (cli_parse_size(a, &sz))
                return bad_value("fft", a, "a size");
            o->job.stft.fft_size = sz;
            break;
        case OPT_HOP:
            if (cli_parse_size(a, &sz))
                return bad_value("hop", a, "a size");
            o->job.stft.hop = sz;
            break;
        case OPT_WINDOW_LEN:
            if (cli_parse_size(a, &sz))
                return bad_value("window-len", a, "a size");
            o->job.stft.window_len = sz;
            break;
        case OPT_WINDOW: {
            stftc_error_t err;
            if (stftc_window_parse(a, &o->job.stft.window, &err) != STFTC_OK) {
                cli_error("--window: %s", err.msg);
                return CLI_EXIT_USAGE;
            }
            break;
        }
        case OPT_METHOD: {
            const int m = cli_phase_method_parse(a);
            if (m < 0)
                return bad_value(
                    "method",
                    a,
                    "gla, fgla, pghi, pghi+fgla, rtpghi, rtpghi-causal, rtisila, lbfgs, "
                    "pghi+lbfgs, hybrid, raar, dm, admm or agla");
            o->job.method = (cli_phase_method_t)m;
            break;
        }
        case OPT_ITERS:
            if (cli_parse_size(a, &sz) || sz > 1000000)
                return bad_value("iters", a, "a count in 0..1000000");
            o->job.iters = sz;
            o->have_iters = 1;
            break;
        case OPT_MOMENTUM:
            if (cli_parse_double(a, &d) || !(d >= 0.0 && d <= 1.5))
                return bad_value("momentum", a, "a number in 0..1.5");
            o->job.momentum = d;
            o->have_momentum = 1;
            break;
        case OPT_SEED:
            if (cli_parse_size(a, &sz))
                return bad_value("seed", a, "a non-negative integer");
            o->job.seed = (unsigned long long)sz;
            break;
        case OPT_INIT:
            if (!strcmp(a, "random"))
                o->job.zero_init = 0;
            else if (!strcmp(a, "zero"))
                o->job.zero_init = 1;
            else
                return bad_value("init", a, "random or zero");
            o->have_init = 1;
            break;
        case OPT_TOL:
            if (cli_parse_double(a, &d) || !(d <= 0.0))
                return bad_value("tol-db", a, "a number of dB <= 0");
            o->job.tol_db = d;
            break;
        case OPT_LOOKAHEAD:
            if (cli_parse_size(a, &sz) || sz > 16)
                return bad_value("lookahead", a, "a number of frames in 0..16");
            o->job.lookahead = sz;
            o->have_lookahead = 1;
            break;
        case OPT_MAGNITUDE:
            o->mag_path = a;
            break;
        case OPT_BINS:
            if (cli_parse_size(a, &sz) || sz < 1)
                return bad_value("bins", a, "a count >= 1");
            o->bins = sz;
            break;
        case OPT_FORMAT:
            if (cli_iqfmt_option(a, "--format", &o->fmt) != 0)
                return CLI_EXIT_USAGE;
            break;
        case OPT_QUIET:
            o->quiet = 1;
            break;
        case OPT_MEMORY:
            if (cli_parse_size(a, &sz) || sz < 1 || sz > 64)
                return bad_value("memory", a, "a count in 1..64");
            o->job.memory = sz;
            break;
        case OPT_HYBRID_FGLA:
            if (cli_parse_size(a, &sz) || sz > 1000000)
                return bad_value("hybrid-fgla", a, "a count in 0..1000000");
            o->job.hybrid_fgla = sz;
            break;
        case OPT_HYBRID_METHOD: {
            const int hm = cli_phase_hybrid_method_parse(a);
            if (hm < 0)
                return bad_value("hybrid-method", a, "lbfgs, raar, dm, admm or agla");
            o->job.hybrid_method = hm;
            break;
        }
        case OPT_PARAM: {
            stftc_phase_config_t probe = stftc_phase_config_default();
            char bad[STFTC_ERRMSG_LEN];
            if (cli_phase_params(&probe, a, bad, sizeof bad) != 0) {
                cli_error("--param: %s", bad);
                return CLI_EXIT_USAGE;
            }
            o->job.params = a;
            break;
        }
        case OPT_HELP:
            o->help = 1;
            break;
        case ':':
            cli_error("reconstruct: option %s needs a value", argv[optind - 1]);
            return CLI_EXIT_USAGE;
        default:
            cli_error("reconstruct: unknown option %s (see stftclean reconstruct --help)",
                      argv[optind - 1]);
            return CLI_EXIT_USAGE;
        }
    }
    const cli_phase_method_t m = o->job.method;
    const int iterative = cli_phase_method_iterates(m);
    if (o->have_iters && !iterative && o->job.iters > 0) {
        cli_error("--iters: the %s method does not iterate (use pghi+fgla)",
                  cli_phase_method_name(m));
        return CLI_EXIT_USAGE;
    }
    if (!o->have_iters)
        o->job.iters =
            m == CLI_PHASE_PGHI_FGLA || m == CLI_PHASE_PGHI_LBFGS || m == CLI_PHASE_HYBRID
                ? 20
            : m == CLI_PHASE_RTISILA ? 8
            : iterative              ? 100
                                     : 0;
    if (m == CLI_PHASE_RTISILA && (o->job.iters < 1 || o->job.iters > 100)) {
        cli_error("--iters: rtisila takes 1..100 updates per frame");
        return CLI_EXIT_USAGE;
    }
    if (o->have_lookahead && m != CLI_PHASE_RTISILA) {
        cli_error("--lookahead: only rtisila takes a look-ahead (rtpghi has one frame)");
        return CLI_EXIT_USAGE;
    }
    if (o->have_momentum && m != CLI_PHASE_FGLA && m != CLI_PHASE_PGHI_FGLA &&
        m != CLI_PHASE_HYBRID && m != CLI_PHASE_RTISILA) {
        cli_error("--momentum: only fgla, pghi+fgla, hybrid and rtisila use a momentum");
        return CLI_EXIT_USAGE;
    }
    if (m == CLI_PHASE_RTISILA && !o->have_momentum)
        o->job.momentum = stftc_rtisila_config_default().momentum;
    o->job.have_init = o->have_init;
    if (o->have_init && m != CLI_PHASE_GLA && m != CLI_PHASE_FGLA &&
        m != CLI_PHASE_LBFGS && !cli_phase_method_is_proj(m)) {
        cli_error("--init: only gla, fgla, lbfgs, raar, dm, admm and agla take an "
                  "initial phase choice");
        return CLI_EXIT_USAGE;
    }
    if (o->job.memory && !cli_phase_method_is_opt(m)) {
        cli_error("--memory: only lbfgs, pghi+lbfgs and hybrid use L-BFGS");
        return CLI_EXIT_USAGE;
    }
    if (o->job.hybrid_fgla != SIZE_MAX && m != CLI_PHASE_HYBRID) {
        cli_error("--hybrid-fgla: only the hybrid method runs FGLA before its method");
        return CLI_EXIT_USAGE;
    }
    if (o->job.hybrid_method >= 0 && m != CLI_PHASE_HYBRID) {
        cli_error("--hybrid-method: only the hybrid method takes one");
        return CLI_EXIT_USAGE;
    }
    if (o->job.params && !iterative) {
        cli_error("--param: the %s method does not iterate", cli_phase_method_name(m));
        return CLI_EXIT_USAGE;
    }
    if ((o->bins != 0) != (o->mag_path != NULL)) {
        cli_error("--magnitude and --bins go together");
        return CLI_EXIT_USAGE;
    }
    return 0;
}

/* Whole file of float32 magnitudes; checks the size against bins. */
static int read_magnitudes(const char* path, size_t bins, float** out, size_t* nframes)
{
    FILE* fp = fopen(path, "rb");
    if (!fp) {
        cli_error("%s: %s", path, strerror(errno));
        return CLI_EXIT_FAIL;
    }
    struct stat stt;
    if (fstat(fileno(fp), &stt) != 0 || !S_ISREG(stt.st_mode)) {
        cli_error("%s: not a regular file", path);
        fclose(fp);
        return CLI_EXIT_FAIL;
    }
    const unsigned long long size = (unsigned long long)stt.st_size;
    const unsigned long long row = (unsigned long long)bins * sizeof(float);
    if (size == 0 || size % row != 0) {
        cli_error("%s: %llu bytes is not a whole number of frames of %zu float32 bins",
                  path,
                  size,
                  bins);
        fclose(fp);
        return CLI_EXIT_FAIL;
    }
    const size_t nf = (size_t)(size / row);
    float* S = malloc((size_t)size);
    if (!S) {
        cli_error("%s: cannot hold %llu bytes in memory", path, size);
        fclose(fp);
        return CLI_EXIT_FAIL;
    }
    if (fread(S, sizeof(float), nf * bins, fp) != nf * bins) {
        cli_error("%s: read failed", path);
        free(S);
        fclose(fp);
        return CLI_EXIT_FAIL;
    }
    fclose(fp);
    size_t bad = 0;
    for (size_t i = 0; i < nf * bins; i++)
        if (!(S[i] >= 0.0f) || isinf(S[i])) {
            S[i] = 0.0f;
            bad++;
        }
    if (bad)
        fprintf(stderr,
                "stftclean: %s: %zu negative or non-finite magnitudes taken as 0\n",
                path,
                bad);
    *out = S;
    *nframes = nf;
    return 0;
}

static int write_output(
    const char* path, const float* y, size_t n, int cplx, double rate, int have_rate)
{
    const size_t spf = cplx ? 2 : 1;
    if (stftc_iqfmt_from_name(path) == STFTC_IQFMT_WAV) {
        if (!have_rate || !(rate >= 1.0 && rate < 4294967296.0)) {
            cli_error("%s: a WAV output needs the sample rate (--rate)", path);
            return CLI_EXIT_USAGE;
        }
        stftc_iqwav_write_options_t wo = stftc_iqwav_write_options_default();
        wo.format = STFTC_WAV_FLOAT;
        wo.channels = (unsigned)spf;
        wo.sample_rate = (uint32_t)(rate + 0.5);
        stftc_error_t err;
        stftc_iqwav_writer_t* w = stftc_iqwav_create(path, &wo, &err);
        if (!w) {
            cli_error("%s: %s", path, err.msg);
            return CLI_EXIT_FAIL;
        }
        int rc = stftc_iqwav_write(w, y, n) == STFTC_OK ? 0 : CLI_EXIT_FAIL;
        if (stftc_iqwav_writer_close(w, &err) != STFTC_OK)
            rc = CLI_EXIT_FAIL;
        if (rc) {
            cli_error("%s: write failed", path);
            remove(path);
        }
        return rc;
    }
    FILE* fp = fopen(path, "wb");
    if (!fp) {
        cli_error("%s: %s", path, strerror(errno));
        return CLI_EXIT_FAIL;
    }
    int rc = 0;
    if (n && fwrite(y, sizeof(float) * spf, n, fp) != n)
        rc = CLI_EXIT_FAIL;
    if (fclose(fp) != 0)
        rc = CLI_EXIT_FAIL;
    if (rc) {
        cli_error("%s: write failed: %s", path, strerror(errno));
        remove(path);
    }
    return rc;
}

/* The output's extension must be one reconstruct writes (WAV or raw
 * float32) and agree with the sample type. */
static int check_out_name(const char* path, int cplx)
{
    stftc_iqfmt_t f;
    if (cli_out_format_from_name(path,
                                 &f,
                                 "reconstruct writes .wav, .cf32 (complex), .f32 (real) "
                                 "or raw float32 without an extension") != 0)
        return CLI_EXIT_USAGE;
    if (f != STFTC_IQFMT_AUTO && f != STFTC_IQFMT_WAV && f != STFTC_IQFMT_CF32 &&
        f != STFTC_IQFMT_F32) {
        cli_error("%s: reconstruct writes .wav, .cf32 (complex) or .f32 (real) "
                  "float32 samples, not %s",
                  path,
                  stftc_iqfmt_name(f));
        return CLI_EXIT_USAGE;
    }
    if ((f == STFTC_IQFMT_CF32 && !cplx) || (f == STFTC_IQFMT_F32 && cplx)) {
        cli_error("%s: the output is %s samples; its extension says %s",
                  path,
                  cplx ? "complex (cf32)" : "real (f32)",
                  stftc_iqfmt_name(f));
        return CLI_EXIT_USAGE;
    }
    return 0;
}

/* What the phase is rebuilt from: the magnitudes S (nf frames), and with a
 * signal input, the signal x (nsamples after an offset of zeros). */
typedef struct {
    const char* in_name;
    float *S, *x;
    size_t nf, nsamples, offset;
} recon_input_t;

/* --magnitude: the spectrogram from the file. 0 or an exit code. */
static int recon_load_magnitude(recon_opts_t* o, const char* out_path, recon_input_t* d)
{
    stftc_stft_config_t* sc = &o->job.stft;
    d->in_name = o->mag_path;
    const size_t n = sc->fft_size;
    if (o->bins == n && n != n / 2 + 1) {
        sc->sample_type = STFTC_COMPLEX;
    } else if (o->bins == n / 2 + 1) {
        sc->sample_type = STFTC_REAL;
    } else {
        cli_error("--bins: %zu fits neither N = %zu (two-sided, complex) nor N/2+1 = "
                  "%zu (one-sided, real)",
                  o->bins,
                  n,
                  n / 2 + 1);
        return CLI_EXIT_USAGE;
    }
    stftc_error_t err;
    if (stftc_stft_config_check(sc, &err) != STFTC_OK) {
        cli_error("%s", err.msg);
        return CLI_EXIT_USAGE;
    }
    int rc;
    if ((rc = check_out_name(out_path, sc->sample_type == STFTC_COMPLEX)))
        return rc;
    if ((rc = read_magnitudes(o->mag_path, o->bins, &d->S, &d->nf)))
        return rc;
    const size_t l = sc->window_len ? sc->window_len : sc->fft_size;
    d->nsamples = (d->nf - 1) * sc->hop + l;
    return 0;
}

/* The signal in, and its STFT magnitudes. 0 or an exit code. */
static int recon_load_signal(recon_opts_t* o, const char* out_path, recon_input_t* d)
{
    stftc_stft_config_t* sc = &o->job.stft;
    cli_source_t in;
    int rc = cli_source_open(&in, d->in_name, o->fmt, 0);
    if (rc)
        return rc;
    if (cli_source_is_input(&in, out_path)) {
        cli_error("%s: output is the input file; choose another OUT", out_path);
        cli_source_close(&in);
        return CLI_EXIT_USAGE;
    }
    if (in.info.sample_rate > 0 && !o->have_rate) { /* WAV, SigMF */
        o->rate = in.info.sample_rate;
        o->have_rate = 1;
    }
    const size_t spf = in.floats;
    sc->sample_type = spf == 2 ? STFTC_COMPLEX : STFTC_REAL;
    stftc_error_t err;
    if (stftc_stft_config_check(sc, &err) != STFTC_OK) {
        cli_error("%s", err.msg);
        cli_source_close(&in);
        return CLI_EXIT_USAGE;
    }
    if ((rc = check_out_name(out_path, spf == 2))) {
        cli_source_close(&in);
        return rc;
    }
    const size_t l = sc->window_len ? sc->window_len : sc->fft_size, h = sc->hop;
    d->nsamples = in.nsamples;
    d->offset = l - h; /* the zero prefix of the framing */
    /* frames up to the one that starts at or before the last sample: every
     * input sample is then seen by all the frames that overlap it, at both
     * ends (a sample seen only by the tail of the last window is
     * ill-conditioned: the least-squares synthesis divides by a window
     * value near zero there) */
    d->nf = d->nsamples ? (d->offset + d->nsamples - 1) / h + 1 : 1;
    const size_t len = (d->nf - 1) * h + l;
    d->x = calloc(len * spf, sizeof *d->x);
    d->S = malloc(d->nf * stftc_stft_config_bins(sc) * sizeof *d->S);
    if (!d->x || !d->S) {
        cli_error("%s: %zu samples do not fit in memory", d->in_name, d->nsamples);
        cli_source_close(&in);
        return CLI_EXIT_FAIL;
    }
    rc = cli_source_read(&in, d->x + d->offset * spf, d->nsamples);
    cli_source_close(&in);
    if (rc)
        return rc;
    if (cli_phase_magnitudes(sc, d->x, d->nf, d->S) != 0) {
        cli_error("%s: cannot make the STFT", d->in_name);
        return CLI_EXIT_FAIL;
    }
    return 0;
}

/* The summary lines. */
static void recon_summary(const recon_opts_t* o,
                          const recon_input_t* d,
                          const char* out_path,
                          double sc_db,
                          size_t done)
{
    const stftc_stft_config_t* sc = &o->job.stft;
    const cli_phase_method_t m = o->job.method;
    char win[48];
    stftc_window_format(&sc->window, win, sizeof win);
    printf("stftclean: %s -> %s: %zu %s samples, %zu frames of %zu bins (N %zu, hop "
           "%zu, %s)\n",
           d->in_name,
           out_path,
           d->nsamples,
           sc->sample_type == STFTC_COMPLEX ? "complex" : "real",
           d->nf,
           stftc_stft_config_bins(sc),
           sc->fft_size,
           sc->hop,
           win);
    const int iterative = cli_phase_method_iterates(m) && m != CLI_PHASE_RTISILA;
    if (m == CLI_PHASE_RTISILA)
        printf("stftclean: method rtisila, %zu frames of look-ahead, %zu updates "
               "per frame: SC %.2f dB\n",
               o->job.lookahead,
               o->job.iters,
               sc_db);
    else if (iterative)
        printf("stftclean: method %s, %zu iterations: SC %.2f dB\n",
               cli_phase_method_name(m),
               done,
               sc_db);
    else
        printf("stftclean: method %s: SC %.2f dB\n", cli_phase_method_name(m), sc_db);
}

int cli_reconstruct_main(int argc, char** argv)
{
    const double t0 = cli_now();
    recon_opts_t o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc;
    if (o.help) {
        reconstruct_usage(stdout);
        return 0;
    }
    const int npos = o.mag_path ? 1 : 2;
    if (optind + npos != argc) {
        cli_error(o.mag_path ? "reconstruct: expected OUT after the options"
                             : "reconstruct: expected IN and OUT files (see stftclean "
                               "reconstruct --help)");
        return CLI_EXIT_USAGE;
    }
    stftc_stft_config_t* sc = &o.job.stft;
    const char* out_path = argv[argc - 1];
    recon_input_t d;
    memset(&d, 0, sizeof d);
    d.in_name = argv[optind];
    rc = o.mag_path ? recon_load_magnitude(&o, out_path, &d)
                    : recon_load_signal(&o, out_path, &d);
    const size_t spf = sc->sample_type == STFTC_COMPLEX ? 2 : 1;
    const size_t l = sc->window_len ? sc->window_len : sc->fft_size;
    const size_t len = (d.nf - 1) * sc->hop + l;
    float* y = NULL;
    if (rc == 0 && !(y = malloc(len * spf * sizeof *y))) {
        cli_error("reconstruct: %zu output samples do not fit in memory", len);
        rc = CLI_EXIT_FAIL;
    }
    double sc_db = NAN;
    size_t done = 0;
    stftc_error_t err;
    if (rc == 0 && (rc = cli_phase_rebuild(&o.job, d.S, d.nf, y, &sc_db, &done, &err))) {
        cli_error("%s", err.msg);
        rc = rc == STFTC_ERR_INVALID_ARG || rc == STFTC_ERR_NOLA ? CLI_EXIT_USAGE
                                                                 : CLI_EXIT_FAIL;
    } else if (rc == 0) {
        if (!o.mag_path) {
            /* OUT holds only IN's span: report the SC of exactly that (the
             * rebuilt prefix and tail padding are dropped) */
            memset(y, 0, d.offset * spf * sizeof *y);
            const size_t end = d.offset + d.nsamples;
            memset(y + end * spf, 0, (len - end) * spf * sizeof *y);
            sc_db = cli_phase_sc(sc, d.S, d.nf, y);
        }
        rc = write_output(
            out_path, y + d.offset * spf, d.nsamples, spf == 2, o.rate, o.have_rate);
    }
    if (rc == 0 && !o.quiet) {
        recon_summary(&o, &d, out_path, sc_db, done);
        cli_summary(stdout, d.nsamples, o.have_rate ? o.rate : 0.0, cli_now() - t0, NULL);
    }
    free(y);
    free(d.x);
    free(d.S);
    return rc;
}
