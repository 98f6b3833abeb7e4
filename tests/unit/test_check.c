/*
 * test_check.c: provenance and freshness (src/check.c) beyond the golden
 * messages of tests/warn/: the rule that counts a figure's age, the
 * `stale` flags, the stale note in each language, and the marks on the
 * pages staying inside their boxes.
 */
#include "check.h"
#include "lay_out.h"
#include "check_int.h"
#include "keyfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A report dated `date` with max_age `age` and one metric as of `as_of`;
 * is the metric stale? */
static bool
stale_at(const char *date, const char *age, const char *as_of)
{
    char yaml[512];
    snprintf(yaml, sizeof(yaml),
             "format: 1\n"
             "report: { title: T, date: %s, max_age: %s }\n"
             "sources: [{ id: s, title: S }]\n"
             "metrics: [{ id: m, label: L, value: 1, source: s, as_of: %s }]\n",
             date, age, as_of);
    kf_diags *d = kf_diags_new();
    kf_report *r = kf_report_load_buffer("age.yaml", yaml, strlen(yaml), NULL, d);
    bool stale = r && r->metrics[0].stale;
    check(r != NULL, "%s, %s, %s loads", date, age, as_of);
    check(d->warnings == (size_t)stale, "%s, %s, %s: a warning iff stale", date,
          age, as_of);
    kf_report_free(r);
    kf_diags_free(d);
    return stale;
}

static void
test_age_rule(void)
{
    /* Whole months, the end of a month reaching the end of a shorter one:
     * 31 March 2023 + 18 months is 30 September 2024. */
    check(!stale_at("2024-09-30", "18m", "2023-03-31"), "18 months is not older than 18m");
    check(stale_at("2024-10-31", "18m", "2023-03-31"), "19 months is");
    check(!stale_at("2024-10-30", "18m", "2023-03-31"), "18 months and 30 days is not");
    /* A year counts from its last day, a month too. */
    check(!stale_at("2025-01-30", "1y", "2023"), "2023 holds to 31 December");
    check(!stale_at("2024-12-31", "12m", "2023"), "12 months to the day is not older");
    check(stale_at("2025-01-31", "12m", "2023"), "13 months is");
    check(!stale_at("2024-09-30", "18m", "2023-03"), "a month holds to its last day");
    check(stale_at("2024-10-31", "18m", "2023-03"), "and then ages");
    /* Days. */
    check(!stale_at("2025-04-10", "90d", "2025-01-10"), "90 days is not older than 90d");
    check(stale_at("2025-04-11", "90d", "2025-01-10"), "91 days is");
    /* After the report: never stale. */
    check(!stale_at("2025-01-15", "1m", "2025"), "the current year is not stale");
    check(!stale_at("2025-01", "1m", "2024-12-31"), "a report month counts from its end");
}

static void
test_dates_and_notes(void)
{
    static const char yaml[] =
        "format: 1\n"
        "report:\n"
        "  title: { fr: T, en: T }\n"
        "  languages: [fr, en]\n"
        "  date: 2025-01-15\n"
        "  max_age: 2y\n"
        "sources: [{ id: s, title: S, date: 2022-06 }]\n"
        "metrics:\n"
        "  - { id: a, label: L, value: 1, source: s }\n"
        "  - { id: b, label: L, value: 1, source: s, as_of: 2024 }\n"
        "series:\n"
        "  - { id: c, title: C, source: s, points: [{ label: x, value: 1 }] }\n"
        "  - { id: d, title: C, source: s, as_of: 2024-05, points: [{ label: x, value: 1 }] }\n";
    const char *langs[] = {"fr", "en"};
    const char *notes[] = {"\xe2\x80\xa0 chiffre de plus de 2 ans",
                           "\xe2\x80\xa0 figure older than 2 years"};
    for (size_t i = 0; i < 2; i++) {
        kf_diags *d = kf_diags_new();
        kf_load_options o = {.language = langs[i]};
        kf_report *r = kf_report_load_buffer("d.yaml", yaml, sizeof(yaml) - 1, &o, d);
        check(r != NULL, "%s edition loads", langs[i]);
        if (!r) {
            kf_diags_free(d);
            continue;
        }
        kf_date da = kf_figure_date(r, r->metrics[0].as_of, r->metrics[0].source);
        check(da.year == 2022 && da.month == 6 && da.day == 0,
              "as_of defaults to the source's date");
        check(r->metrics[0].as_of.year == 0, "the model keeps as_of unset");
        check(r->metrics[0].stale && !r->metrics[1].stale, "metric a is stale, b not");
        check(r->series[0].stale && !r->series[1].stale, "series c is stale, d not");
        check(r->series[1].as_of.year == 2024 && r->series[1].as_of.month == 5,
              "a series reads as_of");
        char note[160];
        kf_stale_note(r, note, sizeof(note));
        check(!strcmp(note, notes[i]), "the %s note: '%s'", langs[i], note);
        check(!kf_block_stale(r, &r->pages[0].blocks[0]),
              "without stale: mark nothing is marked");
        kf_report_free(r);
        kf_diags_free(d);
    }
    /* The --max-age option replaces report.max_age. */
    kf_diags *d = kf_diags_new();
    kf_load_options o = {.max_age = "5y"};
    kf_report *r = kf_report_load_buffer("d.yaml", yaml, sizeof(yaml) - 1, &o, d);
    check(r && r->max_age.months == 60 && !r->metrics[0].stale && d->warnings == 0,
          "--max-age 5y replaces max_age 2y");
    kf_report_free(r);
    o.max_age = "5 years";
    kf_diags_clear(d);
    r = kf_report_load_buffer("d.yaml", yaml, sizeof(yaml) - 1, &o, d);
    check(!r && d->errors == 1 && !strcmp(d->items[0].message, "invalid max_age '5 years'"),
          "a bad --max-age from a library caller is an error");
    kf_report_free(r);
    kf_diags_free(d);
}

static bool
inside(const kf_item *it, double x, double y, double w, double h)
{
    const double e = 0.01;
    return it->x >= x - e && it->y >= y - e && it->x + it->w <= x + w + e &&
           it->y + it->h <= y + h + e;
}

/* With stale: mark, labels and titles that fill their box to the last
 * pixel: the mark wraps with them, and every text stays in its block. */
static void
test_marks_stay_inside(void)
{
    static const char yaml[] =
        "format: 1\n"
        "report: { title: T, date: 2025-01-15, max_age: 18m, stale: mark }\n"
        "sources: [{ id: s, title: S, date: 2020 }]\n"
        "metrics:\n"
        "  - { id: a, label: laboratoires de recherche sp\xc3\xa9"
        "cialis\xc3\xa9s en intelligence artificielle, value: 42, source: s }\n"
        "  - { id: b, label: laboratoiresderecherchesp\xc3\xa9"
        "cialis\xc3\xa9sen, value: 42, source: s }\n"
        "  - { id: c, label: x, value: 42, source: s }\n"
        "  - { id: d, label: xxxxxxxxxxxxxxxxxxxxxxxxxxx, value: 42, source: s }\n"
        "  - { id: e, label: share, value: 42, unit: '%', source: s }\n"
        "series:\n"
        "  - { id: t, title: Temps de trajet depuis le campus avec la ligne 18 "
        "du Grand Paris Express jusqu'aux gares, source: s, points: [{ label: x, "
        "value: 1 }, { label: y, value: 2 }] }\n"
        "pages:\n"
        "  - title: P\n"
        "    blocks:\n"
        "      - kpis: [a, b, c, d]\n"
        "      - chart: { type: hbar, series: t }\n"
        "      - chart: { type: line, series: [t] }\n"
        "      - chart: { type: progress, metric: e, title: Progress }\n"
        "      - chart: { type: waffle, metric: e }\n";
    kf_diags *d = kf_diags_new();
    kf_report *r = kf_report_load_buffer("m.yaml", yaml, sizeof(yaml) - 1, NULL, d);
    kf_layout *l = r ? lay_out(r, d) : NULL;
    check(l != NULL, "a marked report lays out");
    size_t marked = 0, notes = 0, outside = 0;
    for (size_t p = 0; l && p < l->npages; p++) {
        const kf_layout_page *page = &l->pages[p];
        for (size_t i = 0; i < page->count; i++) {
            const kf_item *it = &page->items[i];
            if (it->kind != KF_ITEM_TEXT)
                continue;
            if (strstr(it->text, KF_STALE_MARK " "))
                notes++;
            else if (strstr(it->text, KF_STALE_MARK))
                marked++;
            bool in = inside(it, 0, 0, page->width, page->height);
            if (it->block >= 0) {
                in = false;
                for (size_t k = 0; k < page->nblocks && !in; k++)
                    in = page->blocks[k].block == it->block &&
                         inside(it, page->blocks[k].x, page->blocks[k].y,
                                page->blocks[k].w, page->blocks[k].h);
            }
            if (!in && outside++ < 3)
                printf("  '%s' at %.1f,%.1f %.1fx%.1f leaves its box\n",
                       it->text, it->x, it->y, it->w, it->h);
        }
    }
    /* Four tiles, the hbar, line and progress titles, and the label of
     * the waffle of one metric, which has no title to mark. */
    check(marked == 8, "eight marks (got %zu)", marked);
    check(notes >= 1, "the footer explains the mark");
    check(outside == 0, "every text stays in its box (%zu do not)", outside);
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(d);
}

int
main(void)
{
    kf_fonts_init(NULL);
    test_age_rule();
    test_dates_and_notes();
    test_marks_stay_inside();
    return check_summary();
}
