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
 * fsio_write_atomic refuses (EINVAL) a destination that exists and is not a
 * regular file (after following symlinks): renaming over a device node,
 * FIFO or socket would replace it, and the caller meant to write into it.
 * fsio_check_dest is that test alone.
 *
 * fsio_write_temp / fsio_commit split fsio_write_atomic in two, for a
 * caller that must replace several files together: fsio_write_temp writes
 * and fsyncs a temporary file next to path and returns its malloc'd name
 * in *tmp_out; fsio_commit renames it over path (and fsyncs the
 * directory).  The temporary names contain ".tmp.", so that a cleaner can
 * recognise leftovers of a killed run.
 *
 * fsio_same_file tells whether two paths name the same file (same device
 * and inode, so through symlinks and hard links); false when either does
 * not exist.
 *
 * All return 0 on success, or an errno value; *err_msg (if not NULL)
 * receives a malloc'd full-sentence message naming the path. */
#ifndef JX_FSIO_H
#define JX_FSIO_H

#include <stdbool.h>
#include <stddef.h>

int fsio_read_file(const char *path, size_t max, char **data, size_t *len, char **err_msg);
int fsio_write_atomic(const char *path, const void *data, size_t len, char **err_msg);
int fsio_check_dest(const char *path, char **err_msg);
int fsio_write_temp(const char *path, const void *data, size_t len, char **tmp_out, char **err_msg);
int fsio_commit(const char *tmp, const char *path, char **err_msg);
bool fsio_same_file(const char *a, const char *b);
int fsio_mkdir_p(const char *path, char **err_msg);

#endif
