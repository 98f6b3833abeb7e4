/*
 * fuzz_csv.c: libFuzzer target for the CSV reader (kf_csv_parse, csv.h),
 * the input of `keyfig batch`.
 *
 * Besides sanitizer reports it checks csv.h's contract: a result exactly
 * when there is no error; then at least one column, a separator of ',' or
 * ';', header names non-empty and unique and found again by
 * kf_csv_column, every cell NUL-terminated with the length given, valid
 * UTF-8 without NUL, and every location counted from 1.
 */
#include "csv.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_loc(kf_loc loc, const char *what, size_t row, size_t col)
{
    FUZZ_CHECK(loc.line >= 1 && loc.col >= 1, "%s %zu,%zu at %d:%d", what,
               row, col, loc.line, loc.col);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kf_diags *diags = kf_diags_new();
    if (!diags)
        return 0;
    kf_csv *csv = kf_csv_parse("fuzz.csv", (const char *)data, size, diags);
    fuzz_check_diags(diags);
    FUZZ_CHECK((csv != NULL) == (diags->errors == 0), "csv %p with %zu errors",
               (void *)csv, diags->errors);
    if (csv) {
        size_t cols = kf_csv_columns(csv), rows = kf_csv_rows(csv);
        char sep = kf_csv_separator(csv);
        FUZZ_CHECK(cols >= 1, "no column");
        FUZZ_CHECK(sep == ',' || sep == ';', "separator 0x%02x", sep);
        FUZZ_CHECK(!strcmp(kf_csv_name(csv), "fuzz.csv"), "name");
        for (size_t c = 0; c < cols; c++) {
            const char *h = kf_csv_header(csv, c);
            FUZZ_CHECK(h && h[0], "column %zu has no name", c);
            FUZZ_CHECK_TEXT(h, "a column name");
            FUZZ_CHECK(kf_csv_column(csv, h) == (long)c,
                       "column '%s' found at %ld, not %zu", h,
                       kf_csv_column(csv, h), c);
            check_loc(kf_csv_header_loc(csv, c), "header", 0, c);
        }
        int prev_line = 0;
        for (size_t r = 0; r < rows; r++) {
            int line = kf_csv_row_line(csv, r);
            FUZZ_CHECK(line > prev_line, "row %zu on line %d after %d", r,
                       line, prev_line);
            prev_line = line;
            for (size_t c = 0; c < cols; c++) {
                size_t len = (size_t)-1;
                const char *cell = kf_csv_cell(csv, r, c, &len);
                FUZZ_CHECK(cell != NULL, "cell %zu,%zu missing", r, c);
                FUZZ_CHECK(strlen(cell) == len, "cell %zu,%zu: %zu != %zu",
                           r, c, strlen(cell), len);
                FUZZ_CHECK(len <= size, "cell %zu,%zu longer than the file",
                           r, c);
                FUZZ_CHECK_TEXT(cell, "a cell");
                check_loc(kf_csv_cell_loc(csv, r, c), "cell", r, c);
            }
        }
    }
    kf_csv_free(csv);
    kf_diags_free(diags);
    return 0;
}
