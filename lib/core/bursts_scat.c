/* gr-stftclean C core: the burst segmenter's scattering summary.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Behaviour in include/stftclean/bursts.h. The frames are turned back into
 * a signal (ISTFT) and scattered as they come; the detector runs delay
 * frames behind, so that when it passes a frame every scattering frame
 * centred before that frame's end is already in the ring. The detector
 * then hands the scattering frames it passes to the open burst (active
 * frames), to a gap (frames of a burst still open but inactive, which join
 * it if it goes on) or to nobody; the ring keeps those it passed in the
 * last lookback frames, since a burst's start may lie that far back. */
#include "bursts_scat.h"
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stftclean/stft.h>
#include <stftclean/vmath.h>
#include <string.h>

/* Welford moments of count coefficients */
typedef struct {
    uint64_t n;
    double *mean, *m2;
} moments_t;

struct bscat {
    stftc_istft_t* istft;
    stftc_scattering_t* sc;
    size_t nb, H, spf, count, stride, delay;
    int64_t off; /* signal sample of scattering input sample 0 */
    /* delay line: delay + 1 slots of power and gain */
    float *line_power, *line_gain;
    int* line_has_gain;
    uint64_t pushed, returned;
    /* transforms */
    float *zeros, *tbuf, *sbuf;
    /* ring of scattering frames: frame n in slot n % cap */
    float* ring;
    size_t cap;
    uint64_t n_prod, n_cons;
    moments_t burst, gap;
    float *out_mean, *out_std;
};

static void moments_clear(moments_t* m, size_t count)
{
    m->n = 0;
    memset(m->mean, 0, count * sizeof(double));
    memset(m->m2, 0, count * sizeof(double));
}

static void moments_add(moments_t* m, const float* x, size_t count)
{
    m->n++;
    const double inv = 1.0 / (double)m->n;
    for (size_t i = 0; i < count; i++) {
        const double d = (double)x[i] - m->mean[i];
        m->mean[i] += d * inv;
        m->m2[i] += d * ((double)x[i] - m->mean[i]);
    }
}

/* a += b (Chan et al.'s pairwise update), b cleared */
static void moments_merge(moments_t* a, moments_t* b, size_t count)
{
    if (b->n == 0)
        return;
    const double na = (double)a->n, nb = (double)b->n, n = na + nb;
    for (size_t i = 0; i < count; i++) {
        const double d = b->mean[i] - a->mean[i];
        a->mean[i] += d * nb / n;
        a->m2[i] += b->m2[i] + d * d * na * nb / n;
    }
    a->n += b->n;
    moments_clear(b, count);
}

/* ------------------------------------------------------------ config */
static size_t resolved_T(const stftc_scattering_config_t* c)
{
    return c->T ? c->T : (size_t)1 << c->J;
}

/* the transform the summary runs: the features' sample type and rate, the
 * stride of several frames per T */
static stftc_scattering_config_t scat_config(const stftc_bursts_config_t* cfg)
{
    stftc_scattering_config_t c = cfg->scat;
    c.sample_type = cfg->features.sample_type;
    c.sample_rate = cfg->features.sample_rate;
    if (c.stride == 0 && c.stride_s == 0.0 && c.J >= 1 && c.J <= 16) {
        size_t T = resolved_T(&c);
        if (c.T == 0 && c.T_s > 0.0 && c.T_s * c.sample_rate < 1048576.0)
            T = (size_t)llround(c.T_s * c.sample_rate);
        const size_t q = T / 4;
        size_t s = 1;
        while (2 * s <= q)
            s *= 2;
        c.stride = s;
    }
    return c;
}

static stftc_stft_config_t istft_config(const stftc_bursts_config_t* cfg)
{
    stftc_stft_config_t c = stftc_stft_config_default();
    c.fft_size = cfg->features.fft_size;
    c.hop = cfg->hop;
    c.window_len = cfg->window_len;
    c.window = cfg->window;
    c.sample_type = cfg->features.sample_type;
    c.centered = cfg->features.centered;
    c.plan = cfg->scat.plan;
    return c;
}

int bscat_config_check(const stftc_bursts_config_t* cfg, stftc_error_t* err)
{
    if (cfg->window_len > cfg->features.fft_size)
        return stftc_fail(
            err,
            STFTC_ERR_INVALID_ARG,
            "window_len: must be 0 (fft_size) or <= fft_size = %zu, got %zu",
            cfg->features.fft_size,
            cfg->window_len);
    stftc_error_t e;
    const stftc_stft_config_t sc = istft_config(cfg);
    int rc = stftc_stft_config_check(&sc, &e);
    if (rc != STFTC_OK)
        return stftc_fail(err,
                          rc,
                          "scattering: the summary turns the frames back into a "
                          "signal, which this window and hop cannot do: %s",
                          e.msg);
    const stftc_scattering_config_t c = scat_config(cfg);
    rc = stftc_scattering_config_check(&c, &e);
    if (rc != STFTC_OK)
        return stftc_fail(err, rc, "scat_%s", e.msg);
    stftc_ok(err);
    return STFTC_OK;
}

/* ------------------------------------------------------------ life */
void bscat_destroy(bscat_t* s)
{
    if (!s)
        return;
    stftc_istft_destroy(s->istft);
    stftc_scattering_destroy(s->sc);
    float* bufs[] = { s->line_power, s->line_gain, s->zeros,    s->tbuf,
                      s->sbuf,       s->ring,      s->out_mean, s->out_std };
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        stftc_free(bufs[i]);
    stftc_free(s->line_has_gain);
    stftc_free(s->burst.mean);
    stftc_free(s->burst.m2);
    stftc_free(s->gap.mean);
    stftc_free(s->gap.m2);
    stftc_free(s);
}

static int alloc_buffers(bscat_t* s, size_t lookback)
{
    const size_t nb = s->nb, c = s->count, slots = s->delay + 1;
    const size_t Hs = stftc_scattering_hop(s->sc);
    const size_t per_hop = Hs / s->stride; /* frames of one scattering block */
    /* frames one push can complete: the blocks H samples may finish */
    const size_t sframes = (s->H / Hs + 2) * per_hop;
    /* frames passed in the last lookback frames plus those ahead of the
     * detector (delay frames and the block the scattering holds) */
    s->cap =
        ((lookback + s->delay + 4) * s->H + stftc_scattering_latency(s->sc)) / s->stride +
        sframes + 4;
    s->line_power = stftc_alloc(slots * nb * sizeof(float));
    s->line_gain = stftc_alloc(slots * nb * sizeof(float));
    s->line_has_gain = stftc_alloc(slots * sizeof(int));
    s->zeros = stftc_alloc(2 * nb * sizeof(float));
    s->tbuf = stftc_alloc(s->H * s->spf * sizeof(float));
    s->sbuf = stftc_alloc(sframes * c * sizeof(float));
    s->ring = stftc_alloc(s->cap * c * sizeof(float));
    s->out_mean = stftc_alloc(c * sizeof(float));
    s->out_std = stftc_alloc(c * sizeof(float));
    s->burst.mean = stftc_alloc(c * sizeof(double));
    s->burst.m2 = stftc_alloc(c * sizeof(double));
    s->gap.mean = stftc_alloc(c * sizeof(double));
    s->gap.m2 = stftc_alloc(c * sizeof(double));
    return s->line_power && s->line_gain && s->line_has_gain && s->zeros && s->tbuf &&
           s->sbuf && s->ring && s->out_mean && s->out_std && s->burst.mean &&
           s->burst.m2 && s->gap.mean && s->gap.m2;
}

bscat_t*
bscat_create(const stftc_bursts_config_t* cfg, size_t lookback, stftc_error_t* err)
{
    if (bscat_config_check(cfg, err) != STFTC_OK)
        return NULL;
    bscat_t* s = stftc_alloc(sizeof *s);
    if (!s) {
        stftc_fail(err, STFTC_ERR_NOMEM, "scattering: out of memory");
        return NULL;
    }
    const stftc_stft_config_t ic = istft_config(cfg);
    const stftc_scattering_config_t sc = scat_config(cfg);
    stftc_error_t e;
    s->istft = stftc_istft_create(&ic, &e);
    if (!s->istft) {
        stftc_fail(err, e.code, "scattering: %s", e.msg);
        bscat_destroy(s);
        return NULL;
    }
    s->sc = stftc_scattering_create(&sc, &e);
    if (!s->sc) {
        stftc_fail(err, e.code, "scat_%s", e.msg);
        bscat_destroy(s);
        return NULL;
    }
    const size_t L = cfg->window_len ? cfg->window_len : cfg->features.fft_size;
    s->nb = stftc_istft_bins(s->istft);
    s->H = cfg->hop;
    s->spf = cfg->features.sample_type == STFTC_COMPLEX ? 2 : 1;
    s->count = stftc_scattering_count(s->sc);
    s->stride = stftc_scattering_stride(s->sc);
    /* ISTFT output sample t is the frames' input sample t - (L - H); frame
     * 0, centred on first_center, is the ISTFT's frame 0, centred on its
     * input sample H - floor(L/2) */
    s->off = cfg->first_center - (int64_t)((L + 1) / 2);
    /* passing frame k needs the scattering frames centred before
     * first_center + kH + H - floor(H/2), which come when ISTFT output
     * sample (k+1) H + ceil(L/2) - floor(H/2) - 1 + latency is in */
    const size_t need = (L + 1) / 2 - s->H / 2 + stftc_scattering_latency(s->sc);
    s->delay = (need + s->H - 1) / s->H;
    if (!alloc_buffers(s, lookback)) {
        stftc_fail(err, STFTC_ERR_NOMEM, "scattering: out of memory");
        bscat_destroy(s);
        return NULL;
    }
    bscat_reset(s);
    stftc_ok(err);
    return s;
}

void bscat_reset(bscat_t* s)
{
    stftc_istft_reset(s->istft);
    stftc_scattering_reset(s->sc);
    s->pushed = s->returned = 0;
    s->n_prod = s->n_cons = 0;
    moments_clear(&s->burst, s->count);
    moments_clear(&s->gap, s->count);
}

size_t bscat_delay(const bscat_t* s) { return s->delay; }
size_t bscat_count(const bscat_t* s) { return s->count; }
/* the scattering's own names, "s0", "s1_+12.5kHz", "s2_+12.5kHz_1.2kHz",
 * without their "s": the columns are scat0_mean, scat1_+12.5kHz_mean, ...
 * (one naming rule, the scattering's) */
const char* bscat_name(const bscat_t* s, size_t i)
{
    return stftc_scattering_name(s->sc, i) + 1;
}
const stftc_scattering_t* bscat_scattering(const bscat_t* s) { return s->sc; }

/* ------------------------------------------------------------ streaming */
static int frame_finite(const float* f, size_t n)
{
    float acc = 0.0f;
    for (size_t i = 0; i < n; i++)
        acc += f[i] * 0.0f; /* NaN for a NaN or Inf anywhere */
    return acc == 0.0f;
}

/* one frame through the ISTFT and the scattering, its frames into the ring */
static void transform(bscat_t* s, const float* frame)
{
    if (!frame || !frame_finite(frame, 2 * s->nb))
        frame = s->zeros;
    stftc_istft_process(s->istft, frame, 1, s->tbuf);
    const size_t nf = stftc_scattering_process(s->sc, s->tbuf, s->H, s->sbuf);
    for (size_t i = 0; i < nf; i++, s->n_prod++)
        memcpy(s->ring + (s->n_prod % s->cap) * s->count,
               s->sbuf + i * s->count,
               s->count * sizeof(float));
}

static void line_out(bscat_t* s, const float** power, const float** gain)
{
    const size_t slot = (size_t)(s->returned++ % (s->delay + 1));
    *power = s->line_power + slot * s->nb;
    *gain = s->line_has_gain[slot] ? s->line_gain + slot * s->nb : NULL;
}

int bscat_push(bscat_t* s,
               const float* frame,
               const float* power,
               const float* gain,
               const float** power_out,
               const float** gain_out)
{
    transform(s, frame);
    const size_t slot = (size_t)(s->pushed++ % (s->delay + 1));
    memcpy(s->line_power + slot * s->nb, power, s->nb * sizeof(float));
    s->line_has_gain[slot] = gain != NULL;
    if (gain)
        memcpy(s->line_gain + slot * s->nb, gain, s->nb * sizeof(float));
    if (s->pushed - s->returned <= s->delay)
        return 0;
    line_out(s, power_out, gain_out);
    return 1;
}

int bscat_pop(bscat_t* s, const float** power_out, const float** gain_out)
{
    if (s->pushed == s->returned)
        return 0;
    transform(s, NULL);
    line_out(s, power_out, gain_out);
    return 1;
}

static int64_t centre_of(const bscat_t* s, uint64_t n)
{
    return (int64_t)(n * s->stride) + s->off;
}

static const float* ring_frame(const bscat_t* s, uint64_t n)
{
    return s->ring + (n % s->cap) * s->count;
}

void bscat_begin(bscat_t* s, int64_t start)
{
    moments_clear(&s->burst, s->count);
    moments_clear(&s->gap, s->count);
    uint64_t n = s->n_prod > s->cap ? s->n_prod - s->cap : 0;
    const int64_t d = start - s->off; /* first frame centred at >= start */
    if (d > 0) {
        const uint64_t first = ((uint64_t)d + s->stride - 1) / s->stride;
        n = first > n ? first : n;
    }
    for (; n < s->n_cons; n++)
        moments_add(&s->burst, ring_frame(s, n), s->count);
}

void bscat_advance(bscat_t* s, int64_t bound, bscat_mode_t mode)
{
    if (mode == BSCAT_ADD)
        moments_merge(&s->burst, &s->gap, s->count);
    moments_t* m = mode == BSCAT_ADD ? &s->burst : mode == BSCAT_GAP ? &s->gap : NULL;
    for (; s->n_cons < s->n_prod && centre_of(s, s->n_cons) < bound; s->n_cons++)
        if (m)
            moments_add(m, ring_frame(s, s->n_cons), s->count);
}

size_t bscat_summary(bscat_t* s, const float** mean, const float** std)
{
    const uint64_t n = s->burst.n;
    for (size_t i = 0; i < s->count; i++) {
        s->out_mean[i] = n ? (float)s->burst.mean[i] : NAN;
        s->out_std[i] = n ? (float)sqrt(s->burst.m2[i] / (double)n) : NAN;
    }
    *mean = s->out_mean;
    *std = s->out_std;
    return (size_t)n;
}
