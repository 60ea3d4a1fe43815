/* gr-stftclean C core, estimator stage 3: the support and the gains. Every
 * decision step the region means (est_pool.c) decide the support (CFAR with
 * hysteresis and hang time) and the gain inside it; each output frame then
 * takes the gains of the last decision, composed with its presence weights,
 * the fine time gate (est_finegate.h), clicks, smoothing and bypass.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "est_state.h"
#include "transform.h"

#include <stftclean/vmath.h>
#include <string.h>

/* box_freq of src at bin k alone (same box: circular for complex, shrunk
 * at the edges for real), times scale: the region mean of gamma^2 of a
 * support bin when the box is narrow (at most 9 bins) and the support few
 * bins, cheaper than the whole band */
static float box_at(const stftc_est_t* e, const double* src, size_t k, float scale)
{
    const size_t b = e->bins, half = e->region_f / 2;
    double acc = 0.0;
    size_t cnt = 0;
    for (size_t j = 0; j <= 2 * half; j++) {
        if (e->is_cplx) {
            acc += src[(k + b - half % b + j) % b];
            cnt++;
        } else if (k + j >= half && k + j - half < b) {
            acc += src[k + j - half];
            cnt++;
        }
    }
    return (float)(acc / (double)cnt) * scale;
}

/* The presence split of the decided gains g: a bin of the support gets
 * ga = g (1 - d) in place and, when d > 0, joins the list (idx, pa = ga,
 * pb = gb = g d); returns the list's length. From the region means of gamma
 * (m1) and gamma^2 (m2) of a bin, with the noise at 1: xi = m1 - 1 and the
 * signal's fourth moment s4 = m2 - 4 xi - 2, so k = s4 / xi^2 is 2 for a
 * Gaussian signal, 1 for a steady tone and 1/q for one present a fraction q
 * of the time. The weight d of gating rises from 0 at k = 2.5 to 1 at
 * k = 3.5: the estimate scatters around 2 for a Gaussian signal at low SNR,
 * and 2-FSK/OOK bursts read 3.5 to 4. Bins at the floor (off the support)
 * would stay there whatever d: blocks of 16 of them are skipped after one
 * vectorised test, so the cost follows the support, not the band. */
static size_t presence_split(const stftc_est_t* e,
                             size_t b,
                             const float* restrict m1,
                             const float* restrict m2,
                             float inv_count,
                             float* restrict g,
                             float fl,
                             uint32_t* restrict idx,
                             float* restrict pa,
                             float* restrict pb)
{
    size_t n = 0;
    for (size_t k0 = 0; k0 < b; k0 += 16) {
        const size_t k1 = k0 + 16 < b ? k0 + 16 : b;
        int any = 0;
        for (size_t k = k0; k < k1; k++)
            any |= g[k] > fl;
        if (!any)
            continue;
        for (size_t k = k0; k < k1; k++) {
            const float gk = g[k];
            if (!(gk > fl))
                continue;
            float xi = m1[k] - 1.0f;
            xi = xi > 1e-3f ? xi : 1e-3f;
            const float s4 =
                (m2 ? m2[k] : box_at(e, e->tsum2, k, inv_count)) - 4.0f * xi - 2.0f;
            float d = s4 / (xi * xi) - 2.5f;
            d = d > 0.0f ? (d < 1.0f ? d : 1.0f) : 0.0f; /* NaN -> 0 */
            if (d > 0.0f) {
                const float gb = gk * d;
                g[k] = gk - gb;
                idx[n] = (uint32_t)k;
                pa[n] = g[k];
                pb[n] = gb;
                n++;
            }
        }
    }
    return n;
}

/* The presence gain of listed bin i in the frame spec: its gamma against
 * the current floor, capped as in the gamma rows. */
static inline float
presence_gain(const stftc_est_t* e, size_t i, const float* spec, float fl)
{
    const size_t k = e->pidx[i];
    const float re = spec[2 * k], im = spec[2 * k + 1];
    float gm = (re * re + im * im) * e->inv_noise[k] / e->level;
    gm = gm < STFTC_EST_GAMMA_CAP ? gm : STFTC_EST_GAMMA_CAP; /* NaN too */
    float h = gm * gm * e->knee;
    h = h < 1.0f ? h : 1.0f;
    const float g = e->pa[i] + e->pb[i] * h;
    return g > fl ? g : fl;
}

/* One bin's support state for a new decision: on above on_t, or above off_t
 * while it was on (hysteresis), and held for hold steps after it drops
 * (hang). The state *s is one float: 0 when off, else 1 + the hang steps
 * left, so that one load and one store carry it. Returns 1 when the bin is
 * in the support, else 0. Written with float selects so that the loops
 * that call it vectorise. */
static inline float support_step(float r, float on_t, float off_t, float hold, float* s)
{
    const float prev = *s;
    const float stay = r > off_t ? 1.0f : 0.0f;
    const float act = r > on_t ? 1.0f : (prev > 0.5f ? stay : 0.0f);
    float down = prev - 2.0f; /* hang steps left after this one */
    down = down > 0.0f ? down : 0.0f;
    const float h = act > 0.0f ? hold : down;
    const float o = h > 0.0f ? 1.0f : act;
    *s = o > 0.0f ? h + 1.0f : 0.0f;
    return o;
}

/* CFAR support with hysteresis and hang time, then the gain of the mask type
 * and the clamp to [floor, 1] (line bins are set to the floor afterwards,
 * sparsely), per bin (support_step). One copy per mask type keeps the type
 * test out of the loop. */
static inline void support_kernel(size_t b,
                                  int binary,
                                  const float* restrict mu, /* auto's gain law */
                                  const float* restrict r,  /* pooled gamma */
                                  const float* restrict ts, /* time sum */
                                  float inv_count,
                                  float on_t,
                                  float off_t,
                                  float hold,
                                  float xm,
                                  float fl,
                                  float* restrict st,
                                  float* restrict gb)
{
    for (size_t k = 0; k < b; k++) {
        const float o = support_step(r[k], on_t, off_t, hold, &st[k]);
        float inside;
        if (binary) {
            inside = 1.0f;
        } else {
            /* auto: a gain of the time-pooled SNR of each bin inside the
             * support (the region says where, the bin says how much):
             * xi / (xi + mu), Wiener's (mu 1) for what comes and goes, and
             * mu GAIN_MU_STEADY on the bins of steady signals, whose level
             * it keeps (Wiener's would take 1.9 dB off a signal 6 dB over
             * the noise) */
            float xi = ts[k] * inv_count - 1.0f;
            xi = xi > xm ? xi : xm;
            inside = xi / (mu[k] + xi);
            inside = inside > fl ? inside : fl;
        }
        gb[k] = o > 0.0f ? inside : fl;
    }
}

STFTC_HOT static void support_gain_auto(size_t b,
                                        const float* restrict mu,
                                        const float* restrict r,
                                        const float* restrict ts,
                                        float inv_count,
                                        float on_t,
                                        float off_t,
                                        float hold,
                                        float xm,
                                        float fl,
                                        float* restrict st,
                                        float* restrict gb)
{
    support_kernel(b, 0, mu, r, ts, inv_count, on_t, off_t, hold, xm, fl, st, gb);
}

/* some bin of the state is on (vectorised) */
STFTC_HOT static int any_on(size_t b, const float* restrict st)
{
    int any = 0;
    for (size_t k = 0; k < b; k++)
        any |= st[k] > 0.5f;
    return any;
}

/* The short scale beside the region, after support_gain_auto: rs its box
 * mean, ss its time sum per bin, cs its centre step's sum, sts its state
 * (as the region's). A bin is in the support when either scale holds it;
 * where the short one does, the gain reads the highest of the SNRs of the
 * region, the short window and its centre step (a short burst's own, which
 * the longer means dilute), the last two only where the bin's own mean at
 * that scale is significant (xs_min, xc_min: a bin of noise beside a burst
 * must not take a gain from its scatter). Blocks of 16 bins where the short
 * scale is off and stays off (most of the band) are skipped after one
 * vectorised test. par: inv_count, xi_min, floor (the region's), then the
 * short scale's inv_s, inv_c, on, off, hold, xs_min, xc_min. */
STFTC_HOT static void short_pass(size_t b,
                                 const float* restrict mu,
                                 const float* restrict ts,
                                 const float* restrict rs,
                                 const float* restrict ss,
                                 const float* restrict cs,
                                 const float* restrict par,
                                 float* restrict sts,
                                 float* restrict gb)
{
    const float inv_count = par[0], xm = par[1], fl = par[2], inv_s = par[3],
                inv_c = par[4], on_s = par[5], off_s = par[6], hold_s = par[7],
                xs_min = par[8], xc_min = par[9];
    for (size_t k0 = 0; k0 < b; k0 += 16) {
        const size_t k1 = k0 + 16 < b ? k0 + 16 : b;
        int any = 0;
        for (size_t k = k0; k < k1; k++)
            any |= (rs[k] > off_s) | (sts[k] > 0.5f);
        if (!any)
            continue;
        for (size_t k = k0; k < k1; k++) {
            if (!(support_step(rs[k], on_s, off_s, hold_s, &sts[k]) > 0.0f))
                continue;
            float xi = ts[k] * inv_count - 1.0f;
            xi = xi > xm ? xi : xm;
            /* each shorter SNR only where it is significant on its own */
            float xs = ss[k] * inv_s - 1.0f;
            xs = xs > xs_min ? xs : 0.0f;
            float xc = cs[k] * inv_c - 1.0f;
            xc = xc > xc_min ? xc : 0.0f;
            xs = xc > xs ? xc : xs;
            xi = xs > xi ? xs : xi;
            const float inside = xi / (mu[k] + xi);
            gb[k] = inside > fl ? inside : fl;
        }
    }
}

STFTC_HOT static void support_gain_cfar(size_t b,
                                        const float* restrict mu,
                                        const float* restrict r,
                                        const float* restrict ts,
                                        float inv_count,
                                        float on_t,
                                        float off_t,
                                        float hold,
                                        float xm,
                                        float fl,
                                        float* restrict st,
                                        float* restrict gb)
{
    support_kernel(b, 1, mu, r, ts, inv_count, on_t, off_t, hold, xm, fl, st, gb);
}

STFTC_HOT static void gate_gain(size_t b,
                                const float* restrict r,
                                float lo,
                                float inv_width,
                                float fl,
                                const float* restrict lw,
                                float* restrict gb)
{
    for (size_t k = 0; k < b; k++) {
        float u = (r[k] - lo) * inv_width;
        u = u > 0.0f ? (u < 1.0f ? u : 1.0f) : 0.0f;
        const float g = fl + (1.0f - fl) * u;
        /* lw is 0 or 1: this form gives fl exactly on a line even when fl
         * is far below the rounding of g (floor_db < -140) */
        gb[k] = g * (1.0f - lw[k]) + fl * lw[k];
    }
}

STFTC_HOT static void wiener_gain(size_t b,
                                  const float* restrict gam,
                                  float a,
                                  float xm,
                                  float fl,
                                  const float* restrict lw,
                                  float* restrict g_prev,
                                  float* restrict gamma_prev,
                                  float* restrict gb)
{
    for (size_t k = 0; k < b; k++) {
        const float gm = gam[k];
        const float ml = gm - 1.0f > 0.0f ? gm - 1.0f : 0.0f;
        float xi = a * g_prev[k] * g_prev[k] * gamma_prev[k] + (1.0f - a) * ml;
        xi = xi > xm ? xi : xm;
        const float g = xi / (1.0f + xi);
        g_prev[k] = g;
        gamma_prev[k] = gm;
        const float gl = g * (1.0f - lw[k]) + fl * lw[k];
        gb[k] = gl > fl ? gl : fl;
    }
}

STFTC_HOT static void
sum_to_float(size_t b, const double* restrict src, float* restrict dst)
{
    for (size_t k = 0; k < b; k++)
        dst[k] = (float)src[k];
}


/* the hang time in decision steps */
static float hold_steps(const stftc_est_t* e)
{
    return (float)((e->hang_frames + e->decide_every - 1) / e->decide_every);
}

STFTC_HOT static void sum3(size_t b,
                           const float* restrict a,
                           const float* restrict r1,
                           const float* restrict r2,
                           float* restrict dst)
{
    for (size_t k = 0; k < b; k++)
        dst[k] = a[k] + r1[k] + r2[k];
}

/* The short scale's sums for the decision of output frame o = t - delay:
 * the short_steps steps centred on the step that holds the middle of the
 * frames this decision serves (clamped to the window), summed into ssum and
 * boxed across frequency into spooled; returns 1 / their frames, and the
 * centre step's row and 1 / its frames in centre, inv_c. Step j
 * (j = 0 the newest, ending at frame t) covers frames t - j d - d + 1 ..
 * t - j d. */
static float short_sums(stftc_est_t* e, uint64_t t, const float** centre, float* inv_c)
{
    const size_t b = e->bins, d = e->decide_every, m = e->n_blocks, s = e->short_steps;
    const long mid = (long)e->delay - (long)(d - 1) / 2; /* t - middle frame */
    long jc = mid > 0 ? mid / (long)d : 0;
    const long half = (long)(s - 1) / 2;
    if (jc < half)
        jc = half;
    if (jc + half > (long)m - 1)
        jc = (long)m - 1 - half;
    size_t frames = 0;
    const float* rows[3];
    for (long i = 0; i < (long)s; i++) {
        const uint64_t j = (uint64_t)(jc - half + i);
        const float* row = e->pring + (size_t)((e->blocks + m - 1 - j % m) % m) * b;
        if (s == 3)
            rows[i] = row;
        else if (i == 0)
            memcpy(e->ssum, row, b * sizeof(float));
        else
            stftc_vec_add(e->ssum, e->ssum, row, b);
        size_t fr = 0;
        if (t >= j * d) {
            const uint64_t have = t - j * d + 1;
            fr = have < d ? (size_t)have : d;
        }
        frames += fr;
        if (i == half) {
            *centre = row;
            *inv_c = fr > 0 ? 1.0f / (float)fr : 0.0f;
        }
    }
    if (s == 3) /* (the common case: one pass) */
        sum3(b, rows[0], rows[1], rows[2], e->ssum);
    const float inv = frames > 0 ? 1.0f / (float)frames : 0.0f;
    stftc_est_box_freq(e, e->ssum, e->spooled, e->region_f / 2, inv);
    return inv;
}

/* auto's support and gains into gb (the short scale beside the region where
 * it is on); the fine gate takes the new support when fine_type. Returns
 * whether the fine gate acts now. */
static int
auto_support(stftc_est_t* e, uint64_t t, float inv_count, int fine_type, float* gb)
{
    const size_t b = e->bins;
    support_gain_auto(b,
                      e->gmu,
                      e->pooled,
                      e->tsum,
                      inv_count,
                      e->eta_on,
                      e->eta_off,
                      hold_steps(e),
                      e->xi_min,
                      e->floor_gain,
                      e->supp,
                      gb);
    if (e->short_on) {
        const float* centre = NULL;
        float inv_c = 0.0f;
        const float inv_s = short_sums(e, t, &centre, &inv_c);
        const float par[10] = { inv_count, e->xi_min,   e->floor_gain, inv_s,
                                inv_c,     e->eta_s_on, e->eta_s_off,  1.0f,
                                e->xs_min, e->xc_min };
        short_pass(b, e->gmu, e->tsum, e->spooled, e->ssum, centre, par, e->supp_s, gb);
    }
    for (size_t i = 0; i < e->n_lines; i++) /* lines: the floor */
        gb[e->line_idx[i]] = e->floor_gain;
    /* (no support now nor at the last decision: nothing for the fine gate) */
    if (fine_type && (!stftc_fg_empty(&e->fg) || any_on(b, e->supp) ||
                      (e->short_on && any_on(b, e->supp_s))))
        stftc_fg_runs(&e->fg, e->supp, e->short_on ? e->supp_s : NULL);
    return fine_type && stftc_fg_active(&e->fg);
}

/* A decision with presence gating: gbase gets ga, the list (ga, gb) the
 * bursty bins; returns whether the fine gate acts now. */
static int decide_presence(stftc_est_t* e, uint64_t t, size_t count, int fine_type)
{
    const size_t b = e->bins;
    const float fl = e->floor_gain, inv_count = 1.0f / (float)count;
    stftc_est_box_freq(e, e->tsum, e->pooled, e->region_f / 2, inv_count);
    /* the region mean of gamma^2: for the support bins alone
     * (presence_split) when the box is narrow */
    const int sparse_m2 = e->region_f / 2 <= 4;
    if (!sparse_m2) {
        sum_to_float(b, e->tsum2, e->pooled2);
        stftc_est_box_freq(e, e->pooled2, e->pooled2, e->region_f / 2, inv_count);
    }
    const int fine = auto_support(e, t, inv_count, fine_type, e->gbase);
    e->n_pres = presence_split(e,
                               b,
                               e->pooled,
                               sparse_m2 ? NULL : e->pooled2,
                               inv_count,
                               e->gbase,
                               fl,
                               e->pidx,
                               e->pa,
                               e->pb);
    return fine;
}

/* A decision without presence gating (gate, cfar, auto) into gbuf, kept in
 * gbase for the frames until the next one; returns whether the fine gate
 * acts now. */
static int decide(stftc_est_t* e,
                  stftc_mask_type_t type,
                  uint64_t t,
                  float* gbuf,
                  size_t count,
                  int fine_type)
{
    const size_t b = e->bins;
    const float fl = e->floor_gain;
    int fine = 0;
    stftc_est_box_freq(e, e->tsum, e->pooled, e->region_f / 2, 1.0f / (float)count);
    if (type == STFTC_MASK_GATE) {
        gate_gain(b,
                  e->pooled,
                  e->gate_lo,
                  1.0f / (e->gate_hi - e->gate_lo),
                  fl,
                  e->line_w,
                  gbuf);
    } else if (type == STFTC_MASK_CFAR) {
        support_gain_cfar(b,
                          e->gmu,
                          e->pooled,
                          e->tsum,
                          1.0f / (float)count,
                          e->eta_on,
                          e->eta_off,
                          hold_steps(e),
                          e->xi_min,
                          fl,
                          e->supp,
                          gbuf);
        for (size_t i = 0; i < e->n_lines; i++) /* lines: the floor */
            gbuf[e->line_idx[i]] = fl;
    } else {
        fine = auto_support(e, t, 1.0f / (float)count, fine_type, gbuf);
    }
    if (e->decide_every > 1 && gbuf != e->gbase)
        memcpy(e->gbase, gbuf, b * sizeof(float));
    return fine;
}

/* What comes on top of the decided gains of output frame o: the fine gate,
 * clicks, smoothing and bypass. */
static void finish_gains(stftc_est_t* e, float* gbuf, uint64_t o, int fine, int click)
{
    const size_t b = e->bins;
    const float fl = e->floor_gain;
    if (fine)
        stftc_fg_apply(&e->fg, o, gbuf, fl);
    if (click)
        for (size_t k = 0; k < b; k++)
            gbuf[k] = fl;
    if (e->smooth_bins > 0 || e->smooth_alpha < 1.0f) {
        if (e->smooth_bins > 0) {
            /* For IQ the DC bin (the LO spike, the DC offset) is handled on
             * its own: its neighbours see the mean of the bins beside it
             * instead, and it keeps its own gain. Wrapping at +-fs/2 is
             * natural in FFT order. */
            const float dc = gbuf[0];
            if (e->is_cplx && b > 2)
                gbuf[0] = 0.5f * (gbuf[1] + gbuf[b - 1]);
            stftc_est_box_freq(e, gbuf, gbuf, e->smooth_bins, 1.0f);
            if (e->is_cplx)
                gbuf[0] = dc;
        }
        if (e->smooth_alpha < 1.0f) {
            const float a = e->smooth_alpha;
            for (size_t k = 0; k < b; k++) {
                e->gsm[k] += a * (gbuf[k] - e->gsm[k]);
                gbuf[k] = e->gsm[k];
            }
        }
        for (size_t k = 0; k < b; k++) {
            float g = gbuf[k];
            g = g > fl ? g : fl;
            gbuf[k] = g < 1.0f ? g : 1.0f;
        }
    }
    if (e->bypass)
        for (size_t k = 0; k < b; k++)
            gbuf[k] = 1.0f;
}

/* Output frame o = t - delay (t the newest frame in, t >= delay): its gains
 * (into gain when given) applied to its delayed spectrum, into bins_out, or
 * in place in its ring slot when bins_out is NULL; returns where it is. */
float* stftc_est_output(
    stftc_est_t* e, stftc_mask_type_t type, uint64_t t, float* bins_out, float* gain)
{
    const size_t b = e->bins;
    const uint64_t o = t - e->delay;
    /* (in place: every read of out_spec below comes before the gains are
     * applied, the last step) */
    float* slot = e->spec + (size_t)(o % (e->delay + 1)) * 2 * b;
    const float* out_spec = slot;
    if (!bins_out)
        bins_out = slot;
    const int click = stftc_est_click_frame(e, o, t);
    const size_t count = e->frames < e->win_t ? (size_t)e->frames : e->win_t;
    const int decision = o % e->decide_every == 0;
    /* gains are built where the caller wants them (else in the power
     * buffer, no longer needed) */
    float* gbuf = gain ? gain : e->power;
    const float fl = e->floor_gain;
    /* the fine gate, where a group of the support has a strong frame (else
     * it would change nothing, and the held gains apply as they are) */
    const int fine_type = e->fine_on && type == STFTC_MASK_AUTO;
    int fine = fine_type && stftc_fg_active(&e->fg);
    /* gains used as decided (no click, smoothing or bypass on top) and not
     * wanted by the caller: held frames apply the held gains in place, and
     * decisions are made straight into the held buffer (no copies) */
    const int plain =
        !gain && !click && e->smooth_bins == 0 && !(e->smooth_alpha < 1.0f) && !e->bypass;
    const int as_decided =
        plain && !fine && e->decide_every > 1 && type != STFTC_MASK_WIENER;
    if (e->presence) {
        /* decisions go to gbase (ga) and the list (ga, gb); each frame
         * composes its gains with its presence weights */
        if (decision)
            fine = decide_presence(e, t, count, fine_type);
        /* gbase holds ga, the whole gain of every unlisted bin (gb = 0) */
        if (plain && !fine) {
            /* the listed bins' gains of this frame go to gbase: a decision
             * rewrites gbase whole and every later frame rewrites them */
            for (size_t i = 0; i < e->n_pres; i++)
                e->gbase[e->pidx[i]] = presence_gain(e, i, out_spec, fl);
            stftc_fused_cgain(bins_out, out_spec, e->gbase, b);
            return bins_out;
        }
        memcpy(gbuf, e->gbase, b * sizeof(float));
        for (size_t i = 0; i < e->n_pres; i++)
            gbuf[e->pidx[i]] = presence_gain(e, i, out_spec, fl);
    } else if (as_decided && !decision) {
        stftc_fused_cgain(bins_out, out_spec, e->gbase, b);
        return bins_out;
    } else {
        if (as_decided)
            gbuf = e->gbase;
        if (type == STFTC_MASK_WIENER)
            wiener_gain(b,
                        e->gring + (size_t)(o % e->region_t) * b,
                        e->dd_alpha,
                        e->xi_min,
                        fl,
                        e->line_w,
                        e->g_prev,
                        e->gamma_prev,
                        gbuf);
        else if (e->decide_every > 1 && !decision)
            memcpy(gbuf, e->gbase, b * sizeof(float)); /* held from the last decision */
        else
            fine = decide(e, type, t, gbuf, count, fine_type);
    }
    finish_gains(e, gbuf, o, fine, click);
    stftc_fused_cgain(bins_out, out_spec, gbuf, b);
    return bins_out;
}
