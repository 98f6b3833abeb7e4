/*
 * typo.c: French typography in every text of a French edition.
 *
 * The rules are those of the Lexique des règles typographiques en usage à
 * l'Imprimerie nationale: a "fine" (U+202F) before ; ! ? », after «; a
 * no-break space (U+00A0) before :, and no line break inside a number or
 * between a number and its unit.  What the author typed is kept
 * otherwise, so a text reads as written: a space is added only where the
 * rule cannot be misread (before ; ! ? », after «), never before a colon,
 * which "10:30" and "https:" use without one.
 */
#include "typo.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define NBSP "\xc2\xa0"  /* U+00A0 */
#define NNBSP "\xe2\x80\xaf" /* U+202F */

/* A growing output string; `failed` after an allocation failed. */
typedef struct {
    char *s;
    size_t len, cap;
    bool failed;
} out_buf;

static void
put(out_buf *o, const char *s, size_t n)
{
    if (o->failed)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 64;
        while (o->len + n + 1 > cap)
            cap *= 2;
        char *s2 = realloc(o->s, cap);
        if (!s2) {
            o->failed = true;
            return;
        }
        o->s = s2;
        o->cap = cap;
    }
    memcpy(o->s + o->len, s, n);
    o->len += n;
    o->s[o->len] = '\0';
}

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
starts(const char *p, const char *with)
{
    return strncmp(p, with, strlen(with)) == 0;
}

static bool
is_white(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* The marks a fine space goes before: ; ! ? and » (U+00BB). */
static size_t
high_mark_len(const char *p)
{
    if (*p == ';' || *p == '!' || *p == '?')
        return 1;
    return starts(p, "\xc2\xbb") ? 2 : 0;
}

/* Whether the text just before `end` (inside [text, end)) is a space of
 * any width, a mark that takes a fine space itself ("?!" stays whole), or
 * an opening bracket or quote: then no space is added. */
static bool
no_space_after(const char *text, const char *end)
{
    if (end == text)
        return true;
    char c = end[-1];
    if (is_white(c) || c == '(' || c == '[' || c == '{' || c == ';' ||
        c == '!' || c == '?' || c == '"' || c == '\'')
        return true;
    static const char *const wide[] = {
        NBSP, NNBSP, "\xc2\xbb", "\xc2\xab", "\xe2\x80\x89", /* thin */
        "\xe2\x80\x9c", "\xe2\x80\x98",                      /* “ ‘ */
    };
    for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++) {
        size_t n = strlen(wide[i]);
        if ((size_t)(end - text) >= n && memcmp(end - n, wide[i], n) == 0)
            return true;
    }
    return false;
}

/* Marks the bytes of every word that is a URL or an address (it holds
 * "://" or '@', or starts with "www."): typography stays out of them. */
static bool *
protected_words(const char *text, size_t len)
{
    bool *prot = calloc(len + 1, sizeof(bool));
    if (!prot)
        return NULL;
    size_t i = 0;
    while (i < len) {
        while (i < len && is_white(text[i]))
            i++;
        size_t start = i;
        bool url = starts(text + i, "www.");
        while (i < len && !is_white(text[i])) {
            if (text[i] == '@' || starts(text + i, "://"))
                url = true;
            i++;
        }
        for (size_t k = start; url && k < i; k++)
            prot[k] = true;
    }
    return prot;
}

/* The number ending just before `end`, if the word there is one: digits
 * with , . or no-break spaces between them, maybe signed, and starting a
 * word.  Sets *lead to the digits after its last separator (the size of
 * a leading group of three).  False when the word is not a number. */
static bool
number_before(const char *text, const char *end, size_t *lead)
{
    const char *p = end;
    *lead = 0;
    if (p == text || !is_digit(p[-1]))
        return false;
    bool in_lead = true;
    while (p > text) {
        if (is_digit(p[-1])) {
            if (in_lead)
                (*lead)++;
            p--;
        } else {
            /* A separator between two digits: "2" NBSP NNBSP "0" is no
             * number, and taking it for one made a second pass tie what
             * the first had not. */
            size_t sep = p[-1] == ',' || p[-1] == '.' ? 1
                         : (size_t)(p - text) >= 3 && starts(p - 3, NNBSP)
                             ? 3
                         : (size_t)(p - text) >= 2 && starts(p - 2, NBSP)
                             ? 2
                             : 0;
            if (!sep || (size_t)(p - text) == sep || !is_digit(p[-1 - (long)sep]))
                break;
            in_lead = false;
            p -= sep;
        }
    }
    if (!is_digit(*p))
        return false;
    /* A sign starts the word, or it must start here. */
    if (p > text && (p[-1] == '+' || p[-1] == '-'))
        p--;
    else if ((size_t)(p - text) >= 3 && starts(p - 3, "\xe2\x88\x92"))
        p -= 3;
    return p == text || is_white(p[-1]) || p[-1] == '(' || p[-1] == '[';
}

/* What may follow a number across a no-break space: a word or a symbol
 * (a letter, €, °, any non-ASCII character), not a digit, a dash or other
 * ASCII punctuation, so "2021 - 2024" and "(2024)" keep their breaks. */
static bool
unit_like(const char *p)
{
    unsigned char c = (unsigned char)*p;
    if (c >= 0x80)
        return !starts(p, "\xe2\x80\x93") && !starts(p, "\xe2\x80\x94");
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '$' ||
           c == '%';
}

/* The space to put for the run of ordinary spaces [run, after), or NULL to
 * keep the run as typed. */
static const char *
space_for(const char *text, const char *run, const char *after)
{
    if (run == text || *after == '\0')
        return NULL;
    if (high_mark_len(after))
        return NNBSP;
    if (*after == ':')
        return NBSP;
    if ((size_t)(run - text) >= 2 && starts(run - 2, "\xc2\xab"))
        return NNBSP;
    size_t lead;
    if (!number_before(text, run, &lead))
        return NULL;
    /* "12 500": a group of three digits, not "2024 150". */
    if (lead <= 3 && is_digit(after[0]) && is_digit(after[1]) &&
        is_digit(after[2]) && !is_digit(after[3]))
        return NNBSP;
    if (*after == '%' || starts(after, "\xe2\x80\xb0"))
        return NNBSP;
    return unit_like(after) ? NBSP : NULL;
}

char *
kf_typo_french(const char *text)
{
    size_t len = strlen(text);
    bool *prot = protected_words(text, len);
    out_buf o = {0};
    if (!prot)
        return NULL;
    put(&o, "", 0);
    size_t i = 0;
    while (i < len && !o.failed) {
        const char *p = text + i;
        if (prot[i]) {
            put(&o, p, 1);
            i++;
            continue;
        }
        if (*p == ' ') {
            size_t j = i;
            while (j < len && text[j] == ' ')
                j++;
            const char *sp = space_for(text, p, text + j);
            if (sp)
                put(&o, sp, strlen(sp));
            else
                put(&o, p, j - i);
            i = j;
            continue;
        }
        size_t mark = high_mark_len(p);
        if (mark && !no_space_after(text, p) && !prot[i - 1])
            put(&o, NNBSP, 3);
        if (starts(p, "\xc2\xab")) {
            put(&o, p, 2);
            i += 2;
            const char *q = text + i;
            if (*q && !is_white(*q) && !starts(q, NBSP) && !starts(q, NNBSP))
                put(&o, NNBSP, 3);
            continue;
        }
        put(&o, p, mark ? mark : 1);
        i += mark ? mark : 1;
    }
    free(prot);
    if (o.failed) {
        free(o.s);
        return NULL;
    }
    return o.s;
}

/* ------------------------------------------------------------------ */
/* Ordinals                                                           */
/* ------------------------------------------------------------------ */

/* The code point at p (UTF-8 the loader has checked), its length in *n. */
static unsigned
code_point(const char *p, size_t *n)
{
    const unsigned char *s = (const unsigned char *)p;
    if (s[0] < 0x80 || !s[1]) {
        *n = 1;
        return s[0];
    }
    if (s[0] < 0xE0 || !s[2]) {
        *n = 2;
        return ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
    }
    if (s[0] < 0xF0 || !s[3]) {
        *n = 3;
        return ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    }
    *n = 4;
    return ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) |
           ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
}

/* The start of the code point before byte i (> 0). */
static size_t
previous_start(const char *text, size_t i)
{
    do
        i--;
    while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80);
    return i;
}

/* Whether a code point goes on a word: a letter or digit of any script.
 * Spaces, punctuation and symbols (Latin-1's « » ° and no-break space,
 * U+2000 to U+2BFF: dashes, quotes, U+202F, the minus, arrows) end it. */
static bool
is_wordy(unsigned u)
{
    if (u < 0x80)
        return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') ||
               (u >= 'A' && u <= 'Z');
    if (u < 0xC0 || u == 0xD7 || u == 0xF7)
        return false;
    return !(u >= 0x2000 && u <= 0x2BFF) && !(u >= 0x3000 && u <= 0x303F);
}

/* Whether a number may start at byte i: at the start, or after a space
 * or a mark, but not after a decimal mark or a group space that follows
 * a digit ("1,5e", "1 000e" go on a number). */
static bool
starts_word(const char *text, size_t i)
{
    if (i == 0)
        return true;
    size_t n, j = previous_start(text, i);
    unsigned u = code_point(text + j, &n);
    if (is_wordy(u))
        return false;
    bool joins = u == ',' || u == '.' || u == 0xA0 || u == 0x202F ||
                 u == 0x2009;
    return !(joins && j > 0 && is_digit(text[j - 1]));
}

static bool
ends_word(const char *p)
{
    size_t n;
    return *p == '\0' || !is_wordy(code_point(p, &n));
}

/* The suffixes a French ordinal may take, longest first within each
 * group so "2nde" is not read as "2nd" followed by a letter. */
static const char *const french_first[] = {
    "\xc3\xa8res", "\xc3\xa8re", "ers", "res", "er", "re"}; /* 1er, 1ère */
static const char *const french_second[] = {"ndes", "nde", "nds", "nd",
                                            "des",  "de",  "ds",  "d"};
static const char *const french_other[] = {"\xc3\xa8mes", "\xc3\xa8me",
                                           "es", "e"}; /* 2e, 2ème */

/* The length of the suffix of `list` at p that ends a word, or 0. */
static size_t
suffix_in(const char *p, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(list[i]);
        if (strncmp(p, list[i], len) == 0 && ends_word(p + len))
            return len;
    }
    return 0;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The length of a French ordinal suffix at p after the number
 * [num, num + len) (digits, or a Roman numeral), or 0. */
static size_t
french_suffix(const char *num, size_t len, const char *p)
{
    bool first = len == 1 && (num[0] == '1' || num[0] == 'I');
    bool second = (len == 1 && num[0] == '2') ||
                  (len == 2 && num[0] == 'I' && num[1] == 'I');
    if (first)
        return suffix_in(p, french_first, COUNT(french_first));
    size_t n = second ? suffix_in(p, french_second, COUNT(french_second)) : 0;
    return n ? n : suffix_in(p, french_other, COUNT(french_other));
}

/* The length of the English suffix at p of the number of digits
 * [num, num + len): the one its last digits call for, or 0. */
static size_t
english_suffix(const char *num, size_t len, const char *p)
{
    int last = num[len - 1] - '0';
    bool teen = len >= 2 && num[len - 2] == '1';
    const char *want = teen || last < 1 || last > 3 ? "th"
                       : last == 1                  ? "st"
                       : last == 2                  ? "nd"
                                                    : "rd";
    return strncmp(p, want, 2) == 0 && ends_word(p + 2) ? 2 : 0;
}

static bool
is_roman(char c)
{
    return c == 'I' || c == 'V' || c == 'X';
}

size_t
kf_typo_ordinals(const char *text, bool french, kf_typo_range *out,
                 size_t max)
{
    size_t len = strlen(text), found = 0;
    bool *prot = protected_words(text, len);
    if (!prot)
        return 0;
    for (size_t i = 0; i < len;) {
        bool digits = is_digit(text[i]);
        if ((!digits && !(french && is_roman(text[i]))) || prot[i] ||
            !starts_word(text, i)) {
            i++;
            continue;
        }
        size_t k = i;
        while (k < len && (digits ? is_digit(text[k]) : is_roman(text[k])))
            k++;
        size_t n = french ? french_suffix(text + i, k - i, text + k)
                   : digits ? english_suffix(text + i, k - i, text + k)
                            : 0;
        if (n) {
            if (found < max)
                out[found] = (kf_typo_range){k, k + n};
            found++;
        }
        i = k + n;
    }
    free(prot);
    return found;
}
