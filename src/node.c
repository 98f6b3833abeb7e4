/*
 * node.c: the document tree shared by the YAML and JSON readers.
 */
#include "node.h"

#include <stdlib.h>
#include <string.h>

kf_node *
kf_node_new(kf_node_kind kind, int line, int col)
{
    kf_node *node = calloc(1, sizeof(*node));
    if (!node)
        return NULL;
    node->kind = kind;
    node->line = line;
    node->col = col;
    return node;
}

kf_node *
kf_node_new_scalar(const char *text, size_t len, bool quoted, int line,
                   int col)
{
    kf_node *node = kf_node_new(KF_NODE_SCALAR, line, col);
    if (!node)
        return NULL;
    node->text = malloc(len + 1);
    if (!node->text) {
        free(node);
        return NULL;
    }
    if (len)
        memcpy(node->text, text, len);
    node->text[len] = '\0';
    node->len = len;
    node->quoted = quoted;
    return node;
}

/* Recursion is bounded: the readers refuse trees deeper than
 * KF_MAX_DEPTH. */
void
kf_node_free(kf_node *node)
{
    if (!node)
        return;
    for (size_t i = 0; i < node->count; i++) {
        if (node->keys)
            kf_node_free(node->keys[i]);
        kf_node_free(node->items[i]);
    }
    free(node->keys);
    free(node->items);
    free(node->text);
    free(node);
}

/* Makes room for one more child; false when out of memory. */
static bool
grow(kf_node *node)
{
    if (node->count < node->cap)
        return true;
    size_t cap = node->cap ? node->cap * 2 : 4;
    kf_node **items = realloc(node->items, cap * sizeof(*items));
    if (!items)
        return false;
    node->items = items;
    if (node->kind == KF_NODE_MAP) {
        kf_node **keys = realloc(node->keys, cap * sizeof(*keys));
        if (!keys)
            return false;
        node->keys = keys;
    }
    node->cap = cap;
    return true;
}

bool
kf_node_seq_add(kf_node *seq, kf_node *item)
{
    if (!seq || seq->kind != KF_NODE_SEQ || !grow(seq))
        return false;
    seq->items[seq->count++] = item;
    return true;
}

bool
kf_node_map_add(kf_node *map, kf_node *key, kf_node *value)
{
    if (!map || map->kind != KF_NODE_MAP || !grow(map))
        return false;
    map->keys[map->count] = key;
    map->items[map->count] = value;
    map->count++;
    return true;
}

static ptrdiff_t
find(const kf_node *map, const char *key)
{
    if (!map || map->kind != KF_NODE_MAP)
        return -1;
    size_t len = strlen(key);
    for (size_t i = 0; i < map->count; i++) {
        const kf_node *k = map->keys[i];
        if (k->len == len && memcmp(k->text, key, len) == 0)
            return (ptrdiff_t)i;
    }
    return -1;
}

kf_node *
kf_node_get(const kf_node *map, const char *key)
{
    ptrdiff_t i = find(map, key);
    return i < 0 ? NULL : map->items[i];
}

kf_node *
kf_node_get_key(const kf_node *map, const char *key)
{
    ptrdiff_t i = find(map, key);
    return i < 0 ? NULL : map->keys[i];
}

bool
kf_node_is_null(const kf_node *node)
{
    if (!node || node->kind != KF_NODE_SCALAR || node->quoted)
        return false;
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
    for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
        if (strcmp(node->text, nulls[i]) == 0 &&
            node->len == strlen(nulls[i]))
            return true;
    return false;
}

const char *
kf_node_kind_name(const kf_node *node)
{
    switch (node->kind) {
    case KF_NODE_MAP: return "a map";
    case KF_NODE_SEQ: return "a list";
    case KF_NODE_SCALAR: break;
    }
    return "text";
}

size_t
kf_utf8_len(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = p[0];
    size_t n;
    unsigned long cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if ((size_t)(end - p) < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

void
kf_offset_to_line_col(const char *data, size_t size, size_t offset,
                      int *line, int *col)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t i = 0;
    int l = 1, c = 1;
    if (offset > size)
        offset = size;
    if (size >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3;
    for (; i < offset; i++) {
        if (p[i] == '\n' || (p[i] == '\r' && (i + 1 >= size ||
                                              p[i + 1] != '\n'))) {
            l++;
            c = 1;
        } else if ((p[i] & 0xC0) != 0x80) {
            c++; /* count characters, not continuation bytes */
        }
    }
    *line = l;
    *col = c;
}
