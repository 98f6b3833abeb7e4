/*
 * text.c: the private font set-up and text measurement.
 */
#include "text.h"
#include "fontset.h"
#include "hyphen.h"
#include "typo.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t fonts_once = PTHREAD_ONCE_INIT;
static kf_status fonts_status = KF_ERR_FONT;
static char fonts_error[512];

/* fontconfig is global to the process: it must be pointed at our private
 * configuration before pango creates any font map, and only once. */
static void
fonts_setup(void)
{
    const char *path = getenv("KEYFIG_FONTS_CONF");
    if (!path || !*path)
        path = KF_FONTS_CONF;
    /* No FcInit(): it would parse the system's configuration and read the
     * caches of every system font directory (a fifth of a single build's
     * start-up), only for FcConfigSetCurrent to replace it.  pango's own
     * FcInit, when its first font map is made, then finds ours current
     * and does nothing. */
    FcConfig *config = FcConfigCreate();
    if (!config || !FcConfigParseAndLoad(config, (const FcChar8 *)path,
                                         FcTrue)) {
        snprintf(fonts_error, sizeof(fonts_error),
                 "cannot read the font configuration %s", path);
        if (config)
            FcConfigDestroy(config);
        return;
    }
    if (!FcConfigBuildFonts(config)) {
        snprintf(fonts_error, sizeof(fonts_error),
                 "cannot load the fonts named in %s", path);
        FcConfigDestroy(config);
        return;
    }
    FcFontSet *set = FcConfigGetFonts(config, FcSetSystem);
    if (!set || set->nfont == 0) {
        snprintf(fonts_error, sizeof(fonts_error),
                 "no font found in the directories named by %s "
                 "(is the Debian package fonts-inter installed?)", path);
        FcConfigDestroy(config);
        return;
    }
    /* SetCurrent takes its own reference. */
    FcConfigSetCurrent(config);
    FcConfigDestroy(config);
    fonts_status = KF_OK;
}

kf_status
kf_fonts_init(kf_diags *diags)
{
    pthread_once(&fonts_once, fonts_setup);
    if (fonts_status != KF_OK)
        kf_diag_add(diags, KF_SEV_ERROR, NULL, 0, 0,
                    "run `make deps` to install the fonts", "%s",
                    fonts_error);
    return fonts_status;
}

/* The thread's contexts, one per font set it has used (fontset.h). */
static _Thread_local PangoContext **thread_contexts;
static pthread_key_t context_key;
static pthread_once_t context_once = PTHREAD_ONCE_INIT;

/* Runs when a thread other than the main one ends (batch threads), so its
 * font maps and caches go with it instead of leaking. */
static void
contexts_destroy(void *p)
{
    PangoContext **contexts = p;
    if (!contexts)
        return;
    for (int i = 0; i <= KF_FONTSET_MAX; i++)
        if (contexts[i])
            g_object_unref(contexts[i]);
    free(contexts);
}

static void
context_key_create(void)
{
    pthread_key_create(&context_key, contexts_destroy);
}

PangoContext *
kf_text_context(const char *font)
{
    int set = font ? kf_font_key_parse(font, NULL, 0) : 0;
    if (set < 0 || set > KF_FONTSET_MAX)
        return NULL;
    if (thread_contexts && thread_contexts[set])
        return thread_contexts[set];
    if (kf_fonts_init(NULL) != KF_OK)
        return NULL;
    FcConfig *config = kf_fontset_config(set);
    if (!config)
        return NULL;
    if (!thread_contexts) {
        pthread_once(&context_once, context_key_create);
        thread_contexts = calloc(KF_FONTSET_MAX + 1, sizeof(PangoContext *));
        if (!thread_contexts)
            return NULL;
        pthread_setspecific(context_key, thread_contexts);
    }
    /* A font map per set: pango's caches of families and fonts are the
     * map's, so a brand's fonts are never found by another set's text. */
    PangoFontMap *map = pango_cairo_font_map_new_for_font_type(
        CAIRO_FONT_TYPE_FT);
    if (!map)
        return NULL;
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
    /* One point of text is one unit of user space on every surface. */
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(map), 72.0);
    PangoContext *context = pango_font_map_create_context(map);
    g_object_unref(map); /* the context keeps it */

    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);
    pango_context_set_round_glyph_positions(context, FALSE);
    thread_contexts[set] = context;
    return context;
}

/* The narrowest a group separator (U+202F between two digits) is drawn,
 * in ems.  Inter's own U+202F is 0.18 em in Regular but 0.154 em in Bold,
 * so that a tile's "1 100" reads "1100" beside "1 200"; 0.2 em keeps the
 * groups apart at every weight and still well under a word space in text
 * (0.28 em). */
#define GROUP_GAP_EM 0.2

/* The OpenType features of every keyfig text.  Ligatures would turn "fi"
 * into one glyph that PDF readers extract as U+FB01; figures and labels
 * must extract with their exact code points.  Contextual alternates too
 * are off: Inter's draw "--->" as one arrow 28 pt wide at 10.5 pt (the
 * three hyphens and '>' apart: 22 pt), a glyph no cut between two
 * characters can part, so a narrow column's line ran 15 pt past its
 * edge; the reader sees the characters the report has. */
#define TEXT_FEATURES "liga=0, clig=0, calt=0"

static const char *
features_of(kf_weight weight)
{
    return (weight & KF_FIGURES_TABULAR) ? TEXT_FEATURES ", tnum=1"
                                         : TEXT_FEATURES;
}

static PangoLayout *
layout_new(PangoContext *context, const char *family, double size,
           kf_weight weight)
{
    PangoLayout *layout = pango_layout_new(context);
    PangoFontDescription *desc = pango_font_description_new();
    /* The family of the font key: its set is the context's. */
    char name[256];
    kf_font_key_parse(family, name, sizeof(name));
    pango_font_description_set_family(desc, name);
    pango_font_description_set_weight(
        desc, (PangoWeight)(weight & ~KF_FIGURES_TABULAR));
    pango_font_description_set_absolute_size(desc, size * PANGO_SCALE);
    pango_layout_set_font_description(layout, desc);
    pango_font_description_free(desc);
    return layout;
}

static bool
is_ascii_digit(const char *p)
{
    return *p >= '0' && *p <= '9';
}

/* Widens every group separator of `text` (a U+202F with a digit on each
 * side) to GROUP_GAP_EM with letter spacing on that character alone: the
 * text keeps its U+202F, so the PDF's text layer still reads "1 100",
 * while the gap drawn, and measured by the layout, is wide enough to see
 * at every size.  The font's own U+202F is measured first, so a font with
 * a wider one is left as it is. */
static void
widen_group_gaps(PangoContext *context, const char *family, double size,
                 kf_weight weight, const char *text, PangoAttrList *attrs)
{
    int spacing = -1;
    for (const char *p = strstr(text, "\xe2\x80\xaf"); p;
         p = strstr(p + 3, "\xe2\x80\xaf")) {
        if (p == text || !is_ascii_digit(p - 1) || !is_ascii_digit(p + 3))
            continue;
        if (spacing < 0) {
            PangoLayout *one = layout_new(context, family, size, weight);
            pango_layout_set_text(one, "\xe2\x80\xaf", -1);
            PangoRectangle logical;
            pango_layout_get_extents(one, NULL, &logical);
            g_object_unref(one);
            double want = GROUP_GAP_EM * size * PANGO_SCALE;
            spacing = logical.width < want ? (int)(want - logical.width + 0.5)
                                           : 0;
            if (spacing == 0)
                return;
        }
        PangoAttribute *a = pango_attr_letter_spacing_new(spacing);
        a->start_index = (guint)(p - text);
        a->end_index = (guint)(p - text + 3);
        pango_attr_list_insert(attrs, a);
    }
}

/* The glyphs of the one-line layout `layout`, at most `max`; their count
 * goes in *n, and false when one is missing from the font. */
static bool
glyphs_of(PangoLayout *layout, PangoGlyph *out, int max, int *n)
{
    *n = 0;
    PangoLayoutLine *line = pango_layout_get_line_readonly(layout, 0);
    for (GSList *r = line ? line->runs : NULL; r; r = r->next) {
        const PangoGlyphString *g = ((PangoGlyphItem *)r->data)->glyphs;
        for (int i = 0; i < g->num_glyphs; i++) {
            if (*n >= max || (g->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
                return false;
            out[(*n)++] = g->glyphs[i].glyph;
        }
    }
    return true;
}

/* Whether the font of `family` at `weight` has a superscript form
 * (OpenType `sups`) of every letter of suffix[0, len): shaped with and
 * without the feature, each glyph must change.  A thread's last answers
 * are kept, as the same few suffixes come back in every text. */
static bool
has_superscripts(PangoContext *context, const char *family, double size,
                 kf_weight weight, const char *suffix, size_t len)
{
    typedef struct {
        char key[96];
        bool sups;
    } answer;
    static _Thread_local answer answers[16];
    static _Thread_local unsigned next;
    char key[96];
    int w = (int)(weight & ~KF_FIGURES_TABULAR);
    int klen = snprintf(key, sizeof(key), "%d\x1e%.*s\x1e%s", w, (int)len,
                        suffix, family);
    bool keyed = klen > 0 && (size_t)klen < sizeof(key);
    for (size_t i = 0; keyed && i < sizeof(answers) / sizeof(answers[0]);
         i++)
        if (strcmp(answers[i].key, key) == 0)
            return answers[i].sups;
    PangoGlyph plain[16], raised[16];
    int np = 0, nr = 0;
    bool ok = true;
    for (int pass = 0; pass < 2 && ok; pass++) {
        PangoLayout *one = layout_new(context, family, size, (kf_weight)w);
        PangoAttrList *attrs = pango_attr_list_new();
        pango_attr_list_insert(attrs, pango_attr_font_features_new(
                                          pass ? TEXT_FEATURES ", sups=1"
                                               : TEXT_FEATURES));
        pango_layout_set_attributes(one, attrs);
        pango_attr_list_unref(attrs);
        pango_layout_set_text(one, suffix, (int)len);
        ok = pass ? glyphs_of(one, raised, 16, &nr)
                  : glyphs_of(one, plain, 16, &np);
        g_object_unref(one);
    }
    bool sups = ok && np == nr && np > 0;
    for (int i = 0; sups && i < np; i++)
        sups = plain[i] != raised[i];
    if (keyed) {
        answer *a = &answers[next++ % (sizeof(answers) / sizeof(answers[0]))];
        memcpy(a->key, key, (size_t)klen + 1);
        a->sups = sups;
    }
    return sups;
}

/* An ordinal's letters where the font has no superscript form of them:
 * two thirds of the size, raised 0.3 em, which puts a small "e" about
 * where Inter's own superscripts stand.  Not the font's own superscript
 * metrics (OS/2): Open Sans raises by 0.48 em, and from about 0.33 em
 * pdftotext reads a 26 pt title "La 46e édition" as "La 46 édition" with
 * the "e" on a line of its own. */
#define SUPERSCRIPT_SCALE 0.65
#define SUPERSCRIPT_RISE_EM 0.30

/* Sets the suffix of every ordinal of `text` in the language of font key
 * `family` ("46e" in French, "46th" in English: kf_typo_ordinals) as a
 * superscript, the text keeping its letters, so the PDF's text reads
 * "46e".  The font's own superscript letters (OpenType `sups`: Inter has
 * them for a to z) when it has one for each letter of the suffix, else
 * the letters made smaller and raised ("ème": Inter's è has no
 * superscript form). */
static void
raise_ordinals(PangoContext *context, const char *family, double size,
               kf_weight weight, const char *text, PangoAttrList *attrs)
{
    const char *language = kf_font_key_language(family);
    if (!language || !strpbrk(text, "0123456789IVX"))
        return;
    kf_typo_range r[64];
    size_t n = kf_typo_ordinals(text, strcmp(language, "fr") == 0, r, 64);
    for (size_t i = 0; i < n && i < 64; i++) {
        guint start = (guint)r[i].start, end = (guint)r[i].end;
        PangoAttribute *a[2] = {NULL, NULL};
        if (has_superscripts(context, family, size, weight, text + start,
                             end - start)) {
            a[0] = pango_attr_font_features_new("sups=1");
        } else {
            a[0] = pango_attr_scale_new(SUPERSCRIPT_SCALE);
            a[1] = pango_attr_rise_new(
                (int)(SUPERSCRIPT_RISE_EM * size * PANGO_SCALE + 0.5));
        }
        for (int k = 0; k < 2 && a[k]; k++) {
            a[k]->start_index = start;
            a[k]->end_index = end;
            pango_attr_list_insert(attrs, a[k]);
        }
    }
}

PangoLayout *
kf_text_layout(PangoContext *context, const char *family, const char *text,
               double size, kf_weight weight)
{
    PangoLayout *layout = layout_new(context, family, size, weight);
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_font_features_new(
                                      features_of(weight)));
    widen_group_gaps(context, family, size, weight, text, attrs);
    raise_ordinals(context, family, size, weight, text, attrs);
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
    pango_layout_set_text(layout, text, -1);
    return layout;
}

PangoLayout *
kf_text_layout_markup(PangoContext *context, const char *family,
                      const char *markup, double size, kf_weight weight)
{
    PangoLayout *layout = layout_new(context, family, size, weight);
    /* The markup's attributes go over keyfig's own. */
    PangoAttrList *attrs = NULL;
    char *text = NULL;
    if (!pango_parse_markup(markup, -1, 0, &attrs, &text, NULL, NULL)) {
        g_object_unref(layout);
        return kf_text_layout(context, family, markup, size, weight);
    }
    PangoAttribute *liga = pango_attr_font_features_new(features_of(weight));
    pango_attr_list_insert_before(attrs, liga);
    widen_group_gaps(context, family, size, weight, text, attrs);
    raise_ordinals(context, family, size, weight, text, attrs);
    pango_layout_set_text(layout, text, -1);
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
    g_free(text);
    return layout;
}

static kf_text_extent
measure_layout(PangoLayout *layout)
{
    kf_text_extent extent = {0};
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    extent.width = (double)logical.width / PANGO_SCALE;
    double baseline = (double)pango_layout_get_baseline(layout) / PANGO_SCALE;
    extent.ascent = baseline - (double)logical.y / PANGO_SCALE;
    extent.descent = (double)(logical.y + logical.height) / PANGO_SCALE -
                     baseline;
    extent.unknown_glyphs = pango_layout_get_unknown_glyphs_count(layout);
    return extent;
}

static bool
is_word_char(gunichar c)
{
    return g_unichar_isalnum(c);
}

/* Adds to *attrs, a copy of `layout`'s attributes made at the first
 * call, one that forbids line breaks inside bytes [start, end) of its
 * text. */
static void
forbid_breaks(PangoAttrList **attrs, PangoLayout *layout, size_t start,
              size_t end)
{
    if (!*attrs)
        *attrs = pango_attr_list_copy(pango_layout_get_attributes(layout));
    PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(*attrs, a);
}

/* Gives `layout` the attributes forbid_breaks made, if it made any. */
static void
set_forbidden_breaks(PangoLayout *layout, PangoAttrList *attrs)
{
    if (!attrs)
        return;
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
}

/* Forbids breaks inside hyphenated words ("Paris-Saclay",
 * "Île-de-France"): a line break there reads as a typo in a name. */
static void
keep_hyphenated_words(PangoLayout *layout, const char *text)
{
    PangoAttrList *attrs = NULL;
    const char *p = text;
    while (*p) {
        const char *start = p;
        bool hyphenated = false;
        while (*p && !g_unichar_isspace(g_utf8_get_char(p))) {
            const char *next = g_utf8_next_char(p);
            if (*p == '-' && p > start && *next &&
                is_word_char(g_utf8_get_char(next)))
                hyphenated = true;
            p = next;
        }
        if (hyphenated)
            forbid_breaks(&attrs, layout, (size_t)(start - text),
                          (size_t)(p - text));
        while (*p && g_unichar_isspace(g_utf8_get_char(p)))
            p = g_utf8_next_char(p);
    }
    set_forbidden_breaks(layout, attrs);
}

/* Whether `c` is a dash a line may break after: the hyphen-minus, the
 * en dash or the em dash. */
static bool
is_dash(gunichar c)
{
    return c == '-' || c == 0x2013 || c == 0x2014;
}

/* Whether the word before the spaces at `spaces` of `text`, the spaces
 * and the dash ending at `end` fit in `room` points at the layout's
 * font, with a tenth to spare (a bold word is wider than measured): tied
 * together they must, or no break is left for pango to make. */
static bool
dash_fits(const char *family, double size, kf_weight weight,
          const char *text, const char *spaces, const char *end, double room)
{
    const char *start = spaces;
    bool word = false; /* walking back over the word, past the spaces */
    while (start > text) {
        const char *prev = g_utf8_find_prev_char(text, start);
        bool space = g_unichar_isspace(g_utf8_get_char(prev));
        if (word && space)
            break;
        word |= !space;
        start = prev;
    }
    char *group = strndup(start, (size_t)(end - start));
    if (!group)
        return false;
    double w = kf_text_measure(family, group, size, weight).width;
    free(group);
    return w <= 0.9 * room;
}

/* Forbids the breaks that would leave a dash alone or a range cut, in a
 * layout wrapped to `room` points: before a dash standing between spaces
 * ("2021 - 2024" breaks after the dash, never "2021" / "-" / "2024",
 * which puts a lone dash on a line in a narrow column) when the word
 * before it and the dash fit on a line, and after a dash between two
 * digits ("2021–2024", "(2010-2021)": a range of years stays whole; one
 * wider than a line is cut before it is wrapped, cut_word). */
static void
tie_dashes(PangoLayout *layout, const char *text, const char *family,
           double size, kf_weight weight, double room)
{
    PangoAttrList *attrs = NULL;
    const char *prev = NULL; /* the character before p */
    for (const char *p = text; *p; prev = p, p = g_utf8_next_char(p)) {
        if (!is_dash(g_utf8_get_char(p)) || !prev)
            continue;
        const char *next = g_utf8_next_char(p);
        gunichar before = g_utf8_get_char(prev);
        gunichar after = *next ? g_utf8_get_char(next) : 0;
        const char *from = NULL, *to = NULL;
        if (g_unichar_isspace(before) &&
            (!after || g_unichar_isspace(after))) {
            if (!dash_fits(family, size, weight, text, prev, next, room))
                continue;
            from = prev; /* the break after the space is inside */
            to = next;
        } else if (g_unichar_isdigit(before) && g_unichar_isdigit(after)) {
            from = p; /* the break after the dash is inside */
            to = g_utf8_next_char(next);
        } else {
            continue;
        }
        forbid_breaks(&attrs, layout, (size_t)(from - text),
                      (size_t)(to - text));
    }
    set_forbidden_breaks(layout, attrs);
}

/* Whether the lines `layout` broke `text` into start one with a dash
 * set between spaces ("2021" / "- 2024", or the dash alone), or part a
 * range of numbers after its dash ("2021–" / "2024").
 * Most texts have neither: tie_dashes, whose attributes cost pango a
 * third more time in a text of many dashes, is only asked for then. */
static bool
breaks_at_dash(PangoLayout *layout, const char *text)
{
    const char *prev_end = NULL; /* the last character of the line above */
    for (GSList *l = pango_layout_get_lines_readonly(layout); l;
         l = l->next) {
        const PangoLayoutLine *line = l->data;
        const char *p = text + line->start_index;
        const char *end = p + line->length;
        while (p < end && g_unichar_isspace(g_utf8_get_char(p)))
            p = g_utf8_next_char(p);
        if (p < end && prev_end && is_dash(g_utf8_get_char(p)) &&
            (g_utf8_next_char(p) == end ||
             g_unichar_isspace(g_utf8_get_char(g_utf8_next_char(p)))))
            return true;
        if (p < end && prev_end && g_unichar_isdigit(g_utf8_get_char(p)) &&
            is_dash(g_utf8_get_char(prev_end)) && prev_end > text &&
            g_unichar_isdigit(g_utf8_get_char(
                g_utf8_find_prev_char(text, prev_end))))
            return true;
        while (end > p && g_unichar_isspace(g_utf8_get_char(
                              g_utf8_find_prev_char(text, end))))
            end = g_utf8_find_prev_char(text, end);
        prev_end = end > p ? g_utf8_find_prev_char(text, end) : NULL;
    }
    return false;
}

/* Whether the line of `layout` at bytes [start, start + len) of its text
 * holds more than one grapheme cluster: a narrower width would break it.
 * `attrs` are the layout's, `first` the index of the line's first
 * character. */
static bool
line_can_break(const PangoLogAttr *attrs, int nattrs, long first,
               const char *text, int start, int len)
{
    long chars = g_utf8_strlen(text + start, len);
    for (long j = 1; j < chars && first + j < nattrs; j++)
        if (attrs[first + j].is_cursor_position)
            return true;
    return false;
}

/* The length of a line of `len` bytes at `s` without what ends it and
 * shows nothing: its trailing spaces belong to the break, no-break ones
 * too (a figure space U+2007 before a space measured 1.6 pt past an
 * 18 pt line), and so does a soft hyphen after them (no hyphen is shown
 * after a space: "@? " and a soft hyphen measured the space, 1.2 pt past
 * an 18 pt line). */
static size_t
shown_length(const char *s, size_t len)
{
    for (;;) {
        const char *last = len > 0 ? g_utf8_find_prev_char(s, s + len) : NULL;
        if (len > 0 && s[len - 1] == ' ')
            len--;
        else if (last && (unsigned char)*last >= 0x80 &&
                 g_unichar_isspace(g_utf8_get_char(last)))
            len = (size_t)(last - s);
        else if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 &&
                 (unsigned char)s[len - 1] == 0xAD &&
                 (len == 2 || s[len - 3] == ' ' ||
                  (len >= 4 && (unsigned char)s[len - 4] == 0xC2 &&
                   (unsigned char)s[len - 3] == 0xAD)))
            len -= 2;
        else
            return len;
    }
}

/* A count of the characters of a layout's text, walked on line by line,
 * to find each line's log attributes. */
typedef struct {
    const PangoLogAttr *attrs;
    int nattrs;
    long first;      /* the character the next line starts at */
    size_t walked;   /* the byte `first` was counted to */
} char_walk;

/* The index of the character at byte `at` of `text`, counting on from
 * the last call (lines come in order). */
static long
char_index(char_walk *cw, const char *text, size_t at)
{
    cw->first += g_utf8_pointer_to_offset(text + cw->walked, text + at);
    cw->walked = at;
    return cw->first;
}

static bool hyphen_between(gunichar before, gunichar after);

/* Lowers *retry, the width to wrap again to (0: none), for a line drawn
 * `drawn` points wide that pango measured `measured` wide: when it passes
 * `width` and a narrower width would break it (`breaks`), pango must be
 * given less than it measured by what the line passes. */
static void
retry_narrower(double *retry, bool breaks, double drawn, double width,
               double measured)
{
    if (!breaks || drawn <= width + 0.005)
        return;
    double room = measured - (drawn - width) - 0.01;
    if (room > 0 && (*retry == 0 || room < *retry))
        *retry = room;
}

/* The lines of `layout` (wrapped `text`) as kf_text_wrap returns them.
 * *widest gets the widest line's width drawn alone (the width of what is
 * shown).  Pango's own measure of a line can be less: it keeps the
 * kerning of a comma with the space after the break (0.36 pt at 10.5 pt
 * bold), and the hyphen it shows at a soft hyphen is not the one drawn
 * (a point at 48 pt); *retry gets the width to wrap again to so that no
 * line passes `width`, 0 when none does. */
static size_t
break_lines(PangoLayout *layout, const char *family, double size,
            kf_weight weight, const char *text, double width, char ***out,
            double *widest, double *retry)
{
    int n = pango_layout_get_line_count(layout);
    char **lines = calloc((size_t)n, sizeof(char *));
    *widest = 0;
    *retry = 0;
    if (!lines)
        return 0;
    char_walk cw = {0};
    cw.attrs = pango_layout_get_log_attrs_readonly(layout, &cw.nattrs);
    /* Walked as the list it is: pango_layout_get_line_readonly(i) counts
     * from the first line every time, the square of the lines in all. */
    GSList *next = pango_layout_get_lines_readonly(layout);
    for (int i = 0; i < n && next; i++, next = next->next) {
        PangoLayoutLine *line = next->data;
        int start = line->start_index, len = line->length;
        len = (int)shown_length(text + start, (size_t)len);
        /* A cut inside a word shows a hyphen, as pango draws one; not
         * one inside a number. */
        bool cut = false;
        int end = line->start_index + line->length;
        if (i + 1 < n && len == line->length && len > 0 && text[end]) {
            gunichar before = g_utf8_get_char(
                         g_utf8_find_prev_char(text, text + end)),
                     after = g_utf8_get_char(text + end);
            cut = is_word_char(after) && is_word_char(before) &&
                  hyphen_between(before, after);
        }
        /* A break at a soft hyphen shows a hyphen; other soft hyphens
         * vanish, so the text keeps its own code points. */
        bool soft = i + 1 < n && len >= 2 &&
                    (unsigned char)text[start + len - 2] == 0xC2 &&
                    (unsigned char)text[start + len - 1] == 0xAD;
        bool breaks = line_can_break(cw.attrs, cw.nattrs,
                                     char_index(&cw, text, (size_t)start),
                                     text, start, len);
        lines[i] = malloc((size_t)len + KF_TEXT_BREAK_HYPHEN_LEN + 1);
        if (!lines[i])
            continue;
        /* The line a piece ends with may end in the break's hyphen
         * (piece_of): its soft hyphen stays. */
        int marked = kf_text_ends_in_break_hyphen(text + start, (size_t)len)
                         ? len - KF_TEXT_BREAK_HYPHEN_LEN
                         : -1;
        int k = 0;
        for (int j = 0; j < len; j++) {
            if ((unsigned char)text[start + j] == 0xC2 && j + 1 < len &&
                (unsigned char)text[start + j + 1] == 0xAD && j != marked) {
                j++;
                continue;
            }
            lines[i][k++] = text[start + j];
        }
        len = k;
        if (cut || soft) {
            memcpy(lines[i] + len, KF_TEXT_BREAK_HYPHEN,
                   KF_TEXT_BREAK_HYPHEN_LEN);
            len += KF_TEXT_BREAK_HYPHEN_LEN;
        }
        lines[i][len] = '\0';
        double w = kf_text_measure(family, lines[i], size, weight).width;
        if (w > *widest)
            *widest = w;
        PangoRectangle logical;
        pango_layout_line_get_extents(line, NULL, &logical);
        retry_narrower(retry, breaks, w, width,
                       (double)logical.width / PANGO_SCALE);
    }
    *out = lines;
    return (size_t)n;
}

/* Appends text[from, to) to `out` with the markup of the spans over it. */
static void append_styled(GString *out, const char *text, size_t from,
                          size_t to, const kf_text_span *spans,
                          size_t nspans);

typedef struct {
    const char *family;
    double size;
    kf_weight weight;
    double width;
    /* A rich paragraph's styles (bytes of the text being cut), or none. */
    const kf_text_span *spans;
    size_t nspans;
    double widest_cut; /* the widest piece cut_word made, its hyphen in */
} too_wide_ctx;

/* Whether a word is wider than the line it must fit on; with
 * `hyphen`, shown with a hyphen after it (a part of a word that a line
 * may end at the soft hyphen after it, "950 dé-" of "950 dé-ci-males"
 * tied by a no-break space). */
static bool
too_wide_shown(const char *word, size_t len, bool hyphen, void *p)
{
    too_wide_ctx *c = p;
    char *w = malloc(len + 2);
    if (!w)
        return false;
    memcpy(w, word, len);
    if (hyphen)
        w[len++] = '-';
    w[len] = '\0';
    /* Through the cache: the same words come back in text after text
     * (every sheet of a batch has the same labels), and both hyphenation
     * and cut_wide_words ask about them. */
    kf_text_extent e = kf_text_measure(c->family, w, c->size, c->weight);
    free(w);
    /* Bold or italic letters are wider than the regular ones measured
     * here: a styled part near the line's width is shaped with its
     * styles by cut_word, which cuts it only if it is too wide. */
    return e.width > (c->nspans ? 0.75 : 1.0) * c->width;
}

/* Whether a word is wider than the line it must fit on. */
static bool
too_wide(const char *word, size_t len, void *p)
{
    return too_wide_shown(word, len, false, p);
}

/* kf_hyphenate's question for a title or a label: a word, or a part of
 * one, is hyphenated only when it cannot fit on a line by itself; the
 * others move to the next line whole. */
static bool
label_wants(const char *word, size_t len, bool part, void *p)
{
    (void)part;
    return too_wide(word, len, p);
}

/* The most of its line a word moved whole to the next line may leave
 * empty: a longer word of a paragraph is hyphenated.  A sixth: in a
 * column of a row of three on A4 every word of 7 letters or more, in a
 * block the width of the page only the longest ones. */
#define HYPHEN_ZONE (1.0 / 6)
/* The advance of a letter, in ems, that a word's width is reckoned with:
 * Inter's lowercase letters average 0.56 em ("exemple", 41.6 pt at
 * 10.5 pt).  Reckoned, not measured: a paragraph's words are not shaped
 * one by one. */
#define LETTER_EM 0.55

/* kf_hyphenate's question for a paragraph of a text block: a word of
 * KF_HYPHEN_MIN_WORD letters or more is hyphenated when moving it whole
 * would leave more than HYPHEN_ZONE of a line empty, so that a narrow
 * column's lines are not left short and a wide one is not strewn with
 * hyphens; a part of a word joined by hyphens only when it cannot fit
 * on a line by itself, as such a word breaks at its own hyphens
 * first. */
static bool
paragraph_wants(const char *word, size_t len, bool part, void *p)
{
    const too_wide_ctx *c = p;
    if (part)
        return too_wide(word, len, p);
    long letters = g_utf8_strlen(word, (gssize)len);
    return letters >= KF_HYPHEN_MIN_WORD &&
           (double)letters * LETTER_EM * c->size > HYPHEN_ZONE * c->width;
}

/* Whether the UTF-8 text at p is a soft hyphen (U+00AD). */
static bool
is_soft_hyphen(const char *p)
{
    return (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xAD;
}

/* What marks a cut made here: a soft hyphen, which the line shows as
 * "-", and after which the text is wrapped apart. */
#define CUT_MARK "\xC2\xAD"
#define CUT_MARK_LEN 2

/* U+034F COMBINING GRAPHEME JOINER: two bytes in UTF-8, as a soft
 * hyphen is, and it shows nothing and allows no break.  It stands for a
 * soft hyphen where no line may break in the text pango wraps, which
 * keeps the bytes of the text the lines are taken from: pango 1.50
 * still breaks at a soft hyphen where an attribute allows no break. */
#define NO_BREAK_MARK "\xCD\x8F"

/* Whether `c` is a no-break space: one a number's digits are grouped
 * with ("1 600 000": U+202F in French), or that ties a word to the next
 * ("25 km", "entrepreneurs ;"): no line breaks there. */
static bool
is_group_space(gunichar c)
{
    return c == 0x202F || c == 0x00A0 || c == 0x2007;
}

/* Whether a word may be parted after `c` with no hyphen shown: a dash
 * of its own, the slash of a URL ("https://www.epaps.fr/" /
 * "innovation", where a hyphen would change the address), or a no-break
 * space (of a number wider than its line, or of a number tied to its
 * word: "901234567890123" / "aussi"). */
static bool
parts_after(gunichar c)
{
    return is_dash(c) || c == '/' || is_group_space(c);
}

/* Whether `c` may stand inside a number: a digit, a group space, or a
 * mark that groups digits or parts the decimals ("1,234.5", "1'234"). */
static bool
is_number_char(gunichar c)
{
    return g_unichar_isdigit(c) || is_group_space(c) || c == ',' ||
           c == '.' || c == '\'' || c == 0x2019;
}

/* Whether a line broken between `before` and `after` shows a hyphen
 * there: not inside a number ("12345678901234567" / "89012345", never
 * "…567-" / "89…", which reads as a minus or a range), nor after a dash
 * or a slash of the word's own ("e-" cut, not "e--"; a URL keeps its
 * address). */
static bool
hyphen_between(gunichar before, gunichar after)
{
    if (parts_after(before))
        return false;
    return !(is_number_char(before) && is_number_char(after) &&
             (g_unichar_isdigit(before) || g_unichar_isdigit(after)));
}

/* Whether a cut of a word at byte `at` of `text` (where a cut's mark
 * may already stand) shows a hyphen (hyphen_between). */
static bool
cut_shows_hyphen(const char *text, size_t at)
{
    if (at == 0)
        return true;
    const char *after = text + at;
    if (is_soft_hyphen(after))
        after += CUT_MARK_LEN;
    return hyphen_between(
        g_utf8_get_char(g_utf8_find_prev_char(text, text + at)),
        g_utf8_get_char(after));
}

/* Whether the character at `p` ends a word for cutting: a space, but
 * not a no-break one, where no line breaks (a number too wide for its
 * line, "1 600 000 000", or one tied to the word after it, is cut as
 * one word). */
static bool
ends_word(const char *p)
{
    gunichar c = g_utf8_get_char(p);
    return g_unichar_isspace(c) && !is_group_space(c);
}

/* The cluster of a word before the one at `at` (advance[] as cut_word
 * has it: -1 inside a cluster), or `floor` when none is after it. */
static size_t
cluster_before(const int *advance, size_t at, size_t floor)
{
    size_t back = at;
    while (back > floor) {
        back--;
        if (advance[back] >= 0)
            return back;
    }
    return floor;
}

/* Whether what follows a cut at `at` of the word w[0, n) is a lone
 * letter or digit: one cluster, then the word's end or a mark ("e" of
 * "exempl-" / "e", "e." or "e-" too). */
static bool
lone_after(const char *w, const int *advance, size_t n, size_t at)
{
    if (at >= n || !g_unichar_isalnum(g_utf8_get_char(w + at)))
        return false;
    size_t next = at + 1;
    while (next < n && advance[next] < 0)
        next++;
    return next >= n || !g_unichar_isalnum(g_utf8_get_char(w + next));
}


/* Offsets into the text being cut, in increasing order. */
typedef struct {
    size_t *at;
    size_t n, cap;
} offsets;

static void
offsets_add(offsets *o, size_t at)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 64;
        size_t *more = realloc(o->at, cap * sizeof(*more));
        if (!more)
            return; /* the spans then drift: only their styles are off */
        o->at = more;
        o->cap = cap;
    }
    o->at[o->n++] = at;
}

/* How many of the offsets are below x (or at most x, with `at_too`). */
static size_t
offsets_before(const offsets *o, size_t x, bool at_too)
{
    size_t lo = 0, hi = o->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (o->at[mid] < x || (at_too && o->at[mid] == x))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The width of text[from, to), a piece cut_word cut from a word, drawn
 * as its line shows it: with its spans' styles and the hyphen. */
static double
piece_width(const too_wide_ctx *ctx, const char *text, size_t from,
            size_t to)
{
    GString *line = g_string_new(NULL);
    if (ctx->nspans)
        append_styled(line, text, from, to, ctx->spans, ctx->nspans);
    else
        g_string_append_len(line, text + from, (gssize)(to - from));
    if (cut_shows_hyphen(text, to)) {
        /* The hyphen has the styles of the spans going on across the
         * cut, as cut_wide_words moves them over its mark. */
        bool bold = false, italic = false;
        for (size_t i = 0; i < ctx->nspans; i++) {
            if (ctx->spans[i].start < to && ctx->spans[i].end > to) {
                bold |= ctx->spans[i].bold;
                italic |= ctx->spans[i].italic;
            }
        }
        g_string_append_printf(line, "%s%s-%s%s", bold ? "<b>" : "",
                               italic ? "<i>" : "", italic ? "</i>" : "",
                               bold ? "</b>" : "");
    }
    double w = ctx->nspans ? kf_text_measure_markup(ctx->family, line->str,
                                                    ctx->size, ctx->weight)
                                 .width
                           : kf_text_measure(ctx->family, line->str,
                                             ctx->size, ctx->weight)
                                 .width;
    g_string_free(line, TRUE);
    return w;
}

/* Appends the word text[from, to) to `out` cut into pieces that each fit
 * the line with the hyphen shown at their end, CUT_MARK after each piece
 * but the last (its offset in `text` added to `cuts`); returns whether it
 * cut.  The advances come from shaping the word once (with its spans'
 * styles).  Why not leave the cutting to pango (PANGO_WRAP_WORD_CHAR, or
 * a soft hyphen between every two characters): pango 1.50 reshapes, or
 * adds up the advances of, the rest of a run for every line it takes from
 * it, so a word of n letters cost n^2 / (letters a line): 16 000 letters
 * in a text took 5.6 s, 60 000 in a bar's label 18.5 s.  Nor a line feed
 * after each piece: pango counts the characters before each paragraph
 * from the start of the text.  The callers wrap each piece apart
 * (wrap_pieces): the cost is the length.  With `hyphen_after`, a soft
 * hyphen follows the word (a part of one), where a line may end showing
 * a hyphen: its last piece leaves room for that hyphen. */
static bool
cut_word(GString *out, const char *text, size_t from, size_t to,
         bool hyphen_after, too_wide_ctx *ctx, offsets *cuts)
{
    PangoContext *context = kf_text_context(ctx->family);
    size_t n = to - from;
    int *advance = context ? malloc((n + 1) * sizeof(*advance)) : NULL;
    if (!advance) {
        g_string_append_len(out, text + from, (gssize)n);
        return false;
    }
    PangoLayout *layout;
    if (ctx->nspans) {
        GString *markup = g_string_new(NULL);
        append_styled(markup, text, from, to, ctx->spans, ctx->nspans);
        layout = kf_text_layout_markup(context, ctx->family, markup->str,
                                       ctx->size, ctx->weight);
        g_string_free(markup, TRUE);
    } else {
        char *word = strndup(text + from, n);
        layout = kf_text_layout(context, ctx->family, word ? word : "",
                                ctx->size, ctx->weight);
        free(word);
    }
    /* The advance of each cluster at its first byte, -1 inside one: a
     * cut never separates a base from its marks or a ligature's parts. */
    for (size_t i = 0; i <= n; i++)
        advance[i] = -1;
    PangoRectangle all;
    pango_layout_get_extents(layout, NULL, &all);
    double hyphen = kf_text_measure(ctx->family, "-", ctx->size,
                                    ctx->weight).width;
    bool wide = (double)all.width / PANGO_SCALE +
                    (hyphen_after ? hyphen : 0) >
                ctx->width;
    PangoLayoutIter *it = wide ? pango_layout_get_iter(layout) : NULL;
    do {
        if (!it)
            break;
        int index = pango_layout_iter_get_index(it);
        PangoRectangle logical;
        pango_layout_iter_get_cluster_extents(it, NULL, &logical);
        if (index >= 0 && (size_t)index < n)
            advance[index] = logical.width;
    } while (pango_layout_iter_next_cluster(it));
    if (it)
        pango_layout_iter_free(it);
    g_object_unref(layout);

    int room = (int)((ctx->width - hyphen) * PANGO_SCALE);
    int full = (int)(ctx->width * PANGO_SCALE);
    int left = 0; /* the advances from cluster i to the word's end */
    for (size_t i = 0; wide && i < n; i++)
        if (advance[i] > 0)
            left += advance[i];
    const char *w = text + from;
    bool cut = false;
    int used = 0;
    size_t copied = 0;
    size_t after_mark = 0; /* the cluster after the piece's last dash */
    int used_to_mark = 0;
    for (size_t i = 0; wide && i < n;
         i = (size_t)(g_utf8_next_char(w + i) - w)) {
        if (advance[i] < 0)
            continue;
        /* The rest of the word fits on the line, with the hyphen shown
         * when a line may end at the soft hyphen after it. */
        if (used + left <= (hyphen_after ? room : full))
            break;
        gunichar u = g_utf8_get_char(w + i);
        size_t next = (size_t)(g_utf8_next_char(w + i) - w);
        gunichar after = next < n ? g_utf8_get_char(w + next) : 0;
        /* A piece ending in a dash of its own, or inside a number, shows
         * no hyphen of a cut, and needs no room for one. */
        int limit = hyphen_between(u, after) ? room : full;
        if (used > 0 && used + advance[i] > limit && !g_unichar_ismark(u) &&
            !g_unichar_iszerowidth(u)) {
            /* A dash or slash of the word's own is the better place to
             * part it ("Île-de-" / "France", not "Île-d-" / "e-France"),
             * when the line it ends is at least half full. */
            size_t at = i;
            size_t back = cluster_before(advance, at, copied);
            if (after_mark > copied && 2 * used_to_mark >= room)
                at = after_mark;
            else if (lone_after(w, advance, n, at) && back > copied &&
                     cluster_before(advance, back, copied) > copied)
                at = back; /* "exemp-" / "le", never "exempl-" / "e" */
            /* Drawn alone, with its hyphen, the piece may be wider than
             * its advances add up to (a letter kerned with the hyphen):
             * then it ends a cluster earlier. */
            double width = piece_width(ctx, text, from + copied, from + at);
            while (width > ctx->width + 0.005) {
                back = cluster_before(advance, at, copied);
                if (back <= copied)
                    break;
                at = back;
                width = piece_width(ctx, text, from + copied, from + at);
            }
            g_string_append_len(out, w + copied, (gssize)(at - copied));
            g_string_append(out, CUT_MARK);
            offsets_add(cuts, from + at);
            if (width > ctx->widest_cut)
                ctx->widest_cut = width;
            copied = at;
            used = 0;
            for (size_t j = at; j < i; j++)
                if (advance[j] > 0)
                    used += advance[j];
            cut = true;
            after_mark = 0;
        }
        used += advance[i];
        left -= advance[i];
        /* A number is best parted after a group space or mark
         * ("1,600,000," / "000,000"). */
        bool group = (u == ',' || u == '.' || u == '\'' || u == 0x2019) &&
                     i > 0 && g_unichar_isdigit(after) &&
                     g_unichar_isdigit(g_utf8_get_char(
                         g_utf8_find_prev_char(w, w + i)));
        if ((parts_after(u) || group) && next < n && advance[next] >= 0) {
            after_mark = next;
            used_to_mark = used;
        }
    }
    g_string_append_len(out, text + from + copied, (gssize)(n - copied));
    free(advance);
    return cut;
}

/* A word still wider than its line once hyphenated (a code, a made-up
 * word, a long number) has to be cut between two characters: each part
 * too wide for the line (the parts between the soft hyphens hyphenation
 * put in) is cut by cut_word.  Returns a malloc'ed copy of `text`, or
 * NULL when nothing was cut; `ends` gets the offset in it just after
 * each cut's mark.  With ctx->spans, *spans gets them moved to the bytes
 * of the result (malloc'ed, or NULL). */
static char *
cut_wide_words(const char *text, too_wide_ctx *ctx, kf_text_span **spans,
               offsets *ends)
{
    GString *out = NULL;
    const char *p = text, *copied = text;
    offsets cuts = {0};
    if (spans)
        *spans = NULL;
    const char *word_end = text; /* the end of the word p is in */
    while (*p) {
        while (*p && (g_unichar_isspace(g_utf8_get_char(p)) ||
                      is_soft_hyphen(p)))
            p = g_utf8_next_char(p);
        if (p >= word_end && *p) {
            /* A word that fits whole has no part too wide: measured once,
             * not syllable by syllable once hyphenated. */
            word_end = p;
            while (*word_end && !ends_word(word_end))
                word_end = g_utf8_next_char(word_end);
            if (!too_wide(p, (size_t)(word_end - p), ctx)) {
                p = word_end;
                continue;
            }
        }
        const char *start = p;
        while (*p && !ends_word(p) && !is_soft_hyphen(p))
            p = g_utf8_next_char(p);
        bool hyphen_after = is_soft_hyphen(p);
        if (p == start || !too_wide_shown(start, (size_t)(p - start),
                                          hyphen_after, ctx))
            continue;
        if (!out)
            out = g_string_new(NULL);
        g_string_append_len(out, copied, start - copied);
        cut_word(out, text, (size_t)(start - text), (size_t)(p - text),
                 hyphen_after, ctx, &cuts);
        copied = p;
    }
    if (!out || cuts.n == 0) {
        if (out)
            g_string_free(out, TRUE);
        free(cuts.at);
        return NULL;
    }
    g_string_append(out, copied);
    for (size_t k = 0; k < cuts.n; k++)
        offsets_add(ends, cuts.at[k] + (k + 1) * CUT_MARK_LEN);
    if (spans && ctx->nspans) {
        /* A mark at offset a goes before the byte a: a span starting at a
         * starts after it, a span ending at a ends before it. */
        kf_text_span *moved = malloc(ctx->nspans * sizeof(*moved));
        for (size_t i = 0; moved && i < ctx->nspans; i++) {
            moved[i] = ctx->spans[i];
            moved[i].start +=
                offsets_before(&cuts, moved[i].start, true) * CUT_MARK_LEN;
            moved[i].end +=
                offsets_before(&cuts, ctx->spans[i].end, false) *
                CUT_MARK_LEN;
        }
        *spans = moved;
    }
    free(cuts.at);
    char *cut = strdup(out->str);
    g_string_free(out, TRUE);
    return cut;
}

/* Whether text[from, to) is a piece of one word between two cuts (no
 * space or soft hyphen before the cut's mark): it is then one line, as
 * wide as cut_word measured it, and needs no wrapping. */
static bool
inner_piece(const char *text, size_t from, size_t to)
{
    if (to < from + CUT_MARK_LEN + 1)
        return false;
    for (const char *p = text + from; p < text + to - CUT_MARK_LEN;
         p = g_utf8_next_char(p))
        if (g_unichar_isspace(g_utf8_get_char(p)) || is_soft_hyphen(p))
            return false;
    return true;
}

/* Appends `more` lines to *lines (n of them), taking their strings. */
static void
lines_append(char ***lines, size_t *n, size_t *cap, char **more,
             size_t nmore)
{
    if (*n + nmore > *cap) {
        size_t c = *cap * 2 > *n + nmore ? *cap * 2 : *n + nmore + 8;
        char **grown = realloc(*lines, c * sizeof(*grown));
        if (!grown) {
            kf_text_lines_free(more, nmore);
            return;
        }
        *lines = grown;
        *cap = c;
    }
    memcpy(*lines + *n, more, nmore * sizeof(*more));
    *n += nmore;
    free(more);
}

/* `text` wrapped by pango to `room` points, its lines measured against
 * `width` (break_lines); `keep` forbids breaks inside hyphenated words. */
static size_t
wrap_at(PangoContext *context, const char *family, const char *text,
        double size, kf_weight weight, double room, double width, bool keep,
        PangoWrapMode mode, char ***lines, double *widest, double *retry)
{
    /* A piece ending at a cut ends in the break's hyphen (piece_of): no
     * break inside it, nor before it, which would leave a hyphen alone
     * on a line; its soft hyphen is wrapped as NO_BREAK_MARK. */
    size_t len = strlen(text);
    bool marked = len > KF_TEXT_BREAK_HYPHEN_LEN &&
                  kf_text_ends_in_break_hyphen(text, len);
    char *unbroken = marked ? strdup(text) : NULL;
    if (unbroken)
        memcpy(unbroken + len - KF_TEXT_BREAK_HYPHEN_LEN, NO_BREAK_MARK,
               CUT_MARK_LEN);
    PangoLayout *layout = kf_text_layout(
        context, family, unbroken ? unbroken : text, size, weight);
    free(unbroken);
    pango_layout_set_width(layout, (int)(room * PANGO_SCALE));
    pango_layout_set_wrap(layout, mode);
    if (marked) {
        PangoAttrList *attrs = NULL;
        const char *last = g_utf8_find_prev_char(
            text, text + len - KF_TEXT_BREAK_HYPHEN_LEN);
        forbid_breaks(&attrs, layout, (size_t)(last - text), len);
        set_forbidden_breaks(layout, attrs);
    }
    if (keep) {
        keep_hyphenated_words(layout, text);
        if (breaks_at_dash(layout, text))
            tie_dashes(layout, text, family, size, weight, room);
    }
    size_t n = break_lines(layout, family, size, weight, text, width, lines,
                           widest, retry);
    g_object_unref(layout);
    return n;
}

/* How many times a piece is wrapped again narrower (wrap_piece). */
#define NARROWER_TRIES 3

/* Whether wrapping narrower is given up for wrapping between grapheme
 * clusters, after `tries` tries of which the last asked for `retry` in a
 * room of `room`.  Pango keeps a line it measures wider than the room
 * when no break its line-breaking rules allow fits, and does not cut it
 * (a Hebrew word tied to "?ܹि" by French typography's U+202F): a
 * narrower room then changes nothing. */
static bool
gives_up(int tries, double retry, double room)
{
    return tries == NARROWER_TRIES || retry >= room - 0.001;
}

/* The room to wrap between grapheme clusters in: a line cut inside a
 * word shows a hyphen after it. */
static double
char_wrap_room(const char *family, double size, kf_weight weight,
               double width)
{
    double room = width - kf_text_measure(family, "-", size, weight).width;
    return room > 0 ? room : width;
}

/* One piece of a wrapped text, as kf_text_wrap's lines: wrapped again
 * narrower while a line drawn alone passes the width (break_lines says
 * why).  A line of one glyph wider than the width (a letter of a huge
 * title in a narrow column) cannot be helped and is kept. */
static size_t
wrap_piece(PangoContext *context, const char *family, const char *text,
           double size, kf_weight weight, double width, char ***lines,
           double *widest)
{
    double room = width, retry;
    size_t n;
    for (int tries = 0;; tries++) {
        n = wrap_at(context, family, text, size, weight, room, width, true,
                    PANGO_WRAP_WORD_CHAR, lines, widest, &retry);
        if (retry > 0) {
            /* A hyphenated word longer than the line: let it break after
             * all. */
            kf_text_lines_free(*lines, n);
            n = wrap_at(context, family, text, size, weight, room, width,
                        false, PANGO_WRAP_WORD_CHAR, lines, widest, &retry);
        }
        if (retry == 0)
            return n;
        kf_text_lines_free(*lines, n);
        if (gives_up(tries, retry, room))
            break;
        room = retry;
    }
    /* Between clusters, narrower again while a line drawn alone passes:
     * a cut in "2ème" leaves "2èm" no longer an ordinal, its letters no
     * longer raised, 2 pt wider than pango measured them. */
    room = char_wrap_room(family, size, weight, width);
    for (int tries = 0;; tries++) {
        n = wrap_at(context, family, text, size, weight, room, width, false,
                    PANGO_WRAP_CHAR, lines, widest, &retry);
        if (retry == 0 || gives_up(tries, retry, room))
            return n;
        kf_text_lines_free(*lines, n);
        room = retry;
    }
}

/* text[from, to) in a malloc'ed string; with `cut_end` the piece ends
 * in a cut's mark, shown as the hyphen (cut_shows_hyphen). */
static char *
piece_of(const char *text, size_t from, size_t to, bool cut_end)
{
    if (!cut_end)
        return strndup(text + from, to - from);
    size_t len = to - CUT_MARK_LEN - from;
    char *piece = malloc(len + KF_TEXT_BREAK_HYPHEN_LEN + 1);
    if (!piece)
        return NULL;
    memcpy(piece, text + from, len);
    if (cut_shows_hyphen(text, to - CUT_MARK_LEN)) {
        memcpy(piece + len, KF_TEXT_BREAK_HYPHEN, KF_TEXT_BREAK_HYPHEN_LEN);
        len += KF_TEXT_BREAK_HYPHEN_LEN;
    }
    piece[len] = '\0';
    return piece;
}

static size_t
wrap_uncached(kf_locale locale, const char *family, const char *original,
              double size, kf_weight weight, double width, char ***lines,
              double *widest)
{
    *lines = NULL;
    *widest = 0;
    PangoContext *context = kf_text_context(family);
    if (!context)
        return 0;
    /* Soft hyphens where the language allows a break inside a word that
     * cannot fit on a line by itself: pango breaks there and draws the
     * hyphen.  Words that fit move to the next line whole. */
    too_wide_ctx ctx = {family, size, weight, width, NULL, 0, 0};
    char *hyphenated = kf_hyphenate(locale, original, label_wants, &ctx);
    const char *text = hyphenated ? hyphenated : original;
    offsets ends = {0};
    char *cut = cut_wide_words(text, &ctx, NULL, &ends);
    if (cut) {
        free(hyphenated);
        hyphenated = cut;
        text = cut;
    }
    /* Each piece that ends at a cut apart (cut_word says why). */
    size_t n = 0, cap = 0, from = 0, len = strlen(text);
    for (size_t k = 0; k <= ends.n; k++) {
        size_t to = k < ends.n ? ends.at[k] : len;
        if (k > 0 && k < ends.n && inner_piece(text, from, to)) {
            char **line = malloc(sizeof(*line));
            if (line && (line[0] = piece_of(text, from, to, true)))
                lines_append(lines, &n, &cap, line, 1);
            else
                free(line);
            from = to;
            continue;
        }
        /* A piece ending at a cut is wrapped with the hyphen its last
         * line shows, so that pango leaves it room. */
        char *piece = piece_of(text, from, to, k < ends.n);
        char **more = NULL;
        double w = 0;
        size_t nmore = piece ? wrap_piece(context, family, piece, size,
                                          weight, width, &more, &w)
                             : 0;
        free(piece);
        if (more)
            lines_append(lines, &n, &cap, more, nmore);
        if (w > *widest)
            *widest = w;
        from = to;
    }
    free(ends.at);
    free(hyphenated);
    if (ctx.widest_cut > *widest)
        *widest = ctx.widest_cut;
    return n;
}

bool
kf_text_ends_in_break_hyphen(const char *text, size_t len)
{
    return len >= KF_TEXT_BREAK_HYPHEN_LEN &&
           memcmp(text + len - KF_TEXT_BREAK_HYPHEN_LEN, KF_TEXT_BREAK_HYPHEN,
                  KF_TEXT_BREAK_HYPHEN_LEN) == 0;
}

void
kf_text_lines_free(char **lines, size_t count)
{
    if (!lines)
        return;
    for (size_t i = 0; i < count; i++)
        free(lines[i]);
    free(lines);
}

/* Where a span begins or ends inside the text being styled, and what
 * changes there. */
typedef struct {
    size_t at;
    int bold, italic; /* +1 where a span opens, -1 where it closes */
} span_edge;

static int
compare_edges(const void *a, const void *b)
{
    size_t x = ((const span_edge *)a)->at, y = ((const span_edge *)b)->at;
    return x < y ? -1 : x > y;
}

/* Appends text[from, to) to `out` with the markup of the spans over it:
 * a run of text per stretch between two edges of spans, in <b> and <i>
 * as the spans open there say.  The edges are sorted and swept, so a
 * paragraph of thousands of bold words costs its edges, not the spans
 * times the runs (each line of it asked for every span). */
static void
append_styled(GString *out, const char *text, size_t from, size_t to,
              const kf_text_span *spans, size_t nspans)
{
    size_t n = 0;
    span_edge *edges = nspans ? malloc(2 * nspans * sizeof(*edges)) : NULL;
    for (size_t i = 0; edges && i < nspans; i++) {
        const kf_text_span *sp = &spans[i];
        if (sp->start >= sp->end || sp->start >= to || sp->end <= from)
            continue;
        int b = sp->bold, it = sp->italic;
        edges[n++] = (span_edge){sp->start > from ? sp->start : from, b, it};
        edges[n++] = (span_edge){sp->end < to ? sp->end : to, -b, -it};
    }
    if (n)
        qsort(edges, n, sizeof(*edges), compare_edges);
    int bold = 0, italic = 0;
    size_t k = 0, p = from;
    while (p < to) {
        for (; k < n && edges[k].at <= p; k++) {
            bold += edges[k].bold;
            italic += edges[k].italic;
        }
        size_t end = k < n && edges[k].at < to ? edges[k].at : to;
        char *esc = g_markup_escape_text(text + p, (gssize)(end - p));
        g_string_append_printf(out, "%s%s%s%s%s", bold ? "<b>" : "",
                               italic ? "<i>" : "", esc,
                               italic ? "</i>" : "", bold ? "</b>" : "");
        g_free(esc);
        p = end;
    }
    free(edges);
}

/* A line of a rich paragraph as markup: `text`'s bytes [start, start +
 * len) with their styles, the soft hyphens dropped (so the text keeps its
 * own code points) but one ending a line that is not the last, which
 * becomes KF_TEXT_BREAK_HYPHEN (the break is there). */
static char *
rich_line(const char *text, size_t start, size_t len,
          const kf_text_span *spans, size_t nspans, bool last)
{
    GString *styled = g_string_new(NULL);
    append_styled(styled, text, start, start + len, spans, nspans);
    bool hyphen = !last && len >= 2 && is_soft_hyphen(text + start + len - 2);
    /* Markup escaping and tags are ASCII: every C2 AD is a soft hyphen;
     * the line's last one is followed by closing tags only. */
    size_t lastsoft = styled->len;
    for (size_t j = 0; j + 1 < styled->len; j++)
        if (is_soft_hyphen(styled->str + j))
            lastsoft = j;
    GString *l = g_string_sized_new(styled->len + KF_TEXT_BREAK_HYPHEN_LEN);
    for (size_t j = 0; j < styled->len; j++) {
        if (j + 1 < styled->len && is_soft_hyphen(styled->str + j)) {
            if (hyphen && j == lastsoft)
                g_string_append(l, KF_TEXT_BREAK_HYPHEN);
            j++;
            continue;
        }
        g_string_append_c(l, styled->str[j]);
    }
    g_string_free(styled, TRUE);
    return g_string_free(l, FALSE);
}

/* The most lines in a row of a text block that end in a hyphen, one a
 * break added or a word's own ("Saint-Quentin-en-" / "Yvelines"): French
 * and English practice allow two (three at most), and a column of 40 mm
 * had four, a ladder down its right edge. */
#define HYPHENS_IN_A_ROW 2

/* How many lines' worth of a piece's bytes (at the piece's own bytes a
 * line) are wrapped at a time once a word is kept whole (wrap_again). */
#define WINDOW_LINES 6

/* Where a line of a piece starts and ends, and how. */
typedef struct {
    size_t start, end; /* bytes of the text: its first, and where it breaks */
    bool hyphen;       /* it ends in a hyphen, a break's or a word's own */
    bool forced;       /* one no word kept whole takes away (a cut) */
} line_end;

/* Whether the byte `at` of text lies in one of the words `keep` holds
 * ([start, end) pairs). */
static bool
kept_at(const offsets *keep, size_t at)
{
    for (size_t k = 0; k + 1 < keep->n; k += 2)
        if (at >= keep->at[k] && at < keep->at[k + 1])
            return true;
    return false;
}

/* Makes the soft hyphens of the words `keep` holds NO_BREAK_MARK in
 * `markup`, the markup of text[from, to) (append_styled: tags and
 * escapes are ASCII, so its soft hyphens are the text's, in order). */
static void
keep_in_markup(GString *markup, const char *text, size_t from, size_t to,
               const offsets *keep)
{
    size_t m = 0;
    for (size_t i = from; keep->n && i + 1 < to; i++) {
        if (!is_soft_hyphen(text + i))
            continue;
        while (m + 1 < markup->len && !is_soft_hyphen(markup->str + m))
            m++;
        if (m + 1 >= markup->len)
            return;
        if (kept_at(keep, i))
            memcpy(markup->str + m, NO_BREAK_MARK, CUT_MARK_LEN);
        m += CUT_MARK_LEN;
        i++;
    }
}

/* Forbids the breaks inside the words `keep` holds that lie in the piece
 * text[from, end) laid out by `layout` (its bytes are the piece's): at a
 * word's own hyphens ("Saint-Quentin-en-Yvelines"). */
static void
keep_words(PangoLayout *layout, const offsets *keep, size_t from,
           size_t end)
{
    PangoAttrList *attrs = NULL;
    for (size_t k = 0; k + 1 < keep->n; k += 2) {
        size_t a = keep->at[k], b = keep->at[k + 1];
        if (a >= from && b <= end)
            forbid_breaks(&attrs, layout, a - from, b - from);
    }
    set_forbidden_breaks(layout, attrs);
}

/* Whether the line `e` of a piece text[from, to), after `row` lines in a
 * row that end in a hyphen, would end a third one that keeping its last
 * word whole avoids: that word, [*start, *end), fits on a line whole,
 * with a tenth to spare for its styles, and is not kept yet. */
static bool
third_to_avoid(const too_wide_ctx *ctx, const char *text, size_t from,
               size_t to, const line_end *e, int row, const offsets *keep,
               size_t *start, size_t *end)
{
    if (!e->hyphen || e->forced || row < HYPHENS_IN_A_ROW ||
        kept_at(keep, e->end - 1))
        return false;
    size_t a = e->end, b = e->end;
    while (a > from && !ends_word(g_utf8_find_prev_char(text, text + a)))
        a = (size_t)(g_utf8_find_prev_char(text, text + a) - text);
    while (b < to && !ends_word(text + b) &&
           !(b + CUT_MARK_LEN == to && is_soft_hyphen(text + b)))
        b = (size_t)(g_utf8_next_char(text + b) - text);
    GString *word = g_string_new(NULL);
    for (size_t i = a; i < b; i++) {
        if (is_soft_hyphen(text + i))
            i++;
        else
            g_string_append_c(word, text[i]);
    }
    bool fits = kf_text_measure(ctx->family, word->str, ctx->size,
                                ctx->weight)
                    .width <= 0.9 * ctx->width;
    g_string_free(word, TRUE);
    *start = a;
    *end = b;
    return fits;
}

/* The lines of text[from, to), a piece of a rich paragraph (with
 * `cut_end`, one that ends at a cut: it is wrapped with the hyphen its
 * last line shows), wrapped to `room` points and measured against
 * `width` as break_lines does (*retry); returns their count and sets
 * *out (NULL: no memory) and *ends, where each starts and ends.  The
 * words `keep` holds are not broken. */
static size_t
wrap_rich_at(PangoContext *context, const too_wide_ctx *ctx,
             const char *text, size_t from, size_t to, double room,
             bool cut_end, PangoWrapMode mode, const offsets *keep,
             char ***out, line_end **ends, double *retry)
{
    const char *family = ctx->family;
    const kf_text_span *spans = ctx->spans;
    size_t nspans = ctx->nspans;
    double size = ctx->size, width = ctx->width;
    kf_weight weight = ctx->weight;
    GString *markup = g_string_new(NULL);
    append_styled(markup, text, from, to, spans, nspans);
    if (mode != PANGO_WRAP_CHAR)
        keep_in_markup(markup, text, from, cut_end ? to - CUT_MARK_LEN : to,
                       keep);
    if (cut_end) {
        /* Markup escaping and tags are ASCII: the last C2 AD is the
         * cut's mark. */
        size_t mark = markup->len;
        for (size_t j = 0; j + 1 < markup->len; j++)
            if (is_soft_hyphen(markup->str + j))
                mark = j;
        if (mark < markup->len) {
            g_string_erase(markup, (gssize)mark, CUT_MARK_LEN);
            if (cut_shows_hyphen(text, to - CUT_MARK_LEN))
                g_string_insert_c(markup, (gssize)mark, '-');
        }
    }
    PangoLayout *layout =
        kf_text_layout_markup(context, family, markup->str, size, weight);
    g_string_free(markup, TRUE);
    pango_layout_set_width(layout, (int)(room * PANGO_SCALE));
    pango_layout_set_wrap(layout, mode);
    if (mode != PANGO_WRAP_CHAR)
        keep_words(layout, keep, from, cut_end ? to - CUT_MARK_LEN : to);
    /* Not when wrapping between clusters, the last resort. */
    if (mode != PANGO_WRAP_CHAR &&
        breaks_at_dash(layout, pango_layout_get_text(layout)))
        tie_dashes(layout, pango_layout_get_text(layout), family, size,
                   weight, room);
    int count = pango_layout_get_line_count(layout);
    char **more = calloc((size_t)count + 1, sizeof(char *));
    line_end *at = calloc((size_t)count + 1, sizeof(*at));
    const char *shown = pango_layout_get_text(layout);
    char_walk cw = {0};
    cw.attrs = pango_layout_get_log_attrs_readonly(layout, &cw.nattrs);
    *retry = 0;
    /* The list walked, as in break_lines; line indices are the piece's,
     * the same bytes as the text's up to the cut's mark. */
    GSList *next = pango_layout_get_lines_readonly(layout);
    for (int i = 0; more && at && i < count && next;
         i++, next = next->next) {
        PangoLayoutLine *line = next->data;
        size_t start = from + (size_t)line->start_index;
        size_t len = (size_t)line->length;
        bool last = i + 1 == count;
        len = shown_length(shown + (start - from), len);
        bool breaks = line_can_break(
            cw.attrs, cw.nattrs,
            char_index(&cw, shown, (size_t)line->start_index), shown,
            line->start_index, (int)len);
        /* A line ends in a hyphen at a soft one where it breaks, at a
         * word's own before a letter, and at a cut that shows one. */
        const char *end = shown + line->start_index + len;
        bool hyphen =
            last ? cut_end && cut_shows_hyphen(text, to - CUT_MARK_LEN)
                 : (len >= 2 && is_soft_hyphen(end - 2)) ||
                       (len >= 2 && end[-1] == '-' && *end &&
                        g_unichar_isalpha(g_utf8_get_char(end)) &&
                        g_unichar_isalnum(g_utf8_get_char(
                            g_utf8_find_prev_char(shown, end - 1))));
        at[i] = (line_end){start, start + len, hyphen,
                           last || mode == PANGO_WRAP_CHAR};
        if (cut_end && last)
            len = to - start; /* to the mark, which shows the hyphen */
        more[i] = rich_line(text, start, len, spans, nspans,
                            last && !(cut_end && cut_shows_hyphen(
                                                     text, to - CUT_MARK_LEN)));
        double w = more[i] ? kf_text_measure_markup(family, more[i], size,
                                                    weight).width
                           : 0;
        PangoRectangle logical;
        pango_layout_line_get_extents(line, NULL, &logical);
        retry_narrower(retry, breaks, w, width,
                       (double)logical.width / PANGO_SCALE);
    }
    g_object_unref(layout);
    if (!more || !at) {
        kf_text_lines_free(more, (size_t)count);
        free(at);
        more = NULL;
        at = NULL;
    }
    *out = more;
    *ends = at;
    return more ? (size_t)count : 0;
}

/* The lines of text[from, to) wrapped to the width, and narrower as
 * wrap_piece does when a line drawn alone passes it, the words `keep`
 * holds kept whole; as wrap_rich_at. */
static size_t
wrap_rich_keeping(PangoContext *context, const too_wide_ctx *ctx,
                  const char *text, size_t from, size_t to, bool cut_end,
                  const offsets *keep, char ***more, line_end **ends)
{
    double room = ctx->width, retry;
    size_t count;
    for (int tries = 0;; tries++) {
        count = wrap_rich_at(context, ctx, text, from, to, room, cut_end,
                             PANGO_WRAP_WORD_CHAR, keep, more, ends, &retry);
        if (retry == 0)
            return count;
        kf_text_lines_free(*more, count);
        free(*ends);
        if (gives_up(tries, retry, room))
            break;
        room = retry;
    }
    /* Between clusters, narrower again as wrap_piece does. */
    for (int tries = 0;; tries++) {
        room = tries ? retry
                     : char_wrap_room(ctx->family, ctx->size, ctx->weight,
                                      ctx->width);
        count = wrap_rich_at(context, ctx, text, from, to, room, cut_end,
                             PANGO_WRAP_CHAR, keep, more, ends, &retry);
        if (retry == 0 || gives_up(tries, retry, room))
            return count;
        kf_text_lines_free(*more, count);
        free(*ends);
    }
}

/* Appends `line` to *lines (n of them), taking it. */
static void
line_take(char ***lines, size_t *n, size_t *cap, char *line)
{
    char **one = malloc(sizeof(*one));
    if (!one) {
        free(line);
        return;
    }
    one[0] = line;
    lines_append(lines, n, cap, one, 1);
}

/* The index of the line of `first` (n of them) that starts at byte
 * `at`, after line k; n when none does. */
static size_t
line_starting(const line_end *first, size_t n, size_t k, size_t at)
{
    size_t lo = k + 1, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (first[mid].start < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && first[lo].start == at ? lo : n;
}

/* Wraps the piece text[from, to) again from line k of its first wrap
 * (`first`, n lines), the word that line would end kept whole, a few
 * lines at a time (WINDOW_LINES), appending the lines taken to *lines
 * and counting *row on, until a line starts where one of the first wrap
 * did: returns that line's index, or n when the piece is done.  Each
 * time is as long as a few lines: wrapping the rest of the piece again
 * for each word kept cost the words kept times the piece (a column of
 * long words: 5.6 times the time). */
static size_t
wrap_again(PangoContext *context, const too_wide_ctx *ctx, const char *text,
           size_t from, size_t to, bool cut_end, offsets *keep, int *row,
           const line_end *first, size_t n, size_t k, char ***lines,
           size_t *nlines, size_t *cap)
{
    size_t at = first[k].start;
    size_t span = WINDOW_LINES * ((to - from) / n + 1);
    for (;;) {
        size_t end = at + span < to ? at + span : to;
        while (end < to && !ends_word(text + end))
            end = (size_t)(g_utf8_next_char(text + end) - text);
        bool whole = end >= to;
        char **more;
        line_end *ends;
        size_t count = wrap_rich_keeping(context, ctx, text, at, end,
                                         whole && cut_end, keep, &more,
                                         &ends);
        /* The last line of a window short of the piece's end may end
         * short: it is wrapped again with the next. */
        size_t usable = whole ? count : count > 0 ? count - 1 : 0;
        size_t j = 0, again = SIZE_MAX, ws, we;
        for (; j < usable && again == SIZE_MAX; j++) {
            if (third_to_avoid(ctx, text, from, to, &ends[j], *row, keep,
                               &ws, &we)) {
                offsets_add(keep, ws);
                offsets_add(keep, we);
                again = ends[j].start;
                break;
            }
            *row = ends[j].hyphen ? *row + 1 : 0;
            line_take(lines, nlines, cap, more[j]);
            more[j] = NULL;
            size_t next = j + 1 < count ? ends[j + 1].start : to;
            size_t m = line_starting(first, n, k, next);
            if (m < n || next >= to) {
                kf_text_lines_free(more, count);
                free(ends);
                return m;
            }
        }
        if (again == SIZE_MAX && usable == 0 && whole) {
            kf_text_lines_free(more, count);
            free(ends);
            return n; /* nothing left, or no memory */
        }
        if (again == SIZE_MAX && usable == 0)
            span *= 2; /* a window of one line: a longer one */
        else if (again == SIZE_MAX)
            again = ends[usable].start;
        if (again != SIZE_MAX)
            at = again;
        kf_text_lines_free(more, count);
        free(ends);
    }
}

/* Appends the lines of the piece text[from, to) (with `cut_end`, one
 * that ends at a cut) to *lines, wrapped by wrap_rich_keeping, but no
 * more than HYPHENS_IN_A_ROW in a row ending in a hyphen: the word that
 * would end a third is kept whole (it moves to the next line) when it
 * fits on one.  *row counts the lines in a row ending in a hyphen, from
 * the piece before; `keep` gathers the words kept whole.  A piece with
 * no third costs one wrap. */
static void
wrap_rich_piece(PangoContext *context, const too_wide_ctx *ctx,
                const char *text, size_t from, size_t to, bool cut_end,
                offsets *keep, int *row, char ***lines, size_t *n,
                size_t *cap)
{
    char **more;
    line_end *ends;
    size_t count = wrap_rich_keeping(context, ctx, text, from, to, cut_end,
                                     keep, &more, &ends);
    size_t k = 0;
    while (k < count) {
        size_t ws, we;
        if (third_to_avoid(ctx, text, from, to, &ends[k], *row, keep, &ws,
                           &we)) {
            offsets_add(keep, ws);
            offsets_add(keep, we);
            k = wrap_again(context, ctx, text, from, to, cut_end, keep, row,
                           ends, count, k, lines, n, cap);
            continue;
        }
        *row = ends[k].hyphen ? *row + 1 : 0;
        line_take(lines, n, cap, more[k]);
        more[k] = NULL;
        k++;
    }
    kf_text_lines_free(more, count);
    free(ends);
}

/* `spans` over `original` moved to the bytes of `hyphenated`, the same
 * text with the soft hyphens kf_hyphenate put in (always between two
 * letters, so one of the text's own is never taken for one of them): a
 * span starting where one goes starts after it, one ending there ends
 * before it, as cut_wide_words moves them.  Malloc'ed, NULL when out of
 * memory (the styles are then dropped). */
static kf_text_span *
spans_after_hyphens(const char *original, const char *hyphenated,
                    const kf_text_span *spans, size_t nspans)
{
    offsets put = {0};
    for (size_t i = 0, j = 0; hyphenated[j];) {
        if (is_soft_hyphen(hyphenated + j) && !is_soft_hyphen(original + i)) {
            offsets_add(&put, i);
            j += CUT_MARK_LEN;
            continue;
        }
        i++;
        j++;
    }
    kf_text_span *moved = malloc(nspans * sizeof(*moved));
    for (size_t i = 0; moved && i < nspans; i++) {
        moved[i] = spans[i];
        moved[i].start += offsets_before(&put, spans[i].start, true) *
                          CUT_MARK_LEN;
        moved[i].end += offsets_before(&put, spans[i].end, false) *
                        CUT_MARK_LEN;
    }
    free(put.at);
    return moved;
}

static size_t
wrap_rich_uncached(kf_locale locale, const char *family,
                   const char *original, const kf_text_span *spans,
                   size_t nspans, double size, kf_weight weight, double width,
                   char ***out)
{
    *out = NULL;
    PangoContext *context = kf_text_context(family);
    if (!context)
        return 0;
    too_wide_ctx ctx = {family, size, weight, width, spans, nspans, 0};
    /* Soft hyphens at the language's hyphenation points (paragraph_wants
     * says in which words): pango breaks at one when the word does not
     * fit on the rest of the line, and the line shows the hyphen. */
    char *hyphenated = kf_hyphenate(locale, original, paragraph_wants, &ctx);
    kf_text_span *hyphen_spans = NULL;
    if (hyphenated && nspans) {
        hyphen_spans = spans_after_hyphens(original, hyphenated, spans,
                                           nspans);
        ctx.spans = hyphen_spans;
        ctx.nspans = hyphen_spans ? nspans : 0;
        spans = ctx.spans;
        nspans = ctx.nspans;
    }
    const char *hyphened = hyphenated ? hyphenated : original;
    kf_text_span *moved = NULL;
    offsets ends = {0};
    char *cut = cut_wide_words(hyphened, &ctx, &moved, &ends);
    const char *text = cut ? cut : hyphened;
    if (moved)
        spans = moved;
    too_wide_ctx piece_ctx = ctx;
    piece_ctx.spans = spans;
    piece_ctx.nspans = nspans;
    offsets keep = {0}; /* the words kept whole (wrap_rich_piece) */
    int row = 0;
    /* Each piece that ends at a cut apart (cut_word says why). */
    char **lines = NULL;
    size_t n = 0, cap = 0, from = 0, len = strlen(text);
    for (size_t k = 0; k <= ends.n; k++) {
        size_t to = k < ends.n ? ends.at[k] : len;
        if (k > 0 && k < ends.n && inner_piece(text, from, to)) {
            bool hyphen = cut_shows_hyphen(text, to - CUT_MARK_LEN);
            row = hyphen ? row + 1 : 0;
            char **line = malloc(sizeof(*line));
            if (line && (line[0] = rich_line(text, from, to - from, spans,
                                             nspans, !hyphen)))
                lines_append(&lines, &n, &cap, line, 1);
            else
                free(line);
            from = to;
            continue;
        }
        wrap_rich_piece(context, &piece_ctx, text, from, to, k < ends.n,
                        &keep, &row, &lines, &n, &cap);
        from = to;
    }
    free(keep.at);
    free(ends.at);
    free(moved);
    free(cut);
    free(hyphen_spans);
    free(hyphenated);
    if (!lines)
        lines = calloc(1, sizeof(char *));
    *out = lines;
    return lines ? n : 0;
}

/* ------------------------------------------------------------------ */
/* Per-thread caches of measurements, line breaks and shaped lines     */
/* ------------------------------------------------------------------ */

/* The layout measures the same strings many times (once to size a block,
 * again to place it, and labels of every row), and every output draws
 * them again; shaping is most of the time of both.  Results only depend
 * on their arguments, so each thread keeps them in open-addressing
 * tables, emptied when they fill: one for measures and line breaks, and
 * a smaller one of shaped lines ready to draw (a PangoLayout weighs a
 * few kilobytes), where every sheet of a batch finds its labels and the
 * PDF of a report finds the lines its PNG drew. */
typedef enum {
    ENTRY_MEASURE,
    ENTRY_SHAPED,
    ENTRY_SHAPED_MARKUP,
    ENTRY_WRAP, /* + the locale, which decides the hyphens */
    /* keyed by the paragraph's markup, + the locale */
    ENTRY_WRAP_RICH = ENTRY_WRAP + KF_LOCALE_EN_US + 1,
} entry_kind;

/* Everything a result depends on. */
typedef struct {
    const char *family;
    const char *text;
    double size;
    double width; /* a wrap's line width; 0 otherwise */
    int weight;
    int kind; /* entry_kind */
} text_key;

/* One result, allocated with its key's strings after it. */
typedef struct {
    text_key key; /* family and text point past the end of the entry */
    kf_text_extent extent;
    char **lines; /* a wrap's lines */
    size_t nlines;
    double widest;
    PangoLayout *layout; /* a shaped line's */
} cache_entry;

/* The table holds only hashes and pointers: 16 bytes a slot, so the
 * pages of a mostly empty table are never touched (every fresh page costs
 * a fault, and a single build only fills a few hundred slots). */
typedef struct {
    uint64_t hash;
    cache_entry *entry; /* NULL: free */
} cache_slot;

typedef struct {
    cache_slot *slots;
    size_t cap; /* a power of two */
    size_t count;
} text_cache;

typedef struct {
    text_cache measures;
    text_cache shaped;
} text_caches;

/* Sizes measured: the 4-page briefing fits its shaped lines in 1024 slots
 * (512 made it re-shape 6 % more), and a batch sheet adds about 40 new
 * measures and lines; tables this small are full within the first few
 * dozen sheets, so a batch's memory stays flat after them (+4 % from 100
 * to 1000 sheets at -j 2, against +7 % with 8192 measure slots). */
#define MEASURE_SLOTS 2048
#define SHAPED_SLOTS 1024
/* The most kf_text_cache_reserve grows them to: the shaped lines of the
 * largest report (KF_MAX_SHEETS sheets of tiles) at about 3 KiB each
 * stay under 35 MiB. */
#define MEASURE_SLOTS_MOST 32768
#define SHAPED_SLOTS_MOST 16384

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static _Thread_local text_caches *thread_caches;

static void
entries_free(text_cache *c)
{
    for (size_t i = 0; i < c->cap; i++) {
        cache_entry *e = c->slots[i].entry;
        if (!e)
            continue;
        kf_text_lines_free(e->lines, e->nlines);
        if (e->layout)
            g_object_unref(e->layout);
        free(e);
    }
}

static void
cache_clear(text_cache *c)
{
    entries_free(c);
    memset(c->slots, 0, c->cap * sizeof(*c->slots));
    c->count = 0;
}

/* Runs when a thread ends, so batch threads leave nothing behind. */
static void
caches_destroy(void *p)
{
    text_caches *cs = p;
    if (!cs)
        return;
    text_cache *each[] = {&cs->measures, &cs->shaped};
    for (size_t i = 0; i < 2; i++) {
        if (each[i]->slots)
            entries_free(each[i]);
        free(each[i]->slots);
    }
    free(cs);
}

static void
cache_key_create(void)
{
    pthread_key_create(&cache_key, caches_destroy);
}

static text_caches *
caches_get(void)
{
    if (thread_caches)
        return thread_caches;
    pthread_once(&cache_once, cache_key_create);
    text_caches *cs = calloc(1, sizeof(*cs));
    if (!cs)
        return NULL;
    cs->measures.slots = calloc(MEASURE_SLOTS, sizeof(cache_slot));
    cs->shaped.slots = calloc(SHAPED_SLOTS, sizeof(cache_slot));
    if (!cs->measures.slots || !cs->shaped.slots) {
        caches_destroy(cs);
        return NULL;
    }
    cs->measures.cap = MEASURE_SLOTS;
    cs->shaped.cap = SHAPED_SLOTS;
    pthread_setspecific(cache_key, cs);
    thread_caches = cs;
    return cs;
}

static uint64_t
fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211u;
    return h;
}

static uint64_t
key_hash(const text_key *k)
{
    uint64_t h = 1469598103934665603u;
    h = fnv1a(h, k->family, strlen(k->family) + 1);
    h = fnv1a(h, k->text, strlen(k->text));
    h = fnv1a(h, &k->size, sizeof(k->size));
    h = fnv1a(h, &k->width, sizeof(k->width));
    h = fnv1a(h, &k->weight, sizeof(k->weight));
    return fnv1a(h, &k->kind, sizeof(k->kind));
}

static bool
key_equal(const text_key *a, const text_key *b)
{
    return a->size == b->size && a->width == b->width &&
           a->weight == b->weight && a->kind == b->kind &&
           strcmp(a->family, b->family) == 0 && strcmp(a->text, b->text) == 0;
}

/* The slot holding `k`, or the free slot where it goes (the table is
 * emptied first when it is full enough to slow the probes). */
static cache_slot *
cache_find(text_cache *c, const text_key *k, uint64_t hash)
{
    if (c->count * 10 >= c->cap * 7)
        cache_clear(c);
    for (size_t i = hash & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
        cache_slot *s = &c->slots[i];
        if (!s->entry || (s->hash == hash && key_equal(&s->entry->key, k)))
            return s;
    }
}

/* Moves the entries of `c` into a table of `cap` slots (a power of two,
 * larger than c->cap); false, leaving `c` as it was, when out of memory. */
static bool
cache_grow(text_cache *c, size_t cap)
{
    cache_slot *slots = calloc(cap, sizeof(*slots));
    if (!slots)
        return false;
    for (size_t i = 0; i < c->cap; i++) {
        if (!c->slots[i].entry)
            continue;
        size_t j = c->slots[i].hash & (cap - 1);
        while (slots[j].entry)
            j = (j + 1) & (cap - 1);
        slots[j] = c->slots[i];
    }
    free(c->slots);
    c->slots = slots;
    c->cap = cap;
    return true;
}

/* The slots that hold `entries` below the fill at which cache_find
 * empties a table, as a power of two from c->cap up to `most`. */
static size_t
slots_for(const text_cache *c, size_t entries, size_t most)
{
    size_t cap = c->cap;
    while (cap < most && entries * 10 >= cap * 7)
        cap *= 2;
    return cap;
}

void
kf_text_cache_reserve(size_t measures, size_t shaped)
{
    text_caches *cs = caches_get();
    if (!cs)
        return;
    size_t m = slots_for(&cs->measures, measures, MEASURE_SLOTS_MOST);
    size_t s = slots_for(&cs->shaped, shaped, SHAPED_SLOTS_MOST);
    if (m > cs->measures.cap)
        cache_grow(&cs->measures, m);
    if (s > cs->shaped.cap)
        cache_grow(&cs->shaped, s);
}

/* A new entry for `k` in the free slot `s`, with copies of the key's
 * strings; NULL when out of memory (the slot stays free). */
static cache_entry *
cache_take(text_cache *c, cache_slot *s, const text_key *k, uint64_t hash)
{
    size_t nf = strlen(k->family) + 1, nt = strlen(k->text) + 1;
    cache_entry *e = malloc(sizeof(*e) + nf + nt);
    if (!e)
        return NULL;
    char *strings = (char *)(e + 1);
    memcpy(strings, k->family, nf);
    memcpy(strings + nf, k->text, nt);
    *e = (cache_entry){.key = *k};
    e->key.family = strings;
    e->key.text = strings + nf;
    s->hash = hash;
    s->entry = e;
    c->count++;
    return e;
}

PangoLayout *
kf_text_shaped(const char *family, const char *text, double size,
               kf_weight weight, bool markup)
{
    PangoContext *context = kf_text_context(family);
    if (!context)
        return NULL;
    text_caches *cs = caches_get();
    text_key k = {family, text, size, 0, (int)weight,
                  markup ? ENTRY_SHAPED_MARKUP : ENTRY_SHAPED};
    uint64_t hash = key_hash(&k);
    cache_slot *slot = cs ? cache_find(&cs->shaped, &k, hash) : NULL;
    if (slot && slot->entry)
        return g_object_ref(slot->entry->layout);
    PangoLayout *layout =
        markup ? kf_text_layout_markup(context, family, text, size, weight)
               : kf_text_layout(context, family, text, size, weight);
    /* Lay it out now: the cached copy is then only read. */
    pango_layout_get_baseline(layout);
    cache_entry *e = slot ? cache_take(&cs->shaped, slot, &k, hash) : NULL;
    if (e)
        e->layout = g_object_ref(layout);
    return layout;
}

/* A line's extent, from the layout drawing will show. */
static kf_text_extent
measure_shaped(const char *family, const char *text, double size,
               kf_weight weight, bool markup)
{
    kf_text_extent extent = {0};
    PangoLayout *layout = kf_text_shaped(family, text, size, weight, markup);
    if (layout) {
        extent = measure_layout(layout);
        g_object_unref(layout);
    }
    return extent;
}

kf_text_extent
kf_text_measure(const char *family, const char *text, double size,
                kf_weight weight)
{
    text_caches *cs = caches_get();
    if (!cs)
        return measure_shaped(family, text, size, weight, false);
    text_key k = {family, text, size, 0, (int)weight, ENTRY_MEASURE};
    uint64_t hash = key_hash(&k);
    cache_slot *slot = cache_find(&cs->measures, &k, hash);
    if (slot->entry)
        return slot->entry->extent;
    kf_text_extent extent = measure_shaped(family, text, size, weight, false);
    cache_entry *e = cache_take(&cs->measures, slot, &k, hash);
    if (e)
        e->extent = extent;
    return extent;
}

kf_text_extent
kf_text_measure_markup(const char *family, const char *markup, double size,
                       kf_weight weight)
{
    return measure_shaped(family, markup, size, weight, true);
}

static char **
copy_lines(char **lines, size_t n)
{
    char **copy = calloc(n + 1, sizeof(char *));
    for (size_t i = 0; copy && i < n; i++)
        copy[i] = strdup(lines[i] ? lines[i] : "");
    return copy;
}

size_t
kf_text_wrap(kf_locale locale, const char *family, const char *text,
             double size, kf_weight weight, double width, char ***lines,
             double *widest)
{
    text_caches *cs = caches_get();
    if (!cs)
        return wrap_uncached(locale, family, text, size, weight, width,
                             lines, widest);
    text_key k = {family, text, size, width, (int)weight,
                  ENTRY_WRAP + (int)locale};
    uint64_t hash = key_hash(&k);
    cache_slot *slot = cache_find(&cs->measures, &k, hash);
    cache_entry *e = slot->entry;
    if (!e) {
        char **fresh;
        double w;
        size_t n = wrap_uncached(locale, family, text, size, weight, width,
                                 &fresh, &w);
        /* Wrapping measures words through the same table: the free slot
         * found above may have been taken, or the table emptied. */
        slot = cache_find(&cs->measures, &k, hash);
        e = slot->entry ? NULL : cache_take(&cs->measures, slot, &k, hash);
        if (!e) {
            *lines = fresh;
            *widest = w;
            return n;
        }
        e->lines = fresh;
        e->nlines = n;
        e->widest = w;
    }
    *widest = e->widest;
    *lines = copy_lines(e->lines, e->nlines);
    return *lines ? e->nlines : 0;
}

/* Through the cache, as kf_text_wrap: a text block cut across sheets is
 * wrapped again for each of them, and a long one took seconds.  The key
 * is the paragraph's markup, which holds its text and its styles. */
size_t
kf_text_wrap_rich(kf_locale locale, const char *family, const char *text,
                  const kf_text_span *spans, size_t nspans, double size,
                  kf_weight weight, double width, char ***out)
{
    text_caches *cs = caches_get();
    if (!cs)
        return wrap_rich_uncached(locale, family, text, spans, nspans, size,
                                  weight, width, out);
    GString *markup = g_string_new(NULL);
    append_styled(markup, text, 0, strlen(text), spans, nspans);
    text_key k = {family, markup->str, size, width, (int)weight,
                  ENTRY_WRAP_RICH + (int)locale};
    uint64_t hash = key_hash(&k);
    cache_slot *slot = cache_find(&cs->measures, &k, hash);
    cache_entry *e = slot->entry;
    if (!e) {
        char **fresh;
        size_t n = wrap_rich_uncached(locale, family, text, spans, nspans,
                                      size, weight, width, &fresh);
        /* Wrapping measures words through the same table. */
        slot = cache_find(&cs->measures, &k, hash);
        e = slot->entry ? NULL : cache_take(&cs->measures, slot, &k, hash);
        if (!e) {
            g_string_free(markup, TRUE);
            *out = fresh;
            return n;
        }
        e->lines = fresh;
        e->nlines = n;
    }
    g_string_free(markup, TRUE);
    *out = copy_lines(e->lines, e->nlines);
    return *out ? e->nlines : 0;
}
