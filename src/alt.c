/*
 * alt.c: the text alternative of every chart (the PDF's /Alt), written
 * from the chart's data in the edition's language and number formats, so
 * a screen reader says what a sighted reader sees: "Temps de trajet depuis
 * le campus avec la ligne 18 : Gare TGV de Massy 6 min, Aéroport d'Orly
 * 13 min, Paris intra-muros 25 min".
 *
 * The values are formatted exactly as the chart prints them (the same
 * kf_format_number calls as layout_chart.c), so what is heard and what is
 * seen never differ by a rounding.
 */
#include "alt.h"
#include "chart_kind.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A line chart of more points than this is read as its trend (first,
 * last, lowest, highest) rather than point by point. */
#define ALT_MAX_POINTS 12

/* The punctuation of a list in each language: French puts a no-break
 * space before a colon (as the pages do) and a narrow one before a
 * semicolon. */
static const char *
colon(kf_locale l)
{
    return l == KF_LOCALE_FR_FR ? "\xc2\xa0: " : ": ";
}

static const char *
semicolon(kf_locale l)
{
    return l == KF_LOCALE_FR_FR ? "\xe2\x80\xaf; " : "; ";
}

static bool
french(const kf_report *r)
{
    return r->locale == KF_LOCALE_FR_FR;
}

static const kf_series *
series_at(const kf_report *r, const kf_block *blk, size_t k)
{
    size_t i = blk->nseries ? blk->series_list[k] : blk->series;
    return i < r->nseries ? &r->series[i] : NULL;
}

/* The title the chart shows, else what it shows. */
static const char *
title_of(const kf_report *r, const kf_block *blk)
{
    if (blk->title)
        return blk->title;
    if (blk->metric >= 0 && (size_t)blk->metric < r->nmetrics)
        return NULL;
    const kf_series *s = series_at(r, blk, 0);
    return s ? s->title : NULL;
}

static void
put_value(FILE *f, const kf_report *r, const kf_series *s, double v)
{
    kf_number num;
    if (kf_format_number(r->locale, v, s->decimals, s->unit,
                         KF_DISPLAY_FULL, &num))
        fputs(num.text, f);
}

/* Opens the text with the chart's title and a colon; `*f` is the stream
 * to write to, `*buf` the text once it is closed (finish). */
static FILE *
start(const kf_report *r, const kf_block *blk, char **buf, size_t *size)
{
    FILE *f = open_memstream(buf, size);
    if (!f)
        return NULL;
    const char *title = title_of(r, blk);
    if (title && title[0])
        fprintf(f, "%s%s", title, colon(r->locale));
    return f;
}

static char *
finish(FILE *f, char **buf)
{
    if (fclose(f) != 0) {
        free(*buf);
        return NULL;
    }
    return *buf;
}

/* "Label value, Label value…" for one series' points. */
static void
put_points(FILE *f, const kf_report *r, const kf_series *s)
{
    for (size_t i = 0; i < s->npoints; i++) {
        fprintf(f, "%s%s ", i ? ", " : "", s->points[i].label);
        put_value(f, r, s, s->points[i].value);
    }
}

char *
kf_alt_bar(const kf_report *report, const kf_block *blk)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = start(report, blk, &buf, &size);
    if (!f)
        return NULL;
    const kf_series *s = series_at(report, blk, 0);
    if (s)
        put_points(f, report, s);
    return finish(f, &buf);
}

/* Each slice with its share, as the legend prints it, then the total. */
char *
kf_alt_donut(const kf_report *report, const kf_block *blk)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = start(report, blk, &buf, &size);
    if (!f)
        return NULL;
    const kf_series *s = series_at(report, blk, 0);
    if (s) {
        bool pct = s->unit && !strcmp(s->unit, "%");
        double total = 0;
        for (size_t i = 0; i < s->npoints; i++)
            total += fmax(0, s->points[i].value);
        for (size_t i = 0; i < s->npoints; i++) {
            double v = fmax(0, s->points[i].value);
            fprintf(f, "%s%s ", i ? ", " : "", s->points[i].label);
            put_value(f, report, s, v);
            kf_number p;
            if (!pct && total > 0 &&
                kf_format_number(report->locale, v / total * 100, 0, "%",
                                 KF_DISPLAY_FULL, &p))
                fprintf(f, " (%s)", p.text);
        }
        if (!pct && s->npoints > 1) {
            fprintf(f, "%stotal ", semicolon(report->locale));
            put_value(f, report, s, total);
        }
    }
    return finish(f, &buf);
}

/* A long series as its trend: from the first point to the last, and its
 * lowest and highest. */
static void
put_trend(FILE *f, const kf_report *r, const kf_series *s)
{
    size_t lo = 0, hi = 0, last = s->npoints - 1;
    for (size_t i = 0; i < s->npoints; i++) {
        if (s->points[i].value < s->points[lo].value)
            lo = i;
        if (s->points[i].value > s->points[hi].value)
            hi = i;
    }
    bool fr = french(r);
    fprintf(f, "%s ", fr ? "de" : "from");
    put_value(f, r, s, s->points[0].value);
    fprintf(f, " (%s) %s ", s->points[0].label, fr ? "\xc3\xa0" : "to");
    put_value(f, r, s, s->points[last].value);
    fprintf(f, " (%s), %s ", s->points[last].label, fr ? "minimum" : "lowest");
    put_value(f, r, s, s->points[lo].value);
    fprintf(f, " (%s), %s ", s->points[lo].label, fr ? "maximum" : "highest");
    put_value(f, r, s, s->points[hi].value);
    fprintf(f, " (%s)", s->points[hi].label);
}

/* One line per series: its points in order (or their trend when there
 * are many), each series introduced by its title when there are several. */
char *
kf_alt_line(const kf_report *report, const kf_block *blk)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = start(report, blk, &buf, &size);
    if (!f)
        return NULL;
    size_t ns = blk->nseries ? blk->nseries : 1;
    for (size_t k = 0; k < ns; k++) {
        const kf_series *s = series_at(report, blk, k);
        if (!s || s->npoints == 0)
            continue;
        if (k)
            fputs(semicolon(report->locale), f);
        if (ns > 1)
            fprintf(f, "%s%s", s->title, colon(report->locale));
        if (s->npoints > ALT_MAX_POINTS)
            put_trend(f, report, s);
        else
            put_points(f, report, s);
    }
    return finish(f, &buf);
}

/* Bar by bar: its label, then each part with its series' title. */
char *
kf_alt_stacked(const kf_report *report, const kf_block *blk)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = start(report, blk, &buf, &size);
    if (!f)
        return NULL;
    const kf_series *s0 = series_at(report, blk, 0);
    size_t ns = blk->nseries ? blk->nseries : 1;
    for (size_t i = 0; s0 && i < s0->npoints; i++) {
        if (i)
            fputs(semicolon(report->locale), f);
        fprintf(f, "%s (", s0->points[i].label);
        for (size_t k = 0; k < ns; k++) {
            const kf_series *s = series_at(report, blk, k);
            if (!s || i >= s->npoints)
                continue;
            fprintf(f, "%s%s ", k ? ", " : "", s->title);
            put_value(f, report, s, s->points[i].value);
        }
        fputc(')', f);
    }
    return finish(f, &buf);
}

/* A share of one metric reads like its tile: the figure, then what it
 * counts ("41 % des 200 stars de l'IA…"); a series, like a bar chart. */
char *
kf_alt_shares(const kf_report *report, const kf_block *blk)
{
    if (blk->metric < 0 || (size_t)blk->metric >= report->nmetrics)
        return kf_alt_bar(report, blk);
    char *buf = NULL;
    size_t size = 0;
    FILE *f = start(report, blk, &buf, &size);
    if (!f)
        return NULL;
    const kf_metric *m = &report->metrics[blk->metric];
    kf_number num;
    if (kf_format_metric(report->locale, m, &num))
        fprintf(f, "%s %s", num.text, m->label);
    return finish(f, &buf);
}

char *
kf_alt_chart(const kf_report *report, const kf_block *blk)
{
    if (blk->alt)
        return strdup(blk->alt);
    const kf_chart_kind *kind = kf_chart_kind_of(blk->chart);
    /* A kind drawn only by the layout (the appendix's tables), or one
     * without a text of its own, reads as its points. */
    kf_chart_alt_fn *fn = kind && kind->alt_text ? kind->alt_text : kf_alt_bar;
    return fn(report, blk);
}
