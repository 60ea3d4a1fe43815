/* stftclean describe: make an IQ WAV recording SigMF-readable in place by
 * writing a .sigmf-meta beside it (no sample is copied).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli_iq.h"

#include <getopt.h>
#include <string.h>

static void describe_usage(FILE* out)
{
    fprintf(out,
            "usage: stftclean describe FILE.wav [--meta OUT.sigmf-meta]\n"
            "  Write a SigMF metadata file that describes the IQ WAV recording where\n"
            "  it is: core:dataset names the WAV, captures[0].core:header_bytes its\n"
            "  data offset, core:trailing_bytes what follows the samples; sample\n"
            "  rate, centre frequency and start time come from the fmt and auxi\n"
            "  chunks. SigMF tools then read the WAV's samples without a copy.\n"
            "  --meta PATH   where to write (default: FILE with .sigmf-meta in place of\n"
            "                .wav; it must stay in the WAV's folder)\n"
            "  Two-channel 8/16-bit PCM or float32 WAV files only.\n");
}

const char cli_describe_summary[] =
    "describe FILE.wav [--meta M]     write a .sigmf-meta that reads the WAV in place";

int cli_describe_main(int argc, char** argv)
{
    static const struct option opts[] = { { "meta", required_argument, NULL, 'm' },
                                          { "help", no_argument, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    const char* meta = NULL;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":m:h", opts, NULL)) != -1) {
        switch (c) {
        case 'm':
            meta = optarg;
            break;
        case 'h':
            describe_usage(stdout);
            return 0;
        case ':':
            cli_error("describe: option '%s' needs a value", argv[optind - 1]);
            return CLI_EXIT_USAGE;
        default:
            cli_error("describe: unknown option '%s' (see stftclean describe --help)",
                      argv[optind - 1]);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        cli_error("describe: expected exactly one FILE.wav (see stftclean describe "
                  "--help)");
        return CLI_EXIT_USAGE;
    }
    const char* wav = argv[optind];
    stftc_error_t err;
    if (stftc_sigmf_describe_wav(wav, meta, NULL, 0, &err) != STFTC_OK) {
        if (strstr(err.msg, wav))
            cli_error("%s", err.msg);
        else
            cli_error("%s: %s", wav, err.msg);
        return err.code == STFTC_ERR_INVALID_ARG ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
    }
    /* say what a SigMF reader will see, read back through the core */
    char mpath[4096];
    if (meta)
        snprintf(mpath, sizeof mpath, "%s", meta);
    else {
        snprintf(mpath, sizeof mpath, "%s", wav);
        char* slash = strrchr(mpath, '/');
        char* dot = strrchr(slash ? slash : mpath, '.');
        if (dot && dot != (slash ? slash + 1 : mpath))
            *dot = '\0';
        strncat(mpath, ".sigmf-meta", sizeof mpath - strlen(mpath) - 1);
    }
    stftc_sigmf_reader_t* r = stftc_sigmf_open(mpath, &err);
    if (!r) {
        cli_error("%s: written but does not read back: %s", mpath, err.msg);
        return CLI_EXIT_FAIL;
    }
    const stftc_sigmf_meta_t* m = stftc_sigmf_reader_meta(r);
    printf("stftclean: wrote %s: %s, %llu samples after %llu header bytes of %s\n",
           mpath,
           stftc_sigmf_datatype_name(m->datatype),
           (unsigned long long)stftc_sigmf_reader_samples(r),
           (unsigned long long)m->header_bytes,
           m->dataset);
    stftc_sigmf_close(r);
    return 0;
}
