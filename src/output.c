/*
 * output.c: temporary file, then rename.
 */
#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

kf_output *
kf_output_new(const char *path, kf_diags *diags)
{
    kf_output *out = calloc(1, sizeof(*out));
    if (!out)
        goto fail;
    out->path = strdup(path);
    size_t n = strlen(path) + 16;
    out->tmp = malloc(n);
    if (!out->path || !out->tmp)
        goto fail;
    /* Beside the target, so rename() never crosses file systems. */
    snprintf(out->tmp, n, "%s.XXXXXX", path);
    int fd = mkstemp(out->tmp);
    if (fd < 0) {
        kf_diag_add(diags, KF_SEV_ERROR, path, 0, 0, NULL,
                    "cannot create the output file: %s", strerror(errno));
        free(out->tmp);
        out->tmp = NULL;
        goto fail;
    }
    /* mkstemp makes the file private; outputs are ordinary documents. */
    fchmod(fd, 0644);
    out->file = fdopen(fd, "wb");
    if (!out->file) {
        close(fd);
        goto fail;
    }
    return out;
fail:
    kf_output_free(out);
    return NULL;
}

cairo_status_t
kf_output_cairo_write(void *closure, const unsigned char *data,
                      unsigned int length)
{
    kf_output *out = closure;
    if (fwrite(data, 1, length, out->file) != length) {
        out->failed = true;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

kf_status
kf_output_commit(kf_output *out, kf_diags *diags)
{
    if (!out)
        return KF_ERR_OUTPUT;
    int err = 0;
    if (fflush(out->file) != 0 || ferror(out->file))
        err = errno ? errno : EIO;
    if (fclose(out->file) != 0 && !err)
        err = errno ? errno : EIO;
    out->file = NULL;
    if (!err && out->failed)
        err = EIO;
    if (!err && rename(out->tmp, out->path) != 0)
        err = errno;
    if (err) {
        kf_diag_add(diags, KF_SEV_ERROR, out->path, 0, 0, NULL,
                    "cannot write the output file: %s", strerror(err));
        kf_output_free(out);
        return KF_ERR_OUTPUT;
    }
    free(out->tmp);
    out->tmp = NULL;
    kf_output_free(out);
    return KF_OK;
}

void
kf_output_free(kf_output *out)
{
    if (!out)
        return;
    if (out->file)
        fclose(out->file);
    if (out->tmp)
        unlink(out->tmp);
    free(out->tmp);
    free(out->path);
    free(out);
}
