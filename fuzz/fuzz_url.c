/*
 * fuzz_url.c: libFuzzer target for kf_url_encode, the percent-encoding of
 * every web address before cairo copies it into a PDF string.
 *
 * The input, up to its first NUL, is the address.  Besides sanitizer
 * reports it checks what url.h promises: the result holds only the
 * characters RFC 3986 allows, never ( ) ' \ (which would end or escape
 * cairo's /URI (...) string), every '%' starts a triplet of two hex
 * digits; decoding it gives what decoding the input gives (nothing is
 * lost or changed but its spelling); encoding it again changes nothing.
 */
#include "fuzz_check.h"
#include "url.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* `s` with every %XX triplet replaced by its byte, in a malloc'ed buffer
 * of *len bytes (a decoded byte may be a NUL). */
static char *
decoded(const char *s, size_t *len)
{
    size_t n = strlen(s), o = 0;
    char *out = malloc(n + 1);
    FUZZ_CHECK(out, "no memory");
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && hex_value(s[i + 1]) >= 0 &&
            hex_value(s[i + 2]) >= 0) {
            out[o++] = (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    *len = o;
    return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *url = malloc(size + 1);
    FUZZ_CHECK(url, "no memory");
    memcpy(url, data, size);
    url[size] = '\0';

    char *safe = kf_url_encode(url);
    FUZZ_CHECK(safe, "no result for %zu bytes", strlen(url));
    for (const char *p = safe; *p; p++) {
        unsigned char c = (unsigned char)*p;
        FUZZ_CHECK(c > 0x20 && c < 0x7F, "byte 0x%02X in '%s'", c, safe);
        FUZZ_CHECK(!strchr("()'\\\"<>^`{|} ", c), "'%c' kept in '%s'", c,
                   safe);
        if (c == '%')
            FUZZ_CHECK(hex_value(p[1]) >= 0 && hex_value(p[2]) >= 0,
                       "a lone '%%' in '%s'", safe);
    }
    size_t a_len, b_len;
    char *a = decoded(url, &a_len), *b = decoded(safe, &b_len);
    FUZZ_CHECK(a_len == b_len && memcmp(a, b, a_len) == 0,
               "'%s' does not decode as '%s' does", safe, url);
    char *again = kf_url_encode(safe);
    FUZZ_CHECK(again && strcmp(again, safe) == 0,
               "encoding '%s' again gives '%s'", safe, again ? again : "");
    free(again);
    free(a);
    free(b);
    free(safe);
    free(url);
    return 0;
}
