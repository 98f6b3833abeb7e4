/*
 * keyfig.h: the one public header of libkeyfig.
 *
 * keyfig turns one report file (YAML or JSON: metrics, series, sources,
 * pages) into a PDF fact sheet, a PNG (or SVG) per page and an Excel
 * workbook.  The flow is always the same:
 *
 *     kf_diags  *diags  = kf_diags_new();
 *     kf_report *report = kf_report_load("figures/x.yaml", diags);
 *     kf_layout *layout;
 *     kf_layout_new(report, diags, &layout);
 *     kf_write_pdf(report, layout, "out/x.pdf", diags);
 *     kf_diags_print(diags, stderr);
 *
 * Ownership: every object is created by kf_<noun>_new (or a loader) and
 * released by kf_<noun>_free; _free(NULL) is a no-op.  The report owns its
 * sources, metrics, series and pages and every string in them.  Getters
 * lend; callers never free what a getter returns.
 */
#ifndef KEYFIG_H
#define KEYFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define KF_VERSION "0.1.0"

/* ------------------------------------------------------------------ */
/* Status and diagnostics                                             */
/* ------------------------------------------------------------------ */

/* The result of every fallible call.  The CLI maps these to its exit
 * status: KF_OK 0, KF_ERR_INPUT 1, KF_ERR_USAGE 2, KF_ERR_OUTPUT 3. */
typedef enum {
    KF_OK = 0,
    KF_ERR_INPUT,  /* the report is invalid; the diagnostics say where */
    KF_ERR_USAGE,  /* the caller asked for something that cannot be */
    KF_ERR_OUTPUT, /* an output file could not be written */
    KF_ERR_MEMORY, /* out of memory */
    KF_ERR_FONT    /* the private font set-up failed */
} kf_status;

const char *kf_strerror(kf_status status);

typedef enum { KF_SEV_ERROR, KF_SEV_WARNING } kf_severity;

/* One problem, located where it was found.  line and col count from 1;
 * 0 means unknown (the message is then about the whole file). */
typedef struct {
    kf_severity severity;
    char *file;
    int line;
    int col;
    char *message;
    char *hint; /* NULL, or a suggestion such as "did you mean 'unit'?" */
} kf_diag;

/* A growing list of diagnostics, capped at KF_DIAGS_MAX entries (further
 * ones are counted in `dropped`, so a broken file cannot flood stderr). */
#define KF_DIAGS_MAX 100
typedef struct {
    kf_diag *items;
    size_t count;
    size_t cap;
    size_t errors;
    size_t warnings;
    size_t dropped;
} kf_diags;

kf_diags *kf_diags_new(void);
void kf_diags_free(kf_diags *diags);
void kf_diags_clear(kf_diags *diags);
/* Appends a diagnostic.  `hint` may be NULL; `fmt` is printf-style. */
void kf_diag_add(kf_diags *diags, kf_severity severity, const char *file,
                 int line, int col, const char *hint, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
/* Whether `diags` already holds a problem like `d`: its severity, place
 * and message. */
bool kf_diags_has(const kf_diags *diags, const kf_diag *d);
/* Adds the diagnostics of `from` to the end of `to`, in their order (a
 * warning `to` already has is not repeated), with the ones `from` had to
 * drop counted: how the problems found by threads are put together. */
void kf_diags_append(kf_diags *to, const kf_diags *from);
/* Prints every diagnostic as "FILE:LINE:COL: error: message" followed,
 * when there is one, by "  hint: ..." on its own line. */
void kf_diags_print(const kf_diags *diags, FILE *stream);

/* ------------------------------------------------------------------ */
/* Numbers, dates and locales                                         */
/* ------------------------------------------------------------------ */

typedef enum { KF_LOCALE_FR_FR, KF_LOCALE_EN_GB, KF_LOCALE_EN_US } kf_locale;

/* Parses "fr-FR", "en-GB", "en-US" (also "fr", "en", and "_" for "-").
 * Returns false for anything else. */
bool kf_locale_parse(const char *tag, kf_locale *out);
const char *kf_locale_tag(kf_locale locale);

typedef enum { KF_DISPLAY_FULL, KF_DISPLAY_COMPACT } kf_display;

/* A formatted figure in three parts so a tile can draw the number big and
 * its unit small on one baseline: the whole text is prefix+number+suffix.
 * The suffix carries its own leading no-break space when the locale wants
 * one ("21 %" in fr-FR: suffix = U+202F "%"), so the number and its unit
 * never part at a line break.  Everything is UTF-8. */
typedef struct {
    char qualifier[32]; /* a metric's words before it ("plus de"), else "" */
    char prefix[32]; /* "€" in en "€30M", else "" */
    char number[64]; /* "125,9", "1 600" (U+202F group), "30" */
    char suffix[64]; /* " Pflop/s", " %", " M€", " million", "M" */
    char text[192];  /* the qualifier, U+00A0 and the three joined; the
                        three alone without a qualifier */
} kf_number;

/* decimals < 0 means "as many as the value needs" (at most 6; compact
 * figures then keep one decimal below 10 and none above, and more when
 * that would print a figure more than 1 % from the value: "12,5 Md€").
 * A negative value is written with U+2212 MINUS SIGN.  `unit` may be
 * NULL or "": "%" is a percentage of 100, "EUR", "USD", "GBP" are
 * currencies, anything else is printed after the number.  Returns false
 * (and an empty result) for a value that is not finite, and likewise for
 * one whose digits or unit do not fit the fields above (beyond about
 * 1e30; a unit of up to 50 bytes always fits): a cut figure would be a
 * wrong one. */
bool kf_format_number(kf_locale locale, double value, int decimals,
                      const char *unit, kf_display display, kf_number *out);

/* A calendar date; month == 0 means only the year is known, day == 0 only
 * the year and month ("2025-01"). */
typedef struct {
    int year;
    int month;
    int day;
} kf_date;

/* "15 janvier 2025", "15 January 2025", "January 15, 2025"; with day 0
 * "janvier 2025", "January 2025".  Writes "" for an unset date (year 0). */
void kf_format_date(kf_locale locale, kf_date date, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* The report model (format 1)                                        */
/* ------------------------------------------------------------------ */

typedef struct {
    uint8_t r, g, b;
} kf_color;

/* The most colours theme.palette may give (the chart colours after the
 * theme's primary and accent: KF_PALETTE_SIZE in all, palette.h). */
#define KF_BRAND_COLORS 10

/* The report's logo, read and checked at load (logo.c): opaque here. */
typedef struct kf_logo kf_logo;

/* Where something was written.  `file` is NULL for the report file
 * itself (report->path); a metric read from a CSV file names that file,
 * lent by the report (report->metrics_csv).  A message about a located
 * thing names `file ? file : report->path`. */
typedef struct {
    int line;
    int col;
    const char *file;
} kf_loc;

typedef enum {
    KF_PAPER_A4,
    KF_PAPER_A4_LANDSCAPE,
    KF_PAPER_LETTER,
    KF_PAPER_LETTER_LANDSCAPE,
    KF_PAPER_SCREEN,
    KF_PAPER_SQUARE
} kf_paper;

typedef struct {
    char *id;
    char *title;
    char *publisher; /* NULL when absent */
    char *url;       /* NULL when absent */
    kf_date date;    /* year 0 when absent */
    kf_loc loc;
} kf_source;

/* How a tile and the workbook state a metric's change from `previous`
 * (change.c): the difference in the figure's unit ("+70", "+1,2 pt" for
 * a percentage: points), or with `trend: relative` the difference as a
 * share of the previous value ("+5,9 %"), which the loader accepts only
 * for a previous value of the figure's sign and not 0. */
typedef enum { KF_TREND_ABSOLUTE, KF_TREND_RELATIVE } kf_trend;

/* What a figure's words say of it (`qualifier:`), printed before it in
 * the edition's language: "plus de 1 600" / "more than 1,600", "près
 * de" / "nearly", "jusqu'à" / "up to", "moins de" / "less than".  The
 * number itself stays the value (the workbook's cell computes with it). */
typedef enum {
    KF_QUALIFIER_NONE,
    KF_QUALIFIER_MORE_THAN,
    KF_QUALIFIER_ABOUT,
    KF_QUALIFIER_UP_TO,
    KF_QUALIFIER_LESS_THAN
} kf_qualifier;

/* Which values get a sign (`sign:`): KF_SIGN_AUTO, the negative ones
 * (U+2212); KF_SIGN_ALWAYS, also the positive ones ("+30 M€"), 0 and a
 * figure that rounds to 0 keeping none. */
typedef enum { KF_SIGN_AUTO, KF_SIGN_ALWAYS } kf_sign;

typedef struct {
    char *id;
    char *label;
    double value;
    char *unit;   /* NULL when absent */
    int decimals; /* -1 when absent */
    kf_display display;
    kf_qualifier qualifier; /* default KF_QUALIFIER_NONE */
    kf_sign sign;           /* default KF_SIGN_AUTO */
    int source;    /* index into report->sources, -1 when absent */
    kf_date as_of; /* year 0 when absent: then its source's date */
    bool stale;    /* older than report.max_age at the report's date */
    bool has_previous;
    double previous;
    kf_date previous_as_of; /* year 0 when absent: the comparison period */
    kf_trend trend;         /* default KF_TREND_ABSOLUTE */
    int sparkline;          /* index into report->series, -1 when absent */
    kf_loc loc;
} kf_metric;

/* A metric's figure as its tile prints it: kf_format_number's, with its
 * `qualifier` ("plus de", after a U+00A0 in `text`: "plus de 1 600") and
 * with `sign: always` a "+" before a positive figure ("+30 M€", "+€30M":
 * in front of the prefix, as the minus), none before one that prints 0.
 * Returns false, with an empty result, as kf_format_number. */
bool kf_format_metric(kf_locale locale, const kf_metric *metric,
                      kf_number *out);

/* The words of a qualifier in `locale`'s language ("plus de", "more
 * than"; "" for KF_QUALIFIER_NONE): static. */
const char *kf_qualifier_words(kf_locale locale, kf_qualifier qualifier);

typedef struct {
    char *label;
    double value;
    kf_loc loc;
} kf_point;

typedef struct {
    char *id;
    char *title;
    char *unit;   /* NULL when absent */
    int decimals; /* -1 when absent */
    kf_point *points;
    size_t npoints;
    int source; /* index into report->sources, -1 when absent */
    kf_date as_of; /* year 0 when absent: then its source's date */
    bool stale;    /* older than report.max_age at the report's date */
    kf_loc loc;
} kf_series;

typedef enum { KF_BLOCK_KPIS, KF_BLOCK_CHART, KF_BLOCK_TEXT } kf_block_kind;
typedef enum {
    KF_CHART_BAR,
    KF_CHART_HBAR,
    KF_CHART_DONUT,
    KF_CHART_LINE,     /* points in order, one line per series */
    KF_CHART_STACKED,  /* several series sharing their labels, stacked bars */
    KF_CHART_WAFFLE,   /* shares out of 100 squares */
    KF_CHART_PROGRESS  /* shares of 100 as bars */
} kf_chart_type;

typedef struct {
    kf_block_kind kind;
    size_t *metrics; /* KF_BLOCK_KPIS: indexes into report->metrics */
    size_t nmetrics;
    /* KF_BLOCK_KPIS written `hero: ID`: one tile whose figure is the
     * page's headline, as large as its cell allows (nmetrics 1). */
    bool hero;
    kf_chart_type chart; /* KF_BLOCK_CHART */
    /* KF_BLOCK_CHART: the series shown, indexes into report->series;
     * series == series_list[0].  A waffle or progress chart of one metric
     * has no series (nseries 0) and `metric` set. */
    size_t series;
    size_t *series_list;
    size_t nseries;
    int metric; /* waffle, progress: index into report->metrics, or -1 */
    char *title; /* a chart's title; NULL: its (first) series' title, or
                    its metric's label */
    char *alt;   /* a chart's text alternative (alt:) for readers who do
                    not see it; NULL: written from its data (alt.c) */
    /* KF_BLOCK_TEXT: paragraphs separated by blank lines, with *emphasis*
     * and **bold**. */
    char *text;
    /* A chart's `height: MM`, in points; 0: sized from its content and the
     * room on its page. */
    double height;
    /* Side by side: a `row:` of the report file is read as its blocks, in
     * order, each with the same `row` (1, 2... on its page; 0: a block of
     * its own, the page's width), and its `width`, its share of the row
     * (default 1); at most KF_ROW_MAX blocks a row.  row_loc is where the
     * row is written. */
    int row;
    double width;
    kf_loc row_loc;
    kf_loc loc;
} kf_block;

#define KF_ROW_MAX 8

typedef struct {
    char *title;
    kf_block *blocks;
    size_t nblocks;
    kf_loc loc;
    /* The default layout's page (no `pages` in the file): every metric
     * and series, so its messages speak of them, not of blocks. */
    bool generated;
} kf_page;

/* The most sheets an edition of a report takes (the cover, contents and
 * appendix included): a report that needs more is an error at layout,
 * not hundreds of pages.  What a sheet costs to write decides it
 * (docs/format.md, "Limits"; bench/limits.py measures it). */
#define KF_MAX_SHEETS 50

/* An age limit: "18m" is 18 months, "2y" 24 months, "90d" 90 days. */
typedef struct {
    int months;
    int days;
} kf_age;

/* The languages an edition can be in (report.languages). */
#define KF_MAX_LANGUAGES 2

typedef struct {
    char *path; /* the file it was loaded from */
    int format; /* 1 */
    char *title;
    char *subtitle;     /* NULL when absent */
    kf_loc title_loc;    /* where the title and the subtitle are written: */
    kf_loc subtitle_loc; /* the header's and the cover's warnings say it */
    char *organisation; /* NULL when absent */
    kf_date date;       /* year 0 when absent */
    kf_locale locale;   /* default fr-FR */
    kf_paper paper;     /* default A4 */
    kf_color primary;   /* default #12355B */
    kf_color accent;    /* default #D1495B */
    kf_loc primary_loc; /* where theme.primary is written; line 0: not */
    /* theme.background, theme.text and theme.figures: the sheets' colour
     * (default white), their text's and their figures' when given
     * (has_text, has_figures), else chosen from the background
     * (kf_page_colors_of, palette.h).  has_background: the theme gives
     * one, and the colours are then checked against it. */
    kf_color background;
    kf_color text;
    kf_color figures;
    bool has_background, has_text, has_figures;
    /* theme.palette: the brand's chart colours, after primary and
     * accent (palette.h); npalette 0: keyfig chooses them all. */
    kf_color palette[KF_BRAND_COLORS];
    size_t npalette;
    char *font;         /* the family, default "Inter" */
    /* theme.fonts: NULL, or the folder of the brand's font files as
     * written; `fontset` is then the font set made of them (fontset.h),
     * 0 for keyfig's own fonts. */
    char *fonts;
    int fontset;
    char *logo;      /* NULL, or the path as written (in the report file,
                        or in the brand file) */
    char *logo_file; /* the logo as a path from the current directory,
                        ready to open; NULL when `logo` is */
    char *brand;     /* NULL, or the brand file read (report.brand or
                        --brand), as a path from the current directory */
    kf_logo *logo_image; /* the logo read at load (PNG or SVG), or NULL */
    bool cover;         /* a cover page with a contents list */
    bool appendix_data; /* an appendix page with every chart's data */

    /* Editions: every text may be given per language ({fr: ..., en: ...});
     * a report is loaded as one edition, in `language`, formatted in
     * `locale`.  `languages` lists every edition of the file in its
     * order (report.languages, or the one language of report.locale). */
    const char *language; /* "fr" or "en": one of `languages` */
    const char *languages[KF_MAX_LANGUAGES];
    size_t nlanguages;

    /* Provenance (report.max_age, report.stale): figures older than
     * max_age (both fields 0: no limit) at the report's date are `stale`
     * and warned about; with stale_mark the pages mark them too. */
    kf_age max_age;
    bool stale_mark;
    char *metrics_csv; /* the CSV the metrics came from, or NULL */

    kf_source *sources;
    size_t nsources;
    kf_metric *metrics;
    size_t nmetrics;
    kf_series *series;
    size_t nseries;
    kf_page *pages;
    size_t npages;
} kf_report;

/* An empty report with every default set; the loader fills it. */
kf_report *kf_report_new(void);
void kf_report_free(kf_report *report);

/* What the command line can change in how a report is read. */
typedef struct {
    /* The edition to load: "fr" or "en", one of report.languages; NULL:
     * the first of them. */
    const char *language;
    /* A CSV file of metrics (keyfig --metrics), read instead of the
     * report's metrics_csv; NULL: the report's own. */
    const char *metrics_csv;
    /* "18m", "2y", "90d" (keyfig --max-age): replaces report.max_age;
     * NULL: the report's own. */
    const char *max_age;
    /* A brand file (keyfig --brand), read instead of the report's
     * report.brand; NULL: the report's own. */
    const char *brand;
} kf_load_options;

/* Reads and validates a report file (YAML, or JSON when the name ends in
 * ".json") as one edition.  `options` may be NULL (all defaults).  Every
 * problem found goes to `diags`; returns NULL when there is at least one
 * error.  Warnings do not make it fail. */
kf_report *kf_report_load(const char *path, const kf_load_options *options,
                          kf_diags *diags);
/* The same from memory; `name` is used in diagnostics and to tell JSON
 * (a name ending in ".json") from YAML. */
kf_report *kf_report_load_buffer(const char *name, const char *data,
                                 size_t size, const kf_load_options *options,
                                 kf_diags *diags);

/* Parses an age such as "18m", "2y" or "90d" (a whole number, then d, m
 * or y); false for anything else. */
bool kf_age_parse(const char *text, kf_age *out);

/* The date the outputs carry: SOURCE_DATE_EPOCH when it is set, else the
 * report's date (at 00:00 UTC), else 1 January 2000. */
int64_t kf_report_epoch(const kf_report *report);

/* ------------------------------------------------------------------ */
/* Fonts                                                              */
/* ------------------------------------------------------------------ */

/* Sets up the private fontconfig configuration (fonts/fonts.conf, or the
 * file named by $KEYFIG_FONTS_CONF) once per process, before any font map
 * exists.  Safe to call many times and from many threads. */
kf_status kf_fonts_init(kf_diags *diags);

/* ------------------------------------------------------------------ */
/* Layout: boxes in points, computed once, drawn on every surface      */
/* ------------------------------------------------------------------ */

typedef enum {
    KF_ITEM_RECT, /* filled rectangle, optional corner radius */
    KF_ITEM_TEXT, /* one line of text, already broken */
    KF_ITEM_ARC,  /* filled ring sector (donut slice) */
    KF_ITEM_LINE, /* stroked segment */
    KF_ITEM_IMAGE /* the report's logo, scaled into (x, y, w, h) with its
                     aspect kept */
} kf_item_kind;

typedef enum {
    KF_WEIGHT_REGULAR = 400,
    KF_WEIGHT_MEDIUM = 500,
    KF_WEIGHT_SEMIBOLD = 600,
    KF_WEIGHT_BOLD = 700
} kf_weight;

/* One thing to draw.  (x, y, w, h) is its bounding box in points from the
 * page's top-left corner: for text, the ink-independent logical box of the
 * line (from ascent to descent), so boxes can be checked for overlaps. */
typedef struct {
    kf_item_kind kind;
    double x, y, w, h;
    kf_color color;
    int block; /* index of the page block it belongs to; -1: page chrome */
    /* The PDF structure tag ("H1", "H2", "P", "Figure", or "TH", "TD" for
     * a cell of a table) or NULL (an artifact: decoration, pagination);
     * runs of items with the same tag and block (and cell) form one
     * structure element. */
    const char *tag;
    int row, col; /* a TH or TD: its cell; the cells of a block in a run
                     form a Table, those of one row a TR */

    /* KF_ITEM_RECT */
    double radius;

    /* KF_ITEM_TEXT */
    char *text;
    double size; /* font size in points */
    kf_weight weight;
    double baseline; /* y of the baseline */
    char *link;      /* NULL, a URI, or "#name": a link to a destination */
    char *dest;      /* NULL, or the name of a destination at this text */
    /* Quarter turns counter-clockwise (0 or 1): a turned text reads
     * upwards from its origin (cx, baseline); (x, y, w, h) is then the
     * turned box. */
    int turns;
    bool markup; /* `text` is Pango markup (<b>, <i>): a styled line */
    bool tabular; /* tabular figures (OpenType tnum), as in charts, legends,
                     axes and tables: every digit one advance */

    /* KF_ITEM_ARC: centre, radii and angles in radians, 0 = 12 o'clock,
     * clockwise */
    double cx, cy, r_outer, r_inner, a0, a1;

    /* KF_ITEM_LINE: from (cx, cy) to (x2, y2) */
    double x2, y2, line_width;
} kf_item;

/* The box a page block was given; every item of the block lies inside.
 * A block cut across pages (KPI rows, lines of a text, points of an hbar
 * chart, rows of a table) has a box on each page, around its piece. */
typedef struct {
    double x, y, w, h;
    int block;  /* index of the block in its report page (on the
                   appendix page: in the appendix's own list of tables) */
    int page;   /* index into report->pages; -1 on the appendix page */
} kf_block_box;

typedef struct {
    double width, height; /* points */
    /* The sheet's colour, painted under its items when has_paper (a
     * theme's background); else white, as a zeroed page is. */
    kf_color paper;
    bool has_paper;
    char *title;
    int report_page; /* index into report->pages it comes from; -1 for
                        the cover and the appendix (report.appendix) */
    bool continued;  /* a continuation of the previous page (a block or a
                        text too long for one page goes on there) */
    kf_item *items;
    size_t count;
    size_t cap;
    kf_block_box *blocks;
    size_t nblocks;
    bool failed; /* while laying out: an item could not be added (no
                    memory), so kf_layout_new fails; never set after */
} kf_layout_page;

typedef struct {
    char *font; /* the font key every text item uses: its family and
                   font set (internal: not for messages) */
    kf_logo *logo; /* what KF_ITEM_IMAGE draws: the report's logo, copied
                      (owned), or NULL */
    kf_layout_page *pages;
    size_t npages;
} kf_layout;

/* Lays out every page of the report into *out.  Needs kf_fonts_init()
 * first (done here if not).  Problems that do not stop the layout (a
 * missing glyph, a label that had to shrink) become warnings.  Every page
 * of the report is laid out, or the call fails: returns KF_OK, or the
 * failure (KF_ERR_MEMORY, KF_ERR_FONT...) with an error in `diags` and
 * *out NULL. */
kf_status kf_layout_new(const kf_report *report, kf_diags *diags,
                        kf_layout **out);
void kf_layout_free(kf_layout *layout);

/* ------------------------------------------------------------------ */
/* Outputs: one module each, all with the same shape                   */
/* ------------------------------------------------------------------ */

/* Each writes to a temporary file beside `path` and renames it into place
 * only on success, so a failure never leaves a partial or replaced file.
 * A failure adds an error naming the file and returns KF_ERR_OUTPUT. */
kf_status kf_write_pdf(const kf_report *report, const kf_layout *layout,
                       const char *path, kf_diags *diags);
/* Writes page `page` (from 0) at `dpi` dots per inch. */
kf_status kf_write_png(const kf_report *report, const kf_layout *layout,
                       size_t page, double dpi, const char *path,
                       kf_diags *diags);
kf_status kf_write_svg(const kf_report *report, const kf_layout *layout,
                       size_t page, const char *path, kf_diags *diags);
kf_status kf_write_xlsx(const kf_report *report, const kf_layout *layout,
                        const char *path, kf_diags *diags);

/* ------------------------------------------------------------------ */
/* Building every output of a report, and batches (one report per CSV  */
/* row).  Defined in build.c and batch.c.                              */
/* ------------------------------------------------------------------ */

/* The outputs kf_build_outputs writes, as bits. */
enum {
    KF_FORMAT_PDF = 1,  /* DIR/STEM.pdf */
    KF_FORMAT_PNG = 2,  /* DIR/STEM-1.png, DIR/STEM-2.png... (per page) */
    KF_FORMAT_SVG = 4,  /* DIR/STEM-1.svg... */
    KF_FORMAT_XLSX = 8  /* DIR/STEM.xlsx */
};

/* Writes the outputs of `formats` for a laid-out report into the
 * existing directory `dir`, named after `stem` (trusted: no '/' in it
 * unless meant), PNGs at `dpi`: what `keyfig build` does.  The files are
 * written in parallel, one thread per online core (the bytes are the same
 * as written one by one), and every file is attempted even after one
 * fails.  Returns KF_OK or the status of the last failure in the order
 * PDF, pages, workbook; the problems go to `diags` in that order too.
 * The files replace those of their names only once every one is
 * written: a set that fails is not written at all. */
kf_status kf_build_outputs(const kf_report *report, const kf_layout *layout,
                           const char *dir, const char *stem,
                           unsigned formats, double dpi, kf_diags *diags);

/* One edition of a report, laid out, and the stem of its files. */
typedef struct {
    const kf_report *report;
    const kf_layout *layout;
    const char *stem;
} kf_edition;

/* kf_build_outputs for several editions as one set: the files of every
 * edition share the threads (a core idle at the end of one edition's
 * pages takes the next one's), the problems come edition by edition, and
 * no file replaces an earlier one unless every file of every edition was
 * written. */
kf_status kf_build_editions(const kf_edition *editions, size_t count,
                            const char *dir, unsigned formats, double dpi,
                            kf_diags *diags);

/* Asks every kf_build_outputs running in the process to begin no further
 * file: each file being written is finished (whole, and renamed), the
 * others are not started.  Async-signal-safe, for a SIGINT handler; it
 * stays in force until the process ends. */
void kf_build_cancel(void);

/* A batch: one template report, one CSV of entities, a report per row.
 * The template is any report file whose values may hold `{{column}}`
 * placeholders; a row's report is the template with each placeholder
 * replaced by the row's field (README.md, "One sheet per entity"). */
typedef struct kf_batch kf_batch;

typedef struct {
    const char *outdir;      /* an existing directory: every file goes in it */
    unsigned formats;        /* KF_FORMAT_* bits */
    double dpi;              /* PNG resolution */
    const char *name_column; /* the column naming the outputs; NULL: the first */
    /* Build only the rows whose index (from 0) modulo `shards` is
     * `shard`; `shards` 0 or 1 builds every row. */
    unsigned shard;
    unsigned shards;
    /* The editions to build, in order (static strings, as
     * report->languages); nlanguages 0: every language of the template. */
    const char *languages[KF_MAX_LANGUAGES];
    size_t nlanguages;
    const char *max_age; /* as kf_load_options.max_age; NULL: the template's */
    const char *brand;   /* as kf_load_options.brand; NULL: the template's */
    bool strict;         /* a row with a warning fails and writes nothing */
} kf_batch_options;

/* Reads the template and the CSV, checks every placeholder names a column
 * (errors at the template's locations) and chooses each row's output name
 * (safe and unique, see the README).  Returns NULL after errors in
 * `diags` (which must not be NULL).  The options are copied; the strings
 * in them must outlive the batch. */
kf_batch *kf_batch_new(const char *template_path, const char *csv_path,
                       const kf_batch_options *options, kf_diags *diags);
/* Frees the batch; NULL is a no-op.  Not while kf_batch_run runs. */
void kf_batch_free(kf_batch *batch);
/* The number of rows this shard of the batch builds. */
size_t kf_batch_count(const kf_batch *batch);

/* What became of one row, handed to the caller's callback. */
typedef struct {
    size_t index;      /* the data row, from 0 (the header is not a row) */
    int line;          /* the CSV line it starts on */
    const char *name;  /* the output stem: STEM.pdf, STEM-1.png... */
    kf_status status;  /* KF_OK: every file written */
    bool stopped;      /* cancelled before all its files were written */
    const kf_diags *diags; /* its errors and warnings, in order */
} kf_batch_row;

typedef struct {
    size_t built;   /* rows with every file written */
    size_t failed;  /* rows with an error */
    size_t stopped; /* rows left out or cut short by kf_batch_cancel */
    double seconds; /* wall time of kf_batch_run */
} kf_batch_summary;

/* Builds the rows in `jobs` threads (0: one per online core), handing them
 * out one at a time.  `on_row` (may be NULL) is called once per row, in
 * row order, and `on_progress` (may be NULL) about ten times a second and
 * once at the end; both only on the calling thread, with `ctx`.  Each
 * file is byte-identical whatever `jobs`.  Returns KF_OK when every row
 * was built, KF_ERR_OUTPUT when a file could not be written, KF_ERR_INPUT
 * when a row was invalid (output failures win), and fills `summary` (may
 * be NULL).  A row's failure never stops the others. */
kf_status kf_batch_run(kf_batch *batch, int jobs,
                       void (*on_row)(void *ctx, const kf_batch_row *row),
                       void (*on_progress)(void *ctx, size_t done,
                                           size_t total, double seconds),
                       void *ctx, kf_batch_summary *summary);

/* Asks a running batch to stop: no row or file is begun after it, the
 * files being written are finished (so none is left half-written), and
 * kf_batch_run returns.  Only sets a flag: safe in a signal handler. */
void kf_batch_cancel(kf_batch *batch);

#endif /* KEYFIG_H */
