/* gr-stftclean C core: what the SigMF metadata code (sigmf_meta.c) shares
 * with the reader and writer (sigmf.c). Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_SIGMF_INTERNAL_H
#define STFTCLEAN_SIGMF_INTERNAL_H

#include <stftclean/sigmf.h>

/* sample_start + sample_count passes 2^64 */
int stftc_sigmf_ends_past_2_64(const stftc_sigmf_annotation_t* a);
/* The metadata and annotations a writer may write (STFTC_ERR_INVALID_ARG
 * naming the field otherwise). */
int stftc_sigmf_check_meta(const stftc_sigmf_meta_t* m,
                           const stftc_sigmf_annotation_t* ann,
                           size_t nann,
                           stftc_error_t* err);

#endif
