/*
 * csv.c: the RFC 4180 CSV reader (see csv.h for the accepted syntax).
 *
 * One pass over the bytes, a small state machine per field.  Field texts
 * go, unquoted and NUL-terminated, one after the other into one growing
 * buffer; each field keeps the offset of its text and its line and
 * column, 12 bytes, so a file of 100 000 rows of 20 fields costs about
 * 24 MB besides its text.  Syntax errors (a quote out of place, an
 * unclosed quote, bad UTF-8, a limit) stop the reading: what follows
 * them cannot be trusted.  A row with the wrong number of fields is
 * reported and reading goes on, so every ragged row is named in one run.
 */
#include "csv.h"
#include "node.h"
#include "readfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    uint32_t text; /* offset into kf_csv.text */
    uint32_t line;
    uint32_t col;
} cell;

struct kf_csv {
    char *name;
    char sep;
    size_t ncols;
    size_t nrows;   /* data rows */
    cell *cells;    /* (nrows + 1) * ncols, the header first, row-major */
    size_t ncells;
    size_t cells_cap;
    uint32_t *row_line; /* nrows + 1 entries, the header first */
    size_t row_cap;
    char *text;
    size_t text_len;
    size_t text_cap;
};

/* The reading state. */
typedef struct {
    kf_csv *csv;
    kf_diags *diags;
    const unsigned char *p;
    const unsigned char *end;
    int line;
    int col;
    bool failed; /* a syntax error: stop */
    size_t errors;
} reader;

#if defined(__GNUC__)
#define KF_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define KF_PRINTF(f, a)
#endif

static void error_at(reader *r, int line, int col, const char *hint,
                     const char *fmt, ...) KF_PRINTF(5, 6);

static void
error_at(reader *r, int line, int col, const char *hint, const char *fmt,
         ...)
{
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    kf_diag_add(r->diags, KF_SEV_ERROR, r->csv->name, line, col, hint, "%s",
                message);
    r->errors++;
}

/* A syntax error: what follows cannot be trusted, so reading stops. */
#define fatal(r, ...)                                                        \
    do {                                                                     \
        error_at(r, __VA_ARGS__);                                            \
        (r)->failed = true;                                                  \
    } while (0)

static bool
grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t cap2 = *cap ? *cap : 64;
    while (cap2 < need)
        cap2 *= 2;
    void *b = realloc(*buf, cap2 * elem);
    if (!b)
        return false;
    *buf = b;
    *cap = cap2;
    return true;
}

static void
out_of_memory(reader *r)
{
    fatal(r, 0, 0, NULL, "out of memory");
}

static bool
append(reader *r, const void *bytes, size_t n)
{
    kf_csv *c = r->csv;
    if (!grow((void **)&c->text, &c->text_cap, c->text_len + n, 1)) {
        out_of_memory(r);
        return false;
    }
    memcpy(c->text + c->text_len, bytes, n);
    c->text_len += n;
    return true;
}

/* Consumes a line break (LF, CRLF or a lone CR) at r->p, if any. */
static bool
eat_line_break(reader *r)
{
    if (r->p < r->end && *r->p == '\r') {
        r->p++;
        if (r->p < r->end && *r->p == '\n')
            r->p++;
    } else if (r->p < r->end && *r->p == '\n') {
        r->p++;
    } else {
        return false;
    }
    r->line++;
    r->col = 1;
    return true;
}

/* Copies the one character at r->p (not a quote, separator or line
 * break) into the field, checking its encoding. */
static bool
take_char(reader *r)
{
    unsigned char ch = *r->p;
    if (ch == 0) {
        fatal(r, r->line, r->col,
              "the file looks binary: save it as a CSV text file",
              "a NUL byte in the file");
        return false;
    }
    size_t n = ch < 0x80 ? 1 : kf_utf8_len(r->p, r->end);
    if (n == 0) {
        fatal(r, r->line, r->col,
              "save the file with the UTF-8 encoding (in a spreadsheet: "
              "\"CSV UTF-8\")", "invalid UTF-8 (byte 0x%02X)", ch);
        return false;
    }
    if (!append(r, r->p, n))
        return false;
    r->p += n;
    r->col++;
    return true;
}

/* Adds the cell whose text starts at `start` and that was found at
 * (line, col), after checking its length and the cell limit. */
static void
add_cell(reader *r, size_t start, int line, int col)
{
    kf_csv *c = r->csv;
    if (c->ncells >= KF_CSV_MAX_CELLS) {
        fatal(r, line, col, "split the file",
              "too many fields in the file (the limit is %u)",
              KF_CSV_MAX_CELLS);
        return;
    }
    if (!append(r, "", 1) ||
        !grow((void **)&c->cells, &c->cells_cap, c->ncells + 1,
              sizeof(cell))) {
        out_of_memory(r);
        return;
    }
    c->cells[c->ncells++] =
        (cell){(uint32_t)start, (uint32_t)line, (uint32_t)col};
}

/* True (after an error) when the field begun at `start` is too long. */
static bool
too_long(reader *r, size_t start, int line, int col)
{
    if (r->csv->text_len - start <= KF_CSV_MAX_FIELD)
        return false;
    fatal(r, line, col, NULL,
          "this field is too long (the limit is %u bytes)", KF_CSV_MAX_FIELD);
    return true;
}

/* Reads a quoted field, r->p on its opening quote. */
static void
read_quoted(reader *r, char sep)
{
    int line = r->line, col = r->col;
    size_t start = r->csv->text_len;
    r->p++;
    r->col++;
    for (;;) {
        if (r->p >= r->end) {
            fatal(r, line, col,
                  "close it with a double quote; a quote inside a quoted "
                  "field is written twice (\"\")",
                  "this quoted field is not closed");
            return;
        }
        unsigned char ch = *r->p;
        if (ch == '"' && r->p + 1 < r->end && r->p[1] == '"') {
            if (!append(r, "\"", 1))
                return;
            r->p += 2;
            r->col += 2;
        } else if (ch == '"') {
            r->p++;
            r->col++;
            break;
        } else if (ch == '\r' || ch == '\n') {
            eat_line_break(r);
            if (!append(r, "\n", 1))
                return;
        } else if (!take_char(r)) {
            return;
        }
        if (too_long(r, start, line, col))
            return;
    }
    if (r->p < r->end && *r->p != sep && *r->p != '\r' && *r->p != '\n') {
        fatal(r, r->line, r->col,
              "a quote inside a quoted field is written twice (\"\")",
              "text after the closing quote of a field");
        return;
    }
    add_cell(r, start, line, col);
}

/* Reads a field that is not quoted, up to a separator or line break. */
static void
read_plain(reader *r, char sep)
{
    int line = r->line, col = r->col;
    size_t start = r->csv->text_len;
    bool blank = true;
    while (r->p < r->end && *r->p != sep && *r->p != '\r' && *r->p != '\n') {
        if (*r->p == '"') {
            fatal(r, r->line, r->col,
                  blank ? "remove the spaces before the opening quote"
                        : "put the whole field in double quotes and write "
                          "each quote inside twice: \"a \"\"b\"\" c\"",
                  "a quote inside a field that is not quoted");
            return;
        }
        if (*r->p != ' ' && *r->p != '\t')
            blank = false;
        if (!take_char(r) || too_long(r, start, line, col))
            return;
    }
    add_cell(r, start, line, col);
}

static void
read_field(reader *r, char sep)
{
    if (r->p < r->end && *r->p == '"')
        read_quoted(r, sep);
    else
        read_plain(r, sep);
}

/* ',' unless the first line holds more ';' than ',' outside quotes. */
static char
detect_separator(const unsigned char *p, const unsigned char *end)
{
    size_t commas = 0, semicolons = 0;
    bool quoted = false;
    for (; p < end; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && (*p == '\n' || *p == '\r'))
            break;
        else if (!quoted && *p == ',')
            commas++;
        else if (!quoted && *p == ';')
            semicolons++;
    }
    return semicolons > commas ? ';' : ',';
}

static bool
is_blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* Trims the header names and checks they are there and unique. */
static void
check_header(reader *r)
{
    kf_csv *c = r->csv;
    for (size_t i = 0; i < c->ncols; i++) {
        cell *h = &c->cells[i];
        char *s = c->text + h->text;
        size_t len = strlen(s), lead = 0;
        while (lead < len && is_blank(s[lead]))
            lead++;
        while (len > lead && is_blank(s[len - 1]))
            len--;
        s[len] = '\0';
        h->text += (uint32_t)lead;
        if (len == lead) {
            error_at(r, (int)h->line, (int)h->col,
                     "the first row names the columns: give each a name "
                     "(or remove a separator left at the end of the line)",
                     "column %zu has no name", i + 1);
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(c->text + c->cells[j].text, c->text + h->text) == 0) {
                error_at(r, (int)h->line, (int)h->col,
                         "give each column its own name",
                         "columns %zu and %zu are both named '%s'", j + 1,
                         i + 1, c->text + h->text);
                break;
            }
        }
    }
}

static void
parse(reader *r)
{
    kf_csv *c = r->csv;
    char sep = c->sep;
    size_t record = 0;
    while (!r->failed && r->p < r->end) {
        if (eat_line_break(r))
            continue; /* an empty line */
        int line = r->line;
        size_t first = c->ncells, fields = 0;
        int extra_line = 0, extra_col = 0;
        for (;;) {
            int fline = r->line, fcol = r->col;
            read_field(r, sep);
            if (r->failed)
                return;
            fields++;
            if (record > 0 && fields == c->ncols + 1) {
                extra_line = fline;
                extra_col = fcol;
            }
            if (fields > KF_CSV_MAX_COLUMNS) {
                fatal(r, fline, fcol, NULL,
                      "too many columns (the limit is %u)",
                      KF_CSV_MAX_COLUMNS);
                return;
            }
            if (r->p < r->end && *r->p == sep) {
                r->p++;
                r->col++;
                continue;
            }
            break;
        }
        int end_line = r->line, end_col = r->col;
        eat_line_break(r);
        if (record == 0) {
            c->ncols = fields;
            check_header(r);
        } else if (fields != c->ncols) {
            const char *s = fields == 1 ? "" : "s";
            if (fields > c->ncols)
                error_at(r, extra_line, extra_col,
                         "a field holding the separator must be in double "
                         "quotes",
                         "this row has %zu field%s, the header has %zu",
                         fields, s, c->ncols);
            else
                error_at(r, end_line, end_col,
                         "add the missing fields (an empty field is two "
                         "separators in a row)",
                         "this row has %zu field%s, the header has %zu",
                         fields, s, c->ncols);
            /* Drop the row: the table stays rectangular. */
            if (first < c->ncells)
                c->text_len = c->cells[first].text;
            c->ncells = first;
            continue;
        } else if (c->nrows >= KF_CSV_MAX_ROWS) {
            fatal(r, line, 1, "split the file",
                  "too many rows (the limit is %u)", KF_CSV_MAX_ROWS);
            return;
        } else {
            c->nrows++;
        }
        if (!grow((void **)&c->row_line, &c->row_cap, record + 1,
                  sizeof(uint32_t))) {
            out_of_memory(r);
            return;
        }
        c->row_line[record++] = (uint32_t)line;
    }
    if (!r->failed && record == 0)
        error_at(r, 0, 0,
                 "the first row names the columns, one row follows per "
                 "entity", "the file is empty");
}


kf_csv *
kf_csv_parse(const char *name, const char *data, size_t size,
             kf_diags *diags)
{
    if (!name)
        name = "<memory>";
    kf_csv *c = calloc(1, sizeof(*c));
    if (!c || !(c->name = strdup(name))) {
        kf_diag_add(diags, KF_SEV_ERROR, name, 0, 0, NULL, "out of memory");
        kf_csv_free(c);
        return NULL;
    }
    reader r = {.csv = c,
                .diags = diags,
                .p = (const unsigned char *)data,
                .end = (const unsigned char *)data + size,
                .line = 1,
                .col = 1};
    if (size > KF_CSV_MAX_FILE_SIZE) {
        kf_file_too_large(diags, name, (double)size, true,
                          KF_CSV_MAX_FILE_SIZE, "split the file");
        kf_csv_free(c);
        return NULL;
    }
    if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        r.p += 3;
    c->sep = detect_separator(r.p, r.end);
    parse(&r);
    if (r.errors) {
        kf_csv_free(c);
        return NULL;
    }
    return c;
}


kf_csv *
kf_csv_load(const char *path, kf_diags *diags)
{
    size_t size = 0;
    char *data = kf_read_file(path, KF_CSV_MAX_FILE_SIZE, "split the file",
                              &size, diags);
    if (!data)
        return NULL;
    kf_csv *c = kf_csv_parse(path, data, size, diags);
    free(data);
    return c;
}

void
kf_csv_free(kf_csv *csv)
{
    if (!csv)
        return;
    free(csv->name);
    free(csv->cells);
    free(csv->row_line);
    free(csv->text);
    free(csv);
}

const char *
kf_csv_name(const kf_csv *csv)
{
    return csv->name;
}

char
kf_csv_separator(const kf_csv *csv)
{
    return csv->sep;
}

size_t
kf_csv_columns(const kf_csv *csv)
{
    return csv->ncols;
}

size_t
kf_csv_rows(const kf_csv *csv)
{
    return csv->nrows;
}

const char *
kf_csv_header(const kf_csv *csv, size_t col)
{
    return csv->text + csv->cells[col].text;
}

kf_loc
kf_csv_header_loc(const kf_csv *csv, size_t col)
{
    return (kf_loc){(int)csv->cells[col].line, (int)csv->cells[col].col,
                    NULL};
}

long
kf_csv_column(const kf_csv *csv, const char *name)
{
    for (size_t i = 0; i < csv->ncols; i++)
        if (strcmp(kf_csv_header(csv, i), name) == 0)
            return (long)i;
    return -1;
}

const char *
kf_csv_cell(const kf_csv *csv, size_t row, size_t col, size_t *len)
{
    const char *s = csv->text + csv->cells[(row + 1) * csv->ncols + col].text;
    if (len)
        *len = strlen(s);
    return s;
}

kf_loc
kf_csv_cell_loc(const kf_csv *csv, size_t row, size_t col)
{
    const cell *c = &csv->cells[(row + 1) * csv->ncols + col];
    return (kf_loc){(int)c->line, (int)c->col, NULL};
}

int
kf_csv_row_line(const kf_csv *csv, size_t row)
{
    return (int)csv->row_line[row + 1];
}
