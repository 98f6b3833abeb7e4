/*
 * change.c: a metric's change from its previous value, the one
 * definition the tile, the workbook and docs/format.md share.
 *
 * By default a change is the difference in the figure's own unit, which
 * is what a reader can check by subtracting the two figures ("1 250 vs
 * 1 180": "+70").  A percentage changes by points, not percent: 21,5 %
 * after 20,3 % is "+1,2 pt" (a relative "+5,9 %" would read as points
 * and mislead).  `trend: relative` asks for the ratio instead, which only
 * means something from a non-zero previous value of the same sign (from
 * -3 to +12 is not "+500 %"): the loader refuses the others, with
 * kf_change_relative_problem's words.
 */
#include "change.h"

#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static bool
is_percent(const char *unit)
{
    return unit && strcmp(unit, "%") == 0;
}

const char *
kf_change_relative_problem(const kf_metric *m)
{
    if (is_percent(m->unit))
        return "the change of a percentage is in points, not relative";
    if (m->previous == 0)
        return "a change from 0 has no ratio";
    if ((m->value < 0 && m->previous > 0) || (m->value > 0 && m->previous < 0))
        return "the value and its previous value have opposite signs";
    return NULL;
}

/* CLDR abbreviated month names, format context: fr "janv.", en "Jan"
 * (en-GB writes "Sept", en-US "Sep").  "déc." is in octal: a hex escape
 * would run on into the "c". */
static const char *const short_fr[12] = {
    "janv.", "f\xc3\xa9vr.", "mars", "avr.", "mai", "juin",
    "juil.", "ao\xc3\xbbt", "sept.", "oct.", "nov.", "d\303\251c."};
static const char *const short_en[12] = {"Jan", "Feb", "Mar", "Apr",
                                         "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"};

static int
days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

void
kf_format_date_short(kf_locale locale, kf_date date, char *buf, size_t size)
{
    if (!buf || size == 0)
        return;
    buf[0] = '\0';
    if (date.year == 0)
        return;
    int n;
    if (date.month < 1 || date.month > 12) {
        n = snprintf(buf, size, "%d", date.year);
    } else {
        const char *month = locale == KF_LOCALE_FR_FR
                                ? short_fr[date.month - 1]
                                : short_en[date.month - 1];
        if (locale == KF_LOCALE_EN_GB && date.month == 9)
            month = "Sept";
        bool day = date.day >= 1 &&
                   date.day < days_in_month(date.year, date.month);
        if (!day)
            n = snprintf(buf, size, "%s %d", month, date.year);
        else if (locale == KF_LOCALE_FR_FR)
            n = snprintf(buf, size, "%d%s %s %d", date.day,
                         date.day == 1 ? "er" : "", month, date.year);
        else if (locale == KF_LOCALE_EN_US)
            n = snprintf(buf, size, "%s %d, %d", month, date.day, date.year);
        else
            n = snprintf(buf, size, "%d %s %d", date.day, month, date.year);
    }
    if (n < 0 || (size_t)n >= size)
        buf[0] = '\0';
}

bool
kf_change_make(kf_locale locale, const kf_metric *m, kf_change *out)
{
    if (!out)
        return false;
    memset(out, 0, sizeof(*out));
    if (!m || !m->has_previous)
        return false;
    double delta = m->value - m->previous;
    out->points_word = "";
    out->display = m->display;
    if (m->trend == KF_TREND_RELATIVE) {
        if (kf_change_relative_problem(m))
            return false;
        out->kind = KF_CHANGE_RELATIVE;
        out->amount = delta / fabs(m->previous) * 100;
        out->decimals = fabs(out->amount) < 10 ? 1 : 0;
        out->unit = "%";
        out->display = KF_DISPLAY_FULL;
    } else if (is_percent(m->unit)) {
        out->kind = KF_CHANGE_POINTS;
        out->amount = delta;
        out->decimals = m->decimals;
        out->unit = NULL;
        out->display = KF_DISPLAY_FULL;
    } else {
        out->kind = KF_CHANGE_ABSOLUTE;
        out->amount = delta;
        out->decimals = m->decimals;
        out->unit = m->unit;
    }

    double size = fabs(out->amount);
    kf_number_plan plan;
    kf_number num;
    if (!kf_number_plan_make(locale, size, out->decimals, out->unit,
                             out->display, &plan) ||
        !kf_format_number(locale, size, out->decimals, out->unit,
                          out->display, &num)) {
        memset(out, 0, sizeof(*out));
        return false;
    }
    /* The direction of the digits shown: a change that rounds to 0 is
     * "0", with no arrow up or down. */
    double shown = round(size / plan.scale * pow(10, plan.decimals));
    out->direction = shown == 0 ? 0 : out->amount > 0 ? 1 : -1;
    /* U+2212, as the page prints a negative figure (format.h). */
    const char *sign = out->direction > 0   ? "+"
                       : out->direction < 0 ? KF_MINUS
                                            : "";
    if (out->kind == KF_CHANGE_POINTS) {
        char digits[64];
        snprintf(digits, sizeof(digits), "%.*f", plan.decimals, size);
        out->points_word =
            kf_plural_of(locale, digits) == KF_PLURAL_ONE ? "pt" : "pts";
        snprintf(out->text, sizeof(out->text), "%s%s" KF_NBSP "%s", sign,
                 num.text, out->points_word);
    } else {
        snprintf(out->text, sizeof(out->text), "%s%s", sign, num.text);
    }
    if (m->previous_as_of.year) {
        char date[64];
        kf_format_date_short(locale, m->previous_as_of, date, sizeof(date));
        if (date[0])
            snprintf(out->period, sizeof(out->period), "vs %s", date);
    }
    return true;
}
