/* stftclean bench_phase --curves: SC against iterations and against time
 * for every offline method, and the SVG figure of those curves (written
 * directly, no plotting dependency).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli_phase_curves.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct {
    cli_curve_t* cv;
    double t0;
} rec_t;

static int record(void* user, size_t iter, double sc_db)
{
    rec_t* r = user;
    cli_curve_t* cv = r->cv;
    if (cv->n < CLI_CURVE_MAX) {
        cv->iter[cv->n] = iter;
        cv->sc[cv->n] = sc_db;
        cv->t[cv->n] = cpu_now() - r->t0;
        cv->n++;
    }
    return 0;
}

int cli_curve_run(const stftc_phase_config_t* base,
                  const float* S,
                  size_t nf,
                  float* out,
                  cli_curve_t* cv)
{
    stftc_phase_config_t p = *base;
    rec_t r = { cv, 0.0 };
    cv->n = 0;
    p.progress = record;
    p.progress_user = &r;
    stftc_error_t err;
    stftc_phase_t* ph = stftc_phase_create(&p, &err);
    if (!ph) {
        fprintf(stderr, "bench_phase: %s\n", err.msg);
        return -1;
    }
    r.t0 = cpu_now();
    const int rc = stftc_phase_reconstruct(ph, S, nf, NULL, out, NULL);
    stftc_phase_destroy(ph);
    return rc;
}

/* ---------------- SVG ---------------- */

static const char* const colours[] = { "#000000", "#e41a1c", "#377eb8", "#4daf4a",
                                       "#984ea3", "#ff7f00", "#a65628", "#f781bf" };

typedef struct {
    double x0, y0, w, h;           /* panel in pixels */
    double xmin, xmax, ymin, ymax; /* data range */
} panel_t;

static double px(const panel_t* p, double x)
{
    return p->x0 + (x - p->xmin) / (p->xmax - p->xmin) * p->w;
}
static double py(const panel_t* p, double y)
{
    const double v = y < p->ymin ? p->ymin : (y > p->ymax ? p->ymax : y);
    return p->y0 + (p->ymax - v) / (p->ymax - p->ymin) * p->h;
}

static void panel_axes(FILE* f, const panel_t* p, const char* xlabel, const char* title)
{
    fprintf(f,
            "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='none' "
            "stroke='#888'/>\n",
            p->x0,
            p->y0,
            p->w,
            p->h);
    for (int i = 0; i <= 4; i++) {
        const double yv = p->ymin + (p->ymax - p->ymin) * i / 4.0;
        const double xv = p->xmin + (p->xmax - p->xmin) * i / 4.0;
        fprintf(f,
                "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#ddd'/>\n"
                "<text x='%.1f' y='%.1f' font-size='10' text-anchor='end'>%.0f</text>\n",
                p->x0,
                py(p, yv),
                p->x0 + p->w,
                py(p, yv),
                p->x0 - 4,
                py(p, yv) + 3,
                yv);
        fprintf(
            f,
            "<text x='%.1f' y='%.1f' font-size='10' text-anchor='middle'>%.*f</text>\n",
            px(p, xv),
            p->y0 + p->h + 12,
            p->xmax < 10.0 ? 2 : 0,
            xv);
    }
    fprintf(f,
            "<text x='%.1f' y='%.1f' font-size='11' text-anchor='middle'>%s</text>\n"
            "<text x='%.1f' y='%.1f' font-size='12' text-anchor='middle' "
            "font-weight='bold'>%s</text>\n"
            "<text x='%.1f' y='%.1f' font-size='11' text-anchor='middle' "
            "transform='rotate(-90 %.1f %.1f)'>SC dB</text>\n",
            p->x0 + p->w / 2,
            p->y0 + p->h + 26,
            xlabel,
            p->x0 + p->w / 2,
            p->y0 - 6,
            title,
            p->x0 - 32,
            p->y0 + p->h / 2,
            p->x0 - 32,
            p->y0 + p->h / 2);
}

static void
panel_curve(FILE* f, const panel_t* p, const cli_curve_t* cv, int by_time, int ci)
{
    fprintf(f,
            "<polyline fill='none' stroke-width='1.5' stroke='%s' points='",
            colours[ci % 8]);
    for (size_t i = 0; i < cv->n; i++) {
        const double x = by_time ? 1e3 * cv->t[i] : (double)cv->iter[i];
        if (x > p->xmax || !isfinite(cv->sc[i]))
            break;
        fprintf(f, "%.1f,%.1f ", px(p, x), py(p, cv->sc[i]));
    }
    fprintf(f, "'/>\n");
}

int cli_curves_svg(const char* path,
                   const char* const* signal_names,
                   size_t nsig,
                   const char* const* method_names,
                   size_t nmeth,
                   const cli_curve_t* curves)
{
    FILE* f = fopen(path, "w");
    if (!f)
        return -1;
    const double pw = 380, ph = 220, left = 60, top = 40, gapx = 90, gapy = 80;
    const double W = left + 2 * pw + gapx + 150, H = top + nsig * (ph + gapy);
    fprintf(f,
            "<svg xmlns='http://www.w3.org/2000/svg' width='%.0f' height='%.0f' "
            "font-family='sans-serif'>\n<rect width='100%%' height='100%%' "
            "fill='white'/>\n",
            W,
            H);
    for (size_t s = 0; s < nsig; s++) {
        const cli_curve_t* row = curves + s * nmeth;
        double ymin = 0.0, ymax = -INFINITY, tmax = 0.0;
        size_t imax = 1;
        for (size_t m = 0; m < nmeth; m++)
            for (size_t i = 0; i < row[m].n; i++) {
                if (isfinite(row[m].sc[i])) {
                    ymin = row[m].sc[i] < ymin ? row[m].sc[i] : ymin;
                    ymax = row[m].sc[i] > ymax ? row[m].sc[i] : ymax;
                }
                imax = row[m].iter[i] > imax ? row[m].iter[i] : imax;
                tmax = row[m].t[i] > tmax ? row[m].t[i] : tmax;
            }
        ymin = floor(ymin / 5.0) * 5.0;
        ymax = ceil(ymax / 5.0) * 5.0;
        if (!(ymax > ymin))
            ymax = ymin + 5.0;
        panel_t a = { left, top + s * (ph + gapy), pw, ph, 0, (double)imax, ymin, ymax };
        panel_t b = a;
        b.x0 = left + pw + gapx;
        b.xmax = ceil(1e3 * tmax);
        char title[160];
        snprintf(title, sizeof title, "%s: SC vs iterations", signal_names[s]);
        panel_axes(f, &a, "iterations (one STFT + ISTFT each)", title);
        snprintf(title, sizeof title, "%s: SC vs time", signal_names[s]);
        panel_axes(f, &b, "thread CPU time, ms (PGHI included)", title);
        for (size_t m = 0; m < nmeth; m++) {
            panel_curve(f, &a, &row[m], 0, (int)m);
            panel_curve(f, &b, &row[m], 1, (int)m);
        }
    }
    for (size_t m = 0; m < nmeth; m++) {
        const double x = left + 2 * pw + gapx + 20, y = top + 20 + 18 * m;
        fprintf(f,
                "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='%s' "
                "stroke-width='2'/><text x='%.1f' y='%.1f' font-size='11'>%s</text>\n",
                x,
                y,
                x + 20,
                y,
                colours[m % 8],
                x + 25,
                y + 4,
                method_names[m]);
    }
    fprintf(f, "</svg>\n");
    return fclose(f) == 0 ? 0 : -1;
}
