/*
 * date.c: calendar arithmetic and SOURCE_DATE_EPOCH (date.h).
 */
#include "date.h"

#include <stdlib.h>
#include <string.h>

int
kf_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30,
                               31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/* The number of `n` digits at s, or -1 when one is not a digit. */
static int
digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool
kf_date_parse(const char *s, kf_date *out)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return false;
    kf_date d = {digits(s, 4), 0, 0};
    if (d.year < 1000)
        return false;
    if (n >= 7 && (s[4] != '-' || (d.month = digits(s + 5, 2)) < 1 ||
                   d.month > 12))
        return false;
    if (n == 10 && (s[7] != '-' || (d.day = digits(s + 8, 2)) < 1 ||
                    d.day > kf_days_in_month(d.year, d.month)))
        return false;
    *out = d;
    return true;
}

int64_t
kf_day_number(kf_date d)
{
    int64_t y = (int64_t)d.year - (d.month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 +
                  d.day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

kf_date
kf_date_of_day(int64_t z)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    return (kf_date){(int)(yoe + era * 400 + (m <= 2)), m, d};
}

bool
kf_env_epoch(int64_t *out)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s)
        return false;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        int d = *p - '0';
        if (v > (INT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}
