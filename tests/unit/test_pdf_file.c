/*
 * test_pdf_file.c: pdf_file.c reads a file written as cairo writes one,
 * changes some objects, and writes a file whose other objects are the
 * bytes they were, with a cross-reference table that points at every
 * object; texts go in and out as UTF-8; files it cannot read are refused
 * whole, whatever byte they stop at.
 */
#include "check.h"
#include "pdf_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* A PDF of the shape cairo 1.16 writes: a comment in a dictionary, a
 * stream whose /Length is an object after it, strings literal and
 * UTF-16BE, one xref table.  *size gets its length; malloc'ed. */
static char *
sample(const char *trailer_extra, size_t *size)
{
    static const char content[] = "0 0 1 rg 0 0 10 10 re f\n";
    unsigned char packed[128];
    uLongf packed_size = sizeof(packed);
    compress2(packed, &packed_size, (const Bytef *)content,
              sizeof(content) - 1, Z_DEFAULT_COMPRESSION);
    char *buf = NULL;
    FILE *f = open_memstream(&buf, size);
    long off[8] = {0};
    fputs("%PDF-1.5\n%\xb5\xed\xae\xfb\n", f);
    off[4] = ftell(f);
    fprintf(f, "4 0 obj\n<< /Length 5 0 R\n   /Filter /FlateDecode\n>>\n"
               "stream\n");
    fwrite(packed, 1, packed_size, f);
    fputs("endstream\nendobj\n", f);
    off[5] = ftell(f);
    fprintf(f, "5 0 obj\n   %lu\nendobj\n", (unsigned long)packed_size);
    off[3] = ftell(f);
    fputs("3 0 obj\n<< /Type /Page % 1\n   /Parent 1 0 R\n"
          "   /Contents 4 0 R\n   /Rect [ 172 584.89 175 590.89 ]\n>>\nendobj\n",
          f);
    off[1] = ftell(f);
    fputs("1 0 obj\n<< /Type /Pages\n   /Kids [ 3 0 R ]\n   /Count 1\n>>\n"
          "endobj\n",
          f);
    off[6] = ftell(f);
    fputs("6 0 obj\n<< /Producer (cairo 1.16.0 \\(x\\) a\\\\b\\051)\n"
          "   /Author <FEFF00E9D83DDE00>\n   /Keywords <>\n>>\nendobj\n",
          f);
    off[2] = ftell(f);
    fputs("2 0 obj\n<< /Type /Catalog\n   /Pages 1 0 R\n>>\nendobj\n", f);
    off[7] = ftell(f);
    fputs("7 0 obj\n<< /Unused true >>\nendobj\n", f);
    long xref = ftell(f);
    fputs("xref\n0 8\n0000000000 65535 f \n", f);
    for (int i = 1; i < 8; i++)
        fprintf(f, "%010ld 00000 n \n", off[i]);
    fprintf(f, "trailer\n<< /Size 8\n   /Root 2 0 R\n   /Info 6 0 R\n%s>>\n"
               "startxref\n%ld\n%%%%EOF\n",
            trailer_extra, xref);
    fclose(f);
    return buf;
}

/* The index of the last `needle` in the `size` bytes of `hay` (binary:
 * streams hold NULs), or -1. */
static long
find_last(const char *hay, size_t size, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = size >= n ? size - n + 1 : 0; i-- > 0;)
        if (!memcmp(hay + i, needle, n))
            return (long)i;
    return -1;
}

/* Whether every in-use entry of the xref table of `pdf` points at
 * "N 0 obj" for its own N; the number of such entries in *used. */
static bool
xref_points_at_objects(const char *pdf, size_t size, int *used)
{
    long sx = find_last(pdf, size, "startxref");
    *used = 0;
    if (sx < 0)
        return false;
    long at = strtol(pdf + sx + 9, NULL, 10);
    if (at <= 0 || (size_t)at >= size || strncmp(pdf + at, "xref\n0 ", 7))
        return false;
    char *end;
    long n = strtol(pdf + at + 7, &end, 10);
    const char *e = end + 1;
    for (long i = 0; i < n; i++, e += 20) {
        long offset = strtol(e, NULL, 10);
        if (e[17] != 'n')
            continue;
        char want[32];
        snprintf(want, sizeof(want), "%ld 0 obj", i);
        if ((size_t)offset >= size || strncmp(pdf + offset, want, strlen(want)))
            return false;
        ++*used;
    }
    return true;
}

static bool
contains(const char *hay, size_t size, const char *needle)
{
    return find_last(hay, size, needle) >= 0;
}

static void
test_round_trip(void)
{
    size_t size;
    char *pdf = sample("", &size);
    char why[128];
    kf_pdf_file *f = kf_pdf_file_read(pdf, size, why, sizeof(why));
    check(f != NULL, "a file as cairo writes it is read (%s)", f ? "" : why);
    if (!f) {
        free(pdf);
        return;
    }
    kf_pdf_val *info = kf_pdf_resolve(f, kf_pdf_get(kf_pdf_trailer(f), "/Info"));
    char *producer = kf_pdf_text(kf_pdf_get(info, "/Producer"));
    check(producer && !strcmp(producer, "cairo 1.16.0 (x) a\\b)"),
          "a literal string's escapes are read: '%s'", producer);
    char *author = kf_pdf_text(kf_pdf_get(info, "/Author"));
    check(author && !strcmp(author, "\xc3\xa9\xf0\x9f\x98\x80"),
          "a UTF-16BE string is read as UTF-8, surrogates joined: '%s'",
          author);
    char *keywords = kf_pdf_text(kf_pdf_get(info, "/Keywords"));
    check(keywords && !keywords[0], "an empty hexadecimal string is a string");
    free(producer);
    free(author);
    free(keywords);

    kf_pdf_val *page = kf_pdf_object(f, 3);
    check(kf_pdf_is_name(kf_pdf_get(page, "/Type"), "/Page"),
          "a dictionary with a comment in it is read");
    size_t len = 0;
    unsigned char *content = kf_pdf_stream_decode(f, 4, &len);
    check(content && len == 24 && !memcmp(content, "0 0 1 rg", 8),
          "a stream whose /Length is an object of its own inflates");
    free(content);

    kf_pdf_set(f, kf_pdf_edit(f, 3), "/Tabs", kf_pdf_new_raw(f, KF_PDF_NAME, "/S"));
    static const char wrapped[] = "/Artifact BMC\n0 0 1 rg 0 0 10 10 re f\nEMC\n";
    check(kf_pdf_set_stream(f, 4, wrapped, sizeof(wrapped) - 1),
          "a stream's data is replaced");
    kf_pdf_val *doc = kf_pdf_new_dict(f);
    kf_pdf_set(f, doc, "/Alt", kf_pdf_new_string(f, "Logo\xc2\xa0: EPA"));
    kf_pdf_set(f, doc, "/E", kf_pdf_new_string(f, "a(b)\\"));
    int doc_num = kf_pdf_add(f, doc);
    check(doc_num == 8, "a new object takes the next number: %d", doc_num);
    kf_pdf_drop(f, 7);

    char *out = NULL, *again = NULL;
    size_t out_size = 0, again_size = 0;
    check(kf_pdf_file_write(f, "1.7", &out, &out_size), "the file is written");
    check(kf_pdf_file_write(f, "1.7", &again, &again_size) &&
              again_size == out_size && !memcmp(out, again, out_size),
          "writing it twice gives the same bytes");
    free(again);
    kf_pdf_file_free(f);
    if (!out) {
        free(pdf);
        return;
    }
    check(!strncmp(out, "%PDF-1.7\n", 9), "the header says PDF 1.7");
    int used = 0;
    check(xref_points_at_objects(out, out_size, &used) && used == 7,
          "the xref table points at each of the 7 objects written (%d)", used);
    const char *kept = "6 0 obj\n<< /Producer (cairo 1.16.0 \\(x\\) a\\\\b\\051)";
    check(contains(out, out_size, kept) &&
              contains(out, out_size, "1 0 obj\n<< /Type /Pages\n   /Kids [ 3 0 R ]"),
          "the objects not changed are cairo's bytes");
    check(!contains(out, out_size, "/Unused"), "a dropped object is not written");
    check(contains(out, out_size, "/ID [<"), "the trailer has an /ID");

    kf_pdf_file *g = kf_pdf_file_read(out, out_size, why, sizeof(why));
    check(g != NULL, "the file written is read again (%s)", g ? "" : why);
    if (g) {
        check(kf_pdf_is_name(kf_pdf_get(kf_pdf_object(g, 3), "/Tabs"), "/S"),
              "the change to the page is there");
        content = kf_pdf_stream_decode(g, 4, &len);
        check(content && len == sizeof(wrapped) - 1 &&
                  !memcmp(content, wrapped, len),
              "the new content inflates to what was given");
        free(content);
        check(kf_pdf_int(kf_pdf_object(g, 5)) > 0 &&
                  kf_pdf_get(kf_pdf_object(g, 4), "/Length")->kind == KF_PDF_REF,
              "the stream's length is still its object of its own");
        kf_pdf_val *d = kf_pdf_object(g, 8);
        char *alt = kf_pdf_text(kf_pdf_get(d, "/Alt"));
        char *e = kf_pdf_text(kf_pdf_get(d, "/E"));
        check(alt && !strcmp(alt, "Logo\xc2\xa0: EPA"),
              "a text beyond ASCII reads back as given: '%s'", alt);
        check(e && !strcmp(e, "a(b)\\"), "parentheses and backslash read back: '%s'", e);
        free(alt);
        free(e);
        check(kf_pdf_object(g, 7) == NULL, "the dropped object is free");
        kf_pdf_file_free(g);
    }
    free(out);
    free(pdf);
}

static void
test_refused(void)
{
    size_t size;
    char why[128];
    char *pdf = sample("   /Prev 12\n", &size);
    kf_pdf_file *f = kf_pdf_file_read(pdf, size, why, sizeof(why));
    check(f == NULL && why[0], "a file with an earlier xref (/Prev) is refused");
    kf_pdf_file_free(f);
    free(pdf);
    pdf = sample("", &size);
    /* Cut at every byte: refused, or read and written without a fault
     * (a cut after startxref's number still holds the whole table). */
    size_t whole = (size_t)find_last(pdf, size, "startxref") + 10;
    int read = 0;
    for (size_t n = 0; n < size; n++) {
        char *cut = malloc(n ? n : 1);
        memcpy(cut, pdf, n);
        f = kf_pdf_file_read(cut, n, why, sizeof(why));
        if (f) {
            read += n < whole;
            for (int num = 1; num < 8; num++)
                kf_pdf_object(f, num);
            size_t len;
            free(kf_pdf_stream_decode(f, 4, &len));
            char *out;
            size_t out_size;
            if (kf_pdf_file_write(f, "1.7", &out, &out_size))
                free(out);
        }
        kf_pdf_file_free(f);
        free(cut);
    }
    check(read == 0, "a file cut before its xref's place is refused (%d cuts read)",
          read);
    free(pdf);
}

int
main(void)
{
    test_round_trip();
    test_refused();
    return check_summary();
}
