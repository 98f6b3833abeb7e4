/*
 * test_hyphen.c: hyphenation points from Debian's patterns, as a reader of
 * each language expects them.
 */
#include "check.h"
#include "hyphen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* The text with its soft hyphens shown as '-'. */
static void
shown(const char *s, char *buf, size_t size)
{
    size_t n = 0;
    for (; *s && n + 1 < size; s++) {
        if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xAD) {
            buf[n++] = '-';
            s++;
        } else {
            buf[n++] = *s;
        }
    }
    buf[n] = '\0';
}

/* Whether kf_hyphenate, asking `ask` about each word (NULL: its
 * default), gives `want` (soft hyphens shown as '-'). */
static void
expect_asking(kf_locale locale, const char *text, kf_hyphen_want ask,
              const char *want)
{
    char *got = kf_hyphenate(locale, text, ask, NULL);
    char buf[512];
    shown(got ? got : text, buf, sizeof(buf));
    if (strcmp(buf, want) == 0) {
        passed++;
    } else {
        failed++;
        printf("FAIL: %s%s: got \"%s\", want \"%s\"\n",
               ask ? "every word of " : "", text, buf, want);
    }
    free(got);
}

static void
expect(kf_locale locale, const char *text, const char *want)
{
    expect_asking(locale, text, NULL, want);
}

static bool
only_long(const char *word, size_t len, bool part, void *ctx)
{
    (void)word;
    (void)part;
    return len > *(size_t *)ctx;
}

/* Every word and every part of a compound word asked for. */
static bool
every_word(const char *word, size_t len, bool part, void *ctx)
{
    (void)word;
    (void)len;
    (void)part;
    (void)ctx;
    return true;
}

static void
expect_every(kf_locale locale, const char *text, const char *want)
{
    expect_asking(locale, text, every_word, want);
}

int
main(void)
{
    expect(KF_LOCALE_FR_FR, "supercalculateur", "su-per-cal-cu-la-teur");
    expect(KF_LOCALE_FR_FR, "d'investissements", "d'in-ves-tis-se-ments");
    expect(KF_LOCALE_FR_FR, "laboratoires spécialisés",
           "la-bo-ra-toires spé-cia-li-sés");
    /* Names joined by a hyphen are never touched, nor short words. */
    expect(KF_LOCALE_FR_FR, "Paris-Saclay et Île-de-France",
           "Paris-Saclay et Île-de-France");
    expect(KF_LOCALE_FR_FR, "de la recherche", "de la re-cherche");
    expect(KF_LOCALE_FR_FR, "Damae", "Damae");
    expect(KF_LOCALE_EN_GB, "supercomputer", "su-per-com-puter");
    expect(KF_LOCALE_EN_US, "hyphenation", "hy-phen-ation");
    /* French rules: 2 letters at least before a hyphen, 3 after
     * ("exem-ple", never "exempl-e"). */
    expect(KF_LOCALE_FR_FR, "établissements", "éta-blis-se-ments");
    expect(KF_LOCALE_FR_FR, "aujourd'hui", "au-jourd'hui");
    /* French patterns never part a last syllable of a mute e. */
    expect(KF_LOCALE_FR_FR, "exemple", "exemple");
    /* English words are broken where each English breaks them. */
    expect(KF_LOCALE_EN_GB, "laboratories", "labor-at-or-ies");
    expect(KF_LOCALE_EN_US, "laboratories", "lab-o-ra-to-ries");
    expect(KF_LOCALE_EN_GB, "technological", "tech-no-lo-gical");
    expect(KF_LOCALE_EN_US, "technological", "tech-no-log-i-cal");
    /* Never in a number, a code, a URL, an address, an acronym or a
     * name with a capital inside, whatever the caller wants. */
    expect_every(KF_LOCALE_FR_FR, "COVID-2019 A4paysage 2eexemple",
                 "COVID-2019 A4paysage 2eexemple");
    expect_every(KF_LOCALE_FR_FR,
                 "https://www.epaps.fr/innovation www.innovation.fr "
                 "innovation@epaps.fr",
                 "https://www.epaps.fr/innovation www.innovation.fr "
                 "innovation@epaps.fr");
    expect_every(KF_LOCALE_FR_FR, "DATAIA CentraleSupélec deepLive",
                 "DATAIA CentraleSupélec deepLive");
    /* Parts of a compound word when the caller asks for them. */
    expect_every(KF_LOCALE_FR_FR, "Saint-Quentin-en-Yvelines",
                 "Saint-Quen-tin-en-Yve-lines");
    /* A word of its writer's own soft hyphens is left as written. */
    expect_every(KF_LOCALE_FR_FR, "inno\xc2\xadvation", "inno-vation");
    /* Only the words the caller wants. */
    size_t limit = 12;
    char *got = kf_hyphenate(KF_LOCALE_FR_FR,
                             "technologies supercalculateur", only_long,
                             &limit);
    char buf[256];
    shown(got ? got : "", buf, sizeof(buf));
    if (strcmp(buf, "technologies su-per-cal-cu-la-teur") == 0)
        passed++;
    else {
        failed++;
        printf("FAIL: want callback: got \"%s\"\n", buf);
    }
    free(got);
    return check_summary();
}
