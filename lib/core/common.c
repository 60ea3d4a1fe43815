/* gr-stftclean C core: errors and the FFTW planner lock.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "internal.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

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

unsigned stftc_fftw_flags(stftc_plan_t plan)
{
    return plan == STFTC_PLAN_MEASURE ? FFTW_MEASURE : FFTW_ESTIMATE;
}

void stftc_destroy_plan(fftwf_plan p)
{
    if (!p)
        return;
    stftc_planner_lock();
    fftwf_destroy_plan(p);
    stftc_planner_unlock();
}
