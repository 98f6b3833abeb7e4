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

static void
expect(kf_locale locale, const char *text, const char *want)
{
    char *got = kf_hyphenate(locale, text, NULL, NULL);
    char buf[512];
    shown(got ? got : text, buf, sizeof(buf));
    if (strcmp(buf, want) == 0) {
        passed++;
    } else {
        failed++;
        printf("FAIL: %s: got \"%s\", want \"%s\"\n", text, buf, want);
    }
    free(got);
}

static bool
only_long(const char *word, size_t len, void *ctx)
{
    (void)word;
    return len > *(size_t *)ctx;
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
