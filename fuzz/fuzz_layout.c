/*
 * fuzz_layout.c: libFuzzer target for the whole path from a report file
 * to pixels: load from memory (JSON when the input starts with '{', else
 * YAML), kf_layout_new, then kf_draw_page for every page on a tiny image
 * surface, so that text shaping, line breaking, charts and cairo all see
 * what the fuzzer builds.
 *
 * Besides sanitizer reports it checks that a layout exists exactly when
 * there is no error, that every box and coordinate is finite, every text
 * valid UTF-8, every index in range, and that drawing succeeds.  The
 * surface is 64 pixels on its longer side: rasterising is not what is
 * tested, and keeping it small keeps the target fast.
 */
#include "draw.h"
#include "fuzz_check.h"

#include <cairo.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_fonts_init();
    return 0;
}

static bool
looks_like_json(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        if (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' ||
            data[i] == '\r')
            continue;
        return data[i] == '{';
    }
    return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kf_diags *diags = kf_diags_new();
    if (!diags)
        return 0;
    const char *name = looks_like_json(data, size) ? "fuzz.json" : "fuzz.yaml";
    kf_report *r = fuzz_load(name, data, size, diags);
    if (r) {
        kf_layout *l;
        kf_status st = kf_layout_new(r, diags, &l);
        FUZZ_CHECK((st == KF_OK) == (l != NULL), "layout status %d", st);
        fuzz_check_diags(diags);
        FUZZ_CHECK((l != NULL) == (diags->errors == 0),
                   "layout %p with %zu errors", (void *)l, diags->errors);
        if (l) {
            fuzz_check_layout(r, l);
            fuzz_draw_pages(l, false);
        }
        kf_layout_free(l);
    }
    kf_report_free(r);
    kf_diags_free(diags);
    return 0;
}
