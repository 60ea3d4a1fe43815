/* gr-stftclean C core: streaming wavelet time scattering.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Definitions in include/stftclean/scattering.h. Each block of N samples is
 * transformed once; every filter then works on bins: a wavelet's bins are
 * weighted and folded into N / d bins (exact subsampling by d), a small
 * inverse FFT gives x * psi every d samples, its modulus is transformed
 * again and the low-pass is folded into N / s bins, whose inverse FFT holds
 * the frames. Bin k of every spectrum is at frequency k / N. */
#include "scattering_internal.h"
#include "transform.h"

#include <float.h>
#include <math.h>
#include <stftclean/vmath.h>
#include <string.h>
#include <volk/volk.h>

typedef struct {
    scat_band_t band; /* on the block spectrum (N bins) */
    unsigned lvl;     /* |x * psi| sampled every 2^lvl samples */
    size_t child0, nchild;
} scat_first_t;

typedef struct {
    unsigned lvl;            /* sampled every 2^lvl samples */
    const scat_band_t* band; /* on the parent's spectrum, in the cache */
} scat_second_t;

struct stftc_scattering {
    stftc_scattering_config_t cfg;
    size_t T, s, N, H, Pp, nfr, mo;
    size_t emit;  /* frames run_block writes: nfr, fewer in flush() */
    unsigned top; /* 2^top: the largest power of two dividing s */
    int cplx;
    size_t n1, n2, count, nb2;
    stftc_scattering_coef_t* coefs;
    char** names; /* count entries into one allocation (scattering_names.c) */
    scat_first_t* first;
    scat_second_t* second;
    scat_band_t* band2;               /* nb2 x SCAT_MAX_LEVELS, built where used */
    scat_band_t phi[SCAT_MAX_LEVELS]; /* low-pass on N >> lvl bins */
    fftwf_plan inv[SCAT_MAX_LEVELS];  /* C2C backward, N >> lvl */
    fftwf_plan r2c[SCAT_MAX_LEVELS];  /* R2C, N >> lvl */
    fftwf_plan fwd;                   /* complex input, C2C forward N */
    fftwf_plan lpinv;                 /* C2C backward N / s */
    float* inbuf;                     /* N samples of the current block */
    size_t fill;
    float *xin, *X, *fold, *z, *u, *U1, *U2, *lp, *lpo;
    float peak_lim;
    /* real spectra are completed from bin ex_* up (the bins the bands read
     * above m / 2): ex_x for the block's (real input), ex_u[lvl] for the
     * moduli sampled every 2^lvl */
    size_t ex_x, ex_u[SCAT_MAX_LEVELS];
};

/* the first bin above m / 2 that band b reads, or m: it reads
 * [start, min(start + len, m)) and, when it wraps, [0, start + len - m) */
static size_t neg_from(const scat_band_t* b, size_t m)
{
    const size_t h = m / 2 + 1, end = b->start + b->len;
    size_t first = m;
    if (b->len && (b->start > h ? b->start : h) < (end < m ? end : m))
        first = b->start > h ? b->start : h;
    if (end > m && end - m > h)
        first = h;
    return first;
}

static void lower(size_t* v, size_t x) { *v = x < *v ? x : *v; }

/* ------------------------------------------------------------ accessors */
const stftc_scattering_config_t* stftc_scattering_config(const stftc_scattering_t* s)
{
    return &s->cfg;
}
size_t stftc_scattering_count(const stftc_scattering_t* s) { return s->count; }
size_t stftc_scattering_order1_count(const stftc_scattering_t* s) { return s->n1; }
const stftc_scattering_coef_t* stftc_scattering_coefs(const stftc_scattering_t* s)
{
    return s->coefs;
}
size_t stftc_scattering_stride(const stftc_scattering_t* s) { return s->s; }
size_t stftc_scattering_T(const stftc_scattering_t* s) { return s->T; }
size_t stftc_scattering_latency(const stftc_scattering_t* s) { return s->Pp + s->H - 1; }
size_t stftc_scattering_support(const stftc_scattering_t* s) { return s->Pp; }
size_t stftc_scattering_block(const stftc_scattering_t* s) { return s->N; }
size_t stftc_scattering_hop(const stftc_scattering_t* s) { return s->H; }

const char* stftc_scattering_name(const stftc_scattering_t* s, size_t i)
{
    return i < s->count ? s->names[i] : NULL;
}

size_t stftc_scattering_frames_for(const stftc_scattering_t* s, size_t n_in)
{
    if (n_in < s->N - s->fill)
        return 0;
    return ((n_in - (s->N - s->fill)) / s->H + 1) * s->nfr;
}

size_t stftc_scattering_samples_for(const stftc_scattering_t* s, size_t frames)
{
    if (frames == 0)
        return 0;
    return s->N - s->fill + (frames - 1) / s->nfr * s->H;
}

/* the frame centred on the block's sample Pp is the next one to write; the
 * block holds the received samples up to fill - 1 */
size_t stftc_scattering_flush_frames(const stftc_scattering_t* s)
{
    return s->fill > s->Pp ? (s->fill - 1 - s->Pp) / s->s + 1 : 0;
}

void stftc_scattering_reset(stftc_scattering_t* s)
{
    const size_t spf = s->cplx ? 2 : 1;
    memset(s->inbuf, 0, s->Pp * spf * sizeof(float));
    s->fill = s->Pp; /* the zeros before the stream */
}

/* ------------------------------------------------------------ destroy */
void stftc_scattering_destroy(stftc_scattering_t* s)
{
    if (!s)
        return;
    for (size_t l = 0; s->first && l < s->n1; l++)
        scat_band_free(&s->first[l].band);
    for (size_t i = 0; s->band2 && i < s->nb2 * SCAT_MAX_LEVELS; i++)
        scat_band_free(&s->band2[i]);
    for (int l = 0; l < SCAT_MAX_LEVELS; l++) {
        scat_band_free(&s->phi[l]);
        stftc_destroy_plan(s->inv[l]);
        stftc_destroy_plan(s->r2c[l]);
    }
    stftc_destroy_plan(s->fwd);
    stftc_destroy_plan(s->lpinv);
    stftc_free(s->coefs);
    stftc_free(s->names);
    stftc_free(s->first);
    stftc_free(s->second);
    stftc_free(s->band2);
    float* bufs[] = { s->inbuf, s->xin, s->X,  s->fold, s->z,
                      s->u,     s->U1,  s->U2, s->lp,   s->lpo };
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        stftc_free(bufs[i]);
    stftc_free(s);
}

/* ------------------------------------------------------------ create */
static double time_support(double sigma)
{
    return SCAT_TIME_SIGMAS / (2.0 * M_PI * sigma);
}

/* order-1 and order-2 counts: the second order only below the parent's
 * band, both signs for complex input */
static void count_paths(int cplx,
                        int order2,
                        const scat_wavelet_t* b1,
                        size_t nb1,
                        const scat_wavelet_t* b2,
                        size_t nb2,
                        size_t* n1,
                        size_t* n2)
{
    *n1 = cplx ? 2 * nb1 : nb1;
    *n2 = 0;
    for (size_t i = 0; i < nb1; i++)
        for (size_t j = 0; order2 && j < nb2; j++)
            if (b2[j].xi < scat_bandwidth(b1[i].sigma))
                *n2 += cplx ? 2 : 1;
}

/* order-1 and order-2 lists and the geometry; no big buffers yet */
static int plan_paths(stftc_scattering_t* s,
                      const scat_wavelet_t* b1,
                      size_t nb1,
                      const scat_wavelet_t* b2,
                      size_t nb2,
                      stftc_error_t* err)
{
    const stftc_scattering_config_t* c = &s->cfg;
    const int order2 = c->max_order == 2;
    count_paths(s->cplx, order2, b1, nb1, b2, nb2, &s->n1, &s->n2);
    double smin1 = 1.0, smin2 = 1.0;
    for (size_t i = 0; i < nb1; i++) {
        smin1 = fmin(smin1, b1[i].sigma);
        for (size_t j = 0; order2 && j < nb2; j++)
            if (b2[j].xi < scat_bandwidth(b1[i].sigma))
                smin2 = fmin(smin2, b2[j].sigma);
    }
    s->count = 1 + s->n1 + s->n2;
    const double sphi = SCAT_SIGMA0 / (double)s->T;
    const double sup = time_support(sphi) + time_support(smin1) +
                       (s->n2 ? time_support(smin2) : 0.0) + 2.0 * (double)s->s;
    if (!(sup < (double)STFTC_MAX_FFT_SIZE))
        return stftc_fail(err, STFTC_ERR_INVALID_ARG, "J: support too long");
    s->Pp = ((size_t)ceil(sup) + s->s - 1) / s->s * s->s;
    size_t n = s->s * 2;
    while (n < 8 * s->Pp || n < 2 * s->Pp + s->s)
        n *= 2;
    if (n > STFTC_MAX_FFT_SIZE)
        return stftc_fail(
            err,
            STFTC_ERR_INVALID_ARG,
            "J: blocks of %zu samples (J = %zu, T = %zu) pass the limit %zu",
            n,
            c->J,
            s->T,
            (size_t)STFTC_MAX_FFT_SIZE);
    s->N = n;
    s->H = n - 2 * s->Pp;
    s->nfr = s->H / s->s;
    s->mo = n / s->s;
    return STFTC_OK;
}

/* bins of a wavelet's table on a sequence of m bins (scat_band_build) */
static size_t table_span(double xi, double sigma, size_t n, size_t m)
{
    const double reach = SCAT_TRUNC_SIGMAS * sigma;
    const double lo = exp(-xi * xi / (2 * sigma * sigma)) > 1e-7
                          ? fmin(xi - reach, -reach)
                          : xi - reach;
    const double span = (xi + reach - lo) * (double)n + 1.0;
    return span < (double)m ? (size_t)span : m;
}

/* floats of the tables build_tables allocates (the order-1 tables and one
 * order-2 table per wavelet and parent rate) */
static size_t table_floats(const stftc_scattering_t* s,
                           const scat_wavelet_t* b1,
                           size_t nb1,
                           const scat_wavelet_t* b2,
                           size_t nb2)
{
    size_t total = 0;
    uint32_t levels[1024] = { 0 }; /* per order-2 wavelet: the parent levels */
    for (size_t i = 0; i < nb1; i++) {
        total += table_span(b1[i].xi, b1[i].sigma, s->N, s->N) * (s->cplx ? 2 : 1);
        const unsigned l = scat_decim_level(b1[i].sigma, s->cfg.oversampling, 0, s->top);
        for (size_t j = 0; s->n2 && j < nb2 && j < 1024; j++)
            if (b2[j].xi < scat_bandwidth(b1[i].sigma))
                levels[j] |= (uint32_t)1 << l;
    }
    for (size_t j = 0; j < nb2 && j < 1024; j++)
        for (unsigned l = 0; l < SCAT_MAX_LEVELS; l++)
            if (levels[j] >> l & 1)
                total += table_span(b2[j].xi, b2[j].sigma, s->N, s->N >> l);
    return total;
}

static int build_tables(stftc_scattering_t* s,
                        const scat_wavelet_t* b1,
                        size_t nb1,
                        const scat_wavelet_t* b2,
                        size_t nb2)
{
    const stftc_scattering_config_t* c = &s->cfg;
    const double fs = c->sample_rate;
    const double sphi = SCAT_SIGMA0 / (double)s->T;
    s->coefs = stftc_alloc(s->count * sizeof *s->coefs);
    s->first = stftc_alloc(s->n1 * sizeof *s->first);
    s->second = stftc_alloc((s->n2 + 1) * sizeof *s->second);
    s->nb2 = nb2;
    s->band2 = stftc_alloc((nb2 + 1) * SCAT_MAX_LEVELS * sizeof *s->band2);
    if (!s->coefs || !s->first || !s->second || !s->band2)
        return STFTC_ERR_NOMEM;
    s->coefs[0] =
        (stftc_scattering_coef_t){ 0, -1, 0.0, scat_bandwidth(sphi) * fs, sphi, s->s };
    int used[SCAT_MAX_LEVELS] = { 1 }; /* level 0: order 0, real input's FFT */
    s->ex_x = s->N;
    for (unsigned l = 0; l < SCAT_MAX_LEVELS; l++)
        s->ex_u[l] = s->N >> l;
    size_t k2 = 0;
    for (size_t l = 0; l < s->n1; l++) {
        /* ascending centres: the mirrors of the bank from the top, then the
         * bank from the bottom */
        const int neg = s->cplx && l < nb1;
        const scat_wavelet_t w = neg ? b1[l] : b1[s->n1 - 1 - l];
        const double xi = neg ? -w.xi : w.xi;
        scat_first_t* f = &s->first[l];
        f->lvl = scat_decim_level(w.sigma, c->oversampling, 0, s->top);
        used[f->lvl] = 1;
        if (scat_band_build(&f->band, xi, w.sigma, 0, s->N, s->N) != STFTC_OK)
            return STFTC_ERR_NOMEM;
        lower(&s->ex_x, neg_from(&f->band, s->N));
        s->coefs[1 + l] = (stftc_scattering_coef_t){
            1, -1, xi * fs, scat_bandwidth(w.sigma) * fs, w.sigma, (size_t)1 << f->lvl
        };
        f->child0 = k2;
        for (size_t jj = 0; c->max_order == 2 && jj < nb2; jj++) {
            const size_t j = nb2 - 1 - jj; /* ascending */
            if (!(b2[j].xi < scat_bandwidth(w.sigma)))
                continue;
            scat_second_t* p = &s->second[k2];
            p->lvl = scat_decim_level(b2[j].sigma, c->oversampling, f->lvl, s->top);
            used[p->lvl] = 1;
            scat_band_t* cb = &s->band2[j * SCAT_MAX_LEVELS + f->lvl];
            if (!cb->w &&
                scat_band_build(cb, b2[j].xi, b2[j].sigma, 0, s->N, s->N >> f->lvl) !=
                    STFTC_OK)
                return STFTC_ERR_NOMEM;
            p->band = cb;
            lower(&s->ex_u[f->lvl], neg_from(cb, s->N >> f->lvl));
            s->coefs[1 + s->n1 + k2] =
                (stftc_scattering_coef_t){ 2,
                                           (long)(1 + l),
                                           b2[j].xi * fs,
                                           scat_bandwidth(b2[j].sigma) * fs,
                                           b2[j].sigma,
                                           (size_t)1 << p->lvl };
            k2++;
        }
        f->nchild = k2 - f->child0;
    }
    for (unsigned l = 0; l <= s->top; l++) {
        if (!used[l])
            continue;
        const size_t m = s->N >> l;
        if (scat_band_build(&s->phi[l], 0.0, sphi, 1, s->N, m) != STFTC_OK)
            return STFTC_ERR_NOMEM;
        lower(&s->ex_u[l], neg_from(&s->phi[l], m));
        if (l == 0)
            lower(&s->ex_x, neg_from(&s->phi[0], m));
        stftc_plan_request_t inv = {
            STFTC_PLAN_C2C_INV, (int)m, 1, (int)m, (int)m, s->fold, s->z, c->plan
        };
        stftc_plan_request_t r2c = { STFTC_PLAN_R2C,   (int)m, 1,     (int)m,
                                     (int)(m / 2 + 1), s->u,   s->U1, c->plan };
        s->inv[l] = stftc_make_plan(&inv);
        s->r2c[l] = stftc_make_plan(&r2c);
        if (!s->inv[l] || !s->r2c[l])
            return STFTC_ERR_FFTW;
    }
    stftc_plan_request_t lp = { STFTC_PLAN_C2C_INV, (int)s->mo, 1,      (int)s->mo,
                                (int)s->mo,         s->lp,      s->lpo, c->plan };
    s->lpinv = stftc_make_plan(&lp);
    if (!s->lpinv)
        return STFTC_ERR_FFTW;
    if (s->cplx) {
        stftc_plan_request_t fw = { STFTC_PLAN_C2C_FWD, (int)s->N, 1,    (int)s->N,
                                    (int)s->N,          s->xin,    s->X, c->plan };
        s->fwd = stftc_make_plan(&fw);
        if (!s->fwd)
            return STFTC_ERR_FFTW;
    }
    return STFTC_OK;
}

size_t stftc_scattering_count_for(const stftc_scattering_config_t* cfg,
                                  stftc_error_t* err)
{
    if (stftc_scattering_config_check(cfg, err) != STFTC_OK)
        return 0;
    const size_t nmax1 = scat_bank_max(cfg->J, cfg->Q1),
                 nmax2 = scat_bank_max(cfg->J, cfg->Q2);
    scat_wavelet_t* b1 = stftc_alloc(nmax1 * sizeof *b1);
    scat_wavelet_t* b2 = stftc_alloc(nmax2 * sizeof *b2);
    size_t n1 = 0, n2 = 0, count = 0;
    if (b1 && b2) {
        const size_t nb1 = scat_bank_design(cfg->J, cfg->Q1, b1, nmax1);
        const size_t nb2 = scat_bank_design(cfg->J, cfg->Q2, b2, nmax2);
        count_paths(cfg->sample_type == STFTC_COMPLEX,
                    cfg->max_order == 2,
                    b1,
                    nb1,
                    b2,
                    nb2,
                    &n1,
                    &n2);
        count = 1 + n1 + n2;
    } else {
        stftc_fail(err, STFTC_ERR_NOMEM, "scattering: out of memory");
    }
    stftc_free(b1);
    stftc_free(b2);
    return count;
}

static stftc_scattering_t* scattering_create_body(const stftc_scattering_config_t* cfg,
                                                  stftc_error_t* err)
{
    if (stftc_scattering_config_check(cfg, err) != STFTC_OK)
        return NULL;
    const size_t nmax1 = scat_bank_max(cfg->J, cfg->Q1),
                 nmax2 = scat_bank_max(cfg->J, cfg->Q2);
    scat_wavelet_t* b1 = stftc_alloc(nmax1 * sizeof *b1);
    scat_wavelet_t* b2 = stftc_alloc(nmax2 * sizeof *b2);
    stftc_scattering_t* s = stftc_alloc(sizeof *s);
    if (!b1 || !b2 || !s) {
        stftc_free(b1);
        stftc_free(b2);
        stftc_free(s);
        stftc_fail(err, STFTC_ERR_NOMEM, "scattering: out of memory");
        return NULL;
    }
    s->cfg = *cfg;
    s->cplx = cfg->sample_type == STFTC_COMPLEX;
    if (scat_geometry(cfg, &s->T, &s->s, err) != STFTC_OK) /* checked: no error */
        goto fail_quiet;
    s->top = 0;
    while (s->top + 1 < SCAT_MAX_LEVELS && s->s % ((size_t)2 << s->top) == 0)
        s->top++;
    const size_t nb1 = scat_bank_design(cfg->J, cfg->Q1, b1, nmax1);
    const size_t nb2 = scat_bank_design(cfg->J, cfg->Q2, b2, nmax2);
    int rc = plan_paths(s, b1, nb1, b2, nb2, err);
    if (rc != STFTC_OK)
        goto fail_quiet;
    const size_t spf = s->cplx ? 2 : 1, n = s->N;
    /* the block-sized buffers and (a lower bound of) the tables, refused
     * before the slow work when too big */
    const size_t need = n * sizeof(float) * (2 * spf + 14) +
                        table_floats(s, b1, nb1, b2, nb2) * sizeof(float);
    if (stftc_budget_expect(need) != 0) {
        rc = stftc_fail(err,
                        STFTC_ERR_NOMEM,
                        "J: blocks of %zu samples and %zu MiB of filter tables pass "
                        "the memory budget (%zu MiB)",
                        n,
                        need >> 20,
                        stftc_get_memory_budget());
        goto fail_quiet;
    }
    s->inbuf = stftc_alloc(n * spf * sizeof(float));
    s->xin = stftc_alloc(n * spf * sizeof(float));
    s->X = stftc_alloc(2 * n * sizeof(float));
    s->fold = stftc_alloc(2 * n * sizeof(float));
    s->z = stftc_alloc(2 * n * sizeof(float));
    s->u = stftc_alloc(n * sizeof(float));
    s->U1 = stftc_alloc(2 * n * sizeof(float));
    s->U2 = stftc_alloc(2 * n * sizeof(float));
    s->lp = stftc_alloc(2 * s->mo * sizeof(float));
    s->lpo = stftc_alloc(2 * s->mo * sizeof(float));
    if (!s->inbuf || !s->xin || !s->X || !s->fold || !s->z || !s->u || !s->U1 || !s->U2 ||
        !s->lp || !s->lpo)
        rc = STFTC_ERR_NOMEM;
    else
        rc = build_tables(s, b1, nb1, b2, nb2);
    if (rc == STFTC_OK)
        rc = scat_names_build(s->coefs, s->count, &s->names);
    if (rc == STFTC_ERR_FFTW)
        stftc_fail(err, rc, "J: FFTW could not plan the block of %zu samples", n);
    else if (rc != STFTC_OK)
        stftc_fail(err, rc, "scattering: out of memory (blocks of %zu samples)", n);
    if (rc != STFTC_OK)
        goto fail_quiet;
    /* block samples at most peak_lim keep every intermediate value and its
     * square inside float32 (2^56 N^-1 bounds the block's spectrum) */
    int lg = 0;
    while (((size_t)1 << lg) < n)
        lg++;
    s->peak_lim = ldexpf(1.0f, 56 - lg);
    s->emit = s->nfr;
    stftc_free(b1);
    stftc_free(b2);
    stftc_scattering_reset(s);
    stftc_ok(err);
    return s;
fail_quiet:
    stftc_free(b1);
    stftc_free(b2);
    stftc_scattering_destroy(s);
    return NULL;
}

stftc_scattering_t* stftc_scattering_create(const stftc_scattering_config_t* cfg,
                                            stftc_error_t* err)
{
    stftc_budget_begin();
    return stftc_budget_end(scattering_create_body(cfg, err), err);
}

/* ------------------------------------------------------------ process */
/* dst (mo bins) = the bins of src (m bins) weighted by band b, folded */
static void
fold_band(float* dst, size_t mo, const float* src, size_t m, const scat_band_t* b)
{
    memset(dst, 0, 2 * mo * sizeof(float));
    size_t si = b->start, di = b->start % mo, j = 0;
    const float* w = b->w;
    while (j < b->len) {
        /* a run that wraps neither index */
        size_t run = b->len - j;
        if (run > m - si)
            run = m - si;
        if (run > mo - di)
            run = mo - di;
        float* d = dst + 2 * di;
        const float* sp = src + 2 * si;
        const float* wj = w + j;
        for (size_t i = 0; i < run; i++) {
            d[2 * i] += sp[2 * i] * wj[i];
            d[2 * i + 1] += sp[2 * i + 1] * wj[i];
        }
        j += run;
        si += run;
        di += run;
        if (si == m)
            si = 0;
        if (di == mo)
            di = 0;
    }
}

/* the bins from..m-1 of a real sequence's R2C output (m/2+1 bins) */
static void expand_conj(float* X, size_t m, size_t from)
{
    for (size_t k = from; k < m; k++) {
        X[2 * k] = X[2 * (m - k)];
        X[2 * k + 1] = -X[2 * (m - k) + 1];
    }
}

/* the low-pass of the sequence whose spectrum U has m bins, at the block's
 * frames, times norm, into coefficient c of each frame */
static void lowpass_frames(stftc_scattering_t* s,
                           const float* U,
                           size_t m,
                           unsigned lvl,
                           float norm,
                           float* out,
                           size_t c,
                           int modulus)
{
    fold_band(s->lp, s->mo, U, m, &s->phi[lvl]);
    fftwf_execute_dft(s->lpinv, (fftwf_complex*)s->lp, (fftwf_complex*)s->lpo);
    const float* o = s->lpo + 2 * (s->Pp / s->s);
    for (size_t j = 0; j < s->emit; j++) {
        const float re = o[2 * j], im = o[2 * j + 1];
        out[j * s->count + c] = (modulus ? sqrtf(re * re + im * im) : re) * norm;
    }
}

/* |inverse FFT of the folded band| / norm into u (m = N >> lvl samples),
 * then its spectrum into U (m bins) */
static void modulus_spectrum(stftc_scattering_t* s,
                             const float* src,
                             size_t msrc,
                             const scat_band_t* b,
                             unsigned lvl,
                             float norm,
                             float* U)
{
    const size_t m = s->N >> lvl;
    fold_band(s->fold, m, src, msrc, b);
    fftwf_execute_dft(s->inv[lvl], (fftwf_complex*)s->fold, (fftwf_complex*)s->z);
    volk_32fc_magnitude_32f(s->u, (const lv_32fc_t*)s->z, (unsigned)m);
    volk_32f_s32f_multiply_32f(s->u, s->u, norm, (unsigned)m);
    fftwf_execute_dft_r2c(s->r2c[lvl], s->u, (fftwf_complex*)U);
    expand_conj(U, m, s->ex_u[lvl]);
}

/* copy the block into xin with non-finite samples zeroed; returns the
 * scale exponent and the range of bad samples (bad_lo > bad_hi: none) */
static int load_block(stftc_scattering_t* s, long* bad_lo, long* bad_hi)
{
    const size_t nf = s->cplx ? 2 * s->N : s->N;
    const unsigned sh = s->cplx ? 1 : 0;
    const float* in = s->inbuf;
    float* x = s->xin;
    long lo = (long)s->N, hi = -1;
    float peak = 0.0f;
    int bad = 0;
    /* the usual all-finite block in one vector pass */
#pragma omp simd reduction(max : peak) reduction(| : bad)
    for (size_t i = 0; i < nf; i++) {
        const float a = fabsf(in[i]);
        x[i] = in[i];
        bad |= !(a <= FLT_MAX);
        peak = a > peak ? a : peak;
    }
    if (bad) {
        peak = 0.0f;
        for (size_t i = 0; i < nf; i++) {
            if (!isfinite(x[i])) {
                const long k = (long)(i >> sh);
                lo = k < lo ? k : lo;
                hi = k;
                x[i] = 0.0f;
            }
            peak = fmaxf(peak, fabsf(x[i]));
        }
    }
    *bad_lo = lo;
    *bad_hi = hi;
    if (!(peak > s->peak_lim))
        return 0;
    const int e = stftc_scale_exp(peak, s->peak_lim);
    const float g = ldexpf(1.0f, -e);
    for (size_t i = 0; i < nf; i++)
        x[i] *= g;
    return e;
}

static void
finish_frames(stftc_scattering_t* s, float* out, int e, long bad_lo, long bad_hi)
{
    const size_t total = s->emit * s->count;
    if (e) {
        const float g = ldexpf(1.0f, e);
        for (size_t i = 0; i < total; i++)
            out[i] *= g;
    }
    if (s->cfg.log) {
        const float eps = (float)s->cfg.log_eps;
        for (size_t i = 0; i < total; i++)
            out[i] = logf(fmaxf(out[i], 0.0f) + eps);
    }
    for (size_t j = 0; bad_lo <= bad_hi && j < s->emit; j++) {
        const long c = (long)(s->Pp + j * s->s), p = (long)s->Pp;
        if (c - p <= bad_hi && c + p >= bad_lo)
            for (size_t i = 0; i < s->count; i++)
                out[j * s->count + i] = NAN;
    }
}

static void run_block(stftc_scattering_t* s, float* out)
{
    const size_t n = s->N;
    long bad_lo, bad_hi;
    const int e = load_block(s, &bad_lo, &bad_hi);
    if (s->cplx) {
        fftwf_execute_dft(s->fwd, (fftwf_complex*)s->xin, (fftwf_complex*)s->X);
    } else {
        fftwf_execute_dft_r2c(s->r2c[0], s->xin, (fftwf_complex*)s->X);
        expand_conj(s->X, n, s->ex_x);
    }
    lowpass_frames(s, s->X, n, 0, 1.0f / (float)n, out, 0, 1);
    for (size_t l = 0; l < s->n1; l++) {
        const scat_first_t* f = &s->first[l];
        const size_t m = n >> f->lvl;
        modulus_spectrum(s, s->X, n, &f->band, f->lvl, 1.0f / (float)n, s->U1);
        lowpass_frames(s, s->U1, m, f->lvl, 1.0f / (float)m, out, 1 + l, 0);
        for (size_t k = f->child0; k < f->child0 + f->nchild; k++) {
            const scat_second_t* p = &s->second[k];
            const size_t m2 = n >> p->lvl;
            modulus_spectrum(s, s->U1, m, p->band, p->lvl, 1.0f / (float)m, s->U2);
            lowpass_frames(s, s->U2, m2, p->lvl, 1.0f / (float)m2, out, 1 + s->n1 + k, 0);
        }
    }
    finish_frames(s, out, e, bad_lo, bad_hi);
}

size_t
stftc_scattering_process(stftc_scattering_t* s, const float* in, size_t n_in, float* out)
{
    const size_t spf = s->cplx ? 2 : 1;
    size_t done = 0, frames = 0;
    while (done < n_in) {
        size_t take = s->N - s->fill;
        if (take > n_in - done)
            take = n_in - done;
        memcpy(s->inbuf + s->fill * spf, in + done * spf, take * spf * sizeof(float));
        s->fill += take;
        done += take;
        if (s->fill == s->N) {
            run_block(s, out + frames * s->count);
            frames += s->nfr;
            memmove(s->inbuf, s->inbuf + s->H * spf, (s->N - s->H) * spf * sizeof(float));
            s->fill = s->N - s->H;
        }
    }
    return frames;
}

size_t stftc_scattering_flush(stftc_scattering_t* s, float* out)
{
    const size_t spf = s->cplx ? 2 : 1;
    size_t left = stftc_scattering_flush_frames(s), frames = 0;
    while (left > 0) {
        /* the zeros process() would be fed, then the block as it runs it */
        memset(s->inbuf + s->fill * spf, 0, (s->N - s->fill) * spf * sizeof(float));
        s->emit = left < s->nfr ? left : s->nfr;
        run_block(s, out + frames * s->count);
        frames += s->emit;
        left -= s->emit;
        memmove(s->inbuf, s->inbuf + s->H * spf, (s->N - s->H) * spf * sizeof(float));
        s->fill = s->N - s->H;
    }
    s->emit = s->nfr;
    stftc_scattering_reset(s);
    return frames;
}
