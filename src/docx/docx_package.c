/* docx_package — see docx_package.h.  The only file that includes zip.h. */
#include "docx_package.h"
#include "docx_limits.h"
#include "../core/strbuf.h"
#include "../core/i18n.h"

#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

typedef struct {
    char *name;
    char *data;     /* NUL-terminated copy */
    size_t len;
} part;

struct docx_package {
    char *file;
    part *parts;
    size_t n, cap;
};

/* DOS date 1980-01-01 (year 0 from 1980, month 1, day 1), time 00:00:00:
 * the earliest value a zip can hold, so it never claims a real date. */
#define DOS_DATE_1980 ((0u << 9) | (1u << 5) | 1u)
#define DOS_TIME_0    0u

static diag_loc loc_of(const char *file, const char *part_name)
{
    diag_loc l = {0};
    l.file = file;
    l.part = part_name;
    return l;
}

bool docx_part_name_ok(const char *name)
{
    if (!name || !*name) return false;
    size_t n = strlen(name);
    if (n > DOCX_MAX_NAME_BYTES) return false;
    if (name[0] == '/') return false;
    if (n >= 2 && name[1] == ':') return false;         /* C:foo */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7f || c == '\\') return false;
    }
    /* Reject any path segment that is "." or ".." (and empty segments,
     * which a well-formed package never has). */
    const char *s = name;
    for (;;) {
        const char *e = strchr(s, '/');
        size_t sl = e ? (size_t)(e - s) : strlen(s);
        if (sl == 0 && e) return false;
        if ((sl == 1 && s[0] == '.') || (sl == 2 && s[0] == '.' && s[1] == '.')) return false;
        if (!e) break;
        s = e + 1;
    }
    return true;
}

static part *find_part(const docx_package *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcasecmp(p->parts[i].name, name) == 0) return &p->parts[i];
    return NULL;
}

static void append_part(docx_package *p, const char *name, const void *data, size_t len)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 32;
        p->parts = xrealloc(p->parts, p->cap * sizeof(part));
    }
    part *pt = &p->parts[p->n++];
    pt->name = xstrdup(name);
    pt->data = xmalloc(len + 1);
    if (len) memcpy(pt->data, data, len);
    pt->data[len] = 0;
    pt->len = len;
}

docx_package *docx_package_new(const char *name)
{
    docx_package *p = xcalloc(1, sizeof *p);
    p->file = xstrdup(name ? name : "");
    return p;
}

void docx_package_free(docx_package *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->parts[i].name);
        free(p->parts[i].data);
    }
    free(p->parts);
    free(p->file);
    free(p);
}

const char *docx_package_file(const docx_package *p) { return p->file; }
size_t docx_package_count(const docx_package *p) { return p->n; }
const char *docx_package_name(const docx_package *p, size_t i) { return i < p->n ? p->parts[i].name : NULL; }

const char *docx_package_get(const docx_package *p, const char *name, size_t *len)
{
    part *pt = find_part(p, name);
    if (!pt) return NULL;
    if (len) *len = pt->len;
    return pt->data;
}

bool docx_package_put(docx_package *p, const char *name, const void *data, size_t len)
{
    if (!docx_part_name_ok(name) || len > DOCX_MAX_PART_BYTES) return false;
    part *pt = find_part(p, name);
    if (!pt) {
        append_part(p, name, data, len);
        return true;
    }
    char *copy = xmalloc(len + 1);
    if (len) memcpy(copy, data, len);
    copy[len] = 0;
    free(pt->data);
    pt->data = copy;
    pt->len = len;
    return true;
}

bool docx_package_put_xml(docx_package *p, const char *name, xmlDoc *doc)
{
    xmlChar *buf = NULL;
    int n = 0;
    xmlDocDumpMemoryEnc(doc, &buf, &n, "UTF-8");
    if (!buf || n < 0) {
        xmlFree(buf);
        return false;
    }
    bool ok = docx_package_put(p, name, buf, (size_t)n);
    xmlFree(buf);
    return ok;
}

/* Read one entry, refusing to inflate more than cap bytes whatever the
 * directory claims (the declared size of a hostile zip is not trusted).
 * On a read failure *why gets libzip's reason for that entry (a bad CRC,
 * a deflate stream zlib cannot inflate): the archive's own error, or
 * errno, would say "No error" there. */
static char *read_entry(zip_t *za, zip_uint64_t idx, size_t cap, size_t *out_len, bool *too_big,
                        char *why, size_t whylen)
{
    *too_big = false;
    snprintf(why, whylen, "%s", "unknown error");
    zip_file_t *zf = zip_fopen_index(za, idx, 0);
    if (!zf) {
        snprintf(why, whylen, "%s", zip_strerror(za));
        return NULL;
    }
    strbuf b = STRBUF_INIT;
    char chunk[16384];
    for (;;) {
        zip_int64_t r = zip_fread(zf, chunk, sizeof chunk);
        if (r < 0) {
            snprintf(why, whylen, "%s", zip_error_strerror(zip_file_get_error(zf)));
            zip_fclose(zf);
            strbuf_free(&b);
            return NULL;
        }
        if (r == 0) break;
        if (b.len + (size_t)r > cap) {
            *too_big = true;
            zip_fclose(zf);
            strbuf_free(&b);
            return NULL;
        }
        strbuf_add(&b, chunk, (size_t)r);
    }
    int rc = zip_fclose(zf);
    if (rc != 0) {
        /* the CRC is checked when the whole entry has been read */
        zip_error_t e;
        zip_error_init_with_code(&e, rc);
        snprintf(why, whylen, "%s", zip_error_strerror(&e));
        zip_error_fini(&e);
        strbuf_free(&b);
        return NULL;
    }
    *out_len = b.len;
    if (!b.data) return xstrdup("");
    return strbuf_take(&b);
}

/* Two entry names that some zip reader may take for the same part: OPC
 * names compare case-insensitively, and readers differ on whether a
 * leading "/" or "\\" counts and on "\\" as a separator. */
static bool same_entry(const char *a, const char *b)
{
    while (*a == '/' || *a == '\\') a++;
    while (*b == '/' || *b == '\\') b++;
    for (;; a++, b++) {
        unsigned char ca = (unsigned char)(*a == '\\' ? '/' : *a);
        unsigned char cb = (unsigned char)(*b == '\\' ? '/' : *b);
        if (ca >= 'A' && ca <= 'Z') ca = (unsigned char)(ca + 32);
        if (cb >= 'A' && cb <= 'Z') cb = (unsigned char)(cb + 32);
        if (ca != cb) return false;
        if (!ca) return true;
    }
}

docx_package *docx_package_open(const void *data, size_t len, const char *name, diag_list *diags)
{
    const char *file = name ? name : "";
    if (len > DOCX_MAX_FILE_BYTES) {
        diag_add(diags, DIAG_ERROR, loc_of(file, NULL), "docx.limit",
                 "The file is %zu bytes long, more than the %u bytes a template may have.",
                 len, DOCX_MAX_FILE_BYTES);
        return NULL;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    /* libzip reads from the caller's buffer; it is only used until
     * zip_discard below, and every part is copied out before that. */
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (!src) {
        diag_add(diags, DIAG_ERROR, loc_of(file, NULL), "docx.zip",
                 "The file cannot be opened as a zip archive: %s.", _(zip_error_strerror(&ze)));
        zip_error_fini(&ze);
        return NULL;
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!za) {
        diag_add(diags, DIAG_ERROR, loc_of(file, NULL), "docx.zip",
                 "The file is not a DOCX (zip) package: %s.", _(zip_error_strerror(&ze)));
        zip_source_free(src);
        zip_error_fini(&ze);
        return NULL;
    }
    zip_error_fini(&ze);

    docx_package *p = docx_package_new(file);
    bool failed = false;
    size_t total = 0;
    zip_int64_t count = zip_get_num_entries(za, 0);
    if (count < 0 || (zip_uint64_t)count > DOCX_MAX_PARTS) {
        diag_add(diags, DIAG_ERROR, loc_of(file, NULL), "docx.limit",
                 "The package has %lld entries, more than the %u allowed.",
                 (long long)count, DOCX_MAX_PARTS);
        failed = true;
        count = 0;
    }
    /* Ambiguity first, over all names: a package whose entries readers may
     * resolve differently (we, LibreOffice and Word could each show another
     * document) is refused whatever else is wrong with it.  The scan is
     * quadratic in the entry count, which DOCX_MAX_PARTS bounds. */
    for (zip_int64_t i = 0; i < count && !failed; i++) {
        const char *en = zip_get_name(za, (zip_uint64_t)i, 0);
        size_t enl = en ? strlen(en) : 0;
        if (!en || (enl > 0 && en[enl - 1] == '/')) continue;
        for (zip_int64_t j = 0; j < i; j++) {
            const char *prev = zip_get_name(za, (zip_uint64_t)j, 0);
            if (!prev || !same_entry(prev, en)) continue;
            if (!strcmp(prev, en))
                diag_add(diags, DIAG_ERROR, loc_of(file, en), "docx.name",
                         "The package holds the entry \"%s\" twice, and zip readers differ on which copy counts, so the document is ambiguous and is refused; save it again from Word to get a clean package.",
                         en);
            else
                diag_add(diags, DIAG_ERROR, loc_of(file, en), "docx.name",
                         "The package holds the entries \"%s\" and \"%s\", which zip readers may take for the same part, so the document is ambiguous and is refused; save it again from Word to get a clean package.",
                         prev, en);
            failed = true;
            break;
        }
    }
    for (zip_int64_t i = 0; i < count && !failed; i++) {
        const char *en = zip_get_name(za, (zip_uint64_t)i, 0);
        if (!en) {
            diag_add(diags, DIAG_ERROR, loc_of(file, NULL), "docx.zip",
                     "Entry %lld of the package has no readable name.", (long long)i);
            failed = true;
            break;
        }
        size_t enl = strlen(en);
        if (enl > 0 && en[enl - 1] == '/') continue;    /* a directory entry, not a part */
        if (!docx_part_name_ok(en)) {
            diag_add(diags, DIAG_ERROR, loc_of(file, en), "docx.name",
                     "The package entry \"%s\" has an unsafe name (absolute, \"..\", backslash or control character).",
                     en);
            failed = true;
            break;
        }
        size_t left = DOCX_MAX_TOTAL_BYTES - total;
        size_t cap = left < DOCX_MAX_PART_BYTES ? left : DOCX_MAX_PART_BYTES;
        size_t plen = 0;
        bool too_big = false;
        char why[256];
        char *bytes = read_entry(za, (zip_uint64_t)i, cap, &plen, &too_big, why, sizeof why);
        if (!bytes) {
            if (too_big)
                diag_add(diags, DIAG_ERROR, loc_of(file, en), "docx.limit",
                         "The part \"%s\" inflates to more than %zu bytes, over the limit for one part or for the whole package.",
                         en, cap);
            else
                diag_add(diags, DIAG_ERROR, loc_of(file, en), "docx.zip",
                         "The part \"%s\" cannot be inflated (%s); the file is damaged: save it again from Word or use an undamaged copy.",
                         en, why);
            failed = true;
            break;
        }
        total += plen;
        append_part(p, en, bytes, plen);
        free(bytes);
    }
    zip_discard(za);     /* also frees src */
    if (failed) {
        docx_package_free(p);
        return NULL;
    }
    if (!find_part(p, "[Content_Types].xml")) {
        diag_add(diags, DIAG_ERROR, loc_of(file, NULL), "docx.zip",
                 "The package has no [Content_Types].xml, so it is not a DOCX file.");
        docx_package_free(p);
        return NULL;
    }
    return p;
}

/* A DOCTYPE is never part of WordprocessingML; refusing it outright means
 * no internal subset, so no entity expansion (billion laughs) and no
 * external entity can ever be reached, whatever the parser options. */
static bool has_doctype(const char *data, size_t len)
{
    static const char needle[] = "<!DOCTYPE";
    size_t nl = sizeof needle - 1;
    for (size_t i = 0; i + nl <= len; i++)
        if (data[i] == '<' && strncasecmp(data + i, needle, nl) == 0) return true;
    return false;
}

/* XML 1.0 allows no C0 control character but tab, LF and CR.  libxml2
 * stops at such a byte (a NUL ends its input) and reports a position
 * elsewhere, often 1:1, so the part is scanned first and the first one is
 * reported at its own line and column (columns count characters). */
static bool find_control(const char *data, size_t len, int *line, int *col, unsigned *ch)
{
    int ln = 1, cl = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            *line = ln;
            *col = cl;
            *ch = c;
            return true;
        }
        if (c == '\n') {
            ln++;
            cl = 1;
        } else if ((c & 0xC0) != 0x80) {
            cl++;
        }
    }
    return false;
}

xmlDoc *docx_xml_parse(const char *data, size_t len, const char *file, const char *part_name,
                       diag_list *diags)
{
    int cline, ccol;
    unsigned cch;
    if (find_control(data, len, &cline, &ccol, &cch)) {
        diag_loc l = loc_of(file, part_name);
        l.line = cline;
        l.col = ccol;
        diag_add(diags, DIAG_ERROR, l, "docx.xml",
                 "The part %s holds the control character U+%04X at line %d, column %d, which XML does not allow; the file is damaged or was made by a faulty program: remove the character or save the document again from Word.",
                 part_name ? part_name : "", cch, cline, ccol);
        return NULL;
    }
    if (has_doctype(data, len)) {
        diag_add(diags, DIAG_ERROR, loc_of(file, part_name), "docx.xml",
                 "The part %s contains a DOCTYPE declaration, which DOCX parts never have; it is refused for safety.",
                 part_name ? part_name : "");
        return NULL;
    }
    if (len > (size_t)INT32_MAX) return NULL;
    xmlParserCtxtPtr ctx = xmlNewParserCtxt();
    if (!ctx) return NULL;
    /* NONET: no network; no NOENT/DTDLOAD/DTDATTR/XINCLUDE: entities are
     * never substituted and nothing outside the buffer is read. */
    xmlDoc *doc = xmlCtxtReadMemory(ctx, data, (int)len, part_name, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc || !ctx->wellFormed) {
        if (doc) xmlFreeDoc(doc);
        doc = NULL;
        /* The parser keeps its last error in the context; nothing is
         * printed (NOERROR) and no global handler is touched. */
        xmlErrorPtr e = xmlCtxtGetLastError(ctx);
        char msg[256];
        snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : _("unreadable"));
        size_t n = strlen(msg);
        while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = 0;
        diag_add(diags, DIAG_ERROR, loc_of(file, part_name), "docx.xml",
                 "The part %s is not well-formed XML (line %d: %s).", part_name ? part_name : "",
                 e ? e->line : 0, msg);
    } else if (doc->intSubset || doc->extSubset) {
        xmlFreeDoc(doc);
        doc = NULL;
        diag_add(diags, DIAG_ERROR, loc_of(file, part_name), "docx.xml",
                 "The part %s declares a document type, which is refused for safety.",
                 part_name ? part_name : "");
    }
    xmlFreeParserCtxt(ctx);
    return doc;
}

xmlDoc *docx_package_parse(const docx_package *p, const char *name, diag_list *diags)
{
    size_t len = 0;
    const char *data = docx_package_get(p, name, &len);
    if (!data) {
        diag_add(diags, DIAG_ERROR, loc_of(p->file, name), "docx.xml",
                 "The package has no part %s.", name);
        return NULL;
    }
    return docx_xml_parse(data, len, p->file, name, diags);
}

char *docx_package_main_part(const docx_package *p)
{
    static const char office_doc[] =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    char *result = NULL;
    size_t len = 0;
    const char *rels = docx_package_get(p, "_rels/.rels", &len);
    if (rels) {
        diag_list scratch;
        diag_list_init(&scratch);
        xmlDoc *doc = docx_xml_parse(rels, len, p->file, "_rels/.rels", &scratch);
        diag_list_free(&scratch);
        xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
        for (xmlNode *n = root ? root->children : NULL; n && !result; n = n->next) {
            if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "Relationship")) continue;
            xmlChar *type = xmlGetProp(n, BAD_CAST "Type");
            xmlChar *target = xmlGetProp(n, BAD_CAST "Target");
            if (type && target && !strcmp((const char *)type, office_doc)) {
                const char *t = (const char *)target;
                while (*t == '/') t++;          /* targets are relative to the package root */
                if (docx_part_name_ok(t)) result = xstrdup(t);
            }
            xmlFree(type);
            xmlFree(target);
        }
        if (doc) xmlFreeDoc(doc);
    }
    return result ? result : xstrdup("word/document.xml");
}

static bool add_entry(zip_t *za, const part *pt, diag_list *diags, const char *file)
{
    zip_source_t *s = zip_source_buffer(za, pt->data, pt->len, 0);
    if (!s) goto fail;
    zip_int64_t idx = zip_file_add(za, pt->name, s, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(s);
        goto fail;
    }
    if (zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 6) < 0) goto fail;
    if (zip_file_set_dostime(za, (zip_uint64_t)idx, DOS_TIME_0, DOS_DATE_1980, 0) < 0) goto fail;
    /* Regular file, rw-r--r--, "made by" UNIX: the same on every host. */
    if (zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                         (zip_uint32_t)0100644 << 16) < 0) goto fail;
    return true;
fail:
    diag_add(diags, DIAG_ERROR, loc_of(file, pt->name), "docx.write",
             "The part %s cannot be added to the output package: %s.", pt->name, _(zip_strerror(za)));
    return false;
}

bool docx_package_write(const docx_package *p, char **out, size_t *out_len, diag_list *diags)
{
    *out = NULL;
    *out_len = 0;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src) goto fail_ze;
    zip_source_keep(src);   /* we read the result from it after zip_close */
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!za) {
        zip_source_free(src);
        goto fail_ze;
    }
    zip_error_fini(&ze);

    bool ok = true;
    const part *ct = find_part(p, "[Content_Types].xml");
    if (ct) ok = add_entry(za, ct, diags, p->file);
    for (size_t i = 0; i < p->n && ok; i++)
        if (&p->parts[i] != ct) ok = add_entry(za, &p->parts[i], diags, p->file);
    if (!ok) {
        zip_discard(za);
        zip_source_free(src);
        return false;
    }
    if (zip_close(za) < 0) {
        diag_add(diags, DIAG_ERROR, loc_of(p->file, NULL), "docx.write",
                 "The output package cannot be written: %s.", _(zip_strerror(za)));
        zip_discard(za);
        zip_source_free(src);
        return false;
    }
    if (zip_source_open(src) < 0) goto fail_src;
    strbuf b = STRBUF_INIT;
    char chunk[65536];
    for (;;) {
        zip_int64_t r = zip_source_read(src, chunk, sizeof chunk);
        if (r < 0) {
            strbuf_free(&b);
            zip_source_close(src);
            goto fail_src;
        }
        if (r == 0) break;
        strbuf_add(&b, chunk, (size_t)r);
    }
    zip_source_close(src);
    zip_source_free(src);
    *out_len = b.len;
    *out = b.data ? strbuf_take(&b) : xstrdup("");
    return true;

fail_src:
    diag_add(diags, DIAG_ERROR, loc_of(p->file, NULL), "docx.write",
             "The written package cannot be read back from memory.");
    zip_source_free(src);
    return false;
fail_ze:
    diag_add(diags, DIAG_ERROR, loc_of(p->file, NULL), "docx.write",
             "The output package cannot be created: %s.", _(zip_error_strerror(&ze)));
    zip_error_fini(&ze);
    return false;
}
