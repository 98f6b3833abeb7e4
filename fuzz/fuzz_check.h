/*
 * fuzz_check.h: the invariants every fuzz target checks besides "no crash,
 * no leak, no sanitizer report".  A broken invariant aborts, which
 * libFuzzer (and the plain replay driver) report as a crash with the
 * message printed first.
 *
 * Header-only so each target stays one translation unit.
 */
#ifndef KF_FUZZ_CHECK_H
#define KF_FUZZ_CHECK_H

#include "draw.h"
#include "keyfig.h"

#include <cairo.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The side of the image fuzz_draw_pages draws on, in pixels. */
#define FUZZ_SURFACE_PX 64

#define FUZZ_CHECK(cond, ...)                                                \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: invariant broken: %s: ", __FILE__,       \
                    __LINE__, #cond);                                        \
            fprintf(stderr, __VA_ARGS__);                                    \
            fputc('\n', stderr);                                             \
            abort();                                                         \
        }                                                                    \
    } while (0)

/* True when `s` is well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF). */
static inline int
fuzz_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        int n;
        unsigned min;
        if (c < 0x80) {
            p++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1, min = 0x80, c &= 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, min = 0x800, c &= 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, min = 0x10000, c &= 0x07;
        } else {
            return 0;
        }
        p++;
        for (int i = 0; i < n; i++, p++) {
            if ((*p & 0xC0) != 0x80)
                return 0;
            c = (c << 6) | (*p & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return 0;
    }
    return 1;
}

#define FUZZ_CHECK_TEXT(s, what)                                             \
    FUZZ_CHECK(fuzz_utf8_valid(s), "%s is not valid UTF-8", what)
#define FUZZ_CHECK_OPT_TEXT(s, what)                                         \
    do {                                                                     \
        if (s)                                                               \
            FUZZ_CHECK_TEXT(s, what);                                        \
    } while (0)

/* Every diagnostic is complete and the counts agree with the list. */
static inline void
fuzz_check_diags(const kf_diags *d)
{
    FUZZ_CHECK(d->count <= KF_DIAGS_MAX, "%zu diagnostics kept", d->count);
    FUZZ_CHECK(d->count + d->dropped == d->errors + d->warnings,
               "%zu kept + %zu dropped != %zu errors + %zu warnings",
               d->count, d->dropped, d->errors, d->warnings);
    for (size_t i = 0; i < d->count; i++) {
        const kf_diag *g = &d->items[i];
        FUZZ_CHECK(g->message && g->message[0], "diagnostic %zu is empty", i);
        FUZZ_CHECK(g->line >= 0 && g->col >= 0, "diagnostic %zu at %d:%d", i,
                   g->line, g->col);
        /* Messages quote the input: they must stay printable UTF-8. */
        FUZZ_CHECK_TEXT(g->message, "a diagnostic");
        FUZZ_CHECK_OPT_TEXT(g->hint, "a hint");
    }
}

static inline void
fuzz_check_date(kf_date d, const char *what)
{
    if (d.year == 0)
        return;
    FUZZ_CHECK(d.month >= 0 && d.month <= 12, "%s: month %d", what, d.month);
    FUZZ_CHECK(d.day >= 0 && d.day <= 31, "%s: day %d", what, d.day);
    FUZZ_CHECK(d.month > 0 || d.day == 0, "%s: a day without a month", what);
}

/* A report the loader accepted is one the rest of keyfig may trust:
 * every index in range, every required text present and valid UTF-8,
 * every number finite. */
static inline void
fuzz_check_report(const kf_report *r)
{
    FUZZ_CHECK(r->title != NULL, "no title");
    FUZZ_CHECK_TEXT(r->title, "the title");
    FUZZ_CHECK_OPT_TEXT(r->subtitle, "the subtitle");
    FUZZ_CHECK_OPT_TEXT(r->organisation, "the organisation");
    FUZZ_CHECK(r->font != NULL, "no font");
    fuzz_check_date(r->date, "report date");
    for (size_t i = 0; i < r->nsources; i++) {
        const kf_source *s = &r->sources[i];
        FUZZ_CHECK(s->id && s->title, "source %zu incomplete", i);
        FUZZ_CHECK_TEXT(s->title, "a source title");
        FUZZ_CHECK_OPT_TEXT(s->publisher, "a publisher");
        FUZZ_CHECK_OPT_TEXT(s->url, "a url");
        fuzz_check_date(s->date, "source date");
    }
    for (size_t i = 0; i < r->nmetrics; i++) {
        const kf_metric *m = &r->metrics[i];
        FUZZ_CHECK(m->id && m->label, "metric %zu incomplete", i);
        FUZZ_CHECK_TEXT(m->label, "a metric label");
        FUZZ_CHECK_OPT_TEXT(m->unit, "a unit");
        FUZZ_CHECK(isfinite(m->value), "metric %zu value %g", i, m->value);
        FUZZ_CHECK(!m->has_previous || isfinite(m->previous),
                   "metric %zu previous %g", i, m->previous);
        FUZZ_CHECK(m->source >= -1 && m->source < (int)r->nsources,
                   "metric %zu source %d of %zu", i, m->source, r->nsources);
        FUZZ_CHECK(m->sparkline >= -1 && m->sparkline < (int)r->nseries,
                   "metric %zu sparkline %d of %zu", i, m->sparkline,
                   r->nseries);
        fuzz_check_date(m->as_of, "metric as_of");
    }
    for (size_t i = 0; i < r->nseries; i++) {
        const kf_series *s = &r->series[i];
        FUZZ_CHECK(s->id && s->title, "series %zu incomplete", i);
        FUZZ_CHECK_TEXT(s->title, "a series title");
        FUZZ_CHECK_OPT_TEXT(s->unit, "a series unit");
        FUZZ_CHECK(s->source >= -1 && s->source < (int)r->nsources,
                   "series %zu source %d of %zu", i, s->source, r->nsources);
        for (size_t k = 0; k < s->npoints; k++) {
            FUZZ_CHECK(s->points[k].label, "series %zu point %zu label", i, k);
            FUZZ_CHECK_TEXT(s->points[k].label, "a point label");
            FUZZ_CHECK(isfinite(s->points[k].value), "series %zu point %zu",
                       i, k);
        }
    }
    for (size_t i = 0; i < r->npages; i++) {
        const kf_page *p = &r->pages[i];
        FUZZ_CHECK_OPT_TEXT(p->title, "a page title");
        for (size_t k = 0; k < p->nblocks; k++) {
            const kf_block *b = &p->blocks[k];
            for (size_t j = 0; j < b->nmetrics; j++)
                FUZZ_CHECK(b->metrics[j] < r->nmetrics,
                           "page %zu block %zu metric %zu of %zu", i, k,
                           b->metrics[j], r->nmetrics);
            if (b->kind == KF_BLOCK_CHART) {
                /* series is series_list[0], or the one series shown
                 * when there is no list and no metric. */
                FUZZ_CHECK((b->nseries == 0 && b->metric >= 0) ||
                               b->series < r->nseries,
                           "page %zu chart %zu series %zu of %zu", i, k,
                           b->series, r->nseries);
                for (size_t j = 0; j < b->nseries; j++)
                    FUZZ_CHECK(b->series_list[j] < r->nseries,
                               "page %zu chart %zu series %zu of %zu", i, k,
                               b->series_list[j], r->nseries);
                FUZZ_CHECK(b->metric >= -1 && b->metric < (int)r->nmetrics,
                           "page %zu chart %zu metric %d of %zu", i, k,
                           b->metric, r->nmetrics);
            }
            FUZZ_CHECK_OPT_TEXT(b->text, "a text block");
        }
    }
}

/* Loads `data` as the file `name` (its extension picks the reader) and
 * checks the result: a report exactly when there is no error, and then a
 * consistent one; the diagnostics complete and printable.  Returns the
 * report (the caller frees it) or NULL. */
static inline kf_report *
fuzz_load(const char *name, const uint8_t *data, size_t size, kf_diags *diags)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    kf_report *r =
        kf_report_load_buffer(name, (const char *)data, size, NULL, diags);
    fuzz_check_diags(diags);
    FUZZ_CHECK((r != NULL) == (diags->errors == 0),
               "report %p with %zu errors", (void *)r, diags->errors);
    if (r)
        fuzz_check_report(r);
    if (sink)
        kf_diags_print(diags, sink);
    return r;
}

#define FINITE(v, what)                                                      \
    FUZZ_CHECK(isfinite(v), "page %zu item %zu: %s is %g", i, k, what, v)

/* A layout kf_layout_new returned is one drawing may trust: every page
 * sized, every box and coordinate finite, every text valid UTF-8, every
 * index in range. */
static inline void
fuzz_check_layout(const kf_report *r, const kf_layout *l)
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

/* Draws every page of `l` and checks that cairo stays out of error.  On
 * a 64-pixel image (rasterising is not what is tested, and keeping it
 * small keeps the target fast), or with `record` on a recording surface
 * of each page's size, which keeps every glyph and path as a PDF gets
 * them and rasterises nothing. */
static inline void
fuzz_draw_pages(const kf_layout *l, bool record)
{
    cairo_surface_t *surface =
        record ? NULL
               : cairo_image_surface_create(CAIRO_FORMAT_RGB24, FUZZ_SURFACE_PX,
                                            FUZZ_SURFACE_PX);
    for (size_t i = 0; i < l->npages; i++) {
        const kf_layout_page *p = &l->pages[i];
        if (record) {
            cairo_rectangle_t page = {0, 0, p->width, p->height};
            surface = cairo_recording_surface_create(
                CAIRO_CONTENT_COLOR_ALPHA, &page);
        }
        cairo_t *cr = cairo_create(surface);
        if (!record) {
            double longer = p->width > p->height ? p->width : p->height;
            cairo_scale(cr, FUZZ_SURFACE_PX / longer,
                        FUZZ_SURFACE_PX / longer);
        }
        kf_status s = kf_draw_page(cr, l, i);
        FUZZ_CHECK(s == KF_OK, "page %zu: %s (cairo: %s)", i, kf_strerror(s),
                   cairo_status_to_string(cairo_status(cr)));
        cairo_destroy(cr);
        if (record || i + 1 == l->npages) {
            cairo_surface_flush(surface);
            FUZZ_CHECK(cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS,
                       "surface: %s",
                       cairo_status_to_string(cairo_surface_status(surface)));
            cairo_surface_destroy(surface);
            surface = NULL;
        }
    }
    if (surface)
        cairo_surface_destroy(surface);
}

/* The private fonts, once, before any input runs (LLVMFuzzerInitialize);
 * without them nothing can be tested. */
static inline void
fuzz_fonts_init(void)
{
    kf_diags *diags = kf_diags_new();
    if (kf_fonts_init(diags) != KF_OK) {
        kf_diags_print(diags, stderr);
        abort();
    }
    kf_diags_free(diags);
}

#endif
