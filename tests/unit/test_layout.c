/*
 * test_layout.c: the geometry every laid-out page must have, checked on the
 * layout data alone (no surface): every item inside its page, every item of
 * a block inside the block's box, no two lines of text overlapping, and
 * the figures of the example on the pages the report puts them.
 */
#include "keyfig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond, ...)                                                      \
    do {                                                                      \
        if (cond) {                                                           \
            passed++;                                                         \
        } else {                                                              \
            failed++;                                                         \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                       \
            printf(__VA_ARGS__);                                              \
            printf("\n");                                                     \
        }                                                                     \
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
        /* Blocks are stacked, never on top of one another. */
        for (size_t k = 1; k < page->nblocks; k++)
            CHECK(page->blocks[k].y >=
                      page->blocks[k - 1].y + page->blocks[k - 1].h - EPS,
                  "%s page %zu: block %zu overlaps the one above", name,
                  p + 1, k);
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
                                      KF_PAPER_SCREEN};
    for (size_t i = 0; i < sizeof(papers) / sizeof(papers[0]); i++) {
        r->paper = papers[i];
        kf_layout *l = kf_layout_new(r, diags);
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
    kf_layout *l = r ? kf_layout_new(r, diags) : NULL;
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

/* Blocks that do not fit go to a continuation page with the same header. */
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
        "      - chart: { type: donut, series: s }\n"
        "      - chart: { type: hbar, series: s }\n";
    kf_diags *diags = kf_diags_new();
    kf_report *r = kf_report_load_buffer("flow.yaml", yaml, sizeof(yaml) - 1,
                                         NULL, diags);
    kf_layout *l = r ? kf_layout_new(r, diags) : NULL;
    CHECK(l && l->npages >= 2, "six charts flow onto a second page");
    if (l && l->npages >= 2) {
        CHECK(!l->pages[0].continued && l->pages[1].continued,
              "the second page is a continuation");
        CHECK(page_has_text(&l->pages[1], "Page (suite)"),
              "the continuation page says so");
        size_t blocks = 0;
        for (size_t p = 0; p < l->npages; p++)
            blocks += l->pages[p].nblocks;
        CHECK(blocks == 6, "every block is placed once (%zu)", blocks);
        check_geometry("flow", l);
    }
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(diags);
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
    kf_layout *l = r ? kf_layout_new(r, diags) : NULL;
    CHECK(l != NULL, "a report with warnings still lays out");
    CHECK(has_warning(diags, "no glyph for 1 character"),
          "a missing glyph is reported");
    CHECK(has_warning(diags, "contrast ratio"),
          "white on a yellow band is reported");
    kf_layout_free(l);
    kf_report_free(r);
    kf_diags_free(diags);
}

int
main(void)
{
    test_warnings();
    test_example();
    test_flow();
    test_file("figures/paris-saclay.yaml", NULL, 2);
    test_file("figures/paris-saclay-bilingual.yaml", "en", 2);
    test_file("tests/data/stress.yaml", NULL, 3);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
