/* stftclean command-line tool: output names, dropped metadata, SigMF
 * sidecar (see cli_out.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char* cli_extension(const char* path)
{
    const char* slash = strrchr(path, '/');
    const char* base = slash ? slash + 1 : path;
    const char* dot = strrchr(base, '.');
    if (!strcmp(path, "-") || !dot || dot == base || dot[1] == '\0')
        return NULL;
    return dot;
}

int cli_out_format_from_name(const char* path, stftc_iqfmt_t* fmt, const char* hint)
{
    const char* ext = cli_extension(path);
    *fmt = STFTC_IQFMT_AUTO;
    if (!ext)
        return 0;
    if (!strcasecmp(ext, ".sigmf")) {
        cli_error("%s: a .sigmf name is a SigMF archive, which stftclean reads but does "
                  "not write; name it .sigmf-meta for the pair NAME.sigmf-meta and "
                  "NAME.sigmf-data",
                  path);
        return CLI_EXIT_USAGE;
    }
    *fmt = stftc_iqfmt_from_name(path);
    if (*fmt == STFTC_IQFMT_AUTO) {
        cli_error("%s: '%s' is no recording format stftclean writes (known: %s); %s",
                  path,
                  ext,
                  CLI_OUT_EXTENSIONS,
                  hint);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

char* cli_sidecar_path(const char* path)
{
    const char* ext = cli_extension(path);
    const size_t base = ext ? (size_t)(ext - path) : strlen(path);
    char* meta = malloc(base + sizeof ".sigmf-meta");
    if (meta) {
        memcpy(meta, path, base);
        memcpy(meta + base, ".sigmf-meta", sizeof ".sigmf-meta");
    }
    return meta;
}

void cli_warn_metadata_lost(const char* out_path,
                            stftc_iqfmt_t out_fmt,
                            const stftc_iqsource_info_t* info)
{
    const char* what[3];
    int n = 0;
    if (info->sample_rate > 0)
        what[n++] = "sample rate";
    if (info->has_centre)
        what[n++] = "centre frequency";
    if (info->has_time)
        what[n++] = "start time";
    if (n == 0)
        return;
    char list[64];
    snprintf(list,
             sizeof list,
             "%s%s%s%s%s",
             what[0],
             n == 3   ? ", "
             : n == 2 ? " and "
                      : "",
             n > 1 ? what[1] : "",
             n == 3 ? " and " : "",
             n == 3 ? what[2] : "");
    const char* them = n == 1 ? "it" : "them";
    stftc_raw_format_t rt;
    char* meta =
        stftc_iqfmt_raw_complex(out_fmt, &rt) ? cli_sidecar_path(out_path) : NULL;
    char hint[300] = "";
    if (meta)
        snprintf(hint, sizeof hint, " (--sigmf-sidecar saves %s in %.240s)", them, meta);
    free(meta);
    cli_warn("%s: a %s file cannot hold the %s input's %s; written without %s%s",
             out_path,
             stftc_iqfmt_name(out_fmt),
             stftc_iqfmt_name(info->format),
             list,
             them,
             hint);
}

/* SigMF's core:datetime of the input's start, as the core's SigMF sink
 * writes it (microseconds when the input knows them). */
static void sidecar_datetime(const stftc_iqsource_info_t* info, char* buf, size_t len)
{
    stftc_systemtime_t t = info->start_time;
    const double f = info->start_frac;
    if (f > 0.0 && f < 1.0) {
        char base[32];
        t.millisecond = 0;
        stftc_time_to_iso8601(&t, base, sizeof base);
        base[19] = '\0';
        snprintf(
            buf, len, "%s.%06uZ", base, (unsigned)fmin(floor(f * 1e6 + 0.5), 999999.0));
    } else {
        stftc_time_to_iso8601(&t, buf, len);
    }
}

int cli_sidecar_write(const char* meta_path,
                      const char* data_path,
                      stftc_iqfmt_t fmt,
                      double rate,
                      const stftc_iqsource_info_t* info,
                      const char* description,
                      const stftc_sigmf_annotation_t* ann,
                      size_t nann)
{
    stftc_sigmf_meta_t m = stftc_sigmf_meta_default();
    stftc_error_t err;
    if (!stftc_iqfmt_raw_complex(fmt, &m.datatype)) {
        cli_error(
            "%s: SigMF has no datatype here for %s", meta_path, stftc_iqfmt_name(fmt));
        return CLI_EXIT_FAIL;
    }
    m.sample_rate = rate > 0.0 ? rate : 0.0;
    m.has_frequency = info->has_centre;
    m.frequency = info->centre_hz;
    if (info->has_time && stftc_time_valid(&info->start_time)) {
        sidecar_datetime(info, m.datetime, sizeof m.datetime);
        m.has_datetime = 1;
    }
    snprintf(m.description, sizeof m.description, "%s", description);
    snprintf(m.recorder, sizeof m.recorder, "gr-stftclean");
    const char* slash = strrchr(data_path, '/');
    const char* base = slash ? slash + 1 : data_path;
    if (strlen(base) >= sizeof m.dataset) {
        cli_error("%s: the file name of %s is too long for SigMF's core:dataset",
                  meta_path,
                  data_path);
        return CLI_EXIT_FAIL;
    }
    memcpy(m.dataset, base, strlen(base) + 1);
    if (stftc_sigmf_meta_write(meta_path, &m, ann, nann, &err) != STFTC_OK) {
        if (strstr(err.msg, meta_path))
            cli_error("%s", err.msg);
        else
            cli_error("%s: %s", meta_path, err.msg);
        return CLI_EXIT_FAIL;
    }
    return 0;
}
