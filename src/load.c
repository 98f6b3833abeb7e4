/*
 * load.c: turns a report file (format 1) into a kf_report.
 *
 * The readers (load_yaml.c, load_json.c) give a kf_node tree; this file
 * walks it with the schema of docs/format.md, fills the model and adds a
 * diagnostic, located at the offending node, for every problem it finds.
 * It keeps going after an error wherever it can (every metric is checked
 * even if the first is wrong) so one run shows a report's writer all
 * that is wrong; a syntax error stops at the reader.  At the end the
 * diagnostics of this file are put in line order.
 *
 * Nothing here depends on the C locale: numbers are checked against our
 * own syntax before strtod sees them, and the process never calls
 * setlocale.
 */
/* realpath, to keep the files a report names inside its folder */
#define _XOPEN_SOURCE 700
#include "change.h"
#include "chart_kind.h"
#include "check_int.h"
#include "csv.h"
#include "date.h"
#include "fontset.h"
#include "palette.h"
#include "logo.h"
#include "node.h"
#include "readfile.h"
#include "typo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_METRICS 10000
#define MAX_SERIES 1000
#define MAX_POINTS 1000
/* Points of all the series together: each is a cell, a label and a value
 * of a native chart in the workbook (about 14 us each there), and a bar
 * or a row on the pages. */
#define MAX_ALL_POINTS 10000
/* Characters in a point's label: it is wrapped under its bar, beside its
 * row, in a legend, every line of it shaped (30 labels of 32 767 letters
 * took 2 s to lay out). */
#define MAX_POINT_LABEL 1000
#define MAX_PAGES KF_MAX_SHEETS /* each page takes a sheet at least */
#define MAX_BLOCKS 50
#define MAX_KPIS 8
#define MAX_ID 64
#define DEFAULT_KPIS_PER_BLOCK 4

/* The most points the default layout draws as a bar chart: the bars a
 * portrait A4 or Letter column holds with room for each bar's value and
 * label (515 pt at 14 pt a bar, a turned label's line and room around
 * it).  A longer series is drawn as a line: 1000 bars left every label
 * over another. */
#define DEFAULT_BAR_POINTS 36

/* ------------------------------------------------------------------ */
/* The schema: known keys of each map                                  */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *const *keys;
    size_t nkeys;
    const char *what; /* "a metric": for "the keys of a metric are ..." */
} schema;

#define SCHEMA(name, what, ...)                                         \
    static const char *const name##_keys[] = {__VA_ARGS__};             \
    static const schema name = {name##_keys,                            \
                                sizeof(name##_keys) / sizeof(char *), what}

SCHEMA(top_schema, "a report file", "format", "report", "sources", "metrics",
       "metrics_csv", "series", "pages", "$schema");
SCHEMA(report_schema, "'report'", "title", "subtitle", "organisation",
       "organization", "date", "locale", "paper", "theme", "logo", "cover",
       "appendix", "languages", "locales", "fallback_language", "max_age",
       "stale", "brand");
SCHEMA(theme_schema, "'theme'", "primary", "accent", "palette", "font",
       "fonts", "background", "text", "figures");
SCHEMA(brand_schema, "a brand file", "theme", "logo", "$schema");
SCHEMA(source_schema, "a source", "id", "title", "publisher", "date", "url");
SCHEMA(metric_schema, "a metric", "id", "label", "value", "unit", "decimals",
       "display", "qualifier", "sign", "source", "as_of", "previous",
       "previous_as_of", "trend", "sparkline");
SCHEMA(series_schema, "a series", "id", "title", "unit", "decimals",
       "points", "source", "as_of");
SCHEMA(point_schema, "a point", "label", "value");
SCHEMA(page_schema, "a page", "title", "blocks");
SCHEMA(block_schema, "a block", "kpis", "hero", "chart", "text", "row");
SCHEMA(chart_schema, "a chart", "type", "series", "metric", "title", "alt",
       "height");

static const char *const paper_names[] = {"A4", "A4-landscape", "Letter",
                                          "Letter-landscape", "screen",
                                          "square"};
static const char *const display_names[] = {"full", "compact"};
static const char *const trend_names[] = {"absolute", "relative"};
/* In kf_qualifier's order, after KF_QUALIFIER_NONE (which has no name:
 * no key). */
static const char *const qualifier_names[] = {"more_than", "about", "up_to",
                                              "less_than"};
static const char *const sign_names[] = {"auto", "always"};
static const char *const appendix_names[] = {"none", "data"};
static const char *const stale_names[] = {"none", "mark"};

/* ------------------------------------------------------------------ */
/* Loader state and messages                                           */
/* ------------------------------------------------------------------ */

/* Ids of one kind sorted for lookup; each entry lends its id from the
 * report. */
typedef struct {
    const char *id;
    size_t index;
    int line;
    int col;
    const char *file; /* NULL: the report file */
} id_entry;

/* Where an id was written: metrics may come from a CSV file too. */
typedef struct {
    int line;
    int col;
    const char *file; /* NULL: the report file */
} id_loc;

typedef struct {
    id_entry *items;
    size_t count;
} id_index;

typedef struct {
    const char *file;
    kf_diags *diags;
    bool json;
    char *dir; /* the report's directory, for the logo */
    /* The folder the paths being read are relative to, and its name in
     * messages: the report's (dir), or the brand file's while its keys
     * are read. */
    const char *base;
    const char *base_name;
    const kf_node *font_node;  /* where the winning theme.font is written */
    const kf_node *fonts_node; /* where the winning theme.fonts is */
    /* Where the winning colours of the theme are written, for the
     * warnings about their contrast with the background. */
    const kf_node *primary_node, *accent_node, *palette_node,
        *background_node, *text_node, *figures_node;
    kf_node *brand_root; /* the brand file's tree, until the end */
    bool fonts_failed;   /* a theme.fonts was wrong (and reported) */
    /* The metrics_csv named could not be read (and that was reported):
     * an id it would have defined is not "unknown", so references to
     * metrics are not reported, or one error in the CSV's header would
     * bury itself under an error for every tile. */
    bool metrics_csv_failed;
    /* The map check_keys read last, and the keys its unknown keys are
     * near misses of ('titel' for 'title'): need() leaves a required
     * key that a typo stands for to the typo's "did you mean", so one
     * slip is one error. */
    const kf_node *typo_map;
    const char *typo_for[8];
    size_t ntypos;
    kf_report *r;
    id_index sources;
    id_index metrics;
    id_index series;
    bool *series_ok; /* per series: every point was read */
    size_t points; /* in the series read so far, for MAX_ALL_POINTS */
    const kf_load_options *options; /* never NULL */
    const char *fallback; /* report.fallback_language, or NULL */
    size_t errors_before; /* diags->errors when this file started */
} loader;

static bool ends_with_json(const char *name);

static void
error_at(loader *L, const kf_node *at, const char *hint, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Adds an error located at `at` (the whole file when NULL). */
static void
error_at(loader *L, const kf_node *at, const char *hint, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    kf_diag_add(L->diags, KF_SEV_ERROR, at && at->file ? at->file : L->file,
                at ? at->line : 0, at ? at->col : 0, hint, "%s", msg);
}

/* The diagnostics list is full: further hints would not be seen, so the
 * costly ones (did-you-mean over thousands of ids) can be skipped. */
static bool
diags_full(const loader *L)
{
    return L->diags && L->diags->count >= KF_DIAGS_MAX;
}

/* Writes `len` bytes of `s` into buf for a message: control characters
 * escaped, cut after 48 characters so a 64 KiB value cannot drown the
 * message.  An escape takes up to 6 bytes for one character, so every
 * piece is checked against the room left (with "..." and the NUL): the
 * buffer holds whatever the input.  Returns buf. */
#define SHOWN 256
static const char *
shown(const char *s, size_t len, char buf[SHOWN])
{
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0, i = 0;
    int chars = 0;
    while (i < len) {
        char piece[8];
        size_t n, used;
        unsigned char c = p[i];
        if (c < 0x20 || c == 0x7F) {
            n = (size_t)snprintf(piece, sizeof(piece),
                                 c == '\n'   ? "\\n"
                                 : c == '\t' ? "\\t"
                                             : "\\x%02X",
                                 c);
            used = 1;
        } else if (c == 0xC2 && i + 1 < len && p[i + 1] >= 0x80 &&
                   p[i + 1] <= 0x9F) {
            /* a C1 control, U+0080 to U+009F */
            n = (size_t)snprintf(piece, sizeof(piece), "\\u%04X", p[i + 1]);
            used = 2;
        } else {
            n = 1;
            while (i + n < len && (p[i + n] & 0xC0) == 0x80 && n < 4)
                n++;
            memcpy(piece, p + i, n);
            used = n;
        }
        if (chars == 48 || o + n + sizeof("...") > SHOWN) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        memcpy(buf + o, piece, n);
        o += n;
        i += used;
        chars++;
    }
    buf[o] = '\0';
    return buf;
}

static const char *
shown_node(const kf_node *n, char buf[SHOWN])
{
    return shown(n->text, n->len, buf);
}

/* ------------------------------------------------------------------ */
/* Did you mean?                                                       */
/* ------------------------------------------------------------------ */

static char
ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool
same_ignoring_case(const char *a, size_t la, const char *b)
{
    size_t lb = strlen(b);
    if (la != lb)
        return false;
    for (size_t i = 0; i < la; i++)
        if (ascii_lower(a[i]) != ascii_lower(b[i]))
            return false;
    return true;
}

/* Optimal string alignment distance (edits, with a swap of two
 * neighbours counting as one), on bytes, for strings of up to MAX_ID
 * bytes; larger inputs count as far apart. */
static size_t
edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    if (la > MAX_ID || lb > MAX_ID)
        return (size_t)-1;
    size_t rows[3][MAX_ID + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (prev[j - 1] + cost < best)
                best = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

/* Keeps the best candidate so far for "did you mean": a match ignoring
 * case beats anything, then the smallest edit distance up to 2, and only
 * when the distance is less than the shorter length (so 'x' never
 * suggests 'id'). */
typedef struct {
    const char *text;
    size_t len;
    const char *best;
    size_t score; /* 0 for a case-insensitive match, else distance */
} suggester;

static void
suggest_consider(suggester *s, const char *candidate)
{
    size_t lc = strlen(candidate);
    size_t score;
    if (same_ignoring_case(s->text, s->len, candidate)) {
        score = 0;
    } else {
        if (s->len > lc + 2 || lc > s->len + 2)
            return;
        size_t d = edit_distance(s->text, s->len, candidate, lc);
        size_t shorter = s->len < lc ? s->len : lc;
        if (d > 2 || d >= shorter)
            return;
        score = d;
    }
    if (!s->best || score < s->score) {
        s->best = candidate;
        s->score = score;
    }
}

/* "did you mean 'x'?" in buf, or NULL when nothing is close. */
static const char *
suggest_hint(const suggester *s, char *buf, size_t size)
{
    if (!s->best)
        return NULL;
    snprintf(buf, size, "did you mean '%s'?", s->best);
    return buf;
}

/* ------------------------------------------------------------------ */
/* Maps: unknown, duplicate and missing keys                           */
/* ------------------------------------------------------------------ */

/* False for the keys a "the keys of ... are" hint leaves out: an alias
 * and a key for editors, not worth teaching. */
static bool
key_taught(const char *key)
{
    return strcmp(key, "organization") != 0 && strcmp(key, "$schema") != 0;
}

/* Whether unknown key i of `map` is the end of the text before it, cut
 * at a comma: `{ title: Staff, by lab }` reads as a title "Staff" and a
 * key "by lab" with no value.  Then *hint says to quote the whole text
 * (`title: "Staff, by lab"`), which a did-you-mean would not. */
static bool
comma_cut_hint(const kf_node *map, size_t i, char *hint, size_t size)
{
    if (i == 0)
        return false;
    const kf_node *key = map->keys[i], *prev = map->items[i - 1];
    if (!kf_node_is_null(map->items[i]) || prev->kind != KF_NODE_SCALAR ||
        prev->quoted || prev->len == 0 || prev->line != key->line)
        return false;
    char k[SHOWN], a[SHOWN], b[SHOWN];
    snprintf(hint, size,
             "inside { }, a comma ends a text: put the whole text in double "
             "quotes, %s: \"%s, %s\"",
             shown_node(map->keys[i - 1], k), shown_node(prev, a),
             shown_node(key, b));
    return true;
}

/* Checks every key of `map` against `sc`: unknown keys (with a
 * did-you-mean, else the list of valid keys) and repeated ones.  `where`
 * completes the message: "in metric 'x'". */
static void
check_keys(loader *L, const kf_node *map, const schema *sc, const char *where)
{
    int first_line[32] = {0}; /* more than any schema has keys */
    L->typo_map = map;
    L->ntypos = 0;
    for (size_t i = 0; i < map->count; i++) {
        const kf_node *key = map->keys[i];
        size_t k;
        for (k = 0; k < sc->nkeys; k++)
            if (key->len == strlen(sc->keys[k]) &&
                memcmp(key->text, sc->keys[k], key->len) == 0)
                break;
        char a[SHOWN];
        if (k < sc->nkeys) {
            if (k >= sizeof(first_line) / sizeof(*first_line))
                continue; /* never: no schema has that many keys */
            if (first_line[k])
                error_at(L, key, "remove one of them",
                         "duplicate key '%s' %s (first at line %d)",
                         sc->keys[k], where, first_line[k]);
            else
                first_line[k] = key->line > 0 ? key->line : 1;
            continue;
        }
        suggester s = {.text = key->text, .len = key->len};
        for (k = 0; k < sc->nkeys; k++)
            suggest_consider(&s, sc->keys[k]);
        char hint[1024];
        bool cut = comma_cut_hint(map, i, hint, sizeof(hint));
        if (!cut && s.best &&
            L->ntypos < sizeof(L->typo_for) / sizeof(*L->typo_for))
            L->typo_for[L->ntypos++] = s.best;
        if (!cut && !suggest_hint(&s, hint, sizeof(hint))) {
            size_t o = (size_t)snprintf(hint, sizeof(hint),
                                        "the keys of %s are ", sc->what);
            size_t last = 0, shown_keys = 0;
            for (k = 0; k < sc->nkeys; k++)
                if (key_taught(sc->keys[k]))
                    last = k;
            for (k = 0; k < sc->nkeys; k++) {
                if (!key_taught(sc->keys[k]))
                    continue;
                o += (size_t)snprintf(hint + o, sizeof(hint) - o, "%s%s",
                                      shown_keys == 0 ? ""
                                      : k == last     ? " and "
                                                      : ", ",
                                      sc->keys[k]);
                shown_keys++;
            }
        }
        error_at(L, key, hint, "unknown key '%s' %s", shown_node(key, a),
                 where);
    }
}

/* The value of required key `key`, or NULL after reporting it missing
 * (at the map that lacks it), unless check_keys has just reported a
 * near miss of it in that map ('titel': did you mean 'title'?). */
static const kf_node *
need(loader *L, const kf_node *map, const char *key, const char *where)
{
    const kf_node *v = kf_node_get(map, key);
    if (v)
        return v;
    if (L->typo_map == map)
        for (size_t i = 0; i < L->ntypos; i++)
            if (strcmp(L->typo_for[i], key) == 0)
                return NULL;
    error_at(L, map, NULL, "missing required key '%s' %s", key, where);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Scalars                                                             */
/* ------------------------------------------------------------------ */

/* Checks `v` (the value of `key`) is a scalar with a value; `expected`
 * names what it should be ("a number").  `null_hint` overrides the hint
 * for an empty value. */
static bool
want_scalar(loader *L, const kf_node *v, const char *key,
            const char *expected, const char *null_hint)
{
    if (v->kind != KF_NODE_SCALAR) {
        error_at(L, v, NULL, "'%s' must be %s, not %s", key, expected,
                 kf_node_kind_name(v));
        return false;
    }
    if (kf_node_is_null(v)) {
        /* A cell of a CSV file (v->file) has no ':' to write after. */
        error_at(L, v,
                 null_hint ? null_hint
                 : v->file ? "fill in the cell: every metric needs an id, a "
                             "label and a value"
                           : "write its value after the ':'",
                 "'%s' has no value", key);
        return false;
    }
    return true;
}

/* In JSON a text must be a JSON string: `"label": 2025` is a number
 * there, and the JSON Schema says so too.  (YAML is kinder: a plain
 * scalar is its text.)  `hint`: what to write instead, NULL for "put it
 * in double quotes" (a key of a few words, whose `true` or `18` quoted
 * would only be the next error, says its words). */
static bool
want_json_string_or(loader *L, const kf_node *v, const char *key,
                    const char *hint)
{
    if (L->json && !v->quoted && !v->field) {
        error_at(L, v, hint ? hint : "put it in double quotes",
                 "'%s' must be a string", key);
        return false;
    }
    return true;
}

static bool
want_json_string(loader *L, const kf_node *v, const char *key)
{
    return want_json_string_or(L, v, key, NULL);
}

/* Valid UTF-8 in `len` bytes?  The readers already ensure it; checked
 * again because a model string must never hold anything else. */
static bool
valid_utf8(const unsigned char *p, size_t len)
{
    const unsigned char *end = p + len;
    while (p < end) {
        size_t n = kf_utf8_len(p, end);
        if (n == 0)
            return false;
        p += n;
    }
    return true;
}

/* The code point of the UTF-8 sequence at p (valid, n bytes). */
static unsigned long
code_point(const unsigned char *p, size_t n)
{
    static const unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    unsigned long cp = p[0] & lead_mask[n];
    for (size_t i = 1; i < n; i++)
        cp = (cp << 6) | (p[i] & 0x3F);
    return cp;
}

/* Checks the text of scalar `v`: UTF-8, not empty, without control
 * characters (C0, DEL and C1: U+0080 to U+009F, which are mostly the
 * trace of a text decoded with the wrong encoding), and on one line
 * unless `lines` allows line breaks.  Every text of format 1 is one line
 * (docs/format.md and the JSON Schema say so, and the layout breaks
 * lines itself) but a text block's, whose blank lines part paragraphs. */
static bool
check_text_lines(loader *L, const kf_node *v, const char *key, bool lines)
{
    const unsigned char *p = (const unsigned char *)v->text;
    const unsigned char *end = p + v->len;
    if (!valid_utf8(p, v->len)) {
        error_at(L, v, "save the file with the UTF-8 encoding",
                 "'%s' is not valid UTF-8", key);
        return false;
    }
    size_t units = 0; /* UTF-16 code units, as Excel counts a cell's */
    while (p < end) {
        size_t n = kf_utf8_len(p, end);
        unsigned long c = code_point(p, n);
        p += n;
        units += c >= 0x10000 ? 2 : 1;
        if (c == '\n' && lines)
            continue;
        if (c == '\n') {
            error_at(L, v,
                     v->file ? "remove the line break from the cell"
                             : "remove the line break (in YAML, '>-' folds a "
                               "long text onto one line, while '|' and '>' "
                               "keep a line break at the end)",
                     "'%s' must fit on one line", key);
            return false;
        }
        if (c == '\t') {
            error_at(L, v, "replace the tab with a space",
                     "'%s' contains a tab", key);
            return false;
        }
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
            error_at(L, v, "remove it",
                     "'%s' contains a control character (U+%04lX)", key, c);
            return false;
        }
        /* Noncharacters: XML (so a workbook) cannot hold U+FFFE and
         * U+FFFF, and none of them is meant for interchange. */
        if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE) {
            error_at(L, v,
                     "remove it: U+FDD0 to U+FDEF, U+FFFE, U+FFFF (and the "
                     "last two of every plane) are not text",
                     "'%s' contains a noncharacter (U+%04lX)", key, c);
            return false;
        }
    }
    if (v->len == 0) {
        error_at(L, v, "write some text, or remove the key if it is optional",
                 "'%s' must not be empty", key);
        return false;
    }
    /* Every one-line text may reach a workbook cell, which holds at most
     * 32 767 characters: said here, before any output is written, not
     * by the workbook after the PDF was. */
    if (!lines && units > KF_MAX_CELL_TEXT) {
        error_at(L, v, "shorten it: a spreadsheet cell holds at most 32 767 "
                       "characters",
                 "'%s' is %zu characters long", key, units);
        return false;
    }
    return true;
}

static bool
check_text(loader *L, const kf_node *v, const char *key)
{
    return check_text_lines(L, v, key, false);
}

/* The languages keyfig has words and locales for, with the locale an
 * edition in each gets unless report.locales says otherwise. */
static const char *const language_names[] = {"fr", "en"};
static const kf_locale language_locales[] = {KF_LOCALE_FR_FR,
                                             KF_LOCALE_EN_GB};
#define NLANGUAGES (sizeof(language_names) / sizeof(language_names[0]))

static const char *
locale_language(kf_locale locale)
{
    return locale == KF_LOCALE_FR_FR ? "fr" : "en";
}

/* "fr, en": the report's languages, for messages. */
static void
languages_shown(const kf_report *r, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < r->nlanguages; i++)
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s",
                 i ? ", " : "", r->languages[i]);
}

static bool
is_report_language(const kf_report *r, const char *lang)
{
    for (size_t i = 0; i < r->nlanguages; i++)
        if (strcmp(r->languages[i], lang) == 0)
            return true;
    return false;
}

/* A text may be given once, or per language as a map ({fr: ..., en:
 * ...}): returns the node of this edition's language (or of the
 * fallback language), or NULL after an error. */
static const kf_node *
edition_text(loader *L, const kf_node *v, const char *key)
{
    if (v->kind != KF_NODE_MAP)
        return v;
    const kf_report *r = L->r;
    char langs[64];
    languages_shown(r, langs, sizeof(langs));
    /* A map with no language key at all is not meant as translations. */
    bool any_language = false;
    for (size_t i = 0; i < v->count; i++)
        for (size_t j = 0; j < NLANGUAGES; j++)
            any_language = any_language ||
                           strcmp(v->keys[i]->text, language_names[j]) == 0;
    if (!any_language) {
        error_at(L, v,
                 "to give it per language, write one text for each of the "
                 "report's languages ({fr: ..., en: ...})",
                 "'%s' must be text, not a map", key);
        return NULL;
    }
    bool ok = true;
    for (size_t i = 0; i < v->count; i++) {
        const kf_node *k = v->keys[i];
        if (is_report_language(r, k->text))
            continue;
        char hint[160], a[SHOWN];
        bool known = false;
        for (size_t j = 0; j < NLANGUAGES; j++)
            known = known || strcmp(k->text, language_names[j]) == 0;
        if (known)
            snprintf(hint, sizeof(hint),
                     "add it to 'languages' in 'report' (languages: [%s, "
                     "%s])",
                     langs, k->text);
        else
            snprintf(hint, sizeof(hint), "the languages are %s", langs);
        error_at(L, k, hint,
                 "'%s' is given in '%s', which is not one of the report's "
                 "languages",
                 key, shown_node(k, a));
        ok = false;
    }
    if (!ok)
        return NULL;
    const kf_node *t = kf_node_get(v, r->language);
    if (t)
        return t;
    if (L->fallback && (t = kf_node_get(v, L->fallback))) {
        kf_diag_add(L->diags, KF_SEV_WARNING, v->file ? v->file : L->file,
                    v->line, v->col, NULL,
                    "'%s' has no '%s' text; the '%s' one stands in for it",
                    key, r->language, L->fallback);
        return t;
    }
    char hint[160];
    if (v->file) /* the texts of a CSV row, one column per language */
        snprintf(hint, sizeof(hint),
                 "fill in its '%s.%s' cell, or set 'fallback_language' in "
                 "'report'",
                 key, r->language);
    else
        snprintf(hint, sizeof(hint),
                 "add '%s: ...' beside the other languages, or set "
                 "'fallback_language' in 'report'",
                 r->language);
    error_at(L, v, hint, "'%s' has no '%s' text", key, r->language);
    return NULL;
}

/* Reads a text that is the same in every language (a font, a URL) into
 * *out (a copy, replacing what was there).  False after an error. */
static bool
get_plain_text(loader *L, const kf_node *v, const char *key, char **out)
{
    if (!want_scalar(L, v, key, "text", NULL) || !want_json_string(L, v, key)
        || !check_text(L, v, key))
        return false;
    free(*out);
    *out = strdup(v->text);
    if (!*out) {
        error_at(L, v, NULL, "out of memory");
        return false;
    }
    return true;
}

/* Reads a text, given once or per language, into *out (a copy, replacing
 * what was there).  False after an error. */
/* A text of the French edition set by French rules (typo.h): every
 * text shown to readers is read through here or load_text_block.  Frees
 * *text and replaces it; false when out of memory. */
static bool
french_typography(loader *L, const kf_node *v, char **text)
{
    if (!*text || !L->r->language || strcmp(L->r->language, "fr") != 0)
        return true;
    char *set = kf_typo_french(*text);
    if (!set) {
        error_at(L, v, NULL, "out of memory");
        return false;
    }
    free(*text);
    *text = set;
    return true;
}

/* The characters (code points) of a valid UTF-8 text. */
static size_t
utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static bool
get_text(loader *L, const kf_node *v, const char *key, char **out)
{
    v = edition_text(L, v, key);
    return v && get_plain_text(L, v, key, out) &&
           french_typography(L, v, out);
}

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The number syntax of format 1: an optional sign, digits with an
 * optional fraction (or a fraction alone) and an optional exponent; no
 * leading zeros, which YAML 1.1 would read as octal.  A JSON number
 * always passes. */
static bool
number_syntax(const char *s, size_t len)
{
    size_t i = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    size_t int_start = i;
    while (i < len && is_digit(s[i]))
        i++;
    size_t int_digits = i - int_start;
    if (int_digits > 1 && s[int_start] == '0')
        return false;
    size_t frac_digits = 0;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && is_digit(s[i])) {
            i++;
            frac_digits++;
        }
    }
    if (int_digits + frac_digits == 0)
        return false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t exp_start = i;
        while (i < len && is_digit(s[i]))
            i++;
        if (i == exp_start)
            return false;
    }
    return i == len;
}

static bool
contains_ci(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (; *s; s++) {
        size_t k = 0;
        while (k < n && s[k] && ascii_lower(s[k]) == word[k])
            k++;
        if (k == n)
            return true;
    }
    return false;
}

/* A hint for a text that was meant as a number. */
static const char *
number_hint(const char *s, size_t len)
{
    size_t digits = 0, others = 0;
    bool comma = false, under = false, space = false;
    for (size_t i = 0; i < len; i++) {
        if (is_digit(s[i]))
            digits++;
        else if (s[i] == ',')
            comma = true;
        else if (s[i] == '_')
            under = true;
        else if (s[i] == ' ' || (unsigned char)s[i] >= 0x80)
            space = true; /* also U+00A0 and U+202F */
        else if (s[i] != '.' && s[i] != '-' && s[i] != '+')
            others++;
    }
    if (contains_ci(s, "inf") || contains_ci(s, "nan"))
        return "infinity and NaN are not allowed: write a finite number";
    if (len > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X' ||
                                   s[1] == 'o' || s[1] == 'b'))
        return "write the number in decimal";
    if (digits && len && s[len - 1] == '%')
        return "write the number alone and put '%' in 'unit'";
    if (digits && !others && comma)
        return "use a dot for decimals (21.5) and no thousands separator";
    if (digits && !others && (under || space))
        return "write the number without separators, as in 1000000";
    if (digits && !others && number_syntax(s + (s[0] == '-' || s[0] == '+'),
                                           len - (s[0] == '-' || s[0] == '+'))
                                 == false)
        return "remove the leading zeros";
    if (digits && others && len &&
        (s[len - 1] == 'k' || s[len - 1] == 'K' || s[len - 1] == 'M' ||
         s[len - 1] == 'G' || s[len - 1] == 'B'))
        return "write the number in full, as in 30000000; 'display: "
               "compact' prints it short";
    return NULL;
}

/* Numbers are kept as doubles, exact to 15 significant digits (as in a
 * workbook), and printed in full: at most 21 digits before the point. */
#define MAX_NUMBER 1e21

/* The significant digits of a number as written (number_syntax passed):
 * the digits of its mantissa without the zeros leading or trailing. */
static int
significant_digits(const char *s, size_t len)
{
    int first = -1, last = -1, n = 0;
    for (size_t i = 0; i < len && s[i] != 'e' && s[i] != 'E'; i++) {
        if (!is_digit(s[i]))
            continue;
        if (s[i] != '0') {
            if (first < 0)
                first = n;
            last = n;
        }
        n++;
    }
    return first < 0 ? 0 : last - first + 1;
}

/* Reads a finite number, below MAX_NUMBER in size. */
static bool
get_number(loader *L, const kf_node *v, const char *key, double *out)
{
    if (!want_scalar(L, v, key, "a number", NULL))
        return false;
    bool syntax = number_syntax(v->text, v->len);
    if (v->quoted || !syntax) {
        const char *hint = v->quoted && syntax ? "remove the quotes"
                                               : number_hint(v->text, v->len);
        if (!hint)
            hint = "write a number, such as 42, -3 or 21.5";
        error_at(L, v, hint, "'%s' must be a number", key);
        return false;
    }
    errno = 0;
    double d = strtod(v->text, NULL);
    if (!isfinite(d) || fabs(d) >= MAX_NUMBER) {
        /* Printed in full with 6 decimals and French groups, a larger
         * number (or the change from a previous one) would not fit the
         * figure's text and would be left out without a word. */
        char a[SHOWN];
        error_at(L, v,
                 "a number is below 10^21 (1e21) in size: write it in a "
                 "larger unit, as in 'Md€' or 'billion'",
                 "'%s' is too large: %s", key, shown_node(v, a));
        return false;
    }
    int digits = significant_digits(v->text, v->len);
    if (digits > 15) {
        char a[SHOWN];
        kf_diag_add(L->diags, KF_SEV_WARNING, v->file ? v->file : L->file,
                    v->line, v->col,
                    "round it to 15 significant digits",
                    "'%s' %s has %d significant digits: a number keeps 15 "
                    "(in keyfig as in a spreadsheet), the others change",
                    key, shown_node(v, a), digits);
    }
    *out = d;
    return true;
}

/* Reads a whole number from min to max.  `what` describes the allowed
 * values for the message ("a whole number from 0 to 6"). */
static bool
get_int(loader *L, const kf_node *v, const char *key, long min, long max,
        const char *what, long *out)
{
    if (!want_scalar(L, v, key, what, NULL))
        return false;
    const char *s = v->text;
    size_t i = 0;
    if (i < v->len && (s[i] == '+' || s[i] == '-'))
        i++;
    size_t start = i;
    while (i < v->len && is_digit(s[i]))
        i++;
    bool syntax = i == v->len && i > start && i - start <= 9 &&
                  !(i - start > 1 && s[start] == '0');
    long n = syntax ? strtol(s, NULL, 10) : 0;
    if (v->quoted || !syntax || n < min || n > max) {
        error_at(L, v, v->quoted && syntax ? "remove the quotes" : NULL,
                 "'%s' must be %s", key, what);
        return false;
    }
    *out = n;
    return true;
}

static int
digits_at(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Reads YYYY-MM-DD, YYYY-MM, or (when year_only is allowed) YYYY, and
 * checks it is a real calendar date. */
static bool
get_date(loader *L, const kf_node *v, const char *key, bool year_only,
         kf_date *out)
{
    if (!want_scalar(L, v, key, "a date", NULL))
        return false;
    /* JSON: a date is a string, but a year alone may be a number, as
     * the unquoted `date: 2025` of YAML. */
    if (L->json && !v->quoted && !(year_only && v->len == 4)) {
        error_at(L, v, "write the date in double quotes, as in \"2025-01-15\"",
                 "'%s' must be a string", key);
        return false;
    }
    const char *s = v->text;
    size_t n = v->len;
    const char *shape = year_only ? "write a date as YYYY-MM-DD, YYYY-MM or "
                                    "YYYY, as in 2025-01-15"
                                  : "write the date as YYYY-MM-DD or YYYY-MM, "
                                    "as in 2025-01-15";
    kf_date d = {0, 0, 0};
    bool ok = (n == 4 || n == 7 || n == 10);
    if (ok)
        d.year = digits_at(s, 4);
    if (ok && n >= 7) {
        ok = s[4] == '-';
        d.month = digits_at(s + 5, 2);
    }
    if (ok && n == 10) {
        ok = s[7] == '-';
        d.day = digits_at(s + 8, 2);
    }
    char a[SHOWN], hint[128];
    shown_node(v, a);
    if (!ok || d.year < 0 || d.month < 0 || d.day < 0) {
        error_at(L, v, shape, "invalid date '%s'", a);
        return false;
    }
    if (n == 4 && !year_only) {
        error_at(L, v, shape, "invalid date '%s'", a);
        return false;
    }
    if (d.year < 1000) {
        error_at(L, v, "write the year with four digits, from 1000",
                 "invalid date '%s'", a);
        return false;
    }
    if (n >= 7 && (d.month < 1 || d.month > 12)) {
        error_at(L, v, "months go from 01 to 12", "invalid date '%s'", a);
        return false;
    }
    if (n == 10) {
        int dim = kf_days_in_month(d.year, d.month);
        if (d.day < 1 || d.day > dim) {
            static const char *const months[] = {
                "January", "February", "March",     "April",
                "May",     "June",     "July",      "August",
                "September", "October", "November", "December"};
            snprintf(hint, sizeof(hint), "%s %d has %d days",
                     months[d.month - 1], d.year, dim);
            error_at(L, v, d.day < 1 ? "days go from 01 to 31" : hint,
                     "invalid date '%s'", a);
            return false;
        }
    }
    *out = d;
    return true;
}

static int
hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads "#RRGGBB" or "#RGB". */
static bool
get_color(loader *L, const kf_node *v, const char *key, kf_color *out)
{
    /* In YAML an unquoted #12355B is a comment: the key has no value. */
    char null_hint[160];
    snprintf(null_hint, sizeof(null_hint),
             "put the colour in quotes, as in %s: \"#12355B\" (in YAML an "
             "unquoted # starts a comment)", key);
    if (!want_scalar(L, v, key, "a colour", L->json ? NULL : null_hint) ||
        !want_json_string(L, v, key))
        return false;
    const char *s = v->text;
    int h[6];
    bool ok = (v->len == 7 || v->len == 4) && s[0] == '#';
    for (size_t i = 1; ok && i < v->len; i++)
        ok = (h[i - 1] = hex_digit(s[i])) >= 0;
    if (!ok) {
        char a[SHOWN];
        error_at(L, v, "use #RRGGBB, as in #12355B", "invalid colour '%s'",
                 shown_node(v, a));
        return false;
    }
    if (v->len == 7)
        *out = (kf_color){(uint8_t)(h[0] * 16 + h[1]),
                          (uint8_t)(h[2] * 16 + h[3]),
                          (uint8_t)(h[4] * 16 + h[5])};
    else
        *out = (kf_color){(uint8_t)(h[0] * 17), (uint8_t)(h[1] * 17),
                          (uint8_t)(h[2] * 17)};
    return true;
}

/* Reads one of `names` (exact spelling); `what` names the setting in
 * the message ("paper"). */
static bool
get_enum(loader *L, const kf_node *v, const char *key, const char *what,
         const char *const *names, size_t n, int *out)
{
    /* In JSON, `"appendix": true` is told the words, in quotes. */
    char words[256];
    size_t w = (size_t)snprintf(words, sizeof(words), "write ");
    for (size_t i = 0; i < n && w < sizeof(words); i++)
        w += (size_t)snprintf(words + w, sizeof(words) - w, "%s\"%s\"",
                              i == 0 ? "" : i + 1 == n ? " or " : ", ",
                              names[i]);
    if (!want_scalar(L, v, key, "text", NULL) ||
        !want_json_string_or(L, v, key, words))
        return false;
    suggester s = {.text = v->text, .len = v->len};
    for (size_t i = 0; i < n; i++) {
        if (v->len == strlen(names[i]) && strcmp(v->text, names[i]) == 0) {
            *out = (int)i;
            return true;
        }
        suggest_consider(&s, names[i]);
    }
    /* Only a spelling that differs in case gets "did you mean": for a
     * short list of choices, "did you mean 'A4'?" after "A5" misleads,
     * and the list itself shows the near ones. */
    char hint[256], a[SHOWN];
    if (s.score != 0 || !suggest_hint(&s, hint, sizeof(hint))) {
        size_t o = (size_t)snprintf(hint, sizeof(hint), "use ");
        for (size_t i = 0; i < n && o < sizeof(hint); i++)
            o += (size_t)snprintf(hint + o, sizeof(hint) - o, "%s%s",
                                  i == 0 ? "" : i + 1 == n ? " or " : ", ",
                                  names[i]);
    }
    error_at(L, v, hint, "invalid %s '%s'", what, shown_node(v, a));
    return false;
}

/* Reads true or false: YAML's core schema spellings (true, True, TRUE
 * and the same for false), unquoted; JSON's true and false arrive as
 * those plain scalars. */
static bool
get_bool(loader *L, const kf_node *v, const char *key, bool *out)
{
    static const char *const yes[] = {"true", "True", "TRUE"};
    static const char *const no[] = {"false", "False", "FALSE"};
    if (!want_scalar(L, v, key, "true or false", NULL))
        return false;
    for (size_t i = 0; i < 3; i++) {
        bool t = strcmp(v->text, yes[i]) == 0;
        if ((t || strcmp(v->text, no[i]) == 0) && v->len == strlen(v->text)) {
            if (!v->quoted) {
                *out = t;
                return true;
            }
            error_at(L, v, "remove the quotes", "'%s' must be true or false",
                     key);
            return false;
        }
    }
    char a[SHOWN];
    error_at(L, v, "write true or false",
             "'%s' must be true or false, not '%s'", key, shown_node(v, a));
    return false;
}

static bool
valid_id(const char *s, size_t len)
{
    if (len < 1 || len > MAX_ID || !is_alpha(s[0]))
        return false;
    for (size_t i = 0; i < len; i++)
        if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '-' && s[i] != '_')
            return false;
    return true;
}

/* Reads an id: 1..64 of [A-Za-z0-9_-], starting with a letter. */
static bool
get_id(loader *L, const kf_node *v, char **out)
{
    if (!want_scalar(L, v, "id", "text", NULL) ||
        !want_json_string(L, v, "id"))
        return false;
    if (!valid_id(v->text, v->len)) {
        char a[SHOWN];
        error_at(L, v,
                 "an id is 1 to 64 letters (a-z, A-Z), digits, '-' or '_', "
                 "and starts with a letter, as in research-share",
                 "invalid id '%s'", shown_node(v, a));
        return false;
    }
    *out = strdup(v->text);
    if (!*out) {
        error_at(L, v, NULL, "out of memory");
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* Ids: duplicates and references                                      */
/* ------------------------------------------------------------------ */

static int
cmp_entry(const void *a, const void *b)
{
    const id_entry *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Builds the lookup index of `count` ids (ids[i] may be NULL after an
 * error; locs[i] is where it was written), reporting every id that
 * repeats an earlier one.  `what` is "metric", "source" or "series". */
static void
index_ids(loader *L, id_index *idx, const char *what, size_t count,
          char *const *ids, size_t stride, const id_loc *locs)
{
    idx->items = calloc(count ? count : 1, sizeof(*idx->items));
    idx->count = 0;
    if (!idx->items) {
        error_at(L, NULL, NULL, "out of memory");
        return;
    }
    for (size_t i = 0; i < count; i++) {
        const char *id = *(char *const *)(const void *)((const char *)ids +
                                                         i * stride);
        if (id)
            idx->items[idx->count++] =
                (id_entry){id, i, locs[i].line, locs[i].col, locs[i].file};
    }
    qsort(idx->items, idx->count, sizeof(*idx->items), cmp_entry);
    size_t kept = 0;
    for (size_t i = 0; i < idx->count; i++) {
        if (kept > 0 &&
            strcmp(idx->items[kept - 1].id, idx->items[i].id) == 0) {
            const id_entry *first = &idx->items[kept - 1];
            kf_node at = {.line = idx->items[i].line,
                          .col = idx->items[i].col,
                          .file = idx->items[i].file};
            if (first->file == at.file) {
                error_at(L, &at, "give each one its own id",
                         "duplicate %s id '%s' (first defined at line %d)",
                         what, idx->items[i].id, first->line);
            } else {
                /* The report file and its CSV of metrics: a line number
                 * alone would be read in the wrong file. */
                error_at(L, &at,
                         "a metric comes from the report file or from its "
                         "CSV file, not both: remove one of them, or give "
                         "each its own id",
                         "duplicate %s id '%s' (first defined at %s:%d:%d)",
                         what, idx->items[i].id,
                         first->file ? first->file : L->file, first->line,
                         first->col);
            }
            continue;
        }
        idx->items[kept++] = idx->items[i];
    }
    idx->count = kept;
}

/* Looks up the id in scalar `v`; -1 when unknown. */
static long
lookup(const id_index *idx, const kf_node *v)
{
    size_t lo = 0, hi = idx->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(v->text, idx->items[mid].id);
        if (c == 0 && strlen(idx->items[mid].id) == v->len)
            return (long)idx->items[mid].index;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

/* Resolves the reference in `v` (the value of `key`) to an index; -1
 * after reporting it (a metric's unreported when the metrics_csv could
 * not be read: that error is the one to fix).  `who` names the referrer
 * ("metric 'x'"), `what` the kind of id ("source"). */
static long
resolve(loader *L, const kf_node *v, const char *key, const id_index *idx,
        const char *who, const char *what)
{
    if (!want_scalar(L, v, key, "an id", NULL) ||
        !want_json_string(L, v, key) || !check_text(L, v, key))
        return -1;
    long i = lookup(idx, v);
    if (i >= 0)
        return i;
    if (idx == &L->metrics && L->metrics_csv_failed)
        return -1; /* the CSV's own error stands for it */
    char hint[320], a[SHOWN];
    const char *h = NULL;
    if (!diags_full(L)) {
        suggester s = {.text = v->text, .len = v->len};
        for (size_t k = 0; k < idx->count; k++)
            suggest_consider(&s, idx->items[k].id);
        h = suggest_hint(&s, hint, sizeof(hint));
    }
    if (!h && idx->count == 0) {
        snprintf(hint, sizeof(hint), "the file defines no %s",
                 strcmp(what, "series") ? (strcmp(what, "metric") ? "sources"
                                                                  : "metrics")
                                        : "series");
        h = hint;
    } else if (!h && idx->count <= 4) {
        /* A short list helps more than nothing; ids are at most 64
         * bytes, so four fit. */
        size_t o = (size_t)snprintf(hint, sizeof(hint), "the %s ids are ",
                                    what);
        for (size_t k = 0; k < idx->count; k++)
            o += (size_t)snprintf(hint + o, sizeof(hint) - o, "%s%s",
                                  k == 0                  ? ""
                                  : k + 1 == idx->count ? " and "
                                                          : ", ",
                                  idx->items[k].id);
        h = hint;
    }
    error_at(L, v, h, "%s refers to unknown %s '%s'", who, what,
             shown_node(v, a));
    return -1;
}

/* ------------------------------------------------------------------ */
/* Sections                                                            */
/* ------------------------------------------------------------------ */

/* Checks `v` is a map; `what` completes "must be a map of keys".  */
static bool
want_map(loader *L, const kf_node *v, const char *name, const char *keys)
{
    if (v->kind == KF_NODE_MAP)
        return true;
    if (kf_node_is_null(v)) {
        error_at(L, v, "write its value after the ':'", "'%s' has no value",
                 name);
        return false;
    }
    /* "title:x" without a space is a text in YAML, not a key. */
    const char *colon = v->kind == KF_NODE_SCALAR && !L->json
                            ? strchr(v->text, ':')
                            : NULL;
    char hint[SHOWN + 64], a[SHOWN];
    /* Only a glued "key:value" gets the hint (":x" has no key). */
    bool glued = colon && colon[1] != ' ' && colon > v->text;
    if (glued)
        snprintf(hint, sizeof(hint),
                 "put a space after the ':' in '%s'",
                 shown(v->text, (size_t)(colon - v->text) + 1, a));
    error_at(L, v, glued ? hint : NULL, "%s must be a map of keys (%s), not %s",
             name, keys, kf_node_kind_name(v));
    return false;
}

static bool
want_list(loader *L, const kf_node *v, const char *key, const char *of)
{
    if (v->kind == KF_NODE_SEQ)
        return true;
    char hint[160];
    if (L->json)
        snprintf(hint, sizeof(hint), "write it as [ ... ]");
    else
        snprintf(hint, sizeof(hint),
                 "write each %s on its own line, starting with '- '", of);
    if (kf_node_is_null(v))
        error_at(L, v,
                 L->json ? "write [] for an empty list, or remove it"
                         : "write '[]' for an empty list, or remove it",
                 "'%s' has no value", key);
    else
        error_at(L, v, hint, "'%s' must be a list, not %s", key,
                 kf_node_kind_name(v));
    return false;
}

/* "metric 'x'" when the item has a valid id, else "metric number N". */
static void
item_name(const kf_node *item, const char *what, size_t i, char *buf,
          size_t size)
{
    const kf_node *id = kf_node_get(item, "id");
    if (id && id->kind == KF_NODE_SCALAR && valid_id(id->text, id->len))
        snprintf(buf, size, "%s '%s'", what, id->text);
    else if (item->file) /* a CSV row: its number in the list misleads */
        snprintf(buf, size, "the %s on line %d", what, item->line);
    else
        snprintf(buf, size, "%s number %zu", what, i + 1);
}

/* A path the report gives (logo, metrics_csv) names a file in the
 * report's folder or a folder inside it: never absolute, never going up
 * with "..", so a report file handed around with its folder reads
 * nothing outside it.  `key` names the setting, `thing` the file ("the
 * logo") and `example` a good path for the hint.  False after an error. */
static bool
check_relative_path(loader *L, const kf_node *v, const char *p,
                    const char *key, const char *thing, const char *example)
{
    bool dotdot = false;
    for (const char *c = p; *c;) {
        size_t n = strcspn(c, "/");
        if (n == 2 && c[0] == '.' && c[1] == '.')
            dotdot = true;
        c += n;
        if (*c == '/')
            c++;
    }
    if (p[0] != '/' && !dotdot)
        return true;
    char a[SHOWN], hint[256];
    shown_node(v, a);
    snprintf(hint, sizeof(hint),
             "put %s in %s, or a folder inside it, and "
             "give its path from there, as in %s",
             thing, L->base_name, example);
    if (p[0] == '/')
        error_at(L, v, hint,
                 "the %s path '%s' must be relative to %s", key, a,
                 L->base_name);
    else
        error_at(L, v, hint, "the %s path '%s' must not go up with '..'",
                 key, a);
    return false;
}

/* The path of `p` (relative to the report's folder) from the current
 * directory, malloc'ed: "figures/logo.png", or "logo.png" for a report
 * named without a folder.  NULL when out of memory. */
static char *
report_relative(const loader *L, const char *p)
{
    if (strcmp(L->base, ".") == 0)
        return strdup(p);
    size_t n = strlen(L->base);
    const char *sep = n && L->base[n - 1] == '/' ? "" : "/";
    size_t len = n + strlen(sep) + strlen(p) + 1;
    char *full = malloc(len);
    if (full)
        snprintf(full, len, "%s%s%s", L->base, sep, p);
    return full;
}

/* The existing file `full` (a report path made relative to the current
 * directory by report_relative) must still be inside the report's folder
 * once symbolic links are followed: check_relative_path only sees the
 * path as written, and a link named data.csv may point at /etc/shadow.
 * Nothing of the target is read or shown.  A path that does not resolve
 * passes, for the caller's "does not exist".  `noun` and `name` say what
 * it is ("the logo file", 'logo.png').  False after an error. */
static bool
check_inside(loader *L, const kf_node *v, const char *full, const char *noun,
             const char *name)
{
    char *dir = realpath(L->base, NULL);
    char *file = realpath(full, NULL);
    bool inside = true;
    if (dir && file) {
        size_t n = strlen(dir);
        inside = strncmp(file, dir, n) == 0 &&
                 (file[n] == '/' || (n == 1 && dir[0] == '/'));
    }
    free(dir);
    free(file);
    if (!inside) {
        char hint[128];
        snprintf(hint, sizeof(hint),
                 "a symbolic link leads out of it: copy the file into %s "
                 "instead",
                 L->base_name);
        error_at(L, v, hint, "%s '%s' is outside %s", noun, name,
                 L->base_name);
    }
    return inside;
}

/* What a file the report names is, for a message: "a folder". */
static const char *
file_kind(mode_t mode)
{
    return S_ISREG(mode)    ? "a file"
           : S_ISDIR(mode)  ? "a folder"
           : S_ISFIFO(mode) ? "a pipe"
                            : "a device or a socket";
}

/* A file the report names at `v` (with `folder`, a folder), at `full`
 * (report_relative), must exist, stay inside the report's folder
 * (check_inside) and be a regular file (a folder): a pipe would block
 * the build.  Every message is at `v` and says the file's own problem;
 * `noun` names it ("the logo file", "the fonts folder"), `looked_for`
 * follows "looked for FULL" in the hint when it does not exist.  False
 * after an error. */
static bool
check_named_file(loader *L, const kf_node *v, const char *full,
                 const char *noun, bool folder, const char *looked_for)
{
    char a[SHOWN];
    shown_node(v, a);
    struct stat st;
    if (stat(full, &st) != 0) {
        char hint[SHOWN + 96];
        snprintf(hint, sizeof(hint), "looked for %.200s%s", full,
                 looked_for ? looked_for : "");
        error_at(L, v, hint, "%s '%s' does not exist", noun, a);
        return false;
    }
    if (!check_inside(L, v, full, noun, a))
        return false;
    if (folder ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
        error_at(L, v,
                 folder ? "give the path of a folder"
                        : "save the data in a file and give its path",
                 "%s '%s' is not a %s (%s)", noun, a,
                 folder ? "folder" : "regular file", file_kind(st.st_mode));
        return false;
    }
    return true;
}

/* What a brand file is, for the hint of a problem of the whole file. */
#define BRAND_HINT "a brand file holds a theme and a logo"

/* The diagnostics from the `first` on that are about a whole file (no
 * line: empty, too large, unreadable), which the report names at `v`
 * (`noun`: "the CSV file"), are moved to `v`, so that the message leads
 * from the report's line to the file's own problem:
 * "r.yaml:3:14: error: the CSV file 'm.csv' cannot be used: the file is
 * empty".  `hint`, when not NULL, replaces theirs (a YAML reader's hint
 * speaks of a report). */
static void
locate_file_errors(loader *L, size_t first, const kf_node *v,
                   const char *noun, const char *hint)
{
    if (!L->diags || !v)
        return;
    char a[SHOWN];
    shown_node(v, a);
    for (size_t i = first; i < L->diags->count; i++) {
        kf_diag *d = &L->diags->items[i];
        if (d->line != 0)
            continue;
        size_t len = strlen(noun) + strlen(a) + strlen(d->message) + 32;
        char *message = malloc(len);
        char *file = strdup(v->file ? v->file : L->file);
        if (!message || !file) {
            free(message);
            free(file);
            continue;
        }
        snprintf(message, len, "%s '%s' cannot be used: %s", noun, a,
                 d->message);
        if (hint) {
            char *h = strdup(hint);
            if (h) {
                free(d->hint);
                d->hint = h;
            }
        }
        free(d->message);
        free(d->file);
        d->message = message;
        d->file = file;
        d->line = v->line;
        d->col = v->col;
    }
}

/* The logo: relative to the report's folder, without "..", an existing
 * PNG file. */
static void
check_logo(loader *L, const kf_node *v, char **out)
{
    if (!get_plain_text(L, v, "logo", out))
        return;
    const char *p = *out;
    char a[SHOWN];
    shown_node(v, a);
    if (!check_relative_path(L, v, p, "logo", "the logo",
                             "images/logo.png"))
        return;
    char *full = report_relative(L, p);
    if (!full) {
        error_at(L, v, NULL, "out of memory");
        return;
    }
    int fd = -1;
    unsigned char sig[8];
    if (!check_named_file(L, v, full, "the logo file", false, NULL)) {
        /* reported */
    } else if ((fd = open(full, O_RDONLY | O_NONBLOCK)) < 0 ||
               read(fd, sig, 8) != 8) {
        error_at(L, v, "the logo must be a PNG or SVG image",
                 "the logo file '%s' cannot be read", a);
    } else {
        /* Decoded whole here, so a damaged logo is an error at its key
         * rather than a blank band when the pages are drawn. */
        char why[256];
        kf_logo_free(L->r->logo_image);
        L->r->logo_image = kf_logo_read(full, why, sizeof(why));
        if (!L->r->logo_image)
            error_at(L, v, "the logo must be a PNG or SVG image",
                     "the logo file '%s' cannot be used: %s", a, why);
    }
    if (fd >= 0)
        close(fd);
    free(L->r->logo_file);
    L->r->logo_file = full;
}

/* Reads a locale ("fr-FR", "en-GB", "en-US") into *out. */
static bool
get_locale(loader *L, const kf_node *v, const char *key, kf_locale *out)
{
    if (!want_scalar(L, v, key, "text", NULL) || !want_json_string(L, v, key)
        || !check_text(L, v, key))
        return false;
    if (kf_locale_parse(v->text, out))
        return true;
    char a[SHOWN];
    error_at(L, v, "use fr-FR, en-GB or en-US", "unsupported locale '%s'",
             shown_node(v, a));
    return false;
}

/* Reads a language code ("fr", "en") as one of language_names. */
static const char *
get_language(loader *L, const kf_node *v, const char *key)
{
    int e;
    if (!get_enum(L, v, key, "language", language_names, NLANGUAGES, &e))
        return NULL;
    return language_names[e];
}

/* Which editions the file has and which one this is, in which locale:
 * read before any text, since every text may be given per language. */
static void
load_languages(loader *L, const kf_node *map)
{
    kf_report *r = L->r;
    const kf_node *v, *locale_node = kf_node_get(map, "locale");
    kf_locale locale = KF_LOCALE_FR_FR;
    bool has_locale =
        locale_node && get_locale(L, locale_node, "locale", &locale);
    if ((v = kf_node_get(map, "languages")) &&
        want_list(L, v, "languages", "language")) {
        for (size_t i = 0; i < v->count; i++) {
            const char *lang = get_language(L, v->items[i], "languages");
            if (!lang)
                continue;
            if (is_report_language(r, lang))
                error_at(L, v->items[i], "remove the repeated one",
                         "'languages' names '%s' twice", lang);
            else if (r->nlanguages < KF_MAX_LANGUAGES)
                r->languages[r->nlanguages++] = lang;
        }
        if (v->count == 0)
            error_at(L, v, "write [fr], [en] or [fr, en], or remove it",
                     "'languages' is empty");
    }
    if (r->nlanguages == 0)
        r->languages[r->nlanguages++] = locale_language(locale);
    char langs[64];
    languages_shown(r, langs, sizeof(langs));

    const char *want = L->options->language;
    r->language = r->languages[0];
    if (want) {
        size_t i = 0;
        while (i < r->nlanguages && strcmp(r->languages[i], want) != 0)
            i++;
        if (i < r->nlanguages) {
            r->language = r->languages[i];
        } else {
            char hint[128];
            snprintf(hint, sizeof(hint), "its languages are %s", langs);
            kf_diag_add(L->diags, KF_SEV_ERROR, L->file, 0, 0, hint,
                        "the report has no '%s' edition", want);
        }
    }

    /* The edition's locale: report.locales for its language, else
     * report.locale when it is of that language, else the language's. */
    for (size_t i = 0; i < NLANGUAGES; i++)
        if (strcmp(language_names[i], r->language) == 0)
            r->locale = language_locales[i];
    if (has_locale && strcmp(locale_language(locale), r->language) == 0)
        r->locale = locale;
    if ((v = kf_node_get(map, "locales")) &&
        want_map(L, v, "'locales'", "fr: fr-FR, en: en-US")) {
        for (size_t i = 0; i < v->count; i++) {
            const char *lang = get_language(L, v->keys[i], "locales");
            kf_locale l;
            if (!lang || !get_locale(L, v->items[i], lang, &l))
                continue;
            if (!is_report_language(r, lang)) {
                char hint[96];
                snprintf(hint, sizeof(hint), "the languages are %s", langs);
                error_at(L, v->keys[i], hint,
                         "'locales' names '%s', which is not one of the "
                         "report's languages",
                         lang);
            } else if (strcmp(locale_language(l), lang) != 0) {
                char a[SHOWN];
                error_at(L, v->items[i],
                         strcmp(lang, "fr") == 0 ? "use fr-FR"
                                                 : "use en-GB or en-US",
                         "the locale of '%s' must be of that language, not "
                         "'%s'",
                         lang, shown_node(v->items[i], a));
            } else if (strcmp(lang, r->language) == 0) {
                r->locale = l;
            }
        }
    }
    if ((v = kf_node_get(map, "fallback_language"))) {
        const char *lang = get_language(L, v, "fallback_language");
        if (lang && !is_report_language(r, lang)) {
            char hint[96];
            snprintf(hint, sizeof(hint), "the languages are %s", langs);
            error_at(L, v, hint,
                     "'fallback_language' must be one of the report's "
                     "languages, not '%s'",
                     lang);
        } else {
            L->fallback = lang;
        }
    }
}

/* Reads an age limit: "18m", "2y", "90d". */
static bool
get_age(loader *L, const kf_node *v, const char *key, kf_age *out)
{
    if (!want_scalar(L, v, key, "an age", NULL) ||
        !want_json_string_or(L, v, key,
                             "write the age in double quotes, a whole "
                             "number then d, m or y: \"18m\", \"2y\", \"90d\""))
        return false;
    if (strlen(v->text) == v->len && kf_age_parse(v->text, out))
        return true;
    char a[SHOWN];
    error_at(L, v,
             "write a whole number followed by d (days), m (months) or y "
             "(years), as in 18m, 2y or 90d",
             "invalid %s '%s'", key, shown_node(v, a));
    return false;
}

/* ------------------------------------------------------------------ */
/* Brand fonts (theme.fonts) and the brand file (report.brand)          */
/* ------------------------------------------------------------------ */

static bool
is_font_file(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 4 &&
           (same_ignoring_case(name + n - 4, 4, ".ttf") ||
            same_ignoring_case(name + n - 4, 4, ".otf") ||
            same_ignoring_case(name + n - 4, 4, ".ttc"));
}

static int
compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Why a font file cannot be embedded, for the message. */
static const char *
embedding_refusal(kf_embedding e)
{
    switch (e) {
    case KF_EMBED_RESTRICTED: return "a restricted licence: no embedding";
    case KF_EMBED_NO_SUBSET:
        return "no subsetting, and a PDF embeds only the glyphs it uses";
    case KF_EMBED_BITMAP_ONLY:
        return "bitmaps only, and a PDF embeds the outlines";
    default: return "";
    }
}

/* theme.fonts: a folder relative to the file that gives it (the report's
 * or the brand file's folder, without "..", kept inside it once links
 * are followed) holding the OTF/TTF files of the brand; every font file
 * of it must allow embedding.  Sets r->fonts and r->fontset. */
static void
check_fonts(loader *L, const kf_node *v)
{
    kf_report *r = L->r;
    char *written = NULL;
    if (!get_plain_text(L, v, "fonts", &written))
        return;
    char a[SHOWN];
    shown_node(v, a);
    if (!check_relative_path(L, v, written, "fonts", "the fonts' folder",
                             "fonts")) {
        free(written);
        return;
    }
    char *full = report_relative(L, written);
    char *real = NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct stat st;
    DIR *d = NULL;
    bool ok = false;
    if (!full) {
        error_at(L, v, NULL, "out of memory");
        goto done;
    }
    if (!check_named_file(L, v, full, "the fonts folder", true,
                          ": a folder holding the brand's OTF or TTF "
                          "files"))
        goto done;
    if (!(real = realpath(full, NULL)) || !(d = opendir(full))) {
        error_at(L, v, NULL, "the fonts folder '%s' cannot be read", a);
        goto done;
    }
    /* In name order, so a set is the same whatever the file system. */
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!is_font_file(e->d_name))
            continue;
        if (n == KF_FONTSET_FILES) {
            char hint[96];
            snprintf(hint, sizeof(hint),
                     "keep only the files of the family used (at most %d)",
                     KF_FONTSET_FILES);
            error_at(L, v, hint, "the fonts folder '%s' holds too many font "
                                 "files", a);
            goto done;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **grown = realloc(names, cap * sizeof(char *));
            if (!grown) {
                error_at(L, v, NULL, "out of memory");
                goto done;
            }
            names = grown;
        }
        size_t len = strlen(full) + strlen(e->d_name) + 2;
        if (!(names[n] = malloc(len))) {
            error_at(L, v, NULL, "out of memory");
            goto done;
        }
        snprintf(names[n++], len, "%s/%s", full, e->d_name);
    }
    if (n == 0) {
        error_at(L, v,
                 "put the OTF or TTF files of the family named by 'font' "
                 "in it",
                 "the fonts folder '%s' holds no OTF or TTF file", a);
        goto done;
    }
    qsort(names, n, sizeof(char *), compare_names);
    ok = true;
    for (size_t i = 0; i < n; i++) {
        const char *base = strrchr(names[i], '/') + 1;
        unsigned fstype;
        kf_embedding em;
        if (stat(names[i], &st) != 0 || !S_ISREG(st.st_mode)) {
            error_at(L, v, "remove it, or put the font file itself there",
                     "'%s' in the fonts folder '%s' is not a file", base, a);
            ok = false;
        } else if (!check_inside(L, v, names[i], "the font file", base)) {
            ok = false;
        } else if ((em = kf_font_embedding(names[i], &fstype)) ==
                   KF_EMBED_NOT_FONT) {
            error_at(L, v, "remove it, or replace it with the font file",
                     "'%s' in the fonts folder '%s' is not an OpenType or "
                     "TrueType font",
                     base, a);
            ok = false;
        } else if (em != KF_EMBED_OK) {
            char hint[192];
            snprintf(hint, sizeof(hint),
                     "a PDF must embed its fonts: use a version of the font "
                     "licensed for embedding (fsType 0 or 0x0008), or "
                     "another font");
            error_at(L, v, hint,
                     "the font '%s' in '%s' forbids embedding: its licence "
                     "bits (OS/2 fsType 0x%04X) say %s",
                     base, a, fstype, embedding_refusal(em));
            ok = false;
        }
    }
    if (!ok)
        goto done;
    size_t bad;
    int set = kf_fontset_add(real, (const char *const *)names, n, &bad);
    if (set == 0 && bad < n) {
        error_at(L, v, "remove it, or replace it with a readable copy",
                 "the font '%s' in '%s' cannot be read",
                 strrchr(names[bad], '/') + 1, a);
    } else if (set == 0) {
        char hint[96];
        snprintf(hint, sizeof(hint),
                 "one process reads the fonts of at most %d folders: split "
                 "the batch",
                 KF_FONTSET_MAX);
        error_at(L, v, hint, "too many fonts folders");
    } else {
        free(r->fonts);
        r->fonts = written;
        written = NULL;
        r->fontset = set;
        L->fonts_node = v;
    }
done:
    /* The last theme.fonts read decides (the report's after the brand's). */
    L->fonts_failed = L->fonts_node != v;
    if (d)
        closedir(d);
    free_names(names, n);
    free(real);
    free(full);
    free(written);
}

/* The weights the pages use, with their names for messages. */
static const struct {
    int weight;
    const char *name;
} used_weights[] = {
    {KF_WEIGHT_REGULAR, "regular"},
    {KF_WEIGHT_SEMIBOLD, "semibold"},
    {KF_WEIGHT_BOLD, "bold"},
};

static const char *
weight_name(int w)
{
    static const char *const names[] = {"thin", "extra-light", "light",
                                        "regular", "medium", "semibold",
                                        "bold", "extra-bold", "black"};
    int i = (w + 50) / 100 - 1;
    return names[i < 0 ? 0 : i > 8 ? 8 : i];
}

/* A warning at `at` (the key giving the colour, or when it is not given
 * the background's) that `what` has `ratio` against the sheet, below
 * `least`. */
static void
warn_contrast(loader *L, const kf_node *at, const char *what, double ratio,
              const char *on, double least, const char *hint)
{
    at = at ? at : L->background_node;
    kf_diag_add(L->diags, KF_SEV_WARNING, at->file ? at->file : L->file,
                at->line, at->col, hint,
                "%s has a contrast ratio of %.1f:1 on %s, below %.1f:1", what,
                ratio, on, least);
}

/* With theme.background, what is drawn on the sheets must stand out from
 * it, as WCAG 2 asks: texts 4.5:1 (the figures and titles too, the
 * titles being small), a tile's edge, the header's stripe and a chart's
 * parts 3:1.  A brand's own colours are checked against the sheet, not
 * against one another (docs/format.md, Colours). */
static void
check_theme_contrast(loader *L)
{
    kf_report *r = L->r;
    if (!r->has_background || !L->diags)
        return;
    kf_page_colors pc;
    kf_page_colors_of(r, &pc);
    const char *lighter = pc.dark ? "choose a lighter colour"
                                  : "choose a darker colour";
    double c = kf_palette_contrast(pc.ink, pc.paper);
    if (c < 4.5)
        warn_contrast(L, L->text_node, "the text colour", c,
                      "the background", 4.5,
                      L->text_node ? lighter
                                   : "give 'text' a colour that stands out "
                                     "from the background");
    /* Figures are set on tiles, titles on the sheet: the lesser counts. */
    double on_tile = kf_palette_contrast(pc.figure, pc.tile);
    c = fmin(kf_palette_contrast(pc.figure, pc.paper), on_tile);
    if (c < 4.5 && (r->has_figures || kf_palette_rgb(pc.figure) !=
                                           kf_palette_rgb(pc.ink)))
        warn_contrast(L, r->has_figures ? L->figures_node : L->primary_node,
                      r->has_figures ? "the figures' colour"
                                     : "the primary colour, in which the "
                                       "figures and titles are set,",
                      c, c == on_tile ? "its tiles" : "the background", 4.5,
                      r->has_figures ? lighter
                                     : "give 'figures' a colour of its own "
                                       "for the sheets");
    c = kf_palette_contrast(r->accent, pc.paper);
    if (c < 3.0)
        warn_contrast(L, L->accent_node,
                      "the accent colour (tile edges, a chart's second part)",
                      c, "the background", 3.0, lighter);
    for (size_t i = 0; i < r->npalette; i++) {
        c = kf_palette_contrast(r->palette[i], pc.paper);
        if (c >= 3.0)
            continue;
        char what[64];
        snprintf(what, sizeof(what), "colour %zu of the palette", i + 1);
        const kf_node *at = L->palette_node &&
                                    L->palette_node->kind == KF_NODE_SEQ &&
                                    i < L->palette_node->count
                                ? L->palette_node->items[i]
                                : NULL;
        warn_contrast(L, at, what, c, "the background", 3.0, lighter);
    }
}

/* Once the theme is read (from the brand file, then the report): the
 * family named by theme.font must be one of theme.fonts' (an error), or
 * without theme.fonts one of keyfig's own (a warning, so that old files
 * that named another font, which silently became Inter, still build);
 * each weight the pages use that the family lacks is warned about once,
 * with the weight that stands in for it. */
static void
check_font_family(loader *L)
{
    kf_report *r = L->r;
    const kf_node *at = L->font_node ? L->font_node : L->fonts_node;
    if (L->fonts_failed)
        return; /* the fonts folder's error says enough */
    if (r->fontset) {
        if (!kf_fontset_has_family(r->fontset, r->font)) {
            char *families = kf_fontset_families(r->fontset);
            char hint[512];
            snprintf(hint, sizeof(hint),
                     "the fonts in '%.100s' are of the famil%s %.300s: name "
                     "one with 'font'",
                     r->fonts,
                     families && strstr(families, " and ") ? "ies" : "y",
                     families ? families : "?");
            free(families);
            if (L->font_node)
                error_at(L, at, hint,
                         "the font '%s' is not in the fonts folder '%s'",
                         r->font, r->fonts);
            else
                error_at(L, at, hint,
                         "'fonts' is given without 'font': the family to "
                         "use from the fonts folder '%s'",
                         r->fonts);
            return;
        }
        for (size_t i = 0; i < sizeof(used_weights) / sizeof(*used_weights);
             i++) {
            int want = used_weights[i].weight;
            int got = kf_fontset_weight(r->fontset, r->font, want);
            if (got == 0 || got == want)
                continue;
            char hint[256];
            snprintf(hint, sizeof(hint),
                     "add the %s file of %.100s to '%.100s', or let the %s "
                     "stand in",
                     used_weights[i].name, r->font, r->fonts,
                     weight_name(got));
            kf_diag_add(L->diags, KF_SEV_WARNING,
                        at->file ? at->file : L->file, at->line, at->col,
                        hint,
                        "the font '%s' has no %s (%d) weight: its %s (%d) "
                        "is used instead",
                        r->font, used_weights[i].name, want,
                        weight_name(got), got);
        }
        return;
    }
    if (!L->font_node || strcmp(r->font, "Inter") == 0 ||
        kf_fontset_has_family(0, r->font))
        return;
    char hint[384];
    snprintf(hint, sizeof(hint),
             "keyfig's own font is Inter; to use %.100s, put its OTF or TTF "
             "files in a folder beside the report and name that folder "
             "with 'fonts' in 'theme'",
             r->font);
    kf_diag_add(L->diags, KF_SEV_WARNING, at->file ? at->file : L->file,
                at->line, at->col, hint,
                "the font '%s' is not installed with keyfig: Inter is used "
                "instead",
                r->font);
    char *inter = strdup("Inter");
    if (inter) {
        free(r->font);
        r->font = inter;
    }
}

/* theme.palette: the chart colours after primary and accent, in order,
 * at most KF_BRAND_COLORS; a report's list replaces a brand's whole. */
static void
load_palette(loader *L, const kf_node *v)
{
    kf_report *r = L->r;
    if (!want_list(L, v, "palette", "colour"))
        return;
    char hint[128];
    snprintf(hint, sizeof(hint),
             "give at most %d colours: keyfig chooses the others, apart "
             "from them",
             KF_BRAND_COLORS);
    if (v->count == 0) {
        error_at(L, v, "give the brand's chart colours, or remove it",
                 "'palette' is empty");
        return;
    }
    if (v->count > KF_BRAND_COLORS) {
        error_at(L, v->items[KF_BRAND_COLORS], hint,
                 "'palette' has %zu colours", v->count);
        return;
    }
    kf_color colors[KF_BRAND_COLORS];
    bool ok = true;
    for (size_t i = 0; i < v->count; i++)
        ok = get_color(L, v->items[i], "palette", &colors[i]) && ok;
    if (!ok)
        return;
    memcpy(r->palette, colors, v->count * sizeof(kf_color));
    r->npalette = v->count;
}

/* The keys of a theme map (the report's, or the brand file's): each one
 * replaces what was read before it. */
static void
load_theme(loader *L, const kf_node *v)
{
    kf_report *r = L->r;
    if (!want_map(L, v, "'theme'", "primary, accent, palette, font, fonts"))
        return;
    check_keys(L, v, &theme_schema, "in 'theme'");
    const kf_node *t;
    if ((t = kf_node_get(v, "primary")) &&
        get_color(L, t, "primary", &r->primary)) {
        L->primary_node = t;
        r->primary_loc = (kf_loc){t->line, t->col, t->file};
    }
    if ((t = kf_node_get(v, "accent")) &&
        get_color(L, t, "accent", &r->accent))
        L->accent_node = t;
    if ((t = kf_node_get(v, "palette"))) {
        load_palette(L, t);
        L->palette_node = t;
    }
    if ((t = kf_node_get(v, "background")) &&
        get_color(L, t, "background", &r->background)) {
        r->has_background = true;
        L->background_node = t;
    }
    if ((t = kf_node_get(v, "text")) && get_color(L, t, "text", &r->text)) {
        r->has_text = true;
        L->text_node = t;
    }
    if ((t = kf_node_get(v, "figures")) &&
        get_color(L, t, "figures", &r->figures)) {
        r->has_figures = true;
        L->figures_node = t;
    }
    if ((t = kf_node_get(v, "font"))) {
        char *font = NULL;
        if (get_plain_text(L, t, "font", &font) && font) {
            free(r->font);
            r->font = font;
            L->font_node = t;
        }
    }
    if ((t = kf_node_get(v, "fonts")))
        check_fonts(L, t);
}

/* Marks every node of a tree as read from `file`, so that messages about
 * them name it. */
static void
set_node_file(kf_node *n, const char *file)
{
    n->file = file;
    for (size_t i = 0; i < n->count; i++) {
        if (n->keys)
            set_node_file(n->keys[i], file);
        set_node_file(n->items[i], file);
    }
}

/* The brand file: --brand (any path: the person running keyfig names
 * it), else report.brand (relative to the report's folder and kept in
 * it, as the logo).  Its theme and logo are read first, with its paths
 * relative to its own folder; the report's own keys then replace them. */
static void
load_brand(loader *L, const kf_node *map)
{
    kf_report *r = L->r;
    const kf_node *v = kf_node_get(map, "brand");
    if (L->options->brand) {
        if (!(r->brand = strdup(L->options->brand))) {
            error_at(L, NULL, NULL, "out of memory");
            return;
        }
    } else if (v) {
        char *written = NULL;
        if (!get_plain_text(L, v, "brand", &written))
            return;
        char a[SHOWN];
        shown_node(v, a);
        char *full = NULL;
        if (!check_relative_path(L, v, written, "brand", "the brand file",
                                 "brand.yaml")) {
            /* reported */
        } else if (!(full = report_relative(L, written))) {
            error_at(L, v, NULL, "out of memory");
        } else if (check_named_file(L, v, full, "the brand file", false,
                                    NULL)) {
            r->brand = full;
            full = NULL;
        }
        free(full);
        free(written);
        if (!r->brand)
            return;
    } else {
        return;
    }
    size_t size, first = L->diags ? L->diags->count : 0;
    /* Named by the report (not --brand): a problem of the whole file is
     * said at the report's key. */
    const kf_node *at = L->options->brand ? NULL : v;
    char *data = kf_read_file(r->brand, KF_MAX_FILE_SIZE, BRAND_HINT, &size,
                              L->diags);
    if (!data) {
        locate_file_errors(L, first, at, "the brand file", BRAND_HINT);
        return;
    }
    bool json = ends_with_json(r->brand);
    kf_node *root = json ? kf_parse_json(r->brand, data, size, L->diags)
                         : kf_parse_yaml(r->brand, data, size, L->diags);
    free(data);
    locate_file_errors(L, first, at, "the brand file", BRAND_HINT);
    if (!root)
        return;
    set_node_file(root, r->brand);
    const char *slash = strrchr(r->brand, '/');
    char *dir = slash ? strndup(r->brand, (size_t)(slash - r->brand) +
                                              (slash == r->brand))
                      : strdup(".");
    if (!dir) {
        error_at(L, root, NULL, "out of memory");
        kf_node_free(root);
        return;
    }
    bool report_json = L->json;
    L->json = json;
    L->base = dir;
    L->base_name = "the brand file's folder";
    if (root->kind != KF_NODE_MAP) {
        error_at(L, root,
                 json ? "a JSON brand file is an object: {\"theme\": {...}, "
                        "\"logo\": ...}"
                      : "a brand file holds 'theme:' and 'logo:'",
                 "the brand file must hold a map of keys, not %s",
                 kf_node_kind_name(root));
    } else {
        check_keys(L, root, &brand_schema, "in the brand file");
        const kf_node *t;
        if ((t = kf_node_get(root, "$schema"))) {
            char *ignored = NULL;
            get_plain_text(L, t, "$schema", &ignored);
            free(ignored);
        }
        if ((t = kf_node_get(root, "theme")))
            load_theme(L, t);
        if ((t = kf_node_get(root, "logo")))
            check_logo(L, t, &r->logo);
    }
    L->json = report_json;
    L->base = L->dir;
    L->base_name = "the report's folder";
    free(dir);
    /* Kept: the font's location may be in it. */
    L->brand_root = root;
}

static void
load_report_section(loader *L, const kf_node *map)
{
    kf_report *r = L->r;
    const char *where = "in 'report'";
    if (!want_map(L, map, "'report'", "title, subtitle, date, ..."))
        return;
    check_keys(L, map, &report_schema, where);
    const kf_node *v;
    load_languages(L, map);
    if ((v = need(L, map, "title", where))) {
        r->title_loc = (kf_loc){.line = v->line, .col = v->col};
        get_text(L, v, "title", &r->title);
    }
    if ((v = kf_node_get(map, "subtitle"))) {
        r->subtitle_loc = (kf_loc){.line = v->line, .col = v->col};
        get_text(L, v, "subtitle", &r->subtitle);
    }
    const kf_node *org = kf_node_get(map, "organisation");
    const kf_node *org_us = kf_node_get(map, "organization");
    if (org && org_us)
        error_at(L, kf_node_get_key(map, "organization"), "keep one of them",
                 "'organisation' and 'organization' are the same key");
    if (org)
        get_text(L, org, "organisation", &r->organisation);
    else if (org_us)
        get_text(L, org_us, "organization", &r->organisation);
    if ((v = kf_node_get(map, "date")))
        get_date(L, v, "date", false, &r->date);
    int e;
    if ((v = kf_node_get(map, "paper")) &&
        get_enum(L, v, "paper", "paper", paper_names, 6, &e))
        r->paper = (kf_paper)e;
    load_brand(L, map);
    if ((v = kf_node_get(map, "theme")))
        load_theme(L, v);
    check_font_family(L);
    check_theme_contrast(L);
    if ((v = kf_node_get(map, "logo")))
        check_logo(L, v, &r->logo);
    if ((v = kf_node_get(map, "cover")))
        get_bool(L, v, "cover", &r->cover);
    if ((v = kf_node_get(map, "appendix")) &&
        get_enum(L, v, "appendix", "appendix", appendix_names, 2, &e))
        r->appendix_data = e == 1;
    if ((v = kf_node_get(map, "max_age")))
        get_age(L, v, "max_age", &r->max_age);
    if ((v = kf_node_get(map, "stale")) &&
        get_enum(L, v, "stale", "stale", stale_names, 2, &e))
        r->stale_mark = e == 1;
}

static void
load_sources(loader *L, const kf_node *list)
{
    kf_report *r = L->r;
    if (!want_list(L, list, "sources", "source"))
        return;
    r->sources = calloc(list->count ? list->count : 1, sizeof(*r->sources));
    if (!r->sources) {
        error_at(L, list, NULL, "out of memory");
        return;
    }
    r->nsources = list->count;
    for (size_t i = 0; i < list->count; i++) {
        const kf_node *item = list->items[i];
        kf_source *s = &r->sources[i];
        s->loc = (kf_loc){item->line, item->col, NULL};
        char name[128], where[160];
        item_name(item, "source", i, name, sizeof(name));
        if (!want_map(L, item, name, "id, title, publisher, date, url"))
            continue;
        snprintf(where, sizeof(where), "in %s", name);
        check_keys(L, item, &source_schema, where);
        const kf_node *v;
        if ((v = need(L, item, "id", where)))
            get_id(L, v, &s->id);
        if ((v = need(L, item, "title", where)))
            get_text(L, v, "title", &s->title);
        if ((v = kf_node_get(item, "publisher")))
            get_text(L, v, "publisher", &s->publisher);
        if ((v = kf_node_get(item, "date")))
            get_date(L, v, "date", true, &s->date);
        if ((v = kf_node_get(item, "url")) &&
            get_plain_text(L, v, "url", &s->url)) {
            const char *u = s->url;
            bool ok = (strncmp(u, "http://", 7) == 0 && u[7]) ||
                      (strncmp(u, "https://", 8) == 0 && u[8]);
            for (const char *c = u; ok && *c; c++)
                ok = *c != ' ';
            if (!ok) {
                char a[SHOWN];
                error_at(L, v,
                         "a url starts with http:// or https://, has no "
                         "spaces, and goes on after them",
                         "invalid url '%s'", shown_node(v, a));
            }
        }
    }
}

/* Indexes the ids of the first `n` items of `list`, whose model entries
 * start at `first` and are `stride` bytes apart (each struct beginning
 * with its id).  Duplicates are reported at their id. */
static void
index_list(loader *L, id_index *idx, const char *what, const kf_node *list,
           size_t n, char *const *first, size_t stride)
{
    id_loc *locs = calloc(n ? n : 1, sizeof(*locs));
    if (!locs) {
        error_at(L, NULL, NULL, "out of memory");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const kf_node *id = kf_node_get(list->items[i], "id");
        if (id)
            locs[i] = (id_loc){id->line, id->col, id->file};
    }
    index_ids(L, idx, what, n, first, stride, locs);
    free(locs);
}

static void
load_metrics(loader *L, const kf_node *list)
{
    kf_report *r = L->r;
    if (!want_list(L, list, "metrics", "metric"))
        return;
    size_t n = list->count;
    if (n > MAX_METRICS) {
        error_at(L, list->items[MAX_METRICS],
                 "split the report into several files",
                 "too many metrics (%zu; the limit is %d)", n, MAX_METRICS);
        n = MAX_METRICS;
    }
    r->metrics = calloc(n ? n : 1, sizeof(*r->metrics));
    if (!r->metrics) {
        error_at(L, list, NULL, "out of memory");
        return;
    }
    r->nmetrics = n;
    for (size_t i = 0; i < n; i++) {
        const kf_node *item = list->items[i];
        kf_metric *m = &r->metrics[i];
        m->loc = (kf_loc){item->line, item->col, item->file};
        m->decimals = -1;
        m->source = -1;
        m->sparkline = -1;
        m->display = KF_DISPLAY_FULL;
        char name[128], where[160];
        item_name(item, "metric", i, name, sizeof(name));
        if (!want_map(L, item, name, "id, label, value, ..."))
            continue;
        snprintf(where, sizeof(where), "in %s", name);
        check_keys(L, item, &metric_schema, where);
        const kf_node *v;
        long n_dec;
        int e;
        if ((v = need(L, item, "id", where)))
            get_id(L, v, &m->id);
        if ((v = need(L, item, "label", where)))
            get_text(L, v, "label", &m->label);
        if ((v = need(L, item, "value", where)))
            get_number(L, v, "value", &m->value);
        if ((v = kf_node_get(item, "unit")))
            get_text(L, v, "unit", &m->unit);
        if ((v = kf_node_get(item, "decimals")) &&
            get_int(L, v, "decimals", 0, 6, "a whole number from 0 to 6",
                    &n_dec))
            m->decimals = (int)n_dec;
        if ((v = kf_node_get(item, "display")) &&
            get_enum(L, v, "display", "display", display_names, 2, &e))
            m->display = (kf_display)e;
        if ((v = kf_node_get(item, "qualifier")) &&
            get_enum(L, v, "qualifier", "qualifier", qualifier_names, 4, &e))
            m->qualifier = (kf_qualifier)(e + 1);
        if ((v = kf_node_get(item, "sign")) &&
            get_enum(L, v, "sign", "sign", sign_names, 2, &e))
            m->sign = (kf_sign)e;
        if ((v = kf_node_get(item, "source")))
            m->source = (int)resolve(L, v, "source", &L->sources, name,
                                     "source");
        if ((v = kf_node_get(item, "as_of")))
            get_date(L, v, "as_of", true, &m->as_of);
        const kf_node *prev = kf_node_get(item, "previous");
        if (prev && get_number(L, prev, "previous", &m->previous))
            m->has_previous = true;
        if ((v = kf_node_get(item, "previous_as_of"))) {
            if (!prev)
                error_at(L, kf_node_get_key(item, "previous_as_of"),
                         "add 'previous', the value of the figure at that "
                         "date, or remove 'previous_as_of'",
                         "%s has 'previous_as_of' but no 'previous'", name);
            else
                get_date(L, v, "previous_as_of", true, &m->previous_as_of);
        }
        if ((v = kf_node_get(item, "trend")) &&
            get_enum(L, v, "trend", "trend", trend_names, 2, &e)) {
            m->trend = (kf_trend)e;
            const char *why;
            if (!prev)
                error_at(L, kf_node_get_key(item, "trend"),
                         "add 'previous', the value the change is from, or "
                         "remove 'trend'",
                         "%s has 'trend' but no 'previous'", name);
            else if (m->trend == KF_TREND_RELATIVE && m->has_previous &&
                     (why = kf_change_relative_problem(m)))
                /* The tile would print a ratio that means nothing
                 * ("-517 %" across a change of sign), so it is refused
                 * here rather than switched silently at draw time. */
                error_at(L, v,
                         "remove 'trend: relative' to show the difference "
                         "in the figure's unit",
                         "%s cannot show a relative change: %s (value %g, "
                         "previous %g)",
                         name, why, m->value, m->previous);
        }
    }
    index_list(L, &L->metrics, "metric", list, n, &r->metrics[0].id,
               sizeof(kf_metric));
}

/* ------------------------------------------------------------------ */
/* Metrics from a CSV file (metrics_csv, keyfig --metrics)             */
/* ------------------------------------------------------------------ */

/* A CSV row becomes the map of nodes a metric of the report file is,
 * each node naming the CSV as its file, and the rows join the report's
 * own metrics in load_metrics: one set of checks, with messages located
 * in the CSV.  A cell's type is its column's: the scalars of a number
 * column are plain, those of a text column quoted, so the checks made
 * for a YAML or JSON scalar's quoting never fire on a CSV's. */

/* The columns: the keys of a metric that a cell can hold (not
 * `sparkline`, which names a series of the report file).  Texts (label,
 * unit) may also be given per language, as label.en. */
enum {
    CSV_ID,
    CSV_LABEL,
    CSV_VALUE,
    CSV_UNIT,
    CSV_DECIMALS,
    CSV_DISPLAY,
    CSV_QUALIFIER,
    CSV_SIGN,
    CSV_SOURCE,
    CSV_AS_OF,
    CSV_PREVIOUS,
    CSV_PREVIOUS_AS_OF,
    CSV_TREND,
    NCSV_COLUMNS
};
static const char *const csv_column_names[NCSV_COLUMNS] = {
    "id",      "label",     "value", "unit",   "decimals",
    "display", "qualifier", "sign",  "source", "as_of",
    "previous", "previous_as_of", "trend"};

static bool
csv_translatable(int key)
{
    return key == CSV_LABEL || key == CSV_UNIT;
}

static bool
csv_required(int key)
{
    return key == CSV_ID || key == CSV_LABEL || key == CSV_VALUE;
}

/* What the loader does with a column of the file. */
typedef struct {
    int key;  /* CSV_*, or -1: not read (an error, or another edition's) */
    int lang; /* index into language_names for "label.en", else -1 */
} csv_column;

/* Adds an error at (line, col) of the CSV file. */
static void
csv_error(loader *L, kf_loc at, const char *hint, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void
csv_error(loader *L, kf_loc at, const char *hint, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    kf_node node = {.line = at.line, .col = at.col, .file = at.file};
    error_at(L, &node, hint, "%s", msg);
}

/* Reports a column keyfig does not know, with the nearest known name.
 * Returns the index in csv_column_names of the column it is a near miss
 * of ('lable' and 'lable.fr' for label), or -1. */
static int
csv_unknown_column(loader *L, const char *name, kf_loc at)
{
    int meant = -1;
    char a[SHOWN], hint[512];
    const char *dot = strchr(name, '.');
    size_t base = dot ? (size_t)(dot - name) : strlen(name);
    bool texts = (base == 5 && strncmp(name, "label", 5) == 0) ||
                 (base == 4 && strncmp(name, "unit", 4) == 0);
    suggester s = {.text = name, .len = strlen(name)};
    char per_lang[2 * NLANGUAGES][16];
    for (size_t k = 0; k < NCSV_COLUMNS; k++)
        suggest_consider(&s, csv_column_names[k]);
    for (size_t j = 0; j < NLANGUAGES; j++) {
        snprintf(per_lang[2 * j], sizeof(per_lang[0]), "label.%s",
                 language_names[j]);
        snprintf(per_lang[2 * j + 1], sizeof(per_lang[0]), "unit.%s",
                 language_names[j]);
        suggest_consider(&s, per_lang[2 * j]);
        suggest_consider(&s, per_lang[2 * j + 1]);
    }
    if (dot && texts)
        snprintf(hint, sizeof(hint),
                 "a text per language is in a column named after it: "
                 "%.*s.fr, %.*s.en",
                 (int)base, name, (int)base, name);
    else if (strcmp(name, "sparkline") == 0)
        snprintf(hint, sizeof(hint),
                 "a sparkline names a series of the report: give it to the "
                 "metric in the report file");
    else if (!suggest_hint(&s, hint, sizeof(hint)))
        snprintf(hint, sizeof(hint),
                 "the columns are id, label, value, unit, decimals, "
                 "display, qualifier, sign, source, as_of, previous, "
                 "previous_as_of and trend; "
                 "label and unit may also be given per language, as "
                 "label.en");
    else
        for (int k = 0; k < NCSV_COLUMNS; k++)
            if (strlen(csv_column_names[k]) == strcspn(s.best, ".") &&
                strncmp(s.best, csv_column_names[k],
                        strlen(csv_column_names[k])) == 0)
                meant = k;
    csv_error(L, at, hint, "unknown column '%s'",
              shown(name, strlen(name), a));
    return meant;
}

/* Reads the header into cols[] (one per column) and checks it: every
 * column known, id, label and value present.  Columns of a language the
 * report has no edition in are left unread: one spreadsheet may feed a
 * French report and a bilingual one.  False when a required column is
 * missing, for then every row would repeat the error. */
static bool
csv_header(loader *L, const kf_csv *csv, csv_column *cols)
{
    const kf_report *r = L->r;
    size_t ncols = kf_csv_columns(csv);
    bool have[NCSV_COLUMNS] = {false};
    bool have_lang[NCSV_COLUMNS][NLANGUAGES] = {{false}};
    /* A required column misspelt ('lable') is said once, as unknown. */
    bool misspelt[NCSV_COLUMNS] = {false};
    for (size_t i = 0; i < ncols; i++) {
        const char *name = kf_csv_header(csv, i);
        kf_loc at = kf_csv_header_loc(csv, i);
        at.file = r->metrics_csv;
        const char *dot = strchr(name, '.');
        size_t base = dot ? (size_t)(dot - name) : strlen(name);
        int key = -1, lang = -1;
        for (int k = 0; k < NCSV_COLUMNS; k++)
            if (strlen(csv_column_names[k]) == base &&
                strncmp(name, csv_column_names[k], base) == 0)
                key = k;
        for (size_t j = 0; dot && j < NLANGUAGES; j++)
            if (strcmp(dot + 1, language_names[j]) == 0)
                lang = (int)j;
        cols[i] = (csv_column){-1, -1};
        if (key < 0 || (dot && (lang < 0 || !csv_translatable(key)))) {
            int meant = csv_unknown_column(L, name, at);
            if (meant >= 0)
                misspelt[meant] = true;
            continue;
        }
        if (lang >= 0) {
            have_lang[key][lang] = true;
            if (!is_report_language(r, language_names[lang]))
                continue;
        } else {
            have[key] = true;
        }
        cols[i] = (csv_column){key, lang};
    }
    kf_loc at = kf_csv_header_loc(csv, 0);
    at.file = r->metrics_csv;
    bool ok = true;
    for (int k = 0; k < NCSV_COLUMNS; k++) {
        if (!csv_required(k) || have[k])
            continue;
        bool any_lang = false;
        int lang = -1, fallback = -1;
        for (size_t j = 0; j < NLANGUAGES; j++) {
            any_lang = any_lang || have_lang[k][j];
            if (strcmp(language_names[j], r->language) == 0)
                lang = (int)j;
            if (L->fallback && strcmp(language_names[j], L->fallback) == 0)
                fallback = (int)j;
        }
        if (lang >= 0 && have_lang[k][lang])
            continue;
        if (fallback >= 0 && have_lang[k][fallback])
            continue; /* each row then warns as a text of the report does */
        if (misspelt[k]) {
            ok = false; /* its "unknown column" is the error */
            continue;
        }
        if (any_lang) {
            char hint[160];
            snprintf(hint, sizeof(hint),
                     "add a column '%s.%s' (or '%s', the text of every "
                     "language), or set 'fallback_language' in 'report'",
                     csv_column_names[k], r->language, csv_column_names[k]);
            csv_error(L, at, hint,
                      "the file has no '%s' column for the '%s' edition",
                      csv_column_names[k], r->language);
        } else {
            csv_error(L, at,
                      "the first row names the columns: every metric needs "
                      "an id, a label and a value",
                      "the file has no '%s' column", csv_column_names[k]);
        }
        ok = false;
    }
    return ok;
}

/* A scalar of the CSV, at `at`; NULL when out of memory. */
static kf_node *
csv_scalar(const char *text, size_t len, bool quoted, kf_loc at)
{
    kf_node *n = kf_node_new_scalar(text, len, quoted, at.line, at.col);
    if (n)
        n->file = at.file;
    return n;
}

/* Adds `key: value` to `map`, the key located at its value.  Takes
 * `value` in every case; false when out of memory. */
static bool
csv_put(kf_node *map, const char *key, kf_node *value)
{
    if (!value)
        return false;
    kf_node *k = csv_scalar(key, strlen(key), true,
                            (kf_loc){value->line, value->col, value->file});
    if (!k || !kf_node_map_add(map, k, value)) {
        kf_node_free(k);
        kf_node_free(value);
        return false;
    }
    return true;
}

static bool
is_blank_char(char c)
{
    return c == ' ' || c == '\t';
}

/* The text of row `row`, column `col` (lent), trimmed of spaces and tabs
 * around it as the header's names are: `id, label, value` is a common
 * way to write a CSV by hand.  Its length goes in *len. */
static const char *
csv_text(const kf_csv *csv, size_t row, size_t col, size_t *len)
{
    const char *s = kf_csv_cell(csv, row, col, len);
    while (*len && is_blank_char(*s)) {
        s++;
        (*len)--;
    }
    while (*len && is_blank_char(s[*len - 1]))
        (*len)--;
    return s;
}

/* The scalar of row `row`, column `col`, for key `key` (CSV_*); NULL when
 * out of memory.  In a semicolon file a number may have a decimal comma
 * ("125,9"): French spreadsheets write it so, and the separator leaves
 * it unambiguous. */
static kf_node *
csv_cell(const loader *L, const kf_csv *csv, size_t row, size_t col,
         int key)
{
    size_t len;
    const char *s = csv_text(csv, row, col, &len);
    kf_loc at = kf_csv_cell_loc(csv, row, col);
    at.file = L->r->metrics_csv;
    bool number = key == CSV_VALUE || key == CSV_PREVIOUS ||
                  key == CSV_DECIMALS;
    kf_node *n = csv_scalar(s, len, !number, at);
    if (n && kf_csv_separator(csv) == ';' &&
        (key == CSV_VALUE || key == CSV_PREVIOUS)) {
        char *comma = strchr(n->text, ',');
        if (comma && !strchr(comma + 1, ',') && !strchr(n->text, '.'))
            *comma = '.';
    }
    return n;
}

/* The map of one metric from row `row`; NULL when out of memory. */
static kf_node *
csv_row(loader *L, const kf_csv *csv, size_t row, const csv_column *cols)
{
    size_t ncols = kf_csv_columns(csv);
    kf_node *map = kf_node_new(KF_NODE_MAP, kf_csv_row_line(csv, row), 1);
    if (!map)
        return NULL;
    map->file = L->r->metrics_csv;
    /* Texts wait for all their columns: label, label.fr, label.en. */
    long plain[NCSV_COLUMNS], per_lang[NCSV_COLUMNS][NLANGUAGES];
    long first[NCSV_COLUMNS];
    for (int k = 0; k < NCSV_COLUMNS; k++) {
        plain[k] = first[k] = -1;
        for (size_t j = 0; j < NLANGUAGES; j++)
            per_lang[k][j] = -1;
    }
    bool ok = true;
    for (size_t i = 0; ok && i < ncols; i++) {
        int k = cols[i].key;
        size_t len;
        if (k < 0)
            continue;
        if (first[k] < 0)
            first[k] = (long)i;
        csv_text(csv, row, i, &len);
        if (csv_translatable(k)) {
            if (len > 0 && cols[i].lang >= 0)
                per_lang[k][cols[i].lang] = (long)i;
            else if (len > 0)
                plain[k] = (long)i;
        } else if (len > 0 || csv_required(k)) {
            /* An empty required cell stays, as a null: "'value' has no
             * value" at the cell.  An empty optional one is absent. */
            kf_node *v = csv_cell(L, csv, row, i, k);
            if (v && len == 0)
                v->quoted = false;
            ok = csv_put(map, csv_column_names[k], v);
        }
    }
    for (int k = 0; ok && k < NCSV_COLUMNS; k++) {
        if (!csv_translatable(k) || first[k] < 0)
            continue;
        bool any_lang = false;
        for (size_t j = 0; j < NLANGUAGES; j++)
            any_lang = any_lang || per_lang[k][j] >= 0;
        if (!any_lang && plain[k] >= 0) {
            ok = csv_put(map, csv_column_names[k],
                         csv_cell(L, csv, row, (size_t)plain[k], k));
        } else if (!any_lang && csv_required(k)) {
            kf_node *v = csv_cell(L, csv, row, (size_t)first[k], k);
            if (v)
                v->quoted = false; /* empty: a null */
            ok = csv_put(map, csv_column_names[k], v);
        } else if (any_lang) {
            /* {fr: ..., en: ...} as in the report file, a language
             * without its own cell taking the plain column's text. */
            kf_node *texts = NULL;
            for (size_t j = 0; ok && j < NLANGUAGES; j++) {
                long c = per_lang[k][j] >= 0 ? per_lang[k][j] : plain[k];
                if (c < 0 || !is_report_language(L->r, language_names[j]))
                    continue;
                kf_node *v = csv_cell(L, csv, row, (size_t)c, k);
                if (!texts && v) {
                    texts = kf_node_new(KF_NODE_MAP, v->line, v->col);
                    if (texts)
                        texts->file = v->file;
                }
                ok = texts && csv_put(texts, language_names[j], v);
                if (!texts)
                    kf_node_free(v);
            }
            if (ok)
                ok = csv_put(map, csv_column_names[k], texts);
            else
                kf_node_free(texts);
        }
    }
    if (!ok) {
        kf_node_free(map);
        return NULL;
    }
    return map;
}

/* The metrics of the CSV file the report names (metrics_csv, relative to
 * the report's folder and kept inside it, as the logo) or the caller
 * gives instead (keyfig --metrics: a path the user typed, relative to
 * the current directory), as a list of metric maps; NULL when there is
 * none, or after errors.  Sets report->metrics_csv to the path read. */
static kf_node *
load_metrics_csv(loader *L, const kf_node *root)
{
    const kf_node *v = kf_node_get(root, "metrics_csv");
    const char *given = L->options->metrics_csv;
    char *p = NULL, *path = NULL;
    /* The report's path is checked even when --metrics replaces it: the
     * report is wrong either way. */
    if (v && get_plain_text(L, v, "metrics_csv", &p) &&
        check_relative_path(L, v, p, "metrics_csv", "the CSV file",
                            "data/metrics.csv") &&
        !given) {
        path = report_relative(L, p);
        if (!path) {
            error_at(L, v, NULL, "out of memory");
        } else if (!check_named_file(L, v, path, "the CSV file", false,
                                     NULL)) {
            free(path);
            path = NULL;
        }
    }
    free(p);
    if (given && !(path = strdup(given)))
        error_at(L, NULL, NULL, "out of memory");
    if (!path)
        return NULL;
    L->r->metrics_csv = path;
    size_t first = L->diags ? L->diags->count : 0;
    kf_csv *csv = kf_csv_load(path, L->diags);
    if (!given)
        locate_file_errors(L, first, v, "the CSV file", NULL);
    if (!csv)
        return NULL;
    size_t ncols = kf_csv_columns(csv), nrows = kf_csv_rows(csv);
    /* load_metrics reports a list beyond the limit; more rows would only
     * cost memory. */
    if (nrows > MAX_METRICS + 1)
        nrows = MAX_METRICS + 1;
    csv_column *cols = calloc(ncols, sizeof(*cols));
    kf_node *list = kf_node_new(KF_NODE_SEQ, 1, 1);
    bool ok = cols && list;
    if (ok && csv_header(L, csv, cols)) {
        list->file = path;
        for (size_t i = 0; ok && i < nrows; i++) {
            kf_node *m = csv_row(L, csv, i, cols);
            ok = m && kf_node_seq_add(list, m);
            if (!ok)
                kf_node_free(m);
        }
        if (!ok)
            error_at(L, NULL, NULL, "out of memory");
    } else {
        if (!ok)
            error_at(L, NULL, NULL, "out of memory");
        kf_node_free(list);
        list = NULL;
    }
    free(cols);
    kf_csv_free(csv);
    if (!ok) {
        kf_node_free(list);
        return NULL;
    }
    return list;
}

/* The report's metrics, then its CSV's rows, as one list for
 * load_metrics: ids are unique across both, and a row obeys every rule
 * a metric of the report file does. */
static void
load_all_metrics(loader *L, const kf_node *root)
{
    const kf_node *own = kf_node_get(root, "metrics");
    kf_node *rows = load_metrics_csv(L, root);
    L->metrics_csv_failed =
        !rows && (kf_node_get(root, "metrics_csv") || L->options->metrics_csv);
    if (!rows || (own && own->kind != KF_NODE_SEQ)) {
        /* Nothing to join; a 'metrics' that is not a list is reported
         * by load_metrics. */
        if (own)
            load_metrics(L, own);
        kf_node_free(rows);
        return;
    }
    size_t nown = own ? own->count : 0, n = nown + rows->count;
    /* A list lending its items: only its array is freed. */
    kf_node all = own ? *own : *rows;
    all.count = all.cap = n;
    all.items = malloc((n ? n : 1) * sizeof(*all.items));
    if (!all.items) {
        error_at(L, NULL, NULL, "out of memory");
        kf_node_free(rows);
        return;
    }
    for (size_t i = 0; i < nown; i++)
        all.items[i] = own->items[i];
    for (size_t i = 0; i < rows->count; i++)
        all.items[nown + i] = rows->items[i];
    load_metrics(L, &all);
    free(all.items);
    kf_node_free(rows);
}

/* Resolves each metric's `sparkline` once the series are read (metrics
 * come first in the file and in the model): a series id whose series has
 * at least two points, for there is no shape in one point. */
static void
load_sparklines(loader *L, const kf_node *list)
{
    kf_report *r = L->r;
    if (!list || list->kind != KF_NODE_SEQ)
        return;
    for (size_t i = 0; i < r->nmetrics && i < list->count; i++) {
        const kf_node *item = list->items[i];
        const kf_node *v = kf_node_get(item, "sparkline");
        if (!v)
            continue;
        char name[128];
        item_name(item, "metric", i, name, sizeof(name));
        long s = resolve(L, v, "sparkline", &L->series, name, "series");
        if (s < 0 || !L->series_ok || !L->series_ok[s])
            continue;
        if (r->series[s].npoints < 2) {
            error_at(L, v,
                     "a sparkline shows a shape: name a series of at least "
                     "2 points, in time order, or remove 'sparkline'",
                     "%s cannot show a sparkline of series '%s': it has "
                     "only 1 point",
                     name, r->series[s].id);
            continue;
        }
        r->metrics[i].sparkline = (int)s;
    }
}

static void
load_points(loader *L, kf_series *s, const kf_node *list, const char *name,
            bool *ok)
{
    if (!want_list(L, list, "points", "point")) {
        *ok = false;
        return;
    }
    size_t n = list->count;
    if (n == 0) {
        error_at(L, list, "a series needs at least one point, as in "
                          "{ label: France, value: 20 }",
                 "%s has no points", name);
        *ok = false;
        return;
    }
    if (n > MAX_POINTS) {
        error_at(L, list->items[MAX_POINTS], NULL,
                 "%s has too many points (%zu; the limit is %d)", name, n,
                 MAX_POINTS);
        n = MAX_POINTS;
        *ok = false;
    }
    /* Said once, at the point past the limit; the points are still read
     * (the file's size bounds them), so every series stays whole. */
    if (L->points <= MAX_ALL_POINTS && L->points + n > MAX_ALL_POINTS) {
        error_at(L, list->items[MAX_ALL_POINTS - L->points],
                 "draw fewer points (a chart of more than a few hundred is "
                 "not read point by point), or split the report",
                 "the series have too many points together (more than %d, "
                 "the limit, from this point of %s on)",
                 MAX_ALL_POINTS, name);
        *ok = false;
    }
    L->points += n;
    s->points = calloc(n, sizeof(*s->points));
    if (!s->points) {
        error_at(L, list, NULL, "out of memory");
        *ok = false;
        return;
    }
    s->npoints = n;
    size_t errors = L->diags ? L->diags->errors : 0;
    for (size_t i = 0; i < n; i++) {
        const kf_node *item = list->items[i];
        kf_point *p = &s->points[i];
        p->loc = (kf_loc){item->line, item->col, NULL};
        char pname[160], where[192];
        snprintf(pname, sizeof(pname), "point %zu of %s", i + 1, name);
        if (!want_map(L, item, pname, "label, value"))
            continue;
        snprintf(where, sizeof(where), "in %s", pname);
        check_keys(L, item, &point_schema, where);
        const kf_node *v;
        if ((v = need(L, item, "label", where)) &&
            get_text(L, v, "label", &p->label) && p->label &&
            utf8_chars(p->label) > MAX_POINT_LABEL)
            error_at(L, v,
                     "shorten it: a bar's or a slice's label is read at a "
                     "glance (the chart's title, or a text block, can say "
                     "more)",
                     "the label of %s is %zu characters long (the limit is "
                     "%d)",
                     pname, utf8_chars(p->label), MAX_POINT_LABEL);
        if ((v = need(L, item, "value", where)))
            get_number(L, v, "value", &p->value);
    }
    if (!L->diags || L->diags->errors != errors)
        *ok = false;
}

static void
load_series(loader *L, const kf_node *list)
{
    kf_report *r = L->r;
    if (!want_list(L, list, "series", "series"))
        return;
    size_t n = list->count;
    if (n > MAX_SERIES) {
        error_at(L, list->items[MAX_SERIES],
                 "split the report into several files",
                 "too many series (%zu; the limit is %d)", n, MAX_SERIES);
        n = MAX_SERIES;
    }
    r->series = calloc(n ? n : 1, sizeof(*r->series));
    L->series_ok = calloc(n ? n : 1, sizeof(*L->series_ok));
    if (!r->series || !L->series_ok) {
        error_at(L, list, NULL, "out of memory");
        return;
    }
    r->nseries = n;
    for (size_t i = 0; i < n; i++) {
        const kf_node *item = list->items[i];
        kf_series *s = &r->series[i];
        s->loc = (kf_loc){item->line, item->col, NULL};
        s->decimals = -1;
        s->source = -1;
        char name[128], where[160];
        item_name(item, "series", i, name, sizeof(name));
        if (!want_map(L, item, name, "id, title, points, ..."))
            continue;
        snprintf(where, sizeof(where), "in %s", name);
        check_keys(L, item, &series_schema, where);
        const kf_node *v;
        long n_dec;
        if ((v = need(L, item, "id", where)))
            get_id(L, v, &s->id);
        if ((v = need(L, item, "title", where)))
            get_text(L, v, "title", &s->title);
        if ((v = kf_node_get(item, "unit")))
            get_text(L, v, "unit", &s->unit);
        if ((v = kf_node_get(item, "decimals")) &&
            get_int(L, v, "decimals", 0, 6, "a whole number from 0 to 6",
                    &n_dec))
            s->decimals = (int)n_dec;
        bool ok = true;
        if ((v = need(L, item, "points", where)))
            load_points(L, s, v, name, &ok);
        else
            ok = false;
        L->series_ok[i] = ok;
        if ((v = kf_node_get(item, "source")))
            s->source = (int)resolve(L, v, "source", &L->sources, name,
                                     "source");
        if ((v = kf_node_get(item, "as_of")))
            get_date(L, v, "as_of", true, &s->as_of);
    }
    index_list(L, &L->series, "series", list, n, &r->series[0].id,
               sizeof(kf_series));
}

/* The values of series `si`, named at `at`, against what chart `type`
 * can draw; `chart` names the chart for the message ("the donut chart in
 * block 1 of page 1").  Donut and waffle show parts of a
 * whole (no negative part, a positive total; a waffle of percentages is
 * 100 squares, so they add up to at most 100); a stacked chart adds its
 * series up (no negative value); a progress chart shows percentages of
 * 100.  Nothing is checked for a series that had errors of its own. */
/* Why a figure of `unit` is not a percentage, for messages. */
static void
not_percent(const char *unit, char buf[SHOWN])
{
    char a[SHOWN];
    if (unit)
        snprintf(buf, SHOWN, "its unit is '%s', not '%%'",
                 shown(unit, strlen(unit), a));
    else
        snprintf(buf, SHOWN, "it has no unit");
}

static void
check_series_values(loader *L, const kf_node *at, size_t si,
                    kf_values_rule rule, const char *chart)
{
    const kf_series *s = &L->r->series[si];
    if (rule == KF_VALUES_ANY)
        return;
    if (!L->series_ok || !L->series_ok[si])
        return;
    bool pct = s->unit && strcmp(s->unit, "%") == 0;
    char a[SHOWN], u[SHOWN];
    if (rule == KF_VALUES_PERCENT && !pct) {
        not_percent(s->unit, u);
        error_at(L, at,
                 "a progress chart shows percentages: give the series "
                 "unit: \"%\" and values from 0 to 100, or use a bar or "
                 "hbar chart",
                 "%s cannot show series '%s': %s", chart, s->id, u);
        return;
    }
    const char *parts_hint =
        rule == KF_VALUES_PARTS
            ? "use a bar or hbar chart for this series"
            : "a waffle shows parts of one whole: use a bar or hbar chart "
              "for this series";
    double total = 0;
    for (size_t i = 0; i < s->npoints; i++) {
        double v = s->points[i].value;
        shown(s->points[i].label, strlen(s->points[i].label), a);
        if (rule == KF_VALUES_PERCENT && (v < 0 || v > 100)) {
            error_at(L, at,
                     "a progress chart shows shares of 100: use a bar or "
                     "hbar chart for other values",
                     "%s cannot show series '%s': its value for '%s' is "
                     "%g, not from 0 to 100",
                     chart, s->id, a, v);
            return;
        }
        if (v < 0 && rule != KF_VALUES_PERCENT) {
            error_at(L, at,
                     rule == KF_VALUES_STACKED
                         ? "a stacked chart adds its series up: use a line "
                           "chart, or bars, for values below zero"
                         : parts_hint,
                     "%s cannot show series '%s': it has a negative value "
                     "(%g for '%s')",
                     chart, s->id, v, a);
            return;
        }
        total += v;
    }
    if ((rule == KF_VALUES_PARTS || (rule == KF_VALUES_SHARES && !pct)) &&
        !(total > 0))
        error_at(L, at, parts_hint,
                 "%s cannot show series '%s': its values add up to 0", chart,
                 s->id);
    /* A hair above 100 is rounding in the source (33.3 + 33.3 + 33.4). */
    if (rule == KF_VALUES_SHARES && pct && total > 100 + 1e-9)
        error_at(L, at,
                 "a waffle shows parts of one whole; for separate shares, "
                 "use a progress chart",
                 "%s cannot show series '%s': its percentages add up to "
                 "%g, more than 100",
                 chart, s->id, total);
}

/* A waffle or progress chart of one metric shows a percentage: unit "%",
 * a value from 0 to 100. */
static void
check_share_metric(loader *L, const kf_node *at, size_t mi, const char *chart)
{
    const kf_metric *m = &L->r->metrics[mi];
    if (!m->id || !m->label)
        return; /* the metric has errors of its own */
    char u[SHOWN];
    if (!m->unit || strcmp(m->unit, "%") != 0) {
        not_percent(m->unit, u);
        error_at(L, at,
                 "this chart shows a percentage: give the metric unit: "
                 "\"%\" and a value from 0 to 100, or show it in a 'kpis' "
                 "block",
                 "%s cannot show metric '%s': %s", chart, m->id, u);
        return;
    }
    if (m->value < 0 || m->value > 100)
        error_at(L, at,
                 "a percentage here is a share of 100: show other figures "
                 "in a 'kpis' block",
                 "%s cannot show metric '%s': its value is %g, not from 0 "
                 "to 100",
                 chart, m->id, m->value);
}

/* The series of a line or stacked chart share one axis of labels and one
 * of values: the same point labels in the same order, and one unit.
 * Reports the first series that differs from the first one, at `at[k]`
 * (the node that named it). */
static void
check_same_points(loader *L, const kf_block *b, const kf_node *const *at,
                  const char *chart)
{
    const kf_report *r = L->r;
    for (size_t k = 0; k < b->nseries; k++)
        if (!L->series_ok || !L->series_ok[b->series_list[k]])
            return;
    const kf_series *s0 = &r->series[b->series_list[0]];
    char a[SHOWN], c[SHOWN];
    for (size_t k = 1; k < b->nseries; k++) {
        const kf_series *s = &r->series[b->series_list[k]];
        const char *hint = "the series of one chart share their point "
                           "labels, in the same order";
        if (s->npoints != s0->npoints) {
            error_at(L, at[k], hint,
                     "%s shows series '%s' and '%s', whose points differ: "
                     "'%s' has %zu points but '%s' has %zu",
                     chart, s0->id, s->id, s0->id, s0->npoints, s->id,
                     s->npoints);
            return;
        }
        for (size_t i = 0; i < s->npoints; i++) {
            const char *l0 = s0->points[i].label, *l = s->points[i].label;
            if (strcmp(l0, l) != 0) {
                error_at(L, at[k], hint,
                         "%s shows series '%s' and '%s', whose points "
                         "differ: point %zu is '%s' in '%s' but '%s' in "
                         "'%s'",
                         chart, s0->id, s->id, i + 1,
                         shown(l0, strlen(l0), a), s0->id,
                         shown(l, strlen(l), c), s->id);
                return;
            }
        }
        bool same_unit = (!s->unit && !s0->unit) ||
                         (s->unit && s0->unit && !strcmp(s->unit, s0->unit));
        if (!same_unit) {
            char u0[SHOWN + 4] = "none", u[SHOWN + 4] = "none";
            if (s0->unit)
                snprintf(u0, sizeof(u0), "'%s'",
                         shown(s0->unit, strlen(s0->unit), a));
            if (s->unit)
                snprintf(u, sizeof(u), "'%s'",
                         shown(s->unit, strlen(s->unit), c));
            error_at(L, at[k],
                     "the series of one chart share one value axis: give "
                     "them the same unit",
                     "%s shows series '%s' and '%s', whose units differ "
                     "(%s and %s)",
                     chart, s0->id, s->id, u0, u);
            return;
        }
    }
}

static void
load_kpis(loader *L, kf_block *b, const kf_node *v, const char *name)
{
    b->kind = KF_BLOCK_KPIS;
    if (!want_list(L, v, "kpis", "metric id"))
        return;
    if (v->count == 0) {
        error_at(L, v, "list 1 to 8 metric ids, as in [research-share, "
                       "jean-zay]",
                 "%s lists no metrics", name);
        return;
    }
    size_t n = v->count;
    if (n > MAX_KPIS) {
        error_at(L, v, "split it into two blocks",
                 "%s lists %zu metrics; a 'kpis' block shows at most %d",
                 name, n, MAX_KPIS);
        n = MAX_KPIS;
    }
    b->metrics = calloc(n, sizeof(*b->metrics));
    if (!b->metrics) {
        error_at(L, v, NULL, "out of memory");
        return;
    }
    b->nmetrics = n;
    for (size_t i = 0; i < n; i++) {
        long m = resolve(L, v->items[i], "kpis", &L->metrics, name, "metric");
        b->metrics[i] = m >= 0 ? (size_t)m : 0;
        /* Two tiles of one figure side by side are a slip (a copied line
         * whose id was not changed); a warning, as older files build, and
         * none beside the error of a list too long. */
        for (size_t j = 0; j < i && m >= 0 && v->count <= MAX_KPIS; j++) {
            const kf_node *same = v->items[j];
            if (same->len == v->items[i]->len &&
                memcmp(same->text, v->items[i]->text, same->len) == 0) {
                char a[SHOWN];
                const kf_node *at = v->items[i];
                kf_diag_add(L->diags, KF_SEV_WARNING,
                            at->file ? at->file : L->file, at->line, at->col,
                            "remove it, or name the metric meant",
                            "%s shows metric '%s' twice (first as tile %zu)",
                            name, shown_node(at, a), j + 1);
                break;
            }
        }
    }
}

/* A `hero: ID` block: one metric's tile, its figure the page's headline
 * (layout.c sizes it to its cell).  A KPI block of one metric, so that
 * everything said of a tile (its marker, its reading order, the
 * workbook's page of it) holds for it. */
static void
load_hero(loader *L, kf_block *b, const kf_node *v, const char *name)
{
    b->kind = KF_BLOCK_KPIS;
    b->hero = true;
    if (v->kind == KF_NODE_SEQ) {
        const char *one = L->json ? "write the id alone: \"hero\": \"ID\""
                                  : "write the id alone: hero: ID";
        const char *several =
            L->json ? "a hero block shows one figure: write \"hero\": "
                      "\"ID\", and the others in a \"kpis\" block"
                    : "a hero block shows one figure: write hero: ID, and "
                      "the others in a 'kpis' block";
        error_at(L, v, v->count == 1 ? one : several,
                 "%s is a hero block, whose value is one metric id, not a "
                 "list",
                 name);
        return;
    }
    long m = resolve(L, v, "hero", &L->metrics, name, "metric");
    if (m < 0)
        return;
    b->metrics = calloc(1, sizeof(*b->metrics));
    if (!b->metrics) {
        error_at(L, v, NULL, "out of memory");
        return;
    }
    b->metrics[0] = (size_t)m;
    b->nmetrics = 1;
}

/* Points a chart block at series `s`, in both of its forms. */
static void
set_chart_series(loader *L, kf_block *b, size_t s)
{
    b->series = s;
    b->series_list = malloc(sizeof(*b->series_list));
    if (!b->series_list) {
        error_at(L, NULL, NULL, "out of memory");
        return;
    }
    b->series_list[0] = s;
    b->nseries = 1;
}

/* The most series one chart shows, by type (its kind's max_series). */
static size_t
max_chart_series(int type)
{
    const kf_chart_kind *kind = kf_chart_kind_of((kf_chart_type)type);
    return kind ? kind->max_series : 8; /* unknown type: check the ids */
}

/* Reads a chart's `series` (the value `sv`): one id, or a list of ids for
 * the types that show several (a stacked chart takes only a list).  Fills
 * the block's series, series_list and nseries and, in at[], the node that
 * named each (for the messages of later checks).  `cname` is "the chart in
 * block 1 of page 1", `tname` "the line chart in ...".  False after an
 * error. */
static bool
chart_series(loader *L, kf_block *b, const kf_node *sv, int type,
             const char *cname, const char *tname, const kf_node **at)
{
    size_t max = max_chart_series(type);
    const char *tn = type >= 0 ? kf_chart_kinds[type].name : "";
    if (sv->kind != KF_NODE_SEQ) {
        if (type >= 0 && kf_chart_kinds[type].needs_list &&
            sv->kind == KF_NODE_SCALAR &&
            !kf_node_is_null(sv)) {
            error_at(L, sv,
                     L->json ? "write it as a list, as in \"series\": "
                               "[\"first\", \"second\"]"
                             : "write it as a list, as in series: "
                               "[first, second]",
                     "%s stacks a list of series: 'series' must be a list "
                     "of ids",
                     tname);
            return false;
        }
        long s = resolve(L, sv, "series", &L->series, cname, "series");
        if (s < 0)
            return false;
        set_chart_series(L, b, (size_t)s);
        at[0] = sv;
        return b->nseries == 1;
    }
    if (max == 1) {
        error_at(L, sv,
                 kf_chart_kinds[type].takes_metric
                     ? "give one id: a series with a point for each share"
                     : "give one id, or use type: line or stacked to show "
                       "several series",
                 "%s shows one series: 'series' must be one id, not a list",
                 tname);
        return false;
    }
    if (sv->count == 0) {
        error_at(L, sv, max == 6 ? "list 1 to 6 series ids"
                                 : "list 1 to 8 series ids",
                 "%s lists no series", cname);
        return false;
    }
    if (sv->count > max) {
        error_at(L, sv->items[max], "split it into two charts",
                 "%s lists %zu series; a %s chart shows at most %zu", cname,
                 sv->count, tn, max);
        return false;
    }
    b->series_list = calloc(sv->count, sizeof(*b->series_list));
    if (!b->series_list) {
        error_at(L, sv, NULL, "out of memory");
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < sv->count; i++) {
        long s = resolve(L, sv->items[i], "series", &L->series, cname,
                         "series");
        if (s < 0) {
            ok = false;
            continue;
        }
        for (size_t k = 0; k < b->nseries; k++)
            if (b->series_list[k] == (size_t)s) {
                error_at(L, sv->items[i], "remove one of them",
                         "%s lists series '%s' twice", cname,
                         L->r->series[s].id);
                ok = false;
                s = -1;
                break;
            }
        if (s < 0)
            continue;
        at[b->nseries] = sv->items[i];
        b->series_list[b->nseries++] = (size_t)s;
    }
    if (b->nseries)
        b->series = b->series_list[0];
    return ok;
}

/* A chart block: `type`, then `series` (one id or a list, by type) or,
 * for waffle and progress, `metric`; an optional `title`. */
/* What other tools call charts keyfig draws under another name, or does
 * not draw: the hint for each, which a list of the types would not give
 * ("area" is not a misspelling of any). */
static const struct {
    const char *name, *hint;
} other_charts[] = {
    {"area", "keyfig draws no area chart: use line for a figure over time, "
             "or stacked for parts that add up"},
    {"pie", "use donut: a ring of slices, the parts of one whole"},
    {"column", "use bar: vertical bars, labels underneath"},
    {"columns", "use bar: vertical bars, labels underneath"},
    {"barh", "use hbar: horizontal bars, labels on the left"},
    {"table", "keyfig has no table of its own: 'appendix: data' in 'report' "
              "adds a page of every chart's data as tables, and the workbook "
              "holds each chart's data"},
};

/* The hint for `v` when it names a chart of another tool, else NULL. */
static const char *
other_chart_hint(const kf_node *v)
{
    for (size_t i = 0; i < sizeof(other_charts) / sizeof(*other_charts); i++)
        if (v->kind == KF_NODE_SCALAR &&
            v->len == strlen(other_charts[i].name) &&
            strcmp(v->text, other_charts[i].name) == 0)
            return other_charts[i].hint;
    return NULL;
}

static void
load_chart(loader *L, kf_block *b, const kf_node *v, const char *name)
{
    b->kind = KF_BLOCK_CHART;
    b->metric = -1;
    char cname[384], tname[384], where[400];
    snprintf(cname, sizeof(cname), "the chart in %s", name);
    if (!want_map(L, v, "'chart'", "type, series"))
        return;
    snprintf(where, sizeof(where), "in %s", cname);
    size_t errors = L->diags ? L->diags->errors : 0;
    check_keys(L, v, &chart_schema, where);
    const kf_node *type = need(L, v, "type", where);
    const kf_node *sv = kf_node_get(v, "series");
    const kf_node *mv = kf_node_get(v, "metric");
    const kf_node *tv = kf_node_get(v, "title");
    int t = -1;
    const char *names[KF_NCHART_KINDS];
    for (size_t i = 0; i < KF_NCHART_KINDS; i++)
        names[i] = kf_chart_kinds[i].name;
    const char *other = type ? other_chart_hint(type) : NULL;
    char a[SHOWN];
    if (other)
        error_at(L, type, other, "invalid chart type '%s'",
                 shown_node(type, a));
    else if (type && get_enum(L, type, "type", "chart type", names,
                              KF_NCHART_KINDS, &t))
        b->chart = (kf_chart_type)t;
    if (tv)
        get_text(L, tv, "title", &b->title);
    const kf_node *av = kf_node_get(v, "alt");
    if (av && get_text(L, av, "alt", &b->alt) &&
        b->alt[strspn(b->alt, " \t\n\r")] == '\0') {
        /* A reader would hear nothing in place of the chart. */
        error_at(L, av,
                 "say what the chart shows, or remove 'alt' to have it "
                 "written from the data",
                 "'alt' has only spaces");
        free(b->alt);
        b->alt = NULL;
    }
    const kf_node *hv = kf_node_get(v, "height");
    double mm;
    if (hv && get_number(L, hv, "height", &mm)) {
        if (!(mm >= 10 && mm <= 1000))
            error_at(L, hv,
                     "give the chart's height in millimetres, from 10 to "
                     "1000, or leave it out to size the chart to its page",
                     "the height of %s is %g mm", cname, mm);
        else
            b->height = mm * 72 / 25.4;
    }
    const kf_chart_kind *kind = t >= 0 ? &kf_chart_kinds[t] : NULL;
    bool shares = kind && kind->takes_metric;
    snprintf(tname, sizeof(tname), "the %s chart in %s",
             kind ? kind->name : "", name);
    if (shares && mv && sv) {
        error_at(L, kf_node_get_key(v, "metric"),
                 "keep one: 'metric' shows one percentage, 'series' a "
                 "share for each of its points",
                 "%s has both 'metric' and 'series'", tname);
        return;
    }
    if (shares && !mv && !sv) {
        error_at(L, v,
                 L->json ? "add \"metric\": \"ID\" (a metric in %) or "
                           "\"series\": \"ID\""
                         : "add metric: ID (a metric in %) or series: ID",
                 "%s needs 'metric' or 'series'", tname);
        return;
    }
    if (mv) {
        long m = resolve(L, mv, "metric", &L->metrics, cname, "metric");
        if (t >= 0 && !shares)
            error_at(L, kf_node_get_key(v, "metric"),
                     "give 'series' for this chart, or list the metric in a "
                     "'kpis' block",
                     "%s cannot show a metric: 'metric' is for waffle and "
                     "progress charts",
                     tname);
        else if (m >= 0 && shares) {
            b->metric = (int)m;
            check_share_metric(L, mv, (size_t)m, tname);
        }
        if (shares)
            return;
    }
    /* A 'metric' on a chart of series was said above, with its hint; a
     * second message, of 'series' missing, would only repeat it. */
    if (!sv && !mv)
        sv = need(L, v, "series", where);
    const kf_node *at[8] = {NULL};
    if (!sv || !chart_series(L, b, sv, t, cname, tname, at) || t < 0)
        return;
    for (size_t k = 0; k < b->nseries; k++)
        check_series_values(L, at[k], b->series_list[k], kind->values, tname);
    if (kind->same_points)
        check_same_points(L, b, at, tname);
    /* The default title, the first series', names only a part of a chart
     * of several: worth a word, not an error (and not beside one). */
    if (b->nseries > 1 && !tv && L->diags && L->diags->errors == errors) {
        char a[SHOWN];
        const char *first = L->r->series[b->series].title;
        kf_diag_add(L->diags, KF_SEV_WARNING, L->file, v->line, v->col,
                    L->json ? "add a \"title\" naming the whole chart"
                            : "add a 'title' naming the whole chart",
                    "%s shows %zu series but has no 'title': it is titled "
                    "'%s', the first series' title",
                    tname, b->nseries,
                    first ? shown(first, strlen(first), a) : "");
    }
}

/* A text block: paragraphs parted by blank lines, the one text that may
 * hold line breaks (a YAML '|' or '>' block, "\n" in JSON). */
static void
load_text_block(loader *L, kf_block *b, const kf_node *v, const char *name)
{
    b->kind = KF_BLOCK_TEXT;
    if (!(v = edition_text(L, v, "text")) || !want_scalar(L, v, "text", "text", NULL) ||
        !want_json_string(L, v, "text") ||
        !check_text_lines(L, v, "text", true))
        return;
    size_t i = 0;
    while (i < v->len && (v->text[i] == ' ' || v->text[i] == '\n'))
        i++;
    if (i == v->len) {
        error_at(L, v, "write the paragraphs, or remove the block",
                 "the text of %s is blank", name);
        return;
    }
    b->text = strdup(v->text);
    if (!b->text)
        error_at(L, v, NULL, "out of memory");
    else
        french_typography(L, v, &b->text);
}

/* One block of a page, named `name` ("block 2 of page 1" or "block 1
 * of the row in block 2 of page 1"); `in_row`: it
 * stands in a row, so it may carry a `width`.  A row itself is read by
 * load_pages. */
static void
load_block(loader *L, kf_block *b, const kf_node *item, const char *name,
           size_t pi, bool in_row)
{
    char a[SHOWN];
    b->loc = (kf_loc){item->line, item->col, NULL};
    b->metric = -1;
    b->width = 1;
    if (!want_map(L, item, name, "kpis, chart or text"))
        return;
    const char *shape = L->json ? "a block is {\"kpis\": [metric ids]}, "
                                  "{\"chart\": {\"type\": \"bar\", "
                                  "\"series\": \"id\"}} or {\"text\": "
                                  "\"...\"}"
                                : in_row
                                      ? "a block is 'kpis: [metric ids]', "
                                        "'chart: {type: bar, series: id}' or "
                                        "'text: ...'"
                                      : "a block is 'kpis: [metric ids]', "
                                        "'chart: {type: bar, series: id}', "
                                        "'text: ...' or 'row: [blocks side "
                                        "by side]'";
    /* Its own key, and beside it, in a row, its width. */
    const kf_node *key = NULL, *v = NULL, *width = NULL, *wkey = NULL;
    size_t nkeys = 0;
    for (size_t k = 0; k < item->count; k++) {
        if (strcmp(item->keys[k]->text, "width") == 0 &&
            item->keys[k]->len == 5 && !width) {
            wkey = item->keys[k];
            width = item->items[k];
            continue;
        }
        if (nkeys++ == 0) {
            key = item->keys[k];
            v = item->items[k];
        } else if (nkeys == 2) {
            char c[SHOWN];
            error_at(L, item->keys[k],
                     L->json ? "give each its own block"
                             : "give each its own block, starting with '- '",
                     "%s has more than one key ('%s' and '%s')", name,
                     shown_node(key, a), shown_node(item->keys[k], c));
        }
    }
    if (!key) {
        error_at(L, item, shape, "%s is empty", name);
        return;
    }
    if (width && !in_row)
        error_at(L, wkey,
                 L->json ? "put the block in a {\"row\": [...]} beside "
                           "others, or remove \"width\""
                         : "put the block in a 'row:' beside others, or "
                           "remove 'width'",
                 "%s has a 'width', but 'width' is a block's share of a "
                 "row and the block is not in one",
                 name);
    else if (width && get_number(L, width, "width", &b->width) &&
             !(b->width > 0 && b->width <= 100)) {
        error_at(L, width,
                 "give a positive number, its share of the row: 2 is twice "
                 "as wide as a block of width 1",
                 "the width of %s is %g", name, b->width);
        b->width = 1;
    }
    if (strcmp(key->text, "kpis") == 0 && key->len == 4) {
        load_kpis(L, b, v, name);
    } else if (strcmp(key->text, "hero") == 0 && key->len == 4) {
        load_hero(L, b, v, name);
    } else if (strcmp(key->text, "chart") == 0 && key->len == 5) {
        load_chart(L, b, v, name);
    } else if (strcmp(key->text, "text") == 0 && key->len == 4) {
        load_text_block(L, b, v, name);
    } else if (strcmp(key->text, "row") == 0 && key->len == 3) {
        /* Only here inside a row: load_pages reads the page's own. */
        b->kind = KF_BLOCK_TEXT;
        error_at(L, key,
                 "a row holds kpis, chart and text blocks: put these blocks "
                 "in the outer row, or make this row a block of the page",
                 "%s is a row inside a row", name);
    } else {
        suggester s = {.text = key->text, .len = key->len};
        for (size_t k = 0; k < block_schema.nkeys; k++)
            suggest_consider(&s, block_schema.keys[k]);
        char hint[320];
        const char *other = other_chart_hint(key);
        error_at(L, key,
                 other                                  ? other
                 : suggest_hint(&s, hint, sizeof(hint)) ? hint
                                                        : shape,
                 "unknown block type '%s' in page %zu", shown_node(key, a),
                 pi + 1);
    }
}

/* The value of page block `item`'s "row" key when it is a row, else
 * NULL; *key (may be NULL) is then the key. */
static const kf_node *
row_of(const kf_node *item, const kf_node **key)
{
    if (item->kind != KF_NODE_MAP)
        return NULL;
    for (size_t k = 0; k < item->count; k++)
        if (strcmp(item->keys[k]->text, "row") == 0 &&
            item->keys[k]->len == 3) {
            if (key)
                *key = item->keys[k];
            return item->items[k];
        }
    return NULL;
}

/* The blocks page block `item` stands for: a row's blocks, one else. */
static size_t
block_count(const kf_node *item)
{
    const kf_node *row = row_of(item, NULL);
    return row && row->kind == KF_NODE_SEQ && row->count > 0 ? row->count
                                                             : 1;
}

/* The page's blocks `v` into p->blocks, a row's blocks in its place, one
 * after another with the same kf_block.row. */
static void
load_page_blocks(loader *L, kf_page *p, const kf_node *v, size_t pi,
                 size_t nb)
{
    char a[SHOWN];
    size_t at = 0;
    int rows = 0;
    for (size_t k = 0; k < v->count && at < nb; k++) {
        const kf_node *item = v->items[k];
        char name[400];
        /* The page by its number only: its title differs between
         * editions, and a problem found in each is given once (diag.c). */
        snprintf(name, sizeof(name), "block %zu of page %zu", k + 1, pi + 1);
        const kf_node *rkey = NULL, *row = row_of(item, &rkey);
        if (!row) {
            load_block(L, &p->blocks[at++], item, name, pi, false);
            continue;
        }
        kf_loc loc = {item->line, item->col, NULL};
        for (size_t j = 0; j < item->count; j++)
            if (item->keys[j] != rkey) {
                error_at(L, item->keys[j],
                         strcmp(item->keys[j]->text, "width") == 0
                             ? "a row takes the page's width: give 'width' "
                               "to the blocks in it"
                             : "a row holds only its list of blocks: give "
                               "this its own block",
                         "the row in %s has another key, '%s'", name,
                         shown_node(item->keys[j], a));
                break;
            }
        kf_block *first = &p->blocks[at];
        if (row->kind != KF_NODE_SEQ || row->count == 0) {
            if (row->kind == KF_NODE_SEQ || kf_node_is_null(row))
                error_at(L, row->kind == KF_NODE_SEQ ? row : item,
                         L->json ? "list the blocks to set side by side, "
                                   "as in \"row\": [{\"kpis\": [...]}, "
                                   "{\"chart\": {...}}]"
                                 : "list the blocks to set side by side, "
                                   "each starting with '- ', or remove "
                                   "the row",
                         "the row in %s is empty", name);
            else
                want_list(L, row, "row", "block");
            first->loc = loc;
            first->metric = -1;
            first->kind = KF_BLOCK_TEXT;
            at++;
            continue;
        }
        rows++;
        if (row->count > KF_ROW_MAX)
            error_at(L, row->items[KF_ROW_MAX],
                     "split it into two rows",
                     "the row in %s sets %zu blocks side by side; a row "
                     "holds at most %d",
                     name, row->count, KF_ROW_MAX);
        for (size_t j = 0; j < row->count && at < nb; j++) {
            char child[480];
            snprintf(child, sizeof(child), "block %zu of the row in %s",
                     j + 1, name);
            kf_block *b = &p->blocks[at++];
            load_block(L, b, row->items[j], child, pi, true);
            b->row = rows;
            b->row_loc = loc;
        }
    }
    p->nblocks = at;
}

static void
load_pages(loader *L, const kf_node *list)
{
    kf_report *r = L->r;
    if (!want_list(L, list, "pages", "page"))
        return;
    size_t n = list->count;
    if (n == 0) {
        error_at(L, list,
                 "remove 'pages' to get the default layout, or add a page",
                 "'pages' lists no pages");
        return;
    }
    if (n > MAX_PAGES) {
        error_at(L, list->items[MAX_PAGES], NULL,
                 "too many pages (%zu; the limit is %d)", n, MAX_PAGES);
        n = MAX_PAGES;
    }
    r->pages = calloc(n, sizeof(*r->pages));
    if (!r->pages) {
        error_at(L, list, NULL, "out of memory");
        return;
    }
    r->npages = n;
    for (size_t i = 0; i < n; i++) {
        const kf_node *item = list->items[i];
        kf_page *p = &r->pages[i];
        p->loc = (kf_loc){item->line, item->col, NULL};
        char name[64], where[80];
        snprintf(name, sizeof(name), "page %zu", i + 1);
        if (!want_map(L, item, name, "title, blocks"))
            continue;
        snprintf(where, sizeof(where), "in %s", name);
        check_keys(L, item, &page_schema, where);
        const kf_node *v;
        if ((v = need(L, item, "title", where)))
            get_text(L, v, "title", &p->title);
        v = need(L, item, "blocks", where);
        if (!v || !want_list(L, v, "blocks", "block"))
            continue;
        size_t nb = 0;
        for (size_t k = 0; k < v->count; k++)
            nb += block_count(v->items[k]);
        if (nb == 0) {
            error_at(L, v, "add at least one 'kpis', 'chart' or 'text' block",
                     "page %zu has no blocks", i + 1);
            continue;
        }
        if (nb > MAX_BLOCKS) {
            error_at(L, v->items[v->count > MAX_BLOCKS ? MAX_BLOCKS
                                                       : v->count - 1],
                     "split the page in two",
                     "page %zu has too many blocks (%zu; the limit is %d)",
                     i + 1, nb, MAX_BLOCKS);
            nb = MAX_BLOCKS;
        }
        p->blocks = calloc(nb, sizeof(*p->blocks));
        if (!p->blocks) {
            error_at(L, v, NULL, "out of memory");
            continue;
        }
        load_page_blocks(L, p, v, i, nb);
    }
}

/* Without `pages`: one page, the metrics four to a KPI block, then a bar
 * chart per series (a line chart for a series of more points than bars
 * stand side by side at a readable width).  The layout engine flows what does not fit onto
 * continuation pages. */
static void
default_pages(loader *L, const kf_node *root)
{
    kf_report *r = L->r;
    size_t nkpi = (r->nmetrics + DEFAULT_KPIS_PER_BLOCK - 1) /
                  DEFAULT_KPIS_PER_BLOCK;
    size_t nb = nkpi + r->nseries;
    r->pages = calloc(1, sizeof(*r->pages));
    if (!r->pages) {
        error_at(L, NULL, NULL, "out of memory");
        return;
    }
    r->npages = 1;
    kf_page *p = &r->pages[0];
    p->loc = (kf_loc){root->line, root->col, NULL};
    p->generated = true;
    p->title = strdup(r->locale == KF_LOCALE_FR_FR ? "Chiffres cl\xc3\xa9s"
                                                   : "Key figures");
    p->blocks = calloc(nb ? nb : 1, sizeof(*p->blocks));
    if (!p->title || !p->blocks) {
        error_at(L, NULL, NULL, "out of memory");
        return;
    }
    for (size_t k = 0; k < nkpi; k++) {
        kf_block *b = &p->blocks[p->nblocks];
        size_t first = k * DEFAULT_KPIS_PER_BLOCK;
        size_t n = r->nmetrics - first;
        if (n > DEFAULT_KPIS_PER_BLOCK)
            n = DEFAULT_KPIS_PER_BLOCK;
        b->kind = KF_BLOCK_KPIS;
        b->metric = -1;
        b->metrics = calloc(n, sizeof(*b->metrics));
        if (!b->metrics) {
            error_at(L, NULL, NULL, "out of memory");
            return;
        }
        b->nmetrics = n;
        for (size_t i = 0; i < n; i++)
            b->metrics[i] = first + i;
        b->loc = r->metrics[first].loc;
        p->nblocks++;
    }
    for (size_t s = 0; s < r->nseries; s++) {
        kf_block *b = &p->blocks[p->nblocks++];
        b->kind = KF_BLOCK_CHART;
        b->chart = r->series[s].npoints > DEFAULT_BAR_POINTS ? KF_CHART_LINE
                                                             : KF_CHART_BAR;
        b->metric = -1;
        b->loc = r->series[s].loc;
        set_chart_series(L, b, s);
    }
    if (nb == 0 && L->diags && L->diags->errors == L->errors_before)
        kf_diag_add(L->diags, KF_SEV_WARNING, L->file, root->line, root->col,
                    "add 'metrics' or 'series'",
                    "the report has no metrics and no series: its page will "
                    "be empty");
}

static void
load_root(loader *L, const kf_node *root)
{
    kf_report *r = L->r;
    if (root->kind != KF_NODE_MAP) {
        error_at(L, root,
                 L->json ? "a JSON report is an object: {\"format\": 1, "
                           "\"report\": {...}, ...}"
                         : "a report starts with 'format: 1', then "
                           "'report:', 'metrics:' ...",
                 "the file must hold a map of keys, not %s",
                 kf_node_kind_name(root));
        return;
    }
    const kf_node *v = kf_node_get(root, "format");
    /* 'fromat: 1' is one error, check_keys's "did you mean 'format'?" */
    bool misspelt = false;
    for (size_t i = 0; !v && i < root->count; i++) {
        suggester s = {.text = root->keys[i]->text, .len = root->keys[i]->len};
        suggest_consider(&s, "format");
        misspelt = misspelt || s.best;
    }
    if (!v && !misspelt) {
        error_at(L, root,
                 L->json ? "add \"format\": 1 to the top-level object"
                         : "add the line 'format: 1' at the top of the file",
                 "missing required key 'format' at the top level");
    } else if (v) {
        long f;
        /* A format that is not a whole number is reported, and the rest
         * is read as format 1; another format's keys would only give
         * confusing messages, so that stops here. */
        if (get_int(L, v, "format", 0, 999999999, "a whole number", &f) &&
            f != 1) {
            error_at(L, v,
                     f > 1 ? "use a newer keyfig, or rewrite the file in "
                             "format 1"
                           : NULL,
                     "format %ld is not supported by this keyfig (it reads "
                     "format 1)",
                     f);
            return;
        }
    }
    check_keys(L, root, &top_schema, "at the top level");
    /* `$schema` names the JSON Schema for editors; keyfig only checks it
     * is a text, as the schema does. */
    if ((v = kf_node_get(root, "$schema"))) {
        char *ignored = NULL;
        get_plain_text(L, v, "$schema", &ignored);
        free(ignored);
    }
    if ((v = need(L, root, "report", "at the top level")))
        load_report_section(L, v);
    if ((v = kf_node_get(root, "sources")))
        load_sources(L, v);
    index_list(L, &L->sources, "source", v && v->kind == KF_NODE_SEQ ? v : NULL,
               r->nsources, r->nsources ? &r->sources[0].id : NULL,
               sizeof(kf_source));
    load_all_metrics(L, root);
    if ((v = kf_node_get(root, "series")))
        load_series(L, v);
    if (r->nmetrics)
        load_sparklines(L, kf_node_get(root, "metrics"));
    if ((v = kf_node_get(root, "pages")))
        load_pages(L, v);
    else
        default_pages(L, root);
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */
/* ------------------------------------------------------------------ */

static bool
ends_with_json(const char *name)
{
    size_t n = strlen(name);
    return n >= 5 && same_ignoring_case(name + n - 5, 5, ".json");
}

static bool
same_file(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Puts the diagnostics added since `from` in line order (stable), so a
 * writer reads them top to bottom: those of one file together, the
 * report's (`name`) first, then its CSV of metrics' and any other in the
 * order of their first diagnostic. */
static void
sort_diags(kf_diags *diags, size_t from, const char *name)
{
    if (!diags || diags->count <= from + 1)
        return;
    size_t n = diags->count - from;
    size_t *rank = malloc(n * sizeof(*rank));
    if (!rank)
        return; /* unsorted, but every one there */
    for (size_t i = 0; i < n; i++) {
        rank[i] = i + 1;
        if (same_file(diags->items[from + i].file, name))
            rank[i] = 0;
        for (size_t k = 0; rank[i] && k < i; k++)
            if (same_file(diags->items[from + k].file,
                          diags->items[from + i].file)) {
                rank[i] = rank[k];
                break;
            }
    }
    kf_diag *items = diags->items + from;
    for (size_t i = 1; i < n; i++) {
        kf_diag d = items[i];
        size_t r = rank[i], j = i;
        while (j > 0 && (rank[j - 1] > r ||
                         (rank[j - 1] == r &&
                          (items[j - 1].line > d.line ||
                           (items[j - 1].line == d.line &&
                            items[j - 1].col > d.col))))) {
            items[j] = items[j - 1];
            rank[j] = rank[j - 1];
            j--;
        }
        items[j] = d;
        rank[j] = r;
    }
    free(rank);
}

/* What to do with a report over the size limit. */
static const char too_large_hint[] = "split the report into several files";

kf_report *
kf_report_load_buffer(const char *name, const char *data, size_t size,
                      const kf_load_options *options, kf_diags *diags)
{
    if (!name)
        name = "<memory>";
    if (size > KF_MAX_FILE_SIZE) {
        kf_file_too_large(diags, name, (double)size, true, KF_MAX_FILE_SIZE,
                          too_large_hint);
        return NULL;
    }
    size_t first_diag = diags ? diags->count : 0;
    kf_node *root = ends_with_json(name)
                        ? kf_parse_json(name, data, size, diags)
                        : kf_parse_yaml(name, data, size, diags);
    if (!root) {
        sort_diags(diags, first_diag, name);
        return NULL;
    }
    kf_report *r = kf_report_from_tree(name, root, options, diags);
    kf_node_free(root);
    return r;
}

kf_report *
kf_report_from_tree(const char *name, const kf_node *root,
                    const kf_load_options *options, kf_diags *diags)
{
    static const kf_load_options defaults;
    size_t first_diag = diags ? diags->count : 0;
    size_t errors = diags ? diags->errors : 0;
    loader L = {.file = name,
                .options = options ? options : &defaults,
                .diags = diags,
                .json = ends_with_json(name),
                .errors_before = errors};
    L.r = kf_report_new();
    const char *slash = strrchr(name, '/');
    L.dir = slash ? strndup(name, (size_t)(slash - name) + (slash == name))
                  : strdup(".");
    L.base = L.dir;
    L.base_name = "the report's folder";
    if (!L.r || !L.dir || !(L.r->path = strdup(name))) {
        kf_diag_add(diags, KF_SEV_ERROR, name, 0, 0, NULL, "out of memory");
    } else {
        load_root(&L, root);
        /* --max-age replaces report.max_age; the CLI has checked it, a
         * caller of the library may not have. */
        const char *age = L.options->max_age;
        if (age && !kf_age_parse(age, &L.r->max_age))
            kf_diag_add(diags, KF_SEV_ERROR, NULL, 0, 0,
                        "write a whole number followed by d (days), m "
                        "(months) or y (years), as in 18m, 2y or 90d",
                        "invalid max_age '%.64s'", age);
        /* The checks of a careful editor (check.c) look at a whole,
         * valid report: after an error they would only add noise. */
        if (diags && diags->errors == errors)
            kf_check_report(L.r, diags);
    }
    free(L.dir);
    kf_node_free(L.brand_root);
    free(L.sources.items);
    free(L.metrics.items);
    free(L.series.items);
    free(L.series_ok);
    sort_diags(diags, first_diag, name);
    if (!diags || diags->errors != errors) {
        kf_report_free(L.r);
        return NULL;
    }
    return L.r;
}

kf_report *
kf_report_load(const char *path, const kf_load_options *options,
               kf_diags *diags)
{
    size_t size;
    char *data =
        kf_read_file(path, KF_MAX_FILE_SIZE, too_large_hint, &size, diags);
    if (!data)
        return NULL;
    kf_report *r = kf_report_load_buffer(path, data, size, options, diags);
    free(data);
    return r;
}
