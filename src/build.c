/*
 * build.c: every output of one report, named after a stem, in a
 * directory: what `keyfig build` and each row of `keyfig batch` write.
 *
 * The files are independent of each other, so kf_build_outputs writes
 * them in parallel, one thread per core: a PNG page is the most expensive
 * of them (drawing 2.2 million pixels and compressing them), and a
 * two-page report has two.  A batch already keeps every core busy with
 * rows, so it writes a row's files one after the other
 * (kf_build_outputs_until).  Each file is the same bytes either way.
 */
#include "build.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
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
    job_kind kind;
    size_t page; /* JOB_PNG, JOB_SVG */
    kf_diags *diags;
    kf_status status;
    bool skipped; /* not begun: kf_build_cancel */
} job;

typedef struct {
    const kf_report *report;
    const kf_layout *layout;
    const char *dir;
    const char *stem;
    double dpi;
} target;

/* The files of `formats` in the order `keyfig build` always wrote them:
 * the PDF, each page's PNG and SVG, the workbook.  Returns their number;
 * `jobs` has room for 2 + 2 * npages. */
static size_t
plan(unsigned formats, size_t npages, job *jobs)
{
    size_t n = 0;
    if (formats & KF_FORMAT_PDF)
        jobs[n++] = (job){.kind = JOB_PDF};
    for (size_t p = 0; p < npages; p++) {
        if (formats & KF_FORMAT_PNG)
            jobs[n++] = (job){.kind = JOB_PNG, .page = p};
        if (formats & KF_FORMAT_SVG)
            jobs[n++] = (job){.kind = JOB_SVG, .page = p};
    }
    if (formats & KF_FORMAT_XLSX)
        jobs[n++] = (job){.kind = JOB_XLSX};
    return n;
}

/* Writes one file; its problems go to `diags`. */
static kf_status
run(const target *t, const job *j, kf_diags *diags)
{
    char path[4096], suffix[40];
    switch (j->kind) {
    case JOB_PDF: snprintf(suffix, sizeof(suffix), ".pdf"); break;
    case JOB_PNG: snprintf(suffix, sizeof(suffix), "-%zu.png", j->page + 1); break;
    case JOB_SVG: snprintf(suffix, sizeof(suffix), "-%zu.svg", j->page + 1); break;
    case JOB_XLSX: snprintf(suffix, sizeof(suffix), ".xlsx"); break;
    }
    int n = snprintf(path, sizeof(path), "%s/%s%s", t->dir, t->stem, suffix);
    if (n < 0 || (size_t)n >= sizeof(path)) {
        kf_diag_add(diags, KF_SEV_ERROR, t->dir, 0, 0,
                    "choose a shorter output directory or name",
                    "the output path for '%s%s' is too long", t->stem,
                    suffix);
        return KF_ERR_OUTPUT;
    }
    switch (j->kind) {
    case JOB_PDF: return kf_write_pdf(t->report, t->layout, path, diags);
    case JOB_PNG:
        return kf_write_png(t->report, t->layout, j->page, t->dpi, path,
                            diags);
    case JOB_SVG:
        return kf_write_svg(t->report, t->layout, j->page, path, diags);
    case JOB_XLSX: return kf_write_xlsx(t->report, t->layout, path, diags);
    }
    return KF_ERR_USAGE;
}

kf_status
kf_build_outputs_until(const kf_report *report, const kf_layout *layout,
                       const char *dir, const char *stem, unsigned formats,
                       double dpi, const atomic_int *stop, bool *stopped,
                       kf_diags *diags)
{
    if (stopped)
        *stopped = false;
    if (!report || !layout)
        return KF_ERR_USAGE;
    job *jobs = calloc(2 + 2 * layout->npages, sizeof(job));
    if (!jobs)
        return KF_ERR_MEMORY;
    target t = {report, layout, dir, stem, dpi};
    size_t n = plan(formats, layout->npages, jobs);
    kf_status status = KF_OK;
    for (size_t i = 0; i < n; i++) {
        if ((stop && atomic_load_explicit(stop, memory_order_relaxed)) ||
            is_cancelled()) {
            if (stopped)
                *stopped = true;
            break;
        }
        kf_status s = run(&t, &jobs[i], diags);
        if (s != KF_OK)
            status = s;
    }
    free(jobs);
    return status;
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

/* Copies the diagnostics of `from` to the end of `to`, and counts the
 * ones `from` had to drop. */
static void
append_diags(kf_diags *to, const kf_diags *from)
{
    if (!to)
        return;
    size_t errors = 0, warnings = 0;
    for (size_t i = 0; i < from->count; i++) {
        const kf_diag *d = &from->items[i];
        kf_diag_add(to, d->severity, d->file, d->line, d->col, d->hint, "%s",
                    d->message ? d->message : "");
        if (d->severity == KF_SEV_ERROR)
            errors++;
        else
            warnings++;
    }
    to->errors += from->errors - errors;
    to->warnings += from->warnings - warnings;
    to->dropped += from->dropped;
}

kf_status
kf_build_outputs(const kf_report *report, const kf_layout *layout,
                 const char *dir, const char *stem, unsigned formats,
                 double dpi, kf_diags *diags)
{
    if (!report || !layout)
        return KF_ERR_USAGE;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t cap = 2 + 2 * layout->npages;
    job *jobs = calloc(cap, sizeof(job));
    size_t *order = calloc(cap, sizeof(size_t));
    size_t n = jobs ? plan(formats, layout->npages, jobs) : 0;
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
        return kf_build_outputs_until(report, layout, dir, stem, formats,
                                      dpi, NULL, NULL, diags);
    }

    /* PNG pages first: they take longest, so they start first. */
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (jobs[i].kind == JOB_PNG)
            order[k++] = i;
    for (size_t i = 0; i < n; i++)
        if (jobs[i].kind != JOB_PNG)
            order[k++] = i;
    target t = {report, layout, dir, stem, dpi};
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
    for (size_t i = 0; i < n; i++) {
        append_diags(diags, jobs[i].diags);
        if (jobs[i].status != KF_OK)
            status = jobs[i].status;
        kf_diags_free(jobs[i].diags);
    }
    free(jobs);
    free(order);
    free(threads);
    return status;
}
