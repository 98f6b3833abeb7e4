/*
 * layout_int.h: what the layout's modules share: layout.c (pages, header,
 * footer, KPI tiles, texts) lays out charts through the table of chart
 * kinds (chart_kind.c), whose layout functions are in layout_chart.c; all
 * of them build on the box helpers (layout_box.h).
 * Internal to libkeyfig.
 */
#ifndef KF_LAYOUT_INT_H
#define KF_LAYOUT_INT_H

#include "chart_kind.h"
#include "layout_box.h"

/* A bar chart's bars each stand in a slot of its width (its bars are
 * 0.62 of their slot): under BAR_SLOT_LEAST the chart cannot be read and
 * the layout refuses it (layout.c); bars under BAR_THIN_W wide are drawn
 * with a warning (layout_chart.c). */
#define BAR_SLOT_LEAST 1.0
#define BAR_THIN_W 2.0

/* Lays out (or with `hs`, measures) points [first, first + count) of a
 * chart block, of any kind (CHART_TABLE too), through its entry in the
 * table of chart kinds; returns the height used. */
double
lo_emit_chart(builder *b, kf_layout_page *page, int block, const kf_block *blk,
              size_t first, size_t count, double x, double y, double w,
              double h, heights *hs);

/* The layout function of each entry of kf_chart_kinds (layout_chart.c),
 * as kf_chart_layout_fn says. */
kf_chart_layout_fn lo_chart_bar, lo_chart_hbar, lo_chart_donut,
    lo_chart_line, lo_chart_stacked, lo_chart_waffle, lo_chart_progress;

#endif
