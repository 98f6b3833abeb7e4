/*
 * test_metrics_csv.c: metrics read from a CSV file (report.metrics_csv,
 * kf_load_options.metrics_csv).
 *
 * Each case writes a report and its CSV into a fresh temporary folder
 * and loads the report from there, as the CLI does: the rows join the
 * report's own metrics after them, go through the same checks, and every
 * message about a row names the CSV file, its line and column.
 */
#include "check.h"
#include "keyfig.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
print_diags(const kf_diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        printf("    %s:%d:%d: %s%s%s\n", d->items[i].file ? d->items[i].file
                                                          : "(none)",
               d->items[i].line, d->items[i].col, d->items[i].message,
               d->items[i].hint ? " | hint: " : "",
               d->items[i].hint ? d->items[i].hint : "");
}

static char dir[64];

/* Writes `text` to DIR/name. */
static void
write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, strlen(text), f) != strlen(text)) {
        printf("FAIL: cannot write %s\n", path);
        exit(1);
    }
    fclose(f);
}

/* Loads DIR/name in `language` (NULL: the first) with `csv` as
 * --metrics (NULL: the report's own); the diagnostics stay in *diags. */
static kf_report *
load(const char *name, const char *language, const char *csv,
     kf_diags **diags)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    kf_load_options o = {.language = language, .metrics_csv = csv};
    *diags = kf_diags_new();
    return kf_report_load(path, &o, *diags);
}

static kf_report *
load_ok(const char *what, const char *name, const char *language,
        const char *csv)
{
    kf_diags *d;
    kf_report *r = load(name, language, csv, &d);
    check(r && d->errors == 0, "%s: expected a clean load", what);
    if (!r || d->errors)
        print_diags(d);
    kf_diags_free(d);
    return r;
}

/* Expects the load to fail with an error "FILE:LINE:COL: message" (FILE
 * relative to DIR, "" for none; `hint` NULL: any) among its errors. */
static void
expect_error(const char *what, const char *name, const char *csv,
             const char *file, int line, int col, const char *message,
             const char *hint)
{
    kf_diags *d;
    kf_report *r = load(name, NULL, csv, &d);
    check(r == NULL, "%s: expected the load to fail", what);
    char want[256];
    snprintf(want, sizeof(want), "%s/%s", dir, file);
    bool found = false;
    for (size_t i = 0; i < d->count && !found; i++) {
        const kf_diag *g = &d->items[i];
        const char *f = g->file ? g->file : "";
        found = g->severity == KF_SEV_ERROR && g->line == line &&
                g->col == col && strcmp(g->message, message) == 0 &&
                (file[0] ? strcmp(f, want) == 0 : strcmp(f, file) == 0) &&
                (!hint || (g->hint && strcmp(g->hint, hint) == 0));
    }
    check(found, "%s: expected %s:%d:%d: %s%s%s", what, file, line, col,
          message, hint ? " | hint: " : "", hint ? hint : "");
    if (!found)
        print_diags(d);
    kf_report_free(r);
    kf_diags_free(d);
}

static const kf_metric *
metric(const kf_report *r, const char *id)
{
    for (size_t i = 0; r && i < r->nmetrics; i++)
        if (strcmp(r->metrics[i].id, id) == 0)
            return &r->metrics[i];
    return NULL;
}

static bool
same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

#define HEAD                                                                 \
    "format: 1\n"                                                            \
    "report:\n"                                                              \
    "  title: T\n"

static void
test_join(void)
{
    write_file("join.yaml", HEAD "sources:\n"
                                 "  - id: kit\n"
                                 "    title: Kit\n"
                                 "    date: 2025-01\n"
                                 "metrics:\n"
                                 "  - id: first\n"
                                 "    label: From the report\n"
                                 "    value: 1\n"
                                 "metrics_csv: data/m.csv\n");
    char sub[128];
    snprintf(sub, sizeof(sub), "%s/data", dir);
    mkdir(sub, 0777);
    write_file("data/m.csv",
               "value,id,label,unit,decimals,display,source,as_of,previous,"
               "previous_as_of\n"
               "125.9,jean-zay,\"Jean Zay, \"\"supercalculateur\"\"\","
               "Pflop/s,1,,kit,2024-12,,\n"
               "30000000 , funds ,levés,EUR,,compact,,,20000000,2023\n");
    kf_report *r = load_ok("join", "join.yaml", NULL, NULL);
    char want[128];
    snprintf(want, sizeof(want), "%s/data/m.csv", dir);
    check(r && same(r->metrics_csv, want), "join: metrics_csv is %s",
          r ? r->metrics_csv : "?");
    check(r && r->nmetrics == 3, "join: 3 metrics");
    if (!r || r->nmetrics != 3) {
        kf_report_free(r);
        return;
    }
    const kf_metric *m = r->metrics;
    check(strcmp(m[0].id, "first") == 0 && !m[0].loc.file,
          "join: the report's metric first, located in the report");
    check(strcmp(m[1].id, "jean-zay") == 0 && m[1].value == 125.9 &&
              same(m[1].label, "Jean Zay, \"supercalculateur\"") &&
              same(m[1].unit, "Pflop/s") && m[1].decimals == 1 &&
              m[1].display == KF_DISPLAY_FULL && m[1].source == 0 &&
              m[1].as_of.year == 2024 && m[1].as_of.month == 12 &&
              !m[1].has_previous,
          "join: the first row, every column");
    check(m[1].loc.file == r->metrics_csv && m[1].loc.line == 2 &&
              m[1].loc.col == 1,
          "join: the first row is at the CSV's line 2, column 1 (%d:%d)",
          m[1].loc.line, m[1].loc.col);
    check(strcmp(m[2].id, "funds") == 0 && m[2].value == 30000000 &&
              same(m[2].unit, "EUR") && m[2].decimals == -1 &&
              m[2].display == KF_DISPLAY_COMPACT && m[2].source == -1 &&
              m[2].as_of.year == 0 && m[2].has_previous &&
              m[2].previous == 20000000 && m[2].previous_as_of.year == 2023,
          "join: the second row; cells trimmed, empty ones absent");
    /* Without pages, the default page shows the CSV's metrics too. */
    check(r->npages == 1 && r->pages[0].nblocks == 1 &&
              r->pages[0].blocks[0].nmetrics == 3,
          "join: the default page has the three tiles");
    kf_report_free(r);
}

static void
test_semicolon(void)
{
    /* A French spreadsheet: byte-order mark, CRLF, ';', decimal commas. */
    write_file("semi.yaml", HEAD "metrics_csv: semi.csv\n");
    write_file("semi.csv", "\xEF\xBB\xBFid;label;value;previous\r\n"
                           "share;de la recherche;\"21,5\";-0,5\r\n"
                           "big;grand;1234567;\r\n");
    kf_report *r = load_ok("semicolon", "semi.yaml", NULL, NULL);
    check(r && r->nmetrics == 2 && r->metrics[0].value == 21.5 &&
              r->metrics[0].has_previous && r->metrics[0].previous == -0.5 &&
              r->metrics[1].value == 1234567,
          "semicolon: decimal commas read");
    kf_report_free(r);

    write_file("comma.yaml", HEAD "metrics_csv: comma.csv\n");
    write_file("comma.csv", "id,label,value\nshare,part,\"21,5\"\n");
    expect_error("decimal comma in a comma file", "comma.yaml", NULL,
                 "comma.csv", 2, 12, "'value' must be a number",
                 "use a dot for decimals (21.5) and no thousands separator");
}

static void
test_languages(void)
{
    write_file("bi.yaml", HEAD "  languages: [fr, en]\n"
                               "metrics_csv: bi.csv\n");
    write_file("bi.csv", "id,label.fr,label.en,value,unit,unit.en\n"
                         "a,de la recherche,of research,21,%,\n"
                         "b,laboratoires,labs,42,labos,labs\n"
                         "c,même texte,,3,,\n");
    write_file("bi-plain.csv", "id,label,label.en,value\n"
                               "c,même texte,,3\n"
                               "d,texte,text,4\n");
    kf_report *fr = load_ok("bilingual fr", "bi.yaml", "fr", NULL);
    kf_report *en = NULL;
    check(fr && same(metric(fr, "a")->label, "de la recherche") &&
              same(metric(fr, "b")->unit, "labos"),
          "bilingual: the French edition's texts");
    kf_diags *d;
    en = load("bi.yaml", "en", NULL, &d);
    check(!en && d->errors == 1 && d->items[0].line == 4 &&
              strcmp(d->items[0].message, "'label' has no 'en' text") == 0,
          "bilingual: an empty label.en is an error of the en edition");
    kf_diags_free(d);
    char csv[128];
    snprintf(csv, sizeof(csv), "%s/bi-plain.csv", dir);
    en = load_ok("plain label for every language", "bi.yaml", "en", csv);
    check(en && same(metric(en, "c")->label, "même texte") &&
              same(metric(en, "d")->label, "text"),
          "a plain label is every language's text, label.en is English");
    kf_report_free(en);
    kf_report_free(fr);

    /* One spreadsheet may feed a French report and a bilingual one. */
    write_file("fr.yaml", HEAD "metrics_csv: bi.csv\n");
    fr = load_ok("another edition's column", "fr.yaml", NULL, NULL);
    check(fr && fr->nmetrics == 3 && same(metric(fr, "a")->label,
                                          "de la recherche"),
          "a French report reads a bilingual CSV's French texts");
    kf_report_free(fr);

    write_file("fr-only.csv", "id,label.fr,value\na,texte,1\n");
    write_file("bi-fr.yaml", HEAD "  languages: [fr, en]\n"
                                  "metrics_csv: fr-only.csv\n");
    kf_diags *d2;
    kf_report *r = load("bi-fr.yaml", "en", NULL, &d2);
    check(!r && d2->errors == 1 && d2->items[0].line == 1 &&
              strcmp(d2->items[0].message,
                     "the file has no 'label' column for the 'en' "
                     "edition") == 0,
          "a missing language column is said once, at the header");
    kf_diags_free(d2);
}

static void
test_option(void)
{
    write_file("opt.yaml", HEAD "metrics_csv: not-there.csv\n"
                                "pages:\n"
                                "  - title: P\n"
                                "    blocks:\n"
                                "      - kpis: [x]\n");
    write_file("opt.csv", "id,label,value\nx,X,7\n");
    char csv[128];
    snprintf(csv, sizeof(csv), "%s/opt.csv", dir);
    kf_report *r = load_ok("--metrics", "opt.yaml", NULL, csv);
    check(r && same(r->metrics_csv, csv) && r->nmetrics == 1 &&
              r->metrics[0].value == 7,
          "--metrics is read instead of the report's metrics_csv");
    kf_report_free(r);
    expect_error("the report's missing CSV", "opt.yaml", NULL, "opt.yaml",
                 4, 14, "the CSV file 'not-there.csv' does not exist", NULL);
}

static void
test_errors(void)
{
    write_file("dup.yaml", HEAD "metrics:\n"
                                "  - id: x\n"
                                "    label: X\n"
                                "    value: 1\n"
                                "metrics_csv: dup.csv\n");
    write_file("dup.csv", "id,label,value\ny,Y,2\nx,X,3\ny,Y,4\n");
    char first[160];
    snprintf(first,
             sizeof(first), "duplicate metric id 'x' (first defined at "
                            "%s/dup.yaml:5:9)",
             dir);
    expect_error("defined in the report and the CSV", "dup.yaml", NULL,
                 "dup.csv", 3, 1, first, NULL);
    expect_error("defined twice in the CSV", "dup.yaml", NULL, "dup.csv", 4,
                 1, "duplicate metric id 'y' (first defined at line 2)",
                 "give each one its own id");

    write_file("cols.yaml", HEAD "metrics_csv: cols.csv\n");
    write_file("cols.csv", "id,Label,value,colour\nx,X,1,red\n");
    expect_error("unknown column", "cols.yaml", NULL, "cols.csv", 1, 4,
                 "unknown column 'Label'", "did you mean 'label'?");
    /* 'Label' is the missing label column misspelt: said once. */
    kf_diags *cd;
    kf_report *cr = load("cols.yaml", NULL, NULL, &cd);
    check(cr == NULL && cd->errors == 2,
          "a misspelt required column: 2 errors (Label, colour), got %zu",
          cd->errors);
    kf_report_free(cr);
    kf_diags_free(cd);
    write_file("nolabel.yaml", HEAD "metrics_csv: nolabel.csv\n");
    write_file("nolabel.csv", "id,value,colour\nx,1,red\n");
    expect_error("missing column", "nolabel.yaml", NULL, "nolabel.csv", 1, 1,
                 "the file has no 'label' column", NULL);

    write_file("cells.yaml",
               HEAD "sources:\n  - id: kit\n    title: Kit\n"
                    "metrics_csv: cells.csv\n");
    write_file("cells.csv", "id;label;value;source;as_of;display\n"
                            "a;A;;kit;;\n"
                            "b;B;2;kti;2024-13;short\n");
    expect_error("empty value", "cells.yaml", NULL, "cells.csv", 2, 5,
                 "'value' has no value",
                 "fill in the cell: every metric needs an id, a label and a "
                 "value");
    expect_error("unknown source", "cells.yaml", NULL, "cells.csv", 3, 7,
                 "metric 'b' refers to unknown source 'kti'",
                 "did you mean 'kit'?");
    expect_error("invalid date", "cells.yaml", NULL, "cells.csv", 3, 11,
                 "invalid date '2024-13'", "months go from 01 to 12");
    expect_error("invalid display", "cells.yaml", NULL, "cells.csv", 3, 19,
                 "invalid display 'short'", "use full or compact");

    write_file("syntax.yaml", HEAD "metrics_csv: syntax.csv\n");
    write_file("syntax.csv", "id,label,value\nx,\"X,1\n");
    expect_error("CSV syntax", "syntax.yaml", NULL, "syntax.csv", 2, 3,
                 "this quoted field is not closed", NULL);

    write_file("up.yaml", HEAD "metrics_csv: ../m.csv\n");
    expect_error("going up", "up.yaml", NULL, "up.yaml", 4, 14,
                 "the metrics_csv path '../m.csv' must not go up with '..'",
                 "put the CSV file in the report's folder, or a folder "
                 "inside it, and give its path from there, as in "
                 "data/metrics.csv");
    write_file("abs.yaml", HEAD "metrics_csv: /etc/passwd\n");
    expect_error("absolute", "abs.yaml", NULL, "abs.yaml", 4, 14,
                 "the metrics_csv path '/etc/passwd' must be relative to "
                 "the report's folder",
                 NULL);

    /* Every row's errors, capped as every file's. */
    size_t cap = 64 + 300 * 16;
    char *many = malloc(cap);
    size_t o = (size_t)snprintf(many, cap, "id,label,value\n");
    for (int i = 0; i < 300; i++)
        o += (size_t)snprintf(many + o, cap - o, "m%d,M,x\n", i);
    write_file("many.yaml", HEAD "metrics_csv: many.csv\n");
    write_file("many.csv", many);
    free(many);
    kf_diags *d;
    kf_report *r = load("many.yaml", NULL, NULL, &d);
    check(!r && d->errors == 300 && d->count == KF_DIAGS_MAX &&
              d->dropped == 300 - KF_DIAGS_MAX,
          "300 bad rows: 300 errors, %d shown (%zu, %zu dropped)",
          KF_DIAGS_MAX, d->count, d->dropped);
    kf_diags_free(d);
}

static void
test_json(void)
{
    /* A JSON report: CSV texts count as JSON strings, numbers as numbers. */
    write_file("j.json", "{\"format\": 1, \"report\": {\"title\": \"T\"},"
                         " \"metrics_csv\": \"j.csv\"}");
    write_file("j.csv", "id,label,value,decimals,as_of\nx,X,1.5,1,2024\n");
    kf_report *r = load_ok("JSON report", "j.json", NULL, NULL);
    check(r && r->nmetrics == 1 && r->metrics[0].decimals == 1 &&
              r->metrics[0].as_of.year == 2024,
          "JSON report: the CSV's row");
    kf_report_free(r);
}

int
main(void)
{
    snprintf(dir, sizeof(dir), "/tmp/kf-metrics-csv-XXXXXX");
    if (!mkdtemp(dir)) {
        printf("FAIL: mkdtemp\n");
        return 1;
    }
    test_join();
    test_semicolon();
    test_languages();
    test_option();
    test_errors();
    test_json();
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("note: %s left behind\n", dir);
    return check_summary();
}
