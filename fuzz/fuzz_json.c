/*
 * fuzz_json.c: libFuzzer target for the JSON reader and the validation
 * behind it (kf_report_load_buffer on a name ending in ".json").
 *
 * Besides crashes, leaks and sanitizer reports it checks the loader's
 * contract (fuzz_check.h): a report exactly when there is no error, every
 * index in an accepted report in range, every diagnostic complete.
 */
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kf_diags *diags = kf_diags_new();
    if (!diags)
        return 0;
    kf_report *r = fuzz_load("fuzz.json", data, size, diags);
    kf_report_free(r);
    kf_diags_free(diags);
    return 0;
}
