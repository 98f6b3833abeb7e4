/*
 * logo.c: the report's logo, read at load, drawn by draw.c.
 *
 * The file is read once and its bytes kept, so every output draws the
 * same image whatever happens to the file meanwhile, and a logo that
 * cannot be decoded is an error at load, located at `report.logo`, never
 * a blank band at draw time.  A PNG is decoded by cairo; an SVG is parsed
 * by librsvg (from memory, with no base URI, so it can load no other
 * file: an <image href="/etc/..."> is not followed) and drawn as vectors.
 */
#include "logo.h"
#include "palette.h"

#include <librsvg/rsvg.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cairo reads a PNG through a callback: this one walks a byte buffer. */
typedef struct {
    const unsigned char *data;
    size_t size, at;
} png_reader;

static cairo_status_t
read_png_bytes(void *closure, unsigned char *out, unsigned int length)
{
    png_reader *r = closure;
    if (length > r->size - r->at)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(out, r->data + r->at, length);
    r->at += length;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
png_surface(const kf_logo *logo)
{
    png_reader r = {logo->data, logo->size, 0};
    return cairo_image_surface_create_from_png_stream(read_png_bytes, &r);
}

static RsvgHandle *
svg_handle(const unsigned char *data, size_t size, char *why, size_t why_size)
{
    GError *err = NULL;
    RsvgHandle *h = rsvg_handle_new_from_data(data, size, &err);
    if (!h) {
        if (why)
            snprintf(why, why_size, "the SVG cannot be read (%s)",
                     err && err->message ? err->message : "no reason given");
        if (err)
            g_error_free(err);
        return NULL;
    }
    return h;
}

/* The SVG's size: its width and height when they are absolute, else its
 * viewBox (a logo written as viewBox="0 0 120 40" is 3:1). */
static bool
svg_size(RsvgHandle *h, double *w, double *h_out)
{
    if (rsvg_handle_get_intrinsic_size_in_pixels(h, w, h_out) && *w > 0 &&
        *h_out > 0)
        return true;
    gboolean has_w, has_h, has_vb;
    RsvgLength lw, lh;
    RsvgRectangle vb;
    rsvg_handle_get_intrinsic_dimensions(h, &has_w, &lw, &has_h, &lh, &has_vb,
                                         &vb);
    if (has_vb && vb.width > 0 && vb.height > 0) {
        *w = vb.width;
        *h_out = vb.height;
        return true;
    }
    return false;
}

static bool
looks_like_svg(const unsigned char *data, size_t size)
{
    /* An XML declaration, a comment or <svg first: the root is checked
     * by librsvg. */
    size_t i = 0;
    if (size >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
        i = 3;
    while (i < size && (data[i] == ' ' || data[i] == '\t' ||
                        data[i] == '\r' || data[i] == '\n'))
        i++;
    return i < size && data[i] == '<';
}

/* The logo's outline, from a small rendering of it (LOGO_SAMPLE pixels
 * on its longer side): the opaque pixels (alpha >= 1/2) next to a
 * transparent one, binned by luminance into logo->edge.  The image's own
 * border does not count: an opaque logo has no outline and keeps its
 * plate. */
#define LOGO_SAMPLE 160

static void
measure_edge(kf_logo *logo)
{
    double scale = LOGO_SAMPLE / (logo->width > logo->height ? logo->width
                                                              : logo->height);
    int w = (int)(logo->width * scale + 0.5);
    int h = (int)(logo->height * scale + 0.5);
    if (w < 3 || h < 3)
        return;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create(s);
    bool drawn = kf_logo_draw(cr, logo, 0, 0, w, h);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    if (!drawn || cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return;
    }
    const unsigned char *px = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
#define ALPHA(x, y) (((const uint32_t *)(px + (y) * stride))[x] >> 24)
    for (int y = 1; y + 1 < h; y++)
        for (int x = 1; x + 1 < w; x++) {
            uint32_t p = ((const uint32_t *)(px + y * stride))[x];
            unsigned a = p >> 24;
            if (a < 128 || (ALPHA(x - 1, y) >= 128 && ALPHA(x + 1, y) >= 128 &&
                            ALPHA(x, y - 1) >= 128 && ALPHA(x, y + 1) >= 128))
                continue;
            /* cairo's pixels are premultiplied by their alpha */
            kf_color c = {(uint8_t)(((p >> 16) & 255) * 255 / a),
                          (uint8_t)(((p >> 8) & 255) * 255 / a),
                          (uint8_t)((p & 255) * 255 / a)};
            /* contrast with black, 1 to 21: a scale of luminance */
            double l = kf_palette_contrast(c, (kf_color){0, 0, 0});
            int bin = (int)((l - 1) / 20 * KF_LOGO_EDGE_BINS);
            if (bin < 0)
                bin = 0;
            if (bin >= KF_LOGO_EDGE_BINS)
                bin = KF_LOGO_EDGE_BINS - 1;
            logo->edge[bin].weight += 1;
            logo->edge[bin].r += c.r;
            logo->edge[bin].g += c.g;
            logo->edge[bin].b += c.b;
        }
#undef ALPHA
    cairo_surface_destroy(s);
}

/* How well the outline of `logo` reads on `bg`: its pixels' contrast
 * with it, each counted up to 4.5:1 (text that reads), averaged; 0 for
 * no outline. */
static double
edge_score(const kf_logo *logo, kf_color bg)
{
    double sum = 0, weight = 0;
    for (int i = 0; i < KF_LOGO_EDGE_BINS; i++) {
        const kf_logo_edge_bin *e = &logo->edge[i];
        if (e->weight <= 0)
            continue;
        kf_color c = {(uint8_t)(e->r / e->weight), (uint8_t)(e->g / e->weight),
                      (uint8_t)(e->b / e->weight)};
        double k = kf_palette_contrast(c, bg);
        sum += e->weight * (k < 4.5 ? k : 4.5);
        weight += e->weight;
    }
    return weight > 0 ? sum / weight : 0;
}

bool
kf_logo_wants_plate(const kf_logo *logo, kf_color band)
{
    if (!logo)
        return true;
    /* Clearly better on the band: a light logo on a dark band scores
     * about 4.5 there and 1 to 2 on white. */
    return edge_score(logo, band) < edge_score(logo, KF_WHITE) + 1.0;
}

kf_logo *
kf_logo_read(const char *path, char *why, size_t why_size)
{
    kf_logo *logo = calloc(1, sizeof(*logo));
    FILE *f = fopen(path, "rb");
    if (!logo || !f) {
        snprintf(why, why_size, "%s", logo ? strerror(errno) : "out of memory");
        goto fail;
    }
    logo->data = malloc(KF_LOGO_MAX_BYTES + 1);
    if (!logo->data) {
        snprintf(why, why_size, "out of memory");
        goto fail;
    }
    logo->size = fread(logo->data, 1, KF_LOGO_MAX_BYTES + 1, f);
    if (ferror(f)) {
        snprintf(why, why_size, "it cannot be read");
        goto fail;
    }
    if (logo->size > KF_LOGO_MAX_BYTES) {
        snprintf(why, why_size, "it is larger than %u MB",
                 KF_LOGO_MAX_BYTES / (1024u * 1024u));
        goto fail;
    }
    fclose(f);
    f = NULL;
    if (logo->size >= 8 && !memcmp(logo->data, "\x89PNG\r\n\x1a\n", 8)) {
        logo->kind = KF_LOGO_PNG;
        cairo_surface_t *s = png_surface(logo);
        cairo_status_t st = cairo_surface_status(s);
        if (st == CAIRO_STATUS_SUCCESS) {
            logo->width = cairo_image_surface_get_width(s);
            logo->height = cairo_image_surface_get_height(s);
        }
        cairo_surface_destroy(s);
        if (st != CAIRO_STATUS_SUCCESS || logo->width <= 0 ||
            logo->height <= 0) {
            snprintf(why, why_size, "the PNG is damaged (%s)",
                     cairo_status_to_string(st));
            goto fail;
        }
    } else if (looks_like_svg(logo->data, logo->size)) {
        logo->kind = KF_LOGO_SVG;
        RsvgHandle *h = svg_handle(logo->data, logo->size, why, why_size);
        if (!h)
            goto fail;
        bool sized = svg_size(h, &logo->width, &logo->height);
        g_object_unref(h);
        if (!sized) {
            snprintf(why, why_size,
                     "the SVG has no size: give its <svg> a width and a "
                     "height, or a viewBox");
            goto fail;
        }
    } else {
        snprintf(why, why_size, "it is not a PNG or SVG image");
        goto fail;
    }
    measure_edge(logo);
    return logo;
fail:
    if (f)
        fclose(f);
    kf_logo_free(logo);
    return NULL;
}

kf_logo *
kf_logo_dup(const kf_logo *logo)
{
    if (!logo)
        return NULL;
    kf_logo *copy = malloc(sizeof(*copy));
    if (!copy)
        return NULL;
    *copy = *logo;
    copy->data = malloc(logo->size ? logo->size : 1);
    if (!copy->data) {
        free(copy);
        return NULL;
    }
    memcpy(copy->data, logo->data, logo->size);
    return copy;
}

void
kf_logo_free(kf_logo *logo)
{
    if (!logo)
        return;
    free(logo->data);
    free(logo);
}

bool
kf_logo_draw(cairo_t *cr, const kf_logo *logo, double x, double y, double w,
             double h)
{
    if (!logo || w <= 0 || h <= 0)
        return false;
    double scale = w / logo->width < h / logo->height ? w / logo->width
                                                      : h / logo->height;
    double dw = logo->width * scale, dh = logo->height * scale;
    double dx = x + (w - dw) / 2, dy = y + (h - dh) / 2;
    if (logo->kind == KF_LOGO_PNG) {
        /* Decoded again for each drawing (a logo is small) so threads
         * share no cairo surface; the unique id makes the PDF keep one
         * image for every sheet. */
        cairo_surface_t *s = png_surface(logo);
        if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(s);
            return false;
        }
        static const char id[] = "keyfig-logo";
        cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID,
                                    (const unsigned char *)id,
                                    sizeof(id) - 1, NULL, NULL);
        cairo_save(cr);
        cairo_translate(cr, dx, dy);
        cairo_scale(cr, scale, scale);
        cairo_set_source_surface(cr, s, 0, 0);
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
        cairo_rectangle(cr, 0, 0, logo->width, logo->height);
        cairo_fill(cr);
        cairo_restore(cr);
        cairo_surface_destroy(s);
        return true;
    }
    RsvgHandle *handle = svg_handle(logo->data, logo->size, NULL, 0);
    if (!handle)
        return false;
    RsvgRectangle viewport = {dx, dy, dw, dh};
    GError *err = NULL;
    cairo_save(cr);
    gboolean ok = rsvg_handle_render_document(handle, cr, &viewport, &err);
    cairo_restore(cr);
    if (err)
        g_error_free(err);
    g_object_unref(handle);
    return ok;
}
