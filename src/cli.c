/*
 * cli.c: the keyfig command, a thin layer over libkeyfig.
 *
 *   keyfig build REPORT... [-o DIR] [-f pdf,png,svg,xlsx] [--dpi N]
 *   keyfig check REPORT...
 *   keyfig batch TEMPLATE CSV [-o DIR] [-j N] [--shard I/N] [-f LIST]
 *                [--dpi N] [--name COLUMN] [--progress]
 *
 * Exit status: 0 done, 1 invalid input, 2 usage error, 3 output could not
 * be written.  Diagnostics are printed here and nowhere else.
 */
#include "keyfig.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The PNG resolution at most: print quality.  A sheet's cost grows with
 * its pixels, the square of the resolution: 0.4 s of CPU a sheet at 600
 * dpi, 4 s at 2400 (the limit before; docs/format.md, "Limits"). */
#define MAX_DPI 600
#define MAX_DPI_TEXT "600"

enum {
    FMT_PDF = KF_FORMAT_PDF,
    FMT_PNG = KF_FORMAT_PNG,
    FMT_SVG = KF_FORMAT_SVG,
    FMT_XLSX = KF_FORMAT_XLSX
};

typedef struct {
    const char *command;
    const char *outdir;
    unsigned formats;
    double dpi;
    char **reports;
    int nreports;
    /* --lang: the editions to build, in order; none: every one of the
     * report's languages. */
    const char *languages[KF_MAX_LANGUAGES];
    size_t nlanguages;
    bool strict; /* --strict: warnings fail like errors */
    kf_load_options load;
} options;

static const char usage_text[] =
    "usage: keyfig build REPORT... [-o DIR] [-f pdf,png,svg,xlsx] [--dpi N]\n"
    "                    [--lang fr,en] [--metrics CSV] [--max-age AGE] "
    "[--strict]\n"
    "                    [--brand FILE]\n"
    "       keyfig check REPORT... [--lang fr,en] [--metrics CSV] "
    "[--max-age AGE]\n"
    "                    [--brand FILE] [--strict]\n"
    "       keyfig batch TEMPLATE CSV [-o DIR] [-j N] [--shard I/N] "
    "[-f LIST]\n"
    "                    [--dpi N] [--name COLUMN] [--progress]\n"
    "                    [--lang fr,en] [--max-age AGE] [--brand FILE] "
    "[--strict]\n"
    "       keyfig --help | --version\n";

static const char help_text[] =
    "keyfig turns a report file (YAML or JSON) into a PDF fact sheet, a PNG\n"
    "(or SVG) per page and an Excel workbook.\n"
    "\n"
    "Commands:\n"
    "  build REPORT...   write DIR/STEM.pdf, DIR/STEM-N.png, DIR/STEM.xlsx\n"
    "  check REPORT...   validate the reports and their layout, write nothing\n"
    "  batch TEMPLATE CSV  one report per row of CSV: TEMPLATE with every\n"
    "                    {{column}} replaced by the row's field\n"
    "\n"
    "Options of build:\n"
    "  -o, --output DIR  output directory (default: out)\n"
    "  -f, --formats L   comma-separated list of pdf, png, svg, xlsx\n"
    "                    (default: pdf,png,xlsx)\n"
    "  --dpi N           PNG resolution in dots per inch, 10 to 600\n"
    "                    (default: 150)\n"
    "\n"
    "Options of build and check (--lang, --max-age, --brand and --strict of\n"
    "batch too, for each row):\n"
    "  --lang L          the editions, a comma-separated list of fr, en\n"
    "                    (default: every language of the report; with\n"
    "                    several, the files are STEM.fr.pdf, STEM.en.pdf...)\n"
    "  --metrics CSV     read the metrics from this CSV file instead of\n"
    "                    the report's metrics_csv\n"
    "  --max-age AGE     warn about figures older than AGE at the report's\n"
    "                    date: 18m, 2y, 90d (replaces report.max_age)\n"
    "  --brand FILE      read the theme and logo from this brand file\n"
    "                    (replaces report.brand; the report's own keys win)\n"
    "  --strict          treat warnings as errors (exit status 1, and build\n"
    "                    writes nothing)\n"
    "\n"
    "Options of batch (and -o, -f, --dpi as for build):\n"
    "  -j, --jobs N      threads (default: one per core)\n"
    "  --shard I/N       only the rows whose index (from 0) modulo N is I\n"
    "  --name COLUMN     the column naming each row's files (default: the\n"
    "                    first)\n"
    "  --progress        progress and summary even when stderr is not a\n"
    "                    terminal\n"
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

/* "fr,en" -> languages[0..*n); false for an unknown or repeated
 * language.  The strings are static, as report->languages. */
static bool
parse_languages(const char *list, const char *languages[KF_MAX_LANGUAGES],
                size_t *nlanguages)
{
    static const char *const known[] = {"fr", "en"};
    *nlanguages = 0;
    const char *p = list;
    for (;;) {
        size_t n = strcspn(p, ",");
        const char *lang = NULL;
        for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
            if (n == strlen(known[k]) && !strncmp(p, known[k], n))
                lang = known[k];
        if (!lang || *nlanguages == KF_MAX_LANGUAGES)
            return false;
        for (size_t k = 0; k < *nlanguages; k++)
            if (languages[k] == lang)
                return false;
        languages[(*nlanguages)++] = lang;
        if (!p[n])
            return true;
        p += n + 1;
    }
}

/* What build, check and batch all take about the editions. */
typedef struct {
    const char **languages; /* KF_MAX_LANGUAGES of them */
    size_t *nlanguages;
    const char **max_age;
    const char **brand;
    bool *strict;
} edition_options;

/* Reads --lang, --max-age, --brand or --strict at argv[*i] (moving *i past its
 * value) into `eo`.  Returns -1 when argv[*i] is none of them, else 0 or
 * the exit status of a usage error. */
static int
parse_edition_option(int argc, char **argv, int *i, edition_options eo)
{
    const char *a = argv[*i];
    if (!strcmp(a, "--strict")) {
        *eo.strict = true;
        return 0;
    }
    if (!strcmp(a, "--brand")) {
        if (++*i >= argc)
            return usage_error("%s needs a brand file", a);
        *eo.brand = argv[*i];
        return 0;
    }
    bool lang = !strcmp(a, "--lang");
    if (!lang && strcmp(a, "--max-age"))
        return -1;
    const char *value = ++*i < argc ? argv[*i] : NULL;
    kf_age age;
    if (lang) {
        if (!value || !parse_languages(value, eo.languages, eo.nlanguages))
            return usage_error("--lang takes a comma-separated list of "
                               "fr, en, not '%s'", value ? value : "");
    } else {
        if (!value || !kf_age_parse(value, &age))
            return usage_error("--max-age takes an age such as 18m, 2y "
                               "or 90d, not '%s'", value ? value : "");
        *eo.max_age = value;
    }
    return 0;
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
    edition_options eo = {o->languages, &o->nlanguages, &o->load.max_age,
                          &o->load.brand, &o->strict};
    int rc;
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
            if (errno || *end || dpi < 10 || dpi > MAX_DPI)
                return usage_error("--dpi takes a whole number from 10 to "
                                   MAX_DPI_TEXT ", not '%s'", argv[i]);
            o->dpi = (double)dpi;
        } else if ((rc = parse_edition_option(argc, argv, &i, eo)) >= 0) {
            if (rc)
                return rc;
        } else if (!strcmp(a, "--metrics")) {
            if (++i >= argc)
                return usage_error("%s needs a CSV file", a);
            o->load.metrics_csv = argv[i];
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

/* One edition of a report, loaded and laid out on a thread of its own:
 * the editions are independent until they are written, and laying out a
 * long report is a third of its build. */
typedef struct {
    const char *path;
    kf_load_options load;
    kf_report *report; /* the first edition is loaded before the others */
    kf_layout *layout;
    kf_diags *diags;
    kf_status status;
} edition_work;

static void *
prepare_edition(void *arg)
{
    edition_work *w = arg;
    if (!w->report)
        w->report = kf_report_load(w->path, &w->load, w->diags);
    w->status = w->report ? kf_layout_new(w->report, w->diags, &w->layout)
                          : KF_ERR_INPUT;
    return NULL;
}

/* Puts "LANG edition: " before a message, once, unless it names its
 * language already ("'label' has no 'en' text"). */
static void
tag_edition(kf_diag *d, const char *language)
{
    char tag[32], quoted[16];
    int n = snprintf(tag, sizeof(tag), "%s edition: ", language);
    snprintf(quoted, sizeof(quoted), "'%s'", language);
    if (!d->message || strncmp(d->message, tag, (size_t)n) == 0 ||
        strstr(d->message, quoted))
        return;
    size_t len = strlen(d->message);
    char *tagged = malloc((size_t)n + len + 1);
    if (tagged) {
        memcpy(tagged, tag, (size_t)n);
        memcpy(tagged + n, d->message, len + 1);
        free(d->message);
        d->message = tagged;
    }
}

/* A problem both editions have is given once, as it is; one of only one
 * edition says which ("en edition: page 2 takes 2 sheets": the English
 * text is longer).  [a0, a1) are the first edition's diagnostics in
 * `diags`, [b0, b1) those the other edition's own, `other`, added: the
 * ones the first did not have. */
static void
tell_editions_apart(kf_diags *diags, size_t a0, size_t a1, const char *la,
                    const kf_diags *other, size_t b0, size_t b1,
                    const char *lb)
{
    for (size_t i = a0; i < a1; i++)
        if (!kf_diags_has(other, &diags->items[i]))
            tag_edition(&diags->items[i], la);
    for (size_t j = b0; j < b1; j++)
        tag_edition(&diags->items[j], lb);
}

/* Builds (or only checks) every edition of one report, each loaded in
 * its language; returns the worst status.  Every edition is loaded and
 * laid out before any is written: an edition that fails (or warns, under
 * --strict) leaves no file of any other behind, so a set is written whole
 * or not at all.  The problems come edition by edition, in the order of
 * the editions, however the threads ran. */
static kf_status
run_one(const options *o, const char *path, kf_diags *diags)
{
    kf_load_options load = o->load;
    load.language = o->nlanguages ? o->languages[0] : NULL;
    size_t since = diags->count; /* the first edition's problems */
    kf_report *first = kf_report_load(path, &load, diags);
    if (!first)
        return KF_ERR_INPUT;
    /* The editions: --lang, else every language of the report.  A report
     * with several languages names its files after each, whichever are
     * built, so an edition never overwrites another. */
    const char *languages[KF_MAX_LANGUAGES];
    size_t n = o->nlanguages ? o->nlanguages : first->nlanguages;
    memcpy(languages, o->nlanguages ? o->languages : first->languages,
           n * sizeof(languages[0]));
    bool suffix = first->nlanguages > 1;
    edition_work work[KF_MAX_LANGUAGES] = {{0}};
    pthread_t threads[KF_MAX_LANGUAGES];
    bool started[KF_MAX_LANGUAGES] = {false};
    kf_status worst = KF_OK;
    for (size_t i = 0; i < n; i++) {
        work[i] = (edition_work){.path = path, .load = load,
                                 .diags = i ? kf_diags_new() : diags};
        work[i].load.language = languages[i];
        if (!work[i].diags) {
            work[i].status = worst = KF_ERR_MEMORY;
            continue;
        }
        if (i == 0)
            work[i].report = first;
        else
            started[i] = pthread_create(&threads[i], NULL, prepare_edition,
                                        &work[i]) == 0;
    }
    if (work[0].diags)
        prepare_edition(&work[0]);
    size_t first_end = diags->count;
    for (size_t i = 1; i < n; i++) {
        if (started[i])
            pthread_join(threads[i], NULL);
        else if (work[i].diags)
            prepare_edition(&work[i]); /* no thread to be had */
        size_t at = diags->count;
        kf_diags_append(diags, work[i].diags);
        if (work[i].diags)
            tell_editions_apart(diags, since, first_end, languages[0],
                                work[i].diags, at, diags->count,
                                languages[i]);
        kf_diags_free(work[i].diags);
    }
    for (size_t i = 0; i < n; i++)
        if (work[i].status != KF_OK && worst == KF_OK)
            worst = work[i].status;
    if (o->strict && diags->warnings && !diags->errors) {
        kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0,
                    "fix them, or leave out --strict",
                    "%zu warning%s, and --strict makes warnings errors",
                    diags->warnings, diags->warnings == 1 ? "" : "s");
        worst = worst ? worst : KF_ERR_INPUT;
    }
    if (worst == KF_OK && !strcmp(o->command, "build")) {
        char base[512], stems[KF_MAX_LANGUAGES][600];
        kf_edition editions[KF_MAX_LANGUAGES];
        stem_of(path, base, sizeof(base));
        for (size_t i = 0; i < n; i++) {
            snprintf(stems[i], sizeof(stems[i]), suffix ? "%s.%s" : "%s",
                     base, work[i].report->language);
            editions[i] = (kf_edition){work[i].report, work[i].layout,
                                       stems[i]};
        }
        worst = kf_build_editions(editions, n, o->outdir, o->formats, o->dpi,
                                  diags);
    }
    for (size_t i = 0; i < n; i++) {
        kf_layout_free(work[i].layout);
        kf_report_free(work[i].report);
    }
    return worst;
}

/* Two reports of one build with the same stem (a/r.yaml and b/r.json)
 * would write the same files, the second over the first: refused before
 * anything is written.  False after a message. */
static bool
stems_distinct(const options *o)
{
    bool ok = true;
    for (int i = 0; i < o->nreports; i++) {
        char a[512], b[512];
        stem_of(o->reports[i], a, sizeof(a));
        for (int j = 0; j < i; j++) {
            stem_of(o->reports[j], b, sizeof(b));
            if (strcmp(a, b) == 0) {
                fprintf(stderr,
                        "keyfig: %s and %s would both write %s.* in %s\n"
                        "  hint: rename one of them, or build them into "
                        "different folders with -o\n",
                        o->reports[j], o->reports[i], a, o->outdir);
                ok = false;
                break;
            }
        }
    }
    return ok;
}

/* keyfig build: SIGINT and SIGTERM let the files being written finish
 * (whole, renamed) and begin no other, as in a batch; then the process
 * dies of the signal. */
static volatile sig_atomic_t build_signal;

static void
on_build_signal(int sig)
{
    build_signal = sig;
    kf_build_cancel();
}

/* Creates the output directory if needed; false (after a message) when
 * it cannot be had. */
static bool
make_outdir(const char *dir)
{
    struct stat st;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "keyfig: %s: cannot create the output directory: "
                        "%s\n", dir, strerror(errno));
        return false;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "keyfig: %s: not a directory\n", dir);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* keyfig batch                                                        */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *template_path;
    const char *csv_path;
    kf_batch_options batch;
    int jobs;
    bool progress;
} batch_args;

/* A whole number from min to max in `s`. */
static bool
parse_count(const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (errno || end == s || *end || n < min || n > max)
        return false;
    *out = n;
    return true;
}

static int
parse_batch_args(int argc, char **argv, batch_args *a)
{
    const char *files[2];
    int nfiles = 0;
    edition_options eo = {a->batch.languages, &a->batch.nlanguages,
                          &a->batch.max_age, &a->batch.brand,
                          &a->batch.strict};
    int rc;
    a->batch.outdir = "out";
    a->batch.formats = FMT_PDF | FMT_PNG | FMT_XLSX;
    a->batch.dpi = 150;
    for (int i = 2; i < argc; i++) {
        const char *arg = argv[i];
        long n;
        if (!strcmp(arg, "-o") || !strcmp(arg, "--output")) {
            if (++i >= argc)
                return usage_error("%s needs a directory", arg);
            a->batch.outdir = argv[i];
        } else if (!strcmp(arg, "-f") || !strcmp(arg, "--formats")) {
            if (++i >= argc || !parse_formats(argv[i], &a->batch.formats))
                return usage_error("%s takes a list of pdf, png, svg, xlsx",
                                   arg);
        } else if (!strcmp(arg, "--dpi")) {
            if (++i >= argc)
                return usage_error("%s needs a number", arg);
            if (!parse_count(argv[i], 10, MAX_DPI, &n))
                return usage_error("--dpi takes a whole number from 10 to "
                                   MAX_DPI_TEXT ", not '%s'", argv[i]);
            a->batch.dpi = (double)n;
        } else if (!strcmp(arg, "--jobs") || !strncmp(arg, "-j", 2)) {
            /* -j 2, --jobs 2, or make's -j2. */
            const char *count = arg[1] == 'j' && arg[2] ? arg + 2 : NULL;
            if (!count && ++i >= argc)
                return usage_error("%s needs a number", arg);
            if (!count)
                count = argv[i];
            if (!parse_count(count, 1, 256, &n))
                return usage_error("-j takes a number of threads from 1 to "
                                   "256, not '%s'", count);
            a->jobs = (int)n;
        } else if (!strcmp(arg, "--shard")) {
            if (++i >= argc)
                return usage_error("%s needs I/N", arg);
            const char *slash = strchr(argv[i], '/');
            char index[32];
            long shard, shards;
            if (!slash || (size_t)(slash - argv[i]) >= sizeof(index))
                return usage_error("--shard takes I/N (such as 0/4), not "
                                   "'%s'", argv[i]);
            memcpy(index, argv[i], (size_t)(slash - argv[i]));
            index[slash - argv[i]] = '\0';
            if (!parse_count(slash + 1, 1, 1000000, &shards) ||
                !parse_count(index, 0, shards - 1, &shard))
                return usage_error("--shard takes I/N with 0 <= I < N "
                                   "(such as 0/4), not '%s'", argv[i]);
            a->batch.shard = (unsigned)shard;
            a->batch.shards = (unsigned)shards;
        } else if (!strcmp(arg, "--name")) {
            if (++i >= argc)
                return usage_error("%s needs a column name", arg);
            a->batch.name_column = argv[i];
        } else if (!strcmp(arg, "--progress")) {
            a->progress = true;
        } else if ((rc = parse_edition_option(argc, argv, &i, eo)) >= 0) {
            if (rc)
                return rc;
        } else if (!strcmp(arg, "--metrics")) {
            return usage_error("%s is for build and check: a batch takes its "
                               "figures from the rows of its CSV", arg);
        } else if (arg[0] == '-' && arg[1]) {
            return usage_error("unknown option '%s'", arg);
        } else if (nfiles < 2) {
            files[nfiles++] = arg;
        } else {
            return usage_error("batch takes one template and one CSV file, "
                               "not also '%s'", arg);
        }
    }
    if (nfiles < 2)
        return usage_error("%s", "batch needs a template and a CSV file");
    a->template_path = files[0];
    a->csv_path = files[1];
    return 0;
}

/* What the batch shows while it runs. */
typedef struct {
    const char *csv;
    bool tty;      /* stderr is a terminal: a bar redrawn in place */
    bool progress; /* show progress and the summary */
    bool bar_shown;
    double last_line; /* when the last progress line was printed */
    char *last_problems; /* the last failed row's messages, to say "same" */
    int last_line_no;
} batch_view;

static void
clear_bar(batch_view *v)
{
    if (v->bar_shown) {
        fputs("\r\033[K", stderr);
        v->bar_shown = false;
    }
}

/* "4.2 s", "1:05", "1:02:03" */
static void
duration(double seconds, char *buf, size_t size)
{
    long s = (long)(seconds + 0.5);
    if (seconds < 60)
        snprintf(buf, size, "%.1f s", seconds);
    else if (s >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

static void
on_progress(void *ctx, size_t done, size_t total, double seconds)
{
    batch_view *v = ctx;
    if (!v->progress || total == 0)
        return;
    double rate = seconds > 0 ? (double)done / seconds : 0;
    char left[32] = "";
    if (done > 0 && done < total && rate > 0) {
        char d[24];
        long secs = (long)((double)(total - done) / rate + 0.5);
        snprintf(d, sizeof(d), "%ld:%02ld", secs / 60, secs % 60);
        snprintf(left, sizeof(left), ", %s left", d);
    }
    if (v->tty) {
        enum { WIDTH = 28 };
        char bar[WIDTH + 1];
        size_t full = done * WIDTH / total;
        for (size_t i = 0; i < WIDTH; i++)
            bar[i] = i < full ? '#' : '.';
        bar[WIDTH] = '\0';
        fprintf(stderr, "\r\033[K[%s] %zu/%zu %3zu%%  %.1f sheets/s%s", bar,
                done, total, done * 100 / total, rate, left);
        fflush(stderr);
        v->bar_shown = true;
    } else if (seconds - v->last_line >= 5 && done < total) {
        fprintf(stderr, "keyfig: %zu/%zu sheets, %.1f sheets/s%s\n", done,
                total, rate, left);
        v->last_line = seconds;
    }
}

/* Prints a row's problems: a line saying which row, then its messages,
 * or only "the same problems as line N" when they repeat the previous
 * failed row's (a template mistake fails every row alike). */
static void
on_row(void *ctx, const kf_batch_row *row)
{
    batch_view *v = ctx;
    if (row->diags->count == 0 && row->status == KF_OK)
        return;
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    if (!mem)
        return;
    kf_diags_print(row->diags, mem);
    fclose(mem);
    clear_bar(v);
    if (row->status == KF_OK) {
        fputs(text, stderr);
        free(text);
        return;
    }
    fprintf(stderr, "%s:%d: error: the sheet '%s' was not built%s\n", v->csv,
            row->line, row->name, row->stopped ? " (interrupted)" : "");
    if (v->last_problems && !strcmp(v->last_problems, text)) {
        fprintf(stderr, "  the same problems as line %d\n", v->last_line_no);
        free(text);
        return;
    }
    fputs(text, stderr);
    free(v->last_problems);
    v->last_problems = text;
    v->last_line_no = row->line;
}

static kf_batch *volatile running_batch;
static volatile sig_atomic_t stop_signal;

/* Only sets flags: the threads finish the file each is writing, begin no
 * other, and kf_batch_run returns. */
static void
on_signal(int sig)
{
    stop_signal = sig;
    kf_batch_cancel(running_batch);
}

/* glibc gives the free memory at the top of a heap back to the kernel as
 * soon as more than M_TRIM_THRESHOLD (128 KiB at first) is free there.  A
 * sheet frees several MB when it is done, so every sheet then paid page
 * faults again, and with threads a TLB shootdown on every core: an
 * XLSX-only batch ran 5 times slower than with the memory kept (measured
 * with bench/).  Freeing a block above the mmap threshold raises both
 * thresholds (to its size, and twice that) while keeping glibc's adaptive
 * scheme, which mallopt() would turn off, sending every PNG surface to
 * mmap and munmap.  A PNG batch gets there by itself with its first
 * surface; this does it for every batch.  Peak memory is unchanged: the
 * memory kept is what the next sheet needs. */
static void
keep_freed_memory(void)
{
#if defined(__GLIBC__)
    void *volatile block = malloc(8u << 20);
    free(block);
#endif
}

static int
run_batch(int argc, char **argv)
{
    batch_args a = {0};
    int rc = parse_batch_args(argc, argv, &a);
    if (rc)
        return rc;
    if (!make_outdir(a.batch.outdir))
        return 3;
    keep_freed_memory();
    kf_diags *diags = kf_diags_new();
    if (!diags)
        return 3;
    kf_batch *batch =
        kf_batch_new(a.template_path, a.csv_path, &a.batch, diags);
    kf_diags_print(diags, stderr);
    kf_diags_free(diags);
    if (!batch)
        return 1;

    batch_view view = {.csv = a.csv_path, .tty = isatty(STDERR_FILENO) == 1};
    view.progress = view.tty || a.progress;
    running_batch = batch;
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART; /* a write must not fail with EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);

    kf_batch_summary sum;
    kf_status status =
        kf_batch_run(batch, a.jobs, on_row, on_progress, &view, &sum);

    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    running_batch = NULL;
    clear_bar(&view);
    if (view.progress) {
        char took[24];
        duration(sum.seconds, took, sizeof(took));
        double rate = sum.seconds > 0
                          ? (double)(sum.built + sum.failed) / sum.seconds
                          : 0;
        fprintf(stderr, "keyfig: %s%zu sheet%s built, %zu failed",
                stop_signal ? "interrupted: " : "", sum.built,
                sum.built == 1 ? "" : "s", sum.failed);
        if (sum.stopped)
            fprintf(stderr, ", %zu not built", sum.stopped);
        fprintf(stderr, ", in %s (%.1f sheets/s)\n", took, rate);
    }
    free(view.last_problems);
    kf_batch_free(batch);
    if (stop_signal) {
        /* Die of the signal, so a calling shell or scheduler knows. */
        signal(stop_signal, SIG_DFL);
        raise(stop_signal);
    }
    return exit_status(status);
}

int
main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "a command is needed");
    /* `keyfig --help`, and `keyfig build --help` as users try it too. */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("%s\n%s", usage_text, help_text);
            return 0;
        }
    }
    if (!strcmp(argv[1], "--version")) {
        printf("keyfig %s\n", KF_VERSION);
        return 0;
    }
    if (!strcmp(argv[1], "batch"))
        return run_batch(argc, argv);
    if (strcmp(argv[1], "build") && strcmp(argv[1], "check"))
        return usage_error("unknown command '%s'", argv[1]);

    options o = {0};
    int rc = parse_args(argc, argv, &o);
    if (rc) {
        free(o.reports);
        return rc;
    }
    if (!strcmp(o.command, "build") && !make_outdir(o.outdir)) {
        free(o.reports);
        return 3;
    }

    bool build = !strcmp(o.command, "build");
    if (build && !stems_distinct(&o)) {
        free(o.reports);
        return 2;
    }
    struct sigaction sa, old_int, old_term;
    if (build) {
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_build_signal;
        sa.sa_flags = SA_RESTART; /* a write must not fail with EINTR */
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
    }
    int worst = 0;
    kf_diags *diags = kf_diags_new();
    for (int i = 0; i < o.nreports && diags && !build_signal; i++) {
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
    if (build) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
    }
    if (build_signal) {
        fprintf(stderr, "keyfig: interrupted: the files being written were "
                        "finished, the others not written\n");
        signal(build_signal, SIG_DFL);
        raise(build_signal);
    }
    return worst;
}
