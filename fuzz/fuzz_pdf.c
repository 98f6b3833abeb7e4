/*
 * fuzz_pdf.c: libFuzzer target for the PDF/UA-1 pass (pdf_ua.c) and the
 * reader and writer of cairo's PDF under it (pdf_file.c).
 *
 * The input is lines.  Each line but the first is the text of one
 * structure element that cairo draws on a page, as keyfig's drawing does
 * (draw.c): in turn a P, an H1, a Link (the line, percent-encoded by
 * kf_url_encode as every address is, is its URI and its text) and a
 * Figure (the line is its /Alt), at most MAX_ELEMENTS of them, a new page
 * every PER_PAGE.  The first line is the title; when it starts with '!',
 * the bytes after the '!' are corruptions instead: triplets of two bytes
 * of an offset (modulo the file's size) and the byte put there, applied
 * to cairo's file before the pass reads it.
 *
 * Checked, besides sanitizer reports:
 *  - cairo's file as cairo wrote it, with one element or more, always
 *    passes (KF_OK): whatever text, title or address a report gives, the
 *    pass reads it;
 *  - a corrupted file passes or is refused with a reason, never a crash;
 *  - what the pass writes is read again by kf_pdf_file_read, with a
 *    catalog carrying /Lang, /MarkInfo and /Metadata.
 */
#include "fuzz_check.h"
#include "pdf_file.h"
#include "pdf_ua.h"
#include "url.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ELEMENTS 16
#define PER_PAGE 6
#define MAX_LINE 512

typedef struct {
    GString *bytes;
} sink;

static cairo_status_t
write_sink(void *closure, const unsigned char *data, unsigned int length)
{
    g_string_append_len(((sink *)closure)->bytes, (const char *)data,
                        (gssize)length);
    return CAIRO_STATUS_SUCCESS;
}

/* The `n` bytes at `p` as what the loader lets through: valid UTF-8
 * with no controls (spaces here) and no noncharacters (U+FDD0-U+FDEF,
 * U+FFFE, U+FFFF and their like in every plane: '?' here, which cairo
 * too refuses), at most MAX_LINE bytes; malloc'ed. */
static char *
clean_line(const char *p, size_t n)
{
    if (n > MAX_LINE)
        n = MAX_LINE;
    char *s = g_utf8_make_valid(p, (gssize)n);
    GString *clean = g_string_new(NULL);
    for (const char *c = s; *c; c = g_utf8_next_char(c)) {
        gunichar u = g_utf8_get_char(c);
        if (u < 0x20 || u == 0x7F)
            g_string_append_c(clean, ' ');
        else if ((u >= 0xFDD0 && u <= 0xFDEF) || (u & 0xFFFE) == 0xFFFE)
            g_string_append_c(clean, '?');
        else
            g_string_append_unichar(clean, u);
    }
    g_free(s);
    char *out = strdup(clean->str);
    g_string_free(clean, TRUE);
    FUZZ_CHECK(out, "no memory");
    return out;
}

static const char *const kinds[4] = {"P", "H1", "Link", "Figure"};

/* Checks that `pdf`, as the pass wrote it, reads back with a catalog
 * carrying /Lang, /MarkInfo and /Metadata. */
static void
check_written(const char *pdf, size_t size)
{
    char why[256];
    kf_pdf_file *f = kf_pdf_file_read(pdf, size, why, sizeof(why));
    FUZZ_CHECK(f, "the pass wrote a file it cannot read: %s", why);
    kf_pdf_val *root = kf_pdf_get(kf_pdf_trailer(f), "/Root");
    FUZZ_CHECK(root && root->kind == KF_PDF_REF, "no /Root");
    kf_pdf_val *catalog = kf_pdf_object(f, root->num);
    FUZZ_CHECK(catalog && catalog->kind == KF_PDF_DICT, "no catalog");
    FUZZ_CHECK(kf_pdf_get(catalog, "/Lang") &&
                   kf_pdf_get(catalog, "/MarkInfo") &&
                   kf_pdf_get(catalog, "/Metadata"),
               "the catalog lacks /Lang, /MarkInfo or /Metadata");
    kf_pdf_file_free(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data, *end = in + size;
    const char *nl = memchr(in, '\n', size);
    const char *first_end = nl ? nl : end;
    bool corrupt = size > 0 && in[0] == '!';
    char *title = corrupt ? strdup("T") : clean_line(in, first_end - in);
    FUZZ_CHECK(title, "no memory");

    char *texts[MAX_ELEMENTS] = {0};
    kf_tag_entry entries[MAX_ELEMENTS];
    kf_tag_log log = {entries, 0, MAX_ELEMENTS, false};
    const char *p = nl ? nl + 1 : end;
    while (p < end && log.count < MAX_ELEMENTS) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        size_t i = log.count;
        texts[i] = clean_line(p, (size_t)(e - p));
        entries[i] = (kf_tag_entry){kinds[i % 4], i / PER_PAGE, 0, 0, -1,
                                    false};
        log.count++;
        p = e < end ? e + 1 : end;
    }

    sink out = {g_string_new(NULL)};
    cairo_surface_t *surface =
        cairo_pdf_surface_create_for_stream(write_sink, &out, 200, 200);
    cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                   "2025-01-15T00:00:00Z");
    cairo_t *cr = cairo_create(surface);
    cairo_select_font_face(cr, "Inter", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 9);
    for (size_t i = 0; i < log.count; i++) {
        if (i > 0 && i % PER_PAGE == 0)
            cairo_show_page(cr);
        const char *tag = entries[i].tag;
        double y = 20 + 25 * (double)(i % PER_PAGE);
        char *uri = NULL;
        if (!strcmp(tag, "Link")) {
            char *encoded = kf_url_encode(texts[i]);
            FUZZ_CHECK(encoded, "no memory");
            uri = g_strdup_printf("uri='%s'", encoded);
            free(encoded);
            cairo_tag_begin(cr, CAIRO_TAG_LINK, uri);
        } else {
            cairo_tag_begin(cr, tag, NULL);
        }
        if (!strcmp(tag, "Figure")) {
            cairo_rectangle(cr, 10, y, 50, 10);
            cairo_fill(cr);
        } else {
            cairo_move_to(cr, 10, y);
            cairo_show_text(cr, texts[i]);
        }
        cairo_tag_end(cr, strcmp(tag, "Link") ? tag : CAIRO_TAG_LINK);
        g_free(uri);
    }
    /* Untagged drawing, as the page chrome: an artifact. */
    cairo_rectangle(cr, 0, 190, 200, 10);
    cairo_fill(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    FUZZ_CHECK(cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS,
               "cairo: %s",
               cairo_status_to_string(cairo_surface_status(surface)));
    cairo_surface_destroy(surface);

    if (corrupt) {
        for (const char *c = in + 1; c + 3 <= first_end; c += 3) {
            size_t at = ((size_t)(unsigned char)c[0] << 8 |
                         (unsigned char)c[1]) % (out.bytes->len ? out.bytes->len : 1);
            if (out.bytes->len)
                out.bytes->str[at] = c[2];
        }
    }

    kf_pdf_ua ua = {
        .lang = "fr-FR",
        .title = title,
        .author = NULL,
        .subject = NULL,
        .keywords = "keyfig",
        .creator = "keyfig fuzz",
        .date = "2025-01-15T00:00:00Z",
        .tags = &log,
        .texts = texts,
    };
    char *ua_pdf = NULL, why[512];
    size_t ua_size = 0;
    kf_status st = kf_pdf_ua_apply(out.bytes->str, out.bytes->len, &ua,
                                   &ua_pdf, &ua_size, why, sizeof(why));
    /* Every keyfig page has elements (its title at least): a file with
     * none has no structure tree, which the pass refuses. */
    if (!corrupt && log.count > 0)
        FUZZ_CHECK(st == KF_OK, "the pass refused cairo's own file: %s", why);
    if (st == KF_OK)
        check_written(ua_pdf, ua_size);
    else
        FUZZ_CHECK(why[0] && !ua_pdf, "refused with no reason, or output");
    free(ua_pdf);
    g_string_free(out.bytes, TRUE);
    for (size_t i = 0; i < log.count; i++)
        free(texts[i]);
    free(title);
    return 0;
}
