/*
 * png_write.c: cairo RGB24 pixels as an 8-bit RGB PNG, through libpng.
 */
#include "png_write.h"

#include <errno.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* The compression setting, chosen by timing the writes of the example
 * pages at 150 and 300 dpi.  Our pages are flat colour with anti-aliased
 * edges: long runs of one pixel, which deflate finds as matches three bytes
 * back.  Row filters only cost time there (Sub, Up and Paeth each made the
 * file larger at levels 1 to 3, trying them all took three times as long)
 * and zlib level 3 is as fast as 1 on such runs but finds longer matches.
 * Against cairo's writer (level 6, all filters): about 4 times faster, and
 * within 20% of its size at 150 dpi.  Level 4 (lazy matching) would give
 * files smaller than cairo's at about half this speed.  zlib ignores the
 * strategy at levels 1 to 3; it is set so libpng does not pick Z_FILTERED
 * on its own.  A page compresses about 40 to 1, so deflate reads its
 * input faster than usual and the time goes to sliding its window, which
 * rehashes the whole hash table every 32 KiB: memory level 4 (a hash
 * table of 2^11 entries, not 2^15) makes a tiles page 15% faster to
 * compress and its file no larger (timed over pages of 20 to 40 tiles at
 * 150 dpi, levels 1 to 3, memory levels 2 to 8). */
#define KF_PNG_LEVEL 3
#define KF_PNG_MEM_LEVEL 4
#define KF_PNG_FILTER PNG_FILTER_NONE
#define KF_PNG_STRATEGY Z_DEFAULT_STRATEGY

/* libpng hands its output to us in pieces of at most this size; larger
 * pieces mean fewer IDAT chunks and fewer fwrite calls. */
#define KF_PNG_BUFFER (64 * 1024)

typedef struct {
    FILE *file;
    char *err;
    size_t errsize;
} png_sink;

/* libpng calls this for an error it cannot go on from; it must not
 * return, so it keeps the message and jumps back to kf_png_write_rgb24. */
static void
on_error(png_structp png, png_const_charp message)
{
    png_sink *sink = png_get_error_ptr(png);
    snprintf(sink->err, sink->errsize, "%s", message);
    png_longjmp(png, 1);
}

/* Warnings (none is expected from a write) would otherwise go to stderr,
 * and the library does not print: drop them. */
static void
on_warning(png_structp png, png_const_charp message)
{
    (void)png;
    (void)message;
}

static void
on_write(png_structp png, png_bytep data, size_t length)
{
    png_sink *sink = png_get_io_ptr(png);
    errno = 0;
    if (fwrite(data, 1, length, sink->file) != length)
        png_error(png, errno ? strerror(errno) : "write error");
}

/* The caller's fflush (kf_output_commit) does this once at the end. */
static void
on_flush(png_structp png)
{
    (void)png;
}

/* One row of RGB24 (0x00RRGGBB as a native uint32, so its bytes are
 * B G R x on a little-endian machine and x R G B on a big-endian one) to
 * PNG's R G B bytes.  Shifting the loaded value, rather than picking
 * bytes, is right on either. */
static void
convert_row(const unsigned char *src, png_bytep dst, int width)
{
    for (int x = 0; x < width; x++) {
        uint32_t v;
        memcpy(&v, src + 4 * (size_t)x, sizeof(v));
        dst[0] = (png_byte)(v >> 16);
        dst[1] = (png_byte)(v >> 8);
        dst[2] = (png_byte)v;
        dst += 3;
    }
}

/* Everything that may call png_error, kept out of the function that calls
 * setjmp so that no local there changes between setjmp and longjmp. */
static void
write_image(png_structp png, png_infop info, png_bytep row, int width,
            int height, double dpi, kf_png_rows rows, void *ctx)
{
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
                 PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    /* pHYs counts pixels per metre: 150 dpi is 5906, 300 dpi 11811. */
    png_uint_32 ppm = (png_uint_32)lround(dpi / 0.0254);
    png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    png_set_compression_level(png, KF_PNG_LEVEL);
    png_set_compression_strategy(png, KF_PNG_STRATEGY);
    png_set_compression_mem_level(png, KF_PNG_MEM_LEVEL);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, KF_PNG_FILTER);
    png_set_compression_buffer_size(png, KF_PNG_BUFFER);
    png_write_info(png, info);
    for (int y = 0; y < height; y++) {
        const unsigned char *src = rows(ctx, y);
        if (!src)
            png_error(png, "the pixels could not be had");
        convert_row(src, row, width);
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
}

bool
kf_png_write_rgb24(FILE *file, int width, int height, double dpi,
                   kf_png_rows rows, void *ctx, char *err, size_t errsize)
{
    png_sink sink = {file, err, errsize};
    if (errsize)
        err[0] = '\0';
    if (!file || !rows || width <= 0 || height <= 0 || !(dpi > 0)) {
        snprintf(err, errsize, "invalid image");
        return false;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink,
                                              on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_bytep row = malloc(3 * (size_t)width);
    if (!png || !info || !row) {
        snprintf(err, errsize, "out of memory");
        png_destroy_write_struct(&png, &info);
        free(row);
        return false;
    }
    /* png, info and row are all set before setjmp and never changed after,
     * so they are still valid when libpng jumps back here. */
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(row);
        return false;
    }
    png_set_write_fn(png, &sink, on_write, on_flush);
    write_image(png, info, row, width, height, dpi, rows, ctx);
    png_destroy_write_struct(&png, &info);
    free(row);
    return true;
}
