/*
 * pdf_mark.c: declares a cairo PDF as tagged.
 *
 * cairo 1.16 writes the structure tree (StructTreeRoot) when structure tags
 * are used, but not the catalog's /MarkInfo << /Marked true >> that tells
 * readers the document is tagged, nor its /Lang.  This appends an
 * incremental update, as PDF allows (ISO 32000-1, 7.5.6): a new version of
 * the catalog with both entries, a one-entry cross-reference section and a
 * trailer pointing back at the previous one.  Nothing cairo wrote changes.
 */
#include "pdf_mark.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

/* Finds the last occurrence of `needle` in data[0, size). */
static const char *
find_last(const char *data, size_t size, const char *needle)
{
    size_t n = strlen(needle);
    if (size < n)
        return NULL;
    for (size_t i = size - n + 1; i-- > 0;)
        if (memcmp(data + i, needle, n) == 0)
            return data + i;
    return NULL;
}

static const char *
find(const char *from, const char *end, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = from; p + n <= end; p++)
        if (memcmp(p, needle, n) == 0)
            return p;
    return NULL;
}

/* Reads "/Key 12" in the trailer; returns -1 when absent. */
static long
dict_number(const char *from, const char *end, const char *key)
{
    const char *p = find(from, end, key);
    if (!p)
        return -1;
    p += strlen(key);
    while (p < end && *p == ' ')
        p++;
    char *stop;
    long v = strtol(p, &stop, 10);
    return stop == p ? -1 : v;
}

char *
kf_pdf_mark_tagged(const char *data, size_t size, const char *lang,
                   size_t *out_size)
{
    const char *end = data + size;
    const char *sx = find_last(data, size, "startxref");
    if (!sx)
        return NULL;
    long xref = strtol(sx + 9, NULL, 10);
    if (xref <= 0 || (size_t)xref >= size ||
        memcmp(data + xref, "xref", 4) != 0)
        return NULL;
    const char *trailer = find(data + xref, end, "trailer");
    if (!trailer)
        return NULL;
    long size_entries = dict_number(trailer, end, "/Size");
    long root = dict_number(trailer, end, "/Root");
    long info = dict_number(trailer, end, "/Info");
    if (size_entries <= 0 || root <= 0 || root >= size_entries)
        return NULL;

    /* The xref table: "xref\n0 N\n" then 20-byte entries. */
    const char *p = data + xref + 4;
    while (p < end && (*p == '\r' || *p == '\n' || *p == ' '))
        p++;
    char *stop;
    long first = strtol(p, &stop, 10);
    long count = strtol(stop, &stop, 10);
    if (first != 0 || count < size_entries)
        return NULL;
    p = stop;
    while (p < end && (*p == '\r' || *p == '\n' || *p == ' '))
        p++;
    const char *entry = p + 20 * root;
    if (entry + 20 > end)
        return NULL;
    long obj = strtol(entry, NULL, 10);
    if (obj <= 0 || (size_t)obj >= size)
        return NULL;

    /* The catalog's dictionary: from its "<<" to the ">>" before endobj. */
    const char *endobj = find(data + obj, end, "endobj");
    const char *open = find(data + obj, end, "<<");
    if (!endobj || !open || open > endobj)
        return NULL;
    const char *close = find_last(open, (size_t)(endobj - open), ">>");
    if (!close || find(open, close, "/MarkInfo"))
        return NULL;

    /* The new catalog, then the cross-reference section for it. */
    char *update = NULL;
    size_t update_size = 0;
    FILE *out = open_memstream(&update, &update_size);
    if (!out)
        return NULL;
    fprintf(out, "%ld 0 obj\n<< /MarkInfo << /Marked true >>", root);
    if (lang)
        fprintf(out, " /Lang (%s)", lang);
    fwrite(open + 2, 1, (size_t)(close - open - 2), out);
    fprintf(out, ">>\nendobj\n");
    long new_xref = (long)size + ftell(out);
    fprintf(out, "xref\n%ld 1\n%010ld 00000 n \n", root, (long)size);
    fprintf(out, "trailer\n<< /Size %ld /Root %ld 0 R", size_entries, root);
    if (info > 0)
        fprintf(out, " /Info %ld 0 R", info);
    fprintf(out, " /Prev %ld >>\nstartxref\n%ld\n%%%%EOF\n", xref, new_xref);
    if (fclose(out) != 0) {
        free(update);
        return NULL;
    }
    *out_size = update_size;
    return update;
}
