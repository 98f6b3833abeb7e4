/*
 * change.h: the one definition of a metric's change from its previous
 * value, shared by the tile (layout.c), the workbook's change column
 * (out_xlsx.c) and docs/format.md ("previous", "trend").
 */
#ifndef KF_CHANGE_H
#define KF_CHANGE_H

#include "keyfig.h"

typedef enum {
    KF_CHANGE_ABSOLUTE, /* value - previous, in the figure's unit: "+70" */
    KF_CHANGE_POINTS,   /* the same for a percentage, in points: "+1,2 pt" */
    KF_CHANGE_RELATIVE  /* (value - previous) / |previous|: "+5,9 %" */
} kf_change_kind;

/* A metric's change, computed once.  `amount` is signed and in what the
 * text shows: the figure's unit (ABSOLUTE), percentage points (POINTS:
 * 1.2 for "+1,2 pt"), or percent (RELATIVE: 5.9 for "+5,9 %").  To print
 * or format it again, pass |amount| to kf_format_number or
 * kf_number_plan_make with `decimals`, `unit` and `display`; POINTS then
 * adds `points_word`.  `direction` is that of the number as printed: 0
 * when it rounds to zero, so the arrow never contradicts the digits. */
typedef struct {
    kf_change_kind kind;
    double amount;
    int direction;          /* -1, 0 or +1 */
    int decimals;           /* as for kf_format_number (-1: as needed) */
    const char *unit;       /* lent: the metric's unit, "%", or NULL */
    kf_display display;
    const char *points_word; /* POINTS: "pt" or "pts" (static), else "" */
    char text[200];  /* the signed change, as the page prints it: "+70",
                        "\u22121,2 pt" (U+2212), "0 %" */
    char period[96]; /* "vs 2023", "vs déc. 2023", or "" without a date */
} kf_change;

/* Fills *out with the change of `m` from its previous value in `locale`.
 * Returns false (and *out zeroed) when `m` has no previous value, or
 * for a relative change the loader would have refused (previous 0 or of
 * the other sign), or a number that cannot be printed. */
bool kf_change_make(kf_locale locale, const kf_metric *m, kf_change *out);

/* Why a relative change of `m` cannot be stated, or NULL when it can: a
 * previous value of 0 ("a change from 0 has no ratio") or of the other
 * sign, or a percentage (whose change is in points).  Static text, for
 * the loader's message. */
const char *kf_change_relative_problem(const kf_metric *m);

/* The short date "vs" is followed by: "2023"; "déc. 2023" (fr), "Dec
 * 2023" (en) for a month, or for a day that ends its month (a figure at
 * 2023-12-31 is the December one); "15 déc. 2023", "15 Dec 2023", "Dec
 * 15, 2023" for another day.  Writes "" for an unset date. */
void kf_format_date_short(kf_locale locale, kf_date date, char *buf,
                          size_t size);

#endif /* KF_CHANGE_H */
