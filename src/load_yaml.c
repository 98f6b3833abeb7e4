/*
 * load_yaml.c: reads YAML with libyaml's event API into a kf_node tree.
 *
 * The event API (rather than libyaml's document loader) lets us stop at
 * the first alias, so a "billion laughs" file costs nothing, and enforce
 * a nesting limit while reading: libyaml itself has none.  Anchors alone
 * are accepted and ignored; an alias is an error at its location.
 */
#include "node.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define CORE_TAG "tag:yaml.org,2002:"

typedef struct {
    kf_node *node;
    kf_node *pending_key; /* a map's key waiting for its value */
} frame;

typedef struct {
    const char *name;
    const char *data;
    size_t size;
    kf_diags *diags;
    frame stack[KF_MAX_DEPTH];
    int depth;
    kf_node *root;
    size_t values; /* nodes made, for KF_MAX_VALUES */
    bool failed;
} yaml_reader;

static void
fail_at(yaml_reader *yr, int line, int col, const char *hint, const char *fmt,
        ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void
fail_at(yaml_reader *yr, int line, int col, const char *hint, const char *fmt,
        ...)
{
    if (yr->failed)
        return;
    yr->failed = true;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    kf_diag_add(yr->diags, KF_SEV_ERROR, yr->name, line, col, hint, "%s", msg);
}

/* The byte at a 1-based line and column of the input, or 0 past its
 * end; used to choose a hint for a syntax error. */
static unsigned char
byte_at(const yaml_reader *yr, int line, int col)
{
    const unsigned char *p = (const unsigned char *)yr->data;
    const unsigned char *end = p + yr->size;
    if (yr->size >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    for (int l = 1; l < line && p < end; p++)
        if (*p == '\n')
            l++;
    for (int c = 1; c < col && p < end; c++) {
        p++;
        while (p < end && (*p & 0xC0) == 0x80)
            p++;
    }
    return p < end ? *p : 0;
}

/* libyaml's usual complaints, in words a report writer knows: what
 * went wrong and what to try.  `problem` is a piece of libyaml's text. */
typedef struct {
    const char *problem;
    const char *message;
    const char *hint;
} syntax_text;

static const syntax_text syntax_texts[] = {
    {"mapping values are not allowed", "unexpected ':'",
     "if the text contains ': ', put it in quotes; otherwise check the "
     "indentation of this line"},
    {"expected key", "this line does not line up with the keys above it",
     "keys of the same map start in the same column"},
    {"expected '-' indicator",
     "this line does not line up with the list above it",
     "every item of a list starts with '- ' in the same column"},
    {"expected <document start>", "unexpected text here",
     "check the indentation of this line and of the lines above it"},
    {"could not find expected ':'", "a ':' is missing after a key",
     "a key is followed by ':' and a space; a text that goes on over "
     "several lines may need quotes"},
    {"expected ',' or ']'", "a list in [ ] is not closed properly",
     "a ']' may be missing, or a text containing ',' ':' or ']' needs "
     "quotes"},
    {"expected ',' or '}'", "a map in { } is not closed properly",
     "a '}' may be missing, or a text containing ',' ':' or '}' needs "
     "quotes"},
    {"unknown escape character", "unknown escape in double-quoted text",
     "inside double quotes write a backslash as \\\\, or use single quotes"},
    {"block sequence entries are not allowed",
     "a list item ('- ') is not allowed here",
     "start the list on the line after its key, indented"},
    {"expected node content", "a value is missing here", NULL},
    {"undefined tag handle", "unknown tag", "keyfig reads plain YAML: remove "
                                            "the tag"},
};

/* Fills *message and *hint for libyaml's `problem`, the byte `here` being
 * where it points.  *message stays libyaml's own text when there is no
 * better one. */
static void
explain_syntax(const char *problem, unsigned char here, const char **message,
               const char **hint)
{
    *message = problem;
    *hint = NULL;
    if (here == '\t' || strstr(problem, "tab character")) {
        *message = "a tab is used for indentation";
        *hint = "indent with spaces: YAML does not allow tabs there";
        return;
    }
    if (strstr(problem, "cannot start any token")) {
        *message = "a value cannot start with this character";
        *hint = "put the text in quotes";
        return;
    }
    for (size_t i = 0; i < sizeof(syntax_texts) / sizeof(syntax_texts[0]);
         i++) {
        if (strstr(problem, syntax_texts[i].problem)) {
            *message = syntax_texts[i].message;
            *hint = syntax_texts[i].hint;
            return;
        }
    }
}

static void
report_parser_error(yaml_reader *yr, const yaml_parser_t *parser)
{
    if (parser->error == YAML_MEMORY_ERROR) {
        fail_at(yr, 0, 0, NULL, "out of memory");
        return;
    }
    const char *problem = parser->problem ? parser->problem : "unknown error";
    if (parser->error == YAML_READER_ERROR) {
        int line, col;
        size_t off = parser->problem_offset;
        kf_offset_to_line_col(yr->data, yr->size, off, &line, &col);
        if (strstr(problem, "UTF-8") || strstr(problem, "Unicode")) {
            /* libyaml may point at the bad trailing byte of a sequence;
             * the writer wants the character that starts it, which is
             * the first invalid sequence of the input. */
            const unsigned char *start = (const unsigned char *)yr->data;
            const unsigned char *p = start, *end = start + yr->size;
            while (p < end && (size_t)(p - start) <= off) {
                size_t n = kf_utf8_len(p, end);
                if (n == 0)
                    break;
                p += n;
            }
            if (p < end && (size_t)(p - start) <= off) {
                off = (size_t)(p - start);
                kf_offset_to_line_col(yr->data, yr->size, off, &line, &col);
            }
            unsigned char b = off < yr->size ? (unsigned char)yr->data[off]
                                             : 0;
            fail_at(yr, line, col,
                    "save the file with the UTF-8 encoding (it may have been "
                    "saved as Latin-1 or Windows-1252)",
                    "the file is not valid UTF-8 (byte 0x%02X here)", b);
        } else if (strstr(problem, "control characters")) {
            fail_at(yr, line, col, "remove it",
                    "the file contains a control character (U+%04X), which "
                    "YAML does not allow",
                    (unsigned)parser->problem_value);
        } else {
            fail_at(yr, line, col, NULL, "the file cannot be read: %s",
                    problem);
        }
        return;
    }
    int line = (int)parser->problem_mark.line + 1;
    int col = (int)parser->problem_mark.column + 1;
    if (strstr(problem, "end of stream") && parser->context &&
        strstr(parser->context, "quoted scalar")) {
        /* libyaml points at the end of the file; the writer needs the
         * quote that was opened. */
        fail_at(yr, (int)parser->context_mark.line + 1,
                (int)parser->context_mark.column + 1,
                "add the closing quote",
                "YAML syntax error: this quoted text is not closed before "
                "the end of the file");
        return;
    }
    const char *message, *hint;
    explain_syntax(problem, byte_at(yr, line, col), &message, &hint);
    char where[200];
    bool list = strstr(problem, "expected ',' or ']'") != NULL;
    if (list || strstr(problem, "expected ',' or '}'")) {
        /* libyaml stops where it gave up, often the end of the file; the
         * writer needs the bracket that was opened. */
        snprintf(where, sizeof(where),
                 "check the %s that starts at line %d: a '%c' may be "
                 "missing, or a text in it containing ',' ':' or '%c' needs "
                 "quotes",
                 list ? "[ ] list" : "{ } map",
                 (int)parser->context_mark.line + 1, list ? ']' : '}',
                 list ? ']' : '}');
        hint = where;
    }
    fail_at(yr, line, col, hint, "YAML syntax error: %s", message);
}

/* "!!str" for a core tag, the tag itself otherwise. */
static void
short_tag(const char *tag, char *buf, size_t size)
{
    size_t n = strlen(CORE_TAG);
    if (strncmp(tag, CORE_TAG, n) == 0)
        snprintf(buf, size, "!!%.60s", tag + n);
    else
        snprintf(buf, size, "%.60s", tag);
}

/* Accepts the core tags on the kind of node they name.  For a scalar,
 * *string is set for !!str and the non-specific "!" (a text, as if
 * quoted) and cleared for the other core scalar tags. */
static bool
check_tag(yaml_reader *yr, const yaml_char_t *utag, yaml_mark_t mark,
          kf_node_kind kind, int *string)
{
    if (!utag)
        return true;
    const char *tag = (const char *)utag;
    const char *core = strncmp(tag, CORE_TAG, strlen(CORE_TAG)) == 0
                           ? tag + strlen(CORE_TAG)
                           : NULL;
    if (strcmp(tag, "!") == 0) {
        if (kind == KF_NODE_SCALAR)
            *string = 1;
        return true;
    }
    if (core && kind == KF_NODE_MAP && strcmp(core, "map") == 0)
        return true;
    if (core && kind == KF_NODE_SEQ && strcmp(core, "seq") == 0)
        return true;
    if (core && kind == KF_NODE_SCALAR) {
        if (strcmp(core, "str") == 0) {
            *string = 1;
            return true;
        }
        if (strcmp(core, "int") == 0 || strcmp(core, "float") == 0 ||
            strcmp(core, "bool") == 0 || strcmp(core, "null") == 0) {
            *string = 0;
            return true;
        }
    }
    char shown[80];
    short_tag(tag, shown, sizeof(shown));
    fail_at(yr, (int)mark.line + 1, (int)mark.column + 1,
            "remove the tag: keyfig reads plain YAML",
            "unsupported YAML tag '%s'", shown);
    return false;
}

/* Hands `node` to the collection being read (or makes it the root).
 * Takes ownership in every case. */
static bool
attach(yaml_reader *yr, kf_node *node)
{
    if (yr->depth == 0) {
        yr->root = node;
        return true;
    }
    frame *top = &yr->stack[yr->depth - 1];
    if (top->node->kind == KF_NODE_SEQ) {
        if (kf_node_seq_add(top->node, node))
            return true;
    } else if (!top->pending_key) {
        if (node->kind != KF_NODE_SCALAR) {
            fail_at(yr, node->line, node->col,
                    "a key is a name followed by ':'",
                    "a key must be text, not %s", kf_node_kind_name(node));
            kf_node_free(node);
            return false;
        }
        top->pending_key = node;
        return true;
    } else {
        if (kf_node_map_add(top->node, top->pending_key, node)) {
            top->pending_key = NULL;
            return true;
        }
    }
    kf_node_free(node);
    fail_at(yr, 0, 0, NULL, "out of memory");
    return false;
}

/* Handles one event; false when reading must stop. */
static bool
on_event(yaml_reader *yr, const yaml_event_t *ev, int *documents)
{
    yaml_mark_t mark = ev->start_mark;
    int line = (int)mark.line + 1, col = (int)mark.column + 1;
    if ((ev->type == YAML_SCALAR_EVENT ||
         ev->type == YAML_SEQUENCE_START_EVENT ||
         ev->type == YAML_MAPPING_START_EVENT) &&
        ++yr->values > KF_MAX_VALUES) {
        fail_at(yr, line, col, KF_TOO_MANY_VALUES_HINT, "%s",
                KF_TOO_MANY_VALUES_MSG);
        return false;
    }
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++*documents > 1) {
            fail_at(yr, line, col,
                    "a report is one YAML document: remove this '---' line "
                    "and everything after it, or merge the documents",
                    "the file holds more than one YAML document");
            return false;
        }
        return true;
    case YAML_ALIAS_EVENT:
        fail_at(yr, line, col, "write the value out in full here",
                "YAML aliases are not supported ('*%.60s')",
                (const char *)ev->data.alias.anchor);
        return false;
    case YAML_SCALAR_EVENT: {
        int string = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
        if (!check_tag(yr, ev->data.scalar.tag, mark, KF_NODE_SCALAR,
                       &string))
            return false;
        if (ev->data.scalar.length > KF_MAX_TEXT) {
            fail_at(yr, line, col, NULL,
                    "this text is too long (%zu bytes; the limit is %u, "
                    "64 KiB)",
                    ev->data.scalar.length, KF_MAX_TEXT);
            return false;
        }
        kf_node *node = kf_node_new_scalar(
            (const char *)ev->data.scalar.value, ev->data.scalar.length,
            string != 0, line, col);
        if (!node) {
            fail_at(yr, 0, 0, NULL, "out of memory");
            return false;
        }
        return attach(yr, node);
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        bool is_map = ev->type == YAML_MAPPING_START_EVENT;
        kf_node_kind kind = is_map ? KF_NODE_MAP : KF_NODE_SEQ;
        int unused = 0;
        const yaml_char_t *tag = is_map ? ev->data.mapping_start.tag
                                        : ev->data.sequence_start.tag;
        if (!check_tag(yr, tag, mark, kind, &unused))
            return false;
        if (yr->depth >= KF_MAX_DEPTH) {
            fail_at(yr, line, col, NULL,
                    "the data is nested too deeply (more than %d levels)",
                    KF_MAX_DEPTH);
            return false;
        }
        kf_node *node = kf_node_new(kind, line, col);
        if (!node) {
            fail_at(yr, 0, 0, NULL, "out of memory");
            return false;
        }
        if (!attach(yr, node))
            return false;
        yr->stack[yr->depth].node = node;
        yr->stack[yr->depth].pending_key = NULL;
        yr->depth++;
        return true;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (yr->depth > 0)
            yr->depth--;
        return true;
    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_END_EVENT:
        return true;
    }
    return true;
}

kf_node *
kf_parse_yaml(const char *name, const char *data, size_t size,
              kf_diags *diags)
{
    yaml_reader yr = {
        .name = name, .data = data, .size = size, .diags = diags};
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fail_at(&yr, 0, 0, NULL, "out of memory");
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, size);
    int documents = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            report_parser_error(&yr, &parser);
            break;
        }
        bool go_on = on_event(&yr, &ev, &documents);
        bool end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (!go_on || end)
            break;
    }
    yaml_parser_delete(&parser);
    if (!yr.failed && !yr.root)
        fail_at(&yr, 0, 0, "a report starts with the line 'format: 1'",
                "the file is empty");
    if (yr.failed) {
        for (int i = 0; i < yr.depth; i++)
            kf_node_free(yr.stack[i].pending_key);
        kf_node_free(yr.root);
        return NULL;
    }
    return yr.root;
}
