/*
 * typo.h: French typography in the texts of a French edition (typo.c).
 * Internal to libkeyfig.
 */
#ifndef KF_TYPO_H
#define KF_TYPO_H

#include <stdbool.h>
#include <stddef.h>

/* A copy of `text` (UTF-8) set by French rules, which the loader applies
 * to every text of a fr edition (titles, labels, legends, sources, alt,
 * text blocks):
 *
 *   - before ; ! ? and », a narrow no-break space (U+202F): the ordinary
 *     spaces typed there become one, and one is added where none was
 *     typed ("Campus?" -> "Campus ?"), except after another of these
 *     marks ("?!" stays) or an opening bracket;
 *   - after «, the same (typed spaces replaced, one added);
 *   - before :, the ordinary spaces typed there become one no-break space
 *     (U+00A0); none is added ("10:30", "Note:" are kept as typed);
 *   - a number and what follows it never part at a line break: the space
 *     typed between a number and the next word becomes U+00A0, and
 *     U+202F before % and ‰ ("125,9 Pflop/s", "21 %", "46 laboratoires");
 *     a space between groups of three digits ("12 500") becomes U+202F.
 *
 * Everything else is kept as typed: no quote, apostrophe or dash is
 * changed, and a no-break space the author typed stays.  A word holding
 * "://", starting with "www." or holding '@' (a URL, an address) is
 * copied untouched (a space typed after it is treated as any other).
 *
 * Returns a malloc'ed string for the caller to free, or NULL when out of
 * memory. */
char *kf_typo_french(const char *text);

/* Bytes [start, end) of a text. */
typedef struct {
    size_t start, end;
} kf_typo_range;

/* The suffixes of the ordinals in `text` (UTF-8), which the page sets as
 * superscripts while the text keeps its letters ("46e" reads and copies
 * as "46e").  With `french`, French ordinals: 1er 1re 1ers 1res (and
 * 1ère), 2e 46e 2es (and 2ème), 2d 2de 2nd 2nde (second), and after a
 * Roman numeral of I, V and X (XXIe, Ier); else English ones, whose
 * suffix must be the number's: 1st 2nd 3rd 4th 11th 12th 13th 21st.
 *
 * An ordinal is a whole word: digits with no letter, digit or decimal
 * mark before them (not "A4e", "1,5e", "1 000e"), then the suffix, then
 * no letter or digit ("1e5", "3ex" are not ordinals); nothing in a URL
 * or an address (as kf_typo_french leaves them).  Writes up to `max`
 * ranges to `out` (may be NULL when max is 0) in text order and returns
 * how many there are, which may be more than max. */
size_t kf_typo_ordinals(const char *text, bool french, kf_typo_range *out,
                        size_t max);

#endif
