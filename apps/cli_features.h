/* stftclean command-line tool: the STFT and mask options of `clean`, for
 * commands that clean before they measure (features).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_APPS_CLI_FEATURES_H
#define STFTCLEAN_APPS_CLI_FEATURES_H

#include <getopt.h>
#include <stdio.h>

#include <stftclean/mask.h>
#include <stftclean/stft.h>

/* getopt_long codes of these options lie in [CLI_MASKOPT_BASE,
 * CLI_MASKOPT_BASE + 100): callers pick their own codes outside it. */
#define CLI_MASKOPT_BASE 1000

/* Number of entries of cli_maskopt_options (no terminator). */
extern const struct option cli_maskopt_options[];
extern const size_t cli_maskopt_count;

typedef struct {
    stftc_stft_config_t stft;
    stftc_mask_config_t mask;
    const char* bands_text; /* parsed by cli_maskopt_finish */
    int have_rate;
} cli_maskopt_t;

void cli_maskopt_init(cli_maskopt_t* o);
/* Handles one getopt_long code: 1 if it was one of ours (then *rc is 0 or
 * an exit code after an error line), 0 otherwise. */
int cli_maskopt_handle(cli_maskopt_t* o, int code, const char* arg, int* rc);
/* After the loop: parses --bands. 0 or an exit code. */
int cli_maskopt_finish(cli_maskopt_t* o);
/* The usage lines of these options. */
void cli_maskopt_usage(FILE* out);

#endif
