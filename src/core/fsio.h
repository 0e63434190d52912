/* fsio — the file I/O the CLI does at the edges.
 *
 * fsio_read_file reads a whole file (refusing more than max bytes) into a
 * malloc'd, NUL-terminated buffer the caller frees.
 *
 * fsio_write_atomic writes data to a temporary file in the destination's
 * directory, fsyncs it and renames it over path, so that a reader (or a
 * crash at any moment) sees either the old complete file or the new one,
 * never a truncated file.  On failure the old file is untouched and the
 * temporary file removed.
 *
 * Both return 0 on success, or an errno value; *err_msg (if not NULL)
 * receives a malloc'd full-sentence message naming the path. */
#ifndef JX_FSIO_H
#define JX_FSIO_H

#include <stddef.h>

int fsio_read_file(const char *path, size_t max, char **data, size_t *len, char **err_msg);
int fsio_write_atomic(const char *path, const void *data, size_t len, char **err_msg);
int fsio_mkdir_p(const char *path, char **err_msg);

#endif
