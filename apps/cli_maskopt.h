/* stftclean command-line tool: the transform and mask options, shared by
 * every command that cleans (clean, and features before it measures).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The mask options are made at run time from the core's table of mask
 * parameters (stftclean/mask_fields.h): one option per row, spelt as the
 * row's alias or its name with '-' for '_' (--rate, --noise-window); a
 * number or word takes a value (--pfa 1e-6, --mask cfar, --bands LO:HI,...),
 * a tristate is --name (on) / --no-name (off), a flag --name (on). Their
 * usage lines come from the rows' docs and ranges. A new mask parameter is
 * a new row in the core: nothing here changes. */
#ifndef STFTCLEAN_APPS_CLI_MASKOPT_H
#define STFTCLEAN_APPS_CLI_MASKOPT_H

#include <getopt.h>
#include <stdio.h>

#include <stftclean/mask.h>
#include <stftclean/stft.h>

/* getopt_long codes of these options lie in [CLI_MASKOPT_BASE,
 * CLI_MASKOPT_END): callers pick their own codes outside it. */
#define CLI_MASKOPT_BASE 1000
#define CLI_MASKOPT_END 2000

typedef struct {
    stftc_stft_config_t stft;
    stftc_mask_config_t mask;
    const char* mask_args; /* --mask-args, applied by cli_maskopt_finish */
    int have_rate;         /* --rate (or sample_rate in --mask-args) given */
    int verbose;           /* --verbose */
} cli_maskopt_t;

/* The defaults of the transform and the mask; the mask type is auto (the
 * command line cleans unless told otherwise). */
void cli_maskopt_init(cli_maskopt_t* o);

/* The caller's own options (terminated by a zero entry) followed by these,
 * terminated: one block, free() it. NULL (error line printed) if out of
 * memory. */
struct option* cli_maskopt_longopts(const struct option* own);

/* Handles one getopt_long code: 1 if it was one of ours (then *rc is 0 or
 * an exit code after an error line naming the option), 0 otherwise. */
int cli_maskopt_handle(cli_maskopt_t* o, int code, const char* arg, int* rc);

/* After the loop: applies --mask-args on top of the options. 0 or an exit
 * code (error printed). */
int cli_maskopt_finish(cli_maskopt_t* o);

/* With --verbose: the mask parameters m (those the run uses) as key=value
 * on stderr, as --mask-args reads them. */
void cli_maskopt_report(const cli_maskopt_t* o, const stftc_mask_config_t* m);

/* The usage lines of these options: each with its value, range, default
 * and doc (full), or only the option names, wrapped (brief, for commands
 * that point to stftclean clean --help). */
void cli_maskopt_usage(FILE* out, int brief);

#endif
