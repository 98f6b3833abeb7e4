/*
 * layout_chart.c: the charts of a page, laid out as boxes like the rest
 * (layout.c), with the box helpers (layout_box.c).  Each chart type has
 * one function that either measures the chart (the heights it can take)
 * or lays it out in the box it was given; the table of chart kinds
 * (chart_kind.c) names it.
 */
#include "layout_int.h"
#include "date.h"
#include "format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Charts                                                             */
/* ------------------------------------------------------------------ */

/* The chart's title line(s), with the footnote marker of `source` after
 * the last; returns the height they take. */
static double
emit_title(builder *b, kf_layout_page *page, int block, const char *title,
           int source, double x, double y, double w, bool emit)
{
    if (!title || !title[0])
        return 0;
    text_style st = {CHART_TITLE_SIZE, KF_WEIGHT_BOLD, b->report->primary};
    double h = lo_add_wrapped(b, page, block, x, y, w - 12, title, st, 16,
                              ALIGN_LEFT, false);
    if (!emit)
        return h + 10;
    size_t first = page->count;
    lo_add_wrapped(b, page, block, x, y, w - 12, title, st, 16, ALIGN_LEFT,
                   true);
    /* The marker rides after the last line, raised like a superscript. */
    if (page->count > first) {
        kf_item *last = &page->items[page->count - 1];
        lo_add_marker(b, page, block, last, source);
    }
    for (size_t k = first; k < page->count; k++)
        page->items[k].tag = "H2";
    return h + 10;
}

/* Where the points of `s` fall in time, into t[0..npoints): when every
 * label is a year, or every one a month, or every one a day, in strictly
 * rising order (and there are two points at least), t holds the years,
 * the months (counted from year 0) or the days (from 1970): so 2018,
 * 2019, 2021, 2024 stand 1, 2 and 3 apart, and each month is one month
 * whatever its days.  Returns false otherwise, the points then standing
 * one step apart as categories do. */
static bool
point_times(const kf_series *s, double *t)
{
    if (s->npoints < 2)
        return false;
    kf_date first;
    if (!kf_date_parse(s->points[0].label, &first))
        return false;
    for (size_t i = 0; i < s->npoints; i++) {
        kf_date d;
        if (!kf_date_parse(s->points[i].label, &d) ||
            (d.month == 0) != (first.month == 0) ||
            (d.day == 0) != (first.day == 0))
            return false;
        t[i] = d.day ? (double)kf_day_number(d)
               : d.month ? (double)d.year * 12 + (d.month - 1)
                         : (double)d.year;
        if (i > 0 && t[i] <= t[i - 1])
            return false;
    }
    return true;
}

/* The centres of n points across [x0, x1] in pos[0..n): by time (t, from
 * point_times) when `timed`, else one step apart.  Each point gets a slot
 * around it as wide as the closest two are apart, the first and last
 * slots inside [x0, x1]; returns that width. */
static double
point_slots(size_t n, const double *t, bool timed, double x0, double x1,
            double *pos)
{
    if (!timed) {
        double slot = (x1 - x0) / (double)n;
        for (size_t i = 0; i < n; i++)
            pos[i] = x0 + slot * ((double)i + 0.5);
        return slot;
    }
    double gap = INFINITY;
    for (size_t i = 1; i < n; i++)
        gap = fmin(gap, t[i] - t[i - 1]);
    double unit = (x1 - x0) / (t[n - 1] - t[0] + gap);
    for (size_t i = 0; i < n; i++)
        pos[i] = x0 + (t[i] - t[0] + gap / 2) * unit;
    return gap * unit;
}

static double
value_extent(const kf_series *s, double *lo)
{
    double hi = 0;
    *lo = 0;
    for (size_t i = 0; i < s->npoints; i++) {
        hi = fmax(hi, s->points[i].value);
        *lo = fmin(*lo, s->points[i].value);
    }
    return hi;
}

/* The most lines a label of `s` takes wrapped `label_w` wide. */
static size_t
most_label_lines(builder *b, const kf_series *s, text_style lab,
                 double label_w)
{
    size_t max_lines = 1;
    for (size_t i = 0; i < s->npoints; i++) {
        size_t n = lo_count_lines(b, s->points[i].label, lab, label_w);
        max_lines = n > max_lines ? n : max_lines;
    }
    return max_lines;
}

/* The tallest row of one bar of an hbar chart, its bar 30 pt thick. */
#define HBAR_ROW_MAX 50.0

/* The share of an hbar chart's width its labels may take; on a sheet
 * short of room (a row of charts under two rows of tiles) they take up
 * to HBAR_SHORT_LABELS of it, so that a label wrapped on two lines in
 * the narrower column ("Industrial" / "partners") takes one, and the
 * chart a line's height less a bar, its bars keeping the rest: in a
 * third of A4 (161 pt), "Industrial partners" (93 pt) on one line leaves
 * the bars 38 pt, their values written at their ends. */
#define HBAR_LABELS 0.38
#define HBAR_SHORT_LABELS 0.60

/* Horizontal bars growing from the zero line, right for a positive value
 * and left for a negative one, each value just beyond its bar's end on
 * that side; the labels on the left, level with their bars, clear of the
 * values of negative bars. */
static double
emit_hbar(builder *b, kf_layout_page *page, int block, const char *title,
          const kf_series *s, size_t first, size_t count, double x, double y, double w, double h,
          heights *hs)
{
    const kf_report *r = b->report;
    text_style lab = {LABEL_SIZE, KF_WEIGHT_REGULAR, INK};
    text_style val = {LABEL_SIZE, KF_WEIGHT_SEMIBOLD, INK};
    if (b->measured.series != s || b->measured.chart != KF_CHART_HBAR ||
        b->measured.width != w) {
        double label_w = 0, value_w = 0;
        for (size_t i = 0; i < s->npoints; i++) {
            kf_number num;
            lo_format_point(r, s, s->points[i].value, &num);
            label_w = fmax(label_w, lo_text_width(b, s->points[i].label, lab));
            value_w = fmax(value_w, lo_text_width(b, num.text, val));
        }
        double widest = label_w;
        label_w = fmin(widest, w * HBAR_LABELS);
        double short_w = fmin(widest, w * HBAR_SHORT_LABELS);
        b->measured.series = s;
        b->measured.chart = KF_CHART_HBAR;
        b->measured.width = w;
        b->measured.label_w = label_w;
        b->measured.value_w = value_w;
        b->measured.max_lines = most_label_lines(b, s, lab, label_w);
        b->measured.short_label_w = short_w;
        b->measured.short_lines = most_label_lines(b, s, lab, short_w);
    }
    double label_w = b->measured.label_w, value_w = b->measured.value_w;
    size_t max_lines = b->measured.max_lines;
    double title_h = emit_title(b, page, block, title, s->source, x, y, w, false);
    double row_min = fmax(15, (double)max_lines * LABEL_LEADING + 3);
    /* Labels widen only for a chart drawn whole: one cut across sheets
     * keeps the same labels on each (it is cut at its ease). */
    double short_row = first == 0 && count == s->npoints
                           ? fmax(15, (double)b->measured.short_lines *
                                          LABEL_LEADING + 3)
                           : row_min;
    double np = (double)count;
    if (hs) {
        hs->min = title_h + np * fmin(row_min, short_row);
        hs->comfort = title_h + np * row_min;
        hs->pref = title_h + np * fmax(row_min, 36);
        hs->max = title_h + np * fmax(row_min, HBAR_ROW_MAX);
        return 0;
    }
    if (h < title_h + np * row_min - 0.01 && short_row < row_min) {
        label_w = b->measured.short_label_w;
        row_min = short_row;
    }
    emit_title(b, page, block, title, s->source, x, y, w, true);
    double lo, hi = value_extent(s, &lo);
    /* The values' room: right of the plot for positive bars, left of it
     * (after the labels) for negative ones. */
    double x0 = x + label_w + 10 + (lo < 0 ? value_w + 6 : 0);
    double x1 = x + w - (hi > 0 || lo >= 0 ? value_w + 8 : 0);
    double span = hi - lo > 0 ? hi - lo : 1;
    double zero = x0 + (0 - lo) / span * (x1 - x0);
    /* Each bar's row takes its share of the height, up to the most the
     * chart grows to alone: in a tall row of a page (beside a donut or a
     * text) wider rows stood the bars far apart, thin and lost.  The
     * bars then stay under their title, as a row's tiles and texts stay
     * at its top, and the rest of the height is left empty. */
    double row = fmin((h - title_h) / np, fmax(row_min, HBAR_ROW_MAX));
    double top = y + title_h;
    double thick = fmin(row * 0.62, 30);
    lo_add_line(page, block, zero, top, zero, top + row * np, RULE, 0.75);
    for (size_t i = first; i < first + count; i++) {
        double v = s->points[i].value;
        double cy = top + row * ((double)(i - first) + 0.5);
        double bx = v >= 0 ? zero : zero + (v - 0) / span * (x1 - x0);
        double bw = fabs(v) / span * (x1 - x0);
        lo_add_rect(page, block, bx, cy - thick / 2, bw, thick, r->primary, 0);
        double lh = lo_add_wrapped(b, page, block, x, 0, label_w,
                                s->points[i].label, lab, LABEL_LEADING,
                                ALIGN_RIGHT, false);
        lo_add_wrapped(b, page, block, x, cy - lh / 2, label_w,
                    s->points[i].label, lab, LABEL_LEADING, ALIGN_RIGHT, true);
        kf_number num;
        lo_format_point(r, s, v, &num);
        double asc = lo_ascent_of(b, val), desc = lo_descent_of(b, val);
        if (v >= 0)
            lo_add_text(b, page, block, bx + bw + 6, cy + (asc - desc) / 2,
                        num.text, val, ALIGN_LEFT);
        else
            lo_add_text(b, page, block, bx - 6, cy + (asc - desc) / 2,
                        num.text, val, ALIGN_RIGHT);
    }
    return h;
}

/* The most lines a bar label is wrapped to under its bar. */
#define BAR_LABEL_LINES 4

/* The least plot of a chart (heights.min), under which a page's chart
 * goes to the next sheet rather than shrink further: of bars, three
 * lines of chart text, since each bar's value is written at its end, so
 * the bars need only show rank and proportion (a bar a tenth of the
 * tallest still stands 3.6 pt clear of the axis); of a stacked chart,
 * more, so that its parts read as parts; of a line chart, more again,
 * and never under a tick label's pitch between two ticks.  The plot at
 * ease (heights.comfort), which a chart goes under only on a sheet short
 * of room: *_COMFORT; bar labels are turned on two lines under a plot
 * shorter than that. */
#define BAR_PLOT_LEAST 36.0
#define STACK_PLOT_LEAST 54.0
#define LINE_PLOT_LEAST 48.0
#define LINE_TICK_PITCH 14.0
#define BAR_COMFORT 80.0
#define STACK_COMFORT 90.0
#define LINE_COMFORT 90.0

/* The most a turned bar label takes under the plot, and the most lines
 * it is wrapped to there before it is shortened. */
#define TURNED_ROOM 160.0
#define TURNED_LINES 2

/* How many lines `label` takes turned under a bar whose slot is `slot`
 * wide, each at most `room` long: one when it fits, else as many as it
 * needs and the slot holds side by side (TURNED_LINES at most, more
 * being cut); *len gets the longest line's length. */
static size_t
turned_lines(builder *b, const char *label, text_style st, double slot,
             double room, double *len)
{
    double w = lo_text_width(b, label, st);
    size_t fit = (size_t)fmax(1, floor((slot - 4) / CHART_LEADING));
    fit = fit < TURNED_LINES ? fit : TURNED_LINES;
    if (w <= room || fit < 2) {
        *len = fmin(w, room);
        return 1;
    }
    char **lines;
    double widest;
    size_t n = kf_text_wrap(b->report->locale, b->font, label, st.size,
                            lo_weight(b, st), room, &lines, &widest);
    kf_text_lines_free(lines, n);
    *len = fmin(widest, room);
    return n < fit ? n : fit;
}

/* The length of `label` turned on two lines side by side, as short as
 * two lines make it (their longer one), when the bar's slot (`slot`)
 * holds two lines; else `len`, its length on one.  Found by bisection
 * over the line length, between half the label and `len`. */
static double
two_line_length(builder *b, const char *label, text_style st, double slot,
                double len)
{
    double w = lo_text_width(b, label, st);
    if (slot - 4 < 2 * CHART_LEADING || w < 2 * CHART_LEADING)
        return len;
    double lo = fmax(w / 2, lo_widest_word(b, label, st)), hi = fmin(w, len);
    if (lo >= hi)
        return hi;
    for (int k = 0; k < 10 && hi - lo > 1; k++) {
        double mid = (lo + hi) / 2;
        if (lo_count_lines(b, label, st, mid) <= 2)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

/* A category label turned to read upwards, its end just under the plot
 * at `top`, so every label hangs from its own bar, centred on cx: on one
 * line, or wrapped to TURNED_LINES lines side by side when the bar's slot
 * (`slot` wide) holds them; a label longer still is shortened with an
 * ellipsis on its last line, and a warning. */
static void
add_turned_label(builder *b, kf_layout_page *page, int block, double cx,
                 double top, double room, double slot, const kf_point *pt,
                 text_style st)
{
    const char *label = pt->label;
    if (lo_text_width(b, label, st) <= room) {
        lo_add_text_up(b, page, block, cx, top, label, st);
        return;
    }
    double len, widest;
    size_t want = turned_lines(b, label, st, slot, room, &len), n = 0;
    char **lines = NULL;
    if (want > 1)
        n = kf_text_wrap(b->report->locale, b->font, label, st.size,
                         lo_weight(b, st), room, &lines, &widest);
    if (n < want)
        want = n > 0 ? n : 1;
    /* The turned lines read upwards, the first leftmost; the last holds
     * the rest of the label, shortened if it must be. */
    double first = cx - (double)(want - 1) * CHART_LEADING / 2;
    for (size_t l = 0; l + 1 < want; l++)
        lo_add_text_up(b, page, block, first + (double)l * CHART_LEADING, top,
                       lines[l], st);
    char rest[4096], buf[512], quoted[LO_QUOTED];
    size_t used = 0;
    rest[0] = '\0';
    for (size_t j = want - 1; j < n && used < sizeof(rest) - 1; j++)
        used += (size_t)snprintf(rest + used, sizeof(rest) - used, "%s%s",
                                 j > want - 1 ? " " : "", lines[j]);
    bool cut = lo_fit_line(b, n > 0 ? rest : label, st, room, buf,
                           sizeof(buf));
    lo_add_text_up(b, page, block,
                   first + (double)(want - 1) * CHART_LEADING, top, buf, st);
    kf_text_lines_free(lines, n);
    if (!cut)
        return;
    /* At the point, so the editor finds which label to shorten. */
    kf_diag_add(b->diags, KF_SEV_WARNING,
                pt->loc.file ? pt->loc.file : b->report->path, pt->loc.line,
                pt->loc.col, "shorten the label, or use an hbar chart",
                "the bar label \"%s\" is too long for its chart and is "
                "shortened", lo_quoted(label, quoted));
}

/* How the values and category labels of a chart of bars (bar or stacked)
 * are written: on one bar in `step`, each labelled bar's room (`slot`)
 * being `step` bars wide; labels wrapped `label_w` wide on up to
 * `max_lines`, or turned; values level or turned. */
typedef struct {
    size_t step;
    double slot, label_w;
    size_t max_lines;
    bool turn_labels, turn_values;
} bar_texts;

/* The texts of bars `bar_slot` apart, labelled by the points of `s`,
 * whose widest value is `widest_value` wide.  Labels that would need more
 * than BAR_LABEL_LINES lines under their bar, or a word cut in pieces (a
 * year under a narrow bar read "201-8"), are turned to read upwards
 * instead; so are values wider than their bar's slot.  A turned text
 * needs its line's thickness: bars closer than that label one in `step`,
 * the smallest that keeps every text apart. */
static bar_texts
plan_bar_texts(builder *b, const kf_series *s, text_style lab, text_style val,
               double bar_slot, double widest_value)
{
    double widest_word = 0;
    for (size_t i = 0; i < s->npoints; i++)
        widest_word = fmax(widest_word,
                           lo_widest_word(b, s->points[i].label, lab));
    bar_texts bt = {1, bar_slot, bar_slot - 6, 1, false, false};
    for (int pass = 0; pass < 2; pass++) {
        bt.slot = bar_slot * (double)bt.step;
        bt.label_w = bt.slot - 6;
        bt.max_lines = most_label_lines(b, s, lab, bt.label_w);
        bt.turn_labels = bt.max_lines > BAR_LABEL_LINES ||
                         widest_word > bt.label_w;
        bt.turn_values = widest_value > bt.slot - 2;
        double need = fmax(bt.turn_labels ? lo_ascent_of(b, lab) +
                                                lo_descent_of(b, lab) + 2
                                          : 0,
                           bt.turn_values ? lo_ascent_of(b, val) +
                                                lo_descent_of(b, val) + 2
                                          : 0);
        if (pass > 0 || need <= bt.slot)
            break;
        bt.step = (size_t)ceil(need / bar_slot);
    }
    return bt;
}

/* The longest turned label of `s` under bars of room `slot`, on one line
 * where it fits TURNED_ROOM; *compact gets it on two lines side by side,
 * each half as long ("Founding" / "members"), for a sheet short of room. */
static double
turned_label_length(builder *b, const kf_series *s, text_style lab,
                    double slot, double *compact)
{
    double turned_len = 0;
    *compact = 0;
    for (size_t i = 0; i < s->npoints; i++) {
        double len;
        turned_lines(b, s->points[i].label, lab, slot, TURNED_ROOM, &len);
        turned_len = fmax(turned_len, len);
        *compact = fmax(*compact,
                        two_line_length(b, s->points[i].label, lab, slot, len));
    }
    return turned_len;
}

/* A warning for a `kind` chart (bar, stacked) of block `blk` whose `n`
 * bars are drawn `bar_w` wide, under BAR_THIN_W, their texts on one bar in
 * `step`; bars under BAR_SLOT_LEAST apart are refused (layout.c) instead. */
static void
warn_thin_bars(builder *b, const kf_block *blk, int block, const char *kind,
               size_t n, double bar_slot, double bar_w, size_t step)
{
    const kf_report *r = b->report;
    if (bar_w >= BAR_THIN_W || bar_slot < BAR_SLOT_LEAST)
        return;
    kf_diag_add(b->diags, KF_SEV_WARNING, r->path, blk->loc.line, blk->loc.col,
                "use type: line, or fewer points, or give the chart a "
                "wider column",
                "block %d of page %d: the %s chart of %zu bars draws "
                "them %.1f pt wide, hard to tell apart, and writes the "
                "value and label of one bar in %zu",
                block + 1, b->report_page + 1, kind, n, bar_w, step);
}

/* Where the value of bar i of n, `extent` wide, goes: beyond the end of
 * the longest bar on its side of zero among those it spans (bar j being
 * `values[j]` long, at pos[j]; a value of a bar in one of `step` would
 * else be drawn over its taller neighbours); *end gets that end (a top for
 * a positive value, a bottom for a negative). */
static void
bar_value_end(const double *values, size_t n, const double *pos, size_t i,
              double extent, double bar_w, double zero, double scale,
              double *end)
{
    double v = values[i];
    for (size_t j = 0; j < n; j++) {
        if (fabs(pos[j] - pos[i]) >= (extent + bar_w) / 2) {
            if (j > i)
                break;
            continue;
        }
        double u = values[j];
        if (v >= 0 && u >= 0)
            *end = fmin(*end, zero - u * scale);
        else if (v < 0 && u < 0)
            *end = fmax(*end, zero - u * scale);
    }
}

/* Vertical bars growing from the zero line, up for a positive value and
 * down for a negative one, each value just beyond its bar's end on that
 * side.  The category labels sit in a band under the plot, centred under
 * their bars: under the lowest negative value label when there is one, so
 * a label never meets a bar or a value, whatever the signs.  With
 * `time_axis`, bars of years or dates stand where they fall in time
 * (point_times), as wide as the closest two leave room for.  Bars too
 * close for each its value and label (turned, a line thick) have them on
 * one bar in `step` only, so no two texts ever overlap; bars under
 * BAR_THIN_W wide are drawn with a warning (layout.c refuses a chart
 * whose bars would be thinner still). */
static double
emit_bar(builder *b, kf_layout_page *page, int block, const char *title,
         const kf_block *blk, const kf_series *s, bool time_axis,
         double x, double y, double w, double h, heights *hs)
{
    const kf_report *r = b->report;
    text_style lab = {CHART_TEXT_SIZE, KF_WEIGHT_REGULAR, INK};
    text_style val = {CHART_VALUE_SIZE, KF_WEIGHT_SEMIBOLD, INK};
    double *t = calloc(3 * s->npoints, sizeof(double));
    if (!t) {
        b->status = KF_ERR_MEMORY;
        return 0;
    }
    double *pos = t + s->npoints, *values = pos + s->npoints;
    bool timed = time_axis && point_times(s, t);
    double bar_slot = point_slots(s->npoints, t, timed, x, x + w, pos);
    double widest_value = 0;
    for (size_t i = 0; i < s->npoints; i++) {
        values[i] = s->points[i].value;
        kf_number num;
        lo_format_point(r, s, s->points[i].value, &num);
        widest_value = fmax(widest_value, lo_text_width(b, num.text, val));
    }
    bar_texts bt = plan_bar_texts(b, s, lab, val, bar_slot, widest_value);
    size_t step = bt.step, max_lines = bt.max_lines;
    double slot = bt.slot, label_w = bt.label_w;
    bool turn_labels = bt.turn_labels, turn_values = bt.turn_values;
    /* Turned labels take two lines on a sheet short of room, so the
     * chart stays on its sheet. */
    double compact_len = 0;
    double turned_len = turn_labels ? turned_label_length(b, s, lab, slot,
                                                          &compact_len)
                                    : 0;
    double labels_h = turn_labels ? turned_len + 6
                                  : (double)max_lines * CHART_LEADING + 6;
    double compact_h = turn_labels ? compact_len + 6 : labels_h;
    double val_h = turn_values ? widest_value + 4
                               : lo_ascent_of(b, val) + lo_descent_of(b, val) + 4;
    double lo, hi = value_extent(s, &lo);
    /* Room for the values beyond the bars' ends: above the plot for
     * positive bars, under it for negative ones. */
    double val_top = hi > 0 || lo >= 0 ? val_h : 0;
    double val_bottom = lo < 0 ? val_h : 0;
    double title_h = emit_title(b, page, block, title, s->source, x, y, w, false);
    if (hs) {
        /* BAR_PLOT_LEAST of bars: the values are written on them, so
         * a short plot still reads; the page's charts shrink to this
         * before a block moves to the next sheet. */
        double fixed = title_h + val_top + val_bottom + labels_h;
        hs->min = fixed - labels_h + compact_h + BAR_PLOT_LEAST;
        hs->comfort = fixed - labels_h + compact_h + BAR_COMFORT;
        hs->pref = fixed + 190;
        hs->max = fixed + 280;
        free(t);
        return 0;
    }
    /* Too short for the labels on one line and BAR_COMFORT of bars:
     * the labels take two lines. */
    if (h - (title_h + val_top + val_bottom + labels_h) < BAR_COMFORT)
        labels_h = compact_h;
    emit_title(b, page, block, title, s->source, x, y, w, true);
    double span = hi - lo > 0 ? hi - lo : 1;
    double plot_top = y + title_h + val_top;
    double labels_top = y + h - labels_h;
    double plot_bottom = labels_top - val_bottom;
    double zero = plot_bottom - (0 - lo) / span * (plot_bottom - plot_top);
    double bar_w = fmin(bar_slot * 0.62, 90);
    double scale = (plot_bottom - plot_top) / span;
    warn_thin_bars(b, blk, block, "bar", s->npoints, bar_slot, bar_w, step);
    for (size_t i = 0; i < s->npoints; i++) {
        double v = s->points[i].value;
        double cx = pos[i];
        double bh = fabs(v) * scale;
        double by = v >= 0 ? zero - bh : zero;
        lo_add_rect(page, block, cx - bar_w / 2, by, bar_w, bh, r->primary, 0);
        if (i % step != 0)
            continue;
        kf_number num;
        lo_format_point(r, s, v, &num);
        double vw = lo_text_width(b, num.text, val);
        double end = v >= 0 ? by : by + bh;
        if (step > 1)
            bar_value_end(values, s->npoints, pos, i,
                          turn_values ? lo_ascent_of(b, val) +
                                            lo_descent_of(b, val)
                                      : vw,
                          bar_w, zero, scale, &end);
        if (turn_values) {
            lo_add_text_up(b, page, block, cx, v >= 0 ? end - 4 - vw : end + 4,
                        num.text, val);
        } else {
            double vb = v >= 0 ? end - 4 - lo_descent_of(b, val)
                               : end + 4 + lo_ascent_of(b, val);
            lo_add_text(b, page, block, cx, vb, num.text, val, ALIGN_CENTER);
        }
        if (turn_labels)
            add_turned_label(b, page, block, cx, labels_top + 6,
                             labels_h - 6, slot, &s->points[i], lab);
        else
            lo_add_wrapped(b, page, block, cx - label_w / 2, labels_top + 6,
                        label_w, s->points[i].label, lab, CHART_LEADING,
                        ALIGN_CENTER, true);
    }
    lo_add_line(page, block, x, zero, x + w, zero, RULE, 0.75);
    free(t);
    return h;
}

/* ------------------------------------------------------------------ */
/* Parts: donut, waffle and progress charts, and their legends         */
/* ------------------------------------------------------------------ */

/* One part of a donut, or one share of a waffle or progress chart: a
 * label, a value, its share of 100 and how it reads. */
typedef struct {
    const char *label;
    double value; /* the point's value (a metric's, for one metric) */
    double share; /* 0..100 */
    char text[400]; /* how it reads in a sentence: "20 (25 %)" */
    /* The same as a legend's two columns of numbers: the value ("20"),
     * and its share ("(25 %)"), "" for a share in "%" already. */
    char num[192], pct[200];
    kf_number figure; /* one metric's, as its tile sets it; else empty */
    int source;
    bool stale;     /* marked stale (report.stale: mark): one metric's */
    kf_color color; /* its swatch, slice or squares */
} share;

/* Fills the texts of part `sh`: "20 (25 %)", a value and its share of
 * the whole (`pct`); in a percentage series (`pct_series`) the value
 * alone, "55 %", which is its share: said twice it would read
 * "55 % (55 %)". */
static void
part_text(const kf_report *r, const kf_series *s, double value, double pct,
          bool pct_series, share *sh)
{
    kf_number num, p;
    lo_format_point(r, s, value, &num);
    snprintf(sh->num, sizeof(sh->num), "%s", num.text);
    sh->pct[0] = '\0';
    if (!pct_series) {
        if (!kf_format_number(r->locale, pct, 0, "%", KF_DISPLAY_FULL, &p))
            memset(&p, 0, sizeof(p));
        snprintf(sh->pct, sizeof(sh->pct), "(%s)", p.text);
    }
    snprintf(sh->text, sizeof(sh->text), "%s%s%s", sh->num,
             sh->pct[0] ? " " : "", sh->pct);
}

/* The shares a block shows: its metric's, or each point of its series (a
 * percentage series as it is, any other as parts of its total).  Returns
 * a malloc'ed array with room for one more share (arrange_parts). */
static share *
block_shares(const kf_report *r, const kf_block *blk, size_t *n)
{
    *n = 0;
    if (blk->metric >= 0 && (size_t)blk->metric < r->nmetrics) {
        const kf_metric *m = &r->metrics[blk->metric];
        share *sh = calloc(2, sizeof(*sh));
        if (!sh)
            return NULL;
        sh->label = m->label;
        sh->value = m->value;
        sh->share = fmin(100, fmax(0, m->value));
        sh->source = m->source;
        sh->stale = r->stale_mark && m->stale;
        sh->color = r->accent;
        if (!kf_format_metric(r->locale, m, &sh->figure))
            memset(&sh->figure, 0, sizeof(sh->figure));
        snprintf(sh->text, sizeof(sh->text), "%s", sh->figure.text);
        snprintf(sh->num, sizeof(sh->num), "%s", sh->figure.text);
        *n = 1;
        return sh;
    }
    const kf_series *s = &r->series[blk->series];
    bool pct = s->unit && !strcmp(s->unit, "%");
    double total = 0;
    for (size_t i = 0; i < s->npoints; i++)
        total += fmax(0, s->points[i].value);
    share *sh = calloc(s->npoints + 1, sizeof(*sh));
    if (!sh)
        return NULL;
    for (size_t i = 0; i < s->npoints; i++) {
        double v = fmax(0, s->points[i].value);
        sh[i].label = s->points[i].label;
        sh[i].value = v;
        sh[i].share = pct ? fmin(100, v) : total > 0 ? v / total * 100 : 0;
        sh[i].source = s->source;
        sh[i].color = lo_palette(r, i);
        part_text(r, s, v, sh[i].share, pct, &sh[i]);
    }
    *n = s->npoints;
    return sh;
}

/* The smallest ring or square of squares: its figure in the middle and
 * its slices still read at 90 pt (about 32 mm). */
#define PART_FIG_MIN 90.0
/* The least a ring or a waffle's squares shrink to on a sheet short of
 * room (a row of charts under two rows of tiles), its legend, beside or
 * under it, giving every value: a ring of 17 mm, its total still 8 pt;
 * squares of 4 mm.  PART_FIG_MIN still decides where the legend goes. */
#define PART_FIG_LEAST 44.0
/* What a waffle with its figure under its squares gives up at its least:
 * 12 of the 20 pt about its figure (10 above, 10 under). */
#define WAFFLE_UNDER_CLOSE 12.0
/* The least width of a waffle's one figure beside its squares; in a
 * narrower column it goes under them. */
#define WAFFLE_FIG_BESIDE_MIN 130.0
#define PART_GAP 18.0      /* between legend columns, and above a legend */
/* The least gap between a figure and the legend under it, on a sheet
 * short of room: a legend line's half, still clear of the ring. */
#define PART_GAP_LEAST 9.0
#define PART_ROW 16.0      /* a legend row of one line, in columns */
#define PART_SWATCH 16.0   /* the swatch and the space after it */
#define PART_VALUE_GAP 10.0 /* between a label and its value */

/* Where the legend of a donut or waffle goes.  cols 0: the chart's own
 * legend, one column beside the figure (what charts of few parts have);
 * else rows of swatch, label and value in `cols` columns, beside the
 * figure or under it (`below`). */
typedef struct {
    size_t cols;
    bool below;
    double label_w; /* each label's room */
    double col_w;   /* a column's width, without the gap after it */
    double h;       /* the legend's height */
} legend_plan;

/* A legend's parts measured once: each label's width on one line, the
 * widest label and the widest value (its two columns of numbers). */
typedef struct {
    const share *sh;
    size_t n;
    double *label_w; /* per part */
    double longest, value_w;
    double num_w, pct_w; /* value_w's columns (part_columns) */
} legend_measure;

/* Between a value and its share, "20 (25 %)": over half an em, so the
 * PDF's text keeps them two words (draw.c, show_word_breaks). */
#define PART_NUM_GAP 6.0

/* The widths of the two columns of numbers of parts sh[0..n): the values
 * and their shares (0 when none has one); returns their whole width. */
static double
part_columns(builder *b, const share *sh, size_t n, double *num_w,
             double *pct_w)
{
    text_style val = {LABEL_SIZE, KF_WEIGHT_SEMIBOLD, INK};
    *num_w = *pct_w = 0;
    for (size_t i = 0; i < n; i++) {
        *num_w = fmax(*num_w, lo_text_width(b, sh[i].num, val));
        if (sh[i].pct[0])
            *pct_w = fmax(*pct_w, lo_text_width(b, sh[i].pct, val));
    }
    return *num_w + (*pct_w > 0 ? PART_NUM_GAP + *pct_w : 0);
}

/* Part sh's value and share on the line of `baseline`, each right-aligned
 * in its column, the columns ending at `right` (`pct_w`: the shares'
 * column, 0 when none), so that units, tens and the shares line up from
 * one part to the next. */
static void
emit_part_numbers(builder *b, kf_layout_page *page, int block,
                  const share *sh, double right, double pct_w,
                  double baseline)
{
    text_style val = {LABEL_SIZE, KF_WEIGHT_SEMIBOLD, INK};
    double num_right = pct_w > 0 ? right - pct_w - PART_NUM_GAP : right;
    lo_add_text(b, page, block, num_right, baseline, sh->num, val,
                ALIGN_RIGHT);
    if (sh->pct[0])
        lo_add_text(b, page, block, right, baseline, sh->pct, val,
                    ALIGN_RIGHT);
}

static bool
legend_measure_init(builder *b, legend_measure *m, const share *sh, size_t n)
{
    text_style lab = {LABEL_SIZE, KF_WEIGHT_REGULAR, INK};
    m->sh = sh;
    m->n = n;
    m->longest = 0;
    m->label_w = calloc(n + 1, sizeof(double));
    if (!m->label_w)
        return false;
    for (size_t i = 0; i < n; i++) {
        m->label_w[i] = lo_text_width(b, sh[i].label, lab);
        m->longest = fmax(m->longest, m->label_w[i]);
    }
    m->value_w = part_columns(b, sh, n, &m->num_w, &m->pct_w);
    return true;
}

/* The height of part i's row with `label_w` for its label. */
static double
part_row_h(builder *b, const legend_measure *m, size_t i, double label_w)
{
    text_style lab = {LABEL_SIZE, KF_WEIGHT_REGULAR, INK};
    size_t lines = m->label_w[i] < label_w
                       ? 1
                       : lo_count_lines(b, m->sh[i].label, lab, label_w);
    return fmax(PART_ROW, (double)lines * LABEL_LEADING + 3);
}

/* The parts go down the columns in order, as many in each (the last
 * takes what is left). */
static size_t
per_column(size_t n, size_t cols)
{
    return (n + cols - 1) / cols;
}

/* Fills `pl` for `cols` columns across `width`; false when the labels
 * would get less than 60 pt (or than the longest, if it is shorter). */
static bool
legend_columns(builder *b, const legend_measure *m, size_t cols,
               double width, legend_plan *pl)
{
    double col = (width - (double)(cols - 1) * PART_GAP) / (double)cols;
    double label_w = fmin(m->longest + 1,
                          col - PART_SWATCH - PART_VALUE_GAP - m->value_w);
    if (label_w < fmin(60, m->longest + 1))
        return false;
    *pl = (legend_plan){0}; /* beside the figure, until plan_columns says */
    pl->cols = cols;
    pl->label_w = label_w;
    pl->col_w = PART_SWATCH + label_w + PART_VALUE_GAP + m->value_w;
    size_t per = per_column(m->n, cols);
    pl->h = 0;
    for (size_t c = 0; c < cols; c++) {
        double h = 0;
        for (size_t i = c * per; i < m->n && i < (c + 1) * per; i++)
            h += part_row_h(b, m, i, label_w);
        pl->h = fmax(pl->h, h);
    }
    return true;
}

/* The columns across `width` that make the shortest legend (the fewest
 * of them at equal height); false when not even one column fits. */
static bool
shortest_legend(builder *b, const legend_measure *m, double width,
                legend_plan *best)
{
    bool any = false;
    for (size_t cols = 1; cols <= m->n && cols <= 12; cols++) {
        legend_plan pl;
        if (!legend_columns(b, m, cols, width, &pl))
            break;
        if (!any || pl.h < best->h - 0.01) {
            *best = pl;
            any = true;
        }
    }
    return any;
}

/* The geometry a chart of parts gives its legend. */
typedef struct {
    double title_h;
    double width;   /* the block's */
    double side_w;  /* left beside the figure at its largest */
    double fig_max; /* the figure's largest size */
    double room;    /* the tallest the block may be; 0: no limit */
} parts_geometry;

/* A legend in columns that fits the room: beside the figure when it is
 * not much taller than the figure, else under it across the block, else
 * beside it however tall.  False when none fits. */
static bool
plan_columns(builder *b, const legend_measure *m, const parts_geometry *g,
             legend_plan *out)
{
    legend_plan side, below;
    bool has_side = g->side_w > 0 && shortest_legend(b, m, g->side_w, &side);
    bool has_below = shortest_legend(b, m, g->width, &below);
    bool side_fits = has_side &&
                     g->title_h + fmax(PART_FIG_MIN, side.h) <= g->room;
    if (side_fits && side.h <= 1.5 * g->fig_max) {
        *out = side;
        return true;
    }
    if (has_below &&
        g->title_h + PART_FIG_MIN + PART_GAP + below.h <= g->room) {
        *out = below;
        out->below = true;
        return true;
    }
    if (side_fits) {
        *out = side;
        return true;
    }
    return false;
}

/* "Autres (251 parts)": the part that stands for `count` others, in the
 * edition's language. */
static void
other_label(const kf_report *r, size_t count, char *buf, size_t size)
{
    bool fr = r->language ? !strcmp(r->language, "fr")
                          : r->locale == KF_LOCALE_FR_FR;
    snprintf(buf, size, fr ? "Autres (%zu parts)" : "Other (%zu parts)",
             count);
}

/* Writes into `out` the `keep` - 1 largest of sh[0..n) (by value, the
 * first of equal ones), in their order, then one part for all the others:
 * `label`, their values' sum, and their shares' (series `s`: how it
 * reads; `value_only`: as its value alone, as a percentage series in a
 * waffle).  `order` ranks the parts, largest first. */
static size_t
group_parts(const builder *b, const kf_series *s, const share *sh, size_t n,
            const size_t *order, size_t keep, const char *label,
            bool value_only, share *out)
{
    const kf_report *r = b->report;
    bool *kept = calloc(n + 1, sizeof(bool));
    if (!kept)
        return 0;
    for (size_t k = 0; k + 1 < keep && k < n; k++)
        kept[order[k]] = true;
    size_t m = 0;
    share other = {.label = label, .source = n ? sh[0].source : -1};
    for (size_t i = 0; i < n; i++) {
        if (kept[i]) {
            out[m] = sh[i];
            out[m].color = lo_palette(r, m);
            m++;
        } else {
            other.value += sh[i].value;
            other.share += sh[i].share;
        }
    }
    free(kept);
    other.share = fmin(100, other.share);
    part_text(r, s, other.value, other.share, value_only, &other);
    /* Grey: the rest, not one more category. */
    other.color = kf_palette_other(r);
    out[m++] = other;
    return m;
}

static int
cmp_larger(const void *pa, const void *pb)
{
    const double *a = pa, *b = pb;
    if (a[0] != b[0])
        return a[0] > b[0] ? -1 : 1;
    return a[1] < b[1] ? -1 : a[1] > b[1];
}

/* Where the legend of a donut or waffle of the parts sh[0..*n) goes (the
 * parts of series `s`, reading as group_parts says), in `pl`: the chart's own legend when the chart
 * then fits the page (`classic_h` is its height then), else columns
 * beside or under the figure (plan_columns).  When even those cannot
 * hold every part on one page, the largest parts are kept with one more
 * for all the others (other_label, written in `label`): `sh` is
 * rewritten, *n becomes the parts shown and *grouped the parts put
 * together; else *grouped is 0. */
static void
arrange_parts(builder *b, const kf_series *s, bool value_only, share *sh,
              size_t *n, const parts_geometry *g, double classic_h,
              char *label, size_t label_size, legend_plan *pl,
              size_t *grouped)
{
    memset(pl, 0, sizeof(*pl));
    *grouped = 0;
    if (g->room <= 0 || classic_h <= g->room || *n < 2)
        return;
    legend_measure m;
    if (!legend_measure_init(b, &m, sh, *n))
        return;
    if (plan_columns(b, &m, g, pl)) {
        free(m.label_w);
        return;
    }
    free(m.label_w);
    memset(pl, 0, sizeof(*pl));
    /* Too many: the most parts that fit, found by halving. */
    size_t total = *n;
    double(*rank)[2] = calloc(total, sizeof(*rank));
    size_t *order = calloc(total, sizeof(size_t));
    share *tmp = calloc(total + 1, sizeof(share));
    if (!rank || !order || !tmp)
        goto done;
    for (size_t i = 0; i < total; i++) {
        rank[i][0] = sh[i].value;
        rank[i][1] = (double)i;
    }
    qsort(rank, total, sizeof(*rank), cmp_larger);
    for (size_t i = 0; i < total; i++)
        order[i] = (size_t)rank[i][1];
    size_t lo = 1, hi = total; /* lo parts fit (or none do), hi do not */
    legend_plan fit = {0};
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        other_label(b->report, total - (mid - 1), label, label_size);
        size_t k = group_parts(b, s, sh, total, order, mid, label,
                               value_only, tmp);
        legend_plan p = {0};
        bool ok = k && legend_measure_init(b, &m, tmp, k);
        if (ok) {
            ok = plan_columns(b, &m, g, &p);
            free(m.label_w);
        }
        if (ok) {
            lo = mid;
            fit = p;
        } else {
            hi = mid;
        }
    }
    if (lo < 2)
        goto done; /* not even two parts fit: the chart as it is */
    other_label(b->report, total - (lo - 1), label, label_size);
    *n = group_parts(b, s, sh, total, order, lo, label, value_only, tmp);
    memcpy(sh, tmp, *n * sizeof(share));
    *grouped = total - (lo - 1);
    *pl = fit;
done:
    free(rank);
    free(order);
    free(tmp);
}

/* Says that a chart shows its smallest parts as one. */
static void
warn_grouped(builder *b, const kf_block *blk, int block, const char *what,
             size_t parts, size_t grouped, const char *label)
{
    char quoted[LO_QUOTED];
    const kf_report *r = b->report;
    kf_diag_add(b->diags, KF_SEV_WARNING, r->path, blk->loc.line,
                blk->loc.col,
                "the workbook (and the data appendix, report.appendix: data) "
                "keep every part; or show fewer parts, or use an hbar chart, "
                "which continues across pages",
                "block %d of page %d: the %s of %zu parts cannot show them "
                "all on one page; its %zu smallest are shown as one part, "
                "\"%s\"",
                block + 1, b->report_page + 1, what, parts, grouped,
                lo_quoted(label, quoted));
}

/* The legend of parts sh[0..n) as `pl` arranges it, from (x, y): rows of
 * a swatch, the label and the value, down each column in turn. */
static void
emit_parts_legend(builder *b, kf_layout_page *page, int block,
                  const share *sh, size_t n, const legend_plan *pl,
                  double x, double y)
{
    text_style lab = {LABEL_SIZE, KF_WEIGHT_REGULAR, INK};
    text_style val = {LABEL_SIZE, KF_WEIGHT_SEMIBOLD, INK};
    legend_measure m;
    if (!legend_measure_init(b, &m, sh, n))
        return;
    size_t per = per_column(n, pl->cols);
    double asc = lo_ascent_of(b, val);
    for (size_t c = 0; c < pl->cols; c++) {
        double cx = x + (double)c * (pl->col_w + PART_GAP), ry = y;
        for (size_t i = c * per; i < n && i < (c + 1) * per; i++) {
            lo_add_rect(page, block, cx, ry + 3, 10, 10, sh[i].color, 2);
            lo_add_wrapped(b, page, block, cx + PART_SWATCH, ry + 1,
                           pl->label_w, sh[i].label, lab, LABEL_LEADING,
                           ALIGN_LEFT, true);
            emit_part_numbers(b, page, block, &sh[i],
                              cx + PART_SWATCH + pl->label_w +
                                  PART_VALUE_GAP + m.value_w,
                              m.pct_w, ry + 1 + asc);
            ry += part_row_h(b, &m, i, pl->label_w);
        }
    }
    free(m.label_w);
}

/* The gap between a figure and the legend under it when `room` is left
 * for both: PART_GAP, closing to PART_GAP_LEAST before the figure goes
 * under PART_FIG_LEAST (so a chart at its ease is drawn as before). */
static double
part_gap_below(double room)
{
    return fmax(PART_GAP_LEAST, fmin(PART_GAP, room - PART_FIG_LEAST));
}

/* The block's heights for a legend in columns beside or under a figure
 * of PART_FIG_MIN to fig_max (pref: `pref`); under it, the gap above the
 * legend closes to PART_GAP_LEAST at the least height. */
static void
parts_heights(const legend_plan *pl, const parts_geometry *g, double pref,
              heights *hs)
{
    if (pl->below) {
        double rest = g->title_h + PART_GAP + pl->h;
        hs->min = rest - (PART_GAP - PART_GAP_LEAST) + PART_FIG_LEAST;
        hs->comfort = rest + PART_FIG_MIN;
        hs->pref = rest + pref;
        hs->max = rest + g->fig_max;
    } else {
        hs->min = g->title_h + fmax(PART_FIG_LEAST, pl->h);
        hs->comfort = g->title_h + fmax(PART_FIG_MIN, pl->h);
        hs->pref = g->title_h + fmax(pref, pl->h);
        hs->max = g->title_h + fmax(g->fig_max, pl->h);
    }
}

/* The width of a legend in columns. */
static double
legend_width(const legend_plan *pl)
{
    return (double)pl->cols * pl->col_w + (double)(pl->cols - 1) * PART_GAP;
}

/* A block this wide or wider spans a wide sheet (A4 landscape, a 16:9
 * slide: 762 and 842 pt between the margins), never a column of a row
 * nor a portrait or square sheet (532 pt at most). */
#define WIDE_BLOCK_MIN 600.0

/* How far right a donut or waffle and its legend, `group_w` wide as a
 * group, start in a block `w` wide: on a wide sheet the group stands in
 * the middle of the block, where a designer would put it, not at its
 * left with half the slide empty; in narrower blocks it stays at the
 * left, as it always was. */
static double
wide_group_dx(double w, double group_w)
{
    return w >= WIDE_BLOCK_MIN && group_w < w ? (w - group_w) / 2 : 0;
}

/* A ring with its total in the middle and a legend right beside it; a
 * legend of many parts goes in columns beside or under the ring, and the
 * smallest parts of too many for a page become one (arrange_parts).  The
 * parts of a series in "%" are shares already: the legend gives each
 * once, and the middle stays empty, since their total would only say
 * "100 %" (or less, of a whole that is not all shown). */
static double
emit_donut(builder *b, kf_layout_page *page, int block, const kf_block *blk,
           const char *title, const kf_series *s, double x, double y,
           double w, double h, heights *hs)
{
    const kf_report *r = b->report;
    text_style lab = {LABEL_SIZE, KF_WEIGHT_REGULAR, INK};
    text_style val = {LABEL_SIZE, KF_WEIGHT_SEMIBOLD, INK};
    double title_h = emit_title(b, page, block, title, s->source, x, y, w, false);
    bool pct = s->unit && !strcmp(s->unit, "%");
    double total = 0;
    for (size_t i = 0; i < s->npoints; i++)
        total += s->points[i].value;

    /* Legend text: "France" and "20 (25 %)". */
    size_t n = s->npoints;
    share *sh = calloc(n + 1, sizeof(*sh));
    if (!sh)
        return 0;
    for (size_t i = 0; i < n; i++) {
        double v = s->points[i].value;
        sh[i].label = s->points[i].label;
        sh[i].value = v;
        sh[i].share = total > 0 ? v / total * 100 : 0;
        sh[i].source = s->source;
        sh[i].color = lo_palette(r, i);
        part_text(r, s, v, sh[i].share, pct, &sh[i]);
    }
    double num_w, pct_w;
    double val_w = part_columns(b, sh, n, &num_w, &pct_w);
    double ring_max = fmin(w * 0.36, 220);
    double legend_x_off = 28;
    /* The legend sits right beside the ring: its label column is as wide
     * as the longest label, not as the rest of the page. */
    double label_w = 0;
    for (size_t i = 0; i < n; i++)
        label_w = fmax(label_w, lo_text_width(b, sh[i].label, lab));
    label_w = fmax(60, fmin(label_w, w - ring_max - 4 - legend_x_off - 16 -
                                         20 - val_w));
    /* In a narrow column (a row's) the ring gives way to the legend beside
     * it, down to its least size; narrower still, the legend goes under
     * the ring, in columns (arrange_parts). */
    double over = 4 + ring_max + legend_x_off + 16 + label_w + 20 + val_w - w;
    bool beside = 4 + PART_FIG_MIN + legend_x_off + 16 + label_w + 20 +
                      val_w <= w;
    if (over > 0 && beside)
        ring_max = fmax(PART_FIG_MIN, ring_max - over);
    else if (!beside)
        ring_max = fmin(w - 8, 220);
    double legend_h = 0;
    for (size_t i = 0; i < n; i++)
        legend_h += fmax(18, (double)lo_count_lines(b, sh[i].label, lab,
                                                 label_w) *
                                     LABEL_LEADING +
                                 6);
    parts_geometry g = {title_h, w, w - ring_max - 4 - legend_x_off, ring_max,
                        b->chart_room};
    legend_plan pl;
    size_t grouped;
    char other[64];
    arrange_parts(b, s, pct, sh, &n, &g,
                  beside ? title_h + fmax(PART_FIG_MIN, legend_h) : INFINITY,
                  other, sizeof(other), &pl, &grouped);
    if (!beside && !pl.cols) {
        /* Too narrow for the legend beside the ring, and too few parts
         * for arrange_parts to set them out: one column under it. */
        legend_measure m;
        if (legend_measure_init(b, &m, sh, n)) {
            if (shortest_legend(b, &m, w, &pl))
                pl.below = true;
            free(m.label_w);
        }
    }
    if (hs) {
        if (pl.cols) {
            parts_heights(&pl, &g, 170, hs);
        } else {
            hs->min = title_h + fmax(PART_FIG_LEAST, legend_h);
            hs->comfort = title_h + fmax(PART_FIG_MIN, legend_h);
            hs->pref = title_h + fmax(170, legend_h);
            hs->max = title_h + fmax(ring_max, legend_h);
        }
        free(sh);
        return 0;
    }
    if (grouped)
        warn_grouped(b, blk, block, "donut", s->npoints, grouped, other);
    emit_title(b, page, block, title, s->source, x, y, w, true);
    double ro, cx, cy, gap_below = PART_GAP;
    if (pl.cols && pl.below) {
        /* The ring over the middle of its legend. */
        gap_below = part_gap_below(h - title_h - pl.h);
        ro = fmin(ring_max, h - title_h - gap_below - pl.h) / 2;
        x += wide_group_dx(w, fmax(2 * ro + 8, legend_width(&pl)));
        cx = x + fmax(ro + 4, legend_width(&pl) / 2);
        cy = y + title_h + ro;
    } else {
        ro = fmin(h - title_h, ring_max) / 2;
        double legend_w = pl.cols ? legend_width(&pl)
                                  : 16 + label_w + 20 + val_w;
        cx = x + wide_group_dx(w, 4 + 2 * ro + legend_x_off + legend_w) +
             ro + 4;
        cy = y + title_h + (h - title_h) / 2;
    }
    double ri = ro * 0.58;
    double a = 0;
    for (size_t i = 0; i < n; i++) {
        double sweep = total > 0 ? sh[i].value / total * 2 * KF_PI : 0;
        kf_item *it = lo_add_item(page, KF_ITEM_ARC, block);
        if (it) {
            it->cx = cx;
            it->cy = cy;
            it->r_outer = ro;
            it->r_inner = ri;
            it->a0 = a;
            it->a1 = a + sweep;
            it->x = cx - ro;
            it->y = cy - ro;
            it->w = it->h = 2 * ro;
            it->color = sh[i].color;
            it->line_width = n > 1 ? 1.5 : 0;
        }
        a += sweep;
    }
    if (!pct) {
        kf_number tot;
        lo_format_point(r, s, total, &tot);
        /* At least 8 pt, which a ring of PART_FIG_LEAST holds. */
        text_style big = {fmax(8, fmin(22, ri * 0.55)), KF_WEIGHT_BOLD,
                          r->primary};
        while (big.size > 8 && lo_text_width(b, tot.text, big) > ri * 1.6)
            big.size -= 1;
        lo_add_text(b, page, block, cx,
                    cy + (lo_ascent_of(b, big) - lo_descent_of(b, big)) / 2,
                    tot.text, big, ALIGN_CENTER);
    }

    if (pl.cols) {
        if (pl.below)
            emit_parts_legend(b, page, block, sh, n, &pl, x,
                              cy + ro + gap_below);
        else
            emit_parts_legend(b, page, block, sh, n, &pl,
                              cx + ro + legend_x_off, cy - pl.h / 2);
        free(sh);
        return h;
    }
    double lx = cx + ro + legend_x_off;
    double ly = cy - legend_h / 2;
    double vx = lx + 16 + label_w + 20;
    for (size_t i = 0; i < n; i++) {
        double rh = fmax(18, (double)lo_count_lines(b, sh[i].label, lab,
                                                 label_w) *
                                     LABEL_LEADING +
                                 6);
        lo_add_rect(page, block, lx, ly + 4, 10, 10, sh[i].color, 2);
        lo_add_wrapped(b, page, block, lx + 16, ly + 1, label_w,
                    sh[i].label, lab, LABEL_LEADING, ALIGN_LEFT, true);
        emit_part_numbers(b, page, block, &sh[i], vx + val_w, pct_w,
                          ly + 1 + lo_ascent_of(b, val));
        ly += rh;
    }
    free(sh);
    return h;
}

/* ------------------------------------------------------------------ */
/* Axes, legends                                                      */
/* ------------------------------------------------------------------ */

/* Round ticks covering [lo, hi]: 1, 2, 2.5 or 5 times a power of ten,
 * about four intervals. */
static double
nice_step(double lo, double hi)
{
    double range = hi - lo > 0 ? hi - lo : fabs(hi) > 0 ? fabs(hi) : 1;
    double rough = range / 4;
    double mag = pow(10, floor(log10(rough)));
    double r = rough / mag;
    double f = r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10;
    return f * mag;
}

/* Decimals that show a tick step exactly (0.25 needs 2). */
static int
step_decimals(double step)
{
    int d = 0;
    while (d < 6 && fabs(step * pow(10, d) - round(step * pow(10, d))) > 1e-9)
        d++;
    return d;
}

/* Leading or trailing no-break spaces and spaces of `text`, in bytes. */
static size_t
space_at(const char *text, bool at_end)
{
    static const char *const spaces[] = {" ", KF_NBSP, KF_NNBSP};
    size_t len = strlen(text);
    for (size_t k = 0; k < sizeof(spaces) / sizeof(spaces[0]); k++) {
        size_t n = strlen(spaces[k]);
        if (len >= n && memcmp(at_end ? text + len - n : text, spaces[k],
                               n) == 0)
            return n;
    }
    return 0;
}

/* How a value axis writes its ticks: each tick's value divided by
 * `scale` with `decimals` decimals, bare, under `unit` said once above
 * the axis ("Md€", "%", "€"; "" without a unit). */
typedef struct {
    double scale;
    int decimals;
    char unit[128];
} tick_scale;

/* Ticks from this many digits up are written in the scale the edition's
 * compact figures take (axis_scale): "10 000 000" on every tick crowds a
 * narrow plot, and a reader counts its zeros. */
#define TICK_SCALE_FROM 1e5

/* The axis of ticks `step` apart up to `top` (the largest in size), in
 * `unit`: its ticks bare numbers, and the unit written once, as
 * kf_format_number writes it around a number, without the spaces that
 * join it to the number ("Md€" of "72,8 Md€", "€M" of "€30M", "%" of
 * "21 %").  Ticks of six digits or more take the scale a compact figure
 * of `top` takes in the edition (see docs/format.md "How numbers are
 * printed": currencies in k€, M€ and Md€, other figures in millions and
 * billions), so "10 000 000 €" ticks read 0, 5, 10 under "M€"; a smaller
 * figure, a percentage, or a plain one under a million keeps its digits. */
static void
axis_scale(kf_locale locale, const char *unit, double top, double step,
           tick_scale *ts)
{
    kf_number_plan plan;
    ts->scale = 1;
    ts->unit[0] = '\0';
    if (fabs(top) >= TICK_SCALE_FROM &&
        kf_number_plan_make(locale, fabs(top), 0, unit, KF_DISPLAY_COMPACT,
                            &plan))
        ts->scale = plan.scale;
    ts->decimals = step_decimals(step / ts->scale);
    /* The words of the scale in the plural ("millions" above 0, 0,5, 1:
     * the axis counts millions). */
    if (!kf_number_plan_make(locale, 2 * ts->scale, 0, unit,
                             ts->scale > 1 ? KF_DISPLAY_COMPACT
                                           : KF_DISPLAY_FULL,
                             &plan))
        return;
    char *ends[2] = {plan.prefix, plan.suffix};
    for (int k = 0; k < 2; k++) {
        char *t = ends[k];
        for (size_t n; (n = space_at(t, false)) > 0;)
            memmove(t, t + n, strlen(t + n) + 1);
        for (size_t n; (n = space_at(t, true)) > 0;)
            t[strlen(t) - n] = '\0';
    }
    /* Glued as the figure glues them: "€M" of "€30M". */
    snprintf(ts->unit, sizeof(ts->unit), "%s%s", plan.prefix, plan.suffix);
}

/* A tick's text: `value` on the axis `ts`.  The zero tick reads "0"
 * whatever the others' decimals: "0,00000" beside "0,00001" is five
 * zeros to count for nothing (and a sum's rounding, -1e-21, is 0 too). */
static void
tick_text(kf_locale locale, const tick_scale *ts, double value,
          kf_number *num)
{
    double v = value / ts->scale;
    bool zero = fabs(v) < 0.5 * pow(10, -ts->decimals);
    kf_format_number(locale, zero ? 0 : v, zero ? 0 : ts->decimals, NULL,
                     KF_DISPLAY_FULL, num);
}

/* The series of a block, in order: series_list, or the one `series`. */
static const kf_series *
block_series(const kf_report *r, const kf_block *blk, size_t i)
{
    return &r->series[blk->nseries ? blk->series_list[i] : blk->series];
}

static size_t
block_nseries(const kf_block *blk)
{
    return blk->nseries ? blk->nseries : 1;
}

/* A legend of swatches and names laid out in rows across `w`, each name
 * followed by values[i] when `values` is given (a line's last value),
 * then `label` in brackets, the point they are of; returns its height
 * (measures only without emit).  `lines`: the swatches are a line
 * chart's, in the colours its lines are drawn in. */
static double
emit_legend(builder *b, kf_layout_page *page, int block, const kf_block *blk,
            const char *const *values, const char *label, double x, double y,
            double w, bool lines, bool emit)
{
    const kf_report *r = b->report;
    text_style st = {CHART_TEXT_SIZE, KF_WEIGHT_REGULAR, INK};
    text_style vs = {CHART_TEXT_SIZE, KF_WEIGHT_SEMIBOLD, INK};
    text_style ms = {CHART_TEXT_SIZE, KF_WEIGHT_REGULAR, MUTED};
    double asc = lo_ascent_of(b, st), line = asc + lo_descent_of(b, st) + 6;
    double cx = x, cy = y;
    /* The point the values are of, once after them: "(2024)". */
    char said[256], fit[256] = "";
    if (values && label && label[0]) {
        snprintf(said, sizeof(said), "(%s)", label);
        lo_fit_line(b, said, ms, w, fit, sizeof(fit));
    }
    double said_w = fit[0] ? lo_text_width(b, fit, ms) : 0;
    size_t n = block_nseries(blk);
    for (size_t i = 0; i < n; i++) {
        const kf_series *s = block_series(r, blk, i);
        const char *value = values ? values[i] : "";
        double vw = value[0] ? 5 + lo_text_width(b, value, vs) : 0;
        char name[256];
        lo_fit_line(b, s->title, st, fmax(w - 14 - vw, 1), name,
                    sizeof(name));
        double nw = lo_text_width(b, name, st);
        double iw = 14 + nw + vw + 14;
        /* The last entry goes down with "(2024)" rather than leave it
         * alone on a row of its own, when the two fit a row. */
        double keep = i + 1 == n && iw + said_w <= w ? said_w : 0;
        if (cx > x && cx + iw + keep > x + w) {
            cx = x;
            cy += line;
        }
        if (emit) {
            lo_add_rect(page, block, cx, cy + asc - 8, 9, 9,
                        lines ? kf_palette_line_color(r, i) : lo_palette(r, i),
                        2);
            lo_add_text(b, page, block, cx + 14, cy + asc, name, st,
                        ALIGN_LEFT);
            if (value[0])
                lo_add_text(b, page, block, cx + 14 + nw + 5, cy + asc,
                            value, vs, ALIGN_LEFT);
        }
        cx += iw;
    }
    if (fit[0]) {
        double iw = said_w;
        if (cx > x && cx + iw > x + w) {
            cx = x;
            cy += line;
        }
        if (emit)
            lo_add_text(b, page, block, cx, cy + asc, fit, ms, ALIGN_LEFT);
    }
    return cy - y + line + 4;
}

/* ------------------------------------------------------------------ */
/* Line                                                               */
/* ------------------------------------------------------------------ */

/* Does the segment (ax, ay)-(bx, by) cross the box (x0, y0)-(x1, y1)?
 * (Liang and Barsky's clipping: what is left of the segment inside.) */
static bool
segment_meets_box(double ax, double ay, double bx, double by, double x0,
                  double y0, double x1, double y1)
{
    double t0 = 0, t1 = 1, dx = bx - ax, dy = by - ay;
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {ax - x0, x1 - ax, ay - y0, y1 - ay};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        double r = q[i] / p[i];
        if (p[i] < 0)
            t0 = fmax(t0, r);
        else
            t1 = fmin(t1, r);
        if (t0 > t1)
            return false;
    }
    return true;
}

/* A box of a line chart's plot: a placed value label. */
typedef struct {
    double x0, y0, x1, y1;
} plot_box;

/* How far the box is from the point (x, y): 0 inside it. */
static double
box_distance(const plot_box *bx, double x, double y)
{
    double dx = fmax(fmax(bx->x0 - x, 0), x - bx->x1);
    double dy = fmax(fmax(bx->y0 - y, 0), y - bx->y1);
    return hypot(dx, dy);
}

/* Between two value labels of a line chart: they never read as one
 * ("19 %19,5 %"). */
#define VALUE_LABEL_GAP 3.0

/* How much nearer its own point a value label stands than any other
 * point: 5 pt from its own and 5.9 from a neighbour's (two lines' ends
 * 2 pt apart) it read as either's. */
#define VALUE_NEARER_BY 1.5

/* Where the value label of point `self` of a line goes (its points at
 * (ptx[i], pty[i]), npts of them): the first of above, below, then the
 * four corners (above-right, below-right, above-left, below-left; a point
 * lower than both its neighbours tries below first) whose box stays in
 * (lim), meets no segment of any line (seg: x0 y0 x1 y1 each, nseg of
 * them), stands VALUE_LABEL_GAP clear of the labels placed before, and is
 * nearer its own point than any other of the points, by VALUE_NEARER_BY
 * (a value tucked under its neighbour would name the neighbour); above
 * when none does,
 * and then returns false.  Fills the box: the text goes at its left, on
 * the baseline its top plus `asc`. */
static bool
place_value(const double *ptx, const double *pty, size_t npts, size_t self,
            bool valley, double tw, double asc, double desc,
            const plot_box *lim, const double *seg, size_t nseg,
            const plot_box *placed, size_t nplaced, plot_box *box)
{
    const double gap = 5, th = asc + desc, cx = ptx[self], cy = pty[self];
    const double pad = VALUE_LABEL_GAP;
    /* dx: where the box starts against cx, in widths; up: above. */
    static const struct {
        double dx;
        bool up;
    } spots[2][6] = {
        {{-0.5, true}, {-0.5, false}, {0, true}, {0, false}, {-1, true},
         {-1, false}},
        {{-0.5, false}, {-0.5, true}, {0, false}, {0, true}, {-1, false},
         {-1, true}},
    };
    for (int k = 0; k <= 6; k++) {
        int i = k < 6 ? k : 0; /* none free: the first */
        double dx = spots[valley][i].dx;
        bool up = spots[valley][i].up;
        /* A corner stands clear of the dot, sideways. */
        double side = dx == 0 ? 4 : dx < 0 && dx > -0.75 ? 0 : -4;
        plot_box bx = {cx + dx * tw + side, 0, 0, 0};
        bx.x1 = bx.x0 + tw;
        bx.y0 = up ? cy - gap - th : cy + gap;
        bx.y1 = bx.y0 + th;
        bool ok = k == 6;
        if (!ok) {
            ok = bx.x0 >= lim->x0 && bx.x1 <= lim->x1 && bx.y0 >= lim->y0 &&
                 bx.y1 <= lim->y1;
            for (size_t j = 0; ok && j < nseg; j++)
                ok = !segment_meets_box(seg[4 * j], seg[4 * j + 1],
                                        seg[4 * j + 2], seg[4 * j + 3],
                                        bx.x0, bx.y0, bx.x1, bx.y1);
            for (size_t j = 0; ok && j < nplaced; j++)
                ok = bx.x1 + pad <= placed[j].x0 ||
                     bx.x0 >= placed[j].x1 + pad ||
                     bx.y1 <= placed[j].y0 || bx.y0 >= placed[j].y1;
            double own = box_distance(&bx, cx, cy);
            for (size_t j = 0; ok && j < npts; j++)
                ok = j == self || box_distance(&bx, ptx[j], pty[j]) >
                                      own + VALUE_NEARER_BY;
        }
        if (ok) {
            *box = bx;
            return k < 6;
        }
    }
    return false;
}

/* Between two labels of a time axis, each over its own tick: a little
 * more than a space of their 9.5 pt (six years fit a third of A4 beside
 * ticks of up to three digits). */
#define TIME_LABEL_GAP 3.0

/* Between the tick labels and the plot they mark. */
#define TICK_LABEL_GAP 6.0

/* The most series a chart draws (a stacked chart's 8, kf_chart_kinds). */
#define LINE_ENDS_MAX 8

/* Is point i of `s` lower than both its neighbours? */
static bool
is_valley(const kf_series *s, size_t i)
{
    double v = s->points[i].value;
    return i > 0 && i + 1 < s->npoints && v < s->points[i - 1].value &&
           v < s->points[i + 1].value;
}

/* A line chart's value axis: values t0 to t1, from the plot's bottom
 * py1 up to its top py0. */
typedef struct {
    double t0, t1, py0, py1;
} value_axis;

static double
value_y(const value_axis *va, double v)
{
    return va->py1 - (v - va->t0) / (va->t1 - va->t0) * (va->py1 - va->py0);
}

/* The places of a line chart's points across [px0, px1] into
 * px[0..npoints) (the first at px0, the last at px1, the others by time,
 * t from point_times, when `timed`, else one step apart); every point of
 * every line into (ax, ay), line k's point i at k * npoints + i; the
 * segments of every line into seg (x0 y0 x1 y1 each), then the zero line
 * when the axis crosses zero: what the values keep clear of.  Returns how
 * many segments. */
static size_t
line_points(const kf_report *r, const kf_block *blk, const double *t,
            bool timed, size_t npoints, double px0, double px1,
            const value_axis *va, double *px, double *ax, double *ay,
            double *seg)
{
    if (npoints == 1)
        px[0] = (px0 + px1) / 2;
    else
        for (size_t i = 0; i < npoints; i++)
            px[i] = timed ? px0 + (t[i] - t[0]) / (t[npoints - 1] - t[0]) *
                                      (px1 - px0)
                          : px0 + (px1 - px0) * (double)i /
                                      (double)(npoints - 1);
    size_t nseg = 0;
    for (size_t k = 0; k < block_nseries(blk); k++) {
        const kf_series *s = block_series(r, blk, k);
        for (size_t i = 0; i < s->npoints && i < npoints; i++) {
            ax[k * npoints + i] = px[i];
            ay[k * npoints + i] = value_y(va, s->points[i].value);
        }
        for (size_t i = 0; i + 1 < s->npoints && i + 1 < npoints;
             i++, nseg++) {
            seg[4 * nseg] = px[i];
            seg[4 * nseg + 1] = value_y(va, s->points[i].value);
            seg[4 * nseg + 2] = px[i + 1];
            seg[4 * nseg + 3] = value_y(va, s->points[i + 1].value);
        }
    }
    if (va->t0 < 0 && va->t1 > 0) {
        seg[4 * nseg] = px0;
        seg[4 * nseg + 1] = seg[4 * nseg + 3] = value_y(va, 0);
        seg[4 * nseg + 2] = px1;
        nseg++;
    }
    return nseg;
}

/* Are the times t[0..n) (from point_times) evenly spaced: every year,
 * every month, or quarters' ends a day or two apart in length? */
static bool
evenly_timed(const double *t, size_t n)
{
    double least = INFINITY, most = 0;
    for (size_t i = 1; i < n; i++) {
        least = fmin(least, t[i] - t[i - 1]);
        most = fmax(most, t[i] - t[i - 1]);
    }
    return n < 3 || most <= least * 1.1;
}

/* Do the labels of every k-th point back from the last (n - 1, n - 1 - k,
 * ... with centres cx and widths lw) stand `gap` apart? */
static bool
every_kth_apart(const double *cx, const double *lw, size_t n, size_t k,
                double gap)
{
    for (size_t i = (n - 1) % k + k; i < n; i += k)
        if (cx[i] - lw[i] / 2 < cx[i - k] + lw[i - k] / 2 + gap)
            return false;
    return true;
}

/* Which of a line chart's n point labels are written (shown[i]) and the
 * centre of each (cx[i]), from the points' places px and the labels'
 * widths lw: no two closer than `gap`, all inside [x0, x1].  Points
 * evenly apart (`even`: categories, every year, every month) have one
 * label in every k, the first's and the last's, k the least that keeps
 * them apart among those that divide the steps from the first to the
 * last: the labels stand evenly and the axis's ends are named (of 2019
 * to 2024, every year, else 2019 and 2024 alone over the ticks of each:
 * never 2019, 2021, 2023 without 2024, nor 2019, 2020, 2022, 2024).
 * Where no such k leaves half the labels that fit one in every k (38
 * years: 37 steps, k 37 gives two where one in 4 gives ten), one in
 * every k counted back from the last is written, still evenly, the first
 * point then on its tick alone, unless `keep_ends` (categories: their
 * first name cannot be told from the others).  Of points unevenly in
 * time, each label is written that leaves room after the one before and before the last.
 * The last is always written, alone when even the first leaves it no
 * room.  Returns how many are written. */
static size_t
x_labels(const double *px, const double *lw, size_t n, bool even,
         bool keep_ends, double gap, double x0, double x1, bool *shown,
         double *cx)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        /* The first and last labels keep inside the chart. */
        cx[i] = fmin(fmax(px[i], x0 + lw[i] / 2), x1 - lw[i] / 2);
        shown[i] = false;
    }
    shown[n - 1] = true;
    if (n == 1)
        return 1;
    if (even) {
        size_t ends = 0, any = 0; /* the least k of each kind, 0: none */
        for (size_t k = 1; k < n && (!ends || !any); k++) {
            if (!every_kth_apart(cx, lw, n, k, gap))
                continue;
            if (!any)
                any = k;
            if (!ends && (n - 1) % k == 0)
                ends = k;
        }
        size_t with_ends = ends ? (n - 1) / ends + 1 : 1;
        size_t k = ends;
        if (any && !keep_ends && (n - 1) / any + 1 > 2 * with_ends)
            k = any;
        if (!k)
            return 1;
        size_t count = 0;
        for (size_t i = (n - 1) % k; i < n; i += k, count++)
            shown[i] = true;
        return count;
    }
    size_t count = 1;
    double right = -INFINITY, last_left = cx[n - 1] - lw[n - 1] / 2;
    for (size_t i = 0; i + 1 < n; i++) {
        /* A label may stand a little right of its tick (a quarter of its
         * width: the tick stays under its middle) to clear the one
         * before, as a hand setting them would. */
        double c = fmax(cx[i], fmin(right + gap + lw[i] / 2,
                                    cx[i] + lw[i] / 4));
        if (c - lw[i] / 2 < right + gap || c + lw[i] / 2 + gap > last_left)
            continue;
        cx[i] = c;
        shown[i] = true;
        count++;
        right = c + lw[i] / 2;
    }
    return count;
}

/* Where a line chart's values go (emit_line). */
typedef enum {
    VALUES_EACH,       /* every point's of one line, clear of the line */
    VALUES_END_BESIDE, /* each line's last, beside its point, clear of the
                        * lines and of the other lines' last */
    VALUES_END_AFTER,  /* one line's last, after the line's end */
    VALUES_END_LEGEND  /* each line's last, after its name in the legend */
} line_values;

/* A way to write a line chart's values, with the right end of its plot
 * that leaves them room. */
typedef struct {
    line_values values;
    double x1;
} value_way;

/* Places the values that `values` writes beside their points into
 * placed[nplaced...] (place_value), the points of line k being
 * (ax, ay)[k * npoints ...]: with VALUES_EACH every point's of the one
 * line, each nearer its own point than any other; with VALUES_END_BESIDE
 * the last of each line, each nearer its own point than any point of any
 * line (a value nearer another line's end would read as that line's).
 * Returns false when one finds no place; the other ways place none and
 * return true. */
static bool
values_placed(builder *b, const kf_block *blk, line_values values,
              size_t npoints, const double *ax, const double *ay,
              text_style val, const plot_box *lim, const double *seg,
              size_t nseg, plot_box *placed, size_t nplaced)
{
    const kf_report *r = b->report;
    if (values != VALUES_EACH && values != VALUES_END_BESIDE)
        return true;
    double asc = lo_ascent_of(b, val), desc = lo_descent_of(b, val);
    size_t ns = values == VALUES_EACH ? 1 : block_nseries(blk);
    for (size_t k = 0; k < ns; k++) {
        const kf_series *s = block_series(r, blk, k);
        size_t first = values == VALUES_EACH ? 0 : s->npoints - 1;
        for (size_t i = first; i < s->npoints; i++, nplaced++) {
            kf_number num;
            lo_format_point(r, s, s->points[i].value, &num);
            if (!place_value(ax, ay, ns * npoints, k * npoints + i,
                             values == VALUES_EACH && is_valley(s, i),
                             lo_text_width(b, num.text, val), asc, desc,
                             lim, seg, nseg, placed, nplaced,
                             &placed[nplaced]))
                return false;
        }
    }
    return true;
}

/* Between two category labels of a line chart, level under their
 * points, and the most lines one is wrapped to there. */
#define CATEGORY_LABEL_GAP 5.0
#define CATEGORY_LABEL_LINES 3

/* How a line chart's category labels (names, not years or dates) are
 * written under its plot.  A category's name cannot be told from its
 * neighbours' as a year can (2020 between 2019 and 2021), so every one is
 * written: level, each wrapped to the room between two points on up to
 * CATEGORY_LABEL_LINES lines (a word wider than that room kept whole,
 * when its neighbours leave it room), else turned to read upwards, hanging from
 * its point as a bar chart's labels do.  Only points closer than a turned
 * line's thickness (about 4 mm) have a label on one in `step`, evenly,
 * the first and the last among them. */
typedef struct {
    bool turned;
    size_t step;   /* turned: a label on one point in step */
    size_t lines;  /* level: the most lines a label takes */
    double wrap_w; /* level: the width a label wraps to (category_wrap) */
    double slot;   /* turned: a label's room across */
    double height; /* the band the labels take under the plot */
} category_labels;

/* The width `label` wraps to in a room of `room`: the room, or its
 * widest word when that is wider (a word is never cut: "Conception"
 * wider than its point's step, beside narrower names, still stands
 * level under its point). */
static double
category_wrap(builder *b, const char *label, text_style lab, double room)
{
    return fmax(room, lo_widest_word(b, label, lab));
}

/* The width of `label` wrapped as category_wrap says (its widest line);
 * *lines gets its number of lines. */
static double
category_width(builder *b, const char *label, text_style lab, double room,
               size_t *lines)
{
    char **l;
    double widest;
    *lines = kf_text_wrap(b->report->locale, b->font, label, lab.size,
                          lo_weight(b, lab), category_wrap(b, label, lab, room),
                          &l, &widest);
    kf_text_lines_free(l, *lines);
    return widest;
}

/* The centre of a level label `lw` wide under its point at px: under it,
 * or as near as keeps it inside [x0, x1]. */
static double
category_centre(double px, double lw, double x0, double x1)
{
    return fmin(fmax(px, x0 + lw / 2), x1 - lw / 2);
}

/* How the labels of `s`, points one step apart from px0 to px1 in a
 * chart from x0 to x1, are written (category_labels). */
static void
plan_category_labels(builder *b, const kf_series *s, text_style lab,
                     double px0, double px1, double x0, double x1,
                     category_labels *cl)
{
    size_t n = s->npoints;
    double step = n > 1 ? (px1 - px0) / (double)(n - 1) : x1 - x0;
    double room = step - CATEGORY_LABEL_GAP;
    *cl = (category_labels){.step = 1, .lines = 1, .slot = step};
    /* Wrapped to the room between two points, else each as narrow as its
     * widest word ("Mise" / "en" / "service" beside "Exploitation"). */
    bool level = false;
    for (int narrow = 0; !level && narrow < 2 && room > 0; narrow++) {
        cl->wrap_w = narrow ? 0 : room;
        cl->lines = 1;
        level = true;
        double right = -INFINITY;
        for (size_t i = 0; level && i < n; i++) {
            const char *label = s->points[i].label;
            size_t lines;
            double lw = category_width(b, label, lab, cl->wrap_w, &lines);
            double px = n > 1 ? px0 + step * (double)i : (px0 + px1) / 2;
            double c = category_centre(px, lw, x0, x1);
            level = lines <= CATEGORY_LABEL_LINES &&
                    c - lw / 2 >= right + CATEGORY_LABEL_GAP;
            right = c + lw / 2;
            cl->lines = lines > cl->lines ? lines : cl->lines;
        }
    }
    double asc = lo_ascent_of(b, lab), desc = lo_descent_of(b, lab);
    if (level) {
        cl->height = asc + desc + (double)(cl->lines - 1) * CHART_LEADING + 6;
        return;
    }
    cl->turned = true;
    cl->lines = 1;
    double thick = asc + desc + 2;
    while (n > 1 && cl->step < n - 1 &&
           ((n - 1) % cl->step != 0 || (double)cl->step * step < thick))
        cl->step++;
    cl->slot = step * (double)cl->step;
    double compact;
    cl->height = turned_label_length(b, s, lab, cl->slot, &compact) + 6;
}

/* Points in order, one line per series, on an axis of round ticks (the
 * zero line marked when the values go below it), bare numbers under the
 * axis's unit said once (axis_scale); every point of one line carries
 * its value when there are few, placed clear of the line (place_value),
 * else each line's last one does: beside its point, inside the plot,
 * when each finds a place clear of the lines and of the others, else
 * after the line's name in the legend (several lines) or after its end
 * (one).  With `time_axis`, points labelled by years or dates stand where
 * they fall in time (point_times), each with its tick on the axis, their
 * labels thinned evenly when they do not all fit (x_labels); categories
 * have every label written (category_labels). */
static double
emit_line(builder *b, kf_layout_page *page, int block, const char *title,
          const kf_block *blk, bool time_axis, double x, double y, double w,
          double h, heights *hs)
{
    const kf_report *r = b->report;
    const kf_series *s0 = block_series(r, blk, 0);
    size_t ns = block_nseries(blk);
    /* The points' labels and values in the sizes of a bar chart's. */
    text_style tick = {CHART_TICK_SIZE, KF_WEIGHT_REGULAR, MUTED};
    text_style lab = {CHART_TEXT_SIZE, KF_WEIGHT_REGULAR, INK};
    text_style val = {CHART_VALUE_SIZE, KF_WEIGHT_SEMIBOLD, INK};
    double title_h = emit_title(b, page, block, title, s0->source, x, y, w,
                                false);
    double lo = 0, hi = 0;
    size_t npoints = 0, nseg = 0;
    for (size_t k = 0; k < ns; k++) {
        const kf_series *s = block_series(r, blk, k);
        for (size_t i = 0; i < s->npoints; i++) {
            lo = fmin(lo, s->points[i].value);
            hi = fmax(hi, s->points[i].value);
        }
        npoints = s->npoints > npoints ? s->npoints : npoints;
        nseg += s->npoints - 1;
    }
    double step = nice_step(lo, hi);
    double t0 = floor(lo / step) * step, t1 = ceil(hi / step) * step;
    if (t1 <= t0)
        t1 = t0 + step;
    int nticks = (int)lround((t1 - t0) / step);

    /* The points' times and places (ax, ay: every line's), their labels'
     * widths and centres, the lines' segments, the texts placed (the
     * axis's unit and the values): one allocation, and which labels are
     * written. */
    double *t = calloc(4 * npoints + 2 * ns * npoints + 4 * (nseg + 1) +
                           4 * (npoints + ns + 1) + 1,
                       sizeof(double));
    bool *shown = calloc(npoints + 1, sizeof(bool));
    if (!t || !shown) {
        free(t);
        free(shown);
        b->status = KF_ERR_MEMORY;
        return 0;
    }
    double *px = t + npoints, *lw = px + npoints, *lx = lw + npoints;
    double *ax = lx + npoints, *ay = ax + ns * npoints;
    double *seg = ay + ns * npoints;
    plot_box *placed = (plot_box *)(seg + 4 * (nseg + 1));
    bool timed = time_axis && s0->npoints == npoints && point_times(s0, t);

    /* Tick labels on the left, numbers formatted like the values; their
     * unit said once, above them. */
    tick_scale ts;
    axis_scale(r->locale, s0->unit, fmax(fabs(t0), fabs(t1)), step, &ts);
    char *unit = ts.unit;
    double tick_w = 0;
    for (int k = 0; k <= nticks; k++) {
        kf_number num;
        tick_text(r->locale, &ts, t0 + k * step, &num);
        tick_w = fmax(tick_w, lo_text_width(b, num.text, tick));
    }
    /* Each line's last value, and the legend with and without them. */
    kf_number ends[LINE_ENDS_MAX];
    const char *end_text[LINE_ENDS_MAX];
    size_t nend = ns < LINE_ENDS_MAX ? ns : LINE_ENDS_MAX;
    double last_w = 0;
    for (size_t k = 0; k < nend; k++) {
        const kf_series *s = block_series(r, blk, k);
        lo_format_point(r, s, s->points[s->npoints - 1].value, &ends[k]);
        end_text[k] = ends[k].text;
        last_w = fmax(last_w, lo_text_width(b, ends[k].text, val));
    }
    const char *last_label = s0->points[npoints - 1].label;
    double legend_h = ns > 1 ? emit_legend(b, page, block, blk, NULL, NULL,
                                           x, 0, w, true, false)
                             : 0;
    double legend_values_h = ns > 1 ? emit_legend(b, page, block, blk,
                                                  end_text, last_label, x,
                                                  0, w, true, false)
                                    : 0;
    double px0 = x + tick_w + TICK_LABEL_GAP;
    double asc = lo_ascent_of(b, val), desc = lo_descent_of(b, val);
    double tick_asc = lo_ascent_of(b, tick), tick_desc = lo_descent_of(b, tick);

    /* Where the values are written.  One line of a few points has its
     * every value written (VALUES_EACH), when each finds a place clear of
     * the line and of the others; else the last value of each line is:
     * one line's after the line's end (VALUES_END_AFTER), the plot
     * stopping short of the chart's right edge to leave it room, or
     * beside its point (VALUES_END_BESIDE), which needs no such room: the
     * plot then reaches as far right as the last point's label lets it,
     * so the points stand wider apart and their labels fit (in a narrow
     * column, reserving the room cost 2019 its label beside 2018).
     * Several lines have their last values beside their points when each
     * finds a place clear of the lines and of the others, else in the
     * legend after the lines' names (VALUES_END_LEGEND): after the lines'
     * ends they took the plot the width of the widest ("15 000 000 €"),
     * and the years thinned for it.  Of these ways, in this order, the
     * first that writes every point's label is taken, else the first that
     * writes most; a last value that would take a quarter of the chart's
     * width after the line's end ("125,9 Pflop/s" in a third of A4) is
     * tried beside its point before it is tried there. */
    bool was_tabular = b->tabular;
    b->tabular = !timed && was_tabular;
    for (size_t i = 0; i < npoints; i++)
        lw[i] = lo_text_width(b, s0->points[i].label, lab);
    b->tabular = was_tabular;
    double wide_x1 = x + w - fmax(lw[npoints - 1] / 2, 6);
    double after_x1 = x + w - last_w - 8;
    value_way ways[6];
    size_t nways = 0;
    if (ns == 1 && npoints <= 12) {
        ways[nways++] = (value_way){VALUES_EACH, wide_x1};
        /* Room for the last value over or under its point. */
        double x1 = x + w - last_w / 2;
        if (x1 < wide_x1)
            ways[nways++] = (value_way){VALUES_EACH, x1};
        /* Or the plot stopping short as for VALUES_END_AFTER, the last
         * value then right of its point. */
        ways[nways++] = (value_way){VALUES_EACH, after_x1};
    }
    bool squeezed = last_w + 8 > w / 4;
    if (ns > 1) {
        ways[nways++] = (value_way){VALUES_END_BESIDE, wide_x1};
        ways[nways++] = (value_way){VALUES_END_LEGEND, wide_x1};
    } else {
        if (squeezed)
            ways[nways++] = (value_way){VALUES_END_BESIDE, wide_x1};
        ways[nways++] = (value_way){VALUES_END_AFTER, after_x1};
        if (!squeezed)
            ways[nways++] = (value_way){VALUES_END_BESIDE, wide_x1};
    }
    /* The band of the points' labels under the plot: a line of years, or
     * the categories as each way's plot leaves them room.  The chart is
     * measured for the lowest (a way whose taller band would leave the
     * plot less than a tick's pitch between ticks is not taken). */
    double years_h = lo_ascent_of(b, lab) + lo_descent_of(b, lab) + 6;
    category_labels cat = {0};
    double band = timed ? years_h : INFINITY;
    for (size_t k = 0; !timed && k < nways; k++) {
        plan_category_labels(b, s0, lab, px0, ways[k].x1, x, x + w, &cat);
        band = fmin(band, cat.height);
    }
    /* The plot's least: LINE_PLOT_LEAST, and a tick label's pitch between
     * two ticks (the plot starts a value's ascent under its top).  On a
     * sheet short of room, categories whose names take more than a line
     * have them thinned evenly on one line, as years are, the first and
     * the last kept, every point its tick ("Massy TGV station" ...
     * "Central Paris" in a quarter of A4 landscape under two rows of
     * tiles), rather than the chart going to the next sheet: at ease
     * every name is written. */
    double plot_least = fmax(LINE_PLOT_LEAST,
                             (double)nticks * LINE_TICK_PITCH + asc);
    double legend_most = fmax(legend_h, legend_values_h);
    double full_min = title_h + legend_most + band + 12 + plot_least;
    double thin_min = title_h + legend_most + years_h + 12 + plot_least;
    if (hs) {
        double top = title_h + legend_most + band + 12;
        hs->min = fmin(full_min, thin_min);
        hs->comfort = fmax(top + LINE_COMFORT, full_min);
        hs->pref = fmax(hs->min, top + 170);
        hs->max = fmax(hs->pref, top + 240);
        free(t);
        free(shown);
        return 0;
    }
    emit_title(b, page, block, title, s0->source, x, y, w, true);

    /* Each way laid out in turn; then the best again, to be drawn. */
    bool even = !timed || evenly_timed(t, npoints);
    bool one_line = timed || h < full_min - 0.01;
    size_t best = 0, best_shown = 0, nshown = 0, nunit = 0;
    double py0 = 0, py1 = 0, px1 = wide_x1, unit_base = 0, lh = legend_h;
    value_axis va = {t0, t1, 0, 1};
    for (size_t pass = 0; pass <= nways; pass++) {
        bool last_pass = pass == nways;
        size_t k = last_pass ? best : pass;
        px1 = ways[k].x1;
        lh = ways[k].values == VALUES_END_LEGEND ? legend_values_h
                                                 : legend_h;
        band = years_h;
        if (!one_line) {
            plan_category_labels(b, s0, lab, px0, px1, x, x + w, &cat);
            band = cat.height;
        }
        py0 = y + title_h + lh + 8 + asc + 4;
        py1 = y + h - band;
        va = (value_axis){t0, t1, py0, py1};
        /* Value labels stay in the plot, right of the tick labels and
         * over the point labels; they keep clear of the axis's unit,
         * over its top tick label from the chart's left edge. */
        plot_box lim = {px0 - 4, y + title_h + lh, x + w, py1};
        unit_base = py0 - (tick_asc + tick_desc) / 2 - 2 - tick_desc;
        nunit = 0;
        if (unit[0]) {
            char fit[sizeof(ts.unit)];
            lo_fit_line(b, unit, tick, w, fit, sizeof(fit));
            memcpy(unit, fit, sizeof(fit));
            placed[0] = (plot_box){x, unit_base - tick_asc,
                                   x + lo_text_width(b, unit, tick) + 2,
                                   unit_base + tick_desc};
            nunit = 1;
        }
        nseg = line_points(r, blk, t, timed, npoints, px0, px1, &va, px, ax,
                           ay, seg);
        if (!values_placed(b, blk, ways[k].values, npoints, ax, ay, val,
                           &lim, seg, nseg, placed, nunit))
            continue;
        /* The last way is taken when no other was, whatever its plot. */
        if (!last_pass && (best_shown > 0 || k + 1 < nways) &&
            py1 - py0 < (double)nticks * LINE_TICK_PITCH - 0.01)
            continue;
        nshown = one_line ? x_labels(px, lw, npoints, even, !timed,
                                     timed ? TIME_LABEL_GAP
                                           : CATEGORY_LABEL_GAP,
                                     x, x + w, shown, lx)
                 : cat.turned ? (npoints - 1) / cat.step + 1
                              : npoints;
        if (last_pass)
            break;
        if (nshown > best_shown) {
            best = k;
            best_shown = nshown;
        }
        if (nshown == npoints)
            pass = nways - 1; /* the last pass draws it */
    }
    line_values values = ways[best].values;
    if (ns > 1)
        emit_legend(b, page, block, blk,
                    values == VALUES_END_LEGEND ? end_text : NULL,
                    last_label, x, y + title_h, w, true, true);
#define YPOS(v) value_y(&va, (v))
    bool zero_inside = t0 < 0 && t1 > 0;
    for (int k = 0; k <= nticks; k++) {
        double tv = t0 + k * step;
        kf_number num;
        tick_text(r->locale, &ts, tv, &num);
        double ty = YPOS(tv);
        /* The zero line reads as the axis it is; else the bottom does. */
        bool axis = zero_inside ? k == (int)lround(-t0 / step) : k == 0;
        lo_add_line(page, block, px0, ty, px1, ty, axis ? INK : RULE,
                    axis ? 1 : 0.5);
        lo_add_text(b, page, block, px0 - TICK_LABEL_GAP,
                    ty + (tick_asc - tick_desc) / 2, num.text, tick,
                    ALIGN_RIGHT);
    }
    if (unit[0])
        lo_add_text(b, page, block, x, unit_base, unit, tick, ALIGN_LEFT);
    /* Points in time have each its tick where it falls, as have points
     * whose labels are thinned: the tick says which point a label
     * names, and that the points between have none. */
    for (size_t i = 0; i < npoints; i++) {
        if (timed || nshown < npoints)
            lo_add_line(page, block, px[i], py1, px[i], py1 + 3, RULE, 0.75);
        const kf_point *pt = &s0->points[i];
        if (one_line) {
            b->tabular = !timed && was_tabular;
            if (shown[i])
                lo_add_text(b, page, block, lx[i],
                            py1 + 6 + lo_ascent_of(b, lab), pt->label, lab,
                            ALIGN_CENTER);
            b->tabular = was_tabular;
        } else if (cat.turned) {
            if (i % cat.step == 0)
                add_turned_label(b, page, block, px[i], py1 + 6,
                                 cat.height - 6, cat.slot, pt, lab);
        } else {
            size_t lines;
            double c = category_centre(px[i],
                                       category_width(b, pt->label, lab,
                                                      cat.wrap_w, &lines),
                                       x, x + w);
            double wrap = category_wrap(b, pt->label, lab, cat.wrap_w);
            lo_add_wrapped(b, page, block, c - wrap / 2, py1 + 6, wrap,
                           pt->label, lab, CHART_LEADING, ALIGN_CENTER,
                           true);
        }
    }
    for (size_t k = 0; k < ns; k++) {
        const kf_series *s = block_series(r, blk, k);
        kf_color c = ns == 1 ? r->primary : kf_palette_line_color(r, k);
        for (size_t i = 0; i + 1 < s->npoints; i++)
            lo_add_line(page, block, px[i], YPOS(s->points[i].value),
                        px[i + 1], YPOS(s->points[i + 1].value), c, 2.2);
        for (size_t i = 0; i < s->npoints; i++) {
            double cx = px[i], cy = YPOS(s->points[i].value);
            kf_item *dot = lo_add_item(page, KF_ITEM_ARC, block);
            if (dot) {
                *dot = (kf_item){.kind = KF_ITEM_ARC, .block = block,
                                 .cx = cx, .cy = cy, .r_outer = 3,
                                 .r_inner = 0, .a0 = 0, .a1 = 2 * KF_PI,
                                 .x = cx - 3, .y = cy - 3, .w = 6, .h = 6,
                                 .color = c};
            }
            bool last = i + 1 == s->npoints;
            if (values == VALUES_END_LEGEND || (values != VALUES_EACH &&
                                                !last))
                continue;
            kf_number num;
            lo_format_point(r, s, s->points[i].value, &num);
            if (values == VALUES_END_AFTER) {
                lo_add_text(b, page, block, cx + 7, cy + (asc - desc) / 2,
                            num.text, val, ALIGN_LEFT);
                continue;
            }
            /* Placed by values_placed: every point's, or each line's
             * last. */
            const plot_box *at =
                &placed[nunit + (values == VALUES_EACH ? i : k)];
            lo_add_text(b, page, block, at->x0, at->y0 + asc, num.text, val,
                        ALIGN_LEFT);
        }
    }
#undef YPOS
    free(t);
    free(shown);
    return h;
}

/* ------------------------------------------------------------------ */
/* Stacked bars                                                       */
/* ------------------------------------------------------------------ */

/* Bars of several series stacked on each other, each segment's value
 * inside it where it fits, each bar's total above it and its category
 * label under the axis.  Bars too close for each its total and label
 * (turned, a line thick) have them on one bar in `step` only, as a bar
 * chart's (plan_bar_texts), each total above the tallest bar it spans;
 * bars under BAR_THIN_W wide are drawn with a warning (layout.c refuses a
 * chart whose bars would be thinner still). */
static double
emit_stacked(builder *b, kf_layout_page *page, int block, const char *title,
             const kf_block *blk, double x, double y, double w, double h,
             heights *hs)
{
    const kf_report *r = b->report;
    const kf_series *s0 = block_series(r, blk, 0);
    size_t ns = block_nseries(blk), np = s0->npoints;
    text_style lab = {CHART_TEXT_SIZE, KF_WEIGHT_REGULAR, INK};
    text_style val = {CHART_VALUE_SIZE, KF_WEIGHT_SEMIBOLD, INK};
    text_style inside = {CHART_TEXT_SIZE - 0.5, KF_WEIGHT_SEMIBOLD, WHITE};
    double *totals = calloc(2 * (np ? np : 1), sizeof(double));
    if (!totals) {
        b->status = KF_ERR_MEMORY;
        return 0;
    }
    double *pos = totals + np;
    double bar_slot = point_slots(np, NULL, false, x, x + w, pos);
    double hi = 0, widest_value = 0;
    for (size_t i = 0; i < np; i++) {
        for (size_t k = 0; k < ns; k++)
            totals[i] += fmax(0, block_series(r, blk, k)->points[i].value);
        hi = fmax(hi, totals[i]);
        kf_number num;
        lo_format_point(r, s0, totals[i], &num);
        widest_value = fmax(widest_value, lo_text_width(b, num.text, val));
    }
    if (hi <= 0)
        hi = 1;
    bar_texts bt = plan_bar_texts(b, s0, lab, val, bar_slot, widest_value);
    double label_w = bt.label_w;
    size_t max_lines = bt.max_lines > 3 ? 3 : bt.max_lines;
    double compact_len = 0;
    double turned_len = bt.turn_labels ? turned_label_length(b, s0, lab,
                                                             bt.slot,
                                                             &compact_len)
                                       : 0;
    double labels_h = bt.turn_labels ? turned_len + 6
                                     : (double)max_lines * CHART_LEADING + 6;
    double compact_h = bt.turn_labels ? compact_len + 6 : labels_h;
    double val_h = bt.turn_values ? widest_value + 4
                                  : lo_ascent_of(b, val) +
                                        lo_descent_of(b, val) + 4;
    double title_h = emit_title(b, page, block, title, s0->source, x, y, w,
                                false);
    double legend_h = emit_legend(b, page, block, blk, NULL, NULL, x, 0, w,
                                   false, false);
    if (hs) {
        double fixed = title_h + legend_h + val_h + labels_h;
        hs->min = fixed - labels_h + compact_h + STACK_PLOT_LEAST;
        hs->comfort = fixed - labels_h + compact_h + STACK_COMFORT;
        hs->pref = fixed + 190;
        hs->max = fixed + 270;
        free(totals);
        return 0;
    }
    if (h - (title_h + legend_h + val_h + labels_h) < STACK_COMFORT)
        labels_h = compact_h;
    emit_title(b, page, block, title, s0->source, x, y, w, true);
    emit_legend(b, page, block, blk, NULL, NULL, x, y + title_h, w, false,
                true);
    double plot_top = y + title_h + legend_h + val_h;
    double axis = y + h - labels_h;
    double bar_w = fmin(bar_slot * 0.62, 90);
    double scale = (axis - plot_top) / hi;
    warn_thin_bars(b, blk, block, "stacked", np, bar_slot, bar_w, bt.step);
    for (size_t i = 0; i < np; i++) {
        double cx = pos[i], top = axis;
        for (size_t k = 0; k < ns; k++) {
            const kf_series *s = block_series(r, blk, k);
            double v = fmax(0, s->points[i].value);
            double bh = v * scale;
            top -= bh;
            lo_add_rect(page, block, cx - bar_w / 2, top, bar_w, bh,
                        lo_palette(r, k), 0);
            kf_number num;
            lo_format_point(r, s, v, &num);
            double tw = lo_text_width(b, num.text, inside);
            double th = lo_ascent_of(b, inside) + lo_descent_of(b, inside);
            inside.color = lo_text_on(lo_palette(r, k));
            if (tw + 6 <= bar_w && th + 4 <= bh && v > 0)
                lo_add_text(b, page, block, cx,
                            top + bh / 2 + (lo_ascent_of(b, inside) -
                                            lo_descent_of(b, inside)) / 2,
                            num.text, inside, ALIGN_CENTER);
        }
        if (i % bt.step != 0)
            continue;
        kf_number num;
        lo_format_point(r, s0, totals[i], &num);
        double vw = lo_text_width(b, num.text, val), end = top;
        if (bt.step > 1)
            bar_value_end(totals, np, pos, i,
                          bt.turn_values ? lo_ascent_of(b, val) +
                                               lo_descent_of(b, val)
                                         : vw,
                          bar_w, axis, scale, &end);
        if (bt.turn_values)
            lo_add_text_up(b, page, block, cx, end - 4 - vw, num.text, val);
        else
            lo_add_text(b, page, block, cx, end - 4 - lo_descent_of(b, val),
                        num.text, val, ALIGN_CENTER);
        if (bt.turn_labels) {
            add_turned_label(b, page, block, cx, axis + 6, labels_h - 6,
                             bt.slot, &s0->points[i], lab);
            continue;
        }
        char **lines;
        double widest;
        size_t n = kf_text_wrap(b->report->locale, b->font, s0->points[i].label, lab.size,
                                lo_weight(b, lab), label_w, &lines, &widest);
        for (size_t l = 0; l < n && l < max_lines; l++) {
            char cut[512];
            const char *text = lines[l];
            if (l + 1 == max_lines && n > max_lines) {
                lo_fit_line(b, lines[l], lab, label_w, cut, sizeof(cut));
                text = cut;
            }
            lo_add_text(b, page, block, cx,
                        axis + 6 + lo_ascent_of(b, lab) +
                            (double)l * CHART_LEADING,
                        text, lab, ALIGN_CENTER);
        }
        kf_text_lines_free(lines, n);
    }
    lo_add_line(page, block, x, axis, x + w, axis, RULE, 0.75);
    free(totals);
    return h;
}

/* ------------------------------------------------------------------ */
/* Shares: waffle and progress                                        */
/* ------------------------------------------------------------------ */

/* One metric's share as its KPI tile reads: the figure large ("41 %",
 * set as the tile sets it: "plus de" and "%" smaller than "41"),
 * its label under it ("des 200 stars de l'IA..."), `w` wide at (x, y).
 * Waffle and progress charts of one metric show it beside or above their
 * squares or bar, so the chart never reads as a fragment.  With `cite`
 * (the chart has no title to carry it) the label ends with the footnote
 * marker of the figure's source, as on its tile.  Returns the height
 * (measures only without emit). */
static double
emit_figure(builder *b, kf_layout_page *page, int block, const share *sh,
            double x, double y, double w, bool cite, bool emit)
{
    text_style big = {BIG_SIZE, KF_WEIGHT_BOLD, b->report->primary};
    text_style lab = {LABEL_SIZE, KF_WEIGHT_REGULAR, MUTED};
    const kf_number *fig = sh->figure.number[0] ? &sh->figure : NULL;
    while (big.size > BIG_MIN &&
           (fig ? lo_figure_width(b, fig, big.size, false)
                : lo_text_width(b, sh->text, big)) > w)
        big.size -= 1;
    double asc = lo_ascent_of(b, big);
    double h = asc + lo_descent_of(b, big) + 4;
    if (emit && fig)
        lo_add_figure(b, page, block, x, y + asc, fig, big.size, big.color,
                      false);
    else if (emit) /* a series of one point: "20 (100 %)" */
        lo_add_text(b, page, block, x, y + asc, sh->text, big, ALIGN_LEFT);
    /* The marker needs room after the last line, as a title's does; the
     * label is the one that carries a stale figure's mark then. */
    double label_w = cite && sh->source >= 0 ? w - 12 : w;
    char *marked = NULL;
    const char *label = lo_stale_marked(sh->label, cite && sh->stale, &marked);
    size_t first = page->count;
    h += lo_add_wrapped(b, page, block, x, y + h, label_w, label, lab,
                        LABEL_LEADING, ALIGN_LEFT, emit);
    free(marked);
    if (emit && cite && sh->source >= 0 && page->count > first) {
        const kf_item *last = &page->items[page->count - 1];
        lo_add_marker(b, page, block, last, sh->source);
    }
    return h;
}

/* The widest line of what a waffle of the shares sh[0..n) writes beside
 * its squares, each on one line: one share's figure and its label (with
 * room for its footnote marker when `cite`), or each share's swatch and
 * value over its label. */
static double
waffle_text_width(builder *b, const share *sh, size_t n, bool cite)
{
    text_style big = {BIG_SIZE, KF_WEIGHT_BOLD, b->report->primary};
    text_style lab = {LABEL_SIZE, KF_WEIGHT_REGULAR, MUTED};
    /* The label's marker (emit_figure's 12 pt) and a stale figure's. */
    double marks = cite ? 16 : 4;
    if (n == 1) {
        const kf_number *fig = sh->figure.number[0] ? &sh->figure : NULL;
        double fig_w = fig ? lo_figure_width(b, fig, big.size, false)
                           : lo_text_width(b, sh->text, big);
        return fmax(fig_w, lo_text_width(b, sh->label, lab) + marks);
    }
    double num_w, pct_w, widest = 16 + part_columns(b, sh, n, &num_w, &pct_w);
    for (size_t i = 0; i < n; i++)
        widest = fmax(widest, lo_text_width(b, sh[i].label, lab) + 4);
    return widest;
}

/* 100 squares, ten by ten, coloured share by share in reading order
 * (largest remainders decide the rounding, so the squares add up); the
 * figures and labels beside it.  A legend of many shares goes in columns
 * beside or under the squares, and the smallest shares of too many for a
 * page become one (arrange_parts). */
static double
emit_waffle(builder *b, kf_layout_page *page, int block, const char *title,
            const kf_block *blk, double x, double y, double w, double h,
            heights *hs)
{
    const kf_report *r = b->report;
    size_t n;
    share *sh = block_shares(r, blk, &n);
    if (!sh)
        return 0;
    if (n == 1)
        sh[0].color = r->accent; /* one share reads as a tile's figure */
    size_t parts = n;
    int source = n ? sh[0].source : -1;
    double title_h = emit_title(b, page, block, title, source, x, y, w,
                                false);
    text_style lab = {LABEL_SIZE, KF_WEIGHT_REGULAR, MUTED};
    double side_max = fmin(w * 0.36, 190);
    double text_x_off = side_max + 24, text_w = w - text_x_off;
    /* In a narrow column (a row of four on Letter landscape) the figure
     * beside the squares had 30 mm and the squares 21: the figure goes
     * under them, the column's width, and the squares take that width. */
    bool under = n == 1 && text_w < WAFFLE_FIG_BESIDE_MIN;
    if (under) {
        side_max = fmin(w, 150);
        text_w = w;
    }
    double legend_h = 0;
    for (size_t i = 0; i < n; i++)
        legend_h += (n == 1 ? emit_figure(b, page, block, &sh[i], 0, 0,
                                          text_w, !title, false)
                            : 16 + lo_add_wrapped(b, page, block, 0, 0,
                                                  text_w, sh[i].label, lab,
                                                  LABEL_LEADING, ALIGN_LEFT,
                                                  false)) +
                    10;
    parts_geometry g = {title_h, w, text_w, side_max, b->chart_room};
    legend_plan pl = {0};
    size_t grouped = 0;
    char other[64];
    if (blk->metric < 0) {
        const kf_series *s = &r->series[blk->series];
        arrange_parts(b, s, s->unit && !strcmp(s->unit, "%"), sh, &n, &g,
                      title_h + fmax(PART_FIG_MIN, legend_h), other, sizeof(other),
                      &pl, &grouped);
    }
    if (hs) {
        if (pl.cols) {
            parts_heights(&pl, &g, 150, hs);
        } else if (under) {
            double fig = title_h + 10 + legend_h;
            hs->min = fig + PART_FIG_LEAST - WAFFLE_UNDER_CLOSE;
            hs->comfort = fig + fmin(PART_FIG_MIN, side_max);
            hs->pref = fig + side_max;
            hs->max = fig + side_max;
        } else {
            hs->min = title_h + fmax(PART_FIG_LEAST, legend_h);
            hs->comfort = title_h + fmax(PART_FIG_MIN, legend_h);
            hs->pref = title_h + fmax(150, legend_h);
            hs->max = title_h + fmax(side_max, legend_h);
        }
        free(sh);
        return 0;
    }
    if (grouped)
        warn_grouped(b, blk, block, "waffle", parts, grouped, other);
    emit_title(b, page, block, title, source, x, y, w, true);
    double side, gx = x, gy, gap_below = PART_GAP, short_by = 0;
    if (pl.cols && pl.below) {
        /* The squares over the middle of their legend. */
        gap_below = part_gap_below(h - title_h - pl.h);
        side = fmin(side_max, h - title_h - gap_below - pl.h);
        x += wide_group_dx(w, fmax(side, legend_width(&pl)));
        gx = x + fmax(0, (legend_width(&pl) - side) / 2);
        gy = y + title_h;
    } else if (under) {
        double room = h - title_h - 10 - legend_h;
        side = fmax(PART_FIG_LEAST, fmin(side_max, room));
        /* Shorter than that (a sheet short of room), the room under the
         * figure closes, and a third as much of the gap above it. */
        short_by = fmin(WAFFLE_UNDER_CLOSE, fmax(0, PART_FIG_LEAST - room));
        gy = y + title_h;
    } else {
        side = fmin(h - title_h, side_max);
        gy = y + title_h + (h - title_h - side) / 2;
        double text_col = pl.cols ? legend_width(&pl)
                                  : waffle_text_width(b, sh, n, !title);
        gx = x + wide_group_dx(w, side + 24 + fmin(text_col, text_w));
    }
    double cell = side / 10, gap = cell * 0.14;
    /* Squares per share: floors, then the largest remainders; every
     * share has its count, however many there are. */
    int *counts = calloc(n + 1, sizeof(*counts));
    if (!counts) {
        free(sh);
        return 0;
    }
    size_t m = n;
    int used = 0;
    double total = 0;
    for (size_t i = 0; i < m; i++) {
        counts[i] = (int)floor(sh[i].share);
        used += counts[i];
        total += sh[i].share;
    }
    int want = (int)lround(fmin(100, total));
    while (used < want) {
        size_t best = 0;
        double rem = -1;
        for (size_t i = 0; i < m; i++) {
            double r_i = sh[i].share - counts[i];
            if (r_i > rem) {
                rem = r_i;
                best = i;
            }
        }
        counts[best]++;
        sh[best].share = counts[best]; /* its remainder is spent */
        used++;
    }
    kf_color empty = b->colors.track;
    size_t k = 0;
    int left = counts[0];
    for (int cellno = 0; cellno < 100; cellno++) {
        while (k < m && left == 0 && k + 1 < m)
            left = counts[++k];
        bool filled = k < m && left > 0;
        kf_color c = filled ? sh[k].color : empty;
        if (filled)
            left--;
        int row = cellno / 10, col = cellno % 10;
        lo_add_rect(page, block, gx + col * cell, gy + row * cell, cell - gap,
                    cell - gap, c, cell * 0.15);
    }
    free(counts);
    if (pl.cols) {
        if (pl.below)
            emit_parts_legend(b, page, block, sh, n, &pl, x,
                              gy + side + gap_below);
        else
            emit_parts_legend(b, page, block, sh, n, &pl, gx + side + 24,
                              y + title_h + (h - title_h - pl.h) / 2);
        free(sh);
        return h;
    }
    double ty = y + title_h + fmax(0, (h - title_h - legend_h) / 2);
    double tx = gx + side + 24;
    if (under) {
        ty = gy + side + 10 - short_by / 3;
        tx = x;
    }
    /* The figures in one column, right-aligned: units under units. */
    double num_w, pct_w, val_w = part_columns(b, sh, n, &num_w, &pct_w);
    for (size_t i = 0; i < n; i++) {
        if (n == 1) {
            ty += emit_figure(b, page, block, &sh[i], tx, ty, w - (tx - x),
                              !title, true) +
                  10;
            continue;
        }
        text_style v = {LABEL_SIZE, KF_WEIGHT_SEMIBOLD, INK};
        lo_add_rect(page, block, tx, ty + 2, 10, 10, sh[i].color, 2);
        emit_part_numbers(b, page, block, &sh[i], tx + 16 + val_w, pct_w,
                          ty + lo_ascent_of(b, v));
        ty += 16;
        ty += lo_add_wrapped(b, page, block, tx, ty, w - (tx - x),
                             sh[i].label, lab, LABEL_LEADING, ALIGN_LEFT,
                             true) +
              10;
    }
    free(sh);
    return h;
}

/* The room under each bar of a progress chart of several shares, at ease
 * and at the least. */
#define PROGRESS_GAP 12.0
#define PROGRESS_GAP_LEAST 4.0

/* Each share as a bar on a track of 100, its label above, its value at the
 * track's end; one metric's share reads as its tile would (emit_figure),
 * over a bar the whole width. */
static double
emit_progress(builder *b, kf_layout_page *page, int block, const char *title,
              const kf_block *blk, double x, double y, double w, double h,
              heights *hs)
{
    const kf_report *r = b->report;
    size_t n;
    share *sh = block_shares(r, blk, &n);
    if (!sh)
        return 0;
    int source = n ? sh[0].source : -1;
    text_style lab = {LABEL_SIZE, KF_WEIGHT_REGULAR, INK};
    text_style val = {LABEL_SIZE + 1, KF_WEIGHT_BOLD, r->primary};
    double title_h = emit_title(b, page, block, title, source, x, y, w,
                                false);
    if (blk->metric >= 0 && n == 1) {
        double fig_h = emit_figure(b, page, block, sh, x, y + title_h, w,
                                   !title, false);
        if (hs) {
            hs->min = hs->pref = hs->max = title_h + fig_h + 6 + 12 + 12;
        } else {
            emit_title(b, page, block, title, source, x, y, w, true);
            emit_figure(b, page, block, sh, x, y + title_h, w, !title, true);
            double ty = y + title_h + fig_h + 6;
            lo_add_rect(page, block, x, ty, w, 12,
                        b->colors.track, 6);
            if (sh->share > 0)
                lo_add_rect(page, block, x, ty, fmax(12, w * sh->share / 100),
                            12, r->accent, 6);
        }
        free(sh);
        return hs ? 0 : h;
    }
    double val_w = 0;
    for (size_t i = 0; i < n; i++)
        val_w = fmax(val_w, lo_text_width(b, sh[i].text, val));
    double track_w = w - val_w - 12;
    double rows_h = 0;
    for (size_t i = 0; i < n; i++)
        rows_h += lo_add_wrapped(b, page, block, 0, 0, track_w, sh[i].label,
                                 lab, LABEL_LEADING, ALIGN_LEFT, false) +
                  4 + 12 + PROGRESS_GAP;
    if (hs) {
        /* On a sheet short of room the gaps between the bars close, down
         * to PROGRESS_GAP_LEAST: each label stays over its own bar. */
        hs->comfort = hs->pref = hs->max = title_h + rows_h;
        hs->min = hs->pref - (double)n * (PROGRESS_GAP - PROGRESS_GAP_LEAST);
        free(sh);
        return 0;
    }
    double gap = n ? PROGRESS_GAP - (title_h + rows_h - h) / (double)n
                   : PROGRESS_GAP;
    gap = fmax(PROGRESS_GAP_LEAST, fmin(PROGRESS_GAP, gap));
    emit_title(b, page, block, title, source, x, y, w, true);
    double ty = y + title_h;
    kf_color track = b->colors.track;
    for (size_t i = 0; i < n; i++) {
        ty += lo_add_wrapped(b, page, block, x, ty, track_w, sh[i].label, lab,
                             LABEL_LEADING, ALIGN_LEFT, true) +
              4;
        lo_add_rect(page, block, x, ty, track_w, 12, track, 6);
        if (sh[i].share > 0)
            lo_add_rect(page, block, x, ty, fmax(12, track_w * sh[i].share / 100),
                        12, n == 1 ? r->accent : r->primary, 6);
        lo_add_text(b, page, block, x + w,
                    ty + 6 + (lo_ascent_of(b, val) - lo_descent_of(b, val)) / 2,
                    sh[i].text, val, ALIGN_RIGHT);
        ty += 12 + gap;
    }
    free(sh);
    return h;
}

/* Makes the items added since `from` one cell of a table, for the PDF's
 * structure: a header (TH) or data (TD) cell at (row, col). */
static void
tag_cell(kf_layout_page *page, size_t from, const char *tag, int row, int col)
{
    for (size_t k = from; k < page->count; k++) {
        page->items[k].tag = tag;
        page->items[k].row = row;
        page->items[k].col = col;
    }
}

/* The widest a table of one series is drawn on a wide sheet: 150 mm, a
 * measure over which a reader's eye finds a label's value; across 270 mm
 * of A4 landscape they stood 250 mm apart.  Each further series widens
 * it by TABLE_SERIES_W, up to the block's width. */
#define TABLE_MEASURE 425.0
#define TABLE_SERIES_W 85.0

/* A chart's data as a table: a row per point, its label then its value,
 * hairlines between; rows [first, first + count), under the chart's title.
 * A chart of several series (stacked, line) has a column of values per
 * series, headed by the series' titles on every piece of the table; a
 * point a series lacks shows a dash. */
static double
emit_table(builder *b, kf_layout_page *page, int block, const kf_block *blk,
           size_t first, size_t count, double x, double y, double w,
           heights *hs)
{
    const kf_report *r = b->report;
    const kf_series *s = block_series(r, blk, 0);
    size_t ns = block_nseries(blk);
    const char *title = ns > 1 && blk->title ? blk->title : s->title;
    text_style lab = {CHART_TEXT_SIZE, KF_WEIGHT_REGULAR, INK};
    text_style val = {CHART_TEXT_SIZE, KF_WEIGHT_SEMIBOLD, INK};
    text_style head = {CHART_TEXT_SIZE - 1, KF_WEIGHT_SEMIBOLD, MUTED};
    if (w >= WIDE_BLOCK_MIN)
        w = fmin(w, TABLE_MEASURE + (double)(ns - 1) * TABLE_SERIES_W);
    double title_h = emit_title(b, page, block, title, s->source, x, y, w,
                                false);
    if (b->measured.series != s || b->measured.chart != CHART_TABLE ||
        b->measured.block != blk) {
        double value_w = 0, head_w = 0, row_label_w = 0;
        for (size_t k = 0; k < ns; k++) {
            const kf_series *sk = block_series(r, blk, k);
            for (size_t i = 0; i < sk->npoints; i++) {
                kf_number num;
                lo_format_point(r, sk, sk->points[i].value, &num);
                value_w = fmax(value_w, lo_text_width(b, num.text, val));
                if (ns > 1)
                    row_label_w = fmax(row_label_w,
                                       lo_text_width(b, sk->points[i].label,
                                                     lab));
            }
            if (ns > 1)
                head_w = fmax(head_w, lo_text_width(b, sk->title, head));
        }
        b->measured.row_label_w = row_label_w;
        b->measured.series = s;
        b->measured.chart = CHART_TABLE;
        b->measured.block = blk;
        b->measured.value_w = value_w;
        b->measured.label_w = head_w;
    }
    double value_w = b->measured.value_w;
    /* Columns as wide as their widest value, or their title up to a
     * share of the page (wrapped beyond it); the labels take the rest. */
    double col_w = ns > 1 ? fmax(value_w, fmin(b->measured.label_w,
                                               w * 0.55 / (double)ns)) + 16
                          : value_w + 24;
    /* Short point labels ("2021") leave the columns the room their
     * labels do not need: six series' titles of 35 characters took five
     * lines each (a name hyphenated) beside a column of years 130 pt
     * wide. */
    double label_w = fmax(w * 0.2, w - (double)ns * col_w);
    if (ns > 1) {
        double labels = fmax(w * 0.1, fmin(b->measured.row_label_w + 12,
                                           w * 0.45));
        double wider = fmin(b->measured.label_w + 16,
                            (w - labels) / (double)ns);
        if (wider > col_w) {
            col_w = wider;
            label_w = w - (double)ns * col_w;
        }
    }
    double head_h = 0;
    for (size_t k = 0; ns > 1 && k < ns; k++)
        head_h = fmax(head_h, lo_add_wrapped(b, page, block, 0, 0, col_w - 16,
                                             block_series(r, blk, k)->title,
                                             head, CHART_LEADING - 1,
                                             ALIGN_RIGHT, false) + 8);
    double rows = 0;
    for (size_t i = first; i < first + count; i++) {
        const char *label = NULL;
        for (size_t k = 0; k < ns && !label; k++)
            if (i < block_series(r, blk, k)->npoints)
                label = block_series(r, blk, k)->points[i].label;
        rows += lo_add_wrapped(b, page, block, 0, 0, label_w,
                               label ? label : "", lab, CHART_LEADING,
                               ALIGN_LEFT, false) +
                8;
    }
    if (hs) {
        hs->min = hs->pref = hs->max = title_h + head_h + rows;
        return 0;
    }
    emit_title(b, page, block, title, s->source, x, y, w, true);
    double ty = y + title_h;
    if (ns > 1) {
        for (size_t k = 0; k < ns; k++) {
            size_t mark = page->count;
            lo_add_wrapped(b, page, block,
                           x + w - (double)(ns - k) * col_w + 16, ty,
                           col_w - 16, block_series(r, blk, k)->title, head,
                           CHART_LEADING - 1, ALIGN_RIGHT, true);
            tag_cell(page, mark, "TH", 0, (int)k + 1);
        }
        ty += head_h;
        lo_add_line(page, block, x, ty, x + w, ty, RULE, 0.8);
    }
    for (size_t i = first; i < first + count; i++) {
        const char *label = NULL;
        for (size_t k = 0; k < ns && !label; k++)
            if (i < block_series(r, blk, k)->npoints)
                label = block_series(r, blk, k)->points[i].label;
        /* Row 0 is the header row; a point's label heads its row. */
        int row = (int)(i - first) + 1;
        size_t mark = page->count;
        double rh = lo_add_wrapped(b, page, block, x, ty + 4, label_w,
                                   label ? label : "", lab, CHART_LEADING,
                                   ALIGN_LEFT, true);
        tag_cell(page, mark, "TH", row, 0);
        for (size_t k = 0; k < ns; k++) {
            const kf_series *sk = block_series(r, blk, k);
            kf_number num;
            if (i < sk->npoints)
                lo_format_point(r, sk, sk->points[i].value, &num);
            else
                snprintf(num.text, sizeof(num.text), "\xe2\x80\x93");
            mark = page->count;
            lo_add_text(b, page, block, x + w - (double)(ns - 1 - k) * col_w,
                        ty + 4 + lo_ascent_of(b, val), num.text, val,
                        ALIGN_RIGHT);
            tag_cell(page, mark, "TD", row, (int)k + 1);
        }
        ty += rh + 8;
        lo_add_line(page, block, x, ty, x + w, ty, RULE, 0.5);
    }
    return ty - y;
}

/* The title a chart block shows. */
static const char *
chart_title(const kf_report *r, const kf_block *blk)
{
    if (blk->title)
        return blk->title;
    if (kf_chart_shows_metric(blk))
        return NULL; /* the metric's label is written beside its figure */
    return block_series(r, blk, 0)->title;
}

/* Lays out (or with `hs`, measures) points [first, first + count) of a
 * chart block: only kinds cut_by_points (and tables) are ever cut in
 * pieces, the others always get all their points. */
static double
emit_chart(builder *b, kf_layout_page *page, int block, const kf_block *blk,
           size_t first, size_t count, double x, double y, double w,
           double h, heights *hs)
{
    const kf_report *r = b->report;
    const kf_series *s =
        kf_chart_shows_metric(blk) ? NULL : block_series(r, blk, 0);
    if (s && s->npoints == 0)
        return 0;
    if (blk->chart == CHART_TABLE)
        return emit_table(b, page, block, blk, first, count, x, y, w, hs);
    const kf_chart_kind *kind = kf_chart_kind_of(blk->chart);
    if (!kind)
        return 0;
    const char *title = chart_title(r, blk);
    /* A chart of a stale figure (report.stale: mark) ends its title with
     * the mark, glued to the last word so it wraps with the title and
     * stays inside the block as the title does. */
    char *marked = NULL;
    if (title)
        title = lo_stale_marked(title, kf_block_stale(r, blk), &marked);
    double used = kind->layout(b, page, block, blk, title, s, first, count,
                               x, y, w, h, hs);
    free(marked);
    return used;
}

/* ------------------------------------------------------------------ */
/* The layout functions of the table of chart kinds (chart_kind.c)     */
/* ------------------------------------------------------------------ */

double
lo_chart_hbar(builder *b, kf_layout_page *page, int block, const kf_block *blk,
              const char *title, const kf_series *s, size_t first,
              size_t count, double x, double y, double w, double h,
              heights *hs)
{
    (void)blk;
    return emit_hbar(b, page, block, title, s, first, count, x, y, w, h, hs);
}

double
lo_chart_bar(builder *b, kf_layout_page *page, int block, const kf_block *blk,
             const char *title, const kf_series *s, size_t first,
             size_t count, double x, double y, double w, double h,
             heights *hs)
{
    (void)first, (void)count;
    return emit_bar(b, page, block, title, blk, s,
                    kf_chart_kind_of(blk->chart)->time_axis, x, y, w, h, hs);
}

double
lo_chart_donut(builder *b, kf_layout_page *page, int block,
               const kf_block *blk, const char *title, const kf_series *s,
               size_t first, size_t count, double x, double y, double w,
               double h, heights *hs)
{
    (void)first, (void)count;
    return emit_donut(b, page, block, blk, title, s, x, y, w, h, hs);
}

double
lo_chart_line(builder *b, kf_layout_page *page, int block, const kf_block *blk,
              const char *title, const kf_series *s, size_t first,
              size_t count, double x, double y, double w, double h,
              heights *hs)
{
    (void)s, (void)first, (void)count;
    return emit_line(b, page, block, title, blk,
                     kf_chart_kind_of(blk->chart)->time_axis, x, y, w, h,
                     hs);
}

double
lo_chart_stacked(builder *b, kf_layout_page *page, int block,
                 const kf_block *blk, const char *title, const kf_series *s,
                 size_t first, size_t count, double x, double y, double w,
                 double h, heights *hs)
{
    (void)s, (void)first, (void)count;
    return emit_stacked(b, page, block, title, blk, x, y, w, h, hs);
}

double
lo_chart_waffle(builder *b, kf_layout_page *page, int block,
                const kf_block *blk, const char *title, const kf_series *s,
                size_t first, size_t count, double x, double y, double w,
                double h, heights *hs)
{
    (void)s, (void)first, (void)count;
    return emit_waffle(b, page, block, title, blk, x, y, w, h, hs);
}

double
lo_chart_progress(builder *b, kf_layout_page *page, int block,
                  const kf_block *blk, const char *title, const kf_series *s,
                  size_t first, size_t count, double x, double y, double w,
                  double h, heights *hs)
{
    (void)s, (void)first, (void)count;
    return emit_progress(b, page, block, title, blk, x, y, w, h, hs);
}

/* Charts, legends and tables set their figures tabular (OpenType tnum):
 * values, ticks and columns then line up digit under digit. */
double
lo_emit_chart(builder *b, kf_layout_page *page, int block, const kf_block *blk,
              size_t first, size_t count, double x, double y, double w,
              double h, heights *hs)
{
    bool was = b->tabular;
    b->tabular = true;
    double used = emit_chart(b, page, block, blk, first, count, x, y, w, h,
                             hs);
    b->tabular = was;
    return used;
}
