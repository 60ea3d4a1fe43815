/* gr-stftclean C core: burst segmentation with running per-burst statistics.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Behaviour is described in include/stftclean/bursts.h. One burst is open at
 * a time; its statistics are sums and Welford moments, so memory does not
 * grow with the burst length. */
#include "bursts_scat.h"
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stftclean/bursts.h>
#include <stftclean/vmath.h>
#include <string.h>

#define MAX_EDGE 32 /* frames a burst's start may move back to the off level */
#define FLOOR_SUBWINDOWS 8

enum { ST_IDLE = 0, ST_ACTIVE, ST_HANG, ST_PENDING };

static void noise_refresh(stftc_bursts_t* b);

static const char* const head_names[] = { "start_s",   "end_s",        "duration_s",
                                          "center_hz", "bandwidth_hz", "snr_db" };
/* Noise power of a cell: exponential (a complex Gaussian bin), whose
 * E[ln p] = ln(mean) - Euler's gamma; the DC and Nyquist bins of a real
 * signal are chi-square with one degree of freedom: E[ln p] = ln(mean) +
 * psi(1/2) + ln 2 = ln(mean) - gamma - ln 2. */
#define EULER_GAMMA 0.57721566490153286
#define LN2 0.69314718055994531
#define NHEAD (sizeof head_names / sizeof head_names[0])

struct stftc_bursts {
    stftc_bursts_config_t cfg;
    stftc_features_t* feat;
    size_t nb, nf;
    size_t min_frames, merge_frames, hang_frames, sub_frames;
    size_t* order;     /* ascending bin -> input index */
    double* freq;      /* ascending bin -> Hz relative */
    float* clean;      /* bins: cleaned power, input order */
    float* fvec;       /* features of the frame */
    double* acc_clean; /* ascending bins */
    double* acc_noisy;
    double* noise;        /* per-bin noise floor (ascending) */
    double* noise_log;    /* its EMA of ln(power) */
    double* log_bias;     /* mean power = exp(E[ln power] + log_bias) */
    uint32_t* noise_cnt;  /* updates of each bin so far (saturates) */
    double* noise_fill;   /* noise, bins without an update yet from neighbours */
    size_t* noise_dl;     /* scratch of noise_fill_missing */
    size_t noise_missing; /* bins without an update yet */
    int noise_init;       /* some bin has a floor */
    double alpha;
    int gains_seen; /* the open burst had gains: the cleaned spectrum is clean */
    int frame_gain; /* the current frame came with gains */
    double* mean;   /* Welford, nf */
    double* m2;
    float* out_mean;
    float* out_std;
    /* energy floor: minima of the last sub-windows */
    double sub_min[FLOOR_SUBWINDOWS];
    size_t sub_fill, sub_count, sub_idx;
    double floor_db;
    int have_floor;
    /* state */
    int state;
    uint64_t k;           /* frame index */
    uint64_t start, last; /* first frame of the statistics, last active frame */
    uint64_t edge;        /* first frame of the burst (start or earlier) */
    uint64_t run_keep;    /* frames just before, outside bursts, at >= off */
    size_t nact, hang_count;
    int started;
    double stat;
    bscat_t* scat; /* the scattering summary, NULL when off */
    int added;     /* the current frame went into the open burst */
};

void stftc_bursts_destroy(stftc_bursts_t* b)
{
    if (!b)
        return;
    stftc_features_destroy(b->feat);
    stftc_free(b->order);
    stftc_free(b->freq);
    stftc_free(b->clean);
    stftc_free(b->fvec);
    stftc_free(b->acc_clean);
    stftc_free(b->acc_noisy);
    stftc_free(b->noise);
    stftc_free(b->noise_cnt);
    stftc_free(b->noise_log);
    stftc_free(b->log_bias);
    stftc_free(b->noise_fill);
    stftc_free(b->noise_dl);
    stftc_free(b->mean);
    stftc_free(b->m2);
    stftc_free(b->out_mean);
    stftc_free(b->out_std);
    bscat_destroy(b->scat);
    stftc_free(b);
}

static size_t frames_of(double seconds, double fs, size_t hop)
{
    return (size_t)llround(seconds * fs / (double)hop);
}

static stftc_bursts_t* bursts_create_body(const stftc_bursts_config_t* cfg,
                                          stftc_error_t* err)
{
    if (stftc_bursts_config_check(cfg, err) != STFTC_OK)
        return NULL;
    stftc_bursts_t* b = stftc_alloc(sizeof *b);
    if (!b) {
        stftc_fail(err, STFTC_ERR_NOMEM, "bursts: out of memory");
        return NULL;
    }
    b->cfg = *cfg;
    b->feat = stftc_features_create(&cfg->features, err);
    if (!b->feat) {
        stftc_bursts_destroy(b);
        return NULL;
    }
    const double fs = cfg->features.sample_rate;
    const size_t n = cfg->features.fft_size;
    b->nb = stftc_features_bins(b->feat);
    b->nf = stftc_features_count(b->feat);
    b->min_frames = frames_of(cfg->min_duration, fs, cfg->hop);
    b->merge_frames = frames_of(cfg->merge_gap, fs, cfg->hop);
    b->hang_frames = frames_of(cfg->hang, fs, cfg->hop);
    const size_t win = frames_of(cfg->noise_window, fs, cfg->hop);
    b->sub_frames = win / FLOOR_SUBWINDOWS > 0 ? win / FLOOR_SUBWINDOWS : 1;
    b->alpha = 1.0 / (double)(win > 1 ? win : 1);
    const size_t nb = b->nb, nf = b->nf;
    b->order = stftc_alloc(nb * sizeof(size_t));
    b->freq = stftc_alloc(nb * sizeof(double));
    b->clean = stftc_alloc(nb * sizeof(float));
    b->fvec = stftc_alloc(nf * sizeof(float));
    b->acc_clean = stftc_alloc(nb * sizeof(double));
    b->acc_noisy = stftc_alloc(nb * sizeof(double));
    b->noise = stftc_alloc(nb * sizeof(double));
    b->noise_cnt = stftc_alloc(nb * sizeof(uint32_t));
    b->noise_log = stftc_alloc(nb * sizeof(double));
    b->log_bias = stftc_alloc(nb * sizeof(double));
    b->noise_fill = stftc_alloc(nb * sizeof(double));
    b->noise_dl = stftc_alloc(nb * sizeof(size_t));
    b->mean = stftc_alloc(nf * sizeof(double));
    b->m2 = stftc_alloc(nf * sizeof(double));
    b->out_mean = stftc_alloc(nf * sizeof(float));
    b->out_std = stftc_alloc(nf * sizeof(float));
    if (!b->order || !b->freq || !b->clean || !b->fvec || !b->acc_clean ||
        !b->acc_noisy || !b->noise || !b->noise_cnt || !b->noise_log || !b->log_bias ||
        !b->noise_fill || !b->noise_dl || !b->mean || !b->m2 || !b->out_mean ||
        !b->out_std) {
        stftc_bursts_destroy(b);
        stftc_fail(err, STFTC_ERR_NOMEM, "bursts: out of memory");
        return NULL;
    }
    const double df = fs / (double)n;
    for (size_t j = 0; j < nb; j++)
        b->log_bias[j] = EULER_GAMMA;
    if (cfg->features.sample_type == STFTC_REAL) {
        b->log_bias[0] = EULER_GAMMA + LN2;
        if (n % 2 == 0)
            b->log_bias[nb - 1] = EULER_GAMMA + LN2;
        for (size_t j = 0; j < nb; j++) {
            b->order[j] = j;
            b->freq[j] = (double)j * df;
        }
    } else {
        const size_t half = n / 2;
        for (size_t j = 0; j < nb; j++) {
            b->order[j] = cfg->features.centered ? j : (j + n - half) % n;
            b->freq[j] = ((double)j - (double)half) * df;
        }
    }
    if (cfg->scattering) {
        b->scat = bscat_create(cfg, MAX_EDGE, err);
        if (!b->scat) {
            stftc_bursts_destroy(b);
            return NULL;
        }
    }
    stftc_bursts_reset(b);
    stftc_ok(err);
    return b;
}

void stftc_bursts_reset(stftc_bursts_t* b)
{
    stftc_features_reset(b->feat);
    b->noise_init = 0;
    memset(b->noise_cnt, 0, b->nb * sizeof(uint32_t));
    b->noise_missing = b->nb;
    b->gains_seen = 0;
    b->sub_fill = b->sub_count = b->sub_idx = 0;
    b->have_floor = 0;
    b->floor_db = 0.0;
    b->state = ST_IDLE;
    b->k = 0;
    b->start = b->last = b->edge = b->run_keep = 0;
    b->nact = b->hang_count = 0;
    b->started = 0;
    b->stat = 0.0;
    b->added = 0;
    if (b->scat)
        bscat_reset(b->scat);
}

const stftc_bursts_config_t* stftc_bursts_config(const stftc_bursts_t* b)
{
    return &b->cfg;
}
const stftc_features_t* stftc_bursts_features(const stftc_bursts_t* b) { return b->feat; }
size_t stftc_bursts_decision_delay(const stftc_bursts_t* b)
{
    /* start: min_frames after the edge, or the onset up to MAX_EDGE frames
     * after it; end: hang or merge gap after the last active frame */
    size_t d = (b->merge_frames > b->hang_frames ? b->merge_frames : b->hang_frames) + 1;
    if (b->min_frames > d)
        d = b->min_frames;
    return (d > MAX_EDGE ? d : MAX_EDGE) + stftc_bursts_scattering_delay(b);
}
size_t stftc_bursts_scattering_delay(const stftc_bursts_t* b)
{
    return b->scat ? bscat_delay(b->scat) : 0;
}
const stftc_scattering_t* stftc_bursts_scattering(const stftc_bursts_t* b)
{
    return b->scat ? bscat_scattering(b->scat) : NULL;
}
uint64_t stftc_bursts_frames(const stftc_bursts_t* b) { return b->k; }
const float* stftc_bursts_last_features(const stftc_bursts_t* b) { return b->fvec; }
double stftc_bursts_last_statistic(const stftc_bursts_t* b) { return b->stat; }
int stftc_bursts_active(const stftc_bursts_t* b) { return b->state != ST_IDLE; }

/* ---------------- energy floor ---------------- */
static void floor_update(stftc_bursts_t* b, double e_db)
{
    if (!b->have_floor) {
        b->floor_db = e_db;
        b->have_floor = 1;
    }
    if (b->sub_fill == 0 || e_db < b->sub_min[b->sub_idx])
        b->sub_min[b->sub_idx] = e_db;
    if (++b->sub_fill >= b->sub_frames) {
        b->sub_fill = 0;
        if (b->sub_count < FLOOR_SUBWINDOWS)
            b->sub_count++;
        b->sub_idx = (b->sub_idx + 1) % FLOOR_SUBWINDOWS;
    }
    /* floor: minimum over the completed sub-windows and the current one */
    double m = b->sub_fill ? b->sub_min[b->sub_idx] : INFINITY;
    for (size_t i = 0; i < b->sub_count; i++) {
        const size_t j = (b->sub_idx + FLOOR_SUBWINDOWS - 1 - i) % FLOOR_SUBWINDOWS;
        if (b->sub_min[j] < m)
            m = b->sub_min[j];
    }
    if (isfinite(m))
        b->floor_db = m;
}

/* ---------------- burst statistics ---------------- */
static uint64_t frame_start_sample(const stftc_bursts_t* b, uint64_t frame)
{
    const int64_t s =
        b->cfg.first_center + (int64_t)(frame * b->cfg.hop) - (int64_t)(b->cfg.hop / 2);
    return s > 0 ? (uint64_t)s : 0;
}

static void burst_begin(stftc_bursts_t* b)
{
    memset(b->acc_clean, 0, b->nb * sizeof(double));
    memset(b->acc_noisy, 0, b->nb * sizeof(double));
    memset(b->mean, 0, b->nf * sizeof(double));
    memset(b->m2, 0, b->nf * sizeof(double));
    b->nact = 0;
    b->gains_seen = 0;
    b->start = b->last = b->k;
    /* the leading edge: the frames just before that already stood at the
     * off level (as the trailing edge ends at it), at most MAX_EDGE */
    const uint64_t back = b->run_keep < MAX_EDGE ? b->run_keep : MAX_EDGE;
    b->edge = b->k >= back ? b->k - back : 0;
    b->started = 0;
    if (b->scat)
        bscat_begin(b->scat, (int64_t)frame_start_sample(b, b->edge));
}

static void burst_add(stftc_bursts_t* b, const float* power)
{
    b->added = 1;
    b->nact++;
    b->gains_seen |= b->frame_gain;
    const double inv = 1.0 / (double)b->nact;
    for (size_t i = 0; i < b->nf; i++) {
        const double x = b->fvec[i], d = x - b->mean[i];
        b->mean[i] += d * inv;
        b->m2[i] += d * (x - b->mean[i]);
    }
    for (size_t j = 0; j < b->nb; j++) {
        const size_t i = b->order[j];
        b->acc_noisy[j] += power[i];
        b->acc_clean[j] += b->clean[i];
    }
    b->last = b->k;
}

static void fill_start(const stftc_bursts_t* b, stftc_burst_t* ev)
{
    memset(ev, 0, sizeof *ev);
    ev->first_frame = b->edge;
    ev->start_sample = frame_start_sample(b, b->edge);
    ev->start_s = (double)ev->start_sample / b->cfg.features.sample_rate;
    ev->mean = b->out_mean;
    ev->std = b->out_std;
}

static void fill_end(stftc_bursts_t* b, stftc_burst_t* ev)
{
    const double fs = b->cfg.features.sample_rate, fc = b->cfg.features.center_freq;
    fill_start(b, ev);
    ev->last_frame = b->last;
    ev->stop_sample = frame_start_sample(b, b->last + 1);
    if (ev->stop_sample < ev->start_sample)
        ev->stop_sample = ev->start_sample;
    ev->end_s = (double)ev->stop_sample / fs;
    ev->duration_s = ev->end_s - ev->start_s;
    ev->nframes = b->nact;
    if (b->scat)
        ev->scat_frames = bscat_summary(b->scat, &ev->scat_mean, &ev->scat_std);
    for (size_t i = 0; i < b->nf; i++) {
        b->out_mean[i] = (float)b->mean[i];
        b->out_std[i] = (float)sqrt(b->nact ? b->m2[i] / (double)b->nact : 0.0);
    }
    const size_t nb = b->nb;
    /* the floor: noise_fill while some bins have none of their own */
    if (!b->noise_missing)
        noise_refresh(b);
    const double* nfl = b->noise_missing ? b->noise_fill : b->noise;
    if (!b->gains_seen) {
        /* no mask: the mean excess over the noise floor, where it stands 3
         * standard errors of an exponential mean above it */
        const double k = 1.0 + 3.0 / sqrt((double)(b->nact ? b->nact : 1));
        for (size_t j = 0; j < nb; j++) {
            const double m = b->acc_noisy[j] / (double)(b->nact ? b->nact : 1);
            b->acc_clean[j] = m > nfl[j] * k ? m - nfl[j] : 0.0;
        }
    }
    /* centre and occupied band of the summed cleaned spectrum */
    double S = 0.0, mu = 0.0;
    for (size_t j = 0; j < nb; j++) {
        S += b->acc_clean[j];
        mu += b->acc_clean[j] * b->freq[j];
    }
    size_t lo = 0, hi = nb - 1;
    if (S > 0.0) {
        mu /= S;
        const double obw = b->cfg.features.obw;
        const double r_lo = (1.0 - obw) / 2.0 * S, r_hi = (1.0 + obw) / 2.0 * S;
        double cum = 0.0;
        int got_lo = 0;
        for (size_t j = 0; j < nb; j++) {
            cum += b->acc_clean[j];
            if (!got_lo && cum >= r_lo) {
                lo = j;
                got_lo = 1;
            }
            if (cum >= r_hi) {
                hi = j;
                break;
            }
        }
    } else
        mu = 0.0;
    const double df = fs / (double)b->cfg.features.fft_size;
    ev->center_hz = mu + fc;
    ev->freq_lo_hz = b->freq[lo] - df / 2 + fc;
    ev->freq_hi_hz = b->freq[hi] + df / 2 + fc;
    ev->bandwidth_hz = (double)(hi - lo + 1) * df;
    /* SNR in that band: noisy power over the noise floor there */
    double sp = 0.0, np = 0.0;
    for (size_t j = lo; j <= hi; j++) {
        sp += b->acc_noisy[j];
        np += nfl[j] * (double)b->nact;
    }
    if (np > 0.0) {
        const double ex = sp - np;
        ev->snr_db = 10.0 * log10((ex > np * 1e-6 ? ex : np * 1e-6) / np);
    } else
        ev->snr_db = sp > 0.0 ? 300.0 : 0.0;
}

/* Ends the open burst: an event if it is long enough. */
static int long_enough(const stftc_bursts_t* b)
{
    const uint64_t len = b->last - b->edge + 1;
    return len >= (uint64_t)(b->min_frames > 0 ? b->min_frames : 1);
}

static int burst_close(stftc_bursts_t* b, stftc_burst_t* ev)
{
    b->state = ST_IDLE;
    b->run_keep = 0;
    if (!long_enough(b))
        return 0;
    int flags = STFTC_BURST_ENDED;
    if (!b->started)
        flags |= STFTC_BURST_STARTED;
    fill_end(b, ev);
    return flags;
}

static int maybe_started(stftc_bursts_t* b, stftc_burst_t* ev)
{
    if (b->started || !long_enough(b))
        return 0;
    b->started = 1;
    fill_start(b, ev);
    return STFTC_BURST_STARTED;
}

/* Per-bin noise floor from the cells that are not signal: with gains, the
 * cells the mask does not hold (gain < occupied_gain); without, whole frames
 * outside bursts. Each bin has its own count: a plain mean of its first
 * updates until noise_window is full, then an exponential average over it.
 * The average is of ln(power), turned back into a power with the known bias
 * of the log of a noise cell (log_bias): a cell of a burst that slips in
 * (leakage beside the mask, the first frames, which the mask's own floor
 * does not know yet) weighs its log, not its power, and the floor stays at
 * the noise (a 20 dB burst in the first 30 ms used to bias the SNR of the
 * next bursts by -14 dB, recovering over seconds; now -3 dB after 0.2 s).
 * A bin the mask has held from the start (a recording that opens inside a
 * burst, a carrier) has no floor of its own yet: it borrows the floor of
 * the nearest bins that have one (noise_fill), so that the SNR of a burst
 * present from the first frame is right at once. */
static void noise_fill_missing(stftc_bursts_t* b)
{
    const size_t nb = b->nb;
    size_t* dl = b->noise_dl; /* distance to the nearest floor on the left */
    size_t last = nb;         /* last bin with a floor, nb: none yet */
    for (size_t j = 0; j < nb; j++) {
        if (b->noise_cnt[j])
            last = j;
        b->noise_fill[j] = last < nb ? b->noise[last] : 0.0;
        dl[j] = last < nb ? j - last : SIZE_MAX;
    }
    last = nb;
    for (size_t j = nb; j-- > 0;) {
        if (b->noise_cnt[j])
            last = j;
        else if (last < nb && last - j < dl[j])
            b->noise_fill[j] = b->noise[last];
    }
}

/* The floor of bin j (sorted order) in power units. */
static inline double noise_at(const stftc_bursts_t* b, size_t j)
{
    return exp(b->noise_log[j] + b->log_bias[j]);
}

/* b->noise from the log floors, for the bins that have one. */
static void noise_refresh(stftc_bursts_t* b)
{
    for (size_t j = 0; j < b->nb; j++)
        if (b->noise_cnt[j])
            b->noise[j] = noise_at(b, j);
}

static void noise_update(stftc_bursts_t* b, const float* power, const float* gain)
{
    const size_t nb = b->nb;
    const float occ = (float)b->cfg.occupied_gain;
    for (size_t j = 0; j < nb; j++) {
        const size_t i = b->order[j];
        /* an exact zero says nothing of the noise (a mask's first, empty
         * frames; digital silence) and has no log */
        if ((gain && !(gain[i] < occ)) || !(power[i] > 0.0f))
            continue;
        const uint32_t c = b->noise_cnt[j];
        const double lp = log((double)power[i]);
        if (c == 0) {
            b->noise_log[j] = lp;
            b->noise_cnt[j] = 1;
            b->noise_missing--;
        } else {
            const double a0 = 1.0 / ((double)c + 1.0);
            const double a = a0 > b->alpha ? a0 : b->alpha;
            b->noise_log[j] += a * (lp - b->noise_log[j]);
            if (c < UINT32_MAX)
                b->noise_cnt[j] = c + 1;
        }
    }
    b->noise_init = b->noise_missing < nb;
    /* the floor in power units is made when it is read (noise_refresh,
     * noise_at): an exp per bin per frame was a third of the segmenter's
     * time; while some bins have none, every frame fills them in */
    if (b->noise_init && b->noise_missing) {
        noise_refresh(b);
        noise_fill_missing(b);
    }
}

/* One frame of the detector (the one delayed by the scattering summary). */
static int
detect(stftc_bursts_t* b, const float* power, const float* gain, stftc_burst_t* ev)
{
    const size_t nb = b->nb;
    b->added = 0;
    const int mask_src = b->cfg.source == STFTC_BURST_MASK;
    size_t occupied = 0;
    double energy = 0.0;
    b->frame_gain = gain != NULL;
    if (gain) {
        for (size_t i = 0; i < nb; i++) {
            const float g = gain[i];
            b->clean[i] = power[i] * g * g;
            occupied += g >= (float)b->cfg.occupied_gain;
            energy += b->clean[i];
        }
    } else {
        for (size_t i = 0; i < nb; i++) {
            b->clean[i] = power[i];
            energy += power[i];
        }
    }
    stftc_features_process(b->feat, b->clean, b->fvec);
    const double e_db = 10.0 * log10(energy > 1e-30 ? energy : 1e-30);
    /* a NaN or Inf anywhere in power or gain makes the (double) sum
     * non-finite: the frame is off and stays out of every statistic */
    const int finite = isfinite(energy);

    if (!finite) {
        b->stat = NAN;
    } else if (mask_src) {
        /* SNR of the occupied cells over the per-bin noise floor */
        double sp = 0.0, np = 0.0;
        if (gain && occupied >= b->cfg.min_cells && occupied && b->noise_init) {
            const double* fill = b->noise_missing ? b->noise_fill : NULL;
            for (size_t j = 0; j < nb; j++) {
                const size_t i = b->order[j];
                if (gain[i] >= (float)b->cfg.occupied_gain) {
                    sp += power[i];
                    np += fill ? fill[j] : noise_at(b, j);
                }
            }
        }
        const double ex = sp - np;
        b->stat = (np > 0.0 && ex > 0.0) ? 10.0 * log10(ex / np) : -300.0;
    } else {
        if (!b->have_floor)
            floor_update(b, e_db);
        b->stat = e_db - b->floor_db;
    }
    /* no burst starts while the floors settle (the first noise_window / 8) */
    const int on = b->stat >= b->cfg.on && b->k >= b->sub_frames,
              keep = b->stat >= b->cfg.off;
    int flags = 0;
    switch (b->state) {
    case ST_IDLE:
        if (on) {
            burst_begin(b);
            burst_add(b, power);
            b->state = ST_ACTIVE;
            flags |= maybe_started(b, ev);
        } else
            b->run_keep = keep ? b->run_keep + 1 : 0;
        break;
    case ST_ACTIVE:
    case ST_HANG:
        /* active: hysteresis down to off; hanging: only a new onset resumes
         * (noise in the hang would otherwise stretch every burst) */
        if (b->state == ST_ACTIVE ? keep : on) {
            burst_add(b, power);
            b->state = ST_ACTIVE;
            flags |= maybe_started(b, ev);
        } else if (b->state == ST_ACTIVE && b->hang_frames > 0) {
            b->state = ST_HANG;
            b->hang_count = 1;
        } else if (b->state == ST_HANG && ++b->hang_count <= b->hang_frames) {
            /* still holding */
        } else if (b->merge_frames > b->hang_frames && long_enough(b)) {
            /* only bursts that count wait for a merge: a short blip before a
             * burst must not drag its start */
            b->state = ST_PENDING;
        } else {
            flags |= burst_close(b, ev);
        }
        break;
    case ST_PENDING:
        if (on) {
            burst_add(b, power);
            b->state = ST_ACTIVE;
            flags |= maybe_started(b, ev);
        } else if (b->k - b->last > b->merge_frames) {
            flags |= burst_close(b, ev);
        }
        break;
    }
    if (finite && !mask_src && b->state == ST_IDLE && !(flags & STFTC_BURST_ENDED))
        floor_update(b, e_db);
    if (finite && (gain || b->state == ST_IDLE || !b->noise_init))
        noise_update(b, power, gain);
    if (b->scat)
        bscat_advance(b->scat,
                      (int64_t)frame_start_sample(b, b->k + 1),
                      b->added              ? BSCAT_ADD
                      : b->state != ST_IDLE ? BSCAT_GAP
                                            : BSCAT_SKIP);
    b->k++;
    return flags;
}

int stftc_bursts_process_frame(stftc_bursts_t* b,
                               const float* frame,
                               const float* power,
                               const float* gain,
                               stftc_burst_t* ev)
{
    if (!b->scat)
        return detect(b, power, gain, ev);
    const float *p, *g;
    if (!bscat_push(b->scat, frame, power, gain, &p, &g))
        return 0;
    return detect(b, p, g, ev);
}

int stftc_bursts_process(stftc_bursts_t* b,
                         const float* power,
                         const float* gain,
                         stftc_burst_t* ev)
{
    return stftc_bursts_process_frame(b, NULL, power, gain, ev);
}

int stftc_bursts_flush(stftc_bursts_t* b, stftc_burst_t* ev)
{
    const float *p, *g;
    while (b->scat && bscat_pop(b->scat, &p, &g)) {
        const int f = detect(b, p, g, ev);
        if (f)
            return f;
    }
    if (b->state == ST_IDLE)
        return 0;
    return burst_close(b, ev);
}

static size_t scat_count(const stftc_bursts_t* b)
{
    return b->scat ? bscat_count(b->scat) : 0;
}

size_t stftc_bursts_nfields(const stftc_bursts_t* b)
{
    return NHEAD + 2 * b->nf + (b->scat ? 1 + 2 * scat_count(b) : 0);
}

int stftc_bursts_field_name(const stftc_bursts_t* b, size_t i, char* buf, size_t len)
{
    const size_t nf = b->nf, ns = scat_count(b), s0 = NHEAD + 2 * nf;
    if (i < NHEAD)
        snprintf(buf, len, "%s", head_names[i]);
    else if (i < NHEAD + nf)
        snprintf(buf, len, "%s_mean", stftc_features_name(b->feat, i - NHEAD));
    else if (i < s0)
        snprintf(buf, len, "%s_std", stftc_features_name(b->feat, i - NHEAD - nf));
    else if (b->scat && i == s0)
        snprintf(buf, len, "scat_frames");
    else if (b->scat && i <= s0 + ns)
        snprintf(buf, len, "scat%s_mean", bscat_name(b->scat, i - s0 - 1));
    else if (b->scat && i <= s0 + 2 * ns)
        snprintf(buf, len, "scat%s_std", bscat_name(b->scat, i - s0 - 1 - ns));
    else
        return -1;
    return 0;
}

void stftc_bursts_field_values(const stftc_bursts_t* b,
                               const stftc_burst_t* ev,
                               double* out)
{
    out[0] = ev->start_s;
    out[1] = ev->end_s;
    out[2] = ev->duration_s;
    out[3] = ev->center_hz;
    out[4] = ev->bandwidth_hz;
    out[5] = ev->snr_db;
    for (size_t i = 0; i < b->nf; i++) {
        out[NHEAD + i] = ev->mean[i];
        out[NHEAD + b->nf + i] = ev->std[i];
    }
    if (!b->scat)
        return;
    const size_t ns = scat_count(b), s0 = NHEAD + 2 * b->nf;
    out[s0] = (double)ev->scat_frames;
    for (size_t i = 0; i < ns; i++) {
        out[s0 + 1 + i] = ev->scat_mean ? ev->scat_mean[i] : NAN;
        out[s0 + 1 + ns + i] = ev->scat_std ? ev->scat_std[i] : NAN;
    }
}

/* the body above, within the memory budget (stftc_set_memory_budget) */
stftc_bursts_t* stftc_bursts_create(const stftc_bursts_config_t* cfg, stftc_error_t* err)
{
    stftc_budget_begin();
    return stftc_budget_end(bursts_create_body(cfg, err), err);
}
