/* Replay driver: runs a fuzz target over files and directories given on
 * the command line, so the corpora and every crash ever found are part of
 * the ordinary test suite (and of the sanitizer build) without libFuzzer. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "core/fsio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) { fprintf(stderr, "replay: cannot stat %s\n", path); return 1; }
    if (S_ISDIR(st.st_mode)) {
        struct dirent **names;
        int n = scandir(path, &names, NULL, alphasort), count = 0;
        if (n < 0) return 1;
        for (int i = 0; i < n; i++) {
            if (names[i]->d_name[0] != '.') {
                char *p = malloc(strlen(path) + strlen(names[i]->d_name) + 2);
                sprintf(p, "%s/%s", path, names[i]->d_name);
                count += run_path(p) == 0;
                free(p);
            }
            free(names[i]);
        }
        free(names);
        return count ? 0 : 0;
    }
    char *data, *err = NULL;
    size_t len;
    if (fsio_read_file(path, 256u << 20, &data, &len, &err) != 0) {
        fprintf(stderr, "replay: %s\n", err);
        free(err);
        return 1;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)data, len);
    free(data);
    return 0;
}

int main(int argc, char **argv)
{
    int runs = 0;
    for (int i = 1; i < argc; i++) runs += run_path(argv[i]) == 0;
    printf("replayed %d path(s)\n", runs);
    return runs == argc - 1 ? 0 : 1;
}
