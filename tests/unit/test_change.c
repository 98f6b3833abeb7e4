/*
 * test_change.c: table-driven tests of the one definition of a change
 * (change.c), which the tile and the workbook's change column both print:
 * absolute by default, in points for a percentage, relative on request,
 * and the short "vs" date.
 */
#include "change.h"
#include "check.h"

#include <string.h>

#define NN "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE */
#define NB "\xc2\xa0"     /* U+00A0 NO-BREAK SPACE */
#define POUND "\xc2\xa3"
#define MINUS "\xe2\x88\x92" /* U+2212, as the page prints it */

typedef struct {
    const char *what;
    kf_locale locale;
    double value, previous;
    const char *unit;
    int decimals;
    kf_display display;
    kf_trend trend;
    kf_date as_of;
    bool ok;
    const char *text, *period;
    int direction;
    kf_change_kind kind;
} change_case;

static const change_case cases[] = {
    {"absolute by default, the docs' example", KF_LOCALE_FR_FR, 1250, 1180,
     NULL, -1, KF_DISPLAY_FULL, KF_TREND_ABSOLUTE, {2023, 12, 31}, true,
     "+70", "vs d\xc3\xa9" "c. 2023", 1, KF_CHANGE_ABSOLUTE},
    {"a percentage changes by points", KF_LOCALE_FR_FR, 21.5, 20.3, "%", 1,
     KF_DISPLAY_FULL, KF_TREND_ABSOLUTE, {2023, 0, 0}, true, "+1,2" NB "pt",
     "vs 2023", 1, KF_CHANGE_POINTS},
    {"points, plural in fr from 2", KF_LOCALE_FR_FR, 25, 20, "%", 0,
     KF_DISPLAY_FULL, KF_TREND_ABSOLUTE, {0, 0, 0}, true, "+5" NB "pts", "",
     1, KF_CHANGE_POINTS},
    {"points, en: one only for exactly 1", KF_LOCALE_EN_GB, 21, 20, "%", 0,
     KF_DISPLAY_FULL, KF_TREND_ABSOLUTE, {2023, 12, 0}, true, "+1" NB "pt",
     "vs Dec 2023", 1, KF_CHANGE_POINTS},
    {"relative on request", KF_LOCALE_FR_FR, 1250, 1180, NULL, -1,
     KF_DISPLAY_FULL, KF_TREND_RELATIVE, {2023, 0, 0}, true, "+5,9" NN "%",
     "vs 2023", 1, KF_CHANGE_RELATIVE},
    {"relative between negatives: a fall is a fall", KF_LOCALE_EN_GB, -12,
     -10, NULL, -1, KF_DISPLAY_FULL, KF_TREND_RELATIVE, {0, 0, 0}, true,
     MINUS "20%", "", -1, KF_CHANGE_RELATIVE},
    {"relative across a change of sign is refused", KF_LOCALE_FR_FR, -50, 12,
     NULL, -1, KF_DISPLAY_FULL, KF_TREND_RELATIVE, {0, 0, 0}, false, "", "",
     0, KF_CHANGE_ABSOLUTE},
    {"relative from 0 is refused", KF_LOCALE_FR_FR, 12, 0, NULL, -1,
     KF_DISPLAY_FULL, KF_TREND_RELATIVE, {0, 0, 0}, false, "", "", 0,
     KF_CHANGE_ABSOLUTE},
    {"absolute across a change of sign (was -517 %)", KF_LOCALE_FR_FR, -50,
     12, NULL, -1, KF_DISPLAY_FULL, KF_TREND_ABSOLUTE, {2023, 0, 0}, true,
     MINUS "62", "vs 2023", -1, KF_CHANGE_ABSOLUTE},
    {"absolute from 0 (it switched silently)", KF_LOCALE_FR_FR, 12, 0, NULL,
     -1, KF_DISPLAY_FULL, KF_TREND_ABSOLUTE, {0, 0, 0}, true, "+12", "", 1,
     KF_CHANGE_ABSOLUTE},
    {"a change that rounds to 0 has no direction", KF_LOCALE_FR_FR, 7.001, 7,
     NULL, 0, KF_DISPLAY_FULL, KF_TREND_ABSOLUTE, {0, 0, 0}, true, "0", "", 0,
     KF_CHANGE_ABSOLUTE},
    {"a compact currency in its own scale", KF_LOCALE_EN_GB, 1.2e9, 1e9,
     "GBP", -1, KF_DISPLAY_COMPACT, KF_TREND_ABSOLUTE, {0, 0, 0}, true,
     "+" POUND "200M", "", 1, KF_CHANGE_ABSOLUTE},
    {"grouped digits and a unit", KF_LOCALE_FR_FR, 3200, 1600, "m²", -1,
     KF_DISPLAY_FULL, KF_TREND_ABSOLUTE, {0, 0, 0}, true,
     "+1" NN "600" NB "m²", "", 1, KF_CHANGE_ABSOLUTE},
    {"en-US: month before day", KF_LOCALE_EN_US, 10, 12, NULL, -1,
     KF_DISPLAY_FULL, KF_TREND_ABSOLUTE, {2023, 9, 15}, true, MINUS "2",
     "vs Sep 15, 2023", -1, KF_CHANGE_ABSOLUTE},
};

static void
test_changes(void)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const change_case *t = &cases[i];
        kf_metric m = {.value = t->value, .unit = (char *)t->unit,
                       .decimals = t->decimals, .display = t->display,
                       .has_previous = true, .previous = t->previous,
                       .previous_as_of = t->as_of, .trend = t->trend};
        kf_change c;
        bool ok = kf_change_make(t->locale, &m, &c);
        check(ok == t->ok, "%s: made %d, want %d", t->what, ok, t->ok);
        if (!ok || !t->ok)
            continue;
        check(strcmp(c.text, t->text) == 0, "%s: text '%s', want '%s'",
              t->what, c.text, t->text);
        check(strcmp(c.period, t->period) == 0, "%s: period '%s', want '%s'",
              t->what, c.period, t->period);
        check(c.direction == t->direction, "%s: direction %d, want %d",
              t->what, c.direction, t->direction);
        check(c.kind == t->kind, "%s: kind %d, want %d", t->what, c.kind,
              t->kind);
    }
    kf_metric none = {.value = 3};
    kf_change c;
    check(!kf_change_make(KF_LOCALE_FR_FR, &none, &c),
          "no previous value: no change");
}

typedef struct {
    kf_locale locale;
    kf_date date;
    const char *want;
} date_case;

static const date_case dates[] = {
    {KF_LOCALE_FR_FR, {2023, 0, 0}, "2023"},
    {KF_LOCALE_FR_FR, {2023, 12, 0}, "d\xc3\xa9" "c. 2023"},
    {KF_LOCALE_FR_FR, {2023, 12, 31}, "d\xc3\xa9" "c. 2023"},
    {KF_LOCALE_FR_FR, {2024, 2, 29}, "f\xc3\xa9vr. 2024"},
    {KF_LOCALE_FR_FR, {2023, 2, 28}, "f\xc3\xa9vr. 2023"},
    {KF_LOCALE_FR_FR, {2024, 2, 28}, "28 f\xc3\xa9vr. 2024"},
    {KF_LOCALE_FR_FR, {2023, 6, 1}, "1er juin 2023"},
    {KF_LOCALE_FR_FR, {2023, 8, 0}, "ao\xc3\xbbt 2023"},
    {KF_LOCALE_EN_GB, {2023, 12, 31}, "Dec 2023"},
    {KF_LOCALE_EN_GB, {2023, 9, 0}, "Sept 2023"},
    {KF_LOCALE_EN_US, {2023, 9, 0}, "Sep 2023"},
    {KF_LOCALE_EN_GB, {2023, 3, 15}, "15 Mar 2023"},
    {KF_LOCALE_FR_FR, {0, 0, 0}, ""},
};

static void
test_dates(void)
{
    for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
        char buf[64];
        kf_format_date_short(dates[i].locale, dates[i].date, buf, sizeof(buf));
        check(strcmp(buf, dates[i].want) == 0, "%d-%d-%d: '%s', want '%s'",
              dates[i].date.year, dates[i].date.month, dates[i].date.day, buf,
              dates[i].want);
    }
}

int
main(void)
{
    test_changes();
    test_dates();
    return check_summary();
}
