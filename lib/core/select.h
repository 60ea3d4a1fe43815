/* gr-stftclean C core: order statistics of float sets (not installed).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_SELECT_H
#define STFTCLEAN_SELECT_H

#include <stddef.h>

/* k-th smallest of v[0..n) (0-based; NaN sorts last), v untouched;
 * scratch holds n floats. Linear time, no allocation. */
float stftc_select_kth(const float* v, size_t n, size_t k, float* scratch);
/* the same of a[0..n) in place (a is reordered): the three-way quickselect,
 * for few values */
float stftc_select_kth_inplace(float* a, size_t n, size_t k);

#endif
