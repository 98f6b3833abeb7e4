/*
 * fuzz_format.c: libFuzzer target for number and date formatting
 * (kf_format_number, kf_format_digits, kf_format_date, kf_locale_parse).
 *
 * The input is read as a record, so every byte string is a valid case:
 *
 *   [0]      locale (mod 3)
 *   [1]      flags: 1 compact, 2 no unit (NULL), 4 value from an integer
 *   [2]      decimals, as a signed byte (negative: "as needed")
 *   [3..10]  the value: a raw IEEE double (NaN, infinities and subnormals
 *            included), or with flag 4 an int32 and a power of ten
 *   [11..22] a date: year, month, day as raw int32 (any value)
 *   [23]     the size of the date buffer (1..64)
 *   [24..]   the unit, up to the first NUL; also tried as a locale tag
 *
 * Missing bytes read as zero.  Besides sanitizer reports it checks what
 * keyfig.h promises: the text is prefix + number + suffix, valid UTF-8,
 * never cut; a finite value below 1e20 with a unit of up to 50 bytes
 * always formats; the printed digits are the value rounded to the
 * decimals shown; a date never overflows nor ends inside a character.
 */
#include "format.h"
#include "fuzz_check.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
get(const uint8_t *data, size_t size, size_t at, void *out, size_t n)
{
    memset(out, 0, n);
    if (at < size)
        memcpy(out, data + at, size - at < n ? size - at : n);
}

/* The value the digits of `n` say, with the locale's marks undone; NAN
 * when they are not a plain rendering. */
static double
parse_number(kf_locale locale, const kf_number *n)
{
    const char *mark = locale == KF_LOCALE_FR_FR ? "," : ".";
    const char *group = locale == KF_LOCALE_FR_FR ? KF_NNBSP : ",";
    char ascii[128];
    size_t j = 0;
    const char *p = n->number;
    if (!strncmp(p, KF_MINUS, strlen(KF_MINUS)))
        p += strlen(KF_MINUS);
    while (*p && j + 1 < sizeof(ascii)) {
        if (!strncmp(p, group, strlen(group)))
            p += strlen(group);
        else if (!strncmp(p, mark, strlen(mark)))
            ascii[j++] = '.', p += strlen(mark);
        else if (*p >= '0' && *p <= '9')
            ascii[j++] = *p++;
        else
            return NAN;
    }
    ascii[j] = '\0';
    char *end;
    double v = strtod(ascii, &end);
    return *end ? NAN : v;
}

static void
check_number(kf_locale locale, double value, int decimals, const char *unit,
             kf_display display)
{
    kf_number n;
    memset(&n, 0xAA, sizeof(n));
    bool ok = kf_format_number(locale, value, decimals, unit, display, &n);
    size_t ulen = unit ? strlen(unit) : 0;
    bool unit_utf8 = !unit || fuzz_utf8_valid(unit);

    if (!ok) {
        FUZZ_CHECK(!n.prefix[0] && !n.number[0] && !n.suffix[0] &&
                       !n.text[0],
                   "a failed format left text '%.160s'", n.text);
        FUZZ_CHECK(!isfinite(value) || fabs(value) >= 1e20 || ulen > 50,
                   "%.17g (decimals %d, unit of %zu bytes) did not format",
                   value, decimals, ulen);
        return;
    }
    FUZZ_CHECK(isfinite(value), "%g formatted", value);
    FUZZ_CHECK(memchr(n.prefix, 0, sizeof(n.prefix)) &&
                   memchr(n.number, 0, sizeof(n.number)) &&
                   memchr(n.suffix, 0, sizeof(n.suffix)) &&
                   memchr(n.text, 0, sizeof(n.text)),
               "a field is not terminated");
    char joined[sizeof(n.prefix) + sizeof(n.number) + sizeof(n.suffix)];
    snprintf(joined, sizeof(joined), "%s%s%s", n.prefix, n.number, n.suffix);
    FUZZ_CHECK(!strcmp(joined, n.text), "text '%s' is not '%s'", n.text,
               joined);
    FUZZ_CHECK(n.number[0], "no digits for %.17g", value);
    if (unit_utf8)
        FUZZ_CHECK_TEXT(n.text, "a formatted number");

    /* The digits are |value| / scale rounded to the decimals shown. */
    kf_number_plan plan;
    FUZZ_CHECK(kf_number_plan_make(locale, value, decimals, unit, display,
                                   &plan),
               "no plan for a number that formatted");
    double shown = parse_number(locale, &n);
    FUZZ_CHECK(!isnan(shown), "number '%s' does not parse", n.number);
    double want = fabs(value) / plan.scale;
    double tol = 0.5 * pow(10, -plan.decimals) + 1e-13 * want;
    FUZZ_CHECK(fabs(shown - want) <= tol,
               "%.17g shown as '%s' (scale %g, %d decimals)", value, n.text,
               plan.scale, plan.decimals);
    /* The page's minus is U+2212; a hyphen-minus never comes out. */
    FUZZ_CHECK(!strchr(n.number, '-') && !strchr(n.prefix, '-'),
               "'%s' has a hyphen-minus", n.text);
    bool minus = !strncmp(n.number, KF_MINUS, strlen(KF_MINUS)) ||
                 !strncmp(n.prefix, KF_MINUS, strlen(KF_MINUS));
    FUZZ_CHECK(minus == (value < 0 && shown != 0),
               "%.17g shown as '%s': sign", value, n.text);
    /* A compact figure left to choose its decimals is within 1 % of the
     * value (below a thousandth, six decimals may not get that close). */
    if (display == KF_DISPLAY_COMPACT && decimals < 0 && want >= 1e-3)
        FUZZ_CHECK(fabs(shown - want) <= 0.01 * want + 1e-13 * want,
                   "%.17g compact as '%s': more than 1 %% off", value,
                   n.text);
    /* The plural of what is printed never crashes on it. */
    kf_plural_of(locale, n.number);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t loc_byte = 0, flags = 0, size_byte = 0;
    int8_t dec = 0;
    double value;
    int32_t ymd[3];
    get(data, size, 0, &loc_byte, 1);
    get(data, size, 1, &flags, 1);
    get(data, size, 2, &dec, 1);
    get(data, size, 3, &value, sizeof(value));
    get(data, size, 11, ymd, sizeof(ymd));
    get(data, size, 23, &size_byte, 1);
    if (flags & 4) {
        int32_t i;
        uint8_t e;
        get(data, size, 3, &i, sizeof(i));
        get(data, size, 7, &e, 1);
        value = (double)i / pow(10, e % 10);
    }
    kf_locale locale = (kf_locale)(loc_byte % 3);
    kf_display display = (flags & 1) ? KF_DISPLAY_COMPACT : KF_DISPLAY_FULL;

    char unit[4096];
    size_t ulen = size > 24 ? size - 24 : 0;
    if (ulen >= sizeof(unit))
        ulen = sizeof(unit) - 1;
    if (ulen)
        memcpy(unit, data + 24, ulen);
    unit[ulen] = '\0';

    check_number(locale, value, dec, (flags & 2) ? NULL : unit, display);
    /* The same figure in every locale and display, as a report may ask. */
    check_number((kf_locale)((loc_byte + 1) % 3), value, dec, unit,
                 KF_DISPLAY_COMPACT);

    /* Digits into buffers of every small size: never more than fits. */
    char digits[72];
    size_t dsize = 1 + size_byte % (sizeof(digits) - 1);
    memset(digits, 'x', sizeof(digits));
    kf_format_digits(locale, value, dec, (flags & 8) != 0, digits, dsize);
    FUZZ_CHECK(memchr(digits, 0, dsize) != NULL, "digits not terminated");
    FUZZ_CHECK(digits[dsize] == 'x', "digits wrote past %zu bytes", dsize);

    /* Dates, in a buffer of 1..64 bytes. */
    kf_date date = {ymd[0], ymd[1], ymd[2]};
    char buf[65];
    size_t bsize = 1 + size_byte % 64;
    memset(buf, 'x', sizeof(buf));
    kf_format_date(locale, date, buf, bsize);
    FUZZ_CHECK(memchr(buf, 0, bsize) != NULL, "date not terminated");
    FUZZ_CHECK(buf[bsize] == 'x', "date wrote past %zu bytes", bsize);
    FUZZ_CHECK_TEXT(buf, "a date");
    if (date.year == 0)
        FUZZ_CHECK(buf[0] == '\0', "year 0 printed '%s'", buf);

    kf_locale parsed;
    if (kf_locale_parse(unit, &parsed))
        FUZZ_CHECK(kf_locale_tag(parsed) != NULL, "no tag for '%s'", unit);
    kf_month_name(locale, ymd[1]);
    return 0;
}
