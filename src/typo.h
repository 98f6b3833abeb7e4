/*
 * typo.h: French typography in the texts of a French edition (typo.c).
 * Internal to libkeyfig.
 */
#ifndef KF_TYPO_H
#define KF_TYPO_H

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

#endif
