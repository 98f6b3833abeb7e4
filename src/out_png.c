/*
 * out_png.c: one PNG per page, at a chosen resolution.
 *
 * The page is drawn on an opaque RGB24 image surface and written by
 * png_write.c (libpng at a fast setting) rather than by cairo's own PNG
 * writer, which spends most of its time in zlib; the pixels are the same.
 */
#include "draw.h"
#include "output.h"
#include "png_write.h"

#include <math.h>

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
    cairo_surface_t *surface =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(surface);
    cairo_scale(cr, scale, scale);
    kf_status status = kf_draw_page(cr, layout, page);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    cairo_status_t cst = cairo_surface_status(surface);
    if (status != KF_OK || cst != CAIRO_STATUS_SUCCESS) {
        kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL,
                    "cannot draw page %zu at %g dpi: %s", page + 1, dpi,
                    cst != CAIRO_STATUS_SUCCESS
                        ? cairo_status_to_string(cst)
                        : "drawing failed");
        cairo_surface_destroy(surface);
        return KF_ERR_OUTPUT;
    }
    kf_output *out = kf_output_new(path, diags);
    if (!out) {
        cairo_surface_destroy(surface);
        return KF_ERR_OUTPUT;
    }
    char err[128];
    bool ok = kf_png_write_rgb24(
        out->file, cairo_image_surface_get_data(surface), w, h,
        cairo_image_surface_get_stride(surface), dpi, err, sizeof(err));
    cairo_surface_destroy(surface);
    if (!ok) {
        kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL,
                    "cannot write the PNG: %s", err);
        kf_output_free(out);
        return KF_ERR_OUTPUT;
    }
    return kf_output_commit(out, diags);
}
