/* xlsx_read — see xlsx_read.h.
 *
 * Every part is streamed: zip_fread feeds an xmlTextReader through an I/O
 * callback that counts the inflated bytes (member, ratio and book limits),
 * and refuses control characters and DOCTYPE declarations before the
 * parser sees them.  So no part is ever held whole, a bomb stops at its
 * limit, and a million-row sheet costs its cells, not its XML. */
#include "xlsx_read.h"
#include "xlsx_limits.h"
#include "../docx/docx_package.h"   /* docx_part_name_ok: the same entry-name rules */
#include "../core/strbuf.h"
#include "../core/i18n.h"

#include <libxml/xmlreader.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

/* ------------------------------------------------------------------ */
/* Storage owned by the book: strings in an arena of blocks. */

typedef struct blk {
    struct blk *next;
    size_t used, cap;
    char data[];
} blk;

typedef struct {
    blk *blocks;
    size_t bytes;           /* text kept, for XLSX_MAX_TEXT_BYTES */
    xlsx_sheet *sheets;
    size_t nsheets;
} store;

#define BLOCK_BYTES 65536u

static char *arena_add(store *st, const char *s, size_t n)
{
    blk *b = st->blocks;
    if (!b || b->cap - b->used < n + 1) {
        size_t cap = n + 1 > BLOCK_BYTES ? n + 1 : BLOCK_BYTES;
        blk *nb = xmalloc(sizeof *nb + cap);
        nb->used = 0;
        nb->cap = cap;
        if (b && n + 1 > BLOCK_BYTES) {
            /* a big string gets a block of its own behind the current one,
             * so the current block's free room is not wasted */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            st->blocks = nb;
        }
        b = nb;
    }
    char *p = b->data + b->used;
    if (n) memcpy(p, s, n);
    p[n] = 0;
    b->used += n + 1;
    st->bytes += n;
    return p;
}

static void store_free(store *st)
{
    if (!st) return;
    for (size_t i = 0; i < st->nsheets; i++) {
        free((void *)st->sheets[i].cells);
        free((void *)st->sheets[i].merged);
    }
    free(st->sheets);
    for (blk *b = st->blocks; b;) {
        blk *n = b->next;
        free(b);
        b = n;
    }
    free(st);
}

/* ------------------------------------------------------------------ */
/* The reader's state. */

typedef struct {
    char *key;              /* lower case, '/' separators, no leading '/' */
    zip_uint64_t idx;
} entry;

typedef struct {
    char *id, *type, *target;   /* type: the last segment of the Type URI */
    bool external;
} rel;

typedef struct {
    const char *file;
    diag_list *diags;
    zip_t *za;
    entry *entries;
    size_t nentries;
    size_t inflated;        /* all parts read so far */
    size_t ncells;          /* all sheets so far */
    bool failed;
    store *st;
    const char **sst;       /* shared strings, in the arena */
    size_t *sst_len;
    size_t nsst;
    bool *xf_date, *xf_pct;
    size_t nxf;
} rd;

static diag_loc loc_of(const rd *r, const char *part, int line)
{
    diag_loc l = {0};
    l.file = r->file;
    l.part = part;
    l.line = line;
    return l;
}

/* Report an error and stop reading (every caller checks r->failed). */
static void fail_at(rd *r, const char *part, int line, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void fail_at(rd *r, const char *part, int line, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(r->diags, DIAG_ERROR, loc_of(r, part, line), code, fmt, ap);
    va_end(ap);
    r->failed = true;
}

/* ------------------------------------------------------------------ */
/* Zip entries: checked once, then looked up by OPC name. */

static char *entry_key(const char *name)
{
    while (*name == '/' || *name == '\\') name++;
    char *k = xstrdup(name);
    for (char *p = k; *p; p++) {
        if (*p == '\\') *p = '/';
        else if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
    }
    return k;
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

static const entry *find_entry(const rd *r, const char *name)
{
    char *k = entry_key(name);
    entry e = {k, 0};
    const entry *hit = bsearch(&e, r->entries, r->nentries, sizeof(entry), entry_cmp);
    free(k);
    return hit;
}

static bool load_entries(rd *r)
{
    zip_int64_t count = zip_get_num_entries(r->za, 0);
    if (count < 0 || (zip_uint64_t)count > XLSX_MAX_ENTRIES) {
        fail_at(r, NULL, 0, "xlsx.limit",
             "The workbook package has %lld entries, more than the %u a workbook may have; it is not a normal workbook, so check that this is the right file.",
             (long long)count, XLSX_MAX_ENTRIES);
        return false;
    }
    r->entries = xcalloc((size_t)count + 1, sizeof(entry));
    for (zip_int64_t i = 0; i < count; i++) {
        const char *en = zip_get_name(r->za, (zip_uint64_t)i, 0);
        if (!en) {
            fail_at(r, NULL, 0, "xlsx.zip",
                 "Entry %lld of the workbook package has no readable name; the file is damaged: save it again from Excel or WPS, or use an undamaged copy.",
                 (long long)i);
            return false;
        }
        size_t n = strlen(en);
        if (n > 0 && en[n - 1] == '/') continue;    /* a directory, not a part */
        if (!docx_part_name_ok(en)) {
            fail_at(r, en, 0, "xlsx.name",
                 "The workbook package holds the entry \"%s\", an unsafe name (absolute, \"..\", backslash or control character); the file may have been tampered with and is refused.",
                 en);
            return false;
        }
        r->entries[r->nentries].key = entry_key(en);
        r->entries[r->nentries].idx = (zip_uint64_t)i;
        r->nentries++;
    }
    qsort(r->entries, r->nentries, sizeof(entry), entry_cmp);
    /* Names that differ only in case or in "/" versus "\": zip readers may
     * take either for the part, so Excel and we could see different data. */
    for (size_t i = 1; i < r->nentries; i++) {
        if (strcmp(r->entries[i - 1].key, r->entries[i].key)) continue;
        const char *a = zip_get_name(r->za, r->entries[i - 1].idx, 0);
        const char *b = zip_get_name(r->za, r->entries[i].idx, 0);
        fail_at(r, b, 0, "xlsx.name",
             "The workbook package holds the entries \"%s\" and \"%s\", which zip readers may take for the same part, so the workbook is ambiguous and is refused; save it again from Excel or WPS to get a clean file.",
             a ? a : "", b ? b : "");
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* Streaming a part into the XML reader. */

typedef enum { MS_OK, MS_READ, MS_BIG, MS_TOTAL, MS_RATIO, MS_CTRL, MS_DOCTYPE, MS_MISC } ms_err;

typedef struct {
    rd *r;
    const char *part;
    zip_file_t *zf;
    zip_uint64_t comp;      /* compressed size */
    size_t inflated;
    int line, col;          /* of the next byte, for the control-character scan */
    unsigned dt;            /* bytes of "<!DOCTYPE" matched so far */
    unsigned mst;           /* bytes of "<!--" or "<?" matched so far */
    unsigned nmisc;         /* comments and processing instructions (and the XML declaration) */
    ms_err err;
    unsigned ctrl;
    int cline, ccol;
    char why[200];
} mstream;

typedef struct {
    xmlTextReaderPtr xr;
    mstream ms;
    char *part;
    bool haserr;
    int errline;
    char errmsg[200];
    int stack[XLSX_MAX_XML_DEPTH + 2];  /* element ids by depth, for the callers */
} xmlpart;

static int io_read(void *ctx, char *buf, int len)
{
    mstream *m = ctx;
    if (m->err != MS_OK) return -1;
    if (!m->zf) return 0;
    zip_int64_t got = zip_fread(m->zf, buf, (zip_uint64_t)len);
    if (got < 0) {
        snprintf(m->why, sizeof m->why, "%s", zip_error_strerror(zip_file_get_error(m->zf)));
        m->err = MS_READ;
        return -1;
    }
    size_t n = (size_t)got;
    m->inflated += n;
    m->r->inflated += n;
    if (m->inflated > XLSX_MAX_MEMBER_BYTES) { m->err = MS_BIG; return -1; }
    if (m->r->inflated > XLSX_MAX_TOTAL_BYTES) { m->err = MS_TOTAL; return -1; }
    if (m->inflated > XLSX_RATIO_FLOOR && m->inflated / (m->comp ? m->comp : 1) > XLSX_MAX_RATIO) {
        m->err = MS_RATIO;
        return -1;
    }
    static const char needle[] = "<!doctype";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            m->err = MS_CTRL;
            m->ctrl = c;
            m->cline = m->line;
            m->ccol = m->col;
            return -1;
        }
        if (c == '\n') {
            m->line++;
            m->col = 1;
        } else if ((c & 0xC0) != 0x80) {
            m->col++;
        }
        /* The XML reader frees elements once passed but keeps sibling
         * comments and processing instructions until their parent ends, so
         * they are counted here, before the parser has them. */
        if (c == '<') m->mst = 1;
        else if (m->mst == 1 && c == '?') { m->mst = 0; m->nmisc++; }
        else if (m->mst == 1 && c == '!') m->mst = 2;
        else if ((m->mst == 2 || m->mst == 3) && c == '-') { if (++m->mst == 4) { m->mst = 0; m->nmisc++; } }
        else m->mst = 0;
        if (m->nmisc > XLSX_MAX_XML_MISC) { m->err = MS_MISC; return -1; }
        unsigned char lc = (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
        if (lc == (unsigned char)needle[m->dt]) {
            if (++m->dt == sizeof needle - 1) { m->err = MS_DOCTYPE; return -1; }
        } else {
            m->dt = c == '<' ? 1 : 0;
        }
    }
    return (int)n;
}

static void xml_error(void *arg, xmlErrorPtr e)
{
    xmlpart *x = arg;
    if (x->haserr || !e) return;
    if (e->level < XML_ERR_ERROR) return;
    x->haserr = true;
    x->errline = e->line;
    snprintf(x->errmsg, sizeof x->errmsg, "%s", e->message ? e->message : "");
    size_t n = strlen(x->errmsg);
    while (n && (x->errmsg[n - 1] == '\n' || x->errmsg[n - 1] == ' ')) x->errmsg[--n] = 0;
}

static void report_stream(rd *r, xmlpart *x);

/* Open a part for reading.  A missing part is not reported here (callers
 * know whether it is optional); false then with nothing added. */
static bool xml_open(rd *r, const char *part, xmlpart *x)
{
    memset(x, 0, sizeof *x);
    const entry *e = find_entry(r, part);
    if (!e) return false;
    x->part = xstrdup(part);
    x->ms.r = r;
    x->ms.part = x->part;
    x->ms.line = 1;
    x->ms.col = 1;
    zip_stat_t zs;
    zip_stat_init(&zs);
    if (zip_stat_index(r->za, e->idx, 0, &zs) == 0) {
        if ((zs.valid & ZIP_STAT_ENCRYPTION_METHOD) && zs.encryption_method != ZIP_EM_NONE) {
            fail_at(r, part, 0, "xlsx.encrypted",
                 "The part %s of the workbook is encrypted with a password, so it cannot be read; open the workbook in Excel or WPS, remove the password and save it again.",
                 part);
            return true;
        }
        if (zs.valid & ZIP_STAT_COMP_SIZE) x->ms.comp = zs.comp_size;
        /* What the directory declares is checked first, so a bomb that says
         * what it is stops before a byte is inflated; the stream is counted
         * anyway, since a hostile directory may lie. */
        if (zs.valid & ZIP_STAT_SIZE) {
            zip_uint64_t comp = x->ms.comp ? x->ms.comp : 1;
            if (zs.size > XLSX_MAX_MEMBER_BYTES) x->ms.err = MS_BIG;
            else if (zs.size > XLSX_RATIO_FLOOR && zs.size / comp > XLSX_MAX_RATIO) x->ms.err = MS_RATIO;
            if (x->ms.err != MS_OK) {
                report_stream(r, x);
                return true;
            }
        }
    }
    x->ms.zf = zip_fopen_index(r->za, e->idx, 0);
    if (!x->ms.zf) {
        fail_at(r, part, 0, "xlsx.zip",
             "The part %s of the workbook cannot be read (%s); the file is damaged: save it again from Excel or WPS, or use an undamaged copy.",
             part, zip_strerror(r->za));
        return true;
    }
    /* NONET and none of NOENT/DTDLOAD/XINCLUDE: nothing outside the part is
     * read and no entity is substituted (a DOCTYPE never gets this far). */
    x->xr = xmlReaderForIO(io_read, NULL, &x->ms, part, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!x->xr) {
        if (x->ms.err != MS_OK) report_stream(r, x);
        else fail_at(r, part, 0, "xlsx.xml", "The part %s of the workbook cannot be parsed.", part);
        return true;
    }
    xmlTextReaderSetStructuredErrorHandler(x->xr, xml_error, x);
    return true;
}

/* The reason a stream stopped, as a diagnostic. */
static void report_stream(rd *r, xmlpart *x)
{
    mstream *m = &x->ms;
    const char *p = x->part;
    switch (m->err) {
    case MS_READ:
        fail_at(r, p, 0, "xlsx.zip",
             "The part %s of the workbook cannot be inflated (%s); the file is damaged: save it again from Excel or WPS, or use an undamaged copy.",
             p, m->why);
        break;
    case MS_BIG:
        fail_at(r, p, 0, "xlsx.limit",
             "The part %s of the workbook inflates to more than %u bytes, the most one part may have; a data workbook is far smaller, so check that this is the right file.",
             p, XLSX_MAX_MEMBER_BYTES);
        break;
    case MS_TOTAL:
        fail_at(r, p, 0, "xlsx.limit",
             "The parts of the workbook inflate to more than %u bytes in all (reached in %s), the most a workbook may have; check that this is the right file.",
             XLSX_MAX_TOTAL_BYTES, p);
        break;
    case MS_RATIO:
        fail_at(r, p, 0, "xlsx.limit",
             "The part %s of the workbook inflates to more than %u times its compressed size, which only a zip bomb does; the file is refused.",
             p, XLSX_MAX_RATIO);
        break;
    case MS_CTRL: {
        diag_loc l = loc_of(r, p, m->cline);
        l.col = m->ccol;
        diag_add(r->diags, DIAG_ERROR, l, "xlsx.xml",
                 "The part %s holds the control character U+%04X at line %d, column %d, which XML does not allow; the file is damaged or was made by a faulty program: save it again from Excel or WPS.",
                 p, m->ctrl, m->cline, m->ccol);
        r->failed = true;
        break;
    }
    case MS_DOCTYPE:
        fail_at(r, p, m->line, "xlsx.xml",
             "The part %s contains a DOCTYPE declaration, which workbook parts never have; it is refused for safety.",
             p);
        break;
    case MS_MISC:
        fail_at(r, p, m->line, "xlsx.limit",
             "The part %s holds more than %u XML comments or processing instructions, which no workbook program writes; the file is refused.",
             p, XLSX_MAX_XML_MISC);
        break;
    case MS_OK:
        break;
    }
}

/* The next node: 1, or 0 at the end, or -1 after a reported error.
 * Element depth is limited here for every part. */
static int xml_next(rd *r, xmlpart *x)
{
    if (r->failed || !x->xr) return -1;
    int rc = xmlTextReaderRead(x->xr);
    if (x->ms.err != MS_OK) {
        report_stream(r, x);
        return -1;
    }
    if (rc < 0 || x->haserr) {
        fail_at(r, x->part, x->errline, "xlsx.xml",
             "The part %s of the workbook is not well-formed XML (line %d: %s); save the workbook again from Excel or WPS.",
             x->part, x->errline, x->haserr ? x->errmsg : _("unreadable"));
        return -1;
    }
    if (rc == 0) return 0;
    int type = xmlTextReaderNodeType(x->xr);
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
        fail_at(r, x->part, xmlTextReaderGetParserLineNumber(x->xr), "xlsx.xml",
             "The part %s contains a DOCTYPE declaration, which workbook parts never have; it is refused for safety.",
             x->part);
        return -1;
    }
    if (type == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth(x->xr) >= (int)XLSX_MAX_XML_DEPTH) {
        fail_at(r, x->part, xmlTextReaderGetParserLineNumber(x->xr), "xlsx.limit",
             "The part %s nests its XML elements more than %u deep, which no workbook does; the file is refused.",
             x->part, XLSX_MAX_XML_DEPTH);
        return -1;
    }
    return 1;
}

/* Finish a part: read what the parser left (so the CRC is checked over
 * all of it, under the same limits) and close.  False after an error. */
static bool xml_close(rd *r, xmlpart *x)
{
    bool ok = !r->failed;
    if (x->xr) xmlFreeTextReader(x->xr);
    x->xr = NULL;
    if (x->ms.zf) {
        if (ok) {
            char buf[16384];
            int n;
            while ((n = io_read(&x->ms, buf, sizeof buf)) > 0) {}
            if (n < 0) {
                report_stream(r, x);
                ok = false;
            }
        }
        int rc = zip_fclose(x->ms.zf);
        x->ms.zf = NULL;
        if (ok && rc != 0) {
            zip_error_t e;
            zip_error_init_with_code(&e, rc);
            fail_at(r, x->part, 0, "xlsx.zip",
                 "The part %s of the workbook cannot be inflated (%s); the file is damaged: save it again from Excel or WPS, or use an undamaged copy.",
                 x->part, zip_error_strerror(&e));
            zip_error_fini(&e);
            ok = false;
        }
    }
    free(x->part);
    x->part = NULL;
    return ok && !r->failed;
}

static const char *lname(xmlpart *x)
{
    const xmlChar *n = xmlTextReaderConstLocalName(x->xr);
    return n ? (const char *)n : "";
}

static char *attr(xmlpart *x, const char *name)
{
    return (char *)xmlTextReaderGetAttribute(x->xr, BAD_CAST name);
}

static bool is_text_node(int type)
{
    return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
           type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* ------------------------------------------------------------------ */
/* Relationships. */

typedef struct {
    rel *v;
    size_t n;
} rels;

static void rels_free(rels *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        free(rs->v[i].id);
        free(rs->v[i].type);
        free(rs->v[i].target);
    }
    free(rs->v);
    rs->v = NULL;
    rs->n = 0;
}

/* The directory of a part ("xl/" for "xl/workbook.xml", "" for a root part). */
static char *part_dir(const char *part)
{
    const char *s = strrchr(part, '/');
    return s ? xstrndup(part, (size_t)(s - part + 1)) : xstrdup("");
}

/* Resolve a relationship target against the directory of its source part:
 * "/x" from the root, "." and ".." segments applied.  NULL when it climbs
 * above the root (*escapes) or is no acceptable part name. */
static char *resolve_target(const char *dir, const char *target, bool *escapes)
{
    *escapes = false;
    strbuf in = STRBUF_INIT;
    if (target[0] == '/') strbuf_adds(&in, target + 1);
    else {
        strbuf_adds(&in, dir);
        strbuf_adds(&in, target);
    }
    char *path = in.data ? in.data : xstrdup("");
    size_t nseg = 0;
    char **segs = NULL;
    char *save = NULL;
    for (char *s = strtok_r(path, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
        if (!strcmp(s, ".")) continue;
        if (!strcmp(s, "..")) {
            if (!nseg) {
                *escapes = true;
                free(segs);
                free(path);
                return NULL;
            }
            nseg--;
            continue;
        }
        segs = xgrow(segs, nseg, sizeof *segs);
        segs[nseg++] = s;
    }
    strbuf out = STRBUF_INIT;
    for (size_t i = 0; i < nseg; i++) {
        if (i) strbuf_addc(&out, '/');
        strbuf_adds(&out, segs[i]);
    }
    free(segs);
    free(path);
    char *res = out.data ? strbuf_take(&out) : xstrdup("");
    if (!docx_part_name_ok(res)) {
        free(res);
        return NULL;
    }
    return res;
}

/* Read the .rels part for source (NULL: the package's _rels/.rels).
 * A missing .rels part gives an empty list; targets are resolved. */
static bool read_rels(rd *r, const char *source, rels *out)
{
    memset(out, 0, sizeof *out);
    char *dir = source ? part_dir(source) : xstrdup("");
    char *name = source ? xasprintf("%s_rels/%s.rels", dir, source + strlen(dir)) : xstrdup("_rels/.rels");
    xmlpart x;
    bool ok = true;
    if (!xml_open(r, name, &x)) goto done;
    int rc;
    while ((rc = xml_next(r, &x)) == 1) {
        if (xmlTextReaderNodeType(x.xr) != XML_READER_TYPE_ELEMENT || strcmp(lname(&x), "Relationship"))
            continue;
        if (out->n >= XLSX_MAX_RELS) {
            fail_at(r, name, 0, "xlsx.limit",
                 "The part %s holds more than %u relationships, which no workbook has; the file is refused.",
                 name, XLSX_MAX_RELS);
            break;
        }
        char *id = attr(&x, "Id"), *type = attr(&x, "Type"), *target = attr(&x, "Target");
        char *mode = attr(&x, "TargetMode");
        if (id && type && target) {
            rel *rl;
            out->v = xgrow(out->v, out->n, sizeof(rel));
            rl = &out->v[out->n++];
            rl->id = xstrdup(id);
            const char *seg = strrchr(type, '/');
            rl->type = xstrdup(seg ? seg + 1 : type);
            rl->external = mode && !strcmp(mode, "External");
            rl->target = NULL;
            if (!rl->external) {
                bool esc;
                rl->target = resolve_target(dir, target, &esc);
                if (esc)
                    fail_at(r, name, xmlTextReaderGetParserLineNumber(x.xr), "xlsx.name",
                         "The relationship %s in %s points to \"%s\", outside the workbook package; the file may have been tampered with and is refused.",
                         id, name, target);
            }
        }
        xmlFree(id);
        xmlFree(type);
        xmlFree(target);
        xmlFree(mode);
        if (r->failed) break;
    }
    ok = xml_close(r, &x);
done:
    free(dir);
    free(name);
    if (!ok) rels_free(out);
    return ok;
}

static const rel *rel_by_id(const rels *rs, const char *id)
{
    for (size_t i = 0; i < rs->n; i++)
        if (!strcmp(rs->v[i].id, id)) return &rs->v[i];
    return NULL;
}

static const rel *rel_by_type(const rels *rs, const char *type)
{
    for (size_t i = 0; i < rs->n; i++)
        if (!strcmp(rs->v[i].type, type) && rs->v[i].target) return &rs->v[i];
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Cell references. */

char *xlsx_cell_name(uint32_t row, uint32_t col, char *out)
{
    if (row < 1 || row > XLSX_MAX_ROWS || col < 1 || col > XLSX_MAX_COLS) {
        strcpy(out, "?");
        return out;
    }
    char letters[4];
    int n = 0;
    for (uint32_t c = col; c; c = (c - 1) / 26) letters[n++] = (char)('A' + (c - 1) % 26);
    int k = 0;
    while (n) out[k++] = letters[--n];
    snprintf(out + k, 16 - (size_t)k, "%u", (unsigned)row);
    return out;
}

/* Parse "C7" at s; *end gets the first byte after it. */
static bool parse_ref(const char *s, const char **end, uint32_t *row, uint32_t *col)
{
    uint32_t c = 0, rw = 0;
    int nl = 0, nd = 0;
    while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) {
        if (++nl > 3) return false;
        c = c * 26 + (uint32_t)((*s | 0x20) - 'a' + 1);
        s++;
    }
    if (!nl || c > XLSX_MAX_COLS || *s < '1' || *s > '9') return false;
    while (*s >= '0' && *s <= '9') {
        if (++nd > 7) return false;
        rw = rw * 10 + (uint32_t)(*s - '0');
        s++;
    }
    if (rw > XLSX_MAX_ROWS) return false;
    *row = rw;
    *col = c;
    *end = s;
    return true;
}

bool xlsx_parse_cell_name(const char *ref, uint32_t *row, uint32_t *col)
{
    const char *e;
    uint32_t rw, c;
    if (!ref || !parse_ref(ref, &e, &rw, &c) || *e) return false;
    *row = rw;
    *col = c;
    return true;
}

static bool parse_range(const char *s, xlsx_range *out)
{
    const char *e;
    uint32_t r1, c1, r2, c2;
    if (!parse_ref(s, &e, &r1, &c1)) return false;
    if (*e == 0) {
        r2 = r1;
        c2 = c1;
    } else if (*e == ':') {
        if (!parse_ref(e + 1, &e, &r2, &c2) || *e) return false;
    } else {
        return false;
    }
    out->first_row = r1 < r2 ? r1 : r2;
    out->last_row = r1 < r2 ? r2 : r1;
    out->first_col = c1 < c2 ? c1 : c2;
    out->last_col = c1 < c2 ? c2 : c1;
    return true;
}

/* ------------------------------------------------------------------ */
/* Numbers. */

/* The parts of a decimal text: sign, significant digits (no leading
 * zeros) and exp such that value = 0.DIGITS × 10^exp. */
typedef struct {
    bool neg;
    char *digits;
    size_t nd;
    long exp;
} decimal;

/* Exponents beyond this are no number Excel holds (its doubles end near
 * 1E308), and keeping exp small keeps the arithmetic below from overflowing. */
#define EXP_BOUND 100000L

static bool parse_decimal(const char *t, decimal *d)
{
    memset(d, 0, sizeof *d);
    const char *s = t;
    if (*s == '+' || *s == '-') d->neg = *s++ == '-';
    size_t n = strlen(s);
    d->digits = xmalloc(n + 1);
    bool any = false, dot = false, lead = true;
    long intdigits = 0;     /* digits before the point, counted after leading zeros */
    long zeros_after_point = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            any = true;
            if (lead && *s == '0') {
                if (dot) zeros_after_point++;
                continue;
            }
            lead = false;
            d->digits[d->nd++] = *s;
            if (!dot) intdigits++;
        } else if (*s == '.' && !dot) {
            dot = true;
        } else {
            break;
        }
    }
    if (!any) goto bad;
    long e10 = 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        bool eneg = false;
        if (*s == '+' || *s == '-') eneg = *s++ == '-';
        if (*s < '0' || *s > '9') goto bad;
        for (; *s >= '0' && *s <= '9'; s++)
            if (e10 < EXP_BOUND) e10 = e10 * 10 + (*s - '0');
        if (eneg) e10 = -e10;
    }
    if (*s) goto bad;
    while (d->nd && d->digits[d->nd - 1] == '0') d->nd--;
    d->digits[d->nd] = 0;
    if (!d->nd) {
        d->neg = false;
        d->exp = 0;
        return true;
    }
    d->exp = (intdigits ? intdigits : -zeros_after_point) + e10;
    if (d->exp > EXP_BOUND || d->exp < -EXP_BOUND) goto bad;
    return true;
bad:
    free(d->digits);
    d->digits = NULL;
    return false;
}

/* Is t a number as XLSX_NUMBER promises (sign, digits, '.', exponent)? */
static bool number_syntax(const char *t)
{
    decimal d;
    if (!parse_decimal(t, &d)) return false;
    free(d.digits);
    return true;
}

bool xlsx_number_exact(const char *text, char *out, size_t outsz)
{
    decimal d;
    if (!text || !parse_decimal(text, &d)) return false;
    /* 16 or 17 significant digits are how programs write a binary double
     * (Excel always writes 17); Excel keeps and shows 15, so the rest is the
     * double's noise and is rounded off, half up.  Up to 15 digits are the
     * value as entered; more than 17 were not written from a double and
     * are kept whole. */
    if (d.nd > 15 && d.nd <= 17) {
        bool up = d.digits[15] >= '5';
        d.nd = 15;
        if (up) {
            size_t i = d.nd;
            while (i > 0 && d.digits[i - 1] == '9') d.digits[--i] = '0';
            if (i == 0) {
                memmove(d.digits + 1, d.digits, d.nd);
                d.digits[0] = '1';
                d.nd++;
                d.exp++;
            } else {
                d.digits[i - 1]++;
            }
        }
        while (d.nd && d.digits[d.nd - 1] == '0') d.nd--;
        d.digits[d.nd] = 0;
    }
    strbuf b = STRBUF_INIT;
    if (!d.nd) {
        strbuf_addc(&b, '0');
    } else {
        if (d.neg) strbuf_addc(&b, '-');
        if (d.exp <= 0) {
            strbuf_adds(&b, "0.");
            for (long i = 0; i < -d.exp && b.len < outsz; i++) strbuf_addc(&b, '0');
            strbuf_add(&b, d.digits, d.nd);
        } else if ((size_t)d.exp >= d.nd) {
            strbuf_add(&b, d.digits, d.nd);
            for (long i = (long)d.nd; i < d.exp && b.len < outsz; i++) strbuf_addc(&b, '0');
        } else {
            strbuf_add(&b, d.digits, (size_t)d.exp);
            strbuf_addc(&b, '.');
            strbuf_add(&b, d.digits + d.exp, d.nd - (size_t)d.exp);
        }
    }
    free(d.digits);
    bool fits = b.len < outsz;
    if (fits) memcpy(out, b.data, b.len + 1);
    strbuf_free(&b);
    return fits;
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

bool xlsx_serial_date(const char *text, bool date1904, int *y, int *m, int *d)
{
    decimal dc;
    if (!text || !parse_decimal(text, &dc)) return false;
    bool neg = dc.neg;
    long whole = 0;
    for (long i = 0; i < dc.exp && (size_t)i < 8; i++)
        whole = whole * 10 + ((size_t)i < dc.nd ? dc.digits[i] - '0' : 0);
    long exp = dc.exp;
    free(dc.digits);
    if (neg && dc.nd) return false;
    if (exp > 7) return false;      /* 8 digits of days are past 9999 */
    long base;
    if (date1904) {
        base = days_from_civil(1904, 1, 1);
    } else {
        if (whole < 1) return false;
        if (whole == 60) {      /* Lotus 1-2-3's 1900-02-29, kept by Excel */
            *y = 1900;
            *m = 2;
            *d = 29;
            return true;
        }
        base = days_from_civil(1899, 12, whole < 60 ? 31 : 30);
    }
    long day = base + whole;
    if (day > days_from_civil(9999, 12, 31)) return false;
    civil_from_days(day, y, m, d);
    return true;
}

/* ------------------------------------------------------------------ */
/* Number formats: which are dates. */

static bool builtin_date(unsigned id)
{
    /* 14-22 and 45-47 everywhere; 27-36 and 50-58 are the date and time
     * formats Excel and WPS build in for Chinese, Japanese and Korean. */
    return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) ||
           (id >= 50 && id <= 58);
}

/* A format code is a date or time format when it has d, m, y, h or s
 * outside quoted text, escapes and [..] (except elapsed [h] [mm] [ss]). */
static bool code_is_date(const char *s)
{
    for (; *s; s++) {
        char c = *s;
        if (c == '"') {
            s++;
            while (*s && *s != '"') s++;
            if (!*s) break;
        } else if (c == '\\' || c == '_' || c == '*') {
            if (!s[1]) break;
            s++;
        } else if (c == '[') {
            const char *e = strchr(s, ']');
            if (!e) break;
            bool elapsed = e > s + 1;
            for (const char *p = s + 1; p < e; p++)
                if (!strchr("hHmMsS", *p)) elapsed = false;
            if (elapsed) return true;
            s = e;
        } else if (strchr("dDmMyYhHsS", c)) {
            return true;
        }
    }
    return false;
}

typedef struct {
    unsigned id;
    bool date, percent;
} numfmt;

/* A format code shows a percentage when it has % outside quoted text,
 * escapes and [..] sections. */
static bool code_is_percent(const char *s)
{
    for (; *s; s++) {
        if (*s == '"') {
            s++;
            while (*s && *s != '"') s++;
            if (!*s) break;
        } else if (*s == '\\' || *s == '_' || *s == '*') {
            if (!s[1]) break;
            s++;
        } else if (*s == '[') {
            const char *e = strchr(s, ']');
            if (!e) break;
            s = e;
        } else if (*s == '%') {
            return true;
        }
    }
    return false;
}

static int numfmt_cmp(const void *a, const void *b)
{
    unsigned x = ((const numfmt *)a)->id, y = ((const numfmt *)b)->id;
    return x < y ? -1 : x > y;
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    if (!s || !*s) return false;
    unsigned long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return false;
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > max) return false;
    }
    *out = v;
    return true;
}

enum { E_OTHER, E_NUMFMTS, E_NUMFMT, E_CELLXFS, E_XF, E_SI, E_T, E_R, E_RPH,
       E_SHEETDATA, E_ROW, E_C, E_V, E_F, E_IS, E_MERGECELL };

static bool read_styles(rd *r, const char *part)
{
    xmlpart x;
    if (!xml_open(r, part, &x)) {
        fail_at(r, part, 0, "xlsx.part",
             "The workbook names its styles part %s, but the package does not contain it; the file is damaged: save it again from Excel or WPS.",
             part);
        return false;
    }
    numfmt *fmts = NULL;
    size_t nfmts = 0;
    unsigned *xfids = NULL;
    size_t nxf = 0;
    int rc;
    while ((rc = xml_next(r, &x)) == 1) {
        if (xmlTextReaderNodeType(x.xr) != XML_READER_TYPE_ELEMENT) continue;
        int depth = xmlTextReaderDepth(x.xr);
        const char *n = lname(&x);
        int id = !strcmp(n, "numFmts") ? E_NUMFMTS : !strcmp(n, "numFmt") ? E_NUMFMT
               : !strcmp(n, "cellXfs") ? E_CELLXFS : !strcmp(n, "xf") ? E_XF : E_OTHER;
        x.stack[depth] = id;
        int parent = depth ? x.stack[depth - 1] : E_OTHER;
        if (id == E_NUMFMT && parent == E_NUMFMTS) {
            if (nfmts >= XLSX_MAX_NUMFMTS) {
                fail_at(r, part, 0, "xlsx.limit",
                     "The styles part %s defines more than %u number formats, which no workbook has; the file is refused.",
                     part, XLSX_MAX_NUMFMTS);
                break;
            }
            char *sid = attr(&x, "numFmtId"), *code = attr(&x, "formatCode");
            unsigned long v;
            if (parse_uint(sid, 0xFFFFFFFFul, &v) && code) {
                fmts = xgrow(fmts, nfmts, sizeof *fmts);
                fmts[nfmts].id = (unsigned)v;
                fmts[nfmts].date = code_is_date(code);
                fmts[nfmts].percent = code_is_percent(code);
                nfmts++;
            }
            xmlFree(sid);
            xmlFree(code);
        } else if (id == E_XF && parent == E_CELLXFS) {
            if (nxf >= XLSX_MAX_STYLES) {
                fail_at(r, part, 0, "xlsx.limit",
                     "The styles part %s defines more than %u cell formats, which no workbook has; the file is refused.",
                     part, XLSX_MAX_STYLES);
                break;
            }
            char *sid = attr(&x, "numFmtId");
            unsigned long v = 0;
            if (!parse_uint(sid, 0xFFFFFFFFul, &v)) v = 0;
            xmlFree(sid);
            xfids = xgrow(xfids, nxf, sizeof *xfids);
            xfids[nxf++] = (unsigned)v;
        }
    }
    bool ok = xml_close(r, &x);
    if (ok) {
        if (nfmts) qsort(fmts, nfmts, sizeof *fmts, numfmt_cmp);
        r->xf_date = xcalloc(nxf + 1, sizeof(bool));
        r->xf_pct = xcalloc(nxf + 1, sizeof(bool));
        r->nxf = nxf;
        for (size_t i = 0; i < nxf; i++) {
            numfmt key = {xfids[i], false, false};
            const numfmt *f = nfmts ? bsearch(&key, fmts, nfmts, sizeof *fmts, numfmt_cmp) : NULL;
            r->xf_date[i] = f ? f->date : builtin_date(xfids[i]);
            r->xf_pct[i] = f ? f->percent : xfids[i] == 9 || xfids[i] == 10;
        }
    }
    free(fmts);
    free(xfids);
    return ok;
}

/* ------------------------------------------------------------------ */
/* Text: Excel writes characters XML cannot hold as _xHHHH_ (and a literal
 * "_x" as _x005F_x); they are undone here. */

static void add_text(strbuf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_') {
            unsigned v = 0;
            bool hex = true;
            for (size_t k = 2; k < 6; k++) {
                char c = s[i + k];
                int h = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (h < 0) hex = false;
                else v = v * 16 + (unsigned)h;
            }
            if (hex && v != 0 && (v < 0xD800 || v > 0xDFFF)) {
                char u[4];
                size_t k = 0;
                if (v < 0x80) u[k++] = (char)v;
                else if (v < 0x800) {
                    u[k++] = (char)(0xC0 | (v >> 6));
                    u[k++] = (char)(0x80 | (v & 0x3F));
                } else {
                    u[k++] = (char)(0xE0 | (v >> 12));
                    u[k++] = (char)(0x80 | ((v >> 6) & 0x3F));
                    u[k++] = (char)(0x80 | (v & 0x3F));
                }
                strbuf_add(b, u, k);
                i += 6;
                continue;
            }
        }
        strbuf_addc(b, s[i]);
    }
}

/* Append the current text node to b unless it would pass the limit. */
static bool take_text(rd *r, xmlpart *x, strbuf *b, bool shared)
{
    const char *v = (const char *)xmlTextReaderConstValue(x->xr);
    size_t n = v ? strlen(v) : 0;
    if (b->len + n > XLSX_MAX_STRING_BYTES) {
        int line = xmlTextReaderGetParserLineNumber(x->xr);
        if (shared)
            fail_at(r, x->part, line, "xlsx.limit",
                 "A shared string in the part %s (line %d) holds more than %u bytes of text, more than a cell may hold; the file is refused.",
                 x->part, line, XLSX_MAX_STRING_BYTES);
        else
            fail_at(r, x->part, line, "xlsx.limit",
                 "A cell value in the part %s (line %d) holds more than %u bytes of text, more than a cell may hold; the file is refused.",
                 x->part, line, XLSX_MAX_STRING_BYTES);
        return false;
    }
    add_text(b, v ? v : "", n);
    return true;
}

static bool keep_ok(rd *r, const char *part, size_t n)
{
    if (r->st->bytes + n <= XLSX_MAX_TEXT_BYTES) return true;
    fail_at(r, part, 0, "xlsx.limit",
         "The workbook holds more than %u bytes of text in all (reached in %s); a data workbook is far smaller, so check that this is the right file.",
         XLSX_MAX_TEXT_BYTES, part);
    return false;
}

static bool read_shared_strings(rd *r, const char *part)
{
    xmlpart x;
    if (!xml_open(r, part, &x)) {
        fail_at(r, part, 0, "xlsx.part",
             "The workbook names its shared-string part %s, but the package does not contain it; the file is damaged: save it again from Excel or WPS.",
             part);
        return false;
    }
    strbuf b = STRBUF_INIT;
    int rc;
    bool in_si = false;
    while ((rc = xml_next(r, &x)) == 1) {
        int type = xmlTextReaderNodeType(x.xr);
        int depth = xmlTextReaderDepth(x.xr);
        if (type == XML_READER_TYPE_ELEMENT) {
            const char *n = lname(&x);
            int id = !strcmp(n, "si") ? E_SI : !strcmp(n, "t") ? E_T : !strcmp(n, "r") ? E_R
                   : !strcmp(n, "rPh") ? E_RPH : E_OTHER;
            x.stack[depth] = id;
            if (id == E_SI && depth == 1) {
                if (r->nsst >= XLSX_MAX_SHARED_STRINGS) {
                    fail_at(r, part, xmlTextReaderGetParserLineNumber(x.xr), "xlsx.limit",
                         "The shared-string part %s holds more than %u strings, more than a data workbook has; the file is refused.",
                         part, XLSX_MAX_SHARED_STRINGS);
                    break;
                }
                strbuf_reset(&b);
                in_si = true;
                if (xmlTextReaderIsEmptyElement(x.xr)) type = XML_READER_TYPE_END_ELEMENT;
            }
        } else if (is_text_node(type) && in_si && depth >= 3) {
            /* <si><t>, <si><r><t>; never <si><rPh><t> (phonetic guides) */
            int p = x.stack[depth - 1], gp = x.stack[depth - 2];
            if (p == E_T && (gp == E_SI || (gp == E_R && depth >= 4 && x.stack[depth - 3] == E_SI)))
                if (!take_text(r, &x, &b, true)) break;
        }
        if (type == XML_READER_TYPE_END_ELEMENT && depth == 1 && in_si) {
            in_si = false;
            if (!keep_ok(r, part, b.len)) break;
            r->sst = xgrow(r->sst, r->nsst, sizeof *r->sst);
            r->sst_len = xgrow(r->sst_len, r->nsst, sizeof *r->sst_len);
            r->sst[r->nsst] = arena_add(r->st, b.data ? b.data : "", b.len);
            r->sst_len[r->nsst] = b.len;
            r->nsst++;
        }
    }
    strbuf_free(&b);
    return xml_close(r, &x);
}

/* ------------------------------------------------------------------ */
/* Worksheets. */

typedef struct {
    rd *r;
    xlsx_sheet *sh;
    const char *part;
    xlsx_cell *cells;
    size_t ncells;
    bool unsorted;
    xlsx_range *merged;
    size_t nmerged;
    /* the row and cell being read */
    uint32_t row, col;
    bool in_cell;
    uint32_t crow, ccol;
    char t[16];
    unsigned long style;
    bool has_style, has_v, has_f, has_is;
    strbuf v, is;
} sheetrd;

static int cell_cmp(const void *a, const void *b)
{
    const xlsx_cell *x = a, *y = b;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return 0;
}

static int range_cmp(const void *a, const void *b)
{
    const xlsx_range *x = a, *y = b;
    if (x->first_row != y->first_row) return x->first_row < y->first_row ? -1 : 1;
    if (x->first_col != y->first_col) return x->first_col < y->first_col ? -1 : 1;
    return 0;
}

static void trim(strbuf *b)
{
    size_t s = 0, e = b->len;
    while (s < e && strchr(" \t\r\n", b->data[s])) s++;
    while (e > s && strchr(" \t\r\n", b->data[e - 1])) e--;
    if (s) memmove(b->data, b->data + s, e - s);
    b->len = e - s;
    if (b->data) b->data[b->len] = 0;
}

static void cell_start(sheetrd *s, xmlpart *x)
{
    rd *r = s->r;
    char *ref = attr(x, "r"), *t = attr(x, "t"), *st = attr(x, "s");
    if (ref) {
        uint32_t rw, c;
        if (!xlsx_parse_cell_name(ref, &rw, &c)) {
            fail_at(r, s->part, xmlTextReaderGetParserLineNumber(x->xr), "xlsx.cell",
                 "Sheet \"%s\" has a cell with the reference \"%.40s\", which is no cell from A1 to XFD1048576; the file is damaged or was made by a faulty program: save it again from Excel or WPS.",
                 s->sh->name, ref);
            goto out;
        }
        s->crow = rw;
        s->ccol = c;
    } else {
        /* no reference: the next cell of the row */
        s->crow = s->row ? s->row : 1;
        s->ccol = s->col + 1;
        if (s->ccol > XLSX_MAX_COLS) {
            fail_at(r, s->part, xmlTextReaderGetParserLineNumber(x->xr), "xlsx.cell",
                 "Row %u of sheet \"%s\" has more cells than the %u columns a sheet has; the file is damaged or was made by a faulty program: save it again from Excel or WPS.",
                 (unsigned)s->crow, s->sh->name, XLSX_MAX_COLS);
            goto out;
        }
    }
    s->col = s->ccol;
    snprintf(s->t, sizeof s->t, "%s", t ? t : "n");
    if (t && strlen(t) >= sizeof s->t) strcpy(s->t, "?");
    s->has_style = parse_uint(st, 0xFFFFFFFFul, &s->style);
    s->has_v = s->has_f = s->has_is = false;
    strbuf_reset(&s->v);
    strbuf_reset(&s->is);
    s->in_cell = true;
out:
    xmlFree(ref);
    xmlFree(t);
    xmlFree(st);
}

static void cell_end(sheetrd *s, xmlpart *x)
{
    rd *r = s->r;
    s->in_cell = false;
    char name[16];
    xlsx_cell_name(s->crow, s->ccol, name);
    int line = xmlTextReaderGetParserLineNumber(x->xr);
    if (s->ncells >= XLSX_MAX_CELLS_PER_SHEET) {
        fail_at(r, s->part, line, "xlsx.limit",
             "Sheet \"%s\" has more than %u cells, more than a data workbook has; the file is refused (delete the unused rows and columns, or check that this is the right file).",
             s->sh->name, XLSX_MAX_CELLS_PER_SHEET);
        return;
    }
    if (r->ncells >= XLSX_MAX_CELLS) {
        fail_at(r, s->part, line, "xlsx.limit",
             "The workbook has more than %u cells in all (reached in sheet \"%s\"), more than a data workbook has; the file is refused.",
             XLSX_MAX_CELLS, s->sh->name);
        return;
    }
    xlsx_cell c = {0};
    c.row = s->crow;
    c.col = s->ccol;
    c.formula = s->has_f;
    c.kind = XLSX_EMPTY;
    const char *text = NULL;
    size_t len = 0;
    bool copy = true;
    bool date_style = s->has_style && s->style < r->nxf && r->xf_date[s->style];
    bool pct_style = s->has_style && s->style < r->nxf && r->xf_pct[s->style];
    const char *t = s->t;
    if (!strcmp(t, "inlineStr")) {
        if (s->has_is) {
            c.kind = XLSX_STRING;
            text = s->is.data ? s->is.data : "";
            len = s->is.len;
        } else if (s->has_v) {
            c.kind = XLSX_STRING;
            text = s->v.data ? s->v.data : "";
            len = s->v.len;
        }
    } else if (!s->has_v) {
        /* a blank, or a formula Excel has not calculated */
    } else if (!strcmp(t, "n")) {
        trim(&s->v);
        if (s->v.len == 0) {
            /* <v/>: no value */
        } else if (!number_syntax(s->v.data)) {
            fail_at(r, s->part, line, "xlsx.cell",
                 "Cell %s of sheet \"%s\" is a number cell but holds \"%.40s\", which is not a number; the file is damaged or was made by a faulty program: save it again from Excel or WPS.",
                 name, s->sh->name, s->v.data);
            return;
        } else {
            c.kind = XLSX_NUMBER;
            c.date = date_style;
            c.percent = pct_style;
            text = s->v.data;
            len = s->v.len;
        }
    } else if (!strcmp(t, "s")) {
        trim(&s->v);
        unsigned long idx;
        if (!parse_uint(s->v.data, 0xFFFFFFFFul, &idx) || idx >= r->nsst) {
            fail_at(r, s->part, line, "xlsx.cell",
                 "Cell %s of sheet \"%s\" refers to shared string \"%.20s\", but the workbook has %zu shared strings (numbered from 0); the file is damaged: save it again from Excel or WPS.",
                 name, s->sh->name, s->v.data ? s->v.data : "", r->nsst);
            return;
        }
        c.kind = XLSX_STRING;
        text = r->sst[idx];
        len = r->sst_len[idx];
        copy = false;
    } else if (!strcmp(t, "str")) {
        c.kind = XLSX_STRING;
        text = s->v.data ? s->v.data : "";
        len = s->v.len;
    } else if (!strcmp(t, "b")) {
        trim(&s->v);
        const char *v = s->v.data ? s->v.data : "";
        if (!strcmp(v, "1") || !strcmp(v, "true")) text = "1";
        else if (!strcmp(v, "0") || !strcmp(v, "false")) text = "0";
        else {
            fail_at(r, s->part, line, "xlsx.cell",
                 "Cell %s of sheet \"%s\" is a TRUE/FALSE cell but holds \"%.40s\"; the file is damaged or was made by a faulty program: save it again from Excel or WPS.",
                 name, s->sh->name, v);
            return;
        }
        c.kind = XLSX_BOOL;
        len = 1;
        copy = false;
    } else if (!strcmp(t, "e")) {
        trim(&s->v);
        if (s->v.len) {
            c.kind = XLSX_ERROR;
            text = s->v.data;
            len = s->v.len;
        }
    } else if (!strcmp(t, "d")) {
        trim(&s->v);
        c.kind = XLSX_STRING;
        c.date = true;
        text = s->v.data ? s->v.data : "";
        len = s->v.len;
    } else {
        fail_at(r, s->part, line, "xlsx.cell",
             "Cell %s of sheet \"%s\" has the unknown type \"%s\"; the file was made by a faulty program: save it again from Excel or WPS.",
             name, s->sh->name, t);
        return;
    }
    if (!text) {
        c.text = "";
        c.len = 0;
    } else if (copy) {
        if (!keep_ok(r, s->part, len)) return;
        c.text = arena_add(r->st, text, len);
        c.len = len;
    } else {
        c.text = text;      /* a shared string or a literal: already owned */
        c.len = len;
    }
    if (s->ncells) {
        int k = cell_cmp(&s->cells[s->ncells - 1], &c);
        if (k == 0) {
            fail_at(r, s->part, line, "xlsx.cell",
                 "Sheet \"%s\" holds the cell %s twice; the file is damaged or was made by a faulty program: save it again from Excel or WPS.",
                 s->sh->name, name);
            return;
        }
        if (k > 0) s->unsorted = true;
    }
    s->cells = xgrow(s->cells, s->ncells, sizeof *s->cells);
    s->cells[s->ncells++] = c;
    r->ncells++;
}

static bool read_sheet(rd *r, const char *part, xlsx_sheet *sh)
{
    xmlpart x;
    if (!xml_open(r, part, &x)) {
        fail_at(r, part, 0, "xlsx.part",
             "The workbook lists the sheet \"%s\" in the part %s, but the package does not contain it; the file is damaged: save it again from Excel or WPS.",
             sh->name, part);
        return false;
    }
    sheetrd s = {0};
    s.r = r;
    s.sh = sh;
    s.part = part;
    int rc;
    while ((rc = xml_next(r, &x)) == 1) {
        int type = xmlTextReaderNodeType(x.xr);
        int depth = xmlTextReaderDepth(x.xr);
        if (type == XML_READER_TYPE_ELEMENT) {
            const char *n = lname(&x);
            int id;
            switch (n[0]) {
            case 's': id = !strcmp(n, "sheetData") ? E_SHEETDATA : E_OTHER; break;
            case 'r': id = !strcmp(n, "row") ? E_ROW : !strcmp(n, "r") ? E_R : !strcmp(n, "rPh") ? E_RPH : E_OTHER; break;
            case 'c': id = !n[1] ? E_C : E_OTHER; break;
            case 'v': id = !n[1] ? E_V : E_OTHER; break;
            case 'f': id = !n[1] ? E_F : E_OTHER; break;
            case 'i': id = !strcmp(n, "is") ? E_IS : E_OTHER; break;
            case 't': id = !n[1] ? E_T : E_OTHER; break;
            case 'm': id = !strcmp(n, "mergeCell") ? E_MERGECELL : E_OTHER; break;
            default: id = E_OTHER;
            }
            x.stack[depth] = id;
            int parent = depth ? x.stack[depth - 1] : E_OTHER;
            bool empty = xmlTextReaderIsEmptyElement(x.xr);
            if (id == E_ROW && parent == E_SHEETDATA) {
                char *rr = attr(&x, "r");
                unsigned long v;
                if (!rr) {
                    s.row++;
                } else if (parse_uint(rr, XLSX_MAX_ROWS, &v) && v >= 1) {
                    s.row = (uint32_t)v;
                } else {
                    fail_at(r, part, xmlTextReaderGetParserLineNumber(x.xr), "xlsx.cell",
                         "Sheet \"%s\" has a row numbered \"%.40s\", which is no row from 1 to %u; the file is damaged or was made by a faulty program: save it again from Excel or WPS.",
                         sh->name, rr, XLSX_MAX_ROWS);
                }
                xmlFree(rr);
                if (s.row > XLSX_MAX_ROWS)
                    fail_at(r, part, xmlTextReaderGetParserLineNumber(x.xr), "xlsx.cell",
                         "Sheet \"%s\" has more than the %u rows a sheet has; the file is damaged or was made by a faulty program: save it again from Excel or WPS.",
                         sh->name, XLSX_MAX_ROWS);
                s.col = 0;
            } else if (id == E_C && parent == E_ROW && depth >= 2 && x.stack[depth - 2] == E_SHEETDATA) {
                cell_start(&s, &x);
                if (empty && s.in_cell) cell_end(&s, &x);
            } else if (s.in_cell && id == E_V && parent == E_C) {
                s.has_v = true;
                strbuf_reset(&s.v);
            } else if (s.in_cell && id == E_F && parent == E_C) {
                s.has_f = true;
            } else if (s.in_cell && id == E_IS && parent == E_C) {
                s.has_is = true;
                strbuf_reset(&s.is);
            } else if (id == E_MERGECELL) {
                if (s.nmerged >= XLSX_MAX_MERGED) {
                    fail_at(r, part, xmlTextReaderGetParserLineNumber(x.xr), "xlsx.limit",
                         "Sheet \"%s\" has more than %u merged ranges, more than a data workbook has; the file is refused.",
                         sh->name, XLSX_MAX_MERGED);
                } else {
                    char *ref = attr(&x, "ref");
                    xlsx_range g;
                    if (ref && parse_range(ref, &g)) {
                        s.merged = xgrow(s.merged, s.nmerged, sizeof *s.merged);
                        s.merged[s.nmerged++] = g;
                    } else {
                        fail_at(r, part, xmlTextReaderGetParserLineNumber(x.xr), "xlsx.cell",
                             "Sheet \"%s\" merges the range \"%.40s\", which is no range of cells; the file is damaged or was made by a faulty program: save it again from Excel or WPS.",
                             sh->name, ref ? ref : "");
                    }
                    xmlFree(ref);
                }
            }
        } else if (is_text_node(type) && s.in_cell && depth >= 3) {
            int p = x.stack[depth - 1], gp = x.stack[depth - 2];
            if (p == E_V && gp == E_C) {
                if (!take_text(r, &x, &s.v, false)) break;
            } else if (p == E_T && (gp == E_IS || (gp == E_R && depth >= 4 && x.stack[depth - 3] == E_IS))) {
                if (!take_text(r, &x, &s.is, false)) break;
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (s.in_cell && x.stack[depth] == E_C) cell_end(&s, &x);
        }
        if (r->failed) break;
    }
    bool ok = xml_close(r, &x);
    strbuf_free(&s.v);
    strbuf_free(&s.is);
    if (ok && s.unsorted) {
        qsort(s.cells, s.ncells, sizeof *s.cells, cell_cmp);
        for (size_t i = 1; i < s.ncells; i++) {
            if (cell_cmp(&s.cells[i - 1], &s.cells[i])) continue;
            char name[16];
            fail_at(r, part, 0, "xlsx.cell",
                 "Sheet \"%s\" holds the cell %s twice; the file is damaged or was made by a faulty program: save it again from Excel or WPS.",
                 sh->name, xlsx_cell_name(s.cells[i].row, s.cells[i].col, name));
            ok = false;
            break;
        }
    }
    if (s.nmerged) qsort(s.merged, s.nmerged, sizeof *s.merged, range_cmp);
    sh->cells = s.cells;
    sh->ncells = s.ncells;
    sh->merged = s.merged;
    sh->nmerged = s.nmerged;
    return ok;
}

/* ------------------------------------------------------------------ */
/* The workbook part. */

static const char *const rel_ns[] = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
};

typedef struct {
    char *name, *rid;
    bool hidden;
} sheetref;

static bool read_workbook(rd *r, const char *part, xlsx_book *b, sheetref **refs, size_t *nrefs)
{
    xmlpart x;
    if (!xml_open(r, part, &x)) {
        fail_at(r, part, 0, "xlsx.part",
             "The package names %s as its workbook part, but does not contain it; the file is damaged: save it again from Excel or WPS.",
             part);
        return false;
    }
    int rc;
    bool root_seen = false;
    while ((rc = xml_next(r, &x)) == 1) {
        if (xmlTextReaderNodeType(x.xr) != XML_READER_TYPE_ELEMENT) continue;
        const char *n = lname(&x);
        int depth = xmlTextReaderDepth(x.xr);
        if (!root_seen) {
            root_seen = true;
            if (strcmp(n, "workbook")) {
                fail_at(r, part, 0, "xlsx.format",
                     "The main part %s of the file is not a workbook (its root element is <%s>), so this is no Excel workbook; give the workbook (.xlsx) instead.",
                     part, n);
                break;
            }
            continue;
        }
        if (depth == 1 && !strcmp(n, "workbookPr")) {
            char *v = attr(&x, "date1904");
            b->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
            xmlFree(v);
        } else if (depth == 2 && !strcmp(n, "sheet")) {
            if (*nrefs >= XLSX_MAX_SHEETS) {
                fail_at(r, part, 0, "xlsx.limit",
                     "The workbook has more than %u sheets, more than a data workbook has; the file is refused.",
                     XLSX_MAX_SHEETS);
                break;
            }
            char *name = attr(&x, "name"), *state = attr(&x, "state");
            char *rid = NULL;
            for (size_t i = 0; i < sizeof rel_ns / sizeof *rel_ns && !rid; i++)
                rid = (char *)xmlTextReaderGetAttributeNs(x.xr, BAD_CAST "id", BAD_CAST rel_ns[i]);
            int line = xmlTextReaderGetParserLineNumber(x.xr);
            if (!name || !*name || strlen(name) > XLSX_MAX_SHEET_NAME_BYTES || !rid) {
                fail_at(r, part, line, "xlsx.book",
                     "The workbook lists a sheet without a usable name or part (sheet %zu, name \"%.40s\"); the file is damaged or was made by a faulty program: save it again from Excel or WPS.",
                     *nrefs + 1, name ? name : "");
            } else {
                for (size_t i = 0; i < *nrefs; i++)
                    if (!strcmp((*refs)[i].name, name)) {
                        fail_at(r, part, line, "xlsx.book",
                             "The workbook has two sheets named \"%s\", so it is not clear which one is meant; the file was made by a faulty program: rename one of them in Excel or WPS and save again.",
                             name);
                        break;
                    }
                if (!r->failed) {
                    *refs = xgrow(*refs, *nrefs, sizeof **refs);
                    sheetref *sr = &(*refs)[(*nrefs)++];
                    sr->name = xstrdup(name);
                    sr->rid = xstrdup(rid);
                    sr->hidden = state && (!strcmp(state, "hidden") || !strcmp(state, "veryHidden"));
                }
            }
            xmlFree(name);
            xmlFree(state);
            xmlFree(rid);
        }
        if (r->failed) break;
    }
    bool ok = xml_close(r, &x);
    if (ok && !*nrefs) {
        fail_at(r, part, 0, "xlsx.book",
             "The workbook lists no sheets; the file is damaged: save it again from Excel or WPS.");
        ok = false;
    }
    return ok;
}

/* ------------------------------------------------------------------ */
/* What a file that is no workbook is. */

/* Does a compound file (OLE2) hold a directory entry of that name?  Every
 * directory entry sits at a multiple of 128 bytes past the header sector;
 * one is recognised by its UTF-16 name, the name's byte length and a
 * stream (2) or storage (1) type, so no sector chain needs following. */
static bool cfb_has_entry(const unsigned char *p, size_t len, const char *name)
{
    size_t nl = strlen(name);
    if (len < 512 || nl > 31) return false;
    unsigned shift = (unsigned)(p[30] | (p[31] << 8));
    size_t sector = (shift == 12) ? 4096 : 512;
    for (size_t off = sector; off + 128 <= len; off += 128) {
        const unsigned char *e = p + off;
        unsigned bytes = (unsigned)(e[64] | (e[65] << 8));
        if (bytes != (nl + 1) * 2 || (e[66] != 1 && e[66] != 2)) continue;
        bool same = true;
        for (size_t i = 0; i < nl && same; i++) {
            unsigned ch = (unsigned)(e[2 * i] | (e[2 * i + 1] << 8));
            unsigned want = (unsigned char)name[i];
            if (ch >= 'a' && ch <= 'z') ch -= 32;
            if (want >= 'a' && want <= 'z') want -= 32;
            if (ch != want) same = false;
        }
        if (same) return true;
    }
    return false;
}

static void report_cfb(rd *r, const unsigned char *p, size_t len)
{
    if (cfb_has_entry(p, len, "EncryptedPackage"))
        fail_at(r, NULL, 0, "xlsx.encrypted",
             "The workbook is protected with a password to open, so it cannot be read; open it in Excel or WPS, remove the password (in Excel: File, Info, Protect Workbook, Encrypt with Password, and clear it) and save it again.");
    else if (cfb_has_entry(p, len, "Workbook") || cfb_has_entry(p, len, "Book"))
        fail_at(r, NULL, 0, "xlsx.xls",
             "The file is an old binary Excel workbook (.xls), which cannot be read; open it in Excel or WPS and save it as an Excel workbook (*.xlsx) with Save As.");
    else
        fail_at(r, NULL, 0, "xlsx.xls",
             "The file is an old binary Office file (OLE2), not an Excel workbook (.xlsx); give the workbook instead, or open the file in Excel or WPS and save it as an Excel workbook (*.xlsx) with Save As.");
}

/* A zip with no office document relationship: name what it is if we can. */
static void report_not_workbook(rd *r)
{
    const entry *mt = find_entry(r, "mimetype");
    if (mt) {
        zip_file_t *zf = zip_fopen_index(r->za, mt->idx, 0);
        char buf[128] = {0};
        if (zf) {
            zip_int64_t n = zip_fread(zf, buf, sizeof buf - 1);
            if (n < 0) buf[0] = 0;
            zip_fclose(zf);
        }
        if (strstr(buf, "opendocument.spreadsheet")) {
            fail_at(r, NULL, 0, "xlsx.format",
                 "The file is an OpenDocument spreadsheet (.ods), which cannot be read; open it in WPS or LibreOffice Calc and save it as an Excel workbook (*.xlsx).");
            return;
        }
    }
    fail_at(r, NULL, 0, "xlsx.format",
         "The file is a zip package but not an Excel workbook (it has no workbook part); give the workbook (.xlsx), or open the file in Excel or WPS and save it as an Excel workbook (*.xlsx).");
}

/* ------------------------------------------------------------------ */

static void free_refs(sheetref *refs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(refs[i].name);
        free(refs[i].rid);
    }
    free(refs);
}

static void read_package(rd *r, xlsx_book *b)
{
    rels root, wb;
    memset(&wb, 0, sizeof wb);
    sheetref *refs = NULL;
    size_t nrefs = 0;
    char *mainpart = NULL;
    if (!read_rels(r, NULL, &root)) return;
    const rel *m = rel_by_type(&root, "officeDocument");
    mainpart = m ? xstrdup(m->target) : NULL;
    rels_free(&root);
    if (!mainpart) {
        report_not_workbook(r);
        return;
    }
    size_t ml = strlen(mainpart);
    if (!strncasecmp(mainpart, "word/", 5)) {
        fail_at(r, NULL, 0, "xlsx.format",
             "The file is a Word document (.docx), not an Excel workbook; give the workbook (.xlsx) instead.");
        goto out;
    }
    if (ml > 4 && !strcasecmp(mainpart + ml - 4, ".bin")) {
        fail_at(r, NULL, 0, "xlsx.format",
             "The file is an Excel binary workbook (.xlsb), which cannot be read; open it in Excel or WPS and save it as an Excel workbook (*.xlsx).");
        goto out;
    }
    if (!find_entry(r, mainpart)) {
        /* PowerPoint, Visio ...: an office package with another mainpart part */
        if (strncasecmp(mainpart, "xl/", 3)) {
            report_not_workbook(r);
            goto out;
        }
    }
    if (!read_rels(r, mainpart, &wb)) goto out;
    if (!read_workbook(r, mainpart, b, &refs, &nrefs)) goto out;
    const rel *sst = rel_by_type(&wb, "sharedStrings");
    if (sst && !read_shared_strings(r, sst->target)) goto out;
    const rel *sty = rel_by_type(&wb, "styles");
    if (sty && !read_styles(r, sty->target)) goto out;
    store *st = r->st;
    st->sheets = xcalloc(nrefs, sizeof(xlsx_sheet));
    for (size_t i = 0; i < nrefs; i++) {
        xlsx_sheet *sh = &st->sheets[i];
        st->nsheets = i + 1;
        sh->name = arena_add(st, refs[i].name, strlen(refs[i].name));
        sh->hidden = refs[i].hidden;
        const rel *sr = rel_by_id(&wb, refs[i].rid);
        if (!sr || !sr->target) {
            fail_at(r, mainpart, 0, "xlsx.part",
                 "The workbook lists the sheet \"%s\" with the relationship %s, which its relationship part does not define; the file is damaged: save it again from Excel or WPS.",
                 refs[i].name, refs[i].rid);
            break;
        }
        /* chart sheets and dialog sheets hold no cells */
        if (strcmp(sr->type, "worksheet")) continue;
        if (!read_sheet(r, sr->target, sh)) break;
    }
    if (!r->failed) {
        b->sheets = st->sheets;
        b->nsheets = st->nsheets;
    }
out:
    free(mainpart);
    rels_free(&wb);
    free_refs(refs, nrefs);
}

xlsx_book *xlsx_read(const char *file, const void *data, size_t len, diag_list *diags)
{
    rd r = {0};
    r.file = file ? file : "";
    r.diags = diags;
    const unsigned char *p = data;
    if (len > XLSX_MAX_FILE_BYTES) {
        fail_at(&r, NULL, 0, "xlsx.limit",
             "The file is %zu bytes long, more than the %u bytes a workbook may have; a data workbook is far smaller, so check that this is the right file.",
             len, XLSX_MAX_FILE_BYTES);
        return NULL;
    }
    static const unsigned char cfb_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (len >= 8 && !memcmp(p, cfb_magic, 8)) {
        report_cfb(&r, p, len);
        return NULL;
    }
    if (len < 4 || p[0] != 'P' || p[1] != 'K') {
        fail_at(&r, NULL, 0, "xlsx.notzip",
             "The file is not an Excel workbook (.xlsx): it is not a zip package (it may be a CSV, web page or text file given the name .xlsx); open it in Excel or WPS and save it as an Excel workbook (*.xlsx).");
        return NULL;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    r.za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (!r.za) {
        fail_at(&r, NULL, 0, "xlsx.zip",
             "The file starts like a zip package but cannot be opened as one (%s); it is damaged or incomplete: save it again from Excel or WPS, or use an undamaged copy.",
             zip_error_strerror(&ze));
        if (src) zip_source_free(src);
        zip_error_fini(&ze);
        return NULL;
    }
    zip_error_fini(&ze);
    xlsx_book *b = xcalloc(1, sizeof *b);
    r.st = xcalloc(1, sizeof(store));
    b->priv = r.st;
    if (load_entries(&r)) read_package(&r, b);
    zip_discard(r.za);      /* also frees src */
    for (size_t i = 0; i < r.nentries; i++) free(r.entries[i].key);
    free(r.entries);
    free(r.sst);
    free(r.sst_len);
    free(r.xf_date);
    free(r.xf_pct);
    if (r.failed) {
        xlsx_book_free(b);
        return NULL;
    }
    return b;
}

void xlsx_book_free(xlsx_book *b)
{
    if (!b) return;
    store_free(b->priv);
    free(b);
}

const xlsx_sheet *xlsx_sheet_by_name(const xlsx_book *b, const char *name)
{
    for (size_t i = 0; b && name && i < b->nsheets; i++)
        if (!strcmp(b->sheets[i].name, name)) return &b->sheets[i];
    return NULL;
}

const xlsx_cell *xlsx_cell_at(const xlsx_sheet *s, uint32_t row, uint32_t col)
{
    if (!s || !s->ncells) return NULL;
    xlsx_cell key = {0};
    key.row = row;
    key.col = col;
    return bsearch(&key, s->cells, s->ncells, sizeof *s->cells, cell_cmp);
}

const xlsx_range *xlsx_merged_at(const xlsx_sheet *s, uint32_t row, uint32_t col)
{
    /* sorted by first row: stop at the first range that starts below row */
    for (size_t i = 0; s && i < s->nmerged; i++) {
        const xlsx_range *g = &s->merged[i];
        if (g->first_row > row) break;
        if (row <= g->last_row && col >= g->first_col && col <= g->last_col) return g;
    }
    return NULL;
}
