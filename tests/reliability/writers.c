/* Writers under failure:
 *  kill    a process writing an IQ WAV file is killed with SIGKILL; the
 *          reader opens what it left with at least every frame up to the
 *          last periodic size update, each sample as written.
 *  devfull the IQ WAV writer on /dev/full (every write fails with ENOSPC)
 *          reports STFTC_ERR_IO at create.
 *  fsize   a file-size limit (RLIMIT_FSIZE, as a full disk: writes fail
 *          part-way) is reported by write or close of the IQ WAV and SigMF
 *          writers, never ignored; the WAV left behind still opens.
 *  tmpfs   the same on a 128 KiB tmpfs mounted in a private mount namespace
 *          (needs root or user namespaces; skipped otherwise, exit 0 with
 *          "SKIP").
 *   writers kill|devfull|fsize|tmpfs SCRATCH_DIR
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stftclean/iqfile.h>
#include <stftclean/sigmf.h>

#define PATCH 4096    /* frames between size updates */
#define BLOCK 1000    /* frames per write call */
#define KILL_AT 60000 /* frames reported written before the kill */

static void gen(uint64_t frame, float* iq)
{
    iq[0] = (float)(frame % 65521) / 65521.0f - 0.5f;
    iq[1] = (float)((frame * 7) % 65519) / -65519.0f + 0.25f;
}

static void fill(uint64_t first, size_t n, float* buf)
{
    for (size_t k = 0; k < n; k++)
        gen(first + k, buf + 2 * k);
}

static stftc_iqwav_writer_t* open_wav(const char* path, stftc_error_t* e)
{
    stftc_iqwav_write_options_t o = stftc_iqwav_write_options_default();
    o.sample_rate = 48000;
    o.patch_interval = PATCH;
    o.write_auxi = 1;
    o.centre_freq_hz = 100000000;
    return stftc_iqwav_create(path, &o, e);
}

/* Opens path and checks every frame against gen(); returns frames or -1. */
static long long verify_wav(const char* path)
{
    stftc_error_t e;
    stftc_iqwav_reader_t* r = stftc_iqwav_open(path, NULL, &e);
    if (!r) {
        fprintf(stderr, "FAIL: reader cannot open %s: %s\n", path, e.msg);
        return -1;
    }
    const stftc_iqwav_info_t* in = stftc_iqwav_info(r);
    if (in->channels != 2 || in->sample_rate != 48000 || !in->has_auxi ||
        in->centre_freq_hz != 100000000) {
        fprintf(stderr, "FAIL: header fields lost\n");
        stftc_iqwav_close(r);
        return -1;
    }
    static float buf[2 * BLOCK];
    uint64_t pos = 0;
    size_t got;
    while ((got = stftc_iqwav_read(r, buf, BLOCK)) > 0) {
        for (size_t k = 0; k < got; k++) {
            float ref[2];
            gen(pos + k, ref);
            if (buf[2 * k] != ref[0] || buf[2 * k + 1] != ref[1]) {
                fprintf(
                    stderr, "FAIL: frame %llu differs\n", (unsigned long long)(pos + k));
                stftc_iqwav_close(r);
                return -1;
            }
        }
        pos += got;
    }
    const int ioerr = stftc_iqwav_error(r);
    const int recovered = in->size_recovered;
    const uint64_t frames = in->frames;
    stftc_iqwav_close(r);
    if (ioerr || pos != frames) {
        fprintf(stderr,
                "FAIL: read %llu of %llu frames\n",
                (unsigned long long)pos,
                (unsigned long long)frames);
        return -1;
    }
    printf("%s: %llu frames readable%s\n",
           path,
           (unsigned long long)pos,
           recovered ? " (sizes recovered)" : "");
    return (long long)pos;
}

static int test_kill(const char* dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/killed.wav", dir);
    int fds[2];
    if (pipe(fds) != 0)
        return 1;
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        stftc_error_t e;
        stftc_iqwav_writer_t* w = open_wav(path, &e);
        if (!w)
            _exit(2);
        static float buf[2 * BLOCK];
        /* bounded: the parent kills long before the end */
        for (uint64_t f = 0; f < 100000000; f += BLOCK) {
            fill(f, BLOCK, buf);
            if (stftc_iqwav_write(w, buf, BLOCK) != STFTC_OK)
                _exit(3);
            const uint64_t done = f + BLOCK;
            if (write(fds[1], &done, sizeof done) != sizeof done)
                _exit(4);
        }
        _exit(5);
    }
    close(fds[1]);
    uint64_t done = 0, last = 0;
    while (last < KILL_AT && read(fds[0], &done, sizeof done) == sizeof done)
        last = done;
    kill(pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    close(fds[0]);
    if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL) {
        fprintf(stderr, "FAIL: writer ended before the kill (status %d)\n", st);
        return 1;
    }
    const long long frames = verify_wav(path);
    if (frames < 0)
        return 1;
    const uint64_t promised = last / PATCH * PATCH;
    printf("killed after >= %llu frames: %lld readable, at least %llu promised\n",
           (unsigned long long)last,
           frames,
           (unsigned long long)promised);
    if ((uint64_t)frames < promised) {
        fprintf(stderr, "FAIL: frames before the last size update were lost\n");
        return 1;
    }
    return 0;
}

static int test_devfull(void)
{
    stftc_error_t e;
    stftc_iqwav_writer_t* w = open_wav("/dev/full", &e);
    if (w) {
        static float buf[2 * BLOCK];
        int rc = STFTC_OK;
        for (int i = 0; i < 100 && rc == STFTC_OK; i++)
            rc = stftc_iqwav_write(w, buf, BLOCK);
        const int rc2 = stftc_iqwav_writer_close(w, &e);
        if (rc == STFTC_OK && rc2 == STFTC_OK) {
            fprintf(stderr, "FAIL: writing to /dev/full reported success\n");
            return 1;
        }
        printf("/dev/full: write %d, close %d: %s\n", rc, rc2, e.msg);
        return 0;
    }
    printf("/dev/full: create refused: %s\n", e.msg);
    return e.code == STFTC_ERR_IO ? 0 : 1;
}

/* Writes until the writers report a failure; exit 0 when they did. */
static int fill_until_error(const char* dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/full.wav", dir);
    stftc_error_t e;
    stftc_iqwav_writer_t* w = open_wav(path, &e);
    if (!w) {
        printf("WAV create reported: %s\n", e.msg);
    } else {
        static float buf[2 * BLOCK];
        int rc = STFTC_OK;
        uint64_t f = 0;
        for (; f < 10000000 && rc == STFTC_OK; f += BLOCK) {
            fill(f, BLOCK, buf);
            rc = stftc_iqwav_write(w, buf, BLOCK);
        }
        const int rc2 = stftc_iqwav_writer_close(w, &e);
        if (rc2 == STFTC_OK) {
            fprintf(stderr,
                    "FAIL: WAV writer's close reported success after a full disk "
                    "(%llu frames)\n",
                    (unsigned long long)f);
            return 1;
        }
        printf("WAV writer reported the failure after %llu frames (write %d, close %d)\n",
               (unsigned long long)f,
               rc,
               rc2);
        if (verify_wav(path) < 0)
            return 1;
    }
    unlink(path);
    char spath[512];
    snprintf(spath, sizeof spath, "%s/full.sigmf-meta", dir);
    stftc_sigmf_meta_t m = stftc_sigmf_meta_default();
    m.sample_rate = 48000;
    stftc_sigmf_writer_t* s = stftc_sigmf_create(spath, &m, &e);
    if (!s) {
        printf("SigMF create reported: %s\n", e.msg);
        return 0;
    }
    static float buf[2 * BLOCK];
    fill(0, BLOCK, buf);
    int rc = STFTC_OK;
    for (int i = 0; i < 10000 && rc == STFTC_OK; i++)
        rc = stftc_sigmf_write(s, buf, BLOCK);
    const int rc2 = stftc_sigmf_writer_close(s, &e);
    if (rc2 == STFTC_OK) {
        fprintf(stderr,
                "FAIL: SigMF writer's close reported success after %s\n",
                rc == STFTC_OK ? "ignoring the full disk" : "a failed write");
        return 1;
    }
    printf(
        "SigMF writer reported the failure (write %d, close %d: %s)\n", rc, rc2, e.msg);
    return 0;
}

static int run_child(int (*fn)(const char*), const char* dir, int (*setup)(const char*))
{
    const pid_t pid = fork();
    if (pid == 0) {
        if (setup) {
            const int s = setup(dir);
            if (s)
                _exit(s);
        }
        const int rc = fn(dir);
        fflush(stdout);
        fflush(stderr);
        _exit(rc);
    }
    int st;
    waitpid(pid, &st, 0);
    fflush(stdout);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int setup_fsize(const char* dir)
{
    (void)dir;
    signal(SIGXFSZ, SIG_IGN); /* writes fail with EFBIG instead of killing us */
    struct rlimit rl = { 256 * 1024, 256 * 1024 };
    return setrlimit(RLIMIT_FSIZE, &rl) == 0 ? 0 : 2;
}

static char tmpfs_dir[512];
static int setup_tmpfs(const char* dir)
{
    (void)dir;
    if (unshare(CLONE_NEWNS) != 0) {
        /* not root: a user namespace may still allow the mount */
        const uid_t uid = getuid();
        const gid_t gid = getgid();
        if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
            return 77;
        char map[64];
        int fd = open("/proc/self/setgroups", O_WRONLY);
        if (fd >= 0) {
            if (write(fd, "deny", 4) < 0) { /* best effort */
            }
            close(fd);
        }
        snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
        fd = open("/proc/self/uid_map", O_WRONLY);
        if (fd < 0 || write(fd, map, strlen(map)) < 0)
            return 77;
        close(fd);
        snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
        fd = open("/proc/self/gid_map", O_WRONLY);
        if (fd < 0 || write(fd, map, strlen(map)) < 0)
            return 77;
        close(fd);
    }
    if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        return 77;
    if (mount("tmpfs", tmpfs_dir, "tmpfs", 0, "size=128k") != 0)
        return 77;
    return 0;
}

int main(int argc, char** argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: writers kill|devfull|fsize|tmpfs SCRATCH_DIR\n");
        return 2;
    }
    const char* what = argv[1];
    const char* dir = argv[2];
    mkdir(dir, 0777);
    if (strcmp(what, "kill") == 0)
        return test_kill(dir);
    if (strcmp(what, "devfull") == 0)
        return test_devfull();
    if (strcmp(what, "fsize") == 0)
        return run_child(fill_until_error, dir, setup_fsize);
    if (strcmp(what, "tmpfs") == 0) {
        snprintf(tmpfs_dir, sizeof tmpfs_dir, "%s/tmpfs", dir);
        mkdir(tmpfs_dir, 0777);
        const int rc = run_child(fill_until_error, tmpfs_dir, setup_tmpfs);
        if (rc == 77) {
            printf("SKIP: cannot mount a tmpfs here (no root, no user namespaces)\n");
            return 0;
        }
        return rc;
    }
    fprintf(stderr, "unknown check %s\n", what);
    return 2;
}
