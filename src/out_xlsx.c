/*
 * out_xlsx.c: the Excel workbook, the analyst's copy of the fact sheet.
 *
 * One sheet of key figures (an Excel table of real numbers), one sheet per
 * series with a native chart of the type the PDF draws, a sheet of sources
 * and an "about" sheet.  Every figure keeps its full value in the cell and
 * carries a number format built from the same kf_number_plan as the PDF's
 * text, so a reader in the report's locale sees the very same figure
 * ("30 M€", "21,5 %") while formulas compute with 30000000 and 0.215.
 *
 * libxlsxwriter 1.1.4 crashes on empty strings and invalid sheet or
 * defined names, so nothing here passes it either: every string goes
 * through put_text() and every name is made valid before use.  The first
 * libxlsxwriter error is kept (as cairo keeps its first error) and later
 * calls go on; the workbook is only renamed into place when there was none
 * and workbook_close() succeeded.
 */
#include "change.h"
#include "chart_kind.h"
#include "keyfig.h"
#include "check_int.h"
#include "format.h"
#include "output.h"
#include "palette.h"

#include <xlsxwriter.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Excel's limits. */
#define SHEET_NAME_MAX 31 /* UTF-16 code units */
#define NAME_MAX_LEN 255
#define NUM_FORMAT_MAX 256

/* Where things sit. */
#define COL_ID 0
#define COL_LABEL 1
#define COL_VALUE 2
#define COL_UNIT 3
#define COL_SOURCE 4
#define COL_AS_OF 5
#define COL_PREVIOUS 6
#define COL_CHANGE 7
#define COL_STALE 8 /* only with report.max_age */
#define KEY_COLS 9
/* A chart sheet: the labels, one column per series (a stacked chart has
 * at most 8), then unit, source, as-of and stale columns. */
#define CHART_SERIES_MAX 8
#define MAX_COLS (1 + CHART_SERIES_MAX + 4)
#define ABOUT_TOP 7 /* the About sheet's table of pages starts here */
#define ABOUT_COLS 5

/* Column widths, in Excel character units. */
#define WIDTH_MIN 6.0
#define WIDTH_MAX 60.0

/* A native chart as libxlsxwriter inserts it (480 x 288 pixels, scaled)
 * and Excel's default row height, in pixels: the chart covers
 * CHART_ROWS rows from its top. */
#define CHART_SCALE 1.25
#define CHART_W_PX (480 * CHART_SCALE)
#define CHART_H_PX (288 * CHART_SCALE)
#define ROW_PX 20

/* Words of the sheets, in the report's language. */
typedef struct {
    const char *key_sheet;
    const char *about_sheet;
    const char *sources_sheet;
    const char *chart_fallback; /* "Graphique" + number */
    const char *key_headers[KEY_COLS];
    const char *label_header;
    const char *chart_headers[4]; /* unit, source, as of, stale */
    const char *source_headers[5];
    const char *about_labels[6];
    const char *language; /* the edition's, in its own words */
    const char *pages_headers[ABOUT_COLS];
    const char *kind_metric;
    const char *kind_series;
    const char *kind_chart;
    const char *rest; /* the part of a whole a waffle leaves uncoloured */
} words;

static const words words_fr = {
    "Chiffres clés",
    "À propos",
    "Sources",
    "Graphique",
    {"id", "libellé", "valeur", "unité", "source", "date", "valeur précédente",
     "variation", "fraîcheur"},
    "libellé",
    {"unité", "source", "date", "fraîcheur"},
    {"id", "titre", "éditeur", "date", "url"},
    {"Titre", "Sous-titre", "Organisation", "Date d'édition", "Généré par",
     "Langue"},
    "français",
    {"id", "type", "libellé", "page du PDF", "feuille"},
    "chiffre clé",
    "série",
    "graphique",
    "reste",
};

static const words words_en = {
    "Key figures",
    "About",
    "Sources",
    "Chart",
    {"id", "label", "value", "unit", "source", "as of", "previous value",
     "change", "freshness"},
    "label",
    {"unit", "source", "as of", "freshness"},
    {"id", "title", "publisher", "date", "url"},
    {"Title", "Subtitle", "Organisation", "Edition date", "Generator",
     "Language"},
    "English",
    {"id", "type", "label", "PDF page", "sheet"},
    "key figure",
    "series",
    "chart",
    "rest",
};

/* A number format string and the lxw_format made for it, so each format
 * is added to the workbook once. */
typedef struct {
    char *num_format;
    bool bold;
    lxw_format *format;
} format_entry;

/* Names in use, folded to lower case (Excel compares them without case),
 * in a hash table: a thousand charts of one title must not cost a
 * million comparisons.  `next` is, for a name used as a base, the next
 * " (k)" to try after it. */
typedef struct {
    char *key;
    int next;
} name_slot;

typedef struct {
    name_slot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t count;
} nameset;

/* What the About sheet says of one sheet of the workbook: the figure or
 * chart it holds and the PDF page (from 1) showing it, 0 for none. */
typedef struct {
    char *id;
    const char *kind;
    char *label;
    int page;
    char *sheet;
} about_row;

typedef struct {
    const kf_report *report;
    const kf_layout *layout;
    const words *w;
    lxw_workbook *wb;
    lxw_error err;   /* the first libxlsxwriter error */
    bool out_of_mem; /* an allocation of ours failed */

    format_entry *formats;
    size_t nformats;
    size_t formats_cap;

    /* Sheet names in one set; defined and table names (one namespace in
     * Excel) in the other; and the bases of sheet names made unique with
     * " (k)", with the next k to try. */
    nameset sheets;
    nameset names;
    nameset bases;

    /* Per-sheet column widths being gathered. */
    double widths[MAX_COLS];

    /* The PDF page (from 1) each metric first appears on, 0 when on
     * none; for each report page, the PDF page of each of its blocks
     * (block_page[page_block[p] + b]). */
    int *metric_page;
    size_t *page_block;
    int *block_page;
    /* Does a chart block show the series?  A series in none gets a sheet
     * of its own. */
    bool *series_charted;

    about_row *about;
    size_t nabout;
    size_t about_cap;
} xlsx;

/* ------------------------------------------------------------------ */
/* Small helpers                                                      */
/* ------------------------------------------------------------------ */

static void
note(xlsx *x, lxw_error err)
{
    if (x->err == LXW_NO_ERROR && err != LXW_NO_ERROR)
        x->err = err;
}

static bool
empty(const char *s)
{
    return !s || !*s;
}

/* Copies src into dst of `size` bytes, cut if it must be (callers size
 * dst for the longest name they make, so it never is). */
static void
copy_str(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static char *
dup_str(xlsx *x, const char *s)
{
    size_t n = strlen(s);
    char *copy = malloc(n + 1);
    if (!copy) {
        x->out_of_mem = true;
        return NULL;
    }
    memcpy(copy, s, n + 1);
    return copy;
}

/* Decodes one UTF-8 code point at s (s[0] != 0), sets *len to its byte
 * length.  A malformed byte decodes as itself (Latin-1), length 1, so a
 * broken string still walks to its end. */
static uint32_t
utf8_next(const char *s, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *len = 1;
        return u[0];
    }
    int n = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 0;
    if (n == 0 || u[0] >= 0xF8) {
        *len = 1;
        return u[0];
    }
    uint32_t cp = u[0] & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *len = 1;
            return u[0];
        }
        cp = (cp << 6) | (u[i] & 0x3F);
    }
    *len = (size_t)n;
    return cp;
}

/* Length of a UTF-8 string in UTF-16 code units, as Excel counts. */
static size_t
utf16_len(const char *s)
{
    size_t units = 0;
    while (*s) {
        size_t len;
        uint32_t cp = utf8_next(s, &len);
        units += cp >= 0x10000 ? 2 : 1;
        s += len;
    }
    return units;
}

/* Characters a column needs, roughly: code points. */
static double
text_width(const char *s)
{
    double n = 0;
    while (s && *s) {
        size_t len;
        utf8_next(s, &len);
        n += 1;
        s += len;
    }
    return n;
}

static void
widen(xlsx *x, int col, double chars)
{
    if (col >= 0 && col < MAX_COLS && chars > x->widths[col])
        x->widths[col] = chars;
}

/* Simple case folding for name comparisons: Excel compares sheet and
 * defined names without case.  Covers ASCII, Latin-1, Latin Extended-A,
 * Greek and Cyrillic capitals, which is what report titles use. */
static uint32_t
fold(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 32;
    if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x131 &&
        cp != 0x138 && cp != 0x149 && cp != 0x17F) {
        bool odd_lower =
            (cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177);
        if (odd_lower)
            return cp | 1;
        if (cp % 2 == 1) /* 0x139..0x148, 0x179..0x17E: capitals are odd */
            return cp + 1;
        return cp;
    }
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
        return cp + 32;
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 32;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 80;
    return cp;
}

static bool
same_name(const char *a, const char *b)
{
    while (*a && *b) {
        size_t la, lb;
        uint32_t ca = utf8_next(a, &la), cb = utf8_next(b, &lb);
        if (fold(ca) != fold(cb))
            return false;
        a += la;
        b += lb;
    }
    return *a == *b;
}

/* A name folded as Excel compares names (UTF-8 of the folded code
 * points), malloc'ed; NULL when out of memory. */
static char *
fold_dup(xlsx *x, const char *s)
{
    char *out = malloc(strlen(s) * 2 + 1);
    if (!out) {
        x->out_of_mem = true;
        return NULL;
    }
    size_t n = 0;
    while (*s) {
        size_t len;
        uint32_t cp = fold(utf8_next(s, &len));
        if (cp < 0x80) {
            out[n++] = (char)cp;
        } else if (cp < 0x800 && len >= 2) {
            out[n++] = (char)(0xC0 | (cp >> 6));
            out[n++] = (char)(0x80 | (cp & 0x3F));
        } else {
            /* Unfolded (or a malformed byte): the bytes as they are. */
            memcpy(out + n, s, len);
            n += len;
        }
        s += len;
    }
    out[n] = '\0';
    return out;
}

static uint64_t
hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* The slot of folded `key` in `set`: its entry, or the empty slot where
 * it would go.  Only looked up, never walked, so no output depends on
 * the hash order. */
static name_slot *
nameset_slot(nameset *set, const char *key)
{
    size_t mask = set->cap - 1;
    for (size_t i = (size_t)hash_str(key) & mask;; i = (i + 1) & mask)
        if (!set->slots[i].key || strcmp(set->slots[i].key, key) == 0)
            return &set->slots[i];
}

static bool
nameset_grow(xlsx *x, nameset *set)
{
    if (set->cap && (set->count + 1) * 2 <= set->cap)
        return true;
    nameset grown = {calloc(set->cap ? set->cap * 2 : 64, sizeof(name_slot)),
                     set->cap ? set->cap * 2 : 64, set->count};
    if (!grown.slots) {
        x->out_of_mem = true;
        return false;
    }
    for (size_t i = 0; i < set->cap; i++)
        if (set->slots[i].key)
            *nameset_slot(&grown, set->slots[i].key) = set->slots[i];
    free(set->slots);
    *set = grown;
    return true;
}

/* The entry of `name` (compared without case), or NULL when absent. */
static name_slot *
nameset_find(xlsx *x, nameset *set, const char *name)
{
    if (!set->cap)
        return NULL;
    char *key = fold_dup(x, name);
    if (!key)
        return NULL;
    name_slot *slot = nameset_slot(set, key);
    free(key);
    return slot->key ? slot : NULL;
}

static bool
name_taken(xlsx *x, nameset *set, const char *name)
{
    return nameset_find(x, set, name) != NULL;
}

/* Adds `name` (if absent) and returns its entry; NULL when out of
 * memory. */
static name_slot *
name_add(xlsx *x, nameset *set, const char *name)
{
    if (!nameset_grow(x, set))
        return NULL;
    char *key = fold_dup(x, name);
    if (!key)
        return NULL;
    name_slot *slot = nameset_slot(set, key);
    if (slot->key) {
        free(key);
        return slot;
    }
    slot->key = key;
    slot->next = 2;
    set->count++;
    return slot;
}

static void
nameset_free(nameset *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->slots[i].key);
    free(set->slots);
}

/* ------------------------------------------------------------------ */
/* Formats                                                            */
/* ------------------------------------------------------------------ */

/* A bounded string builder: appends that do not fit set `full`, and the
 * caller then falls back to a plainer format rather than a cut one. */
typedef struct {
    char *buf;
    size_t size;
    size_t len;
    bool full;
} sbuf;

static void
sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->full || b->len + n + 1 > b->size) {
        b->full = true;
        return;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

static void
sb_puts(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

/* Appends text shown as is: in double quotes, where nothing but '"' is
 * special ('%', ',', '0', '#', 'E', ... lose their meaning).  A '"' closes
 * the quotes and is written escaped as \". */
static void
sb_literal(sbuf *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (s[i] == '"') {
            sb_puts(b, "\\\"");
            i++;
            continue;
        }
        size_t run = 0;
        while (i + run < n && s[i + run] != '"')
            run++;
        sb_puts(b, "\"");
        sb_add(b, s + i, run);
        sb_puts(b, "\"");
        i += run;
    }
}

/*
 * Writes into buf (NUM_FORMAT_MAX bytes) the Excel number format, in the
 * en-US syntax the file format requires, that shows a value as `plan`
 * prints it:
 *
 *   digits    "0", "#,##0" when grouped, then "." and one "0" per decimal;
 *   scale     one "," after the digits per factor of 1000 ("#,##0,," for
 *             millions), Excel's own scaling;
 *   percent   the cell holds a fraction (0.21) and the "%" of the suffix
 *             is Excel's percent sign, which multiplies by 100;
 *   text      prefix and the rest of the suffix as quoted literals, with
 *             their no-break spaces (U+00A0, U+202F) kept.
 *
 * A one-section format: Excel puts the minus sign in front by itself, as
 * kf_format_number does.  Returns false if it does not fit (never, with
 * plan's bounded prefix and suffix).
 */
static bool
plan_num_format(const kf_number_plan *plan, char *buf, size_t size)
{
    sbuf b = {buf, size, 0, false};
    buf[0] = '\0';
    sb_literal(&b, plan->prefix, strlen(plan->prefix));
    sb_puts(&b, plan->grouping ? "#,##0" : "0");
    int decimals = plan->decimals < 0    ? 0
                   : plan->decimals > 15 ? 15
                                         : plan->decimals;
    if (decimals > 0) {
        sb_puts(&b, ".");
        for (int i = 0; i < decimals; i++)
            sb_puts(&b, "0");
    }
    for (double s = plan->scale; s >= 999.0; s /= 1000.0)
        sb_puts(&b, ",");
    const char *pct = plan->percent ? strchr(plan->suffix, '%') : NULL;
    if (pct) {
        sb_literal(&b, plan->suffix, (size_t)(pct - plan->suffix));
        sb_puts(&b, "%");
        sb_literal(&b, pct + 1, strlen(pct + 1));
    } else {
        sb_literal(&b, plan->suffix, strlen(plan->suffix));
    }
    return !b.full;
}

/* The lxw_format for a number format (NULL: none), made once. */
static lxw_format *
get_format(xlsx *x, const char *num_format, bool bold)
{
    if (empty(num_format) && !bold)
        return NULL;
    const char *key = num_format ? num_format : "";
    for (size_t i = 0; i < x->nformats; i++)
        if (x->formats[i].bold == bold &&
            strcmp(x->formats[i].num_format, key) == 0)
            return x->formats[i].format;
    if (x->nformats == x->formats_cap) {
        size_t cap = x->formats_cap ? x->formats_cap * 2 : 16;
        format_entry *grown = realloc(x->formats, cap * sizeof(*grown));
        if (!grown) {
            x->out_of_mem = true;
            return NULL;
        }
        x->formats = grown;
        x->formats_cap = cap;
    }
    lxw_format *format = workbook_add_format(x->wb);
    char *copy = dup_str(x, key);
    if (!format || !copy) {
        free(copy);
        x->out_of_mem = true;
        return NULL;
    }
    if (*key)
        format_set_num_format(format, key);
    if (bold)
        format_set_bold(format);
    x->formats[x->nformats++] = (format_entry){copy, bold, format};
    return format;
}

/* A figure as it goes into a cell: the value stored (a fraction for a
 * percentage) and its number format. */
typedef struct {
    double stored;
    char num_format[NUM_FORMAT_MAX];
    char text[192];  /* as the cell shows it, for column widths */
    bool shows_unit; /* the format shows the unit (as the page does) */
    char unit[96];   /* plain figures: the unit as the page prints it */
} figure;

/* The part of a string between its spaces (ASCII, U+00A0, U+202F). */
static void
trim_spaces(const char *s, size_t n, char *out, size_t size)
{
    for (;;) {
        if (n >= 1 && s[0] == ' ') {
            s++, n--;
        } else if (n >= 2 && memcmp(s, "\xc2\xa0", 2) == 0) {
            s += 2, n -= 2;
        } else if (n >= 3 && memcmp(s, "\xe2\x80\xaf", 3) == 0) {
            s += 3, n -= 3;
        } else {
            break;
        }
    }
    for (;;) {
        if (n >= 1 && s[n - 1] == ' ') {
            n--;
        } else if (n >= 2 && memcmp(s + n - 2, "\xc2\xa0", 2) == 0) {
            n -= 2;
        } else if (n >= 3 && memcmp(s + n - 3, "\xe2\x80\xaf", 3) == 0) {
            n -= 3;
        } else {
            break;
        }
    }
    if (n >= size)
        n = size - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

/*
 * Fills *fig for `value`; false for a value that is not finite (the
 * loader rejects those, so this is a guard).  A figure in full shows as
 * the page prints it, unit included ("30 M€", "6 min").  A plain one
 * (`plain`) shows the number alone, grouped and rounded as on the page,
 * so that a column of them reads as numbers; its unit as the page prints
 * it ("min", "€") goes to fig->unit, for a column of its own.  A
 * percentage stays a fraction shown with Excel's "%" in both cases, so
 * its unit is in the cell and fig->unit is empty.
 */
static bool
make_figure_as(const kf_report *report, double value, int decimals,
               const char *unit, kf_display display, bool plain, figure *fig)
{
    kf_number_plan plan;
    kf_number num;
    if (!kf_number_plan_make(report->locale, value, decimals, unit, display,
                             &plan))
        return false;
    fig->stored = plan.percent ? value / 100.0 : value;
    fig->unit[0] = '\0';
    if (plain) {
        char words[160];
        const char *pct = plan.percent ? strchr(plan.suffix, '%') : NULL;
        snprintf(words, sizeof(words), "%s%s", plan.prefix,
                 pct ? pct + 1 : plan.suffix);
        trim_spaces(words, strlen(words), fig->unit, sizeof(fig->unit));
        plan.prefix[0] = '\0';
        if (pct)
            plan.suffix[pct + 1 - plan.suffix] = '\0';
        else
            plan.suffix[0] = '\0';
    }
    fig->shows_unit = plan.prefix[0] || plan.suffix[0];
    if (!plan_num_format(&plan, fig->num_format, sizeof(fig->num_format))) {
        snprintf(fig->num_format, sizeof(fig->num_format), "General");
        fig->shows_unit = false;
    }
    if (kf_format_number(report->locale, value, decimals, unit, display, &num))
        copy_str(fig->text, sizeof(fig->text), num.text);
    else
        fig->text[0] = '\0';
    return true;
}

static bool
make_figure(const kf_report *report, double value, int decimals,
            const char *unit, kf_display display, figure *fig)
{
    return make_figure_as(report, value, decimals, unit, display, false, fig);
}

/*
 * Fills *fig for metric m's `value` (its value, or its previous value
 * with `qualified` false) as its tile prints it: the cell keeps the
 * number, an analyst computes with it, and its number format shows the
 * qualifier as a literal ("plus de "#,##0: "plus de 1 600") and, with
 * `sign: always`, an explicit "+" in a section of its own
 * ("+"0;"-"0;0: Excel writes no plus by itself; zero has no sign).  A
 * format longer than a cell's format may be keeps the figure without
 * them (never, with keyfig's bounded units).
 */
static bool
make_metric_figure(const kf_report *report, const kf_metric *m,
                   double value, bool qualified, figure *fig)
{
    if (!make_figure(report, value, m->decimals, m->unit, m->display, fig))
        return false;
    const char *words =
        qualified ? kf_qualifier_words(report->locale, m->qualifier) : "";
    bool plus = m->sign == KF_SIGN_ALWAYS;
    if (!words[0] && !plus)
        return true;
    kf_metric shown = *m;
    shown.value = value;
    if (!qualified)
        shown.qualifier = KF_QUALIFIER_NONE;
    kf_number num;
    if (!kf_format_metric(report->locale, &shown, &num))
        return true;
    copy_str(fig->text, sizeof(fig->text), num.text);
    /* A positive figure that prints 0 ("0,0") has no sign on the page:
     * nor here. */
    if (value > 0 && num.prefix[0] != '+' && num.number[0] != '+')
        plus = false;
    if (!words[0] && !plus)
        return true;
    char q[64], fmt[NUM_FORMAT_MAX * 4];
    q[0] = '\0';
    if (words[0]) {
        sbuf qb = {q, sizeof(q), 0, false};
        char lit[48];
        snprintf(lit, sizeof(lit), "%s" KF_NBSP, words);
        sb_literal(&qb, lit, strlen(lit));
    }
    const char *one = fig->num_format;
    int n = snprintf(fmt, sizeof(fmt), "%s%s%s;%s\"-\"%s;%s%s", q,
                     plus ? "\"+\"" : "", one, q, one, q, one);
    if (n > 0 && (size_t)n < NUM_FORMAT_MAX)
        memcpy(fig->num_format, fmt, (size_t)n + 1);
    return true;
}

/* Date formats showing a kf_date as kf_format_date does, with the
 * locale's month names through Excel's locale tag ([$-40C] is fr-FR). */
static const char *
date_num_format(kf_locale locale, kf_date date)
{
    if (date.month == 0)
        return "yyyy";
    switch (locale) {
    case KF_LOCALE_FR_FR:
        return date.day ? "[$-40C]d mmmm yyyy" : "[$-40C]mmmm yyyy";
    case KF_LOCALE_EN_GB:
        return date.day ? "[$-809]d mmmm yyyy" : "[$-809]mmmm yyyy";
    case KF_LOCALE_EN_US:
        return date.day ? "[$-409]mmmm d, yyyy" : "[$-409]mmmm yyyy";
    }
    return "yyyy-mm-dd";
}

/* ------------------------------------------------------------------ */
/* Cells                                                              */
/* ------------------------------------------------------------------ */

/* Writes a string, or nothing for NULL or "" (which libxlsxwriter 1.1.4
 * must never see). */
static void
put_text(xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
         const char *s, lxw_format *format)
{
    widen(x, col, text_width(s));
    if (empty(s))
        return;
    note(x, worksheet_write_string(ws, row, col, s, format));
}

static void
put_number(xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
           const figure *fig)
{
    widen(x, col, text_width(fig->text));
    note(x, worksheet_write_number(ws, row, col, fig->stored,
                                   get_format(x, fig->num_format, false)));
}

/* A real date cell (Excel counts from 1900, so earlier dates, which no
 * key figure has, are written as text); nothing for an unset date. */
static void
put_date(xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, kf_date date)
{
    if (date.year == 0)
        return;
    char text[64];
    kf_format_date(x->report->locale, date, text, sizeof(text));
    if (date.year < 1900 || date.year > 9999) {
        put_text(x, ws, row, col, text, NULL);
        return;
    }
    lxw_datetime dt = {
        date.year, date.month ? date.month : 1, date.day ? date.day : 1, 0, 0,
        0.0};
    widen(x, col, text_width(text));
    note(x,
         worksheet_write_datetime(
             ws, row, col, &dt,
             get_format(x, date_num_format(x->report->locale, date), false)));
}

static bool
is_link(const char *url)
{
    static const char *const schemes[] = {"http://", "https://", "ftp://",
                                          "mailto:"};
    for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
        if (strncmp(url, schemes[i], strlen(schemes[i])) == 0)
            return true;
    return false;
}

/* A clickable link when libxlsxwriter takes the URL (http, https, ftp,
 * mailto and within Excel's length limit), else the plain text. */
static void
put_url(xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
        const char *url)
{
    if (empty(url))
        return;
    if (is_link(url) &&
        worksheet_write_url(ws, row, col, url, NULL) == LXW_NO_ERROR) {
        widen(x, col, text_width(url));
        return;
    }
    put_text(x, ws, row, col, url, NULL);
}

static void
start_sheet(xlsx *x)
{
    for (int i = 0; i < MAX_COLS; i++)
        x->widths[i] = 0;
}

/* Sets the widths gathered for columns 0..ncols-1 and returns their sum
 * in pixels (Excel's 7 per character and 5 of padding). */
static double
set_widths(xlsx *x, lxw_worksheet *ws, int ncols)
{
    double px = 0;
    for (int i = 0; i < ncols; i++) {
        double w = x->widths[i] + 2;
        w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
        note(x, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, w, NULL));
        px += floor(w * 7 + 5);
    }
    return px;
}

/* Adds a table over rows first..last (header included) and columns
 * 0..ncols-1 with the given headers.  A table needs at least one data
 * row; without one the headers are written as plain bold text. */
static void
add_table(xlsx *x, lxw_worksheet *ws, lxw_row_t first, lxw_row_t last,
          int ncols, const char *const *headers, const char *name)
{
    /* + 2: room for the filter button. */
    for (int i = 0; i < ncols; i++)
        widen(x, i, text_width(headers[i]) + 2);
    if (last <= first) {
        for (int i = 0; i < ncols; i++)
            put_text(x, ws, first, (lxw_col_t)i, headers[i],
                     get_format(x, NULL, true));
        return;
    }
    lxw_table_column cols[MAX_COLS];
    lxw_table_column *col_ptrs[MAX_COLS + 1];
    for (int i = 0; i < ncols; i++) {
        cols[i] = (lxw_table_column){0};
        cols[i].header = (char *)headers[i];
        col_ptrs[i] = &cols[i];
    }
    col_ptrs[ncols] = NULL;
    lxw_table_options options = {0};
    options.name = (char *)name;
    options.style_type = LXW_TABLE_STYLE_TYPE_MEDIUM;
    options.style_type_number = 2;
    options.columns = col_ptrs;
    note(x, worksheet_add_table(ws, first, 0, last, (lxw_col_t)(ncols - 1),
                                &options));
}

/* ------------------------------------------------------------------ */
/* Names                                                              */
/* ------------------------------------------------------------------ */

/* Makes `src` a valid sheet name in out (size >= 128): none of []:*?/\
 * nor control characters, no apostrophe at either end, at most 31 UTF-16
 * units (a long title is cut at a word and ends with "…"), not "History"
 * (reserved by Excel), and not in use.  Returns false if nothing valid
 * is left, so the caller can try a fallback. */
static bool
sheet_name(xlsx *x, const char *src, char *out, size_t size)
{
    char clean[512];
    size_t n = 0;
    out[0] = '\0';
    if (empty(src))
        return false;
    /* Replace the forbidden characters, collapse runs of spaces. */
    for (const char *s = src; *s && n + 5 < sizeof(clean);) {
        size_t len;
        uint32_t cp = utf8_next(s, &len);
        char c = 0;
        if (cp == '[')
            c = '(';
        else if (cp == ']')
            c = ')';
        else if (cp == '/' || cp == '\\')
            c = '-';
        else if (cp == '*' || cp == '?' || cp < 0x20 || cp == 0x7F)
            c = ' ';
        if (cp == ':') { /* "Title: subtitle" reads "Title - subtitle" */
            if (n > 0 && clean[n - 1] != ' ')
                clean[n++] = ' ';
            clean[n++] = '-';
            clean[n++] = ' ';
        } else if (c == ' ' || cp == ' ' || cp == 0xA0 || cp == 0x202F) {
            /* A French text's no-break spaces ("trajet : campus") are
             * spaces in a name a user types or searches for. */
            if (n > 0 && clean[n - 1] != ' ')
                clean[n++] = ' ';
        } else if (c) {
            clean[n++] = c;
        } else {
            memcpy(clean + n, s, len);
            n += len;
        }
        s += len;
    }
    clean[n] = '\0';

    /* Trim spaces and apostrophes at both ends. */
    char *start = clean;
    while (*start == ' ' || *start == '\'')
        start++;
    size_t end = strlen(start);
    while (end > 0 && (start[end - 1] == ' ' || start[end - 1] == '\''))
        start[--end] = '\0';
    if (!*start)
        return false;

    /* Cut to 31 units: at the last space that leaves a useful part,
     * then "…" (one unit). */
    if (utf16_len(start) > SHEET_NAME_MAX) {
        size_t units = 0, cut = 0, last_space = 0;
        for (const char *s = start; *s;) {
            size_t len;
            uint32_t cp = utf8_next(s, &len);
            size_t u = cp >= 0x10000 ? 2 : 1;
            if (units + u > SHEET_NAME_MAX - 1)
                break;
            units += u;
            s += len;
            cut = (size_t)(s - start);
            if (cp == ' ')
                last_space = cut - 1;
        }
        if (last_space >= cut / 2)
            cut = last_space;
        start[cut] = '\0';
        while (cut > 0 && strchr(" '-,;.", start[cut - 1]))
            start[--cut] = '\0';
        if (cut == 0)
            return false;
        memcpy(start + cut, "\xe2\x80\xa6", 4); /* U+2026 */
    }

    /* Unique, and never Excel's reserved "History": the base, else the
     * base with " (k)", k counted on from the last one this base took
     * (so n sheets of one title cost n look-ups, not n squared). */
    char base[512];
    copy_str(base, sizeof(base), start);
    copy_str(out, size, base);
    if (!name_taken(x, &x->sheets, out) && !same_name(out, "History"))
        return workbook_validate_sheet_name(x->wb, out) == LXW_NO_ERROR;
    name_slot *counter = name_add(x, &x->bases, base);
    if (!counter)
        return false;
    for (int k = counter->next;; k++) {
        if (k > 999999)
            return false;
        char suffix[16];
        snprintf(suffix, sizeof(suffix), " (%d)", k);
        /* Shorten the base, code point by code point, until it fits. */
        size_t blen = strlen(base);
        while (blen > 0) {
            char trial[600];
            snprintf(trial, sizeof(trial), "%.*s%s", (int)blen, base, suffix);
            if (utf16_len(trial) <= SHEET_NAME_MAX) {
                copy_str(out, size, trial);
                break;
            }
            do
                blen--;
            while (blen > 0 && ((unsigned char)base[blen] & 0xC0) == 0x80);
        }
        if (blen == 0)
            return false;
        if (!name_taken(x, &x->sheets, out)) {
            counter->next = k + 1;
            break;
        }
    }
    return workbook_validate_sheet_name(x->wb, out) == LXW_NO_ERROR;
}

/* Adds one of the fixed sheets, whose name was reserved at the start. */
static lxw_worksheet *
add_fixed_sheet(xlsx *x, const char *name)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws)
        note(x, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
    return ws;
}

/* Adds a worksheet named from `title`, else `id`, else "Graphique N"; the
 * chosen name is copied to name_out.  NULL only when libxlsxwriter
 * fails. */
static lxw_worksheet *
add_sheet(xlsx *x, const char *title, const char *id, size_t number,
          char *name_out, size_t size)
{
    char name[128];
    if (!sheet_name(x, title, name, sizeof(name)) &&
        !sheet_name(x, id, name, sizeof(name))) {
        char fallback[64];
        snprintf(fallback, sizeof(fallback), "%s %zu", x->w->chart_fallback,
                 number);
        if (!sheet_name(x, fallback, name, sizeof(name)))
            snprintf(name, sizeof(name), "Sheet%zu", number + 100);
    }
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws) {
        note(x, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
        return NULL;
    }
    name_add(x, &x->sheets, name);
    if (name_out)
        copy_str(name_out, size, name);
    return ws;
}

static bool
looks_like_cell(const char *s)
{
    /* A1 style: 1 to 3 letters then digits. */
    size_t letters = 0;
    while (s[letters] && ((s[letters] >= 'A' && s[letters] <= 'Z') ||
                          (s[letters] >= 'a' && s[letters] <= 'z')))
        letters++;
    if (letters >= 1 && letters <= 3 && s[letters]) {
        size_t i = letters;
        while (s[i] >= '0' && s[i] <= '9')
            i++;
        if (s[i] == '\0')
            return true;
    }
    /* R1C1 style: R, C, Rn, Cn, RnCn, RCn, RnC. */
    const char *p = s;
    bool r = false, c = false;
    if (*p == 'R' || *p == 'r') {
        r = true;
        p++;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'C' || *p == 'c') {
        c = true;
        p++;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return (r || c) && *p == '\0';
}

/* Names Excel gives a meaning of its own (print areas, data forms, macros
 * run on opening). */
static bool
reserved_name(const char *s)
{
    static const char *const reserved[] = {
        "true",           "false",     "print_area", "print_titles",
        "criteria",       "database",  "extract",    "consolidate_area",
        "sheet_title",    "auto_open", "auto_close", "auto_activate",
        "auto_deactivate"};
    for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
        if (same_name(s, reserved[i]))
            return true;
    return strncmp(s, "_xlnm", 5) == 0 || strncmp(s, "_xlfn", 5) == 0;
}

/* Makes a metric id a valid, unused workbook name in out (NAME_MAX_LEN
 * + 1 bytes): letters, digits, '_' and '.', everything else (a '-', a
 * non-ASCII letter) an '_'; "m_" in front of a name that would start
 * with a digit or a '.', read as a cell reference (A1, R1C1), or be one
 * of Excel's own names; "_2", "_3"... after a name already used. */
static void
defined_name(xlsx *x, const char *id, char *out)
{
    char clean[NAME_MAX_LEN + 1];
    size_t n = 0;
    for (const char *s = id ? id : ""; *s && n < 200;) {
        size_t len;
        uint32_t cp = utf8_next(s, &len);
        bool keep = (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
                    (cp >= '0' && cp <= '9') || cp == '_' || cp == '.';
        clean[n++] = keep ? (char)cp : '_';
        s += len;
    }
    clean[n] = '\0';
    bool prefix = n == 0 || (clean[0] >= '0' && clean[0] <= '9') ||
                  clean[0] == '.' || looks_like_cell(clean) ||
                  reserved_name(clean);
    char base[NAME_MAX_LEN + 1];
    snprintf(base, sizeof(base), "%s%s", prefix ? "m_" : "", clean);
    copy_str(out, NAME_MAX_LEN + 1, base);
    for (int k = 2; name_taken(x, &x->names, out); k++)
        snprintf(out, NAME_MAX_LEN + 1, "%.240s_%d", base, k);
    name_add(x, &x->names, out);
}

/* A metric's defined name, and the row of its value. */
typedef struct {
    char name[NAME_MAX_LEN + 1];
    char folded[NAME_MAX_LEN + 1]; /* lower case, as libxlsxwriter sorts */
    lxw_row_t row;
} metric_name;

/* Later names first (libxlsxwriter's order, byte by byte in lower case). */
static int
later_name_first(const void *a, const void *b)
{
    return -strcmp(((const metric_name *)a)->folded,
                   ((const metric_name *)b)->folded);
}

static void cell_ref(const char *sheet, lxw_row_t row, lxw_col_t col,
                     char *out, size_t size);

/* A defined name for each metric's value cell, once the table's name is
 * taken.  libxlsxwriter keeps its names in a sorted list, walked from
 * the head for each new one: given in reverse order, each goes to the
 * head at once (10 000 metrics took a second of string comparisons).
 * The workbook is the same: it writes the list in its order. */
static void
define_metric_names(xlsx *x, const kf_report *r)
{
    metric_name *names = calloc(r->nmetrics + 1, sizeof(*names));
    if (!names) {
        note(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    for (size_t i = 0; i < r->nmetrics; i++) {
        defined_name(x, r->metrics[i].id, names[i].name);
        for (size_t k = 0; names[i].name[k]; k++)
            names[i].folded[k] = (char)(names[i].name[k] >= 'A' &&
                                                names[i].name[k] <= 'Z'
                                            ? names[i].name[k] + 32
                                            : names[i].name[k]);
        names[i].row = (lxw_row_t)(i + 1);
    }
    qsort(names, r->nmetrics, sizeof(*names), later_name_first);
    for (size_t i = 0; i < r->nmetrics; i++) {
        char ref[512];
        cell_ref(x->w->key_sheet, names[i].row, COL_VALUE, ref, sizeof(ref));
        note(x, workbook_define_name(x->wb, names[i].name, ref));
    }
    free(names);
}

/* "'Chiffres clés'!$C$2": a sheet name quoted for a formula, with its
 * apostrophes doubled. */
static void
cell_ref(const char *sheet, lxw_row_t row, lxw_col_t col, char *out,
         size_t size)
{
    sbuf b = {out, size, 0, false};
    out[0] = '\0';
    sb_puts(&b, "='");
    for (const char *s = sheet; *s; s++) {
        sb_add(&b, s, 1);
        if (*s == '\'')
            sb_add(&b, "'", 1);
    }
    char cell[32];
    lxw_col_to_name(cell, col, true);
    char tail[48];
    snprintf(tail, sizeof(tail), "'!%s$%u", cell, (unsigned)row + 1);
    sb_puts(&b, tail);
}

/* ------------------------------------------------------------------ */
/* Pages: where each figure is in the PDF                              */
/* ------------------------------------------------------------------ */

/* The KPI tiles of block `b` drawn on `page`: the rounded rectangles
 * behind them (their accent bars, like the rest of a page, are square). */
static size_t
tiles_on(const kf_layout_page *page, int b)
{
    size_t n = 0;
    for (size_t i = 0; i < page->count; i++)
        if (page->items[i].block == b && page->items[i].kind == KF_ITEM_RECT &&
            page->items[i].radius > 0)
            n++;
    return n;
}

/* The PDF page of each tile of KPI block b of report page p, from the
 * layout that made the PDF: a block cut across pages keeps its tiles in
 * order, so the k-th tile is on the page where the count of tiles drawn
 * passes k.  When the count does not come out right (a layout that draws
 * tiles otherwise), every tile is given the block's first page. */
static void
tile_pages(xlsx *x, size_t p, size_t b, int first, int *out)
{
    const kf_block *blk = &x->report->pages[p].blocks[b];
    const kf_layout *lo = x->layout;
    size_t seen = 0;
    for (size_t q = first > 0 ? (size_t)first - 1 : 0;
         lo && q < lo->npages && seen < blk->nmetrics; q++) {
        if (lo->pages[q].report_page != (int)p)
            continue;
        size_t n = tiles_on(&lo->pages[q], (int)b);
        for (size_t k = seen; k < seen + n && k < blk->nmetrics; k++)
            out[k] = (int)q + 1;
        seen += n;
    }
    if (seen != blk->nmetrics)
        for (size_t k = 0; k < blk->nmetrics; k++)
            out[k] = first;
}

/*
 * Finds the PDF page (from 1) of every block and metric, from the layout
 * that made the PDF: each layout page says which report page it comes
 * from and holds a box for each block (or piece of a block) it shows, so
 * a cover, a continuation page or an appendix shifts nothing.  A block's
 * page is the first that shows it.  Without a layout, report page n is
 * PDF page n.
 */
static void
find_pages(xlsx *x)
{
    const kf_report *r = x->report;
    const kf_layout *lo = x->layout;
    size_t total = 0;
    for (size_t p = 0; p < r->npages; p++) {
        x->page_block[p] = total;
        total += r->pages[p].nblocks;
    }
    x->page_block[r->npages] = total;
    x->block_page = calloc(total + 1, sizeof(int));
    if (!x->block_page) {
        x->out_of_mem = true;
        return;
    }
    for (size_t q = 0; lo && q < lo->npages; q++) {
        const kf_layout_page *page = &lo->pages[q];
        int p = page->report_page;
        if (p < 0 || (size_t)p >= r->npages)
            continue;
        for (size_t k = 0; k < page->nblocks; k++) {
            int b = page->blocks[k].block;
            if (b < 0 || (size_t)b >= r->pages[p].nblocks)
                continue;
            int *slot = &x->block_page[x->page_block[p] + (size_t)b];
            if (*slot == 0)
                *slot = (int)q + 1;
        }
    }
    if (!lo)
        for (size_t p = 0; p < r->npages; p++)
            for (size_t b = 0; b < r->pages[p].nblocks; b++)
                x->block_page[x->page_block[p] + b] = (int)p + 1;

    for (size_t p = 0; p < r->npages; p++) {
        const kf_page *page = &r->pages[p];
        for (size_t b = 0; b < page->nblocks; b++) {
            const kf_block *blk = &page->blocks[b];
            if (blk->kind == KF_BLOCK_CHART) {
                for (size_t k = 0; k < blk->nseries; k++)
                    if (blk->series_list[k] < r->nseries)
                        x->series_charted[blk->series_list[k]] = true;
                if (blk->nseries == 0 && blk->metric < 0 &&
                    blk->series < r->nseries)
                    x->series_charted[blk->series] = true;
            }
            int first = x->block_page[x->page_block[p] + b];
            if (blk->kind != KF_BLOCK_KPIS || blk->nmetrics == 0 || !first)
                continue;
            /* (A metric shown by a chart alone is placed below.) */
            int *at = calloc(blk->nmetrics, sizeof(int));
            if (!at) {
                x->out_of_mem = true;
                return;
            }
            tile_pages(x, p, b, first, at);
            for (size_t k = 0; k < blk->nmetrics; k++) {
                size_t m = blk->metrics[k];
                if (m < r->nmetrics && x->metric_page[m] == 0)
                    x->metric_page[m] = at[k];
            }
            free(at);
        }
    }
    /* A metric no tile shows is on the page of its waffle or progress
     * chart. */
    for (size_t p = 0; p < r->npages; p++)
        for (size_t b = 0; b < r->pages[p].nblocks; b++) {
            const kf_block *blk = &r->pages[p].blocks[b];
            if (blk->kind == KF_BLOCK_CHART && blk->metric >= 0 &&
                (size_t)blk->metric < r->nmetrics &&
                x->metric_page[blk->metric] == 0)
                x->metric_page[blk->metric] =
                    x->block_page[x->page_block[p] + b];
        }
}

/* Remembers a line of the About sheet (strings copied). */
static void
about_add(xlsx *x, const char *id, const char *kind, const char *label,
          int page, const char *sheet)
{
    if (x->nabout == x->about_cap) {
        size_t cap = x->about_cap ? x->about_cap * 2 : 32;
        about_row *grown = realloc(x->about, cap * sizeof(*grown));
        if (!grown) {
            x->out_of_mem = true;
            return;
        }
        x->about = grown;
        x->about_cap = cap;
    }
    about_row *a = &x->about[x->nabout++];
    a->id = dup_str(x, id ? id : "");
    a->kind = kind;
    a->label = dup_str(x, label ? label : "");
    a->page = page;
    a->sheet = dup_str(x, sheet ? sheet : "");
}

/* ------------------------------------------------------------------ */
/* Print set-up                                                       */
/* ------------------------------------------------------------------ */

/* Excel's paper codes, and the printable width of a portrait page in
 * pixels (96 per inch) inside libxlsxwriter's default margins of 0.7
 * inch left and right. */
static void
paper_of(const kf_report *r, uint8_t *code, double *portrait_px)
{
    bool letter = r->paper == KF_PAPER_LETTER ||
                  r->paper == KF_PAPER_LETTER_LANDSCAPE ||
                  ((r->paper == KF_PAPER_SCREEN || r->paper == KF_PAPER_SQUARE) &&
                   r->locale == KF_LOCALE_EN_US);
    *code = letter ? 1 : 9;
    *portrait_px = ((letter ? 8.5 : 8.27) - 1.4) * 96;
}

/* The report's title as header text in out (`size` bytes): each '&'
 * doubled (a lone one starts a header code: "&D" would print the date),
 * cut at a code point with "…" where it does not fit, so the header
 * stays within Excel's 255 characters whatever the title. */
static void
header_text(const char *title, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    for (const char *s = title ? title : ""; *s;) {
        size_t len;
        utf8_next(s, &len);
        size_t need = *s == '&' ? 2 : len;
        if (n + need + 4 > size) { /* room for "…" and the NUL */
            memcpy(out + n, "\xe2\x80\xa6", 4);
            return;
        }
        if (*s == '&')
            out[n++] = '&';
        memcpy(out + n, s, len);
        n += len;
        out[n] = '\0';
        s += len;
    }
}

/*
 * Every sheet prints as a reader expects: on the report's paper, one page
 * wide (as many pages down as it takes), in landscape when its columns
 * and chart (`extra_px` to the right of them) are wider than a portrait
 * page, with its table's header row `header` repeated on every page.
 * Each printed page is headed by the report's title and the sheet's name
 * (a loose page says where it comes from) and numbered "1 / 3" below.
 * A chart is placed from the second row and covers about 18 rows; scaled
 * to fit the width, a page holds more rows than a full-size one (about
 * 30 on A4 landscape), so no chart is ever cut by a page break.
 */
static void
print_setup(xlsx *x, lxw_worksheet *ws, double columns_px, double extra_px,
            lxw_row_t header)
{
    uint8_t code;
    double portrait_px;
    paper_of(x->report, &code, &portrait_px);
    worksheet_set_paper(ws, code);
    if (columns_px + extra_px > portrait_px)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    note(x, worksheet_repeat_rows(ws, header, header));
    char title[200], head[240];
    header_text(x->report->title, title, sizeof(title));
    snprintf(head, sizeof(head), "&L%s&R&A", title);
    note(x, worksheet_set_header(ws, head));
    note(x, worksheet_set_footer(ws, "&C&P / &N"));
}

/* ------------------------------------------------------------------ */
/* Sheets                                                             */
/* ------------------------------------------------------------------ */

static bool
has_max_age(const kf_report *r)
{
    return r->max_age.months > 0 || r->max_age.days > 0;
}

/* Writes the page's note ("† chiffre de plus de 18 mois") for a stale
 * figure: the flag the page puts after its label, with its meaning. */
static void
put_stale(xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
          bool stale)
{
    if (!stale)
        return;
    char note_text[128];
    kf_stale_note(x->report, note_text, sizeof(note_text));
    put_text(x, ws, row, col, note_text, NULL);
}

/* The change column: the change the tile states (change.c), as a
 * formula over the value and previous cells so it follows an edit, with
 * its cached result for readers that do not compute, under a number
 * format that shows it as the tile does, sign included ("+£200M",
 * "+1.2 pt", "-5.9%").  Points are (value - previous) * 100 because the
 * cells hold a percentage as a fraction; a relative change divides by
 * |previous| so a fall between two negative figures stays negative. */
static void
put_change(xlsx *x, lxw_worksheet *ws, lxw_row_t row, const kf_metric *m)
{
    kf_change c;
    kf_number_plan plan;
    if (!kf_change_make(x->report->locale, m, &c) ||
        !kf_number_plan_make(x->report->locale, fabs(c.amount), c.decimals,
                             c.unit, c.display, &plan))
        return;
    if (c.kind == KF_CHANGE_POINTS &&
        strlen(plan.suffix) + strlen(c.points_word) + 3 <
            sizeof(plan.suffix)) {
        strcat(plan.suffix, KF_NBSP);
        strcat(plan.suffix, c.points_word);
    }
    char one[NUM_FORMAT_MAX], fmt[3 * NUM_FORMAT_MAX + 16];
    if (!plan_num_format(&plan, one, sizeof(one)))
        snprintf(one, sizeof(one), "General");
    /* Three sections, positive;negative;zero: the explicit sign the tile
     * prints ("+70"), which Excel does not write by itself. */
    snprintf(fmt, sizeof(fmt), "\"+\"%s;\"-\"%s;%s", one, one, one);
    /* The formula rounds as the tile does, so the cell holds the number
     * the tile prints and its sign section agrees with the tile's arrow
     * (a change of 0.001 shown with no decimals is "0" in both, not
     * "+0").  ROUND's digits count from the units: a figure in millions
     * with one decimal rounds to 10^5, a percent fraction two more. */
    int digits = plan.decimals;
    for (double sc = plan.scale; sc >= 999.0; sc /= 1000.0)
        digits -= 3;
    char cv[16], cp[16], formula[128];
    lxw_col_to_name(cv, COL_VALUE, false);
    lxw_col_to_name(cp, COL_PREVIOUS, false);
    unsigned n = (unsigned)row + 1;
    double unit_in_cell = 1;
    switch (c.kind) {
    case KF_CHANGE_ABSOLUTE:
        snprintf(formula, sizeof(formula), "=ROUND(%s%u-%s%u,%d)", cv, n, cp,
                 n, digits);
        break;
    case KF_CHANGE_POINTS:
        snprintf(formula, sizeof(formula), "=ROUND((%s%u-%s%u)*100,%d)", cv,
                 n, cp, n, digits);
        break;
    case KF_CHANGE_RELATIVE:
        snprintf(formula, sizeof(formula), "=ROUND((%s%u-%s%u)/ABS(%s%u),%d)",
                 cv, n, cp, n, cp, n, digits + 2);
        unit_in_cell = 100;
        break;
    }
    double step = pow(10, -digits);
    double cached = round(c.amount / step) * step / unit_in_cell;
    if (c.direction == 0)
        cached = 0;
    widen(x, COL_CHANGE, text_width(c.text));
    note(x, worksheet_write_formula_num(ws, row, COL_CHANGE, formula,
                                        get_format(x, fmt, false), cached));
}

static void
write_key_figures(xlsx *x)
{
    const kf_report *r = x->report;
    lxw_worksheet *ws = add_fixed_sheet(x, x->w->key_sheet);
    if (!ws)
        return;
    start_sheet(x);
    int ncols = has_max_age(r) ? KEY_COLS : COL_STALE;
    for (size_t i = 0; i < r->nmetrics; i++) {
        const kf_metric *m = &r->metrics[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        figure value, previous;

        put_text(x, ws, row, COL_ID, m->id, NULL);
        put_text(x, ws, row, COL_LABEL, m->label, NULL);
        bool have_value = make_metric_figure(r, m, m->value, true, &value);
        if (have_value)
            put_number(x, ws, row, COL_VALUE, &value);
        /* The cell shows the figure as the tile prints it, unit included
         * ("30 M€"): the unit column says it only when the cell cannot. */
        if (!have_value || !value.shows_unit)
            put_text(x, ws, row, COL_UNIT, m->unit, NULL);
        if (m->source >= 0 && (size_t)m->source < r->nsources)
            put_text(x, ws, row, COL_SOURCE, r->sources[m->source].title, NULL);
        /* The date the figure refers to, its source's when it has none of
         * its own: an analyst filters on it. */
        put_date(x, ws, row, COL_AS_OF, kf_figure_date(r, m->as_of, m->source));
        if (have_value && m->has_previous &&
            make_metric_figure(r, m, m->previous, false, &previous)) {
            put_number(x, ws, row, COL_PREVIOUS, &previous);
            put_change(x, ws, row, m);
        }
        if (ncols > COL_STALE)
            put_stale(x, ws, row, COL_STALE, m->stale);
        about_add(x, m->id, x->w->kind_metric, m->label, x->metric_page[i],
                  x->w->key_sheet);
    }
    add_table(x, ws, 0, (lxw_row_t)r->nmetrics, ncols, x->w->key_headers,
              "KeyFigures");
    worksheet_freeze_panes(ws, 1, 0);
    print_setup(x, ws, set_widths(x, ws, ncols), 0, 0);

    define_metric_names(x, r);
}

static void
set_fill(lxw_chart_fill *fill, lxw_chart_line *line, kf_color c)
{
    lxw_color_t rgb = kf_palette_rgb(c);
    *fill = (lxw_chart_fill){0};
    fill->color = rgb;
    *line = (lxw_chart_line){0};
    line->color = rgb;
}

/* The colours of the page's charts (layout_chart.c): the k-th series or
 * slice, and the light track a share is drawn on. */
static kf_color
palette(const kf_report *r, size_t k)
{
    return kf_palette_color(r, k);
}

static kf_color
track_color(const kf_report *r)
{
    return kf_palette_mix(r->primary, KF_WHITE, 0.88);
}

/* The format of a series' chart labels: that of its largest point, with
 * as many decimals as any point prints. */
static void
series_label_format(const kf_report *r, const kf_series *s, char *buf,
                    size_t size)
{
    kf_number_plan best = {0}, plan;
    bool have = false;
    double biggest = -1;
    int decimals = 0;
    for (size_t i = 0; i < s->npoints; i++) {
        if (!kf_number_plan_make(r->locale, s->points[i].value, s->decimals,
                                 s->unit, KF_DISPLAY_FULL, &plan))
            continue;
        if (plan.decimals > decimals)
            decimals = plan.decimals;
        if (fabs(s->points[i].value) > biggest) {
            biggest = fabs(s->points[i].value);
            best = plan;
            have = true;
        }
    }
    best.decimals = decimals;
    if (!have || !plan_num_format(&best, buf, size))
        snprintf(buf, size, "General");
}

/* What one chart sheet shows: the series of a chart block (or the metric
 * of a waffle or progress chart), or a series no chart shows. */
typedef struct {
    const kf_block *blk; /* NULL for a series no chart shows */
    int type;            /* kf_chart_type */
    const kf_series *series[CHART_SERIES_MAX];
    size_t nseries;
    const kf_metric *metric; /* a waffle or progress chart of one metric */
    const char *title;       /* never NULL */
    const char *kind;        /* for the About sheet */
    int page;                /* in the PDF, 0 for none */
    size_t number;           /* for "Graphique N" */
} chart_src;

/* Copies `s` into out (size bytes), cut at a code point if it must be. */
static void
copy_utf8(char *out, size_t size, const char *s)
{
    copy_str(out, size, s);
    size_t n = strlen(out);
    if (n < strlen(s))
        while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80)
            out[--n] = '\0';
    if (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0xC0)
        out[--n] = '\0';
}

/* The table's headers: the labels', one per series (its title, made
 * unique: Excel repairs a table with two columns of one name), then unit,
 * source, as of, freshness. */
static int
chart_headers(xlsx *x, const chart_src *cs, char heads[][256],
              const char **ptrs)
{
    int n = 0;
    copy_utf8(heads[n++], 256, x->w->label_header);
    for (size_t k = 0; k < cs->nseries || (k == 0 && cs->metric); k++) {
        const char *t = cs->metric ? x->w->key_headers[COL_VALUE]
                                   : cs->series[k]->title;
        copy_utf8(heads[n], 200, empty(t) ? cs->series[k]->id : t);
        n++;
    }
    int fixed = has_max_age(x->report) ? 4 : 3;
    for (int i = 0; i < fixed; i++)
        copy_utf8(heads[n++], 256, x->w->chart_headers[i]);
    for (int i = 1; i < n; i++) {
        char base[256];
        copy_str(base, sizeof(base), heads[i]);
        for (int k = 2;; k++) {
            bool clash = false;
            for (int j = 0; j < i && !clash; j++)
                clash = same_name(heads[i], heads[j]);
            if (!clash)
                break;
            snprintf(heads[i], 256, "%.200s (%d)", base, k);
        }
    }
    for (int i = 0; i < n; i++)
        ptrs[i] = heads[i];
    return n;
}

/* The source titles of the figures of a chart, each once, "; " between
 * them; "" for none. */
static void
chart_sources(const kf_report *r, const chart_src *cs, char *buf, size_t size)
{
    sbuf b = {buf, size, 0, false};
    buf[0] = '\0';
    int seen[CHART_SERIES_MAX + 1];
    size_t nseen = 0;
    size_t n = cs->metric ? 1 : cs->nseries;
    for (size_t k = 0; k < n; k++) {
        int src = cs->metric ? cs->metric->source : cs->series[k]->source;
        bool again = src < 0 || (size_t)src >= r->nsources;
        for (size_t j = 0; j < nseen && !again; j++)
            again = seen[j] == src;
        if (again)
            continue;
        seen[nseen++] = src;
        if (b.len)
            sb_puts(&b, "; ");
        sb_puts(&b, r->sources[src].title);
    }
}

/* Writes the as-of date of a chart's figures: one date cell when they
 * share it, else their dates as text, "; " between them. */
static void
put_chart_date(xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
               const chart_src *cs)
{
    const kf_report *r = x->report;
    size_t n = cs->metric ? 1 : cs->nseries;
    kf_date dates[CHART_SERIES_MAX + 1];
    bool same = true;
    for (size_t k = 0; k < n; k++) {
        dates[k] = cs->metric ? kf_figure_date(r, cs->metric->as_of,
                                               cs->metric->source)
                              : kf_figure_date(r, cs->series[k]->as_of,
                                               cs->series[k]->source);
        same = same && dates[k].year == dates[0].year &&
               dates[k].month == dates[0].month && dates[k].day == dates[0].day;
    }
    if (same) {
        put_date(x, ws, row, col, dates[0]);
        return;
    }
    char buf[512], one[64];
    sbuf b = {buf, sizeof(buf), 0, false};
    buf[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        kf_format_date(r->locale, dates[k], one, sizeof(one));
        if (!*one)
            continue;
        if (b.len)
            sb_puts(&b, "; ");
        sb_puts(&b, one);
    }
    put_text(x, ws, row, col, buf, NULL);
}

static bool
chart_stale(const chart_src *cs)
{
    if (cs->metric)
        return cs->metric->stale;
    for (size_t k = 0; k < cs->nseries; k++)
        if (cs->series[k]->stale)
            return true;
    return false;
}

/* The sum of a series' points, for the rest of a waffle in "%". */
static double
series_sum(const kf_series *s)
{
    double sum = 0;
    for (size_t i = 0; i < s->npoints; i++)
        sum += s->points[i].value;
    return sum;
}

/* Whether the points of `cs`'s series are all >= 0 (*all_positive) or
 * all <= 0 (*all_negative). */
static void
chart_signs(const chart_src *cs, bool *all_positive, bool *all_negative)
{
    *all_positive = *all_negative = true;
    for (size_t k = 0; k < cs->nseries; k++)
        for (size_t i = 0; i < cs->series[k]->npoints; i++) {
            double v = cs->series[k]->points[i].value;
            *all_positive = *all_positive && v >= 0;
            *all_negative = *all_negative && v <= 0;
        }
}

/* The native chart of a page's chart, from the table of chart kinds:
 * the same chart where Excel has it, the closest where it has not (a
 * waffle is a share of a whole, a doughnut; a progress chart is bars on a
 * 0-100 % axis); columns for a series no chart shows. */
static uint8_t
native_type(int type)
{
    const kf_chart_kind *kind = kf_chart_kind_of((kf_chart_type)type);
    switch (kind ? kind->workbook : KF_WORKBOOK_COLUMN) {
    case KF_WORKBOOK_BAR:
        return LXW_CHART_BAR;
    case KF_WORKBOOK_DOUGHNUT:
        return LXW_CHART_DOUGHNUT;
    case KF_WORKBOOK_LINE:
        return LXW_CHART_LINE;
    case KF_WORKBOOK_COLUMN_STACKED:
        return LXW_CHART_COLUMN_STACKED;
    case KF_WORKBOOK_COLUMN:
        break;
    }
    return LXW_CHART_COLUMN;
}

/* Colours the points of a doughnut's series: `colors[i]` each, with the
 * white gaps of the page. */
static void
color_points(xlsx *x, lxw_chart_series *series, const kf_color *colors,
             size_t n)
{
    lxw_chart_fill *fills = calloc(n, sizeof(*fills));
    lxw_chart_line *lines = calloc(n, sizeof(*lines));
    lxw_chart_point *points = calloc(n, sizeof(*points));
    lxw_chart_point **ptrs = calloc(n + 1, sizeof(*ptrs));
    if (fills && lines && points && ptrs) {
        for (size_t i = 0; i < n; i++) {
            set_fill(&fills[i], &lines[i], colors[i]);
            lines[i].color = kf_palette_rgb(KF_WHITE); /* the page's gaps */
            points[i].fill = &fills[i];
            points[i].line = &lines[i];
            ptrs[i] = &points[i];
        }
        /* libxlsxwriter copies the points. */
        note(x, chart_series_set_points(series, ptrs));
    } else {
        x->out_of_mem = true;
    }
    free(fills);
    free(lines);
    free(points);
    free(ptrs);
}

/*
 * Inserts the native chart of `cs` beside its table on sheet `name`:
 * the labels in column A, series k in column k + 1, rows 1..nrows (the
 * rest of a waffle included).  `formats[k]` is the number format of
 * series k's data labels, as the page prints them.
 */
static void
add_native_chart(xlsx *x, lxw_worksheet *ws, const char *name,
                 const chart_src *cs, lxw_row_t nrows, int first_free_col,
                 char formats[][NUM_FORMAT_MAX])
{
    const kf_report *r = x->report;
    uint8_t type = native_type(cs->type);
    lxw_chart *chart = workbook_add_chart(x->wb, type);
    if (!chart) {
        x->out_of_mem = true;
        return;
    }
    size_t ns = cs->metric ? 1 : cs->nseries;
    bool doughnut = type == LXW_CHART_DOUGHNUT;
    bool horizontal = type == LXW_CHART_BAR;
    bool several = ns > 1;
    for (size_t k = 0; k < ns; k++) {
        lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
        if (!series) {
            x->out_of_mem = true;
            return;
        }
        chart_series_set_categories(series, name, 1, 0, nrows, 0);
        chart_series_set_values(series, name, 1, (lxw_col_t)(k + 1), nrows,
                                (lxw_col_t)(k + 1));
        chart_series_set_name_range(series, name, 0, (lxw_col_t)(k + 1));
        chart_series_set_labels(series);
        chart_series_set_labels_num_format(series, formats[k]);

        lxw_chart_fill fill;
        lxw_chart_line line;
        if (doughnut) {
            kf_color colors[1001];
            size_t n = nrows < 1001 ? nrows : 1001;
            for (size_t i = 0; i < n; i++)
                colors[i] = palette(r, i);
            if (cs->metric) {
                colors[0] = r->accent; /* one share reads as a tile's figure */
                if (n > 1)
                    colors[1] = track_color(r);
            } else if (cs->type == KF_CHART_WAFFLE &&
                       n > cs->series[0]->npoints) {
                colors[n - 1] = track_color(r); /* the rest */
            }
            color_points(x, series, colors, n);
            continue;
        }
        kf_color c = !several             ? r->primary
                     : type == LXW_CHART_LINE ? kf_palette_line_color(r, k)
                                              : palette(r, k);
        if (cs->type == KF_CHART_PROGRESS)
            c = cs->metric || (ns == 1 && cs->series[0]->npoints == 1)
                    ? r->accent
                    : r->primary;
        set_fill(&fill, &line, c);
        if (type == LXW_CHART_LINE) {
            line.width = 2.25;
            chart_series_set_line(series, &line);
            chart_series_set_marker_type(series, LXW_CHART_MARKER_CIRCLE);
            chart_series_set_marker_size(series, 6);
            chart_series_set_marker_fill(series, &fill);
            chart_series_set_marker_line(series, &line);
            chart_series_set_labels_position(series,
                                             LXW_CHART_LABEL_POSITION_ABOVE);
        } else {
            chart_series_set_fill(series, &fill);
            if (type == LXW_CHART_COLUMN_STACKED) {
                /* parts parted by white, as on the page */
                line.color = kf_palette_rgb(KF_WHITE);
                chart_series_set_labels_position(
                    series, LXW_CHART_LABEL_POSITION_CENTER);
            } else {
                chart_series_set_labels_position(
                    series, LXW_CHART_LABEL_POSITION_OUTSIDE_END);
            }
            chart_series_set_line(series, &line);
        }
    }

    /* The page's title, with its stale mark; a title starting with '='
     * would be read as a formula. */
    char title[600];
    bool mark = cs->blk && kf_block_stale(r, cs->blk);
    snprintf(title, sizeof(title), "%.500s%s", cs->title,
             mark ? KF_STALE_MARK : "");
    if (title[0] && title[0] != '=')
        chart_title_set_name(chart, title);
    else
        chart_title_off(chart);

    if (doughnut)
        chart_legend_set_position(chart, LXW_CHART_LEGEND_RIGHT);
    else if (several)
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    else
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    if (type == LXW_CHART_COLUMN_STACKED)
        chart_set_series_overlap(chart, 100);
    if (horizontal) {
        /* In a libxlsxwriter bar chart x_axis is the (horizontal) value
         * axis and y_axis the category axis.  Excel draws the first
         * category at the bottom, the PDF at the top: reverse the
         * categories, and have the value axis cross them at the last one
         * so it stays at the bottom. */
        chart_axis_set_num_format(chart->x_axis, formats[0]);
        chart_axis_set_reverse(chart->y_axis);
        chart_axis_set_crossing_max(chart->y_axis);
        if (cs->type == KF_CHART_PROGRESS) {
            /* A track of 100: the cells hold fractions; its quarters in
             * whole percents ("25 %", not the figures' "25,0 %"). */
            figure whole;
            chart_axis_set_min(chart->x_axis, 0);
            chart_axis_set_max(chart->x_axis, 1);
            chart_axis_set_major_unit(chart->x_axis, 0.25);
            if (make_figure(r, 100, 0, "%", KF_DISPLAY_FULL, &whole))
                chart_axis_set_num_format(chart->x_axis, whole.num_format);
        }
    } else if (!doughnut) {
        chart_axis_set_num_format(chart->y_axis, formats[0]);
    }
    /* The value axis holds zero, as the page's does: Excel's own scale
     * starts a column chart of 95, 97 and 98 at 94, and its bars then
     * read as 1 to 4. */
    lxw_chart_axis *values = horizontal ? chart->x_axis : chart->y_axis;
    bool all_positive, all_negative;
    chart_signs(cs, &all_positive, &all_negative);
    if (!doughnut && cs->type != KF_CHART_PROGRESS && !cs->metric) {
        if (all_positive)
            chart_axis_set_min(values, 0);
        else if (all_negative)
            chart_axis_set_max(values, 0);
    }

    lxw_chart_options options = {0};
    options.x_scale = CHART_SCALE;
    options.y_scale = CHART_SCALE;
    note(x, worksheet_insert_chart_opt(ws, 1, (lxw_col_t)first_free_col, chart,
                                       &options));
}

/* Writes a sheet for `cs`: its table (the point labels, a column per
 * series, unit, source, as-of and freshness columns), its native chart
 * beside it, its print set-up; and its line of the About sheet. */
static void
write_chart_sheet(xlsx *x, const chart_src *cs, const char *table_id)
{
    const kf_report *r = x->report;
    char name[128];
    const char *id = cs->metric ? cs->metric->id : cs->series[0]->id;
    lxw_worksheet *ws = add_sheet(x, cs->title, id, cs->number, name,
                                  sizeof(name));
    if (!ws)
        return;
    start_sheet(x);
    size_t ns = cs->metric ? 1 : cs->nseries;
    size_t npoints = cs->metric ? 1 : cs->series[0]->npoints;
    char formats[CHART_SERIES_MAX][NUM_FORMAT_MAX];
    lxw_col_t col_unit = (lxw_col_t)(ns + 1);
    char unit[96] = "";
    char sources[1024];
    chart_sources(r, cs, sources, sizeof(sources));
    bool stale = chart_stale(cs);
    bool age = has_max_age(r);

    for (size_t i = 0; i < npoints; i++) {
        lxw_row_t row = (lxw_row_t)(i + 1);
        put_text(x, ws, row, 0,
                 cs->metric ? cs->metric->label : cs->series[0]->points[i].label,
                 NULL);
        for (size_t k = 0; k < ns; k++) {
            figure fig;
            bool ok =
                cs->metric
                    ? make_figure_as(r, cs->metric->value, cs->metric->decimals,
                                     cs->metric->unit, KF_DISPLAY_FULL, true,
                                     &fig)
                    : i < cs->series[k]->npoints &&
                          make_figure_as(r, cs->series[k]->points[i].value,
                                         cs->series[k]->decimals,
                                         cs->series[k]->unit, KF_DISPLAY_FULL,
                                         true, &fig);
            if (!ok)
                continue;
            put_number(x, ws, row, (lxw_col_t)(k + 1), &fig);
            if (!unit[0] && fig.unit[0])
                copy_str(unit, sizeof(unit), fig.unit);
        }
        put_text(x, ws, row, col_unit, unit, NULL);
        put_text(x, ws, row, col_unit + 1, sources, NULL);
        put_chart_date(x, ws, row, col_unit + 2, cs);
        if (age)
            put_stale(x, ws, row, col_unit + 3, stale);
    }

    /* A waffle is a share of a whole: the rest, as a formula, makes the
     * doughnut's whole 100 %. */
    lxw_row_t nrows = (lxw_row_t)npoints;
    bool percent = cs->metric ? true
                              : cs->series[0]->unit &&
                                    strcmp(cs->series[0]->unit, "%") == 0;
    double sum = cs->metric ? cs->metric->value : series_sum(cs->series[0]);
    if (cs->type == KF_CHART_WAFFLE && percent && sum < 100 - 1e-9) {
        figure rest;
        const char *u = cs->metric ? cs->metric->unit : cs->series[0]->unit;
        int dec = cs->metric ? cs->metric->decimals : cs->series[0]->decimals;
        if (make_figure_as(r, 100 - sum, dec, u, KF_DISPLAY_FULL, true, &rest)) {
            lxw_row_t row = nrows + 1;
            char formula[64];
            if (nrows == 1)
                snprintf(formula, sizeof(formula), "=1-B2");
            else
                snprintf(formula, sizeof(formula), "=1-SUM(B2:B%u)",
                         (unsigned)nrows + 1);
            put_text(x, ws, row, 0, x->w->rest, NULL);
            widen(x, 1, text_width(rest.text));
            note(x, worksheet_write_formula_num(
                        ws, row, 1, formula,
                        get_format(x, rest.num_format, false), rest.stored));
            nrows++;
        }
    }

    char heads[MAX_COLS][256];
    const char *ptrs[MAX_COLS];
    int ncols = chart_headers(x, cs, heads, ptrs);
    char table[NAME_MAX_LEN + 1];
    defined_name(x, table_id, table);
    add_table(x, ws, 0, nrows, ncols, ptrs, table);
    worksheet_freeze_panes(ws, 1, 0);
    double columns_px = set_widths(x, ws, ncols);

    for (size_t k = 0; k < ns; k++) {
        if (cs->metric) {
            figure fig;
            if (make_figure(r, cs->metric->value, cs->metric->decimals,
                            cs->metric->unit, KF_DISPLAY_FULL, &fig))
                copy_str(formats[k], NUM_FORMAT_MAX, fig.num_format);
            else
                snprintf(formats[k], NUM_FORMAT_MAX, "General");
        } else {
            series_label_format(r, cs->series[k], formats[k], NUM_FORMAT_MAX);
        }
    }
    if (npoints > 0)
        add_native_chart(x, ws, name, cs, nrows, ncols + 1, formats);
    print_setup(x, ws, columns_px + 64, npoints > 0 ? CHART_W_PX : 0, 0);

    char ids[512];
    sbuf b = {ids, sizeof(ids), 0, false};
    ids[0] = '\0';
    for (size_t k = 0; k < ns; k++) {
        if (k)
            sb_puts(&b, ", ");
        sb_puts(&b, cs->metric ? cs->metric->id : cs->series[k]->id);
    }
    about_add(x, ids, cs->kind, cs->title, cs->page, name);
}

/* The sheets of the charts, in the order of the pages; then one for each
 * series no chart shows (a sparkline's history, drawn as a line, or a
 * series of no page, as bars). */
static void
write_charts(xlsx *x)
{
    const kf_report *r = x->report;
    size_t number = 0;
    for (size_t p = 0; p < r->npages; p++) {
        const kf_page *page = &r->pages[p];
        for (size_t b = 0; b < page->nblocks; b++) {
            const kf_block *blk = &page->blocks[b];
            if (blk->kind != KF_BLOCK_CHART)
                continue;
            chart_src cs = {0};
            cs.blk = blk;
            cs.type = (int)blk->chart;
            cs.kind = x->w->kind_chart;
            cs.page = x->block_page ? x->block_page[x->page_block[p] + b] : 0;
            cs.number = ++number;
            char table_id[256];
            sbuf tb = {table_id, sizeof(table_id), 0, false};
            table_id[0] = '\0';
            if (blk->metric >= 0 && (size_t)blk->metric < r->nmetrics &&
                blk->nseries == 0) {
                /* Its metric's id names a cell already: "servier_rnd_progress". */
                cs.metric = &r->metrics[blk->metric];
                sb_puts(&tb, cs.metric->id);
                sb_puts(&tb, blk->chart == KF_CHART_WAFFLE ? "_waffle"
                                                           : "_progress");
            } else {
                size_t n = blk->nseries ? blk->nseries : 1;
                for (size_t k = 0; k < n && cs.nseries < CHART_SERIES_MAX;
                     k++) {
                    size_t s = blk->nseries ? blk->series_list[k] : blk->series;
                    if (s >= r->nseries)
                        continue;
                    cs.series[cs.nseries++] = &r->series[s];
                    if (tb.len)
                        sb_puts(&tb, "_");
                    sb_puts(&tb, r->series[s].id);
                }
                if (cs.nseries == 0)
                    continue;
            }
            cs.title = blk->title       ? blk->title
                       : cs.metric      ? cs.metric->label
                                        : cs.series[0]->title;
            if (!cs.title)
                cs.title = "";
            write_chart_sheet(x, &cs, table_id);
        }
    }
    for (size_t s = 0; s < r->nseries; s++) {
        if (x->series_charted[s])
            continue;
        chart_src cs = {0};
        cs.type = KF_CHART_BAR;
        for (size_t m = 0; m < r->nmetrics; m++)
            if (r->metrics[m].sparkline == (int)s) {
                cs.type = KF_CHART_LINE;
                if (!cs.page)
                    cs.page = x->metric_page[m];
            }
        cs.series[0] = &r->series[s];
        cs.nseries = 1;
        cs.title = r->series[s].title ? r->series[s].title : "";
        cs.kind = x->w->kind_series;
        cs.number = ++number;
        write_chart_sheet(x, &cs, r->series[s].id);
    }
}

static void
write_sources(xlsx *x)
{
    const kf_report *r = x->report;
    lxw_worksheet *ws = add_fixed_sheet(x, x->w->sources_sheet);
    if (!ws)
        return;
    start_sheet(x);
    for (size_t i = 0; i < r->nsources; i++) {
        const kf_source *src = &r->sources[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        put_text(x, ws, row, 0, src->id, NULL);
        put_text(x, ws, row, 1, src->title, NULL);
        put_text(x, ws, row, 2, src->publisher, NULL);
        put_date(x, ws, row, 3, src->date);
        put_url(x, ws, row, 4, src->url);
    }
    add_table(x, ws, 0, (lxw_row_t)r->nsources, 5, x->w->source_headers,
              "Sources");
    worksheet_freeze_panes(ws, 1, 0);
    print_setup(x, ws, set_widths(x, ws, 5), 0, 0);
}

/* A link to a sheet of the workbook, showing its name. */
static void
put_sheet_link(xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
               const char *sheet)
{
    if (empty(sheet))
        return;
    char url[512];
    sbuf b = {url, sizeof(url), 0, false};
    url[0] = '\0';
    sb_puts(&b, "internal:'");
    for (const char *s = sheet; *s; s++) {
        sb_add(&b, s, 1);
        if (*s == '\'')
            sb_add(&b, "'", 1);
    }
    sb_puts(&b, "'!A1");
    widen(x, col, text_width(sheet));
    if (b.full || worksheet_write_url_opt(ws, row, col, url, NULL, sheet,
                                          NULL) != LXW_NO_ERROR)
        put_text(x, ws, row, col, sheet, NULL);
}

static void
write_about(xlsx *x)
{
    const kf_report *r = x->report;
    lxw_worksheet *ws = add_fixed_sheet(x, x->w->about_sheet);
    if (!ws)
        return;
    start_sheet(x);
    lxw_format *bold = get_format(x, NULL, true);
    char generator[64], language[64];
    snprintf(generator, sizeof(generator), "keyfig %s", KF_VERSION);
    /* The edition: "français (fr-FR)", "English (en-GB)". */
    snprintf(language, sizeof(language), "%s (%s)", x->w->language,
             kf_locale_tag(r->locale));
    const char *values[6] = {r->title, r->subtitle, r->organisation, NULL,
                             generator, language};
    for (int i = 0; i < 6; i++) {
        /* American English spells it with a z, as its report key may. */
        const char *label = i == 2 && r->locale == KF_LOCALE_EN_US
                                ? "Organization"
                                : x->w->about_labels[i];
        put_text(x, ws, (lxw_row_t)i, 0, label, bold);
        if (i == 3)
            put_date(x, ws, (lxw_row_t)i, 1, r->date);
        else
            put_text(x, ws, (lxw_row_t)i, 1, values[i], NULL);
    }
    /* The first rows' long texts (a title) should not widen the table's
     * columns: they may run over the empty cells beside them.  The date
     * cannot (a number too wide for its cell shows "###"), so its column
     * stays wide enough for it ("15 January 2025"). */
    start_sheet(x);
    char date[64];
    kf_format_date(r->locale, r->date, date, sizeof(date));
    widen(x, 1, text_width(date) + 1);
    lxw_row_t row = ABOUT_TOP;
    for (size_t i = 0; i < x->nabout; i++) {
        const about_row *a = &x->about[i];
        row++;
        put_text(x, ws, row, 0, a->id, NULL);
        put_text(x, ws, row, 1, a->kind, NULL);
        put_text(x, ws, row, 2, a->label, NULL);
        if (a->page > 0)
            note(x, worksheet_write_number(ws, row, 3, a->page, NULL));
        put_sheet_link(x, ws, row, 4, a->sheet);
    }
    add_table(x, ws, ABOUT_TOP, row, ABOUT_COLS, x->w->pages_headers, "Pages");
    print_setup(x, ws, set_widths(x, ws, ABOUT_COLS), 0, ABOUT_TOP);
}

/* ------------------------------------------------------------------ */
/* The workbook                                                       */
/* ------------------------------------------------------------------ */

static void
set_properties(xlsx *x)
{
    const kf_report *r = x->report;
    lxw_doc_properties props = {0};
    props.title = empty(r->title) ? NULL : r->title;
    props.subject = empty(r->subtitle) ? NULL : r->subtitle;
    props.author = empty(r->organisation) ? NULL : r->organisation;
    props.company = props.author;
    props.keywords = "keyfig";
    /* libxlsxwriter takes 0 for "now", which would make every build
     * different; the epoch itself (SOURCE_DATE_EPOCH=0) becomes 1 s. */
    int64_t epoch = kf_report_epoch(r);
    props.created = epoch > 0 ? (time_t)epoch : (time_t)1;
    note(x, workbook_set_properties(x->wb, &props));
}

static void
xlsx_free(xlsx *x)
{
    for (size_t i = 0; i < x->nformats; i++)
        free(x->formats[i].num_format);
    free(x->formats);
    nameset_free(&x->sheets);
    nameset_free(&x->names);
    nameset_free(&x->bases);
    free(x->metric_page);
    free(x->page_block);
    free(x->block_page);
    free(x->series_charted);
    for (size_t i = 0; i < x->nabout; i++) {
        free(x->about[i].id);
        free(x->about[i].label);
        free(x->about[i].sheet);
    }
    free(x->about);
}

static kf_status
fail(kf_diags *diags, const char *path, const char *why)
{
    kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL,
                "cannot write workbook: %s", why);
    return KF_ERR_OUTPUT;
}

/*
 * Writes the workbook of `report` to `path`.  `layout` (may be NULL) only
 * tells which PDF page each figure and chart is on; without it, report
 * page n is PDF page n.  The workbook goes to a temporary file beside
 * `path` (kf_output) and is renamed onto it only when libxlsxwriter
 * reported no error, so a failure never leaves a partial file or replaces
 * a good one; it adds an error naming `path` and returns KF_ERR_OUTPUT.
 * The bytes depend only on the report (and SOURCE_DATE_EPOCH):
 * libxlsxwriter dates every zip entry 1 January 1980 and the document's
 * creation date is kf_report_epoch().
 */
kf_status
kf_write_xlsx(const kf_report *report, const kf_layout *layout,
              const char *path, kf_diags *diags)
{
    if (!report || empty(path))
        return KF_ERR_USAGE;

    /* libxlsxwriter opens the file by name when the workbook is closed;
     * kf_output only reserves the unique name and renames it.  Its own
     * stream stays empty. */
    kf_output *out = kf_output_new(path, diags);
    if (!out)
        return KF_ERR_OUTPUT;

    xlsx x = {0};
    x.report = report;
    x.layout = layout;
    x.w = report->locale == KF_LOCALE_FR_FR ? &words_fr : &words_en;
    x.metric_page = calloc(report->nmetrics + 1, sizeof(int));
    x.page_block = calloc(report->npages + 1, sizeof(size_t));
    x.series_charted = calloc(report->nseries + 1, sizeof(bool));
    x.wb = workbook_new(out->tmp);
    if (!x.metric_page || !x.page_block || !x.series_charted || !x.wb) {
        if (x.wb)
            lxw_workbook_free(x.wb);
        xlsx_free(&x);
        kf_output_free(out);
        return fail(diags, path, "out of memory");
    }

    /* The fixed sheets' names, and the fixed tables' names (which share
     * one namespace with defined names), are taken first so that no
     * chart title or id can take them. */
    name_add(&x, &x.sheets, x.w->key_sheet);
    name_add(&x, &x.sheets, x.w->sources_sheet);
    name_add(&x, &x.sheets, x.w->about_sheet);
    name_add(&x, &x.names, "KeyFigures");
    name_add(&x, &x.names, "Sources");
    name_add(&x, &x.names, "Pages");

    find_pages(&x);
    set_properties(&x);
    write_key_figures(&x);
    write_charts(&x);
    write_sources(&x);
    write_about(&x);

    lxw_error write_err = x.err;
    bool out_of_mem = x.out_of_mem;
    /* libxlsxwriter writes the creation date with gmtime(), whose one
     * struct tm the process shares: two workbooks closed at once (the
     * editions' pool, batch -j) could each print the other's date
     * (ThreadSanitizer saw both write it).  The close is a few ms of a
     * sheet's build. */
    static pthread_mutex_t close_lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&close_lock);
    lxw_error close_err = workbook_close(x.wb);
    pthread_mutex_unlock(&close_lock);
    xlsx_free(&x);

    const char *why = out_of_mem                  ? "out of memory"
                      : write_err != LXW_NO_ERROR ? lxw_strerror(write_err)
                      : close_err != LXW_NO_ERROR ? lxw_strerror(close_err)
                                                  : NULL;
    if (why) {
        kf_output_free(out);
        return fail(diags, path, why);
    }
    return kf_output_commit(out, diags);
}
