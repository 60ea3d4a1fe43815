/* gr-stftclean C core: SigMF recordings (.sigmf-meta + .sigmf-data).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SigMF (https://sigmf.org) keeps samples in a headerless data file and the
 * description (datatype, sample rate, centre frequency, start time, annotated
 * regions) in a JSON metadata file beside it.
 *
 * Reader: parses the meta file with a strict, bounded JSON reader (the text
 * is read once, its size capped at STFTC_SIGMF_MAX_META bytes; annotations
 * take one record per annotation, which needs at least 23 bytes of text, so
 * memory stays within a small multiple of the meta size), then streams complex
 * samples of datatype cf32_le, ci16_le, ci8 or cu8 from the data file as
 * interleaved float32 pairs (scaling as in rawiq.h). A meta file that names a
 * non-conforming dataset (core:dataset, e.g. an IQ WAV recording, with the
 * samples after core:header_bytes) is read the same way.
 *
 * Writer: streams samples to NAME.sigmf-data and writes NAME.sigmf-meta with
 * the annotations sorted by sample_start. Meta files are written to a
 * temporary name and renamed over the old one, so a reader (or a crash)
 * always sees a complete file. Annotation fields specific to this module go
 * under the "stftclean:" namespace, declared optional in core:extensions. */
#ifndef STFTCLEAN_SIGMF_H
#define STFTCLEAN_SIGMF_H

#include <stddef.h>
#include <stdint.h>
#include <stftclean/civil_time.h> /* the time functions, here before */
#include <stftclean/common.h>
#include <stftclean/iqfile.h>
#include <stftclean/rawiq.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STFTC_SIGMF_MAX_META ((size_t)16 << 20) /* bytes of meta text read */
#define STFTC_SIGMF_TEXT_LEN 64                 /* label / generator / names */
#define STFTC_SIGMF_VERSION "1.2.0"

/* ------------------------------------------------------------ metadata */

/* One extra numeric annotation field: name without the "stftclean:"
 * prefix. */
typedef struct {
    const char* name;
    double value;
} stftc_sigmf_field_t;

typedef struct {
    uint64_t sample_start;                   /* core:sample_start */
    uint64_t sample_count;                   /* core:sample_count; 0: absent */
    int has_freq;                            /* edges present */
    double freq_lower_edge, freq_upper_edge; /* Hz (absolute if the centre is known) */
    char label[STFTC_SIGMF_TEXT_LEN];        /* core:label ("" absent) */
    char generator[STFTC_SIGMF_TEXT_LEN];    /* core:generator ("" absent) */
    /* module fields, written as "stftclean:snr_db" etc. */
    int has_snr;
    double snr_db; /* burst SNR over the local noise floor */
    int has_power;
    double power_db; /* mean burst power in dBFS */
    /* Further numeric module fields, written after the ones above as
     * "stftclean:<name>" (finite values only; a name that is snr_db or
     * power_db, or repeats an earlier one, is skipped). The array and its
     * names belong to the caller and must outlive the write (for
     * stftc_sigmf_writer_annotate: until the writer is closed); the reader
     * leaves fields NULL and nfields 0. */
    const stftc_sigmf_field_t* fields;
    size_t nfields;
} stftc_sigmf_annotation_t;

stftc_sigmf_annotation_t stftc_sigmf_annotation_default(void);

typedef struct {
    stftc_raw_format_t datatype; /* core:datatype (complex, little endian) */
    double sample_rate;          /* core:sample_rate; 0: absent */
    int has_frequency;
    double frequency;                    /* captures[0] core:frequency, Hz */
    int has_datetime;                    /* captures[0] core:datetime present */
    char datetime[48];                   /* as written, ISO 8601 */
    char description[256];               /* core:description */
    char recorder[STFTC_SIGMF_TEXT_LEN]; /* core:recorder */
    char dataset[256];                   /* core:dataset ("" for NAME.sigmf-data) */
    uint64_t header_bytes;               /* captures[0] core:header_bytes */
    uint64_t trailing_bytes;             /* core:trailing_bytes */
    int num_channels;                    /* core:num_channels (1) */
} stftc_sigmf_meta_t;

/* datatype cf32, nothing else set. */
stftc_sigmf_meta_t stftc_sigmf_meta_default(void);

/* SigMF datatype name of fmt ("cf32_le", "ci16_le", "ci8", "cu8"), and back
 * (STFTC_ERR_FORMAT naming core:datatype for others, e.g. "rf32_le"). */
const char* stftc_sigmf_datatype_name(stftc_raw_format_t fmt);
int stftc_sigmf_datatype_parse(const char* text,
                               stftc_raw_format_t* fmt,
                               stftc_error_t* err);

/* Parses meta text (not NUL-terminated; len bytes). On success fills *m and,
 * if ann is non-NULL, *ann (malloc'ed array sorted by sample_start, free
 * with free(); NULL when *nann is 0) and *nann. STFTC_ERR_FORMAT with a
 * sentence naming the field on any problem (bad JSON, missing core:datatype,
 * a field of the wrong type or out of range). */
int stftc_sigmf_meta_parse(const char* text,
                           size_t len,
                           stftc_sigmf_meta_t* m,
                           stftc_sigmf_annotation_t** ann,
                           size_t* nann,
                           stftc_error_t* err);

/* Reads and parses a meta file (size capped at STFTC_SIGMF_MAX_META). */
int stftc_sigmf_meta_read(const char* path,
                          stftc_sigmf_meta_t* m,
                          stftc_sigmf_annotation_t** ann,
                          size_t* nann,
                          stftc_error_t* err);

/* Writes a meta file (via PATH.tmp and rename): global (datatype, version,
 * sample_rate, num_channels, description, recorder, dataset, trailing_bytes,
 * extensions), one capture at sample 0 (frequency, datetime, header_bytes)
 * and the annotations sorted by sample_start (ann is not modified). */
int stftc_sigmf_meta_write(const char* path,
                           const stftc_sigmf_meta_t* m,
                           const stftc_sigmf_annotation_t* ann,
                           size_t nann,
                           stftc_error_t* err);

/* Meta and data paths of a recording: path may end in .sigmf-meta,
 * .sigmf-data or "." (the base name); other names get the suffixes added.
 * Buffers of len bytes; -1 if they would not fit. */
int stftc_sigmf_paths(const char* path, char* meta, char* data, size_t len);

/* Writes a .sigmf-meta that describes an existing IQ WAV file in place
 * (core:dataset = its file name, core:header_bytes = its data offset,
 * core:trailing_bytes = bytes after the data chunk; sample rate, centre
 * frequency and start time from its fmt and auxi chunks). meta_path NULL:
 * the WAV name with its extension replaced by .sigmf-meta. Two-channel
 * PCM8/PCM16/float32 only (other layouts have no SigMF datatype). */
int stftc_sigmf_describe_wav(const char* wav_path,
                             const char* meta_path,
                             const stftc_sigmf_annotation_t* ann,
                             size_t nann,
                             stftc_error_t* err);

/* ------------------------------------------------------------ reader */

typedef struct stftc_sigmf_reader stftc_sigmf_reader_t;

/* Opens a recording (path as for stftc_sigmf_paths). The data file is the
 * meta's core:dataset (a bare file name in the meta's folder) if given,
 * else NAME.sigmf-data; its size must hold header_bytes + trailing_bytes.
 * A path ending in ".sigmf" is a SigMF archive (a tar): its first
 * .sigmf-meta member is parsed and the .sigmf-data member of the same name
 * (or the only one) is read in place, its offset in the archive added to
 * header_bytes (as the meta the reader reports says). */
stftc_sigmf_reader_t* stftc_sigmf_open(const char* path, stftc_error_t* err);
const stftc_sigmf_meta_t* stftc_sigmf_reader_meta(const stftc_sigmf_reader_t* r);
const stftc_sigmf_annotation_t*
stftc_sigmf_reader_annotations(const stftc_sigmf_reader_t* r, size_t* n);
/* Whole complex samples in the data file (a partial one at the end is left
 * out; see stftc_sigmf_reader_truncated). */
uint64_t stftc_sigmf_reader_samples(const stftc_sigmf_reader_t* r);
/* Bytes at the end of the data that are not a whole sample (0: none). */
int stftc_sigmf_reader_truncated(const stftc_sigmf_reader_t* r);
/* Up to max samples (2 floats each); 0 at the end or on error. */
size_t stftc_sigmf_read(stftc_sigmf_reader_t* r, float* out, size_t max);
int stftc_sigmf_reader_error(const stftc_sigmf_reader_t* r);
int stftc_sigmf_seek(stftc_sigmf_reader_t* r, uint64_t sample);
void stftc_sigmf_close(stftc_sigmf_reader_t* r);

/* ------------------------------------------------------------ writer */

typedef struct stftc_sigmf_writer stftc_sigmf_writer_t;

/* Creates NAME.sigmf-data (truncated) and writes NAME.sigmf-meta at once
 * (m->dataset and header/trailing bytes are ignored). */
stftc_sigmf_writer_t*
stftc_sigmf_create(const char* path, const stftc_sigmf_meta_t* m, stftc_error_t* err);
/* n complex samples (2n floats), encoded as m->datatype. */
int stftc_sigmf_write(stftc_sigmf_writer_t* w, const float* in, size_t n);
/* Adds an annotation (kept in memory, written with the next meta flush). */
int stftc_sigmf_writer_annotate(stftc_sigmf_writer_t* w,
                                const stftc_sigmf_annotation_t* a);
/* Flushes the data file and rewrites the meta file. */
int stftc_sigmf_writer_flush(stftc_sigmf_writer_t* w, stftc_error_t* err);
uint64_t stftc_sigmf_writer_samples(const stftc_sigmf_writer_t* w);
/* Flushes, closes and frees w (always). */
int stftc_sigmf_writer_close(stftc_sigmf_writer_t* w, stftc_error_t* err);

#ifdef __cplusplus
}
#endif
#endif
