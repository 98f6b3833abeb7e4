/*
 * out_pdf.c: the PDF document, one page per layout page.
 */
#include "chart_kind.h"
#include "draw.h"
#include "output.h"
#include "pdf_mark.h"

#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* PDF dates look like "2025-01-15T00:00:00Z" to cairo 1.16. */
static void
iso_date(int64_t epoch, char *buf, size_t size)
{
    time_t t = (time_t)epoch;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static cairo_status_t
write_mem(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length
               ? CAIRO_STATUS_SUCCESS
               : CAIRO_STATUS_WRITE_ERROR;
}

/* The bookmarks: one per page, and under it one per chart, each opening
 * the page at the chart. */
static void
add_outline(cairo_surface_t *surface, const kf_report *report,
            const kf_layout_page *p, size_t index)
{
    char link[128];
    snprintf(link, sizeof(link), "page=%zu", index + 1);
    int parent = cairo_pdf_surface_add_outline(
        surface, CAIRO_PDF_OUTLINE_ROOT, p->title, link, 0);
    if (p->report_page < 0)
        return; /* the cover and the appendix have no charts */
    const kf_page *pg = &report->pages[p->report_page];
    for (size_t k = 0; k < p->nblocks; k++) {
        const kf_block *blk = &pg->blocks[p->blocks[k].block];
        if (blk->kind != KF_BLOCK_CHART)
            continue;
        snprintf(link, sizeof(link), "page=%zu pos=[%.1f %.1f]", index + 1,
                 p->blocks[k].x, p->blocks[k].y);
        /* The chart's own title, else what it shows: a waffle or
         * progress chart of one metric has no series (and the report may
         * have none at all). */
        const char *title =
            blk->title                  ? blk->title
            : kf_chart_shows_metric(blk) ? report->metrics[blk->metric].label
            : blk->series < report->nseries ? report->series[blk->series].title
                                            : "";
        cairo_pdf_surface_add_outline(surface, parent, title, link, 0);
    }
}

/* "keyfig, <page titles>", for document search. */
static void
keywords(const kf_report *report, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, "keyfig");
    for (size_t i = 0; i < report->npages && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, ", %s",
                              report->pages[i].title);
}

kf_status
kf_write_pdf(const kf_report *report, const kf_layout *layout,
             const char *path, kf_diags *diags)
{
    if (!report || !layout || layout->npages == 0)
        return KF_ERR_USAGE;
    kf_output *out = kf_output_new(path, diags);
    if (!out)
        return KF_ERR_OUTPUT;
    /* cairo writes into memory first: the tagged-PDF update is computed
     * from the whole document before anything reaches the file. */
    char *pdf = NULL;
    size_t pdf_size = 0;
    FILE *mem = open_memstream(&pdf, &pdf_size);
    if (!mem) {
        kf_output_free(out);
        return KF_ERR_MEMORY;
    }
    const kf_layout_page *first = &layout->pages[0];
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(
        write_mem, mem, first->width, first->height);
    cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);

    char date[32], creator[64];
    iso_date(kf_report_epoch(report), date, sizeof(date));
    snprintf(creator, sizeof(creator), "keyfig %s", KF_VERSION);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                   report->title);
    if (report->organisation)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR,
                                       report->organisation);
    if (report->subtitle)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT,
                                       report->subtitle);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                                   creator);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                   date);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE,
                                   date);

    char words[1024];
    keywords(report, words, sizeof(words));
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS,
                                   words);

    cairo_t *cr = cairo_create(surface);
    kf_status status = KF_OK;
    for (size_t i = 0; i < layout->npages && status == KF_OK; i++) {
        const kf_layout_page *p = &layout->pages[i];
        cairo_pdf_surface_set_size(surface, p->width, p->height);
        add_outline(surface, report, p, i);
        status = kf_draw_page(cr, layout, i);
        cairo_show_page(cr);
    }
    /* No "Document" root element: cairo 1.16 loses it (and can write a
     * damaged file) as soon as untagged content is drawn inside it. */
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (status == KF_OK && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
        status = KF_ERR_OUTPUT;
    cairo_surface_destroy(surface);
    if (fclose(mem) != 0)
        status = KF_ERR_MEMORY;
    if (status == KF_OK) {
        size_t update_size = 0;
        char *update = kf_pdf_mark_tagged(pdf, pdf_size,
                                          kf_locale_tag(report->locale),
                                          &update_size);
        if (fwrite(pdf, 1, pdf_size, out->file) != pdf_size ||
            (update &&
             fwrite(update, 1, update_size, out->file) != update_size))
            out->failed = true;
        free(update);
    }
    free(pdf);
    if (status != KF_OK) {
        kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL,
                    "cannot write the PDF");
        kf_output_free(out);
        return KF_ERR_OUTPUT;
    }
    return kf_output_commit(out, diags);
}
