/*
 * test_typo.c: French typography of texts (typo.c), table-driven.  NN is
 * U+202F, NB U+00A0, spelled here rather than taken from a header.
 */
#include "check.h"
#include "typo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NN "\xe2\x80\xaf"
#define NB "\xc2\xa0"

static const struct {
    const char *typed, *want;
} cases[] = {
    /* The cases. */
    {"santé : deux", "santé" NB ": deux"},
    {"Campus ?", "Campus" NN "?"},
    {"125,9 Pflop/s", "125,9" NB "Pflop/s"},
    /* Before ; ! ? », a fine space: typed spaces replaced, one added. */
    {"Campus?", "Campus" NN "?"},
    {"Vraiment !", "Vraiment" NN "!"},
    {"un ; deux", "un" NN "; deux"},
    {"un; deux", "un" NN "; deux"},
    {"Quoi ?!", "Quoi" NN "?!"},
    {"Quoi  ?", "Quoi" NN "?"},
    {"(?)", "(?)"},
    {"?", "?"},
    {" ?", " ?"},
    /* After « and before », the same. */
    {"« Paris-Saclay »", "«" NN "Paris-Saclay" NN "»"},
    {"«Paris-Saclay»", "«" NN "Paris-Saclay" NN "»"},
    {"«" NN "déjà" NN "»", "«" NN "déjà" NN "»"},
    /* Before :, a no-break space for a typed one; none added. */
    {"Note :", "Note" NB ":"},
    {"Note:", "Note:"},
    {"10:30", "10:30"},
    {"a" NN ":", "a" NN ":"},
    /* Numbers and what follows them. */
    {"21 %", "21" NN "%"},
    {"21%", "21%"},
    {"46 laboratoires", "46" NB "laboratoires"},
    {"plus de 1 600 chercheurs", "plus de 1" NN "600" NB "chercheurs"},
    {"12 500 000 €", "12" NN "500" NN "000" NB "€"},
    {"en 2024 150 projets", "en 2024 150" NB "projets"},
    {"de 2021 - 2024", "de 2021 - 2024"},
    {"(2024) le", "(2024) le"},
    {"−3,5 %", "−3,5" NN "%"},
    {"Q3 2022", "Q3 2022"},
    {"COVID 19 cas", "COVID 19" NB "cas"},
    {"1er janvier", "1er janvier"},
    /* URLs and addresses are left alone, with the spaces around them. */
    {"voir https://example.org/?a=1;b=2 !", "voir https://example.org/?a=1;b=2" NN "!"},
    {"https://example.org/?a!", "https://example.org/?a!"},
    {"www.example.org?x", "www.example.org?x"},
    {"écrire à qui@example.org ; merci", "écrire à qui@example.org" NN "; merci"},
    {"https://x.org/2024 le", "https://x.org/2024 le"},
    {"site : https://x.org", "site" NB ": https://x.org"},
    /* Paragraphs keep their line breaks. */
    {"un\n? deux", "un\n? deux"},
    {"**gras** ?", "**gras**" NN "?"},
    {"", ""},
};

static void
visible(const char *s, char *buf, size_t size)
{
    size_t n = 0;
    for (; *s && n + 8 < size; s++) {
        if (!strncmp(s, NN, 3)) {
            memcpy(buf + n, "<NN>", 4);
            n += 4;
            s += 2;
        } else if (!strncmp(s, NB, 2)) {
            memcpy(buf + n, "<NB>", 4);
            n += 4;
            s += 1;
        } else {
            buf[n++] = *s;
        }
    }
    buf[n] = '\0';
}

/* Ordinals: the text, the language, and the suffixes found, in order,
 * joined with '|' ("" for none). */
static const struct {
    const char *text;
    bool french;
    const char *want;
} ordinals[] = {
    {"46e place", true, "e"},
    {"le 1er et la 1re", true, "er|re"},
    {"les 1ers, les 1res, la 1\xc3\xa8re", true, "ers|res|\xc3\xa8re"},
    {"2nd, 2nde, 2d, 2de, 2e, 2es", true, "nd|nde|d|de|e|es"},
    {"la 3\xc3\xa8me", true, "\xc3\xa8me"},
    {"le XXIe si\xc3\xa8" "cle, Fran\xc3\xa7ois Ier, la Ve", true,
     "e|er|e"},
    {"(46e)", true, "e"},
    {"46e,", true, "e"},
    {NB "46e" NN "!", true, "e"},
    /* Not ordinals: no such suffix, not a whole word, a decimal. */
    {"1e 3d 3nd 1d 12er", true, ""},
    {"1e5 0x1e #1e5e5e A4e 3ex 46eme", true, ""},
    {"1,5e 1.5e 1" NN "000e", true, ""},
    {"Le Ce De Me Vie Xavier IVeux", true, ""},
    {"https://example.org/2e-edition et www.x.fr/1er", true, ""},
    {"46th 1st", true, ""},
    /* English: the suffix the number calls for. */
    {"1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 103rd 111th", false,
     "st|nd|rd|th|th|th|th|st|nd|rd|th"},
    {"1th 2st 3nd 11st 12nd 4rd", false, ""},
    {"46e 1er XXIe 2nde", false, ""},
    {"1stly 4ths", false, ""},
};

static void
test_ordinals(void)
{
    for (size_t i = 0; i < sizeof(ordinals) / sizeof(ordinals[0]); i++) {
        kf_typo_range r[16];
        size_t n = kf_typo_ordinals(ordinals[i].text, ordinals[i].french, r,
                                    16);
        char got[256] = "";
        for (size_t k = 0; k < n && k < 16; k++) {
            size_t len = strlen(got);
            snprintf(got + len, sizeof(got) - len, "%s%.*s", k ? "|" : "",
                     (int)(r[k].end - r[k].start),
                     ordinals[i].text + r[k].start);
        }
        check(strcmp(got, ordinals[i].want) == 0,
              "ordinals of \"%s\" (%s): got \"%s\", want \"%s\"",
              ordinals[i].text, ordinals[i].french ? "fr" : "en", got,
              ordinals[i].want);
    }
    check(kf_typo_ordinals("1er 2e 3e", true, NULL, 0) == 3,
          "ordinals counted without room for them");
}

int
main(void)
{
    test_ordinals();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *got = kf_typo_french(cases[i].typed);
        if (got && !strcmp(got, cases[i].want)) {
            passed++;
        } else {
            char g[512], w[512];
            visible(got ? got : "(null)", g, sizeof(g));
            visible(cases[i].want, w, sizeof(w));
            fail("\"%s\": got \"%s\", want \"%s\"", cases[i].typed, g, w);
        }
        free(got);
    }
    return check_summary();
}
