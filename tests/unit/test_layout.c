/*
 * test_layout.c: the geometry every laid-out page must have, checked on the
 * layout data alone (no surface): every item inside its page, every item of
 * a block inside the block's box, no two lines of text overlapping, and
 * the figures of the example on the pages the report puts them.
 */
#include "check.h"
#include "lay_out.h"
#include "keyfig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* check() with the line of the test that failed, for the geometry
 * checks run from many places. */
#define CHECK(cond, ...)                                                      \
    do {                                                                      \
        bool check_ok_ = (cond);                                              \
        if (!check_ok_)                                                       \
            printf("at %s:%d:\n", __FILE__, __LINE__);                        \
        check(check_ok_, __VA_ARGS__);                                        \
    } while (0)

#define EPS 0.5

static bool
inside(double x, double y, double w, double h, double bx, double by,
       double bw, double bh)
{
    return x >= bx - EPS && y >= by - EPS && x + w <= bx + bw + EPS &&
           y + h <= by + bh + EPS;
}

static bool
overlap(const kf_item *a, const kf_item *b)
{
    double ix = fmin(a->x + a->w, b->x + b->w) - fmax(a->x, b->x);
    double iy = fmin(a->y + a->h, b->y + b->h) - fmax(a->y, b->y);
    return ix > EPS && iy > EPS;
}

/* Checks one layout; `name` says which in failures. */
static void
check_geometry(const char *name, const kf_layout *layout)
{
    for (size_t p = 0; p < layout->npages; p++) {
        const kf_layout_page *page = &layout->pages[p];
        size_t bad_page = 0, bad_block = 0, overlaps = 0;
        for (size_t i = 0; i < page->count; i++) {
            const kf_item *it = &page->items[i];
            if (!inside(it->x, it->y, it->w, it->h, 0, 0, page->width,
                        page->height)) {
                if (bad_page++ < 3)
                    printf("  %s page %zu: item %zu (%s) at %.1f,%.1f %.1fx%.1f "
                           "leaves the page\n", name, p + 1, i,
                           it->text ? it->text : "shape", it->x, it->y, it->w,
                           it->h);
            }
            if (it->block >= 0) {
                /* A block cut in pieces has a box per piece. */
                bool in_box = false;
                for (size_t k = 0; k < page->nblocks && !in_box; k++) {
                    const kf_block_box *box = &page->blocks[k];
                    in_box = box->block == it->block &&
                             inside(it->x, it->y, it->w, it->h, box->x, box->y,
                                    box->w, box->h);
                }
                if (!in_box) {
                    if (bad_block++ < 3)
                        printf("  %s page %zu: item '%s' at %.1f,%.1f %.1fx%.1f "
                               "leaves block %d\n", name, p + 1,
                               it->text ? it->text : "shape", it->x, it->y,
                               it->w, it->h, it->block);
                }
            }
            if (it->kind != KF_ITEM_TEXT)
                continue;
            for (size_t j = i + 1; j < page->count; j++) {
                const kf_item *o = &page->items[j];
                if (o->kind == KF_ITEM_TEXT && overlap(it, o) &&
                    overlaps++ < 3)
                    printf("  %s page %zu: '%s' overlaps '%s'\n", name, p + 1,
                           it->text, o->text);
            }
        }
        CHECK(bad_page == 0, "%s page %zu: %zu items leave the page", name,
              p + 1, bad_page);
        CHECK(bad_block == 0, "%s page %zu: %zu items leave their block", name,
              p + 1, bad_block);
        CHECK(overlaps == 0, "%s page %zu: %zu text overlaps", name, p + 1,
              overlaps);
        /* Blocks are stacked or side by side in a row, never on top of
         * one another. */
        for (size_t k = 0; k < page->nblocks; k++)
            for (size_t j = k + 1; j < page->nblocks; j++) {
                const kf_block_box *a = &page->blocks[k], *o = &page->blocks[j];
                double ix = fmin(a->x + a->w, o->x + o->w) - fmax(a->x, o->x);
                double iy = fmin(a->y + a->h, o->y + o->h) - fmax(a->y, o->y);
                CHECK(ix <= EPS || iy <= EPS,
                      "%s page %zu: block boxes %zu and %zu overlap", name,
                      p + 1, k, j);
            }
    }
}

/* Loads a report of the source tree in its edition `lang` (NULL: the
 * first). */
static kf_report *
load_edition(const char *rel, const char *lang, kf_diags *diags)
{
    const char *src = getenv("KF_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", src ? src : ".", rel);
    kf_load_options options = {.language = lang};
    kf_report *r = kf_report_load(path, &options, diags);
    if (!r)
        kf_diags_print(diags, stdout);
    return r;
}

static kf_report *
load(const char *rel, kf_diags *diags)
{
    return load_edition(rel, NULL, diags);
}

static bool
page_has_text(const kf_layout_page *page, const char *text)
{
    for (size_t i = 0; i < page->count; i++)
        if (page->items[i].text && strcmp(page->items[i].text, text) == 0)
            return true;
    return false;
}

static void
test_file(const char *rel, const char *lang, size_t min_pages)
{
    kf_diags *diags = kf_diags_new();
    kf_report *r = load_edition(rel, lang, diags);
    CHECK(r != NULL, "%s loads", rel);
    if (!r) {
        kf_diags_free(diags);
        return;
    }
    static const kf_paper papers[] = {KF_PAPER_A4, KF_PAPER_A4_LANDSCAPE,
                                      KF_PAPER_LETTER,
                                      KF_PAPER_LETTER_LANDSCAPE,
                                      KF_PAPER_SCREEN, KF_PAPER_SQUARE};
    for (size_t i = 0; i < sizeof(papers) / sizeof(papers[0]); i++) {
        r->paper = papers[i];
        kf_layout *l = lay_out(r, diags);
        CHECK(l != NULL && l->npages >= min_pages,
              "%s on paper %zu: at least %zu pages", rel, i, min_pages);
        if (l) {
            char name[512];
            snprintf(name, sizeof(name), "%s (paper %zu)", rel, i);
            check_geometry(name, l);
        }
        kf_layout_free(l);
    }
    kf_report_free(r);
    kf_diags_free(diags);
}

/* The example: two A4 pages, the figures where the report puts them. */
static void
test_example(void)
{
    kf_diags *diags = kf_diags_new();
    kf_report *r = load("figures/paris-saclay.yaml", diags);
    kf_layout *l = r ? lay_out(r, diags) : NULL;
    CHECK(l && l->npages == 2, "the example lays out on 2 pages");
    CHECK(diags->warnings == 0, "the example lays out without warnings");
    if (l && l->npages == 2) {
        CHECK(fabs(l->pages[0].width - 595.276) < 0.01, "A4 width");
        CHECK(page_has_text(&l->pages[0], "125,9"), "125,9 on page 1");
        CHECK(page_has_text(&l->pages[0], "\xc2\xa0Pflop/s"),
              "its unit on page 1, after a no-break space");
        CHECK(page_has_text(&l->pages[1], "2\xe2\x80\xaf" "500"),
              "2 500 on page 2");
        CHECK(page_has_text(&l->pages[0], "1 / 2") &&
                  page_has_text(&l->pages[1], "2 / 2"),
              "page numbers");
        /* A number and its unit share a baseline. */
        double base_num = -1, base_unit = -2;
        for (size_t i = 0; i < l->pages[0].count; i++) {
            const kf_item *it = &l->pages[0].items[i];
            if (it->text && !strcmp(it->text, "125,9"))
                base_num = it->baseline;
            if (it->text && !strcmp(it->text, "\xc2\xa0Pflop/s"))
                base_unit = it->baseline;
        }
        CHECK(fabs(base_num - base_unit) < 0.01,
              "number and unit on one baseline");
        /* The title "Paris-Saclay et l'IA" is never broken at its hyphen. */
        CHECK(page_has_text(&l->pages[0], "Paris-Saclay et l'IA"),
              "the title on one line");
    }
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(diags);
}

/* Blocks that do not fit go to a continuation page with the same header
 * (six charts of three bars fit one A4 sheet at their least heights;
 * eight do not). */
static void
test_flow(void)
{
    static const char yaml[] =
        "format: 1\n"
        "report: { title: Flow, date: 2025-01-15 }\n"
        "series:\n"
        "  - { id: s, title: Serie, points: [ {label: a, value: 1}, "
        "{label: b, value: 2}, {label: c, value: 3} ] }\n"
        "pages:\n"
        "  - title: Page\n"
        "    blocks:\n"
        "      - chart: { type: bar, series: s }\n"
        "      - chart: { type: bar, series: s }\n"
        "      - chart: { type: bar, series: s }\n"
        "      - chart: { type: bar, series: s }\n"
        "      - chart: { type: bar, series: s }\n"
        "      - chart: { type: bar, series: s }\n"
        "      - chart: { type: donut, series: s }\n"
        "      - chart: { type: hbar, series: s }\n";
    kf_diags *diags = kf_diags_new();
    kf_report *r = kf_report_load_buffer("flow.yaml", yaml, sizeof(yaml) - 1,
                                         NULL, diags);
    kf_layout *l = r ? lay_out(r, diags) : NULL;
    CHECK(l && l->npages >= 2, "eight charts flow onto a second page");
    if (l && l->npages >= 2) {
        CHECK(!l->pages[0].continued && l->pages[1].continued,
              "the second page is a continuation");
        CHECK(page_has_text(&l->pages[1], "Page (suite)"),
              "the continuation page says so");
        size_t blocks = 0;
        for (size_t p = 0; p < l->npages; p++)
            blocks += l->pages[p].nblocks;
        CHECK(blocks == 8, "every block is placed once (%zu)", blocks);
        check_geometry("flow", l);
    }
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(diags);
}

/* A waffle or progress chart of one metric without a title of its own
 * cites the metric's source after the label it shows, and marks it when
 * stale, as its tile would. */
static void
test_figure_chart_cites(void)
{
    static const char *const types[] = {"waffle", "progress"};
    for (size_t t = 0; t < 2; t++) {
        char yaml[600];
        snprintf(yaml, sizeof(yaml),
                 "format: 1\n"
                 "report: { title: Parts, date: 2025-01-15, max_age: 12m, "
                 "stale: mark }\n"
                 "sources: [ { id: kit, title: Dossier, date: 2022-01 } ]\n"
                 "metrics:\n"
                 "  - { id: m, label: des stars de l'IA, value: 41, "
                 "unit: \"%%\", source: kit }\n"
                 "pages:\n"
                 "  - title: Page\n"
                 "    blocks:\n"
                 "      - chart: { type: %s, metric: m }\n",
                 types[t]);
        kf_diags *diags = kf_diags_new();
        kf_report *r =
            kf_report_load_buffer("cite.yaml", yaml, strlen(yaml), NULL, diags);
        kf_layout *l = r ? lay_out(r, diags) : NULL;
        CHECK(l && l->npages == 1, "%s of one metric lays out", types[t]);
        if (l && l->npages == 1) {
            const kf_layout_page *pg = &l->pages[0];
            bool marker = false, stale = false;
            for (size_t i = 0; i < pg->count; i++) {
                const kf_item *it = &pg->items[i];
                if (it->block != 0 || !it->text)
                    continue;
                marker = marker || strcmp(it->text, "1") == 0;
                stale = stale ||
                        strcmp(it->text, "des stars de l'IA\xe2\x80\xa0") == 0;
            }
            CHECK(marker, "%s of one metric cites its source", types[t]);
            CHECK(stale, "%s of one stale metric marks its label", types[t]);
            check_geometry(types[t], l);
        }
        kf_layout_free(l);
        kf_report_free(r);
        kf_diags_free(diags);
    }
}

static bool
has_warning(const kf_diags *d, const char *part)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == KF_SEV_WARNING &&
            strstr(d->items[i].message, part))
            return true;
    return false;
}

/* What the layout says, and does not silently do: a glyph the fonts lack,
 * a theme whose text would be hard to read. */
static void
test_warnings(void)
{
    static const char yaml[] =
        "format: 1\n"
        "report:\n"
        "  title: Couleurs\n"
        "  theme: { primary: \"#FFE600\" }\n"
        "metrics:\n"
        "  - { id: a, label: \"fus\xc3\xa9" "es \xf0\x9f\x9a\x80\", value: 3 }\n";
    kf_diags *diags = kf_diags_new();
    kf_report *r = kf_report_load_buffer("warn.yaml", yaml, sizeof(yaml) - 1,
                                         NULL, diags);
    kf_layout *l = r ? lay_out(r, diags) : NULL;
    CHECK(l != NULL, "a report with warnings still lays out");
    CHECK(has_warning(diags, "no glyph for 1 character"),
          "a missing glyph is reported");
    CHECK(has_warning(diags, "contrast ratio"),
          "white on a yellow band is reported");
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(diags);
}

/* The warning whose message has `part`, or NULL. */
static const kf_diag *
warning_with(const kf_diags *d, const char *part)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == KF_SEV_WARNING &&
            strstr(d->items[i].message, part))
            return &d->items[i];
    return NULL;
}

/* A glyph missing from a KPI label is said at its metric's place, one
 * missing from a chart's label at the chart block's place. */
static void
test_glyph_warning_places(void)
{
    static const char yaml[] =
        "format: 1\n"                                            /* 1 */
        "report: { title: Glyphes }\n"                           /* 2 */
        "metrics:\n"                                             /* 3 */
        "  - { id: a, label: \"fus\xc3\xa9" "es \xf0\x9f\x9a\x80\", value: 3 }\n"
        "series:\n"                                              /* 5 */
        "  - id: s\n"                                            /* 6 */
        "    title: S\xc3\xa9rie\n"                              /* 7 */
        "    points:\n"                                          /* 8 */
        "      - { label: \"Un \xe2\x9c\x88\", value: 1 }\n"     /* 9 */
        "      - { label: Deux, value: 2 }\n"                    /* 10 */
        "pages:\n"                                               /* 11 */
        "  - title: Page\n"                                      /* 12 */
        "    blocks:\n"                                          /* 13 */
        "      - kpis: [a]\n"                                    /* 14 */
        "      - chart: { type: bar, series: s }\n";             /* 15 */
    kf_diags *diags = kf_diags_new();
    kf_report *r = kf_report_load_buffer("glyphs.yaml", yaml,
                                         sizeof(yaml) - 1, NULL, diags);
    kf_layout *l = r ? lay_out(r, diags) : NULL;
    CHECK(l != NULL, "glyphs: lays out");
    const kf_diag *kpi = warning_with(diags, "\"fus\xc3\xa9" "es");
    CHECK(kpi && kpi->line == 4 && kpi->col == 5,
          "glyphs: the KPI label's warning at 4:5 (%d:%d)",
          kpi ? kpi->line : -1, kpi ? kpi->col : -1);
    const kf_diag *bar = warning_with(diags, "\"Un ");
    CHECK(bar && bar->line == 15 && bar->col == 9,
          "glyphs: the chart label's warning at 15:9 (%d:%d)",
          bar ? bar->line : -1, bar ? bar->col : -1);
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(diags);
}

/* Lays out a report given as YAML text; NULL on failure (said). */
static kf_layout *
layout_yaml(const char *name, const char *yaml, kf_report **r,
            kf_diags *diags)
{
    *r = kf_report_load_buffer(name, yaml, strlen(yaml), NULL, diags);
    if (!*r) {
        kf_diags_print(diags, stdout);
        return NULL;
    }
    return lay_out(*r, diags);
}

/* The text items of `block` on a page whose text contains `part`. */
static size_t
count_lines(const kf_layout_page *page, int block, const char *part)
{
    size_t n = 0;
    for (size_t i = 0; i < page->count; i++) {
        const kf_item *it = &page->items[i];
        if (it->kind == KF_ITEM_TEXT && it->block == block && it->text &&
            strstr(it->text, part))
            n++;
    }
    return n;
}

/* A text block longer than a page is cut between lines across pages, and
 * never leaves one line of a paragraph alone on a page. */
static void
test_long_text(void)
{
    char *yaml = malloc(200000);
    size_t len = (size_t)snprintf(yaml, 200000,
                                  "format: 1\n"
                                  "report: { title: Texte, date: 2025-01-15 }\n"
                                  "pages:\n"
                                  "  - title: Long\n"
                                  "    blocks:\n"
                                  "      - text: |\n          ");
    for (int i = 0; i < 1500; i++)
        len += (size_t)snprintf(yaml + len, 200000 - len, "mot%d ", i);
    snprintf(yaml + len, 200000 - len, "\n");
    kf_diags *diags = kf_diags_new();
    kf_report *r;
    kf_layout *l = layout_yaml("long.yaml", yaml, &r, diags);
    CHECK(l && l->npages >= 2, "a long paragraph runs over several pages");
    CHECK(!has_warning(diags, "runs into the footer"),
          "a long paragraph does not run into the footer");
    if (l) {
        check_geometry("long text", l);
        /* Every word once, in order, and every page holds some lines. */
        int next = 0;
        bool in_order = true;
        for (size_t p = 0; p < l->npages; p++) {
            CHECK(count_lines(&l->pages[p], 0, "mot") >= 2,
                  "page %zu holds at least two lines of the text", p + 1);
            for (size_t i = 0; i < l->pages[p].count; i++) {
                const kf_item *it = &l->pages[p].items[i];
                if (it->block != 0 || !it->text)
                    continue;
                for (const char *q = strstr(it->text, "mot"); q;
                     q = strstr(q + 3, "mot"))
                    in_order = in_order && atoi(q + 3) == next++;
            }
        }
        CHECK(in_order && next == 1500, "every word once, in order (%d)",
              next);
    }
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(diags);

    /* Short paragraphs, then a five-line one whose words all say "Zulu":
     * wherever the page ends, never one of its lines alone on a page. */
    for (int lead = 20; lead < 70; lead++) {
        len = (size_t)snprintf(yaml, 200000,
                               "format: 1\n"
                               "report: { title: Texte, date: 2025-01-15 }\n"
                               "pages:\n"
                               "  - title: Veuves\n"
                               "    blocks:\n"
                               "      - text: |\n");
        for (int i = 0; i < lead; i++)
            len += (size_t)snprintf(yaml + len, 200000 - len,
                                    "          Ligne %d.\n\n", i);
        len += (size_t)snprintf(yaml + len, 200000 - len, "          ");
        for (int i = 0; i < 70; i++)
            len += (size_t)snprintf(yaml + len, 200000 - len, "Zulu ");
        snprintf(yaml + len, 200000 - len, "\n");
        diags = kf_diags_new();
        l = layout_yaml("widow.yaml", yaml, &r, diags);
        size_t alone = 0, total = 0;
        for (size_t p = 0; l && p < l->npages; p++) {
            size_t k = count_lines(&l->pages[p], 0, "Zulu");
            total += k;
            alone += k == 1;
        }
        CHECK(l && total >= 4 && alone == 0,
              "%d lines before: no line of the last paragraph alone "
              "(%zu lines)", lead, total);
        if (l && lead % 10 == 0)
            check_geometry("widows", l);
        kf_layout_free(l);
        kf_report_free(r);
        kf_diags_free(diags);
    }
    free(yaml);
}

/* A text that would end a page, its chart on the next one, goes with its
 * chart (without the last chart, the text fits on the first page; the
 * first chart's height keeps the page from holding both at their least
 * heights). */
static void
test_keep_with_next(void)
{
    static const char yaml[] =
        "format: 1\n"
        "report: { title: Suite, date: 2025-01-15 }\n"
        "series:\n"
        "  - { id: s, title: Serie, points: [ {label: a, value: 1}, "
        "{label: b, value: 2}, {label: c, value: 3} ] }\n"
        "pages:\n"
        "  - title: Page\n"
        "    blocks:\n"
        "      - chart: { type: bar, series: s, height: 70 }\n"
        "      - chart: { type: hbar, series: s }\n"
        "      - chart: { type: hbar, series: s }\n"
        "      - chart: { type: donut, series: s }\n"
        "      - chart: { type: hbar, series: s }\n"
        "      - text: Une introduction au graphique qui la suit.\n"
        "      - chart: { type: bar, series: s }\n";
    kf_diags *diags = kf_diags_new();
    kf_report *r;
    kf_layout *l = layout_yaml("keep.yaml", yaml, &r, diags);
    CHECK(l && l->npages == 2, "the last chart goes to a second page");
    for (size_t p = 0; l && p < l->npages; p++) {
        bool text = false, chart = false;
        for (size_t k = 0; k < l->pages[p].nblocks; k++) {
            text = text || l->pages[p].blocks[k].block == 5;
            chart = chart || l->pages[p].blocks[k].block == 6;
        }
        CHECK(text == chart, "page %zu: the introduction is with its chart",
              p + 1);
    }
    if (l)
        check_geometry("keep with next", l);
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(diags);
}

/* How many warnings contain `part`. */
static size_t
count_warnings(const kf_diags *d, const char *part)
{
    size_t n = 0;
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == KF_SEV_WARNING &&
            strstr(d->items[i].message, part))
            n++;
    return n;
}

/* A cover title of 200 characters, or of one long word, stays inside the
 * cover's band on every paper; what it lacks or loses is said once, where
 * the title is written. */
static void
test_cover_title(void)
{
    static const char *titles[] = {
        "Rapport d'activit\xc3\xa9 consolid\xc3\xa9 de l'\xc3\xa9tablissement "
        "public d'am\xc3\xa9nagement et de ses partenaires acad\xc3\xa9miques, "
        "industriels et institutionnels du cluster scientifique et "
        "technologique Paris-Saclay, exercice 2024 \xf0\x9f\x9a\x80",
        "Anticonstitutionnellementdel\xc3\xa9tablissementpublicdam\xc3\xa9nagement"
        "deparissaclayetdesespartenairesacad\xc3\xa9miquesindustrielsetinstitu"
        "tionnelsduclusterscientifiqueettechnologique\xf0\x9f\x9a\x80"};
    static const kf_paper papers[] = {KF_PAPER_A4, KF_PAPER_A4_LANDSCAPE,
                                      KF_PAPER_LETTER_LANDSCAPE,
                                      KF_PAPER_SCREEN};
    for (size_t t = 0; t < 2; t++) {
        char yaml[4096];
        snprintf(yaml, sizeof(yaml),
                 "format: 1\n"
                 "report:\n"
                 "  title: \"%s\"\n"
                 "  subtitle: Un sous-titre assez long pour passer \xc3\xa0 la "
                 "ligne, puis encore, et encore, et encore une fois, jusqu'au "
                 "bout de la bande de couverture\n"
                 "  organisation: \xc3\x89tablissement public d'am\xc3\xa9nagement "
                 "Paris-Saclay\n"
                 "  date: 2025-01-15\n"
                 "  cover: true\n"
                 "series:\n"
                 "  - { id: s, title: Serie, points: [ {label: a, value: 1} ] }\n"
                 "pages:\n"
                 "  - title: Page\n"
                 "    blocks:\n"
                 "      - chart: { type: bar, series: s }\n",
                 titles[t]);
        for (size_t p = 0; p < sizeof(papers) / sizeof(papers[0]); p++) {
            kf_diags *diags = kf_diags_new();
            kf_report *r =
                kf_report_load_buffer("cover.yaml", yaml, strlen(yaml), NULL,
                                      diags);
            if (r)
                r->paper = papers[p];
            kf_layout *l = r ? lay_out(r, diags) : NULL;
            CHECK(l && l->npages == 2, "title %zu paper %zu: a cover", t, p);
            if (!l) {
                kf_report_free(r);
                kf_diags_free(diags);
                continue;
            }
            char name[64];
            snprintf(name, sizeof(name), "cover title %zu paper %zu", t, p);
            check_geometry(name, l);
            /* The band is the cover's first rectangle; every text is in it
             * or under it, never across its edge. */
            const kf_layout_page *cover = &l->pages[0];
            double band = cover->items[0].h;
            size_t across = 0;
            for (size_t i = 0; i < cover->count; i++) {
                const kf_item *it = &cover->items[i];
                if (it->kind == KF_ITEM_TEXT && it->y < band &&
                    (it->y < 0 || it->y + it->h > band - 10))
                    across++;
            }
            CHECK(cover->items[0].kind == KF_ITEM_RECT && across == 0,
                  "%s: %zu texts leave the band", name, across);
            /* The missing rocket is said once, at the title's place. */
            size_t n = 0;
            for (size_t i = 0; i < diags->count; i++)
                if (strstr(diags->items[i].message, "no glyph")) {
                    n++;
                    CHECK(diags->items[i].line == 3 &&
                              diags->items[i].col == 10,
                          "%s: the glyph warning at 3:10 (%d:%d)", name,
                          diags->items[i].line, diags->items[i].col);
                }
            CHECK(n == 1, "%s: the missing glyph said once (%zu)", name, n);
            CHECK(count_warnings(diags, "too long for the header") <= 2,
                  "%s: each shortened text said once", name);
            kf_layout_free(l);
            kf_report_free(r);
            kf_diags_free(diags);
        }
    }
}

static double
color_distance(kf_color a, kf_color b)
{
    double dr = a.r - b.r, dg = a.g - b.g, db = a.b - b.b;
    return sqrt(dr * dr + dg * dg + db * db);
}

/* Twelve donut slices have twelve colours apart from one another; a
 * waffle of seventy parts shows every one; a progress chart of one metric
 * shows its figure and its label. */
static void
test_many_parts(void)
{
    char yaml[16384];
    size_t len = (size_t)snprintf(
        yaml, sizeof(yaml),
        "format: 1\n"
        "report: { title: Parts, date: 2025-01-15 }\n"
        "metrics:\n"
        "  - { id: m, label: du chiffre d'affaires investi en R&D, "
        "value: 21.5, unit: \"%%\", decimals: 1 }\n"
        "series:\n"
        "  - id: twelve\n    title: Douze\n    points:\n");
    for (int i = 0; i < 12; i++)
        len += (size_t)snprintf(yaml + len, sizeof(yaml) - len,
                                "      - { label: p%d, value: %d }\n", i,
                                10 + i);
    len += (size_t)snprintf(yaml + len, sizeof(yaml) - len,
                            "  - id: seventy\n    title: Soixante-dix\n"
                            "    points:\n");
    for (int i = 0; i < 70; i++)
        len += (size_t)snprintf(yaml + len, sizeof(yaml) - len,
                                "      - { label: q%d, value: 1 }\n", i);
    snprintf(yaml + len, sizeof(yaml) - len,
             "pages:\n"
             "  - title: Parts\n"
             "    blocks:\n"
             "      - chart: { type: donut, series: twelve }\n"
             "      - chart: { type: progress, metric: m }\n"
             "  - title: Gaufre\n"
             "    blocks:\n"
             "      - chart: { type: waffle, series: seventy }\n");
    kf_diags *diags = kf_diags_new();
    kf_report *r;
    kf_layout *l = layout_yaml("parts.yaml", yaml, &r, diags);
    CHECK(l != NULL, "many parts lay out");
    if (!l) {
        kf_report_free(r);
        kf_diags_free(diags);
        return;
    }
    /* Every page: the legend of seventy parts goes in columns. */
    check_geometry("many parts", l);
    CHECK(count_warnings(diags, "taller than the page") == 0,
          "seventy parts fit their page");
    kf_color slices[12];
    size_t ns = 0;
    bool figure = false, label = false;
    for (size_t i = 0; i < l->pages[0].count; i++) {
        const kf_item *it = &l->pages[0].items[i];
        if (it->kind == KF_ITEM_ARC && it->block == 0 && ns < 12)
            slices[ns++] = it->color;
        if (it->block == 1 && it->text) {
            figure = figure || !strncmp(it->text, "21,5", 4);
            label = label || strstr(it->text, "du chiffre d'affaires");
        }
    }
    double closest = 1e9;
    for (size_t i = 0; i < ns; i++)
        for (size_t j = i + 1; j < ns; j++)
            closest = fmin(closest, color_distance(slices[i], slices[j]));
    CHECK(ns == 12 && closest >= 30,
          "twelve slices, colours at least 30 apart (%.0f)", closest);
    CHECK(figure && label, "the progress chart shows its figure and label");
    /* The waffle: its small squares, in as many colours as parts, plus
     * the colour of the empty squares (none here). */
    kf_color seen[128];
    size_t nseen = 0, squares = 0;
    for (size_t p = 0; p < l->npages; p++)
        for (size_t i = 0; i < l->pages[p].count; i++) {
            const kf_item *it = &l->pages[p].items[i];
            if (it->kind != KF_ITEM_RECT || it->block != 0 ||
                l->pages[p].report_page != 1 || it->w > 30 ||
                fabs(it->w - it->h) > 0.01 || it->w == 10)
                continue;
            squares++;
            bool known = false;
            for (size_t k = 0; k < nseen && !known; k++)
                known = color_distance(seen[k], it->color) == 0;
            if (!known && nseen < 128)
                seen[nseen++] = it->color;
        }
    CHECK(squares == 100 && nseen == 70,
          "a waffle of 70 parts: 100 squares in 70 colours (%zu in %zu)",
          squares, nseen);
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(diags);
}

/* A donut or waffle of 40 or 300 parts: its legend in columns inside its
 * block and page, every part shown when they fit, else the smallest shown
 * as one "Autres"/"Other" part, said in a warning naming the block. */
static void
test_parts_legend(void)
{
    static const char *types[] = {"donut", "waffle"};
    static const int counts[] = {40, 300};
    static const kf_paper papers[] = {KF_PAPER_A4, KF_PAPER_SCREEN};
    size_t size = 64 * 1024;
    char *yaml = malloc(size);
    if (!yaml)
        return;
    for (size_t t = 0; t < 2; t++)
        for (size_t c = 0; c < 2; c++)
            for (size_t p = 0; p < 2; p++) {
                bool en = p == 1;
                size_t len = (size_t)snprintf(
                    yaml, size,
                    "format: 1\n"
                    "report: { title: Parts, date: 2025-01-15, "
                    "locale: %s }\n"
                    "series:\n"
                    "  - id: s\n    title: Beaucoup de parts\n"
                    "    points:\n",
                    en ? "en-GB" : "fr-FR");
                for (int i = 1; i <= counts[c]; i++)
                    len += (size_t)snprintf(
                        yaml + len, size - len,
                        "      - { label: \"%s %d\", value: %d }\n",
                        i % 10 != 5 ? "Part"
                               : "Une part au libell\xc3\xa9 bien plus long "
                                 "que les autres, qui passe \xc3\xa0 la ligne",
                        i, i);
                snprintf(yaml + len, size - len,
                         "pages:\n"
                         "  - title: Parts\n"
                         "    blocks:\n"
                         "      - text: Un court texte avant le graphique.\n"
                         "      - chart: { type: %s, series: s }\n",
                         types[t]);
                char name[64];
                snprintf(name, sizeof(name), "%s of %d parts, paper %zu",
                         types[t], counts[c], p);
                kf_diags *diags = kf_diags_new();
                kf_report *r = kf_report_load_buffer("parts.yaml", yaml,
                                                     strlen(yaml), NULL,
                                                     diags);
                if (r)
                    r->paper = papers[p];
                kf_layout *l = r ? lay_out(r, diags) : NULL;
                CHECK(l != NULL, "%s lays out", name);
                if (!l) {
                    kf_diags_print(diags, stdout);
                    kf_report_free(r);
                    kf_diags_free(diags);
                    continue;
                }
                check_geometry(name, l);
                CHECK(count_warnings(diags, "taller than the page") == 0,
                      "%s: the chart fits its page", name);
                /* The parts shown: legend rows, each with its swatch. */
                size_t rows = 0, other = 0, last = 0;
                for (size_t q = 0; q < l->npages; q++)
                    for (size_t i = 0; i < l->pages[q].count; i++) {
                        const kf_item *it = &l->pages[q].items[i];
                        if (it->block != 1 || !it->text)
                            continue;
                        if (!strncmp(it->text, "Part ", 5))
                            rows++;
                        if (!strcmp(it->text, "Part 300") ||
                            !strcmp(it->text, "Part 40"))
                            last++;
                        if (strstr(it->text, en ? "Other (" : "Autres ("))
                            other++;
                    }
                size_t said = count_warnings(diags, "smallest are shown");
                if (counts[c] == 40) {
                    CHECK(said == 0 && other == 0 &&
                              rows == 36 && last == 1,
                          "%s: every part shown (%zu rows, %zu grouped)",
                          name, rows, other);
                } else {
                    CHECK(said == 1 && other == 1 && last == 1 && rows > 20,
                          "%s: the largest parts and one for the rest "
                          "(%zu rows, %zu warnings)", name, rows, said);
                    CHECK(has_warning(diags, "block 2 of page 1:"),
                          "%s: the warning names the block", name);
                }
                kf_layout_free(l);
                kf_report_free(r);
                kf_diags_free(diags);
            }
    free(yaml);
}

/* A cover whose contents list 45 pages: every page listed once, with its
 * number, on the cover and on as many pages of contents after it as they
 * need, inside the pages. */
static void
test_cover_contents(void)
{
    static const kf_paper papers[] = {KF_PAPER_A4, KF_PAPER_SCREEN};
    size_t size = 32 * 1024;
    char *yaml = malloc(size);
    if (!yaml)
        return;
    size_t len = (size_t)snprintf(
        yaml, size,
        "format: 1\n"
        "report: { title: Sommaire, date: 2025-01-15, cover: true }\n"
        "sources:\n  - { id: s, title: Source, date: 2025 }\n"
        "metrics:\n  - { id: m, label: Un chiffre, value: 3, source: s }\n"
        "pages:\n");
    for (int i = 1; i <= 45; i++)
        len += (size_t)snprintf(
            yaml + len, size - len,
            "  - title: \"Page %d%s\"\n    blocks:\n      - kpis: [m]\n", i,
            i % 7 ? "" : ", dont le titre est assez long pour passer \xc3\xa0 "
                         "la ligne dans sa colonne du sommaire");
    for (size_t p = 0; p < 2; p++) {
        kf_diags *diags = kf_diags_new();
        kf_report *r = kf_report_load_buffer("contents.yaml", yaml,
                                             strlen(yaml), NULL, diags);
        if (r)
            r->paper = papers[p];
        kf_layout *l = r ? lay_out(r, diags) : NULL;
        CHECK(l != NULL, "45 pages and a cover lay out (paper %zu)", p);
        if (!l) {
            kf_report_free(r);
            kf_diags_free(diags);
            continue;
        }
        char name[64];
        snprintf(name, sizeof(name), "contents of 45 pages, paper %zu", p);
        check_geometry(name, l);
        /* The contents pages come first, then the 45 pages (a report takes 50 sheets at most). */
        size_t ncontents = 0;
        while (ncontents < l->npages &&
               l->pages[ncontents].report_page == -1)
            ncontents++;
        CHECK(ncontents >= 1 && l->npages == ncontents + 45,
              "%s: %zu pages of contents, then the 45 (%zu in all)", name,
              ncontents, l->npages);
        /* Each page's number once, linking to it; its title's last line
         * on the number's baseline. */
        size_t listed = 0;
        for (size_t k = 0; k < 45; k++) {
            char number[16], link[32];
            snprintf(number, sizeof(number), "%zu", ncontents + k + 1);
            snprintf(link, sizeof(link), "page=%zu", ncontents + k + 1);
            size_t found = 0;
            for (size_t q = 0; q < ncontents; q++)
                for (size_t i = 0; i < l->pages[q].count; i++) {
                    const kf_item *it = &l->pages[q].items[i];
                    if (it->text && !strcmp(it->text, number) && it->link &&
                        !strcmp(it->link, link))
                        found++;
                }
            listed += found == 1;
        }
        CHECK(listed == 45, "%s: every page listed once (%zu)", name, listed);
        CHECK(page_has_text(&l->pages[0], "Page 1"),
              "%s: the first entry on the cover", name);
        CHECK(count_warnings(diags, "contents") == 0,
              "%s: nothing left out", name);
        kf_layout_free(l);
        kf_report_free(r);
        kf_diags_free(diags);
    }
    free(yaml);
}

/* The appendix gives a chart of several series one table, a column per
 * series, and a chart of one series its own. */
static void
test_appendix_table(void)
{
    static const char yaml[] =
        "format: 1\n"
        "report: { title: Annexe, date: 2025-01-15, appendix: data }\n"
        "series:\n"
        "  - { id: a, title: Alpha, points: [ {label: x, value: 1}, "
        "{label: y, value: 2} ] }\n"
        "  - { id: b, title: Beta, points: [ {label: x, value: 3}, "
        "{label: y, value: 4} ] }\n"
        "  - { id: c, title: Gamma, points: [ {label: x, value: 5}, "
        "{label: y, value: 6} ] }\n"
        "pages:\n"
        "  - title: Page\n"
        "    blocks:\n"
        "      - chart: { type: stacked, title: Empil\xc3\xa9, "
        "series: [a, b, c] }\n"
        "      - chart: { type: bar, series: a }\n";
    kf_diags *diags = kf_diags_new();
    kf_report *r;
    kf_layout *l = layout_yaml("appendix.yaml", yaml, &r, diags);
    CHECK(l && l->npages == 2, "a page and its appendix");
    if (l && l->npages == 2) {
        const kf_layout_page *app = &l->pages[1];
        CHECK(app->report_page == -1 && app->nblocks == 2,
              "the appendix: one table for the stacked chart, one for the "
              "bar chart (%zu)", app->nblocks);
        CHECK(page_has_text(app, "Empil\xc3\xa9") &&
                  page_has_text(app, "Alpha") && page_has_text(app, "Beta") &&
                  page_has_text(app, "Gamma"),
              "the table is titled as its chart, its columns as its series");
        /* Row "x" reads 1, 3, 5 from left to right, on one baseline. */
        double base = -1, last_x = -1;
        bool in_row = true;
        const char *values[] = {"1", "3", "5"};
        for (size_t v = 0; v < 3; v++) {
            bool found = false;
            for (size_t i = 0; i < app->count && !found; i++) {
                const kf_item *it = &app->items[i];
                if (it->block != 0 || !it->text || strcmp(it->text, values[v]))
                    continue;
                found = true;
                in_row = in_row && (base < 0 || fabs(it->baseline - base) < 0.01)
                         && it->x > last_x;
                base = it->baseline;
                last_x = it->x;
            }
            in_row = in_row && found;
        }
        CHECK(in_row, "a row holds a value per series, in order");
        check_geometry("appendix", l);
    }
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(diags);
}


/* The box of block `block` on a page (NULL: none). */
static const kf_block_box *
box_of(const kf_layout_page *page, int block)
{
    for (size_t k = 0; k < page->nblocks; k++)
        if (page->blocks[k].block == block)
            return &page->blocks[k];
    return NULL;
}

/* Blocks of a row side by side: disjoint columns from left to right in
 * the order written, their widths in the shares asked, one top; tiles in
 * a narrow column wrap onto more tile rows; the chart takes the row's
 * height. */
static void
test_rows(void)
{
    static const char yaml[] =
        "format: 1\n"
        "report: { title: Rows, date: 2025-01-15 }\n"
        "metrics:\n"
        "  - { id: a, label: first figure, value: 21, unit: \"%\" }\n"
        "  - { id: b, label: second figure, value: 320 }\n"
        "  - { id: c, label: third figure, value: 42 }\n"
        "  - { id: d, label: fourth figure, value: 1250 }\n"
        "series:\n"
        "  - id: s\n"
        "    title: Devices\n"
        "    points: [{ label: France, value: 20 }, { label: Abroad, value: 60 }]\n"
        "pages:\n"
        "  - title: Side by side\n"
        "    blocks:\n"
        "      - row:\n"
        "          - kpis: [a, b, c, d]\n"
        "            width: 1.6\n"
        "          - chart: { type: donut, series: s }\n"
        "          - text: A comment beside the figures, long enough to wrap "
        "onto a few lines in its narrow column.\n"
        "      - chart: { type: bar, series: s, height: 60 }\n";
    kf_diags *diags = kf_diags_new();
    kf_report *r;
    kf_layout *l = layout_yaml("rows.yaml", yaml, &r, diags);
    CHECK(l && l->npages == 1, "a row and a chart: one page");
    CHECK(r && r->pages[0].nblocks == 4 && r->pages[0].blocks[0].row == 1 &&
              r->pages[0].blocks[2].row == 1 && r->pages[0].blocks[3].row == 0,
          "a row is read as its blocks, in order");
    if (l && l->npages == 1) {
        const kf_layout_page *pg = &l->pages[0];
        check_geometry("rows", l);
        const kf_block_box *k = box_of(pg, 0), *d = box_of(pg, 1),
                           *t = box_of(pg, 2), *bar = box_of(pg, 3);
        CHECK(k && d && t && bar, "a box for every block");
        if (k && d && t && bar) {
            CHECK(k->x + k->w <= d->x - 1 && d->x + d->w <= t->x - 1,
                  "left to right, disjoint: %.1f+%.1f, %.1f+%.1f, %.1f",
                  k->x, k->w, d->x, d->w, t->x);
            CHECK(fabs(k->y - d->y) < EPS && fabs(d->y - t->y) < EPS,
                  "one top for the row");
            CHECK(fabs(k->w - 1.6 * d->w) < 1 && fabs(d->w - t->w) < 1,
                  "widths 1.6:1:1 (%.1f, %.1f, %.1f)", k->w, d->w, t->w);
            CHECK(fabs(k->x - 40) < EPS &&
                      fabs(t->x + t->w - (pg->width - 40)) < EPS,
                  "the row spans the page's width between its margins");
            CHECK(bar->y >= fmax(k->y + k->h, d->y + d->h) + 5,
                  "the next block starts under the row");
            CHECK(fabs(bar->h - 60 * 72 / 25.4) < 0.5,
                  "height: 60 makes the chart 60 mm tall (%.1f pt)", bar->h);
            double row_h = fmax(k->h, fmax(d->h, t->h));
            CHECK(d->h > k->h - EPS && fabs(d->h - row_h) < EPS,
                  "the donut takes the row's height (%.1f of %.1f)", d->h,
                  row_h);
        }
        /* Four tiles in 44 % of A4 make two tile rows of two. */
        double tops[4];
        size_t ntops = 0;
        for (size_t i = 0; i < pg->count; i++) {
            const kf_item *it = &pg->items[i];
            if (it->block != 0 || it->kind != KF_ITEM_RECT || it->radius != 6)
                continue;
            bool seen = false;
            for (size_t j = 0; j < ntops; j++)
                seen = seen || fabs(tops[j] - it->y) < EPS;
            if (!seen && ntops < 4)
                tops[ntops++] = it->y;
        }
        CHECK(ntops == 2, "4 tiles in a narrow column: %zu tile rows", ntops);
    }
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(diags);
}

/* Report files written as a new user would, each report page on one
 * sheet (no continuation, no warning about sheets); the screen
 * dashboard's blocks on one slide, its charts side by side. */
static void
test_one_sheet_a_page(void)
{
    static const struct {
        const char *rel;
        size_t sheets; /* cover and appendix included */
    } files[] = {{"tests/data/briefing.yaml", 6},
                 {"tests/data/factsheet.yaml", 1},
                 {"figures/paris-saclay-screen.yaml", 1},
                 {"figures/paris-saclay.yaml", 2},
                 {"figures/paris-saclay-briefing.yaml", 5}};
    for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
        kf_diags *diags = kf_diags_new();
        kf_report *r = load(files[f].rel, diags);
        kf_layout *l = r ? lay_out(r, diags) : NULL;
        CHECK(l && l->npages == files[f].sheets, "%s: %zu sheets, got %zu",
              files[f].rel, files[f].sheets, l ? l->npages : 0);
        for (size_t p = 0; l && p < l->npages; p++)
            CHECK(!l->pages[p].continued, "%s: sheet %zu is no continuation",
                  files[f].rel, p + 1);
        CHECK(!has_warning(diags, "sheets"), "%s: no warning about sheets",
              files[f].rel);
        if (l)
            check_geometry(files[f].rel, l);
        kf_layout_free(l);
        kf_report_free(r);
        kf_diags_free(diags);
    }
}

/* A page too full for one sheet says so, with where each sheet starts; a
 * KPI block that does not fit whole ends the sheet with the tile rows
 * that do. */
static void
test_sheets(void)
{
    kf_diags *diags = kf_diags_new();
    kf_report *r = load("tests/data/stress.yaml", diags);
    kf_layout *l = r ? lay_out(r, diags) : NULL;
    CHECK(has_warning(diags, "takes 3 sheets: sheet 2 starts with"),
          "a page of 3 sheets is warned about");
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(diags);

    /* Texts of more and more paragraphs push 8 tiles down until they no
     * longer fit whole: the first such page cuts them between rows. */
    bool split = false;
    for (int paras = 1; paras < 40 && !split; paras++) {
        char yaml[16384];
        size_t len = (size_t)snprintf(
            yaml, sizeof(yaml),
            "format: 1\nreport: { title: Split, date: 2025-01-15 }\n"
            "metrics:\n");
        for (int m = 0; m < 8; m++)
            len += (size_t)snprintf(yaml + len, sizeof(yaml) - len,
                                    "  - { id: m%d, label: figure %d, "
                                    "value: %d }\n", m, m, 10 + m);
        len += (size_t)snprintf(yaml + len, sizeof(yaml) - len,
                                "pages:\n  - title: Split\n    blocks:\n"
                                "      - text: |\n");
        for (int p = 0; p < paras; p++)
            len += (size_t)snprintf(
                yaml + len, sizeof(yaml) - len,
                "          A paragraph of commentary, long enough to take "
                "two lines of the page, so that the tiles move down.\n"
                "\n");
        snprintf(yaml + len, sizeof(yaml) - len,
                 "      - kpis: [m0, m1, m2, m3, m4, m5, m6, m7]\n");
        kf_diags *d = kf_diags_new();
        kf_report *rr;
        kf_layout *ll = layout_yaml("split.yaml", yaml, &rr, d);
        if (ll && ll->npages == 2 && box_of(&ll->pages[0], 1) &&
            box_of(&ll->pages[1], 1)) {
            split = true;
            check_geometry("split tiles", ll);
            CHECK(page_has_text(&ll->pages[0], "10") &&
                      page_has_text(&ll->pages[1], "17"),
                  "the first tile row on sheet 1, the last on sheet 2");
            CHECK(has_warning(d, "sheet 2 starts with tile row 2 of the tiles"),
                  "the warning names the tile row starting sheet 2");
        }
        kf_layout_free(ll);
        kf_report_free(rr);
        kf_diags_free(d);
    }
    CHECK(split, "some page cuts its tiles between two tile rows");
}

/* A chart with a height: keeps it in a row taller than it. */
static void
test_row_height(void)
{
    static const char yaml[] =
        "format: 1\n"
        "report: { title: Height, date: 2025-01-15 }\n"
        "metrics:\n"
        "  - { id: a, label: a figure with a label of a few words, value: 1 }\n"
        "series:\n"
        "  - { id: s, title: S, points: [{ label: a, value: 1 }, "
        "{ label: b, value: 2 }] }\n"
        "pages:\n"
        "  - title: Height\n"
        "    blocks:\n"
        "      - row:\n"
        "          - kpis: [a, a, a, a, a, a, a, a]\n"
        "          - chart: { type: bar, series: s, height: 50 }\n";
    kf_diags *diags = kf_diags_new();
    kf_report *r;
    kf_layout *l = layout_yaml("height.yaml", yaml, &r, diags);
    const kf_block_box *k = l ? box_of(&l->pages[0], 0) : NULL,
                       *bar = l ? box_of(&l->pages[0], 1) : NULL;
    CHECK(k && bar && k->h > bar->h + 20 &&
              fabs(bar->h - 50 * 72 / 25.4) < 0.5,
          "in a taller row, height: 50 keeps the chart 50 mm tall");
    if (l)
        check_geometry("row height", l);
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(diags);
}

/* A row whose columns are too narrow fails the layout, at the row. */
static void
test_narrow_row(void)
{
    static const char yaml[] =
        "format: 1\n"
        "report: { title: Narrow, date: 2025-01-15 }\n"
        "series:\n"
        "  - { id: s, title: S, points: [{ label: a, value: 1 }] }\n"
        "pages:\n"
        "  - title: Narrow\n"
        "    blocks:\n"
        "      - row:\n"
        "          - chart: { type: bar, series: s }\n"
        "            width: 9\n"
        "          - chart: { type: hbar, series: s }\n";
    kf_diags *diags = kf_diags_new();
    kf_report *r = kf_report_load_buffer("narrow.yaml", yaml,
                                         sizeof(yaml) - 1, NULL, diags);
    kf_layout *l = (kf_layout *)1;
    kf_status st = r ? kf_layout_new(r, diags, &l) : KF_ERR_INPUT;
    CHECK(st == KF_ERR_INPUT && l == NULL, "a too narrow row fails (%d)", st);
    CHECK(diags->errors == 1 && diags->items[diags->count - 1].line == 8 &&
              diags->items[diags->count - 1].col == 9,
          "one error, at the row's line and column");
    kf_layout_free(r ? l : NULL);
    kf_report_free(r);
    kf_diags_free(diags);
}

int
main(void)
{
    test_warnings();
    test_glyph_warning_places();
    test_example();
    test_flow();
    test_figure_chart_cites();
    test_long_text();
    test_keep_with_next();
    test_cover_title();
    test_many_parts();
    test_parts_legend();
    test_cover_contents();
    test_appendix_table();
    test_file("figures/paris-saclay.yaml", NULL, 2);
    test_file("figures/paris-saclay-bilingual.yaml", "en", 2);
    test_file("tests/data/stress.yaml", NULL, 3);
    test_file("tests/data/briefing.yaml", NULL, 6);
    test_file("tests/data/factsheet.yaml", NULL, 1);
    test_file("tests/data/rows.yaml", NULL, 4);
    test_rows();
    test_one_sheet_a_page();
    test_sheets();
    test_narrow_row();
    test_row_height();
    return check_summary();
}
