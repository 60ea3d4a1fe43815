/* stftclean command-line tool: --swap-iq for inputs read through cli_iq.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_APPS_CLI_SWAPIQ_H
#define STFTCLEAN_APPS_CLI_SWAPIQ_H

#include <stddef.h>

/* Exchanges I and Q of n interleaved complex samples (2n floats) in place,
 * as the core readers' swap_iq option does: a tone at +f comes out at -f. */
static inline void cli_swap_iq(float* x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const float t = x[2 * i];
        x[2 * i] = x[2 * i + 1];
        x[2 * i + 1] = t;
    }
}

#endif
