/*
 * check.c: provenance and freshness of the figures (issue: every figure
 * traceable and fresh).
 */
#include "keyfig.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

bool
kf_age_parse(const char *text, kf_age *out)
{
    if (!text || text[0] < '0' || text[0] > '9')
        return false;
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (errno || n <= 0 || n > 100000 || end[0] == '\0' || end[1] != '\0')
        return false;
    kf_age age = {0, 0};
    switch (end[0]) {
    case 'd': age.days = (int)n; break;
    case 'm': age.months = (int)n; break;
    case 'y': age.months = (int)n * 12; break;
    default: return false;
    }
    *out = age;
    return true;
}
