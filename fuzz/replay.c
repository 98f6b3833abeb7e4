/*
 * replay.c: runs a fuzz target's LLVMFuzzerTestOneInput over files, with
 * no libFuzzer and no clang, so that `make test` replays every corpus and
 * every kept crasher with the ordinary compiler (and under ASan/UBSan in
 * the sanitizer build).
 *
 *   fuzz_yaml_replay [--timeout SECONDS] FILE_OR_DIR...
 *
 * Directories are read recursively, in name order, skipping dot files.
 * A crash or an abort from the target fails the run where it happens; an
 * input slower than the timeout (default 5 s, or $KF_FUZZ_TIMEOUT) is
 * reported and fails the run at the end.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static double timeout_s = 5;
static size_t runs, slow;
static double slowest;
static char slowest_name[4096];

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *data = malloc(cap);
    size_t got;
    while (data && (got = fread(data + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            uint8_t *more = realloc(data, cap * 2);
            if (!more) {
                free(data);
                data = NULL;
                break;
            }
            data = more;
            cap *= 2;
        }
    }
    int bad = ferror(f) || !data;
    fclose(f);
    if (bad) {
        fprintf(stderr, "replay: %s: cannot read\n", path);
        free(data);
        return 1;
    }
    /* An exact-size copy, so ASan sees any read past the input. */
    uint8_t *exact = malloc(len ? len : 1);
    if (!exact) {
        free(data);
        return 1;
    }
    memcpy(exact, data, len);
    free(data);
    double t0 = now();
    LLVMFuzzerTestOneInput(exact, len);
    double dt = now() - t0;
    free(exact);
    runs++;
    if (dt > slowest) {
        slowest = dt;
        snprintf(slowest_name, sizeof(slowest_name), "%s", path);
    }
    if (dt > timeout_s) {
        fprintf(stderr, "replay: %s: took %.2f s (limit %.2f s)\n", path, dt,
                timeout_s);
        slow++;
    }
    return 0;
}

static int
compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode))
        return run_file(path);
    DIR *dir = opendir(path);
    if (!dir) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int failed = 0;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **more = realloc(names, cap * sizeof(*names));
            if (!more) {
                failed = 1;
                break;
            }
            names = more;
        }
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n]) {
            failed = 1;
            break;
        }
        snprintf(names[n], len, "%s/%s", path, e->d_name);
        n++;
    }
    closedir(dir);
    qsort(names, n, sizeof(*names), compare_names);
    for (size_t i = 0; i < n; i++) {
        if (!failed)
            failed |= run_path(names[i]);
        free(names[i]);
    }
    free(names);
    return failed;
}

int
main(int argc, char **argv)
{
    const char *env = getenv("KF_FUZZ_TIMEOUT");
    if (env && *env)
        timeout_s = atof(env);
    int first = 1;
    if (argc > 2 && !strcmp(argv[1], "--timeout")) {
        timeout_s = atof(argv[2]);
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr,
                "usage: %s [--timeout SECONDS] FILE_OR_DIR...\n", argv[0]);
        return 2;
    }
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    int failed = 0;
    for (int i = first; i < argc; i++)
        failed |= run_path(argv[i]);
    printf("replay: %zu inputs, slowest %.3f s (%s)\n", runs, slowest,
           runs ? slowest_name : "-");
    if (slow)
        printf("replay: %zu inputs over the %.2f s limit\n", slow, timeout_s);
    return failed || slow || runs == 0;
}
