/*
 * layout.c: turns a report into pages of boxes (plain data, in points).
 *
 * Every text is measured and broken into lines here, once; drawing only
 * shows the lines where this module put them, so the PDF, the PNGs and the
 * SVGs break lines identically.  The page is a stack: a header band, the
 * page title, the blocks (KPI rows and charts), and a footer with the
 * sources cited on the page and the page number.  Blocks that do not fit
 * go to a continuation page with the same header.
 */
#include "fontset.h"
#include "format.h"
#include "layout_int.h"

#include "change.h"
#include "logo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Records that memory ran out: the layout goes on (each step copes with
 * what it could not get) but kf_layout_new fails, so no page is left out
 * or incomplete without an error. */
static void
no_memory(builder *b)
{
    b->status = KF_ERR_MEMORY;
}

/* A text of the header or the cover, which draw theirs quietly: checked
 * here once, whole, at its place in the report. */
static void
check_glyphs(builder *b, const char *text, kf_weight weight, kf_loc loc)
{
    if (text)
        lo_warn_glyphs_at(b, text,
                       kf_text_measure(b->font, text, 12, weight)
                           .unknown_glyphs,
                       loc);
}

/* The warning that `what` (written at `loc`) had to be shortened in the
 * header or on the cover: once per text. */
static void
warn_header(builder *b, const char *what, kf_loc loc)
{
    char msg[160];
    snprintf(msg, sizeof(msg),
             "%s is too long for the header band and is shortened", what);
    lo_warn_once(b, loc, "shorten it", msg);
}


/* ------------------------------------------------------------------ */
/* Sources and footnote markers                                       */
/* ------------------------------------------------------------------ */

/* The source of the i-th figure a block shows: a chart of one metric
 * (waffle, progress) shows that metric, which has no series (nseries 0,
 * and the report may have none); a chart of several series cites each
 * one's source, so every figure drawn has its source in the footer. */
static int
block_source(const kf_report *r, const kf_block *blk, size_t i)
{
    if (kf_chart_shows_metric(blk))
        return i == 0 && (size_t)blk->metric < r->nmetrics
                   ? r->metrics[blk->metric].source
                   : -1;
    /* An appendix table of one series has it in `series` alone
     * (nseries 0); its title carries the series' marker, so its footer
     * must list that source too. */
    if (blk->kind == KF_BLOCK_CHART && blk->nseries == 0)
        return i == 0 && blk->series < r->nseries
                   ? r->series[blk->series].source
                   : -1;
    if (blk->kind == KF_BLOCK_CHART)
        return i < blk->nseries && blk->series_list[i] < r->nseries
                   ? r->series[blk->series_list[i]].source
                   : -1;
    return i < blk->nmetrics ? r->metrics[blk->metrics[i]].source : -1;
}

static size_t
block_source_count(const kf_block *blk)
{
    if (blk->kind == KF_BLOCK_CHART)
        return kf_chart_shows_metric(blk) || blk->nseries == 0
                   ? 1
                   : blk->nseries;
    return blk->nmetrics;
}

/* Footnotes are numbered in the order sources are first cited. */
static void
number_sources(builder *b)
{
    const kf_report *r = b->report;
    int next = 1;
    for (size_t p = 0; p < r->npages; p++)
        for (size_t k = 0; k < r->pages[p].nblocks; k++) {
            const kf_block *blk = &r->pages[p].blocks[k];
            for (size_t i = 0; i < block_source_count(blk); i++) {
                int s = block_source(r, blk, i);
                if (s >= 0 && b->source_number[s] == 0)
                    b->source_number[s] = next++;
            }
        }
}

/* "1. Title, Publisher, janvier 2025" */
static void
source_line(builder *b, int s, char *buf, size_t size)
{
    const kf_source *src = &b->report->sources[s];
    char date[64];
    kf_format_date(b->report->locale, src->date, date, sizeof(date));
    snprintf(buf, size, "%d. %s%s%s%s%s%s%s", b->source_number[s],
             src->title, src->publisher ? ", " : "",
             src->publisher ? src->publisher : "", date[0] ? ", " : "", date,
             src->url ? ", " : "", src->url ? src->url : "");
}

/* ------------------------------------------------------------------ */
/* Header and footer                                                  */
/* ------------------------------------------------------------------ */

static const char *
word_sources(kf_locale l)
{
    /* French puts a no-break space before a colon. */
    return l == KF_LOCALE_FR_FR ? "Sources\xc2\xa0:" : "Sources:";
}

static const char *
word_continued(kf_locale l)
{
    return l == KF_LOCALE_FR_FR ? " (suite)" : " (continued)";
}

/* A paragraph of at most `max_lines` lines in the header band or on the
 * cover; a longer one has its last line shortened with an ellipsis, and a
 * warning naming `what`, at `loc`, says so (once).  Returns the height
 * used. */
static double
add_capped(builder *b, kf_layout_page *page, double x, double top,
           double width, const char *text, text_style st, size_t max_lines,
           const char *what, kf_loc loc, bool emit)
{
    char **lines;
    double widest;
    size_t n = kf_text_wrap(b->report->locale, b->font, text, st.size, st.weight, width, &lines,
                            &widest);
    double ascent = lo_ascent_of(b, st), descent = lo_descent_of(b, st);
    double leading = fmax(st.size * 1.2, ascent + descent);
    size_t shown = n < max_lines ? n : max_lines;
    for (size_t i = 0; emit && i < shown; i++) {
        char buf[2048];
        const char *line = lines[i];
        if (i + 1 == shown && n > shown) {
            /* The rest of the text on the last line, cut to fit. */
            char rest[4096];
            size_t len = 0;
            for (size_t j = i; j < n && len < sizeof(rest) - 1; j++)
                len += (size_t)snprintf(rest + len, sizeof(rest) - len,
                                        "%s%s", j > i ? " " : "", lines[j]);
            lo_fit_line(b, rest, st, width, buf, sizeof(buf));
            line = buf;
            warn_header(b, what, loc);
        }
        lo_add_text(b, page, -1, x, top + ascent + (double)i * leading, line, st,
                 ALIGN_LEFT);
    }
    kf_text_lines_free(lines, n);
    return shown ? ascent + descent + (double)(shown - 1) * leading : 0;
}

/* The logo sits on a white plate in the bands, so a dark logo on a
 * transparent background stays visible on the primary colour; a light
 * one made for dark backgrounds goes without (kf_logo_wants_plate), its
 * box the same. */
#define LOGO_PLATE 4.0
#define LOGO_BAND_H 48.0   /* the least band's logo box, plate included */
#define LOGO_BAND_PAD 16.0 /* from the band's top and foot */
#define LOGO_MAX_SHARE 0.22 /* of the text width: the title keeps the rest */
#define COVER_LOGO_H 64.0  /* the cover's logo box, plate included */
#define LOGO_GAP 16.0       /* between the logo and the band's texts */

/* The width the logo takes in a band where it is `h` high, plate
 * included (0 without a logo): at most LOGO_MAX_SHARE of the width, a
 * wide logo then drawn lower. */
static double
logo_room(const builder *b, double h)
{
    const kf_logo *logo = b->report->logo_image;
    if (!logo)
        return 0;
    double inner = h - 2 * LOGO_PLATE;
    double w = logo->width / logo->height * inner + 2 * LOGO_PLATE;
    return fmin(w, (b->page_w - 2 * MARGIN) * LOGO_MAX_SHARE);
}

/* The logo scaled to fit the box (x, y, w, h), plate included, its aspect
 * kept, against the box's right edge and centred in its height.  It is a
 * Figure (draw.c, with the organisation's name for /Alt: out_pdf.c) where
 * it is first seen; untag_running_headers makes the copies in later
 * bands artifacts, as the band's other texts. */
static void
emit_logo(builder *b, kf_layout_page *page, double x, double y, double w,
          double h)
{
    const kf_logo *logo = b->report->logo_image;
    double iw = w - 2 * LOGO_PLATE, ih = h - 2 * LOGO_PLATE;
    if (!logo || iw <= 0 || ih <= 0)
        return;
    double s = fmin(iw / logo->width, ih / logo->height);
    double dw = logo->width * s, dh = logo->height * s;
    double dx = x + w - LOGO_PLATE - dw, dy = y + (h - dh) / 2;
    if (kf_logo_wants_plate(logo, b->band))
        lo_add_rect(page, -1, dx - LOGO_PLATE, dy - LOGO_PLATE,
                    dw + 2 * LOGO_PLATE, dh + 2 * LOGO_PLATE, WHITE, 3);
    kf_item *it = lo_add_item(page, KF_ITEM_IMAGE, -1);
    if (it) {
        it->x = dx;
        it->y = dy;
        it->w = dw;
        it->h = dh;
        it->tag = "Figure";
    }
}

/* A continuation page's band: the report title on one line (whole on the
 * first page, shortened here if it must be) and the organisation. */
static double
emit_slim_band(builder *b, kf_layout_page *page)
{
    const kf_report *r = b->report;
    double w = b->page_w - 2 * MARGIN;
    text_style org = {9.5, KF_WEIGHT_SEMIBOLD, b->band_text};
    text_style title = {13, KF_WEIGHT_BOLD, b->band_text};
    char buf[1024];
    double band = 44;
    double logo_h = band - 12, logo_w = logo_room(b, logo_h);
    double logo = logo_w > 0 ? logo_w + LOGO_GAP : 0;
    double right = 0;
    if (r->organisation) {
        lo_fit_line(b, r->organisation, org, w * 0.35, buf, sizeof(buf));
        right = lo_text_width(b, buf, org);
    }
    /* With a logo, the organisation is named twice more on the sheet (by
     * its logo, and in the footer): a title that would be shortened
     * beside it takes its room instead. */
    bool show_org = r->organisation &&
                    !(logo_w > 0 && lo_text_width(b, r->title, title) >
                                        w - logo - right - 24);
    if (!show_org)
        right = 0;
    lo_add_rect(page, -1, 0, 0, b->page_w, band, b->band, 0);
    lo_add_rect(page, -1, 0, band, b->page_w, STRIPE, r->accent, 0);
    if (logo_w > 0)
        emit_logo(b, page, b->page_w - MARGIN - logo_w, 6, logo_w, logo_h);
    w -= logo;
    double base = band / 2 + (lo_ascent_of(b, title) - lo_descent_of(b, title)) / 2;
    if (show_org)
        lo_add_text(b, page, -1, b->page_w - MARGIN - logo, base, buf, org,
                 ALIGN_RIGHT);
    lo_fit_line(b, r->title, title, w - (right > 0 ? right + 24 : 0), buf,
             sizeof(buf));
    lo_add_text(b, page, -1, MARGIN, base, buf, title, ALIGN_LEFT);
    return band;
}

/* `text` as the header may show it in `lines` lines `width` wide at
 * `size` points or more: a copy cut, with an ellipsis, after as many
 * bytes as those lines could ever hold (no printing glyph of Inter is
 * narrower than a fifth of an em, no character longer than four bytes).
 * The header wraps its title at up to 13 sizes, and pango's line breaking
 * grows faster than the text: a long title without spaces took minutes.
 * A cut text gets the header's warning.  NULL: no memory. */
static char *
header_text(builder *b, const char *text, size_t lines, double width,
            double size, const char *what, kf_loc loc)
{
    size_t limit =
        (size_t)((double)(lines + 1) * ceil(width / (0.2 * size))) * 4;
    size_t n = strlen(text);
    if (n <= limit)
        return strdup(text);
    while (limit > 0 && (text[limit] & 0xC0) == 0x80)
        limit--;
    char *cut = malloc(limit + 4);
    if (!cut)
        return NULL;
    memcpy(cut, text, limit);
    memcpy(cut + limit, "\xe2\x80\xa6", 4);
    warn_header(b, what, loc);
    return cut;
}

/* Draws the band (a slim one on continuation pages), the accent stripe
 * and the page title; returns the y where blocks start.  Quiet about
 * missing glyphs: check_header_glyphs says them once. */
static double
header_items(builder *b, kf_layout_page *page, const char *page_title,
             bool slim)
{
    const kf_report *r = b->report;
    double w = b->page_w - 2 * MARGIN;
    if (slim) {
        double y = emit_slim_band(b, page) + STRIPE + 22;
        text_style pt = {16, KF_WEIGHT_BOLD, r->primary};
        size_t first = page->count;
        y += lo_add_wrapped(b, page, -1, MARGIN, y, w, page_title, pt, 20,
                         ALIGN_LEFT, true);
        for (size_t k = first; k < page->count; k++)
            page->items[k].tag = "H1";
        return y + 14;
    }
    text_style org = {10.5, KF_WEIGHT_SEMIBOLD, b->band_text};
    text_style date = {9.5, KF_WEIGHT_REGULAR, b->soft_white};
    char datebuf[64];
    kf_format_date(r->locale, r->date, datebuf, sizeof(datebuf));
    /* The logo at the band's right, the organisation and the date to its
     * left; its width is set at the least band's height, and it is drawn
     * to fit the band it gets. */
    double logo_w = logo_room(b, LOGO_BAND_H);
    double logo = logo_w > 0 ? logo_w + LOGO_GAP : 0;
    double band_w = w - logo; /* the band's texts */

    /* The right column holds the organisation and the date; the title
     * takes the rest and shrinks (down to 16 pt) to fit in two lines. */
    double right = 0;
    if (r->organisation)
        right = fmin(lo_text_width(b, r->organisation, org), band_w * 0.35);
    if (datebuf[0])
        right = fmax(right, lo_text_width(b, datebuf, date));
    double title_w = band_w - (right > 0 ? right + 24 : 0);
    /* The title shrinks (26 to 14 pt) to fit in three lines, two on short
     * pages; a title longer still is shortened, and said once. */
    size_t max_lines = b->page_h < 600 ? 2 : 3;
    text_style title = {26, KF_WEIGHT_BOLD, b->band_text};
    text_style sub = {12, KF_WEIGHT_REGULAR, b->soft_white};
    /* With a logo, the organisation and the date beside it left the
     * title little more than half the band: a title that would be
     * shortened there has them set under the logo instead, in one right
     * column, and takes the rest of the band's width. */
    double stacked_w = w - fmax(logo_w, right) - 24;
    char *title_text = header_text(b, r->title, max_lines,
                                   logo_w > 0 ? stacked_w : title_w, 14,
                                   "the title", r->title_loc);
    bool stacked =
        logo_w > 0 && right > 0 && title_text &&
        lo_count_lines(b, title_text,
                       (text_style){14, title.weight, title.color},
                       title_w) > max_lines;
    if (stacked) {
        logo = 0;
        title_w = stacked_w;
    }
    char *sub_text = r->subtitle ? header_text(b, r->subtitle, 2, title_w,
                                               sub.size, "the subtitle",
                                               r->subtitle_loc)
                                 : NULL;
    const char *title_s = title_text ? title_text : "";
    const char *sub_s = sub_text ? sub_text : NULL;
    /* Too long even at 14 pt: no need to try the 12 sizes above. */
    if (lo_count_lines(b, title_s, (text_style){14, title.weight, title.color},
                       title_w) > max_lines)
        title.size = 14;
    while (title.size > 14 &&
           lo_count_lines(b, title_s, title, title_w) > max_lines)
        title.size -= 1;

    double h_title = add_capped(b, page, MARGIN, 0, title_w, title_s, title,
                                max_lines, "the title", r->title_loc, false);
    double h_sub = sub_s ? add_capped(b, page, MARGIN, 0, title_w, sub_s, sub,
                                      2, "the subtitle", r->subtitle_loc,
                                      false)
                         : 0;
    double h_right = 4 + (r->organisation
                              ? lo_add_wrapped(b, page, -1, 0, 0, right,
                                            r->organisation, org, 13,
                                            ALIGN_RIGHT, false) + 5
                              : 0) +
                     (datebuf[0] ? lo_ascent_of(b, date) + lo_descent_of(b, date)
                                 : 0);
    /* Stacked, the right column starts under the logo. */
    double right_top = stacked ? LOGO_BAND_PAD + LOGO_BAND_H + 4
                               : BAND_PAD_TOP;
    double band = fmax(BAND_PAD_TOP + h_title + (h_sub > 0 ? 8 + h_sub : 0),
                       right_top + h_right) +
                  BAND_PAD_BOTTOM;
    if (logo_w > 0 && !stacked)
        band = fmax(band, LOGO_BAND_H + 2 * LOGO_BAND_PAD);
    lo_add_rect(page, -1, 0, 0, b->page_w, band, b->band, 0);
    lo_add_rect(page, -1, 0, band, b->page_w, STRIPE, r->accent, 0);
    if (logo_w > 0)
        emit_logo(b, page, b->page_w - MARGIN - logo_w, LOGO_BAND_PAD,
                  logo_w, stacked ? LOGO_BAND_H : band - 2 * LOGO_BAND_PAD);
    add_capped(b, page, MARGIN, BAND_PAD_TOP, title_w, title_s, title,
               max_lines, "the title", r->title_loc, true);
    if (sub_s)
        add_capped(b, page, MARGIN, BAND_PAD_TOP + h_title + 8, title_w,
                   sub_s, sub, 2, "the subtitle", r->subtitle_loc, true);
    free(title_text);
    free(sub_text);
    double ry = right_top + 4;
    if (r->organisation)
        ry += lo_add_wrapped(b, page, -1, b->page_w - MARGIN - logo - right,
                             ry, right, r->organisation, org, 13, ALIGN_RIGHT,
                             true) +
              5;
    if (datebuf[0])
        lo_add_text(b, page, -1, b->page_w - MARGIN - logo,
                 ry + lo_ascent_of(b, date), datebuf, date, ALIGN_RIGHT);

    double y = band + STRIPE + 26;
    text_style pt = {18, KF_WEIGHT_BOLD, r->primary};
    size_t first = page->count;
    y += lo_add_wrapped(b, page, -1, MARGIN, y, w, page_title, pt, 22,
                     ALIGN_LEFT, true);
    for (size_t k = first; k < page->count; k++)
        page->items[k].tag = "H1";
    return y + 16;
}

static double
emit_header(builder *b, kf_layout_page *page, const char *page_title,
            bool slim)
{
    bool quiet = b->quiet_glyphs;
    b->quiet_glyphs = true;
    double y = header_items(b, page, page_title, slim);
    b->quiet_glyphs = quiet;
    return y;
}

/* The texts the header and the cover draw on many pages, checked for
 * missing glyphs once each, at their places in the report. */
static void
check_header_glyphs(builder *b)
{
    const kf_report *r = b->report;
    kf_loc nowhere = {.line = 0};
    check_glyphs(b, r->title, KF_WEIGHT_BOLD, r->title_loc);
    check_glyphs(b, r->subtitle, KF_WEIGHT_REGULAR, r->subtitle_loc);
    check_glyphs(b, r->organisation, KF_WEIGHT_SEMIBOLD, nowhere);
    for (size_t p = 0; p < r->npages; p++)
        check_glyphs(b, r->pages[p].title, KF_WEIGHT_BOLD, r->pages[p].loc);
}

/* The sources cited by blocks [from, to) of report page `p`, in footnote
 * order, as a malloc'ed list of source indexes. */
static size_t
cited_sources(builder *b, const kf_page *pg, size_t from, size_t to,
              int **out)
{
    size_t n = 0;
    int *list = calloc(b->report->nsources + 1, sizeof(int));
    *out = list;
    if (!list) {
        no_memory(b);
        return 0;
    }
    b->stale_cited = false;
    for (size_t k = from; k < to; k++)
        b->stale_cited = b->stale_cited ||
                         kf_block_stale(b->report, &pg->blocks[k]);
    for (size_t k = from; k < to; k++)
        for (size_t i = 0; i < block_source_count(&pg->blocks[k]); i++) {
            int s = block_source(b->report, &pg->blocks[k], i);
            bool seen = s < 0;
            for (size_t j = 0; j < n && !seen; j++)
                seen = list[j] == s;
            if (!seen)
                list[n++] = s;
        }
    /* Insertion sort by footnote number: a handful of entries. */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && b->source_number[list[j - 1]] >
                                        b->source_number[list[j]];
             j--) {
            int t = list[j];
            list[j] = list[j - 1];
            list[j - 1] = t;
        }
    return n;
}

/* The footer's height for the given sources, or with emit, the footer
 * itself at the bottom of the page. */
static double
emit_footer(builder *b, kf_layout_page *page, const int *sources, size_t n,
            bool emit)
{
    double w = b->page_w - 2 * MARGIN;
    text_style st = {FOOT_SIZE, KF_WEIGHT_REGULAR, MUTED};
    double bottom_base = b->page_h - MARGIN * 0.7;
    double h = 0;
    char line[2048];
    /* Measure the sources block first: it sits above the bottom line. */
    double lines_h = 0;
    for (size_t i = 0; i < n; i++) {
        source_line(b, sources[i], line, sizeof(line));
        lines_h += lo_add_wrapped(b, page, -1, MARGIN, 0, w, line, st,
                               FOOT_LEADING, ALIGN_LEFT, false) +
                   (FOOT_LEADING - FOOT_SIZE * 1.2);
    }
    /* "† figure older than 18 months" above the sources, when the page's
     * blocks mark a stale figure (b->stale_cited, from cited_sources). */
    char note[160] = "";
    if (b->stale_cited)
        kf_stale_note(b->report, note, sizeof(note));
    if (note[0])
        lines_h += lo_add_wrapped(b, page, -1, MARGIN, 0, w, note, st,
                                  FOOT_LEADING, ALIGN_LEFT, false) +
                   (FOOT_LEADING - FOOT_SIZE * 1.2);
    double heading = n ? FOOT_LEADING : 0;
    double top = bottom_base - lo_ascent_of(b, st) - 14 - lines_h - heading;
    /* Blocks end 16 pt above the rule that opens the footer. */
    h = b->page_h - top + 8 + 16;
    if (!emit)
        return h;

    lo_add_line(page, -1, MARGIN, top - 8, b->page_w - MARGIN, top - 8, RULE,
             0.75);
    double y = top;
    if (note[0])
        y += lo_add_wrapped(b, page, -1, MARGIN, y, w, note, st, FOOT_LEADING,
                            ALIGN_LEFT, true) +
             (FOOT_LEADING - FOOT_SIZE * 1.2);
    if (n) {
        text_style head = {FOOT_SIZE, KF_WEIGHT_SEMIBOLD, MUTED};
        lo_add_text(b, page, -1, MARGIN, y + lo_ascent_of(b, head),
                 word_sources(b->report->locale), head, ALIGN_LEFT);
        y += FOOT_LEADING;
    }
    for (size_t i = 0; i < n; i++) {
        source_line(b, sources[i], line, sizeof(line));
        size_t first = page->count;
        y += lo_add_wrapped(b, page, -1, MARGIN, y, w, line, st, FOOT_LEADING,
                         ALIGN_LEFT, true) +
             (FOOT_LEADING - FOOT_SIZE * 1.2);
        const char *url = b->report->sources[sources[i]].url;
        for (size_t k = first; url && k < page->count; k++)
            page->items[k].link = strdup(url);
        char dest[48];
        lo_source_dest(b, sources[i], dest, sizeof(dest));
        if (page->count > first)
            page->items[first].dest = strdup(dest + 1);
    }
    char left[512], date[64];
    kf_format_date(b->report->locale, b->report->date, date, sizeof(date));
    const char *org = b->report->organisation ? b->report->organisation : "";
    snprintf(left, sizeof(left), "%s%s%s", org, org[0] && date[0] ? " · " : "",
             date);
    if (left[0])
        lo_add_text(b, page, -1, MARGIN, bottom_base, left, st, ALIGN_LEFT);
    return h;
}

/* ------------------------------------------------------------------ */
/* KPI tiles                                                          */
/* ------------------------------------------------------------------ */

static void
format_metric(const kf_report *r, const kf_metric *m, kf_number *num)
{
    if (!kf_format_metric(r->locale, m, num))
        memset(num, 0, sizeof(*num));
}

/* The first of from, from - 1, from - 2... at which `num` fits `room`, or
 * the first at or under `smallest` when none does: what stepping down a
 * point at a time finds, without measuring at every size on the way.
 * Each new size is a font pango sets up (a pattern match on threads of
 * its own, metrics from shaping a sample text): stepping from 26 to 21
 * points made ten fonts for the figures of one page.  Widths grow in
 * proportion to the size, the metrics being unhinted, so the width at
 * `from` points at the answer; measuring there and a point above confirms
 * it. */
static double
fit_figure(builder *b, const kf_number *num, bool kicker, double from,
           double smallest, double room)
{
    double w = lo_figure_width(b, num, from, kicker);
    if (w <= room || from <= smallest)
        return from;
    double last = from - ceil(from - smallest); /* where stepping stops */
    double size = from - fmax(1, ceil(from - from * room / w));
    if (size < last)
        size = last;
    while (size > smallest && lo_figure_width(b, num, size, kicker) > room)
        size -= 1;
    while (size + 1 < from && lo_figure_width(b, num, size + 1, kicker) <= room)
        size += 1;
    return size;
}

/* Room kept at the end of a tile's label for its footnote marker. */
#define MARK_ROOM 9.0

static double
tile_inner(double w, size_t cols)
{
    double tile_w = (w - (double)(cols - 1) * TILE_GAP) / (double)cols;
    return tile_w - TILE_BAR - TILE_INSET - TILE_RIGHT;
}

/* The narrowest a tile gets: its label wraps at about 14 characters.  A
 * block in a narrow column of a row has fewer tiles a row, and more rows,
 * rather than tiles narrower than this. */
#define TILE_MIN_W 100.0

/* The narrowest a tile gets when five to eight share one row of a wide
 * page (40 mm): its label wraps at about 18 characters. */
#define TILE_ONE_ROW_W 115.0

/* Whether the tiles first..last-1 of `blk`, `inner` wide each, set their
 * qualifiers on a line of their own above their numbers: when one of
 * them, words and number on one line, is wider than its tile at the
 * figures' full size.  A narrow row of "plus de 1 600" tiles then keeps
 * its columns and its size rather than dropping a tile to a row of its
 * own.  The whole row does, so its numbers share one baseline and its
 * qualifiers read alike. */
static bool
row_kicker(builder *b, const kf_block *blk, size_t first, size_t last,
           double inner, double size)
{
    for (size_t i = first; i < last && i < blk->nmetrics; i++) {
        kf_number num;
        format_metric(b->report, &b->report->metrics[blk->metrics[i]], &num);
        if (num.qualifier[0] &&
            lo_figure_width(b, &num, size, false) > inner)
            return true;
    }
    return false;
}

/* Whether every figure of `blk`, in rows of `cols` tiles, fits its tile
 * at `size` points (each row with its qualifiers where row_kicker puts
 * them). */
static bool
figures_fit(builder *b, const kf_block *blk, size_t cols, double w,
            double size)
{
    double inner = tile_inner(w, cols);
    for (size_t first = 0; first < blk->nmetrics; first += cols) {
        bool kicker = row_kicker(b, blk, first, first + cols, inner, BIG_SIZE);
        for (size_t i = first; i < first + cols && i < blk->nmetrics; i++) {
            kf_number num;
            format_metric(b->report, &b->report->metrics[blk->metrics[i]],
                          &num);
            if (lo_figure_width(b, &num, size, kicker) > inner)
                return false;
        }
    }
    return true;
}

/* Up to four tiles a row (two rows for five to eight), fewer when a figure
 * would not fit its tile at a readable size, or a tile would be narrower
 * than TILE_MIN_W.  Five to eight tiles go in one row where each is
 * TILE_ONE_ROW_W wide and keeps its figure at full size: on a landscape
 * sheet or a screen, two rows of three took half the height the charts
 * under them needed, and sent them to a sheet of their own. */
static size_t
kpi_columns(builder *b, const kf_block *blk, double w)
{
    size_t n = blk->nmetrics;
    if (n > 4 &&
        (w - (double)(n - 1) * TILE_GAP) / (double)n >= TILE_ONE_ROW_W &&
        figures_fit(b, blk, n, w, BIG_SIZE))
        return n;
    size_t cols = n <= 4 ? n : (n + 1) / 2;
    while (cols > 1 &&
           (w - (double)(cols - 1) * TILE_GAP) / (double)cols < TILE_MIN_W)
        cols--;
    while (cols > 1 && !figures_fit(b, blk, cols, w, BIG_READABLE))
        cols--;
    return cols;
}

/* The label a tile shows: a stale figure's marked, with report.stale:
 * mark. */
static const char *
tile_label(const kf_report *r, const kf_metric *m, char **owned)
{
    return lo_stale_marked(m->label, r->stale_mark && m->stale, owned);
}

/* The width a tile's label wraps to: the whole inner width, unless its
 * last line would leave no room for the footnote marker after it. */
static double
label_width(builder *b, const kf_metric *m, const char *text, text_style st,
            double inner)
{
    if (m->source < 0)
        return inner;
    char **lines;
    double widest;
    size_t n = kf_text_wrap(b->report->locale, b->font, text, st.size, st.weight, inner,
                            &lines, &widest);
    bool room = n > 0 && lo_text_width(b, lines[n - 1], st) + MARK_ROOM <= inner;
    kf_text_lines_free(lines, n);
    return room ? inner : inner - MARK_ROOM;
}

#define UP (b->colors.up)
#define DOWN (b->colors.down)
#define TREND_SIZE 8.5
#define SPARK_H 18.0

/* The change a tile shows (change.c: "▲ +70 vs 2023", "▲ +1,2 pt",
 * "▼ -5,9 %"), as one line when it fits `w`, else two: the change, then
 * the period.  The period is never cut (a cut date is a wrong one) and a
 * change cut with an ellipsis is said in a warning.  Returns the number
 * of lines (0 without a previous value) and sets *color to the
 * direction's. */
static size_t
trend_lines(builder *b, const kf_metric *m, double w, bool warn,
            char *line1, char *line2, size_t size, kf_color *color)
{
    line1[0] = line2[0] = '\0';
    kf_change c;
    if (!kf_change_make(b->report->locale, m, &c))
        return 0;
    /* Arrows and signs say the direction twice, for colour-blind readers
     * and for print in black and white. */
    const char *arrow = c.direction > 0   ? "\xe2\x96\xb2"
                        : c.direction < 0 ? "\xe2\x96\xbc"
                                          : "=";
    *color = c.direction > 0 ? UP : c.direction < 0 ? DOWN : MUTED;
    text_style st = {TREND_SIZE, KF_WEIGHT_SEMIBOLD, *color};
    char change[300];
    snprintf(change, sizeof(change), "%s %s", arrow, c.text);
    snprintf(line1, size, "%s%s%s", change, c.period[0] ? " " : "",
             c.period);
    if (lo_text_width(b, line1, st) <= w)
        return 1;
    if (!c.period[0] || lo_text_width(b, change, st) > w ||
        lo_text_width(b, c.period, st) > w) {
        /* Too narrow a tile even for two lines: the line is cut. */
        char whole[400];
        snprintf(whole, sizeof(whole), "%s", line1);
        lo_fit_line(b, whole, st, w, line1, size);
        if (warn)
            kf_diag_add(b->diags, KF_SEV_WARNING,
                    m->loc.file ? m->loc.file : b->report->path, m->loc.line,
                    m->loc.col, "give the tile more room (fewer tiles in its row)",
                    "the change \"%s\" of metric '%s' is too wide for its tile "
                    "and is cut", whole, m->id);
        return 1;
    }
    snprintf(line1, size, "%s", change);
    snprintf(line2, size, "%s", c.period);
    return 2;
}

/* The height of what a tile shows under its label: its trend and its
 * sparkline. */
static double
extras_height(builder *b, const kf_metric *m, double w)
{
    double h = 0;
    if (m->has_previous) {
        char l1[400], l2[400];
        kf_color color;
        text_style st = {TREND_SIZE, KF_WEIGHT_SEMIBOLD, MUTED};
        size_t n = trend_lines(b, m, w, false, l1, l2, sizeof(l1), &color);
        if (n)
            h += 6 + (double)n * (lo_ascent_of(b, st) + lo_descent_of(b, st));
    }
    if (m->sparkline >= 0 &&
        (size_t)m->sparkline < b->report->nseries &&
        b->report->series[m->sparkline].npoints > 1)
        h += 8 + SPARK_H;
    return h;
}

static void
emit_extras(builder *b, kf_layout_page *page, int block, const kf_metric *m,
            double x, double y, double w)
{
    const kf_report *r = b->report;
    char l1[400], l2[400];
    kf_color color = MUTED;
    size_t n = trend_lines(b, m, w, true, l1, l2, sizeof(l1), &color);
    if (n) {
        text_style st = {TREND_SIZE, KF_WEIGHT_SEMIBOLD, color};
        y += 6;
        for (size_t i = 0; i < n; i++) {
            lo_add_text(b, page, block, x, y + lo_ascent_of(b, st),
                        i ? l2 : l1, st, ALIGN_LEFT);
            y += lo_ascent_of(b, st) + lo_descent_of(b, st);
        }
    }
    if (m->sparkline < 0 || (size_t)m->sparkline >= r->nseries)
        return;
    const kf_series *s = &r->series[m->sparkline];
    if (s->npoints < 2)
        return;
    /* A sparkline: the series' shape only, its last point marked. */
    double lo = s->points[0].value, hi = lo;
    for (size_t i = 0; i < s->npoints; i++) {
        lo = fmin(lo, s->points[i].value);
        hi = fmax(hi, s->points[i].value);
    }
    double span = hi > lo ? hi - lo : 1;
    double top = y + 8 + 2, bottom = y + 8 + SPARK_H - 2;
    double dx = (w - 4) / (double)(s->npoints - 1);
#define SPY(v) (bottom - ((v) - lo) / span * (bottom - top))
    for (size_t i = 0; i + 1 < s->npoints; i++)
        lo_add_line(page, block, x + 2 + dx * (double)i,
                    SPY(s->points[i].value), x + 2 + dx * (double)(i + 1),
                    SPY(s->points[i + 1].value), r->primary, 1.3);
    double lx = x + 2 + dx * (double)(s->npoints - 1);
    double ly = SPY(s->points[s->npoints - 1].value);
#undef SPY
    kf_item *dot = lo_add_item(page, KF_ITEM_ARC, block);
    if (dot)
        *dot = (kf_item){.kind = KF_ITEM_ARC, .block = block, .cx = lx,
                         .cy = ly, .r_outer = 2.2, .a1 = 2 * KF_PI,
                         .x = lx - 2.2, .y = ly - 2.2, .w = 4.4, .h = 4.4,
                         .color = r->accent};
}

/* The largest figure size (BIG_MIN to BIG_SIZE) at which every figure of
 * the block fits its tile. */
static double
kpi_fit(builder *b, const kf_block *blk, double w)
{
    size_t cols = kpi_columns(b, blk, w);
    double inner = tile_inner(w, cols);
    double big = BIG_SIZE;
    for (size_t i = 0; i < blk->nmetrics; i++) {
        size_t first = i - i % cols;
        kf_number num;
        format_metric(b->report, &b->report->metrics[blk->metrics[i]], &num);
        big = fit_figure(b, &num,
                         row_kicker(b, blk, first, first + cols, inner,
                                    BIG_SIZE),
                         big, BIG_MIN, inner);
    }
    return big;
}

/* How the tiles of a block are set: their figures' size, their labels'
 * style and leading, the room above and below a tile's content and
 * between its figure and its label, and the size at which a figure too
 * wide with its qualifier's words on its line puts them above it.  A
 * kpis block has the page's (kpi_look), a hero its own, grown with its
 * figure (hero_look). */
typedef struct {
    double big;
    text_style label;
    double leading;
    double pad;
    double gap;
    double kicker_size;
    double fill; /* the least height of a tile drawn: a hero fills its cell */
} tile_look;

static tile_look
kpi_look(const builder *b)
{
    return (tile_look){b->kpi_big, {LABEL_SIZE, KF_WEIGHT_REGULAR, MUTED},
                       LABEL_LEADING, TILE_PAD, 6, BIG_SIZE, 0};
}

/* Lays out one KPI block at (x, y), `w` wide, in `look`; returns its
 * height.  With emit false only measures.  All tiles of a row share the
 * row's height and the size of their big numbers, so the row reads as
 * one. */
static double
emit_kpis(builder *b, kf_layout_page *page, int block, const kf_block *blk,
          size_t row0, size_t nrows, double x, double y, double w,
          const tile_look *look, bool emit)
{
    const kf_report *r = b->report;
    size_t cols = kpi_columns(b, blk, w);
    size_t n = (row0 + nrows) * cols < blk->nmetrics ? (row0 + nrows) * cols
                                                      : blk->nmetrics;
    double tile_w = (w - (double)(cols - 1) * TILE_GAP) / (double)cols;
    double inner = tile_inner(w, cols);
    text_style label = look->label;
    double total = 0;

    for (size_t row = row0; row * cols < n; row++) {
        size_t first = row * cols, last = first + cols < n ? first + cols : n;
        /* The biggest number size at which every figure of the row fits;
         * below BIG_MIN only to save a figure from overflowing, and said. */
        double big = look->big;
        bool kicker = row_kicker(b, blk, first, last, inner,
                                 look->kicker_size);
        for (size_t i = first; i < last; i++) {
            const kf_metric *m = &r->metrics[blk->metrics[i]];
            kf_number num;
            format_metric(r, m, &num);
            double room = inner;
            big = fit_figure(b, &num, kicker, big, BIG_MIN, room);
            if (lo_figure_width(b, &num, big, kicker) > room) {
                while (big > 4 && lo_figure_width(b, &num, big, kicker) > room)
                    big -= 0.5;
                if (emit)
                    kf_diag_add(b->diags, KF_SEV_WARNING,
                                m->loc.file ? m->loc.file : r->path,
                                m->loc.line, m->loc.col,
                                "use display: compact, or fewer decimals",
                                "the figure \"%s\" of metric '%s' is too wide "
                                "for its tile and is printed small",
                                num.text, m->id);
            }
        }
        text_style bs = {big, KF_WEIGHT_BOLD, r->primary};
        double num_asc = lo_ascent_of(b, bs), num_desc = lo_descent_of(b, bs);
        if (kicker)
            num_asc += lo_figure_kicker_h(b, big);
        double row_h = 0;
        for (size_t i = first; i < last; i++) {
            const kf_metric *m = &r->metrics[blk->metrics[i]];
            char *owned;
            const char *text = tile_label(r, m, &owned);
            double lh = lo_add_wrapped(b, page, block, 0, 0,
                                    label_width(b, m, text, label, inner), text,
                                    label, look->leading, ALIGN_LEFT, false);
            free(owned);
            lh += extras_height(b, m, inner);
            double h = look->pad + 2 + num_asc + num_desc + look->gap + lh +
                       look->pad + 2;
            if (h > row_h)
                row_h = h;
        }
        if (emit)
            row_h = fmax(row_h, look->fill);
        double ty = y + total;
        kf_loc block_loc = b->where;
        for (size_t i = first; emit && i < last; i++) {
            const kf_metric *m = &r->metrics[blk->metrics[i]];
            b->where = m->loc; /* a tile's warnings name its metric */
            double tx = x + (double)(i - first) * (tile_w + TILE_GAP);
            lo_add_rect(page, block, tx, ty, tile_w, row_h, b->colors.tile, 6);
            lo_add_rect(page, block, tx, ty + 10, TILE_BAR, row_h - 20,
                     r->accent, 0);
            kf_number num;
            format_metric(r, m, &num);
            double base = ty + look->pad + 2 + num_asc;
            lo_add_figure(b, page, block, tx + TILE_BAR + TILE_INSET, base,
                          &num, big, r->primary, kicker);
            size_t before = page->count;
            char *owned;
            const char *text = tile_label(r, m, &owned);
            lo_add_wrapped(b, page, block, tx + TILE_BAR + TILE_INSET,
                        base + num_desc + look->gap,
                        label_width(b, m, text, label, inner), text, label,
                        look->leading, ALIGN_LEFT, true);
            free(owned);
            /* The footnote marker follows the label, as in print. */
            double below = base + num_desc + look->gap;
            if (page->count > before) {
                const kf_item *end = &page->items[page->count - 1];
                below = end->y + end->h;
                lo_add_marker(b, page, block, end, m->source);
            }
            emit_extras(b, page, block, m, tx + TILE_BAR + TILE_INSET, below,
                        inner);
        }
        b->where = block_loc;
        total += row_h + (last < n ? TILE_GAP : 0);
    }
    return total;
}

/* A hero's figure: never smaller than HERO_MIN (one and a half tiles'
 * figures) unless its cell is too narrow for it, never larger than
 * HERO_MAX (a square card's column holds "41 %" at 300 pt, which no
 * label beside it could answer); its label grows with it up to
 * HERO_LABEL_MAX. */
#define HERO_MIN 40.0
#define HERO_MAX 160.0
#define HERO_LABEL_MAX 20.0

static tile_look
hero_look(const builder *b, double big)
{
    double label = fmin(HERO_LABEL_MAX, fmax(LABEL_SIZE, big * 0.16));
    return (tile_look){big, {label, KF_WEIGHT_REGULAR, MUTED}, label * 1.3,
                       fmax(TILE_PAD, big * 0.2), fmax(6, big * 0.1),
                       HERO_MIN, 0};
}

static void page_clear(kf_layout_page *page);

/* The height of hero block `blk`, `w` wide, its figure at `big`. */
static double
hero_height(builder *b, const kf_block *blk, double w, double big)
{
    tile_look look = hero_look(b, big);
    kf_layout_page scratch = {0};
    double h = emit_kpis(b, &scratch, 0, blk, 0, 1, 0, 0, w, &look, false);
    page_clear(&scratch);
    return h;
}

/* The largest size of hero block `blk`'s figure in a cell `w` wide: as
 * wide as the tile leaves it, at most HERO_MAX. */
static double
hero_fit(builder *b, const kf_block *blk, double w)
{
    kf_number num;
    format_metric(b->report, &b->report->metrics[blk->metrics[0]], &num);
    double inner = tile_inner(w, 1);
    bool kicker = row_kicker(b, blk, 0, 1, inner, HERO_MIN);
    return fit_figure(b, &num, kicker, HERO_MAX, BIG_MIN, inner);
}

static size_t row_span(const kf_page *pg, size_t k);
static void row_columns(const kf_page *pg, size_t k, size_t n, double w,
                        double *xs, double *ws);

/* The largest size of hero block `blk`'s figure in a cell `w` wide: its
 * own (hero_fit), but heroes side by side in a row share the smallest of
 * theirs, as the tiles of a row do, so the row reads as one.  *least is
 * the size it keeps on a sheet short of room: HERO_MIN, or the largest
 * when that is smaller. */
static double
hero_widest(builder *b, const kf_block *blk, double w, double *least)
{
    double most = hero_fit(b, blk, w);
    const kf_report *r = b->report;
    const kf_page *pg = b->report_page >= 0 ? &r->pages[b->report_page] : NULL;
    if (pg && blk->row > 0 && !b->unrow && blk >= pg->blocks &&
        blk < pg->blocks + pg->nblocks) {
        size_t k = (size_t)(blk - pg->blocks);
        while (k > 0 && pg->blocks[k - 1].row == blk->row)
            k--;
        size_t n = row_span(pg, k);
        double xs[KF_ROW_MAX], ws[KF_ROW_MAX];
        if (n <= KF_ROW_MAX) {
            row_columns(pg, k, n, b->page_w - 2 * MARGIN, xs, ws);
            for (size_t j = 0; j < n; j++)
                if (pg->blocks[k + j].hero && &pg->blocks[k + j] != blk)
                    most = fmin(most, hero_fit(b, &pg->blocks[k + j], ws[j]));
        }
    }
    *least = fmin(HERO_MIN, most);
    return most;
}

/* The size of hero block `blk`'s figure in a cell `w` wide and `h` tall
 * (0: as tall as it likes): the largest whose tile fits both, by halving
 * between the least and the largest (each size tried is a font pango
 * sets up, so not a point at a time). */
static double
hero_size(builder *b, const kf_block *blk, double w, double h)
{
    double least, most = hero_widest(b, blk, w, &least);
    if (h <= 0 || hero_height(b, blk, w, most) <= h)
        return most;
    double lo = least, hi = most;
    while (hi - lo > 1) {
        double mid = floor((lo + hi) / 2);
        if (hero_height(b, blk, w, mid) <= h)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* A hero block's heights: its least with the figure at HERO_MIN, its
 * preferred and most with the figure as wide as its cell allows. */
static heights
hero_heights(builder *b, const kf_block *blk, double w)
{
    double least, most = hero_widest(b, blk, w, &least);
    double lo = hero_height(b, blk, w, least);
    double hi = hero_height(b, blk, w, most);
    return (heights){lo, hi, hi, 0};
}

/* The look of the tiles of `blk` in a cell `w` wide and `h` tall (0:
 * measuring): the page's, or a hero's sized to its cell. */
static tile_look
block_look(builder *b, const kf_block *blk, double w, double h)
{
    if (!blk->hero)
        return kpi_look(b);
    tile_look look = hero_look(b, hero_size(b, blk, w, h));
    look.fill = h;
    return look;
}

/* ------------------------------------------------------------------ */
/* Text blocks                                                        */
/* ------------------------------------------------------------------ */

#define TEXT_SIZE 10.5
#define TEXT_LEADING 15.0
#define PARA_GAP 7.0

/* A paragraph of a text block: its plain text and styled spans. */
typedef struct {
    char *text;
    kf_text_span *spans;
    size_t nspans;
} paragraph;

/* Splits `src` at blank lines into paragraphs, reading **bold** and
 * *emphasis* (a marker opens before a non-space and closes after one; an
 * unpaired marker stays as it is).  Single line breaks become spaces. */
static size_t
parse_paragraphs(const char *src, paragraph **out)
{
    size_t cap = 4, n = 0;
    paragraph *ps = calloc(cap, sizeof(*ps));
    if (!ps) {
        *out = NULL;
        return 0;
    }
    const char *p = src;
    while (*p) {
        /* One paragraph: up to a blank line. */
        const char *end = p;
        while (*end) {
            if (*end == '\n') {
                const char *q = end + 1;
                while (*q == ' ' || *q == '\t' || *q == '\r')
                    q++;
                if (*q == '\n' || !*q)
                    break;
            }
            end++;
        }
        size_t len = (size_t)(end - p);
        char *text = malloc(len + 1);
        kf_text_span *spans = calloc(len / 2 + 2, sizeof(*spans));
        size_t t = 0, ns = 0;
        long open_b = -1, open_i = -1;
        for (size_t i = 0; text && spans && i < len; i++) {
            char c = p[i];
            bool bold = c == '*' && i + 1 < len && p[i + 1] == '*';
            if (c == '*') {
                size_t mlen = bold ? 2 : 1;
                char after = i + mlen < len ? p[i + mlen] : ' ';
                char before = t > 0 ? text[t - 1] : ' ';
                long *open = bold ? &open_b : &open_i;
                if (*open < 0 && after != ' ' && after != '\n') {
                    *open = (long)t;
                    i += mlen - 1;
                    continue;
                }
                if (*open >= 0 && before != ' ') {
                    spans[ns++] = (kf_text_span){(size_t)*open, t, bold, !bold};
                    *open = -1;
                    i += mlen - 1;
                    continue;
                }
            }
            text[t++] = (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
        }
        if (text) {
            while (t > 0 && text[t - 1] == ' ')
                t--;
            text[t] = '\0';
        }
        /* An unclosed marker is text after all: no span for it. */
        if (text && t > 0) {
            if (n == cap) {
                cap *= 2;
                paragraph *more = realloc(ps, cap * sizeof(*ps));
                if (!more)
                    break;
                ps = more;
            }
            ps[n++] = (paragraph){text, spans, ns};
        } else {
            free(text);
            free(spans);
        }
        p = end;
        while (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r')
            p++;
    }
    *out = ps;
    return n;
}

static void
free_paragraphs(paragraph *ps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(ps[i].text);
        free(ps[i].spans);
    }
    free(ps);
}

/* Lines [first, first + count) of a text block at (x, y), counted over
 * all its paragraphs wrapped to `w`: a text too long for the rest of a
 * page is cut between two lines (text_line_paragraphs, split_text).
 * Returns their height, as text_height does (measures only without
 * emit).  A missing glyph is said once per paragraph, where it starts. */
static double
emit_text(builder *b, kf_layout_page *page, int block, const kf_block *blk,
          size_t first, size_t count, double x, double y, double w, bool emit)
{
    paragraph *ps;
    size_t n = parse_paragraphs(blk->text ? blk->text : "", &ps);
    text_style st = {TEXT_SIZE, KF_WEIGHT_REGULAR, INK};
    double asc = lo_ascent_of(b, st), desc = lo_descent_of(b, st);
    double leading = fmax(TEXT_LEADING, asc + desc);
    double h = 0;
    size_t line = 0, end = first + count;
    for (size_t i = 0; i < n && line < end; i++) {
        char **lines;
        size_t nl = kf_text_wrap_rich(b->report->locale, b->font, ps[i].text, ps[i].spans,
                                      ps[i].nspans, st.size, st.weight, w,
                                      &lines);
        if (emit && line >= first && nl > 0)
            lo_warn_glyphs(b, ps[i].text,
                           kf_text_measure(b->font, ps[i].text, st.size,
                                           st.weight).unknown_glyphs);
        for (size_t l = 0; l < nl; l++, line++) {
            if (line < first || line >= end)
                continue;
            if (l == 0 && line > first)
                h += PARA_GAP;
            if (emit) {
                kf_text_extent e = kf_text_measure_markup(
                    b->font, lines[l], st.size, st.weight);
                kf_item *it = lo_add_item(page, KF_ITEM_TEXT, block);
                if (it) {
                    it->text = lines[l];
                    lines[l] = NULL;
                    it->markup = true;
                    it->tag = "P";
                    it->size = st.size;
                    it->weight = st.weight;
                    it->color = st.color;
                    it->baseline = y + h + asc;
                    it->x = x;
                    it->y = y + h;
                    it->w = e.width;
                    it->h = e.ascent + e.descent;
                }
            }
            h += l + 1 < nl && line + 1 < end ? leading : asc + desc;
        }
        kf_text_lines_free(lines, nl);
    }
    free_paragraphs(ps, n);
    return h;
}

/* The lines of a text block wrapped to a page's width, as the packing of
 * its page needs them: each line's paragraph. */
typedef struct {
    size_t *para;
    size_t n;
} text_lines;

/* Wraps every paragraph of `blk` to `w` into `out` (para NULL, n 0: an
 * empty block, or no memory).  The caller frees out->para. */
static void
text_line_paragraphs(builder *b, const kf_block *blk, double w,
                     text_lines *out)
{
    paragraph *ps;
    size_t n = parse_paragraphs(blk->text ? blk->text : "", &ps);
    text_style st = {TEXT_SIZE, KF_WEIGHT_REGULAR, INK};
    size_t cap = 0;
    out->para = NULL;
    out->n = 0;
    for (size_t i = 0; i < n; i++) {
        char **lines;
        size_t nl = kf_text_wrap_rich(b->report->locale, b->font, ps[i].text, ps[i].spans,
                                      ps[i].nspans, st.size, st.weight, w,
                                      &lines);
        kf_text_lines_free(lines, nl);
        if (out->n + nl > cap) {
            size_t more = cap * 2 > out->n + nl ? cap * 2 : out->n + nl;
            size_t *para = realloc(out->para, more * sizeof(*para));
            if (!para) {
                free(out->para);
                out->para = NULL;
                out->n = 0;
                break;
            }
            out->para = para;
            cap = more;
        }
        for (size_t l = 0; l < nl; l++)
            out->para[out->n++] = i;
    }
    free_paragraphs(ps, n);
}

/* The height of lines [first, first + count) of a text block, as
 * emit_text lays them out. */
static double
text_height(builder *b, const text_lines *tl, size_t first, size_t count)
{
    text_style st = {TEXT_SIZE, KF_WEIGHT_REGULAR, INK};
    double asc = lo_ascent_of(b, st), desc = lo_descent_of(b, st);
    double leading = fmax(TEXT_LEADING, asc + desc);
    double h = 0;
    for (size_t i = first; i < first + count && i < tl->n; i++) {
        if (i > first && tl->para[i] != tl->para[i - 1])
            h += PARA_GAP;
        bool more = i + 1 < first + count && i + 1 < tl->n &&
                    tl->para[i + 1] == tl->para[i];
        h += more ? leading : asc + desc;
    }
    return h;
}

/* Whether a text may be cut before line `k` in a piece beginning at line
 * `first`: between paragraphs, or inside one with two of its lines on
 * each side (no orphan at a page's foot, no widow at the next one's
 * head). */
static bool
text_break_ok(const text_lines *tl, size_t first, size_t k)
{
    if (k <= first || k >= tl->n)
        return false; /* not a break between two lines of the piece */
    size_t p = tl->para[k];
    if (tl->para[k - 1] != p)
        return true;
    size_t before = 0, after = 0;
    for (size_t j = k; j > first && tl->para[j - 1] == p; j--)
        before++;
    for (size_t j = k; j < tl->n && tl->para[j] == p; j++)
        after++;
    return before >= 2 && after >= 2;
}

/* ------------------------------------------------------------------ */
/* Pages                                                              */
/* ------------------------------------------------------------------ */

static void
page_clear(kf_layout_page *page)
{
    for (size_t i = 0; i < page->count; i++) {
        free(page->items[i].text);
        free(page->items[i].link);
        free(page->items[i].dest);
    }
    free(page->items);
    free(page->blocks);
    free(page->title);
    memset(page, 0, sizeof(*page));
}

static void too_many_sheets(builder *b, const kf_page *pg, const char *at);

/* A new layout page; NULL (and no_memory) when there is no memory, NULL
 * (and too_many_sheets) when the report has KF_MAX_SHEETS already. */
static kf_layout_page *
new_page(builder *b, const char *title)
{
    kf_layout *l = b->layout;
    if (l->npages >= KF_MAX_SHEETS) {
        too_many_sheets(b, NULL, NULL);
        return NULL;
    }
    kf_layout_page *pages =
        realloc(l->pages, (l->npages + 1) * sizeof(*pages));
    if (!pages) {
        no_memory(b);
        return NULL;
    }
    l->pages = pages;
    kf_layout_page *p = &pages[l->npages++];
    memset(p, 0, sizeof(*p));
    p->width = b->page_w;
    p->height = b->page_h;
    p->paper = b->colors.paper;
    p->has_paper = b->report->has_background;
    p->title = strdup(title);
    if (!p->title)
        no_memory(b);
    return p;
}

/* A part of a block placed whole on one page: all of a block, or some
 * rows of a KPI block, lines of a text, or points of an hbar chart; or a
 * row: blocks [block, block + nblocks) side by side, never cut. */
typedef struct {
    size_t block;
    size_t first, count; /* KPI rows, text lines, or chart points */
    heights hs;
    size_t nblocks; /* a row's blocks; 1 for a block of its own */
    bool row;
} piece;

/* Gaps between the blocks of a sheet: BLOCK_GAP, down to BLOCK_GAP_MIN
 * on a full sheet before anything moves to the next one. */
#define BLOCK_GAP_MIN 10.0
/* Between the columns of a row. */
#define ROW_GAP 16.0
/* The narrowest column a text or a chart may have in a row. */
#define TEXT_MIN_W 110.0
#define CHART_MIN_W 130.0
/* A sheet's blocks stand out from a stub: a continuation sheet holding
 * less than this share of its room is one, and said. */
#define STUB_SHARE 0.25

static heights
piece_heights(builder *b, kf_layout_page *scratch, const kf_block *blk,
              size_t first, size_t count, double w)
{
    heights hs = {0, 0, 0, 0};
    if (blk->kind == KF_BLOCK_KPIS && blk->hero) {
        hs = hero_heights(b, blk, w);
    } else if (blk->kind == KF_BLOCK_KPIS) {
        tile_look look = kpi_look(b);
        double h = emit_kpis(b, scratch, 0, blk, first, count, 0, 0, w, &look,
                             false);
        hs.min = hs.pref = hs.max = h;
    } else if (blk->kind == KF_BLOCK_TEXT) {
        double h = emit_text(b, scratch, 0, blk, first, count, 0, 0, w, false);
        hs.min = hs.pref = hs.max = h;
    } else {
        lo_emit_chart(b, scratch, 0, blk, first, count, 0, 0, w, 0, &hs);
        if (blk->height > 0) {
            /* height: MM fixes it, but never below what keeps it
             * readable. */
            if (blk->height < hs.min - 0.5) {
                char msg[200];
                snprintf(msg, sizeof(msg),
                         "the chart's height, %.0f mm, is below the %.0f mm "
                         "it needs to stay readable: it is drawn %.0f mm "
                         "tall",
                         blk->height * 25.4 / 72, ceil(hs.min * 25.4 / 72),
                         ceil(hs.min * 25.4 / 72));
                lo_warn_once(b, blk->loc, "give a larger height, or remove it",
                             msg);
            }
            double fixed = fmax(blk->height, hs.min);
            hs.min = hs.pref = hs.max = hs.comfort = fixed;
        }
    }
    return hs;
}

/* The blocks of the row that starts at block k of `pg` (1 for a block of
 * its own). */
static size_t
row_span(const kf_page *pg, size_t k)
{
    size_t n = 1;
    if (pg->blocks[k].row > 0)
        while (k + n < pg->nblocks && pg->blocks[k + n].row == pg->blocks[k].row)
            n++;
    return n;
}

/* The columns of blocks [k, k + n) of `pg`, side by side in width `w`
 * from MARGIN: each block's share of the width (its `width`) after the
 * gaps. */
static void
row_columns(const kf_page *pg, size_t k, size_t n, double w, double *xs,
            double *ws)
{
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += pg->blocks[k + i].width > 0 ? pg->blocks[k + i].width : 1;
    double room = w - (double)(n - 1) * ROW_GAP, x = MARGIN;
    for (size_t i = 0; i < n; i++) {
        double share = pg->blocks[k + i].width > 0 ? pg->blocks[k + i].width
                                                   : 1;
        xs[i] = x;
        ws[i] = room * share / total;
        x += ws[i] + ROW_GAP;
    }
}

/* The narrowest column a block stays readable in.  A bar or stacked
 * chart's bars need no more in a row than alone on a page: check_bars
 * holds both to BAR_SLOT_LEAST a bar, their texts written for one bar in
 * 2, 3 ... when bars stand closer than a turned label's line (asking 14
 * pt a bar refused 20 bars half of A4, 88 mm, which draws them as a
 * page draws 40 bars: the value and label of one bar in 2). */
static double
min_width(const kf_block *blk)
{
    if (blk->kind == KF_BLOCK_KPIS)
        return TILE_MIN_W;
    if (blk->kind == KF_BLOCK_TEXT)
        return TEXT_MIN_W;
    return CHART_MIN_W;
}

static const char *
kind_word(const kf_block *blk)
{
    return blk->hero                    ? "a hero figure"
           : blk->kind == KF_BLOCK_KPIS ? "tiles"
           : blk->kind == KF_BLOCK_TEXT ? "a text"
                                        : "a chart";
}

/* An error for a bar or stacked chart of `blk`, `w` wide (alone on its
 * page, or its column of a row: `in_row`), whose bars would stand less
 * than BAR_SLOT_LEAST apart: a line would pass for a bar; the layout then
 * fails (KF_ERR_INPUT). */
static void
check_bars(builder *b, const kf_block *blk, double w, bool in_row)
{
    const kf_report *r = b->report;
    if (blk->kind != KF_BLOCK_CHART ||
        (blk->chart != KF_CHART_BAR && blk->chart != KF_CHART_STACKED))
        return;
    size_t first = blk->nseries ? blk->series_list[0] : blk->series;
    if (first >= r->nseries)
        return;
    size_t n = r->series[first].npoints;
    if ((double)n * BAR_SLOT_LEAST <= w)
        return;
    kf_diag_add(b->diags, KF_SEV_ERROR, r->path, blk->loc.line, blk->loc.col,
                in_row ? "use type: line, or fewer points, or give the "
                         "chart a larger 'width' in its row"
                       : "use type: line, or fewer points",
                "a %s chart of %zu bars cannot be read at this width: its "
                "column of %.0f mm holds at most %.0f bars",
                blk->chart == KF_CHART_BAR ? "bar" : "stacked", n,
                w * 25.4 / 72, floor(w / BAR_SLOT_LEAST));
    b->status = KF_ERR_INPUT;
}

/* An error for each row of `pg` whose columns are narrower than their
 * blocks need on this paper, and each bar chart too narrow for its bars;
 * the layout then fails (KF_ERR_INPUT). */
static void
check_rows(builder *b, const kf_page *pg, double w)
{
    for (size_t k = 0; k < pg->nblocks; k += row_span(pg, k)) {
        size_t n = row_span(pg, k);
        if (pg->blocks[k].row == 0) {
            check_bars(b, &pg->blocks[k], w, false);
            continue;
        }
        double xs[KF_ROW_MAX], ws[KF_ROW_MAX];
        if (n > KF_ROW_MAX) {
            kf_loc at = pg->blocks[k].row_loc;
            kf_diag_add(b->diags, KF_SEV_ERROR, b->report->path, at.line,
                        at.col, "split it into rows of at most 8 blocks",
                        "a row of page %d sets %zu blocks side by side",
                        b->report_page + 1, n);
            b->status = KF_ERR_INPUT;
            continue;
        }
        row_columns(pg, k, n, w, xs, ws);
        for (size_t i = 0; i < n; i++) {
            const kf_block *blk = &pg->blocks[k + i];
            if (ws[i] + 0.01 >= min_width(blk)) {
                check_bars(b, blk, ws[i], true);
                continue;
            }
            kf_loc at = blk->row_loc;
            kf_diag_add(b->diags, KF_SEV_ERROR, b->report->path, at.line,
                        at.col,
                        "give that block a larger 'width', or set fewer "
                        "blocks side by side in the row",
                        "a row of page %d is too narrow for its block "
                        "%zu (%s): its column is %.0f mm wide (of the "
                        "page's %.0f mm), and it needs at least %.0f mm",
                        b->report_page + 1, i + 1,
                        kind_word(blk), ws[i] * 25.4 / 72, w * 25.4 / 72,
                        ceil(min_width(blk) * 25.4 / 72));
            b->status = KF_ERR_INPUT;
            break;
        }
    }
}

static size_t block_units(builder *b, const kf_block *blk, double w);

/* The heights a row can take: as tall as its tallest block; its charts
 * grow with it (each up to its own greatest height), and shrink with it,
 * each to its own least. */
static heights
row_heights(builder *b, kf_layout_page *scratch, const kf_page *pg,
            size_t k, size_t n, double w)
{
    double xs[KF_ROW_MAX], ws[KF_ROW_MAX];
    heights hs = {0, 0, 0, 0};
    row_columns(pg, k, n, w, xs, ws);
    for (size_t i = 0; i < n; i++) {
        const kf_block *blk = &pg->blocks[k + i];
        heights one = piece_heights(b, scratch, blk, 0,
                                    block_units(b, blk, ws[i]), ws[i]);
        hs.min = fmax(hs.min, one.min);
        hs.comfort = fmax(hs.comfort, lo_comfort(&one));
        hs.pref = fmax(hs.pref, one.pref);
        hs.max = fmax(hs.max, one.max);
    }
    return hs;
}

/* Whether a chart block may be cut across pages between its points: a
 * data table always, a chart as its kind says. */
static bool
chart_cut_by_points(const kf_block *blk)
{
    const kf_chart_kind *kind = kf_chart_kind_of(blk->chart);
    return blk->chart == CHART_TABLE || (kind && kind->cut_by_points);
}

/* What a block can be cut into: KPI rows, text lines, or chart points
 * (1 for a chart that is never cut). */
static size_t
block_units(builder *b, const kf_block *blk, double w)
{
    switch (blk->kind) {
    case KF_BLOCK_KPIS: {
        size_t cols = kpi_columns(b, blk, w);
        return (blk->nmetrics + cols - 1) / cols;
    }
    case KF_BLOCK_TEXT: {
        text_lines tl;
        text_line_paragraphs(b, blk, w, &tl);
        free(tl.para);
        return tl.n;
    }
    case KF_BLOCK_CHART: break;
    }
    if (blk->chart == CHART_TABLE && blk->nseries > 1) {
        size_t most = 0;
        for (size_t k = 0; k < blk->nseries; k++) {
            size_t np = b->report->series[blk->series_list[k]].npoints;
            most = np > most ? np : most;
        }
        return most;
    }
    if (chart_cut_by_points(blk))
        return b->report->series[blk->series].npoints;
    return 1;
}

/* Cuts block `k` into pieces no taller than `avail`, appending them to
 * `out` (room for the block's rows or points is there).  A text block
 * (its lines in `tl`) stays whole here: the packing cuts it where a page
 * ends (split_text). */
static size_t
cut_block(builder *b, kf_layout_page *scratch, const kf_page *pg, size_t k,
          double w, double avail, const text_lines *tl, piece *out)
{
    const kf_block *blk = &pg->blocks[k];
    if (blk->row > 0 && !b->unrow) {
        size_t n = row_span(pg, k);
        heights hs = row_heights(b, scratch, pg, k, n, w);
        if (hs.min <= avail) {
            out[0] = (piece){k, 0, 0, hs, n, true};
            return 1;
        }
        /* Taller than a sheet even alone: its blocks one under another,
         * each the page's width, rather than run into the footer. */
        char msg[200];
        snprintf(msg, sizeof(msg),
                 "the row of page %d is taller than a sheet: its blocks "
                 "are set one under another",
                 b->report_page + 1);
        lo_warn_once(b, blk->row_loc,
                     "shorten its texts, or set fewer tiles in it", msg);
        size_t count = 0;
        b->unrow = true;
        for (size_t j = 0; j < n; j++)
            count += cut_block(b, scratch, pg, k + j, w, avail, tl + j,
                               out + count);
        b->unrow = false;
        return count;
    }
    if (blk->kind == KF_BLOCK_TEXT) {
        double h = text_height(b, tl, 0, tl->n);
        out[0] = (piece){k, 0, tl->n, {h, h, h, h}, 1, false};
        return 1;
    }
    size_t units = block_units(b, blk, w);
    heights whole = piece_heights(b, scratch, blk, 0, units, w);
    bool cuttable = blk->kind != KF_BLOCK_CHART ||
                    (chart_cut_by_points(blk) && blk->height <= 0);
    if (whole.min <= avail || !cuttable || units < 2) {
        out[0] = (piece){k, 0, units, whole, 1, false};
        return 1;
    }
    /* Greedy: as many rows or points as fit, then the next piece. */
    size_t n = 0;
    for (size_t first = 0; first < units;) {
        size_t count = 1;
        heights hs = piece_heights(b, scratch, blk, first, 1, w);
        while (first + count < units) {
            heights more = piece_heights(b, scratch, blk, first, count + 1, w);
            if (more.min > avail)
                break;
            hs = more;
            count++;
        }
        out[n++] = (piece){k, first, count, hs, 1, false};
        first += count;
    }
    return n;
}

/* Lays out block `k` of `pg` (a piece of it: units [first, first +
 * count)) in the box (x, y, w, h). */
static void
emit_block(builder *b, kf_layout_page *page, const kf_page *pg, size_t k,
           size_t first, size_t count, double x, double y, double w,
           double h)
{
    const kf_block *blk = &pg->blocks[k];
    if (page->blocks)
        page->blocks[page->nblocks++] =
            (kf_block_box){x, y, w, h, (int)k, page->report_page};
    size_t start = page->count;
    b->where = blk->loc;
    if (blk->kind == KF_BLOCK_KPIS) {
        tile_look look = block_look(b, blk, w, h);
        emit_kpis(b, page, (int)k, blk, first, count, x, y, w, &look, true);
    } else if (blk->kind == KF_BLOCK_TEXT) {
        emit_text(b, page, (int)k, blk, first, count, x, y, w, true);
    } else {
        lo_emit_chart(b, page, (int)k, blk, first, count, x, y, w, h, NULL);
        /* The whole chart, but its title, is one figure; a table (the
         * appendix's) has its cells, and its rules are artifacts. */
        for (size_t j = start; j < page->count; j++)
            if (blk->chart != CHART_TABLE &&
                (!page->items[j].tag || strcmp(page->items[j].tag, "H2")))
                page->items[j].tag = "Figure";
    }
    b->where = (kf_loc){0};
}

/* The heights pieces [from, to) are given in `avail` (with `gap` between
 * them): each its least, then the space left shared out, first toward
 * every piece's height at ease (only a sheet short of room leaves a chart
 * under it), then toward its preferred height, then toward its greatest,
 * each in proportion to its room to grow.  Fills out[i - from]. */
static void
share_heights(const piece *pieces, size_t from, size_t to, double avail,
              double gap, double *out)
{
    double sum_min = 0, to_ease = 0, to_pref = 0, to_max = 0;
    for (size_t i = from; i < to; i++) {
        const heights *hs = &pieces[i].hs;
        double ease = lo_comfort(hs), pref = fmax(ease, hs->pref);
        sum_min += hs->min + (i > from ? gap : 0);
        to_ease += ease - hs->min;
        to_pref += pref - ease;
        to_max += fmax(pref, hs->max) - pref;
    }
    double extra = fmax(0, avail - sum_min);
    double t0 = to_ease > 0 ? fmin(1, extra / to_ease) : 1;
    extra = fmax(0, extra - to_ease);
    double t1 = to_pref > 0 ? fmin(1, extra / to_pref) : 1;
    extra = fmax(0, extra - to_pref);
    double t2 = to_max > 0 ? fmin(1, extra / to_max) : 0;
    for (size_t i = from; i < to; i++) {
        const heights *hs = &pieces[i].hs;
        double ease = lo_comfort(hs), pref = fmax(ease, hs->pref);
        double max = fmax(pref, hs->max);
        out[i - from] = hs->min + t0 * (ease - hs->min) +
                        t1 * (pref - ease) + t2 * (max - pref);
    }
}

/* The gap between the blocks of a sheet: BLOCK_GAP when they fit with it
 * at their heights at ease, else less, down to BLOCK_GAP_MIN: the gaps
 * close up before a chart goes under its height at ease. */
static double
sheet_gap(const piece *pieces, size_t from, size_t to, double avail)
{
    if (to - from < 2)
        return BLOCK_GAP;
    double sum = 0;
    for (size_t i = from; i < to; i++)
        sum += lo_comfort(&pieces[i].hs);
    double gap = (avail - sum) / (double)(to - from - 1);
    return fmax(BLOCK_GAP_MIN, fmin(BLOCK_GAP, gap));
}

/* Places pieces [from, to) on a new layout page, sharing the space left
 * among the charts (share_heights). */
static void
place_pieces(builder *b, const kf_page *pg, const piece *pieces, size_t from,
             size_t to, bool continued)
{
    char title[1024];
    snprintf(title, sizeof(title), "%s%s", pg->title,
             continued ? word_continued(b->report->locale) : "");
    kf_layout_page *page = new_page(b, title);
    if (!page)
        return;
    b->cur_page = b->layout->npages - 1;
    page->report_page = b->report_page;
    page->continued = continued;
    int *cited;
    size_t ncited = cited_sources(b, pg, pieces[from].block,
                                  pieces[to - 1].block +
                                      pieces[to - 1].nblocks,
                                  &cited);
    double top = emit_header(b, page, title, continued);
    double foot = emit_footer(b, page, cited, ncited, true);
    free(cited);
    double avail = b->page_h - foot - top;
    double w = b->page_w - 2 * MARGIN;
    double gap = sheet_gap(pieces, from, to, avail);
    size_t nboxes = 0;
    for (size_t i = from; i < to; i++)
        nboxes += pieces[i].nblocks;
    double *hs = calloc(to - from, sizeof(double));
    page->blocks = calloc(nboxes, sizeof(kf_block_box));
    if (!page->blocks || !hs) {
        no_memory(b);
        free(hs);
        return;
    }
    share_heights(pieces, from, to, avail, gap, hs);
    double y = top;
    for (size_t i = from; i < to; i++) {
        const piece *pc = &pieces[i];
        double h = hs[i - from];
        if (!pc->row) {
            emit_block(b, page, pg, pc->block, pc->first, pc->count, MARGIN,
                       y, w, h);
        } else {
            /* Side by side, top-aligned; each chart as tall as the row
             * (but one with a height: of its own), the others their own
             * height. */
            double xs[KF_ROW_MAX], ws[KF_ROW_MAX];
            row_columns(pg, pc->block, pc->nblocks, w, xs, ws);
            for (size_t j = 0; j < pc->nblocks; j++) {
                const kf_block *blk = &pg->blocks[pc->block + j];
                size_t units = block_units(b, blk, ws[j]);
                kf_layout_page scratch = {0};
                heights one = piece_heights(b, &scratch, blk, 0, units, ws[j]);
                page_clear(&scratch);
                bool grows = (blk->kind == KF_BLOCK_CHART && blk->height <= 0) ||
                             blk->hero;
                double bh = grows ? fmax(one.min, h)
                                  : one.min; /* a height: keeps it */
                emit_block(b, page, pg, pc->block + j, 0, units, xs[j], y,
                           ws[j], bh);
            }
        }
        y += h + gap;
    }
    free(hs);
}

/* Cuts text piece `i` of `pieces` (*n of them, room for one more) in two
 * before its line `cut` (1 to count - 1): the rest becomes piece i + 1. */
static void
cut_text_piece(builder *b, const text_lines *tl, piece *pieces, size_t *n,
               size_t i, size_t cut)
{
    piece pc = pieces[i];
    memmove(&pieces[i + 2], &pieces[i + 1], (*n - i - 1) * sizeof(*pieces));
    double h1 = text_height(b, tl, pc.first, cut);
    double h2 = text_height(b, tl, pc.first + cut, pc.count - cut);
    pieces[i] = (piece){pc.block, pc.first, cut, {h1, h1, h1, h1}, 1, false};
    pieces[i + 1] = (piece){pc.block, pc.first + cut, pc.count - cut,
                            {h2, h2, h2, h2}, 1, false};
    (*n)++;
}

/* A KPI piece `i` too tall for the `room` left on a sheet ends it with as
 * many of its tile rows as fit there (at least one), the rest becoming
 * piece i + 1 (room for it is there).  False, cutting nothing, when not
 * even one row fits. */
static bool
split_kpis(builder *b, kf_layout_page *scratch, const kf_page *pg,
           piece *pieces, size_t *n, size_t i, double room, double w)
{
    piece pc = pieces[i];
    const kf_block *blk = &pg->blocks[pc.block];
    if (pc.row || blk->kind != KF_BLOCK_KPIS || pc.count < 2)
        return false;
    size_t fit = 0;
    heights head = {0, 0, 0, 0};
    for (size_t c = 1; c < pc.count; c++) {
        heights hs = piece_heights(b, scratch, blk, pc.first, c, w);
        if (hs.min > room)
            break;
        fit = c;
        head = hs;
    }
    if (fit == 0)
        return false;
    heights tail =
        piece_heights(b, scratch, blk, pc.first + fit, pc.count - fit, w);
    memmove(&pieces[i + 2], &pieces[i + 1], (*n - i - 1) * sizeof(*pieces));
    pieces[i] = (piece){pc.block, pc.first, fit, head, 1, false};
    pieces[i + 1] =
        (piece){pc.block, pc.first + fit, pc.count - fit, tail, 1, false};
    (*n)++;
    return true;
}

/* A text piece `i` too tall for the `room` left on a page ends the page
 * with as many of its lines as fit there, cut where text_break_ok allows;
 * with `alone` (nothing else is on the page) anywhere rather than
 * nowhere.  Returns false, cutting nothing, when no cut fits. */
static bool
split_text(builder *b, const text_lines *tl, piece *pieces, size_t *n,
           size_t i, double room, bool alone)
{
    const piece *pc = &pieces[i];
    if (!tl || !tl->para || pc->count < 2)
        return false;
    size_t best = 0, any = 0;
    for (size_t c = 1; c < pc->count; c++) {
        if (text_height(b, tl, pc->first, c) > room)
            break;
        any = c;
        if (text_break_ok(tl, pc->first, pc->first + c))
            best = c;
    }
    if (best == 0 && alone)
        best = any;
    if (best == 0)
        return false;
    cut_text_piece(b, tl, pieces, n, i, best);
    return true;
}

/* Keeps the end of a text with the block after it: when the page of
 * pieces [from, *to) ends with the last lines of a text block and the
 * next block goes to the next page, the text's last paragraph goes there
 * too (only its last two lines when it is longer than six, or when it is
 * all the page holds, so a long text leaves no hole), if that page holds
 * both.  An introduction then stays with the chart it introduces. */
static void
keep_with_next(builder *b, const kf_page *pg, const text_lines *texts,
               piece *pieces, size_t *n, size_t from, size_t *to,
               double avail_next)
{
    if (*to >= *n || *to < from + 1)
        return;
    const piece *pc = &pieces[*to - 1];
    const text_lines *tl = &texts[pc->block];
    if (pc->row || pg->blocks[pc->block].kind != KF_BLOCK_TEXT || !tl->para ||
        pc->count == 0 || pc->first + pc->count != tl->n ||
        pieces[*to].block == pc->block)
        return;
    size_t end = pc->first + pc->count, start = end - 1;
    while (start > pc->first && tl->para[start - 1] == tl->para[end - 1])
        start--;
    /* A text alone on its page can only give its last lines. */
    bool alone = *to - 1 == from;
    if (end - start > 6 || (alone && start == pc->first)) {
        /* Fewer than three lines cannot leave two behind. */
        if (end < pc->first + 3 || !text_break_ok(tl, pc->first, end - 2))
            return;
        start = end - 2;
    }
    double carried = text_height(b, tl, start, end - start);
    if (carried + BLOCK_GAP + pieces[*to].hs.min > avail_next)
        return;
    if (start == pc->first)
        (*to)--;
    else
        cut_text_piece(b, tl, pieces, n, *to - 1, start - pc->first);
}

/* What piece `pc` of page `pg` is, and where it is written, as the
 * messages about sheets name it: "the tiles at line 12", "tile row 5 of
 * the tiles at line 12", "the rest of the text at line 30". */
static void
piece_what(const kf_page *pg, const piece *pc, char *out, size_t size)
{
    const kf_block *blk = &pg->blocks[pc->block];
    const char *what = pc->row ? "the row"
                       : blk->kind == KF_BLOCK_KPIS
                           ? (pc->first > 0 ? "tile row" : "the tiles")
                       : blk->kind == KF_BLOCK_TEXT
                           ? (pc->first > 0 ? "the rest of the text"
                                            : "the text")
                           : pc->first > 0 ? "the rest of the chart"
                                           : "the chart";
    kf_loc at = pc->row ? blk->row_loc : blk->loc;
    char row[40] = "";
    if (!pc->row && blk->kind == KF_BLOCK_KPIS && pc->first > 0)
        snprintf(row, sizeof(row), " %zu of the tiles", pc->first + 1);
    snprintf(out, size, "%s%s at line %d", what, row, at.line);
}

/* Says, once, that the report needs more than KF_MAX_SHEETS sheets:
 * page `pg` (NULL: the cover and its contents) goes past them, sheet
 * KF_MAX_SHEETS + 1 starting with `at` (a piece_what; NULL when the page
 * was found too long before it was cut into sheets).  The layout then
 * stops, and kf_layout_new fails: hundreds of pages are no report. */
static void
too_many_sheets(builder *b, const kf_page *pg, const char *at)
{
    if (b->over_sheets)
        return;
    b->over_sheets = true;
    b->status = KF_ERR_INPUT;
    const kf_report *r = b->report;
    char starts[200] = "";
    if (at)
        snprintf(starts, sizeof(starts), " (sheet %d would start with %s)",
                 KF_MAX_SHEETS + 1, at);
    if (!pg)
        kf_diag_add(b->diags, KF_SEV_ERROR, r->path, 0, 0,
                    "give fewer pages, or leave out 'cover'",
                    "the cover and its contents take the report past %d "
                    "sheets, the most a report may take",
                    KF_MAX_SHEETS);
    else if (pg->generated)
        kf_diag_add(b->diags, KF_SEV_ERROR, r->path, pg->loc.line,
                    pg->loc.col,
                    "give the report 'pages' that show fewer of them (the "
                    "workbook lists every metric and series all the same), "
                    "or split it into several reports",
                    "the default layout of %zu metric%s and %zu series "
                    "takes more than %d sheets, the most a report may "
                    "take%s",
                    r->nmetrics, r->nmetrics == 1 ? "" : "s", r->nseries,
                    KF_MAX_SHEETS, starts);
    else if (b->report_page < 0)
        kf_diag_add(b->diags, KF_SEV_ERROR, r->path, 0, 0,
                    "leave out 'appendix: data', or show fewer or smaller "
                    "charts",
                    "the appendix of chart data takes the report past %d "
                    "sheets, the most a report may take%s",
                    KF_MAX_SHEETS, starts);
    else
        kf_diag_add(b->diags, KF_SEV_ERROR, r->path, pg->loc.line,
                    pg->loc.col,
                    "shorten or remove blocks, or split the report into "
                    "several reports",
                    "page %d takes the report past %d sheets, the most a "
                    "report may take%s",
                    b->report_page + 1, KF_MAX_SHEETS, starts);
}

/* Splitting a piece across sheets can make its parts a little shorter
 * than the whole (the gap between two tile rows, a line's leading): what
 * the bounds on sheets below allow for, per sheet. */
#define SPLIT_SLACK 40.0

/* Whether pieces of least heights adding up to `least` (each counted as
 * `avail` at most), `count` of them, need more than `sheets` sheets of
 * `avail` points: each sheet holds pieces whose least heights, and
 * BLOCK_GAP_MIN between them, add up to `avail` at most, or one taller
 * piece alone. */
static bool
more_sheets_than(double least, size_t count, size_t sheets, double avail)
{
    return least + (double)count * BLOCK_GAP_MIN >
           (double)sheets * (avail + BLOCK_GAP_MIN + SPLIT_SLACK);
}

/* Whether page `pg` needs more than `sheets` sheets of `avail` points
 * even at heights no block goes below (a tile row is at least its
 * padding; a chart or a text is counted as nothing): how a page far past
 * KF_MAX_SHEETS is refused before a text of it is measured. */
static bool
surely_more_sheets(const kf_page *pg, size_t sheets, double avail)
{
    double least = 0;
    size_t count = 0;
    for (size_t k = 0; k < pg->nblocks; k += row_span(pg, k)) {
        bool tiles = false;
        for (size_t j = 0; j < row_span(pg, k); j++)
            tiles |= pg->blocks[k + j].kind == KF_BLOCK_KPIS;
        least += tiles ? 2 * TILE_PAD : 0;
        count++;
    }
    return more_sheets_than(least, count, sheets, avail);
}

/* The warning that report page `pg` takes `sheets` sheets, and which
 * block starts each after the first (starts[], the first 8): what an
 * editor cuts, moves or sets side by side to make it fit. */
static void
warn_sheets(builder *b, const kf_page *pg, const piece *pieces,
            const size_t *starts, size_t sheets)
{
    char list[1024];
    size_t len = 0;
    for (size_t s = 1; s < sheets && s <= 8 && len < sizeof(list); s++) {
        char what[120];
        piece_what(pg, &pieces[starts[s - 1]], what, sizeof(what));
        len += (size_t)snprintf(list + len, sizeof(list) - len,
                                "%ssheet %zu starts with %s",
                                s > 1 ? "; " : "", s + 1, what);
    }
    kf_diag_add(b->diags, KF_SEV_WARNING, b->report->path, pg->loc.line,
                pg->loc.col,
                "shorten or remove blocks, set blocks side by side in a "
                "'row', or give charts a smaller 'height'",
                "page %d takes %zu sheets: %s%s", b->report_page + 1, sheets,
                list,
                sheets > 9 ? "; ..." : "");
}

/* Makes *pieces (room for *cap) hold `need` pieces at least; false, and
 * no_memory, when it cannot. */
static bool
grow_pieces(builder *b, piece **pieces, size_t *cap, size_t need)
{
    if (need <= *cap)
        return true;
    size_t more = *cap * 2 > need ? *cap * 2 : need;
    piece *grown = realloc(*pieces, more * sizeof(*grown));
    if (!grown) {
        no_memory(b);
        return false;
    }
    memset(grown + *cap, 0, (more - *cap) * sizeof(*grown));
    *pieces = grown;
    *cap = more;
    return true;
}

/* Lays out one page of the report (or the appendix, index -1) on as many
 * layout pages as it needs, while the report has sheets left
 * (KF_MAX_SHEETS). */
static void
layout_page(builder *b, const kf_page *pg, int index)
{
    double w = b->page_w - 2 * MARGIN;
    b->report_page = index;
    check_rows(b, pg, w);
    /* The room under the header and above the footer, on the page's
     * first sheet and on its continuations. */
    kf_layout_page scratch = {0};
    int *cited;
    size_t ncited = cited_sources(b, pg, 0, pg->nblocks, &cited);
    char title[1024];
    snprintf(title, sizeof(title), "%s%s", pg->title,
             word_continued(b->report->locale));
    double foot = emit_footer(b, &scratch, cited, ncited, false);
    free(cited);
    double avail_first = b->page_h - foot - emit_header(b, &scratch,
                                                        pg->title, false);
    double avail_next = b->page_h - foot - emit_header(b, &scratch, title,
                                                       true);
    b->chart_room = fmin(avail_first, avail_next);
    /* The sheets the page may still take; one far past them is refused
     * before anything of it is measured. */
    size_t left = b->layout->npages < KF_MAX_SHEETS
                      ? KF_MAX_SHEETS - b->layout->npages
                      : 0;
    double avail_most = fmax(avail_first, avail_next);
    if (surely_more_sheets(pg, left, avail_most)) {
        too_many_sheets(b, pg, NULL);
        page_clear(&scratch);
        return;
    }
    /* All the figures of a page share one size, so the page reads as one
     * set of key figures (each block measured at its column's width). */
    b->kpi_big = BIG_SIZE;
    for (size_t k = 0; k < pg->nblocks; k += row_span(pg, k)) {
        size_t span = row_span(pg, k);
        double xs[KF_ROW_MAX], ws[KF_ROW_MAX];
        if (pg->blocks[k].row > 0 && span <= KF_ROW_MAX)
            row_columns(pg, k, span, w, xs, ws);
        else
            ws[0] = w, span = 1;
        for (size_t j = 0; j < span; j++)
            if (pg->blocks[k + j].kind == KF_BLOCK_KPIS &&
                !pg->blocks[k + j].hero) /* sized to its cell */
                b->kpi_big =
                    fmin(b->kpi_big, kpi_fit(b, &pg->blocks[k + j], ws[j]));
    }
    /* Measure on a scratch page, block after block, then pack greedily: a
     * piece that does not fit at its smallest goes to a continuation
     * page, but a text ends the page with the lines that fit.  Blocks are
     * cut for the space a continuation page leaves, the smaller.  The
     * measuring stops as soon as what it measured needs more sheets than
     * the report has left: a page is never measured far past the last
     * sheet it could have. */
    text_lines *texts = calloc(pg->nblocks + 1, sizeof(*texts));
    piece *pieces = NULL;
    size_t n = 0, cap = 0;
    double least = 0;
    bool over = !texts;
    if (!texts)
        no_memory(b);
    for (size_t k = 0; !over && k < pg->nblocks; k += row_span(pg, k)) {
        size_t span = row_span(pg, k);
        if (pg->blocks[k].row > 0 && span > KF_ROW_MAX)
            continue; /* check_rows said it */
        /* Room for every piece of the blocks: at most one per tile row,
         * text line or point, and one more for a cut. */
        size_t need = n + 1;
        for (size_t j = 0; j < span; j++) {
            const kf_block *blk = &pg->blocks[k + j];
            if (blk->kind == KF_BLOCK_TEXT) {
                text_line_paragraphs(b, blk, w, &texts[k + j]);
                need += texts[k + j].n + 1;
            } else {
                need += block_units(b, blk, w) + 1;
            }
        }
        if (!grow_pieces(b, &pieces, &cap, need)) {
            over = true;
            break;
        }
        size_t first = n;
        n += cut_block(b, &scratch, pg, k, w, fmin(avail_first, avail_next),
                       &texts[k], pieces + n);
        /* A piece taller than a sheet takes one sheet, alone. */
        for (size_t i = first; i < n; i++)
            least += fmin(pieces[i].hs.min, avail_most);
        if (more_sheets_than(least, n, left, avail_most)) {
            too_many_sheets(b, pg, NULL);
            over = true;
        }
    }
    if (over)
        n = 0;

    /* Pack greedily at the pieces' least heights and gaps: charts shrink
     * toward their minimum, and gaps close up to BLOCK_GAP_MIN, before
     * anything moves to the next sheet; a text, or a KPI block, that does
     * not fit whole ends the sheet with the lines or tile rows that do. */
    size_t from = 0, sheets = 0;
    size_t starts[8]; /* the first pieces of sheets 2 to 9, for check */
    if (n == 0 && !over) {
        /* A page of nothing (the smallest report, `format` and a title,
         * has one): its sheet still has its header and footer, so the
         * build writes what load's warning said, an empty page, and not
         * a PDF of no page (which failed, silently). */
        kf_layout_page *page = new_page(b, pg->title);
        if (page) {
            b->cur_page = b->layout->npages - 1;
            page->report_page = b->report_page;
            emit_header(b, page, pg->title, false);
            emit_footer(b, page, NULL, 0, true);
        }
    }
    while (from < n) {
        /* Room for the two pieces a sheet's end may cut off (split_text
         * or split_kpis, and keep_with_next). */
        if (!grow_pieces(b, &pieces, &cap, n + 2))
            break;
        if (b->layout->npages >= KF_MAX_SHEETS) {
            char what[120];
            piece_what(pg, &pieces[from], what, sizeof(what));
            too_many_sheets(b, pg, what);
            break;
        }
        double avail = from == 0 ? avail_first : avail_next;
        /* used: the sheet's pieces at their least heights; ease: at
         * their heights at ease.  A block that fits whole only with the
         * charts above it under their ease stays (they shrink), but a
         * text or tiles cut at the sheet's foot take only the room the
         * charts leave at ease: a few more lines of a text that goes on
         * anyway are not worth a smaller chart. */
        double used = 0, ease = 0;
        size_t to = from;
        while (to < n) {
            double gap = to > from ? BLOCK_GAP_MIN : 0;
            if (used + gap + pieces[to].hs.min <= avail) {
                used += gap + pieces[to].hs.min;
                ease += gap + lo_comfort(&pieces[to].hs);
                to++;
                continue;
            }
            bool text = !pieces[to].row &&
                        pg->blocks[pieces[to].block].kind == KF_BLOCK_TEXT;
            double room = avail - fmax(used, ease) - gap;
            if ((text && split_text(b, &texts[pieces[to].block], pieces, &n,
                                    to, room, to == from)) ||
                (!text && n < cap &&
                 split_kpis(b, &scratch, pg, pieces, &n, to, room, w))) {
                used += gap + pieces[to].hs.min;
                to++;
            }
            break;
        }
        if (to == from) {
            /* Taller than a page even alone: placed, and said. */
            used = pieces[from].hs.min;
            to = from + 1;
        }
        keep_with_next(b, pg, texts, pieces, &n, from, &to, avail_next);
        if (used > avail + 0.5) {
            const kf_block *blk = &pg->blocks[pieces[from].block];
            kf_diag_add(b->diags, KF_SEV_WARNING, b->report->path,
                        blk->loc.line, blk->loc.col,
                        "split it into smaller blocks, or shorten its texts",
                        "block %zu of page %d is taller than the page and "
                        "runs into the footer",
                        pieces[from].block + 1, b->report_page + 1);
        }
        place_pieces(b, pg, pieces, from, to, from > 0);
        if (sheets > 0 && sheets <= 8)
            starts[sheets - 1] = from;
        sheets++;
        from = to;
    }
    page_clear(&scratch);
    if (sheets > 1 && index >= 0 && !b->over_sheets)
        warn_sheets(b, pg, pieces, starts, sheets);
    for (size_t k = 0; texts && k < pg->nblocks; k++)
        free(texts[k].para);
    free(texts);
    free(pieces);
}

static const char *
word_contents(kf_locale l)
{
    return l == KF_LOCALE_FR_FR ? "Sommaire" : "Contents";
}

static const char *
word_appendix(kf_locale l)
{
    return l == KF_LOCALE_FR_FR ? "Annexe\xc2\xa0: donn\xc3\xa9"
                                  "es des graphiques"
                                : "Appendix: chart data";
}

/* The appendix page: the data of every chart as a table, so each chart
 * has a text alternative inside the document: a chart of one series
 * gets its series' table (once, however many charts show it), one of
 * several series (stacked, line) one table with a column per series
 * (once per set of series). */
static void
layout_appendix(builder *b)
{
    const kf_report *r = b->report;
    size_t nchart = 0;
    for (size_t p = 0; p < r->npages; p++)
        nchart += r->pages[p].nblocks;
    bool *seen = calloc(r->nseries + 1, sizeof(bool));
    kf_block *blocks = calloc(r->nseries + nchart + 1, sizeof(kf_block));
    if (!seen || !blocks)
        no_memory(b);
    size_t n = 0;
    for (size_t p = 0; seen && blocks && p < r->npages; p++)
        for (size_t k = 0; k < r->pages[p].nblocks; k++) {
            const kf_block *blk = &r->pages[p].blocks[k];
            if (blk->kind != KF_BLOCK_CHART || kf_chart_shows_metric(blk))
                continue;
            if (blk->nseries > 1) {
                bool again = false;
                for (size_t j = 0; j < n && !again; j++)
                    again = blocks[j].nseries == blk->nseries &&
                            !memcmp(blocks[j].series_list, blk->series_list,
                                    blk->nseries * sizeof(size_t));
                if (!again)
                    blocks[n++] = (kf_block){
                        .kind = KF_BLOCK_CHART, .chart = CHART_TABLE,
                        .series = blk->series_list[0],
                        .series_list = blk->series_list,
                        .nseries = blk->nseries, .title = blk->title,
                        .metric = -1};
                continue;
            }
            size_t s = blk->nseries ? blk->series_list[0] : blk->series;
            if (seen[s])
                continue;
            seen[s] = true;
            blocks[n++] = (kf_block){.kind = KF_BLOCK_CHART,
                                     .chart = CHART_TABLE, .series = s,
                                     .metric = -1};
        }
    if (n) {
        kf_page appendix = {.title = (char *)word_appendix(r->locale),
                            .blocks = blocks, .nblocks = n};
        layout_page(b, &appendix, -1);
    }
    free(seen);
    free(blocks);
}

/* An entry of the contents: a page's title, and the index of its
 * layout page before the cover is put first. */
typedef struct {
    const char *title;
    size_t page;
} contents_entry;

#define CONTENTS_GAP 24.0   /* between columns of the contents */
#define CONTENTS_COLUMN 220.0 /* the narrowest column */

/* Sets contents entries e[0..n) in `cols` columns, `lead` apart (a title
 * too long for its column wraps, each more line taking `line`), from
 * `top` down on the cover (the last layout page), then from `next_top`
 * down on pages of their own (titled "Contents (continued)"), numbering
 * the pages as if the contents took `ncontents` pages.  With `emit` it
 * adds the items, and the pages after the cover; else it only measures.
 * Returns the pages the contents take, the cover included. */
static size_t
contents_flow(builder *b, const contents_entry *e, size_t n, size_t cols,
              double lead, double top, double next_top, size_t ncontents,
              bool emit)
{
    const kf_report *r = b->report;
    kf_layout *l = b->layout;
    double w = b->page_w - 2 * MARGIN;
    double col_w = (w - (double)(cols - 1) * CONTENTS_GAP) / (double)cols;
    /* The top of an entry's last line is never lower than this. */
    double bottom = b->page_h - MARGIN * 2;
    text_style entry = {11.5, KF_WEIGHT_REGULAR, INK};
    text_style num = {11.5, KF_WEIGHT_SEMIBOLD, r->primary};
    double line = fmax(15, lo_ascent_of(b, entry) + lo_descent_of(b, entry));
    size_t pages = 1, col = 0, page = l->npages - 1;
    double y = top, col_top = top;
    for (size_t i = 0; i < n; i++) {
        char number[32], link[48], shown[1024];
        snprintf(number, sizeof(number), "%zu", e[i].page + 1 + ncontents);
        snprintf(link, sizeof(link), "page=%zu", e[i].page + 1 + ncontents);
        double nw = lo_text_width(b, number, num);
        double room = col_w - nw - 40;
        size_t lines = lo_count_lines(b, e[i].title, entry, room);
        double more = (double)(lines > 1 ? lines - 1 : 0) * line;
        if (y + more > bottom && y > col_top) {
            if (++col == cols) {
                col = 0;
                pages++;
                col_top = next_top;
                if (emit) {
                    char title[1024];
                    snprintf(title, sizeof(title), "%s%s",
                             word_contents(r->locale),
                             word_continued(r->locale));
                    kf_layout_page *p = new_page(b, title);
                    if (!p)
                        return pages - 1; /* and the layout fails */
                    p->report_page = -1;
                    p->continued = true;
                    page = l->npages - 1;
                    col_top = emit_header(b, p, title, true);
                    /* Every sheet but the cover has the footer (no
                     * sources: the contents cite none). */
                    b->stale_cited = false;
                    emit_footer(b, p, NULL, 0, true);
                }
            } else {
                col_top = pages == 1 ? top : next_top;
            }
            y = col_top;
        }
        if (emit) {
            kf_layout_page *p = &l->pages[page];
            double x = MARGIN + (double)col * (col_w + CONTENTS_GAP);
            double base = y + lo_ascent_of(b, entry);
            size_t first = p->count;
            if (lines <= 1) {
                lo_fit_line(b, e[i].title, entry, room, shown, sizeof(shown));
                lo_add_text(b, p, -1, x, base, shown, entry, ALIGN_LEFT);
            } else {
                lo_add_wrapped(b, p, -1, x, y, room, e[i].title, entry, line,
                               ALIGN_LEFT, true);
                base += more;
            }
            for (size_t j = first; j < p->count; j++)
                p->items[j].link = strdup(link);
            double tx = p->count > first
                            ? p->items[p->count - 1].x +
                                  p->items[p->count - 1].w + 8
                            : x;
            kf_item *t = lo_add_text(b, p, -1, x + col_w, base, number, num,
                                     ALIGN_RIGHT);
            if (t)
                t->link = strdup(link);
            /* A dotted leader from the title to its number. */
            lo_add_line(p, -1, tx, base - 1, x + col_w - nw - 8, base - 1,
                        RULE, 0.8);
        }
        y += lead + more;
    }
    return pages;
}

/* Lays out the contents, entries e[0..n), from `top` on the cover: in one column 24 pt apart as long as
 * they fit, else in as many columns as the page takes (at least
 * CONTENTS_COLUMN wide) and closer, and what the cover cannot hold goes
 * on to pages of contents after it (the pages after them numbered so). */
static void
lay_contents(builder *b, const contents_entry *e, size_t n, double top)
{
    double w = b->page_w - 2 * MARGIN;
    size_t most = (size_t)fmax(1, floor((w + CONTENTS_GAP) /
                                        (CONTENTS_COLUMN + CONTENTS_GAP)));
    static const double leads[] = {24, 18};
    for (size_t li = 0; li < 2; li++)
        for (size_t cols = 1; cols <= most; cols++)
            if (contents_flow(b, e, n, cols, leads[li], top, 0, 1, false) ==
                1) {
                contents_flow(b, e, n, cols, leads[li], top, 0, 1, true);
                return;
            }
    /* More pages: the contents' own, under a continuation header. */
    char title[1024];
    snprintf(title, sizeof(title), "%s%s", word_contents(b->report->locale),
             word_continued(b->report->locale));
    kf_layout_page scratch = {0};
    double next_top = emit_header(b, &scratch, title, true);
    page_clear(&scratch);
    size_t pages = 1;
    for (int tries = 0; tries < 8; tries++) {
        size_t need = contents_flow(b, e, n, most, 18, top, next_top, pages,
                                    false);
        if (need == pages)
            break;
        pages = need;
    }
    contents_flow(b, e, n, most, 18, top, next_top, pages, true);
}

/* The cover: a tall band with the title, and the contents, each entry
 * linking to its page.  Laid out last (the page numbers are known then)
 * and put first. */
static void
layout_cover(builder *b)
{
    const kf_report *r = b->report;
    kf_layout *l = b->layout;
    size_t before = l->npages;
    kf_layout_page *page = new_page(b, word_contents(r->locale));
    if (!page)
        return;
    page->report_page = -1;
    double w = b->page_w - 2 * MARGIN;
    double band = b->page_h * 0.42;
    lo_add_rect(page, -1, 0, 0, b->page_w, band, b->band, 0);
    lo_add_rect(page, -1, 0, band, b->page_w, STRIPE * 1.5, r->accent, 0);
    /* The logo at the band's top left, larger than in the sheets' bands;
     * the title stack keeps below it. */
    double top = 30;
    if (r->logo_image) {
        double lh = fmin(COVER_LOGO_H, band / 4);
        emit_logo(b, page, MARGIN, top, logo_room(b, lh), lh);
        top += lh + 20;
    }
    /* Title, subtitle, organisation and date from the band's foot up,
     * bounded as in the header: the title shrinks from 34 to 18 pt to
     * fit in three lines, the subtitle has three, organisation and date
     * two; on a page too short for all that, the subtitle and then the
     * title give up lines until the stack fits its band. */
    bool quiet = b->quiet_glyphs;
    b->quiet_glyphs = true; /* check_header_glyphs said them */
    text_style title = {34, KF_WEIGHT_BOLD, b->band_text};
    text_style sub = {15, KF_WEIGHT_REGULAR, b->soft_white};
    text_style org = {12, KF_WEIGHT_SEMIBOLD, b->band_text};
    kf_loc nowhere = {.line = 0};
    char *title_text = header_text(b, r->title, 3, w, 18, "the title",
                                   r->title_loc);
    char *sub_text = r->subtitle ? header_text(b, r->subtitle, 3, w, sub.size,
                                               "the subtitle",
                                               r->subtitle_loc)
                                 : NULL;
    const char *title_s = title_text ? title_text : "";
    char date[64];
    kf_format_date(r->locale, r->date, date, sizeof(date));
    char meta[512];
    snprintf(meta, sizeof(meta), "%s%s%s",
             r->organisation ? r->organisation : "",
             r->organisation && date[0] ? " \xc2\xb7 " : "", date);
    size_t title_lines = 3, sub_lines = 3;
    double h_title, h_sub, h_meta;
    for (;;) {
        title.size = 34;
        if (lo_count_lines(b, title_s,
                           (text_style){18, title.weight, title.color},
                           w) > title_lines)
            title.size = 18;
        while (title.size > 18 &&
               lo_count_lines(b, title_s, title, w) > title_lines)
            title.size -= 1;
        h_title = add_capped(b, page, MARGIN, 0, w, title_s, title,
                             title_lines, "the title", r->title_loc, false);
        h_sub = sub_text ? add_capped(b, page, MARGIN, 0, w, sub_text, sub,
                                      sub_lines, "the subtitle",
                                      r->subtitle_loc, false) + 10
                         : 0;
        h_meta = meta[0] ? add_capped(b, page, MARGIN, 0, w, meta, org, 2,
                                      "the organisation", nowhere, false) + 18
                         : 0;
        if (h_title + h_sub + h_meta <= band - 44 - top)
            break;
        if (sub_text && sub_lines > 1)
            sub_lines--;
        else if (title_lines > 1)
            title_lines--;
        else
            break;
    }
    double y = fmax(top, band - 44 - h_title - h_sub - h_meta);
    size_t first = page->count;
    y += add_capped(b, page, MARGIN, y, w, title_s, title, title_lines,
                    "the title", r->title_loc, true);
    for (size_t k = first; k < page->count; k++)
        page->items[k].tag = "H1";
    if (sub_text)
        y += 10 + add_capped(b, page, MARGIN, y + 10, w, sub_text, sub,
                             sub_lines, "the subtitle", r->subtitle_loc,
                             true);
    free(title_text);
    free(sub_text);
    if (meta[0])
        add_capped(b, page, MARGIN, y + 18, w, meta, org, 2,
                   "the organisation", nowhere, true);

    /* The contents: every page but continuations, with its number. */
    y = band + 48;
    text_style head = {16, KF_WEIGHT_BOLD, r->primary};
    kf_item *heading = lo_add_text(b, page, -1, MARGIN,
                                   y + lo_ascent_of(b, head),
                                   word_contents(r->locale), head, ALIGN_LEFT);
    if (heading)
        heading->tag = "H1";
    y += 34;
    contents_entry *entries = calloc(before + 1, sizeof(*entries));
    if (!entries)
        no_memory(b);
    size_t n = 0;
    for (size_t i = 0; entries && i < before; i++)
        if (!l->pages[i].continued)
            entries[n++] = (contents_entry){l->pages[i].title, i};
    lay_contents(b, entries, n, y);
    free(entries);
    b->quiet_glyphs = quiet;
    /* Move the cover and the rest of the contents, now last, to the
     * front. */
    size_t k = l->npages - before;
    kf_layout_page *moved = malloc(k * sizeof(*moved));
    if (!moved) {
        /* Only the cover then: one page at a time. */
        for (size_t j = 0; j < k; j++) {
            kf_layout_page last = l->pages[l->npages - 1];
            memmove(&l->pages[1], &l->pages[0],
                    (l->npages - 1) * sizeof(last));
            l->pages[0] = last;
        }
        return;
    }
    memcpy(moved, &l->pages[before], k * sizeof(*moved));
    memmove(&l->pages[k], &l->pages[0], before * sizeof(*moved));
    memcpy(&l->pages[0], moved, k * sizeof(*moved));
    free(moved);
}

/* "1 / 3" at the bottom right, once the number of pages is known. */
static void
number_pages(builder *b)
{
    text_style st = {FOOT_SIZE, KF_WEIGHT_REGULAR, MUTED};
    for (size_t i = b->report->cover ? 1 : 0; i < b->layout->npages; i++) {
        char buf[64];
        snprintf(buf, sizeof(buf), "%zu / %zu", i + 1, b->layout->npages);
        kf_item *it = lo_add_text(b, &b->layout->pages[i], -1,
                                  b->page_w - MARGIN,
                                  b->page_h - MARGIN * 0.7, buf, st,
                                  ALIGN_RIGHT);
        /* Pagination: an artifact for screen readers (PDF/UA). */
        if (it)
            it->tag = NULL;
    }
}

/* The band's texts (title, subtitle, organisation, date) repeat on every
 * page after the first: running headers, artifacts that a screen reader
 * skips (PDF/UA), as the page numbers.  The page titles (H1) and the
 * footers' sources, which differ from page to page, stay. */
static void
untag_running_headers(builder *b)
{
    for (size_t i = 1; i < b->layout->npages; i++) {
        kf_layout_page *page = &b->layout->pages[i];
        for (size_t k = 0; k < page->count; k++) {
            kf_item *it = &page->items[k];
            if (it->block < 0 && it->tag && !strcmp(it->tag, "P") &&
                it->y < page->height / 2)
                it->tag = NULL;
            /* The logo is read once, where it is first seen. */
            if (it->kind == KF_ITEM_IMAGE)
                it->tag = NULL;
        }
    }
}

static void
paper_size(kf_paper paper, double *w, double *h)
{
    switch (paper) {
    case KF_PAPER_A4: *w = 595.276; *h = 841.890; return;
    case KF_PAPER_A4_LANDSCAPE: *w = 841.890; *h = 595.276; return;
    case KF_PAPER_LETTER: *w = 612; *h = 792; return;
    case KF_PAPER_LETTER_LANDSCAPE: *w = 792; *h = 612; return;
    /* 1920 x 1080 pixels at the default 150 dpi */
    case KF_PAPER_SCREEN: *w = 921.6; *h = 518.4; return;
    /* 1080 x 1080 pixels at the default 150 dpi: a social-media card */
    case KF_PAPER_SQUARE: *w = 518.4; *h = 518.4; return;
    }
}

static void
check_contrast(builder *b)
{
    const kf_report *r = b->report;
    /* Said at theme.primary's key, so that a batch row's message names
     * the row whose colour it is (batch.c). */
    kf_loc at = r->primary_loc;
    const char *file = at.file ? at.file : r->path;
    if (lo_contrast(b->band_text, b->band) < 4.5)
        kf_diag_add(b->diags, KF_SEV_WARNING, file, at.line, at.col,
                    "choose a darker or a lighter primary colour",
                    "the header's text on the primary colour has a contrast "
                    "ratio of %.1f:1, below 4.5:1",
                    lo_contrast(b->band_text, b->band));
    /* With a background, the loader said it at the theme's keys. */
    kf_color primary = b->band;
    double on_tile = lo_contrast(b->colors.tile, primary);
    if (!r->has_background && !r->has_figures && on_tile < 4.5) {
        char shade[8];
        snprintf(shade, sizeof(shade), "#%06X",
                 (unsigned)kf_palette_rgb(b->colors.figure));
        kf_diag_add(b->diags, KF_SEV_WARNING, file, at.line, at.col,
                    "choose a darker primary colour, or give 'figures' one",
                    "figures in the primary colour would have a contrast "
                    "ratio of %.1f:1 on their tiles, below 4.5:1: they, the "
                    "titles and the bars are set in a darker shade of it, %s",
                    on_tile, shade);
    }
}

/* Grows the thread's text caches to what the layout of `r` measures, so
 * that it measures each text once (kf_text_cache_reserve): about 8
 * measures and 4 shaped lines a tile (its label's lines and words, its
 * figure at the sizes tried), and 2 of each a point charted. */
static void
reserve_text_caches(const kf_report *r)
{
    size_t tiles = 0, points = 0;
    for (size_t p = 0; p < r->npages; p++)
        for (size_t k = 0; k < r->pages[p].nblocks; k++) {
            const kf_block *blk = &r->pages[p].blocks[k];
            if (blk->kind == KF_BLOCK_KPIS)
                tiles += blk->nmetrics;
            for (size_t j = 0; blk->kind == KF_BLOCK_CHART &&
                               j < blk->nseries;
                 j++)
                if (blk->series_list[j] < r->nseries)
                    points += r->series[blk->series_list[j]].npoints;
        }
    kf_text_cache_reserve(8 * tiles + 2 * points, 4 * tiles + 2 * points);
}

kf_status
kf_layout_new(const kf_report *report, kf_diags *diags, kf_layout **out)
{
    *out = NULL;
    if (!report)
        return KF_ERR_USAGE;
    kf_status st = kf_fonts_init(diags);
    if (st != KF_OK)
        return st;
    /* The edition's language goes with the font: it decides how the
     * ordinals of every text are set ("46e", "46th"). */
    char *font = kf_font_key(report->fontset,
                             report->font ? report->font : "Inter",
                             report->language);
    if (!font || !kf_text_context(font)) {
        free(font);
        kf_diag_add(diags, KF_SEV_ERROR, report->path, 0, 0, NULL,
                    "the text layout could not be set up (pango)");
        return KF_ERR_FONT;
    }

    builder b = {0};
    kf_report sheet_view = *report; /* shares everything but its primary */
    kf_page_colors_of(report, &b.colors);
    sheet_view.primary = b.colors.figure;
    b.report = &sheet_view;
    b.band = report->primary;
    b.diags = diags;

    paper_size(report->paper, &b.page_w, &b.page_h);
    b.band_text = lo_text_on(b.band);
    b.soft_white = lo_mix(b.band_text, b.band, 0.18);
    b.layout = calloc(1, sizeof(kf_layout));
    b.source_number = calloc(report->nsources + 1, sizeof(int));
    if (b.layout) {
        b.font = b.layout->font = font;
        b.layout->logo = kf_logo_dup(report->logo_image);
    } else {
        free(font);
    }
    if (!b.layout || !b.source_number ||
        (report->logo_image && !b.layout->logo)) {
        kf_layout_free(b.layout);
        free(b.source_number);
        kf_diag_add(diags, KF_SEV_ERROR, report->path, 0, 0, NULL,
                    "out of memory while laying out the pages");
        return KF_ERR_MEMORY;
    }
    reserve_text_caches(report);
    check_contrast(&b);
    check_header_glyphs(&b);
    number_sources(&b);
    for (size_t p = 0; p < report->npages && !b.over_sheets; p++)
        layout_page(&b, &report->pages[p], (int)p);
    if (report->appendix_data && !b.over_sheets)
        layout_appendix(&b);
    if (report->cover && !b.over_sheets)
        layout_cover(&b);
    number_pages(&b);
    untag_running_headers(&b);
    free(b.source_number);
    /* An item a page could not take marked it failed (lo_add_item). */
    for (size_t p = 0; p < b.layout->npages; p++)
        if (b.layout->pages[p].failed)
            b.status = KF_ERR_MEMORY;
    if (b.status != KF_OK) {
        if (b.status == KF_ERR_MEMORY) /* the others said where */
            kf_diag_add(diags, KF_SEV_ERROR, report->path, 0, 0, NULL,
                        "out of memory while laying out the pages");
        kf_layout_free(b.layout);
        return b.status;
    }
    *out = b.layout;
    return KF_OK;
}

void
kf_layout_free(kf_layout *layout)
{
    if (!layout)
        return;
    for (size_t p = 0; p < layout->npages; p++)
        page_clear(&layout->pages[p]);
    free(layout->pages);
    free(layout->font);
    kf_logo_free(layout->logo);
    free(layout);
}
