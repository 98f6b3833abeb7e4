/*
 * diag.c: diagnostics, the one place problems are collected and printed.
 *
 * Loaders, layout and outputs never print: they add a kf_diag where they
 * find a problem and carry a kf_status up.  The CLI prints the list once.
 */
#include "keyfig.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *
kf_strerror(kf_status status)
{
    switch (status) {
    case KF_OK: return "no error";
    case KF_ERR_INPUT: return "invalid input";
    case KF_ERR_USAGE: return "usage error";
    case KF_ERR_OUTPUT: return "output could not be written";
    case KF_ERR_MEMORY: return "out of memory";
    case KF_ERR_FONT: return "font set-up failed";
    }
    return "unknown error";
}

kf_diags *
kf_diags_new(void)
{
    return calloc(1, sizeof(kf_diags));
}

void
kf_diags_clear(kf_diags *diags)
{
    if (!diags)
        return;
    for (size_t i = 0; i < diags->count; i++) {
        free(diags->items[i].file);
        free(diags->items[i].message);
        free(diags->items[i].hint);
    }
    free(diags->items);
    memset(diags, 0, sizeof(*diags));
}

void
kf_diags_free(kf_diags *diags)
{
    kf_diags_clear(diags);
    free(diags);
}

static char *
dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static bool
same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool
already_given(const kf_diags *diags, kf_severity severity, const char *file,
              int line, int col, const char *message)
{
    for (size_t i = 0; i < diags->count; i++) {
        const kf_diag *d = &diags->items[i];
        if (d->severity == severity && d->line == line &&
            d->col == col && same_text(d->file, file) &&
            same_text(d->message, message))
            return true;
    }
    return false;
}

bool
kf_diags_has(const kf_diags *diags, const kf_diag *d)
{
    return diags && d && already_given(diags, d->severity, d->file, d->line,
                                       d->col, d->message);
}

void
kf_diag_add(kf_diags *diags, kf_severity severity, const char *file, int line,
            int col, const char *hint, const char *fmt, ...)
{
    if (!diags)
        return;
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    /* A problem already given (the same figure seen by each edition of a
     * report) is not repeated.  Errors are counted all the same: a caller
     * tells failure by their number. */
    bool again = already_given(diags, severity, file, line, col, message);
    if (severity == KF_SEV_ERROR)
        diags->errors++;
    else if (!again)
        diags->warnings++;
    if (again)
        return;
    if (diags->count >= KF_DIAGS_MAX) {
        diags->dropped++;
        return;
    }
    if (diags->count == diags->cap) {
        size_t cap = diags->cap ? diags->cap * 2 : 8;
        kf_diag *items = realloc(diags->items, cap * sizeof(*items));
        if (!items) {
            diags->dropped++;
            return;
        }
        diags->items = items;
        diags->cap = cap;
    }
    kf_diag *d = &diags->items[diags->count++];
    d->severity = severity;
    d->file = dup_or_null(file);
    d->line = line;
    d->col = col;
    d->message = strdup(message);
    d->hint = dup_or_null(hint);
}

void
kf_diags_append(kf_diags *to, const kf_diags *from)
{
    if (!to || !from)
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
    /* What `from` counted but could not keep is counted, not shown. */
    to->errors += from->errors - errors;
    to->warnings += from->warnings - warnings;
    to->dropped += from->dropped;
}

void
kf_diags_print(const kf_diags *diags, FILE *stream)
{
    if (!diags)
        return;
    for (size_t i = 0; i < diags->count; i++) {
        const kf_diag *d = &diags->items[i];
        const char *sev = d->severity == KF_SEV_ERROR ? "error" : "warning";
        if (d->file && d->line > 0)
            fprintf(stream, "%s:%d:%d: %s: %s\n", d->file, d->line, d->col,
                    sev, d->message ? d->message : "");
        else if (d->file)
            fprintf(stream, "%s: %s: %s\n", d->file, sev,
                    d->message ? d->message : "");
        else
            fprintf(stream, "keyfig: %s: %s\n", sev,
                    d->message ? d->message : "");
        if (d->hint)
            fprintf(stream, "  hint: %s\n", d->hint);
    }
    if (diags->dropped)
        fprintf(stream, "keyfig: %zu more problems not shown\n",
                diags->dropped);
}
