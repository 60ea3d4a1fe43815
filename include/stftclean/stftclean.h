/* gr-stftclean C core: umbrella header.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_STFTCLEAN_H
#define STFTCLEAN_STFTCLEAN_H
#include <stftclean/bursts.h>
#include <stftclean/civil_time.h>
#include <stftclean/cleaner.h>
#include <stftclean/common.h>
#include <stftclean/features.h>
#include <stftclean/iqfile.h>
#include <stftclean/iqsource.h>
#include <stftclean/mask.h>
#include <stftclean/phase.h>
#include <stftclean/rawiq.h>
#include <stftclean/sigmf.h>
#include <stftclean/stft.h>
#include <stftclean/vmath.h>
#include <stftclean/window.h>
#endif
