/*
 * png_write.h: writing a cairo RGB24 image as a PNG through libpng.
 *
 * cairo's own writer compresses at zlib's default level with every row
 * filter tried, which costs most of the time of a PNG page; this one uses a
 * fast setting measured on our pages, gives the same pixels, and says the
 * resolution in a pHYs chunk.  Nothing in the file varies between runs.
 */
#ifndef KF_PNG_WRITE_H
#define KF_PNG_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Gives row `y` of the image: `width` pixels of CAIRO_FORMAT_RGB24 (one
 * native-endian uint32 0x00RRGGBB each), valid until the next call.  Rows
 * are asked for once each, from the top down, so a caller can draw the
 * image a band at a time.  NULL stops the write (the reason is the
 * caller's to keep). */
typedef const unsigned char *(*kf_png_rows)(void *ctx, int y);

/* Writes a `width` x `height` image whose rows `rows` gives to `file` as
 * an 8-bit RGB PNG whose pHYs chunk gives `dpi`.  The caller keeps
 * `file`.  Returns true on success; on failure returns false with a short
 * reason in `err` (at most `errsize` bytes) and leaves whatever was
 * written in `file`, for the caller to discard.  Prints nothing. */
bool kf_png_write_rgb24(FILE *file, int width, int height, double dpi,
                        kf_png_rows rows, void *ctx, char *err,
                        size_t errsize);

#endif
