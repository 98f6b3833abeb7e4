/*
 * layout_box.h: what every part of the layout builds on (layout_box.c):
 * the builder a layout is made with, the page geometry, and the helpers
 * that add items (boxes, lines, measured and wrapped texts) to a page.
 * Internal to libkeyfig.
 */
#ifndef KF_LAYOUT_BOX_H
#define KF_LAYOUT_BOX_H

#include "check_int.h"
#include "keyfig.h"
#include "palette.h"
#include "text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define KF_PI 3.14159265358979323846

/* Geometry, in points.  Chosen against the hand-drawn reference page. */
#define MARGIN 40.0
#define BAND_PAD_TOP 26.0
#define BAND_PAD_BOTTOM 22.0
#define STRIPE 4.0
#define BLOCK_GAP 18.0
#define TILE_GAP 10.0
#define TILE_PAD 14.0 /* above and below a tile's content */
#define TILE_INSET 12.0 /* left of the content, after the bar */
#define TILE_RIGHT 9.0
#define UNIT_SCALE 0.46 /* a unit's size against its figure's */
#define TILE_BAR 4.0
#define BIG_SIZE 26.0
#define BIG_MIN 12.0
#define BIG_READABLE 16.0
#define LABEL_SIZE 10.0
#define LABEL_LEADING 13.0
#define CHART_TITLE_SIZE 12.5
/* The text of charts with axes (bar, stacked, line), one scale for all:
 * the names under the plot and in the legend, the values written at bars
 * and points (semibold), and the value axis's ticks and unit (muted),
 * smaller as they are read last. */
#define CHART_TEXT_SIZE 9.5
#define CHART_VALUE_SIZE 10.0
#define CHART_TICK_SIZE 8.5
#define CHART_LEADING 12.0
#define FOOT_SIZE 7.5
#define FOOT_LEADING 10.0
#define MARK_SIZE 7.0
#define MARK_GAP 2.0 /* a footnote marker after its label or title */
#define MARK_GAP_AFTER_SUPERSCRIPT 3.0
#define MARK_RISE_EM 0.4 /* the marker's raise, of its line's size */

/* The page's colours (palette.h): white, and the sheet's text, labels
 * and rules, which a theme's background changes (kf_page_colors_of), so
 * INK, MUTED and RULE name the builder's, where every part of the layout
 * that draws on the sheet has its builder `b`. */
#define WHITE KF_WHITE
#define INK (b->colors.ink)
#define MUTED (b->colors.muted)
#define RULE (b->colors.rule)

typedef struct builder {
    const kf_report *report;
    /* KF_OK, or the first failure (no memory): the layout then goes on
     * as it can, and kf_layout_new returns this. */
    kf_status status;
    kf_diags *diags;
    kf_layout *layout;
    /* The report needs more than KF_MAX_SHEETS sheets, and said so
     * (too_many_sheets): the layout stops, and fails with KF_ERR_INPUT. */
    bool over_sheets;
    const char *font;
    double page_w, page_h;
    int *source_number; /* per source: footnote number, 0 when uncited */
    size_t cur_page; /* the layout page being filled */
    /* Set by cited_sources: a block it went over marks a stale figure, so
     * the footer drawn with those sources explains the mark. */
    bool stale_cited;
    /* Drawing the header or the cover, whose texts are checked for
     * missing glyphs once (check_header_glyphs), not on every page. */
    bool quiet_glyphs;
    /* Where what is being laid out is written (the block, or the metric of
     * a KPI tile): the place of warnings that have no finer one, such as
     * a glyph the font lacks in a label.  Line 0 when none. */
    kf_loc where;
    double kpi_big;     /* the figures' size on the report page */
    /* Cutting a row taller than a sheet into its blocks, each laid out
     * alone across the page (layout.c, cut_block). */
    bool unrow;
    int report_page;    /* the report page being laid out, -1: appendix */
    /* The sheet's colours.  b->report is the report as the sheet draws
     * it: its primary is colors.figure, so the figures, titles, bars and
     * a chart's first part keep to what stands out from the sheet (on a
     * white one, the primary itself); the header band keeps the theme's
     * primary, `band`. */
    kf_page_colors colors;
    kf_color band;
    kf_color band_text;  /* white, or ink on a pale primary */
    kf_color soft_white; /* subtitle on the band */
    /* The tallest a block of the page being laid out can be: the room a
     * page leaves under its header and above its footer (0: no limit).
     * A donut or waffle of many parts arranges its legend to fit it. */
    double chart_room;
    /* Laying out a chart, a legend or a table (lo_emit_chart): every text
     * then has tabular figures, so values, ticks and columns line up. */
    bool tabular;
    /* What a chart last measured over a whole series (layout_chart.c):
     * cutting an hbar chart or a table into pages measures one piece after
     * another, and measuring every point for each made it quadratic in the
     * points (minutes for a thousand). */
    struct {
        const kf_series *series; /* NULL: nothing measured yet */
        const kf_block *block;   /* CHART_TABLE: the table's block */
        int chart;               /* KF_CHART_HBAR or CHART_TABLE */
        double width;            /* the block's width */
        double label_w, value_w;
        size_t max_lines;
        /* An hbar chart short of room: its labels' wider column, and the
         * most lines a label takes in it. */
        double short_label_w;
        size_t short_lines;
        /* A table: its widest point label, on one line. */
        double row_label_w;
    } measured;
} builder;

/* A chart type of the layout's own: the data table of a chart, on the
 * appendix page (report.appendix: data): its series' points, a column of
 * values per series. */
#define CHART_TABLE ((kf_chart_type)100)

typedef enum { ALIGN_LEFT, ALIGN_RIGHT, ALIGN_CENTER } align;

typedef struct {
    double size;
    kf_weight weight;
    kf_color color;
} text_style;

/* The heights a block can take: `min` the least it stays readable at,
 * `pref` the one it prefers, `max` the most it grows to; `comfort`, a
 * chart's least at ease (0: min), between which and min it goes only on
 * a sheet short of room, so that it stays on that sheet rather than leave
 * a hole at its foot (layout.c). */
typedef struct heights {
    double min, pref, max, comfort;
} heights;

/* The least height a block of heights `hs` reads at ease at. */
static inline double
lo_comfort(const heights *hs)
{
    return fmax(hs->min, hs->comfort);
}

/* The box helpers (layout_box.c).  Items with `block` -1 are page
 * furniture (band, footer), else they belong to that block.  An item
 * that cannot be added for want of memory marks its page `failed`, and
 * kf_layout_new then fails: a page is never silently incomplete. */
/* The colours are the palette's (palette.h), under the layout's names. */
#define lo_mix kf_palette_mix
#define lo_contrast kf_palette_contrast
#define lo_palette kf_palette_color
#define lo_text_on kf_palette_text_on
kf_item *lo_add_item(kf_layout_page *page, kf_item_kind kind, int block);
void lo_add_rect(kf_layout_page *page, int block, double x, double y,
                 double w, double h, kf_color color, double radius);
void lo_add_line(kf_layout_page *page, int block, double x, double y,
                 double x2, double y2, kf_color color, double width);

kf_item *
lo_add_text(builder *b, kf_layout_page *page, int block, double x,
         double baseline, const char *text, text_style st, align al);

kf_item *
lo_add_text_up(builder *b, kf_layout_page *page, int block, double cx,
            double top, const char *text, text_style st);

double
lo_text_width(builder *b, const char *text, text_style st);

/* The weight a text of style `st` is measured and drawn with: st.weight,
 * with KF_FIGURES_TABULAR while b->tabular. */
kf_weight
lo_weight(const builder *b, text_style st);

double
lo_ascent_of(builder *b, text_style st);

double
lo_descent_of(builder *b, text_style st);

double
lo_add_wrapped(builder *b, kf_layout_page *page, int block, double x,
            double top, double width, const char *text, text_style st,
            double leading, align al, bool emit);

size_t
lo_count_lines(builder *b, const char *text, text_style st, double width);

/* The width of the widest word of `text` (parted by spaces, or after a
 * hyphen): wider than a line, the text cannot wrap to it whole. */
double
lo_widest_word(builder *b, const char *text, text_style st);

/* The start of `text` for a message: at most 48 characters, then "...",
 * cut between two characters, in buf (LO_QUOTED bytes).  A label or a
 * text may be 32 767 characters long: quoted whole, it drowned the
 * message.  Returns buf. */
#define LO_QUOTED 224
const char *lo_quoted(const char *text, char buf[LO_QUOTED]);

bool
lo_fit_line(builder *b, const char *text, text_style st, double room, char *buf,
         size_t size);

/* `text` ending in the stale mark ("laboratoires\u2020") when `stale`,
 * glued to its last word so it wraps with it and stays inside its box.
 * Returns `text`, or a copy that *owned then holds (NULL otherwise) for
 * the caller to free. */
const char *lo_stale_marked(const char *text, bool stale, char **owned);

/* The footnote marker of `source` (nothing when it is not cited) after
 * the text item `after`, the last line of a label or title, the same way
 * wherever it stands: MARK_GAP after the line, raised MARK_RISE_EM of the
 * line's size, as a superscript.  After an ordinal's suffix, itself a
 * superscript ("2nd"), the gap is MARK_GAP_AFTER_SUPERSCRIPT, so the two
 * do not read as one ("2nd1"). */
void
lo_add_marker(builder *b, kf_layout_page *page, int block,
              const kf_item *after, int source);

/* A metric's figure as its tile sets it, from kf_format_metric's parts:
 * the number (and a currency sign before it) bold at `big` points; its
 * unit, and its qualifier's words tied to it by U+00A0 ("plus de "),
 * semibold at UNIT_SCALE of that, so the number stands out and the PDF's
 * text still reads "plus de 1 600".  With `kicker` the words go on a line
 * of their own above the number, as a kicker does (a narrow tile).
 * lo_figure_width is its width (the wider line with `kicker`);
 * lo_figure_kicker_h the height the words' line adds above the number's;
 * lo_add_figure draws it with the number's baseline at `base`, x its left
 * edge, and returns the number line's width. */
double
lo_figure_width(builder *b, const kf_number *num, double big, bool kicker);

double
lo_figure_kicker_h(builder *b, double big);

double
lo_add_figure(builder *b, kf_layout_page *page, int block, double x,
              double base, const kf_number *num, double big, kf_color color,
              bool kicker);

/* A warning at `loc` (line 0: unknown), unless the same was said
 * already. */
void
lo_warn_once(builder *b, kf_loc loc, const char *hint, const char *msg);

/* Says the font lacks `unknown` characters of `text`, written at `loc`. */
void
lo_warn_glyphs_at(builder *b, const char *text, int unknown, kf_loc loc);

/* The same at b->where, unless b->quiet_glyphs. */
void
lo_warn_glyphs(builder *b, const char *text, int unknown);

/* The name of the destination of a source's line in the current page's
 * footer, "#" first, as links name it. */
void
lo_source_dest(builder *b, int source, char *buf, size_t size);

/* A point of series `s` as charts and tables print it. */
void
lo_format_point(const kf_report *r, const kf_series *s, double v, kf_number *num);

#endif /* KF_LAYOUT_BOX_H */
