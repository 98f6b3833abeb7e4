/*
 * cli.c: the keyfig command, a thin layer over libkeyfig.
 *
 *   keyfig build REPORT... [-o DIR] [-f pdf,png,svg,xlsx] [--dpi N]
 *   keyfig check REPORT...
 *
 * Exit status: 0 done, 1 invalid input, 2 usage error, 3 output could not
 * be written.  Diagnostics are printed here and nowhere else.
 */
#include "keyfig.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { FMT_PDF = 1, FMT_PNG = 2, FMT_SVG = 4, FMT_XLSX = 8 };

typedef struct {
    const char *command;
    const char *outdir;
    unsigned formats;
    double dpi;
    char **reports;
    int nreports;
} options;

static const char usage_text[] =
    "usage: keyfig build REPORT... [-o DIR] [-f pdf,png,svg,xlsx] [--dpi N]\n"
    "       keyfig check REPORT...\n"
    "       keyfig --help | --version\n";

static const char help_text[] =
    "keyfig turns a report file (YAML or JSON) into a PDF fact sheet, a PNG\n"
    "(or SVG) per page and an Excel workbook.\n"
    "\n"
    "Commands:\n"
    "  build REPORT...   write DIR/STEM.pdf, DIR/STEM-N.png, DIR/STEM.xlsx\n"
    "  check REPORT...   validate the reports and their layout, write nothing\n"
    "\n"
    "Options of build:\n"
    "  -o, --output DIR  output directory (default: out)\n"
    "  -f, --formats L   comma-separated list of pdf, png, svg, xlsx\n"
    "                    (default: pdf,png,xlsx)\n"
    "  --dpi N           PNG resolution in dots per inch (default: 150)\n"
    "\n"
    "Exit status: 0 done, 1 invalid input, 2 usage error,\n"
    "3 an output could not be written.\n"
    "The format of report files: docs/format.md.\n";

static int
usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "keyfig: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage_text);
    return 2;
}

static bool
parse_formats(const char *list, unsigned *out)
{
    unsigned f = 0;
    char *copy = strdup(list), *save = NULL;
    if (!copy)
        return false;
    for (char *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (!strcmp(tok, "pdf"))
            f |= FMT_PDF;
        else if (!strcmp(tok, "png"))
            f |= FMT_PNG;
        else if (!strcmp(tok, "svg"))
            f |= FMT_SVG;
        else if (!strcmp(tok, "xlsx"))
            f |= FMT_XLSX;
        else {
            free(copy);
            return false;
        }
    }
    free(copy);
    *out = f;
    return f != 0;
}

/* Fills `o` from argv; returns 0, or the exit status of a usage error. */
static int
parse_args(int argc, char **argv, options *o)
{
    o->outdir = "out";
    o->formats = FMT_PDF | FMT_PNG | FMT_XLSX;
    o->dpi = 150;
    o->reports = calloc((size_t)argc, sizeof(char *));
    if (!o->reports)
        return 2;
    o->command = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        bool build = !strcmp(o->command, "build");
        if (build && (!strcmp(a, "-o") || !strcmp(a, "--output"))) {
            if (++i >= argc)
                return usage_error("%s needs a directory", a);
            o->outdir = argv[i];
        } else if (build && (!strcmp(a, "-f") || !strcmp(a, "--formats"))) {
            if (++i >= argc || !parse_formats(argv[i], &o->formats))
                return usage_error("%s takes a list of pdf, png, svg, xlsx",
                                   a);
        } else if (build && !strcmp(a, "--dpi")) {
            char *end;
            if (++i >= argc)
                return usage_error("%s needs a number", a);
            errno = 0;
            long dpi = strtol(argv[i], &end, 10);
            if (errno || *end || dpi < 10 || dpi > 2400)
                return usage_error("--dpi takes a whole number from 10 to "
                                   "2400, not '%s'", argv[i]);
            o->dpi = (double)dpi;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else {
            o->reports[o->nreports++] = argv[i];
        }
    }
    if (o->nreports == 0)
        return usage_error("%s needs at least one report file", o->command);
    return 0;
}

/* "figures/paris-saclay.yaml" -> "paris-saclay" */
static void
stem_of(const char *path, char *buf, size_t size)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(buf, size, "%s", base);
    char *dot = strrchr(buf, '.');
    if (dot && dot != buf)
        *dot = '\0';
}

static int
exit_status(kf_status s)
{
    switch (s) {
    case KF_OK: return 0;
    case KF_ERR_INPUT: return 1;
    case KF_ERR_USAGE: return 2;
    default: return 3;
    }
}

/* Builds (or only checks) one report; returns the worst status. */
static kf_status
run_one(const options *o, const char *path, kf_diags *diags)
{
    kf_report *report = kf_report_load(path, diags);
    if (!report)
        return KF_ERR_INPUT;
    kf_layout *layout = kf_layout_new(report, diags);
    if (!layout) {
        kf_report_free(report);
        return diags->errors ? KF_ERR_INPUT : KF_ERR_FONT;
    }
    kf_status status = KF_OK;
    if (!strcmp(o->command, "build")) {
        char stem[512], file[4096];
        stem_of(path, stem, sizeof(stem));
        if (o->formats & FMT_PDF) {
            snprintf(file, sizeof(file), "%s/%s.pdf", o->outdir, stem);
            kf_status s = kf_write_pdf(report, layout, file, diags);
            if (s != KF_OK)
                status = s;
        }
        for (size_t p = 0; p < layout->npages; p++) {
            if (o->formats & FMT_PNG) {
                snprintf(file, sizeof(file), "%s/%s-%zu.png", o->outdir, stem,
                         p + 1);
                kf_status s =
                    kf_write_png(report, layout, p, o->dpi, file, diags);
                if (s != KF_OK)
                    status = s;
            }
            if (o->formats & FMT_SVG) {
                snprintf(file, sizeof(file), "%s/%s-%zu.svg", o->outdir, stem,
                         p + 1);
                kf_status s = kf_write_svg(report, layout, p, file, diags);
                if (s != KF_OK)
                    status = s;
            }
        }
        if (o->formats & FMT_XLSX) {
            snprintf(file, sizeof(file), "%s/%s.xlsx", o->outdir, stem);
            kf_status s = kf_write_xlsx(report, layout, file, diags);
            if (s != KF_OK)
                status = s;
        }
    }
    kf_layout_free(layout);
    kf_report_free(report);
    return status;
}

int
main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "a command is needed");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        printf("%s\n%s", usage_text, help_text);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("keyfig %s\n", KF_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "build") && strcmp(argv[1], "check"))
        return usage_error("unknown command '%s'", argv[1]);

    options o = {0};
    int rc = parse_args(argc, argv, &o);
    if (rc) {
        free(o.reports);
        return rc;
    }
    if (!strcmp(o.command, "build")) {
        struct stat st;
        if (mkdir(o.outdir, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "keyfig: %s: cannot create the output directory: "
                            "%s\n", o.outdir, strerror(errno));
            free(o.reports);
            return 3;
        }
        if (stat(o.outdir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            fprintf(stderr, "keyfig: %s: not a directory\n", o.outdir);
            free(o.reports);
            return 3;
        }
    }

    int worst = 0;
    kf_diags *diags = kf_diags_new();
    for (int i = 0; i < o.nreports && diags; i++) {
        kf_status s = run_one(&o, o.reports[i], diags);
        kf_diags_print(diags, stderr);
        kf_diags_clear(diags);
        int code = exit_status(s);
        /* Output failures (3) outrank invalid input (1). */
        if (code > worst)
            worst = code;
    }
    kf_diags_free(diags);
    free(o.reports);
    return worst;
}
