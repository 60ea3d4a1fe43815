/* stftclean command-line tool: the transform and mask options (see
 * cli_maskopt.h). The transform options are written here; the mask options
 * come from the core's table of mask parameters. The core checks every
 * range when the mask is created.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"
#include "cli_maskopt.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <stftclean/mask_fields.h>

/* Option codes: field i of the table is CLI_MASKOPT_BASE + 2 i (its value,
 * or "on"), + 2 i + 1 its --no- form (room for 450 fields); the others
 * follow from OTHER. */
#define OTHER (CLI_MASKOPT_BASE + 900)
enum { M_FFT = OTHER, M_HOP, M_WINDOW, M_WINDOW_LEN, M_PLAN, M_MASK_ARGS, M_VERBOSE };

static const struct option other_opts[] = {
    { "fft", required_argument, NULL, M_FFT },
    { "hop", required_argument, NULL, M_HOP },
    { "window", required_argument, NULL, M_WINDOW },
    { "window-len", required_argument, NULL, M_WINDOW_LEN },
    { "plan", required_argument, NULL, M_PLAN },
    { "mask-args", required_argument, NULL, M_MASK_ARGS },
    { "verbose", no_argument, NULL, M_VERBOSE },
};
#define N_OTHER (sizeof other_opts / sizeof other_opts[0])
#define N_TRANSFORM 5 /* the first N_TRANSFORM of them: --fft ... --plan */

/* The usage of the transform options and of the two above. */
static const char* const other_usage[][2] = {
    { "--fft N", "FFT size, any N >= 2 (default 1024)" },
    { "--hop H", "hop in samples (default 256)" },
    { "--window SPEC",
      "hann, hamming, blackman, blackman-harris, kaiser[:BETA], gaussian[:SIGMA], "
      "sqrt-hann, rect (default hann)" },
    { "--window-len L", "window length <= N, zero-padded to N (default N)" },
    { "--plan estimate|measure", "FFTW planning rigour (default estimate)" },
    { "--mask-args K=V,...",
      "the mask options as key=value pairs, applied after them: the names above "
      "(with - or _), e.g. pfa=1e-6,noise_window=0.5,lines=on; tristates take "
      "auto, on or off, flags on or off" },
    { "--verbose",
      "print the mask parameters in effect to stderr, as --mask-args reads them" },
};

/* The field whose option is the sample rate: k/M/G suffixes, > 0, and the
 * command falls back to the file's rate without it. */
static int is_rate(const stftc_mask_field_t* f)
{
    return f->offset == offsetof(stftc_mask_config_t, sample_rate);
}

/* The option's name: the alias, or the name with '-' for '_'. */
static void option_name(const stftc_mask_field_t* f, char* buf, size_t len)
{
    snprintf(buf, len, "%s", f->alias ? f->alias : f->name);
    for (char* p = buf; *p; p++)
        if (*p == '_')
            *p = '-';
}

void cli_maskopt_init(cli_maskopt_t* o)
{
    memset(o, 0, sizeof *o);
    o->stft = stftc_stft_config_default();
    o->mask = stftc_mask_config_default();
    o->mask.type = STFTC_MASK_AUTO; /* the command line cleans unless told not to */
}

struct option* cli_maskopt_longopts(const struct option* own)
{
    const size_t nf = stftc_mask_field_count();
    size_t nown = 0, nopt = N_OTHER, chars = 0;
    while (own && own[nown].name)
        nown++;
    char name[64];
    for (size_t i = 0; i < nf; i++) {
        const stftc_mask_field_t* f = stftc_mask_field_at(i);
        option_name(f, name, sizeof name);
        nopt++;
        chars += strlen(name) + 1;
        if (f->kind == STFTC_MFIELD_TRISTATE) {
            nopt++;
            chars += strlen(name) + 4;
        }
    }
    const size_t head = (nown + nopt + 1) * sizeof(struct option);
    struct option* all = malloc(head + chars);
    if (!all) {
        cli_error("options: out of memory");
        return NULL;
    }
    char* names = (char*)all + head;
    size_t n = 0;
    for (size_t i = 0; i < nown; i++)
        all[n++] = own[i];
    for (size_t i = 0; i < N_OTHER; i++)
        all[n++] = other_opts[i];
    for (size_t i = 0; i < nf; i++) {
        const stftc_mask_field_t* f = stftc_mask_field_at(i);
        const int code = CLI_MASKOPT_BASE + 2 * (int)i;
        const int takes_value =
            f->kind != STFTC_MFIELD_TRISTATE && f->kind != STFTC_MFIELD_FLAG;
        option_name(f, name, sizeof name);
        strcpy(names, name);
        all[n++] = (struct option){
            names, takes_value ? required_argument : no_argument, NULL, code
        };
        names += strlen(names) + 1;
        if (f->kind == STFTC_MFIELD_TRISTATE) {
            sprintf(names, "no-%s", name);
            all[n++] = (struct option){ names, no_argument, NULL, code + 1 };
            names += strlen(names) + 1;
        }
    }
    memset(&all[n], 0, sizeof all[n]);
    return all;
}

static int bad(int* rc, const char* opt, const char* what, const char* arg)
{
    cli_error("--%s: must be %s, got '%s'", opt, what, arg);
    *rc = CLI_EXIT_USAGE;
    return 1;
}

/* The core's sentence names the field ("bands: ..."): name the option. */
static int
field_error(int* rc, const char* opt, const stftc_mask_field_t* f, const char* msg)
{
    const size_t n = strlen(f->name);
    if (!strncmp(msg, f->name, n) && msg[n] == ':')
        msg += n + 1;
    cli_error("--%s:%s%s", opt, *msg == ' ' ? "" : " ", msg);
    *rc = CLI_EXIT_USAGE;
    return 1;
}

static int field_option(cli_maskopt_t* o, int code, const char* arg, int* rc)
{
    const size_t i = (size_t)(code - CLI_MASKOPT_BASE) / 2;
    const stftc_mask_field_t* f = stftc_mask_field_at(i);
    if (!f)
        return 0;
    char opt[64];
    option_name(f, opt, sizeof opt);
    stftc_error_t err;
    double v;
    switch (f->kind) {
    case STFTC_MFIELD_TRISTATE:
    case STFTC_MFIELD_FLAG:
        stftc_mask_field_set(
            &o->mask, f, (code - CLI_MASKOPT_BASE) % 2 ? 0.0 : 1.0, NULL);
        return 1;
    case STFTC_MFIELD_NUMBER:
        if (is_rate(f)) {
            if (cli_parse_rate(arg, &v) != 0)
                return bad(rc, opt, "a sample rate in Hz > 0", arg);
            o->have_rate = 1;
        } else if (cli_parse_double(arg, &v) != 0) {
            cli_error("--%s: must be a number%s%s, got '%s'",
                      opt,
                      *f->unit ? " in " : "",
                      f->unit,
                      arg);
            *rc = CLI_EXIT_USAGE;
            return 1;
        }
        stftc_mask_field_set(&o->mask, f, v, NULL);
        return 1;
    default: /* the mask type, the bands: words the core reads */
        if (stftc_mask_field_parse(&o->mask, f, arg, &err) != STFTC_OK)
            return field_error(rc, opt, f, err.msg);
        return 1;
    }
}

int cli_maskopt_handle(cli_maskopt_t* o, int code, const char* arg, int* rc)
{
    stftc_error_t err;
    *rc = 0;
    if (code < CLI_MASKOPT_BASE || code >= CLI_MASKOPT_END)
        return 0;
    switch (code) {
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
    case M_PLAN:
        if (!strcmp(arg, "estimate"))
            o->stft.plan = STFTC_PLAN_ESTIMATE;
        else if (!strcmp(arg, "measure"))
            o->stft.plan = STFTC_PLAN_MEASURE;
        else
            return bad(rc, "plan", "estimate or measure", arg);
        return 1;
    case M_MASK_ARGS:
        o->mask_args = arg;
        return 1;
    case M_VERBOSE:
        o->verbose = 1;
        return 1;
    default:
        return field_option(o, code, arg, rc);
    }
}

int cli_maskopt_finish(cli_maskopt_t* o)
{
    if (!o->mask_args)
        return 0;
    /* read twice, from two sample rates: the same rate after both means
     * the text gave one (then the file's is not wanted) */
    stftc_mask_config_t a = o->mask, b = o->mask;
    b.sample_rate = -1.0; /* never a rate the options give (> 0) */
    stftc_error_t err;
    if (stftc_mask_config_parse_args(&a, o->mask_args, &err) != STFTC_OK) {
        /* "args: unknown key ..." or the field's own sentence */
        cli_error("--mask-args: %s",
                  strncmp(err.msg, "args: ", 6) ? err.msg : err.msg + 6);
        return CLI_EXIT_USAGE;
    }
    stftc_mask_config_parse_args(&b, o->mask_args, NULL);
    if (a.sample_rate == b.sample_rate || (isnan(a.sample_rate) && isnan(b.sample_rate)))
        o->have_rate = 1;
    o->mask = a;
    return 0;
}

void cli_maskopt_report(const cli_maskopt_t* o, const stftc_mask_config_t* m)
{
    if (!o->verbose)
        return;
    const size_t n = stftc_mask_config_format(m, NULL, 0);
    char* text = malloc(n + 1);
    if (!text)
        return;
    stftc_mask_config_format(m, text, n + 1);
    fprintf(stderr, "stftclean: mask parameters: %s\n", text);
    free(text);
}

/* ------------------------------------------------------------ usage */

#define USAGE_WIDTH 79 /* columns */
#define USAGE_TEXT 23  /* column of the descriptions */

/* Writes the words of text from column *col on, a space between two,
 * wrapped at USAGE_WIDTH with continuation lines at indent. */
static void wrap(FILE* out, const char* text, size_t indent, size_t* col)
{
    int first = 1;
    for (const char* p = text; *p;) {
        while (*p == ' ')
            p++;
        const size_t w = strcspn(p, " ");
        if (!w)
            break;
        if (!first && *col + 1 + w > USAGE_WIDTH) {
            fprintf(out, "\n%*s", (int)indent, "");
            *col = indent;
        } else if (!first) {
            fputc(' ', out);
            (*col)++;
        }
        fprintf(out, "%.*s", (int)w, p);
        *col += w;
        p += w;
        first = 0;
    }
}

/* "  --name VALUE       text...", the text wrapped; after a long head it
 * follows two spaces. */
static void usage_row(FILE* out, const char* head, const char* text)
{
    size_t col = (size_t)fprintf(out, "  %s", head);
    const size_t pad = col + 2 <= USAGE_TEXT ? USAGE_TEXT - col : 2;
    fprintf(out, "%*s", (int)pad, "");
    col += pad;
    wrap(out, text, USAGE_TEXT, &col);
    fputc('\n', out);
}

/* A number as short as %g gives it, whole numbers without an exponent and
 * exponents without leading zeros (-60, 1e-8). */
static void short_number(double v, char* buf, size_t len)
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, len, "%.0f", v);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, v);
        if (strtod(buf, NULL) == v || isnan(v))
            break;
    }
    char* e = strchr(buf, 'e');
    if (e) {
        if (e[1] == '+')
            memmove(e + 1, e + 2, strlen(e + 2) + 1);
        char* d = e + 1 + (e[1] == '-');
        while (d[0] == '0' && d[1])
            memmove(d, d + 1, strlen(d));
    }
}

static const char* metavar(const stftc_mask_field_t* f)
{
    switch (f->kind) {
    case STFTC_MFIELD_TYPE:
        return " TYPE";
    case STFTC_MFIELD_BANDS:
        return " LO:HI,...";
    case STFTC_MFIELD_NUMBER:
        if (is_rate(f))
            return " FS";
        return !strcmp(f->unit, "s")    ? " S"
               : !strcmp(f->unit, "Hz") ? " HZ"
               : !strcmp(f->unit, "dB") ? " DB"
                                        : " X";
    default:
        return "";
    }
}

/* The option with its value ("--pfa X"), or both forms of a tristate. */
static void field_head(const stftc_mask_field_t* f, char* buf, size_t len)
{
    char opt[64];
    option_name(f, opt, sizeof opt);
    if (f->kind == STFTC_MFIELD_TRISTATE)
        snprintf(buf, len, "--%s, --no-%s", opt, opt);
    else
        snprintf(buf, len, "--%s%s", opt, metavar(f));
}

/* "doc; range (default D)" with the command line's defaults. A tristate
 * is on or off by its option: its range ("-1 (auto: ...), 0 or 1") gives
 * only what auto means. */
static void field_text(const stftc_mask_field_t* f,
                       const stftc_mask_config_t* def,
                       char* buf,
                       size_t len)
{
    const double v = stftc_mask_field_get(def, f);
    char num[40];
    switch (f->kind) {
    case STFTC_MFIELD_TYPE:
        snprintf(buf,
                 len,
                 "%s; %s (default %s)",
                 f->doc,
                 f->range,
                 stftc_mask_type_name(def->type));
        break;
    case STFTC_MFIELD_NUMBER:
        short_number(v, num, sizeof num);
        if (is_rate(f))
            snprintf(buf,
                     len,
                     "%s; %s; k/M/G suffixes (default: the file's)",
                     f->doc,
                     f->range);
        else
            snprintf(buf, len, "%s; %s (default %s)", f->doc, f->range, num);
        break;
    case STFTC_MFIELD_TRISTATE: {
        const char* r = f->range;
        const size_t n = !strncmp(r, "-1 (", 4) ? strcspn(r + 4, ")") : 0;
        if (v >= 0)
            snprintf(buf, len, "%s (default %s)", f->doc, v > 0 ? "on" : "off");
        else if (n && r[4 + n] == ')')
            snprintf(buf, len, "%s (default %.*s)", f->doc, (int)n, r + 4);
        else
            snprintf(buf, len, "%s; %s (default auto)", f->doc, r);
        break;
    }
    case STFTC_MFIELD_FLAG: /* its range is "0 or 1": the option says it */
        snprintf(buf, len, "%s", f->doc);
        break;
    default:
        snprintf(buf, len, "%s; %s", f->doc, f->range);
    }
}

/* The option names alone, comma separated and wrapped. */
static void usage_brief(FILE* out)
{
    const size_t nf = stftc_mask_field_count();
    char head[160];
    size_t col = 2;
    fprintf(out, "  ");
    for (size_t i = 0; i < N_OTHER + nf; i++) {
        /* the transform, the mask fields, then --mask-args and --verbose */
        if (i < N_TRANSFORM)
            snprintf(head, sizeof head, "%s", other_usage[i][0]);
        else if (i < N_TRANSFORM + nf)
            field_head(stftc_mask_field_at(i - N_TRANSFORM), head, sizeof head);
        else
            snprintf(head, sizeof head, "%s", other_usage[i - nf][0]);
        if (i + 1 < N_OTHER + nf)
            strncat(head, ",", sizeof head - strlen(head) - 1);
        const size_t w = strlen(head);
        if (col > 2 && col + 1 + w > USAGE_WIDTH) {
            fprintf(out, "\n  ");
            col = 2;
        } else if (col > 2) {
            fputc(' ', out);
            col++;
        }
        fputs(head, out);
        col += w;
    }
    fputc('\n', out);
}

void cli_maskopt_usage(FILE* out, int brief)
{
    if (brief) {
        fprintf(out, " transform and mask, as in stftclean clean (see its --help):\n");
        usage_brief(out);
        return;
    }
    cli_maskopt_t def;
    cli_maskopt_init(&def);
    fprintf(out, " transform:\n");
    for (size_t i = 0; i < N_TRANSFORM; i++)
        usage_row(out, other_usage[i][0], other_usage[i][1]);
    char head[160], text[512];
    /* the parameters of every mask, then those of the estimators */
    for (int scope = STFTC_MFIELD_ALL; scope <= STFTC_MFIELD_ESTIMATOR; scope++) {
        fprintf(out,
                scope == STFTC_MFIELD_ALL
                    ? " mask:\n"
                    : " estimator masks (gate, wiener, cfar, auto):\n");
        for (size_t i = 0; i < stftc_mask_field_count(); i++) {
            const stftc_mask_field_t* f = stftc_mask_field_at(i);
            if ((int)f->scope != scope)
                continue;
            field_head(f, head, sizeof head);
            field_text(f, &def.mask, text, sizeof text);
            usage_row(out, head, text);
        }
    }
    for (size_t i = N_TRANSFORM; i < N_OTHER; i++)
        usage_row(out, other_usage[i][0], other_usage[i][1]);
}
