/* docx_package — the OPC (zip) package of a DOCX, held in memory.
 *
 * This is the only module that touches libzip.  A package is read once,
 * whole, into memory (every part inflated under the limits of
 * docx_limits.h), then parts are read, replaced or added by name, and the
 * package is written back to a zip in memory.
 *
 * Safety: entry names with "..", a leading "/", a backslash, a drive
 * letter, control characters or a (case-insensitive) duplicate are
 * refused, as are parts over DOCX_MAX_PART_BYTES, packages over
 * DOCX_MAX_TOTAL_BYTES inflated or DOCX_MAX_PARTS entries.  XML parts are
 * parsed without network access and without entity substitution; a part
 * with a DOCTYPE is refused.
 *
 * Determinism: docx_package_write writes [Content_Types].xml first, then
 * the other parts in the order they had in the input (new parts at the
 * end), every entry deflated at level 6 with the DOS time 1980-01-01 00:00
 * and no extra fields, so the same parts give byte-identical output.
 *
 * Ownership: a docx_package owns copies of all its parts.  Pointers
 * returned by docx_package_get/docx_package_name stay valid until that
 * part is replaced or the package is freed.  xmlDoc results are owned by
 * the caller (xmlFreeDoc).  Errors are appended to the caller's diag_list
 * with loc.file = the package name given at open and loc.part = the part. */
#ifndef JX_DOCX_PACKAGE_H
#define JX_DOCX_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>
#include "../core/diag.h"

typedef struct docx_package docx_package;

/* Read a zip from memory.  data is not retained (every part is copied
 * out); name (the file path, for messages) is copied.  Returns NULL and adds an error (code
 * "docx.zip", "docx.name", "docx.limit") when the package is unusable. */
docx_package *docx_package_open(const void *data, size_t len, const char *name,
                                diag_list *diags);

/* An empty package (for tests and for building packages from scratch). */
docx_package *docx_package_new(const char *name);

void docx_package_free(docx_package *p);    /* NULL is fine */

/* The package name given at open (for messages). */
const char *docx_package_file(const docx_package *p);

/* Parts in package order: count and the i-th name. */
size_t docx_package_count(const docx_package *p);
const char *docx_package_name(const docx_package *p, size_t i);

/* The bytes of a part (NUL-terminated for convenience; *len excludes the
 * NUL), or NULL when there is no such part.  Names compare
 * case-insensitively, as OPC part names do.  Borrowed. */
const char *docx_package_get(const docx_package *p, const char *name, size_t *len);

/* Replace a part's bytes, or append a new part.  Copies data.  A name that
 * would be refused on reading is refused here too (returns false). */
bool docx_package_put(docx_package *p, const char *name, const void *data, size_t len);

/* Serialise doc (UTF-8, with its XML declaration) and put it as a part. */
bool docx_package_put_xml(docx_package *p, const char *name, xmlDoc *doc);

/* Parse a part as XML, safely (see above).  NULL with an error
 * ("docx.xml") when it is missing or not well-formed.  Caller frees. */
xmlDoc *docx_package_parse(const docx_package *p, const char *name, diag_list *diags);

/* The same safe parse for a buffer that did not come from a package;
 * file/part only label the messages. */
xmlDoc *docx_xml_parse(const char *data, size_t len, const char *file, const char *part,
                       diag_list *diags);

/* The main document part named by _rels/.rels (normally
 * "word/document.xml"); falls back to "word/document.xml" when the
 * relationship is missing.  Returns a malloc'd string the caller frees. */
char *docx_package_main_part(const docx_package *p);

/* Write the package as a zip into a malloc'd buffer (*out, freed by the
 * caller).  Returns false with an error ("docx.write") on failure. */
bool docx_package_write(const docx_package *p, char **out, size_t *len, diag_list *diags);

/* True when name is an acceptable part name (no traversal, no absolute
 * path, no backslash, no control characters, not too long). */
bool docx_part_name_ok(const char *name);

#endif
