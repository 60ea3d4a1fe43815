/* gr-stftclean C core: the little-endian fields and SYSTEMTIMEs of an IQ
 * WAV, shared by its reader (iqwav.c) and writer (iqwav_writer.c). Not
 * installed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_IQWAV_INTERNAL_H
#define STFTCLEAN_IQWAV_INTERNAL_H

#include <stdint.h>
#include <stftclean/civil_time.h>

#define IQWAV_BUF_BYTES 16384 /* fixed decode/encode buffer */
#define U32_UNKNOWN 0xFFFFFFFFu

/* ------------------------------------------------------------ byte order */

static inline uint16_t rd16(const unsigned char* p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}
static inline uint32_t rd32(const unsigned char* p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}
static inline uint64_t rd64(const unsigned char* p)
{
    return (uint64_t)rd32(p) | ((uint64_t)rd32(p + 4) << 32);
}
static inline void wr16(unsigned char* p, uint16_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}
static inline void wr32(unsigned char* p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
static inline void wr64(unsigned char* p, uint64_t v)
{
    wr32(p, (uint32_t)v);
    wr32(p + 4, (uint32_t)(v >> 32));
}

static inline void rd_systime(const unsigned char* p, stftc_systemtime_t* t)
{
    t->year = rd16(p);
    t->month = rd16(p + 2);
    t->day_of_week = rd16(p + 4);
    t->day = rd16(p + 6);
    t->hour = rd16(p + 8);
    t->minute = rd16(p + 10);
    t->second = rd16(p + 12);
    t->millisecond = rd16(p + 14);
}
static inline void wr_systime(unsigned char* p, const stftc_systemtime_t* t)
{
    wr16(p, t->year);
    wr16(p + 2, t->month);
    wr16(p + 4, t->day_of_week);
    wr16(p + 6, t->day);
    wr16(p + 8, t->hour);
    wr16(p + 10, t->minute);
    wr16(p + 12, t->second);
    wr16(p + 14, t->millisecond);
}

/* Printable form of a chunk id for messages. */
static inline void id_text(const unsigned char* id, char out[5])
{
    for (int i = 0; i < 4; i++)
        out[i] = (id[i] >= 32 && id[i] < 127) ? (char)id[i] : '?';
    out[4] = '\0';
}

#endif
