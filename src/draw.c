/*
 * draw.c: draws a laid-out page into a cairo context it does not own.
 *
 * The caller (an output module) creates the surface and sets the scale;
 * this file only walks the page's items.  Text goes through the same pango
 * context and attributes as measurement (text.c), so every line keeps the
 * width the layout gave it.
 */
#include "draw.h"
#include "logo.h"
#include "text.h"
#include "url.h"

#include <hb.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
set_color(cairo_t *cr, kf_color c)
{
    cairo_set_source_rgb(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0);
}

static void
draw_rect(cairo_t *cr, const kf_item *it)
{
    double r = it->radius;
    if (r > it->w / 2)
        r = it->w / 2;
    if (r > it->h / 2)
        r = it->h / 2;
    if (r <= 0) {
        cairo_rectangle(cr, it->x, it->y, it->w, it->h);
    } else {
        double x = it->x, y = it->y, w = it->w, h = it->h;
        const double q = 3.14159265358979323846 / 2;
        cairo_new_sub_path(cr);
        cairo_arc(cr, x + w - r, y + r, r, -q, 0);
        cairo_arc(cr, x + w - r, y + h - r, r, 0, q);
        cairo_arc(cr, x + r, y + h - r, r, q, 2 * q);
        cairo_arc(cr, x + r, y + r, r, 2 * q, 3 * q);
        cairo_close_path(cr);
    }
    set_color(cr, it->color);
    cairo_fill(cr);
}

/* Angles in items run clockwise from 12 o'clock; cairo's from 3 o'clock. */
static void
draw_arc(cairo_t *cr, const kf_item *it, kf_color paper)
{
    const double q = 3.14159265358979323846 / 2;
    double a0 = it->a0 - q, a1 = it->a1 - q;
    cairo_new_path(cr);
    cairo_arc(cr, it->cx, it->cy, it->r_outer, a0, a1);
    cairo_arc_negative(cr, it->cx, it->cy, it->r_inner, a1, a0);
    cairo_close_path(cr);
    set_color(cr, it->color);
    if (it->line_width > 0) {
        /* A seam of the sheet's colour between slices. */
        cairo_fill_preserve(cr);
        set_color(cr, paper);
        cairo_set_line_width(cr, it->line_width);
        cairo_stroke(cr);
    } else {
        cairo_fill(cr);
    }
}

static void
draw_line(cairo_t *cr, const kf_item *it)
{
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_move_to(cr, it->cx, it->cy);
    cairo_line_to(cr, it->x2, it->y2);
    set_color(cr, it->color);
    cairo_set_line_width(cr, it->line_width);
    cairo_stroke(cr);
}

/* name='value', with the quotes and backslashes cairo's attribute
 * syntax needs escaped. */
static void
quoted_attr(char *buf, size_t size, const char *name, const char *value)
{
    size_t j = (size_t)snprintf(buf, size, "%s='", name);
    for (const char *p = value; *p && j + 4 < size; p++) {
        if (*p == '\'' || *p == '\\')
            buf[j++] = '\\';
        buf[j++] = *p;
    }
    buf[j++] = '\'';
    buf[j] = '\0';
}

/* uri='...' for a web address, percent-encoded before cairo sees it (see
 * url.h): cairo 1.16 copies it into the PDF unescaped.  Malloc'ed, sized
 * for the address whatever its length; NULL when memory runs out (the
 * text is then drawn without its link, never with a cut address). */
static char *
uri_attr(const char *url)
{
    char *safe = kf_url_encode(url);
    if (!safe)
        return NULL;
    /* the encoded address holds no quote or backslash to escape */
    size_t size = strlen(safe) + sizeof("uri=''");
    char *attr = malloc(size);
    if (attr)
        snprintf(attr, size, "uri='%s'", safe);
    free(safe);
    return attr;
}

/* A context of the page's own for turned labels: pango_cairo_update_layout
 * sets the rotation on the context of the layout it updates, which must
 * not be the thread's measuring context (later layouts would measure
 * differently, and a report's files would depend on what was drawn
 * before it in the process). */
static PangoContext *
turned_context_new(const char *font)
{
    PangoContext *measure = kf_text_context(font);
    if (!measure)
        return NULL;
    PangoContext *context =
        pango_font_map_create_context(pango_context_get_font_map(measure));
    if (!context)
        return NULL;
    pango_cairo_context_set_font_options(
        context, pango_cairo_context_get_font_options(measure));
    pango_context_set_round_glyph_positions(
        context, pango_context_get_round_glyph_positions(measure));
    return context;
}

/* cairo writes a text's characters only through the glyphs that show
 * them, and pango draws nothing for the space where a line wraps: the
 * PDF's text (what a screen reader reads, what a copy pastes) would say
 * "nationalresearch", and a tile's figure would run into its label.  An
 * invisible space glyph, mapped to U+0020, at the end of such a line and
 * of a text the same structure element continues, keeps the words
 * apart.  `x`, `y`: where it goes, on the baseline. */
static void
show_word_break(cairo_t *cr, PangoFont *font, double x, double y)
{
    hb_font_t *hb = font ? pango_font_get_hb_font(font) : NULL;
    hb_codepoint_t glyph;
    if (!hb || !hb_font_get_nominal_glyph(hb, ' ', &glyph))
        return;
    PangoGlyphString *glyphs = pango_glyph_string_new();
    PangoItem *item = pango_item_new();
    pango_glyph_string_set_size(glyphs, 1);
    glyphs->glyphs[0].glyph = glyph;
    glyphs->glyphs[0].geometry.width = 0;
    glyphs->glyphs[0].geometry.x_offset = 0;
    glyphs->glyphs[0].geometry.y_offset = 0;
    glyphs->glyphs[0].attr.is_cluster_start = 1;
    glyphs->log_clusters[0] = 0;
    item->offset = 0;
    item->length = 1;
    item->num_chars = 1;
    item->analysis.font = g_object_ref(font); /* pango_item_free unrefs */
    PangoGlyphItem run = {.item = item, .glyphs = glyphs};
    /* A space has no ink, so cairo gives the glyph an empty box at its
     * origin; where that origin falls on a whole device unit the box
     * rounds to no pixel and cairo drops the glyph as drawing nothing (a
     * right-aligned organisation ending on a Letter sheet's 572 pt
     * margin read "Paris-SaclayJanuary").  A 64th of a unit off the
     * grid keeps it, and is far below anything a reader measures. */
    double dx = x, dy = y;
    cairo_user_to_device(cr, &dx, &dy);
    if (fabs(dx - round(dx)) < 1.0 / 256)
        dx += 1.0 / 64;
    if (fabs(dy - round(dy)) < 1.0 / 256)
        dy += 1.0 / 64;
    cairo_device_to_user(cr, &dx, &dy);
    cairo_move_to(cr, dx, dy);
    pango_cairo_show_glyph_item(cr, " ", &run);
    pango_item_free(item);
    pango_glyph_string_free(glyphs);
}

/* The soft hyphen's glyph (U+00AD) of `font`, when it is a glyph of its
 * own that can stand for `hyphen`, the glyph a line shows for its '-':
 * as wide, with ink of the same size, moved by (*dx, *dy) where that
 * glyph's ink is (a font's alternate hyphen for capitals, "ABCDEFGHIJ-",
 * is often a copy of it set higher, with no soft hyphen of its own).
 * cairo then maps it to U+00AD in the PDF's text while every '-' keeps
 * reading as '-'.  0 when the font has no such glyph: one for both the
 * hyphen and the soft hyphen, mapped to U+00AD, would turn every '-' of
 * the document into a soft hyphen for an extractor that does not read
 * /ActualText (pdfminer). */
static PangoGlyph
soft_hyphen_glyph(PangoFont *font, PangoGlyph hyphen, int *dx, int *dy)
{
    hb_font_t *hb = font ? pango_font_get_hb_font(font) : NULL;
    hb_codepoint_t soft, minus;
    if (!hb || !hb_font_get_nominal_glyph(hb, 0x00AD, &soft) ||
        !hb_font_get_nominal_glyph(hb, '-', &minus) || soft == minus ||
        soft == hyphen ||
        hb_font_get_glyph_h_advance(hb, soft) !=
            hb_font_get_glyph_h_advance(hb, hyphen))
        return 0;
    PangoRectangle soft_ink, hyphen_ink;
    pango_font_get_glyph_extents(font, soft, &soft_ink, NULL);
    pango_font_get_glyph_extents(font, hyphen, &hyphen_ink, NULL);
    if (abs(soft_ink.width - hyphen_ink.width) > 1 ||
        abs(soft_ink.height - hyphen_ink.height) > 1 ||
        soft_ink.width <= 0)
        return 0;
    *dx = hyphen_ink.x - soft_ink.x;
    *dy = hyphen_ink.y - soft_ink.y;
    return soft;
}

/* The last run of `line` made to end in the soft hyphen's glyph: a copy
 * of it without its last byte (the '-' of KF_TEXT_BREAK_HYPHEN), the
 * glyphs from the soft hyphen on (its own, which shows nothing, and the
 * hyphen's) replaced by the soft hyphen's glyph, where the hyphen was
 * and as wide.  NULL when the run does not end in the break's hyphen as
 * a left-to-right run of the line's own glyphs, or its font has no
 * soft hyphen of its own: the line is then drawn as it is.  Free with
 * pango_glyph_item_free. */
static PangoGlyphItem *
soft_hyphen_run(PangoLayoutLine *line, size_t text_len)
{
    GSList *last = g_slist_last(line->runs);
    PangoGlyphItem *run = last ? last->data : NULL;
    if (!run || run->item->analysis.level % 2 ||
        (size_t)(run->item->offset + run->item->length) != text_len ||
        run->item->length < KF_TEXT_BREAK_HYPHEN_LEN)
        return NULL;
    PangoGlyphString *g = run->glyphs;
    int soft_at = run->item->length - KF_TEXT_BREAK_HYPHEN_LEN;
    int first = g->num_glyphs; /* the first glyph from the soft hyphen on */
    while (first > 0 && g->log_clusters[first - 1] >= soft_at)
        first--;
    if (first == g->num_glyphs ||
        g->log_clusters[g->num_glyphs - 1] != run->item->length - 1)
        return NULL;
    int dx = 0, dy = 0;
    PangoGlyph soft = soft_hyphen_glyph(run->item->analysis.font,
                                        g->glyphs[g->num_glyphs - 1].glyph,
                                        &dx, &dy);
    if (!soft)
        return NULL;
    PangoGlyphItem *copy = pango_glyph_item_copy(run);
    if (!copy)
        return NULL;
    PangoGlyphString *c = copy->glyphs;
    PangoGlyphInfo shown = c->glyphs[c->num_glyphs - 1];
    for (int i = first; i < c->num_glyphs - 1; i++)
        shown.geometry.width += c->glyphs[i].geometry.width;
    shown.glyph = soft;
    shown.geometry.x_offset += dx;
    shown.geometry.y_offset += dy;
    shown.attr.is_cluster_start = 1;
    c->glyphs[first] = shown;
    c->log_clusters[first] = soft_at;
    pango_glyph_string_set_size(c, first + 1);
    copy->item->length -= 1;
    copy->item->num_chars -= 1;
    return copy;
}

/* Draws `layout`, one line at (x, y) its top left, as
 * pango_cairo_show_layout would, when its text ends in
 * KF_TEXT_BREAK_HYPHEN, the hyphen of a break inside a word: its glyph
 * then carries the soft hyphen, not '-', into the PDF's text, so that
 * pdftotext, pdfminer and a screen reader get "supercalcu" U+00AD
 * "lateur", the word whole (PDF 1.7, 14.8.2.2.3: a hyphen that a line
 * break added is a soft hyphen in a Tagged PDF's text), while "Paris-"
 * of "Paris-Saclay" keeps its '-'.  The same glyphs at the same places:
 * a PNG's pixels do not change.  Returns false, drawing nothing, for any
 * other layout. */
static bool
show_with_soft_hyphen(cairo_t *cr, PangoLayout *layout, double x, double y)
{
    const char *text = pango_layout_get_text(layout);
    size_t len = strlen(text);
    if (!kf_text_ends_in_break_hyphen(text, len) ||
        pango_layout_get_line_count(layout) != 1)
        return false;
    PangoLayoutLine *line = pango_layout_get_line_readonly(layout, 0);
    PangoGlyphItem *soft = soft_hyphen_run(line, len);
    if (!soft)
        return false;
    /* Where pango_renderer_draw_layout puts the line, then run by run as
     * pango_renderer_draw_layout_line places them (the lines keyfig
     * draws carry no underline, shape or colour of their own). */
    PangoLayoutIter *iter = pango_layout_get_iter(layout);
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iter, NULL, &logical);
    double baseline =
        y + (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE;
    pango_layout_iter_free(iter);
    int x_off = logical.x;
    for (GSList *r = line->runs; r; r = r->next) {
        PangoGlyphItem *run = r->next ? r->data : soft;
        x_off += run->start_x_offset;
        cairo_move_to(cr, x + (double)x_off / PANGO_SCALE,
                      baseline - (double)run->y_offset / PANGO_SCALE);
        pango_cairo_show_glyph_item(cr, text, run);
        x_off += pango_glyph_string_get_width(run->glyphs) +
                 run->end_x_offset;
    }
    pango_glyph_item_free(soft);
    return true;
}

/* The font of a line's last run (what its hidden space would be in). */
static PangoFont *
line_end_font(PangoLayoutLine *line)
{
    GSList *last = g_slist_last(line->runs);
    PangoGlyphItem *run = last ? last->data : NULL;
    return run ? run->item->analysis.font : NULL;
}

/* The word breaks of a layout drawn with its top left at (x, y): after
 * each line that wrapped at a space, and after the last line when
 * `next`, the text its structure element goes on with, starts on
 * another line or away from its end (a figure and its unit, side by
 * side, are one word; a legend's label and its number are two). */
static void
show_word_breaks(cairo_t *cr, PangoLayout *layout, double x, double y,
                 const kf_item *it, const kf_item *next)
{
    const char *text = pango_layout_get_text(layout);
    PangoLayoutIter *iter = pango_layout_get_iter(layout);
    do {
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(iter);
        bool last = pango_layout_iter_at_last_line(iter);
        int stop = line->start_index + line->length;
        bool wrapped = !last && line->length > 0 &&
                       (text[stop - 1] == ' ' || text[stop - 1] == '\t');
        double baseline =
            y + (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE;
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(iter, NULL, &logical);
        double end = x + (double)(logical.x + logical.width) / PANGO_SCALE;
        /* A line ending in a hyphen after a letter or a digit (a word
         * hyphenated or cut there, or parted at its own hyphen: "Paris-"
         * / "Saclay") goes on with the next line's word: no space, so
         * the PDF's text reads "supercalcu" U+00AD "lateur" (or
         * "Paris-Saclay"), not two words. */
        bool joined = last && stop >= 2 && text[stop - 1] == '-' &&
                      (kf_text_ends_in_break_hyphen(text, (size_t)stop) ||
                       g_unichar_isalnum(g_utf8_get_char(
                           g_utf8_find_prev_char(text, text + stop - 1))));
        bool apart = last && next && !joined &&
                     (fabs(next->baseline - baseline) > 0.25 * it->size ||
                      fabs(next->x - end) > 0.5 * it->size);
        if (!wrapped && !apart)
            continue;
        show_word_break(cr, line_end_font(line), end, baseline);
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
}

static void
draw_text(cairo_t *cr, PangoContext **turned, const char *family,
          const kf_item *it, bool word_breaks, const kf_item *next)
{
    PangoLayout *layout = NULL;
    kf_weight weight = it->tabular
                           ? (kf_weight)(it->weight | KF_FIGURES_TABULAR)
                           : it->weight;
    if (!it->turns) {
        /* Shaped once per thread, unhinted: the advances are the ones
         * the layout measured, at any scale of the surface. */
        layout = kf_text_shaped(family, it->text, it->size, weight,
                                it->markup);
    } else if (*turned || (*turned = turned_context_new(family))) {
        layout = it->markup ? kf_text_layout_markup(*turned, family,
                                                    it->text, it->size,
                                                    weight)
                            : kf_text_layout(*turned, family, it->text,
                                             it->size, weight);
    }
    if (!layout)
        return;
    double baseline = (double)pango_layout_get_baseline(layout) / PANGO_SCALE;
    char attr[2200];
    if (it->dest) {
        quoted_attr(attr, sizeof(attr), "name", it->dest);
        cairo_tag_begin(cr, CAIRO_TAG_DEST, attr);
    }
    char *uri = NULL;
    bool linked = false;
    if (it->link) {
        linked = true;
        if (it->link[0] == '#')
            quoted_attr(attr, sizeof(attr), "dest", it->link + 1);
        else if (strncmp(it->link, "page=", 5) == 0)
            snprintf(attr, sizeof(attr), "%s", it->link);
        else
            linked = (uri = uri_attr(it->link)) != NULL;
        if (linked)
            cairo_tag_begin(cr, CAIRO_TAG_LINK, uri ? uri : attr);
    }
    set_color(cr, it->color);
    if (it->turns) {
        cairo_save(cr);
        cairo_translate(cr, it->cx, it->baseline);
        cairo_rotate(cr, -3.14159265358979323846 / 2);
        pango_cairo_update_layout(cr, layout);
        cairo_move_to(cr, 0, -baseline);
        pango_cairo_show_layout(cr, layout);
        /* A turned line (a bar's label, or one of its two lines) always
         * stands apart from the text drawn next: its word break keeps
         * "Founding" and "members", and a label and the next bar's
         * value, apart in the PDF's text. */
        PangoLayoutLine *line = pango_layout_get_line_readonly(layout, 0);
        if (word_breaks && line) {
            PangoRectangle logical;
            pango_layout_line_get_extents(line, NULL, &logical);
            show_word_break(cr, line_end_font(line),
                            (double)(logical.x + logical.width) / PANGO_SCALE,
                            0);
        }
        cairo_restore(cr);
    } else {
        cairo_move_to(cr, it->x, it->baseline - baseline);
        if (!show_with_soft_hyphen(cr, layout, it->x,
                                   it->baseline - baseline))
            pango_cairo_show_layout(cr, layout);
        if (word_breaks)
            show_word_breaks(cr, layout, it->x, it->baseline - baseline, it,
                             next);
    }
    if (linked)
        cairo_tag_end(cr, CAIRO_TAG_LINK);
    free(uri);
    if (it->dest)
        cairo_tag_end(cr, CAIRO_TAG_DEST);
    g_object_unref(layout);
}

/* Whether text `it` lies wholly above or below y0..y1, the clip's
 * extents, by more than its size: a PNG page is drawn a band of rows at a
 * time, and a text laid out for every band (a turned bar label is shaped
 * anew each time) cost most of the page.  A level line is placed by its
 * baseline, a turned one by its box (lo_add_text_up); the margin of an em
 * covers what a glyph's ink may pass them by, so the pixels stay the
 * same. */
static bool
text_outside(const kf_item *it, double y0, double y1)
{
    double m = it->size;
    double top = it->turns ? it->y - m : it->baseline - 2 * m;
    double bottom = it->turns ? it->y + it->h + m : it->baseline + m;
    return bottom < y0 || top > y1;
}

static bool
same_element(const kf_item *a, const kf_item *b)
{
    return a && b && a->tag && b->tag && a->block == b->block &&
           a->row == b->row && a->col == b->col &&
           strcmp(a->tag, b->tag) == 0;
}

/* The text the structure element of text `items[i]` goes on with (the
 * unit after a tile's figure, a legend's number after its label, past
 * the swatch drawn between them), or NULL.  Their words need a break
 * between them. */
static const kf_item *
continuing_text(const kf_item *items, size_t count, size_t i)
{
    for (size_t k = i + 1; k < count && same_element(&items[i], &items[k]);
         k++)
        if (items[k].kind == KF_ITEM_TEXT)
            return &items[k];
    return NULL;
}

static bool
is_cell(const kf_item *it)
{
    return it->tag && (!strcmp(it->tag, "TH") || !strcmp(it->tag, "TD"));
}

/* Appends an element to the log; returns its index (-1 without a log). */
static long
log_add(kf_tag_log *log, const char *tag, size_t page, size_t item,
        int block, long joins)
{
    if (!log || log->failed)
        return -1;
    if (log->count == log->cap) {
        size_t cap = log->cap ? log->cap * 2 : 64;
        kf_tag_entry *items = realloc(log->items, cap * sizeof(*items));
        if (!items) {
            log->failed = true;
            return -1;
        }
        log->items = items;
        log->cap = cap;
    }
    log->items[log->count] =
        (kf_tag_entry){tag, page, item, block, joins, false};
    return (long)log->count++;
}

kf_status
kf_draw_page(cairo_t *cr, const kf_layout *layout, size_t page)
{
    return kf_draw_page_tagged(cr, layout, page, NULL);
}

kf_status
kf_draw_page_tagged(cairo_t *cr, const kf_layout *layout, size_t page,
                    kf_tag_log *log)
{
    if (!layout || page >= layout->npages)
        return KF_ERR_USAGE;
    if (!kf_text_context(layout->font))
        return KF_ERR_FONT;
    PangoContext *turned = NULL; /* made for the first turned label */
    const kf_layout_page *p = &layout->pages[page];
    cairo_save(cr);
    kf_color paper = p->has_paper ? p->paper : (kf_color){255, 255, 255};
    set_color(cr, paper);
    cairo_paint(cr);
    /* One structure element per run of items with the same tag and
     * block.  cairo 1.16 writes no marked content for an element that
     * has children (so a tile's figure, nested around its footnote link,
     * would be lost to readers): the run's tag is closed around each
     * linked text, and reopened after it as an element that joins the
     * run's first one. */
    long head = -1; /* the run's first element in the log */
    bool open = false;
    /* Cells (TH, TD) go into a TR per row and a Table per run of one
     * block's cells; those two have only children, so cairo gives them
     * no content and what is drawn between cells (rules) is an artifact.
     * Only elements at the top are logged: they are the tree root's
     * kids that pdf_ua.c matches. */
    bool table = false, row = false;
    int table_block = 0, row_index = 0;
    /* Untagged (PNG, SVG), texts the clip leaves out are not drawn; the
     * PDF draws every one, its text layer being read. */
    double clip_x0, clip_y0, clip_x1, clip_y1;
    cairo_clip_extents(cr, &clip_x0, &clip_y0, &clip_x1, &clip_y1);
    (void)clip_x0, (void)clip_x1;
    for (size_t i = 0; i < p->count; i++) {
        const kf_item *it = &p->items[i];
        const kf_item *prev = i > 0 ? &p->items[i - 1] : NULL;
        const kf_item *next = i + 1 < p->count ? &p->items[i + 1] : NULL;
        bool linked = it->kind == KF_ITEM_TEXT && it->link;
        bool cell = is_cell(it);
        if (table && it->tag && (!cell || it->block != table_block)) {
            if (row)
                cairo_tag_end(cr, "TR");
            cairo_tag_end(cr, "Table");
            table = row = false;
        }
        if (cell && !table) {
            log_add(log, "Table", page, i, it->block, -1);
            cairo_tag_begin(cr, "Table", NULL);
            table = true;
            table_block = it->block;
        }
        if (cell && row && it->row != row_index) {
            cairo_tag_end(cr, "TR");
            row = false;
        }
        if (cell && !row) {
            cairo_tag_begin(cr, "TR", NULL);
            row = true;
            row_index = it->row;
        }
        kf_tag_log *top = cell ? NULL : log;
        if (it->tag && !same_element(prev, it)) {
            head = log_add(top, it->tag, page, i, it->block, -1);
            cairo_tag_begin(cr, it->tag, NULL);
            open = true;
        } else if (it->tag && !linked && !open) {
            log_add(top, it->tag, page, i, it->block, head);
            cairo_tag_begin(cr, it->tag, NULL);
            open = true;
        }
        if (linked) {
            if (open)
                cairo_tag_end(cr, it->tag);
            open = false;
            log_add(top, "Link", page, i, it->block, it->tag ? head : -1);
        }
        switch (it->kind) {
        case KF_ITEM_RECT: draw_rect(cr, it); break;
        case KF_ITEM_TEXT:
            if (!log && text_outside(it, clip_y0, clip_y1))
                break;
            /* Only the PDF has a text layer that is read. */
            draw_text(cr, &turned, layout->font, it, log != NULL,
                      continuing_text(p->items, p->count, i));
            break;
        case KF_ITEM_ARC: draw_arc(cr, it, paper); break;
        case KF_ITEM_LINE: draw_line(cr, it); break;
        case KF_ITEM_IMAGE:
            kf_logo_draw(cr, layout->logo, it->x, it->y, it->w, it->h);
            break;
        }
        if (it->tag && !same_element(it, next)) {
            if (open)
                cairo_tag_end(cr, it->tag);
            open = false;
            head = -1;
        }
    }
    if (row)
        cairo_tag_end(cr, "TR");
    if (table)
        cairo_tag_end(cr, "Table");
    cairo_restore(cr);
    if (turned)
        g_object_unref(turned);
    return cairo_status(cr) == CAIRO_STATUS_SUCCESS ? KF_OK : KF_ERR_OUTPUT;
}
