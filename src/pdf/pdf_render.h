/* pdf_render — the whole DOCX → PDF path in one call, for `jixiao render`
 * and `jixiao build`: open the package (docx_package), read the document
 * model (layout_doc), lay it out with the process's font context
 * (layout_fonts, created once), and draw it (pdf_write).
 *
 * Diagnostics (unsupported elements, font substitutes, errors) go to
 * diags; nothing is printed.  *out is malloc'd; the caller frees it. */
#ifndef JX_PDF_RENDER_H
#define JX_PDF_RENDER_H

#include <stddef.h>

#include "core/diag.h"
#include "layout/layout_doc.h"
#include "pdf/pdf_write.h"

/* docx/len: the DOCX file's bytes; name labels messages.  If meta->title is
 * NULL, the document's core properties title (docProps/core.xml) is used,
 * and likewise the creator for the author.  Returns 0 or -1. */
int pdf_render_docx(const void *docx, size_t len, const char *name, const pdf_meta *meta, char **out,
                    size_t *out_len, diag_list *diags);

/* The same from an already open source (tests build one from XML strings). */
int pdf_render_source(const layout_source *src, const pdf_meta *meta, char **out, size_t *out_len,
                      diag_list *diags);

#endif
