/*
 * readfile.c: reading an input file whole, with a size limit (readfile.h).
 */
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void
kf_file_too_large(kf_diags *diags, const char *name, double size, bool exact,
                  size_t limit, const char *hint)
{
    char shown_size[64];
    double mib = size / (1024.0 * 1024.0);
    size_t limit_mib = limit / (1024u * 1024u);
    if (!exact)
        snprintf(shown_size, sizeof(shown_size), "more than %zu MiB",
                 limit_mib);
    else if (mib >= (double)limit_mib + 0.1)
        snprintf(shown_size, sizeof(shown_size), "%.1f MiB", mib);
    else
        snprintf(shown_size, sizeof(shown_size), "%.0f bytes", size);
    kf_diag_add(diags, KF_SEV_ERROR, name, 0, 0, hint,
                "the file is too large (%s; the limit is %zu MiB, %zu bytes)",
                shown_size, limit_mib, limit);
}

char *
kf_read_file(const char *path, size_t limit, const char *hint, size_t *size,
             kf_diags *diags)
{
    /* O_NONBLOCK: opening a FIFO with no writer would wait forever; it is
     * refused below like any file that is not a regular one. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL,
                    "cannot read the file: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL,
                    "cannot read the file: it is a folder");
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        /* A pipe, a terminal or a device could block or never end, and
         * could not be read twice alike (a build reads its inputs once
         * per edition). */
        kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0,
                    "save the data in a file and give its path",
                    "cannot read the file: it is %s, not a regular file",
                    S_ISFIFO(st.st_mode)   ? "a pipe (FIFO)"
                    : S_ISSOCK(st.st_mode) ? "a socket"
                                           : "a device");
        close(fd);
        return NULL;
    }
    if ((uintmax_t)st.st_size > limit) {
        kf_file_too_large(diags, path, (double)st.st_size, true, limit, hint);
        close(fd);
        return NULL;
    }
    /* Read at most one byte more than the limit: enough to know it is
     * exceeded, even when the file grew since fstat. */
    size_t cap = (size_t)st.st_size + 1;
    size_t len = 0;
    char *data = malloc(cap);
    int err = data ? 0 : ENOMEM;
    while (data && len <= limit) {
        if (len == cap) {
            char *d = realloc(data, cap * 2);
            if (!d) {
                err = ENOMEM;
                break;
            }
            data = d;
            cap *= 2;
        }
        size_t want = cap - len;
        if (want > limit + 1 - len)
            want = limit + 1 - len;
        ssize_t got = read(fd, data + len, want);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            err = errno;
        if (got <= 0)
            break;
        len += (size_t)got;
    }
    close(fd);
    if (err) {
        kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL,
                    "cannot read the file: %s", strerror(err));
        free(data);
        return NULL;
    }
    if (len > limit) {
        kf_file_too_large(diags, path, (double)len, false, limit, hint);
        free(data);
        return NULL;
    }
    data[len] = '\0'; /* room is left: len < cap after a read of 0 */
    *size = len;
    return data;
}
