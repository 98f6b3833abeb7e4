/*
 * check.c: provenance, freshness and consistency of the figures, checked
 * once a report has loaded without errors (kf_check_report, called by
 * load.c).  Everything found here is a warning: the report can still be
 * built, and `keyfig check --strict` is how a pipeline makes them fail.
 *
 * Dates are compared as day numbers of the proleptic Gregorian calendar;
 * a date given as a month or a year stands for the last day of it (see
 * period_end).
 */
#include "chart_kind.h"
#include "check_int.h"
#include "date.h"
#include "format.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
kf_age_parse(const char *text, kf_age *out)
{
    if (!text || text[0] < '0' || text[0] > '9')
        return false;
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (errno || n <= 0 || n > 100000 || end[0] == '\0' || end[1] != '\0')
        return false;
    kf_age age = {0, 0};
    switch (end[0]) {
    case 'd': age.days = (int)n; break;
    case 'm': age.months = (int)n; break;
    case 'y': age.months = (int)n * 12; break;
    default: return false;
    }
    *out = age;
    return true;
}

/* ------------------------------------------------------------------ */
/* Dates                                                               */
/* ------------------------------------------------------------------ */

/* A figure "as of 2023" or "as of March 2023" holds for the whole period,
 * so it counts from the period's last day: a figure is only called old
 * when even the latest day it can stand for is too far back. */
static kf_date
period_end(kf_date d)
{
    if (d.month == 0)
        return (kf_date){d.year, 12, 31};
    if (d.day == 0)
        return (kf_date){d.year, d.month, kf_days_in_month(d.year, d.month)};
    return d;
}

static kf_date
period_start(kf_date d)
{
    return (kf_date){d.year, d.month ? d.month : 1, d.day ? d.day : 1};
}

/* "2025", "2025-01", "2025-01-15": a date as the file writes it. */
static void
iso_date(kf_date d, char *buf, size_t size)
{
    if (d.month == 0)
        snprintf(buf, size, "%04d", d.year);
    else if (d.day == 0)
        snprintf(buf, size, "%04d-%02d", d.year, d.month);
    else
        snprintf(buf, size, "%04d-%02d-%02d", d.year, d.month, d.day);
}

/* Whole months from a to b (a <= b): 31 March to 30 April is one month,
 * the end of a month reaching the end of a shorter one. */
static int
months_between(kf_date a, kf_date b)
{
    int m = (b.year - a.year) * 12 + (b.month - a.month);
    if (b.day < a.day && b.day < kf_days_in_month(b.year, b.month))
        m--;
    return m;
}

/* SOURCE_DATE_EPOCH's day. */
static bool
epoch_date(kf_date *out)
{
    int64_t v;
    /* Beyond year 9999 a date means nothing to a reader. */
    if (!kf_env_epoch(&v) || v / 86400 > 2932896)
        return false;
    *out = kf_date_of_day(v / 86400);
    return true;
}

kf_date
kf_figure_date(const kf_report *report, kf_date as_of, int source)
{
    if (as_of.year > 0)
        return as_of;
    if (source >= 0 && (size_t)source < report->nsources)
        return report->sources[source].date;
    return (kf_date){0, 0, 0};
}

/* "18 months", "2 years", "90 days", "1 month": an age limit in words,
 * in English (messages) or French (the pages). */
static void
age_words(kf_age age, bool french, char *buf, size_t size)
{
    int n;
    const char *one, *many;
    if (age.days) {
        n = age.days;
        one = french ? "jour" : "day";
        many = french ? "jours" : "days";
    } else if (age.months % 12 == 0) {
        n = age.months / 12;
        one = french ? "an" : "year";
        many = french ? "ans" : "years";
    } else {
        n = age.months;
        one = "mois";
        many = "mois";
        if (!french) {
            one = "month";
            many = "months";
        }
    }
    snprintf(buf, size, "%d %s", n, n == 1 ? one : many);
}

void
kf_stale_note(const kf_report *report, char *buf, size_t size)
{
    if (size == 0)
        return;
    buf[0] = '\0';
    if (!report->max_age.months && !report->max_age.days)
        return;
    bool french = report->language ? strcmp(report->language, "fr") == 0
                                   : report->locale == KF_LOCALE_FR_FR;
    char age[64];
    age_words(report->max_age, french, age, sizeof(age));
    if (french && strncmp(age, "1 ", 2) == 0) /* "plus d'un an" */
        snprintf(buf, size, "%s chiffre de plus d\xe2\x80\x99un %s",
                 KF_STALE_MARK, age + 2);
    else
        snprintf(buf, size, "%s %s %s", KF_STALE_MARK,
                 french ? "chiffre de plus de" : "figure older than", age);
}

bool
kf_block_stale(const kf_report *report, const kf_block *block)
{
    if (!report->stale_mark)
        return false;
    if (block->kind == KF_BLOCK_KPIS) {
        for (size_t i = 0; i < block->nmetrics; i++)
            if (block->metrics[i] < report->nmetrics &&
                report->metrics[block->metrics[i]].stale)
                return true;
        return false;
    }
    if (block->kind != KF_BLOCK_CHART)
        return false;
    if (kf_chart_shows_metric(block))
        return (size_t)block->metric < report->nmetrics &&
               report->metrics[block->metric].stale;
    for (size_t i = 0; i < block->nseries; i++)
        if (block->series_list[i] < report->nseries &&
            report->series[block->series_list[i]].stale)
            return true;
    return false;
}

/* ------------------------------------------------------------------ */
/* The checker                                                         */
/* ------------------------------------------------------------------ */

typedef struct {
    kf_report *r;
    kf_diags *diags;
    /* What the report's date is for max_age: the report's, else
     * SOURCE_DATE_EPOCH's; `has_today` false when neither is set. */
    kf_date today;
    bool has_today;
    /* Per series: drawn by a chart block; used as a metric's sparkline
     * (NULL after a failed allocation: every series then counts as
     * charted, which only means more warnings, never fewer). */
    bool *charted;
    bool *sparkline;
} checker;

static void
warn(checker *c, kf_loc loc, const char *hint, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void
warn(checker *c, kf_loc loc, const char *hint, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    kf_diag_add(c->diags, KF_SEV_WARNING, loc.file ? loc.file : c->r->path,
                loc.line, loc.col, hint, "%s", msg);
}

/* Which series the pages chart and which metrics draw as sparklines. */
static void
find_uses(checker *c)
{
    const kf_report *r = c->r;
    c->charted = calloc(r->nseries ? r->nseries : 1, sizeof(bool));
    c->sparkline = calloc(r->nseries ? r->nseries : 1, sizeof(bool));
    if (!c->charted || !c->sparkline) {
        free(c->charted);
        free(c->sparkline);
        c->charted = c->sparkline = NULL;
        return;
    }
    for (size_t p = 0; p < r->npages; p++)
        for (size_t k = 0; k < r->pages[p].nblocks; k++) {
            const kf_block *b = &r->pages[p].blocks[k];
            if (b->kind != KF_BLOCK_CHART)
                continue;
            for (size_t i = 0; i < b->nseries; i++)
                if (b->series_list[i] < r->nseries)
                    c->charted[b->series_list[i]] = true;
        }
    for (size_t i = 0; i < r->nmetrics; i++) {
        int s = r->metrics[i].sparkline;
        if (s >= 0 && (size_t)s < r->nseries)
            c->sparkline[s] = true;
    }
}

/* A series drawn only as the sparkline of metrics that all have a source:
 * it is the history of those figures and their footnote covers it.  (With
 * the default pages every series also gets a chart of its own, which then
 * needs a source.) */
static bool
covered_by_metrics(const checker *c, size_t si)
{
    const kf_report *r = c->r;
    if (!c->charted || c->charted[si] || !c->sparkline[si])
        return false;
    for (size_t i = 0; i < r->nmetrics; i++)
        if (r->metrics[i].sparkline == (int)si && r->metrics[i].source < 0)
            return false;
    return true;
}

/* Point 2 of the issue: every figure names where it comes from. */
static void
check_source(checker *c, const char *kind, const char *id, int source,
             kf_loc loc)
{
    if (source >= 0)
        return;
    warn(c, loc,
         c->r->nsources ? "add 'source: ID' naming one of 'sources'"
                        : "add a 'sources' list, and 'source: ID' naming "
                          "one of them",
         "%s '%s' has no source", kind, id);
}

/* Point 3: a figure older than max_age at the report's date is stale. */
static void
check_age(checker *c, const char *kind, const char *id, kf_date as_of,
          int source, kf_loc loc, bool quiet_if_undated, bool *stale)
{
    const kf_report *r = c->r;
    kf_date when = kf_figure_date(r, as_of, source);
    if (when.year == 0) {
        if (!quiet_if_undated)
            warn(c, loc,
                 source >= 0 ? "add 'as_of: YYYY-MM', or a 'date' to its "
                               "source"
                             : "add 'as_of: YYYY-MM', or a source with a "
                               "'date'",
                 "%s '%s' has no date, so its age cannot be checked "
                 "against max_age",
                 kind, id);
        return;
    }
    kf_date end = period_end(when);
    if (kf_day_number(end) > kf_day_number(c->today))
        return; /* a figure of the current period, or a forecast */
    char limit[64], shown[64], age[64];
    bool old;
    if (r->max_age.days) {
        int64_t days = kf_day_number(c->today) - kf_day_number(end);
        old = days > r->max_age.days;
        snprintf(age, sizeof(age), "%lld day%s", (long long)days,
                 days == 1 ? "" : "s");
    } else {
        int months = months_between(end, c->today);
        old = months > r->max_age.months;
        snprintf(age, sizeof(age), "%d month%s", months,
                 months == 1 ? "" : "s");
    }
    if (!old)
        return;
    *stale = true;
    age_words(r->max_age, false, limit, sizeof(limit));
    kf_format_date(KF_LOCALE_EN_GB, when, shown, sizeof(shown));
    warn(c, loc,
         as_of.year > 0 ? "update the figure and its 'as_of' if a newer one "
                          "exists"
                        : "update the figure if a newer one exists, and give "
                          "it an 'as_of'",
         "%s '%s' is %s old at the report's date (as of %s%s; max_age is "
         "%s)",
         kind, id, age, shown, as_of.year > 0 ? "" : ", its source's date",
         limit);
}

/* ASCII lower case of a byte; other bytes as they are. */
static char
lower(char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

static bool
starts_with_ci(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (lower(*s) != *prefix)
            return false;
    return true;
}

/* A byte of a word: an ASCII letter, or any byte of a non-ASCII character
 * (so "part" is not found inside "départ"). */
static bool
word_byte(char ch)
{
    unsigned char u = (unsigned char)ch;
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

static bool
has_word_ci(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = s; *p; p++) {
        if (p > s && word_byte(p[-1]))
            continue;
        if (starts_with_ci(p, word) && !word_byte(p[n]))
            return true;
    }
    return false;
}

/* Does a label read as a share of a whole?  Labels are written to follow
 * their figure ("41 % des chercheurs", "41% of the researchers"), so a
 * label that opens like that, or one that says "share", "part"... is a
 * share.  "120 % d'augmentation", "120% more publications" are not. */
static bool
reads_as_share(const char *label)
{
    static const char *const openings[] = {
        "of the ", "of all ", "des ", "de la ", "de l'",
        "de l\xe2\x80\x99", "du "};
    static const char *const words[] = {
        "share", "shares", "proportion", "percentage", "fraction",
        "part",  "parts",  "pourcentage"};
    if (!label)
        return false;
    for (size_t i = 0; i < sizeof(openings) / sizeof(openings[0]); i++)
        if (starts_with_ci(label, openings[i]))
            return true;
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (has_word_ci(label, words[i]))
            return true;
    return false;
}

static bool
is_percent(const char *unit)
{
    return unit && strcmp(unit, "%") == 0;
}

/* "'%'", or "none": a unit for a message. */
static void
unit_shown(const char *unit, char *buf, size_t size)
{
    if (unit)
        snprintf(buf, size, "'%.60s'", unit);
    else
        snprintf(buf, size, "none");
}

/* A currency as keyfig knows it: its code (the unit to write), its sign,
 * and how a French and an English edition write 30 million of it. */
typedef struct {
    const char *code;
    const char *sign;
    const char *fr;
    const char *en;
} currency;

static const currency CURRENCIES[] = {
    {"EUR", "\xe2\x82\xac", "30 M\xe2\x82\xac", "\xe2\x82\xac" "30M"},
    {"USD", "$", "30 M$", "$30M"},
    {"GBP", "\xc2\xa3", "30 M\xc2\xa3", "\xc2\xa3" "30M"},
};

/* The currency `unit` names when it is written otherwise than by its
 * code: its sign ("€", "$", "£") or its code in other letters ("eur",
 * "Usd").  keyfig prints such a unit as a word after the number ("30
 * million €", "30,000,000 $" in English) and the workbook as text; the
 * code puts the sign where each edition writes money and gives the
 * workbook a currency format.  NULL for any other unit: "M€" and "k$"
 * are units of their own. */
static const currency *
currency_written_otherwise(const char *unit)
{
    if (!unit)
        return NULL;
    for (size_t i = 0; i < sizeof(CURRENCIES) / sizeof(CURRENCIES[0]); i++) {
        const char *code = CURRENCIES[i].code;
        if (strcmp(unit, CURRENCIES[i].sign) == 0 ||
            (strcmp(unit, code) != 0 && strlen(unit) == 3 &&
             lower(unit[0]) == lower(code[0]) &&
             lower(unit[1]) == lower(code[1]) &&
             lower(unit[2]) == lower(code[2])))
            return &CURRENCIES[i];
    }
    return NULL;
}

/* Warns about a figure (`kind` 'id') whose unit is a currency written
 * otherwise than by its code. */
static void
check_currency(checker *c, const char *kind, const char *id,
               const char *unit, kf_loc loc)
{
    const currency *cur = currency_written_otherwise(unit);
    if (!cur)
        return;
    char hint[200];
    snprintf(hint, sizeof(hint),
             "write unit: %s, and each edition puts %s where it writes money "
             "(\"%s\", \"%s\"), the workbook a currency format",
             cur->code, cur->sign, cur->fr, cur->en);
    warn(c, loc, hint,
         "%s '%s' has the unit '%s', printed after the number as a word, "
         "not as a currency ('30,000,000 %s' in English)",
         kind, id, unit, unit);
}

/* Whether `m` printed with `decimals` (-1: as keyfig chooses) stands
 * where its qualifier says the value is against it; *printed is the
 * figure printed. */
static bool
qualifier_holds(const kf_report *r, const kf_metric *m, int decimals,
                double *printed)
{
    kf_number_plan plan;
    if (!kf_number_plan_make(r->locale, m->value, decimals, m->unit,
                             m->display, &plan))
        return true;
    *printed = kf_number_printed(&plan, m->value);
    double slack = 1e-9 * fmax(1, fabs(m->value));
    return m->qualifier == KF_QUALIFIER_MORE_THAN
               ? *printed <= m->value + slack
               : *printed >= m->value - slack;
}

/* Words before a figure state where the value stands against the figure
 * printed: "plus de 2 millions" is false of 1 995 000, rounded up to
 * "2 millions" (compact, or `decimals`), and "moins de 30 M€" of
 * 30 400 000 €, rounded down.  `about` ("près de", "nearly") is a round
 * figure near the value either way and is not checked. */
static void
check_qualifier(checker *c, const kf_metric *m)
{
    static const char *const words[] = {"", "more than", "about", "up to",
                                        "less than"};
    if (m->qualifier != KF_QUALIFIER_MORE_THAN &&
        m->qualifier != KF_QUALIFIER_LESS_THAN &&
        m->qualifier != KF_QUALIFIER_UP_TO)
        return;
    double printed = m->value;
    if (qualifier_holds(c->r, m, m->decimals, &printed))
        return;
    char hint[200];
    int d = 0;
    double other;
    while (d <= KF_MAX_DECIMALS && !qualifier_holds(c->r, m, d, &other))
        d++;
    if (d <= KF_MAX_DECIMALS)
        snprintf(hint, sizeof(hint),
                 "give it 'decimals: %d', or write the value as the source "
                 "states it",
                 d);
    else
        snprintf(hint, sizeof(hint), "write the value as the source states it");
    warn(c, m->loc, hint,
         "metric '%s' is %.15g, printed rounded %s as %.15g: '%s %.15g' is "
         "not true of it",
         m->id, m->value,
         m->qualifier == KF_QUALIFIER_MORE_THAN ? "up" : "down", printed,
         words[m->qualifier], printed);
}

static void
check_metric(checker *c, kf_metric *m)
{
    const kf_report *r = c->r;
    check_source(c, "metric", m->id, m->source, m->loc);
    check_currency(c, "metric", m->id, m->unit, m->loc);
    check_qualifier(c, m);
    if (c->has_today)
        check_age(c, "metric", m->id, m->as_of, m->source, m->loc, false,
                  &m->stale);

    /* A `previous` value is the figure at an earlier date: one dated
     * after the figure itself is a slip.  Only a certain slip counts: the
     * start of previous_as_of's period after the end of the figure's. */
    kf_date when = kf_figure_date(r, m->as_of, m->source);
    if (m->has_previous && m->previous_as_of.year > 0 && when.year > 0 &&
        kf_day_number(period_start(m->previous_as_of)) >
            kf_day_number(period_end(when))) {
        char prev[40], cur[40]; /* room for any int, to please -Wformat-truncation */
        iso_date(m->previous_as_of, prev, sizeof(prev));
        iso_date(when, cur, sizeof(cur));
        warn(c, m->loc,
             "'previous' is the figure at an earlier date: check "
             "'previous_as_of' and 'as_of'",
             "metric '%s' has a 'previous' value dated after it "
             "(previous_as_of is %s, after %s %s)",
             m->id, prev, m->as_of.year > 0 ? "its as_of," : "its source's date,",
             cur);
    }

    if (is_percent(m->unit) && m->value > 100 && reads_as_share(m->label))
        warn(c, m->loc,
             "a share is at most 100 %: check the value, or reword the "
             "label if the figure is not a share (a growth, a ratio)",
             "metric '%s' is %g %% but its label reads as a share of a "
             "whole",
             m->id, m->value);

    /* A sparkline is the history of its metric: the same figure, so the
     * same unit.  (The series of one chart must already share theirs.) */
    if (m->sparkline >= 0 && (size_t)m->sparkline < r->nseries) {
        const kf_series *s = &r->series[m->sparkline];
        bool same = (!m->unit && !s->unit) ||
                    (m->unit && s->unit && strcmp(m->unit, s->unit) == 0);
        if (!same) {
            char mu[72], su[72];
            unit_shown(m->unit, mu, sizeof(mu));
            unit_shown(s->unit, su, sizeof(su));
            warn(c, m->loc,
                 "a sparkline shows the history of its metric: name a "
                 "series of the same figure, in the same unit",
                 "metric '%s' and its sparkline, series '%s', have "
                 "different units (%s and %s)",
                 m->id, s->id, mu, su);
        }
    }
}

static void
check_series(checker *c, size_t si)
{
    kf_series *s = &c->r->series[si];
    bool covered = covered_by_metrics(c, si);
    if (!covered)
        check_source(c, "series", s->id, s->source, s->loc);
    check_currency(c, "series", s->id, s->unit, s->loc);
    if (c->has_today)
        check_age(c, "series", s->id, s->as_of, s->source, s->loc, covered,
                  &s->stale);
    if (is_percent(s->unit) && reads_as_share(s->title))
        for (size_t i = 0; i < s->npoints; i++)
            if (s->points[i].value > 100) {
                /* The point's number, not its label: a label differs
                 * between editions, and the message must not. */
                warn(c, s->points[i].loc,
                     "a share is at most 100 %: check the value, or "
                     "reword the title if the series is not of shares",
                     "point %zu of series '%s' is %g %% but the series' "
                     "title reads as a share of a whole",
                     i + 1, s->id, s->points[i].value);
                break;
            }
}

/* The parts of a donut are shares of one whole: in percentages they add
 * up to at most 100.  (A waffle of percentages that adds up to more is
 * already an error of the loader; a donut still draws, as shares of its
 * total, so here it is a warning.)  A hair above 100 is the rounding of
 * the source, as the loader's rule for waffles. */
static void
check_donuts(checker *c)
{
    const kf_report *r = c->r;
    for (size_t p = 0; p < r->npages; p++)
        for (size_t k = 0; k < r->pages[p].nblocks; k++) {
            const kf_block *b = &r->pages[p].blocks[k];
            if (b->kind != KF_BLOCK_CHART || b->chart != KF_CHART_DONUT ||
                b->nseries == 0 || b->series >= r->nseries)
                continue;
            const kf_series *s = &r->series[b->series];
            if (!is_percent(s->unit))
                continue;
            double total = 0;
            for (size_t i = 0; i < s->npoints; i++)
                total += s->points[i].value;
            if (total > 100 + 1e-9)
                warn(c, b->loc,
                     "a donut shows parts of one whole: check the values, "
                     "or use a bar or hbar chart for separate shares",
                     "the donut chart in block %zu of page %zu shows series "
                     "'%s', whose percentages add up to %g, more than 100",
                     k + 1, p + 1, s->id, total);
        }
}

void
kf_check_report(kf_report *report, kf_diags *diags)
{
    if (!report || !diags)
        return;
    checker c = {.r = report, .diags = diags};
    bool limit = report->max_age.months || report->max_age.days;
    if (report->date.year > 0) {
        c.today = period_end(report->date);
        c.has_today = limit;
    } else if (limit && epoch_date(&c.today)) {
        c.has_today = true;
    } else if (limit) {
        warn(&c, (kf_loc){0},
             "add 'date: YYYY-MM-DD' to 'report', or set SOURCE_DATE_EPOCH",
             "max_age needs the report's date: no figure's age was checked");
    }
    find_uses(&c);
    for (size_t i = 0; i < report->nmetrics; i++)
        check_metric(&c, &report->metrics[i]);
    for (size_t i = 0; i < report->nseries; i++)
        check_series(&c, i);
    check_donuts(&c);
    free(c.charted);
    free(c.sparkline);
}
