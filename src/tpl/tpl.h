/* tpl — fill Word (DOCX) templates with a value tree.
 *
 * The template language (docs/templates.md has the full description):
 *   {{路径.字段}}  {{字段 | 过滤器:参数}}  {{.}}  {{@序号}}  {{@一级}}
 *   {{#each 列表}} … {{/each}}     {{#if 字段}} … {{else}} … {{/if}}
 *   {{#unless 字段}} … {{/unless}} {{合并}} (vertical merge of a column)
 * A block whose two tags stand in one table row repeats/keeps that row;
 * tags in paragraphs of their own enclose the paragraphs and tables
 * between them; tags inside one paragraph enclose the text between them.
 *
 * Lifecycle: tpl_load parses a DOCX once (finding tags across runs,
 * checking them, recording every error with its part, paragraph and tag
 * text); tpl_render fills copies of it, any number of times, with
 * different data.  The template is not modified by rendering.
 *
 * Ownership: tpl_load returns a template the caller frees with tpl_free;
 * tpl_render returns a malloc'd DOCX (zip) the caller frees with free().
 * Errors go to the caller's diag_list; nothing is printed. */
#ifndef JX_TPL_H
#define JX_TPL_H

#include <stdbool.h>
#include <stddef.h>
#include "../core/diag.h"
#include "../model/model_value.h"
#include "../model/model_schema.h"

typedef struct tpl_template tpl_template;

/* Limits on hostile templates: real templates nest blocks 3-4 deep and
 * repeat a few thousand rows; these stop a crafted one from exploding. */
#define TPL_MAX_NESTING 32          /* blocks inside blocks */
#define TPL_MAX_COPIES  100000      /* loop iterations in one render */
/* Per paragraph (real templates: fewer than 200 runs and 20 tags), counted
 * before the paragraph's tags are looked for, so that scanning a crafted
 * paragraph cannot take minutes and gigabytes. */
#define TPL_MAX_RUNS_PER_PARA 20000 /* w:r elements */
#define TPL_MAX_TAGS_PER_PARA 5000  /* "{{" openings */

/* Parse a DOCX template.  schema (NULL: no check) is the data format the
 * fields are checked against, so that a misspelt field is an error at
 * load time rather than an empty cell.  context (NULL for a report) names
 * the top-level list whose element is the template's context, e.g.
 * "自评表" for the form template; the top-level fields stay visible.
 * Returns NULL when the package is unusable or any template error was
 * found (all of them are reported, each with part, paragraph and tag). */
tpl_template *tpl_load(const char *data, size_t len, const char *name,
                       const field_def *schema, const char *context, diag_list *diags);

void tpl_free(tpl_template *t);     /* NULL is fine */

/* Call fn once per distinct field the template reads, in order of first
 * use; loops are written with [] ("自评表[].绩效指标[].三级指标"). */
void tpl_fields(const tpl_template *t, void (*fn)(const char *path, void *ctx), void *ctx);

/* Fill the template with root.  When form is not NULL, one filled copy of
 * form's body per element of root's list form_list ("自评表") is appended
 * to the report body, each starting on a new page; inside it the element
 * is the context and the report's fields stay visible.  Styles the form
 * uses are copied into the report (renamed when the report defines the
 * same style id differently).  Returns false with errors in diags. */
bool tpl_render(const tpl_template *report, const tpl_template *form, const char *form_list,
                const val *root, char **out, size_t *out_len, diag_list *diags);

#endif
