/*
 * url.h: a web address made safe for the outputs that carry it as a link.
 * Internal to libkeyfig.
 */
#ifndef KF_URL_H
#define KF_URL_H

/* A malloc'ed copy of `url` with every byte that RFC 3986 does not allow
 * in a URI percent-encoded (%XX, upper-case hex): spaces, controls, bytes
 * of non-ASCII characters, " < > \ ^ ` { | }, and a '%' not followed by two
 * hex digits.  ( ) and ' are encoded too, although RFC 3986 allows them:
 * cairo 1.16 writes a link's address into a PDF string, /URI (...), without
 * escaping, so an unbalanced parenthesis would end the string and let the
 * rest of the address be read as PDF (an action of its own choosing).  An
 * address encoded already comes back unchanged (the function is
 * idempotent).  NULL when memory runs out. */
char *kf_url_encode(const char *url);

#endif /* KF_URL_H */
