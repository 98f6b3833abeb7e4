/*
 * chart_kind.h: the one table of chart kinds (chart_kind.c).  Everything
 * keyfig knows about a type of chart that is not its drawing code sits in
 * its entry: how the loader reads it, which layout function measures and
 * lays it out, which native chart the workbook gives it, and its text
 * alternative.  A new chart type is a value of kf_chart_type (keyfig.h),
 * its layout function (layout_chart.c) and one entry here.
 * Internal to libkeyfig.
 */
#ifndef KF_CHART_KIND_H
#define KF_CHART_KIND_H

#include "keyfig.h"

/* What the loader demands of the values of each series a chart shows
 * (load.c, check_series_values); the messages name the rule broken. */
typedef enum {
    KF_VALUES_ANY,     /* bar, hbar, line: any finite values */
    KF_VALUES_PARTS,   /* parts of a whole: none negative, total above 0 */
    KF_VALUES_SHARES,  /* a waffle's parts: as PARTS, and percentages
                          adding up to at most 100 */
    KF_VALUES_STACKED, /* added up: none negative */
    KF_VALUES_PERCENT  /* shares of 100 each: unit "%", from 0 to 100 */
} kf_values_rule;

/* The native chart the sheet of a chart carries in the workbook
 * (out_xlsx.c maps it to libxlsxwriter's). */
typedef enum {
    KF_WORKBOOK_COLUMN,
    KF_WORKBOOK_BAR,     /* horizontal bars */
    KF_WORKBOOK_DOUGHNUT,
    KF_WORKBOOK_LINE,          /* a line per series */
    KF_WORKBOOK_COLUMN_STACKED /* columns of a part per series */
} kf_workbook_chart;

struct builder;
struct heights;

/* Lays out points [first, first + count) of chart block `blk` (page block
 * number `block`) in the box (x, y, w, h) of `page`, titled `title` (NULL:
 * none), and returns the height used; or, with `hs` not NULL, only
 * measures: fills hs with the heights the chart can take at width `w`
 * (min: the least it stays readable at, comfort, pref, max: see
 * layout_box.h) and adds nothing.  `s`
 * is the block's first series, NULL for a chart of one metric.  Only a
 * kind with `cut_by_points` is ever given fewer than all its points. */
typedef double kf_chart_layout_fn(struct builder *b, kf_layout_page *page,
                                  int block, const kf_block *blk,
                                  const char *title, const kf_series *s,
                                  size_t first, size_t count, double x,
                                  double y, double w, double h,
                                  struct heights *hs);

/* A text alternative of chart block `blk`: what it shows, in words, in
 * the edition's language, as a malloc'ed UTF-8 string the caller frees;
 * NULL when there is none (or no memory). */
typedef char *kf_chart_alt_fn(const kf_report *report, const kf_block *blk);

typedef struct {
    kf_chart_type type; /* its index in the table */
    const char *name;   /* as a report writes it: "hbar" */

    /* Load rules (load.c). */
    size_t max_series;    /* 1, or how many series it may list */
    bool needs_list;      /* `series:` is a list, even of one id */
    bool takes_metric;    /* may show one metric (a percentage) instead */
    kf_values_rule values; /* checked on each of its series */
    bool same_points;     /* its series must share their labels, in order */

    /* Layout (layout_chart.c). */
    kf_chart_layout_fn *layout;
    bool cut_by_points; /* may be cut across pages between its points */
    /* Points labelled all by years ("2018") or all by dates ("2024-03",
     * "2024-03-31") stand where they fall in time, not one step apart
     * (layout_chart.c, point_times). */
    bool time_axis;

    /* Workbook (out_xlsx.c): the chart on the sheet of its series. */
    kf_workbook_chart workbook;

    /* Text alternative (/Alt of its figure in the PDF); NULL: none yet. */
    kf_chart_alt_fn *alt_text;
} kf_chart_kind;

#define KF_NCHART_KINDS 7

/* Indexed by kf_chart_type. */
extern const kf_chart_kind kf_chart_kinds[KF_NCHART_KINDS];

/* The entry of `type`, or NULL for a type that has none (the layout's
 * own data table, an unknown value). */
const kf_chart_kind *kf_chart_kind_of(kf_chart_type type);

/* Does chart block `blk` show one metric (a waffle or progress chart of a
 * percentage) rather than series?  It then has no series at all. */
static inline bool
kf_chart_shows_metric(const kf_block *blk)
{
    return blk->kind == KF_BLOCK_CHART && blk->metric >= 0;
}

#endif /* KF_CHART_KIND_H */
