/*
 * fontset.h: brand font sets (theme.fonts) beside keyfig's own fonts
 * (internal to libkeyfig).
 *
 * keyfig's own fonts (Inter, fonts/fonts.conf) are font set 0.  A report
 * with `theme.fonts: DIR` gets a set of its own made of the OTF/TTF files
 * of DIR (and Inter for the few signs keyfig sets itself, fontset.c's
 * own_signs), in a fontconfig configuration of its own: a
 * report never sees the fonts of another report's folder, even in one
 * batch.  Sets live until the process ends (a batch of a thousand rows of
 * three brands makes three); the same folder gives the same set.
 *
 * Everything else in keyfig names a font by a "font key", a string that
 * carries the family and its set: the family alone for set 0 ("Inter"),
 * the family, U+001F and the set's number otherwise ("Open Sans\x1f2"),
 * and then, for the texts of an edition, U+001F and its language.
 * Text caches are keyed by it, so a measure made in one set is never
 * taken for another's; the family shown in messages is the report's
 * `font`, never the key.
 */
#ifndef KF_FONTSET_H
#define KF_FONTSET_H

#include "keyfig.h"

#include <fontconfig/fontconfig.h>

/* Brand folders in one process, and font files in one folder: caps, so a
 * batch with a folder per row, or a folder of a whole type foundry,
 * stops with a message instead of eating the memory. */
#define KF_FONTSET_MAX 32
#define KF_FONTSET_FILES 256

/* What a font file's licence bits (the fsType of its OS/2 table) allow. */
typedef enum {
    KF_EMBED_OK,          /* installable, editable, or preview & print */
    KF_EMBED_NOT_FONT,    /* not an OpenType/TrueType file */
    KF_EMBED_RESTRICTED,  /* 0x0002 alone: no embedding at all */
    KF_EMBED_NO_SUBSET,   /* 0x0100: only whole (cairo always subsets) */
    KF_EMBED_BITMAP_ONLY  /* 0x0200: only bitmaps (cairo embeds outlines) */
} kf_embedding;

/* Reads the OS/2 fsType of every face in the file at `path` (a font
 * collection has several) and says what the most restrictive allows;
 * *fstype gets that face's value (0 for a font without an OS/2 table,
 * which sets no restriction). */
kf_embedding kf_font_embedding(const char *path, unsigned *fstype);

/* The brand set of the `n` font files `files` (paths from the current
 * directory) of folder `dir` (its real path, which names the set): made
 * the first time, else the one already made for `dir`.  Returns its
 * number (from 1), or 0 on failure: *bad is then the index of the file
 * fontconfig could not read, or n when there are KF_FONTSET_MAX sets
 * already (or no memory).  Thread-safe. */
int kf_fontset_add(const char *dir, const char *const *files, size_t n,
                   size_t *bad);

/* The fontconfig configuration of set `set` (0: keyfig's own, once
 * kf_fonts_init has run), lent for the life of the process; NULL for a
 * set that does not exist. */
FcConfig *kf_fontset_config(int set);

/* Whether a font of `family` is in set `set` (case and spaces ignored,
 * as fontconfig compares families). */
bool kf_fontset_has_family(int set, const char *family);

/* The families of set `set`, "A, B and C" in alphabetical order, for a
 * hint: malloc'ed, NULL when out of memory. */
char *kf_fontset_families(int set);

/* The OpenType weight (100 to 900) of the upright face of `family` that
 * set `set` gives for `weight`: the weight itself, or the nearest the
 * family has.  0 when the family is not in the set. */
int kf_fontset_weight(int set, const char *family, int weight);

/* The font key of `family` in set `set` for the texts of an edition in
 * `language` ("fr", "en"; NULL: none, as for measuring alone),
 * malloc'ed (NULL when out of memory).  The language decides how text.c
 * sets the ordinals (kf_typo_ordinals): "46e" in French, "46th" in
 * English, each with its suffix raised; it follows the set's number
 * after a second U+001F ("Inter\x1f0\x1f" "fr"). */
char *kf_font_key(int set, const char *family, const char *language);

/* The language of a font key ("fr", "en"), lent from it; NULL when it
 * has none. */
const char *kf_font_key_language(const char *key);

/* The set of a font key, and its family copied into `family` (`size`
 * bytes, cut if longer). */
int kf_font_key_parse(const char *key, char *family, size_t size);

#endif /* KF_FONTSET_H */
