/*
 * model.c: the report model's life cycle and the date the outputs carry.
 */
#include "logo.h"
#include "keyfig.h"
#include "date.h"

#include <stdlib.h>
#include <string.h>

kf_report *
kf_report_new(void)
{
    kf_report *r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    r->font = strdup("Inter");
    if (!r->font) {
        free(r);
        return NULL;
    }
    r->format = 1;
    r->locale = KF_LOCALE_FR_FR;
    r->paper = KF_PAPER_A4;
    r->primary = (kf_color){0x12, 0x35, 0x5B};
    r->accent = (kf_color){0xD1, 0x49, 0x5B};
    r->background = (kf_color){0xFF, 0xFF, 0xFF};
    return r;
}

void
kf_report_free(kf_report *r)
{
    if (!r)
        return;
    free(r->path);
    free(r->title);
    free(r->subtitle);
    free(r->organisation);
    free(r->font);
    free(r->fonts);
    free(r->logo);
    free(r->logo_file);
    free(r->brand);
    kf_logo_free(r->logo_image);
    free(r->metrics_csv);
    for (size_t i = 0; i < r->nsources; i++) {
        free(r->sources[i].id);
        free(r->sources[i].title);
        free(r->sources[i].publisher);
        free(r->sources[i].url);
    }
    free(r->sources);
    for (size_t i = 0; i < r->nmetrics; i++) {
        free(r->metrics[i].id);
        free(r->metrics[i].label);
        free(r->metrics[i].unit);
    }
    free(r->metrics);
    for (size_t i = 0; i < r->nseries; i++) {
        kf_series *s = &r->series[i];
        free(s->id);
        free(s->title);
        free(s->unit);
        for (size_t k = 0; k < s->npoints; k++)
            free(s->points[k].label);
        free(s->points);
    }
    free(r->series);
    for (size_t i = 0; i < r->npages; i++) {
        kf_page *p = &r->pages[i];
        free(p->title);
        for (size_t k = 0; k < p->nblocks; k++) {
            free(p->blocks[k].metrics);
            free(p->blocks[k].series_list);
            free(p->blocks[k].text);
            free(p->blocks[k].title);
            free(p->blocks[k].alt);
        }
        free(p->blocks);
    }
    free(r->pages);
    free(r);
}

int64_t
kf_report_epoch(const kf_report *report)
{
    int64_t epoch;
    if (kf_env_epoch(&epoch))
        return epoch;
    if (report && report->date.year > 0) {
        int m = report->date.month > 0 ? report->date.month : 1;
        int d = report->date.day > 0 ? report->date.day : 1;
        return kf_day_number((kf_date){report->date.year, m, d}) * 86400;
    }
    return 946684800; /* 2000-01-01T00:00:00Z */
}
