/*
 * chart_kind.c: the table of chart kinds (chart_kind.h), one entry per
 * type, in the order of kf_chart_type.
 *
 * How to read an entry, and what each part feeds:
 *   name          the `type:` a report writes (the loader's list of types)
 *   max_series    1, or how many series `series:` may list (load.c)
 *   needs_list    `series:` must be a list, even of one id (load.c)
 *   takes_metric  `metric:` (one percentage) instead of `series:` (load.c)
 *   values        the rule each series' values must follow (load.c)
 *   same_points   its series share their labels, in order (load.c)
 *   layout        measures it and lays it out (layout_chart.c)
 *   cut_by_points a chart too tall for a page may be cut between points
 *   time_axis     points labelled by years or dates are placed by time
 *   workbook      the native chart of its series' sheet (out_xlsx.c)
 *   alt_text      its text alternative in the PDF, written from its data
 *                 (alt.c; NULL: none)
 * A new chart type: a value in kf_chart_type (keyfig.h), a layout
 * function (layout_chart.c, declared in layout_int.h), an entry here.
 */
#include "chart_kind.h"
#include "alt.h"
#include "layout_int.h"

const kf_chart_kind kf_chart_kinds[KF_NCHART_KINDS] = {
    [KF_CHART_BAR] = {.type = KF_CHART_BAR, .name = "bar", .max_series = 1,
                      .values = KF_VALUES_ANY, .layout = lo_chart_bar,
                      .time_axis = true, .workbook = KF_WORKBOOK_COLUMN,
                      .alt_text = kf_alt_bar},
    [KF_CHART_HBAR] = {.type = KF_CHART_HBAR, .name = "hbar",
                       .max_series = 1, .values = KF_VALUES_ANY,
                       .layout = lo_chart_hbar, .cut_by_points = true,
                       .workbook = KF_WORKBOOK_BAR,
                       .alt_text = kf_alt_bar},
    [KF_CHART_DONUT] = {.type = KF_CHART_DONUT, .name = "donut",
                        .max_series = 1, .values = KF_VALUES_PARTS,
                        .layout = lo_chart_donut,
                        .workbook = KF_WORKBOOK_DOUGHNUT,
                        .alt_text = kf_alt_donut},
    [KF_CHART_LINE] = {.type = KF_CHART_LINE, .name = "line",
                       .max_series = 6, .values = KF_VALUES_ANY,
                       .same_points = true, .layout = lo_chart_line,
                       .time_axis = true, .workbook = KF_WORKBOOK_LINE,
                       .alt_text = kf_alt_line},
    [KF_CHART_STACKED] = {.type = KF_CHART_STACKED, .name = "stacked",
                          .max_series = 8, .needs_list = true,
                          .values = KF_VALUES_STACKED,
                          .same_points = true, .layout = lo_chart_stacked,
                          .workbook = KF_WORKBOOK_COLUMN_STACKED,
                          .alt_text = kf_alt_stacked},
    [KF_CHART_WAFFLE] = {.type = KF_CHART_WAFFLE, .name = "waffle",
                         .max_series = 1, .takes_metric = true,
                         .values = KF_VALUES_SHARES,
                         .layout = lo_chart_waffle,
                         .workbook = KF_WORKBOOK_DOUGHNUT,
                         .alt_text = kf_alt_shares},
    [KF_CHART_PROGRESS] = {.type = KF_CHART_PROGRESS, .name = "progress",
                           .max_series = 1, .takes_metric = true,
                           .values = KF_VALUES_PERCENT,
                           .layout = lo_chart_progress,
                           .workbook = KF_WORKBOOK_BAR,
                           .alt_text = kf_alt_shares},
};

const kf_chart_kind *
kf_chart_kind_of(kf_chart_type type)
{
    return (unsigned)type < KF_NCHART_KINDS ? &kf_chart_kinds[type] : NULL;
}
