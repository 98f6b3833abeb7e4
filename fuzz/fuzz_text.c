/*
 * fuzz_text.c: libFuzzer target for text: line breaking, hyphenation,
 * the cutting of long words, French typography, and a text block laid
 * out and drawn.
 *
 * The input is two bytes of settings, then the text (any bytes, its
 * first TEXT_MAX used: what is not UTF-8 becomes '?', control characters
 * but the line feed become spaces, as the loader would refuse them):
 *
 *   byte 0  bits 0-1  language: 0 and 3 fr-FR, 1 en-GB, 2 en-US
 *           bits 2-3  paper: A4, A4-landscape, Letter, screen
 *           bits 4-6  the size and weight of the lines wrapped alone
 *   byte 1  the width those lines are wrapped to: 4 + 2 * byte points;
 *           its bits 0-2 + 1 also the blocks of the row the text block
 *           is in (1: alone), bits 3-4 + 1 its share of the row
 *
 * (`printf '\x00\x30Le texte' > tests/fuzz/text/NAME` writes a seed.)
 *
 * Three things are run and checked:
 *
 *  1. kf_typo_french (always: a text of any language may be a French
 *     edition's): nothing but spaces added, removed or changed (the text
 *     without its spaces is the same), and setting it again changes
 *     nothing; kf_typo_ordinals, French and English: suffixes of whole
 *     words, in order, after a number.
 *  2. kf_text_wrap (titles, labels: hyphenation by the language's rules,
 *     long words cut) and kf_text_wrap_rich (a text block's paragraphs,
 *     with bold and italic spans) at that width and size: no line wider
 *     than the width unless it is one glyph cluster (with the hyphen a
 *     cut shows), and no text lost, duplicated or reordered: the lines
 *     read in order give the text back but for spaces, soft hyphens and
 *     the hyphen a line cut in a word ends with, which is always
 *     KF_TEXT_BREAK_HYPHEN (a soft hyphen, then '-': drawn, the PDF's
 *     text gets the soft hyphen, never a '-' the text does not have).
 *  3. A report whose one page holds the text as a text block (JSON, in
 *     the language chosen, so that a French edition sets it by French
 *     rules), loaded, laid out and drawn on recording surfaces: the
 *     checks of fuzz_layout, every line inside its block's box but a
 *     single cluster, and the block's lines, over all the pages it takes,
 *     giving back the text the loader kept (its '*' markers aside).
 */
#include "fontset.h"
#include "fuzz_check.h"
#include "text.h"
#include "typo.h"

#include <glib.h>
#include <pango/pango.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The most of the input's text used.  Every step is linear in the text,
 * but 16 KiB of prose at 48 pt took 0.4 s, 3.5 s under ASan on a busy
 * machine, and CI's slower one timed out at 11 s (6 KiB of it wrapped
 * alone at 514 pt: 500 M instructions): a longer text finds
 * nothing more and only runs into libFuzzer's timeout.  Long words that
 * grow as the square of their length are bench/limits.py's to find
 * (bar-labels-32k, title-long). */
#define TEXT_MAX 4096

/* How much of the text check_wrap wraps, in bytes for each em (the text
 * size) of the width: some 64 lines of half an em a letter.  Pango
 * shapes the rest of a paragraph again for each line it breaks, and a
 * line drawn wider than pango measured it wraps the paragraph again: 1500
 * bytes in 138 lines of 92 pt took 400 M instructions, a timeout under
 * ASan. */
#define WRAP_BYTES_PER_EM 128

/* How far a line may pass its width: the rounding of pango units. */
#define WIDTH_SLACK 0.01

static const kf_locale locales[4] = {KF_LOCALE_FR_FR, KF_LOCALE_EN_GB,
                                     KF_LOCALE_EN_US, KF_LOCALE_FR_FR};
static const char *const papers[4] = {"A4", "A4-landscape", "Letter",
                                      "screen"};
static const struct {
    double size;
    kf_weight weight;
} styles[8] = {
    {9, KF_WEIGHT_REGULAR},  {7, KF_WEIGHT_REGULAR},
    {10.5, KF_WEIGHT_BOLD},  {12, KF_WEIGHT_SEMIBOLD},
    {24, KF_WEIGHT_BOLD},    {9, KF_WEIGHT_REGULAR | KF_FIGURES_TABULAR},
    {16, KF_WEIGHT_MEDIUM},  {48, KF_WEIGHT_REGULAR},
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_fonts_init();
    return 0;
}

/* The text of the input as the loader could accept it (see the top):
 * a malloc'ed string. */
static char *
sanitized(const uint8_t *data, size_t size)
{
    char *out = malloc(size + 1);
    FUZZ_CHECK(out, "no memory");
    size_t o = 0;
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *next; /* the first bad byte, or the end */
        g_utf8_validate(p, end - p, &next);
        for (; p < next; p++)
            out[o++] = *p;
        if (p == end)
            break;
        out[o++] = '?';
        p++;
    }
    out[o] = '\0';
    /* Controls are ASCII (or C1, two bytes from C2 80): replaced in
     * place, the text stays valid. */
    for (size_t i = 0; i < o; i++) {
        unsigned char c = (unsigned char)out[i];
        if ((c < 0x20 && c != '\n') || c == 0x7F)
            out[i] = ' ';
        else if (c == 0xC2 && i + 1 < o &&
                 (unsigned char)out[i + 1] >= 0x80 &&
                 (unsigned char)out[i + 1] <= 0x9F)
            out[i] = out[i + 1] = ' ';
    }
    return out;
}

/* Whether `c` is one of what the checks below read past: the spaces of
 * any kind (typo.c changes them, line breaks take them), the soft hyphen
 * (a break point, shown only where a line breaks), and with `stars` the
 * '*' of the emphasis markers. */
static bool
skipped(gunichar c, bool stars)
{
    return g_unichar_isspace(c) || c == 0x00AD || (stars && c == '*');
}

/* The code points of `s` but the skipped ones, in a malloc'ed array of
 * *n. */
static gunichar *
kept(const char *s, bool stars, size_t *n)
{
    gunichar *out = malloc((strlen(s) + 1) * sizeof(*out));
    FUZZ_CHECK(out, "no memory");
    *n = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (!skipped(c, stars))
            out[(*n)++] = c;
    }
    return out;
}

/* The ranges kf_typo_ordinals gives are suffixes of whole words: in
 * order, apart, inside the text, on character boundaries, letters only
 * (or 'è'), each after a digit or a Roman numeral; as many as it says,
 * however few are asked for. */
static void
check_ordinals(const char *text, bool french)
{
    enum { MAX = 64 };
    kf_typo_range r[MAX];
    size_t n = kf_typo_ordinals(text, french, r, MAX);
    size_t again = kf_typo_ordinals(text, french, NULL, 0);
    FUZZ_CHECK(n == again, "%zu ordinals, then %zu", n, again);
    size_t len = strlen(text), end = 0;
    for (size_t i = 0; i < n && i < MAX; i++) {
        FUZZ_CHECK(r[i].start > 0 && r[i].start >= end &&
                       r[i].start < r[i].end && r[i].end <= len,
                   "ordinal %zu at [%zu, %zu) after %zu, in %zu bytes", i,
                   r[i].start, r[i].end, end, len);
        FUZZ_CHECK((text[r[i].start] & 0xC0) != 0x80 &&
                       (r[i].end == len || (text[r[i].end] & 0xC0) != 0x80),
                   "ordinal %zu cuts a character", i);
        for (const char *p = text + r[i].start; p < text + r[i].end;
             p = g_utf8_next_char(p))
            FUZZ_CHECK(g_unichar_isalpha(g_utf8_get_char(p)),
                       "ordinal %zu's suffix holds a non-letter", i);
        gunichar before = g_utf8_get_char(
            g_utf8_find_prev_char(text, text + r[i].start));
        FUZZ_CHECK(g_unichar_isdigit(before) || before == 'I' ||
                       before == 'V' || before == 'X',
                   "ordinal %zu follows U+%04X", i, before);
        end = r[i].end;
    }
}

static void
check_typo(const char *text)
{
    char *set = kf_typo_french(text);
    FUZZ_CHECK(set, "kf_typo_french gave nothing");
    FUZZ_CHECK_TEXT(set, "a text set by kf_typo_french");
    size_t na, nb;
    gunichar *a = kept(text, false, &na), *b = kept(set, false, &nb);
    FUZZ_CHECK(na == nb && memcmp(a, b, na * sizeof(*a)) == 0,
               "kf_typo_french changed more than spaces: '%s' -> '%s'", text,
               set);
    char *again = kf_typo_french(set);
    FUZZ_CHECK(again && strcmp(again, set) == 0,
               "kf_typo_french again: '%s' -> '%s'", set,
               again ? again : "");
    free(again);
    free(a);
    free(b);
    check_ordinals(text, true);
    check_ordinals(text, false);
    check_ordinals(set, true);
    free(set);
}

/* The length in bytes of the first grapheme cluster of `s` (len bytes):
 * a glyph and its marks, which no break may part. */
static size_t
first_cluster(const char *s, size_t len)
{
    int chars = (int)g_utf8_strlen(s, (gssize)len);
    if (chars <= 1)
        return len;
    PangoLogAttr *attrs = malloc(((size_t)chars + 1) * sizeof(*attrs));
    FUZZ_CHECK(attrs, "no memory");
    pango_get_log_attrs(s, (int)len, -1, pango_language_from_string("fr"),
                        attrs, chars + 1);
    int i = 1;
    while (i < chars && !attrs[i].is_cursor_position)
        i++;
    free(attrs);
    return (size_t)(g_utf8_offset_to_pointer(s, i) - s);
}

/* Whether a line of plain text `line` may be wider than `width`: when it
 * is one cluster (with the hyphen of a cut, and spaces around), or when
 * its first cluster and a hyphen are already wider (no break could make
 * a line starting with it fit: a letter of a 48 pt title in a column of
 * 24 pt). */
static bool
may_overflow(const char *line, double size, kf_weight weight, double width)
{
    size_t len = strlen(line);
    while (len > 0 && g_unichar_isspace(g_utf8_get_char(
                          g_utf8_find_prev_char(line, line + len))))
        len = (size_t)(g_utf8_find_prev_char(line, line + len) - line);
    if (kf_text_ends_in_break_hyphen(line, len))
        len -= KF_TEXT_BREAK_HYPHEN_LEN;
    else if (len > 0 && line[len - 1] == '-')
        len--;
    size_t start = 0;
    while (start < len && g_unichar_isspace(g_utf8_get_char(line + start)))
        start = (size_t)(g_utf8_next_char(line + start) - line);
    size_t first = first_cluster(line + start, len - start);
    if (first == len - start)
        return true;
    char *one = malloc(first + 2);
    FUZZ_CHECK(one, "no memory");
    memcpy(one, line + start, first);
    memcpy(one + first, "-", 2);
    double w = kf_text_measure("Inter", one, size, weight).width;
    free(one);
    return w > width;
}

/* The plain text of a line of markup (kf_text_wrap_rich, an item with
 * `markup`), malloc'ed. */
static char *
plain_of(const char *markup)
{
    char *text = NULL;
    FUZZ_CHECK(pango_parse_markup(markup, -1, 0, NULL, &text, NULL, NULL),
               "a line is not valid markup: '%s'", markup);
    char *copy = strdup(text);
    g_free(text);
    FUZZ_CHECK(copy, "no memory");
    return copy;
}

#define MAX_READINGS 16

/* Checks that `lines` (plain text, n of them), read in order, give back
 * `text` but for the skipped code points and, at the end of a line, a
 * hyphen of its own (a cut in a word shows one), which only a line
 * ending in KF_TEXT_BREAK_HYPHEN may have.  Where the text itself has a
 * hyphen at a line's end both readings are followed. */
static void
check_nothing_lost(const char *text, char *const *lines, size_t n,
                   bool stars, const char *what)
{
    size_t nwant;
    gunichar *want = kept(text, stars, &nwant);
    /* The positions in `want` that the lines so far may have reached. */
    size_t at[MAX_READINGS] = {0}, nat = 1;
    for (size_t i = 0; i < n; i++) {
        size_t nline;
        gunichar *line = kept(lines[i], stars, &nline);
        bool marked = kf_text_ends_in_break_hyphen(lines[i],
                                                   strlen(lines[i]));
        size_t next[MAX_READINGS], nnext = 0;
        for (size_t r = 0; r < nat; r++) {
            for (int shown = 0; shown < 2; shown++) {
                /* shown 1: the line's last '-' is the cut's, not text */
                if (shown && !(marked && nline > 0 && line[nline - 1] == '-'))
                    continue;
                size_t len = nline - (size_t)shown;
                if (at[r] + len > nwant ||
                    memcmp(want + at[r], line, len * sizeof(*line)) != 0)
                    continue;
                bool seen = false;
                for (size_t k = 0; k < nnext; k++)
                    seen |= next[k] == at[r] + len;
                if (!seen && nnext < MAX_READINGS)
                    next[nnext++] = at[r] + len;
            }
        }
        FUZZ_CHECK(nnext > 0, "%s: line %zu of %zu, '%s', is not the text's "
                   "next part (text '%s')", what, i + 1, n, lines[i], text);
        memcpy(at, next, nnext * sizeof(*at));
        nat = nnext;
        free(line);
    }
    bool whole = false;
    for (size_t r = 0; r < nat; r++)
        whole |= at[r] == nwant;
    FUZZ_CHECK(whole, "%s: the %zu lines lose the end of '%s'", what, n,
               text);
    free(want);
}

/* Spans over `text` for kf_text_wrap_rich: every other word bold, and
 * every third italic, cut at spaces as a text block's markers are. */
static kf_text_span *
word_spans(const char *text, size_t *n)
{
    size_t len = strlen(text);
    kf_text_span *spans = malloc((len / 2 + 1) * sizeof(*spans));
    FUZZ_CHECK(spans, "no memory");
    *n = 0;
    size_t word = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && text[i] == ' ')
            i++;
        size_t start = i;
        while (i < len && text[i] != ' ')
            i++;
        if (i > start && (word % 2 == 0 || word % 3 == 0))
            spans[(*n)++] = (kf_text_span){start, i, word % 2 == 0,
                                           word % 3 == 0};
        word++;
    }
    return spans;
}

static void
check_wrap(kf_locale locale, const char *text, double size,
           kf_weight weight, double width)
{
    /* The key of the edition's texts: its language sets the ordinals. */
    char *family = kf_font_key(0, "Inter",
                               locale == KF_LOCALE_FR_FR ? "fr" : "en");
    FUZZ_CHECK(family, "no memory");
    /* One line of text: a title, a label. */
    char *one = strdup(text);
    FUZZ_CHECK(one, "no memory");
    for (char *p = one; *p; p++)
        if (*p == '\n')
            *p = ' ';
    /* At most WRAP_BYTES_PER_EM bytes an em of the width: the lines, and
     * so the cost, stay a few hundred (in a column of 4 pt every letter is
     * a line, and 10 KiB took 0.5 s, 10 s under ASan on a busy machine;
     * 2500 bytes at 48 pt in 206 pt, 300 lines, 0.3 s, 3 s under ASan). */
    size_t len = strlen(one),
           most = (size_t)(WRAP_BYTES_PER_EM * width / size);
    if (len > most) {
        char *end = one + most;
        while (end > one && (*end & 0xC0) == 0x80)
            end--;
        *end = '\0';
    }
    char **lines;
    double widest;
    size_t n = kf_text_wrap(locale, family, one, size, weight, width, &lines,
                            &widest);
    FUZZ_CHECK(n == 0 || lines, "%zu lines and no array", n);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(lines[i], "line %zu of %zu missing", i + 1, n);
        FUZZ_CHECK_TEXT(lines[i], "a wrapped line");
        double w = kf_text_measure(family, lines[i], size, weight).width;
        FUZZ_CHECK(w <= width + WIDTH_SLACK ||
                       may_overflow(lines[i], size, weight, width),
                   "kf_text_wrap (%s, %g pt): line %zu of %zu, '%s', is "
                   "%.2f pt wide for %.2f pt", kf_locale_tag(locale), size,
                   i + 1, n, lines[i], w, width);
        FUZZ_CHECK(w <= widest + WIDTH_SLACK,
                   "line %zu is %.2f pt wide, the widest said %.2f pt",
                   i + 1, w, widest);
    }
    check_nothing_lost(one, lines, n, false, "kf_text_wrap");
    kf_text_lines_free(lines, n);

    /* The same as a paragraph of a text block, with styles. */
    size_t nspans;
    kf_text_span *spans = word_spans(one, &nspans);
    n = kf_text_wrap_rich(locale, family, one, spans, nspans, size, weight, width,
                          &lines);
    FUZZ_CHECK(n == 0 || lines, "%zu rich lines and no array", n);
    char **plain = calloc(n + 1, sizeof(*plain));
    FUZZ_CHECK(plain, "no memory");
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(lines[i], "rich line %zu of %zu missing", i + 1, n);
        plain[i] = plain_of(lines[i]);
        double w = kf_text_measure_markup(family, lines[i], size, weight)
                       .width;
        FUZZ_CHECK(w <= width + WIDTH_SLACK ||
                       may_overflow(plain[i], size, weight, width),
                   "kf_text_wrap_rich (%g pt): line %zu of %zu, '%s', is "
                   "%.2f pt wide for %.2f pt", size, i + 1, n, lines[i], w,
                   width);
    }
    check_nothing_lost(one, plain, n, false, "kf_text_wrap_rich");
    kf_text_lines_free(plain, n);
    kf_text_lines_free(lines, n);
    free(spans);
    free(one);
    free(family);
}

/* `text` as a JSON string's contents, malloc'ed. */
static char *
json_escaped(const char *text)
{
    GString *s = g_string_new(NULL);
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\')
            g_string_append_printf(s, "\\%c", c);
        else if (c == '\n')
            g_string_append(s, "\\n");
        else if (c < 0x20)
            g_string_append_printf(s, "\\u%04x", c);
        else
            g_string_append_c(s, (char)c);
    }
    return g_string_free(s, FALSE);
}

/* A report of one page holding `text` as a text block, alone or first of
 * a row of `blocks` with `share` of its width. */
static char *
report_of(const char *text, kf_locale locale, const char *paper,
          int blocks, int share)
{
    char *esc = json_escaped(text);
    GString *s = g_string_new(NULL);
    g_string_append_printf(s,
                           "{\"format\": 1, \"report\": {\"title\": \"T\", "
                           "\"locale\": \"%s\", \"paper\": \"%s\"},\n"
                           " \"pages\": [{\"blocks\": [",
                           kf_locale_tag(locale), paper);
    if (blocks == 1) {
        g_string_append_printf(s, "{\"text\": \"%s\"}", esc);
    } else {
        g_string_append_printf(s, "{\"row\": [{\"text\": \"%s\", "
                               "\"width\": %d}", esc, share);
        for (int i = 1; i < blocks; i++)
            g_string_append(s, ", {\"text\": \"x\"}");
        g_string_append(s, "]}");
    }
    g_string_append(s, "]}]}\n");
    free(esc);
    return g_string_free(s, FALSE);
}

/* The box of block `block` of report page 0 on layout page `p`, or
 * NULL. */
static const kf_block_box *
box_of(const kf_layout_page *p, int block)
{
    for (size_t k = 0; k < p->nblocks; k++)
        if (p->blocks[k].page == 0 && p->blocks[k].block == block)
            return &p->blocks[k];
    return NULL;
}

static void
check_text_block(const kf_report *r, const kf_layout *l)
{
    /* The text block is block 0 of page 0 (a row's first block). */
    FUZZ_CHECK(r->npages == 1 && r->pages[0].nblocks >= 1 &&
                   r->pages[0].blocks[0].kind == KF_BLOCK_TEXT,
               "the report is not the one page of a text block");
    const char *text = r->pages[0].blocks[0].text;
    char **lines = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < l->npages; i++) {
        const kf_layout_page *p = &l->pages[i];
        for (size_t k = 0; k < p->count; k++) {
            const kf_item *it = &p->items[k];
            if (it->kind != KF_ITEM_TEXT || it->block != 0 ||
                p->report_page != 0)
                continue;
            const kf_block_box *box = box_of(p, 0);
            FUZZ_CHECK(box, "page %zu: a line of the text and no box", i);
            if (n == cap) {
                cap = cap ? 2 * cap : 64;
                lines = realloc(lines, cap * sizeof(*lines));
                FUZZ_CHECK(lines, "no memory");
            }
            lines[n] = it->markup ? plain_of(it->text) : strdup(it->text);
            FUZZ_CHECK(lines[n], "no memory");
            FUZZ_CHECK((it->x >= box->x - WIDTH_SLACK &&
                        it->x + it->w <= box->x + box->w + WIDTH_SLACK) ||
                           may_overflow(lines[n], it->size, it->weight,
                                        box->w),
                       "page %zu: the line '%s' (x %.2f to %.2f) is out of "
                       "its block (x %.2f to %.2f)",
                       i, it->text, it->x, it->x + it->w, box->x,
                       box->x + box->w);
            n++;
        }
    }
    check_nothing_lost(text, lines, n, true, "the text block");
    kf_text_lines_free(lines, n);
}

static void
check_report(const char *text, kf_locale locale, const char *paper,
             int blocks, int share)
{
    char *json = report_of(text, locale, paper, blocks, share);
    kf_diags *diags = kf_diags_new();
    FUZZ_CHECK(diags, "no memory");
    kf_report *r = fuzz_load("text.json", (const uint8_t *)json,
                             strlen(json), diags);
    if (r) {
        kf_layout *l;
        kf_status st = kf_layout_new(r, diags, &l);
        FUZZ_CHECK((st == KF_OK) == (l != NULL), "layout status %d", st);
        fuzz_check_diags(diags);
        if (l) {
            fuzz_check_layout(r, l);
            check_text_block(r, l);
            fuzz_draw_pages(l, true);
        }
        kf_layout_free(l);
    }
    kf_report_free(r);
    kf_diags_free(diags);
    free(json);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    kf_locale locale = locales[data[0] & 3];
    const char *paper = papers[(data[0] >> 2) & 3];
    double text_size = styles[(data[0] >> 4) & 7].size;
    kf_weight weight = styles[(data[0] >> 4) & 7].weight;
    double width = 4 + 2.0 * data[1];
    int blocks = 1 + (data[1] & 7), share = 1 + ((data[1] >> 3) & 3);
    char *text = sanitized(data + 2, size - 2 > TEXT_MAX ? TEXT_MAX
                                                          : size - 2);

    check_typo(text);
    check_wrap(locale, text, text_size, weight, width);
    check_report(text, locale, paper, blocks, share);
    free(text);
    return 0;
}
