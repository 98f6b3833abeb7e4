/*
 * pdf_file.c: reads the objects of a PDF that cairo wrote, as far as they
 * are asked for, and writes the file again.
 *
 * The PDF/UA pass (pdf_ua.c) changes the catalog, the structure tree, the
 * link annotations, the pages and their content streams, and adds two
 * objects; the fonts, most of a file, are not touched.  So an object is
 * parsed only when asked for, and one that was not changed is written by
 * copying its bytes: the cost is that of the objects changed, not of the
 * file (libqpdf, used before, parsed and wrote every object: a quarter of
 * a batch sheet's instructions).  Object numbers stay as cairo gave them.
 */
#include "pdf_file.h"

#include <glib.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Values are allocated from chunks freed together with their file. */
typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    max_align_t data[];
} chunk;

enum { CHUNK_SIZE = 16384, MAX_DEPTH = 64 };

typedef struct {
    size_t offset, end; /* its bytes in the input, when it is cairo's */
    bool in_use;        /* an 'n' entry of the xref table, or a new one */
    bool parsed, edited, dropped;
    kf_pdf_val *val;
    bool is_stream;
    const char *data; /* a stream's data, lent from the input or a chunk */
    size_t data_size;
} pdf_obj;

struct kf_pdf_file {
    const unsigned char *d;
    size_t n;
    size_t xref_at;
    pdf_obj *objs; /* indexed by object number; 0 is the free head */
    size_t nobjs, cap;
    size_t ninput;  /* objects numbered below this came with the input */
    int *order;     /* the input's objects in the order of their bytes */
    size_t norder;
    kf_pdf_val *trailer;
    chunk *chunks;
    bool failed; /* out of memory: writing fails */
};

static void *
alloc(kf_pdf_file *f, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) *
           sizeof(max_align_t);
    chunk *c = f->chunks;
    if (!c || c->cap - c->used < size) {
        size_t cap = size > CHUNK_SIZE ? size : CHUNK_SIZE;
        c = malloc(sizeof(chunk) + cap);
        if (!c) {
            f->failed = true;
            return NULL;
        }
        c->used = 0;
        c->cap = cap;
        /* A big block goes behind the current chunk, whose room stays in
         * use. */
        if (size > CHUNK_SIZE && f->chunks) {
            c->next = f->chunks->next;
            f->chunks->next = c;
        } else {
            c->next = f->chunks;
            f->chunks = c;
        }
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    return p;
}

static char *
copy_bytes(kf_pdf_file *f, const void *data, size_t size)
{
    char *p = alloc(f, size + 1);
    if (p) {
        memcpy(p, data, size);
        p[size] = '\0';
    }
    return p;
}

static kf_pdf_val *
new_val(kf_pdf_file *f, kf_pdf_kind kind)
{
    kf_pdf_val *v = alloc(f, sizeof(*v));
    if (v)
        *v = (kf_pdf_val){.kind = kind};
    return v;
}

/* ------------------------------------------------------------------ */
/* Tokens                                                             */
/* ------------------------------------------------------------------ */

bool
kf_pdf_is_space(unsigned char c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' ||
           c == ' ';
}

static bool
is_delim(unsigned char c)
{
    return strchr("()<>[]{}/%", c) != NULL;
}

size_t
kf_pdf_token_end(const unsigned char *d, size_t n, size_t i, bool *keyword)
{
    *keyword = false;
    unsigned char c = d[i];
    if (c == '(') {
        int depth = 0;
        for (; i < n; i++) {
            if (d[i] == '\\')
                i++;
            else if (d[i] == '(')
                depth++;
            else if (d[i] == ')' && --depth == 0)
                return i + 1;
        }
        return n;
    }
    if (c == '<' || c == '>') {
        if (i + 1 < n && d[i + 1] == c)
            return i + 2; /* << or >> */
        while (i < n && d[i] != '>')
            i++;
        return i < n ? i + 1 : n;
    }
    if (c == '[' || c == ']' || c == '{' || c == '}')
        return i + 1;
    if (c == '%') {
        while (i < n && d[i] != '\n' && d[i] != '\r')
            i++;
        return i;
    }
    size_t start = i;
    if (c == '/')
        i++;
    while (i < n && !kf_pdf_is_space(d[i]) && !is_delim(d[i]))
        i++;
    /* A stray ')' is a token of its own, one byte: ending it where it
     * begins left the content stream's walk (pdf_ua.c) at the same byte
     * for ever on a damaged file (fuzz_pdf). */
    if (i == start)
        i++;
    if (c != '/' && !(c >= '0' && c <= '9') && c != '+' && c != '-' &&
        c != '.') {
        size_t len = i - start;
        *keyword = !((len == 4 && !memcmp(d + start, "true", 4)) ||
                     (len == 5 && !memcmp(d + start, "false", 5)) ||
                     (len == 4 && !memcmp(d + start, "null", 4)));
    }
    return i;
}

/* The first byte at or after i that is neither a space nor in a
 * comment. */
static size_t
skip_space(const unsigned char *d, size_t n, size_t i)
{
    while (i < n) {
        if (kf_pdf_is_space(d[i]))
            i++;
        else if (d[i] == '%')
            while (i < n && d[i] != '\n' && d[i] != '\r')
                i++;
        else
            break;
    }
    return i;
}

static bool
is_word(const unsigned char *d, size_t start, size_t end, const char *word)
{
    size_t len = strlen(word);
    return end - start == len && !memcmp(d + start, word, len);
}

/* An unsigned integer token at d[i] (after spaces): its value in *value
 * and the index after it; 0 when there is none. */
static size_t
read_uint(const unsigned char *d, size_t n, size_t i, size_t *value)
{
    i = skip_space(d, n, i);
    if (i >= n || d[i] < '0' || d[i] > '9')
        return 0;
    size_t v = 0;
    for (; i < n && d[i] >= '0' && d[i] <= '9'; i++) {
        if (v > (SIZE_MAX - 9) / 10)
            return 0;
        v = v * 10 + (size_t)(d[i] - '0');
    }
    if (i < n && !kf_pdf_is_space(d[i]) && !is_delim(d[i]))
        return 0;
    *value = v;
    return i;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                            */
/* ------------------------------------------------------------------ */

static bool
push(kf_pdf_file *f, kf_pdf_val *a, kf_pdf_val *v)
{
    if (!v)
        return false;
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 8;
        kf_pdf_val **items = alloc(f, cap * sizeof(*items));
        if (!items)
            return false;
        if (a->n)
            memcpy(items, a->items, a->n * sizeof(*items));
        a->items = items;
        a->cap = cap;
    }
    a->items[a->n++] = v;
    return true;
}

/* The value at d[*pos] up to `end`, *pos moved past it; NULL when the
 * bytes are not a value (or out of memory). */
static kf_pdf_val *
parse_value(kf_pdf_file *f, size_t *pos, size_t end, int depth)
{
    const unsigned char *d = f->d;
    size_t i = skip_space(d, end, *pos);
    if (i >= end || depth > MAX_DEPTH)
        return NULL;
    bool keyword;
    size_t e = kf_pdf_token_end(d, end, i, &keyword);
    unsigned char c = d[i];
    if (c == '<' && e == i + 2 && d[i + 1] == '<') {
        kf_pdf_val *v = new_val(f, KF_PDF_DICT);
        for (i = e; v;) {
            i = skip_space(d, end, i);
            if (i + 1 < end && d[i] == '>' && d[i + 1] == '>') {
                *pos = i + 2;
                return v;
            }
            kf_pdf_val *key = parse_value(f, &i, end, depth + 1);
            if (!key || key->kind != KF_PDF_NAME || !push(f, v, key) ||
                !push(f, v, parse_value(f, &i, end, depth + 1)))
                return NULL;
        }
        return NULL;
    }
    if (c == '[') {
        kf_pdf_val *v = new_val(f, KF_PDF_ARRAY);
        for (i = e; v;) {
            i = skip_space(d, end, i);
            if (i < end && d[i] == ']') {
                *pos = i + 1;
                return v;
            }
            if (!push(f, v, parse_value(f, &i, end, depth + 1)))
                return NULL;
        }
        return NULL;
    }
    if (c == '>' || c == ']' || c == '{' || c == '}' || (keyword && c != '/'))
        return NULL;
    kf_pdf_kind kind = c == '(' || c == '<'   ? KF_PDF_STRING
                       : c == '/'             ? KF_PDF_NAME
                       : is_word(d, i, e, "null") ? KF_PDF_NULL
                       : d[i] == 't' || d[i] == 'f' ? KF_PDF_BOOL
                                                    : KF_PDF_NUMBER;
    if (kind == KF_PDF_STRING && (e > end || d[e - 1] != (c == '(' ? ')' : '>')))
        return NULL;
    size_t num = 0, gen = 0, after_num, after_gen;
    if (kind == KF_PDF_NUMBER && (after_num = read_uint(d, end, i, &num)) == e &&
        (after_gen = read_uint(d, end, e, &gen)) != 0) {
        size_t r = skip_space(d, end, after_gen);
        bool kw;
        size_t r_end = r < end ? kf_pdf_token_end(d, end, r, &kw) : r;
        if (r < end && is_word(d, r, r_end, "R")) {
            if (gen != 0 || num > INT32_MAX)
                return NULL; /* cairo writes generation 0 only */
            kf_pdf_val *v = new_val(f, KF_PDF_REF);
            if (v)
                v->num = (int)num;
            *pos = r_end;
            return v;
        }
    }
    kf_pdf_val *v = new_val(f, kind);
    if (v) {
        v->raw = (const char *)d + i;
        v->len = e - i;
    }
    *pos = e;
    return v;
}

/* Parses object `num` at its offset: "num 0 obj value [stream ...]". */
static void
parse_object(kf_pdf_file *f, int num)
{
    pdf_obj *o = &f->objs[num];
    o->parsed = true;
    const unsigned char *d = f->d;
    size_t end = o->end, i = o->offset, n = 0, gen = 0;
    if (!(i = read_uint(d, end, i, &n)) || n != (size_t)num ||
        !(i = read_uint(d, end, i, &gen)) || gen != 0)
        return;
    i = skip_space(d, end, i);
    bool kw;
    size_t e = i < end ? kf_pdf_token_end(d, end, i, &kw) : i;
    if (!is_word(d, i, e, "obj"))
        return;
    kf_pdf_val *v = parse_value(f, &e, end, 0);
    if (!v)
        return;
    i = skip_space(d, end, e);
    e = i < end ? kf_pdf_token_end(d, end, i, &kw) : i;
    if (is_word(d, i, e, "stream")) {
        /* The data begins after the keyword's end of line (CRLF or LF). */
        if (e < end && d[e] == '\r')
            e++;
        if (e >= end || d[e] != '\n' || v->kind != KF_PDF_DICT)
            return;
        e++;
        kf_pdf_val *len = kf_pdf_get(v, "/Length");
        if (len && len->kind == KF_PDF_REF)
            len = len->num != num ? kf_pdf_object(f, len->num) : NULL;
        long size = kf_pdf_int(len);
        if (!len || len->kind != KF_PDF_NUMBER || size < 0 ||
            (size_t)size > end - e)
            return;
        o->is_stream = true;
        o->data = (const char *)d + e;
        o->data_size = (size_t)size;
    }
    o->val = v;
}

/* The last "startxref N" of the file: N, or 0. */
static size_t
find_startxref(const unsigned char *d, size_t n)
{
    static const char word[] = "startxref";
    size_t len = sizeof(word) - 1;
    if (n < len)
        return 0;
    size_t from = n - len > 1024 ? n - len - 1024 : 0;
    for (size_t i = n - len;; i--) {
        if (!memcmp(d + i, word, len)) {
            size_t at = 0;
            return read_uint(d, n, i + len, &at) ? at : 0;
        }
        if (i == from)
            return 0;
    }
}

typedef struct {
    size_t offset;
    int num;
} placed;

static int
by_offset(const void *a, const void *b)
{
    size_t x = ((const placed *)a)->offset, y = ((const placed *)b)->offset;
    return x < y ? -1 : x > y;
}

/* The xref table's subsections ("first count" and count entries) up to
 * "trailer", then the trailer. */
static bool
read_xref(kf_pdf_file *f)
{
    const unsigned char *d = f->d;
    size_t n = f->n, i = find_startxref(d, n);
    bool kw;
    if (i == 0 || i >= n || !is_word(d, i, kf_pdf_token_end(d, n, i, &kw), "xref"))
        return false;
    f->xref_at = i;
    i += 4;
    for (;;) {
        i = skip_space(d, n, i);
        if (i >= n)
            return false;
        size_t e = kf_pdf_token_end(d, n, i, &kw);
        if (is_word(d, i, e, "trailer")) {
            i = e;
            break;
        }
        size_t first = 0, count = 0;
        if (!(i = read_uint(d, n, i, &first)) ||
            !(i = read_uint(d, n, i, &count)) || count > (n - i) / 18 ||
            first > (size_t)INT32_MAX - count)
            return false;
        if (first + count > f->cap) {
            pdf_obj *objs = realloc(f->objs, (first + count) * sizeof(*objs));
            if (!objs) {
                f->failed = true;
                return false;
            }
            memset(objs + f->cap, 0, (first + count - f->cap) * sizeof(*objs));
            f->objs = objs;
            f->cap = first + count;
        }
        if (first + count > f->nobjs)
            f->nobjs = first + count;
        for (size_t k = 0; k < count; k++) {
            size_t offset = 0, gen = 0;
            if (!(i = read_uint(d, n, i, &offset)) ||
                !(i = read_uint(d, n, i, &gen)))
                return false;
            i = skip_space(d, n, i);
            if (i >= n || (d[i] != 'n' && d[i] != 'f'))
                return false;
            pdf_obj *o = &f->objs[first + k];
            o->in_use = d[i] == 'n' && first + k > 0;
            o->offset = offset;
            if (o->in_use && (gen != 0 || offset >= f->xref_at))
                return false;
            i++;
        }
    }
    f->ninput = f->nobjs;
    size_t at = i;
    f->trailer = parse_value(f, &at, n, 0);
    if (!f->trailer || f->trailer->kind != KF_PDF_DICT ||
        kf_pdf_get(f->trailer, "/Prev") || kf_pdf_get(f->trailer, "/Encrypt") ||
        kf_pdf_get(f->trailer, "/XRefStm"))
        return false;
    /* Each object's bytes run to the next one's, the last's to "xref". */
    f->order = malloc((f->nobjs ? f->nobjs : 1) * sizeof(*f->order));
    if (!f->order) {
        f->failed = true;
        return false;
    }
    placed *by = malloc((f->nobjs ? f->nobjs : 1) * sizeof(*by));
    if (!by) {
        f->failed = true;
        return false;
    }
    for (size_t k = 0; k < f->nobjs; k++)
        if (f->objs[k].in_use)
            by[f->norder++] = (placed){f->objs[k].offset, (int)k};
    qsort(by, f->norder, sizeof(*by), by_offset);
    for (size_t k = 0; k < f->norder; k++)
        f->order[k] = by[k].num;
    free(by);
    for (size_t k = 0; k < f->norder; k++) {
        pdf_obj *o = &f->objs[f->order[k]];
        o->end = k + 1 < f->norder ? f->objs[f->order[k + 1]].offset
                                   : f->xref_at;
        if (k + 1 < f->norder && o->end == o->offset)
            return false; /* two objects at one offset */
    }
    return true;
}

kf_pdf_file *
kf_pdf_file_read(const char *pdf, size_t size, char *why, size_t why_size)
{
    kf_pdf_file *f = calloc(1, sizeof(*f));
    if (!f) {
        snprintf(why, why_size, "out of memory");
        return NULL;
    }
    f->d = (const unsigned char *)pdf;
    f->n = size;
    if (!read_xref(f)) {
        snprintf(why, why_size, "%s",
                 f->failed ? "out of memory"
                           : "cairo's PDF is not of the form expected (one "
                             "xref table, no encryption)");
        kf_pdf_file_free(f);
        return NULL;
    }
    return f;
}

void
kf_pdf_file_free(kf_pdf_file *f)
{
    if (!f)
        return;
    for (chunk *c = f->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(f->objs);
    free(f->order);
    free(f);
}

/* ------------------------------------------------------------------ */
/* Objects and values                                                 */
/* ------------------------------------------------------------------ */

kf_pdf_val *
kf_pdf_trailer(kf_pdf_file *f)
{
    return f->trailer;
}

kf_pdf_val *
kf_pdf_object(kf_pdf_file *f, int num)
{
    if (num <= 0 || (size_t)num >= f->nobjs || !f->objs[num].in_use ||
        f->objs[num].dropped)
        return NULL;
    if (!f->objs[num].parsed)
        parse_object(f, num);
    return f->objs[num].val;
}

kf_pdf_val *
kf_pdf_resolve(kf_pdf_file *f, kf_pdf_val *v)
{
    return v && v->kind == KF_PDF_REF ? kf_pdf_object(f, v->num) : v;
}

kf_pdf_val *
kf_pdf_edit(kf_pdf_file *f, int num)
{
    kf_pdf_val *v = kf_pdf_object(f, num);
    if (v)
        f->objs[num].edited = true;
    return v;
}

void
kf_pdf_drop(kf_pdf_file *f, int num)
{
    if (num > 0 && (size_t)num < f->nobjs)
        f->objs[num].dropped = true;
}

static bool set_stream_data(kf_pdf_file *f, int num, const void *data,
                            size_t size);

static int
add_object(kf_pdf_file *f, kf_pdf_val *v)
{
    if (!v || f->nobjs >= (size_t)INT32_MAX)
        return -1;
    if (f->nobjs == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 16;
        pdf_obj *objs = realloc(f->objs, cap * sizeof(*objs));
        if (!objs) {
            f->failed = true;
            return -1;
        }
        f->objs = objs;
        f->cap = cap;
    }
    f->objs[f->nobjs] = (pdf_obj){
        .in_use = true, .parsed = true, .edited = true, .val = v};
    return (int)f->nobjs++;
}

int
kf_pdf_add(kf_pdf_file *f, kf_pdf_val *v)
{
    return add_object(f, v);
}

int
kf_pdf_add_stream(kf_pdf_file *f, kf_pdf_val *dict, const void *data,
                  size_t size)
{
    if (!dict || dict->kind != KF_PDF_DICT)
        return -1;
    int num = add_object(f, dict);
    if (num < 0)
        return -1;
    f->objs[num].is_stream = true;
    if (!set_stream_data(f, num, data, size)) {
        f->objs[num].dropped = true;
        return -1;
    }
    return num;
}

static kf_pdf_val *
new_number(kf_pdf_file *f, size_t value)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%zu", value);
    return kf_pdf_new_raw(f, KF_PDF_NUMBER, buf);
}

/* Replaces the data of stream `num` with `size` bytes of `data`
 * (copied), and its length. */
static bool
set_stream_data(kf_pdf_file *f, int num, const void *data, size_t size)
{
    kf_pdf_val *dict = kf_pdf_edit(f, num);
    pdf_obj *o = &f->objs[num];
    if (!dict || !o->is_stream)
        return false;
    char *copy = copy_bytes(f, data, size);
    kf_pdf_val *length = new_number(f, size);
    if (!copy || !length)
        return false;
    o->data = copy;
    o->data_size = size;
    /* cairo gives a stream's length as an object of its own, written
     * after the data; that object gets the new length. */
    kf_pdf_val *old = kf_pdf_get(dict, "/Length");
    if (old && old->kind == KF_PDF_REF && old->num != num &&
        kf_pdf_edit(f, old->num)) {
        f->objs[old->num].val = length;
        return true;
    }
    return kf_pdf_set(f, dict, "/Length", length);
}

enum { MAX_DECODED = 1 << 30 };

unsigned char *
kf_pdf_stream_decode(kf_pdf_file *f, int num, size_t *size)
{
    *size = 0;
    kf_pdf_val *dict = kf_pdf_object(f, num);
    if (!dict || !f->objs[num].is_stream || kf_pdf_get(dict, "/DecodeParms"))
        return NULL;
    const pdf_obj *o = &f->objs[num];
    kf_pdf_val *filter = kf_pdf_get(dict, "/Filter");
    if (filter && filter->kind == KF_PDF_ARRAY && filter->n == 1)
        filter = filter->items[0];
    if (!filter) {
        unsigned char *copy = malloc(o->data_size ? o->data_size : 1);
        if (copy) {
            memcpy(copy, o->data, o->data_size);
            *size = o->data_size;
        }
        return copy;
    }
    if (!kf_pdf_is_name(filter, "/FlateDecode"))
        return NULL;
    z_stream z = {0};
    if (inflateInit(&z) != Z_OK)
        return NULL;
    size_t cap = o->data_size < MAX_DECODED / 4 ? 4 * o->data_size + 256
                                                  : MAX_DECODED;
    unsigned char *out = malloc(cap);
    z.next_in = (Bytef *)o->data;
    int rc = Z_OK;
    size_t done = 0, left = o->data_size;
    while (out && rc == Z_OK) {
        if (done == cap) {
            unsigned char *bigger =
                cap < MAX_DECODED ? realloc(out, cap < MAX_DECODED / 2
                                                     ? 2 * cap
                                                     : MAX_DECODED)
                                  : NULL;
            if (!bigger)
                break;
            out = bigger;
            cap = cap < MAX_DECODED / 2 ? 2 * cap : MAX_DECODED;
        }
        uInt in = left > UINT_MAX ? UINT_MAX : (uInt)left;
        uInt room = cap - done > UINT_MAX ? UINT_MAX : (uInt)(cap - done);
        z.avail_in = in;
        z.next_out = out + done;
        z.avail_out = room;
        rc = inflate(&z, Z_NO_FLUSH);
        left -= in - z.avail_in;
        done += room - z.avail_out;
        if (rc == Z_BUF_ERROR && z.avail_out == 0)
            rc = Z_OK; /* out of room only */
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(out);
        return NULL;
    }
    *size = done;
    return out;
}

bool
kf_pdf_set_stream(kf_pdf_file *f, int num, const void *data, size_t size)
{
    kf_pdf_val *dict = kf_pdf_edit(f, num);
    if (!dict || !f->objs[num].is_stream)
        return false;
    uLongf packed_size = compressBound((uLong)size);
    unsigned char *packed = malloc(packed_size);
    bool ok = packed &&
              compress2(packed, &packed_size, data, (uLong)size,
                        Z_DEFAULT_COMPRESSION) == Z_OK &&
              set_stream_data(f, num, packed, packed_size) &&
              kf_pdf_set(f, dict, "/Filter",
                         kf_pdf_new_raw(f, KF_PDF_NAME, "/FlateDecode"));
    free(packed);
    return ok;
}

kf_pdf_val *
kf_pdf_new_raw(kf_pdf_file *f, kf_pdf_kind kind, const char *raw)
{
    kf_pdf_val *v = new_val(f, kind);
    if (!v)
        return NULL;
    v->len = strlen(raw);
    v->raw = copy_bytes(f, raw, v->len);
    return v->raw ? v : NULL;
}

kf_pdf_val *
kf_pdf_new_ref(kf_pdf_file *f, int num)
{
    kf_pdf_val *v = num > 0 ? new_val(f, KF_PDF_REF) : NULL;
    if (v)
        v->num = num;
    return v;
}

kf_pdf_val *
kf_pdf_new_array(kf_pdf_file *f)
{
    return new_val(f, KF_PDF_ARRAY);
}

kf_pdf_val *
kf_pdf_new_dict(kf_pdf_file *f)
{
    return new_val(f, KF_PDF_DICT);
}

kf_pdf_val *
kf_pdf_new_string(kf_pdf_file *f, const char *utf8)
{
    if (!utf8 || !g_utf8_validate(utf8, -1, NULL))
        return NULL;
    bool ascii = true;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)utf8; *p; p++, n++)
        ascii = ascii && *p >= 0x20 && *p < 0x7f;
    kf_pdf_val *v = new_val(f, KF_PDF_STRING);
    /* A literal string escapes 3 of its bytes; UTF-16BE takes 4 hex
     * digits a unit, at most 2 units a code point of 1 to 4 bytes. */
    char *s = v ? alloc(f, ascii ? 2 * n + 3 : 8 * n + 7) : NULL;
    if (!s)
        return NULL;
    size_t k = 0;
    if (ascii) {
        s[k++] = '(';
        for (const char *p = utf8; *p; p++) {
            if (*p == '(' || *p == ')' || *p == '\\')
                s[k++] = '\\';
            s[k++] = *p;
        }
        s[k++] = ')';
    } else {
        static const char hex[] = "0123456789ABCDEF";
        memcpy(s, "<FEFF", 5);
        k = 5;
        for (const char *p = utf8; *p; p = g_utf8_next_char(p)) {
            gunichar c = g_utf8_get_char(p);
            unsigned units[2] = {c, 0};
            int nunits = 1;
            if (c > 0xffff) {
                units[0] = 0xd800 + ((c - 0x10000) >> 10);
                units[1] = 0xdc00 + ((c - 0x10000) & 0x3ff);
                nunits = 2;
            }
            for (int u = 0; u < nunits; u++)
                for (int shift = 12; shift >= 0; shift -= 4)
                    s[k++] = hex[(units[u] >> shift) & 0xf];
        }
        s[k++] = '>';
    }
    s[k] = '\0';
    v->raw = s;
    v->len = k;
    return v;
}

static bool
raw_is(const kf_pdf_val *v, const char *text)
{
    size_t len = strlen(text);
    return v->len == len && !memcmp(v->raw, text, len);
}

kf_pdf_val *
kf_pdf_get(const kf_pdf_val *d, const char *key)
{
    if (!d || d->kind != KF_PDF_DICT)
        return NULL;
    for (size_t i = 0; i + 1 < d->n; i += 2)
        if (raw_is(d->items[i], key))
            return d->items[i + 1];
    return NULL;
}

bool
kf_pdf_set(kf_pdf_file *f, kf_pdf_val *d, const char *key, kf_pdf_val *v)
{
    if (!d || d->kind != KF_PDF_DICT || !v)
        return false;
    for (size_t i = 0; i + 1 < d->n; i += 2)
        if (raw_is(d->items[i], key)) {
            d->items[i + 1] = v;
            return true;
        }
    return push(f, d, kf_pdf_new_raw(f, KF_PDF_NAME, key)) && push(f, d, v);
}

bool
kf_pdf_append(kf_pdf_file *f, kf_pdf_val *a, kf_pdf_val *v)
{
    return a && a->kind == KF_PDF_ARRAY && push(f, a, v);
}

bool
kf_pdf_is_name(const kf_pdf_val *v, const char *name)
{
    return v && v->kind == KF_PDF_NAME && raw_is(v, name);
}

long
kf_pdf_int(const kf_pdf_val *v)
{
    if (!v || v->kind != KF_PDF_NUMBER || v->len == 0 || v->len > 20)
        return 0;
    char buf[24];
    memcpy(buf, v->raw, v->len);
    buf[v->len] = '\0';
    char *end;
    long value = strtol(buf, &end, 10);
    return *end ? 0 : value;
}

static int
hex_digit(unsigned char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* The bytes of a string token (ISO 32000-1, 7.3.4), into `out` (room
 * for v->len bytes); their number. */
static size_t
string_bytes(const kf_pdf_val *v, unsigned char *out)
{
    const unsigned char *s = (const unsigned char *)v->raw + 1;
    const unsigned char *end = (const unsigned char *)v->raw + v->len - 1;
    size_t k = 0;
    if (v->raw[0] == '<') {
        int high = -1;
        for (; s < end; s++) {
            int h = hex_digit(*s);
            if (h < 0)
                continue;
            if (high < 0) {
                high = h;
            } else {
                out[k++] = (unsigned char)(high << 4 | h);
                high = -1;
            }
        }
        if (high >= 0)
            out[k++] = (unsigned char)(high << 4);
        return k;
    }
    while (s < end) {
        if (*s != '\\') {
            /* An end of line in a string is a LF, whichever it was. */
            if (*s == '\r') {
                out[k++] = '\n';
                s += s + 1 < end && s[1] == '\n' ? 2 : 1;
            } else {
                out[k++] = *s++;
            }
            continue;
        }
        if (++s >= end)
            break;
        unsigned char c = *s++;
        switch (c) {
        case 'n': out[k++] = '\n'; break;
        case 'r': out[k++] = '\r'; break;
        case 't': out[k++] = '\t'; break;
        case 'b': out[k++] = '\b'; break;
        case 'f': out[k++] = '\f'; break;
        case '\r':
            if (s < end && *s == '\n')
                s++;
            break;
        case '\n': break;
        default:
            if (c >= '0' && c <= '7') {
                unsigned value = c - '0';
                for (int j = 0; j < 2 && s < end && *s >= '0' && *s <= '7'; j++)
                    value = value * 8 + (unsigned)(*s++ - '0');
                out[k++] = (unsigned char)value;
            } else {
                out[k++] = c;
            }
        }
    }
    return k;
}

char *
kf_pdf_text(const kf_pdf_val *v)
{
    if (!v || v->kind != KF_PDF_STRING || v->len < 2)
        return NULL;
    unsigned char *bytes = malloc(v->len);
    if (!bytes)
        return NULL;
    size_t n = string_bytes(v, bytes);
    char *out = NULL;
    if (n >= 2 && bytes[0] == 0xfe && bytes[1] == 0xff) {
        size_t units = (n - 2) / 2;
        gunichar2 *u = malloc((units ? units : 1) * sizeof(*u));
        for (size_t i = 0; u && i < units; i++)
            u[i] = (gunichar2)(bytes[2 + 2 * i] << 8 | bytes[3 + 2 * i]);
        out = u ? g_utf16_to_utf8(u, (glong)units, NULL, NULL, NULL) : NULL;
        free(u);
        if (out) {
            /* g_malloc'ed: handed on as malloc'ed. */
            char *copy = strdup(out);
            g_free(out);
            out = copy;
        }
    } else {
        /* PDFDocEncoding, which is Latin-1 in the characters cairo's
         * /Producer and our texts use. */
        out = malloc(2 * n + 1);
        size_t k = 0;
        for (size_t i = 0; out && i < n; i++) {
            if (bytes[i] < 0x80) {
                out[k++] = (char)bytes[i];
            } else {
                out[k++] = (char)(0xc0 | bytes[i] >> 6);
                out[k++] = (char)(0x80 | (bytes[i] & 0x3f));
            }
        }
        if (out)
            out[k] = '\0';
    }
    free(bytes);
    return out;
}

/* ------------------------------------------------------------------ */
/* Writing                                                            */
/* ------------------------------------------------------------------ */

static void
write_val(FILE *o, const kf_pdf_val *v)
{
    switch (v->kind) {
    case KF_PDF_REF:
        fprintf(o, "%d 0 R", v->num);
        break;
    case KF_PDF_ARRAY:
        fputc('[', o);
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                fputc(' ', o);
            write_val(o, v->items[i]);
        }
        fputc(']', o);
        break;
    case KF_PDF_DICT:
        fputs("<<", o);
        for (size_t i = 0; i < v->n; i++) {
            fputc(' ', o);
            write_val(o, v->items[i]);
        }
        fputs(" >>", o);
        break;
    default:
        fwrite(v->raw, 1, v->len, o);
    }
}

static void
write_object(kf_pdf_file *f, FILE *o, int num, size_t *offsets)
{
    pdf_obj *ob = &f->objs[num];
    offsets[num] = (size_t)ftell(o);
    if (!ob->edited) {
        fwrite(f->d + ob->offset, 1, ob->end - ob->offset, o);
        return;
    }
    fprintf(o, "%d 0 obj\n", num);
    write_val(o, ob->val);
    if (ob->is_stream) {
        fputs("\nstream\n", o);
        fwrite(ob->data, 1, ob->data_size, o);
        fputs("\nendstream", o);
    }
    fputs("\nendobj\n", o);
}

bool
kf_pdf_file_write(kf_pdf_file *f, const char *version, char **out,
                  size_t *out_size)
{
    *out = NULL;
    *out_size = 0;
    kf_pdf_val *size = new_number(f, f->nobjs);
    if (f->failed || !size || !kf_pdf_set(f, f->trailer, "/Size", size))
        return false;
    size_t *offsets = calloc(f->nobjs ? f->nobjs : 1, sizeof(*offsets));
    char *buf = NULL;
    size_t len = 0;
    FILE *o = offsets ? open_memstream(&buf, &len) : NULL;
    if (!o) {
        free(offsets);
        return false;
    }
    /* The second line's bytes above 127 tell transfer programs that the
     * file is binary (ISO 32000-1, 7.5.2), as cairo's did. */
    fprintf(o, "%%PDF-%s\n%%\xb5\xed\xae\xfb\n", version);
    for (size_t k = 0; k < f->norder; k++)
        if (!f->objs[f->order[k]].dropped)
            write_object(f, o, f->order[k], offsets);
    for (size_t num = f->ninput; num < f->nobjs; num++)
        if (!f->objs[num].dropped)
            write_object(f, o, (int)num, offsets);
    size_t xref_at = (size_t)ftell(o);
    fprintf(o, "xref\n0 %zu\n", f->nobjs);
    /* Free entries link each to the next, the last to 0. */
    size_t next_free = 0;
    for (size_t num = f->nobjs; num-- > 1;) {
        if (!f->objs[num].in_use || f->objs[num].dropped) {
            offsets[num] = next_free;
            next_free = num;
        }
    }
    fprintf(o, "%010zu 65535 f \n", next_free);
    for (size_t num = 1; num < f->nobjs; num++) {
        bool used = f->objs[num].in_use && !f->objs[num].dropped;
        fprintf(o, "%010zu %05d %c \n", offsets[num], used ? 0 : 1,
                used ? 'n' : 'f');
    }
    free(offsets);
    bool ok = fflush(o) == 0;
    /* The /ID of a file that is never modified again, from its content:
     * the same objects give the same bytes. */
    char *md5 = ok ? g_compute_checksum_for_data(G_CHECKSUM_MD5,
                                                 (const guchar *)buf, len)
                   : NULL;
    char id[40];
    snprintf(id, sizeof(id), "<%s>", md5 ? md5 : "");
    g_free(md5);
    kf_pdf_val *ids = kf_pdf_new_array(f);
    for (int k = 0; k < 2; k++)
        ok = ok && kf_pdf_append(f, ids, kf_pdf_new_raw(f, KF_PDF_STRING, id));
    ok = ok && md5 && kf_pdf_set(f, f->trailer, "/ID", ids);
    fputs("trailer\n", o);
    write_val(o, f->trailer);
    fprintf(o, "\nstartxref\n%zu\n%%%%EOF\n", xref_at);
    if (fclose(o) != 0 || !ok) {
        free(buf);
        return false;
    }
    *out = buf;
    *out_size = len;
    return true;
}
