/*
 * layout_chart.c: the charts of a page, laid out as boxes like the rest
 * (layout.c).  Each chart type has one function that either measures the
 * chart (the heights it can take) or lays it out in the box it was given.
 */
#include "layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Charts                                                             */
/* ------------------------------------------------------------------ */

void
lo_format_point(const kf_report *r, const kf_series *s, double v, kf_number *num)
{
    if (!kf_format_number(r->locale, v, s->decimals, s->unit,
                          KF_DISPLAY_FULL, num))
        memset(num, 0, sizeof(*num));
}

/* The chart's title line(s); returns the height they take. */
static double
emit_chart_title(builder *b, kf_layout_page *page, int block,
                 const kf_series *s, double x, double y, double w, bool emit)
{
    text_style st = {CHART_TITLE_SIZE, KF_WEIGHT_BOLD, b->report->primary};
    double h = lo_add_wrapped(b, page, block, x, y, w - 12, s->title, st, 16,
                           ALIGN_LEFT, false);
    if (!emit)
        return h + 10;
    size_t first = page->count;
    lo_add_wrapped(b, page, block, x, y, w - 12, s->title, st, 16, ALIGN_LEFT,
                true);
    /* The marker rides after the last line, raised like a superscript. */
    if (page->count > first) {
        kf_item *last = &page->items[page->count - 1];
        lo_add_marker(b, page, block, last->x + last->w + 2,
                   last->baseline - 5, s->source, ALIGN_LEFT);
    }
    for (size_t k = first; k < page->count; k++)
        page->items[k].tag = "H2";
    return h + 10;
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

/* Horizontal bars: labels on the left, values at the bars' ends. */
static double
emit_hbar(builder *b, kf_layout_page *page, int block, const kf_series *s,
          size_t first, size_t count, double x, double y, double w, double h,
          heights *hs)
{
    const kf_report *r = b->report;
    text_style lab = {LABEL_SIZE, KF_WEIGHT_REGULAR, INK};
    text_style val = {LABEL_SIZE, KF_WEIGHT_SEMIBOLD, INK};
    double label_w = 0, value_w = 0;
    for (size_t i = 0; i < s->npoints; i++) {
        kf_number num;
        lo_format_point(r, s, s->points[i].value, &num);
        label_w = fmax(label_w, lo_text_width(b, s->points[i].label, lab));
        value_w = fmax(value_w, lo_text_width(b, num.text, val));
    }
    label_w = fmin(label_w, w * 0.38);
    size_t max_lines = 1;
    for (size_t i = 0; i < s->npoints; i++) {
        size_t n = lo_count_lines(b, s->points[i].label, lab, label_w);
        max_lines = n > max_lines ? n : max_lines;
    }
    double title_h = emit_chart_title(b, page, block, s, x, y, w, false);
    double row_min = fmax(15, (double)max_lines * LABEL_LEADING + 3);
    double np = (double)count;
    if (hs) {
        hs->min = title_h + np * row_min;
        hs->pref = title_h + np * fmax(row_min, 36);
        hs->max = title_h + np * fmax(row_min, 50);
        return 0;
    }
    emit_chart_title(b, page, block, s, x, y, w, true);
    double lo, hi = value_extent(s, &lo);
    double x0 = x + label_w + 10, x1 = x + w - value_w - 8;
    double span = hi - lo > 0 ? hi - lo : 1;
    double zero = x0 + (0 - lo) / span * (x1 - x0);
    double top = y + title_h, row = (h - title_h) / np;
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
        lo_add_text(b, page, block, (v >= 0 ? bx + bw : zero) + 6,
                 cy + (asc - desc) / 2, num.text, val, ALIGN_LEFT);
    }
    return h;
}

/* A category label turned to read upwards, its end just under the axis at
 * `top`; a label longer than `room` is shortened with an ellipsis and a
 * warning, since a turned line cannot wrap. */
static void
add_turned_label(builder *b, kf_layout_page *page, int block, double cx,
                 double top, double room, const char *label, text_style st)
{
    double w = lo_text_width(b, label, st);
    if (w <= room) {
        lo_add_text_up(b, page, block, cx, top + room - w, label, st);
        return;
    }
    char buf[512];
    lo_fit_line(b, label, st, room, buf, sizeof(buf));
    kf_diag_add(b->diags, KF_SEV_WARNING, b->report->path, 0, 0,
                "shorten the label, or use an hbar chart",
                "the bar label \"%s\" is too long for its chart and is "
                "shortened", label);
    lo_add_text_up(b, page, block, cx, top + room - lo_text_width(b, buf, st), buf,
                st);
}

/* Vertical bars: values above, labels below the axis. */
static double
emit_bar(builder *b, kf_layout_page *page, int block, const kf_series *s,
         double x, double y, double w, double h, heights *hs)
{
    const kf_report *r = b->report;
    text_style lab = {CHART_TEXT_SIZE, KF_WEIGHT_REGULAR, INK};
    text_style val = {LABEL_SIZE, KF_WEIGHT_SEMIBOLD, INK};
    double np = (double)s->npoints;
    double slot = w / np;
    double label_w = slot - 6;
    size_t max_lines = 1;
    double longest = 0, widest_value = 0;
    for (size_t i = 0; i < s->npoints; i++) {
        size_t n = lo_count_lines(b, s->points[i].label, lab, label_w);
        max_lines = n > max_lines ? n : max_lines;
        longest = fmax(longest, lo_text_width(b, s->points[i].label, lab));
        kf_number num;
        lo_format_point(r, s, s->points[i].value, &num);
        widest_value = fmax(widest_value, lo_text_width(b, num.text, val));
    }
    /* Labels that would need more than three lines under their bar, or a
     * word cut in pieces, are turned to read upwards instead; so are
     * values wider than their bar's slot. */
    bool turn_labels = max_lines > 3 || longest > label_w * 3;
    bool turn_values = widest_value > slot - 2;
    double labels_h = turn_labels ? fmin(longest, 160) + 6
                                  : (double)max_lines * CHART_LEADING + 6;
    double val_h = turn_values ? widest_value + 4
                               : lo_ascent_of(b, val) + lo_descent_of(b, val) + 4;
    double title_h = emit_chart_title(b, page, block, s, x, y, w, false);
    if (hs) {
        hs->min = title_h + val_h + 100 + labels_h;
        hs->pref = title_h + val_h + 190 + labels_h;
        hs->max = title_h + val_h + 280 + labels_h;
        return 0;
    }
    emit_chart_title(b, page, block, s, x, y, w, true);
    double lo, hi = value_extent(s, &lo);
    double span = hi - lo > 0 ? hi - lo : 1;
    double plot_top = y + title_h + val_h;
    double axis = y + h - labels_h;
    double zero = axis - (0 - lo) / span * (axis - plot_top);
    double bar_w = fmin(slot * 0.62, 90);
    for (size_t i = 0; i < s->npoints; i++) {
        double v = s->points[i].value;
        double cx = x + slot * ((double)i + 0.5);
        double bh = fabs(v) / span * (axis - plot_top);
        double by = v >= 0 ? zero - bh : zero;
        lo_add_rect(page, block, cx - bar_w / 2, by, bar_w, bh, r->primary, 0);
        kf_number num;
        lo_format_point(r, s, v, &num);
        if (turn_values) {
            double vw = lo_text_width(b, num.text, val);
            lo_add_text_up(b, page, block, cx, v >= 0 ? by - 4 - vw : by + bh + 4,
                        num.text, val);
        } else {
            double vb = v >= 0 ? by - 4 - lo_descent_of(b, val)
                               : by + bh + 4 + lo_ascent_of(b, val);
            lo_add_text(b, page, block, cx, vb, num.text, val, ALIGN_CENTER);
        }
        if (turn_labels)
            add_turned_label(b, page, block, cx, axis + 6, labels_h - 6,
                             s->points[i].label, lab);
        else
            lo_add_wrapped(b, page, block, cx - label_w / 2, axis + 6, label_w,
                        s->points[i].label, lab, CHART_LEADING, ALIGN_CENTER,
                        true);
    }
    lo_add_line(page, block, x, zero, x + w, zero, RULE, 0.75);
    return h;
}

/* A ring with its total in the middle and a legend right beside it. */
static double
emit_donut(builder *b, kf_layout_page *page, int block, const kf_series *s,
           double x, double y, double w, double h, heights *hs)
{
    const kf_report *r = b->report;
    text_style lab = {LABEL_SIZE, KF_WEIGHT_REGULAR, INK};
    text_style val = {LABEL_SIZE, KF_WEIGHT_SEMIBOLD, INK};
    double title_h = emit_chart_title(b, page, block, s, x, y, w, false);
    double total = 0;
    for (size_t i = 0; i < s->npoints; i++)
        total += s->points[i].value;

    /* Legend text: "France" and "20 (25 %)". */
    char (*values)[340] = calloc(s->npoints, sizeof(*values));
    if (!values)
        return 0;
    double val_w = 0;
    for (size_t i = 0; i < s->npoints; i++) {
        kf_number num, pct;
        lo_format_point(r, s, s->points[i].value, &num);
        double share = total > 0 ? s->points[i].value / total * 100 : 0;
        if (!kf_format_number(r->locale, share, 0, "%", KF_DISPLAY_FULL,
                              &pct))
            memset(&pct, 0, sizeof(pct));
        snprintf(values[i], sizeof(values[i]), "%s (%s)", num.text, pct.text);
        val_w = fmax(val_w, lo_text_width(b, values[i], val));
    }
    double ring_max = fmin(w * 0.36, 220);
    double legend_x_off = 28;
    /* The legend sits right beside the ring: its label column is as wide
     * as the longest label, not as the rest of the page. */
    double label_w = 0;
    for (size_t i = 0; i < s->npoints; i++)
        label_w = fmax(label_w, lo_text_width(b, s->points[i].label, lab));
    label_w = fmax(60, fmin(label_w, w - ring_max - 4 - legend_x_off - 16 -
                                         20 - val_w));
    double legend_h = 0;
    for (size_t i = 0; i < s->npoints; i++)
        legend_h += fmax(18, (double)lo_count_lines(b, s->points[i].label, lab,
                                                 label_w) *
                                     LABEL_LEADING +
                                 6);
    if (hs) {
        hs->min = title_h + fmax(110, legend_h);
        hs->pref = title_h + fmax(170, legend_h);
        hs->max = title_h + fmax(ring_max, legend_h);
        free(values);
        return 0;
    }
    emit_chart_title(b, page, block, s, x, y, w, true);
    double d = fmin(h - title_h, ring_max);
    double ro = d / 2, ri = ro * 0.58;
    double cx = x + ro + 4, cy = y + title_h + (h - title_h) / 2;
    double a = 0;
    for (size_t i = 0; i < s->npoints; i++) {
        double sweep = total > 0 ? s->points[i].value / total * 2 * KF_PI : 0;
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
            it->color = lo_palette(r, i);
            it->line_width = s->npoints > 1 ? 1.5 : 0;
        }
        a += sweep;
    }
    kf_number tot;
    lo_format_point(r, s, total, &tot);
    text_style big = {fmin(22, ri * 0.55), KF_WEIGHT_BOLD, r->primary};
    while (big.size > 8 && lo_text_width(b, tot.text, big) > ri * 1.6)
        big.size -= 1;
    lo_add_text(b, page, block, cx,
             cy + (lo_ascent_of(b, big) - lo_descent_of(b, big)) / 2, tot.text, big,
             ALIGN_CENTER);

    double lx = cx + ro + legend_x_off;
    double ly = cy - legend_h / 2;
    double vx = lx + 16 + label_w + 20;
    for (size_t i = 0; i < s->npoints; i++) {
        double rh = fmax(18, (double)lo_count_lines(b, s->points[i].label, lab,
                                                 label_w) *
                                     LABEL_LEADING +
                                 6);
        lo_add_rect(page, block, lx, ly + 4, 10, 10, lo_palette(r, i), 2);
        lo_add_wrapped(b, page, block, lx + 16, ly + 1, label_w,
                    s->points[i].label, lab, LABEL_LEADING, ALIGN_LEFT, true);
        lo_add_text(b, page, block, vx, ly + 1 + lo_ascent_of(b, val), values[i],
                 val, ALIGN_LEFT);
        ly += rh;
    }
    free(values);
    return h;
}

/* Lays out (or with `hs`, measures) points [first, first + count) of a
 * chart block: only hbar charts are ever cut in pieces, the others always
 * get all their points. */
double
lo_emit_chart(builder *b, kf_layout_page *page, int block, const kf_block *blk,
           size_t first, size_t count, double x, double y, double w,
           double h, heights *hs)
{
    const kf_series *s = &b->report->series[blk->series];
    if (s->npoints == 0)
        return 0;
    switch (blk->chart) {
    case KF_CHART_HBAR:
        return emit_hbar(b, page, block, s, first, count, x, y, w, h, hs);
    case KF_CHART_BAR: return emit_bar(b, page, block, s, x, y, w, h, hs);
    case KF_CHART_DONUT: return emit_donut(b, page, block, s, x, y, w, h, hs);
    }
    return 0;
}

