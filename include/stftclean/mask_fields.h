/* gr-stftclean C core: the table of mask parameters.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per field of stftc_mask_config_t: its name, kind, unit, range,
 * whether it can change while a mask runs, and one line of documentation.
 * Everything that names mask parameters reads this table: the checks of
 * stftc_mask_config_check (the fixed ranges), the command line's options,
 * the key=value "args" string of the blocks and their "params" message
 * port, the numpy layer's keywords, and stftc_mask_config_format for logs.
 * A new mask parameter is a new config field, a row here, and the code that
 * uses it. */
#ifndef STFTCLEAN_MASK_FIELDS_H
#define STFTCLEAN_MASK_FIELDS_H

#include <stftclean/mask.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    STFTC_MFIELD_TYPE = 0, /* the mask kind (stftc_mask_type_t): "auto", ... */
    STFTC_MFIELD_NUMBER,   /* double */
    STFTC_MFIELD_TRISTATE, /* int: -1 automatic, 0 off, 1 on */
    STFTC_MFIELD_FLAG,     /* int: 0 or 1 */
    STFTC_MFIELD_BANDS     /* nbands and bands[]: "lo:hi,lo:hi..." in Hz */
} stftc_mfield_kind_t;

typedef enum {
    STFTC_MFIELD_ALL = 0,      /* checked for every mask type */
    STFTC_MFIELD_ESTIMATOR = 1 /* used (and checked) by gate/wiener/cfar/auto */
} stftc_mfield_scope_t;

typedef struct {
    /* The field's name: the config member, the Python keyword, the key of
     * the args string and of a "params" message. The command line spells it
     * with '-' for '_' (--noise-window), or as alias where one is given. */
    const char* name;
    const char* alias; /* another accepted name (CLI: --rate, --reject), or NULL */
    stftc_mfield_kind_t kind;
    stftc_mfield_scope_t scope;
    size_t offset;    /* offsetof(stftc_mask_config_t, member) */
    const char* unit; /* "s", "Hz", "dB" or "" */
    /* NUMBER: the fixed range [lo, hi] that stftc_mask_config_check
     * enforces (finite values only); both NAN where the allowed range
     * depends on the framing or has an "automatic" value (checked in code,
     * described by range). */
    double lo, hi;
    int runtime;       /* 1: stftc_mask_set_config may change it */
    const char* range; /* the allowed values, in words ("in [0, 20] dB") */
    const char* doc;   /* one line */
} stftc_mask_field_t;

/* The rows, in the order of stftc_mask_config_t. */
size_t stftc_mask_field_count(void);
const stftc_mask_field_t* stftc_mask_field_at(size_t i);
/* By name or alias; '-' and '_' are the same. NULL if none. */
const stftc_mask_field_t* stftc_mask_field_find(const char* name);

/* A field's value as a number (TYPE: the enum value; BANDS: the number of
 * bands), and set from one (TYPE and BANDS refused). Setting stores the
 * value as given (the range is checked by stftc_mask_config_check); a
 * TRISTATE or FLAG takes only its whole values. STFTC_ERR_INVALID_ARG
 * naming the field otherwise. */
double stftc_mask_field_get(const stftc_mask_config_t* c, const stftc_mask_field_t* f);
int stftc_mask_field_set(stftc_mask_config_t* c,
                         const stftc_mask_field_t* f,
                         double value,
                         stftc_error_t* err);

/* Set from text: TYPE a mask name; NUMBER a number; TRISTATE auto/on/off
 * (also -1/1/0, true/false, yes/no); FLAG on/off (1/0, true/false,
 * yes/no); BANDS "lo:hi,lo:hi" in Hz ("" for none). STFTC_ERR_INVALID_ARG
 * with a sentence naming the field. */
int stftc_mask_field_parse(stftc_mask_config_t* c,
                           const stftc_mask_field_t* f,
                           const char* text,
                           stftc_error_t* err);

/* "key=value" pairs separated by commas, semicolons or white space
 * ("pfa=1e-6, noise_window=0.5 bands=-30e3:30e3,50e3:60e3": a comma inside
 * a value is kept unless a new key= follows it). Applied in order on top of
 * c; on error c is unchanged and the sentence names the key. NULL or "" is
 * no change. */
int stftc_mask_config_parse_args(stftc_mask_config_t* c,
                                 const char* args,
                                 stftc_error_t* err);

/* Every field as key=value, space separated, in table order ("mask=auto
 * sample_rate=2000000 threshold_db=6 ..."; numbers in their shortest exact
 * form, tristates as auto/on/off, flags as on/off): what logs and
 * --verbose print, and what stftc_mask_config_parse_args reads back to the
 * same config. Like snprintf: returns the length the whole text needs
 * (write is cut to len - 1 characters and terminated when len > 0). */
size_t stftc_mask_config_format(const stftc_mask_config_t* c, char* buf, size_t len);

/* The fixed-range checks of the table for the fields of the given scope
 * (used by stftc_mask_config_check). STFTC_ERR_INVALID_ARG naming the
 * first field out of its range. */
int stftc_mask_fields_check(const stftc_mask_config_t* c,
                            stftc_mfield_scope_t scope,
                            stftc_error_t* err);

#ifdef __cplusplus
}
#endif

#endif
