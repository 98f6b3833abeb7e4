/*
 * test_chart_geometry.c: what a reader checks on a chart, on the layout
 * data alone: bars of negative values grow from the zero line the other
 * way, each value is written beyond its own bar's end on that side, and a
 * category label sits under (or beside) its own bar, touching no value and
 * no bar (tests/data/negatives.yaml).  The legends of parts
 * (tests/data/shares.yaml): numbers right-aligned in their columns, a
 * share in "%" given once and no total in the middle of its donut.  Time
 * axes (negatives.yaml, page 2): points of years, months and days stand
 * by time, each with its tick; a line's values clear of the line; a
 * line below zero marks its zero line.
 * test_charts.py checks the same from the PDF.
 */
#include "check.h"
#include "lay_out.h"
#include "keyfig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPS 0.5

/* check() with the line of the test that failed. */
#define CHECK(cond, ...)                                                      \
    do {                                                                      \
        bool check_ok_ = (cond);                                              \
        if (!check_ok_)                                                       \
            printf("at %s:%d:\n", __FILE__, __LINE__);                        \
        check(check_ok_, __VA_ARGS__);                                        \
    } while (0)

/* CHECK, and whether it held. */
static bool
check_ok(bool ok, int line, const char *what)
{
    if (!ok)
        printf("at %s:%d:\n", __FILE__, line);
    check(ok, "%s", what);
    return ok;
}
#define CHECK_OK(cond, what) check_ok((cond), __LINE__, (what))

static bool
meet(const kf_item *a, const kf_item *b)
{
    double ix = fmin(a->x + a->w, b->x + b->w) - fmax(a->x, b->x);
    double iy = fmin(a->y + a->h, b->y + b->h) - fmax(a->y, b->y);
    return ix > 0 && iy > 0;
}

/* The items of one block of a page, sorted by what they are. */
typedef struct {
    const kf_item *bars[64], *values[64], *labels[128], *zero;
    size_t nbars, nvalues, nlabels;
} chart_items;

/* A bar is a rectangle; a value, a semibold text of the charts' value
 * size (the footnote marker is smaller); a category label, a regular
 * text; the zero line, the block's one line. */
static void
sort_items(const kf_layout_page *page, int block, chart_items *c)
{
    memset(c, 0, sizeof(*c));
    for (size_t i = 0; i < page->count; i++) {
        const kf_item *it = &page->items[i];
        if (it->block != block)
            continue;
        if (it->kind == KF_ITEM_RECT && c->nbars < 64)
            c->bars[c->nbars++] = it;
        else if (it->kind == KF_ITEM_LINE)
            c->zero = it;
        else if (it->kind == KF_ITEM_TEXT && it->weight == KF_WEIGHT_SEMIBOLD &&
                 it->size >= 9 && c->nvalues < 64)
            c->values[c->nvalues++] = it;
        else if (it->kind == KF_ITEM_TEXT && it->weight == KF_WEIGHT_REGULAR &&
                 c->nlabels < 128)
            c->labels[c->nlabels++] = it;
    }
}

/* No category label meets a value or a bar. */
static void
check_labels_clear(const char *name, const chart_items *c)
{
    for (size_t l = 0; l < c->nlabels; l++) {
        for (size_t v = 0; v < c->nvalues; v++)
            CHECK(!meet(c->labels[l], c->values[v]),
                  "%s: the label '%s' does not meet the value '%s'", name,
                  c->labels[l]->text, c->values[v]->text);
        for (size_t k = 0; k < c->nbars; k++)
            CHECK(!meet(c->labels[l], c->bars[k]),
                  "%s: the label '%s' does not meet bar %zu", name,
                  c->labels[l]->text, k + 1);
    }
    for (size_t v = 0; v < c->nvalues; v++)
        for (size_t k = 0; k < c->nbars; k++)
            CHECK(!meet(c->values[v], c->bars[k]),
                  "%s: the value '%s' does not meet bar %zu", name,
                  c->values[v]->text, k + 1);
}

static const kf_series *
series_of(const kf_report *r, const char *id)
{
    for (size_t i = 0; i < r->nseries; i++)
        if (!strcmp(r->series[i].id, id))
            return &r->series[i];
    return NULL;
}

/* A bar chart of `s`: bars up from the zero line for positive values,
 * down for negative ones, each value beyond its bar's end, each label
 * centred under its bar and under every bar and value. */
static void
check_bar(const char *name, const kf_layout_page *page, int block,
          const kf_series *s)
{
    chart_items c;
    sort_items(page, block, &c);
    printf("%s: %zu bars, %zu values, %zu labels\n", name, c.nbars,
           c.nvalues, c.nlabels);
    if (!CHECK_OK(c.nbars == s->npoints && c.nvalues == s->npoints && c.zero,
                  "a bar and a value per point, and a zero line"))
        return;
    double zero = c.zero->cy;
    CHECK(fabs(c.zero->y2 - zero) < 0.01, "%s: the zero line is level", name);
    double lowest = 0;
    for (size_t i = 0; i < s->npoints; i++) {
        const kf_item *bar = c.bars[i], *val = c.values[i];
        double v = s->points[i].value;
        if (v < 0) {
            CHECK(fabs(bar->y - zero) < 0.01 && bar->h > 0,
                  "%s: bar %zu (%g) hangs from the zero line", name, i + 1, v);
            CHECK(val->y >= bar->y + bar->h - 0.01,
                  "%s: value '%s' under its negative bar (%.1f < %.1f)", name,
                  val->text, val->y, bar->y + bar->h);
        } else {
            CHECK(fabs(bar->y + bar->h - zero) < 0.01,
                  "%s: bar %zu (%g) stands on the zero line", name, i + 1, v);
            CHECK(val->y + val->h <= bar->y + 0.01,
                  "%s: value '%s' over its bar", name, val->text);
        }
        CHECK(fabs(val->x + val->w / 2 - (bar->x + bar->w / 2)) < 0.01,
              "%s: value '%s' centred on its bar", name, val->text);
        lowest = fmax(lowest, fmax(val->y + val->h, bar->y + bar->h));
    }
    /* Every label under its own bar: its centre within that bar's width,
     * the labels of a point counted in order. */
    size_t seen[64] = {0};
    for (size_t l = 0; l < c.nlabels; l++) {
        const kf_item *lab = c.labels[l];
        double mid = lab->x + lab->w / 2;
        size_t k = 0;
        while (k < c.nbars &&
               !(mid >= c.bars[k]->x && mid <= c.bars[k]->x + c.bars[k]->w))
            k++;
        CHECK(k < c.nbars, "%s: the label '%s' is under a bar", name,
              lab->text);
        if (k < c.nbars)
            seen[k]++;
        CHECK(lab->y >= lowest, "%s: the label '%s' is under every bar and "
              "value (%.1f < %.1f)", name, lab->text, lab->y, lowest);
    }
    for (size_t k = 0; k < c.nbars; k++)
        CHECK(seen[k] >= 1, "%s: bar %zu has its label", name, k + 1);
    check_labels_clear(name, &c);
}

/* An hbar chart of `s`: bars right of the zero line for positive values,
 * left for negative ones, each value beyond its bar's end, the labels on
 * the left, level with their bars. */
static void
check_hbar(const char *name, const kf_layout_page *page, int block,
           const kf_series *s)
{
    chart_items c;
    sort_items(page, block, &c);
    printf("%s: %zu bars, %zu values, %zu labels\n", name, c.nbars,
           c.nvalues, c.nlabels);
    if (!CHECK_OK(c.nbars == s->npoints && c.nvalues == s->npoints && c.zero,
                  "a bar and a value per point, and a zero line"))
        return;
    double zero = c.zero->cx;
    CHECK(fabs(c.zero->x2 - zero) < 0.01, "%s: the zero line is upright",
          name);
    double leftmost = INFINITY;
    for (size_t i = 0; i < s->npoints; i++) {
        const kf_item *bar = c.bars[i], *val = c.values[i];
        double v = s->points[i].value;
        if (v < 0) {
            CHECK(fabs(bar->x + bar->w - zero) < 0.01,
                  "%s: bar %zu (%g) ends at the zero line", name, i + 1, v);
            CHECK(val->x + val->w <= bar->x + 0.01,
                  "%s: value '%s' left of its negative bar", name, val->text);
        } else {
            CHECK(fabs(bar->x - zero) < 0.01,
                  "%s: bar %zu (%g) starts at the zero line", name, i + 1, v);
            CHECK(val->x >= bar->x + bar->w - 0.01,
                  "%s: value '%s' right of its bar", name, val->text);
        }
        double mid = bar->y + bar->h / 2;
        CHECK(val->y < mid && val->y + val->h > mid,
              "%s: value '%s' level with its bar", name, val->text);
        leftmost = fmin(leftmost, fmin(val->x, bar->x));
    }
    for (size_t l = 0; l < c.nlabels; l++)
        CHECK(c.labels[l]->x + c.labels[l]->w <= leftmost,
              "%s: the label '%s' is left of every bar and value", name,
              c.labels[l]->text);
    check_labels_clear(name, &c);
}

static void
test_negatives(void)
{
    kf_diags *diags = kf_diags_new();
    const char *src = getenv("KF_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof(path), "%s/tests/data/negatives.yaml",
             src ? src : ".");
    kf_report *r = kf_report_load(path, NULL, diags);
    kf_layout *l = r ? lay_out(r, diags) : NULL;
    if (!CHECK_OK(l && l->npages >= 2, "negatives.yaml lays out on 2 pages")) {
        kf_diags_print(diags, stdout);
    } else {
        const kf_series *missions = series_of(r, "missions");
        const kf_series *jobs = series_of(r, "jobs");
        check_bar("bar of missions", &l->pages[0], 0, missions);
        check_hbar("hbar of missions", &l->pages[0], 1, missions);
        check_bar("bar of jobs", &l->pages[1], 0, jobs);
    }
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(diags);
}

static kf_layout *
load_data(const char *name, kf_report **r, kf_diags *diags)
{
    const char *src = getenv("KF_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof(path), "%s/tests/data/%s", src ? src : ".", name);
    *r = kf_report_load(path, NULL, diags);
    kf_layout *l = *r ? lay_out(*r, diags) : NULL;
    if (!l)
        kf_diags_print(diags, stdout);
    return l;
}

/* The legend of a chart of parts: its numbers (semibold, the legend's
 * size) right-aligned, values and shares each in their column; `shares`:
 * whether it has the column of shares ("(25 %)"); `total`: the bold text
 * in the middle of a donut, NULL for none. */
static void
check_legend(const char *name, const kf_layout_page *page, int block,
             size_t parts, bool shares, const char *total)
{
    const kf_item *nums[64], *pcts[64], *mid = NULL;
    size_t nn = 0, np = 0;
    for (size_t i = 0; i < page->count; i++) {
        const kf_item *it = &page->items[i];
        if (it->block != block || it->kind != KF_ITEM_TEXT)
            continue;
        if (it->weight == KF_WEIGHT_BOLD && it->size > 13)
            mid = it;
        if (it->weight != KF_WEIGHT_SEMIBOLD || it->size < 9)
            continue;
        if (it->text[0] == '(' && np < 64)
            pcts[np++] = it;
        else if (nn < 64)
            nums[nn++] = it;
    }
    CHECK(nn == parts, "%s: a value per part (%zu)", name, nn);
    CHECK(np == (shares ? parts : 0), "%s: %s share per part (%zu)", name,
          shares ? "a" : "no", np);
    for (size_t i = 1; i < nn; i++)
        CHECK(fabs(nums[i]->x + nums[i]->w - (nums[0]->x + nums[0]->w)) <
                  0.01, "%s: '%s' right-aligned with '%s'", name,
              nums[i]->text, nums[0]->text);
    for (size_t i = 1; i < np; i++)
        CHECK(fabs(pcts[i]->x + pcts[i]->w - (pcts[0]->x + pcts[0]->w)) <
                  0.01, "%s: '%s' right-aligned with '%s'", name,
              pcts[i]->text, pcts[0]->text);
    for (size_t i = 0; i < np && i < nn; i++)
        CHECK(pcts[i]->x >= nums[i]->x + nums[i]->w + 2,
              "%s: '%s' after '%s'", name, pcts[i]->text, nums[i]->text);
    if (total) {
        /* "5 265", its group space whatever the typesetting. */
        char digits[64] = "";
        size_t k = 0;
        for (const char *c = mid ? mid->text : ""; *c && k < 63; c++)
            if (*c >= '0' && *c <= '9')
                digits[k++] = *c;
        digits[k] = '\0';
        CHECK(mid && !strcmp(digits, total), "%s: the total %s in the middle "
              "(%s)", name, total, mid ? mid->text : "none");
    } else {
        CHECK(!mid, "%s: nothing in the middle (%s)", name,
              mid ? mid->text : "");
    }
}

static void
test_legends(void)
{
    kf_diags *diags = kf_diags_new();
    kf_report *r = NULL;
    kf_layout *l = load_data("shares.yaml", &r, diags);
    if (CHECK_OK(l && l->npages == 2, "shares.yaml lays out on 2 pages")) {
        check_legend("donut of 12 counts", &l->pages[0], 0, 12, true, "5265");
        check_legend("donut in %", &l->pages[0], 1, 4, false, NULL);
        check_legend("waffle in %", &l->pages[0], 2, 4, false, NULL);
        check_legend("waffle of counts", &l->pages[1], 0, 4, true, NULL);
    }
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(diags);
}

/* The centres of a block's bars, or of its dots (a line's points: arcs
 * of radius 3), left to right, in c[]; returns how many. */
static size_t
centres(const kf_layout_page *page, int block, bool bars, double *c,
        size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < page->count && n < max; i++) {
        const kf_item *it = &page->items[i];
        if (it->block != block)
            continue;
        if (bars && it->kind == KF_ITEM_RECT)
            c[n++] = it->x + it->w / 2;
        else if (!bars && it->kind == KF_ITEM_ARC && it->r_outer == 3)
            c[n++] = it->cx;
    }
    return n;
}

/* Points placed by time: the gaps between the centres c[0..n) are `gaps`
 * times the first one. */
static void
check_gaps(const char *name, const double *c, size_t n, const double *gaps,
           size_t ngaps)
{
    if (!CHECK_OK(n == ngaps + 1, "a centre per point"))
        return;
    double unit = c[1] - c[0];
    CHECK(unit > 1, "%s: the points are apart (%.2f)", name, unit);
    for (size_t i = 0; i < ngaps; i++)
        CHECK(fabs((c[i + 1] - c[i]) - gaps[i] * unit) < 0.01,
              "%s: gap %zu is %g times the first (%.2f, %.2f)", name, i + 1,
              gaps[i], c[i + 1] - c[i], unit);
}

/* Every point of a line on a time axis has its tick (a short upright
 * line under the plot) right under it. */
static void
check_ticks(const char *name, const kf_layout_page *page, int block,
            const double *c, size_t n)
{
    size_t found = 0;
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < page->count; i++) {
            const kf_item *it = &page->items[i];
            if (it->block == block && it->kind == KF_ITEM_LINE &&
                fabs(it->x2 - it->cx) < 0.01 &&
                fabs(it->y2 - it->cy - 3) < 0.01 && fabs(it->cx - c[k]) < 0.01) {
                found++;
                break;
            }
        }
    CHECK(found == n, "%s: a tick under each of the %zu points (%zu)", name, n,
          found);
}

/* Liang and Barsky, again, for the test: does segment a-b cross box? */
static bool
crosses(double ax, double ay, double bx, double by, const kf_item *box)
{
    double t0 = 0, t1 = 1, dx = bx - ax, dy = by - ay;
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {ax - box->x, box->x + box->w - ax, ay - box->y,
                   box->y + box->h - ay};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        double r = q[i] / p[i];
        if (p[i] < 0)
            t0 = fmax(t0, r);
        else
            t1 = fmin(t1, r);
        if (t0 > t1)
            return false;
    }
    return true;
}

/* A line chart's values, `least` of them at least: none crossed by the
 * line (its segments are the block's lines 2.2 wide), none over another
 * text of the chart. */
static void
check_line_values(const char *name, const kf_layout_page *page, int block,
                  size_t least)
{
    size_t values = 0;
    for (size_t i = 0; i < page->count; i++) {
        const kf_item *v = &page->items[i];
        if (v->block != block || v->kind != KF_ITEM_TEXT ||
            v->weight != KF_WEIGHT_SEMIBOLD || v->size < 9)
            continue;
        values++;
        for (size_t j = 0; j < page->count; j++) {
            const kf_item *o = &page->items[j];
            if (o->block != block || o == v)
                continue;
            if (o->kind == KF_ITEM_LINE && o->line_width > 2)
                CHECK(!crosses(o->cx, o->cy, o->x2, o->y2, v),
                      "%s: the line does not cross the value '%s'", name,
                      v->text);
            if (o->kind == KF_ITEM_TEXT)
                CHECK(!meet(v, o), "%s: the value '%s' does not meet '%s'",
                      name, v->text, o->text);
        }
    }
    CHECK(values >= least, "%s: %zu values written at least (%zu)", name,
          least, values);
}

/* A line whose values go below zero marks the zero line: the one line
 * 1 pt wide across the plot, between the last point above zero and the
 * first below. */
static void
check_zero_line(const char *name, const kf_layout_page *page, int block,
                double above_y, double below_y)
{
    size_t n = 0;
    for (size_t i = 0; i < page->count; i++) {
        const kf_item *it = &page->items[i];
        if (it->block == block && it->kind == KF_ITEM_LINE &&
            it->line_width == 1 && fabs(it->y2 - it->cy) < 0.01) {
            n++;
            CHECK(it->cy > above_y && it->cy < below_y,
                  "%s: the zero line between the points either side of "
                  "zero (%.1f, %.1f, %.1f)", name, above_y, it->cy, below_y);
        }
    }
    CHECK(n == 1, "%s: one zero line (%zu)", name, n);
}

static double
dot_y(const kf_layout_page *page, int block, size_t k)
{
    for (size_t i = 0; i < page->count; i++) {
        const kf_item *it = &page->items[i];
        if (it->block == block && it->kind == KF_ITEM_ARC &&
            it->r_outer == 3 && k-- == 0)
            return it->cy;
    }
    return NAN;
}

static void
test_time_axes(void)
{
    kf_diags *diags = kf_diags_new();
    kf_report *r = NULL;
    kf_layout *l = load_data("negatives.yaml", &r, diags);
    if (CHECK_OK(l && l->npages == 2, "negatives.yaml lays out on 2 pages")) {
        const kf_layout_page *p = &l->pages[1];
        double c[16];
        size_t n;
        /* 2018, 2019, 2021, 2024 */
        static const double years[] = {1, 2, 3};
        n = centres(p, 0, true, c, 16);
        check_gaps("bars of years", c, n, years, 3);
        n = centres(p, 1, false, c, 16);
        check_gaps("line of years", c, n, years, 3);
        check_ticks("line of years", p, 1, c, n);
        check_line_values("line of years", p, 1, 4);
        check_zero_line("line of years", p, 1, dot_y(p, 1, 1), dot_y(p, 1, 2));
        n = centres(p, 2, false, c, 16);
        check_gaps("second line of years", c, n, years, 3);
        check_line_values("second line of years", p, 2, 4);
        /* 2024-01, -02, -03, -06, -12: months */
        static const double months[] = {1, 1, 3, 6};
        n = centres(p, 3, false, c, 16);
        check_gaps("line of months", c, n, months, 4);
        check_ticks("line of months", p, 3, c, n);
        /* 2023-12-31, 2024-03-31, -06-30, -12-31: 91, 91, 184 days */
        static const double days[] = {1, 1, 184.0 / 91};
        n = centres(p, 4, false, c, 16);
        check_gaps("line of days", c, n, days, 3);
        check_ticks("line of days", p, 4, c, n);
        check_line_values("line of days", p, 4, 1);
    }
    kf_layout_free(l);
    kf_report_free(r);
    /* Labels of mixed forms, or not rising, stay one step apart. */
    static const char yaml[] =
        "format: 1\n"
        "report: { title: Pas de temps, date: 2025-01-15 }\n"
        "series:\n"
        "  - id: mixed\n"
        "    title: Mixed\n"
        "    points: [{ label: \"2022\", value: 1 }, { label: 2023-06, value: 2 },"
        " { label: \"2030\", value: 3 }]\n"
        "  - id: back\n"
        "    title: Back\n"
        "    points: [{ label: \"2024\", value: 1 }, { label: \"2018\", value: 2 },"
        " { label: \"2030\", value: 3 }]\n"
        "  - id: words\n"
        "    title: Words\n"
        "    points: [{ label: T1 2024, value: 1 }, { label: T2 2024, value: 2 },"
        " { label: T4 2024, value: 3 }]\n"
        "pages:\n"
        "  - title: Pas de temps\n"
        "    blocks:\n"
        "      - chart: { type: line, series: mixed }\n"
        "      - chart: { type: line, series: back }\n"
        "      - chart: { type: bar, series: words }\n";
    r = kf_report_load_buffer("steps.yaml", yaml, sizeof(yaml) - 1, NULL,
                              diags);
    l = r ? lay_out(r, diags) : NULL;
    if (CHECK_OK(l != NULL, "steps.yaml lays out")) {
        static const double even[] = {1, 1};
        double c[16];
        size_t n = centres(&l->pages[0], 0, false, c, 16);
        check_gaps("line of mixed labels", c, n, even, 2);
        n = centres(&l->pages[0], 1, false, c, 16);
        check_gaps("line of years not rising", c, n, even, 2);
        n = centres(&l->pages[0], 2, true, c, 16);
        check_gaps("bars of quarters", c, n, even, 2);
    } else {
        kf_diags_print(diags, stdout);
    }
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(diags);
}

int
main(void)
{
    test_negatives();
    test_legends();
    test_time_axes();
    return check_summary();
}
