/* docx_wml — small helpers over a WordprocessingML DOM (libxml2).
 *
 * Element tests compare the local name and the main WordprocessingML
 * namespace, so prefixes chosen by other writers (LibreOffice, WPS) do not
 * matter.  Functions that create elements give them the document's own
 * prefix for that namespace.  Nothing here allocates memory the caller
 * must free except where a function says so. */
#ifndef JX_DOCX_WML_H
#define JX_DOCX_WML_H

#include <stdbool.h>
#include <libxml/tree.h>
#include "../core/strbuf.h"

#define DOCX_W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
/* ISO/IEC 29500 Strict: refused, with a message saying how to save it in Word */
#define DOCX_W_STRICT_NS "http://purl.oclc.org/ooxml/wordprocessingml/main"

/* True when n is the element w:<name>. */
bool docx_is_w(const xmlNode *n, const char *name);

/* First child element w:<name> of n, or NULL. */
xmlNode *docx_child_w(const xmlNode *n, const char *name);

/* Nearest ancestor (or n itself) that is w:<name>, or NULL. */
xmlNode *docx_ancestor_w(xmlNode *n, const char *name);

/* A new element w:<name> in doc (not yet linked). */
xmlNode *docx_new_w(xmlDoc *doc, xmlNode *context, const char *name);

/* The w:val attribute value (libxml2 string the caller xmlFree()s) or NULL. */
xmlChar *docx_get_val(const xmlNode *n);
void docx_set_val(xmlNode *n, const char *val);

/* Append the visible text of n (w:t, w:tab as a tab, w:br/w:cr as a
 * newline) to out, not descending into nested paragraphs of text boxes
 * when n is itself a paragraph. */
void docx_text(const xmlNode *n, strbuf *out);

/* Get or create the property child (w:pPr of a paragraph, w:tcPr of a
 * cell, w:rPr of a run) as its first child. */
xmlNode *docx_props(xmlNode *n, const char *prop_name);

/* Insert child into the property element props, keeping the schema order
 * given by order (a NULL-terminated list of local names): Word refuses
 * documents whose property children are out of order. */
void docx_props_insert(xmlNode *props, xmlNode *child, const char *const *order);

/* Schema orders used with docx_props_insert. */
extern const char *const docx_ppr_order[];
extern const char *const docx_tcpr_order[];

/* True when a paragraph has no visible content (text, tab, break,
 * drawing, object, field) — only properties, bookmarks and proofing marks. */
bool docx_para_is_empty(const xmlNode *p);

/* Copy n (with its subtree when deep) into dst, resolving namespaces
 * against dst_parent, where the copy will be linked: unlike
 * xmlDocCopyNode this declares no namespace on the copy, so the copy's
 * nodes can later be moved anywhere under dst_parent's scope.  The copy
 * is not linked; it belongs to dst (freed with it once linked). */
xmlNode *docx_clone(xmlNode *n, xmlDoc *dst, xmlNode *dst_parent, bool deep);

/* Remove namespace declarations below root that repeat one already in
 * scope (same prefix and URI), pointing their users at the outer one.
 * Copying nodes with libxml2 declares the namespace again on every copy;
 * this keeps the written XML as compact as Word's own. */
void docx_dedupe_ns(xmlNode *root);

#endif
