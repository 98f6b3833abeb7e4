/* pdf_mark.h: marking a cairo-written PDF as tagged. */
#ifndef KF_PDF_MARK_H
#define KF_PDF_MARK_H

#include <stddef.h>

/* Given the whole PDF cairo wrote (`data`, `size` bytes), returns the
 * incremental update to append to it so that its catalog says
 * /MarkInfo << /Marked true >> and /Lang (`lang`, may be NULL), with
 * `*out_size` its length; the caller frees it.  Returns NULL when the file
 * does not have the shape cairo 1.16 gives it (then nothing is to be
 * appended: the document stays valid, only untagged for readers). */
char *kf_pdf_mark_tagged(const char *data, size_t size, const char *lang,
                         size_t *out_size);

#endif
