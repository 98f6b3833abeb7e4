/* pdf_file.h: the objects of a PDF cairo wrote, to change a few of them
 * and write the file again with every other object's bytes as they were. */
#ifndef KF_PDF_FILE_H
#define KF_PDF_FILE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kf_pdf_file kf_pdf_file;

typedef enum {
    KF_PDF_NULL,
    KF_PDF_BOOL,
    KF_PDF_NUMBER,
    KF_PDF_STRING, /* literal "(...)" or hexadecimal "<...>" */
    KF_PDF_NAME,
    KF_PDF_REF,
    KF_PDF_ARRAY,
    KF_PDF_DICT
} kf_pdf_kind;

/* A value.  Scalars keep their bytes as written (a name with its '/', a
 * string with its delimiters), so that writing them is copying them;
 * a dictionary holds keys (names) and values alternately in `items`.
 * Every value belongs to its file and lives until kf_pdf_file_free. */
typedef struct kf_pdf_val kf_pdf_val;
struct kf_pdf_val {
    kf_pdf_kind kind;
    const char *raw; /* scalars */
    size_t len;
    int num;         /* KF_PDF_REF: the object number (generation 0) */
    kf_pdf_val **items;
    size_t n, cap;
};

/* Reads the cross-reference table and trailer of `pdf` (`size` bytes,
 * lent: it must outlive the file).  Only a file as cairo writes it is
 * read: one classic xref table, no /Prev, no object or xref streams, no
 * encryption.  Objects are parsed when first asked for.  NULL with a
 * sentence in `why` when the file is not such a file or out of memory. */
kf_pdf_file *kf_pdf_file_read(const char *pdf, size_t size, char *why,
                              size_t why_size);

/* Frees the file and every value it made; NULL is a no-op. */
void kf_pdf_file_free(kf_pdf_file *f);

/* Writes the whole file to *out (malloc'ed, the caller frees it): the
 * header of PDF `version` ("1.7"), every object in the order it had, the
 * changed and new ones written from their values and the rest copied,
 * a new xref table, and a trailer with an /ID that is the MD5 of what
 * precedes it, so that the same objects give the same bytes.  False when
 * out of memory. */
bool kf_pdf_file_write(kf_pdf_file *f, const char *version, char **out,
                       size_t *out_size);

/* The trailer dictionary, the value of object `num` (NULL when there is
 * no such object or it cannot be parsed), and `v` with a reference
 * followed (NULL stays NULL). */
kf_pdf_val *kf_pdf_trailer(kf_pdf_file *f);
kf_pdf_val *kf_pdf_object(kf_pdf_file *f, int num);
kf_pdf_val *kf_pdf_resolve(kf_pdf_file *f, kf_pdf_val *v);

/* Marks object `num` as changed: it is written from its value (parsed
 * now if it was not).  Returns that value, NULL when there is none. */
kf_pdf_val *kf_pdf_edit(kf_pdf_file *f, int num);

/* Leaves object `num` out of the file written (nothing may refer to it
 * any more). */
void kf_pdf_drop(kf_pdf_file *f, int num);

/* A new object holding `v`, or a stream with dictionary `dict` and
 * `size` bytes of `data`, stored as they are (copied; /Length is set);
 * its number, or -1 when out of memory. */
int kf_pdf_add(kf_pdf_file *f, kf_pdf_val *v);
int kf_pdf_add_stream(kf_pdf_file *f, kf_pdf_val *dict, const void *data,
                      size_t size);

/* A stream object's data decoded (malloc'ed, the caller frees it; at
 * most 1 GiB), NULL when `num` is not a stream, its filter is not
 * FlateDecode or none (all cairo uses), or it does not inflate.  And its
 * replacement: `size` bytes of `data`, compressed with FlateDecode;
 * /Length, or the number object it refers to, and /Filter are updated.
 * False when `num` is not a stream or out of memory. */
unsigned char *kf_pdf_stream_decode(kf_pdf_file *f, int num, size_t *size);
bool kf_pdf_set_stream(kf_pdf_file *f, int num, const void *data,
                       size_t size);

/* New values.  kf_pdf_new_string takes UTF-8 (a PDF text string:
 * literal when it is printable ASCII, else UTF-16BE); kf_pdf_new_raw a
 * scalar as written ("/Document", "true", "12").  NULL when out of
 * memory (or, for a string, when `utf8` is not UTF-8). */
kf_pdf_val *kf_pdf_new_raw(kf_pdf_file *f, kf_pdf_kind kind, const char *raw);
kf_pdf_val *kf_pdf_new_ref(kf_pdf_file *f, int num);
kf_pdf_val *kf_pdf_new_array(kf_pdf_file *f);
kf_pdf_val *kf_pdf_new_dict(kf_pdf_file *f);
kf_pdf_val *kf_pdf_new_string(kf_pdf_file *f, const char *utf8);

/* The value of `key` ("/Type") in dictionary `d`, NULL when absent or
 * when `d` is not a dictionary; setting replaces or appends.  Appending
 * to an array.  Both false when out of memory or `c` is of another kind. */
kf_pdf_val *kf_pdf_get(const kf_pdf_val *d, const char *key);
bool kf_pdf_set(kf_pdf_file *f, kf_pdf_val *d, const char *key,
                kf_pdf_val *v);
bool kf_pdf_append(kf_pdf_file *f, kf_pdf_val *a, kf_pdf_val *v);

/* Whether `v` is the name `name` ("/Link"); its integer value (0 when it
 * is not an integer); a text string as UTF-8 (malloc'ed; NULL when `v`
 * is not a string or out of memory). */
bool kf_pdf_is_name(const kf_pdf_val *v, const char *name);
long kf_pdf_int(const kf_pdf_val *v);
char *kf_pdf_text(const kf_pdf_val *v);

/* The end of the token that begins at d[i] (not a space), for the syntax
 * shared by objects and content streams (ISO 32000-1, 7.2, 7.3 and
 * 7.8.2); sets *keyword when it is a bare keyword other than true, false
 * and null (an operator, "R", "obj"). */
size_t kf_pdf_token_end(const unsigned char *d, size_t n, size_t i,
                        bool *keyword);
bool kf_pdf_is_space(unsigned char c);

#endif
