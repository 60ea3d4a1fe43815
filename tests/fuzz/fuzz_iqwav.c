/* Fuzz harness: the IQ WAV reader on arbitrary file contents. The input is
 * the whole file; it is put in an in-memory file (memfd) and opened by path.
 * Checks: no crash or memory error, the reported data lies inside the file,
 * reads return at most what was asked and never more frames than announced,
 * seeks clamp.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "fuzz_common.h"

#include <stftclean/iqfile.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    int fd = memfd_create("fuzz_iqwav", 0);
    if (fd < 0)
        return 0;
    size_t off = 0;
    while (off < size) {
        const ssize_t w = write(fd, data + off, size - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

    /* the last byte (when there is one) picks the options */
    stftc_iqwav_options_t opt = stftc_iqwav_options_default();
    opt.swap_iq = size ? data[size - 1] & 1 : 0;
    stftc_error_t err;
    stftc_iqwav_reader_t* r = stftc_iqwav_open(path, &opt, &err);
    if (!r) {
        fz_check_refusal(err.code, &err, "iqwav_open");
        close(fd);
        return 0;
    }
    const stftc_iqwav_info_t* in = stftc_iqwav_info(r);
    fz_assert(in->channels == 1 || in->channels == 2, "channels 1 or 2");
    fz_assert(in->bits == 8 || in->bits == 16 || in->bits == 24 || in->bits == 32,
              "bits 8/16/24/32");
    fz_assert(in->format != STFTC_WAV_FLOAT || in->bits == 32, "float is 32-bit");
    fz_assert(in->sample_rate > 0, "sample_rate > 0");
    const uint64_t fb = (uint64_t)in->channels * in->bits / 8;
    fz_assert(in->data_offset <= size, "data inside the file");
    fz_assert(in->frames <= (size - in->data_offset) / fb, "frames inside the file");
    fz_assert(stftc_iqwav_channels(r) == in->channels, "channels getter");

    float buf[2 * 257];
    const size_t chunk = 1 + (size ? data[0] % 257 : 0);
    uint64_t total = 0;
    for (;;) {
        const size_t got = stftc_iqwav_read(r, buf, chunk);
        fz_assert(got <= chunk, "read returns at most max_frames");
        if (in->format == STFTC_WAV_PCM)
            for (size_t i = 0; i < got * in->channels; i++)
                /* [-1, 1]: PCM32 2^31-1 rounds to 1.0f in float */
                fz_assert(buf[i] >= -1.0f && buf[i] <= 1.0f, "PCM scaled to [-1, 1]");
        total += got;
        if (got == 0)
            break;
    }
    fz_assert(stftc_iqwav_error(r) || total == in->frames, "all frames read");
    fz_assert(stftc_iqwav_seek(r, in->frames / 2) == STFTC_OK, "seek to the middle");
    fz_assert(stftc_iqwav_seek(r, UINT64_MAX) == STFTC_OK, "seek clamps");
    fz_assert(stftc_iqwav_read(r, buf, 1) == 0, "nothing after the end");
    stftc_iqwav_close(r);
    close(fd);
    return 0;
}
