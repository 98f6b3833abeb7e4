/*
 * out_svg.c: one SVG per page.
 */
#include "draw.h"
#include "output.h"

#include <cairo-svg.h>

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
    cairo_surface_t *surface = cairo_svg_surface_create_for_stream(
        kf_output_cairo_write, out, p->width, p->height);
    cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT);
    cairo_t *cr = cairo_create(surface);
    kf_status status = kf_draw_page(cr, layout, page);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (status == KF_OK &&
        cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
        status = KF_ERR_OUTPUT;
    cairo_surface_destroy(surface);
    if (status != KF_OK) {
        kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL,
                    "cannot write the SVG");
        kf_output_free(out);
        return KF_ERR_OUTPUT;
    }
    return kf_output_commit(out, diags);
}
