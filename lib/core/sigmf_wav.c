/* gr-stftclean C core: a SigMF description of an IQ WAV recording (a
 * non-conforming dataset: the samples after core:header_bytes), next to the
 * readers it uses.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _FILE_OFFSET_BITS 64
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stftclean/iqfile.h>
#include <stftclean/sigmf.h>
#include <string.h>
#include <sys/stat.h>

int stftc_sigmf_describe_wav(const char* wav_path,
                             const char* meta_path,
                             const stftc_sigmf_annotation_t* ann,
                             size_t nann,
                             stftc_error_t* err)
{
    stftc_iqwav_reader_t* r = stftc_iqwav_open(wav_path, NULL, err);
    if (!r)
        return err ? err->code : STFTC_ERR_FORMAT;
    const stftc_iqwav_info_t in = *stftc_iqwav_info(r);
    stftc_iqwav_close(r);
    struct stat st;
    if (stat(wav_path, &st) != 0)
        return stftc_fail(err, STFTC_ERR_IO, "%s: %s", wav_path, strerror(errno));
    stftc_sigmf_meta_t m = stftc_sigmf_meta_default();
    if (in.channels != 2)
        return stftc_fail(err,
                          STFTC_ERR_FORMAT,
                          "%s: SigMF needs a two-channel I/Q WAV (this one has %u)",
                          wav_path,
                          in.channels);
    if (in.format == STFTC_WAV_FLOAT)
        m.datatype = STFTC_RAW_CF32;
    else if (in.bits == 16)
        m.datatype = STFTC_RAW_CI16;
    else if (in.bits == 8)
        m.datatype = STFTC_RAW_CU8;
    else
        return stftc_fail(err,
                          STFTC_ERR_FORMAT,
                          "%s: %u-bit PCM has no SigMF datatype this reader supports "
                          "(8, 16-bit PCM or float32)",
                          wav_path,
                          in.bits);
    const uint64_t data_bytes = in.frames * (uint64_t)(in.channels * in.bits / 8);
    const uint64_t fsize = (uint64_t)st.st_size;
    if (in.data_offset + data_bytes > fsize)
        return stftc_fail(err, STFTC_ERR_FORMAT, "%s: data runs past the file", wav_path);
    m.sample_rate = in.sample_rate;
    m.header_bytes = in.data_offset;
    m.trailing_bytes = fsize - in.data_offset - data_bytes;
    if (in.centre_freq_present) {
        m.has_frequency = 1;
        m.frequency = in.centre_freq_hz;
    }
    if (in.start_time_present) {
        stftc_time_to_iso8601(&in.start_time, m.datetime, sizeof m.datetime);
        m.has_datetime = 1;
    }
    const char* slash = strrchr(wav_path, '/');
    const char* name = slash ? slash + 1 : wav_path;
    if (strlen(name) >= sizeof m.dataset)
        return stftc_fail(err, STFTC_ERR_INVALID_ARG, "%s: file name too long", wav_path);
    strcpy(m.dataset, name);
    snprintf(m.description, sizeof m.description, "IQ WAV recording %.200s", name);

    const size_t dir_len = slash ? (size_t)(slash - wav_path) + 1 : 0;
    char* mp;
    if (meta_path) {
        const char* ms = strrchr(meta_path, '/');
        const size_t mdir = ms ? (size_t)(ms - meta_path) + 1 : 0;
        if (mdir != dir_len || memcmp(meta_path, wav_path, dir_len) != 0)
            return stftc_fail(err,
                              STFTC_ERR_INVALID_ARG,
                              "meta_path: must be in the folder of the WAV file "
                              "(core:dataset is a bare file name)");
        mp = strdup(meta_path);
    } else {
        const char* dot = strrchr(name, '.');
        const size_t stem =
            dot && dot != name ? (size_t)(dot - wav_path) : strlen(wav_path);
        mp = malloc(stem + 12);
        if (mp) {
            memcpy(mp, wav_path, stem);
            strcpy(mp + stem, ".sigmf-meta");
        }
    }
    if (!mp)
        return stftc_fail(err, STFTC_ERR_NOMEM, "meta_path: out of memory");
    const int rc = stftc_sigmf_meta_write(mp, &m, ann, nann, err);
    free(mp);
    return rc;
}
