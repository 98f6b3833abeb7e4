/*
 * csv.h: an RFC 4180 CSV reader with a location for every field.
 *
 * Used by `keyfig batch` (one report per row) and meant for every other
 * CSV keyfig reads (metrics from a spreadsheet).  A file is:
 *
 *   - UTF-8, an initial byte-order mark skipped; invalid UTF-8 and NUL
 *     bytes are errors at their line and column;
 *   - a header row naming the columns (names trimmed of surrounding
 *     spaces and tabs, not empty, unique), then data rows;
 *   - separated by commas or by semicolons, whichever the header line
 *     holds more of (outside quotes): French spreadsheets write ';';
 *   - fields optionally in double quotes, a quote inside written twice,
 *     line breaks allowed inside quotes (CRLF there is read as LF);
 *   - records ended by LF, CRLF or a lone CR; empty lines are skipped;
 *   - every row with exactly as many fields as the header.
 *
 * Lines count from 1 and columns from 1 in characters, like the YAML and
 * JSON readers, so a message reads "labs.csv:7:12: error: ...".  Internal
 * to libkeyfig; not part of the public API.
 */
#ifndef KF_CSV_H
#define KF_CSV_H

#include "keyfig.h"

#include <stddef.h>

/* The limits, each with its own message.  The cell limit bounds memory
 * (8 bytes per cell besides the text) for a file of separators only. */
#define KF_CSV_MAX_FILE_SIZE (16u * 1024u * 1024u) /* bytes */
#define KF_CSV_MAX_ROWS 100000u                     /* data rows */
#define KF_CSV_MAX_COLUMNS 1000u
#define KF_CSV_MAX_FIELD (64u * 1024u)            /* bytes in one field */
#define KF_CSV_MAX_CELLS (4u * 1024u * 1024u)     /* fields in the file */

typedef struct kf_csv kf_csv;

/* Reads and parses the file at `path`.  Every problem goes to `diags` as
 * "PATH:LINE:COL: error: ..."; returns NULL when there is at least one.
 * The result owns copies of everything; free it with kf_csv_free. */
kf_csv *kf_csv_load(const char *path, kf_diags *diags);
/* The same from memory; `name` is used in diagnostics.  `data` need not
 * be NUL-terminated and is not kept. */
kf_csv *kf_csv_parse(const char *name, const char *data, size_t size,
                     kf_diags *diags);
/* NULL is a no-op. */
void kf_csv_free(kf_csv *csv);

/* The name given at load or parse time (lent). */
const char *kf_csv_name(const kf_csv *csv);
/* ',' or ';'. */
char kf_csv_separator(const kf_csv *csv);
/* Number of columns (at least 1) and of data rows (the header is not
 * one of them; may be 0). */
size_t kf_csv_columns(const kf_csv *csv);
size_t kf_csv_rows(const kf_csv *csv);

/* The name of column `col` (lent, NUL-terminated), and where it is. */
const char *kf_csv_header(const kf_csv *csv, size_t col);
kf_loc kf_csv_header_loc(const kf_csv *csv, size_t col);
/* The index of the column named `name` (exactly), or -1. */
long kf_csv_column(const kf_csv *csv, const char *name);

/* The text of data row `row`, column `col` (lent, NUL-terminated; the
 * field never holds a NUL, so strlen is its length, also given in *len
 * when `len` is not NULL).  Quotes are removed and doubled quotes made
 * single. */
const char *kf_csv_cell(const kf_csv *csv, size_t row, size_t col,
                        size_t *len);
/* Where the field starts (its opening quote for a quoted field). */
kf_loc kf_csv_cell_loc(const kf_csv *csv, size_t row, size_t col);
/* The line data row `row` starts on. */
int kf_csv_row_line(const kf_csv *csv, size_t row);

#endif /* KF_CSV_H */
