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
#include "chart_kind.h"
#include "keyfig.h"
#include "check_int.h"
#include "format.h"
#include "output.h"
#include "palette.h"

#include <xlsxwriter.h>

#include <errno.h>
#include <math.h>
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
#define KEY_COLS 8

/* Column widths, in Excel character units. */
#define WIDTH_MIN 6.0
#define WIDTH_MAX 60.0

/* Words of the sheets, in the report's language. */
typedef struct {
    const char *key_sheet;
    const char *about_sheet;
    const char *sources_sheet;
    const char *series_fallback; /* "Série" + number */
    const char *key_headers[KEY_COLS];
    const char *series_headers[2];
    const char *source_headers[5];
    const char *about_labels[6];
    const char *language; /* the edition's, in its own words */
    const char *pages_headers[4];
    const char *kind_metric;
    const char *kind_series;
} words;

static const words words_fr = {
    "Chiffres clés",
    "À propos",
    "Sources",
    "Série",
    {"id", "libellé", "valeur", "unité", "source", "date", "valeur précédente",
     "variation"},
    {"libellé", "valeur"},
    {"id", "titre", "éditeur", "date", "url"},
    {"Titre", "Sous-titre", "Organisation", "Date d'édition", "Généré par",
     "Langue"},
    "français",
    {"id", "type", "libellé", "page du PDF"},
    "chiffre clé",
    "série",
};

static const words words_en = {
    "Key figures",
    "About",
    "Sources",
    "Series",
    {"id", "label", "value", "unit", "source", "as of", "previous value",
     "change"},
    {"label", "value"},
    {"id", "title", "publisher", "date", "url"},
    {"Title", "Subtitle", "Organisation", "Edition date", "Generator",
     "Language"},
    "English",
    {"id", "type", "label", "PDF page"},
    "key figure",
    "series",
};

/* A number format string and the lxw_format made for it, so each format
 * is added to the workbook once. */
typedef struct {
    char *num_format;
    bool bold;
    lxw_format *format;
} format_entry;

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

    /* Names in use, folded to lower case: sheet names in one list,
     * defined and table names (one namespace in Excel) in the other. */
    char **sheets;
    size_t nsheets;
    size_t sheets_cap;
    char **names;
    size_t nnames;
    size_t names_cap;
    /* For each base of a sheet name already made unique, the next
     * suffix to try: 1000 series of one title then cost one try each,
     * not 2 + 3 + ... + 1000 (18 s of naming). */
    struct suffix_memo {
        char *base;
        int next;
    } *suffixes;
    size_t nsuffixes;
    size_t suffixes_cap;

    /* Per-sheet column widths being gathered. */
    double widths[KEY_COLS];

    /* The PDF page (from 1) each metric and series first appears on,
     * 0 when on none; and the chart type each series is drawn with. */
    int *metric_page;
    int *series_page;
    int *series_chart; /* kf_chart_type, or -1 */
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
    if (col >= 0 && col < KEY_COLS && chars > x->widths[col])
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

static bool
name_taken(char **list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (same_name(list[i], name))
            return true;
    return false;
}

static void
name_add(xlsx *x, char ***list, size_t *n, size_t *cap, const char *name)
{
    if (*n == *cap) {
        size_t cap2 = *cap ? *cap * 2 : 16;
        char **grown = realloc(*list, cap2 * sizeof(char *));
        if (!grown) {
            x->out_of_mem = true;
            return;
        }
        *list = grown;
        *cap = cap2;
    }
    char *copy = dup_str(x, name);
    if (copy)
        (*list)[(*n)++] = copy;
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
    char text[160]; /* as the PDF prints it, for column widths */
} figure;

/* Fills *fig for `value`; false for a value that is not finite (the
 * loader rejects those, so this is a guard). */
static bool
make_figure(const kf_report *report, double value, int decimals,
            const char *unit, kf_display display, figure *fig)
{
    kf_number_plan plan;
    kf_number num;
    if (!kf_number_plan_make(report->locale, value, decimals, unit, display,
                             &plan))
        return false;
    fig->stored = plan.percent ? value / 100.0 : value;
    if (!plan_num_format(&plan, fig->num_format, sizeof(fig->num_format)))
        snprintf(fig->num_format, sizeof(fig->num_format), "General");
    if (kf_format_number(report->locale, value, decimals, unit, display, &num))
        copy_str(fig->text, sizeof(fig->text), num.text);
    else
        fig->text[0] = '\0';
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
    for (int i = 0; i < KEY_COLS; i++)
        x->widths[i] = 0;
}

static void
set_widths(xlsx *x, lxw_worksheet *ws, int ncols)
{
    for (int i = 0; i < ncols; i++) {
        double w = x->widths[i] + 2;
        w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
        note(x, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, w, NULL));
    }
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
    lxw_table_column cols[KEY_COLS];
    lxw_table_column *col_ptrs[KEY_COLS + 1];
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

/* The memo of `base` (compared as Excel compares names), added with the
 * first suffix, 2, when new; NULL when out of memory (the search then
 * starts at 2, slower but right). */
static struct suffix_memo *
suffix_memo_of(xlsx *x, const char *base)
{
    for (size_t i = 0; i < x->nsuffixes; i++)
        if (same_name(x->suffixes[i].base, base))
            return &x->suffixes[i];
    if (x->nsuffixes == x->suffixes_cap) {
        size_t cap = x->suffixes_cap ? x->suffixes_cap * 2 : 16;
        struct suffix_memo *grown =
            realloc(x->suffixes, cap * sizeof(*grown));
        if (!grown)
            return NULL;
        x->suffixes = grown;
        x->suffixes_cap = cap;
    }
    char *copy = strdup(base);
    if (!copy)
        return NULL;
    x->suffixes[x->nsuffixes] = (struct suffix_memo){copy, 2};
    return &x->suffixes[x->nsuffixes++];
}

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
        } else if (c == ' ' || cp == ' ') {
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

    /* Unique, and never Excel's reserved "History". */
    char base[512];
    copy_str(base, sizeof(base), start);
    copy_str(out, size, base);
    struct suffix_memo *memo = NULL;
    int k = 2;
    if (name_taken(x->sheets, x->nsheets, out) || same_name(out, "History")) {
        memo = suffix_memo_of(x, base);
        if (memo)
            k = memo->next;
    }
    for (; name_taken(x->sheets, x->nsheets, out) ||
           same_name(out, "History");
         k++) {
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
        if (k > 9999)
            return false;
    }
    if (memo)
        memo->next = k;
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

/* Adds a worksheet named from `title`, else `id`, else "Série N"; the
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
        snprintf(fallback, sizeof(fallback), "%s %zu", x->w->series_fallback,
                 number);
        if (!sheet_name(x, fallback, name, sizeof(name)))
            snprintf(name, sizeof(name), "Sheet%zu", number + 100);
    }
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws) {
        note(x, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
        return NULL;
    }
    name_add(x, &x->sheets, &x->nsheets, &x->sheets_cap, name);
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
    for (int k = 2; name_taken(x->names, x->nnames, out); k++)
        snprintf(out, NAME_MAX_LEN + 1, "%.240s_%d", base, k);
    name_add(x, &x->names, &x->nnames, &x->names_cap, out);
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

/* For report page p, the first layout page drawn for it.  The layout
 * keeps pages in order and may add continuation pages, so report pages
 * are matched to layout pages by title, in order; when that fails (or
 * there is no layout) page p is page p. */
static void
map_pages(const kf_report *report, const kf_layout *layout, size_t *first,
          size_t *count)
{
    bool ok = layout && layout->npages >= report->npages;
    size_t at = 0;
    for (size_t p = 0; ok && p < report->npages; p++) {
        const char *title = report->pages[p].title;
        while (at < layout->npages &&
               !(title && layout->pages[at].title &&
                 strcmp(title, layout->pages[at].title) == 0) &&
               !(empty(title) && empty(layout->pages[at].title)))
            at++;
        if (at == layout->npages)
            ok = false;
        else
            first[p] = at++;
    }
    for (size_t p = 0; p < report->npages; p++) {
        if (!ok)
            first[p] = p;
        size_t next = p + 1 < report->npages
                          ? (ok ? first[p + 1] : p + 1)
                          : (ok ? layout->npages : report->npages);
        count[p] = next > first[p] ? next - first[p] : 1;
    }
}

/* The PDF page (from 1) block b of report page p is on: the first page
 * of its run that holds an item of that block. */
static int
block_page(const kf_layout *layout, size_t first, size_t count, size_t b)
{
    if (layout && first + count <= layout->npages) {
        for (size_t q = first; q < first + count; q++) {
            const kf_layout_page *page = &layout->pages[q];
            for (size_t i = 0; i < page->count; i++)
                if (page->items[i].block == (int)b)
                    return (int)q + 1;
        }
    }
    return (int)first + 1;
}

static void
find_pages(xlsx *x)
{
    const kf_report *r = x->report;
    size_t *first = calloc(r->npages + 1, sizeof(size_t));
    size_t *count = calloc(r->npages + 1, sizeof(size_t));
    if (!first || !count) {
        free(first);
        free(count);
        x->out_of_mem = true;
        return;
    }
    map_pages(r, x->layout, first, count);
    for (size_t p = 0; p < r->npages; p++) {
        const kf_page *page = &r->pages[p];
        for (size_t b = 0; b < page->nblocks; b++) {
            const kf_block *block = &page->blocks[b];
            int pdf_page = 0;
            if (block->kind == KF_BLOCK_KPIS) {
                for (size_t k = 0; k < block->nmetrics; k++) {
                    size_t m = block->metrics[k];
                    if (m < r->nmetrics && x->metric_page[m] == 0) {
                        if (!pdf_page)
                            pdf_page =
                                block_page(x->layout, first[p], count[p], b);
                        x->metric_page[m] = pdf_page;
                    }
                }
            } else if (block->series < r->nseries &&
                       x->series_page[block->series] == 0) {
                x->series_page[block->series] =
                    block_page(x->layout, first[p], count[p], b);
                x->series_chart[block->series] = (int)block->chart;
            }
        }
    }
    free(first);
    free(count);
}

/* ------------------------------------------------------------------ */
/* Sheets                                                             */
/* ------------------------------------------------------------------ */

static void
write_key_figures(xlsx *x)
{
    const kf_report *r = x->report;
    lxw_worksheet *ws = add_fixed_sheet(x, x->w->key_sheet);
    if (!ws)
        return;
    start_sheet(x);
    for (size_t i = 0; i < r->nmetrics; i++) {
        const kf_metric *m = &r->metrics[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        figure value, previous, change;

        put_text(x, ws, row, COL_ID, m->id, NULL);
        put_text(x, ws, row, COL_LABEL, m->label, NULL);
        bool have_value =
            make_figure(r, m->value, m->decimals, m->unit, m->display, &value);
        if (have_value)
            put_number(x, ws, row, COL_VALUE, &value);
        put_text(x, ws, row, COL_UNIT, m->unit, NULL);
        if (m->source >= 0 && (size_t)m->source < r->nsources)
            put_text(x, ws, row, COL_SOURCE, r->sources[m->source].title, NULL);
        /* The date the figure refers to, its source's when it has none of
         * its own: an analyst filters on it. */
        put_date(x, ws, row, COL_AS_OF, kf_figure_date(r, m->as_of, m->source));
        if (have_value && m->has_previous &&
            make_figure(r, m->previous, m->decimals, m->unit, m->display,
                        &previous) &&
            make_figure(r, m->value - m->previous, m->decimals, m->unit,
                        m->display, &change)) {
            put_number(x, ws, row, COL_PREVIOUS, &previous);
            char formula[64], cv[16], cp[16];
            lxw_col_to_name(cv, COL_VALUE, false);
            lxw_col_to_name(cp, COL_PREVIOUS, false);
            snprintf(formula, sizeof(formula), "=%s%u-%s%u", cv,
                     (unsigned)row + 1, cp, (unsigned)row + 1);
            widen(x, COL_CHANGE, text_width(change.text));
            /* The cached result lets readers that do not compute
             * (openpyxl, previews) show the change too. */
            note(x, worksheet_write_formula_num(
                        ws, row, COL_CHANGE, formula,
                        get_format(x, change.num_format, false),
                        value.stored - previous.stored));
        }
    }
    add_table(x, ws, 0, (lxw_row_t)r->nmetrics, KEY_COLS, x->w->key_headers,
              "KeyFigures");
    worksheet_freeze_panes(ws, 1, 0);
    set_widths(x, ws, KEY_COLS);

    /* Defined names, once the table's name is taken. */
    for (size_t i = 0; i < r->nmetrics; i++) {
        char name[NAME_MAX_LEN + 1], ref[512];
        defined_name(x, r->metrics[i].id, name);
        cell_ref(x->w->key_sheet, (lxw_row_t)(i + 1), COL_VALUE, ref,
                 sizeof(ref));
        note(x, workbook_define_name(x->wb, name, ref));
    }
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

static void
write_series(xlsx *x, size_t index)
{
    const kf_report *r = x->report;
    const kf_series *s = &r->series[index];
    char name[128];
    lxw_worksheet *ws =
        add_sheet(x, s->title, s->id, index + 1, name, sizeof(name));
    if (!ws)
        return;
    start_sheet(x);
    for (size_t i = 0; i < s->npoints; i++) {
        figure fig;
        lxw_row_t row = (lxw_row_t)(i + 1);
        put_text(x, ws, row, 0, s->points[i].label, NULL);
        if (make_figure(r, s->points[i].value, s->decimals, s->unit,
                        KF_DISPLAY_FULL, &fig))
            put_number(x, ws, row, 1, &fig);
    }
    char table[32];
    snprintf(table, sizeof(table), "Series%zu", index + 1);
    add_table(x, ws, 0, (lxw_row_t)s->npoints, 2, x->w->series_headers, table);
    set_widths(x, ws, 2);
    if (s->npoints == 0)
        return;

    /* The native chart its kind asks for; a column chart for a series
     * no chart shows. */
    const kf_chart_kind *kind =
        kf_chart_kind_of((kf_chart_type)x->series_chart[index]);
    kf_workbook_chart wb = kind ? kind->workbook : KF_WORKBOOK_COLUMN;
    uint8_t chart_type = wb == KF_WORKBOOK_BAR        ? LXW_CHART_BAR
                         : wb == KF_WORKBOOK_DOUGHNUT ? LXW_CHART_DOUGHNUT
                                                      : LXW_CHART_COLUMN;
    lxw_chart *chart = workbook_add_chart(x->wb, chart_type);
    if (!chart) {
        x->out_of_mem = true;
        return;
    }
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    if (!series) {
        x->out_of_mem = true;
        return;
    }
    lxw_row_t last = (lxw_row_t)s->npoints;
    chart_series_set_categories(series, name, 1, 0, last, 0);
    chart_series_set_values(series, name, 1, 1, last, 1);
    chart_series_set_name_range(series, name, 0, 1);

    /* A title starting with '=' would be read as a formula. */
    if (!empty(s->title) && s->title[0] != '=')
        chart_title_set_name(chart, s->title);
    else if (!empty(s->title))
        chart_title_off(chart);

    char label_format[NUM_FORMAT_MAX];
    series_label_format(r, s, label_format, sizeof(label_format));
    chart_series_set_labels(series);
    chart_series_set_labels_num_format(series, label_format);

    lxw_chart_fill fill;
    lxw_chart_line line;
    if (chart_type == LXW_CHART_DOUGHNUT) {
        size_t n = s->npoints;
        lxw_chart_fill *fills = calloc(n, sizeof(*fills));
        lxw_chart_line *lines = calloc(n, sizeof(*lines));
        lxw_chart_point *points = calloc(n, sizeof(*points));
        lxw_chart_point **ptrs = calloc(n + 1, sizeof(*ptrs));
        if (fills && lines && points && ptrs) {
            for (size_t i = 0; i < n; i++) {
                set_fill(&fills[i], &lines[i], kf_palette_color(r, i));
                /* white gaps, as in the PDF */
                lines[i].color = kf_palette_rgb(KF_WHITE);
                points[i].fill = &fills[i];
                points[i].line = &lines[i];
                ptrs[i] = &points[i];
            }
            note(x, chart_series_set_points(series, ptrs));
        } else {
            x->out_of_mem = true;
        }
        free(fills);
        free(lines);
        free(points);
        free(ptrs);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_RIGHT);
    } else {
        set_fill(&fill, &line, r->primary);
        chart_series_set_fill(series, &fill);
        chart_series_set_line(series, &line);
        chart_series_set_labels_position(series,
                                         LXW_CHART_LABEL_POSITION_OUTSIDE_END);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        if (chart_type == LXW_CHART_BAR) {
            /* In a libxlsxwriter bar chart x_axis is the (horizontal)
             * value axis and y_axis the category axis.  Excel draws the
             * first category at the bottom, the PDF at the top: reverse
             * the categories, and have the value axis cross them at the
             * last one so it stays at the bottom. */
            chart_axis_set_num_format(chart->x_axis, label_format);
            chart_axis_set_reverse(chart->y_axis);
            chart_axis_set_crossing_max(chart->y_axis);
        } else {
            chart_axis_set_num_format(chart->y_axis, label_format);
        }
    }

    lxw_chart_options options = {0};
    options.x_scale = 1.25;
    options.y_scale = 1.25;
    note(x, worksheet_insert_chart_opt(ws, 1, 3, chart, &options));
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
    set_widths(x, ws, 5);
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
        put_text(x, ws, (lxw_row_t)i, 0, x->w->about_labels[i], bold);
        if (i == 3)
            put_date(x, ws, (lxw_row_t)i, 1, r->date);
        else
            put_text(x, ws, (lxw_row_t)i, 1, values[i], NULL);
    }
    lxw_row_t top = 7;
    lxw_row_t row = top;
    for (size_t i = 0; i < r->nmetrics; i++) {
        row++;
        put_text(x, ws, row, 0, r->metrics[i].id, NULL);
        put_text(x, ws, row, 1, x->w->kind_metric, NULL);
        put_text(x, ws, row, 2, r->metrics[i].label, NULL);
        if (x->metric_page[i] > 0)
            note(x,
                 worksheet_write_number(ws, row, 3, x->metric_page[i], NULL));
    }
    for (size_t i = 0; i < r->nseries; i++) {
        row++;
        put_text(x, ws, row, 0, r->series[i].id, NULL);
        put_text(x, ws, row, 1, x->w->kind_series, NULL);
        put_text(x, ws, row, 2, r->series[i].title, NULL);
        if (x->series_page[i] > 0)
            note(x,
                 worksheet_write_number(ws, row, 3, x->series_page[i], NULL));
    }
    add_table(x, ws, top, row, 4, x->w->pages_headers, "Pages");
    set_widths(x, ws, 4);
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
    for (size_t i = 0; i < x->nsheets; i++)
        free(x->sheets[i]);
    free(x->sheets);
    for (size_t i = 0; i < x->nnames; i++)
        free(x->names[i]);
    free(x->names);
    for (size_t i = 0; i < x->nsuffixes; i++)
        free(x->suffixes[i].base);
    free(x->suffixes);
    free(x->metric_page);
    free(x->series_page);
    free(x->series_chart);
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
 * tells which PDF page each figure is on; without it, report page n is
 * PDF page n.  The workbook goes to a temporary file beside `path`
 * (kf_output) and is renamed onto it only when libxlsxwriter reported no
 * error, so a failure never leaves a partial file or replaces a good one;
 * it adds an error naming `path` and returns KF_ERR_OUTPUT.  The bytes
 * depend only on the report (and SOURCE_DATE_EPOCH): libxlsxwriter dates
 * every zip entry 1 January 1980 and the document's creation date is
 * kf_report_epoch().
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
    size_t nm = report->nmetrics + 1, ns = report->nseries + 1;
    x.metric_page = calloc(nm, sizeof(int));
    x.series_page = calloc(ns, sizeof(int));
    x.series_chart = calloc(ns, sizeof(int));
    x.wb = workbook_new(out->tmp);
    if (!x.metric_page || !x.series_page || !x.series_chart || !x.wb) {
        if (x.wb)
            lxw_workbook_free(x.wb);
        xlsx_free(&x);
        kf_output_free(out);
        return fail(diags, path, "out of memory");
    }
    for (size_t i = 0; i < report->nseries; i++)
        x.series_chart[i] = -1;

    /* The fixed sheets' names, and the table names (which share one
     * namespace with defined names), are taken first so that no series
     * title or metric id can take them. */
    name_add(&x, &x.sheets, &x.nsheets, &x.sheets_cap, x.w->key_sheet);
    name_add(&x, &x.sheets, &x.nsheets, &x.sheets_cap, x.w->sources_sheet);
    name_add(&x, &x.sheets, &x.nsheets, &x.sheets_cap, x.w->about_sheet);
    name_add(&x, &x.names, &x.nnames, &x.names_cap, "KeyFigures");
    name_add(&x, &x.names, &x.nnames, &x.names_cap, "Sources");
    name_add(&x, &x.names, &x.nnames, &x.names_cap, "Pages");
    for (size_t i = 0; i < report->nseries; i++) {
        char table[32];
        snprintf(table, sizeof(table), "Series%zu", i + 1);
        name_add(&x, &x.names, &x.nnames, &x.names_cap, table);
    }

    find_pages(&x);
    set_properties(&x);
    write_key_figures(&x);
    for (size_t i = 0; i < report->nseries; i++)
        write_series(&x, i);
    write_sources(&x);
    write_about(&x);

    lxw_error write_err = x.err;
    bool out_of_mem = x.out_of_mem;
    lxw_error close_err = workbook_close(x.wb);
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
