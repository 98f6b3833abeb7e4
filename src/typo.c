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
        } else if (p[-1] == ',' || p[-1] == '.') {
            in_lead = false;
            p--;
        } else if ((size_t)(p - text) >= 3 && starts(p - 3, NNBSP)) {
            in_lead = false;
            p -= 3;
        } else if ((size_t)(p - text) >= 2 && starts(p - 2, NBSP)) {
            in_lead = false;
            p -= 2;
        } else {
            break;
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
