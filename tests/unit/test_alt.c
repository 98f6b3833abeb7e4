/*
 * test_alt.c: the text alternative of each chart kind (alt.c), as a screen
 * reader will say it: one report per case, loaded from memory in an
 * edition, and the exact text of its first chart, with the edition's
 * punctuation and number formats (U+00A0 before a French colon and in
 * "6 min", U+202F before "%" and ";" and between thousands).
 */
#include "alt.h"
#include "check.h"
#include "keyfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"

typedef struct {
    const char *what;
    const char *language; /* the edition loaded */
    const char *yaml;     /* "format: 1" and a report are added */
    const char *want;
} alt_case;

#define SERIES_18                                                          \
    "series:\n"                                                            \
    "  - id: s\n"                                                          \
    "    title: { fr: Temps de trajet, en: Travel time }\n"                \
    "    unit: min\n"                                                      \
    "    points:\n"                                                        \
    "      - { label: { fr: Gare de Massy, en: Massy station }, value: 6 }\n" \
    "      - { label: Orly, value: 13.5 }\n"

static const alt_case cases[] = {
    {"an hbar chart in French", "fr",
     SERIES_18 "pages: [{ title: P, blocks: [{ chart: { type: hbar, series: s } }] }]\n",
     "Temps de trajet" NBSP ": Gare de Massy 6" NBSP "min, Orly 13,5" NBSP "min"},
    {"the same in English", "en",
     SERIES_18 "pages: [{ title: P, blocks: [{ chart: { type: bar, series: s } }] }]\n",
     "Travel time: Massy station 6" NBSP "min, Orly 13.5" NBSP "min"},
    {"alt: per language", "en",
     SERIES_18 "pages: [{ title: P, blocks: [{ chart: { type: hbar, series: s,"
               " alt: { fr: Texte, en: Text } } }] }]\n",
     "Text"},
    {"a donut: shares, then the total", "fr",
     "series: [{ id: d, title: Parts, points: [{ label: A, value: 2000 },"
     " { label: B, value: 6000 }] }]\n"
     "pages: [{ title: P, blocks: [{ chart: { type: donut, series: d } }] }]\n",
     "Parts" NBSP ": A 2" NNBSP "000 (25" NNBSP "%), B 6" NNBSP "000 (75" NNBSP
     "%)" NNBSP "; total 8" NNBSP "000"},
    {"a donut of percentages has no total", "en",
     "series: [{ id: d, title: Shares, unit: \"%\", points: [{ label: A, value: 40 },"
     " { label: B, value: 60 }] }]\n"
     "pages: [{ title: P, blocks: [{ chart: { type: donut, series: d } }] }]\n",
     "Shares: A 40%, B 60%"},
    {"a long line: its trend", "en",
     "series: [{ id: l, title: Rise, points: [{label: a, value: 5}, {label: b, value: 1},"
     " {label: c, value: 2}, {label: d, value: 3}, {label: e, value: 4}, {label: f, value: 5},"
     " {label: g, value: 6}, {label: h, value: 9}, {label: i, value: 7}, {label: j, value: 7},"
     " {label: k, value: 7}, {label: l, value: 7}, {label: m, value: 8}] }]\n"
     "pages: [{ title: P, blocks: [{ chart: { type: line, series: l } }] }]\n",
     "Rise: from 5 (a) to 8 (m), lowest 1 (b), highest 9 (h)"},
    {"two lines: one after the other", "fr",
     "series:\n"
     "  - { id: a, title: Hommes, points: [{label: '2023', value: 1}, {label: '2024', value: 2}] }\n"
     "  - { id: b, title: Femmes, points: [{label: '2023', value: 3}, {label: '2024', value: 4}] }\n"
     "pages: [{ title: P, blocks: [{ chart: { type: line, series: [a, b], title: Effectifs } }] }]\n",
     "Effectifs" NBSP ": Hommes" NBSP ": 2023 1, 2024 2" NNBSP "; Femmes" NBSP
     ": 2023 3, 2024 4"},
    {"a stacked chart: bar by bar", "en",
     "series:\n"
     "  - { id: a, title: Men, points: [{label: '2023', value: 1}, {label: '2024', value: 2}] }\n"
     "  - { id: b, title: Women, points: [{label: '2023', value: 3}, {label: '2024', value: 4}] }\n"
     "pages: [{ title: P, blocks: [{ chart: { type: stacked, series: [a, b], title: Staff } }] }]\n",
     "Staff: 2023 (Men 1, Women 3); 2024 (Men 2, Women 4)"},
    {"a waffle of one metric reads like its tile", "fr",
     "metrics: [{ id: m, label: des stars de l'IA, value: 41, unit: \"%\" }]\n"
     "pages: [{ title: P, blocks: [{ chart: { type: waffle, metric: m } }] }]\n",
     "41" NNBSP "% des stars de l'IA"},
    {"a titled progress chart of one metric", "en",
     "metrics: [{ id: m, label: of the target, value: 70, unit: \"%\" }]\n"
     "pages: [{ title: P, blocks: [{ chart: { type: progress, metric: m, title: Progress } }] }]\n",
     "Progress: 70% of the target"},
};

int
main(void)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const alt_case *c = &cases[i];
        char yaml[4096];
        snprintf(yaml, sizeof(yaml),
                 "format: 1\nreport: { title: T, languages: [fr, en],"
                 " fallback_language: fr }\n%s",
                 c->yaml);
        kf_diags *d = kf_diags_new();
        kf_load_options o = {.language = c->language};
        kf_report *r = kf_report_load_buffer("case.yaml", yaml, strlen(yaml),
                                             &o, d);
        if (!r) {
            fail("%s: does not load: %s", c->what,
                 d->count ? d->items[0].message : "?");
            kf_diags_free(d);
            continue;
        }
        char *got = kf_alt_chart(r, &r->pages[0].blocks[0]);
        check(got && !strcmp(got, c->want), "%s:\n  got  %s\n  want %s",
              c->what, got ? got : "(null)", c->want);
        free(got);
        kf_report_free(r);
        kf_diags_free(d);
    }
    return check_summary();
}
