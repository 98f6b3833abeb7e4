/*
 * out_svg.c: one SVG per page.
 *
 * cairo names the groups of an SVG after a process-wide surface counter
 * (<g id="surface394">, and "image" ids likewise), so the same page drawn
 * after other outputs, or beside them in another thread, would get other
 * bytes.  The document is therefore kept in memory and those ids are
 * numbered again from 1, in order of first appearance, before it is
 * written: the same page always gives the same file.
 */
#include "draw.h"
#include "output.h"

#include <cairo-svg.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    unsigned char *data;
    size_t len, cap;
    bool failed;
} svg_buffer;

static cairo_status_t
buffer_write(void *closure, const unsigned char *data, unsigned int length)
{
    svg_buffer *b = closure;
    if (b->len + length > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->len + length)
            cap *= 2;
        unsigned char *d = realloc(b->data, cap);
        if (!d) {
            b->failed = true;
            return CAIRO_STATUS_NO_MEMORY;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, length);
    b->len += length;
    return CAIRO_STATUS_SUCCESS;
}

/* The ids cairo numbers process-wide, as they appear after '"' or '#'. */
static const char *const counted_ids[] = {"surface", "image"};
#define NCOUNTED (sizeof(counted_ids) / sizeof(counted_ids[0]))
#define MAX_RENUMBERED 64

typedef struct {
    unsigned long from[NCOUNTED][MAX_RENUMBERED];
    size_t count[NCOUNTED];
} renumbering;

/* The new number of id `kind` number `n`, or 0 when there are too many
 * to renumber (then the id is left as it is). */
static unsigned long
renumbered(renumbering *rn, size_t kind, unsigned long n)
{
    for (size_t i = 0; i < rn->count[kind]; i++)
        if (rn->from[kind][i] == n)
            return i + 1;
    if (rn->count[kind] == MAX_RENUMBERED)
        return 0;
    rn->from[kind][rn->count[kind]++] = n;
    return rn->count[kind];
}

/* Writes the document to `out` with the counted ids renumbered. */
static void
write_renumbered(const svg_buffer *b, kf_output *out)
{
    renumbering rn = {{{0}}, {0}};
    const unsigned char *p = b->data, *end = b->data + b->len;
    const unsigned char *flushed = p;
    while (p < end) {
        size_t kind = NCOUNTED;
        if (p > b->data && (p[-1] == '"' || p[-1] == '#'))
            for (size_t k = 0; k < NCOUNTED; k++) {
                size_t n = strlen(counted_ids[k]);
                if ((size_t)(end - p) > n && memcmp(p, counted_ids[k], n) == 0 &&
                    p[n] >= '0' && p[n] <= '9')
                    kind = k;
            }
        if (kind == NCOUNTED) {
            p++;
            continue;
        }
        const unsigned char *digits = p + strlen(counted_ids[kind]);
        const unsigned char *q = digits;
        unsigned long n = 0;
        while (q < end && *q >= '0' && *q <= '9' && n < 100000000UL)
            n = n * 10 + (unsigned long)(*q++ - '0');
        unsigned long to = renumbered(&rn, kind, n);
        if (to) {
            char num[24];
            int len = snprintf(num, sizeof(num), "%lu", to);
            kf_output_cairo_write(out, flushed, (unsigned)(digits - flushed));
            kf_output_cairo_write(out, (const unsigned char *)num,
                                  (unsigned)len);
            flushed = q;
        }
        p = q;
    }
    kf_output_cairo_write(out, flushed, (unsigned)(end - flushed));
}

kf_status
kf_write_svg(const kf_report *report, const kf_layout *layout, size_t page,
             const char *path, kf_diags *diags)
{
    if (!report || !layout || page >= layout->npages)
        return KF_ERR_USAGE;
    const kf_layout_page *p = &layout->pages[page];
    kf_output *out = kf_output_new(path, diags);
    if (!out)
        return KF_ERR_OUTPUT;
    svg_buffer doc = {0};
    cairo_surface_t *surface = cairo_svg_surface_create_for_stream(
        buffer_write, &doc, p->width, p->height);
    cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT);
    cairo_t *cr = cairo_create(surface);
    kf_status status = kf_draw_page(cr, layout, page);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (status == KF_OK &&
        (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS || doc.failed))
        status = KF_ERR_OUTPUT;
    cairo_surface_destroy(surface);
    if (status == KF_OK)
        write_renumbered(&doc, out);
    free(doc.data);
    if (status != KF_OK) {
        kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL,
                    "cannot write the SVG");
        kf_output_free(out);
        return KF_ERR_OUTPUT;
    }
    return kf_output_commit(out, diags);
}
