/*
 * url.c: percent-encoding of web addresses (RFC 3986, 2.1 and 2.2).
 */
#include "url.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool
is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') ||
           (c >= 'a' && c <= 'f');
}

/* Kept as they are: the unreserved characters, the general delimiters and
 * the sub-delimiters but ( ) ' (see url.h). */
static bool
kept(unsigned char c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
        (c >= '0' && c <= '9'))
        return true;
    return c != '\0' && strchr("-._~:/?#[]@!$&*+,;=", c) != NULL;
}

char *
kf_url_encode(const char *url)
{
    const unsigned char *p = (const unsigned char *)url;
    size_t n = strlen(url);
    /* Each byte grows to 3 at most: no overflow below SIZE_MAX / 3. */
    char *out = malloc(3 * n + 1);
    if (!out)
        return NULL;
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        /* p[n] is the NUL, not a hex digit: p[i + 2] is read only
         * when p[i + 1] is one. */
        if (kept(c) || (c == '%' && is_hex(p[i + 1]) && is_hex(p[i + 2]))) {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
    return out;
}
