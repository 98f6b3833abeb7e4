/*
 * hyphen.h: where words may be hyphenated, by Liang's algorithm over the
 * TeX/LibreOffice patterns Debian ships in /usr/share/hyphen (packages
 * hyphen-fr, hyphen-en-gb, hyphen-en-us).
 */
#ifndef KF_HYPHEN_H
#define KF_HYPHEN_H

#include "keyfig.h"

/* The fewest letters a word hyphenated by the caller's default (`want`
 * NULL below) has: a shorter one moves to the next line whole. */
#define KF_HYPHEN_MIN_WORD 7

/* The most letters a word hyphenated has ("anticonstitutionnellement"
 * has 25): a longer one is a code or a made-up word, whose patterns
 * would cost its length times theirs for no better a cut. */
#define KF_HYPHEN_MAX_WORD 64

/* Asked of each word kf_hyphenate could hyphenate (its bytes), whether to:
 * `part` says it is one part of a word joined by a hyphen
 * ("Saint-Quentin-en-Yvelines"), which breaks at its hyphens first. */
typedef bool (*kf_hyphen_want)(const char *word, size_t len, bool part,
                               void *ctx);

/* Copies `text` inserting a soft hyphen (U+00AD) at every point where a
 * word of `locale`'s language may be hyphenated; returns a malloc'ed
 * string, or NULL when there is nothing to insert (no patterns for the
 * language, or no word to hyphenate).
 *
 * The rules of both languages: at least 2 letters before a hyphen and 3
 * after it ("exem-ple", never "exempl-e"), more where the patterns ask
 * for more; a word with a digit ("A4", "COVID-19", "2e"), a URL or an
 * address (with "://" or "@", or starting with "www.") and an acronym or
 * a name with a capital inside ("DATAIA", "CentraleSupélec") are never
 * hyphenated, nor a word of more than KF_HYPHEN_MAX_WORD letters; words joined by an apostrophe or a hyphen are hyphenated
 * part by part, nothing next to those marks.  Only the words `want`
 * accepts are hyphenated; without it, words of KF_HYPHEN_MIN_WORD
 * letters or more, not parts.  Thread-safe: patterns load once per
 * language. */
char *kf_hyphenate(kf_locale locale, const char *text, kf_hyphen_want want,
                   void *ctx);

#endif
