/*
 * out_pdf.c: the PDF document, one page per layout page.
 */
#include "chart_kind.h"
#include "draw.h"
#include "output.h"
#include "alt.h"
#include "pdf_ua.h"

#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* An item's text as a reader hears it: Pango markup without its tags and
 * with its entities decoded.  Malloc'ed. */
static char *
plain_text(const kf_item *it)
{
    char *s = strdup(it->text ? it->text : "");
    if (!s || !it->markup)
        return s;
    static const char *const entities[][2] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
        {"&apos;", "'"}, {"&#39;", "'"}};
    size_t j = 0;
    for (size_t i = 0; s[i];) {
        if (s[i] == '<') {
            while (s[i] && s[i] != '>')
                i++;
            if (s[i])
                i++;
            continue;
        }
        bool done = false;
        for (size_t e = 0; e < sizeof(entities) / sizeof(entities[0]); e++) {
            size_t n = strlen(entities[e][0]);
            if (!strncmp(s + i, entities[e][0], n)) {
                s[j++] = entities[e][1][0];
                i += n;
                done = true;
                break;
            }
        }
        if (!done)
            s[j++] = s[i++];
    }
    s[j] = '\0';
    return s;
}

/* What a link annotation says it does (its /Contents): a footnote
 * marker, only a number on the page, says it leads to the source. */
static char *
link_contents(const kf_report *report, const kf_item *it)
{
    char *text = plain_text(it);
    if (!text)
        return NULL;
    bool number = text[0] != '\0';
    for (const char *p = text; *p; p++)
        number = number && *p >= '0' && *p <= '9';
    const char *uri = it->link[0] == '#' || !strncmp(it->link, "page=", 5)
                          ? NULL
                          : it->link;
    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);
    if (!f) {
        free(text);
        return NULL;
    }
    if (number)
        fprintf(f, "Source %s", text);
    else
        fputs(text, f);
    if (uri && strcmp(uri, text) != 0)
        fprintf(f, " (%s)", uri);
    (void)report;
    free(text);
    if (fclose(f) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* The texts of an element's items joined, for a figure of the layout's
 * own (an appendix table) that no report block describes. */
static char *
items_text(const kf_layout_page *p, const kf_tag_entry *t)
{
    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);
    if (!f)
        return NULL;
    const kf_item *first = &p->items[t->item];
    bool any = false;
    for (size_t i = t->item; i < p->count; i++) {
        const kf_item *it = &p->items[i];
        if (!it->tag || strcmp(it->tag, first->tag) || it->block != first->block)
            break;
        if (it->kind != KF_ITEM_TEXT)
            continue;
        char *text = plain_text(it);
        if (text && text[0])
            fprintf(f, "%s%s", any ? ", " : "", text);
        any = any || (text && text[0]);
        free(text);
    }
    if (fclose(f) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* The logo's /Alt: whose logo it is, "Logo : EPA Paris-Saclay" (a colon
 * rather than "de", which would need the name's article: "de
 * l'Université"); "Logo" for a report without an organisation. */
static char *
logo_alt(const kf_report *report)
{
    const char *org = report->organisation;
    const char *colon = report->locale == KF_LOCALE_FR_FR ? "\xc2\xa0: " : ": ";
    size_t n = 16 + (org ? strlen(org) : 0);
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "Logo%s%s", org ? colon : "", org ? org : "");
    return out;
}

/* For each logged structure element, the text pdf_ua.c puts on it: a
 * Figure's /Alt, a Link's /Contents.  NULL when out of memory. */
static char **
element_texts(const kf_report *report, const kf_layout *layout,
              const kf_tag_log *log)
{
    char **texts = calloc(log->count + 1, sizeof(char *));
    if (!texts)
        return NULL;
    for (size_t i = 0; i < log->count; i++) {
        const kf_tag_entry *t = &log->items[i];
        const kf_layout_page *p = &layout->pages[t->page];
        const kf_item *it = &p->items[t->item];
        if (!strcmp(t->tag, "Link")) {
            texts[i] = link_contents(report, it);
        } else if (it->kind == KF_ITEM_IMAGE) {
            texts[i] = logo_alt(report);
        } else if (!strcmp(t->tag, "Figure")) {
            const kf_page *pg = p->report_page >= 0 &&
                                        (size_t)p->report_page < report->npages
                                    ? &report->pages[p->report_page]
                                    : NULL;
            /* A chart cut across pages is read whole at its first
             * piece; the others say what they are. */
            bool again = false;
            for (size_t j = 0; pg && j < i && !again; j++)
                again = !strcmp(log->items[j].tag, "Figure") &&
                        log->items[j].block == t->block &&
                        layout->pages[log->items[j].page].report_page ==
                            p->report_page;
            if (again)
                texts[i] = strdup(report->locale == KF_LOCALE_FR_FR
                                      ? "Suite du graphique pr\xc3\xa9"
                                        "c\xc3\xa9" "dent"
                                      : "Continuation of the previous chart");
            else if (pg && t->block >= 0 && (size_t)t->block < pg->nblocks)
                texts[i] = kf_alt_chart(report, &pg->blocks[t->block]);
            else
                texts[i] = items_text(p, t);
        } else {
            continue;
        }
        if (!texts[i]) {
            for (size_t j = 0; j < i; j++)
                free(texts[j]);
            free(texts);
            return NULL;
        }
    }
    return texts;
}

static void
free_texts(char **texts, size_t n)
{
    for (size_t i = 0; texts && i < n; i++)
        free(texts[i]);
    free(texts);
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
    kf_tag_log log = {0};
    for (size_t i = 0; i < layout->npages && status == KF_OK; i++) {
        const kf_layout_page *p = &layout->pages[i];
        cairo_pdf_surface_set_size(surface, p->width, p->height);
        add_outline(surface, report, p, i);
        status = kf_draw_page_tagged(cr, layout, i, &log);
        cairo_show_page(cr);
    }
    /* No "Document" root element: cairo 1.16 loses it (and can write a
     * damaged file) as soon as untagged content is drawn inside it;
     * pdf_ua.c adds it. */
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (status == KF_OK && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
        status = KF_ERR_OUTPUT;
    cairo_surface_destroy(surface);
    if (fclose(mem) != 0)
        status = KF_ERR_MEMORY;
    char why[512] = "";
    if (status == KF_OK) {
        /* The footer (page chrome in the lower half) is drawn before the
         * blocks, whose room depends on it, but read after them. */
        for (size_t i = 0; i < log.count; i++) {
            kf_tag_entry *t = &log.items[i];
            const kf_layout_page *p = &layout->pages[t->page];
            t->last = t->block < 0 && p->items[t->item].y > p->height / 2;
        }
        char **texts = element_texts(report, layout, &log);
        kf_pdf_ua ua = {
            .lang = kf_locale_tag(report->locale),
            .title = report->title,
            .author = report->organisation,
            .subject = report->subtitle,
            .keywords = words,
            .creator = creator,
            .date = date,
            .tags = &log,
            .texts = texts,
        };
        char *ua_pdf = NULL;
        size_t ua_size = 0;
        status = texts ? kf_pdf_ua_apply(pdf, pdf_size, &ua, &ua_pdf,
                                         &ua_size, why, sizeof(why))
                       : KF_ERR_MEMORY;
        if (status == KF_OK &&
            fwrite(ua_pdf, 1, ua_size, out->file) != ua_size)
            out->failed = true;
        free(ua_pdf);
        free_texts(texts, log.count);
    }
    free(log.items);
    free(pdf);
    if (status != KF_OK) {
        kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL,
                    "cannot write the PDF%s%s", why[0] ? ": " : "", why);
        kf_output_free(out);
        return KF_ERR_OUTPUT;
    }
    return kf_output_commit(out, diags);
}
