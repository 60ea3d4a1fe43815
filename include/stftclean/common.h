/* gr-stftclean C core: error codes, error reports, FFTW planner lock hook.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_COMMON_H
#define STFTCLEAN_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Negative error codes; STFTC_OK is zero. */
typedef enum {
    STFTC_OK = 0,
    STFTC_ERR_INVALID_ARG = -1, /* a config field or argument is out of range */
    STFTC_ERR_NOLA = -2,        /* window/hop pair cannot be inverted */
    STFTC_ERR_NOMEM = -3,       /* allocation failed */
    STFTC_ERR_FFTW = -4,        /* FFTW could not make a plan */
    STFTC_ERR_IO = -5,          /* file could not be opened/read/written */
    STFTC_ERR_FORMAT = -6       /* file content is not what was expected */
} stftc_err_t;

/* Error report filled by every create/parse call: code plus a sentence that
 * names the bad field and the allowed range. */
#define STFTC_ERRMSG_LEN 256

/* Range of every sample_rate parameter (Hz): wide enough for normalised
 * rates and any radio, narrow enough that seconds -> frames conversions stay
 * far inside size_t. */
#define STFTC_SAMPLE_RATE_MIN 1e-3
#define STFTC_SAMPLE_RATE_MAX 1e12
typedef struct {
    int code;
    char msg[STFTC_ERRMSG_LEN];
} stftc_error_t;

/* Short generic text for an error code ("invalid argument", ...). */
const char* stftc_strerror(int code);

/* FFTW planning (plan create/destroy) is not thread-safe. The C++ layer points
 * this hook at gr::fft::planner::mutex(); C programs may leave it unset (the
 * core then uses its own process-wide mutex). Passing NULLs restores that. */
typedef void (*stftc_lock_fn)(void* user);
void stftc_set_planner_lock(stftc_lock_fn lock, stftc_lock_fn unlock, void* user);

/* FFTW plan rigour used at create time (the config field `plan`; default
 * STFTC_PLAN_ESTIMATE). The environment variable STFTCLEAN_FFTW_PLAN set to
 * "estimate" or "measure" overrides the field for every object of the process
 * (any other value is ignored). */
typedef enum {
    STFTC_PLAN_ESTIMATE = 0, /* instant planning, good plans for 2^k sizes */
    STFTC_PLAN_MEASURE = 1   /* times candidate algorithms: slower first create,
                                then instant through the wisdom cache */
} stftc_plan_t;

/* FFTW wisdom cache. Before planning, the core imports the wisdom file once
 * per process (and again whenever its path changes); after a MEASURE plan that
 * the wisdom did not already hold, it merges the file's current content with
 * the process's wisdom and replaces the file atomically (temporary file plus
 * rename, under an flock on "<file>.lock"), so concurrent processes never
 * leave a torn file and do not lose each other's plans. The file is
 *   $STFTCLEAN_FFTW_WISDOM  if set ("" or "off" disables the cache), else
 *   $XDG_CACHE_HOME/gr-stftclean/fftw-wisdom  (XDG_CACHE_HOME absolute), else
 *   $HOME/.cache/gr-stftclean/fftw-wisdom.
 * Cache failures (read-only home, corrupt file) never fail a create: the core
 * plans without wisdom and leaves the file alone or rewrites it. */

/* Path of the wisdom file into buf (len bytes); STFTC_OK, or STFTC_ERR_IO when
 * the cache is disabled or the path does not fit. */
int stftc_wisdom_file(char* buf, size_t len);
/* Import the wisdom file now (also done automatically before planning). */
int stftc_wisdom_load(void);
/* Merge and write the process's wisdom to the file now (also done
 * automatically after new MEASURE plans). STFTC_OK or STFTC_ERR_IO. */
int stftc_wisdom_save(void);

/* Per-element kernels of the frame path (window copy-in, synthesis window
 * and overlap-add): fused plain loops, compiled for several instruction sets
 * and picked at load time (default), or VOLK's run-time dispatched kernels,
 * one pass per step. Both are exact to float rounding; `stftclean bench`
 * reports the speed of each. The choice applies to objects created after the
 * call. */
typedef enum { STFTC_KERNELS_FUSED = 0, STFTC_KERNELS_VOLK = 1 } stftc_kernels_t;
void stftc_set_kernels(stftc_kernels_t k);
stftc_kernels_t stftc_get_kernels(void);

/* Frames per FFTW call in the cleaner, at FFT sizes <= 4096 that are
 * multiples of 8 (1..64; 0 and 1: one frame per call, the default). Read at
 * each create. */
void stftc_set_batch(size_t frames);
size_t stftc_get_batch(void);

/* Planning rigour of every object created from now on, whatever its config
 * says: STFTC_PLAN_ESTIMATE or STFTC_PLAN_MEASURE; -1 (default): each
 * config's own. */
void stftc_set_plan_override(int plan);

/* The process-wide settings above (and the memory budget below) are plain
 * calls; the core reads no environment for them. Front ends that want the
 * environment to set them (the stftclean command, the GNU Radio module and
 * its numpy layer) call this once at start: STFTCLEAN_KERNELS=fused|volk,
 * STFTCLEAN_BATCH=K, STFTCLEAN_FFTW_PLAN=estimate|measure,
 * STFTCLEAN_MEMORY_BUDGET_MB=MiB. Unset or unreadable values change
 * nothing. All these settings are atomic (any thread may set them). */
void stftc_settings_from_env(void);

/* Memory budget of one create (stft, istft, mask, cleaner, features, bursts,
 * phase, rtpghi, rtisila, with what they create inside): a configuration
 * whose buffers would pass it fails at once with STFTC_ERR_NOMEM and a
 * message that names the budget (--fft 67108864 with a hop of 256 used to
 * run for minutes and several GB). In MiB; 0: no limit. Default 2048
 * (STFTCLEAN_MEMORY_BUDGET_MB through stftc_settings_from_env); process
 * wide, read at each create. */
#define STFTC_MEMORY_BUDGET_DEFAULT_MB 2048
void stftc_set_memory_budget(size_t mib);
size_t stftc_get_memory_budget(void);

/* Input/output sample type of a transform. */
typedef enum {
    STFTC_COMPLEX = 0, /* interleaved I/Q float32 pairs, N bins per frame */
    STFTC_REAL = 1     /* float32, N/2+1 bins per frame */
} stftc_sample_t;

#ifdef __cplusplus
}
#endif
#endif
