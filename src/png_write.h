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

/* Writes `width` x `height` pixels of CAIRO_FORMAT_RGB24 data (one native-
 * endian uint32 0x00RRGGBB per pixel, rows `stride` bytes apart) to `file`
 * as an 8-bit RGB PNG whose pHYs chunk gives `dpi`.  The caller keeps
 * `file` and `data`.  Returns true on success; on failure returns false
 * with a short reason in `err` (at most `errsize` bytes) and leaves
 * whatever was written in `file`, for the caller to discard.  Prints
 * nothing. */
bool kf_png_write_rgb24(FILE *file, const unsigned char *data, int width,
                        int height, int stride, double dpi, char *err,
                        size_t errsize);

#endif
