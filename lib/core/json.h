/* gr-stftclean C core: a small, strict JSON reader and writer helpers (not
 * installed; used by the SigMF metadata code).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reader: no tree is built. json_validate() checks the whole text once
 * against RFC 8259 (with a nesting limit, no NUL bytes, strict numbers and
 * escapes); after that, values are addressed by their byte offset in the
 * text and looked up by scanning, which needs no allocation at all. Every
 * scan is bounded by the text length, so even a text that was not validated
 * cannot make a lookup read outside it. */
#ifndef STFTCLEAN_JSON_H
#define STFTCLEAN_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum {
    JSON_INVALID = 0,
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
} json_type_t;

#define JSON_MAX_DEPTH 64

typedef struct {
    const char* s;
    size_t n;
} json_doc_t;

/* 0 if s[0..n) is exactly one JSON value (surrounded by optional white
 * space); otherwise -1 with *where set to the byte offset of the problem and
 * *why to a short description. */
int json_validate(const char* s, size_t n, size_t* where, const char** why);

/* Offset of the first value (after white space). */
size_t json_root(const json_doc_t* d);
json_type_t json_type(const json_doc_t* d, size_t pos);

/* Offset of the value of member key in the object at pos; 0 if absent (0 is
 * never a member value's offset) or pos is not an object. */
size_t json_get(const json_doc_t* d, size_t pos, const char* key);

/* Array iteration: *it starts at 0; each call gives the next element's
 * offset, or 0 at the end (or if pos is not an array). */
size_t json_array_next(const json_doc_t* d, size_t pos, size_t* it);

/* Number of elements of the array at pos (0 if not an array). */
size_t json_array_len(const json_doc_t* d, size_t pos);

/* Number at pos as double; 0 on success, -1 if not a finite number. */
int json_number(const json_doc_t* d, size_t pos, double* out);
/* Non-negative integer at pos (digits only, no fraction or exponent) that
 * fits in 64 bits; 0 on success, -1 otherwise. */
int json_u64(const json_doc_t* d, size_t pos, uint64_t* out);
/* Boolean at pos: 0 on success. */
int json_bool(const json_doc_t* d, size_t pos, int* out);

/* String at pos, unescaped into out (cap bytes incl. the NUL, truncated at a
 * UTF-8 character boundary if too long). Returns the full unescaped length,
 * or (size_t)-1 if pos is not a string. */
size_t json_string(const json_doc_t* d, size_t pos, char* out, size_t cap);

/* Writer helpers: s as a JSON string literal (quotes and escapes; bytes that
 * are not valid UTF-8 become U+FFFD), a finite double (non-finite: null). */
void json_put_string(FILE* fp, const char* s);
void json_put_double(FILE* fp, double v);

#endif
