/* gr-stftclean C core: IQ WAV files (SDRuno / SDR# / HDSDR recordings).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reader: walks the RIFF chunks (fmt, auxi, ds64, data; anything else is
 * skipped), decodes PCM 8/16/24/32-bit integer and IEEE float32 samples with
 * 1 or 2 channels to float32. Two channels are I (first/left) and Q
 * (second/right) and come out as interleaved complex pairs; one channel comes
 * out as real samples, one float per frame. It never trusts a chunk size to
 * allocate: all buffers are fixed and small. Files whose RIFF or data size is
 * 0, 0xFFFFFFFF or runs past the end of the file (a recorder that was killed)
 * are read up to the end of the file, truncated to whole frames.
 *
 * Writer: PCM16 or float32, 1 or 2 channels, optional auxi chunk. Sizes are
 * patched every patch_interval frames and on close, so a killed writer
 * leaves a readable file. A 28-byte JUNK chunk after the RIFF header is
 * turned into a ds64 chunk (and "RIFF" into "RF64") once the data outgrows
 * the 32-bit size fields. */
#ifndef STFTCLEAN_IQFILE_H
#define STFTCLEAN_IQFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stftclean/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Windows SYSTEMTIME, as stored in the auxi chunk (UTC or local time, as the
 * recorder chose). */
typedef struct {
    uint16_t year, month, day_of_week, day;
    uint16_t hour, minute, second, millisecond;
} stftc_systemtime_t;

typedef enum {
    STFTC_WAV_PCM = 0,  /* integer PCM (8-bit unsigned, 16/24/32-bit signed) */
    STFTC_WAV_FLOAT = 1 /* IEEE float32 */
} stftc_wav_format_t;

/* ---------------------------------------------------------------- reader */

typedef struct {
    int swap_iq; /* non-zero: exchange I and Q of two-channel files */
} stftc_iqwav_options_t;

stftc_iqwav_options_t stftc_iqwav_options_default(void);

typedef struct {
    uint32_t sample_rate;      /* frames per second */
    unsigned channels;         /* 1 (real) or 2 (I/Q) */
    unsigned bits;             /* bits per sample: 8, 16, 24 or 32 */
    stftc_wav_format_t format; /* PCM or float */
    uint64_t frames;           /* whole frames in the data chunk */
    uint64_t data_offset;      /* file offset of the first sample byte */
    int is_rf64;               /* RIFF id was "RF64" with a ds64 chunk */
    int size_recovered;        /* data size was 0/0xFFFFFFFF/past EOF */
    int has_auxi;              /* an auxi chunk was found */
    int centre_freq_present;   /* the auxi chunk held a centre frequency */
    uint32_t centre_freq_hz;
    int start_time_present; /* the auxi chunk held a start time (year != 0) */
    stftc_systemtime_t start_time;
    int stop_time_present; /* the auxi chunk held a stop time (year != 0) */
    stftc_systemtime_t stop_time;
    /* the auxi chunk held a time that is no calendar time (month 13,
     * 99:99:99; stftc_time_valid): kept in start_time / stop_time as read,
     * but not present */
    int start_time_invalid, stop_time_invalid;
    /* The rest of the SpectraVue / SDR# / HDSDR / SDRuno auxi layout (body
     * offsets: 16-byte start and stop SYSTEMTIMEs, then 32-bit little-endian
     * words: 32 centre frequency, 36 ADC frequency, 40 IF frequency, 44
     * bandwidth, 48 IQ offset, 52..67 four unused words, 68..163 the name of
     * the next file of a split recording). A *_present flag is set when the
     * chunk is long enough to hold that field (its value may still be 0,
     * which recorders use for "not set"); a short auxi leaves them 0. */
    uint32_t auxi_size;   /* auxi chunk body size in bytes (0: no auxi) */
    int adc_freq_present; /* A/D sample rate before any decimation */
    uint32_t adc_freq_hz;
    int if_freq_present; /* IF of an external down-converter */
    uint32_t if_freq_hz;
    int bandwidth_present; /* displayable bandwidth */
    uint32_t bandwidth_hz;
    int iq_offset_present; /* IQ (DC) offset word, as stored */
    int32_t iq_offset;
    char next_file[97]; /* next file of a split recording ("" none) */
} stftc_iqwav_info_t;

typedef struct stftc_iqwav_reader stftc_iqwav_reader_t;

/* Opens and parses path (opt may be NULL for defaults). Returns NULL and
 * fills err (may be NULL) with a sentence naming the problem, e.g.
 * "fmt: unsupported bits per sample 12" or "file: no data chunk". */
stftc_iqwav_reader_t*
stftc_iqwav_open(const char* path, const stftc_iqwav_options_t* opt, stftc_error_t* err);

/* Reads up to max_frames frames into out (max_frames * channels floats:
 * I/Q pairs for two channels, real values for one), scaled to [-1, 1):
 * PCM8 (v-128)/128, PCM16 v/32768, PCM24 v/8388608, PCM32 v/2147483648,
 * float32 as stored. Returns the frames read; 0 at the end of the data or on
 * a read error (see stftc_iqwav_error). */
size_t stftc_iqwav_read(stftc_iqwav_reader_t* r, float* out, size_t max_frames);

/* Non-zero once a read hit an I/O error (the file shrank or failed). */
int stftc_iqwav_error(const stftc_iqwav_reader_t* r);

/* Moves to frame (clamped to the number of frames); STFTC_OK or an error. */
int stftc_iqwav_seek(stftc_iqwav_reader_t* r, uint64_t frame);

const stftc_iqwav_info_t* stftc_iqwav_info(const stftc_iqwav_reader_t* r);
/* Shortcut for stftc_iqwav_info(r)->channels (1: f32, 2: cf32). */
unsigned stftc_iqwav_channels(const stftc_iqwav_reader_t* r);

void stftc_iqwav_close(stftc_iqwav_reader_t* r);

/* ---------------------------------------------------------------- writer */

typedef struct {
    stftc_wav_format_t format;     /* PCM (16-bit) or FLOAT (float32) */
    unsigned channels;             /* 1 (real) or 2 (I/Q) */
    uint32_t sample_rate;          /* > 0 */
    int write_auxi;                /* write an auxi chunk (SDR# / HDSDR layout) */
    uint32_t centre_freq_hz;       /* auxi centre frequency */
    stftc_systemtime_t start_time; /* auxi start time (all zero: none) */
    /* Frames between size patches (sizes, and with a start time the auxi
     * stop time = start + frames / sample_rate, milliseconds truncated, are
     * rewritten then and on close); 0: one second (sample_rate frames). */
    uint64_t patch_interval;
    /* FOR TESTS: data bytes above which the file switches to RF64; 0 means
     * the real limit (the RIFF size must fit in 32 bits). */
    uint64_t rf64_threshold;
} stftc_iqwav_write_options_t;

/* Defaults: float32, 2 channels, sample_rate 0 (must be set), no auxi. */
stftc_iqwav_write_options_t stftc_iqwav_write_options_default(void);

typedef struct stftc_iqwav_writer stftc_iqwav_writer_t;

stftc_iqwav_writer_t* stftc_iqwav_create(const char* path,
                                         const stftc_iqwav_write_options_t* opt,
                                         stftc_error_t* err);

/* Appends frames (frames * channels floats, same layout as the reader).
 * PCM16 clips to [-1, 32767/32768] and maps NaN to 0. STFTC_OK or
 * STFTC_ERR_IO. */
int stftc_iqwav_write(stftc_iqwav_writer_t* w, const float* in, size_t frames);

/* Frames written so far; non-zero once the file is RF64. */
uint64_t stftc_iqwav_writer_frames(const stftc_iqwav_writer_t* w);
int stftc_iqwav_writer_is_rf64(const stftc_iqwav_writer_t* w);

/* Patches the sizes, closes the file and frees w (always). STFTC_OK or
 * STFTC_ERR_IO with err (may be NULL) filled. */
int stftc_iqwav_writer_close(stftc_iqwav_writer_t* w, stftc_error_t* err);

#ifdef __cplusplus
}
#endif
#endif
