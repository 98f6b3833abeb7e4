/*
 * hyphen.h: where words may be hyphenated, by Liang's algorithm over the
 * TeX/LibreOffice patterns Debian ships in /usr/share/hyphen (packages
 * hyphen-fr, hyphen-en-gb, hyphen-en-us).
 */
#ifndef KF_HYPHEN_H
#define KF_HYPHEN_H

#include "keyfig.h"

/* Copies `text` inserting a soft hyphen (U+00AD) at every point where a
 * word of `locale`'s language may be hyphenated; returns a malloc'ed
 * string, or NULL when there is nothing to insert (no patterns for the
 * language, or no word long enough).  Words joined by a hyphen or an
 * apostrophe are hyphenated part by part; nothing is inserted next to
 * those marks.  `want`, when not NULL, is asked for each word (its bytes)
 * whether to hyphenate it at all.  Thread-safe: patterns load once per
 * language. */
char *kf_hyphenate(kf_locale locale, const char *text,
                   bool (*want)(const char *word, size_t len, void *ctx),
                   void *ctx);

#endif
