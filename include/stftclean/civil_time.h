/* gr-stftclean C core: calendar times of recordings (the WAV auxi chunk's
 * SYSTEMTIME, SigMF's core:datetime, Unix seconds).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_CIVIL_TIME_H
#define STFTCLEAN_CIVIL_TIME_H

#include <stddef.h>
#include <stdint.h>
#include <stftclean/iqfile.h> /* stftc_systemtime_t */

#ifdef __cplusplus
extern "C" {
#endif

/* Non-zero when t is a date and time of day of the calendar: year 1-9999,
 * month 1-12, a day the month has, hour 0-23, minute 0-59, second 0-60 (a
 * leap second), millisecond 0-999. Times read from files (the WAV auxi
 * chunk) that are not are not reported, and writers drop them: they would
 * write a core:datetime no reader accepts. */
int stftc_time_valid(const stftc_systemtime_t* t);
/* "YYYY-MM-DDTHH:MM:SS.sssZ" (SigMF core:datetime, UTC assumed) from a
 * SYSTEMTIME; buf holds at least 25 bytes. */
void stftc_time_to_iso8601(const stftc_systemtime_t* t, char* buf, size_t len);
/* Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" into UTC fields
 * (milliseconds truncated) and, if frac is non-NULL, the fraction of a
 * second at full precision. 0 on success, -1 if malformed or out of range. */
int stftc_time_from_iso8601(const char* text, stftc_systemtime_t* t, double* frac);
/* text (as stftc_time_from_iso8601 reads it, any offset) as SigMF wants it:
 * the same instant in UTC, "YYYY-MM-DDTHH:MM:SS[.f]Z", the fraction's
 * digits kept (up to 9). -1 if text is no time or its UTC instant is outside
 * the years 1-9999 (an offset can move 0001-01-01 or 9999-12-31 out). */
int stftc_time_iso8601_utc(const char* text, char* buf, size_t len);
/* Seconds since 1970-01-01T00:00:00 for the calendar fields of t (read as
 * UTC, milliseconds excluded). */
int64_t stftc_time_to_unix(const stftc_systemtime_t* t);
/* The reverse (day_of_week filled in, milliseconds set to 0). */
void stftc_time_from_unix(int64_t seconds, stftc_systemtime_t* t);

#ifdef __cplusplus
}
#endif

#endif
