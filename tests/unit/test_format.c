/*
 * test_format.c: table-driven tests of number and date formatting.
 *
 * Expected strings spell the two no-break spaces as UTF-8 escapes (NN is
 * U+202F, NB is U+00A0), defined here rather than taken from format.h so a
 * wrong macro there cannot make a wrong answer look right.
 */
#include "check.h"
#include "format.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define NN "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE */
#define NB "\xc2\xa0"     /* U+00A0 NO-BREAK SPACE */
#define EURO "\xe2\x82\xac"
#define POUND "\xc2\xa3"
#define MINUS "\xe2\x88\x92" /* U+2212 MINUS SIGN */


/* Makes the two no-break spaces visible in a failure line, where they
 * would otherwise look exactly like the space they must not be. */
static const char *
visible(const char *s, char *buf, size_t size)
{
    size_t n = 0;

    while (*s && n + 8 < size) {
        if (strncmp(s, NN, 3) == 0) {
            memcpy(buf + n, "\\u202f", 6);
            n += 6;
            s += 3;
        } else if (strncmp(s, NB, 2) == 0) {
            memcpy(buf + n, "\\u00a0", 6);
            n += 6;
            s += 2;
        } else {
            buf[n++] = *s++;
        }
    }
    buf[n] = '\0';
    return buf;
}

/* One check, counted; `what` names the case in the failure line. */
static void
check_str(const char *what, const char *got, const char *want)
{
    char g[512];
    char w[512];

    if (strcmp(got, want) == 0)
        passed++;
    else
        fail("%s: got \"%s\", want \"%s\"", what,
             visible(got, g, sizeof(g)), visible(want, w, sizeof(w)));
}

static void
check_true(const char *what, bool cond)
{
    if (cond)
        passed++;
    else
        fail("%s", what);
}

static const char *
loc_name(kf_locale l)
{
    return kf_locale_tag(l);
}

#define FR KF_LOCALE_FR_FR
#define GB KF_LOCALE_EN_GB
#define US KF_LOCALE_EN_US
#define FULL KF_DISPLAY_FULL
#define COMPACT KF_DISPLAY_COMPACT

typedef struct {
    kf_locale locale;
    double value;
    int decimals;
    const char *unit;
    kf_display display;
    const char *want; /* whole text */
} number_case;

static const number_case number_cases[] = {
    /* fr-FR, the cases the fact sheets use */
    {FR, 1600, -1, NULL, FULL, "1" NN "600"},
    {FR, 125.9, 1, "Pflop/s", FULL, "125,9" NB "Pflop/s"},
    {FR, 125.9, -1, "Pflop/s", FULL, "125,9" NB "Pflop/s"},
    {FR, 21, -1, "%", FULL, "21" NN "%"},
    {FR, 21.5, -1, "%", FULL, "21,5" NN "%"},
    {FR, 21.5, 1, "%", FULL, "21,5" NN "%"},
    {FR, 1000000, -1, NULL, COMPACT, "1" NB "million"},
    {FR, 4300000, 1, NULL, COMPACT, "4,3" NB "millions"},
    {FR, 4300000, -1, NULL, COMPACT, "4,3" NB "millions"},
    {FR, 2000000, -1, NULL, COMPACT, "2" NB "millions"},
    {FR, 1000000, 1, NULL, COMPACT, "1,0" NB "million"},
    {FR, 1200000000, -1, NULL, COMPACT, "1,2" NB "milliard"},
    {FR, 3000000000, -1, NULL, COMPACT, "3" NB "milliards"},
    {FR, 250000, -1, NULL, COMPACT, "250" NN "000"},
    {FR, 30000000, -1, "EUR", COMPACT, "30" NB "M" EURO},
    {FR, 1200000000, -1, "EUR", COMPACT, "1,2" NB "Md" EURO},
    {FR, 250000, -1, "EUR", COMPACT, "250" NB "k" EURO},
    {FR, 30000000, -1, "EUR", FULL, "30" NN "000" NN "000" NB EURO},
    {FR, 30000000, -1, "USD", COMPACT, "30" NB "M$"},
    {FR, 1200000, -1, "GBP", COMPACT, "1,2" NB "M" POUND},
    {FR, 70000, -1, "m\xc2\xb2", FULL, "70" NN "000" NB "m\xc2\xb2"},
    {FR, 4300000, -1, "m\xc2\xb2", COMPACT,
     "4,3" NB "millions" NB "m\xc2\xb2"},
    {FR, 250000, -1, "m\xc2\xb2", COMPACT, "250" NN "000" NB "m\xc2\xb2"},
    {FR, 2500, -1, NULL, FULL, "2" NN "500"},
    {FR, 1000, -1, NULL, FULL, "1" NN "000"},
    {FR, 999, -1, NULL, FULL, "999"},
    {FR, 1234567.891, -1, NULL, FULL, "1" NN "234" NN "567,891"},
    {FR, 1960000, 2, NULL, COMPACT, "1,96" NB "million"},
    {FR, 1960000, -1, NULL, COMPACT, "1,96" NB "million"},
    {FR, 1500000000000, -1, "EUR", COMPACT, "1" NN "500" NB "Md" EURO},
    {FR, 999, -1, "EUR", COMPACT, "999" NB EURO},
    {FR, 5, -1, "eur", FULL, "5" NB "eur"},
    {FR, 5, -1, "%", COMPACT, "5" NN "%"},
    {FR, 12.345, -1, NULL, COMPACT, "12,3"},
    {FR, 0.36, -1, NULL, COMPACT, "0,36"},
    {FR, 42, -1, "", FULL, "42"},

    /* zero and the sign */
    {FR, 0, -1, NULL, FULL, "0"},
    {FR, 0, 2, NULL, FULL, "0,00"},
    {FR, 0, -1, "%", FULL, "0" NN "%"},
    {FR, -0.0, -1, NULL, FULL, "0"},
    {FR, -0.04, 1, NULL, FULL, "0,0"},
    {FR, -0.04, -1, NULL, COMPACT, MINUS "0,04"},
    {FR, -0.0000001, -1, NULL, FULL, "0"},
    {FR, -0.0000001, -1, "EUR", COMPACT, "0" NB EURO},
    {GB, -0.0000001, -1, "EUR", COMPACT, EURO "0"},
    {FR, -0.4, -1, NULL, COMPACT, MINUS "0,4"},
    {FR, -1600, -1, NULL, FULL, MINUS "1" NN "600"},
    {FR, -30000000, -1, "EUR", COMPACT, MINUS "30" NB "M" EURO},
    {FR, -21.5, -1, "%", FULL, MINUS "21,5" NN "%"},
    {FR, -4300000, -1, NULL, COMPACT, MINUS "4,3" NB "millions"},
    {FR, -1500000, -1, NULL, COMPACT, MINUS "1,5" NB "million"},

    /* rounding carries into the next group, digit or scale */
    {FR, 999999, -1, "EUR", COMPACT, "1" NB "M" EURO},
    {FR, 999.5, -1, "EUR", COMPACT, "1" NB "k" EURO},
    {FR, 999999.7, -1, NULL, COMPACT, "1" NB "million"},
    {FR, 999999999, -1, NULL, COMPACT, "1" NB "milliard"},
    {FR, 9.96, -1, NULL, COMPACT, "10"},
    {FR, 9960000, -1, NULL, COMPACT, "10" NB "millions"},
    {FR, 999.95, 1, NULL, FULL, "1" NN "000,0"},
    /* Halves round away from zero, as spreadsheets show the workbook's
     * cells (printf would round 2.5 to even, "2"). */
    {FR, 2.5, 0, NULL, FULL, "3"},
    {FR, -2.5, 0, NULL, FULL, MINUS "3"},
    {FR, 0.5, 0, NULL, FULL, "1"},
    {FR, 2.675, 2, NULL, FULL, "2,68"},
    {FR, 1.005, 2, NULL, FULL, "1,01"},
    {FR, 12500000, -1, NULL, COMPACT, "12,5" NB "millions"},
    {FR, 12500000, 0, NULL, COMPACT, "13" NB "millions"},
    /* Compact figures stay within 1 % of the value unless decimals says
     * otherwise: one more decimal each time the shown figure is off. */
    {FR, 12500000000, -1, "EUR", COMPACT, "12,5" NB "Md" EURO},
    {GB, 12500000000, -1, "EUR", COMPACT, EURO "12.5B"},
    {FR, 12500000000, 0, "EUR", COMPACT, "13" NB "Md" EURO},
    {FR, 1250000, -1, "EUR", COMPACT, "1,25" NB "M" EURO},
    {FR, 125400000, -1, "EUR", COMPACT, "125" NB "M" EURO},
    {FR, 12300000, -1, NULL, COMPACT, "12,3" NB "millions"},
    {FR, 10049999, -1, NULL, COMPACT, "10" NB "millions"},
    {FR, 1234567, -1, NULL, COMPACT, "1,23" NB "million"},
    {FR, -12500000000, -1, "EUR", COMPACT, MINUS "12,5" NB "Md" EURO},
    {FR, 21.4, -1, "%", COMPACT, "21,4" NN "%"},
    {GB, 0.125, 2, NULL, FULL, "0.13"},
    {GB, 1e-7, 2, NULL, FULL, "0.00"},
    {GB, 123456789012345678.0, 0, NULL, FULL,
     "123,456,789,012,346,000"},
    {FR, 999.94, 1, NULL, FULL, "999,9"},
    {FR, 0.9999999, -1, NULL, FULL, "1"},

    /* at most 6 decimals */
    {FR, 0.1234567, -1, NULL, FULL, "0,123457"},
    {FR, 3.14159265358979, 9, NULL, FULL, "3,141593"},
    {FR, 1.0000001, -1, NULL, FULL, "1"},
    {FR, 0.0000001, -1, NULL, FULL, "0"},
    {FR, 0.1 + 0.2, -1, NULL, FULL, "0,3"},
    {FR, 2, 3, NULL, FULL, "2,000"},

    /* en-GB */
    {GB, 21, -1, "%", FULL, "21%"},
    {GB, 21.5, -1, "%", FULL, "21.5%"},
    {GB, 125.9, 1, "Pflop/s", FULL, "125.9" NB "Pflop/s"},
    {GB, 1600, -1, NULL, FULL, "1,600"},
    {GB, 70000, -1, "m\xc2\xb2", FULL, "70,000" NB "m\xc2\xb2"},
    {GB, 30000000, -1, "EUR", COMPACT, EURO "30M"},
    {GB, 30000000, -1, "EUR", FULL, EURO "30,000,000"},
    {GB, 1200000000, -1, "EUR", COMPACT, EURO "1.2B"},
    {GB, 250000, -1, "EUR", COMPACT, EURO "250K"},
    {GB, 1000000, -1, NULL, COMPACT, "1" NB "million"},
    {GB, 1200000, -1, NULL, COMPACT, "1.2" NB "million"},
    {GB, 4300000, -1, NULL, COMPACT, "4.3" NB "million"},
    {GB, 2000000, -1, NULL, COMPACT, "2" NB "million"},
    {GB, 1200000000, -1, NULL, COMPACT, "1.2" NB "billion"},
    {GB, 250000, -1, NULL, COMPACT, "250,000"},
    {GB, 4300000, -1, "m\xc2\xb2", COMPACT, "4.3" NB "million" NB "m\xc2\xb2"},
    {GB, -30000000, -1, "EUR", COMPACT, MINUS EURO "30M"},
    {GB, -30000000, -1, "EUR", FULL, MINUS EURO "30,000,000"},
    {GB, -1600, -1, NULL, FULL, MINUS "1,600"},
    {GB, 999999, -1, "EUR", COMPACT, EURO "1M"},
    {GB, 999.95, 1, NULL, FULL, "1,000.0"},
    {GB, 0, -1, NULL, FULL, "0"},
    {GB, 1234567.891, -1, NULL, FULL, "1,234,567.891"},

    /* en-US */
    {US, 21, -1, "%", FULL, "21%"},
    {US, 125.9, 1, "Pflop/s", FULL, "125.9" NB "Pflop/s"},
    {US, 1600, -1, NULL, FULL, "1,600"},
    {US, 30000000, -1, "EUR", COMPACT, EURO "30M"},
    {US, 30000000, -1, "USD", COMPACT, "$30M"},
    {US, 1200000000, -1, "GBP", COMPACT, POUND "1.2B"},
    {US, 1200000, -1, NULL, COMPACT, "1.2" NB "million"},
    {US, 999, -1, "USD", FULL, "$999"},
};

/* The three parts, for the cases where the split matters to a tile. */
typedef struct {
    kf_locale locale;
    double value;
    int decimals;
    const char *unit;
    kf_display display;
    const char *prefix;
    const char *number;
    const char *suffix;
} split_case;

static const split_case split_cases[] = {
    {FR, 21, -1, "%", FULL, "", "21", NN "%"},
    {FR, 125.9, 1, "Pflop/s", FULL, "", "125,9", NB "Pflop/s"},
    {FR, 1600, -1, NULL, FULL, "", "1" NN "600", ""},
    {FR, 30000000, -1, "EUR", COMPACT, "", "30", NB "M" EURO},
    {FR, -30000000, -1, "EUR", COMPACT, "", MINUS "30", NB "M" EURO},
    {FR, 1200000000, -1, "EUR", COMPACT, "", "1,2", NB "Md" EURO},
    {FR, 4300000, -1, NULL, COMPACT, "", "4,3", NB "millions"},
    {GB, 21, -1, "%", FULL, "", "21", "%"},
    {GB, 30000000, -1, "EUR", COMPACT, EURO, "30", "M"},
    {GB, -30000000, -1, "EUR", COMPACT, MINUS EURO, "30", "M"},
    {GB, 30000000, -1, "EUR", FULL, EURO, "30,000,000", ""},
    {US, 1200000, -1, NULL, COMPACT, "", "1.2", NB "million"},
    {US, -1600, -1, NULL, FULL, "", MINUS "1,600", ""},
};

/* Checks that kf_format_number is exactly its plan applied: same suffix,
 * same prefix (the minus aside), and the number is kf_format_digits of
 * the scaled value with the plan's decimals. */
static void
check_plan_agrees(const char *what, const number_case *c, const kf_number *n)
{
    kf_number_plan plan;
    char label[256];
    char digits[64];
    char prefix[64];

    memset(&plan, 0xAB, sizeof(plan));
    bool ok = kf_number_plan_make(c->locale, c->value, c->decimals, c->unit,
                                  c->display, &plan);
    snprintf(label, sizeof(label), "%s plan_make succeeds", what);
    check_true(label, ok);
    if (!ok)
        return;

    snprintf(label, sizeof(label), "%s plan.scale is a power of 1000", what);
    check_true(label, plan.scale == 1 || plan.scale == 1e3 ||
                          plan.scale == 1e6 || plan.scale == 1e9);
    snprintf(label, sizeof(label), "%s plan.decimals in 0..6", what);
    check_true(label, plan.decimals >= 0 && plan.decimals <= 6);
    snprintf(label, sizeof(label), "%s plan.percent", what);
    check_true(label, plan.percent == (c->unit && strcmp(c->unit, "%") == 0));
    snprintf(label, sizeof(label), "%s plan.currency", what);
    check_true(label, plan.currency ==
                          (c->unit && (strcmp(c->unit, "EUR") == 0 ||
                                       strcmp(c->unit, "USD") == 0 ||
                                       strcmp(c->unit, "GBP") == 0)));
    snprintf(label, sizeof(label), "%s plan.grouping", what);
    check_true(label, plan.grouping);

    kf_format_digits(c->locale, c->value / plan.scale, plan.decimals,
                     plan.grouping, digits, sizeof(digits));
    const char *number = digits;
    snprintf(prefix, sizeof(prefix), "%s", plan.prefix);
    if (strncmp(digits, MINUS, 3) == 0 && plan.prefix[0]) {
        snprintf(prefix, sizeof(prefix), MINUS "%s", plan.prefix);
        number += 3;
    }
    snprintf(label, sizeof(label), "%s number == plan digits", what);
    check_str(label, n->number, number);
    snprintf(label, sizeof(label), "%s prefix == plan prefix", what);
    check_str(label, n->prefix, prefix);
    snprintf(label, sizeof(label), "%s suffix == plan suffix", what);
    check_str(label, n->suffix, plan.suffix);
}

static void
test_numbers(void)
{
    char what[160];
    char joined[256];

    for (size_t i = 0; i < sizeof(number_cases) / sizeof(number_cases[0]);
         i++) {
        const number_case *c = &number_cases[i];
        kf_number n;

        snprintf(what, sizeof(what), "number[%zu] %s %.17g dec %d unit %s%s",
                 i, loc_name(c->locale), c->value, c->decimals,
                 c->unit ? c->unit : "(null)",
                 c->display == COMPACT ? " compact" : "");
        memset(&n, 0xAB, sizeof(n));
        bool ok = kf_format_number(c->locale, c->value, c->decimals, c->unit,
                                   c->display, &n);
        check_true(what, ok);
        if (!ok)
            continue;
        check_str(what, n.text, c->want);
        snprintf(joined, sizeof(joined), "%s%s%s", n.prefix, n.number,
                 n.suffix);
        char label[256];
        snprintf(label, sizeof(label), "%s text == prefix+number+suffix",
                 what);
        check_str(label, n.text, joined);
        check_plan_agrees(what, c, &n);
    }
}

static void
test_splits(void)
{
    char what[160];

    for (size_t i = 0; i < sizeof(split_cases) / sizeof(split_cases[0]);
         i++) {
        const split_case *c = &split_cases[i];
        kf_number n;

        snprintf(what, sizeof(what), "split[%zu] %s %.17g", i,
                 loc_name(c->locale), c->value);
        bool ok = kf_format_number(c->locale, c->value, c->decimals, c->unit,
                                   c->display, &n);
        check_true(what, ok);
        if (!ok)
            continue;
        char label[256];
        snprintf(label, sizeof(label), "%s prefix", what);
        check_str(label, n.prefix, c->prefix);
        snprintf(label, sizeof(label), "%s number", what);
        check_str(label, n.number, c->number);
        snprintf(label, sizeof(label), "%s suffix", what);
        check_str(label, n.suffix, c->suffix);
    }
}

/* Specific plan decisions the XLSX writer relies on. */
static void
test_plans(void)
{
    static const struct {
        kf_locale locale;
        double value;
        int decimals;
        const char *unit;
        kf_display display;
        double scale;
        int plan_decimals;
        const char *prefix;
        const char *suffix;
    } cases[] = {
        {FR, 30000000, -1, "EUR", COMPACT, 1e6, 0, "", NB "M" EURO},
        {GB, 30000000, -1, "EUR", COMPACT, 1e6, 0, EURO, "M"},
        {GB, -30000000, -1, "EUR", COMPACT, 1e6, 0, EURO, "M"},
        {FR, 999999, -1, "EUR", COMPACT, 1e6, 0, "", NB "M" EURO},
        {FR, 250000, -1, "EUR", COMPACT, 1e3, 0, "", NB "k" EURO},
        {FR, 1200000000, -1, NULL, COMPACT, 1e9, 1, "", NB "milliard"},
        {FR, 250000, -1, NULL, COMPACT, 1, 0, "", ""},
        {FR, 1000000, 1, NULL, COMPACT, 1e6, 1, "", NB "million"},
        {FR, 125.9, 1, "Pflop/s", FULL, 1, 1, "", NB "Pflop/s"},
        {FR, 21.5, -1, "%", FULL, 1, 1, "", NN "%"},
        {FR, 30000000, -1, "EUR", FULL, 1, 0, "", NB EURO},
        {FR, 0.1234567, -1, NULL, FULL, 1, 6, "", ""},
        {FR, 2, 9, NULL, FULL, 1, 6, "", ""},
    };
    char what[160];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        kf_number_plan plan;

        snprintf(what, sizeof(what), "plan[%zu] %s %.17g", i,
                 loc_name(cases[i].locale), cases[i].value);
        bool ok = kf_number_plan_make(cases[i].locale, cases[i].value,
                                      cases[i].decimals, cases[i].unit,
                                      cases[i].display, &plan);
        check_true(what, ok);
        if (!ok)
            continue;
        char label[256];
        snprintf(label, sizeof(label), "%s scale %g want %g", what,
                 plan.scale, cases[i].scale);
        check_true(label, plan.scale == cases[i].scale);
        snprintf(label, sizeof(label), "%s decimals %d want %d", what,
                 plan.decimals, cases[i].plan_decimals);
        check_true(label, plan.decimals == cases[i].plan_decimals);
        snprintf(label, sizeof(label), "%s prefix", what);
        check_str(label, plan.prefix, cases[i].prefix);
        snprintf(label, sizeof(label), "%s suffix", what);
        check_str(label, plan.suffix, cases[i].suffix);
    }
}

static bool
number_is_empty(const kf_number *n)
{
    return n->prefix[0] == '\0' && n->number[0] == '\0' &&
           n->suffix[0] == '\0' && n->text[0] == '\0';
}

/* Values that cannot be printed are refused with an empty result, never
 * printed as "nan", "inf" or a cut number. */
static void
test_rejected(void)
{
    static const struct {
        double value;
        const char *unit;
        kf_display display;
    } cases[] = {
        {NAN, NULL, FULL},       {INFINITY, NULL, FULL},
        {-INFINITY, "EUR", FULL}, {NAN, "%", COMPACT},
        {INFINITY, "EUR", COMPACT}, {1e300, NULL, FULL},
        {-1e300, "EUR", COMPACT}, {1e60, "m\xc2\xb2", FULL},
    };
    const kf_locale locales[] = {FR, GB, US};
    char what[160];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        for (size_t l = 0; l < 3; l++) {
            kf_number n;
            kf_number_plan plan;

            snprintf(what, sizeof(what), "rejected[%zu] %s %g", i,
                     loc_name(locales[l]), cases[i].value);
            memset(&n, 0xAB, sizeof(n));
            bool ok = kf_format_number(locales[l], cases[i].value, -1,
                                       cases[i].unit, cases[i].display, &n);
            char label[256];
            snprintf(label, sizeof(label), "%s returns false", what);
            check_true(label, !ok);
            snprintf(label, sizeof(label), "%s leaves empty strings", what);
            check_true(label, number_is_empty(&n));
            if (!isfinite(cases[i].value)) {
                memset(&plan, 0xAB, sizeof(plan));
                ok = kf_number_plan_make(locales[l], cases[i].value, -1,
                                         cases[i].unit, cases[i].display,
                                         &plan);
                snprintf(label, sizeof(label), "%s plan refused", what);
                check_true(label, !ok && plan.prefix[0] == '\0' &&
                                      plan.suffix[0] == '\0');
            }
        }
    }

    /* A unit too long for the suffix is refused, not cut. */
    char unit[80];
    memset(unit, 'x', sizeof(unit) - 1);
    unit[sizeof(unit) - 1] = '\0';
    kf_number n;
    memset(&n, 0xAB, sizeof(n));
    check_true("overlong unit refused",
               !kf_format_number(FR, 1, -1, unit, FULL, &n) &&
                   number_is_empty(&n));
    /* ...while the 50 bytes keyfig.h promises fit even after "milliards". */
    unit[50] = '\0';
    check_true("50-byte unit fits",
               kf_format_number(FR, 3e9, -1, unit, COMPACT, &n) &&
                   strlen(n.suffix) == 2 + 9 + 2 + 50);
    check_true("NULL out refused", !kf_format_number(FR, 1, -1, NULL, FULL,
                                                     NULL));
}

static void
test_digits(void)
{
    char buf[64];

    kf_format_digits(FR, 1234567.5, 2, true, buf, sizeof(buf));
    check_str("digits fr grouped", buf, "1" NN "234" NN "567,50");
    kf_format_digits(GB, 1234567.5, 2, true, buf, sizeof(buf));
    check_str("digits en grouped", buf, "1,234,567.50");
    kf_format_digits(GB, 1234567, 0, false, buf, sizeof(buf));
    check_str("digits en ungrouped", buf, "1234567");
    kf_format_digits(FR, -0.001, 2, true, buf, sizeof(buf));
    check_str("digits no -0", buf, "0,00");
    kf_format_digits(FR, -2.5e6 / 1e6, 1, true, buf, sizeof(buf));
    check_str("digits negative", buf, MINUS "2,5");
    kf_format_digits(FR, NAN, 1, true, buf, sizeof(buf));
    check_str("digits NaN", buf, "");
    /* "1 600" is 7 bytes: a 7-byte buffer cannot hold it with the NUL. */
    kf_format_digits(FR, 1600, 0, true, buf, 7);
    check_str("digits too small", buf, "");
    kf_format_digits(FR, 1600, 0, true, buf, 8);
    check_str("digits just fits", buf, "1" NN "600");
}

static void
test_dates(void)
{
    static const struct {
        kf_locale locale;
        kf_date date;
        const char *want;
    } cases[] = {
        {FR, {2025, 1, 15}, "15 janvier 2025"},
        {FR, {2025, 1, 1}, "1er janvier 2025"},
        {FR, {2025, 2, 1}, "1er f\xc3\xa9vrier 2025"},
        {FR, {2025, 8, 3}, "3 ao\xc3\xbbt 2025"},
        {FR, {2025, 12, 31}, "31 d\xc3\xa9" "cembre 2025"},
        {FR, {2025, 1, 0}, "janvier 2025"},
        {FR, {2025, 0, 0}, "2025"},
        {FR, {0, 1, 15}, ""},
        {FR, {2025, 13, 5}, "2025"},
        {FR, {2025, 2, 40}, "f\xc3\xa9vrier 2025"},
        {GB, {2025, 1, 15}, "15 January 2025"},
        {GB, {2025, 1, 1}, "1 January 2025"},
        {GB, {2025, 1, 0}, "January 2025"},
        {GB, {2025, 0, 0}, "2025"},
        {US, {2025, 1, 15}, "January 15, 2025"},
        {US, {2025, 1, 0}, "January 2025"},
        {US, {2025, 0, 0}, "2025"},
        {US, {0, 0, 0}, ""},
    };
    char buf[64];
    char what[96];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(what, sizeof(what), "date[%zu] %s %d-%d-%d", i,
                 loc_name(cases[i].locale), cases[i].date.year,
                 cases[i].date.month, cases[i].date.day);
        memset(buf, 'x', sizeof(buf));
        kf_format_date(cases[i].locale, cases[i].date, buf, sizeof(buf));
        check_str(what, buf, cases[i].want);
    }

    /* Too small a buffer gives "", never a date cut inside a character. */
    kf_date d = {2025, 8, 3};
    kf_format_date(FR, d, buf, 10);
    check_str("date cut", buf, "");
    kf_format_date(FR, d, buf, strlen("3 ao\xc3\xbbt 2025") + 1);
    check_str("date just fits", buf, "3 ao\xc3\xbbt 2025");

    check_str("month fr 1", kf_month_name(FR, 1), "janvier");
    check_str("month en 12", kf_month_name(US, 12), "December");
    check_str("month 0", kf_month_name(GB, 0), "");
    check_str("month 13", kf_month_name(FR, 13), "");
}

static void
test_locales(void)
{
    static const struct {
        const char *tag;
        bool ok;
        kf_locale want;
    } cases[] = {
        {"fr-FR", true, FR}, {"fr_FR", true, FR}, {"fr", true, FR},
        {"FR-fr", true, FR}, {"en-GB", true, GB}, {"en_GB", true, GB},
        {"en-US", true, US}, {"en_US", true, US}, {"en", true, GB},
        {"de-DE", false, FR}, {"", false, FR},   {"fr-", false, FR},
        {"fr-FRX", false, FR}, {"f", false, FR}, {"en-CA", false, FR},
    };
    char what[96];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        kf_locale got = (kf_locale)99;

        snprintf(what, sizeof(what), "locale \"%s\"", cases[i].tag);
        bool ok = kf_locale_parse(cases[i].tag, &got);
        if (cases[i].ok)
            check_true(what, ok && got == cases[i].want);
        else
            check_true(what, !ok && got == (kf_locale)99);
    }
    check_true("locale NULL", !kf_locale_parse(NULL, NULL));

    const kf_locale all[] = {FR, GB, US};
    const char *tags[] = {"fr-FR", "en-GB", "en-US"};
    for (size_t i = 0; i < 3; i++) {
        kf_locale back;
        check_str("locale tag", kf_locale_tag(all[i]), tags[i]);
        check_true("locale tag round trip",
                   kf_locale_parse(kf_locale_tag(all[i]), &back) &&
                       back == all[i]);
    }
}

static void
test_plurals(void)
{
    check_true("fr 1 one", kf_plural_of(FR, "1") == KF_PLURAL_ONE);
    check_true("fr 1.5 one", kf_plural_of(FR, "1.5") == KF_PLURAL_ONE);
    check_true("fr 0.5 one", kf_plural_of(FR, "0.5") == KF_PLURAL_ONE);
    check_true("fr -1 one", kf_plural_of(FR, "-1") == KF_PLURAL_ONE);
    check_true("fr 2 other", kf_plural_of(FR, "2") == KF_PLURAL_OTHER);
    check_true("fr 10 other", kf_plural_of(FR, "10") == KF_PLURAL_OTHER);
    check_true("fr 11 other", kf_plural_of(FR, "11") == KF_PLURAL_OTHER);
    check_true("en 1 one", kf_plural_of(GB, "1") == KF_PLURAL_ONE);
    check_true("en 1.0 other", kf_plural_of(GB, "1.0") == KF_PLURAL_OTHER);
    check_true("en 0 other", kf_plural_of(US, "0") == KF_PLURAL_OTHER);
}

/* A metric's figure: its qualifier before it, a "+" with sign: always
 * where the minus would be, never on a figure that prints 0. */
static void
test_metrics(void)
{
    static const struct {
        kf_locale locale;
        double value;
        int decimals;
        const char *unit;
        kf_display display;
        kf_qualifier qualifier;
        kf_sign sign;
        const char *want;
    } cases[] = {
        {FR, 1600, -1, NULL, FULL, KF_QUALIFIER_MORE_THAN, KF_SIGN_AUTO,
         "plus de" NB "1" NN "600"},
        {FR, 1600, -1, NULL, FULL, KF_QUALIFIER_ABOUT, KF_SIGN_AUTO,
         "pr\xc3\xa8s de" NB "1" NN "600"},
        {FR, 1600, -1, NULL, FULL, KF_QUALIFIER_UP_TO, KF_SIGN_AUTO,
         "jusqu\xe2\x80\x99\xc3\xa0" NB "1" NN "600"},
        {FR, 1600, -1, NULL, FULL, KF_QUALIFIER_LESS_THAN, KF_SIGN_AUTO,
         "moins de" NB "1" NN "600"},
        {GB, 1600, -1, NULL, FULL, KF_QUALIFIER_MORE_THAN, KF_SIGN_AUTO,
         "more than" NB "1,600"},
        {GB, 1600, -1, NULL, FULL, KF_QUALIFIER_ABOUT, KF_SIGN_AUTO,
         "nearly" NB "1,600"},
        {US, 1600, -1, NULL, FULL, KF_QUALIFIER_UP_TO, KF_SIGN_AUTO,
         "up to" NB "1,600"},
        {US, 1600, -1, NULL, FULL, KF_QUALIFIER_LESS_THAN, KF_SIGN_AUTO,
         "less than" NB "1,600"},
        {FR, 3e7, -1, "EUR", COMPACT, KF_QUALIFIER_NONE, KF_SIGN_ALWAYS,
         "+30" NB "M" EURO},
        {GB, 3e7, -1, "EUR", COMPACT, KF_QUALIFIER_NONE, KF_SIGN_ALWAYS,
         "+" EURO "30M"},
        {FR, -3.5, -1, "%", FULL, KF_QUALIFIER_NONE, KF_SIGN_ALWAYS,
         MINUS "3,5" NN "%"},
        {GB, -3e7, -1, "EUR", COMPACT, KF_QUALIFIER_NONE, KF_SIGN_ALWAYS,
         MINUS EURO "30M"},
        {FR, 0, -1, NULL, FULL, KF_QUALIFIER_NONE, KF_SIGN_ALWAYS, "0"},
        {FR, 0.004, 1, NULL, FULL, KF_QUALIFIER_NONE, KF_SIGN_ALWAYS,
         "0,0"},
        {FR, 12, -1, "%", FULL, KF_QUALIFIER_NONE, KF_SIGN_AUTO,
         "12" NN "%"},
        {FR, 30, -1, "%", FULL, KF_QUALIFIER_MORE_THAN, KF_SIGN_ALWAYS,
         "plus de" NB "+30" NN "%"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        kf_metric m = {.value = cases[i].value,
                       .decimals = cases[i].decimals,
                       .unit = (char *)cases[i].unit,
                       .display = cases[i].display,
                       .qualifier = cases[i].qualifier,
                       .sign = cases[i].sign};
        kf_number n;
        char what[64];
        snprintf(what, sizeof(what), "metric case %zu", i);
        check_true(what, kf_format_metric(cases[i].locale, &m, &n));
        check_str(what, n.text, cases[i].want);
    }
    check_str("no qualifier words", kf_qualifier_words(FR, KF_QUALIFIER_NONE),
              "");
    check_str("qualifier out of range",
              kf_qualifier_words(FR, (kf_qualifier)99), "");
    check_true("no metric", !kf_format_metric(FR, NULL, &(kf_number){0}));
}

int
main(void)
{
    test_metrics();
    test_numbers();
    test_splits();
    test_plans();
    test_rejected();
    test_digits();
    test_dates();
    test_locales();
    test_plurals();
    return check_summary();
}
