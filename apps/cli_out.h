/* stftclean command-line tool: what an output's name says (its format, or
 * an error for an extension that names none), the metadata a raw output
 * drops, and the SigMF meta file written beside a raw output.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_APPS_CLI_OUT_H
#define STFTCLEAN_APPS_CLI_OUT_H

#include "cli_iq.h"

/* The extensions of the formats a recording can be written in (those of
 * stftc_iqfmt_from_name but .sigmf, a SigMF archive, which is only read). */
#define CLI_OUT_EXTENSIONS                                                        \
    ".wav, .rf64, .sigmf-meta, .sigmf-data, .cf32, .fc32, .cfile, .ci16, .cs16, " \
    ".sc16, .ci8, .cs8, .sc8, .cu8, .rtl, .f32, .rf32"

/* The extension of path's file name: a pointer to its last dot, or NULL
 * when it has none ("-", no dot, only a leading dot as in ".hidden", or
 * a dot at the end). */
const char* cli_extension(const char* path);

/* The format an output named path is written in, from its extension:
 * 0 with *fmt set (STFTC_IQFMT_AUTO when the name has no extension), or
 * CLI_EXIT_USAGE after one error line when the extension names no format
 * the tool writes (".mp3", ".txt"; ".sigmf", an archive). hint ends the
 * error line (what to do instead). */
int cli_out_format_from_name(const char* path, stftc_iqfmt_t* fmt, const char* hint);

/* The SigMF meta file beside a raw recording: path with its extension
 * replaced by ".sigmf-meta" (added when it has none); malloc'ed, NULL when
 * out of memory. */
char* cli_sidecar_path(const char* path);

/* The warning for an output out_path of format out_fmt that cannot hold
 * the sample rate, centre frequency or start time the input (info) has:
 * names those it has, and --sigmf-sidecar where it applies. Nothing when
 * the input has none of them. */
void cli_warn_metadata_lost(const char* out_path,
                            stftc_iqfmt_t out_fmt,
                            const stftc_iqsource_info_t* info);

/* The SigMF meta of the raw complex recording data_path (format fmt) at
 * meta_path: core:dataset its file name, the datatype, rate (0: none), and
 * from info the centre frequency and start time; description, and the
 * annotations. 0, or CLI_EXIT_FAIL after the error line. */
int cli_sidecar_write(const char* meta_path,
                      const char* data_path,
                      stftc_iqfmt_t fmt,
                      double rate,
                      const stftc_iqsource_info_t* info,
                      const char* description,
                      const stftc_sigmf_annotation_t* ann,
                      size_t nann);

#endif
