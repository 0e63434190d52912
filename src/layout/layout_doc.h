/* layout_doc — the document model the PDF layout works on: WordprocessingML
 * with every style resolved, so each paragraph, run and cell carries its own
 * final properties.  Lengths are in points, colours 0xRRGGBB.
 *
 * layout_doc_load reads the parts of a DOCX package through a layout_source
 * (word/document.xml, styles.xml, settings.xml, theme, headers, footers,
 * images), resolves styles (docDefaults → basedOn chain → direct
 * formatting) and returns the model.  Anything in the document outside the
 * supported subset (docs/rendering.md) is reported once per element name as
 * a warning in `diags`; nothing is dropped silently.
 *
 * Ownership: the model and all its strings and image bytes live in one arena
 * owned by the layout_doc; layout_doc_free releases everything.  The source
 * is only used during the call. */
#ifndef JX_LAYOUT_DOC_H
#define JX_LAYOUT_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libxml/tree.h>

#include "core/arena.h"
#include "core/diag.h"

/* Where the parts come from: a DOCX package, or XML strings in tests. */
typedef struct {
    void *ctx;
    /* The part `name` ("word/styles.xml") parsed, or NULL when absent.  The
     * source owns the xmlDoc and keeps it valid while the source lives. */
    xmlDoc *(*xml)(void *ctx, const char *name);
    /* The bytes of a binary part (an image), or NULL; the source owns them. */
    const unsigned char *(*bytes)(void *ctx, const char *name, size_t *len);
} layout_source;

enum { LAYOUT_ALIGN_LEFT, LAYOUT_ALIGN_CENTER, LAYOUT_ALIGN_RIGHT, LAYOUT_ALIGN_JUSTIFY,
       LAYOUT_ALIGN_DISTRIBUTE };
enum { LAYOUT_LINE_AUTO, LAYOUT_LINE_EXACT, LAYOUT_LINE_ATLEAST };
enum { LAYOUT_VALIGN_TOP, LAYOUT_VALIGN_CENTER, LAYOUT_VALIGN_BOTTOM };
enum { LAYOUT_FIELD_NONE, LAYOUT_FIELD_PAGE, LAYOUT_FIELD_NUMPAGES };
enum { LAYOUT_GRID_NONE, LAYOUT_GRID_LINES, LAYOUT_GRID_LINES_CHARS };
enum { LAYOUT_IMAGE_PNG = 1, LAYOUT_IMAGE_JPEG = 2 };

typedef struct {
    const char *font_ascii;     /* ascii/hAnsi family */
    const char *font_ea;        /* eastAsia family */
    double size;                /* pt */
    bool bold, italic, underline, strike, hint_ea, vanish;
    int vert;                   /* 0 baseline, 1 superscript, 2 subscript */
    uint32_t color;
    double spacing;             /* extra character spacing, pt */
} layout_rpr;

typedef enum { LAYOUT_RUN_TEXT, LAYOUT_RUN_TAB, LAYOUT_RUN_BREAK, LAYOUT_RUN_FIELD,
               LAYOUT_RUN_IMAGE } layout_run_kind;

typedef struct {
    layout_run_kind kind;
    layout_rpr rpr;
    const char *text;           /* TEXT: UTF-8; FIELD: the cached result */
    int field;                  /* FIELD: LAYOUT_FIELD_* */
    const unsigned char *img;   /* IMAGE: the encoded bytes */
    size_t img_len;
    int img_type;               /* LAYOUT_IMAGE_* */
    double img_w, img_h;        /* IMAGE: size on the page, pt */
} layout_run;

typedef struct { double pos; int align; /* 0 left 1 center 2 right */ } layout_tab;

typedef struct {
    int align;
    double ind_left, ind_right, ind_first;  /* ind_first < 0: hanging */
    double space_before, space_after;
    int line_rule;
    double line;                /* AUTO: multiple of single; else pt */
    bool keep_next, keep_lines, page_break_before, widow, snap_grid, contextual;
    bool autospace;             /* autoSpaceDE/DN: space between CJK and Latin */
    int outline;                /* 0..8, or -1 */
    const char *style_id;
    layout_tab *tabs;
    size_t ntabs;
} layout_ppr;

typedef struct layout_block layout_block;

typedef struct {
    layout_ppr ppr;
    layout_rpr mark;            /* the paragraph mark's run properties */
    layout_run *runs;
    size_t nruns;
} layout_para;

typedef struct { int style; /* 0 none, 1 single, 2 double */ double width; uint32_t color; } layout_border;

enum { LAYOUT_EDGE_TOP, LAYOUT_EDGE_LEFT, LAYOUT_EDGE_BOTTOM, LAYOUT_EDGE_RIGHT };

typedef struct {
    int col, span;              /* first grid column, columns spanned */
    int vmerge;                 /* 0 none, 1 starts a vertical merge, 2 continues one */
    int rowspan;                /* for a cell starting a merge: rows covered (≥ 1) */
    layout_border border[4];
    bool has_fill;
    uint32_t fill;
    int valign;
    double mar[4];              /* cell margins by LAYOUT_EDGE_* */
    layout_block *blocks;
    size_t nblocks;
} layout_cell;

typedef struct {
    layout_cell *cells;
    size_t ncells;
    bool header, cant_split;
    int height_rule;            /* LAYOUT_LINE_AUTO (none), EXACT, ATLEAST */
    double height;
} layout_row;

typedef struct {
    double *grid;               /* column widths */
    int ncols;
    layout_row *rows;
    size_t nrows;
    double indent;              /* from the text margin */
    int align;                  /* LAYOUT_ALIGN_LEFT/CENTER/RIGHT */
} layout_table;

typedef enum { LAYOUT_BLOCK_PARA, LAYOUT_BLOCK_TABLE } layout_block_kind;

struct layout_block {
    layout_block_kind kind;
    layout_para para;
    layout_table table;
};

typedef struct {
    layout_block *blocks;
    size_t nblocks;
} layout_blocks;

typedef struct {
    double page_w, page_h;
    double mar_top, mar_right, mar_bottom, mar_left, mar_header, mar_footer;
    int grid_type;
    double grid_pitch;          /* line pitch, pt */
    double grid_char_add;       /* extra pitch per East Asian character, pt (≥ 0) */
    bool title_pg;
    int page_start;             /* first page number, or 0 to continue */
    /* headers and footers: default, first, even (NULL when absent) */
    layout_blocks *header[3], *footer[3];
    layout_blocks body;
} layout_section;

typedef struct {
    arena *arena;
    layout_section *sections;
    size_t nsections;
    bool even_and_odd;          /* settings: different even-page headers */
    int compat_mode;            /* settings: w:compatSetting compatibilityMode (12 when absent) */
    double default_tab;         /* pt */
} layout_doc;

/* Reads the document; NULL (with an error in diags) when word/document.xml
 * is missing or has no body.  The caller frees the result. */
layout_doc *layout_doc_load(const layout_source *src, diag_list *diags);

void layout_doc_free(layout_doc *d);   /* NULL is fine */

#endif
