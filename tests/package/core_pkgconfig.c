/* A program built against the installed C core with nothing but
 * `pkg-config --cflags --libs stftclean-core` (tests/package and
 * tests/scripts/install_private_prefix.sh).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stftclean/stftclean.h>

int main(void)
{
    stftc_window_spec_t spec;
    double w[8];
    double sum = 0.0;
    if (stftc_window_parse("hann", &spec, NULL) != STFTC_OK ||
        stftc_window_fill(&spec, 8, w) != STFTC_OK) {
        return 1;
    }
    for (int i = 0; i < 8; i++) {
        sum += w[i];
    }
    /* a periodic Hann window of length 8 sums to 4 */
    printf("stftclean-core: hann(8) sums to %g\n", sum);
    return (sum > 3.999 && sum < 4.001) ? 0 : 1;
}
