/*
 * layout_box.c: the boxes every part of the layout is made of (items of a
 * page: rectangles, lines, texts measured and broken into lines),
 * footnote markers, and the warnings said while laying out.
 * layout.c (pages, tiles, texts) and layout_chart.c (charts) both build on
 * it; it calls neither, so the layout's modules form no cycle:
 *
 *     layout.c -> layout_chart.c -> layout_box.c
 *         \------------------------------^
 */
#include "layout_box.h"

#include "format.h"
#include "typo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Items                                                              */
/* ------------------------------------------------------------------ */

kf_item *
lo_add_item(kf_layout_page *page, kf_item_kind kind, int block)
{
    if (page->count == page->cap) {
        size_t cap = page->cap ? page->cap * 2 : 64;
        kf_item *items = realloc(page->items, cap * sizeof(*items));
        if (!items) {
            page->failed = true;
            return NULL;
        }
        page->items = items;
        page->cap = cap;
    }
    kf_item *it = &page->items[page->count++];
    memset(it, 0, sizeof(*it));
    it->kind = kind;
    it->block = block;
    return it;
}

void
lo_add_rect(kf_layout_page *page, int block, double x, double y, double w,
         double h, kf_color color, double radius)
{
    kf_item *it = lo_add_item(page, KF_ITEM_RECT, block);
    if (!it)
        return;
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = h;
    it->color = color;
    it->radius = radius;
}

void
lo_add_line(kf_layout_page *page, int block, double x, double y, double x2,
         double y2, kf_color color, double width)
{
    kf_item *it = lo_add_item(page, KF_ITEM_LINE, block);
    if (!it)
        return;
    it->cx = x;
    it->cy = y;
    it->x2 = x2;
    it->y2 = y2;
    it->x = fmin(x, x2);
    it->y = fmin(y, y2);
    it->w = fabs(x2 - x);
    it->h = fabs(y2 - y);
    it->color = color;
    it->line_width = width;
}

/* A warning at `loc` (line 0: unknown), unless the same was said
 * already: what is drawn on many pages (a source line, the organisation)
 * or measured many times is said once. */
void
lo_warn_once(builder *b, kf_loc loc, const char *hint, const char *msg)
{
    if (!b->diags)
        return;
    for (size_t i = 0; i < b->diags->count; i++)
        if (b->diags->items[i].severity == KF_SEV_WARNING &&
            !strcmp(b->diags->items[i].message, msg))
            return;
    kf_diag_add(b->diags, KF_SEV_WARNING,
                loc.file ? loc.file : b->report->path, loc.line, loc.col,
                hint, "%s", msg);
}

/* Says the font lacks `unknown` characters of `text`, written at `loc`. */
const char *
lo_quoted(const char *text, char buf[LO_QUOTED])
{
    size_t o = 0;
    int chars = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        size_t n = 1;
        while (p[n] && (p[n] & 0xC0) == 0x80 && n < 4)
            n++;
        if (chars == 48 || o + n + sizeof("...") > LO_QUOTED) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        memcpy(buf + o, p, n);
        o += n;
        p += n;
        chars++;
    }
    buf[o] = '\0';
    return buf;
}

void
lo_warn_glyphs_at(builder *b, const char *text, int unknown, kf_loc loc)
{
    if (unknown <= 0)
        return;
    char quoted[LO_QUOTED];
    text = lo_quoted(text, quoted);
    size_t size = strlen(text) + strlen(b->report->font) + 96;
    char *msg = malloc(size);
    if (!msg)
        return;
    snprintf(msg, size, "the font %s has no glyph for %d character%s of \"%s\"",
             b->report->font, unknown, unknown > 1 ? "s" : "", text);
    lo_warn_once(b, loc, "use characters the font covers, or another font", msg);
    free(msg);
}

void
lo_warn_glyphs(builder *b, const char *text, int unknown)
{
    if (!b->quiet_glyphs)
        lo_warn_glyphs_at(b, text, unknown, b->where);
}

/* One line of text whose baseline starts at (x, baseline), or ends there
 * (ALIGN_RIGHT), or is centred on x.  Returns the item (NULL: no memory). */
kf_item *
lo_add_text(builder *b, kf_layout_page *page, int block, double x,
         double baseline, const char *text, text_style st, align al)
{
    kf_text_extent e = kf_text_measure(b->font, text, st.size, lo_weight(b, st));
    lo_warn_glyphs(b, text, e.unknown_glyphs);
    kf_item *it = lo_add_item(page, KF_ITEM_TEXT, block);
    if (!it)
        return NULL;
    it->text = strdup(text);
    if (!it->text)
        page->failed = true;
    it->tag = "P";
    it->size = st.size;
    it->weight = st.weight;
    it->tabular = b->tabular;
    it->color = st.color;
    it->baseline = baseline;
    it->w = e.width;
    it->h = e.ascent + e.descent;
    it->y = baseline - e.ascent;
    it->x = al == ALIGN_LEFT    ? x
            : al == ALIGN_RIGHT ? x - e.width
                                : x - e.width / 2;
    return it;
}

/* A text turned a quarter counter-clockwise, reading upwards, whose end
 * is at (cx, top) and whose line is centred on x = cx. */
kf_item *
lo_add_text_up(builder *b, kf_layout_page *page, int block, double cx,
            double top, const char *text, text_style st)
{
    kf_text_extent e = kf_text_measure(b->font, text, st.size, lo_weight(b, st));
    lo_warn_glyphs(b, text, e.unknown_glyphs);
    kf_item *it = lo_add_item(page, KF_ITEM_TEXT, block);
    if (!it)
        return NULL;
    it->text = strdup(text);
    if (!it->text)
        page->failed = true;
    it->tag = "P";
    it->size = st.size;
    it->weight = st.weight;
    it->tabular = b->tabular;
    it->color = st.color;
    it->turns = 1;
    /* Turned, the ascent lies to the left of the baseline. */
    it->cx = cx + (e.ascent - e.descent) / 2;
    it->baseline = top + e.width;
    it->x = it->cx - e.ascent;
    it->w = e.ascent + e.descent;
    it->y = top;
    it->h = e.width;
    return it;
}

kf_weight
lo_weight(const builder *b, text_style st)
{
    return b->tabular ? (kf_weight)(st.weight | KF_FIGURES_TABULAR)
                      : st.weight;
}

double
lo_text_width(builder *b, const char *text, text_style st)
{
    return kf_text_measure(b->font, text, st.size, lo_weight(b, st)).width;
}

double
lo_ascent_of(builder *b, text_style st)
{
    return kf_text_measure(b->font, "Hg", st.size, lo_weight(b, st)).ascent;
}

double
lo_descent_of(builder *b, text_style st)
{
    return kf_text_measure(b->font, "Hg", st.size, lo_weight(b, st)).descent;
}

/* A paragraph wrapped to `width`, first line's top at `top`; returns the
 * height used.  With emit false it only measures. */
double
lo_add_wrapped(builder *b, kf_layout_page *page, int block, double x,
            double top, double width, const char *text, text_style st,
            double leading, align al, bool emit)
{
    char **lines;
    double widest;
    size_t n = kf_text_wrap(b->report->locale, b->font, text, st.size, lo_weight(b, st), width, &lines,
                            &widest);
    if (n == 0)
        return 0;
    double ascent = lo_ascent_of(b, st), descent = lo_descent_of(b, st);
    /* Lines never overlap, whatever leading the caller asked for. */
    leading = fmax(leading, ascent + descent);
    for (size_t i = 0; emit && i < n; i++) {
        double bx = al == ALIGN_LEFT    ? x
                    : al == ALIGN_RIGHT ? x + width
                                        : x + width / 2;
        lo_add_text(b, page, block, bx, top + ascent + (double)i * leading,
                 lines[i], st, al);
    }
    kf_text_lines_free(lines, n);
    return ascent + descent + (double)(n - 1) * leading;
}

size_t
lo_count_lines(builder *b, const char *text, text_style st, double width)
{
    char **lines;
    double widest;
    size_t n = kf_text_wrap(b->report->locale, b->font, text, st.size, lo_weight(b, st), width, &lines,
                            &widest);
    kf_text_lines_free(lines, n);
    return n;
}

/* The width of the widest word of `text`, words parted by spaces, or
 * ending in a hyphen ("Paris-" of "Paris-Saclay"), as a line may break
 * there: a text whose widest word is wider than a line cannot be wrapped
 * to it without cutting a word ("201-8" of a year under a narrow bar). */
double
lo_widest_word(builder *b, const char *text, text_style st)
{
    double widest = 0;
    char word[512];
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t n = 0;
        while (p[n] && p[n] != ' ' && (n == 0 || p[n - 1] != '-'))
            n++;
        if (n == 0)
            break;
        size_t keep = n < sizeof(word) - 1 ? n : sizeof(word) - 1;
        while (keep > 0 && keep < n && (p[keep] & 0xC0) == 0x80)
            keep--;
        memcpy(word, p, keep);
        word[keep] = '\0';
        widest = fmax(widest, lo_text_width(b, word, st));
        p += n;
    }
    return widest;
}

/* Copies `text` into buf, shortened with an ellipsis at a character
 * boundary if it is wider than `room`.  Returns true when it was cut. */
bool
lo_fit_line(builder *b, const char *text, text_style st, double room, char *buf,
         size_t size)
{
    snprintf(buf, size, "%s", text);
    if (strlen(text) < size && lo_text_width(b, buf, st) <= room)
        return false;
    size_t n = strlen(text);
    if (n > size - 4)
        n = size - 4;
    /* The longest prefix that fits with the ellipsis, by bisection: the
     * width grows with the prefix, and measuring one prefix per character
     * took seconds for a chart of long labels.  lo always fits (an empty
     * prefix is the last resort); every cut is at a character start. */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2, cut = mid;
        while (cut > 0 && (text[cut] & 0xC0) == 0x80)
            cut--;
        memcpy(buf, text, cut);
        memcpy(buf + cut, "\xe2\x80\xa6", 4);
        if (lo_text_width(b, buf, st) <= room)
            lo = mid;
        else
            hi = mid - 1;
    }
    while (lo > 0 && (text[lo] & 0xC0) == 0x80)
        lo--;
    /* The ellipsis ends the last word kept, not a space after it
     * ("entreprises…", not "entreprises …"). */
    while (lo > 0 && text[lo - 1] == ' ')
        lo--;
    memcpy(buf, text, lo);
    memcpy(buf + lo, "\xe2\x80\xa6", 4);
    return true;
}

/* The name of the destination of a source's line in the current page's
 * footer; "#" first, as links name it. */
void
lo_source_dest(builder *b, int source, char *buf, size_t size)
{
    snprintf(buf, size, "#p%zu-s%d", b->cur_page + 1,
             b->source_number[source]);
}

/* ------------------------------------------------------------------ */
/* A metric's figure: number, unit and qualifier                      */
/* ------------------------------------------------------------------ */

/* The qualifier's words and the no-break space that ties them to the
 * number on its line ("plus de "); empty without a qualifier.  Above the
 * number (`kicker`) the words alone: the word break drawn at the end of
 * their line (draw.c) parts them from the number, and the PDF's text
 * reads "plus de 1 600", not "plus de\u00a0 1 600". */
static void
qualifier_text(const kf_number *num, bool kicker, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", num->qualifier,
             num->qualifier[0] && !kicker ? KF_NBSP : "");
}

double
lo_figure_width(builder *b, const kf_number *num, double big, bool kicker)
{
    text_style bs = {big, KF_WEIGHT_BOLD, INK};
    text_style ss = {big * UNIT_SCALE, KF_WEIGHT_SEMIBOLD, INK};
    char words[48];
    qualifier_text(num, kicker, words, sizeof(words));
    bool was = b->tabular;
    b->tabular = false; /* one figure, in no column: as a tile has it */
    double words_w = lo_text_width(b, words, ss);
    double number_w = lo_text_width(b, num->prefix, bs) +
                      lo_text_width(b, num->number, bs) +
                      lo_text_width(b, num->suffix, ss);
    b->tabular = was;
    return kicker ? fmax(words_w, number_w) : words_w + number_w;
}

double
lo_figure_kicker_h(builder *b, double big)
{
    text_style ss = {big * UNIT_SCALE, KF_WEIGHT_SEMIBOLD, INK};
    return lo_ascent_of(b, ss) + lo_descent_of(b, ss);
}

double
lo_add_figure(builder *b, kf_layout_page *page, int block, double x,
              double base, const kf_number *num, double big, kf_color color,
              bool kicker)
{
    text_style bs = {big, KF_WEIGHT_BOLD, color};
    text_style ss = {big * UNIT_SCALE, KF_WEIGHT_SEMIBOLD, color};
    double cx = x;
    char words[48];
    qualifier_text(num, kicker, words, sizeof(words));
    bool was = b->tabular;
    b->tabular = false; /* proportional figures, in a chart's headline too */
    if (words[0] && kicker) {
        lo_add_text(b, page, block, x,
                    base - lo_ascent_of(b, bs) - lo_descent_of(b, ss), words,
                    ss, ALIGN_LEFT);
    } else if (words[0]) {
        kf_item *it = lo_add_text(b, page, block, cx, base, words, ss,
                                  ALIGN_LEFT);
        cx += it ? it->w : 0;
    }
    if (num->prefix[0]) {
        kf_item *it = lo_add_text(b, page, block, cx, base, num->prefix, bs,
                                  ALIGN_LEFT);
        cx += it ? it->w : 0;
    }
    kf_item *it = lo_add_text(b, page, block, cx, base, num->number, bs,
                              ALIGN_LEFT);
    cx += it ? it->w : 0;
    if (num->suffix[0]) {
        it = lo_add_text(b, page, block, cx, base, num->suffix, ss,
                         ALIGN_LEFT);
        cx += it ? it->w : 0;
    }
    b->tabular = was;
    return cx - x;
}

/* Whether `text` ends in an ordinal's suffix, which the page sets as a
 * superscript ("ranked 2nd"): its last word read as kf_typo_ordinals
 * reads words. */
static bool
ends_in_ordinal(const kf_report *r, const char *text)
{
    const char *word = strrchr(text, ' ');
    word = word ? word + 1 : text;
    size_t len = strlen(word);
    kf_typo_range ranges[4];
    size_t n = kf_typo_ordinals(word, strcmp(r->language, "fr") == 0, ranges,
                                4);
    return n > 0 && n <= 4 && ranges[n - 1].end == len;
}

void
lo_add_marker(builder *b, kf_layout_page *page, int block,
              const kf_item *after, int source)
{
    if (source < 0 || b->source_number[source] == 0 || !after)
        return;
    char mark[16], dest[48];
    snprintf(mark, sizeof(mark), "%d", b->source_number[source]);
    /* A hero's label (20 pt) keeps a marker that reads beside it. */
    text_style st = {fmax(MARK_SIZE, after->size * 0.5), KF_WEIGHT_SEMIBOLD,
                     MUTED};
    double gap = MARK_GAP;
    if (after->text && ends_in_ordinal(b->report, after->text))
        gap = MARK_GAP_AFTER_SUPERSCRIPT;
    /* Read before lo_add_text: adding an item may move the page's items,
     * `after` among them. */
    double x = after->x + after->w + gap;
    double baseline = after->baseline - MARK_RISE_EM * after->size;
    kf_item *it = lo_add_text(b, page, block, x, baseline, mark, st,
                              ALIGN_LEFT);
    lo_source_dest(b, source, dest, sizeof(dest));
    if (it)
        it->link = strdup(dest);
}

const char *
lo_stale_marked(const char *text, bool stale, char **owned)
{
    *owned = NULL;
    if (!stale)
        return text;
    size_t n = strlen(text);
    *owned = malloc(n + sizeof(KF_STALE_MARK));
    if (!*owned)
        return text; /* unmarked rather than not drawn */
    memcpy(*owned, text, n);
    memcpy(*owned + n, KF_STALE_MARK, sizeof(KF_STALE_MARK));
    return *owned;
}


/* A point of series `s` formatted as a chart shows it. */
void
lo_format_point(const kf_report *r, const kf_series *s, double v, kf_number *num)
{
    if (!kf_format_number(r->locale, v, s->decimals, s->unit,
                          KF_DISPLAY_FULL, num))
        memset(num, 0, sizeof(*num));
}
