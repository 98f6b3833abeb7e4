/*
 * test_palette.c: the colour difference, the colour-vision simulation and
 * the promise palette.h makes about categorical colours.
 */
#include "check.h"
#include "palette.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* Pairs from Sharma, Wu and Dalal (2005), table 1, with their CIEDE2000
 * differences: the cases that catch a wrong hue mean or rotation term. */
static void
test_ciede2000(void)
{
    static const struct {
        double p[3], q[3], de;
    } cases[] = {
        {{50, 2.6772, -79.7751}, {50, 0, -82.7485}, 2.0425},
        {{50, 3.1571, -77.2803}, {50, 0, -82.7485}, 2.8615},
        {{50, -1.3802, -84.2814}, {50, 0, -82.7485}, 1.0000},
        {{50, 0, 0}, {50, -1, 2}, 2.3669},
        {{50, 2.49, -0.001}, {50, -2.49, 0.0009}, 7.1792},
        {{50, 2.5, 0}, {73, 25, -18}, 27.1492},
        {{50, 2.5, 0}, {50, 3.1736, 0.5854}, 1.0000},
        {{60.2574, -34.0099, 36.2677}, {60.4626, -34.1751, 39.4387}, 1.2644},
        {{22.7233, 20.0904, -46.694}, {23.0331, 14.973, -42.5619}, 2.0373},
        {{90.9257, -0.5406, -0.9208}, {88.6381, -0.8985, -0.7239}, 1.5381},
        {{2.0776, 0.0795, -1.135}, {0.9033, -0.0636, -0.5514}, 0.9082},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        double de = kf_ciede2000_lab(cases[i].p, cases[i].q);
        double back = kf_ciede2000_lab(cases[i].q, cases[i].p);
        check(fabs(de - cases[i].de) < 0.0001 && fabs(back - de) < 1e-9,
              "CIEDE2000 pair %zu: %.4f (and %.4f reversed), want %.4f", i + 1,
              de, back, cases[i].de);
    }
    kf_color navy = {0x12, 0x35, 0x5B};
    check(kf_ciede2000(navy, navy) == 0, "a colour is 0 from itself");
}

/* Machado's matrices move red and green onto one axis: a protanope or a
 * deuteranope sees pure red and a green of its lightness nearly alike,
 * blue and grey stay as they were. */
static void
test_simulation(void)
{
    kf_color red = {255, 0, 0};
    kf_color p = kf_vision_simulate(red, KF_VISION_PROTAN);
    kf_color d = kf_vision_simulate(red, KF_VISION_DEUTAN);
    /* 255 * sRGB-encode(0.152286), (0.114503), clamp(-0.003882) */
    check(p.r == 109 && p.g == 95 && p.b == 0, "red, protan: %d %d %d", p.r,
          p.g, p.b);
    /* 0.367322, 0.280085, clamp(-0.011820) */
    check(d.r == 163 && d.g == 144 && d.b == 0, "red, deutan: %d %d %d", d.r,
          d.g, d.b);
    kf_color grey = {128, 128, 128};
    for (int v = KF_VISION_PROTAN; v <= KF_VISION_DEUTAN; v++) {
        kf_color g = kf_vision_simulate(grey, (kf_vision)v);
        check(abs(g.r - 128) <= 1 && abs(g.g - 128) <= 1 && abs(g.b - 128) <= 1,
              "grey stays grey under vision %d: %d %d %d", v, g.r, g.g, g.b);
    }
    /* Red and green far apart for normal vision, near for a deutan. */
    kf_color green = {0, 150, 0};
    double normal = kf_ciede2000(red, green);
    double deutan = kf_ciede2000(kf_vision_simulate(red, KF_VISION_DEUTAN),
                                 kf_vision_simulate(green, KF_VISION_DEUTAN));
    check(normal > 50 && deutan < normal / 3,
          "red-green: %.1f normal, %.1f deutan", normal, deutan);
}

/* The least distance between two of the palette's first 12 colours of
 * `r` under `vision`, leaving out the theme's own pair (0, 1), and with
 * the "other" grey of a donut counted as a 13th. */
static double
least(const kf_report *r, kf_vision vision, size_t *pi, size_t *pj)
{
    kf_color c[KF_PALETTE_SIZE + 1];
    for (size_t i = 0; i < KF_PALETTE_SIZE; i++)
        c[i] = kf_vision_simulate(kf_palette_color(r, i), vision);
    c[KF_PALETTE_SIZE] =
        kf_vision_simulate(kf_palette_other(r), vision);
    double min = INFINITY;
    for (size_t i = 0; i <= KF_PALETTE_SIZE; i++)
        for (size_t j = i + 1; j <= KF_PALETTE_SIZE; j++) {
            if (i == 0 && j == 1)
                continue;
            double de = kf_ciede2000(c[i], c[j]);
            if (de < min) {
                min = de;
                *pi = i;
                *pj = j;
            }
        }
    return min;
}

static void
check_theme(kf_color primary, kf_color accent, bool verbose)
{
    kf_report r;
    memset(&r, 0, sizeof(r));
    r.primary = primary;
    r.accent = accent;
    check(!memcmp(&r.primary, &(kf_color){primary.r, primary.g, primary.b}, 3),
          "setup");
    kf_color c0 = kf_palette_color(&r, 0), c1 = kf_palette_color(&r, 1);
    check(!memcmp(&c0, &primary, sizeof(c0)) && !memcmp(&c1, &accent, sizeof(c1)),
          "the palette starts with the theme's two colours");
    static const char *names[] = {"normal", "protan", "deutan"};
    static const double floors[] = {KF_PALETTE_MIN_DE, KF_PALETTE_MIN_DE_CVD,
                                    KF_PALETTE_MIN_DE_CVD};
    for (int v = 0; v < 3; v++) {
        size_t i = 0, j = 0;
        double de = least(&r, (kf_vision)v, &i, &j);
        if (verbose)
            printf("theme #%02X%02X%02X/#%02X%02X%02X, %s: least CIEDE2000 "
                   "%.1f (colours %zu and %zu)\n",
                   primary.r, primary.g, primary.b, accent.r, accent.g,
                   accent.b, names[v], de, i, j);
        check(de >= floors[v],
              "theme #%02X%02X%02X/#%02X%02X%02X, %s vision: colours %zu and "
              "%zu are %.1f apart, under %.1f",
              primary.r, primary.g, primary.b, accent.r, accent.g, accent.b,
              names[v], i, j, de, floors[v]);
    }
}

static void
test_palette(void)
{
    /* The default theme, then a sweep: dark and mid primaries of every
     * hue against accents of every hue, and greys. */
    check_theme((kf_color){0x12, 0x35, 0x5B}, (kf_color){0xD1, 0x49, 0x5B},
                true);
    static const kf_color some[] = {
        {0x12, 0x35, 0x5B}, {0xD1, 0x49, 0x5B}, {0x00, 0x5A, 0x32},
        {0x6A, 0x1B, 0x9A}, {0xE6, 0x9F, 0x00}, {0x00, 0x00, 0x00},
        {0x80, 0x80, 0x80}, {0x1F, 0x77, 0xB4}, {0xFF, 0x7F, 0x0E},
        {0x8C, 0x56, 0x4B}, {0xE3, 0x77, 0xC2}, {0x17, 0xBE, 0xCF},
        {0x00, 0x91, 0x8F}, {0xC0, 0x39, 0x2B}, {0xF1, 0xC4, 0x0F},
    };
    size_t n = sizeof(some) / sizeof(some[0]);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (i != j)
                check_theme(some[i], some[j], getenv("KF_VERBOSE") != NULL);

    /* Beyond 12, colours come round lighter: never the same twice. */
    kf_report r;
    memset(&r, 0, sizeof(r));
    r.primary = (kf_color){0x12, 0x35, 0x5B};
    r.accent = (kf_color){0xD1, 0x49, 0x5B};
    for (size_t i = 0; i < 36; i++)
        for (size_t j = i + 1; j < 36; j++) {
            kf_color a = kf_palette_color(&r, i), b = kf_palette_color(&r, j);
            check(memcmp(&a, &b, sizeof(a)) != 0, "colours %zu and %zu differ",
                  i, j);
        }
}

/* A brand's own chart colours (theme.palette) come after its primary and
 * accent, as given; the colours keyfig adds after them keep the floors
 * against every colour before them, the brand's included (the brand's
 * own colours among themselves are its choice). */
static void
test_brand_palette(void)
{
    kf_report r;
    memset(&r, 0, sizeof(r));
    r.primary = (kf_color){0x0B, 0x6E, 0x4F};
    r.accent = (kf_color){0xF2, 0xA5, 0x41};
    static const kf_color brand[] = {
        {0x5B, 0x2A, 0x86}, {0x3B, 0x6F, 0xD8}, {0xC2, 0x41, 0x8F}};
    memcpy(r.palette, brand, sizeof(brand));
    r.npalette = 3;
    for (size_t i = 0; i < 3; i++) {
        kf_color c = kf_palette_color(&r, 2 + i);
        check(!memcmp(&c, &brand[i], sizeof(c)),
              "brand colour %zu is chart colour %zu", i, 2 + i);
    }
    static const double floors[] = {KF_PALETTE_MIN_DE, KF_PALETTE_MIN_DE_CVD,
                                    KF_PALETTE_MIN_DE_CVD};
    for (int v = 0; v < 3; v++)
        for (size_t i = 5; i < KF_PALETTE_SIZE; i++)
            for (size_t j = 0; j < i; j++) {
                kf_color a = kf_vision_simulate(kf_palette_color(&r, i),
                                                (kf_vision)v);
                kf_color b = kf_vision_simulate(kf_palette_color(&r, j),
                                                (kf_vision)v);
                double de = kf_ciede2000(a, b);
                check(de >= floors[v],
                      "brand palette, vision %d: added colour %zu is %.1f "
                      "from colour %zu, under %.1f",
                      v, i, de, j, floors[v]);
            }
    /* Another theme in the same thread is not given the brand's. */
    r.npalette = 0;
    kf_color c = kf_palette_color(&r, 2);
    check(memcmp(&c, &brand[0], sizeof(c)) != 0,
          "without theme.palette, keyfig chooses colour 2");
}

/* A dark sheet (theme.background): every colour keyfig adds to a chart
 * stands out from it (3:1), its texts read (4.5:1, the labels 7:1), the
 * figures of a primary as dark as the sheet take the text's colour, and
 * a white sheet without the new keys keeps keyfig's own colours. */
static void
test_dark_sheet(void)
{
    kf_report r;
    memset(&r, 0, sizeof(r));
    r.primary = (kf_color){0x0B, 0x13, 0x20};
    r.accent = (kf_color){0xF2, 0xA5, 0x41};
    r.background = r.primary;
    r.has_background = true;
    kf_page_colors pc;
    kf_page_colors_of(&r, &pc);
    check(pc.dark, "#0B1320 is a dark sheet");
    check(kf_palette_contrast(pc.ink, pc.paper) >= 4.5 &&
              kf_palette_contrast(pc.muted, pc.paper) >= 7.0 &&
              kf_palette_contrast(pc.muted, pc.tile) >= 4.5,
          "a dark sheet's text and labels read on it and on its tiles");
    check(!memcmp(&pc.figure, &pc.ink, sizeof(pc.ink)),
          "a primary as dark as the sheet leaves the figures to the text");
    check(kf_palette_contrast(pc.up, pc.tile) >= 4.5 &&
              kf_palette_contrast(pc.down, pc.tile) >= 4.5,
          "a change's colours read on a dark tile");
    for (size_t i = 2; i < KF_PALETTE_SIZE; i++) {
        double c = kf_palette_contrast(kf_palette_color(&r, i), pc.paper);
        check(c >= 3.0, "dark sheet: chart colour %zu has %.1f:1 on it", i,
              c);
    }
    r.has_figures = true;
    r.figures = r.accent;
    kf_page_colors_of(&r, &pc);
    check(!memcmp(&pc.figure, &r.accent, sizeof(r.accent)),
          "theme.figures sets the figures' colour");

    memset(&r, 0, sizeof(r));
    r.primary = (kf_color){0x12, 0x35, 0x5B};
    r.accent = (kf_color){0xD1, 0x49, 0x5B};
    r.background = KF_WHITE;
    kf_page_colors_of(&r, &pc);
    check(!pc.dark && !memcmp(&pc.ink, &KF_INK, sizeof(pc.ink)) &&
              !memcmp(&pc.muted, &KF_MUTED, sizeof(pc.ink)) &&
              !memcmp(&pc.rule, &KF_RULE, sizeof(pc.ink)) &&
              !memcmp(&pc.figure, &r.primary, sizeof(pc.ink)) &&
              !memcmp(&pc.up, &KF_UP, sizeof(pc.ink)) &&
              !memcmp(&pc.down, &KF_DOWN, sizeof(pc.ink)),
          "a white sheet keeps keyfig's own colours");
}

/* A line chart's colours on a white sheet: every colour keyfig adds has
 * 3:1 on it (Okabe-Ito's yellow, 1.3:1, was the default theme's fourth
 * line); the first KF_LINE_APART of them keep the floors apart, for the
 * default theme and the sweep; the theme's own colours are as given;
 * the fill palette of bars and slices is not changed; on a dark sheet
 * the lines have the palette's colours, already chosen to stand out. */
#define KF_LINE_APART 9
static void
test_line_colors(void)
{
    static const kf_color some[] = {
        {0x12, 0x35, 0x5B}, {0xD1, 0x49, 0x5B}, {0x00, 0x5A, 0x32},
        {0x6A, 0x1B, 0x9A}, {0xE6, 0x9F, 0x00}, {0x00, 0x00, 0x00},
        {0x80, 0x80, 0x80}, {0x1F, 0x77, 0xB4}, {0xFF, 0x7F, 0x0E},
        {0x8C, 0x56, 0x4B}, {0xE3, 0x77, 0xC2}, {0x17, 0xBE, 0xCF},
        {0x00, 0x91, 0x8F}, {0xC0, 0x39, 0x2B}, {0xF1, 0xC4, 0x0F},
    };
    static const double floors[] = {KF_PALETTE_MIN_DE, KF_PALETTE_MIN_DE_CVD,
                                    KF_PALETTE_MIN_DE_CVD};
    size_t n = sizeof(some) / sizeof(some[0]);
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b < n; b++) {
            if (a == b)
                continue;
            kf_report r;
            memset(&r, 0, sizeof(r));
            r.primary = some[a];
            r.accent = some[b];
            kf_color c[KF_PALETTE_SIZE];
            for (size_t i = 0; i < KF_PALETTE_SIZE; i++) {
                c[i] = kf_palette_line_color(&r, i);
                double ratio = kf_palette_contrast(c[i], KF_WHITE);
                check(i < 2 || ratio >= 3.0,
                      "theme %zu/%zu: line colour %zu #%06X has %.2f:1 on "
                      "white",
                      a, b, i, (unsigned)kf_palette_rgb(c[i]), ratio);
            }
            check(!memcmp(&c[0], &some[a], sizeof(c[0])) &&
                      !memcmp(&c[1], &some[b], sizeof(c[1])),
                  "the lines start with the theme's two colours");
            for (int v = 0; v < 3; v++)
                for (size_t i = 0; i < KF_LINE_APART; i++)
                    for (size_t j = i + 1; j < KF_LINE_APART; j++) {
                        if (i == 0 && j == 1)
                            continue;
                        double de = kf_ciede2000(
                            kf_vision_simulate(c[i], (kf_vision)v),
                            kf_vision_simulate(c[j], (kf_vision)v));
                        check(de >= floors[v],
                              "theme %zu/%zu, vision %d: line colours %zu "
                              "and %zu are %.1f apart, under %.1f",
                              a, b, v, i, j, de, floors[v]);
                    }
        }
    kf_report r;
    memset(&r, 0, sizeof(r));
    r.primary = (kf_color){0x12, 0x35, 0x5B};
    r.accent = (kf_color){0xD1, 0x49, 0x5B};
    kf_color yellow = {0xF0, 0xE4, 0x42}, orange = {0xE6, 0x9F, 0x00};
    kf_color bar = kf_palette_color(&r, 3);
    check(!memcmp(&bar, &orange, sizeof(bar)),
          "the default theme's bars keep their fourth colour, #E69F00");
    for (size_t i = 0; i < KF_PALETTE_SIZE; i++) {
        kf_color c = kf_palette_line_color(&r, i);
        check(memcmp(&c, &yellow, sizeof(c)) && memcmp(&c, &orange, sizeof(c)),
              "default theme: no pale line colour %zu", i);
    }
    /* The brand's own colours are the brand's, pale or not (load.c warns
     * of them on a sheet of theme.background). */
    r.palette[0] = yellow;
    r.npalette = 1;
    kf_color c2 = kf_palette_line_color(&r, 2);
    check(!memcmp(&c2, &yellow, sizeof(c2)),
          "theme.palette's yellow is drawn as given");
    r.npalette = 0;
    r.background = (kf_color){0x0B, 0x13, 0x20};
    r.has_background = true;
    for (size_t i = 0; i < KF_PALETTE_SIZE; i++) {
        kf_color l = kf_palette_line_color(&r, i), f = kf_palette_color(&r, i);
        check(!memcmp(&l, &f, sizeof(l)),
              "dark sheet: line colour %zu is the palette's", i);
    }
}

int
main(void)
{
    test_ciede2000();
    test_simulation();
    test_palette();
    test_brand_palette();
    test_dark_sheet();
    test_line_colors();
    return check_summary();
}
