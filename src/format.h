/*
 * format.h: number and date formatting shared inside libkeyfig.
 *
 * kf_format_number (keyfig.h) prints a figure for the PDF/PNG/SVG text;
 * the XLSX writer builds the cell's number format from the same
 * kf_number_plan, so the workbook and the fact sheet can never disagree
 * on scale, decimals or unit.  Everything here is built from fixed CLDR
 * data in format.c: no setlocale, no locale-dependent libc call.
 */
#ifndef KF_FORMAT_H
#define KF_FORMAT_H

#include "keyfig.h"

/* UTF-8 of the two spaces CLDR uses in fr and en.  Spelled as escapes so
 * no editor can silently turn them into ordinary spaces. */
#define KF_NBSP "\xc2\xa0"      /* U+00A0 NO-BREAK SPACE */
#define KF_NNBSP "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE */
#define KF_MINUS "\xe2\x88\x92" /* U+2212 MINUS SIGN */

/* decimals is clamped to this: more than 6 is noise for a key figure,
 * and it keeps every number inside kf_number.number. */
#define KF_MAX_DECIMALS 6

/* How a figure will be printed, decided once; kf_format_number and the
 * XLSX number formats both follow it.
 *
 * The plan is sign-free: prefix and suffix are those of |value|.  On the
 * page a negative figure is written with U+2212 MINUS SIGN in front of
 * everything ("−€30M", "−30 M€"), where a spreadsheet puts its own
 * hyphen-minus for a one-section number format such as "€"0"M", so the
 * XLSX writer can use prefix and suffix as literals unchanged (and its
 * cells keep real numbers).  In the kf_number of a negative value the
 * minus therefore sits at the start of prefix when prefix is not empty,
 * else at the start of number.
 *
 * A percentage is a value out of 100 (21 prints "21 %"), so scale stays 1;
 * the workbook stores it as a fraction (0.21) under a real percent format,
 * which multiplies by 100 again, so both show the same figure. */
typedef struct {
    double scale;    /* the value is divided by this before printing: 1, 1e3, 1e6 or 1e9 */
    int decimals;    /* resolved number of decimals printed (after scaling) */
    bool percent;    /* unit was "%" */
    bool currency;   /* unit was a currency code (EUR, USD, GBP) */
    bool grouping;   /* digits are grouped (thousands separator) */
    char prefix[32]; /* exactly kf_number.prefix (of a positive value) */
    char suffix[64]; /* exactly kf_number.suffix */
} kf_number_plan;

/* Decides how kf_format_number prints `value` (arguments as there).
 * Returns false, with *out zeroed, for a value that is not finite or a
 * unit too long for the suffix. */
bool kf_number_plan_make(kf_locale locale, double value, int decimals,
                         const char *unit, kf_display display,
                         kf_number_plan *out);

/* Writes the digits of `scaled` (already divided by plan.scale) with
 * `decimals` decimals (clamped to 0..6), the locale's decimal mark and
 * grouping ("1 600" with U+202F in fr-FR, "1,600" in en).  A negative
 * value gets U+2212 MINUS SIGN unless it rounds to zero (never "−0").
 * Writes "" when the result does not fit in `size` bytes (a cut number
 * would be a wrong number) or the value is not finite. */
void kf_format_digits(kf_locale locale, double scaled, int decimals,
                      bool grouping, char *buf, size_t size);

/* The value `value` is printed as under `plan` (its plan): rounded to
 * plan->decimals after dividing by plan->scale, as kf_format_digits
 * rounds, then scaled back (30 M\xe2\x82\xac for 29 800 000 \xe2\x82\xac
 * is 30000000).  For the checks of what a figure's words say of it. */
double kf_number_printed(const kf_number_plan *plan, double value);

/* Month name for 1..12 in the locale ("janvier", "January"); "" for any
 * other month.  The string is static. */
const char *kf_month_name(kf_locale locale, int month);

/* CLDR cardinal plural categories keyfig needs (fr and en only have
 * these two for integers and decimals alike). */
typedef enum { KF_PLURAL_ONE, KF_PLURAL_OTHER } kf_plural;

/* The CLDR cardinal plural category of a number printed as `digits`
 * (ASCII digits with an optional '-' and '.', as snprintf writes them).
 * fr: "one" when the integer part is 0 or 1 (1,5 million); en: "one" for
 * exactly 1 with no visible decimals (1.0 is "other"). */
kf_plural kf_plural_of(kf_locale locale, const char *digits);

#endif /* KF_FORMAT_H */
