/*
 * test_csv.c: table-driven tests of the CSV reader.
 *
 * Each case is an input and what a reader must see: either the table,
 * written as its rows one per line with fields joined by '|' (a line
 * break inside a field shown as "\n"), or the diagnostics, one per line
 * as kf_diags_print writes them, hints left out.
 */
#include "check.h"
#include "csv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static void
check_str(const char *what, const char *got, const char *want)
{
    if (strcmp(got, want) == 0)
        passed++;
    else
        fail("%s:\n--- got\n%s\n--- want\n%s", what, got, want);
}

/* Appends `s` to buf, showing line breaks and the field separator. */
static void
put(char *buf, size_t size, const char *s)
{
    size_t n = strlen(buf);
    for (; *s && n + 3 < size; s++) {
        if (*s == '\n') {
            buf[n++] = '\\';
            buf[n++] = 'n';
        } else {
            buf[n++] = *s;
        }
    }
    buf[n] = '\0';
}

static void
dump_table(const kf_csv *csv, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t c = 0; c < kf_csv_columns(csv); c++) {
        if (c)
            put(buf, size, "|");
        put(buf, size, kf_csv_header(csv, c));
    }
    for (size_t r = 0; r < kf_csv_rows(csv); r++) {
        strncat(buf, "\n", size - strlen(buf) - 1);
        for (size_t c = 0; c < kf_csv_columns(csv); c++) {
            if (c)
                put(buf, size, "|");
            put(buf, size, kf_csv_cell(csv, r, c, NULL));
        }
    }
}

static void
dump_diags(const kf_diags *d, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < d->count && n < size; i++) {
        const kf_diag *g = &d->items[i];
        if (g->line > 0)
            n += (size_t)snprintf(buf + n, size - n, "%s%s:%d:%d: %s",
                                  i ? "\n" : "", g->file, g->line, g->col,
                                  g->message);
        else
            n += (size_t)snprintf(buf + n, size - n, "%s%s: %s",
                                  i ? "\n" : "", g->file, g->message);
    }
}

typedef struct {
    const char *what;
    const char *input;
    size_t size; /* 0: strlen(input) */
    const char *want; /* the table, or the diagnostics */
} parse_case;

#define BOM "\xEF\xBB\xBF"

static const parse_case cases[] = {
    {"plain", "id,name\n1,a\n2,b\n", 0, "id|name\n1|a\n2|b"},
    {"no final line break", "id,name\n1,a", 0, "id|name\n1|a"},
    {"CRLF", "id,name\r\n1,a\r\n2,b\r\n", 0, "id|name\n1|a\n2|b"},
    {"lone CR", "id,name\r1,a\r", 0, "id|name\n1|a"},
    {"BOM skipped", BOM "id,name\n1,a\n", 0, "id|name\n1|a"},
    {"header only", "id,name\n", 0, "id|name"},
    {"semicolons", "id;name;value\n1;a, b;12,5\n", 0,
     "id|name|value\n1|a, b|12,5"},
    {"commas win a tie", "a,b;c\n1,2;3\n", 0, "a|b;c\n1|2;3"},
    {"separator in a quoted header", "\"a;b\",c\n1,2\n", 0, "a;b|c\n1|2"},
    {"quoted fields", "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n", 0,
     "a|b\nx, y|say \"hi\""},
    {"empty quoted field", "a,b\n\"\",\n", 0, "a|b\n|"},
    {"line break in quotes", "a,b\n\"1\n2\",3\n", 0, "a|b\n1\\n2|3"},
    {"CRLF in quotes becomes LF", "a,b\r\n\"1\r\n2\",3\r\n", 0,
     "a|b\n1\\n2|3"},
    {"empty fields", "a,b,c\n,,\n", 0, "a|b|c\n||"},
    {"empty lines skipped", "a,b\n\n1,2\r\n\r\n3,4\n\n", 0, "a|b\n1|2\n3|4"},
    {"header names trimmed", " a ,\tb\n1, 2 \n", 0, "a|b\n1| 2 "},
    {"UTF-8 kept", "nom,ville\nLaboratoire \xC3\x89,\xC3\x8Ele-de-France\n",
     0, "nom|ville\nLaboratoire \xC3\x89|\xC3\x8Ele-de-France"},
    {"one column", "name\nx\ny\n", 0, "name\nx\ny"},

    {"empty file", "", 0, "t.csv: the file is empty"},
    {"only a BOM and blank lines", BOM "\n\r\n", 0,
     "t.csv: the file is empty"},
    {"too few fields", "a,b,c\n1,2\n", 0,
     "t.csv:2:4: this row has 2 fields, the header has 3"},
    {"too many fields", "a,b\n1,2\nx,y,z\n", 0,
     "t.csv:3:5: this row has 3 fields, the header has 2"},
    {"every ragged row", "a,b\n1\n2,3\n4,5,6\n", 0,
     "t.csv:2:2: this row has 1 field, the header has 2\n"
     "t.csv:4:5: this row has 3 fields, the header has 2"},
    {"unclosed quote", "a,b\n1,\"abc\n", 0,
     "t.csv:2:3: this quoted field is not closed"},
    {"text after the closing quote", "a,b\n\"x\"y,2\n", 0,
     "t.csv:2:4: text after the closing quote of a field"},
    {"quote in a plain field", "a,b\n1,ab\"c\n", 0,
     "t.csv:2:5: a quote inside a field that is not quoted"},
    {"space before a quote", "a,b\n1, \"c\"\n", 0,
     "t.csv:2:4: a quote inside a field that is not quoted"},
    {"invalid UTF-8", "a,b\n1,caf\xE9\n", 0,
     "t.csv:2:6: invalid UTF-8 (byte 0xE9)"},
    {"overlong UTF-8", "a\n\xC0\xAF\n", 0,
     "t.csv:2:1: invalid UTF-8 (byte 0xC0)"},
    {"column counted in characters", "a,b\n\xC3\xA9t\xC3\xA9,\xFF\n", 0,
     "t.csv:2:5: invalid UTF-8 (byte 0xFF)"},
    {"NUL byte", "a,b\n1,x\0y\n", 10, "t.csv:2:4: a NUL byte in the file"},
    {"NUL in quotes", "a\n\"\0\"\n", 6, "t.csv:2:2: a NUL byte in the file"},
    {"header without a name", "a,,c\n1,2,3\n", 0,
     "t.csv:1:3: column 2 has no name"},
    {"trailing separator in the header", "a,b,\n1,2,\n", 0,
     "t.csv:1:5: column 3 has no name"},
    {"duplicate column", "id,name,id\n1,2,3\n", 0,
     "t.csv:1:9: columns 1 and 3 are both named 'id'"},
    {"location after a quoted line break", "a,b\n\"x\ny\",1,2\n", 0,
     "t.csv:3:6: this row has 3 fields, the header has 2"},
    {"line counted after a BOM", BOM "a,b\n1\n", 0,
     "t.csv:2:2: this row has 1 field, the header has 2"},
};

static void
test_parse(void)
{
    char got[4096];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const parse_case *c = &cases[i];
        kf_diags *d = kf_diags_new();
        size_t size = c->size ? c->size : strlen(c->input);
        kf_csv *csv = kf_csv_parse("t.csv", c->input, size, d);
        if (csv)
            dump_table(csv, got, sizeof(got));
        else
            dump_diags(d, got, sizeof(got));
        check_str(c->what, got, c->want);
        if ((csv == NULL) != (d->errors > 0))
            fail("%s: a result with errors, or none without", c->what);
        kf_csv_free(csv);
        kf_diags_free(d);
    }
}

/* Every field knows where it starts. */
static void
test_locations(void)
{
    const char *in = BOM "id;\"nom\"\r\n"
                         "1;\"Labo\n\xC3\xA9\"\r\n"
                         "\r\n"
                         "\xC3\xA9;x\n";
    kf_diags *d = kf_diags_new();
    kf_csv *csv = kf_csv_parse("t.csv", in, strlen(in), d);
    if (!csv) {
        fail("locations: parse failed");
        kf_diags_free(d);
        return;
    }
    char got[256], want[256];
    size_t n = 0;
    kf_loc h = kf_csv_header_loc(csv, 1);
    n += (size_t)snprintf(got + n, sizeof(got) - n, "h%d:%d", h.line, h.col);
    for (size_t r = 0; r < kf_csv_rows(csv); r++) {
        n += (size_t)snprintf(got + n, sizeof(got) - n, " r%d",
                              kf_csv_row_line(csv, r));
        for (size_t c = 0; c < kf_csv_columns(csv); c++) {
            kf_loc l = kf_csv_cell_loc(csv, r, c);
            n += (size_t)snprintf(got + n, sizeof(got) - n, " %d:%d", l.line,
                                  l.col);
        }
    }
    snprintf(want, sizeof(want), "h1:4 r2 2:1 2:3 r5 5:1 5:3");
    check_str("locations", got, want);
    check_str("separator", (char[]){kf_csv_separator(csv), 0}, ";");
    if (kf_csv_column(csv, "nom") == 1 && kf_csv_column(csv, "x") == -1)
        passed++;
    else
        fail("kf_csv_column");
    kf_csv_free(csv);
    kf_diags_free(d);
}

/* The limits, each with its message, and a field just under its limit. */
static void
test_limits(void)
{
    char got[1024];
    size_t big = KF_CSV_MAX_FIELD + 16;
    char *buf = malloc(big + 64);
    if (!buf) {
        fail("limits: out of memory");
        return;
    }

    /* A field of exactly the limit is fine; one byte more is not. */
    for (int extra = 0; extra <= 1; extra++) {
        size_t n = (size_t)sprintf(buf, "a\n");
        memset(buf + n, 'x', KF_CSV_MAX_FIELD + (size_t)extra);
        n += KF_CSV_MAX_FIELD + (size_t)extra;
        buf[n++] = '\n';
        kf_diags *d = kf_diags_new();
        kf_csv *csv = kf_csv_parse("t.csv", buf, n, d);
        dump_diags(d, got, sizeof(got));
        check_str(extra ? "field over the limit" : "field at the limit", got,
                  extra ? "t.csv:2:1: this field is too long (the limit is "
                          "65536 bytes)"
                        : "");
        kf_csv_free(csv);
        kf_diags_free(d);
    }
    free(buf);

    /* 1001 columns. */
    size_t cols = KF_CSV_MAX_COLUMNS + 1;
    buf = malloc(cols * 8 + 16);
    size_t n = 0;
    for (size_t i = 0; i < cols; i++)
        n += (size_t)sprintf(buf + n, "%sc%zu", i ? "," : "", i);
    buf[n++] = '\n';
    kf_diags *d = kf_diags_new();
    kf_csv *csv = kf_csv_parse("t.csv", buf, n, d);
    dump_diags(d, got, sizeof(got));
    char want[128];
    snprintf(want, sizeof(want),
             "t.csv:1:%zu: too many columns (the limit is 1000)",
             n - 1 - strlen("c1000") + 1);
    check_str("too many columns", got, want);
    kf_csv_free(csv);
    kf_diags_free(d);
    free(buf);

    /* 100 001 rows. */
    size_t rows = KF_CSV_MAX_ROWS + 1;
    buf = malloc(rows * 2 + 8);
    n = (size_t)sprintf(buf, "a\n");
    for (size_t i = 0; i < rows; i++) {
        buf[n++] = 'x';
        buf[n++] = '\n';
    }
    d = kf_diags_new();
    csv = kf_csv_parse("t.csv", buf, n, d);
    dump_diags(d, got, sizeof(got));
    check_str("too many rows", got,
              "t.csv:100002:1: too many rows (the limit is 100000)");
    kf_csv_free(csv);
    kf_diags_free(d);
    /* Exactly the limit is fine. */
    d = kf_diags_new();
    csv = kf_csv_parse("t.csv", buf, n - 2, d);
    if (csv && kf_csv_rows(csv) == KF_CSV_MAX_ROWS)
        passed++;
    else
        fail("100 000 rows must be read");
    kf_csv_free(csv);
    kf_diags_free(d);
    free(buf);

    /* The file size is checked before anything else. */
    d = kf_diags_new();
    csv = kf_csv_parse("t.csv", "", (size_t)KF_CSV_MAX_FILE_SIZE + 1, d);
    dump_diags(d, got, sizeof(got));
    check_str("file too large", got,
              "t.csv: the file is too large (16777217 bytes; the limit is "
              "16 MiB, 16777216 bytes)");
    kf_csv_free(csv);
    kf_diags_free(d);
}

/* kf_csv_load: reading errors name the file. */
static void
test_load(void)
{
    char got[512];
    kf_diags *d = kf_diags_new();
    kf_csv *csv = kf_csv_load("/nonexistent/x.csv", d);
    dump_diags(d, got, sizeof(got));
    check_str("missing file", got,
              "/nonexistent/x.csv: cannot read the file: No such file or "
              "directory");
    kf_csv_free(csv);
    kf_diags_clear(d);
    csv = kf_csv_load("/", d);
    dump_diags(d, got, sizeof(got));
    check_str("folder", got, "/: cannot read the file: it is a folder");
    kf_csv_free(csv);
    kf_diags_free(d);

    char path[] = "/tmp/kf-test-csv-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        fail("cannot create a temporary file");
        return;
    }
    fputs("a;b\r\n1;2\r\n", f);
    fclose(f);
    d = kf_diags_new();
    csv = kf_csv_load(path, d);
    if (csv) {
        dump_table(csv, got, sizeof(got));
        check_str("load a file", got, "a|b\n1|2");
        check_str("name", kf_csv_name(csv), path);
    } else {
        fail("load a file: %zu errors", d->errors);
    }
    kf_csv_free(csv);
    kf_diags_free(d);
    remove(path);
}

int
main(void)
{
    test_parse();
    test_locations();
    test_limits();
    test_load();
    kf_csv_free(NULL);
    return check_summary();
}
