/*
 * out_png.c: one PNG per page, at a chosen resolution.
 *
 * The page is drawn on an opaque RGB24 image surface and written by
 * png_write.c (libpng at a fast setting) rather than by cairo's own PNG
 * writer, which spends most of its time in zlib; the pixels are the same.
 */
/* MADV_HUGEPAGE and MAP_ANONYMOUS are Linux's, beyond POSIX. */
#define _DEFAULT_SOURCE
#include "draw.h"
#include "output.h"
#include "png_write.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

/* The pixels of a page, kept by each thread for all the pages it draws.
 *
 * A page at 150 dpi is 8.3 MiB.  Fresh memory costs a page fault per
 * 4 KiB the first time it is touched (the white background is painted
 * over all of it): about 25 ms a page on a virtual machine, more than
 * drawing the page.  So the buffer is mapped aligned on 2 MiB and
 * offered to transparent huge pages (a fault per 2 MiB: under 2 ms where
 * the kernel has them, the old cost where it has not), and a thread
 * drawing several pages (a batch, a report of many pages) reuses it:
 * every page is painted white before anything is drawn, so nothing of
 * the previous page shows through. */
typedef struct {
    unsigned char *data; /* NULL, or `size` bytes mapped */
    size_t size;
} pixels;

#define HUGE_PAGE ((size_t)2 << 20)

static _Thread_local pixels thread_pixels;
static pthread_key_t pixels_key;
static pthread_once_t pixels_once = PTHREAD_ONCE_INIT;

static void
pixels_unmap(pixels *px)
{
    if (px->data)
        munmap(px->data, px->size);
    px->data = NULL;
    px->size = 0;
}

/* Runs when a thread ends (batch and build threads) with its buffer. */
static void
pixels_destroy(void *p)
{
    pixels_unmap(p);
}

static void
pixels_key_create(void)
{
    pthread_key_create(&pixels_key, pixels_destroy);
}

/* The calling thread's buffer with room for `size` bytes (lent: valid
 * until this thread asks again or ends), or NULL when out of memory. */
static unsigned char *
pixels_get(size_t size)
{
    pixels *px = &thread_pixels;
    if (px->data && px->size >= size)
        return px->data;
    pixels_unmap(px);
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size = (size + page - 1) / page * page;
    /* Map a huge page more than needed, then give back the ends so the
     * buffer starts on a huge-page boundary. */
    unsigned char *map = mmap(NULL, size + HUGE_PAGE, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED)
        return NULL;
    uintptr_t start = ((uintptr_t)map + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    unsigned char *data = (unsigned char *)start;
    if (data > map)
        munmap(map, (size_t)(data - map));
    size_t tail = (size_t)(map + size + HUGE_PAGE - (data + size));
    if (tail)
        munmap(data + size, tail);
#ifdef MADV_HUGEPAGE
    madvise(data, size, MADV_HUGEPAGE); /* a hint: fine if refused */
#endif
    px->data = data;
    px->size = size;
    pthread_once(&pixels_once, pixels_key_create);
    pthread_setspecific(pixels_key, px);
    return data;
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
    unsigned char *data = stride > 0 && h > 0
                              ? pixels_get((size_t)stride * (size_t)h)
                              : NULL;
    if (!data) {
        kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL,
                    "cannot draw page %zu at %g dpi: %s", page + 1, dpi,
                    stride > 0 && h > 0 ? "out of memory"
                                        : "the image would be empty");
        return KF_ERR_OUTPUT;
    }
    cairo_surface_t *surface = cairo_image_surface_create_for_data(
        data, CAIRO_FORMAT_RGB24, w, h, stride);
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
    bool ok = kf_png_write_rgb24(out->file, data, w, h, stride, dpi, err,
                                 sizeof(err));
    cairo_surface_destroy(surface);
    if (!ok) {
        kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL,
                    "cannot write the PNG: %s", err);
        kf_output_free(out);
        return KF_ERR_OUTPUT;
    }
    return kf_output_commit(out, diags);
}
