/* pdf_ua.h: what cairo cannot write for PDF/UA-1, added to its file. */
#ifndef KF_PDF_UA_H
#define KF_PDF_UA_H

#include "draw.h"
#include "keyfig.h"

/* What the document says about itself, and what each structure element
 * cairo wrote needs (all UTF-8, lent). */
typedef struct {
    const char *lang;     /* "fr-FR": the catalog's /Lang, dc:language */
    const char *title;    /* dc:title */
    const char *author;   /* dc:creator, or NULL */
    const char *subject;  /* dc:description, or NULL */
    const char *keywords; /* pdf:Keywords, or NULL */
    const char *creator;  /* xmp:CreatorTool */
    const char *date;     /* "2025-01-15T00:00:00Z": xmp:CreateDate */
    /* The structure elements in the order cairo began them (draw.c), and
     * for each a text: a Figure's /Alt, a Link's /Contents; NULL for the
     * others. */
    const kf_tag_log *tags;
    char *const *texts;
} kf_pdf_ua;

/* Rewrites the PDF cairo wrote (`pdf`, `size` bytes) as a PDF/UA-1
 * document: /Lang, an XMP packet with pdfuaid:part 1, /DisplayDocTitle,
 * /MarkInfo; one Document element over the structure, links nested in
 * their paragraphs, /Alt on figures, /Contents on links, /Tabs /S on pages
 * with annotations, and everything drawn outside a structure element
 * marked as an artifact.  The same input gives the same bytes.  On
 * success returns KF_OK with *out (malloc'ed, the caller frees it) and
 * *out_size; else an error with a sentence in `why`. */
kf_status kf_pdf_ua_apply(const char *pdf, size_t size, const kf_pdf_ua *ua,
                          char **out, size_t *out_size, char *why,
                          size_t why_size);

#endif
