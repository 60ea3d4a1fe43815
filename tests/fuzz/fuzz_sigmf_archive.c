/* Fuzz harness: the SigMF archive reader (a .sigmf tar read in place) on
 * arbitrary file contents, put in an in-memory file (memfd) reached through
 * a symlink named x.sigmf. Checks: no crash or memory error, no hang, the
 * samples announced lie inside the archive and read back in whole.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "fuzz_common.h"

#include <stdlib.h>
#include <stftclean/sigmf.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    int fd = memfd_create("fuzz_sigmf_archive", 0);
    if (fd < 0)
        return 0;
    size_t off = 0;
    while (off < size) {
        const ssize_t w = write(fd, data + off, size - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    char dir[] = "/tmp/fuzz_sigmf_archive_XXXXXX";
    if (!mkdtemp(dir)) {
        close(fd);
        return 0;
    }
    char target[64], link[64];
    snprintf(target, sizeof target, "/proc/self/fd/%d", fd);
    snprintf(link, sizeof link, "%s/x.sigmf", dir);
    if (symlink(target, link) == 0) {
        stftc_error_t err;
        stftc_sigmf_reader_t* r = stftc_sigmf_open(link, &err);
        if (!r) {
            fz_check_refusal(err.code, &err, "sigmf_open (archive)");
        } else {
            const stftc_sigmf_meta_t* m = stftc_sigmf_reader_meta(r);
            const uint64_t n = stftc_sigmf_reader_samples(r);
            fz_assert(m->header_bytes <= size, "data inside the archive");
            fz_assert(n <= (size - m->header_bytes) / 2, "samples inside the archive");
            float buf[2 * 256];
            uint64_t total = 0;
            for (;;) {
                const size_t got = stftc_sigmf_read(r, buf, 256);
                fz_assert(got <= 256, "read returns at most max");
                if (!got)
                    break;
                total += got;
            }
            fz_assert(total == n, "every announced sample read");
            stftc_sigmf_close(r);
        }
        unlink(link);
    }
    rmdir(dir);
    close(fd);
    return 0;
}
