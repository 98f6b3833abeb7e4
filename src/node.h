/*
 * node.h: the document tree the two readers (load_yaml.c, load_json.c)
 * build and the loader (load.c) turns into a kf_report.
 *
 * A tree is maps, sequences and scalars, each with the line and column
 * (from 1, columns in characters) where it starts, so every diagnostic
 * can point at the node it is about.  Scalars keep their text exactly as
 * written and whether it was quoted: the loader needs both to tell
 * `value: 21` (a number) from `value: "21"` (a text).  Internal to
 * libkeyfig; not part of the public API.
 */
#ifndef KF_NODE_H
#define KF_NODE_H

#include "keyfig.h"

#include <stdbool.h>
#include <stddef.h>

/* The limits every reader enforces (see docs/format.md). */
#define KF_MAX_FILE_SIZE (16u * 1024u * 1024u) /* bytes */
#define KF_MAX_DEPTH 64                         /* nested maps and lists */
#define KF_MAX_TEXT (64u * 1024u)               /* bytes in one scalar */
#define KF_MAX_CELL_TEXT 32767u /* UTF-16 units in a one-line text (Excel) */
/* Keys and values (maps, lists, texts, numbers) in one file: a tree
 * costs about 140 bytes a node, and 16 MiB of "1," would be 1.1 GiB.  The
 * largest report within the other limits holds about 600 000. */
#define KF_MAX_VALUES 1000000u
/* What both readers say when a file holds more (at the first one past
 * the limit). */
#define KF_TOO_MANY_VALUES_MSG \
    "the file holds more than 1 000 000 keys and values"
#define KF_TOO_MANY_VALUES_HINT \
    "a report holds at most 10 000 metrics and 10 000 points in all; " \
    "split it into several reports"

typedef enum { KF_NODE_SCALAR, KF_NODE_MAP, KF_NODE_SEQ } kf_node_kind;

typedef struct kf_node kf_node;
struct kf_node {
    kf_node_kind kind;
    int line;
    int col;
    /* NULL: the node is in the file being loaded.  Else the file it was
     * read from (lent): the loader builds the rows of a CSV file of
     * metrics as nodes, and messages about them must name the CSV. */
    const char *file;

    /* KF_NODE_SCALAR: `len` bytes of UTF-8 (which may hold a NUL from an
     * escape, hence the length) followed by a terminating NUL.  `quoted`
     * is true for a YAML quoted or block scalar, a `!!str`-tagged one, and
     * a JSON string; false for YAML plain scalars and JSON numbers, true,
     * false and null. */
    char *text;
    size_t len;
    bool quoted;
    /* A scalar that was one batch placeholder and nothing else, its field
     * written as a number: unquoted so that it reads as a number where
     * one is wanted, and still accepted as a text where a text is (even
     * in a JSON template, where a text must otherwise be quoted). */
    bool field;

    /* KF_NODE_MAP: keys[i] (always scalars) maps to items[i], in document
     * order, duplicates kept (the loader reports them).
     * KF_NODE_SEQ: items[i]; keys is NULL. */
    kf_node **keys;
    kf_node **items;
    size_t count;
    size_t cap;
};

/* A new empty map or sequence; NULL when out of memory. */
kf_node *kf_node_new(kf_node_kind kind, int line, int col);
/* A new scalar holding a copy of `len` bytes of `text`; NULL when out of
 * memory. */
kf_node *kf_node_new_scalar(const char *text, size_t len, bool quoted,
                            int line, int col);
/* Frees `node` and everything below it; NULL is a no-op. */
void kf_node_free(kf_node *node);

/* Append to a sequence, or a key/value pair to a map.  On success the
 * parent owns the added nodes; on failure (out of memory) returns false
 * and the caller still owns them. */
bool kf_node_seq_add(kf_node *seq, kf_node *item);
bool kf_node_map_add(kf_node *map, kf_node *key, kf_node *value);

/* The value of the first `key` in `map` (lent), or NULL when `map` is not
 * a map or has no such key. */
kf_node *kf_node_get(const kf_node *map, const char *key);
/* The key node of the first `key` in `map`, or NULL. */
kf_node *kf_node_get_key(const kf_node *map, const char *key);

/* True for an unquoted scalar that YAML's core schema reads as null: the
 * empty scalar (`key:` with nothing after it), `~`, `null`, `Null`,
 * `NULL`; JSON's null arrives as the plain scalar "null". */
bool kf_node_is_null(const kf_node *node);

/* "a map", "a list" or "text", for messages. */
const char *kf_node_kind_name(const kf_node *node);

/* The readers.  Each parses `size` bytes of `data` into a tree and returns
 * its root (to be freed with kf_node_free), or adds one error (located in
 * `name`) and returns NULL: a syntax error, invalid UTF-8, nesting deeper
 * than KF_MAX_DEPTH, a scalar longer than KF_MAX_TEXT, and in YAML an
 * alias, an unsupported tag or a second document.  An empty document
 * gives an error too.  Neither checks duplicate keys; load.c does. */
kf_node *kf_parse_yaml(const char *name, const char *data, size_t size,
                       kf_diags *diags);
kf_node *kf_parse_json(const char *name, const char *data, size_t size,
                       kf_diags *diags);

/* Length of the valid UTF-8 sequence at p (1 to 4 bytes, p < end), or 0
 * when there is none: overlong forms, surrogates and code points above
 * U+10FFFF are refused. */
size_t kf_utf8_len(const unsigned char *p, const unsigned char *end);

/* Line and column (from 1, in characters) of byte `offset` of `data`,
 * for readers that only know an offset.  A UTF-8 byte-order mark at the
 * start is not counted. */
void kf_offset_to_line_col(const char *data, size_t size, size_t offset,
                           int *line, int *col);

/* Turns a parsed tree into a validated report, as kf_report_load_buffer
 * does after parsing (defined in load.c).  `name` is the file name used in
 * diagnostics, and tells JSON from YAML by its extension; the tree stays
 * the caller's.  Returns NULL when any error was added. */
kf_report *kf_report_from_tree(const char *name, const kf_node *root,
                               const kf_load_options *options,
                               kf_diags *diags);

#endif /* KF_NODE_H */
