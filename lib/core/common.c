/* gr-stftclean C core: errors, the FFTW planner lock and the wisdom cache.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _DEFAULT_SOURCE /* flock, mkstemp, fsync */
#include "internal.h"
#include "transform.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

const char* stftc_strerror(int code)
{
    switch (code) {
    case STFTC_OK:
        return "success";
    case STFTC_ERR_INVALID_ARG:
        return "invalid argument";
    case STFTC_ERR_NOLA:
        return "window and hop violate the NOLA condition";
    case STFTC_ERR_NOMEM:
        return "out of memory";
    case STFTC_ERR_FFTW:
        return "FFTW could not create a plan";
    case STFTC_ERR_IO:
        return "input/output error";
    case STFTC_ERR_FORMAT:
        return "bad file format";
    default:
        return "unknown error";
    }
}

int stftc_fail(stftc_error_t* err, int code, const char* fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

void stftc_ok(stftc_error_t* err)
{
    if (err) {
        err->code = STFTC_OK;
        err->msg[0] = '\0';
    }
}

int stftc_check_sample_rate(double fs, stftc_error_t* err)
{
    if (fs >= STFTC_SAMPLE_RATE_MIN && fs <= STFTC_SAMPLE_RATE_MAX)
        return STFTC_OK;
    return stftc_fail(err,
                      STFTC_ERR_INVALID_ARG,
                      "sample_rate: must be in [%g, %g] Hz, got %g",
                      STFTC_SAMPLE_RATE_MIN,
                      STFTC_SAMPLE_RATE_MAX,
                      fs);
}

int stftc_parse_choice(const char* param,
                       const char* text,
                       const char* const* names,
                       const int* values,
                       size_t n,
                       int* out,
                       stftc_error_t* err)
{
    for (size_t i = 0; text && i < n; i++) {
        if (!strcmp(text, names[i])) {
            *out = values[i];
            stftc_ok(err);
            return STFTC_OK;
        }
    }
    char list[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < n && used < sizeof list; i++) {
        const char* sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
        int k = snprintf(list + used, sizeof list - used, "%s%s", sep, names[i]);
        used += k > 0 ? (size_t)k : 0;
    }
    return stftc_fail(err,
                      STFTC_ERR_INVALID_ARG,
                      "%s: must be %s, got '%s'",
                      param,
                      list,
                      text ? text : "(null)");
}

/* ------------------------------------------------------------ memory budget */

static _Atomic size_t budget_mib = STFTC_MEMORY_BUDGET_DEFAULT_MB;
static _Thread_local unsigned budget_depth;
static _Thread_local size_t budget_used, budget_limit, budget_refused;

void stftc_set_memory_budget(size_t mib) { budget_mib = mib; }

size_t stftc_get_memory_budget(void) { return budget_mib; }

void stftc_budget_begin(void)
{
    if (budget_depth++ == 0) {
        const size_t mib = stftc_get_memory_budget();
        budget_limit = mib == 0 || mib > SIZE_MAX >> 20 ? SIZE_MAX : mib << 20;
        budget_used = 0;
        budget_refused = 0;
    }
}

int stftc_budget_charge(size_t bytes)
{
    if (budget_depth == 0)
        return 0; /* outside a create: buffers made by process calls (none) */
    if (bytes > budget_limit - budget_used) {
        budget_refused = bytes;
        return -1;
    }
    budget_used += bytes;
    return 0;
}

int stftc_budget_expect(size_t bytes)
{
    if (budget_depth == 0 || bytes <= budget_limit - budget_used)
        return 0;
    budget_refused = bytes;
    return -1;
}

void* stftc_budget_end(void* made, stftc_error_t* err)
{
    if (budget_depth > 0 && --budget_depth == 0 && !made && budget_refused)
        stftc_fail(err,
                   STFTC_ERR_NOMEM,
                   "memory: needs more than the %zu MiB budget (%zu MiB more asked "
                   "for after %zu MiB); use a smaller fft_size or noise window, or "
                   "raise the budget (--max-memory MB, stftc_set_memory_budget or "
                   "STFTCLEAN_MEMORY_BUDGET_MB; 0: no limit)",
                   stftc_get_memory_budget(),
                   (budget_refused + (1u << 20) - 1) >> 20,
                   budget_used >> 20);
    return made;
}

FILE* stftc_open_regular(const char* path, uint64_t* size, stftc_error_t* err)
{
    /* O_NONBLOCK: opening a FIFO for reading would wait for a writer */
    const int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        stftc_fail(err, STFTC_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        stftc_fail(err,
                   STFTC_ERR_IO,
                   "%s: not a regular file (a FIFO or device: read a stream with '-' "
                   "and a raw format)",
                   path);
        return NULL;
    }
    const int fl = fcntl(fd, F_GETFL);
    FILE* fp =
        fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0 ? NULL : fdopen(fd, "rb");
    if (!fp) {
        stftc_fail(err, STFTC_ERR_IO, "%s: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    if (size)
        *size = (uint64_t)st.st_size;
    return fp;
}

int stftc_check_writable_path(const char* path, stftc_error_t* err)
{
    struct stat st;
    if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
        return STFTC_OK; /* fopen reports what else is wrong */
    return stftc_fail(err,
                      STFTC_ERR_IO,
                      "%s: not a regular file (WAV and SigMF are written to files; "
                      "raw formats can go to a FIFO or '-')",
                      path);
}

/* The default lock serialises planning between core objects of this process
 * when no host framework provides its own planner mutex. */
static pthread_mutex_t default_mutex = PTHREAD_MUTEX_INITIALIZER;
static void default_lock(void* u)
{
    (void)u;
    pthread_mutex_lock(&default_mutex);
}
static void default_unlock(void* u)
{
    (void)u;
    pthread_mutex_unlock(&default_mutex);
}

static stftc_lock_fn lock_fn = default_lock;
static stftc_lock_fn unlock_fn = default_unlock;
static void* lock_user = NULL;

void stftc_set_planner_lock(stftc_lock_fn lock, stftc_lock_fn unlock, void* user)
{
    if (lock && unlock) {
        lock_fn = lock;
        unlock_fn = unlock;
        lock_user = user;
    } else {
        lock_fn = default_lock;
        unlock_fn = default_unlock;
        lock_user = NULL;
    }
}

void stftc_planner_lock(void) { lock_fn(lock_user); }
void stftc_planner_unlock(void) { unlock_fn(lock_user); }

static atomic_int plan_override = -1;

void stftc_set_plan_override(int plan)
{
    atomic_store(&plan_override,
                 plan == STFTC_PLAN_MEASURE || plan == STFTC_PLAN_ESTIMATE ? plan : -1);
}

stftc_plan_t stftc_plan_effective(stftc_plan_t plan)
{
    const int o = atomic_load(&plan_override);
    return o < 0 ? plan : (stftc_plan_t)o;
}

unsigned stftc_fftw_flags(stftc_plan_t plan)
{
    return stftc_plan_effective(plan) == STFTC_PLAN_MEASURE ? FFTW_MEASURE
                                                            : FFTW_ESTIMATE;
}

/* Kernel path and batch: objects copy them at create. */
static atomic_int kernels = STFTC_KERNELS_FUSED;
static _Atomic size_t batch = 1;

void stftc_set_kernels(stftc_kernels_t k)
{
    atomic_store(&kernels,
                 k == STFTC_KERNELS_VOLK ? STFTC_KERNELS_VOLK : STFTC_KERNELS_FUSED);
}

stftc_kernels_t stftc_get_kernels(void) { return (stftc_kernels_t)atomic_load(&kernels); }

void stftc_set_batch(size_t frames)
{
    atomic_store(&batch,
                 frames < 1 ? 1 : (frames > STFTC_MAX_BATCH ? STFTC_MAX_BATCH : frames));
}

size_t stftc_get_batch(void) { return atomic_load(&batch); }

void stftc_settings_from_env(void)
{
    const char* e = getenv("STFTCLEAN_KERNELS");
    if (e && strcasecmp(e, "volk") == 0)
        stftc_set_kernels(STFTC_KERNELS_VOLK);
    else if (e && strcasecmp(e, "fused") == 0)
        stftc_set_kernels(STFTC_KERNELS_FUSED);
    e = getenv("STFTCLEAN_FFTW_PLAN");
    if (e && strcasecmp(e, "measure") == 0)
        stftc_set_plan_override(STFTC_PLAN_MEASURE);
    else if (e && strcasecmp(e, "estimate") == 0)
        stftc_set_plan_override(STFTC_PLAN_ESTIMATE);
    char* end = NULL;
    e = getenv("STFTCLEAN_BATCH");
    if (e && *e) {
        const long b = strtol(e, &end, 10);
        if (end && !*end)
            stftc_set_batch(b < 1 ? 1 : (size_t)b);
    }
    e = getenv("STFTCLEAN_MEMORY_BUDGET_MB");
    if (e && *e) {
        const unsigned long long v = strtoull(e, &end, 10);
        if (end && !*end)
            stftc_set_memory_budget((size_t)v);
    }
}

/* ---------------------------------------------------------------------- */
/* Wisdom cache. Every function below that touches FFTW's wisdom runs under
 * the planner lock (FFTW's planner and its wisdom are one global state). */

#define WISDOM_PATH_MAX 4096
static char loaded_path[WISDOM_PATH_MAX]; /* file imported last, "" if none */

int stftc_wisdom_file(char* buf, size_t len)
{
    const char* e = getenv("STFTCLEAN_FFTW_WISDOM");
    int n;
    if (e) {
        if (!e[0] || strcasecmp(e, "off") == 0)
            return STFTC_ERR_IO;
        n = snprintf(buf, len, "%s", e);
    } else {
        const char* x = getenv("XDG_CACHE_HOME");
        const char* h = getenv("HOME");
        if (x && x[0] == '/')
            n = snprintf(buf, len, "%s/gr-stftclean/fftw-wisdom", x);
        else if (h && h[0])
            n = snprintf(buf, len, "%s/.cache/gr-stftclean/fftw-wisdom", h);
        else
            return STFTC_ERR_IO;
    }
    return (n > 0 && (size_t)n < len) ? STFTC_OK : STFTC_ERR_IO;
}

/* Create the parent folders of path (like mkdir -p of its dirname). */
static int make_parents(const char* path)
{
    char d[WISDOM_PATH_MAX];
    snprintf(d, sizeof d, "%s", path);
    char* slash = strrchr(d, '/');
    if (!slash || slash == d)
        return 0;
    *slash = '\0';
    for (char* p = d + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(d, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return (mkdir(d, 0700) == 0 || errno == EEXIST) ? 0 : -1;
}

/* Import the file if it exists; returns 1 when wisdom was read. */
static int import_file(const char* path)
{
    FILE* f = stftc_open_regular(path, NULL, NULL);
    if (!f)
        return 0;
    const int ok = fftwf_import_wisdom_from_file(f);
    fclose(f);
    return ok;
}

/* Import once per path (caller holds the planner lock). */
static void wisdom_ensure_loaded(void)
{
    char path[WISDOM_PATH_MAX];
    if (stftc_wisdom_file(path, sizeof path) != STFTC_OK) {
        loaded_path[0] = '\0';
        return;
    }
    if (strcmp(path, loaded_path) == 0)
        return;
    import_file(path);
    snprintf(loaded_path, sizeof loaded_path, "%s", path);
}

/* Merge and replace the file (caller holds the planner lock). Another process
 * may be doing the same: the flock on "<file>.lock" orders the
 * read-merge-write sequences, and the rename makes each replacement atomic, so
 * readers without the lock see either the old or the new complete file. */
static int wisdom_save_locked(void)
{
    char path[WISDOM_PATH_MAX], lock[WISDOM_PATH_MAX + 8], tmp[WISDOM_PATH_MAX + 16];
    if (stftc_wisdom_file(path, sizeof path) != STFTC_OK)
        return STFTC_ERR_IO;
    if (make_parents(path) != 0)
        return STFTC_ERR_IO;
    snprintf(lock, sizeof lock, "%s.lock", path);
    snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
    const int lfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lfd < 0)
        return STFTC_ERR_IO;
    int rc = STFTC_ERR_IO;
    if (flock(lfd, LOCK_EX) == 0) {
        import_file(path); /* what other processes saved since we loaded */
        char* text = fftwf_export_wisdom_to_string();
        const int fd = text ? mkstemp(tmp) : -1;
        if (fd >= 0) {
            const size_t len = strlen(text);
            size_t done = 0;
            while (done < len) {
                const ssize_t w = write(fd, text + done, len - done);
                if (w < 0 && errno == EINTR)
                    continue;
                if (w <= 0)
                    break;
                done += (size_t)w;
            }
            const int synced = done == len && fsync(fd) == 0;
            if (close(fd) == 0 && synced && rename(tmp, path) == 0)
                rc = STFTC_OK;
            else
                unlink(tmp);
        }
        free(text);
        flock(lfd, LOCK_UN);
    }
    close(lfd);
    return rc;
}

int stftc_wisdom_load(void)
{
    char path[WISDOM_PATH_MAX];
    if (stftc_wisdom_file(path, sizeof path) != STFTC_OK)
        return STFTC_ERR_IO;
    stftc_planner_lock();
    const int ok = import_file(path);
    snprintf(loaded_path, sizeof loaded_path, "%s", path);
    stftc_planner_unlock();
    return ok ? STFTC_OK : STFTC_ERR_IO;
}

int stftc_wisdom_save(void)
{
    stftc_planner_lock();
    const int rc = wisdom_save_locked();
    stftc_planner_unlock();
    return rc;
}

/* Plan through the cache: wisdom loaded first; with MEASURE, a plan the
 * wisdom already holds is taken without measuring (FFTW_WISDOM_ONLY), and a
 * new one is measured and saved. Destroys nothing on failure. */
fftwf_plan stftc_make_plan(const stftc_plan_request_t* rq)
{
    const unsigned flags = stftc_fftw_flags(rq->plan);
    fftwf_plan p = NULL;
    stftc_planner_lock();
    wisdom_ensure_loaded();
    for (int pass = 0; pass < 2 && !p; pass++) {
        unsigned f = flags;
        if (pass == 0) {
            if (flags != FFTW_MEASURE)
                continue;
            f |= FFTW_WISDOM_ONLY;
        }
        switch (rq->kind) {
        case STFTC_PLAN_C2C_FWD:
        case STFTC_PLAN_C2C_INV:
            p = fftwf_plan_many_dft(1,
                                    &rq->n,
                                    rq->howmany,
                                    (fftwf_complex*)rq->in,
                                    NULL,
                                    1,
                                    rq->idist,
                                    (fftwf_complex*)rq->out,
                                    NULL,
                                    1,
                                    rq->odist,
                                    rq->kind == STFTC_PLAN_C2C_FWD ? FFTW_FORWARD
                                                                   : FFTW_BACKWARD,
                                    f);
            break;
        case STFTC_PLAN_R2C:
            p = fftwf_plan_many_dft_r2c(1,
                                        &rq->n,
                                        rq->howmany,
                                        rq->in,
                                        NULL,
                                        1,
                                        rq->idist,
                                        (fftwf_complex*)rq->out,
                                        NULL,
                                        1,
                                        rq->odist,
                                        f);
            break;
        case STFTC_PLAN_C2R:
            p = fftwf_plan_many_dft_c2r(1,
                                        &rq->n,
                                        rq->howmany,
                                        (fftwf_complex*)rq->in,
                                        NULL,
                                        1,
                                        rq->idist,
                                        rq->out,
                                        NULL,
                                        1,
                                        rq->odist,
                                        f);
            break;
        }
        if (p && pass == 1 && flags == FFTW_MEASURE)
            wisdom_save_locked();
    }
    stftc_planner_unlock();
    return p;
}

void stftc_destroy_plan(fftwf_plan p)
{
    if (!p)
        return;
    stftc_planner_lock();
    fftwf_destroy_plan(p);
    stftc_planner_unlock();
}
