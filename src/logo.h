/*
 * logo.h: the report's logo (report.logo), read and checked once at load
 * and drawn by every output from the bytes kept: a PNG through cairo, an
 * SVG as vectors through librsvg.  Internal to libkeyfig.
 */
#ifndef KF_LOGO_H
#define KF_LOGO_H

#include "keyfig.h"

#include <cairo.h>

/* The largest logo file read: a logo is a few kilobytes; a bigger file is
 * a photograph or a mistake. */
#define KF_LOGO_MAX_BYTES (4u * 1024u * 1024u)

typedef enum { KF_LOGO_PNG, KF_LOGO_SVG } kf_logo_kind;

/* The colours of a logo's outline, where its ink meets its transparent
 * background, in bins of luminance: what decides whether it reads better
 * on a white plate or straight on the band's colour. */
#define KF_LOGO_EDGE_BINS 16

typedef struct {
    double weight;        /* outline pixels in the bin */
    double r, g, b;       /* their colours summed, 0-255 each */
} kf_logo_edge_bin;

struct kf_logo {
    kf_logo_kind kind;
    unsigned char *data; /* the file's bytes, owned */
    size_t size;
    double width, height; /* its size (PNG pixels, SVG user units), > 0 */
    kf_logo_edge_bin edge[KF_LOGO_EDGE_BINS]; /* all 0 for an opaque logo */
};

/* Reads the logo at `path` (already checked to be a regular file inside
 * the report's folder), decodes it whole to be sure it can be drawn, and
 * returns it; NULL with a sentence in `why` ("it is not a PNG or SVG
 * image", "the PNG is damaged") when it cannot be read. */
kf_logo *kf_logo_read(const char *path, char *why, size_t why_size);

/* A copy of `logo` (NULL for NULL or no memory), for a layout to own. */
kf_logo *kf_logo_dup(const kf_logo *logo);

void kf_logo_free(kf_logo *logo);

/* Whether `logo` is drawn on a white plate on a band of colour `band`:
 * true but where its outline reads clearly better on the band than on
 * white, as a white or light logo made for dark backgrounds does (on a
 * plate its lettering would vanish).  An opaque logo, or one whose
 * outline reads as well on white, keeps its plate. */
bool kf_logo_wants_plate(const kf_logo *logo, kf_color band);

/* Draws `logo` into the box (x, y, w, h) of `cr`, scaled to fit it with
 * its aspect kept, centred in it.  An SVG stays vectors in a PDF or SVG
 * surface; every PNG drawn in one PDF is the one image XObject (cairo
 * shares surfaces with the same unique id).  Safe from several threads
 * at once: nothing of `logo` is written.  False when it cannot be drawn
 * (the context then carries an error, or nothing was drawn). */
bool kf_logo_draw(cairo_t *cr, const kf_logo *logo, double x, double y,
                  double w, double h);

#endif /* KF_LOGO_H */
