/*
 * format.c: figures and dates in fr-FR, en-GB and en-US.
 *
 * The rules are CLDR's (common/main/fr.xml, en.xml; plurals.xml), copied
 * as fixed code points rather than taken from the C library, because the
 * process never calls setlocale(): LC_NUMERIC stays "C", which libxlsxwriter
 * and strtod rely on.  snprintf("%.*f") is therefore only used to produce
 * ASCII digits and a '.', which are then rewritten with the locale's marks.
 *
 * Where keyfig departs from CLDR on purpose, the comment says so.
 */
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* snprintf("%.6f", DBL_MAX) needs 309 digits, '.', 6 decimals, a sign and
 * the NUL: every raw ASCII rendering fits in this. */
#define RAW_MAX 352

/* fr groups with U+202F, so a DBL_MAX integer part needs 309 digits plus
 * 102 separators of 3 bytes; a local buffer this size never truncates. */
#define LOCALIZED_MAX 1024

/* How far a compact figure with no `decimals` may be from its value, as a
 * share of it: the figure gets decimals until it is this close. */
#define COMPACT_TOLERANCE 0.01

/* U+2212 MINUS SIGN: the width of the plus sign and set on its height, where
 * the hyphen-minus is short and low ("-3,5 %" reads as a dash). */
#define MINUS KF_MINUS
#define MINUS_LEN 3

typedef struct {
    const char *tag;
    const char *decimal; /* CLDR symbols/decimal */
    const char *group;   /* CLDR symbols/group */
    const char *months[12];
} locale_data;

/* CLDR fr: decimal ",", group U+202F (since CLDR 34; it was U+00A0
 * before), minimumGroupingDigits 1.  CLDR en: "." and ",", also
 * minimumGroupingDigits 1.  Month names are the format-context wide names
 * (fr months are lower case). */
static const locale_data locales[] = {
    [KF_LOCALE_FR_FR] = {"fr-FR", ",", KF_NNBSP,
                         {"janvier", "f\xc3\xa9vrier", "mars", "avril", "mai",
                          "juin", "juillet", "ao\xc3\xbbt", "septembre",
                          "octobre", "novembre", "d\xc3\xa9" "cembre"}},
    [KF_LOCALE_EN_GB] = {"en-GB", ".", ",",
                         {"January", "February", "March", "April", "May",
                          "June", "July", "August", "September", "October",
                          "November", "December"}},
    [KF_LOCALE_EN_US] = {"en-US", ".", ",",
                         {"January", "February", "March", "April", "May",
                          "June", "July", "August", "September", "October",
                          "November", "December"}},
};

/* An out-of-range enum (only possible through a cast) falls back to the
 * report default, fr-FR, rather than reading outside the table. */
static const locale_data *
locale_get(kf_locale locale)
{
    if ((unsigned)locale >= sizeof(locales) / sizeof(locales[0]))
        return &locales[KF_LOCALE_FR_FR];
    return &locales[locale];
}

static bool
is_fr(kf_locale locale)
{
    return locale_get(locale) == &locales[KF_LOCALE_FR_FR];
}

/* ------------------------------------------------------------------ */
/* Locales                                                            */
/* ------------------------------------------------------------------ */

/* ASCII only on purpose: tolower() would consult LC_CTYPE. */
static char
ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* BCP 47 tags are case-insensitive, and POSIX spells them with '_', so
 * "fr_FR" and "EN-us" are accepted too. */
static bool
tag_equal(const char *tag, const char *want)
{
    for (; *tag && *want; tag++, want++) {
        char c = *tag == '_' ? '-' : ascii_lower(*tag);
        if (c != *want)
            return false;
    }
    return *tag == '\0' && *want == '\0';
}

/* Bare "en" means en-GB: keyfig's editions are European (a report that
 * wants US conventions says en-US). */
bool
kf_locale_parse(const char *tag, kf_locale *out)
{
    static const struct {
        const char *tag;
        kf_locale locale;
    } tags[] = {
        {"fr-fr", KF_LOCALE_FR_FR}, {"fr", KF_LOCALE_FR_FR},
        {"en-gb", KF_LOCALE_EN_GB}, {"en-us", KF_LOCALE_EN_US},
        {"en", KF_LOCALE_EN_GB},
    };

    if (!tag)
        return false;
    for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
        if (tag_equal(tag, tags[i].tag)) {
            if (out)
                *out = tags[i].locale;
            return true;
        }
    }
    return false;
}

const char *
kf_locale_tag(kf_locale locale)
{
    return locale_get(locale)->tag;
}

const char *
kf_month_name(kf_locale locale, int month)
{
    if (month < 1 || month > 12)
        return "";
    return locale_get(locale)->months[month - 1];
}

/* ------------------------------------------------------------------ */
/* Digits                                                             */
/* ------------------------------------------------------------------ */

static int
clamp_decimals(int decimals)
{
    if (decimals < 0)
        return 0;
    return decimals > KF_MAX_DECIMALS ? KF_MAX_DECIMALS : decimals;
}

/* |x| rounded to `decimals` decimals in ASCII ("1234.50"), the way a
 * spreadsheet shows it: through its first 15 significant digits, halves
 * rounded away from zero.  So the PDF shows 2.5 as "3" and 2.675 to two
 * decimals as "2.68", exactly as Excel and LibreOffice show the workbook's
 * cell; printf's "%.*f" would round the binary value to even. */
static void
raw_digits(double x, int decimals, char raw[RAW_MAX])
{
    char sci[40];
    snprintf(sci, sizeof(sci), "%.14e", fabs(x));
    /* sci is "d.dddddddddddddde+XX": 15 digits, then the exponent. */
    char d[17];
    d[0] = '0'; /* room for a carry */
    d[1] = sci[0];
    memcpy(d + 2, sci + 2, 14);
    d[16] = '\0';
    /* digits before the decimal point, counting the carry digit d[0] */
    int point = (int)strtol(strchr(sci, 'e') + 1, NULL, 10) + 2;
    int keep = point + decimals;                /* digits kept, with d[0] */
    if (keep < 16 && keep >= 0) {
        bool up = d[keep] >= '5';
        for (int i = keep; i < 16; i++)
            d[i] = '0';
        for (int i = keep - 1; up && i >= 0; i--) {
            up = d[i] == '9';
            d[i] = up ? '0' : (char)(d[i] + 1);
        }
    } else if (keep < 0) {
        memset(d, '0', 16);
    }
    size_t n = 0;
    /* The integer part, without leading zeros but one. */
    bool started = false;
    for (int i = 0; i < point && n + 2 < RAW_MAX; i++) {
        char c = i < 16 ? d[i] : '0';
        if (c != '0' || started || i == point - 1) {
            raw[n++] = c;
            started = true;
        }
    }
    if (point <= 0)
        raw[n++] = '0';
    if (decimals > 0 && n + 1 < RAW_MAX) {
        raw[n++] = '.';
        for (int i = point; i < point + decimals && n + 1 < RAW_MAX; i++)
            raw[n++] = i >= 0 && i < 16 ? d[i] : '0';
    }
    raw[n] = '\0';
}

/* Drops trailing zeros (and a bare '.') from a raw rendering; returns the
 * number of decimals left. */
static int
strip_zeros(char *raw)
{
    char *dot = strchr(raw, '.');
    if (!dot)
        return 0;
    size_t len = strlen(raw);
    while (len > 0 && raw[len - 1] == '0')
        raw[--len] = '\0';
    if (raw[len - 1] == '.')
        raw[--len] = '\0';
    return dot[0] ? (int)strlen(dot + 1) : 0;
}

static int
int_digits(const char *raw)
{
    return (int)strcspn(raw, ".");
}

static bool
all_zero(const char *raw)
{
    for (; *raw; raw++)
        if (*raw >= '1' && *raw <= '9')
            return false;
    return true;
}

/* Rewrites a raw unsigned rendering with the locale's marks: groups of
 * three in the integer part (CLDR "#,##0" with minimumGroupingDigits 1,
 * so 1000 is already "1 000"), then the decimal mark.  Returns false and
 * writes "" when it does not fit. */
static bool
localize(kf_locale locale, const char *raw, bool negative, bool grouping,
         char *buf, size_t size)
{
    const locale_data *ld = locale_get(locale);
    char tmp[LOCALIZED_MAX];
    size_t n = 0;
    int ndigits = int_digits(raw);

    if (negative) {
        memcpy(tmp, MINUS, MINUS_LEN);
        n += MINUS_LEN;
    }
    for (int i = 0; i < ndigits; i++) {
        if (grouping && i > 0 && (ndigits - i) % 3 == 0) {
            size_t glen = strlen(ld->group);
            memcpy(tmp + n, ld->group, glen);
            n += glen;
        }
        tmp[n++] = raw[i];
    }
    if (raw[ndigits] == '.') {
        size_t dlen = strlen(ld->decimal);
        memcpy(tmp + n, ld->decimal, dlen);
        n += dlen;
        for (const char *p = raw + ndigits + 1; *p; p++)
            tmp[n++] = *p;
    }
    tmp[n] = '\0';

    if (n >= size) {
        if (size > 0)
            buf[0] = '\0';
        return false;
    }
    memcpy(buf, tmp, n + 1);
    return true;
}

void
kf_format_digits(kf_locale locale, double scaled, int decimals,
                 bool grouping, char *buf, size_t size)
{
    char raw[RAW_MAX];

    if (!buf || size == 0)
        return;
    buf[0] = '\0';
    if (!isfinite(scaled))
        return;
    raw_digits(scaled, clamp_decimals(decimals), raw);
    /* "-0" would read as a figure that is negative; CLDR prints 0. */
    localize(locale, raw, scaled < 0 && !all_zero(raw), grouping, buf, size);
}

double
kf_number_printed(const kf_number_plan *plan, double value)
{
    char raw[RAW_MAX];
    if (!plan || !isfinite(value) || plan->scale <= 0)
        return value;
    raw_digits(value / plan->scale, clamp_decimals(plan->decimals), raw);
    /* raw is ASCII with a '.', and the process never changes LC_NUMERIC */
    double printed = strtod(raw, NULL) * plan->scale;
    return value < 0 ? -printed : printed;
}

/* CLDR plurals.xml: fr "one" is i = 0,1 (so "1,5 million" is singular);
 * en "one" is i = 1 and v = 0 (no visible decimals).  The operands are
 * those of the number as printed, so the digits after rounding decide. */
kf_plural
kf_plural_of(kf_locale locale, const char *digits)
{
    const char *p = digits;

    if (!p)
        return KF_PLURAL_OTHER;
    if (*p == '-')
        p++;
    size_t ni = strcspn(p, ".");
    /* Integer part without leading zeros. */
    while (ni > 1 && *p == '0') {
        p++;
        ni--;
    }
    bool i0or1 = ni == 1 && (p[0] == '0' || p[0] == '1');
    if (is_fr(locale))
        return i0or1 ? KF_PLURAL_ONE : KF_PLURAL_OTHER;
    return (ni == 1 && p[0] == '1' && p[1] == '\0') ? KF_PLURAL_ONE
                                                      : KF_PLURAL_OTHER;
}

/* ------------------------------------------------------------------ */
/* Number plans                                                       */
/* ------------------------------------------------------------------ */

typedef enum { UNIT_NONE, UNIT_PERCENT, UNIT_CURRENCY, UNIT_OTHER } unit_kind;

/* The symbols are CLDR en's (€, $, £).  CLDR fr-FR writes USD as "$US"
 * and GBP as "£GB"; keyfig uses the bare symbols in every locale, as
 * decided for the project ("30 M$"). */
static const struct {
    const char *code;
    const char *symbol;
} currencies[] = {
    {"EUR", "\xe2\x82\xac"},
    {"USD", "$"},
    {"GBP", "\xc2\xa3"},
};

/* ISO 4217 codes are upper case; "eur" is not a currency but a unit that
 * is printed as written, like any other. */
static unit_kind
classify_unit(const char *unit, const char **symbol)
{
    *symbol = NULL;
    if (!unit || !*unit)
        return UNIT_NONE;
    if (strcmp(unit, "%") == 0)
        return UNIT_PERCENT;
    for (size_t i = 0; i < sizeof(currencies) / sizeof(currencies[0]); i++) {
        if (strcmp(unit, currencies[i].code) == 0) {
            *symbol = currencies[i].symbol;
            return UNIT_CURRENCY;
        }
    }
    return UNIT_OTHER;
}

/* Powers of 1000 a compact figure may be divided by, as exponents of 10
 * (the plan's scale is 1, 1e3, 1e6 or 1e9).  Above 1e9 the figure stays
 * in billions ("1 000 Md€"): CLDR has trillions, but key figures do not. */
static const double scale_values[] = {1, 1e3, 1e6, 1e9};
enum { SCALE_1, SCALE_K, SCALE_M, SCALE_G, SCALE_COUNT };

/* Compact currency is CLDR's short form, which starts at a thousand
 * ("250 k€", "€250K").  Compact plain figures use the long form, which in
 * keyfig starts at a million: CLDR fr has "0 mille" and en "0 thousand",
 * but "250 mille" reads worse than "250 000". */
static const int ladder_currency[] = {SCALE_1, SCALE_K, SCALE_M, SCALE_G};
static const int ladder_plain[] = {SCALE_1, SCALE_M, SCALE_G};
static const int ladder_none[] = {SCALE_1};

/* Number of decimal digits in scale_values[to] / scale_values[from]. */
static int
scale_gap(int from, int to)
{
    return 3 * (to - from);
}

/* Decides the scale and decimals and leaves the rounded |value / scale|
 * in `raw`.  The scale is picked after rounding, so a carry moves the
 * figure up a step: 999 999 as compact currency is "1 M€", not
 * "1 000 k€", and 999 999.7 as a compact plain figure is "1 million". */
static void
resolve(double value, int decimals, unit_kind kind, kf_display display,
        int *scale, int *resolved, char raw[RAW_MAX])
{
    const int *ladder = ladder_none;
    size_t nladder = 1;
    bool compact = display == KF_DISPLAY_COMPACT;
    double mag = fabs(value);

    /* A percentage is out of 100 already: "21 millions %" means nothing,
     * so compact only changes its decimals. */
    if (compact && kind == UNIT_CURRENCY) {
        ladder = ladder_currency;
        nladder = sizeof(ladder_currency) / sizeof(ladder_currency[0]);
    } else if (compact && kind != UNIT_PERCENT) {
        ladder = ladder_plain;
        nladder = sizeof(ladder_plain) / sizeof(ladder_plain[0]);
    }

    size_t step = 0;
    while (step + 1 < nladder && mag >= scale_values[ladder[step + 1]])
        step++;

    for (;;) {
        double x = mag / scale_values[ladder[step]];
        int d;
        if (decimals >= 0)
            d = clamp_decimals(decimals);
        else if (compact)
            /* CLDR compact patterns show about two significant digits
             * ("4,3 M", "30 M"), as ICU does by default... */
            d = x < 10 ? 1 : 0;
        else
            d = KF_MAX_DECIMALS;
        raw_digits(x, d, raw);
        /* ...but never further than 1 % from the value: "12,5 Md€" beside
         * "12 500 000 000 €", not "13 Md€" (4 % off).  A value that only
         * rounds to 0 at every allowed decimal stays "0". */
        while (compact && decimals < 0 && d < KF_MAX_DECIMALS && x > 0 &&
               fabs(strtod(raw, NULL) - x) > COMPACT_TOLERANCE * x) {
            d++;
            raw_digits(x, d, raw);
        }
        if (decimals < 0)
            d = strip_zeros(raw);
        if (step + 1 < nladder &&
            int_digits(raw) > scale_gap(ladder[step], ladder[step + 1])) {
            step++;
            continue;
        }
        *scale = ladder[step];
        *resolved = d;
        return;
    }
}

/* Appends `s` to buf (of `size` bytes, holding a string); false when it
 * does not fit, so a unit is never cut silently. */
static bool
append(char *buf, size_t size, const char *s)
{
    size_t have = strlen(buf);
    size_t add = strlen(s);
    if (have + add >= size)
        return false;
    memcpy(buf + have, s, add + 1);
    return true;
}

/* fr, CLDR fr.xml:
 *   percentFormat "#,##0 %" with U+202F before the sign;
 *   currencyFormat "#,##0.00 ¤" with U+00A0 before the symbol;
 *   short currency "0 k ¤", "0 M ¤", "0 Md ¤": keyfig glues the letter to
 *   the symbol ("30 M€", "1,2 Md€"), the usual French press spelling,
 *   and keeps the U+00A0 between the number and the letter;
 *   long decimal "0 million"/"0 millions", "0 milliard"/"0 milliards"
 *   chosen by the plural of the printed number;
 *   a unit follows after U+00A0, as in CLDR unitPattern "{0} {1}". */
static bool
affixes_fr(unit_kind kind, const char *symbol, const char *unit, int scale,
           kf_plural plural, kf_number_plan *plan)
{
    static const char *const short_letters[] = {"", "k", "M", "Md"};
    bool ok = true;

    switch (kind) {
    case UNIT_PERCENT:
        ok = append(plan->suffix, sizeof(plan->suffix), KF_NNBSP "%");
        break;
    case UNIT_CURRENCY:
        ok = append(plan->suffix, sizeof(plan->suffix), KF_NBSP) &&
             append(plan->suffix, sizeof(plan->suffix),
                    short_letters[scale]) &&
             append(plan->suffix, sizeof(plan->suffix), symbol);
        break;
    case UNIT_NONE:
    case UNIT_OTHER:
        if (scale == SCALE_M || scale == SCALE_G) {
            const char *word =
                scale == SCALE_M
                    ? (plural == KF_PLURAL_ONE ? "million" : "millions")
                    : (plural == KF_PLURAL_ONE ? "milliard" : "milliards");
            ok = append(plan->suffix, sizeof(plan->suffix), KF_NBSP) &&
                 append(plan->suffix, sizeof(plan->suffix), word);
        }
        if (ok && kind == UNIT_OTHER)
            ok = append(plan->suffix, sizeof(plan->suffix), KF_NBSP) &&
                 append(plan->suffix, sizeof(plan->suffix), unit);
        break;
    }
    return ok;
}

/* en, CLDR en.xml (en-GB and en-US agree here):
 *   percentFormat "#,##0%";
 *   currencyFormat "¤#,##0.00", short "¤0K", "¤0M", "¤0B";
 *   long decimal "0 million", "0 billion" (the same for one and other);
 *   a unit follows after a space, made U+00A0 so it never wraps alone. */
static bool
affixes_en(unit_kind kind, const char *symbol, const char *unit, int scale,
           kf_number_plan *plan)
{
    static const char *const short_letters[] = {"", "K", "M", "B"};
    bool ok = true;

    switch (kind) {
    case UNIT_PERCENT:
        ok = append(plan->suffix, sizeof(plan->suffix), "%");
        break;
    case UNIT_CURRENCY:
        ok = append(plan->prefix, sizeof(plan->prefix), symbol) &&
             append(plan->suffix, sizeof(plan->suffix), short_letters[scale]);
        break;
    case UNIT_NONE:
    case UNIT_OTHER:
        if (scale == SCALE_M || scale == SCALE_G)
            ok = append(plan->suffix, sizeof(plan->suffix), KF_NBSP) &&
                 append(plan->suffix, sizeof(plan->suffix),
                        scale == SCALE_M ? "million" : "billion");
        if (ok && kind == UNIT_OTHER)
            ok = append(plan->suffix, sizeof(plan->suffix), KF_NBSP) &&
                 append(plan->suffix, sizeof(plan->suffix), unit);
        break;
    }
    return ok;
}

bool
kf_number_plan_make(kf_locale locale, double value, int decimals,
                    const char *unit, kf_display display, kf_number_plan *out)
{
    const char *symbol;
    char raw[RAW_MAX];
    int scale, resolved;

    if (!out)
        return false;
    memset(out, 0, sizeof(*out));
    if (!isfinite(value))
        return false;

    unit_kind kind = classify_unit(unit, &symbol);
    resolve(value, decimals, kind, display, &scale, &resolved, raw);

    out->scale = scale_values[scale];
    out->decimals = resolved;
    out->percent = kind == UNIT_PERCENT;
    out->currency = kind == UNIT_CURRENCY;
    /* fr and en both group from the first thousand (CLDR
     * minimumGroupingDigits 1); a locale with 2 (es, pl) would set this
     * from the size of the integer part. */
    out->grouping = true;

    bool ok = is_fr(locale)
                  ? affixes_fr(kind, symbol, unit, scale,
                               kf_plural_of(locale, raw), out)
                  : affixes_en(kind, symbol, unit, scale, out);
    if (!ok) {
        memset(out, 0, sizeof(*out));
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* Figures                                                            */
/* ------------------------------------------------------------------ */

bool
kf_format_number(kf_locale locale, double value, int decimals,
                 const char *unit, kf_display display, kf_number *out)
{
    kf_number_plan plan;

    if (!out)
        return false;
    memset(out, 0, sizeof(*out));
    if (!kf_number_plan_make(locale, value, decimals, unit, display, &plan))
        return false;

    kf_format_digits(locale, value / plan.scale, plan.decimals, plan.grouping,
                     out->number, sizeof(out->number));
    if (out->number[0] == '\0') {
        memset(out, 0, sizeof(*out));
        return false;
    }

    /* CLDR puts the minus in front of the whole pattern: "−€30M" in en,
     * so with a prefix the sign moves from the number to the prefix. */
    bool negative = strncmp(out->number, MINUS, MINUS_LEN) == 0;
    if (negative && plan.prefix[0]) {
        memmove(out->number, out->number + MINUS_LEN,
                strlen(out->number) - MINUS_LEN + 1);
        memcpy(out->prefix, MINUS, MINUS_LEN + 1);
    }
    if (!append(out->prefix, sizeof(out->prefix), plan.prefix)) {
        memset(out, 0, sizeof(*out));
        return false;
    }
    memcpy(out->suffix, plan.suffix, sizeof(out->suffix));
    /* Cannot truncate: 31 + 63 + 63 bytes fit in text[192]. */
    snprintf(out->text, sizeof(out->text), "%s%s%s", out->prefix, out->number,
             out->suffix);
    return true;
}

/* Whether printed digits hold anything but zeros ("0,0" is no figure to
 * sign). */
static bool
prints_nonzero(const char *number)
{
    for (; *number; number++)
        if (*number >= '1' && *number <= '9')
            return true;
    return false;
}

/* The words of press kits, before the figure: "plus de 1 600 chercheurs",
 * "more than 1,600 researchers".  `about` is "près de" in French, and so
 * "nearly" in English rather than "about" ("environ"): both editions of
 * one file state the same fact, a round figure just above the count.
 * French uses the typographic apostrophe, as keyfig's other words do. */
const char *
kf_qualifier_words(kf_locale locale, kf_qualifier qualifier)
{
    static const char *const fr[] = {"", "plus de", "pr\xc3\xa8s de",
                                     "jusqu\xe2\x80\x99\xc3\xa0",
                                     "moins de"};
    static const char *const en[] = {"", "more than", "nearly", "up to",
                                     "less than"};
    if ((unsigned)qualifier >= sizeof(fr) / sizeof(fr[0]))
        return "";
    return is_fr(locale) ? fr[qualifier] : en[qualifier];
}

bool
kf_format_metric(kf_locale locale, const kf_metric *metric, kf_number *out)
{
    if (!out)
        return false;
    memset(out, 0, sizeof(*out));
    if (!metric || !kf_format_number(locale, metric->value, metric->decimals,
                                     metric->unit, metric->display, out))
        return false;
    /* CLDR's signDisplay "exceptZero": the plus goes where the minus
     * would, in front of the whole figure ("+€30M"). */
    if (metric->sign == KF_SIGN_ALWAYS && metric->value > 0 &&
        prints_nonzero(out->number)) {
        char *at = out->prefix[0] ? out->prefix : out->number;
        size_t size = at == out->prefix ? sizeof(out->prefix)
                                        : sizeof(out->number);
        size_t len = strlen(at);
        if (len + 2 > size) {
            memset(out, 0, sizeof(*out));
            return false;
        }
        memmove(at + 1, at, len + 1);
        at[0] = '+';
    }
    snprintf(out->qualifier, sizeof(out->qualifier), "%s",
             kf_qualifier_words(locale, metric->qualifier));
    /* Cannot truncate: 31 + 2 + 31 + 63 + 63 bytes fit in text[192]. */
    snprintf(out->text, sizeof(out->text), "%s%s%s%s%s", out->qualifier,
             out->qualifier[0] ? KF_NBSP : "", out->prefix, out->number,
             out->suffix);
    return true;
}

/* ------------------------------------------------------------------ */
/* Dates                                                              */
/* ------------------------------------------------------------------ */

/* CLDR dateFormats long: fr "d MMMM y", en-GB "d MMMM y", en-US
 * "MMMM d, y"; year-month "MMMM y" in all three.  French writes the first
 * of the month as an ordinal ("1er janvier"), a typographic rule CLDR
 * leaves out; keyfig follows it.  A day or month out of range is treated
 * as unknown rather than printed, so no "31 février" check is done: the
 * loader validates dates. */
void
kf_format_date(kf_locale locale, kf_date date, char *buf, size_t size)
{
    int n;

    if (!buf || size == 0)
        return;
    buf[0] = '\0';
    if (date.year == 0)
        return;

    const char *month = kf_month_name(locale, date.month);
    bool has_month = month[0] != '\0';
    bool has_day = has_month && date.day >= 1 && date.day <= 31;

    if (!has_month)
        n = snprintf(buf, size, "%d", date.year);
    else if (!has_day)
        n = snprintf(buf, size, "%s %d", month, date.year);
    else if (is_fr(locale))
        n = snprintf(buf, size, "%d%s %s %d", date.day,
                     date.day == 1 ? "er" : "", month, date.year);
    else if (locale == KF_LOCALE_EN_US)
        n = snprintf(buf, size, "%s %d, %d", month, date.day, date.year);
    else
        n = snprintf(buf, size, "%d %s %d", date.day, month, date.year);

    /* A cut date could end inside "août"'s UTF-8; write nothing instead. */
    if (n < 0 || (size_t)n >= size)
        buf[0] = '\0';
}
