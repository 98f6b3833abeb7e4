/*
 * out_png.c: one PNG per page, at a chosen resolution.
 *
 * The page is drawn on opaque RGB24 image surfaces and written by
 * png_write.c (libpng at a fast setting) rather than by cairo's own PNG
 * writer, which spends most of its time in zlib; the pixels are the same.
 *
 * It is drawn a band of rows at a time, each band as the writer reaches
 * it.  A whole A4 page at 150 dpi is 8.3 MiB of pixels, and a batch has
 * one per thread: most of its memory.  A band is about 1 MiB, and drawing
 * the page once per band costs little, since cairo drops whatever lies
 * outside the surface before rasterizing it and the lines come shaped
 * from the thread's cache.  The bands' device offsets are whole pixels, so
 * every pixel is computed as it would be on a whole page.
 */
#include "draw.h"
#include "output.h"
#include "png_write.h"

#include <math.h>
#include <stdlib.h>

#define BAND_BYTES ((size_t)1 << 20)

/* The rows of one page, drawn a band at a time for the PNG writer. */
typedef struct {
    const kf_layout *layout;
    size_t page;
    double scale;
    int width, height, stride;
    int band_rows;        /* rows `pixels` has room for */
    unsigned char *pixels;
    int first;            /* the page row at the top of `pixels`; -1: none */
    kf_status status;     /* of the last drawing */
    cairo_status_t cairo; /* of the last band's surface */
} bands;

/* Draws the band of rows [first, first + band_rows) clipped to the page. */
static bool
draw_band(bands *b, int first)
{
    int rows = b->height - first < b->band_rows ? b->height - first
                                                 : b->band_rows;
    cairo_surface_t *surface = cairo_image_surface_create_for_data(
        b->pixels, CAIRO_FORMAT_RGB24, b->width, rows, b->stride);
    cairo_surface_set_device_offset(surface, 0, -first);
    cairo_t *cr = cairo_create(surface);
    cairo_scale(cr, b->scale, b->scale);
    b->status = kf_draw_page(cr, b->layout, b->page);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    b->cairo = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    b->first = first;
    return b->status == KF_OK && b->cairo == CAIRO_STATUS_SUCCESS;
}

static const unsigned char *
band_row(void *ctx, int y)
{
    bands *b = ctx;
    /* The writer asks for the rows from the top down. */
    if ((b->first < 0 || y >= b->first + b->band_rows) && !draw_band(b, y))
        return NULL;
    return b->pixels + (size_t)(y - b->first) * (size_t)b->stride;
}

kf_status
kf_write_png(const kf_report *report, const kf_layout *layout, size_t page,
             double dpi, const char *path, kf_diags *diags)
{
    if (!report || !layout || page >= layout->npages || !(dpi > 0) ||
        dpi > 2400)
        return KF_ERR_USAGE;
    const kf_layout_page *p = &layout->pages[page];
    double scale = dpi / 72.0;
    int w = (int)lround(p->width * scale), h = (int)lround(p->height * scale);
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, w);
    bands b = {.layout = layout, .page = page, .scale = scale, .width = w,
               .height = h, .stride = stride, .first = -1,
               .status = KF_OK, .cairo = CAIRO_STATUS_SUCCESS};
    if (stride > 0 && h > 0) {
        /* About a mebibyte, and at most 32 bands however fine the
         * resolution (each band walks the whole page). */
        size_t rows = BAND_BYTES / (size_t)stride;
        size_t fewest = ((size_t)h + 31) / 32;
        if (rows < fewest)
            rows = fewest;
        b.band_rows = rows > (size_t)h ? h : (int)rows;
        b.pixels = malloc((size_t)stride * (size_t)b.band_rows);
    }
    if (!b.pixels) {
        kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL,
                    "cannot draw page %zu at %g dpi: %s", page + 1, dpi,
                    stride > 0 && h > 0 ? "out of memory"
                                        : "the image would be empty");
        return KF_ERR_OUTPUT;
    }
    kf_output *out = kf_output_new(path, diags);
    if (!out) {
        free(b.pixels);
        return KF_ERR_OUTPUT;
    }
    char err[128];
    bool ok = kf_png_write_rgb24(out->file, w, h, dpi, band_row, &b, err,
                                 sizeof(err));
    free(b.pixels);
    if (!ok) {
        if (b.status != KF_OK || b.cairo != CAIRO_STATUS_SUCCESS)
            kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL,
                        "cannot draw page %zu at %g dpi: %s", page + 1, dpi,
                        b.cairo != CAIRO_STATUS_SUCCESS
                            ? cairo_status_to_string(b.cairo)
                            : "drawing failed");
        else
            kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL,
                        "cannot write the PNG: %s", err);
        kf_output_free(out);
        return KF_ERR_OUTPUT;
    }
    return kf_output_commit(out, diags);
}
