/*
 * check.h: the counters and assertions every unit test shares.  Each
 * test program includes it once; a failure prints "FAIL: " and what was
 * expected, and main returns check_summary().
 */
#ifndef KF_TEST_CHECK_H
#define KF_TEST_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static int passed, failed;

#if defined(__GNUC__)
#define KF_TEST_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define KF_TEST_PRINTF(f, a)
#endif

static inline void vfail(const char *fmt, va_list ap) KF_TEST_PRINTF(1, 0);
static inline void
vfail(const char *fmt, va_list ap)
{
    printf("FAIL: ");
    vprintf(fmt, ap);
    printf("\n");
    failed++;
}

/* Counts a failure, described printf-style. */
static inline void fail(const char *fmt, ...) KF_TEST_PRINTF(1, 2);
static inline void
fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(fmt, ap);
    va_end(ap);
}

/* Counts a pass when `ok`, else a failure described printf-style. */
static inline void check(bool ok, const char *fmt, ...) KF_TEST_PRINTF(2, 3);
static inline void
check(bool ok, const char *fmt, ...)
{
    if (ok) {
        passed++;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vfail(fmt, ap);
    va_end(ap);
}

/* Prints the tally; the exit status of the test program. */
static inline int
check_summary(void)
{
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

#endif /* KF_TEST_CHECK_H */
