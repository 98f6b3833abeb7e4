/*
 * output.h: writing an output file safely.  Every output is written to a
 * fresh temporary file in the destination directory and renamed onto its
 * name only once complete, so a failure never leaves a partial file nor
 * replaces an earlier good one.
 */
#ifndef KF_OUTPUT_H
#define KF_OUTPUT_H

#include "keyfig.h"

#include <cairo.h>
#include <stdio.h>

typedef struct {
    char *path; /* the final name */
    char *tmp;  /* the temporary name beside it */
    FILE *file; /* open for writing on tmp */
    bool failed;
} kf_output;

/* Creates the temporary file for `path`; NULL (and an error in diags) when
 * the directory is not writable. */
kf_output *kf_output_new(const char *path, kf_diags *diags);
/* Renames the temporary file onto the final name, unless a write failed;
 * then (or if the rename fails) removes it.  Frees `out` either way. */
kf_status kf_output_commit(kf_output *out, kf_diags *diags);
/* Removes the temporary file and frees `out`; NULL is a no-op. */
void kf_output_free(kf_output *out);

/* A cairo write function over kf_output (closure = the kf_output). */
cairo_status_t kf_output_cairo_write(void *closure, const unsigned char *data,
                                     unsigned int length);

#endif
