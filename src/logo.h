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

struct kf_logo {
    kf_logo_kind kind;
    unsigned char *data; /* the file's bytes, owned */
    size_t size;
    double width, height; /* its size (PNG pixels, SVG user units), > 0 */
};

/* Reads the logo at `path` (already checked to be a regular file inside
 * the report's folder), decodes it whole to be sure it can be drawn, and
 * returns it; NULL with a sentence in `why` ("it is not a PNG or SVG
 * image", "the PNG is damaged") when it cannot be read. */
kf_logo *kf_logo_read(const char *path, char *why, size_t why_size);

/* A copy of `logo` (NULL for NULL or no memory), for a layout to own. */
kf_logo *kf_logo_dup(const kf_logo *logo);

void kf_logo_free(kf_logo *logo);

/* Draws `logo` into the box (x, y, w, h) of `cr`, scaled to fit it with
 * its aspect kept, centred in it.  An SVG stays vectors in a PDF or SVG
 * surface; every PNG drawn in one PDF is the one image XObject (cairo
 * shares surfaces with the same unique id).  Safe from several threads
 * at once: nothing of `logo` is written.  False when it cannot be drawn
 * (the context then carries an error, or nothing was drawn). */
bool kf_logo_draw(cairo_t *cr, const kf_logo *logo, double x, double y,
                  double w, double h);

#endif /* KF_LOGO_H */
