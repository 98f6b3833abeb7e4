/*
 * build.c: every output of a report's editions, each named after its
 * stem, in a directory: what `keyfig build` and each row of `keyfig
 * batch` write.
 *
 * The files are independent of each other, so kf_build_editions writes
 * them in parallel, one thread per core: a PNG page is the most expensive
 * of them (drawing 2.2 million pixels and compressing them), and a
 * two-page report has two.  The files of every edition go in one pool,
 * so the cores stay busy from the first edition's PDF to the last one's
 * workbook.  A batch already keeps every core busy with rows, so it
 * writes a row's files one after the other (kf_build_outputs_until).
 * Each file is the same bytes either way.
 */
#include "build.h"

#include <errno.h>
#include <glib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Set by kf_build_cancel (from a signal handler): lock-free, so storing
 * to it there is safe. */
static atomic_int cancelled;

void
kf_build_cancel(void)
{
    atomic_store_explicit(&cancelled, 1, memory_order_relaxed);
}

static bool
is_cancelled(void)
{
    return atomic_load_explicit(&cancelled, memory_order_relaxed) != 0;
}

typedef enum { JOB_PDF, JOB_PNG, JOB_SVG, JOB_XLSX } job_kind;

/* One file to write. */
typedef struct {
    const kf_edition *edition;
    job_kind kind;
    size_t page; /* JOB_PNG, JOB_SVG */
    kf_diags *diags;
    kf_status status;
    bool skipped; /* not begun: kf_build_cancel */
    char *path;   /* its name, once run() made it */
    char *staged; /* where it was written, NULL until then */
} job;

/* What every file of a set shares. */
typedef struct {
    const char *dir;
    double dpi;
} target;

/* The files of `formats` of one edition in the order `keyfig build`
 * always wrote them: the PDF, each page's PNG and SVG, the workbook.
 * Returns their number; `jobs` has room for jobs_of(). */
static size_t
plan(unsigned formats, const kf_edition *e, job *jobs)
{
    size_t n = 0;
    if (formats & KF_FORMAT_PDF)
        jobs[n++] = (job){.edition = e, .kind = JOB_PDF};
    for (size_t p = 0; p < e->layout->npages; p++) {
        if (formats & KF_FORMAT_PNG)
            jobs[n++] = (job){.edition = e, .kind = JOB_PNG, .page = p};
        if (formats & KF_FORMAT_SVG)
            jobs[n++] = (job){.edition = e, .kind = JOB_SVG, .page = p};
    }
    if (formats & KF_FORMAT_XLSX)
        jobs[n++] = (job){.edition = e, .kind = JOB_XLSX};
    return n;
}

/* The most files plan() makes for these editions. */
static size_t
jobs_of(const kf_edition *editions, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += 2 + 2 * editions[i].layout->npages;
    return count;
}

/* Every edition has its report and layout. */
static bool
editions_valid(const kf_edition *editions, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!editions[i].report || !editions[i].layout || !editions[i].stem)
            return false;
    return editions || n == 0;
}

/* Gives the diagnostics about `staged` the name of the file they are
 * about, `path`. */
static void
rename_in_diags(kf_diags *diags, const char *staged, const char *path)
{
    for (size_t i = 0; diags && i < diags->count; i++) {
        kf_diag *d = &diags->items[i];
        char *copy;
        if (d->file && strcmp(d->file, staged) == 0 && (copy = strdup(path))) {
            free(d->file);
            d->file = copy;
        }
    }
}

/* Writes one file, staged: under its name + STAGED, renamed by
 * commit_set once every file of the set is written; its problems go to
 * `diags`. */
#define STAGED ".kfnew"
static kf_status
run(const target *t, job *j, kf_diags *diags)
{
    char path[4096], suffix[40];
    switch (j->kind) {
    case JOB_PDF: snprintf(suffix, sizeof(suffix), ".pdf"); break;
    case JOB_PNG: snprintf(suffix, sizeof(suffix), "-%zu.png", j->page + 1); break;
    case JOB_SVG: snprintf(suffix, sizeof(suffix), "-%zu.svg", j->page + 1); break;
    case JOB_XLSX: snprintf(suffix, sizeof(suffix), ".xlsx"); break;
    }
    const kf_edition *e = j->edition;
    int n = snprintf(path, sizeof(path), "%s/%s%s", t->dir, e->stem, suffix);
    if (n < 0 || (size_t)n + sizeof(STAGED) + 8 >= sizeof(path)) {
        kf_diag_add(diags, KF_SEV_ERROR, t->dir, 0, 0,
                    "choose a shorter output directory or name",
                    "the output path for '%s%s' is too long", e->stem,
                    suffix);
        return KF_ERR_OUTPUT;
    }
    j->path = strdup(path);
    size_t len = strlen(path) + sizeof(STAGED);
    char *staged = malloc(len);
    if (!j->path || !staged) {
        free(staged);
        kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL, "out of memory");
        return KF_ERR_MEMORY;
    }
    snprintf(staged, len, "%s%s", path, STAGED);
    kf_status st = KF_ERR_USAGE;
    switch (j->kind) {
    case JOB_PDF: st = kf_write_pdf(e->report, e->layout, staged, diags); break;
    case JOB_PNG:
        st = kf_write_png(e->report, e->layout, j->page, t->dpi, staged,
                          diags);
        break;
    case JOB_SVG:
        st = kf_write_svg(e->report, e->layout, j->page, staged, diags);
        break;
    case JOB_XLSX:
        st = kf_write_xlsx(e->report, e->layout, staged, diags);
        break;
    }
    rename_in_diags(diags, staged, path);
    j->staged = staged; /* written or not, commit_set removes it */
    return st;
}

/* Ends a set of files: when every one was written (`status` KF_OK, not
 * stopped) each staged file is renamed onto its name, so an earlier set
 * is replaced whole; otherwise every staged file is removed and an
 * earlier set stays as it was, whole too (a full disk used to replace its
 * PDF and leave its old workbook), with an error naming the files not
 * written.  Returns the set's status. */
static kf_status
commit_set(const target *t, job *jobs, size_t n, kf_status status,
           bool stopped, kf_diags *diags)
{
    bool keep = status == KF_OK && !stopped;
    for (size_t i = 0; keep && i < n; i++) {
        if (jobs[i].staged && rename(jobs[i].staged, jobs[i].path) != 0) {
            kf_diag_add(diags, KF_SEV_ERROR, jobs[i].path, 0, 0, NULL,
                        "cannot write the output file: %s", strerror(errno));
            status = KF_ERR_OUTPUT;
            unlink(jobs[i].staged);
        }
    }
    if (!keep) {
        GString *names = g_string_new(NULL);
        for (size_t i = 0; i < n; i++) {
            if (jobs[i].staged)
                unlink(jobs[i].staged);
            const char *name = jobs[i].path ? strrchr(jobs[i].path, '/')
                                            : NULL;
            if (name)
                g_string_append_printf(names, "%s%s", names->len ? ", " : "",
                                       name + 1);
        }
        if (status != KF_OK && names->len)
            kf_diag_add(diags, KF_SEV_ERROR, t->dir, 0, 0,
                        "free some space, or write elsewhere with -o DIR; "
                        "files of these names from an earlier build are "
                        "kept as they were",
                        "not written: %s", names->str);
        g_string_free(names, TRUE);
    }
    for (size_t i = 0; i < n; i++) {
        free(jobs[i].path);
        free(jobs[i].staged);
        jobs[i].path = jobs[i].staged = NULL;
    }
    return status;
}

/* Writes the set's files one after the other, checking `stop` (NULL:
 * never) and kf_build_cancel before each. */
static kf_status
build_serial(const kf_edition *editions, size_t count, const char *dir,
             unsigned formats, double dpi, const atomic_int *stop,
             bool *stopped, kf_diags *diags)
{
    if (stopped)
        *stopped = false;
    if (!editions_valid(editions, count))
        return KF_ERR_USAGE;
    job *jobs = calloc(jobs_of(editions, count) + 1, sizeof(job));
    if (!jobs)
        return KF_ERR_MEMORY;
    target t = {dir, dpi};
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        n += plan(formats, &editions[i], jobs + n);
    kf_status status = KF_OK;
    bool halted = false;
    for (size_t i = 0; i < n; i++) {
        if ((stop && atomic_load_explicit(stop, memory_order_relaxed)) ||
            is_cancelled()) {
            halted = true;
            break;
        }
        kf_status s = run(&t, &jobs[i], diags);
        if (s != KF_OK)
            status = s;
    }
    if (stopped)
        *stopped = halted;
    status = commit_set(&t, jobs, n, status, halted || is_cancelled(), diags);
    free(jobs);
    return status;
}

kf_status
kf_build_outputs_until(const kf_report *report, const kf_layout *layout,
                       const char *dir, const char *stem, unsigned formats,
                       double dpi, const atomic_int *stop, bool *stopped,
                       kf_diags *diags)
{
    kf_edition e = {report, layout, stem};
    return build_serial(&e, 1, dir, formats, dpi, stop, stopped, diags);
}

/* ------------------------------------------------------------------ */
/* In parallel                                                         */
/* ------------------------------------------------------------------ */

typedef struct {
    const target *t;
    job *jobs;
    size_t *order; /* indexes into jobs, most expensive first */
    size_t n;
    atomic_size_t next;
} pool;

static void *
pool_worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        size_t k = atomic_fetch_add(&p->next, 1);
        if (k >= p->n)
            break;
        job *j = &p->jobs[p->order[k]];
        if (is_cancelled()) {
            j->status = KF_ERR_OUTPUT;
            j->skipped = true;
            continue;
        }
        j->status = run(p->t, j, j->diags);
    }
    return NULL;
}

kf_status
kf_build_editions(const kf_edition *editions, size_t count, const char *dir,
                  unsigned formats, double dpi, kf_diags *diags)
{
    if (!editions_valid(editions, count))
        return KF_ERR_USAGE;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t cap = jobs_of(editions, count) + 1;
    job *jobs = calloc(cap, sizeof(job));
    size_t *order = calloc(cap, sizeof(size_t));
    size_t n = 0;
    for (size_t i = 0; jobs && i < count; i++)
        n += plan(formats, &editions[i], jobs + n);
    size_t nthreads = cores > 1 ? (size_t)cores : 1;
    if (nthreads > n)
        nthreads = n;
    pthread_t *threads =
        nthreads > 1 ? calloc(nthreads - 1, sizeof(pthread_t)) : NULL;
    bool ok = jobs && order && (nthreads <= 1 || threads);
    for (size_t i = 0; ok && i < n; i++)
        if (!(jobs[i].diags = kf_diags_new()))
            ok = false;
    if (!ok || nthreads <= 1) {
        for (size_t i = 0; jobs && i < n; i++)
            kf_diags_free(jobs[i].diags);
        free(jobs);
        free(order);
        free(threads);
        return build_serial(editions, count, dir, formats, dpi, NULL, NULL,
                            diags);
    }

    /* PNG pages first: they take longest, so they start first. */
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (jobs[i].kind == JOB_PNG)
            order[k++] = i;
    for (size_t i = 0; i < n; i++)
        if (jobs[i].kind != JOB_PNG)
            order[k++] = i;
    target t = {dir, dpi};
    pool p = {.t = &t, .jobs = jobs, .order = order, .n = n};
    atomic_init(&p.next, 0);
    size_t started = 0;
    for (; started < nthreads - 1; started++)
        if (pthread_create(&threads[started], NULL, pool_worker, &p) != 0)
            break;
    pool_worker(&p); /* the calling thread works too */
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);

    /* Problems in the order the files were always written. */
    kf_status status = KF_OK;
    bool halted = is_cancelled();
    for (size_t i = 0; i < n; i++) {
        kf_diags_append(diags, jobs[i].diags);
        if (jobs[i].status != KF_OK)
            status = jobs[i].status;
        halted |= jobs[i].skipped;
        kf_diags_free(jobs[i].diags);
    }
    status = commit_set(&t, jobs, n, status, halted, diags);
    free(jobs);
    free(order);
    free(threads);
    return status;
}

kf_status
kf_build_outputs(const kf_report *report, const kf_layout *layout,
                 const char *dir, const char *stem, unsigned formats,
                 double dpi, kf_diags *diags)
{
    kf_edition e = {report, layout, stem};
    return kf_build_editions(&e, 1, dir, formats, dpi, diags);
}
