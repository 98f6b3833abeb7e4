/*
 * hyphen.c: Liang's hyphenation (Frank Liang, "Word Hy-phen-a-tion by
 * Com-put-er", 1983), the algorithm of TeX and of libhyphen.
 *
 * A pattern such as "ab1ré" says: between "b" and "r" in a word containing
 * "abré", value 1.  Every pattern matching somewhere in ".word." votes at
 * its positions; the highest value wins, and an odd one allows a hyphen.
 */
#include "hyphen.h"

#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef KF_HYPHEN_DIR
#define KF_HYPHEN_DIR "/usr/share/hyphen"
#endif

typedef struct {
    GHashTable *patterns; /* letters (UTF-8) -> guint8 values[n + 1] */
    int left_min, right_min;
    size_t longest; /* in characters */
} patterns;

static patterns *loaded[3];
static pthread_once_t load_once[3] = {PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT,
                                      PTHREAD_ONCE_INIT};

static const char *
dic_name(kf_locale locale)
{
    switch (locale) {
    case KF_LOCALE_FR_FR: return "hyph_fr.dic";
    case KF_LOCALE_EN_GB: return "hyph_en_GB.dic";
    case KF_LOCALE_EN_US: return "hyph_en_US.dic";
    }
    return NULL;
}

/* One line of a pattern file into the table: digits become values
 * between letters, the rest the key.  Built on the stack, two
 * allocations a pattern: the English files hold some 10 000 of them,
 * read at the first word of a report that is hyphenated. */
static void
add_pattern(patterns *p, const char *line)
{
    char letters[600];
    guint8 values[520];
    size_t bytes = 0, n = 0;
    guint8 pending = 0;
    for (const char *c = line; *c; c = g_utf8_next_char(c)) {
        gunichar u = g_utf8_get_char(c);
        if (u >= '0' && u <= '9') {
            pending = (guint8)(u - '0');
            continue;
        }
        if (bytes + 6 >= sizeof(letters) || n + 2 >= sizeof(values))
            return; /* no pattern is that long */
        values[n++] = pending;
        pending = 0;
        bytes += (size_t)g_unichar_to_utf8(g_unichar_tolower(u),
                                           letters + bytes);
    }
    values[n] = pending;
    letters[bytes] = '\0';
    if (n > p->longest)
        p->longest = n;
    g_hash_table_replace(p->patterns, g_strndup(letters, bytes),
                         g_memdup2(values, (guint)(n + 1)));
}

static void
load(kf_locale locale)
{
    char path[512];
    const char *dir = getenv("KEYFIG_HYPHEN_DIR");
    snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : KF_HYPHEN_DIR,
             dic_name(locale));
    FILE *f = fopen(path, "r");
    if (!f)
        return; /* no patterns: lines break between words only */
    patterns *p = calloc(1, sizeof(*p));
    if (!p) {
        fclose(f);
        return;
    }
    p->patterns = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        g_free);
    p->left_min = 2;
    p->right_min = 3;
    char line[512];
    bool first = true;
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (first) { /* the character set, always UTF-8 here */
            first = false;
            continue;
        }
        int n;
        if (!line[0] || line[0] == '%' || !g_utf8_validate(line, -1, NULL))
            continue;
        if (g_ascii_isupper(line[0])) {
            /* Keywords: the two minima, and NEXTLEVEL, COMPOUND... */
            if (sscanf(line, "LEFTHYPHENMIN %d", &n) == 1)
                p->left_min = n > 2 ? n : 2;
            else if (sscanf(line, "RIGHTHYPHENMIN %d", &n) == 1)
                p->right_min = n > 3 ? n : 3;
            continue;
        }
        /* The apostrophe patterns of the first level: apostrophes are
         * handled by splitting words. */
        if (strchr(line, '\''))
            continue;
        add_pattern(p, line);
    }
    fclose(f);
    loaded[locale] = p;
}

static void load_fr(void) { load(KF_LOCALE_FR_FR); }
static void load_gb(void) { load(KF_LOCALE_EN_GB); }
static void load_us(void) { load(KF_LOCALE_EN_US); }

static const patterns *
patterns_for(kf_locale locale)
{
    static void (*const loaders[3])(void) = {load_fr, load_gb, load_us};
    if ((unsigned)locale > 2)
        return NULL;
    pthread_once(&load_once[locale], loaders[locale]);
    return loaded[locale];
}

/* Marks in `ok` (one flag per character of the word, true: a hyphen may
 * go before that character) where the word of `n` characters may break. */
static void
hyphen_points(const patterns *p, const gunichar *word, size_t n, bool *ok)
{
    /* ".word." lowercased, and a vote per gap. */
    size_t len = n + 2;
    gunichar *w = g_new(gunichar, len);
    guint8 *votes = g_new0(guint8, len + 1);
    w[0] = w[len - 1] = '.';
    for (size_t i = 0; i < n; i++)
        w[i + 1] = g_unichar_tolower(word[i]);
    GString *key = g_string_new(NULL);
    for (size_t i = 0; i < len; i++) {
        g_string_truncate(key, 0);
        for (size_t j = i; j < len && j - i < p->longest; j++) {
            g_string_append_unichar(key, w[j]);
            const guint8 *v = g_hash_table_lookup(p->patterns, key->str);
            for (size_t k = 0; v && k <= j - i + 1; k++)
                if (v[k] > votes[i + k])
                    votes[i + k] = v[k];
        }
    }
    /* votes[i + 1] is the gap before word[i]. */
    for (size_t i = 0; i < n; i++)
        ok[i] = i >= (size_t)p->left_min && n - i >= (size_t)p->right_min &&
                votes[i + 1] % 2 == 1;
    g_string_free(key, TRUE);
    g_free(votes);
    g_free(w);
}

/* Whether the word (a run of text between spaces) at [start, end) is
 * never hyphenated: it holds a digit ("A4", "COVID-19", "2e": a number
 * or a code, where a hyphen would read as a minus or a range), a soft
 * hyphen of its own (its writer chose its breaks), or it is a URL or an
 * address, where a hyphen would change what it says. */
static bool
never_hyphenated(const char *start, const char *end)
{
    if (end - start >= 4 && g_ascii_strncasecmp(start, "www.", 4) == 0)
        return true;
    for (const char *c = start; c < end; c = g_utf8_next_char(c)) {
        gunichar u = g_utf8_get_char(c);
        if (g_unichar_isdigit(u) || u == '@' || u == 0x00AD ||
            (u == ':' && end - c >= 3 && c[1] == '/' && c[2] == '/'))
            return true;
    }
    return false;
}

/* Whether the run of letters [start, start + n characters) has a capital
 * after its first letter: an acronym ("DATAIA", "CNRS") or a name set
 * as one ("CentraleSupélec", "deepLive"), which a hyphen would garble. */
static bool
has_inner_capital(const char *start, size_t n)
{
    const char *c = g_utf8_next_char(start);
    for (size_t i = 1; i < n; i++, c = g_utf8_next_char(c))
        if (g_unichar_isupper(g_utf8_get_char(c)))
            return true;
    return false;
}

/* Whether `c` is a hyphen joining the parts of a word: the hyphen-minus,
 * U+2010 HYPHEN or U+2011 NON-BREAKING HYPHEN. */
static bool
is_joining_hyphen(gunichar c)
{
    return c == '-' || c == 0x2010 || c == 0x2011;
}

/* Appends the run of `n` letters at `start` to `out` with a soft hyphen
 * at each of its hyphenation points; returns whether it put one. */
static bool
append_hyphenated(GString *out, const patterns *p, const char *start,
                  size_t n)
{
    gunichar *word = g_new(gunichar, n);
    bool *ok = g_new0(bool, n);
    const char *q = start;
    for (size_t i = 0; i < n; i++, q = g_utf8_next_char(q))
        word[i] = g_utf8_get_char(q);
    hyphen_points(p, word, n, ok);
    bool inserted = false;
    q = start;
    for (size_t i = 0; i < n; i++) {
        if (ok[i]) {
            g_string_append(out, "\xc2\xad");
            inserted = true;
        }
        const char *next = g_utf8_next_char(q);
        g_string_append_len(out, q, next - q);
        q = next;
    }
    g_free(word);
    g_free(ok);
    return inserted;
}

char *
kf_hyphenate(kf_locale locale, const char *text, kf_hyphen_want want,
             void *ctx)
{
    if (!text)
        return NULL;
    /* The patterns are read at the first word that wants them: most texts
     * have none too wide for their line, and reading the French ones is
     * a tenth of laying out a report. */
    const patterns *p = NULL;
    bool read = false;
    GString *out = g_string_new(NULL);
    bool inserted = false;
    const char *c = text;
    const char *word_end = text; /* the end of the word c is in */
    bool skip_word = false;
    while (*c) {
        if (c >= word_end) {
            /* A new word: up to the next space. */
            word_end = c;
            while (*word_end && !g_unichar_isspace(g_utf8_get_char(word_end)))
                word_end = g_utf8_next_char(word_end);
            skip_word = never_hyphenated(c, word_end);
        }
        /* A run of letters is a word (or a part of a compound word). */
        const char *start = c;
        size_t n = 0;
        while (*c && g_unichar_isalpha(g_utf8_get_char(c))) {
            c = g_utf8_next_char(c);
            n++;
        }
        bool part = (*c && is_joining_hyphen(g_utf8_get_char(c))) ||
                    (start > text &&
                     is_joining_hyphen(g_utf8_get_char(
                         g_utf8_find_prev_char(text, start))));
        /* Shorter than 5 letters, no point is 2 from its start and 3 from
         * its end; longer than KF_HYPHEN_MAX_WORD, it is no word of the
         * language but a code or a made-up word, cut where it must be. */
        bool hyphenate = n >= 5 && n <= KF_HYPHEN_MAX_WORD && !skip_word &&
                         !has_inner_capital(start, n) &&
                         (want ? want(start, (size_t)(c - start), part, ctx)
                               : !part && n >= KF_HYPHEN_MIN_WORD);
        if (hyphenate && !read) {
            p = patterns_for(locale);
            read = true;
        }
        if (hyphenate && p)
            inserted |= append_hyphenated(out, p, start, n);
        else
            g_string_append_len(out, start, c - start);
        if (*c && !g_unichar_isalpha(g_utf8_get_char(c))) {
            const char *next = g_utf8_next_char(c);
            g_string_append_len(out, c, next - c);
            c = next;
        }
    }
    if (!inserted) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return g_string_free(out, FALSE);
}
