/*
 * palette.c: the colours of every output (palette.h).
 *
 * A chart's categorical colours are the theme's primary and accent, then
 * ten chosen greedily from CANDIDATES: each time the candidate whose
 * nearest colour already chosen (and the grey of a donut's "other" part)
 * is farthest, in CIEDE2000, for normal vision and under simulated protan
 * and deutan vision, each measured against its own floor.  The choice
 * depends only on the theme's two colours, so it is made once per theme
 * and kept (per thread) for the following calls.
 */
#include "palette.h"

#include <math.h>
#include <string.h>

/* The colours the palette may add: fairly saturated hues at three
 * lightness levels (none paler than a donut slice can stand on white,
 * none as dark as text), plus the Okabe-Ito set, made for colour-blind
 * readers.  Their order only breaks ties. */
static const kf_color CANDIDATES[] = {
    /* Okabe & Ito (2008) */
    {0xE6, 0x9F, 0x00}, {0x56, 0xB4, 0xE9}, {0x00, 0x9E, 0x73},
    {0xF0, 0xE4, 0x42}, {0x00, 0x72, 0xB2}, {0xD5, 0x5E, 0x00},
    {0xCC, 0x79, 0xA7},
    /* dark */
    {0x8C, 0x1D, 0x40}, {0x7A, 0x3E, 0x00}, {0x2E, 0x5E, 0x1E},
    {0x00, 0x5F, 0x60}, {0x1F, 0x3A, 0x93}, {0x5B, 0x2A, 0x86},
    {0x4D, 0x4D, 0x4D},
    /* middle */
    {0xE0, 0x3C, 0x31}, {0xC2, 0x7C, 0x0E}, {0x6A, 0x9A, 0x23},
    {0x17, 0x9C, 0x9C}, {0x3B, 0x6F, 0xD8}, {0x8E, 0x5B, 0xD0},
    {0xC2, 0x41, 0x8F}, {0x8A, 0x6E, 0x4B},
    /* light */
    {0xF4, 0x9A, 0x8C}, {0xF2, 0xC1, 0x4E}, {0xA8, 0xD5, 0x6F},
    {0x7F, 0xD1, 0xCB}, {0x9D, 0xB9, 0xF2}, {0xC9, 0xA7, 0xEB},
    {0xF0, 0x9C, 0xC8}, {0xC8, 0xB0, 0x8C},
};
#define NCANDIDATES (sizeof(CANDIDATES) / sizeof(CANDIDATES[0]))

/* The grey a donut gives the part standing for all the others: of three
 * greys, the one farthest from the theme's colours, so a grey brand
 * colour does not read as "the others". */
static kf_color
other_grey(kf_color primary, kf_color accent)
{
    static const double mix[] = {0.45, 0.75, 0.15};
    kf_color best = KF_MUTED;
    double best_de = -1;
    for (size_t i = 0; i < sizeof(mix) / sizeof(mix[0]); i++) {
        kf_color g = kf_palette_mix(KF_MUTED, KF_WHITE, mix[i]);
        double de = fmin(kf_ciede2000(g, primary), kf_ciede2000(g, accent));
        if (de > best_de + 5) { /* the first unless another is clearly better */
            best_de = de;
            best = g;
        }
    }
    return best;
}

kf_color
kf_palette_mix(kf_color a, kf_color b, double t)
{
    kf_color c = {(uint8_t)lround(a.r + (b.r - a.r) * t),
                  (uint8_t)lround(a.g + (b.g - a.g) * t),
                  (uint8_t)lround(a.b + (b.b - a.b) * t)};
    return c;
}

static double
to_linear(double v)
{
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double
to_encoded(double v)
{
    v = fmin(1, fmax(0, v));
    return v <= 0.0031308 ? v * 12.92 : 1.055 * pow(v, 1 / 2.4) - 0.055;
}

static double
luminance(kf_color c)
{
    return 0.2126 * to_linear(c.r / 255.0) + 0.7152 * to_linear(c.g / 255.0) +
           0.0722 * to_linear(c.b / 255.0);
}

double
kf_palette_contrast(kf_color a, kf_color b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

kf_color
kf_palette_text_on(kf_color fill)
{
    return kf_palette_contrast(KF_WHITE, fill) >=
                   kf_palette_contrast(KF_INK, fill)
               ? KF_WHITE
               : KF_INK;
}

/* A dark sheet's text when the theme gives none: 17:1 on #0B1320. */
static const kf_color LIGHT_INK = {0xF3, 0xF5, 0xF8};

/* `text` mixed toward `paper` as far as `most` (a share, from 0 to 1)
 * while it keeps `ratio` against it: the softer the label, the quieter,
 * never below what reads. */
static kf_color
softened(kf_color text, kf_color paper, double most, double ratio)
{
    for (int i = (int)lround(most * 20); i > 0; i--) {
        kf_color m = kf_palette_mix(text, paper, i / 20.0);
        if (kf_palette_contrast(m, paper) >= ratio)
            return m;
    }
    return text;
}

/* `c`, or `c` mixed toward `toward` by the least tenth that gives it
 * `ratio` against `on`. */
static kf_color
readable(kf_color c, kf_color on, kf_color toward, double ratio)
{
    for (int i = 0; i <= 10; i++) {
        kf_color m = kf_palette_mix(c, toward, i / 10.0);
        if (kf_palette_contrast(m, on) >= ratio)
            return m;
    }
    return toward;
}

void
kf_page_colors_of(const kf_report *r, kf_page_colors *out)
{
    kf_color paper = r->has_background ? r->background : KF_WHITE;
    bool dark = kf_palette_contrast(KF_WHITE, paper) >
                kf_palette_contrast(KF_INK, paper);
    out->paper = paper;
    out->dark = dark;
    if (!r->has_text && kf_palette_rgb(paper) == 0xFFFFFF) {
        /* keyfig's own page: the colours every report had before */
        out->ink = KF_INK;
        out->muted = KF_MUTED;
        out->rule = KF_RULE;
    } else {
        out->ink = r->has_text ? r->text : dark ? LIGHT_INK : KF_INK;
        /* KF_MUTED is KF_INK 30 % of the way to white, at 7:1. */
        out->muted = softened(out->ink, paper, 0.3,
                              fmin(7.0, kf_palette_contrast(out->ink, paper)));
        out->rule = kf_palette_mix(out->ink, paper, 0.83);
    }
    /* A tile is tinted by the brand on a light sheet: the primary nearly
     * faded into it.  On a dark one it is the sheet lit a little by its
     * text: a tint of the figures' colour (an orange) turned it muddy. */
    out->tile = dark ? kf_palette_mix(paper, out->ink, 0.09)
                     : kf_palette_mix(r->primary, paper, 0.94);
    /* A pale primary on a light sheet (a yellow brand) is darkened for
     * the figures, by the least tenth toward black that reads on a tile. */
    out->figure = r->has_figures ? r->figures
                  : dark && kf_palette_contrast(r->primary, paper) < 3.0
                      ? out->ink
                  : !dark ? readable(r->primary, out->tile,
                                     (kf_color){0, 0, 0}, 4.5)
                          : r->primary;
    out->track = dark ? kf_palette_mix(paper, out->ink, 0.2)
                      : kf_palette_mix(r->primary, paper, 0.88);
    kf_color away = dark ? KF_WHITE : (kf_color){0, 0, 0};
    out->up = readable(KF_UP, out->tile, away, 4.5);
    out->down = readable(KF_DOWN, out->tile, away, 4.5);
}

uint32_t
kf_palette_rgb(kf_color c)
{
    return ((uint32_t)c.r << 16) | ((uint32_t)c.g << 8) | c.b;
}

/* Machado, Oliveira and Fernandes, "A physiologically-based model for
 * simulation of color vision deficiency" (2009), severity 1.0, applied
 * to linear RGB. */
kf_color
kf_vision_simulate(kf_color c, kf_vision vision)
{
    static const double M[2][3][3] = {
        {{0.152286, 1.052583, -0.204868},
         {0.114503, 0.786281, 0.099216},
         {-0.003882, -0.048116, 1.051998}},
        {{0.367322, 0.860646, -0.227968},
         {0.280085, 0.672501, 0.047413},
         {-0.011820, 0.042940, 0.968881}},
    };
    if (vision == KF_VISION_NORMAL)
        return c;
    const double(*m)[3] = M[vision == KF_VISION_PROTAN ? 0 : 1];
    double in[3] = {to_linear(c.r / 255.0), to_linear(c.g / 255.0),
                    to_linear(c.b / 255.0)};
    uint8_t out[3];
    for (int i = 0; i < 3; i++)
        out[i] = (uint8_t)lround(
            255 * to_encoded(m[i][0] * in[0] + m[i][1] * in[1] +
                             m[i][2] * in[2]));
    return (kf_color){out[0], out[1], out[2]};
}

typedef struct {
    double L, a, b;
} lab;

static double
lab_f(double t)
{
    return t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116;
}

static lab
to_lab(kf_color c)
{
    double r = to_linear(c.r / 255.0), g = to_linear(c.g / 255.0),
           b = to_linear(c.b / 255.0);
    double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
    double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
    double fx = lab_f(x), fy = lab_f(y), fz = lab_f(z);
    return (lab){116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

#define DEG (3.14159265358979323846 / 180)

/* Sharma, Wu and Dalal, "The CIEDE2000 color-difference formula:
 * implementation notes" (2005), with kL = kC = kH = 1. */
static double
de2000(lab p, lab q)
{
    double c1 = hypot(p.a, p.b), c2 = hypot(q.a, q.b);
    double cm = pow((c1 + c2) / 2, 7);
    double g = 0.5 * (1 - sqrt(cm / (cm + pow(25, 7))));
    double a1 = (1 + g) * p.a, a2 = (1 + g) * q.a;
    double C1 = hypot(a1, p.b), C2 = hypot(a2, q.b);
    double h1 = (a1 == 0 && p.b == 0) ? 0 : atan2(p.b, a1) / DEG;
    double h2 = (a2 == 0 && q.b == 0) ? 0 : atan2(q.b, a2) / DEG;
    if (h1 < 0)
        h1 += 360;
    if (h2 < 0)
        h2 += 360;
    double dL = q.L - p.L, dC = C2 - C1, dh = 0;
    if (C1 * C2 != 0) {
        dh = h2 - h1;
        if (dh > 180)
            dh -= 360;
        else if (dh < -180)
            dh += 360;
    }
    double dH = 2 * sqrt(C1 * C2) * sin(dh / 2 * DEG);
    double Lm = (p.L + q.L) / 2, Cm = (C1 + C2) / 2, hm = h1 + h2;
    if (C1 * C2 != 0) {
        if (fabs(h1 - h2) <= 180)
            hm = (h1 + h2) / 2;
        else
            hm = h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2;
    }
    double t = 1 - 0.17 * cos((hm - 30) * DEG) + 0.24 * cos(2 * hm * DEG) +
               0.32 * cos((3 * hm + 6) * DEG) - 0.20 * cos((4 * hm - 63) * DEG);
    double dtheta = 30 * exp(-pow((hm - 275) / 25, 2));
    double cm7 = pow(Cm, 7);
    double rc = 2 * sqrt(cm7 / (cm7 + pow(25, 7)));
    double sl = 1 + 0.015 * pow(Lm - 50, 2) / sqrt(20 + pow(Lm - 50, 2));
    double sc = 1 + 0.045 * Cm, sh = 1 + 0.015 * Cm * t;
    double rt = -sin(2 * dtheta * DEG) * rc;
    double l = dL / sl, c = dC / sc, h = dH / sh;
    return sqrt(l * l + c * c + h * h + rt * c * h);
}

double
kf_ciede2000(kf_color a, kf_color b)
{
    return de2000(to_lab(a), to_lab(b));
}

double
kf_ciede2000_lab(const double p[3], const double q[3])
{
    return de2000((lab){p[0], p[1], p[2]}, (lab){q[0], q[1], q[2]});
}

/* How far apart `a` and `b` stay for the palette, as a fraction of the
 * floors it promises: the least of the three visions. */
static double
separation(const lab a[3], const lab b[3])
{
    double s = de2000(a[0], b[0]) / KF_PALETTE_MIN_DE;
    for (int v = 1; v < 3; v++)
        s = fmin(s, de2000(a[v], b[v]) / KF_PALETTE_MIN_DE_CVD);
    return s;
}

static void
lab3(kf_color c, lab out[3])
{
    out[0] = to_lab(c);
    out[1] = to_lab(kf_vision_simulate(c, KF_VISION_PROTAN));
    out[2] = to_lab(kf_vision_simulate(c, KF_VISION_DEUTAN));
}

/* The palette of `r` in `out`; `lines`: for lines, points and their
 * legend marks, whose thin strokes must stand out from the sheet. */
static void
choose(const kf_report *r, bool lines, kf_color out[KF_PALETTE_SIZE + 1])
{
    kf_color primary = r->primary, accent = r->accent;
    static _Thread_local lab cand[NCANDIDATES][3];
    static _Thread_local bool cand_ready;
    if (!cand_ready) {
        for (size_t i = 0; i < NCANDIDATES; i++)
            lab3(CANDIDATES[i], cand[i]);
        cand_ready = true;
    }
    lab chosen[KF_PALETTE_SIZE + 1][3];
    bool used[NCANDIDATES] = {false};
    /* On a sheet of the theme's background, and for lines on any sheet,
     * only the candidates that stand out from it (3:1, as WCAG 1.4.11
     * asks of a chart's parts), while there are enough of them: the dark
     * ones vanish on a dark sheet, and a 2 pt line of Okabe-Ito's yellow
     * (1.3:1) on white.  Skipped, not darkened: a darkened orange came
     * within 1.3 of the vermilion for a deutan.  A white sheet's bars and
     * slices keep the paler colours, as their area carries them. */
    kf_color paper = r->has_background ? r->background : KF_WHITE;
    bool faint[NCANDIDATES] = {false};
    size_t nfaint = 0;
    for (size_t i = 0; (r->has_background || lines) && i < NCANDIDATES; i++)
        if (kf_palette_contrast(CANDIDATES[i], paper) < 3.0) {
            faint[i] = true;
            nfaint++;
        }
    if (NCANDIDATES - nfaint < KF_PALETTE_SIZE)
        memset(faint, 0, sizeof(faint));
    out[0] = primary;
    out[1] = accent;
    lab3(primary, chosen[0]);
    lab3(accent, chosen[1]);
    out[KF_PALETTE_SIZE] = other_grey(primary, accent);
    lab3(out[KF_PALETTE_SIZE], chosen[2]);
    size_t n = 3;
    /* The brand's own chart colours (theme.palette) come next, as given:
     * the candidates are then chosen apart from them too. */
    size_t k = 2;
    for (size_t i = 0; i < r->npalette && k < KF_PALETTE_SIZE; i++, k++) {
        out[k] = r->palette[i];
        lab3(out[k], chosen[n++]);
    }
    for (; k < KF_PALETTE_SIZE; k++) {
        size_t best = 0;
        double best_s = -1;
        for (size_t i = 0; i < NCANDIDATES; i++) {
            if (used[i] || faint[i])
                continue;
            double s = INFINITY;
            for (size_t j = 0; j < n; j++)
                s = fmin(s, separation(cand[i], chosen[j]));
            if (s > best_s) {
                best_s = s;
                best = i;
            }
        }
        used[best] = true;
        out[k] = CANDIDATES[best];
        memcpy(chosen[n++], cand[best], sizeof(cand[best]));
    }
}

/* The palette of `r`'s theme (`lines`: its lines'), made at the first
 * call for that theme and kept for the following ones. */
static const kf_color *
palette_of(const kf_report *r, bool lines)
{
    typedef struct {
        kf_color colors[KF_PALETTE_SIZE + 1];
        kf_color key[3 + KF_BRAND_COLORS];
        size_t key_n;
        bool have, key_background;
    } kept;
    static _Thread_local kept cache[2];
    kept *c = &cache[lines];
    kf_color background = r->has_background ? r->background : KF_WHITE;
    if (!c->have || memcmp(&c->key[0], &r->primary, sizeof(kf_color)) ||
        memcmp(&c->key[1], &r->accent, sizeof(kf_color)) ||
        c->key_background != r->has_background ||
        memcmp(&c->key[2], &background, sizeof(kf_color)) ||
        c->key_n != r->npalette ||
        memcmp(&c->key[3], r->palette, r->npalette * sizeof(kf_color))) {
        choose(r, lines, c->colors);
        c->key[0] = r->primary;
        c->key[1] = r->accent;
        c->key[2] = background;
        c->key_background = r->has_background;
        memcpy(&c->key[3], r->palette, r->npalette * sizeof(kf_color));
        c->key_n = r->npalette;
        c->have = true;
    }
    return c->colors;
}

kf_color
kf_palette_other(const kf_report *r)
{
    return palette_of(r, false)[KF_PALETTE_SIZE];
}

/* The i-th colour of `palette`, each further round lighter, never
 * reaching white. */
static kf_color
round_color(const kf_color *palette, size_t i)
{
    size_t round = i / KF_PALETTE_SIZE;
    kf_color c = palette[i % KF_PALETTE_SIZE];
    return round ? kf_palette_mix(c, KF_WHITE, 1 - pow(0.6, (double)round))
                 : c;
}

kf_color
kf_palette_color(const kf_report *r, size_t i)
{
    return round_color(palette_of(r, false), i);
}

kf_color
kf_palette_line_color(const kf_report *r, size_t i)
{
    /* A dark sheet's palette is already made of colours that stand out. */
    return round_color(palette_of(r, !r->has_background), i);
}
