/*
 * fontset.c: brand font sets (theme.fonts) and the licence bits of font
 * files.  See fontset.h.
 */
#include "fontset.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Licence bits: the fsType of the OS/2 table                          */
/* ------------------------------------------------------------------ */

static unsigned long
be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
           (unsigned long)p[2] << 8 | p[3];
}

static unsigned
be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static bool
read_at(FILE *f, unsigned long offset, void *buf, size_t n)
{
    return fseek(f, (long)offset, SEEK_SET) == 0 && fread(buf, 1, n, f) == n;
}

/* What one fsType allows.  Bits 0-3 are the usage permissions; when
 * several are set the least restrictive applies (OpenType 1.9, OS/2),
 * so 0x0002 restricts only without 0x0004 or 0x0008. */
static kf_embedding
embedding_of(unsigned fstype)
{
    if ((fstype & 0x0002) && !(fstype & 0x000C))
        return KF_EMBED_RESTRICTED;
    if (fstype & 0x0200)
        return KF_EMBED_BITMAP_ONLY;
    if (fstype & 0x0100)
        return KF_EMBED_NO_SUBSET;
    return KF_EMBED_OK;
}

/* The fsType of the face whose table directory starts at `at`; false for
 * a face that is not an sfnt. */
static bool
face_fstype(FILE *f, unsigned long at, unsigned *fstype)
{
    unsigned char head[12];
    if (!read_at(f, at, head, sizeof(head)))
        return false;
    unsigned long version = be32(head);
    if (version != 0x00010000ul && version != 0x4F54544Ful /* OTTO */ &&
        version != 0x74727565ul /* true */)
        return false;
    unsigned ntables = be16(head + 4);
    *fstype = 0;
    for (unsigned i = 0; i < ntables && i < 1024; i++) {
        unsigned char rec[16];
        if (!read_at(f, at + 12 + 16ul * i, rec, sizeof(rec)))
            return false;
        if (memcmp(rec, "OS/2", 4) != 0)
            continue;
        unsigned char os2[10];
        if (be32(rec + 12) < sizeof(os2) ||
            !read_at(f, be32(rec + 8), os2, sizeof(os2)))
            return false;
        *fstype = be16(os2 + 8);
        return true;
    }
    return true; /* no OS/2 table: no restriction written */
}

kf_embedding
kf_font_embedding(const char *path, unsigned *fstype)
{
    *fstype = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return KF_EMBED_NOT_FONT;
    unsigned char head[12];
    kf_embedding worst = KF_EMBED_NOT_FONT;
    if (read_at(f, 0, head, sizeof(head))) {
        unsigned long faces[64] = {0};
        size_t nfaces = 1;
        if (memcmp(head, "ttcf", 4) == 0) {
            /* A collection: a directory of faces. */
            unsigned long n = be32(head + 8);
            nfaces = 0;
            for (unsigned long i = 0; i < n && nfaces < 64; i++) {
                unsigned char off[4];
                if (!read_at(f, 12 + 4 * i, off, 4))
                    break;
                faces[nfaces++] = be32(off);
            }
        }
        for (size_t i = 0; i < nfaces; i++) {
            unsigned fs;
            if (!face_fstype(f, faces[i], &fs)) {
                worst = KF_EMBED_NOT_FONT;
                break;
            }
            kf_embedding e = embedding_of(fs);
            if (worst == KF_EMBED_NOT_FONT || e > worst) {
                worst = e;
                *fstype = fs;
            }
        }
    }
    fclose(f);
    return worst;
}

/* ------------------------------------------------------------------ */
/* The sets                                                            */
/* ------------------------------------------------------------------ */

typedef struct {
    char *dir;
    FcConfig *config;
    int nbrand; /* the first nbrand fonts of its set are the brand's;
                   Inter's follow, for keyfig's own signs */
} fontset;

/* The signs keyfig itself sets around the report's text: a change's
 * ▲ ▼, the minus sign, the stale mark †, the … of a shortened header,
 * the · of the footer, footnote numbers.  A brand font without them
 * borrows Inter's; any other character it lacks is a missing glyph, as
 * with Inter (the writer chose the text, and the font). */
static const FcChar32 own_signs[] = {
    0x00B7, 0x00B9, 0x00B2, 0x00B3, 0x2070, 0x2074, 0x2075, 0x2076,
    0x2077, 0x2078, 0x2079, 0x2020, 0x2026, 0x2212, 0x25B2, 0x25BC,
};

/* Adds Inter's upright faces to `config`'s application fonts, covering
 * only the signs of own_signs. */
static void
add_own_signs(FcConfig *config)
{
    FcFontSet *own = FcConfigGetFonts(FcConfigGetCurrent(), FcSetSystem);
    FcFontSet *app = FcConfigGetFonts(config, FcSetApplication);
    for (int i = 0; own && app && i < own->nfont; i++) {
        FcPattern *p = own->fonts[i];
        FcChar8 *family;
        int slant;
        FcCharSet *has;
        if (FcPatternGetString(p, FC_FAMILY, 0, &family) != FcResultMatch ||
            strcmp((const char *)family, "Inter") != 0 ||
            FcPatternGetInteger(p, FC_SLANT, 0, &slant) != FcResultMatch ||
            slant != FC_SLANT_ROMAN ||
            FcPatternGetCharSet(p, FC_CHARSET, 0, &has) != FcResultMatch)
            continue;
        FcCharSet *signs = FcCharSetCreate();
        FcPattern *copy = FcPatternDuplicate(p);
        if (!signs || !copy) {
            if (signs)
                FcCharSetDestroy(signs);
            if (copy)
                FcPatternDestroy(copy);
            continue;
        }
        for (size_t k = 0; k < sizeof(own_signs) / sizeof(*own_signs); k++)
            if (FcCharSetHasChar(has, own_signs[k]))
                FcCharSetAddChar(signs, own_signs[k]);
        FcPatternDel(copy, FC_CHARSET);
        FcPatternAddCharSet(copy, FC_CHARSET, signs);
        FcCharSetDestroy(signs); /* the pattern keeps its own reference */
        if (!FcFontSetAdd(app, copy))
            FcPatternDestroy(copy);
    }
}

/* sets[0] stays empty: set 0 is the current configuration. */
static fontset sets[KF_FONTSET_MAX + 1];
static int nsets = 1;
static pthread_mutex_t sets_lock = PTHREAD_MUTEX_INITIALIZER;

int
kf_fontset_add(const char *dir, const char *const *files, size_t n,
               size_t *bad)
{
    *bad = n;
    pthread_mutex_lock(&sets_lock);
    int found = 0;
    for (int i = 1; i < nsets && !found; i++)
        if (strcmp(sets[i].dir, dir) == 0)
            found = i;
    if (found || nsets > KF_FONTSET_MAX) {
        pthread_mutex_unlock(&sets_lock);
        return found;
    }
    /* Only these files: no <dir>, no cache, no rule (so no synthetic
     * bold or oblique, and no fallback to a font of another set)... */
    FcConfig *config = FcConfigCreate();
    char *copy = strdup(dir);
    bool ok = config && copy && FcConfigBuildFonts(config);
    for (size_t i = 0; ok && i < n; i++)
        if (!FcConfigAppFontAddFile(config, (const FcChar8 *)files[i])) {
            *bad = i;
            ok = false;
        }
    FcFontSet *fonts = ok ? FcConfigGetFonts(config, FcSetApplication)
                          : NULL;
    int nbrand = fonts ? fonts->nfont : 0;
    /* ...but Inter's, for keyfig's own signs only (own_signs). */
    if (ok)
        add_own_signs(config);
    int set = 0;
    if (ok) {
        set = nsets++;
        sets[set] = (fontset){copy, config, nbrand};
    } else {
        if (config)
            FcConfigDestroy(config);
        free(copy);
    }
    pthread_mutex_unlock(&sets_lock);
    return set;
}

FcConfig *
kf_fontset_config(int set)
{
    if (set == 0) {
        kf_fonts_init(NULL);
        return FcConfigGetCurrent();
    }
    FcConfig *config = NULL;
    pthread_mutex_lock(&sets_lock);
    if (set > 0 && set < nsets)
        config = sets[set].config;
    pthread_mutex_unlock(&sets_lock);
    return config;
}

/* Every font of a set: its own files for a brand set (*n of them, the
 * brand's, not the Inter that follows), the system set (the folders of
 * fonts.conf) for keyfig's own. */
static FcFontSet *
set_fonts(int set, int *n)
{
    *n = 0;
    FcConfig *config = kf_fontset_config(set);
    if (!config)
        return NULL;
    FcFontSet *fonts =
        FcConfigGetFonts(config, set ? FcSetApplication : FcSetSystem);
    if (fonts) {
        *n = fonts->nfont;
        pthread_mutex_lock(&sets_lock);
        if (set > 0 && sets[set].nbrand < *n)
            *n = sets[set].nbrand;
        pthread_mutex_unlock(&sets_lock);
    }
    return fonts;
}


/* Families compare as fontconfig compares them: ignoring spaces and
 * the case of ASCII letters. */
static bool
same_family(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        char ca = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char cb = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (ca != cb)
            return false;
        if (!ca)
            return true;
        a++;
        b++;
    }
}

static bool
font_of_family(FcPattern *font, const char *family)
{
    FcChar8 *name;
    for (int k = 0; FcPatternGetString(font, FC_FAMILY, k, &name) ==
                    FcResultMatch;
         k++)
        if (same_family((const char *)name, family))
            return true;
    return false;
}

bool
kf_fontset_has_family(int set, const char *family)
{
    int n;
    FcFontSet *fonts = set_fonts(set, &n);
    for (int i = 0; fonts && i < n; i++)
        if (font_of_family(fonts->fonts[i], family))
            return true;
    return false;
}

static int
compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *
kf_fontset_families(int set)
{
    int n;
    FcFontSet *fonts = set_fonts(set, &n);
    char **names = calloc((size_t)n + 1, sizeof(char *));
    if (!names)
        return NULL;
    /* Each font's first family: the typographic one ("Open Sans", not
     * "Open Sans Semibold"). */
    size_t count = 0, len = 1;
    for (int i = 0; i < n; i++) {
        FcChar8 *name;
        if (FcPatternGetString(fonts->fonts[i], FC_FAMILY, 0, &name) !=
            FcResultMatch)
            continue;
        size_t k = 0;
        while (k < count && strcmp(names[k], (char *)name) != 0)
            k++;
        if (k == count) {
            names[count++] = (char *)name;
            len += strlen((char *)name) + 5;
        }
    }
    qsort(names, count, sizeof(char *), compare_strings);
    char *out = malloc(len);
    if (out) {
        out[0] = '\0';
        for (size_t k = 0; k < count; k++) {
            if (k)
                strcat(out, k + 1 == count ? " and " : ", ");
            strcat(out, names[k]);
        }
    }
    free(names);
    return out;
}

int
kf_fontset_weight(int set, const char *family, int weight)
{
    FcConfig *config = kf_fontset_config(set);
    if (!config || !kf_fontset_has_family(set, family))
        return 0;
    /* The match pango makes for an upright text of that weight. */
    FcPattern *p = FcPatternCreate();
    if (!p)
        return 0;
    FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(p, FC_WEIGHT, FcWeightFromOpenType(weight));
    FcPatternAddInteger(p, FC_SLANT, FC_SLANT_ROMAN);
    FcConfigSubstitute(config, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult result;
    FcPattern *match = FcFontMatch(config, p, &result);
    FcPatternDestroy(p);
    int got = 0, fc_weight;
    if (match && font_of_family(match, family) &&
        FcPatternGetInteger(match, FC_WEIGHT, 0, &fc_weight) == FcResultMatch)
        got = FcWeightToOpenType(fc_weight);
    if (match)
        FcPatternDestroy(match);
    return got;
}

/* ------------------------------------------------------------------ */
/* Font keys                                                           */
/* ------------------------------------------------------------------ */

char *
kf_font_key(int set, const char *family, const char *language)
{
    size_t len = strlen(family) + (language ? strlen(language) : 0) + 24;
    char *key = malloc(len);
    if (!key)
        return NULL;
    if (language)
        snprintf(key, len, "%s\x1f%d\x1f%s", family, set, language);
    else if (set == 0)
        snprintf(key, len, "%s", family);
    else
        snprintf(key, len, "%s\x1f%d", family, set);
    return key;
}

const char *
kf_font_key_language(const char *key)
{
    const char *sep = key ? strchr(key, '\x1f') : NULL;
    sep = sep ? strchr(sep + 1, '\x1f') : NULL;
    return sep && sep[1] ? sep + 1 : NULL;
}

int
kf_font_key_parse(const char *key, char *family, size_t size)
{
    const char *sep = strchr(key, '\x1f');
    size_t n = sep ? (size_t)(sep - key) : strlen(key);
    if (size) {
        if (n >= size)
            n = size - 1;
        memcpy(family, key, n);
        family[n] = '\0';
    }
    return sep ? atoi(sep + 1) : 0;
}
