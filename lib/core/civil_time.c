/* gr-stftclean C core: calendar arithmetic and ISO 8601 times (see
 * civil_time.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stftclean/civil_time.h>
#include <string.h>

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    /* Days since 1970-01-01 in the proleptic Gregorian calendar, counting
     * years from March so that the leap day ends a year. */
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t* y, unsigned* m, unsigned* d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int64_t stftc_time_to_unix(const stftc_systemtime_t* t)
{
    return days_from_civil(t->year, t->month, t->day) * 86400 + t->hour * 3600 +
           t->minute * 60 + t->second;
}

void stftc_time_from_unix(int64_t s, stftc_systemtime_t* t)
{
    int64_t days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    int64_t rem = s - days * 86400;
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    memset(t, 0, sizeof *t);
    t->year = (uint16_t)y;
    t->month = (uint16_t)m;
    t->day = (uint16_t)d;
    t->day_of_week = (uint16_t)(((days % 7) + 11) % 7); /* 1970-01-01: Thursday */
    t->hour = (uint16_t)(rem / 3600);
    t->minute = (uint16_t)(rem / 60 % 60);
    t->second = (uint16_t)(rem % 60);
}

void stftc_time_to_iso8601(const stftc_systemtime_t* t, char* buf, size_t len)
{
    snprintf(buf,
             len,
             "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ",
             (unsigned)t->year % 10000,
             (unsigned)t->month % 100,
             (unsigned)t->day % 100,
             (unsigned)t->hour % 100,
             (unsigned)t->minute % 100,
             (unsigned)t->second % 100,
             (unsigned)t->millisecond % 1000);
}

static int digits(const char* s, int n, unsigned* out)
{
    unsigned v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return 0;
}

/* A date and time of day the calendar has (second 60: a leap second). */
static int
fields_valid(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned se)
{
    static const unsigned mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
        mi > 59 || se > 60)
        return 0;
    const int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(mo == 2 && d == 29 && !leap);
}

int stftc_time_valid(const stftc_systemtime_t* t)
{
    return t && fields_valid(t->year, t->month, t->day, t->hour, t->minute, t->second) &&
           t->millisecond < 1000;
}

int stftc_time_iso8601_utc(const char* text, char* buf, size_t len)
{
    stftc_systemtime_t t;
    if (!text || stftc_time_from_iso8601(text, &t, NULL) != 0 || !stftc_time_valid(&t))
        return -1;
    const char* dot = strchr(text, '.');
    size_t nd = 0;
    if (dot)
        while (nd < 9 && dot[1 + nd] >= '0' && dot[1 + nd] <= '9')
            nd++;
    const int n = snprintf(buf,
                           len,
                           "%04u-%02u-%02uT%02u:%02u:%02u%s%.*sZ",
                           (unsigned)t.year,
                           (unsigned)t.month,
                           (unsigned)t.day,
                           (unsigned)t.hour,
                           (unsigned)t.minute,
                           (unsigned)t.second,
                           nd ? "." : "",
                           (int)nd,
                           dot ? dot + 1 : "");
    return n > 0 && (size_t)n < len ? 0 : -1;
}

int stftc_time_from_iso8601(const char* s, stftc_systemtime_t* t, double* frac)
{
    unsigned y, mo, d, h, mi, se;
    if (strlen(s) < 19 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
        s[7] != '-' || digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
        digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' ||
        digits(s + 17, 2, &se))
        return -1;
    if (!fields_valid(y, mo, d, h, mi, se))
        return -1;
    const char* p = s + 19;
    /* the fraction to nanoseconds, further digits cut (not rounded: a run
     * of nines stays below the next second) */
    unsigned long nano = 0, unit = 1000000000ul;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return -1;
        for (int n = 0; *p >= '0' && *p <= '9'; p++, n++) {
            if (n > 30)
                return -1;
            if (n < 9) {
                unit /= 10;
                nano += (unsigned long)(*p - '0') * unit;
            }
        }
    }
    const double f = (double)nano * 1e-9;
    int64_t offset = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        unsigned oh, om;
        if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) || oh > 23 ||
            om > 59)
            return -1;
        offset = (int64_t)(oh * 3600 + om * 60) * (*p == '+' ? 1 : -1);
        p += 6;
    } else {
        return -1;
    }
    if (*p != '\0')
        return -1;
    stftc_systemtime_t local;
    memset(&local, 0, sizeof local);
    local.year = (uint16_t)y;
    local.month = (uint16_t)mo;
    local.day = (uint16_t)d;
    local.hour = (uint16_t)h;
    local.minute = (uint16_t)mi;
    local.second = (uint16_t)(se > 59 ? 59 : se); /* leap second: clamp */
    stftc_time_from_unix(stftc_time_to_unix(&local) - offset, t);
    t->millisecond = (uint16_t)(f * 1000.0 >= 999.0 ? 999 : f * 1000.0);
    if (frac)
        *frac = f;
    return 0;
}
