/*
 * text.h: fonts and text measurement, shared by layout (which measures and
 * breaks lines) and drawing (which shows them), so that both see the same
 * glyph advances on every surface.
 */
#ifndef KF_TEXT_H
#define KF_TEXT_H

#include "keyfig.h"

#include <pango/pangocairo.h>

/* ORed into the weight given to any function below (weights are
 * multiples of 100, so the bit changes none): the text's digits then all
 * take one advance (OpenType `tnum`).  Only here: a kf_item says it with
 * its `tabular`. */
#define KF_FIGURES_TABULAR 1

/* The calling thread's pango context for the font set of font key `font`
 * (fontset.h; NULL: keyfig's own fonts), created on first use over the
 * thread's own font map of that set, with unhinted metrics: advances are
 * the same at every scale, so a line measured by the layout fits when
 * drawn on a PDF or on a 300 dpi PNG.  Lent; lives until the thread
 * ends.  NULL when the fonts cannot be set up.
 *
 * Every `family` below is a font key: the family, and the set its
 * context comes from. */
PangoContext *kf_text_context(const char *font);

/* Metrics of one line of text in points. */
typedef struct {
    double width;
    double ascent;  /* baseline to the top of the logical box */
    double descent; /* baseline to the bottom */
    int unknown_glyphs;
} kf_text_extent;

/* A PangoLayout for one line of `text` in `family` at `size` points, with
 * the attributes every keyfig text carries (no ligatures, so extracted text
 * keeps its code points).  The caller unrefs it. */
PangoLayout *kf_text_layout(PangoContext *context, const char *family,
                            const char *text, double size, kf_weight weight);
/* The same for a line of Pango markup. */
PangoLayout *kf_text_layout_markup(PangoContext *context, const char *family,
                                   const char *markup, double size,
                                   kf_weight weight);

kf_text_extent kf_text_measure(const char *family, const char *text,
                               double size, kf_weight weight);

/* One line of `text` (or of Pango markup when `markup`) shaped in the
 * thread's context, ready to draw on any surface whose transformation
 * has no rotation: from the thread's cache, so a line drawn again (by
 * another output of the report, by the next sheet of a batch) is not
 * shaped again.  The caller unrefs it and must not change it.  NULL when
 * the fonts cannot be had. */
PangoLayout *kf_text_shaped(const char *family, const char *text,
                            double size, kf_weight weight, bool markup);

/* The same for one line of Pango markup (<b>, <i>, escaped text). */
kf_text_extent kf_text_measure_markup(const char *family, const char *markup,
                                      double size, kf_weight weight);

/* A styled stretch of a paragraph: bytes [start, end) of its plain text. */
typedef struct {
    size_t start, end;
    bool bold;
    bool italic;
} kf_text_span;

/* Breaks a paragraph of a text block, with styled spans, into lines no
 * wider than `width`, each returned as Pango markup carrying its part of
 * the spans.  Its words of KF_HYPHEN_MIN_WORD letters or more are
 * hyphenated by the rules of `locale`'s language (hyphen.h) wherever a
 * line would otherwise end short, but no more than two lines in a row
 * end in a hyphen (the word that would end a third moves whole to the
 * next line, when it fits on one); a word joined by hyphens breaks at
 * them; as kf_text_wrap otherwise. */
size_t kf_text_wrap_rich(kf_locale locale, const char *family,
                         const char *text,
                         const kf_text_span *spans, size_t nspans,
                         double size, kf_weight weight, double width,
                         char ***lines);

/* Breaks `text` into lines no wider than `width` points, hyphenating long
 * words by the rules of `locale`'s language (KF_TEXT_BREAK_HYPHEN ends
 * such a line).  Words joined by a hyphen ("Paris-Saclay") are kept whole
 * when they fit on a line; a word longer than a line is cut with a
 * hyphen, a number with none (after a group of its digits when it has
 * groups).  Returns the number of lines and
 * sets *lines to a malloc'ed array of malloc'ed strings (free with
 * kf_text_lines_free).  *widest gets the widest line's width. */
size_t kf_text_wrap(kf_locale locale, const char *family, const char *text,
                    double size,
                    kf_weight weight, double width, char ***lines,
                    double *widest);
void kf_text_lines_free(char **lines, size_t count);

/* What a line of kf_text_wrap or kf_text_wrap_rich broken inside a word
 * (hyphenated, or a word too long for a line cut) ends with: a soft
 * hyphen (U+00AD, which shows nothing and takes no room), then the
 * hyphen shown.  The soft hyphen says that hyphen is the break's, not
 * the text's own ("Paris-" of "Paris-Saclay" ends in its own '-'):
 * drawing gives its glyph the soft hyphen as its text (draw.c), so that
 * the PDF's text reads the word whole. */
#define KF_TEXT_BREAK_HYPHEN "\xC2\xAD-"
#define KF_TEXT_BREAK_HYPHEN_LEN 3

/* Whether the `len` bytes of `text` end in KF_TEXT_BREAK_HYPHEN. */
bool kf_text_ends_in_break_hyphen(const char *text, size_t len);

/* Makes the calling thread's caches of measures and shaped lines hold at
 * least `measures` and `shaped` results (up to a few tens of thousands)
 * before they are emptied: a layout that measures more texts than the
 * caches hold measures each of them again and again (a report of 1100
 * tiles took 1.8 times the instructions).  The caches never shrink; a
 * batch of small sheets keeps the small default ones. */
void kf_text_cache_reserve(size_t measures, size_t shaped);

#endif
