/*
 * readfile.h: reading an input file whole, with a size limit: the report,
 * a batch's template and CSV, a report's metrics CSV.  Internal to
 * libkeyfig.
 */
#ifndef KF_READFILE_H
#define KF_READFILE_H

#include "keyfig.h"

#include <stdbool.h>
#include <stddef.h>

/* Reads the whole file at `path` into a malloc'ed buffer (NUL-terminated,
 * *size bytes before the NUL), refusing a folder, anything but a regular
 * file (a FIFO would block, a device never end) and a file of more than
 * `limit` bytes (with `hint`, which says
 * what to do instead); NULL after an error naming the file. */
char *kf_read_file(const char *path, size_t limit, const char *hint,
                   size_t *size, kf_diags *diags);

/* The error for a file of `size` bytes over `limit`; `exact` is false
 * when reading stopped one byte past the limit (a pipe), so the size is
 * only known to be larger. */
void kf_file_too_large(kf_diags *diags, const char *name, double size,
                       bool exact, size_t limit, const char *hint);

#endif /* KF_READFILE_H */
