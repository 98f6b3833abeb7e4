/* draw.h: drawing a laid-out page into a caller's cairo context. */
#ifndef KF_DRAW_H
#define KF_DRAW_H

#include "keyfig.h"

#include <cairo.h>

/* One structure element begun in cairo, in the order it was begun: the
 * order of the StructTreeRoot's kids in the PDF cairo writes.  cairo 1.16
 * gives marked content only to elements without children, so nothing is
 * nested while drawing: a link inside a paragraph, and the rest of the
 * paragraph after it, are elements of their own that name (`joins`) the
 * one they belong in; the PDF post-processing (pdf_ua.c) nests them. */
typedef struct {
    const char *tag; /* "P", "H1", "H2", "Figure", "Link" */
    size_t page;     /* layout page */
    size_t item;     /* its first item on that page */
    int block;       /* that item's block (-1: page chrome) */
    long joins;      /* -1, or the index of the element it goes into: a
                        Link is its child, a same-tag element its rest */
    bool last;       /* read after the page's other elements (a footer
                        drawn first); set by the caller, false here */
} kf_tag_entry;

typedef struct {
    kf_tag_entry *items;
    size_t count;
    size_t cap;
    bool failed; /* out of memory: the log is incomplete */
} kf_tag_log;

/* Draws page `page` of `layout` with one user-space unit per point; the
 * caller owns `cr` and its surface and sets any scale first.  Returns
 * KF_ERR_OUTPUT when cairo reports an error. */
kf_status kf_draw_page(cairo_t *cr, const kf_layout *layout, size_t page);

/* The same, appending every structure element begun to `log` (may be
 * NULL); the caller frees log->items. */
kf_status kf_draw_page_tagged(cairo_t *cr, const kf_layout *layout,
                              size_t page, kf_tag_log *log);

#endif
