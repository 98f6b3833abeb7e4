/*
 * test_png.c: kf_write_png through libpng, read back with libpng.
 *
 * The pages are built by hand from KF_ITEM_RECT items (no text, so no
 * fonts are involved) with rectangles whose edges fall on whole pixels at
 * 72 dpi, so exact colours can be checked at and just outside each edge.
 * The failure cases check that nothing is left behind: no temporary file
 * and no partial PNG.  One test draws text and ring sectors across an A4
 * page, which kf_write_png draws a band of rows at a time: every pixel
 * must be the one a single drawing of the whole page gives.
 */
#define _XOPEN_SOURCE 700 /* SIGXFSZ */

#include "check.h"
#include "draw.h"
#include "keyfig.h"
#include "png_write.h"

#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <png.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>


/* The colours are distinct in every channel, so a swapped R and B (the
 * classic mistake with cairo's native-endian 0x00RRGGBB) shows. */
static const kf_color RED = {0xD1, 0x49, 0x5B};
static const kf_color NAVY = {0x12, 0x35, 0x5B};
static const kf_color WHITE = {0xFF, 0xFF, 0xFF};

/* A new item of page chrome, zeroed but for its kind and colour. */
static kf_item *
add_item(kf_layout_page *p, kf_item_kind kind, kf_color c)
{
    kf_item *it = &p->items[p->count++];
    memset(it, 0, sizeof(*it));
    it->kind = kind;
    it->color = c;
    it->block = -1;
    return it;
}

static void
add_rect(kf_layout_page *p, double x, double y, double w, double h,
         kf_color c)
{
    kf_item *it = add_item(p, KF_ITEM_RECT, c);
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = h;
}

/* One page of `width` x `height` points: a RED square at (8, 8) of 40
 * points and a NAVY bar at (80, 16) of 48 x 40, on white. */
static kf_layout *
make_layout(double width, double height)
{
    kf_layout *l = calloc(1, sizeof(*l));
    l->font = strdup("Inter");
    l->npages = 1;
    l->pages = calloc(1, sizeof(*l->pages));
    kf_layout_page *p = &l->pages[0];
    p->width = width;
    p->height = height;
    p->title = strdup("test");
    p->cap = 2;
    p->items = calloc(p->cap, sizeof(*p->items));
    add_rect(p, 8, 8, 40, 40, RED);
    add_rect(p, 80, 16, 48, 40, NAVY);
    return l;
}

typedef struct {
    bool ok;
    png_uint_32 width, height;
    int bit_depth, color_type, interlace;
    bool has_phys;
    png_uint_32 ppm_x, ppm_y;
    int phys_unit;
    bool has_time;
    unsigned char *rgb; /* width * height * 3 */
    png_bytep *rows;    /* only while reading */
} png_read;

static void
png_read_free(png_read *r)
{
    free(r->rgb);
    free(r->rows);
    r->rgb = NULL;
    r->rows = NULL;
}

/* Reads `f` into `r`.  Every change after setjmp is made through `r`,
 * which lives in the caller's frame, so nothing here is left
 * indeterminate when libpng jumps back. */
static void
read_into(FILE *f, png_read *r)
{
    png_structp png =
        png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    png_infop end = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_read_free(r);
        r->ok = false;
        png_destroy_read_struct(&png, &info, &end);
        return;
    }
    png_init_io(png, f);
    png_read_info(png, info);
    png_get_IHDR(png, info, &r->width, &r->height, &r->bit_depth,
                 &r->color_type, &r->interlace, NULL, NULL);
    r->has_phys =
        png_get_pHYs(png, info, &r->ppm_x, &r->ppm_y, &r->phys_unit) != 0;
    if (r->bit_depth != 8 || r->color_type != PNG_COLOR_TYPE_RGB)
        png_error(png, "not 8-bit RGB");
    r->rgb = malloc((size_t)r->width * r->height * 3);
    r->rows = malloc(r->height * sizeof(*r->rows));
    for (png_uint_32 y = 0; y < r->height; y++)
        r->rows[y] = r->rgb + (size_t)y * r->width * 3;
    png_read_image(png, r->rows);
    png_read_end(png, end);
    r->has_time = png_get_valid(png, info, PNG_INFO_tIME) ||
                  png_get_valid(png, end, PNG_INFO_tIME);
    free(r->rows);
    r->rows = NULL;
    png_destroy_read_struct(&png, &info, &end);
    r->ok = true;
}

/* Reads `path` with libpng's own reader, keeping the header fields, pHYs,
 * whether a tIME chunk exists anywhere, and the pixels as RGB. */
static png_read
read_png(const char *path)
{
    png_read r;
    memset(&r, 0, sizeof(r));
    FILE *f = fopen(path, "rb");
    if (!f)
        return r;
    read_into(f, &r);
    fclose(f);
    return r;
}

static kf_color
pixel(const png_read *r, unsigned x, unsigned y)
{
    const unsigned char *p = r->rgb + ((size_t)y * r->width + x) * 3;
    kf_color c = {p[0], p[1], p[2]};
    return c;
}

static void
check_pixel(const png_read *r, unsigned x, unsigned y, kf_color want,
            const char *what)
{
    if (x >= r->width || y >= r->height) {
        check(false, "%s: (%u, %u) outside %ux%u", what, x, y, r->width,
              r->height);
        return;
    }
    kf_color got = pixel(r, x, y);
    check(got.r == want.r && got.g == want.g && got.b == want.b,
          "%s: pixel (%u, %u) is #%02X%02X%02X, want #%02X%02X%02X", what, x,
          y, got.r, got.g, got.b, want.r, want.g, want.b);
}

static unsigned char *
slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    *size = n;
    return buf;
}

/* The chunk names in file order, joined by spaces, with the IDAT run
 * collapsed into one "IDAT": "IHDR pHYs IDAT IEND". */
static void
chunk_list(const unsigned char *buf, size_t size, char *out, size_t outsize)
{
    size_t pos = 8, n = 0;
    out[0] = '\0';
    char last[5] = "";
    while (pos + 12 <= size) {
        size_t len = (size_t)buf[pos] << 24 | (size_t)buf[pos + 1] << 16 |
                     (size_t)buf[pos + 2] << 8 | buf[pos + 3];
        char name[5];
        memcpy(name, buf + pos + 4, 4);
        name[4] = '\0';
        if (strcmp(name, last) != 0 && n + 6 < outsize) {
            n += (size_t)snprintf(out + n, outsize - n, "%s%s", n ? " " : "",
                                  name);
            memcpy(last, name, 5);
        }
        pos += 12 + len;
    }
}

static char tmpdir[256];

static void
path_in_tmp(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
}

/* Number of entries in `dir` besides . and .. (-1 if it cannot be read). */
static int
count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

/* At 72 dpi one point is one pixel: the squares' edges are exact. */
static void
test_exact_pixels(const kf_report *report)
{
    kf_layout *l = make_layout(144, 72);
    kf_diags *diags = kf_diags_new();
    char path[512];
    path_in_tmp(path, sizeof(path), "exact.png");
    kf_status st = kf_write_png(report, l, 0, 72, path, diags);
    check(st == KF_OK, "72 dpi: status %d", (int)st);
    png_read r = read_png(path);
    check(r.ok, "72 dpi: libpng reads the file back");
    if (r.ok) {
        check(r.width == 144 && r.height == 72, "72 dpi: %ux%u, want 144x72",
              r.width, r.height);
        check(r.interlace == PNG_INTERLACE_NONE, "72 dpi: not interlaced");
        check(r.has_phys && r.phys_unit == PNG_RESOLUTION_METER &&
                  r.ppm_x == 2835 && r.ppm_y == 2835,
              "72 dpi: pHYs %u x %u unit %d, want 2835 per metre", r.ppm_x,
              r.ppm_y, r.phys_unit);
        check(!r.has_time, "72 dpi: no tIME chunk");
        check_pixel(&r, 0, 0, WHITE, "corner");
        check_pixel(&r, 143, 71, WHITE, "far corner");
        check_pixel(&r, 8, 8, RED, "red top-left");
        check_pixel(&r, 47, 47, RED, "red bottom-right");
        check_pixel(&r, 28, 28, RED, "red middle");
        check_pixel(&r, 7, 8, WHITE, "left of red");
        check_pixel(&r, 48, 47, WHITE, "right of red");
        check_pixel(&r, 47, 48, WHITE, "below red");
        check_pixel(&r, 80, 16, NAVY, "navy top-left");
        check_pixel(&r, 127, 55, NAVY, "navy bottom-right");
        check_pixel(&r, 79, 30, WHITE, "left of navy");
        check_pixel(&r, 128, 30, WHITE, "right of navy");
        check_pixel(&r, 100, 15, WHITE, "above navy");
    }
    png_read_free(&r);

    /* Nothing varies: a second write gives the same bytes, and the file
     * holds only the chunks we mean it to. */
    char again[512];
    path_in_tmp(again, sizeof(again), "again.png");
    st = kf_write_png(report, l, 0, 72, again, diags);
    size_t n1 = 0, n2 = 0;
    unsigned char *b1 = slurp(path, &n1), *b2 = slurp(again, &n2);
    check(st == KF_OK && b1 && b2 && n1 == n2 && memcmp(b1, b2, n1) == 0,
          "two writes give the same bytes (%zu and %zu)", n1, n2);
    char chunks[128] = "";
    if (b1)
        chunk_list(b1, n1, chunks, sizeof(chunks));
    check(strcmp(chunks, "IHDR pHYs IDAT IEND") == 0,
          "chunks are \"%s\", want \"IHDR pHYs IDAT IEND\"", chunks);
    free(b1);
    free(b2);
    check(diags->errors == 0, "no errors on good writes (%zu)", diags->errors);
    unlink(path);
    unlink(again);
    kf_diags_free(diags);
    kf_layout_free(l);
}

/* Sizes and pHYs at other resolutions; A4 at 300 dpi is 2480 x 3508. */
static void
test_resolutions(const kf_report *report)
{
    static const struct {
        double width, height, dpi;
        png_uint_32 want_w, want_h, want_ppm;
    } cases[] = {
        {144, 72, 150, 300, 150, 5906},
        {144, 72, 96, 192, 96, 3780},
        {595.2756, 841.8898, 300, 2480, 3508, 11811},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        kf_layout *l = make_layout(cases[i].width, cases[i].height);
        kf_diags *diags = kf_diags_new();
        char path[512];
        path_in_tmp(path, sizeof(path), "dpi.png");
        kf_status st = kf_write_png(report, l, 0, cases[i].dpi, path, diags);
        check(st == KF_OK, "%g dpi: status %d", cases[i].dpi, (int)st);
        png_read r = read_png(path);
        check(r.ok, "%g dpi: libpng reads the file back", cases[i].dpi);
        if (r.ok) {
            check(r.width == cases[i].want_w && r.height == cases[i].want_h,
                  "%g dpi: %ux%u, want %ux%u", cases[i].dpi, r.width,
                  r.height, cases[i].want_w, cases[i].want_h);
            check(r.has_phys && r.phys_unit == PNG_RESOLUTION_METER &&
                      r.ppm_x == cases[i].want_ppm &&
                      r.ppm_y == cases[i].want_ppm,
                  "%g dpi: pHYs %u, want %u per metre", cases[i].dpi,
                  r.ppm_x, cases[i].want_ppm);
            /* Well inside each rectangle, away from anti-aliased edges. */
            double s = cases[i].dpi / 72;
            check_pixel(&r, (unsigned)(28 * s), (unsigned)(28 * s), RED,
                        "red middle");
            check_pixel(&r, (unsigned)(104 * s), (unsigned)(36 * s), NAVY,
                        "navy middle");
            check_pixel(&r, (unsigned)(64 * s), (unsigned)(36 * s), WHITE,
                        "between");
            check_pixel(&r, r.width - 1, r.height - 1, WHITE, "far corner");
        }
        png_read_free(&r);
        unlink(path);
        kf_diags_free(diags);
        kf_layout_free(l);
    }
}

/* A directory that does not exist: KF_ERR_OUTPUT, an error naming the
 * file, and nothing created. */
static void
test_missing_directory(const kf_report *report)
{
    kf_layout *l = make_layout(144, 72);
    kf_diags *diags = kf_diags_new();
    char dir[512], path[600];
    path_in_tmp(dir, sizeof(dir), "missing");
    snprintf(path, sizeof(path), "%s/page.png", dir);
    kf_status st = kf_write_png(report, l, 0, 150, path, diags);
    check(st == KF_ERR_OUTPUT, "missing directory: status %d, want %d",
          (int)st, (int)KF_ERR_OUTPUT);
    check(diags->errors >= 1 && diags->items[0].file &&
              strcmp(diags->items[0].file, path) == 0,
          "missing directory: an error naming the file");
    check(count_entries(dir) == -1 && access(path, F_OK) != 0,
          "missing directory: nothing created");
    check(count_entries(tmpdir) == 0,
          "missing directory: no stray file beside it (%d)",
          count_entries(tmpdir));
    kf_diags_free(diags);
    kf_layout_free(l);
}

/* A write that fails half-way (the file size limit is hit while libpng is
 * writing IDAT): libpng's error path runs, KF_ERR_OUTPUT comes back, and
 * neither the temporary file nor a partial PNG is left; an earlier good
 * file of the same name is kept. */
static void
test_failed_write(const kf_report *report)
{
    kf_layout *l = make_layout(595.2756, 841.8898);
    kf_diags *diags = kf_diags_new();
    char path[512];
    path_in_tmp(path, sizeof(path), "big.png");
    FILE *f = fopen(path, "wb");
    fputs("earlier", f);
    fclose(f);

    struct rlimit old;
    getrlimit(RLIMIT_FSIZE, &old);
    struct rlimit lim = old;
    lim.rlim_cur = 10000;
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    if (setrlimit(RLIMIT_FSIZE, &lim) != 0) {
        check(false, "cannot set RLIMIT_FSIZE");
    } else {
        kf_status st = kf_write_png(report, l, 0, 300, path, diags);
        setrlimit(RLIMIT_FSIZE, &old);
        check(st == KF_ERR_OUTPUT, "failed write: status %d, want %d",
              (int)st, (int)KF_ERR_OUTPUT);
        check(diags->errors >= 1, "failed write: an error is reported");
        check(count_entries(tmpdir) == 1,
              "failed write: no temporary file left (%d entries)",
              count_entries(tmpdir));
        size_t n = 0;
        unsigned char *b = slurp(path, &n);
        check(b && n == 7 && memcmp(b, "earlier", 7) == 0,
              "failed write: the earlier file is untouched");
        free(b);
    }
    signal(SIGXFSZ, old_handler);
    unlink(path);
    kf_diags_free(diags);
    kf_layout_free(l);
}

/* Rows of a 4 x 2 image for the writer alone, or none when `fail`. */
typedef struct {
    const unsigned char *data;
    int stride;
    bool fail;
} test_rows;

static const unsigned char *
rows_of(void *ctx, int y)
{
    test_rows *t = ctx;
    return t->fail ? NULL : t->data + (size_t)y * (size_t)t->stride;
}

/* The writer alone, on a stream whose every write fails (unbuffered, so
 * the first fwrite sees it), and with rows that cannot be had: false, a
 * reason, and no crash or leak (run under the sanitizer build to see the
 * latter). */
static void
test_writer_errors(void)
{
    unsigned char data[4 * 4 * 2];
    memset(data, 0xff, sizeof(data));
    char err[128];
    test_rows rows = {data, 16, false};

    FILE *full = fopen("/dev/full", "wb");
    if (full) {
        setvbuf(full, NULL, _IONBF, 0);
        bool ok = kf_png_write_rgb24(full, 4, 2, 150, rows_of, &rows, err,
                                     sizeof(err));
        check(!ok && err[0] != '\0', "/dev/full: fails with a reason");
        fclose(full);
    }
    FILE *null = fopen("/dev/null", "wb");
    if (null) {
        bool ok = kf_png_write_rgb24(null, 4, 2, 150, rows_of, &rows, err,
                                     sizeof(err));
        check(ok, "/dev/null: succeeds (%s)", err);
        rows.fail = true;
        ok = kf_png_write_rgb24(null, 4, 2, 150, rows_of, &rows, err,
                                sizeof(err));
        check(!ok && err[0] != '\0', "rows not had: fails with a reason");
        ok = kf_png_write_rgb24(null, 0, 2, 150, rows_of, &rows, err,
                                sizeof(err));
        check(!ok && err[0] != '\0', "empty image: refused");
        fclose(null);
    }
}

static void
add_text(kf_layout_page *p, double x, double baseline, double size,
         const char *text)
{
    kf_item *it = add_item(p, KF_ITEM_TEXT, NAVY);
    it->x = x;
    it->baseline = baseline;
    it->size = size;
    it->weight = KF_WEIGHT_SEMIBOLD;
    it->text = strdup(text);
}

static void
add_ring(kf_layout_page *p, double cx, double cy, double a0, double a1,
         kf_color c)
{
    kf_item *it = add_item(p, KF_ITEM_ARC, c);
    it->cx = cx;
    it->cy = cy;
    it->r_outer = 150;
    it->r_inner = 90;
    it->a0 = a0;
    it->a1 = a1;
    it->line_width = 1.5;
}

/* An A4 page of big text lines and a ring of sectors, spread over its
 * whole height so that many cross the edges of the bands it is drawn in:
 * the PNG must hold, pixel for pixel, what one drawing of the whole page
 * on one surface gives. */
static void
test_bands_match_whole_page(const kf_report *report)
{
    kf_layout *l = make_layout(595.2756, 841.8898);
    kf_layout_page *p = &l->pages[0];
    p->cap = 64;
    p->items = realloc(p->items, p->cap * sizeof(*p->items));
    for (int i = 0; i < 24; i++)
        add_text(p, 20 + 3 * i, 60 + 33 * i, 28 + (i % 5) * 3,
                 i % 2 ? "125,9 Pflop/s \u2014 21\u202F% Paris-Saclay"
                       : "Ordinateurs, m\u00E9decine, 1\u202F600 brevets");
    const double tau = 2 * 3.14159265358979323846;
    for (int i = 0; i < 6; i++)
        add_ring(p, 300, 420, tau * i / 6, tau * (i + 1) / 6,
                 i % 2 ? RED : NAVY);
    add_rect(p, 500, 100, 60, 700, RED);

    double dpi = 150, scale = dpi / 72;
    int w = (int)lround(p->width * scale), h = (int)lround(p->height * scale);
    kf_diags *diags = kf_diags_new();
    char path[512];
    path_in_tmp(path, sizeof(path), "bands.png");
    kf_status st = kf_write_png(report, l, 0, dpi, path, diags);
    check(st == KF_OK && diags->errors == 0, "A4 page: status %d", (int)st);
    png_read r = read_png(path);

    cairo_surface_t *whole =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(whole);
    cairo_scale(cr, scale, scale);
    check(kf_draw_page(cr, l, 0) == KF_OK, "the whole page draws");
    cairo_destroy(cr);
    cairo_surface_flush(whole);
    const unsigned char *data = cairo_image_surface_get_data(whole);
    int stride = cairo_image_surface_get_stride(whole);

    check(r.ok && r.width == (png_uint_32)w && r.height == (png_uint_32)h,
          "A4 page: %ux%u, want %dx%d", r.width, r.height, w, h);
    size_t differ = 0, inked = 0;
    int first_x = -1, first_y = -1;
    for (int y = 0; r.ok && y < h && (png_uint_32)y < r.height; y++) {
        for (int x = 0; x < w; x++) {
            uint32_t v;
            memcpy(&v, data + (size_t)y * stride + 4 * (size_t)x, 4);
            kf_color want = {(unsigned char)(v >> 16),
                             (unsigned char)(v >> 8), (unsigned char)v};
            kf_color got = pixel(&r, (unsigned)x, (unsigned)y);
            if (want.r != 0xFF || want.g != 0xFF || want.b != 0xFF)
                inked++;
            if (got.r != want.r || got.g != want.g || got.b != want.b) {
                if (!differ++) {
                    first_x = x;
                    first_y = y;
                }
            }
        }
    }
    check(inked > (size_t)w * h / 10, "the page is drawn (%zu inked pixels)",
          inked);
    check(differ == 0,
          "banded PNG equals the whole page: %zu pixels differ, first at "
          "(%d, %d)", differ, first_x, first_y);
    cairo_surface_destroy(whole);
    png_read_free(&r);
    unlink(path);
    kf_diags_free(diags);
    kf_layout_free(l);
}

int
main(void)
{
    const char *base = getenv("KF_BUILD_DIR");
    snprintf(tmpdir, sizeof(tmpdir), "%s/test_png.XXXXXX",
             base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror(tmpdir);
        return 1;
    }
    kf_report *report = kf_report_new();

    test_exact_pixels(report);
    test_resolutions(report);
    test_missing_directory(report);
    test_failed_write(report);
    test_writer_errors();
    test_bands_match_whole_page(report);

    kf_report_free(report);
    if (rmdir(tmpdir) != 0)
        check(false, "%s is not empty at the end", tmpdir);
    return check_summary();
}
