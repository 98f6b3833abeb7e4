/*
 * batch.c: one report per row of a CSV file, from one template, in
 * several threads.
 *
 * The template is parsed once into a node tree.  For each row the tree
 * is copied with every `{{column}}` in a value replaced by the row's
 * field, and the copy goes through the same path as a report file:
 * kf_report_from_tree, kf_layout_new, kf_build_outputs.  Substituting in
 * the tree, not in the file's text, means a field can hold anything (a
 * colon, a quote, a '#') without changing the template's structure.
 *
 * Threads take rows one at a time from an atomic counter; each keeps its
 * own pango context (text.c) for every sheet it draws.  A row's result
 * (status and diagnostics) waits in its slot until every earlier row is
 * reported, so the caller sees rows in order whatever the number of
 * threads, and prints from one thread only: the caller's.
 */
#include "build.h"
#include "csv.h"
#include "node.h"
#include "readfile.h"

#include <errno.h>
#include <glib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Longest output name kept from a field, in bytes (cut at a character):
 * with "-2" and "-12.png" added it stays far below NAME_MAX (255). */
#define NAME_MAX_BYTES 120
#define MAX_JOBS 256

/* A row's result, filled by the thread that built it. */
typedef struct {
    kf_diags *diags;
    kf_status status;
    bool stopped;
    bool done;
} row_slot;

struct kf_batch {
    kf_batch_options opt;
    char *template_path;
    kf_node *template_root;
    kf_csv *csv;
    long *columns;        /* open addressing: column indexes by name, -1 free */
    size_t columns_cap;   /* a power of two */
    char **names;         /* per CSV row: the output stem */
    char **name_warnings; /* per CSV row: NULL, or a warning about its name */
    const char **name_hints; /* per CSV row: the hint of that warning */
    size_t *rows;         /* the CSV rows this shard builds */
    size_t count;

    /* While running. */
    atomic_int stop;
    atomic_size_t next; /* the next index into rows to hand out */
    row_slot *slots;    /* per index into rows */
    pthread_mutex_t lock;
    pthread_cond_t changed;
    size_t done;    /* slots done (under lock) */
    int running;    /* worker threads still running (under lock) */
};

/* ------------------------------------------------------------------ */
/* Placeholders                                                        */
/* ------------------------------------------------------------------ */

/* One `{{name}}` found in a text: bytes [start, end) of the text, and the
 * name, trimmed, at [name, name + name_len). */
typedef struct {
    size_t start, end;
    const char *name;
    size_t name_len;
} placeholder;

static bool
is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Finds the next placeholder in text[from, len).  Returns 1 and fills
 * *ph, 0 when there is none, -1 for a `{{` not closed by `}}` on the same
 * line (ph->start is then where it opens). */
static int
next_placeholder(const char *text, size_t len, size_t from, placeholder *ph)
{
    const char *open = NULL;
    for (size_t i = from; i + 1 < len; i++)
        if (text[i] == '{' && text[i + 1] == '{') {
            open = text + i;
            break;
        }
    if (!open)
        return 0;
    ph->start = (size_t)(open - text);
    while (ph->start + 2 < len && text[ph->start + 2] == '{')
        ph->start++; /* "{{{x}}}" is "{" then {{x}} then "}" */
    size_t i = ph->start + 2;
    size_t name = i;
    while (i < len && text[i] != '}' && text[i] != '\n' && text[i] != '{')
        i++;
    if (i + 1 >= len || text[i] != '}' || text[i + 1] != '}')
        return -1;
    ph->end = i + 2;
    size_t name_end = i;
    while (name < name_end && is_space(text[name]))
        name++;
    while (name_end > name && is_space(text[name_end - 1]))
        name_end--;
    ph->name = text + name;
    ph->name_len = name_end - name;
    return 1;
}

static uint64_t
hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

/* Indexes the column names, so that each placeholder of each row finds
 * its column in constant time (a template of a thousand placeholders over
 * a file of a thousand columns stays fast). */
static bool
index_columns(kf_batch *b)
{
    size_t ncols = kf_csv_columns(b->csv);
    b->columns_cap = 16;
    while (b->columns_cap < ncols * 2)
        b->columns_cap *= 2;
    b->columns = malloc(b->columns_cap * sizeof(long));
    if (!b->columns)
        return false;
    for (size_t i = 0; i < b->columns_cap; i++)
        b->columns[i] = -1;
    for (size_t c = 0; c < ncols; c++) {
        const char *h = kf_csv_header(b->csv, c);
        size_t i = hash_bytes(h, strlen(h)) & (b->columns_cap - 1);
        while (b->columns[i] >= 0)
            i = (i + 1) & (b->columns_cap - 1);
        b->columns[i] = (long)c; /* names are unique: the CSV reader said */
    }
    return true;
}

/* The column a placeholder names, or -1. */
static long
column_of(const kf_batch *b, const placeholder *ph)
{
    size_t i = hash_bytes(ph->name, ph->name_len) & (b->columns_cap - 1);
    for (; b->columns[i] >= 0; i = (i + 1) & (b->columns_cap - 1)) {
        const char *h = kf_csv_header(b->csv, (size_t)b->columns[i]);
        if (strlen(h) == ph->name_len && !memcmp(h, ph->name, ph->name_len))
            return b->columns[i];
    }
    return -1;
}

static char
ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Levenshtein distance, ASCII letters compared without case, for the
 * "did you mean" of an unknown column; names longer than 63 bytes are
 * never suggested. */
static size_t
distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t row[64];
    if (la > 63 || lb > 63)
        return (size_t)-1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = ascii_lower(a[i - 1]) != ascii_lower(b[j - 1]);
            size_t best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* A hint for an unknown column: the closest name, else the names. */
static void
columns_hint(const kf_csv *csv, const char *name, size_t len, char *buf,
             size_t size)
{
    size_t best = (size_t)-1, best_col = 0;
    for (size_t c = 0; c < kf_csv_columns(csv); c++) {
        const char *h = kf_csv_header(csv, c);
        size_t d = distance(name, len, h, strlen(h));
        if (d < best) {
            best = d;
            best_col = c;
        }
    }
    if (best <= (len <= 4 ? 1u : 2u) && best < len) {
        snprintf(buf, size, "did you mean '%s'?",
                 kf_csv_header(csv, best_col));
        return;
    }
    size_t n = (size_t)snprintf(buf, size, "the columns of %s are ",
                                kf_csv_name(csv));
    size_t ncols = kf_csv_columns(csv);
    for (size_t c = 0; c < ncols && n < size; c++) {
        if (c == 12 && ncols > 13) {
            snprintf(buf + n, size - n, ", and %zu more", ncols - c);
            return;
        }
        n += (size_t)snprintf(buf + n, size - n, "%s'%s'",
                              c == 0              ? ""
                              : c + 1 == ncols ? " and "
                                                  : ", ",
                              kf_csv_header(csv, c));
    }
}

/* Checks every placeholder in the values under `node` names a column;
 * errors at the template's locations. */
static void
check_placeholders(const kf_batch *b, const kf_node *node, kf_diags *diags)
{
    if (node->kind != KF_NODE_SCALAR) {
        for (size_t i = 0; i < node->count; i++)
            check_placeholders(b, node->items[i], diags);
        return;
    }
    placeholder ph;
    size_t from = 0;
    int found;
    while ((found = next_placeholder(node->text, node->len, from, &ph))) {
        if (found < 0) {
            kf_diag_add(diags, KF_SEV_ERROR, b->template_path, node->line,
                        node->col, "write a placeholder as {{column}}",
                        "a placeholder is not closed: '%.40s'",
                        node->text + ph.start);
            return;
        }
        if (ph.name_len == 0) {
            kf_diag_add(diags, KF_SEV_ERROR, b->template_path, node->line,
                        node->col, "write the name of a column between the "
                        "braces", "a placeholder without a column name");
        } else if (column_of(b, &ph) < 0) {
            /* The hint compares the name with every column: only for the
             * messages that will be shown. */
            char hint[512] = "";
            if (diags->count < KF_DIAGS_MAX)
                columns_hint(b->csv, ph.name, ph.name_len, hint,
                             sizeof(hint));
            kf_diag_add(diags, KF_SEV_ERROR, b->template_path, node->line,
                        node->col, hint[0] ? hint : NULL,
                        "unknown column '%.*s' in a placeholder (%s has no "
                        "such column)",
                        (int)ph.name_len, ph.name, kf_csv_name(b->csv));
        }
        from = ph.end;
    }
}

/* The whole of `s` (trimmed) is a decimal number as a report writes one:
 * a sign, digits, a point and digits, an exponent. */
static bool
number_shaped(const char *s, size_t len)
{
    size_t i = 0, digits = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        i++;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (digits == 0)
        return false;
    if (i < len && s[i] == '.') {
        i++;
        digits = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, digits++;
        if (digits == 0)
            return false;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '-' || s[i] == '+'))
            i++;
        digits = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, digits++;
        if (digits == 0)
            return false;
    }
    return i == len;
}

/* ------------------------------------------------------------------ */
/* A row's tree                                                        */
/* ------------------------------------------------------------------ */

/* Where a substituted scalar is in the template, and what filled it, to
 * tell in a row's messages which field an error comes from. */
typedef struct {
    int line, col;
    long column; /* the one column used, or -1 when several */
} subst_mark;

typedef struct {
    const kf_batch *b;
    size_t row;
    kf_diags *diags;
    subst_mark *marks;
    size_t nmarks, cap;
    bool failed;
} subst_ctx;

static void
mark(subst_ctx *s, const kf_node *node, long column)
{
    if (s->nmarks == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        subst_mark *m = realloc(s->marks, cap * sizeof(*m));
        if (!m)
            return; /* only the messages lose their CSV location */
        s->marks = m;
        s->cap = cap;
    }
    s->marks[s->nmarks++] = (subst_mark){node->line, node->col, column};
}

/* The field a placeholder stands for in the row (check_placeholders has
 * made sure its column exists; "" otherwise). */
static const char *
field_of(const subst_ctx *s, const placeholder *ph, long *column, size_t *len)
{
    *column = column_of(s->b, ph);
    if (*column < 0) {
        *len = 0;
        return "";
    }
    return kf_csv_cell(s->b->csv, s->row, (size_t)*column, len);
}

/* A copy of scalar `node` with its placeholders replaced.  A value that
 * is one placeholder and nothing else, whose field is written as a number,
 * becomes an unquoted scalar (trimmed), so `value: "{{patients}}"` is read
 * as a number; any other value keeps its quoting, so a text stays a
 * text. */
static kf_node *
subst_scalar(subst_ctx *s, const kf_node *node)
{
    placeholder ph;
    if (next_placeholder(node->text, node->len, 0, &ph) <= 0)
        return kf_node_new_scalar(node->text, node->len, node->quoted,
                                  node->line, node->col);
    const kf_csv *csv = s->b->csv;
    if (ph.start == 0 && ph.end == node->len) {
        long c;
        size_t len;
        const char *v = field_of(s, &ph, &c, &len);
        mark(s, node, c);
        const char *t = v;
        size_t tl = len;
        while (tl && is_space(*t))
            t++, tl--;
        while (tl && is_space(t[tl - 1]))
            tl--;
        if (number_shaped(t, tl)) {
            kf_node *n =
                kf_node_new_scalar(t, tl, false, node->line, node->col);
            if (n)
                n->field = true;
            return n;
        }
        return kf_node_new_scalar(v, len, node->quoted, node->line,
                                  node->col);
    }
    /* Several parts: measure, then copy. */
    size_t total = 0, from = 0;
    long only = -2;
    while (next_placeholder(node->text, node->len, from, &ph) > 0) {
        long c;
        size_t len;
        field_of(s, &ph, &c, &len);
        total += ph.start - from + len;
        from = ph.end;
        only = only == -2 || only == c ? c : -1;
    }
    total += node->len - from;
    mark(s, node, only);
    if (total > KF_MAX_TEXT) {
        kf_diag_add(s->diags, KF_SEV_ERROR, s->b->template_path, node->line,
                    node->col, NULL,
                    "this text is too long with the fields of %s:%d put in "
                    "(%zu bytes; the limit is %u)",
                    kf_csv_name(csv), kf_csv_row_line(csv, s->row), total,
                    KF_MAX_TEXT);
        s->failed = true;
        return NULL;
    }
    char *text = malloc(total + 1);
    if (!text)
        return NULL;
    size_t n = 0;
    from = 0;
    while (next_placeholder(node->text, node->len, from, &ph) > 0) {
        memcpy(text + n, node->text + from, ph.start - from);
        n += ph.start - from;
        long c;
        size_t len;
        const char *v = field_of(s, &ph, &c, &len);
        memcpy(text + n, v, len);
        n += len;
        from = ph.end;
    }
    memcpy(text + n, node->text + from, node->len - from);
    n += node->len - from;
    kf_node *copy =
        kf_node_new_scalar(text, n, node->quoted, node->line, node->col);
    free(text);
    return copy;
}

/* A copy of the tree under `node`, its values substituted (keys are
 * copied as they are).  NULL when out of memory or after an error. */
static kf_node *
subst_tree(subst_ctx *s, const kf_node *node)
{
    if (node->kind == KF_NODE_SCALAR)
        return subst_scalar(s, node);
    kf_node *copy = kf_node_new(node->kind, node->line, node->col);
    if (!copy)
        return NULL;
    for (size_t i = 0; i < node->count; i++) {
        kf_node *item = subst_tree(s, node->items[i]);
        if (!item) {
            kf_node_free(copy);
            return NULL;
        }
        bool ok;
        if (node->kind == KF_NODE_MAP) {
            const kf_node *k = node->keys[i];
            kf_node *key = kf_node_new_scalar(k->text, k->len, k->quoted,
                                              k->line, k->col);
            ok = key && kf_node_map_add(copy, key, item);
            if (!ok)
                kf_node_free(key);
        } else {
            ok = kf_node_seq_add(copy, item);
        }
        if (!ok) {
            kf_node_free(item);
            kf_node_free(copy);
            return NULL;
        }
    }
    return copy;
}

/* `s` for a message: at most 40 characters, line breaks and tabs shown
 * as \n and \t, other control characters (C1 too: U+009B starts a
 * terminal escape sequence) as '?'. */
static void
shown(const char *s, char *buf, size_t size)
{
    size_t n = 0, chars = 0;
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + strlen(s);
    while (p < end && n + 8 < size) {
        if (chars == 40) {
            memcpy(buf + n, "\xE2\x80\xA6", 3); /* … */
            n += 3;
            break;
        }
        size_t len = kf_utf8_len(p, end);
        if (len == 0)
            len = 1;
        if (*p == '\n' || *p == '\t') {
            buf[n++] = '\\';
            buf[n++] = *p == '\n' ? 'n' : 't';
        } else if (*p < 0x20 || *p == 0x7F ||
                   (len == 2 && p[0] == 0xC2 && p[1] <= 0x9F)) {
            buf[n++] = '?';
        } else {
            memcpy(buf + n, p, len);
            n += len;
        }
        p += len;
        chars++;
    }
    buf[n] = '\0';
}

static int
cmp_mark(const void *a, const void *b)
{
    const subst_mark *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

/* Adds to each error at a substituted value, from diagnostic `first` on,
 * the CSV field it came from. */
static void
annotate(subst_ctx *s, kf_diags *diags, size_t first)
{
    const kf_csv *csv = s->b->csv;
    if (first >= diags->count || s->nmarks == 0)
        return;
    qsort(s->marks, s->nmarks, sizeof(*s->marks), cmp_mark);
    for (size_t i = first; i < diags->count; i++) {
        kf_diag *d = &diags->items[i];
        if (!d->file || strcmp(d->file, s->b->template_path) != 0)
            continue;
        subst_mark key = {d->line, d->col, 0};
        const subst_mark *m = bsearch(&key, s->marks, s->nmarks,
                                      sizeof(*s->marks), cmp_mark);
        if (!m)
            continue;
        char extra[256], value[200];
        if (m->column >= 0) {
            kf_loc at = kf_csv_cell_loc(csv, s->row, (size_t)m->column);
            shown(kf_csv_cell(csv, s->row, (size_t)m->column, NULL), value,
                  sizeof(value));
            snprintf(extra, sizeof(extra), " (%s:%d:%d: column '%s' is '%s')",
                     kf_csv_name(csv), at.line, at.col,
                     kf_csv_header(csv, (size_t)m->column), value);
        } else {
            snprintf(extra, sizeof(extra),
                     " (with the fields of %s:%d put in)", kf_csv_name(csv),
                     kf_csv_row_line(csv, s->row));
        }
        size_t len = strlen(d->message) + strlen(extra) + 1;
        char *msg = malloc(len);
        if (!msg)
            continue;
        snprintf(msg, len, "%s%s", d->message, extra);
        free(d->message);
        d->message = msg;
    }
}

/* ------------------------------------------------------------------ */
/* Output names                                                        */
/* ------------------------------------------------------------------ */

/* Whether `stem` (up to its first '.') is a name Windows keeps for a
 * device, whatever its case: CON, PRN, AUX, NUL, COM1 to COM9, LPT1 to
 * LPT9 (and COM and LPT with a superscript 1, 2 or 3).  "CON.pdf" cannot
 * be created there, nor copied to a share that Windows serves. */
static bool
device_name(const char *stem)
{
    size_t n = strcspn(stem, ".");
    while (n > 0 && stem[n - 1] == ' ')
        n--;
    static const char *const three[] = {"CON", "PRN", "AUX", "NUL"};
    for (size_t i = 0; i < 4; i++)
        if (n == 3 && g_ascii_strncasecmp(stem, three[i], 3) == 0)
            return true;
    if (n < 4 || (g_ascii_strncasecmp(stem, "COM", 3) != 0 &&
                  g_ascii_strncasecmp(stem, "LPT", 3) != 0))
        return false;
    if (n == 4 && stem[3] >= '1' && stem[3] <= '9')
        return true;
    /* U+00B9, U+00B2, U+00B3 */
    return n == 5 && (unsigned char)stem[3] == 0xC2 &&
           ((unsigned char)stem[4] == 0xB9 || (unsigned char)stem[4] == 0xB2 ||
            (unsigned char)stem[4] == 0xB3);
}

/* Turns a field into a file name that stays in the output directory: in
 * Unicode's composed form (NFC), no '/' or '\', no control characters,
 * none of : * ? " < > | (Windows refuses them), no invisible format
 * character (U+200B, the bidirectional controls such as U+202E, which
 * show "gpj.exe" as "exe.jpg"; U+2028, U+2029), no "..", no leading dot,
 * dash or space, no trailing dot or space, not a Windows device name
 * (CON, NUL...: an underscore follows it), at most NAME_MAX_BYTES bytes.
 * Writes "" when nothing is left. */
static void
safe_name(const char *field, char *out, size_t size)
{
    size_t n = 0;
    char *nfc = g_utf8_normalize(field, -1, G_NORMALIZE_NFC);
    const char *text = nfc ? nfc : field;
    const unsigned char *p = (const unsigned char *)text;
    const unsigned char *end = p + strlen(text);
    while (p < end && n + 4 < size && n < NAME_MAX_BYTES) {
        size_t len = kf_utf8_len(p, end);
        if (len == 0)
            len = 1; /* never: the CSV reader checked the encoding */
        if (n + len > NAME_MAX_BYTES)
            break;
        gunichar cp = len > 1 ? g_utf8_get_char((const char *)p) : *p;
        GUnicodeType type = g_unichar_type(cp);
        bool control = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
        bool invisible = type == G_UNICODE_FORMAT ||
                         type == G_UNICODE_LINE_SEPARATOR ||
                         type == G_UNICODE_PARAGRAPH_SEPARATOR;
        if (invisible) {
            /* dropped: what it hid reads as what is left */
        } else if (control || (len == 1 && strchr("/\\:*?\"<>|", (int)*p))) {
            if (n > 0 && out[n - 1] != '-')
                out[n++] = '-';
        } else if (*p == '.' && n > 0 && out[n - 1] == '.') {
            /* ".." becomes "." */
        } else if (n == 0 && (*p == '.' || *p == '-' || *p == ' ')) {
            /* no leading dot (hidden file), dash (an option) or space */
        } else {
            memcpy(out + n, p, len);
            n += len;
        }
        p += len;
    }
    while (n > 0 && (out[n - 1] == '.' || out[n - 1] == ' ' ||
                     out[n - 1] == '-'))
        n--;
    out[n] = '\0';
    if (n > 0 && device_name(out) && n + 1 < size) {
        /* after the stem: Windows reads "NUL.x" as NUL too */
        size_t stem = strcspn(out, ".");
        memmove(out + stem + 1, out + stem, n - stem + 1);
        out[stem] = '_';
    }
    g_free(nfc);
}

/* What two names that are one file somewhere compare as: case folded
 * (macOS and Windows ignore case, and not only ASCII's: "É" and "é"), in
 * the decomposed form (macOS stores names decomposed: NFC "é" and NFD
 * "e" + U+0301 are one file there).  A malloc'ed key, or NULL. */
static char *
name_key(const char *name)
{
    char *folded = g_utf8_casefold(name, -1);
    char *key = folded ? g_utf8_normalize(folded, -1, G_NORMALIZE_NFD) : NULL;
    g_free(folded);
    char *copy = key ? strdup(key) : NULL;
    g_free(key);
    return copy;
}

/* An open-addressing set of names, by their name_key. */
typedef struct {
    char **keys;
    int *lines;
    size_t cap;
} name_set;

static uint64_t
name_hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The slot of `key`, or the free slot where it would go. */
static size_t
name_slot(const name_set *set, const char *key)
{
    size_t i = (size_t)name_hash(key) & (set->cap - 1);
    while (set->keys[i] && strcmp(set->keys[i], key) != 0)
        i = (i + 1) & (set->cap - 1);
    return i;
}

/* Chooses every row's name (over the whole file, not only this shard's
 * rows, so every shard names a row alike), with a warning for a row whose
 * name had to change. */
static bool
choose_names(kf_batch *b, size_t name_col, kf_diags *diags)
{
    size_t nrows = kf_csv_rows(b->csv);
    name_set set = {0};
    set.cap = 16;
    while (set.cap < nrows * 2 + 16)
        set.cap *= 2;
    set.keys = calloc(set.cap, sizeof(char *));
    set.lines = calloc(set.cap, sizeof(int));
    b->names = calloc(nrows ? nrows : 1, sizeof(char *));
    b->name_warnings = calloc(nrows ? nrows : 1, sizeof(char *));
    b->name_hints = calloc(nrows ? nrows : 1, sizeof(char *));
    bool ok = set.keys && set.lines && b->names && b->name_warnings &&
              b->name_hints;
    for (size_t r = 0; ok && r < nrows; r++) {
        char base[NAME_MAX_BYTES + 8], name[NAME_MAX_BYTES + 32];
        const char *field = kf_csv_cell(b->csv, r, name_col, NULL);
        int line = kf_csv_row_line(b->csv, r);
        safe_name(field, base, sizeof(base));
        bool empty = base[0] == '\0';
        if (empty)
            snprintf(base, sizeof(base), "row-%zu", r + 1);
        snprintf(name, sizeof(name), "%s", base);
        char *key = name_key(name);
        size_t slot = key ? name_slot(&set, key) : 0;
        int taken_by = key && set.keys[slot] ? set.lines[slot] : 0;
        for (unsigned k = 2; key && set.keys[slot]; k++) {
            snprintf(name, sizeof(name), "%s-%u", base, k);
            free(key);
            if ((key = name_key(name)))
                slot = name_slot(&set, key);
        }
        if (!key || !(b->names[r] = strdup(name))) {
            free(key);
            ok = false;
            break;
        }
        set.keys[slot] = key;
        set.lines[slot] = line;
        char shown_field[200], from[260] = "", warning[700];
        shown(field, shown_field, sizeof(shown_field));
        bool changed = !empty && strcmp(base, field) != 0;
        if (changed)
            snprintf(from, sizeof(from), " (from '%s')", shown_field);
        b->name_hints[r] = "give each row its own name, or name the files "
                           "after another column with --name";
        if (taken_by)
            snprintf(warning, sizeof(warning),
                     "the output name '%s'%s is already used by line %d: "
                     "this row's files are named '%s'",
                     base, from, taken_by, name);
        else if (empty)
            snprintf(warning, sizeof(warning),
                     "the column '%s' gives this row no usable file name "
                     "('%s'): its files are named '%s'",
                     kf_csv_header(b->csv, name_col), shown_field, name);
        else if (changed) {
            snprintf(warning, sizeof(warning),
                     "'%s' is not a safe file name: this row's files are "
                     "named '%s'", shown_field, name);
            b->name_hints[r] = "a file name has no '/', '\\', control or "
                               "invisible characters, ':*?\"<>|', \"..\" nor "
                               "a leading '.', '-' or space, is not a device "
                               "name (CON, NUL...), and at most 120 bytes";
        }
        else
            continue;
        if (!(b->name_warnings[r] = strdup(warning)))
            ok = false;
    }
    for (size_t i = 0; set.keys && i < set.cap; i++)
        free(set.keys[i]);
    free(set.keys);
    free(set.lines);
    if (!ok)
        kf_diag_add(diags, KF_SEV_ERROR, NULL, 0, 0, NULL, "out of memory");
    return ok;
}

/* ------------------------------------------------------------------ */
/* Setting up                                                          */
/* ------------------------------------------------------------------ */

static bool
ends_with_json(const char *name)
{
    size_t n = strlen(name);
    if (n < 5)
        return false;
    const char *ext = name + n - 5;
    for (size_t i = 0; i < 5; i++)
        if (ascii_lower(ext[i]) != ".json"[i])
            return false;
    return true;
}

kf_batch *
kf_batch_new(const char *template_path, const char *csv_path,
             const kf_batch_options *options, kf_diags *diags)
{
    kf_batch *b = calloc(1, sizeof(*b));
    if (!b || !(b->template_path = strdup(template_path))) {
        kf_diag_add(diags, KF_SEV_ERROR, NULL, 0, 0, NULL, "out of memory");
        kf_batch_free(b);
        return NULL;
    }
    b->opt = *options;
    if (b->opt.shards == 0)
        b->opt.shards = 1;
    size_t errors = diags->errors;

    size_t size = 0;
    char *data = kf_read_file(template_path, KF_MAX_FILE_SIZE,
                              "split the template into several files", &size,
                              diags);
    if (data) {
        b->template_root = ends_with_json(template_path)
                               ? kf_parse_json(template_path, data, size,
                                               diags)
                               : kf_parse_yaml(template_path, data, size,
                                               diags);
        free(data);
    }
    b->csv = kf_csv_load(csv_path, diags);
    if (!b->template_root || !b->csv)
        goto fail;

    if (kf_csv_rows(b->csv) == 0) {
        kf_diag_add(diags, KF_SEV_ERROR, csv_path, 0, 0,
                    "add one row per report under the header",
                    "there is no row to build a report from");
        goto fail;
    }
    long name_col = 0;
    if (b->opt.name_column) {
        name_col = kf_csv_column(b->csv, b->opt.name_column);
        if (name_col < 0) {
            char hint[512];
            columns_hint(b->csv, b->opt.name_column,
                         strlen(b->opt.name_column), hint, sizeof(hint));
            kf_diag_add(diags, KF_SEV_ERROR, csv_path, 1, 1, hint,
                        "no column named '%s' to name the outputs with",
                        b->opt.name_column);
            goto fail;
        }
    }
    if (!index_columns(b)) {
        kf_diag_add(diags, KF_SEV_ERROR, NULL, 0, 0, NULL, "out of memory");
        goto fail;
    }
    check_placeholders(b, b->template_root, diags);
    if (diags->errors != errors)
        goto fail;
    /* Fonts are set up once, here, before any thread draws. */
    if (kf_fonts_init(diags) != KF_OK)
        goto fail;
    if (!choose_names(b, (size_t)name_col, diags))
        goto fail;

    size_t nrows = kf_csv_rows(b->csv);
    b->rows = calloc(nrows / b->opt.shards + 1, sizeof(size_t));
    if (!b->rows) {
        kf_diag_add(diags, KF_SEV_ERROR, NULL, 0, 0, NULL, "out of memory");
        goto fail;
    }
    for (size_t r = b->opt.shard; r < nrows; r += b->opt.shards)
        b->rows[b->count++] = r;
    return b;
fail:
    kf_batch_free(b);
    return NULL;
}

void
kf_batch_free(kf_batch *b)
{
    if (!b)
        return;
    size_t nrows = b->csv ? kf_csv_rows(b->csv) : 0;
    for (size_t r = 0; r < nrows; r++) {
        if (b->names)
            free(b->names[r]);
        if (b->name_warnings)
            free(b->name_warnings[r]);
    }
    free(b->names);
    free(b->name_warnings);
    free(b->name_hints);
    free(b->rows);
    free(b->columns);
    kf_csv_free(b->csv);
    kf_node_free(b->template_root);
    free(b->template_path);
    free(b);
}

size_t
kf_batch_count(const kf_batch *b)
{
    return b->count;
}

void
kf_batch_cancel(kf_batch *b)
{
    if (b)
        atomic_store(&b->stop, 1);
}

/* ------------------------------------------------------------------ */
/* Running                                                             */
/* ------------------------------------------------------------------ */

/* Builds CSV row `row` into `slot`. */
static void
build_row(kf_batch *b, size_t row, row_slot *slot)
{
    kf_diags *diags = kf_diags_new();
    slot->diags = diags;
    if (!diags) {
        slot->status = KF_ERR_MEMORY;
        return;
    }
    const kf_csv *csv = b->csv;
    if (b->name_warnings[row]) {
        size_t name_col = 0;
        if (b->opt.name_column)
            name_col = (size_t)kf_csv_column(csv, b->opt.name_column);
        kf_loc at = kf_csv_cell_loc(csv, row, name_col);
        kf_diag_add(diags, KF_SEV_WARNING, kf_csv_name(csv), at.line, at.col,
                    b->name_hints[row], "%s", b->name_warnings[row]);
    }
    subst_ctx s = {.b = b, .row = row, .diags = diags};
    kf_node *tree = subst_tree(&s, b->template_root);
    if (!tree) {
        if (!s.failed)
            kf_diag_add(diags, KF_SEV_ERROR, NULL, 0, 0, NULL,
                        "out of memory");
        slot->status = s.failed ? KF_ERR_INPUT : KF_ERR_MEMORY;
        free(s.marks);
        return;
    }
    /* The editions asked for, else every edition of the template
     * (report.languages), as `keyfig build` does: NAME.fr.pdf,
     * NAME.en.pdf... when the template has several. */
    slot->status = KF_OK;
    size_t nlanguages = b->opt.nlanguages ? b->opt.nlanguages : 1;
    const char *languages[KF_MAX_LANGUAGES] = {NULL};
    memcpy(languages, b->opt.languages, sizeof(languages));
    for (size_t e = 0; e < nlanguages && slot->status == KF_OK; e++) {
        kf_load_options options = {.language = languages[e],
                                   .max_age = b->opt.max_age,
                                   .brand = b->opt.brand};
        size_t first = diags->count;
        kf_report *report =
            kf_report_from_tree(b->template_path, tree, &options, diags);
        kf_layout *layout = NULL;
        kf_status laid = report ? kf_layout_new(report, diags, &layout)
                                : KF_ERR_INPUT;
        annotate(&s, diags, first);
        if (!report || !layout) {
            slot->status = laid;
        } else if (b->opt.strict && diags->warnings) {
            kf_diag_add(diags, KF_SEV_ERROR, NULL, 0, 0,
                        "fix them, or leave out --strict",
                        "%zu warning%s, and --strict makes warnings errors",
                        diags->warnings, diags->warnings > 1 ? "s" : "");
            slot->status = KF_ERR_INPUT; /* nothing is written */
        } else {
            char stem[NAME_MAX_BYTES + 64];
            /* The languages are static strings, kept past the report. */
            if (!b->opt.nlanguages) {
                nlanguages = report->nlanguages;
                memcpy(languages, report->languages, sizeof(languages));
            }
            snprintf(stem, sizeof(stem),
                     report->nlanguages > 1 ? "%s.%s" : "%s", b->names[row],
                     report->language);
            slot->status = kf_build_outputs_until(
                report, layout, b->opt.outdir, stem, b->opt.formats,
                b->opt.dpi, &b->stop, &slot->stopped, diags);
        }
        kf_layout_free(layout);
        kf_report_free(report);
    }
    kf_node_free(tree);
    free(s.marks);
}

static void *
worker(void *arg)
{
    kf_batch *b = arg;
    for (;;) {
        if (atomic_load(&b->stop))
            break;
        size_t k = atomic_fetch_add(&b->next, 1);
        if (k >= b->count)
            break;
        row_slot result = {0};
        build_row(b, b->rows[k], &result);
        pthread_mutex_lock(&b->lock);
        result.done = true;
        b->slots[k] = result;
        b->done++;
        pthread_cond_signal(&b->changed);
        pthread_mutex_unlock(&b->lock);
    }
    pthread_mutex_lock(&b->lock);
    b->running--;
    pthread_cond_signal(&b->changed);
    pthread_mutex_unlock(&b->lock);
    return NULL;
}

static double
now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The more serious of two statuses: output failures outrank invalid
 * rows, as in `keyfig build`. */
static kf_status
worse(kf_status a, kf_status b)
{
    if (a == KF_OK)
        return b;
    if (b == KF_OK || b == KF_ERR_INPUT)
        return a;
    return a == KF_ERR_INPUT ? b : a;
}

kf_status
kf_batch_run(kf_batch *b, int jobs,
             void (*on_row)(void *ctx, const kf_batch_row *row),
             void (*on_progress)(void *ctx, size_t done, size_t total,
                                 double seconds),
             void *ctx, kf_batch_summary *summary)
{
    kf_batch_summary sum = {0};
    kf_status status = KF_OK;
    double start = now();
    if (jobs <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cores > 0 ? (int)cores : 1;
    }
    if (jobs > MAX_JOBS)
        jobs = MAX_JOBS;
    if ((size_t)jobs > b->count)
        jobs = b->count ? (int)b->count : 1;

    b->slots = calloc(b->count ? b->count : 1, sizeof(row_slot));
    pthread_t *threads = calloc((size_t)jobs, sizeof(pthread_t));
    if (!b->slots || !threads) {
        free(b->slots);
        b->slots = NULL;
        free(threads);
        return KF_ERR_MEMORY;
    }
    atomic_store(&b->next, 0);
    b->done = 0;
    b->running = 0;
    pthread_mutex_init(&b->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&b->changed, &attr);
    pthread_condattr_destroy(&attr);

    int started = 0;
    for (int t = 0; t < jobs; t++) {
        pthread_mutex_lock(&b->lock);
        b->running++;
        pthread_mutex_unlock(&b->lock);
        if (pthread_create(&threads[t], NULL, worker, b) != 0) {
            pthread_mutex_lock(&b->lock);
            b->running--;
            pthread_mutex_unlock(&b->lock);
            break;
        }
        started++;
    }
    if (started == 0) { /* no thread could start: build here */
        b->running = 1;
        worker(b);
    }

    /* Report rows in order as they complete; progress meanwhile. */
    size_t reported = 0;
    double last_progress = 0;
    while (reported < b->count) {
        pthread_mutex_lock(&b->lock);
        while (!b->slots[reported].done && b->running > 0) {
            struct timespec until;
            clock_gettime(CLOCK_MONOTONIC, &until);
            until.tv_nsec += 100 * 1000 * 1000;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            if (pthread_cond_timedwait(&b->changed, &b->lock, &until) ==
                ETIMEDOUT)
                break;
        }
        size_t ready = reported;
        while (ready < b->count && b->slots[ready].done)
            ready++;
        bool idle = b->running == 0;
        size_t done = b->done;
        pthread_mutex_unlock(&b->lock);

        /* A slot never done once every thread has ended: never begun. */
        if (ready == reported && idle) {
            for (size_t k = reported; k < b->count; k++)
                if (!b->slots[k].done)
                    b->slots[k].stopped = true;
            ready = b->count;
        }
        for (; reported < ready; reported++) {
            row_slot *slot = &b->slots[reported];
            size_t row = b->rows[reported];
            kf_diags empty = {0};
            kf_batch_row info = {
                .index = row,
                .line = kf_csv_row_line(b->csv, row),
                .name = b->names[row],
                .status = slot->status,
                .stopped = slot->stopped,
                .diags = slot->diags ? slot->diags : &empty,
            };
            if (slot->status != KF_OK) {
                sum.failed++;
                status = worse(status, slot->status);
            } else if (slot->stopped) {
                sum.stopped++;
            } else {
                sum.built++;
            }
            if (on_row)
                on_row(ctx, &info);
            kf_diags_free(slot->diags);
            slot->diags = NULL;
        }
        double t = now();
        if (on_progress && t - last_progress >= 0.1 && reported < b->count) {
            on_progress(ctx, done, b->count, t - start);
            last_progress = t;
        }
    }
    for (int t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    free(threads);
    pthread_cond_destroy(&b->changed);
    pthread_mutex_destroy(&b->lock);
    free(b->slots);
    b->slots = NULL;

    sum.seconds = now() - start;
    if (on_progress)
        on_progress(ctx, sum.built + sum.failed, b->count, sum.seconds);
    if (summary)
        *summary = sum;
    return status;
}
