/* ThreadSanitizer check of the core under runtime changes from other
 * threads, in the two ways the blocks and applications use it:
 *  - staged (the blocks, lib/mask_params.h): a GUI thread writes a whole
 *    mask config under a mutex and marks it dirty; the processing thread
 *    hands it to the core with stftc_mask_set_config between process()
 *    calls, then processes without the lock, and publishes the last mask
 *    under a second mutex that a display thread reads;
 *  - locked: a setter thread calls stftc_cleaner_set_threshold_db /
 *    _floor_db / _bands directly, under a mutex that the processing thread
 *    also holds around each process() call.
 * Both cleaners run at the same time (no shared mutable state between
 * objects), the staged one with threads = 2 (its own worker thread takes
 * each frame's inverse transform and overlap-add from the pipeline), while
 * another thread creates and destroys cleaners (one and two threads, the
 * worker started and joined) and STFTs (FFTW planning under the core's
 * planner lock). Built with
 * -fsanitize=thread only under -DENABLE_TSAN=ON (the core sources are
 * compiled into this program, instrumented); any race report fails it
 * (halt_on_error). Also checks: output finite, every round done, setters
 * really ran.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stftclean/cleaner.h>
#include <stftclean/mask.h>
#include <stftclean/stft.h>

#define FFT 512
#define HOP 128
#define CHUNK (4 * HOP) /* samples per process() call */
/* the two-thread cleaner: calls of 1 to 20 hops, so that its ring of 8
 * frames wraps within a call (and every third call in place) */
#define MAX_HOPS 20
#define ROUNDS 300

static stftc_cleaner_config_t base_config(void)
{
    stftc_cleaner_config_t c = stftc_cleaner_config_default();
    c.stft.fft_size = FFT;
    c.stft.hop = HOP;
    c.mask.type = STFTC_MASK_AUTO;
    c.mask.sample_rate = 48e3;
    return c;
}

static void fail(const char* what)
{
    fprintf(stderr, "FAIL: %s\n", what);
    exit(1);
}

/* input: complex noise with a tone in the middle of the run */
static void make_input(float* x, size_t n, unsigned seed)
{
    for (size_t t = 0; t < n; t++) {
        seed = seed * 1103515245u + 12345u;
        const float a = (float)((seed >> 8) & 0xffff) / 65536.0f - 0.5f;
        seed = seed * 1103515245u + 12345u;
        const float b = (float)((seed >> 8) & 0xffff) / 65536.0f - 0.5f;
        const double ph = 0.3 * (double)t;
        x[2 * t] = 0.1f * a + (float)cos(ph);
        x[2 * t + 1] = 0.1f * b + (float)sin(ph);
    }
}

typedef struct {
    /* staged runtime config, as detail::mask_params */
    pthread_mutex_t cfg_mu;
    stftc_mask_config_t staged;
    int dirty;
    /* the last mask, published for a display thread */
    pthread_mutex_t last_mu;
    float last[FFT];
    /* locked variant: one mutex around the core object */
    pthread_mutex_t core_mu;
    stftc_cleaner_t* staged_cl;
    stftc_cleaner_t* locked_cl;
    stftc_stft_config_t stft;
    atomic_int done;
    atomic_long applied, set_calls, reads, churns;
} shared_t;

static void* staged_worker(void* arg)
{
    shared_t* s = arg;
    float* x = malloc(2 * MAX_HOPS * HOP * sizeof *x);
    float* y = malloc(2 * MAX_HOPS * HOP * sizeof *y);
    if (!x || !y)
        fail("out of memory");
    for (int r = 0; r < ROUNDS; r++) {
        const size_t n = HOP * (size_t)(1 + r % MAX_HOPS);
        pthread_mutex_lock(&s->cfg_mu);
        if (s->dirty) {
            stftc_error_t e;
            if (stftc_mask_set_config(stftc_cleaner_mask(s->staged_cl), &s->staged, &e) !=
                STFTC_OK)
                fail(e.msg);
            s->dirty = 0;
            atomic_fetch_add(&s->applied, 1);
        }
        pthread_mutex_unlock(&s->cfg_mu);
        make_input(x, n, (unsigned)r);
        if (r % 3 == 2) {
            memcpy(y, x, 2 * n * sizeof *y);
            if (stftc_cleaner_process(s->staged_cl, y, y, n) != STFTC_OK)
                fail("staged process (in place)");
        } else if (stftc_cleaner_process(s->staged_cl, x, y, n) != STFTC_OK) {
            fail("staged process");
        }
        for (size_t i = 0; i < 2 * n; i++)
            if (!isfinite(y[i]))
                fail("staged: non-finite output");
        pthread_mutex_lock(&s->last_mu);
        memcpy(s->last, stftc_cleaner_last_mask(s->staged_cl), sizeof s->last);
        pthread_mutex_unlock(&s->last_mu);
    }
    free(x);
    free(y);
    return NULL;
}

static void* locked_worker(void* arg)
{
    shared_t* s = arg;
    float* x = malloc(2 * CHUNK * sizeof *x);
    float* y = malloc(2 * CHUNK * sizeof *y);
    if (!x || !y)
        fail("out of memory");
    for (int r = 0; r < ROUNDS; r++) {
        make_input(x, CHUNK, (unsigned)r + 1000u);
        pthread_mutex_lock(&s->core_mu);
        const int rc = stftc_cleaner_process(s->locked_cl, x, y, CHUNK);
        pthread_mutex_unlock(&s->core_mu);
        if (rc != STFTC_OK)
            fail("locked process");
        for (size_t i = 0; i < 2 * CHUNK; i++)
            if (!isfinite(y[i]))
                fail("locked: non-finite output");
    }
    free(x);
    free(y);
    return NULL;
}

/* The GUI thread: stages configs (checked first, as the blocks do) and
 * calls the direct setters of the locked cleaner, in a tight loop. */
static void* setters(void* arg)
{
    shared_t* s = arg;
    long i = 0;
    while (!atomic_load(&s->done)) {
        pthread_mutex_lock(&s->cfg_mu);
        stftc_mask_config_t m = s->staged;
        m.threshold_db = 3.0 + (double)(i % 7);
        m.floor_db = -60.0 + (double)(i % 30);
        m.pfa = pow(10.0, -(double)(4 + i % 6));
        m.hysteresis_db = (double)(i % 5);
        m.hang_time = i % 3 == 0 ? -1.0 : 0.01;
        m.gate_slope_db = 1.0 + (double)(i % 10);
        m.xi_min_db = -30.0 + (double)(i % 20);
        m.dd_alpha = 0.9 + 0.01 * (double)(i % 9);
        m.lines = (int)(i % 3) - 1;
        m.line_db = 5.0 + (double)(i % 20);
        m.impulse = (int)(i % 3) - 1;
        m.impulse_db = 2.0 + (double)(i % 10);
        m.smooth_time = i % 2 ? 0.0 : 0.01;
        m.smooth_freq = i % 2 ? 0.0 : 500.0;
        m.bypass = i % 4 == 0;
        m.nbands = 1;
        m.bands[0] = 1000.0 + (double)(i % 5) * 100.0;
        m.bands[1] = 5000.0;
        m.band_reject = (int)(i % 2);
        if (stftc_mask_config_check(&m, &s->stft, NULL) == STFTC_OK) {
            s->staged = m;
            s->dirty = 1;
        }
        pthread_mutex_unlock(&s->cfg_mu);

        stftc_error_t e;
        const double bands[2] = { -2000.0, 2000.0 + (double)(i % 3) * 100.0 };
        pthread_mutex_lock(&s->core_mu);
        int rc = stftc_cleaner_set_threshold_db(s->locked_cl, 3.0 + (double)(i % 7), &e);
        rc |= stftc_cleaner_set_floor_db(s->locked_cl, -60.0 + (double)(i % 30), &e);
        rc |= stftc_cleaner_set_bands(s->locked_cl, bands, 1, (int)(i % 2), &e);
        /* refused, nothing changes */
        const int bad = stftc_cleaner_set_floor_db(s->locked_cl, 5.0, &e);
        pthread_mutex_unlock(&s->core_mu);
        if (rc != STFTC_OK || bad == STFTC_OK)
            fail("direct setters");
        atomic_fetch_add(&s->set_calls, 1);
        i++;
    }
    return NULL;
}

static void* display(void* arg)
{
    shared_t* s = arg;
    float copy[FFT];
    while (!atomic_load(&s->done)) {
        pthread_mutex_lock(&s->last_mu);
        memcpy(copy, s->last, sizeof copy);
        pthread_mutex_unlock(&s->last_mu);
        for (size_t i = 0; i < FFT; i++)
            if (!(copy[i] >= 0.0f && copy[i] <= 1.0f))
                fail("last mask out of [0, 1]");
        atomic_fetch_add(&s->reads, 1);
    }
    return NULL;
}

/* Objects made and freed while the others run (FFTW planning). */
static void* churn(void* arg)
{
    shared_t* s = arg;
    stftc_cleaner_config_t c = base_config();
    while (!atomic_load(&s->done)) {
        stftc_error_t e;
        c.threads = 1 + (int)(atomic_load(&s->churns) % 2);
        stftc_cleaner_t* cl = stftc_cleaner_create(&c, &e);
        stftc_stft_t* st = stftc_stft_create(&c.stft, &e);
        if (!cl || !st)
            fail("churn create");
        stftc_stft_destroy(st);
        stftc_cleaner_destroy(cl);
        atomic_fetch_add(&s->churns, 1);
    }
    return NULL;
}

int main(void)
{
    static shared_t s;
    pthread_mutex_init(&s.cfg_mu, NULL);
    pthread_mutex_init(&s.last_mu, NULL);
    pthread_mutex_init(&s.core_mu, NULL);
    stftc_cleaner_config_t c = base_config();
    stftc_error_t e;
    s.locked_cl = stftc_cleaner_create(&c, &e);
    c.threads = 2;
    s.staged_cl = stftc_cleaner_create(&c, &e);
    if (!s.staged_cl || !s.locked_cl)
        fail(e.msg);
    if (stftc_cleaner_config(s.staged_cl)->threads != 2)
        fail("the staged cleaner runs one thread");
    s.staged = *stftc_mask_config(stftc_cleaner_mask(s.staged_cl));
    s.stft = stftc_cleaner_config(s.staged_cl)->stft;
    for (size_t i = 0; i < FFT; i++)
        s.last[i] = 1.0f;

    pthread_t w1, w2, gui, disp, ch;
    if (pthread_create(&gui, NULL, setters, &s) ||
        pthread_create(&disp, NULL, display, &s) ||
        pthread_create(&ch, NULL, churn, &s) ||
        pthread_create(&w1, NULL, staged_worker, &s) ||
        pthread_create(&w2, NULL, locked_worker, &s))
        fail("pthread_create");
    pthread_join(w1, NULL);
    pthread_join(w2, NULL);
    atomic_store(&s.done, 1);
    pthread_join(gui, NULL);
    pthread_join(disp, NULL);
    pthread_join(ch, NULL);

    printf("%d rounds x 2 cleaners; %ld configs applied, %ld setter rounds, %ld "
           "mask reads, %ld create/destroy\n",
           ROUNDS,
           atomic_load(&s.applied),
           atomic_load(&s.set_calls),
           atomic_load(&s.reads),
           atomic_load(&s.churns));
    if (atomic_load(&s.set_calls) < 1 || atomic_load(&s.applied) < 1)
        fail("the setters did not run while processing");
    stftc_cleaner_destroy(s.staged_cl);
    stftc_cleaner_destroy(s.locked_cl);
    return 0;
}
