/*
 * test_typo.c: French typography of texts (typo.c), table-driven.  NN is
 * U+202F, NB U+00A0, spelled here rather than taken from a header.
 */
#include "check.h"
#include "typo.h"

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

int
main(void)
{
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
