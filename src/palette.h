/*
 * palette.h: every colour keyfig draws or writes, in one place, so the
 * PDF, the PNGs, the SVGs and the workbook agree (internal to libkeyfig).
 *
 * The categorical colours of a chart (slices, series, squares) start
 * with the theme's primary and accent; the next ten are chosen from a
 * fixed set so that each stays as far as possible from those before it,
 * measured with CIEDE2000 for normal vision and under simulated protan
 * and deutan vision (Machado et al. 2009, severity 1).  What is
 * guaranteed, and tested for the default theme and a sweep of others
 * (tests/unit/test_palette.c), for the first KF_PALETTE_SIZE colours,
 * every pair but the theme's own two (the brand's choice):
 *   - CIEDE2000 >= KF_PALETTE_MIN_DE for normal vision,
 *   - CIEDE2000 >= KF_PALETTE_MIN_DE_CVD under protan and deutan vision.
 */
#ifndef KF_PALETTE_H
#define KF_PALETTE_H

#include "keyfig.h"

#define KF_PALETTE_SIZE 12
#define KF_PALETTE_MIN_DE 15.0
#define KF_PALETTE_MIN_DE_CVD 6.5

/* The fixed colours of the page around the figures. */
static const kf_color KF_WHITE = {255, 255, 255};
static const kf_color KF_INK = {31, 41, 51};     /* body text */
static const kf_color KF_MUTED = {72, 84, 96};   /* labels: 7:1 on white */
static const kf_color KF_RULE = {217, 222, 229}; /* hairlines */
static const kf_color KF_UP = {30, 123, 79};     /* a rise: 5:1 on a tile */
static const kf_color KF_DOWN = {180, 35, 24};   /* a fall */

/* The colours of a sheet of `r`, from its theme's background, text and
 * figures (docs/format.md, report.theme).  A white sheet with no text
 * colour given has keyfig's own: KF_INK, KF_MUTED, KF_RULE, and its
 * figures in the primary colour.  Another sheet's are made from its
 * background: its text the theme's, or on a dark sheet (where white
 * reads better than ink) a near-white; its labels the text mixed toward
 * the background as far as 4.5:1 allows; its figures the theme's, or the
 * primary, or on a dark sheet where the primary has less than 3:1 the
 * text's colour. */
typedef struct {
    kf_color paper;  /* the sheet */
    kf_color ink;    /* texts, a chart's labels and values */
    kf_color muted;  /* a tile's label, ticks, the footer: 4.5:1 on paper */
    kf_color rule;   /* hairlines, axes */
    kf_color figure; /* what the primary draws on a white sheet: figures,
                        titles, bars, the first colour of a chart */
    kf_color tile;   /* a tile's fill */
    kf_color track;  /* a progress bar's track, a waffle's empty squares */
    kf_color up;     /* a change's rise and fall: 4.5:1 on a tile */
    kf_color down;
    bool dark;       /* white reads better on paper than ink does */
} kf_page_colors;

void kf_page_colors_of(const kf_report *r, kf_page_colors *out);

/* The i-th categorical colour of a chart of `r` (from 0).  Beyond
 * KF_PALETTE_SIZE the colours come round again, lighter each round, so
 * no two are the same (but they are then not guaranteed apart). */
kf_color kf_palette_color(const kf_report *r, size_t i);
/* The i-th colour of a line chart's lines, their points and legend
 * marks, and of the workbook's line series: the same as
 * kf_palette_color but that the colours keyfig adds all have 3:1 on the
 * sheet (the paler candidates are skipped, on a white sheet too), with
 * the same floors apart; the theme's own colours are as given. */
kf_color kf_palette_line_color(const kf_report *r, size_t i);
/* The grey of the part standing for all the others (a donut's "Autres"),
 * apart from the categorical colours as they are from one another. */
kf_color kf_palette_other(const kf_report *r);
/* `a` mixed with `b`: t = 0 is a, 1 is b. */
kf_color kf_palette_mix(kf_color a, kf_color b, double t);
/* WCAG 2 contrast ratio, from 1 to 21. */
double kf_palette_contrast(kf_color a, kf_color b);
/* White or ink, whichever reads better on `fill`. */
kf_color kf_palette_text_on(kf_color fill);
/* 0xRRGGBB, as libxlsxwriter and SVG want it. */
uint32_t kf_palette_rgb(kf_color c);

/* The colour-vision deficiencies the palette is checked under. */
typedef enum { KF_VISION_NORMAL, KF_VISION_PROTAN, KF_VISION_DEUTAN } kf_vision;
/* How `c` looks to a dichromat (Machado, Oliveira, Fernandes 2009). */
kf_color kf_vision_simulate(kf_color c, kf_vision vision);
/* The CIEDE2000 colour difference of two sRGB colours (D65). */
double kf_ciede2000(kf_color a, kf_color b);
/* The same of two CIELAB colours {L, a, b}: what Sharma's test data
 * checks. */
double kf_ciede2000_lab(const double p[3], const double q[3]);

#endif /* KF_PALETTE_H */
