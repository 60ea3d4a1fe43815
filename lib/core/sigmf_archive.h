/* gr-stftclean C core: SigMF archives (".sigmf" tar files) read in place
 * (not installed).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_SIGMF_ARCHIVE_H
#define STFTCLEAN_SIGMF_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>
#include <stftclean/common.h>

/* Non-zero if path names a SigMF archive (".sigmf"). */
int stftc_sigmf_is_archive(const char* path);
/* Walks the tar at path (ustar or plain v7 headers, checksums checked):
 * the first .sigmf-meta member's text (malloc'd, NUL-terminated, *meta_len
 * bytes) and the offset and size of the .sigmf-data member of the same
 * name (or the only one). STFTC_OK, or an error naming the archive. */
int stftc_sigmf_archive_find(const char* path,
                             char** meta_text,
                             size_t* meta_len,
                             uint64_t* data_off,
                             uint64_t* data_size,
                             stftc_error_t* err);

#endif
