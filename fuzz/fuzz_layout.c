/*
 * fuzz_layout.c: libFuzzer target for the whole path from a report file
 * to pixels: load from memory (JSON when the input starts with '{', else
 * YAML), kf_layout_new, then kf_draw_page for every page on a tiny image
 * surface, so that text shaping, line breaking, charts and cairo all see
 * what the fuzzer builds.
 *
 * Besides sanitizer reports it checks that a layout exists exactly when
 * there is no error, that every box and coordinate is finite, every text
 * valid UTF-8, every index in range, and that drawing succeeds.  The
 * surface is 64 pixels on its longer side: rasterising is not what is
 * tested, and keeping it small keeps the target fast.
 */
#include "draw.h"
#include "fuzz_check.h"

#include <cairo.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SURFACE_PX 64

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* The private fonts, once, before any input runs. */
    kf_diags *diags = kf_diags_new();
    if (kf_fonts_init(diags) != KF_OK) {
        kf_diags_print(diags, stderr);
        abort();
    }
    kf_diags_free(diags);
    return 0;
}

static bool
looks_like_json(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        if (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' ||
            data[i] == '\r')
            continue;
        return data[i] == '{';
    }
    return false;
}

#define FINITE(v, what)                                                      \
    FUZZ_CHECK(isfinite(v), "page %zu item %zu: %s is %g", i, k, what, v)

static void
check_layout(const kf_report *r, const kf_layout *l)
{
    FUZZ_CHECK(l->font != NULL, "no font");
    for (size_t i = 0; i < l->npages; i++) {
        const kf_layout_page *p = &l->pages[i];
        FUZZ_CHECK(isfinite(p->width) && isfinite(p->height) &&
                       p->width > 0 && p->height > 0,
                   "page %zu is %g x %g", i, p->width, p->height);
        FUZZ_CHECK(p->report_page >= -1 && p->report_page < (int)r->npages,
                   "page %zu comes from page %d of %zu", i, p->report_page,
                   r->npages);
        FUZZ_CHECK_OPT_TEXT(p->title, "a page title");
        for (size_t k = 0; k < p->count; k++) {
            const kf_item *it = &p->items[k];
            FINITE(it->x, "x");
            FINITE(it->y, "y");
            FINITE(it->w, "w");
            FINITE(it->h, "h");
            switch (it->kind) {
            case KF_ITEM_RECT:
                FINITE(it->radius, "radius");
                break;
            case KF_ITEM_TEXT:
                FUZZ_CHECK(it->text != NULL, "page %zu item %zu: no text", i,
                           k);
                FUZZ_CHECK_TEXT(it->text, "a text item");
                FUZZ_CHECK(isfinite(it->size) && it->size > 0,
                           "page %zu item %zu: size %g", i, k, it->size);
                FINITE(it->baseline, "baseline");
                FUZZ_CHECK_OPT_TEXT(it->link, "a link");
                FUZZ_CHECK_OPT_TEXT(it->dest, "a destination");
                break;
            case KF_ITEM_ARC:
                FINITE(it->cx, "cx");
                FINITE(it->cy, "cy");
                FINITE(it->r_outer, "r_outer");
                FINITE(it->r_inner, "r_inner");
                FINITE(it->a0, "a0");
                FINITE(it->a1, "a1");
                break;
            case KF_ITEM_IMAGE:
                FUZZ_CHECK(l->logo != NULL && it->w > 0 && it->h > 0,
                           "page %zu item %zu: an image without a logo", i,
                           k);
                break;
            case KF_ITEM_LINE:
                FINITE(it->x2, "x2");
                FINITE(it->y2, "y2");
                FINITE(it->line_width, "line_width");
                break;
            }
        }
        for (size_t k = 0; k < p->nblocks; k++) {
            const kf_block_box *b = &p->blocks[k];
            FUZZ_CHECK(isfinite(b->x) && isfinite(b->y) && isfinite(b->w) &&
                           isfinite(b->h),
                       "page %zu block box %zu not finite", i, k);
            /* -1: a page of keyfig's own (contents, data appendix),
             * whose blocks are not the report's. */
            FUZZ_CHECK(b->page >= -1 && b->page < (int)r->npages,
                       "page %zu block box %zu on page %d of %zu", i, k,
                       b->page, r->npages);
            if (b->page < 0)
                continue;
            FUZZ_CHECK(b->block >= 0 &&
                           (size_t)b->block < r->pages[b->page].nblocks,
                       "page %zu block box %zu is block %d of %zu", i, k,
                       b->block, r->pages[b->page].nblocks);
        }
    }
}

static void
draw_pages(const kf_layout *l)
{
    cairo_surface_t *surface =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, SURFACE_PX, SURFACE_PX);
    for (size_t i = 0; i < l->npages; i++) {
        const kf_layout_page *p = &l->pages[i];
        double longer = p->width > p->height ? p->width : p->height;
        cairo_t *cr = cairo_create(surface);
        cairo_scale(cr, SURFACE_PX / longer, SURFACE_PX / longer);
        kf_status s = kf_draw_page(cr, l, i);
        FUZZ_CHECK(s == KF_OK, "page %zu: %s (cairo: %s)", i, kf_strerror(s),
                   cairo_status_to_string(cairo_status(cr)));
        cairo_destroy(cr);
    }
    cairo_surface_flush(surface);
    FUZZ_CHECK(cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS,
               "surface: %s",
               cairo_status_to_string(cairo_surface_status(surface)));
    cairo_surface_destroy(surface);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kf_diags *diags = kf_diags_new();
    if (!diags)
        return 0;
    const char *name = looks_like_json(data, size) ? "fuzz.json" : "fuzz.yaml";
    kf_report *r = fuzz_load(name, data, size, diags);
    if (r) {
        kf_layout *l;
        kf_status st = kf_layout_new(r, diags, &l);
        FUZZ_CHECK((st == KF_OK) == (l != NULL), "layout status %d", st);
        fuzz_check_diags(diags);
        FUZZ_CHECK((l != NULL) == (diags->errors == 0),
                   "layout %p with %zu errors", (void *)l, diags->errors);
        if (l) {
            check_layout(r, l);
            draw_pages(l);
        }
        kf_layout_free(l);
    }
    kf_report_free(r);
    kf_diags_free(diags);
    return 0;
}
