/*
 * load_json.c: a strict RFC 8259 JSON reader that builds a kf_node tree.
 *
 * Our own rather than a library because we want every node's line and
 * column, clear messages for the usual slips (a trailing comma, a
 * comment, single quotes) and hard limits: depth KF_MAX_DEPTH (the
 * recursion below is bounded by it), strings of at most KF_MAX_TEXT
 * bytes.  Duplicate keys are kept in the tree; load.c reports them.
 */
#include "node.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name;
    kf_diags *diags;
    const unsigned char *start;
    const unsigned char *p;
    const unsigned char *end;
    int line; /* of *p */
    int col;
    int depth;
    size_t values; /* keys and values read, for KF_MAX_VALUES */
    bool failed; /* an error was added: unwind */
    char *buf;   /* scratch for decoding strings */
    size_t blen;
    size_t bcap;
} json_reader;

/* Adds the reader's one error (later ones are dropped: the first is the
 * one that explains the others). */
static void
fail_at(json_reader *jr, int line, int col, const char *hint, const char *fmt,
        ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void
fail_at(json_reader *jr, int line, int col, const char *hint, const char *fmt,
        ...)
{
    if (jr->failed)
        return;
    jr->failed = true;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    kf_diag_add(jr->diags, KF_SEV_ERROR, jr->name, line, col, hint, "%s", msg);
}

/* Moves past one byte, keeping line and column (in characters). */
static void
advance(json_reader *jr)
{
    if (jr->p >= jr->end)
        return;
    unsigned char c = *jr->p++;
    if (c == '\n') {
        jr->line++;
        jr->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        jr->col++;
    }
}

static void
skip_ws(json_reader *jr)
{
    while (jr->p < jr->end && (*jr->p == ' ' || *jr->p == '\t' ||
                               *jr->p == '\n' || *jr->p == '\r'))
        advance(jr);
}

/* Checks the whole input is UTF-8 first, so an encoding problem is
 * reported as such (with its place) rather than as a puzzling syntax
 * error. */
static bool
check_utf8(json_reader *jr)
{
    const unsigned char *p = jr->start;
    while (p < jr->end) {
        size_t n = kf_utf8_len(p, jr->end);
        if (n == 0) {
            int line, col;
            kf_offset_to_line_col((const char *)jr->start,
                                  (size_t)(jr->end - jr->start),
                                  (size_t)(p - jr->start), &line, &col);
            fail_at(jr, line, col,
                    "save the file with the UTF-8 encoding (it may have been "
                    "saved as Latin-1 or Windows-1252)",
                    "the file is not valid UTF-8 (byte 0x%02X here)", *p);
            return false;
        }
        p += n;
    }
    return true;
}

static bool
buf_put(json_reader *jr, const void *bytes, size_t n)
{
    if (jr->blen + n + 1 > jr->bcap) {
        size_t cap = jr->bcap ? jr->bcap : 64;
        while (cap < jr->blen + n + 1)
            cap *= 2;
        char *buf = realloc(jr->buf, cap);
        if (!buf)
            return false;
        jr->buf = buf;
        jr->bcap = cap;
    }
    memcpy(jr->buf + jr->blen, bytes, n);
    jr->blen += n;
    return true;
}

static bool
buf_put_cp(json_reader *jr, unsigned long cp)
{
    unsigned char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | (cp >> 18));
        b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return buf_put(jr, b, n);
}

static void
out_of_memory(json_reader *jr)
{
    fail_at(jr, jr->line, jr->col, NULL, "out of memory");
}

/* Reads the 4 hex digits after "\u"; -1 when they are not there. */
static long
hex4(json_reader *jr)
{
    long v = 0;
    for (int i = 0; i < 4; i++) {
        if (jr->p >= jr->end)
            return -1;
        unsigned char c = *jr->p;
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v * 16 + d;
        advance(jr);
    }
    return v;
}

static void
lone_surrogate(json_reader *jr, int line, int col, long cp)
{
    fail_at(jr, line, col,
            "a character above U+FFFF is written as a pair of escapes, as "
            "in \\uD83D\\uDE00; or write the character itself",
            "lone surrogate \\u%04lX in a \\u escape", (unsigned long)cp);
}

/* Decodes the string starting at the opening quote into jr->buf.  False
 * after an error. */
static bool
read_string(json_reader *jr)
{
    int line = jr->line, col = jr->col;
    advance(jr); /* the opening quote */
    jr->blen = 0;
    for (;;) {
        if (jr->p >= jr->end) {
            fail_at(jr, line, col, "add the closing '\"'",
                    "this string is not closed before the end of the file");
            return false;
        }
        unsigned char c = *jr->p;
        if (c == '"') {
            advance(jr);
            break;
        }
        if (c < 0x20) {
            fail_at(jr, jr->line, jr->col,
                    c == '\n' ? "a JSON string cannot run over several "
                                "lines: close it, or write a line break as "
                                "\\n"
                              : "write a tab as \\t",
                    c == '\n' ? "line break inside a string"
                              : "control character (U+%04X) inside a string",
                    c);
            return false;
        }
        if (c != '\\') {
            size_t n = kf_utf8_len(jr->p, jr->end); /* checked: n >= 1 */
            if (!buf_put(jr, jr->p, n)) {
                out_of_memory(jr);
                return false;
            }
            for (size_t i = 0; i < n; i++)
                advance(jr);
        } else {
            int eline = jr->line, ecol = jr->col;
            advance(jr);
            if (jr->p >= jr->end)
                continue; /* reported as an unclosed string */
            unsigned char e = *jr->p;
            advance(jr);
            char ch = 0;
            switch (e) {
            case '"': ch = '"'; break;
            case '\\': ch = '\\'; break;
            case '/': ch = '/'; break;
            case 'b': ch = '\b'; break;
            case 'f': ch = '\f'; break;
            case 'n': ch = '\n'; break;
            case 'r': ch = '\r'; break;
            case 't': ch = '\t'; break;
            case 'u': break;
            default:
                if (e >= 0x20 && e < 0x7F)
                    fail_at(jr, eline, ecol,
                            "the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r "
                            "\\t and \\uXXXX; write a backslash as \\\\",
                            "invalid escape '\\%c' in a string", e);
                else
                    fail_at(jr, eline, ecol, "write a backslash as \\\\",
                            "invalid escape in a string");
                return false;
            }
            if (e != 'u') {
                if (!buf_put(jr, &ch, 1)) {
                    out_of_memory(jr);
                    return false;
                }
                continue;
            }
            long cp = hex4(jr);
            if (cp < 0) {
                fail_at(jr, eline, ecol, "write \\u and four hex digits",
                        "invalid \\u escape in a string");
                return false;
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                /* A high surrogate must be followed by a low one. */
                long lo = -1;
                if (jr->end - jr->p >= 2 && jr->p[0] == '\\' &&
                    jr->p[1] == 'u') {
                    advance(jr);
                    advance(jr);
                    lo = hex4(jr);
                }
                if (lo < 0xDC00 || lo > 0xDFFF) {
                    lone_surrogate(jr, eline, ecol, cp);
                    return false;
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    lone_surrogate(jr, eline, ecol, cp);
                return false;
            } else if (cp == 0) {
                fail_at(jr, eline, ecol, NULL,
                        "\\u0000 (the NUL character) is not allowed in a "
                        "text");
                return false;
            }
            if (!buf_put_cp(jr, (unsigned long)cp)) {
                out_of_memory(jr);
                return false;
            }
        }
        if (jr->blen > KF_MAX_TEXT) {
            fail_at(jr, line, col, NULL,
                    "this text is too long (the limit is %u KiB)",
                    KF_MAX_TEXT / 1024);
            return false;
        }
    }
    return true;
}

static bool
is_word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '+' ||
           c == '-';
}

static bool
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Reports the word (letters, digits, sign, dot) at p as an invalid
 * value, with a hint for the usual ones. */
static void
bad_word(json_reader *jr)
{
    const unsigned char *q = jr->p;
    while (q < jr->end && q - jr->p < 40 && is_word_char(*q))
        q++;
    int n = (int)(q - jr->p);
    char word[48];
    snprintf(word, sizeof(word), "%.*s", n, (const char *)jr->p);
    const char *hint =
        "a value is a number, a string in double quotes, true, false, "
        "null, an object {...} or a list [...]";
    bool numberish = n > 0 && (is_digit(word[0]) || word[0] == '-' ||
                               word[0] == '+' || word[0] == '.');
    if (strstr(word, "NaN") || strstr(word, "nan") ||
        strstr(word, "Infinity") || strstr(word, "inf"))
        hint = "JSON has no NaN or Infinity: write a finite number";
    else if (numberish && (strchr(word, 'x') || strchr(word, 'X')))
        hint = "write the number in decimal";
    else if (numberish)
        hint = "a JSON number is written like 42, -3, 0.5 or 1.5e6 (no "
               "'+', no leading zeros, digits on both sides of the dot)";
    else if (strcmp(word, "True") == 0 || strcmp(word, "False") == 0 ||
             strcmp(word, "TRUE") == 0 || strcmp(word, "FALSE") == 0)
        hint = "write true or false in lower case";
    else if (strcmp(word, "None") == 0 || strcmp(word, "NULL") == 0 ||
             strcmp(word, "Null") == 0 || strcmp(word, "undefined") == 0)
        hint = "write null in lower case";
    else if (n > 0)
        hint = "put the text in double quotes";
    if (numberish)
        fail_at(jr, jr->line, jr->col, hint, "invalid number '%s'", word);
    else if (n > 0)
        fail_at(jr, jr->line, jr->col, hint, "invalid value '%s'", word);
}

static kf_node *read_value(json_reader *jr);

/* Counts one more key or value; false, with the error, past
 * KF_MAX_VALUES. */
static bool
count_value(json_reader *jr)
{
    if (++jr->values <= KF_MAX_VALUES)
        return true;
    fail_at(jr, jr->line, jr->col, KF_TOO_MANY_VALUES_HINT, "%s",
            KF_TOO_MANY_VALUES_MSG);
    return false;
}

/* A scalar node from the bytes of a number or literal at [from, p). */
static kf_node *
plain_scalar(json_reader *jr, const unsigned char *from, int line, int col)
{
    kf_node *node = kf_node_new_scalar((const char *)from,
                                       (size_t)(jr->p - from), false, line,
                                       col);
    if (!node)
        out_of_memory(jr);
    return node;
}

static kf_node *
read_number(json_reader *jr)
{
    const unsigned char *from = jr->p, *s = jr->p;
    const unsigned char *e = jr->end;
    int line = jr->line, col = jr->col;
    /* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    if (s < e && *s == '-')
        s++;
    bool ok = s < e && is_digit(*s);
    if (ok) {
        if (*s == '0')
            s++;
        else
            while (s < e && is_digit(*s))
                s++;
        if (s < e && *s == '.') {
            s++;
            ok = s < e && is_digit(*s);
            while (s < e && is_digit(*s))
                s++;
        }
        if (ok && s < e && (*s == 'e' || *s == 'E')) {
            s++;
            if (s < e && (*s == '+' || *s == '-'))
                s++;
            ok = s < e && is_digit(*s);
            while (s < e && is_digit(*s))
                s++;
        }
    }
    /* The number must end where a value may end. */
    if (!ok || (s < e && is_word_char(*s))) {
        bad_word(jr);
        return NULL;
    }
    if ((size_t)(s - from) > KF_MAX_TEXT) {
        fail_at(jr, line, col, NULL, "this number is too long");
        return NULL;
    }
    while (jr->p < s)
        advance(jr);
    return plain_scalar(jr, from, line, col);
}

/* Describes the byte at p for an "expected ..." message. */
static void
describe_here(json_reader *jr, char *buf, size_t size)
{
    if (jr->p >= jr->end)
        snprintf(buf, size, "the end of the file");
    else if (*jr->p >= 0x21 && *jr->p < 0x7F)
        snprintf(buf, size, "'%c'", *jr->p);
    else if (*jr->p < 0x80)
        snprintf(buf, size, "U+%04X", *jr->p);
    else
        snprintf(buf, size, "'%.*s'", (int)kf_utf8_len(jr->p, jr->end),
                 (const char *)jr->p);
}

/* After a syntax problem at p: the message for the usual slips. */
static void
unexpected(json_reader *jr, const char *expected)
{
    char here[32];
    if (jr->p < jr->end && *jr->p == '/') {
        fail_at(jr, jr->line, jr->col,
                "remove the comment; keep notes in a YAML report instead",
                "JSON does not allow comments");
        return;
    }
    if (jr->p < jr->end && *jr->p == '\'') {
        fail_at(jr, jr->line, jr->col,
                "use double quotes: \"text\"",
                "JSON strings use double quotes, not single quotes");
        return;
    }
    describe_here(jr, here, sizeof(here));
    const char *hint = NULL;
    if (jr->p >= jr->end)
        hint = "the file may have been cut short, or a '}' or ']' is "
               "missing";
    else if (strstr(expected, "','") &&
             (*jr->p == '"' || *jr->p == '{' || *jr->p == '[' ||
              *jr->p == '-' || is_digit(*jr->p)))
        hint = "a comma is missing after the previous value";
    fail_at(jr, jr->line, jr->col, hint,
            "JSON syntax error: expected %s but found %s", expected, here);
}

static kf_node *
read_object(json_reader *jr)
{
    kf_node *map = kf_node_new(KF_NODE_MAP, jr->line, jr->col);
    if (!map) {
        out_of_memory(jr);
        return NULL;
    }
    advance(jr); /* { */
    skip_ws(jr);
    if (jr->p < jr->end && *jr->p == '}') {
        advance(jr);
        return map;
    }
    for (;;) {
        skip_ws(jr);
        if (jr->p >= jr->end || *jr->p != '"') {
            if (jr->p < jr->end && is_word_char(*jr->p) &&
                *jr->p != '-' && !is_digit(*jr->p))
                fail_at(jr, jr->line, jr->col,
                        "write the key in double quotes: \"key\": value",
                        "a key must be in double quotes");
            else
                unexpected(jr, "a key in double quotes");
            break;
        }
        int kline = jr->line, kcol = jr->col;
        if (!count_value(jr) || !read_string(jr))
            break;
        kf_node *key =
            kf_node_new_scalar(jr->buf ? jr->buf : "", jr->blen, true,
                               kline, kcol);
        if (!key) {
            out_of_memory(jr);
            break;
        }
        skip_ws(jr);
        if (jr->p >= jr->end || *jr->p != ':') {
            kf_node_free(key);
            unexpected(jr, "':' after the key");
            break;
        }
        advance(jr);
        kf_node *value = read_value(jr);
        if (!value) {
            kf_node_free(key);
            break;
        }
        if (!kf_node_map_add(map, key, value)) {
            kf_node_free(key);
            kf_node_free(value);
            out_of_memory(jr);
            break;
        }
        skip_ws(jr);
        if (jr->p < jr->end && *jr->p == '}') {
            advance(jr);
            return map;
        }
        if (jr->p >= jr->end || *jr->p != ',') {
            unexpected(jr, "',' or '}' after a value");
            break;
        }
        int cline = jr->line, ccol = jr->col;
        advance(jr);
        skip_ws(jr);
        if (jr->p < jr->end && *jr->p == '}') {
            fail_at(jr, cline, ccol,
                    "remove the comma: JSON does not allow one after the "
                    "last item",
                    "trailing comma before '}'");
            break;
        }
    }
    kf_node_free(map);
    return NULL;
}

static kf_node *
read_array(json_reader *jr)
{
    kf_node *seq = kf_node_new(KF_NODE_SEQ, jr->line, jr->col);
    if (!seq) {
        out_of_memory(jr);
        return NULL;
    }
    advance(jr); /* [ */
    skip_ws(jr);
    if (jr->p < jr->end && *jr->p == ']') {
        advance(jr);
        return seq;
    }
    for (;;) {
        kf_node *item = read_value(jr);
        if (!item)
            break;
        if (!kf_node_seq_add(seq, item)) {
            kf_node_free(item);
            out_of_memory(jr);
            break;
        }
        skip_ws(jr);
        if (jr->p < jr->end && *jr->p == ']') {
            advance(jr);
            return seq;
        }
        if (jr->p >= jr->end || *jr->p != ',') {
            unexpected(jr, "',' or ']' after a value");
            break;
        }
        int cline = jr->line, ccol = jr->col;
        advance(jr);
        skip_ws(jr);
        if (jr->p < jr->end && *jr->p == ']') {
            fail_at(jr, cline, ccol,
                    "remove the comma: JSON does not allow one after the "
                    "last item",
                    "trailing comma before ']'");
            break;
        }
    }
    kf_node_free(seq);
    return NULL;
}

static bool
literal_here(json_reader *jr, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(jr->end - jr->p) < n || memcmp(jr->p, word, n) != 0)
        return false;
    return jr->p + n == jr->end || !is_word_char(jr->p[n]);
}

static kf_node *
read_value(json_reader *jr)
{
    skip_ws(jr);
    if (jr->p >= jr->end) {
        unexpected(jr, "a value");
        return NULL;
    }
    if (!count_value(jr))
        return NULL;
    unsigned char c = *jr->p;
    if (c == '{' || c == '[') {
        if (jr->depth >= KF_MAX_DEPTH) {
            fail_at(jr, jr->line, jr->col, NULL,
                    "the data is nested too deeply (more than %d levels)",
                    KF_MAX_DEPTH);
            return NULL;
        }
        jr->depth++;
        kf_node *node = c == '{' ? read_object(jr) : read_array(jr);
        jr->depth--;
        return node;
    }
    if (c == '"') {
        int line = jr->line, col = jr->col;
        if (!read_string(jr))
            return NULL;
        kf_node *node = kf_node_new_scalar(jr->buf ? jr->buf : "", jr->blen,
                                           true, line, col);
        if (!node)
            out_of_memory(jr);
        return node;
    }
    if (c == '-' || is_digit(c))
        return read_number(jr);
    static const char *const literals[] = {"true", "false", "null"};
    for (size_t i = 0; i < 3; i++) {
        if (literal_here(jr, literals[i])) {
            const unsigned char *from = jr->p;
            int line = jr->line, col = jr->col;
            for (size_t k = strlen(literals[i]); k > 0; k--)
                advance(jr);
            return plain_scalar(jr, from, line, col);
        }
    }
    if (is_word_char(c))
        bad_word(jr);
    else
        unexpected(jr, "a value");
    return NULL;
}

kf_node *
kf_parse_json(const char *name, const char *data, size_t size,
              kf_diags *diags)
{
    json_reader jr = {
        .name = name,
        .diags = diags,
        .start = (const unsigned char *)data,
        .p = (const unsigned char *)data,
        .end = (const unsigned char *)data + size,
        .line = 1,
        .col = 1,
    };
    if (!check_utf8(&jr))
        return NULL;
    /* RFC 8259 lets a reader skip a byte-order mark; editors add one. */
    if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        jr.p += 3;
    skip_ws(&jr);
    if (jr.p >= jr.end) {
        fail_at(&jr, 0, 0, "a JSON report starts with {\"format\": 1, ...",
                "the file is empty");
        return NULL;
    }
    kf_node *root = read_value(&jr);
    if (root) {
        skip_ws(&jr);
        if (jr.p < jr.end) {
            fail_at(&jr, jr.line, jr.col,
                    "a JSON file holds one value: remove what follows, or "
                    "check that every '{' and '[' is closed where it should "
                    "be",
                    "unexpected text after the end of the JSON data");
            kf_node_free(root);
            root = NULL;
        }
    }
    free(jr.buf);
    return root;
}
