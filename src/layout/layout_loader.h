/* layout_loader — the state of one DOCX being read into a layout_doc, and
 * the small WordprocessingML helpers that layout_docx, layout_styles and
 * layout_body share.  Implemented in layout_docx.c.
 *
 * The loader owns its styles table and the names already warned about (each
 * unsupported feature is reported once, as render.unsupported); model
 * strings and arrays go into its arena, which the layout_doc owns.  XML
 * nodes are borrowed from the parts the layout_source returns.  The helpers
 * read w: attributes and children (NULL when absent); layout_num clamps a
 * number to ±1e7 and takes dflt for what is not one; layout_onoff reads an
 * ST_OnOff (absent val = on).  MAX_* bound every recursion over untrusted
 * XML. */
#ifndef JX_LAYOUT_LOADER_H
#define JX_LAYOUT_LOADER_H

#include <stdbool.h>
#include <stdint.h>
#include <libxml/tree.h>

#include "layout/layout_doc.h"

#define W_NS  "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define WP_NS "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#define A_NS  "http://schemas.openxmlformats.org/drawingml/2006/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define PR_NS "http://schemas.openxmlformats.org/package/2006/relationships"

/* Nesting bounds: untrusted documents must not recurse without end. */
#define MAX_DEPTH        48
#define MAX_TABLE_DEPTH  8
#define MAX_STYLE_CHAIN  16
#define MAX_GRID_COLS    512

typedef struct {
    const char *id;
    int type;                   /* 'p', 'c', 't' */
    xmlNode *node;
    const char *based_on;
    bool is_default;
} style;

typedef struct {
    const char *id, *target;    /* target: full part name */
    bool external;
} rel;

typedef struct {
    rel *items;
    size_t n;
} rels;

typedef struct {
    const layout_source *src;
    diag_list *diags;
    arena *a;
    style *styles;
    size_t nstyles;
    xmlNode *ppr_default, *rpr_default;
    const style *default_pstyle, *default_tstyle;
    const char *theme_minor_latin, *theme_minor_ea, *theme_major_latin, *theme_major_ea;
    /* element names already warned about, so each is reported once */
    char **warned;
    size_t nwarned, capwarned;
    int table_depth;
    bool rtl_warned;
    /* the text run add_text last wrote, with room to grow in place, so a
     * paragraph of many same-formatted runs is joined in linear time */
    const layout_run *mrun;
    char *mtext;
    size_t mlen, mcap;
    int npara;                  /* paragraphs read so far in the part, for messages */
    const char *npara_part;
    bool refused;               /* a paragraph passed a limit: there is no document */
} loader;

bool layout_in_ns(const xmlNode *n, const char *ns);
bool layout_is_w(const xmlNode *n, const char *name);
const char *layout_attr_ns(const xmlNode *n, const char *name, const char *ns);
const char *layout_wattr(const xmlNode *n, const char *name);
xmlNode *layout_wchild(const xmlNode *n, const char *name);
const char *layout_wchild_val(const xmlNode *n, const char *name);
double layout_num(const char *s, double dflt);
bool layout_onoff(const xmlNode *n);
uint32_t layout_hex_color(const char *s, uint32_t dflt);
bool layout_name_in(const char *name, const char *const *list);   /* list ends with NULL */
void layout_warn_once(loader *L, const char *what, const char *fmt_context);
void layout_warn_elem(loader *L, const xmlNode *n, const char *context);
const char *layout_rel_target(const rels *r, const char *id);      /* NULL: unknown or external */
xmlNode *layout_find_desc(xmlNode *n, const char *ns, const char *name, int depth);

#endif
