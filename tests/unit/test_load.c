/*
 * test_load.c: the report loader (format 1) from files and from memory.
 *
 * The example report is loaded as YAML (figures/paris-saclay.yaml) and
 * as JSON (tests/data/paris-saclay.json) and both models are checked and
 * compared.  In-memory cases cover the default layout, every limit, the
 * hostile inputs (aliases, billion laughs, depth bombs, invalid UTF-8)
 * and the value syntaxes, each asserting where the error is and what it
 * says.  Run from anywhere: files are found through KF_SOURCE_DIR.
 */
#include "check.h"
#include "keyfig.h"

#include <cairo.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


static void
print_diags(const kf_diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        printf("    %d:%d: %s%s%s\n", d->items[i].line, d->items[i].col,
               d->items[i].message, d->items[i].hint ? " | hint: " : "",
               d->items[i].hint ? d->items[i].hint : "");
}

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A growing string for generated reports. */
typedef struct {
    char *s;
    size_t len, cap;
} buf;

static void
put(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (b->len + (size_t)n + 1 > b->cap) {
        b->cap = (b->len + (size_t)n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        if (!b->s)
            abort();
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Loads `text` from memory under `name`; returns the report (or NULL)
 * and leaves the diagnostics in *diags (to be freed by the caller). */
static kf_report *
load(const char *name, const char *text, size_t len, kf_diags **diags)
{
    *diags = kf_diags_new();
    return kf_report_load_buffer(name, text, len, NULL, *diags);
}

/* Expects `text` to load without errors (a report with nothing to show
 * gets a warning, which many small cases here are); returns the report. */
static kf_report *
load_ok(const char *what, const char *name, const char *text)
{
    kf_diags *d;
    kf_report *r = load(name, text, strlen(text), &d);
    check(r && d->errors == 0, "%s: expected a clean load", what);
    if (!r || d->errors)
        print_diags(d);
    kf_diags_free(d);
    return r;
}

/* Expects loading to fail with an error at line:col (0: any) whose
 * message contains `msg` and, when `hint` is not NULL, whose hint
 * contains `hint`. */
static void
expect_error_in(const char *what, const char *name, const char *text,
                size_t len, int line, int col, const char *msg,
                const char *hint)
{
    kf_diags *d;
    kf_report *r = load(name, text, len, &d);
    check(r == NULL, "%s: expected the load to fail", what);
    bool found = false;
    for (size_t i = 0; i < d->count && !found; i++) {
        const kf_diag *g = &d->items[i];
        found = g->severity == KF_SEV_ERROR && strstr(g->message, msg) &&
                (line == 0 || g->line == line) &&
                (col == 0 || g->col == col) &&
                (!hint || (g->hint && strstr(g->hint, hint)));
    }
    check(found, "%s: expected error at %d:%d '%s'%s%s", what, line, col,
          msg, hint ? " hint '" : "", hint ? hint : "");
    if (!found)
        print_diags(d);
    kf_report_free(r);
    kf_diags_free(d);
}

static void
expect_error(const char *what, const char *text, int line, int col,
             const char *msg, const char *hint)
{
    expect_error_in(what, "mem.yaml", text, strlen(text), line, col, msg,
                    hint);
}

static void
expect_json_error(const char *what, const char *text, int line, int col,
                  const char *msg, const char *hint)
{
    expect_error_in(what, "mem.json", text, strlen(text), line, col, msg,
                    hint);
}

static char *
source_path(const char *rel)
{
    const char *dir = getenv("KF_SOURCE_DIR");
    if (!dir)
        dir = ".";
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, rel);
    return p;
}

/* ------------------------------------------------------------------ */

static bool
same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool
same_date(kf_date a, kf_date b)
{
    return a.year == b.year && a.month == b.month && a.day == b.day;
}

/* Compares two models, ignoring the path and the locations. */
static bool
same_model(const kf_report *a, const kf_report *b)
{
    if (a->format != b->format || !same_str(a->title, b->title) ||
        !same_str(a->subtitle, b->subtitle) ||
        !same_str(a->organisation, b->organisation) ||
        !same_date(a->date, b->date) || a->locale != b->locale ||
        a->paper != b->paper ||
        memcmp(&a->primary, &b->primary, sizeof(kf_color)) ||
        memcmp(&a->accent, &b->accent, sizeof(kf_color)) ||
        !same_str(a->font, b->font) || !same_str(a->logo, b->logo) ||
        a->cover != b->cover || a->appendix_data != b->appendix_data ||
        a->nsources != b->nsources || a->nmetrics != b->nmetrics ||
        a->nseries != b->nseries || a->npages != b->npages)
        return false;
    for (size_t i = 0; i < a->nsources; i++) {
        const kf_source *x = &a->sources[i], *y = &b->sources[i];
        if (!same_str(x->id, y->id) || !same_str(x->title, y->title) ||
            !same_str(x->publisher, y->publisher) ||
            !same_str(x->url, y->url) || !same_date(x->date, y->date))
            return false;
    }
    for (size_t i = 0; i < a->nmetrics; i++) {
        const kf_metric *x = &a->metrics[i], *y = &b->metrics[i];
        if (!same_str(x->id, y->id) || !same_str(x->label, y->label) ||
            x->value != y->value || !same_str(x->unit, y->unit) ||
            x->decimals != y->decimals || x->display != y->display ||
            x->source != y->source || !same_date(x->as_of, y->as_of) ||
            x->has_previous != y->has_previous ||
            (x->has_previous && x->previous != y->previous) ||
            !same_date(x->previous_as_of, y->previous_as_of) ||
            x->sparkline != y->sparkline)
            return false;
    }
    for (size_t i = 0; i < a->nseries; i++) {
        const kf_series *x = &a->series[i], *y = &b->series[i];
        if (!same_str(x->id, y->id) || !same_str(x->title, y->title) ||
            !same_str(x->unit, y->unit) || x->decimals != y->decimals ||
            x->source != y->source || x->npoints != y->npoints)
            return false;
        for (size_t k = 0; k < x->npoints; k++)
            if (!same_str(x->points[k].label, y->points[k].label) ||
                x->points[k].value != y->points[k].value)
                return false;
    }
    for (size_t i = 0; i < a->npages; i++) {
        const kf_page *x = &a->pages[i], *y = &b->pages[i];
        if (!same_str(x->title, y->title) || x->nblocks != y->nblocks)
            return false;
        for (size_t k = 0; k < x->nblocks; k++) {
            const kf_block *p = &x->blocks[k], *q = &y->blocks[k];
            if (p->kind != q->kind || p->nmetrics != q->nmetrics ||
                !same_str(p->text, q->text) || !same_str(p->title, q->title))
                return false;
            if (p->kind == KF_BLOCK_CHART &&
                (p->chart != q->chart || p->series != q->series ||
                 p->nseries != q->nseries || p->metric != q->metric))
                return false;
            for (size_t m = 0; m < p->nseries; m++)
                if (p->series_list[m] != q->series_list[m])
                    return false;
            for (size_t m = 0; m < p->nmetrics; m++)
                if (p->metrics[m] != q->metrics[m])
                    return false;
        }
    }
    return true;
}

static const kf_metric *
metric(const kf_report *r, const char *id)
{
    for (size_t i = 0; i < r->nmetrics; i++)
        if (strcmp(r->metrics[i].id, id) == 0)
            return &r->metrics[i];
    return NULL;
}

static void
check_example(const kf_report *r, const char *what)
{
    check(r->format == 1, "%s: format", what);
    check(same_str(r->title, "Paris-Saclay et l'IA"), "%s: title", what);
    check(same_str(r->subtitle,
                   "Un \xc3\xa9" "cosyst\xc3\xa8me d'open innovation unique "
                   "en Europe"),
          "%s: subtitle (UTF-8 kept)", what);
    check(same_str(r->organisation, "EPA Paris-Saclay"), "%s: organisation",
          what);
    check(same_date(r->date, (kf_date){2025, 1, 15}), "%s: date", what);
    check(r->locale == KF_LOCALE_FR_FR && r->paper == KF_PAPER_A4,
          "%s: locale and paper", what);
    check(r->primary.r == 0x12 && r->primary.g == 0x35 &&
              r->primary.b == 0x5B && r->accent.r == 0xD1 &&
              r->accent.g == 0x49 && r->accent.b == 0x5B,
          "%s: theme colours", what);
    check(same_str(r->font, "Inter") && r->logo == NULL, "%s: font, logo",
          what);
    check(r->nsources == 2 && r->nmetrics == 10 && r->nseries == 4 &&
              r->npages == 2,
          "%s: counts %zu %zu %zu %zu", what, r->nsources, r->nmetrics,
          r->nseries, r->npages);
    if (r->nsources != 2 || r->nmetrics != 10 || r->nseries != 4 ||
        r->npages != 2)
        return;
    check(same_str(r->sources[1].id, "iqvia") &&
              same_date(r->sources[1].date, (kf_date){2022, 9, 0}) &&
              same_str(r->sources[1].publisher, "IQVIA") &&
              r->sources[1].url == NULL,
          "%s: source iqvia", what);
    const kf_metric *m = metric(r, "jean-zay");
    check(m && m->value == 125.9 && m->decimals == 1 &&
              same_str(m->unit, "Pflop/s") && m->source == 0 &&
              m->display == KF_DISPLAY_FULL && !m->has_previous &&
              m->as_of.year == 0 && m->sparkline == -1,
          "%s: metric jean-zay", what);
    m = metric(r, "funds-raised");
    check(m && m->value == 30000000 && m->display == KF_DISPLAY_COMPACT &&
              same_str(m->unit, "EUR") && m->decimals == -1,
          "%s: metric funds-raised", what);
    m = metric(r, "research-share");
    check(m && same_str(m->unit, "%") && m->value == 21, "%s: percent",
          what);
    const kf_series *s = &r->series[0];
    check(same_str(s->id, "line-18") && s->npoints == 3 &&
              same_str(s->unit, "min") && s->source == 0 &&
              same_str(s->points[1].label, "A\xc3\xa9roport d'Orly") &&
              s->points[2].value == 25 && s->decimals == -1,
          "%s: series line-18", what);
    check(r->series[3].npoints == 5, "%s: series dataia points", what);
    const kf_page *p = &r->pages[0];
    check(same_str(p->title, "Chiffres cl\xc3\xa9s") && p->nblocks == 4,
          "%s: page 1", what);
    if (p->nblocks == 4) {
        const kf_block *b = &p->blocks[0];
        check(b->kind == KF_BLOCK_KPIS && b->nmetrics == 4 &&
                  b->metrics[0] == 0 && b->metrics[1] == 2 &&
                  b->metrics[2] == 6 && b->metrics[3] == 7,
              "%s: first KPI block resolves its ids", what);
        check(p->blocks[2].kind == KF_BLOCK_CHART &&
                  p->blocks[2].chart == KF_CHART_HBAR &&
                  p->blocks[2].series == 0 && p->blocks[2].nseries == 1 &&
                  p->blocks[2].series_list[0] == 0 &&
                  p->blocks[2].metric == -1,
              "%s: hbar chart", what);
        check(p->blocks[3].chart == KF_CHART_DONUT &&
                  p->blocks[3].series == 2,
              "%s: donut chart", what);
    }
    p = &r->pages[1];
    check(p->nblocks == 3 && p->blocks[2].kind == KF_BLOCK_KPIS &&
              p->blocks[2].nmetrics == 2 && p->blocks[2].metrics[0] == 1 &&
              p->blocks[2].metrics[1] == 9,
          "%s: page 2", what);
}

static void
test_example(void)
{
    char *ypath = source_path("figures/paris-saclay.yaml");
    char *jpath = source_path("tests/data/paris-saclay.json");
    kf_diags *dy = kf_diags_new(), *dj = kf_diags_new();
    kf_report *y = kf_report_load(ypath, NULL, dy);
    kf_report *j = kf_report_load(jpath, NULL, dj);
    check(y && dy->count == 0, "example YAML loads with no diagnostics");
    check(j && dj->count == 0, "example JSON loads with no diagnostics");
    if (dy->count)
        print_diags(dy);
    if (dj->count)
        print_diags(dj);
    if (y) {
        check_example(y, "yaml");
        check(same_str(y->path, ypath), "yaml: path kept");
        check(y->metrics[0].loc.line == 28 && y->metrics[0].loc.col == 5,
              "yaml: metric location %d:%d", y->metrics[0].loc.line,
              y->metrics[0].loc.col);
        check(kf_report_epoch(y) == 1736899200, "epoch from report date");
    }
    if (j)
        check_example(j, "json");
    if (y && j)
        check(same_model(y, j), "YAML and JSON give the same model");
    kf_report_free(y);
    kf_report_free(j);
    kf_diags_free(dy);
    kf_diags_free(dj);
    free(ypath);
    free(jpath);

    kf_diags *d = kf_diags_new();
    check(kf_report_load("/nonexistent/x.yaml", NULL, d) == NULL &&
              d->count == 1 && d->items[0].line == 0 &&
              strstr(d->items[0].message, "cannot read the file"),
          "a missing file is an error");
    kf_diags_free(d);
}

#define HEAD "format: 1\nreport:\n  title: T\n"

static void
test_defaults(void)
{
    kf_report *r = kf_report_new();
    check(r && r->locale == KF_LOCALE_FR_FR && r->paper == KF_PAPER_A4 &&
              same_str(r->font, "Inter") && r->primary.r == 0x12 &&
              r->accent.r == 0xD1 && r->npages == 0,
          "kf_report_new sets the defaults");
    kf_report_free(r);
    kf_report_free(NULL);

    r = load_ok("minimal", "mem.yaml",
                HEAD "metrics:\n"
                     "  - {id: a, label: A, value: 1}\n"
                     "  - {id: b, label: B, value: 2}\n"
                     "  - {id: c, label: C, value: 3}\n"
                     "  - {id: d, label: D, value: 4}\n"
                     "  - {id: e, label: E, value: 5}\n"
                     "  - {id: f, label: F, value: -6.5e-1}\n"
                     "series:\n"
                     "  - id: s1\n    title: S1\n    points: [{label: x, "
                     "value: 1}]\n"
                     "  - id: s2\n    title: S2\n    points: [{label: 2025, "
                     "value: 2}]\n");
    if (r) {
        check(r->npages == 1 && same_str(r->pages[0].title,
                                         "Chiffres cl\xc3\xa9s"),
              "default page title in fr");
        const kf_page *p = &r->pages[0];
        check(p->nblocks == 4, "default layout: 2 KPI blocks + 2 charts");
        if (p->nblocks == 4) {
            check(p->blocks[0].kind == KF_BLOCK_KPIS &&
                      p->blocks[0].nmetrics == 4 &&
                      p->blocks[0].metrics[3] == 3,
                  "default: first KPI block holds 4");
            check(p->blocks[1].nmetrics == 2 && p->blocks[1].metrics[0] == 4
                      && p->blocks[1].metrics[1] == 5,
                  "default: second KPI block holds the rest");
            check(p->blocks[2].kind == KF_BLOCK_CHART &&
                      p->blocks[2].chart == KF_CHART_BAR &&
                      p->blocks[2].series == 0 && p->blocks[3].series == 1 &&
                      p->blocks[3].nseries == 1 &&
                      p->blocks[3].series_list[0] == 1,
                  "default: one bar chart per series");
        }
        const kf_metric *m = &r->metrics[5];
        check(m->value == -0.65 && m->decimals == -1 && m->source == -1 &&
                  m->display == KF_DISPLAY_FULL && m->unit == NULL,
              "metric defaults");
        check(same_str(r->series[1].points[0].label, "2025"),
              "a number-looking plain scalar is a text where one is "
              "expected");
        check(r->date.year == 0 && kf_report_epoch(r) == 946684800,
              "epoch without a date");
    }
    kf_report_free(r);

    r = load_ok("en", "mem.yaml",
                "format: 1\nreport:\n  title: T\n  locale: en-US\n"
                "  organization: Org\n  date: 2025-03\n  paper: "
                "Letter-landscape\n  theme: {primary: '#abc'}\n");
    if (r) {
        check(same_str(r->pages[0].title, "Key figures") &&
                  r->pages[0].nblocks == 0,
              "default page title in en");
        check(same_str(r->organisation, "Org"), "'organization' alias");
        check(r->locale == KF_LOCALE_EN_US &&
                  r->paper == KF_PAPER_LETTER_LANDSCAPE,
              "locale and paper");
        check(r->primary.r == 0xAA && r->primary.g == 0xBB &&
                  r->primary.b == 0xCC && r->accent.r == 0xD1,
              "#RGB colour, accent default");
        check(kf_report_epoch(r) == 1740787200, "epoch: month only");
        setenv("SOURCE_DATE_EPOCH", "123", 1);
        check(kf_report_epoch(r) == 123, "SOURCE_DATE_EPOCH wins");
        setenv("SOURCE_DATE_EPOCH", "12a", 1);
        check(kf_report_epoch(r) == 1740787200,
              "invalid SOURCE_DATE_EPOCH ignored");
        setenv("SOURCE_DATE_EPOCH", "-5", 1);
        check(kf_report_epoch(r) == 1740787200,
              "negative SOURCE_DATE_EPOCH ignored");
        unsetenv("SOURCE_DATE_EPOCH");
    }
    kf_report_free(r);

    /* An empty report loads, with a warning. */
    kf_diags *d;
    r = load("mem.yaml", HEAD, strlen(HEAD), &d);
    check(r && d->errors == 0 && d->warnings == 1,
          "a report with nothing to show loads with a warning");
    kf_report_free(r);
    kf_diags_free(d);
}

static void
test_hostile(void)
{
    expect_error("alias", HEAD "metrics:\n  - &m {id: a, label: A, value: "
                              "1}\n  - *m\n",
                 6, 5, "YAML aliases are not supported", NULL);

    /* Billion laughs: nine levels of ten aliases each. */
    buf b = {0};
    put(&b, "format: 1\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, "
            "lol, lol]\n");
    for (int i = 1; i < 10; i++) {
        put(&b, "a%d: &a%d [", i, i);
        for (int k = 0; k < 10; k++)
            put(&b, "%s*a%d", k ? ", " : "", i - 1);
        put(&b, "]\n");
    }
    double t = now();
    expect_error("billion laughs", b.s, 3, 10,
                 "YAML aliases are not supported", NULL);
    check(now() - t < 1.0, "billion laughs fails fast");
    free(b.s);

    /* Depth bombs in both syntaxes. */
    b = (buf){0};
    for (int i = 0; i < 10000; i++)
        put(&b, "[");
    t = now();
    expect_error("YAML depth bomb", b.s, 1, 65, "nested too deeply", NULL);
    expect_json_error("JSON depth bomb", b.s, 1, 65, "nested too deeply",
                      NULL);
    check(now() - t < 1.0, "depth bombs fail fast");
    free(b.s);
    b = (buf){0};
    for (int i = 0; i < 100; i++)
        put(&b, "%*sa:\n", 2 * i, "");
    expect_error("YAML block nesting", b.s, 65, 129, "nested too deeply",
                 NULL);
    free(b.s);
    b = (buf){0};
    put(&b, "{\"format\": 1, \"report\": ");
    for (int i = 0; i < 63; i++)
        put(&b, "{\"a\": ");
    put(&b, "1");
    for (int i = 0; i < 63; i++)
        put(&b, "}");
    put(&b, "}");
    expect_json_error("JSON 64 levels is fine for the reader", b.s, 1, 26,
                      "unknown key 'a' in 'report'", NULL);
    free(b.s);

    /* Invalid UTF-8, located. */
    expect_error("YAML invalid UTF-8", HEAD "metrics:\n  - id: a\n    "
                                            "label: caf\xe9 noir\n",
                 6, 15, "not valid UTF-8 (byte 0xE9", "UTF-8");
    expect_error("YAML truncated UTF-8 at the end", HEAD "x: ab\xc3",
                 4, 6, "not valid UTF-8 (byte 0xC3", NULL);
    expect_json_error("JSON invalid UTF-8",
                      "{\"format\": 1,\n \"report\": {\"title\": "
                      "\"\xc3\x28\"}}",
                      2, 23, "not valid UTF-8 (byte 0xC3", NULL);
    expect_json_error("JSON overlong UTF-8", "{\"a\": \"\xc0\xaf\"}", 1, 8,
                      "not valid UTF-8", NULL);
    expect_json_error("JSON encoded surrogate",
                      "{\"a\": \"\xed\xa0\x80\"}", 1, 8, "not valid UTF-8",
                      NULL);

    /* Other YAML features keyfig refuses. */
    expect_error("two documents", HEAD "---\nformat: 1\n", 4, 1,
                 "more than one YAML document", NULL);
    expect_error("custom tag", HEAD "metrics: !!set {a}\n", 4, 10,
                 "unsupported YAML tag '!!set'", NULL);
    expect_error("local tag", HEAD "metrics:\n  - !metric {id: a}\n", 5, 5,
                 "unsupported YAML tag '!metric'", NULL);
    expect_error("complex key", HEAD "? [a]\n: b\n", 4, 3,
                 "a key must be text", NULL);
    expect_error("empty file", "# nothing\n", 0, 0, "the file is empty",
                 NULL);
    expect_json_error("empty JSON", "  \n", 0, 0, "the file is empty", NULL);
    expect_error("control character", HEAD "x: \"\x07\"\n", 4, 5,
                 "control character (U+0007)", NULL);
    expect_error("escaped control character",
                 HEAD "metrics:\n  - {id: a, label: \"a\\x01\", value: 1}\n",
                 5, 20, "'label' contains a control character (U+0001)",
                 NULL);
    expect_error("DEL", HEAD "metrics:\n  - {id: a, label: \"a\\x7f\", "
                              "value: 1}\n",
                 5, 20, "control character (U+007F)", NULL);
    expect_error("NUL escape", HEAD "metrics:\n  - {id: a, label: \"a\\0\", "
                                     "value: 1}\n",
                 5, 20, "control character (U+0000)", NULL);
    expect_error("tab in a label", HEAD "metrics:\n  - {id: a, label: "
                                         "\"a\\tb\", value: 1}\n",
                 5, 20, "'label' contains a tab", NULL);
    expect_error("newline in a title", HEAD "series:\n  - id: s\n    "
                                             "title: |\n      two\n      "
                                             "lines\n",
                 6, 12, "'title' must fit on one line", NULL);
    expect_error("line break in the subtitle",
                 HEAD "  subtitle: |\n    two\n    lines\n", 4, 13,
                 "'subtitle' must fit on one line", NULL);
    expect_error("C1 control character",
                 HEAD "  subtitle: \"a\\x85b\"\n", 4, 13,
                 "'subtitle' contains a control character (U+0085)", NULL);
    expect_error("C1 control character in a key", HEAD "  \"a\\x9fb\": x\n",
                 4, 3, "unknown key 'a\\u009Fb' in 'report'", NULL);
    kf_report *r = load_ok("folded text", "mem.yaml",
                           HEAD "  subtitle: >-\n    two\n    lines\n");
    check(r && same_str(r->subtitle, "two lines"), "'>-' folds a text");
    kf_report_free(r);
    r = load_ok("anchor alone", "mem.yaml", HEAD "  date: &d 2025-01-15\n");
    kf_report_free(r);
    r = load_ok("core tags", "mem.yaml",
                HEAD "metrics: !!seq\n  - !!map {id: a, label: !!str 2025, "
                     "value: !!float 1.5}\n");
    check(r && r->metrics[0].value == 1.5 &&
              same_str(r->metrics[0].label, "2025"),
          "core tags accepted");
    kf_report_free(r);
}

static void
test_limits(void)
{
    /* File size: refused before parsing. */
    size_t big = 16u * 1024u * 1024u + 1;
    char *data = malloc(big);
    memset(data, ' ', big);
    double t = now();
    expect_error_in("file size", "mem.yaml", data, big, 0, 0,
                    "the file is too large", NULL);
    check(now() - t < 0.5, "a too large buffer is refused at once");
    free(data);

    /* The same from a file: refused from its size, without reading. */
    char path[] = "/tmp/kf-test-load-big-XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0 && ftruncate(fd, (off_t)big) == 0) {
        kf_diags *d = kf_diags_new();
        t = now();
        kf_report *r = kf_report_load(path, NULL, d);
        check(!r && d->count == 1 && d->items[0].line == 0 &&
                  strstr(d->items[0].message,
                         "the file is too large (16777217 bytes; the limit "
                         "is 16 MiB, 16777216 bytes)"),
              "a too large file is refused");
        check(now() - t < 0.5, "a too large file is refused at once");
        if (d->count != 1)
            print_diags(d);
        kf_report_free(r);
        kf_diags_free(d);
    } else {
        check(false, "could not create %s", path);
    }
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }

    /* Text length: 64 KiB passes in a text block, one byte more does not
     * in any text; a text on one line (it may reach a workbook cell)
     * holds 32 767 characters, one more is an error at it. */
    for (int extra = 0; extra <= 1; extra++) {
        buf b = {0};
        put(&b, HEAD "metrics:\n  - { id: m, label: x, value: 1 }\n"
                     "pages:\n  - title: P\n    blocks:\n      - text: ");
        for (size_t i = 0; i < 64u * 1024u + (size_t)extra; i++)
            put(&b, "x");
        put(&b, "\n");
        if (extra) {
            expect_error("YAML text too long", b.s, 9, 15,
                         "this text is too long", NULL);
        } else {
            kf_report *r = load_ok("64 KiB text", "mem.yaml", b.s);
            kf_report_free(r);
        }
        free(b.s);
        b = (buf){0};
        put(&b, "{\"format\": 1, \"report\": {\"title\": \"T\"}, "
                "\"metrics\": [{\"id\": \"m\", \"label\": \"x\", \"value\": 1}], "
                "\"pages\": [{\"title\": \"P\", \"blocks\": [{\"text\": \"");
        for (size_t i = 0; i < 64u * 1024u + (size_t)extra; i++)
            put(&b, "x");
        put(&b, "\"}]}]}");
        if (extra) {
            expect_json_error("JSON text too long", b.s, 1, 138,
                              "this text is too long", NULL);
        } else {
            kf_report *r = load_ok("64 KiB JSON text", "mem.json", b.s);
            kf_report_free(r);
        }
        free(b.s);
        b = (buf){0};
        put(&b, HEAD "  subtitle: ");
        for (size_t i = 0; i < 32767u + (size_t)extra; i++)
            put(&b, "x");
        put(&b, "\n");
        if (extra) {
            expect_error("one-line text too long", b.s, 4, 13,
                         "'subtitle' is 32768 characters long",
                         "a spreadsheet cell holds at most 32 767");
        } else {
            kf_report *r = load_ok("32 767-character text", "mem.yaml", b.s);
            kf_report_free(r);
        }
        free(b.s);
    }

    /* 10 000 metrics pass, 10 001 do not. */
    for (int extra = 0; extra <= 1; extra++) {
        buf b = {0};
        put(&b, HEAD "metrics:\n");
        for (int i = 0; i < 10000 + extra; i++)
            put(&b, "  - {id: m%d, label: L, value: %d}\n", i, i);
        if (extra) {
            expect_error("too many metrics", b.s, 10005, 5,
                         "too many metrics (10001; the limit is 10000)",
                         NULL);
        } else {
            kf_report *r = load_ok("10000 metrics", "mem.yaml", b.s);
            check(r && r->nmetrics == 10000 &&
                      r->pages[0].nblocks == 2500,
                  "10000 metrics in 2500 default KPI blocks");
            kf_report_free(r);
        }
        free(b.s);
    }

    buf b = {0};
    put(&b, HEAD "series:\n");
    for (int i = 0; i < 1001; i++)
        put(&b, "  - {id: s%d, title: S, points: [{label: a, value: 1}]}\n",
            i);
    expect_error("too many series", b.s, 1005, 5,
                 "too many series (1001; the limit is 1000)", NULL);
    free(b.s);

    for (int extra = 0; extra <= 1; extra++) {
        b = (buf){0};
        put(&b, HEAD "series:\n  - id: s\n    title: S\n    points:\n");
        for (int i = 0; i < 1000 + extra; i++)
            put(&b, "      - {label: p%d, value: %d}\n", i, i);
        if (extra) {
            expect_error("too many points", b.s, 1008, 9,
                         "series 's' has too many points (1001; the limit "
                         "is 1000)",
                         NULL);
        } else {
            kf_report *r = load_ok("1000 points", "mem.yaml", b.s);
            kf_report_free(r);
        }
        free(b.s);
    }
    expect_error("no points", HEAD "series:\n  - {id: s, title: S, points: "
                                   "[]}\n",
                 5, 31, "series 's' has no points", NULL);

    b = (buf){0};
    put(&b, HEAD "metrics: [{id: m, label: L, value: 1}]\npages:\n");
    for (int i = 0; i < 51; i++)
        put(&b, "  - {title: P, blocks: [kpis: [m]]}\n");
    expect_error("too many pages", b.s, 56, 5,
                 "too many pages (51; the limit is 50)", NULL);
    free(b.s);

    /* 10 000 points in all the series is the limit: 10 series of 1000
     * load, an 11th of 2 points is an error at its first point. */
    b = (buf){0};
    put(&b, HEAD "series:\n");
    for (int i = 0; i < 10; i++) {
        put(&b, "  - id: s%d\n    title: S\n    points:\n", i);
        for (int j = 0; j < 1000; j++)
            put(&b, "      - {label: p, value: %d}\n", j);
    }
    {
        kf_diags *d;
        kf_report *r = load("mem.yaml", b.s, b.len, &d);
        check(r && r->nseries == 10, "10 000 points load");
        kf_report_free(r);
        kf_diags_free(d);
    }
    int line = 4 + 10 * 1003 + 3 + 1;
    put(&b, "  - id: s10\n    title: S\n    points:\n"
            "      - {label: p, value: 1}\n      - {label: q, value: 2}\n");
    expect_error("too many points together", b.s, line, 9,
                 "the series have too many points together (more than "
                 "10000, the limit, from this point of series 's10' on)",
                 "draw fewer points");
    free(b.s);

    /* A million keys and values in a file at most, in YAML and JSON:
     * [1, 1, ...] of a million and one is an error at the last one. */
    b = (buf){0};
    put(&b, HEAD "x: [");
    for (int i = 0; i < 1000000 - 5; i++)
        put(&b, "1,");
    put(&b, "1]\n");
    expect_error("a million values", b.s, 4, 5 + 2 * (1000000 - 9),
                 "the file holds more than 1 000 000 keys and values",
                 "a report holds at most 10 000 metrics");
    free(b.s);
    b = (buf){0};
    put(&b, "{\"format\": 1, \"report\": {\"title\": \"T\"}, \"x\": [");
    for (int i = 0; i < 1000000 - 5; i++)
        put(&b, "1,");
    put(&b, "1]}");
    expect_error_in("a million values (JSON)", "mem.json", b.s, b.len, 1,
                    0, "the file holds more than 1 000 000 keys and values",
                    NULL);
    free(b.s);

    b = (buf){0};
    put(&b, HEAD "metrics: [{id: m, label: L, value: 1}]\npages:\n"
                 "  - title: P\n    blocks:\n");
    for (int i = 0; i < 51; i++)
        put(&b, "      - kpis: [m]\n");
    expect_error("too many blocks", b.s, 58, 9,
                 "page 1 has too many blocks (51; the limit is 50)", NULL);
    free(b.s);

    expect_error("too many KPIs",
                 HEAD "metrics: [{id: m, label: L, value: 1}]\npages:\n"
                      "  - title: P\n    blocks:\n"
                      "      - kpis: [m, m, m, m, m, m, m, m, m]\n",
                 8, 15, "lists 9 metrics; a 'kpis' block shows at most 8",
                 "split");
    expect_error("no KPIs",
                 HEAD "pages:\n  - title: P\n    blocks:\n      - kpis: []\n",
                 7, 15, "block 1 of page 1 lists no metrics", NULL);
    expect_error("no blocks", HEAD "pages:\n  - title: P\n    blocks: []\n",
                 6, 13, "page 1 has no blocks", NULL);
    expect_error("no pages", HEAD "pages: []\n", 4, 8,
                 "'pages' lists no pages", NULL);
}

/* Each value syntax: a metric's value (number), decimals (integer),
 * as_of (date), and the theme's primary (colour). */
static void
test_values(void)
{
    static const struct {
        const char *text;
        double value;
    } numbers[] = {
        {"21", 21},      {"-3.5", -3.5}, {"1e3", 1000},  {"+4", 4},
        {".5", 0.5},     {"1.", 1},      {"0", 0},       {"0.25", 0.25},
        {"1E-2", 0.01},  {"-0", 0},      {"2.5e+2", 250},
    };
    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        char text[256];
        snprintf(text, sizeof(text),
                 HEAD "metrics:\n  - {id: a, label: A, value: %s}\n",
                 numbers[i].text);
        kf_report *r = load_ok(numbers[i].text, "mem.yaml", text);
        check(r && r->metrics[0].value == numbers[i].value,
              "number '%s' reads as %g", numbers[i].text, numbers[i].value);
        kf_report_free(r);
    }
    static const struct {
        const char *text;
        const char *hint;
    } bad_numbers[] = {
        {"1_000", "without separators"},
        {"0x10", "in decimal"},
        {".inf", "finite"},
        {"-.inf", "finite"},
        {".nan", "finite"},
        {"inf", "finite"},
        {"NaN", "finite"},
        {"1,5", "use a dot"},
        {"007", "leading zeros"},
        {"\"21\"", "remove the quotes"},
        {"'2.5'", "remove the quotes"},
        {"21%", "'unit'"},
        {"30M", "in full"},
        {"1e", NULL},
        {"--1", NULL},
        {"true", NULL},
        {"[1]", NULL},
        {"1 000", "without separators"},
    };
    for (size_t i = 0; i < sizeof(bad_numbers) / sizeof(bad_numbers[0]);
         i++) {
        char text[256], what[64];
        snprintf(text, sizeof(text),
                 HEAD "metrics:\n  - id: a\n    label: A\n    value: %s\n",
                 bad_numbers[i].text);
        snprintf(what, sizeof(what), "bad number %s", bad_numbers[i].text);
        expect_error(what, text, 7, 12, "'value' must be a number",
                     bad_numbers[i].hint);
    }
    expect_error("value out of range",
                 HEAD "metrics:\n  - {id: a, label: A, value: 1e999}\n", 5,
                 30, "'value' is too large", NULL);
    expect_error("JSON quoted number",
                 "{\"format\": 1, \"report\": {\"title\": \"T\"}, "
                 "\"metrics\": [{\"id\": \"a\", \"label\": \"A\", "
                 "\"value\": \"21\"}]}",
                 0, 0, "'value' must be a number", "remove the quotes");
    expect_json_error("JSON string wanted",
                      "{\"format\": 1, \"report\": {\"title\": 2025}}", 1,
                      35, "'title' must be a string", "double quotes");

    static const char *const good_decimals[] = {"0", "6", "3"};
    for (size_t i = 0; i < 3; i++) {
        char text[256];
        snprintf(text, sizeof(text),
                 HEAD "metrics:\n  - {id: a, label: A, value: 1, decimals: "
                      "%s}\n",
                 good_decimals[i]);
        kf_report *r = load_ok("decimals", "mem.yaml", text);
        check(r && r->metrics[0].decimals == atoi(good_decimals[i]),
              "decimals %s", good_decimals[i]);
        kf_report_free(r);
    }
    static const char *const bad_decimals[] = {"7", "-1", "1.5", "\"2\"",
                                               "two", "1e0"};
    for (size_t i = 0; i < 6; i++) {
        char text[256];
        snprintf(text, sizeof(text),
                 HEAD "metrics:\n  - {id: a, label: A, value: 1, decimals: "
                      "%s}\n",
                 bad_decimals[i]);
        expect_error(bad_decimals[i], text, 5, 43,
                     "'decimals' must be a whole number from 0 to 6", NULL);
    }

    static const struct {
        const char *text;
        kf_date date;
    } dates[] = {
        {"2024-02-29", {2024, 2, 29}}, {"2000-02-29", {2000, 2, 29}},
        {"2025-12", {2025, 12, 0}},    {"1999", {1999, 0, 0}},
        {"'2025-01-31'", {2025, 1, 31}},
    };
    for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
        char text[256];
        snprintf(text, sizeof(text),
                 HEAD "metrics:\n  - {id: a, label: A, value: 1, as_of: "
                      "%s}\n",
                 dates[i].text);
        kf_report *r = load_ok(dates[i].text, "mem.yaml", text);
        check(r && same_date(r->metrics[0].as_of, dates[i].date),
              "date %s", dates[i].text);
        kf_report_free(r);
    }
    static const struct {
        const char *text;
        const char *hint;
    } bad_dates[] = {
        {"2025-02-29", "February 2025 has 28 days"},
        {"1900-02-29", "February 1900 has 28 days"},
        {"2025-04-31", "April 2025 has 30 days"},
        {"2025-13-01", "months go from 01 to 12"},
        {"2025-00", "months go from 01 to 12"},
        {"2025-01-00", "days go from 01"},
        {"2025-1-5", "YYYY-MM-DD"},
        {"25-01-01", "YYYY-MM-DD"},
        {"0000-01-01", "four digits"},
        {"0999-01-01", "four digits"},
        {"2025-01-15T10:00:00Z", "YYYY-MM-DD"},
        {"2025/01/15", "YYYY-MM-DD"},
    };
    for (size_t i = 0; i < sizeof(bad_dates) / sizeof(bad_dates[0]); i++) {
        char text[256], msg[64];
        snprintf(text, sizeof(text),
                 HEAD "metrics:\n  - {id: a, label: A, value: 1, as_of: "
                      "%s}\n",
                 bad_dates[i].text);
        snprintf(msg, sizeof(msg), "invalid date '%s'", bad_dates[i].text);
        expect_error(bad_dates[i].text, text, 5, 40, msg, bad_dates[i].hint);
    }
    expect_error("report date needs a month", HEAD "  date: 2025\n", 4, 9,
                 "invalid date '2025'", "YYYY-MM-DD or YYYY-MM");

    expect_error("bad colour", HEAD "  theme: {primary: '#12G'}\n", 4, 20,
                 "invalid colour '#12G'", "use #RRGGBB");
    expect_error("named colour", HEAD "  theme: {accent: red}\n", 4, 19,
                 "invalid colour 'red'", "use #RRGGBB");
    expect_error("unquoted colour", HEAD "  theme:\n    primary: #12355B\n",
                 0, 0, "'primary' has no value", "in quotes");
    kf_report *r = load_ok("colour case", "mem.yaml",
                           HEAD "  theme: {primary: '#a1B2c3'}\n");
    check(r && r->primary.r == 0xA1 && r->primary.g == 0xB2 &&
              r->primary.b == 0xC3,
          "colour digits in any case");
    kf_report_free(r);

    static const char *const bad_ids[] = {"1abc", "a b", "-a", "\"\"", "a.b",
                                          "\"caf\xc3\xa9\""};
    for (size_t i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
        char text[256];
        snprintf(text, sizeof(text),
                 HEAD "metrics:\n  - {id: %s, label: A, value: 1}\n",
                 bad_ids[i]);
        expect_error(bad_ids[i], text, 5, 10, "invalid id", "starts with");
    }
    char text[512];
    snprintf(text, sizeof(text),
             HEAD "metrics:\n  - {id: a%s, label: A, value: 1}\n",
             "123456789012345678901234567890123456789012345678901234567890"
             "123");
    r = load_ok("64-character id", "mem.yaml", text);
    kf_report_free(r);
    snprintf(text, sizeof(text),
             HEAD "metrics:\n  - {id: a%s, label: A, value: 1}\n",
             "123456789012345678901234567890123456789012345678901234567890"
             "1234");
    expect_error("65-character id", text, 5, 10, "invalid id", NULL);

    expect_error("bad url", HEAD "sources: [{id: s, title: S, url: "
                                 "ftp://x}]\n",
                 4, 34, "invalid url 'ftp://x'", "https://");
    expect_error("empty label", HEAD "metrics: [{id: a, label: '', value: "
                                     "1}]\n",
                 4, 26, "'label' must not be empty", NULL);
    expect_error("empty optional text", HEAD "metrics: [{id: a, label: L, "
                                             "value: 1, unit: ''}]\n",
                 4, 45, "'unit' must not be empty", NULL);
    expect_error("null label", HEAD "metrics: [{id: a, label: , value: "
                                    "1}]\n",
                 4, 26, "'label' has no value", NULL);
    expect_error("list where text is expected",
                 HEAD "metrics: [{id: a, label: [x], value: 1}]\n", 4, 26,
                 "'label' must be text, not a list", NULL);
    expect_error("bad paper", HEAD "  paper: A5\n", 4, 10,
                 "invalid paper 'A5'", "use A4, A4-landscape");
    expect_error("paper in lower case", HEAD "  paper: a4\n", 4, 10,
                 "invalid paper 'a4'", "did you mean 'A4'?");
    expect_error("bad chart type",
                 HEAD "series: [{id: s, title: S, points: [{label: a, value: "
                      "1}]}]\n"
                      "pages: [{title: P, blocks: [chart: {type: radar, "
                      "series: s}]}]\n",
                 5, 43, "invalid chart type 'radar'",
                 "use bar, hbar, donut, line, stacked, waffle or progress");
    expect_error("a pie chart is told of the donut",
                 HEAD "series: [{id: s, title: S, points: [{label: a, value: "
                      "1}]}]\n"
                      "pages: [{title: P, blocks: [chart: {type: pie, "
                      "series: s}]}]\n",
                 5, 43, "invalid chart type 'pie'", "use donut");
    expect_error("bad locale", HEAD "  locale: de-DE\n", 4, 11,
                 "unsupported locale 'de-DE'", "fr-FR");
    expect_error("bad display", HEAD "metrics: [{id: a, label: A, value: 1, "
                                     "display: Compact}]\n",
                 4, 48, "invalid display 'Compact'", "did you mean 'compact'");
}

static void
test_schema(void)
{
    expect_error("unknown key with hint",
                 HEAD "metrics:\n  - id: research-share\n    label: L\n"
                      "    value: 1\n    unti: '%'\n",
                 8, 5, "unknown key 'unti' in metric 'research-share'",
                 "did you mean 'unit'?");
    expect_error("unknown key, case", HEAD "  Title: x\n", 4, 3,
                 "unknown key 'Title' in 'report'", "did you mean 'title'?");
    expect_error("unknown key, no hint", HEAD "  colour: x\n", 4, 3,
                 "unknown key 'colour' in 'report'",
                 "the keys of 'report' are title, subtitle");
    expect_error("unknown top-level key", HEAD "metric: []\n", 4, 1,
                 "unknown key 'metric' at the top level",
                 "did you mean 'metrics'?");
    expect_error("unknown source",
                 HEAD "sources: [{id: press-kit, title: P}]\n"
                      "metrics: [{id: x, label: L, value: 1, source: "
                      "press-kt}]\n",
                 5, 47, "metric 'x' refers to unknown source 'press-kt'",
                 "did you mean 'press-kit'?");
    expect_error("duplicate id",
                 HEAD "metrics:\n  - {id: ai-labs, label: L, value: 1}\n"
                      "  - {id: ai-labs, label: L, value: 2}\n",
                 6, 10, "duplicate metric id 'ai-labs' (first defined at "
                        "line 5)",
                 NULL);
    expect_error("duplicate key", HEAD "  title: again\n", 4, 3,
                 "duplicate key 'title' in 'report' (first at line 3)",
                 NULL);
    expect_json_error("JSON duplicate key",
                      "{\"format\": 1, \"report\": {\"title\": \"a\", "
                      "\"title\": \"b\"}}",
                      1, 40, "duplicate key 'title'", NULL);
    expect_error("missing key",
                 HEAD "metrics:\n  - id: x\n    value: 1\n", 5, 5,
                 "missing required key 'label' in metric 'x'", NULL);
    expect_error("missing title", "format: 1\nreport:\n  date: 2025-01\n", 3,
                 3, "missing required key 'title' in 'report'", NULL);
    expect_error("missing report", "format: 1\n", 1, 1,
                 "missing required key 'report' at the top level", NULL);
    expect_error("missing format", "report: {title: T}\n", 1, 1,
                 "missing required key 'format'", "format: 1");
    expect_error("format 2", "format: 2\nreport: {title: T}\n", 1, 9,
                 "format 2 is not supported by this keyfig (it reads "
                 "format 1)",
                 NULL);
    expect_error("format quoted", "format: '1'\nreport: {title: T}\n", 1, 9,
                 "'format' must be a whole number", "remove the quotes");
    expect_error("not a map", "- a\n", 1, 1,
                 "the file must hold a map of keys", NULL);
    expect_error("unknown metric in kpis",
                 HEAD "metrics: [{id: research-share, label: L, value: 1}]\n"
                      "pages: [{title: P, blocks: [kpis: [reserch-share]]}]\n",
                 5, 36, "block 1 of page 1 refers to unknown metric "
                        "'reserch-share'",
                 "did you mean 'research-share'?");
    expect_error("unknown series in chart",
                 HEAD "series: [{id: s, title: S, points: [{label: a, value: "
                      "1}]}]\n"
                      "pages: [{title: P, blocks: [chart: {type: bar, "
                      "series: t}]}]\n",
                 5, 56, "the chart in block 1 of page 1 refers to unknown "
                        "series 't'",
                 "the series ids are s");
    expect_error("chart without type",
                 HEAD "series: [{id: s, title: S, points: [{label: a, value: "
                      "1}]}]\n"
                      "pages: [{title: P, blocks: [chart: {series: s}]}]\n",
                 5, 36, "missing required key 'type' in the chart in block "
                        "1 of page 1",
                 NULL);
    expect_error("two keys in a block",
                 HEAD "metrics: [{id: m, label: L, value: 1}]\n"
                      "series: [{id: s, title: S, points: [{label: a, value: "
                      "1}]}]\n"
                      "pages:\n  - title: P\n    blocks:\n"
                      "      - kpis: [m]\n        chart: {type: bar, series: "
                      "s}\n",
                 10, 9, "block 1 of page 1 has more than one key ('kpis' "
                        "and 'chart')",
                 NULL);
    expect_error("unknown block type",
                 HEAD "pages: [{title: P, blocks: [{kpi: [m]}]}]\n", 4, 30,
                 "unknown block type 'kpi' in page 1",
                 "did you mean 'kpis'?");
    expect_error("donut with a negative value",
                 HEAD "series: [{id: s, title: S, points: [{label: a, value: "
                      "3}, {label: b, value: -1}]}]\n"
                      "pages: [{title: P, blocks: [chart: {type: donut, "
                      "series: s}]}]\n",
                 5, 58, "the donut chart in block 1 of page 1 cannot show "
                        "series 's': it has a negative value (-1 for 'b')",
                 "use a bar or hbar chart");
    expect_error("donut adding up to zero",
                 HEAD "series: [{id: s, title: S, points: [{label: a, value: "
                      "0}]}]\n"
                      "pages: [{title: P, blocks: [chart: {type: donut, "
                      "series: s}]}]\n",
                 5, 58, "its values add up to 0", NULL);
    expect_error("organisation twice",
                 HEAD "  organisation: A\n  organization: B\n", 5, 3,
                 "'organisation' and 'organization' are the same key", NULL);

    /* Every problem of a file, in line order. */
    const char *many = HEAD "metrics:\n"
                            "  - {id: a, label: A, value: x}\n"
                            "  - {id: b, label: B, value: 1, unti: u}\n"
                            "  - {id: c, label: C, value: '3'}\n"
                            "  - {id: a, label: D, value: 4}\n";
    kf_diags *d;
    kf_report *r = load("mem.yaml", many, strlen(many), &d);
    check(r == NULL && d->errors == 4, "all four problems reported (%zu)",
          d->errors);
    bool ordered = true;
    for (size_t i = 1; i < d->count; i++)
        if (d->items[i].line < d->items[i - 1].line)
            ordered = false;
    check(ordered, "diagnostics in line order");
    kf_report_free(r);
    kf_diags_free(d);

    /* JSON syntax. */
    expect_json_error("trailing comma", "{\"format\": 1,\n \"report\": "
                                        "{\"title\": \"x\",}}",
                      2, 25, "trailing comma", "remove the comma");
    expect_json_error("trailing comma in a list", "{\"a\": [1, 2,]}", 1, 12,
                      "trailing comma before ']'", NULL);
    expect_json_error("comment", "{\"format\": 1 // one\n}", 1, 14,
                      "JSON does not allow comments", NULL);
    expect_json_error("single quotes", "{'format': 1}", 1, 2,
                      "double quotes", NULL);
    expect_json_error("bare key", "{format: 1}", 1, 2,
                      "a key must be in double quotes", NULL);
    expect_json_error("lone high surrogate", "{\"a\": \"\\ud83d x\"}", 1, 8,
                      "lone surrogate", NULL);
    expect_json_error("lone low surrogate", "{\"a\": \"\\ude00\"}", 1, 8,
                      "lone surrogate", NULL);
    expect_json_error("NUL escape", "{\"a\": \"\\u0000\"}", 1, 8,
                      "\\u0000", NULL);
    expect_json_error("bad escape", "{\"a\": \"\\x41\"}", 1, 8,
                      "invalid escape '\\x'", NULL);
    expect_json_error("raw newline in a string", "{\"a\": \"x\ny\"}", 1, 9,
                      "line break inside a string", NULL);
    expect_json_error("unclosed string", "{\"a\": \"xy", 1, 7,
                      "not closed", NULL);
    expect_json_error("NaN", "{\"a\": NaN}", 1, 7, "invalid value 'NaN'",
                      "NaN");
    expect_json_error("leading zero", "{\"a\": 012}", 1, 7,
                      "invalid number '012'", NULL);
    expect_json_error("plus sign", "{\"a\": +1}", 1, 7, "invalid number",
                      NULL);
    expect_json_error("hex", "{\"a\": 0x1F}", 1, 7, "invalid number '0x1F'",
                      "decimal");
    expect_json_error("missing colon", "{\"a\" 1}", 1, 6,
                      "expected ':' after the key", NULL);
    expect_json_error("missing comma", "{\"a\": 1 \"b\": 2}", 1, 9,
                      "expected ',' or '}'", NULL);
    expect_json_error("cut short", "{\"a\": [1, 2", 1, 12,
                      "found the end of the file", NULL);
    expect_json_error("text after", "{} {}", 1, 4,
                      "unexpected text after the end", NULL);
    expect_json_error("not an object", "[1]", 1, 1,
                      "the file must hold a map of keys, not a list", NULL);
    expect_json_error("column counts characters",
                      "{\"\xc3\xa9\xc3\xa9\": 1, \"format\": 2}", 1, 21,
                      "format 2 is not supported", NULL);
    r = load_ok("surrogate pair", "mem.json",
                "{\"format\": 1, \"report\": {\"title\": "
                "\"a\\ud83d\\ude00\\u00e9\\/\"}}");
    check(r && same_str(r->title, "a\xf0\x9f\x98\x80\xc3\xa9/"),
          "surrogate pair decodes to U+1F600");
    kf_report_free(r);
    r = load_ok("JSON year as a number", "mem.json",
                "{\"format\": 1, \"report\": {\"title\": \"T\"}, "
                "\"sources\": [{\"id\": \"s\", \"title\": \"S\", "
                "\"date\": 2024}]}");
    check(r && r->sources[0].date.year == 2024 && r->sources[0].date.month == 0,
          "JSON year as a number");
    kf_report_free(r);
    expect_json_error("JSON date as a number",
                      "{\"format\": 1, \"report\": {\"title\": \"T\", "
                      "\"date\": 2024}}",
                      1, 48, "'date' must be a string", NULL);
    expect_json_error("escaped newline in a title",
                      "{\"format\": 1, \"report\": {\"title\": \"a\\nb\"}}",
                      1, 35, "'title' must fit on one line", NULL);
    r = load_ok("BOM", "mem.json", "\xef\xbb\xbf{\"format\": 1, \"report\": "
                                   "{\"title\": \"T\"}}");
    kf_report_free(r);
}

/* ------------------------------------------------------------------ */
/* The keys of issue 3: cover, appendix, previous_as_of, sparkline, text
 * blocks, the new chart types, $schema. */

/* A report whose metrics and series the chart cases below refer to; its
 * page's blocks start at line 19. */
#define CHARTS                                                            \
    HEAD "metrics:\n"                                                     \
         "  - {id: pct, label: L, value: 41, unit: '%'}\n"                \
         "  - {id: big, label: L, value: 140, unit: '%'}\n"               \
         "  - {id: eur, label: L, value: 3, unit: EUR}\n"                 \
         "series:\n"                                                      \
         "  - {id: a, title: A, unit: '%', points: [{label: x, value: "   \
         "10}, {label: y, value: 20}]}\n"                                 \
         "  - {id: b, title: B, unit: '%', points: [{label: x, value: "   \
         "30}, {label: y, value: 40}]}\n"                                 \
         "  - {id: c, title: C, unit: '%', points: [{label: x, value: "   \
         "1}, {label: z, value: 2}]}\n"                                   \
         "  - {id: d, title: D, unit: '%', points: [{label: x, value: "   \
         "1}]}\n"                                                         \
         "  - {id: e, title: E, unit: EUR, points: [{label: x, value: "   \
         "5}, {label: y, value: -6}]}\n"                                  \
         "  - {id: f, title: F, unit: '%', points: [{label: x, value: "   \
         "60}, {label: y, value: 70}]}\n"                                 \
         "  - {id: g, title: G, points: [{label: x, value: 0}]}\n"        \
         "pages:\n  - title: P\n    blocks:\n"

/* Expects CHARTS + `block` (one line at line 19) to fail with `msg`. */
static void
expect_chart_error(const char *what, const char *block, int col,
                   const char *msg, const char *hint)
{
    char text[4096];
    snprintf(text, sizeof(text), "%s      - %s\n", CHARTS, block);
    expect_error(what, text, 19, col, msg, hint);
}

static const kf_block *
chart_ok(const char *what, const char *block, kf_report **keep)
{
    char text[4096];
    snprintf(text, sizeof(text), "%s      - %s\n", CHARTS, block);
    *keep = load_ok(what, "mem.yaml", text);
    return *keep && (*keep)->npages == 1 && (*keep)->pages[0].nblocks == 1
               ? &(*keep)->pages[0].blocks[0]
               : NULL;
}

static void
test_briefing_keys(void)
{
    /* Defaults: every old file keeps its meaning. */
    kf_report *r = load_ok("defaults", "mem.yaml",
                           HEAD "metrics: [{id: a, label: A, value: 1}]\n");
    check(r && !r->cover && !r->appendix_data &&
              r->metrics[0].sparkline == -1 &&
              r->metrics[0].previous_as_of.year == 0,
          "cover, appendix, previous_as_of, sparkline default off");
    kf_report_free(r);

    r = load_ok("report keys", "mem.yaml",
                "$schema: ../docs/report.schema.json\n"
                "format: 1\nreport:\n  title: T\n  cover: true\n"
                "  appendix: data\n");
    check(r && r->cover && r->appendix_data, "cover: true, appendix: data");
    kf_report_free(r);
    r = load_ok("report keys off", "mem.yaml",
                HEAD "  cover: False\n  appendix: none\n");
    check(r && !r->cover && !r->appendix_data,
          "cover: False, appendix: none");
    kf_report_free(r);
    r = load_ok("JSON $schema", "mem.json",
                "{\"$schema\": \"../docs/report.schema.json\", \"format\": "
                "1, \"report\": {\"title\": \"T\", \"cover\": true}}");
    check(r && r->cover, "JSON: $schema ignored, cover true");
    kf_report_free(r);

    expect_error("cover yes", HEAD "  cover: yes\n", 4, 10,
                 "'cover' must be true or false, not 'yes'",
                 "write true or false");
    expect_error("cover quoted", HEAD "  cover: 'true'\n", 4, 10,
                 "'cover' must be true or false", "remove the quotes");
    expect_json_error("JSON cover as a string",
                      "{\"format\": 1, \"report\": {\"title\": \"T\", "
                      "\"cover\": \"true\"}}",
                      1, 49, "'cover' must be true or false",
                      "remove the quotes");
    expect_error("cover empty", HEAD "  cover:\n", 4, 9,
                 "'cover' has no value", NULL);
    expect_error("appendix", HEAD "  appendix: tables\n", 4, 13,
                 "invalid appendix 'tables'", "use none or data");
    expect_error("$schema a map", "$schema: {a: 1}\n" HEAD, 1, 10,
                 "'$schema' must be text, not a map", NULL);
    expect_error("unknown top-level key hint leaves $schema out",
                 HEAD "colours: 1\n", 4, 1, "unknown key 'colours'",
                 "series and pages");

    /* previous_as_of and as_of. */
    r = load_ok("previous_as_of", "mem.yaml",
                HEAD "metrics:\n"
                     "  - {id: a, label: A, value: 12, previous: 10, "
                     "previous_as_of: 2023, as_of: 2024}\n"
                     "  - {id: b, label: B, value: 12, previous: 10, "
                     "previous_as_of: 2023-06}\n");
    check(r && r->metrics[0].previous_as_of.year == 2023 &&
              r->metrics[0].previous_as_of.month == 0 &&
              r->metrics[0].as_of.year == 2024 &&
              r->metrics[0].as_of.month == 0 &&
              r->metrics[1].previous_as_of.month == 6,
          "previous_as_of and as_of as a year or a month");
    kf_report_free(r);
    expect_error("previous_as_of without previous",
                 HEAD "metrics:\n  - id: a\n    label: A\n    value: 1\n"
                      "    previous_as_of: 2023\n",
                 8, 5, "metric 'a' has 'previous_as_of' but no 'previous'",
                 "add 'previous'");
    expect_error("previous_as_of invalid",
                 HEAD "metrics: [{id: a, label: A, value: 1, previous: 2, "
                      "previous_as_of: 2023-13}]\n",
                 4, 68, "invalid date '2023-13'", "months go from 01 to 12");

    /* sparkline, resolved after the series that follow the metrics. */
    r = load_ok("sparkline", "mem.yaml",
                HEAD "metrics: [{id: m, label: M, value: 3, sparkline: t}]\n"
                     "series:\n"
                     "  - {id: s, title: S, points: [{label: a, value: 1}]}\n"
                     "  - {id: t, title: T, points: [{label: a, value: 1}, "
                     "{label: b, value: 3}]}\n");
    check(r && r->metrics[0].sparkline == 1, "sparkline resolves to index 1");
    kf_report_free(r);
    expect_error("sparkline of one point",
                 HEAD "metrics: [{id: m, label: M, value: 3, sparkline: s}]\n"
                      "series: [{id: s, title: S, points: [{label: a, value: "
                      "1}]}]\n",
                 4, 50, "metric 'm' cannot show a sparkline of series 's': "
                        "it has only 1 point",
                 "at least 2 points");
    expect_error("sparkline of an unknown series",
                 HEAD "metrics: [{id: m, label: M, value: 3, sparkline: "
                      "tt}]\n"
                      "series: [{id: t, title: T, points: [{label: a, value: "
                      "1}, {label: b, value: 2}]}]\n",
                 4, 50, "metric 'm' refers to unknown series 'tt'",
                 "the series ids are t");
    expect_error("sparkline without series",
                 HEAD "metrics: [{id: m, label: M, value: 3, sparkline: "
                      "t}]\n",
                 4, 50, "metric 'm' refers to unknown series 't'",
                 "the file defines no series");

    /* Text blocks. */
    r = load_ok("text blocks", "mem.yaml",
                HEAD "pages:\n  - title: P\n    blocks:\n"
                     "      - text: |\n"
                     "          First *paragraph*,\n"
                     "          two lines.\n"
                     "\n"
                     "          Second **one**.\n"
                     "      - text: >\n"
                     "          folded\n"
                     "          text\n"
                     "      - text: one line\n");
    if (r && r->pages[0].nblocks == 3) {
        const kf_block *b = r->pages[0].blocks;
        check(b[0].kind == KF_BLOCK_TEXT &&
                  same_str(b[0].text, "First *paragraph*,\ntwo lines.\n\n"
                                      "Second **one**.\n"),
              "a literal block keeps its line breaks");
        check(same_str(b[1].text, "folded text\n") &&
                  same_str(b[2].text, "one line") && b[2].metric == -1,
              "folded and plain texts");
    } else {
        check(false, "text blocks: three blocks");
    }
    kf_report_free(r);
    r = load_ok("JSON text block", "mem.json",
                "{\"format\": 1, \"report\": {\"title\": \"T\"}, \"pages\": "
                "[{\"title\": \"P\", \"blocks\": [{\"text\": \"a\\n\\nb\"}]}]}");
    check(r && same_str(r->pages[0].blocks[0].text, "a\n\nb"),
          "JSON text block with \\n");
    kf_report_free(r);
    expect_error("blank text", HEAD "pages: [{title: P, blocks: [{text: ' "
                                    "'}]}]\n",
                 4, 36, "the text of block 1 of page 1 is blank", NULL);
    expect_error("empty text", HEAD "pages: [{title: P, blocks: [{text: "
                                    "''}]}]\n",
                 4, 36, "'text' must not be empty", NULL);
    expect_error("tab in a text block",
                 HEAD "pages: [{title: P, blocks: [{text: \"a\\tb\"}]}]\n",
                 4, 36, "'text' contains a tab", "replace the tab");
    expect_error("control character in a text block",
                 HEAD "pages: [{title: P, blocks: [{text: \"a\\rb\"}]}]\n",
                 4, 36, "'text' contains a control character (U+000D)",
                 NULL);
    expect_error("text block as a list",
                 HEAD "pages: [{title: P, blocks: [{text: [a]}]}]\n", 4, 36,
                 "'text' must be text, not a list", NULL);
    expect_json_error("JSON text block as a number",
                      "{\"format\": 1, \"report\": {\"title\": \"T\"}, "
                      "\"pages\": [{\"title\": \"P\", \"blocks\": "
                      "[{\"text\": 12}]}]}",
                      1, 86, "'text' must be a string", NULL);
    expect_error("line breaks only in text blocks",
                 HEAD "metrics:\n  - id: a\n    label: |\n      A\n      B\n"
                      "    value: 1\n",
                 6, 12, "'label' must fit on one line", NULL);
    expect_error("unknown block type suggests text",
                 HEAD "pages: [{title: P, blocks: [{txt: a}]}]\n", 4, 30,
                 "unknown block type 'txt' in page 1",
                 "did you mean 'text'?");
    expect_error("empty block lists the four kinds",
                 HEAD "pages: [{title: P, blocks: [{}]}]\n", 4, 29,
                 "block 1 of page 1 is empty",
                 "'text: ...' or 'row: [blocks side by side]'");

    /* Charts that load, and the model they give. */
    kf_report *keep;
    const kf_block *b = chart_ok("line of one series",
                                 "chart: {type: line, series: a}", &keep);
    check(b && b->chart == KF_CHART_LINE && b->nseries == 1 &&
              b->series == 0 && b->series_list[0] == 0 && b->metric == -1 &&
              b->title == NULL,
          "line of one id");
    kf_report_free(keep);
    b = chart_ok("line of a list",
                 "chart: {type: line, series: [b, a], title: Both}", &keep);
    check(b && b->nseries == 2 && b->series == 1 && b->series_list[0] == 1 &&
              b->series_list[1] == 0 && same_str(b->title, "Both"),
          "line of two series, with a title");
    kf_report_free(keep);
    b = chart_ok("stacked", "chart: {type: stacked, series: [a, b, f]}",
                 &keep);
    check(b && b->chart == KF_CHART_STACKED && b->nseries == 3 &&
              b->series_list[2] == 5,
          "stacked of three series");
    kf_report_free(keep);
    b = chart_ok("waffle of a metric",
                 "chart: {type: waffle, metric: pct, title: Stars}", &keep);
    check(b && b->chart == KF_CHART_WAFFLE && b->metric == 0 &&
              b->nseries == 0 && same_str(b->title, "Stars"),
          "waffle of a metric: metric set, no series");
    kf_report_free(keep);
    b = chart_ok("waffle of a series", "chart: {type: waffle, series: b}",
                 &keep);
    check(b && b->metric == -1 && b->nseries == 1 && b->series == 1,
          "waffle of a percentage series adding up to 70");
    kf_report_free(keep);
    b = chart_ok("progress of a series",
                 "chart: {type: progress, series: f}", &keep);
    check(b && b->chart == KF_CHART_PROGRESS && b->series == 5,
          "progress of a series");
    kf_report_free(keep);
    b = chart_ok("progress of a metric",
                 "chart: {type: progress, metric: pct}", &keep);
    check(b && b->metric == 0 && b->nseries == 0, "progress of a metric");
    kf_report_free(keep);
    b = chart_ok("bar with a title",
                 "chart: {type: bar, series: e, title: Balance}", &keep);
    check(b && b->chart == KF_CHART_BAR && same_str(b->title, "Balance"),
          "bar with a title");
    kf_report_free(keep);

    kf_diags *d;
    char text[4096];
    snprintf(text, sizeof(text), "%s      - %s\n", CHARTS,
             "chart: {type: line, series: [a, b]}");
    r = load("mem.yaml", text, strlen(text), &d);
    /* The figures of CHARTS have no source: each has that warning too
     * (check.c), before line 19. */
    const kf_diag *at19 = NULL;
    size_t n19 = 0;
    for (size_t i = 0; d && i < d->count; i++)
        if (d->items[i].line == 19) {
            at19 = &d->items[i];
            n19++;
        }
    check(r && d->errors == 0 && n19 == 1 &&
              at19->severity == KF_SEV_WARNING &&
              strstr(at19->message,
                     "the line chart in block 1 of page 1 shows 2 series "
                     "but has no 'title': it is titled 'A', the first "
                     "series' title"),
          "a chart of several series without a title: a warning");
    kf_report_free(r);
    kf_diags_free(d);

    /* Charts that do not. */
    expect_chart_error("bar of a list", "chart: {type: bar, series: [a, b]}",
                       36, "the bar chart in block 1 of page 1 shows one "
                           "series: 'series' must be one id, not a list",
                       "use type: line or stacked");
    expect_chart_error("metric on a bar",
                       "chart: {type: bar, series: a, metric: pct}", 39,
                       "the bar chart in block 1 of page 1 cannot show a "
                       "metric: 'metric' is for waffle and progress charts",
                       "'kpis' block");
    expect_chart_error("line of seven",
                       "chart: {type: line, series: [a, a, a, a, a, a, a]}",
                       56, "lists 7 series; a line chart shows at most 6",
                       "split it into two charts");
    expect_chart_error("stacked of nine",
                       "chart: {type: stacked, series: [a, a, a, a, a, a, a, "
                       "a, a]}",
                       65, "lists 9 series; a stacked chart shows at most 8",
                       NULL);
    expect_chart_error("empty list", "chart: {type: line, series: []}", 37,
                       "the chart in block 1 of page 1 lists no series",
                       "list 1 to 6");
    expect_chart_error("series twice", "chart: {type: line, series: [a, a]}",
                       41, "lists series 'a' twice", "remove one of them");
    expect_chart_error("line labels differ",
                       "chart: {type: line, series: [a, c]}", 41,
                       "the line chart in block 1 of page 1 shows series "
                       "'a' and 'c', whose points differ: point 2 is 'y' in "
                       "'a' but 'z' in 'c'",
                       "same order");
    expect_chart_error("line counts differ",
                       "chart: {type: line, series: [a, d]}", 41,
                       "whose points differ: 'a' has 2 points but 'd' has 1",
                       NULL);
    expect_chart_error("line units differ",
                       "chart: {type: line, series: [a, e]}", 41,
                       "shows series 'a' and 'e', whose units differ ('%' "
                       "and 'EUR')",
                       "the same unit");
    expect_chart_error("stacked of one id",
                       "chart: {type: stacked, series: a}", 40,
                       "the stacked chart in block 1 of page 1 stacks a "
                       "list of series: 'series' must be a list of ids",
                       "series: [first, second]");
    expect_chart_error("stacked negative",
                       "chart: {type: stacked, series: [e]}", 41,
                       "the stacked chart in block 1 of page 1 cannot "
                       "show series 'e': it has a negative value (-6 for "
                       "'y')",
                       "line chart");
    expect_chart_error("waffle with both",
                       "chart: {type: waffle, metric: pct, series: a}", 31,
                       "the waffle chart in block 1 of page 1 has both "
                       "'metric' and 'series'",
                       "keep one");
    expect_chart_error("waffle with neither", "chart: {type: waffle}", 16,
                       "the waffle chart in block 1 of page 1 needs "
                       "'metric' or 'series'",
                       "add metric: ID");
    expect_chart_error("waffle of a metric in EUR",
                       "chart: {type: waffle, metric: eur}", 39,
                       "the waffle chart in block 1 of page 1 cannot show "
                       "metric 'eur': its unit is 'EUR', not '%'",
                       "unit: \"%\"");
    expect_chart_error("progress of a metric over 100",
                       "chart: {type: progress, metric: big}", 41,
                       "cannot show metric 'big': its value is 140, not from "
                       "0 to 100",
                       NULL);
    expect_chart_error("waffle of a negative series",
                       "chart: {type: waffle, series: e}", 39,
                       "the waffle chart in block 1 of page 1 cannot show "
                       "series 'e': it has a negative value (-6 for 'y')",
                       "parts of one whole");
    expect_chart_error("waffle over 100 %",
                       "chart: {type: waffle, series: f}", 39,
                       "cannot show series 'f': its percentages add up to "
                       "130, more than 100",
                       "progress chart");
    expect_chart_error("waffle adding up to 0",
                       "chart: {type: waffle, series: g}", 39,
                       "cannot show series 'g': its values add up to 0", NULL);
    expect_chart_error("waffle of a list",
                       "chart: {type: waffle, series: [a]}", 39,
                       "the waffle chart in block 1 of page 1 shows one "
                       "series",
                       NULL);
    expect_chart_error("progress of a series not in %",
                       "chart: {type: progress, series: e}", 41,
                       "the progress chart in block 1 of page 1 cannot "
                       "show series 'e': its unit is 'EUR', not '%'",
                       NULL);
    expect_chart_error("progress of a series without unit",
                       "chart: {type: progress, series: g}", 41,
                       "cannot show series 'g': it has no unit", NULL);
    expect_chart_error("progress of unknown metric",
                       "chart: {type: progress, metric: pc}", 41,
                       "the chart in block 1 of page 1 refers to unknown "
                       "metric 'pc'",
                       "did you mean 'pct'?");
    expect_chart_error("line without series", "chart: {type: line}", 16,
                       "missing required key 'series' in the chart in block "
                       "1 of page 1",
                       NULL);
    expect_chart_error("unknown key in a chart",
                       "chart: {type: line, series: a, titel: x}", 40,
                       "unknown key 'titel' in the chart",
                       "did you mean 'title'?");
    expect_chart_error("empty chart title",
                       "chart: {type: line, series: a, title: ''}", 47,
                       "'title' must not be empty", NULL);
    expect_error("progress of a series over 100",
                 HEAD "series: [{id: s, title: S, unit: '%', points: "
                      "[{label: a, value: 50}, {label: b, value: 101}]}]\n"
                      "pages: [{title: P, blocks: [chart: {type: progress, "
                      "series: s}]}]\n",
                 5, 61, "the progress chart in block 1 of page 1 cannot "
                        "show series 's': its value for 'b' is 101, not "
                        "from 0 to 100",
                 "use a bar or hbar chart for other values");
}

/* The briefing example loads clean and uses what it shows off. */
static void
test_briefing_example(void)
{
    char *path = source_path("figures/paris-saclay-briefing.yaml");
    kf_diags *d = kf_diags_new();
    kf_report *r = kf_report_load(path, NULL, d);
    check(r && d->count == 0, "briefing example loads with no diagnostics");
    if (d->count)
        print_diags(d);
    if (r) {
        check(r->cover && r->appendix_data, "briefing: cover and appendix");
        size_t texts = 0, waffles = 0, progress = 0;
        for (size_t p = 0; p < r->npages; p++)
            for (size_t k = 0; k < r->pages[p].nblocks; k++) {
                const kf_block *b = &r->pages[p].blocks[k];
                texts += b->kind == KF_BLOCK_TEXT;
                waffles += b->kind == KF_BLOCK_CHART &&
                           b->chart == KF_CHART_WAFFLE && b->metric >= 0 &&
                           same_str(r->metrics[b->metric].id,
                                    "ai-stars-share");
                progress += b->kind == KF_BLOCK_CHART &&
                            b->chart == KF_CHART_PROGRESS &&
                            b->metric >= 0 &&
                            same_str(r->metrics[b->metric].id,
                                     "servier-rnd");
            }
        check(r->npages >= 2 && r->npages <= 3 && texts >= 2 &&
                  waffles == 1 && progress == 1,
              "briefing: pages %zu, texts %zu, waffle, progress", r->npages,
              texts);
    }
    kf_report_free(r);
    kf_diags_free(d);
    free(path);

    /* The same keys in YAML and JSON give the same model. */
    const char *yaml =
        "$schema: x.json\nformat: 1\n"
        "report: {title: T, cover: true, appendix: data}\n"
        "metrics:\n"
        "  - {id: m, label: M, value: 41, unit: '%', previous: 30, "
        "previous_as_of: 2023, sparkline: s}\n"
        "series:\n"
        "  - {id: s, title: S, unit: '%', points: [{label: '2023', value: "
        "30}, {label: '2024', value: 41}]}\n"
        "  - {id: t, title: T, unit: '%', points: [{label: '2023', value: "
        "3}, {label: '2024', value: 4}]}\n"
        "pages:\n"
        "  - title: P\n"
        "    blocks:\n"
        "      - text: \"a\\n\\nb\"\n"
        "      - chart: {type: line, series: [s, t], title: Trend}\n"
        "      - chart: {type: stacked, series: [t, s]}\n"
        "      - chart: {type: waffle, metric: m}\n"
        "      - chart: {type: progress, series: s}\n";
    const char *json =
        "{\"$schema\": \"x.json\", \"format\": 1,\n"
        " \"report\": {\"title\": \"T\", \"cover\": true, \"appendix\": "
        "\"data\"},\n"
        " \"metrics\": [{\"id\": \"m\", \"label\": \"M\", \"value\": 41, "
        "\"unit\": \"%\", \"previous\": 30, \"previous_as_of\": \"2023\", "
        "\"sparkline\": \"s\"}],\n"
        " \"series\": [\n"
        "  {\"id\": \"s\", \"title\": \"S\", \"unit\": \"%\", \"points\": "
        "[{\"label\": \"2023\", \"value\": 30}, {\"label\": \"2024\", "
        "\"value\": 41}]},\n"
        "  {\"id\": \"t\", \"title\": \"T\", \"unit\": \"%\", \"points\": "
        "[{\"label\": \"2023\", \"value\": 3}, {\"label\": \"2024\", "
        "\"value\": 4}]}],\n"
        " \"pages\": [{\"title\": \"P\", \"blocks\": [\n"
        "  {\"text\": \"a\\n\\nb\"},\n"
        "  {\"chart\": {\"type\": \"line\", \"series\": [\"s\", \"t\"], "
        "\"title\": \"Trend\"}},\n"
        "  {\"chart\": {\"type\": \"stacked\", \"series\": [\"t\", \"s\"]}},\n"
        "  {\"chart\": {\"type\": \"waffle\", \"metric\": \"m\"}},\n"
        "  {\"chart\": {\"type\": \"progress\", \"series\": \"s\"}}]}]}\n";
    kf_report *y = load_ok("new keys in YAML", "mem.yaml", yaml);
    kf_report *j = load_ok("new keys in JSON", "mem.json", json);
    check(y && j && same_model(y, j),
          "the new keys give the same model in YAML and JSON");
    check(y && y->metrics[0].sparkline == 0 &&
              y->metrics[0].previous_as_of.year == 2023 &&
              y->pages[0].blocks[2].series_list[0] == 1,
          "the new keys' values");
    kf_report_free(y);
    kf_report_free(j);
}

/* The logo: relative, no "..", an existing PNG. */
static void
test_logo(void)
{
    char dir[] = "/tmp/kf-test-load-XXXXXX";
    if (!mkdtemp(dir)) {
        check(false, "mkdtemp");
        return;
    }
    char path[256], name[256];
    snprintf(path, sizeof(path), "%s/img", dir);
    mkdir(path, 0755);
    /* A real PNG (the logo is decoded at load), a cut one, an SVG with a
     * viewBox, one with no size, and a GIF named .png. */
    snprintf(path, sizeof(path), "%s/img/logo.png", dir);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 6, 2);
    cairo_surface_write_to_png(img, path);
    cairo_surface_destroy(img);
    snprintf(path, sizeof(path), "%s/cut.png", dir);
    FILE *f = fopen(path, "wb");
    fwrite("\x89PNG\r\n\x1a\n\0\0\0\0", 1, 12, f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/logo.svg", dir);
    f = fopen(path, "wb");
    fputs("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 30 10'>"
          "<rect width='30' height='10' fill='#f60'/></svg>\n", f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/nosize.svg", dir);
    f = fopen(path, "wb");
    fputs("<svg xmlns='http://www.w3.org/2000/svg'><rect width='3' "
          "height='1'/></svg>\n", f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/fake.png", dir);
    f = fopen(path, "wb");
    fputs("GIF89a, not a PNG", f);
    fclose(f);
    snprintf(name, sizeof(name), "%s/report.yaml", dir);

    const char *ok = HEAD "  logo: img/logo.png\n";
    kf_diags *d;
    kf_report *r = load(name, ok, strlen(ok), &d);
    check(r && d->errors == 0 && same_str(r->logo, "img/logo.png") &&
              r->logo_image,
          "logo found beside the report");
    if (!r || d->errors)
        print_diags(d);
    kf_report_free(r);
    kf_diags_free(d);
    const char *svg = HEAD "  logo: logo.svg\n";
    r = load(name, svg, strlen(svg), &d);
    check(r && d->errors == 0 && r->logo_image, "an SVG logo is read");
    if (!r || d->errors)
        print_diags(d);
    kf_report_free(r);
    kf_diags_free(d);
    static const struct {
        const char *logo, *msg;
    } bad[] = {
        {"img/missing.png", "the logo file 'img/missing.png' does not exist"},
        {"/etc/passwd", "must be relative to the report's folder"},
        {"img/../img/logo.png", "must not go up with '..'"},
        {"../x.png", "must not go up with '..'"},
        {"fake.png", "cannot be used: it is not a PNG or SVG image"},
        {"cut.png", "cannot be used: the PNG is damaged"},
        {"nosize.svg", "cannot be used: the SVG has no size"},
        {"img", "the logo file 'img' is not a regular file (a folder)"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char text[256];
        snprintf(text, sizeof(text), HEAD "  logo: %s\n", bad[i].logo);
        expect_error_in(bad[i].logo, name, text, strlen(text), 4, 9,
                        bad[i].msg, NULL);
    }
    snprintf(path, sizeof(path), "%s/img/logo.png", dir);
    unlink(path);
    static const char *const made[] = {"fake.png", "cut.png", "logo.svg",
                                       "nosize.svg"};
    for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, made[i]);
        unlink(path);
    }
    snprintf(path, sizeof(path), "%s/img", dir);
    rmdir(path);
    rmdir(dir);
}

/* Editions: one file, each edition's texts and locale. */
static void
test_editions(void)
{
    static const char yaml[] =
        "format: 1\n"
        "report:\n"
        "  title: { fr: Chiffres cl\xc3\xa9s, en: Key figures }\n"
        "  organisation: EPA\n"
        "  languages: [fr, en]\n"
        "  locales: { en: en-US }\n"
        "sources: [{ id: s, title: { fr: Source, en: Source } }]\n"
        "metrics:\n"
        "  - id: labs\n"
        "    source: s\n"
        "    label: { fr: laboratoires, en: laboratories }\n"
        "    unit: { fr: labos, en: labs }\n"
        "    value: 42\n"
        "pages:\n"
        "  - title: { en: Research, fr: Recherche }\n"
        "    blocks:\n"
        "      - text: { fr: \"Un *texte*.\", en: \"A *text*.\" }\n";
    static const struct {
        const char *want, *title, *label, *unit, *page, *text;
        kf_locale locale;
    } cases[] = {
        {NULL, "Chiffres cl\xc3\xa9s", "laboratoires", "labos", "Recherche",
         "Un *texte*.", KF_LOCALE_FR_FR},
        {"fr", "Chiffres cl\xc3\xa9s", "laboratoires", "labos", "Recherche",
         "Un *texte*.", KF_LOCALE_FR_FR},
        {"en", "Key figures", "laboratories", "labs", "Research", "A *text*.",
         KF_LOCALE_EN_US},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        kf_diags *d = kf_diags_new();
        kf_load_options o = {.language = cases[i].want};
        kf_report *r =
            kf_report_load_buffer("ed.yaml", yaml, sizeof(yaml) - 1, &o, d);
        check(r && d->count == 0, "edition %s loads cleanly",
              cases[i].want ? cases[i].want : "(first)");
        if (r) {
            check(r->nlanguages == 2 && !strcmp(r->languages[0], "fr") &&
                      !strcmp(r->languages[1], "en"),
                  "languages in the file's order");
            check(!strcmp(r->title, cases[i].title) &&
                      !strcmp(r->organisation, "EPA") &&
                      !strcmp(r->metrics[0].label, cases[i].label) &&
                      !strcmp(r->metrics[0].unit, cases[i].unit) &&
                      !strcmp(r->pages[0].title, cases[i].page) &&
                      !strcmp(r->pages[0].blocks[0].text, cases[i].text),
                  "edition %zu has its language's texts", i);
            check(r->locale == cases[i].locale, "edition %zu's locale", i);
        }
        kf_report_free(r);
        kf_diags_free(d);
    }
    /* A report without languages has the one of its locale. */
    kf_report *r = load_ok("no languages", "x.yaml",
                           "format: 1\nreport: { title: T, locale: en-US }\n");
    check(r && r->nlanguages == 1 && !strcmp(r->language, "en") &&
              r->locale == KF_LOCALE_EN_US,
          "without languages: the language of report.locale");
    kf_report_free(r);
}

int
main(void)
{
    unsetenv("SOURCE_DATE_EPOCH");
    test_example();
    test_defaults();
    test_hostile();
    test_limits();
    test_values();
    test_schema();
    test_logo();
    test_briefing_keys();
    test_briefing_example();
    test_editions();
    return check_summary();
}
