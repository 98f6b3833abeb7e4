/*
 * date.h: the proleptic Gregorian calendar keyfig computes with, and
 * SOURCE_DATE_EPOCH.  Nothing here reads TZ or the C library's idea of
 * time zones, so every result is the same on every machine.  Internal to
 * libkeyfig.
 */
#ifndef KF_DATE_H
#define KF_DATE_H

#include "keyfig.h"

#include <stdbool.h>
#include <stdint.h>

/* Days in `month` (1 to 12) of `year`. */
int kf_days_in_month(int year, int month);
/* Days from 1970-01-01 to the full date `d` (Howard Hinnant's
 * days_from_civil). */
int64_t kf_day_number(kf_date d);
/* The date `day` days after 1970-01-01 (civil_from_days). */
kf_date kf_date_of_day(int64_t day);
/* Reads `s` when it is exactly a date of the report format, "2024",
 * "2024-03" or "2024-03-31" (a real calendar day, the year from 1000),
 * into *out (month or day 0 when not given); false for anything else
 * ("2024 ", "24", "mars 2024"), leaving *out unset. */
bool kf_date_parse(const char *s, kf_date *out);
/* SOURCE_DATE_EPOCH, when it is a plain non-negative decimal integer that
 * fits; anything else is ignored, as reproducible-builds.org suggests for
 * values that cannot be parsed. */
bool kf_env_epoch(int64_t *out);

#endif /* KF_DATE_H */
