/* stftclean: command-line front end of the gr-stftclean C core.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <string.h>

void cli_usage(FILE* out)
{
    fprintf(out,
            "usage: stftclean COMMAND [options]\n"
            "Clean raw IQ (.cf32) and real (.f32) recordings with a spectrogram mask.\n"
            "\n"
            "commands:\n"
            "  info FILE [--rate FS]            format, length, RMS/peak, sanity check\n"
            "  clean IN OUT --rate FS [options] STFT -> mask -> ISTFT, same length as "
            "IN\n"
            "  bench [--quick]                  cleaner MS/s against the FFT-only "
            "bound\n"
            "\n"
            "masks for clean: auto (adaptive, recommended for RF), gate, wiener, cfar,\n"
            "threshold, band, none (--mask; see 'stftclean clean --help').\n"
            "\n"
            "'stftclean COMMAND --help' describes a command's options.\n");
}

int main(int argc, char** argv)
{
    if (argc < 2) {
        cli_usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char* cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        cli_usage(stdout);
        return 0;
    }
    /* Sub-commands see argv from their own name on, as getopt expects. */
    if (!strcmp(cmd, "info"))
        return cli_info_main(argc - 1, argv + 1);
    if (!strcmp(cmd, "clean"))
        return cli_clean_main(argc - 1, argv + 1);
    if (!strcmp(cmd, "bench"))
        return cli_bench_main(argc - 1, argv + 1);
    cli_error("unknown command '%s' (commands: info, clean, bench; see --help)", cmd);
    return CLI_EXIT_USAGE;
}
