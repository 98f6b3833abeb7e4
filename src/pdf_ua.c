/*
 * pdf_ua.c: turns the tagged PDF cairo 1.16 writes into a PDF/UA-1 one.
 *
 * cairo writes the structure tree, the marked content of its leaves and
 * the link annotations, but no /Lang, no XMP, no /Alt, no artifacts, and
 * no content for an element that has children.  So draw.c never nests,
 * and logs what it began (kf_tag_log); here libqpdf (its C API) reads the
 * whole file from memory and
 *   - sets the catalog's /Lang, /MarkInfo, /ViewerPreferences and an XMP
 *     /Metadata stream with dc:title and pdfuaid:part 1;
 *   - puts one Document element over cairo's elements, each log entry
 *     matched with cairo's element of the same rank (and the same type,
 *     or the file is refused: a mismatch would put texts on the wrong
 *     elements); a Link goes into the element it was drawn in, the rest
 *     of an element cut by a link goes back into it;
 *   - gives each Figure its /Alt and each link annotation its /Contents,
 *     and each page with annotations /Tabs /S;
 *   - wraps every stretch of a page's content that lies outside marked
 *     content (bands, rules, tile backgrounds, gridlines: whatever was
 *     drawn without a tag) in /Artifact BMC ... EMC.
 * qpdf writes with a deterministic /ID, so the same report gives the same
 * bytes.
 */
#include "pdf_ua.h"

#include <pthread.h>
#include <qpdf/qpdf-c.h>
#include <qpdf/qpdflogger-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* XMP                                                                */
/* ------------------------------------------------------------------ */

static void
xml_text(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default:
            /* XML 1.0 allows no C0 control but tab, LF and CR. */
            if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n' ||
                *s == '\r')
                fputc(*s, f);
        }
    }
}

static void
xmp_alt(FILE *f, const char *name, const char *lang, const char *text)
{
    fprintf(f, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", name);
    xml_text(f, text);
    fprintf(f, "</rdf:li><rdf:li xml:lang=\"%s\">", lang);
    xml_text(f, text);
    fprintf(f, "</rdf:li></rdf:Alt></%s>\n", name);
}

/* The XMP packet (ISO 16684-1) the catalog's /Metadata holds: what the
 * document information dictionary says (`producer`, cairo's, may be NULL),
 * and the PDF/UA identification. */
static char *
xmp_packet(const kf_pdf_ua *ua, const char *producer, size_t *size)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, size);
    if (!f)
        return NULL;
    fputs("<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
          "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
          " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
          "  <rdf:Description rdf:about=\"\"\n"
          "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
          "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
          "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
          "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
          "   <dc:format>application/pdf</dc:format>\n",
          f);
    xmp_alt(f, "dc:title", ua->lang, ua->title);
    if (ua->author) {
        fputs("   <dc:creator><rdf:Seq><rdf:li>", f);
        xml_text(f, ua->author);
        fputs("</rdf:li></rdf:Seq></dc:creator>\n", f);
    }
    if (ua->subject)
        xmp_alt(f, "dc:description", ua->lang, ua->subject);
    fprintf(f, "   <dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag>"
               "</dc:language>\n", ua->lang);
    if (ua->keywords) {
        fputs("   <pdf:Keywords>", f);
        xml_text(f, ua->keywords);
        fputs("</pdf:Keywords>\n", f);
    }
    if (producer) {
        fputs("   <pdf:Producer>", f);
        xml_text(f, producer);
        fputs("</pdf:Producer>\n", f);
    }
    fputs("   <xmp:CreatorTool>", f);
    xml_text(f, ua->creator);
    fprintf(f, "</xmp:CreatorTool>\n"
               "   <xmp:CreateDate>%s</xmp:CreateDate>\n"
               "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n"
               "   <xmp:MetadataDate>%s</xmp:MetadataDate>\n"
               "   <pdfuaid:part>1</pdfuaid:part>\n"
               "  </rdf:Description>\n"
               " </rdf:RDF>\n"
               "</x:xmpmeta>\n"
               "<?xpacket end=\"r\"?>",
            ua->date, ua->date, ua->date);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* ------------------------------------------------------------------ */
/* Artifacts                                                          */
/* ------------------------------------------------------------------ */

static bool
is_space(unsigned char c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' ||
           c == ' ';
}

static bool
is_delim(unsigned char c)
{
    return strchr("()<>[]{}/%", c) != NULL;
}

/* The end of the token at data[i] (not a space), for the content-stream
 * syntax of ISO 32000-1, 7.2 and 7.8.2; sets *op when it is an operator
 * (a bare keyword that is not true, false or null). */
static size_t
token_end(const unsigned char *d, size_t n, size_t i, bool *op)
{
    *op = false;
    unsigned char c = d[i];
    if (c == '(') {
        int depth = 0;
        for (; i < n; i++) {
            if (d[i] == '\\')
                i++;
            else if (d[i] == '(')
                depth++;
            else if (d[i] == ')' && --depth == 0)
                return i + 1;
        }
        return n;
    }
    if (c == '<' || c == '>') {
        if (i + 1 < n && d[i + 1] == c)
            return i + 2; /* << or >> */
        while (i < n && d[i] != '>')
            i++;
        return i < n ? i + 1 : n;
    }
    if (c == '[' || c == ']' || c == '{' || c == '}')
        return i + 1;
    if (c == '%') {
        while (i < n && d[i] != '\n' && d[i] != '\r')
            i++;
        return i;
    }
    size_t start = i;
    if (c == '/')
        i++;
    while (i < n && !is_space(d[i]) && !is_delim(d[i]))
        i++;
    if (c != '/' && !(c >= '0' && c <= '9') && c != '+' && c != '-' &&
        c != '.') {
        size_t len = i - start;
        *op = !((len == 4 && !memcmp(d + start, "true", 4)) ||
                (len == 5 && !memcmp(d + start, "false", 5)) ||
                (len == 4 && !memcmp(d + start, "null", 4)));
    }
    return i;
}

static bool
is_op(const unsigned char *d, size_t start, size_t end, const char *name)
{
    size_t len = strlen(name);
    return end - start == len && !memcmp(d + start, name, len);
}

/* `data` with every stretch of operations outside marked content wrapped
 * in "/Artifact BMC ... EMC" (ISO 32000-1, 14.8.2.2).  cairo begins and
 * ends marked content only between graphics objects, so the stretches
 * between them are whole objects too.  NULL when out of memory or when
 * the marked content does not balance (the stream is then left alone). */
static char *
wrap_artifacts(const unsigned char *d, size_t n, size_t *out_size)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, out_size);
    if (!f)
        return NULL;
    int depth = 0;
    bool artifact = false;
    size_t copied = 0;   /* d[0, copied) is written */
    size_t op_start = 0; /* where the current operation's operands begin */
    bool have_operands = false;
    size_t i = 0;
    while (i < n) {
        if (is_space(d[i])) {
            i++;
            continue;
        }
        bool op;
        size_t end = token_end(d, n, i, &op);
        if (d[i] == '%') {
            i = end;
            continue;
        }
        if (!have_operands)
            op_start = i;
        if (!op) {
            have_operands = true;
            i = end;
            continue;
        }
        have_operands = false;
        bool begin = is_op(d, i, end, "BDC") || is_op(d, i, end, "BMC");
        bool finish = is_op(d, i, end, "EMC");
        if ((begin || finish) && artifact) {
            fwrite(d + copied, 1, op_start - copied, f);
            fputs("EMC\n", f);
            copied = op_start;
            artifact = false;
        }
        if (begin) {
            depth++;
        } else if (finish) {
            if (--depth < 0)
                break;
        } else if (depth == 0 && !artifact) {
            fwrite(d + copied, 1, op_start - copied, f);
            fputs("/Artifact BMC\n", f);
            copied = op_start;
            artifact = true;
        }
        if (is_op(d, i, end, "ID")) {
            /* An inline image's data runs to whitespace, "EI", then
             * whitespace or the end. */
            size_t j = end + 1;
            while (j + 2 <= n &&
                   !(is_space(d[j - 1]) && d[j] == 'E' && d[j + 1] == 'I' &&
                     (j + 2 == n || is_space(d[j + 2]))))
                j++;
            end = j + 2 <= n ? j + 2 : n;
        }
        i = end;
    }
    fwrite(d + copied, 1, n - copied, f);
    if (artifact)
        fputs("\nEMC\n", f);
    if (fclose(f) != 0 || depth != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* ------------------------------------------------------------------ */
/* The structure tree                                                 */
/* ------------------------------------------------------------------ */

/* Appends `item` to the /K of element `e`, making /K an array first. */
static void
append_kid(qpdf_data q, qpdf_oh e, qpdf_oh item)
{
    qpdf_oh k = qpdf_oh_get_key(q, e, "/K");
    if (qpdf_oh_is_null(q, k)) {
        k = qpdf_oh_new_array(q);
        qpdf_oh_replace_key(q, e, "/K", k);
    } else if (!qpdf_oh_is_array(q, k)) {
        k = qpdf_oh_wrap_in_array(q, k);
        qpdf_oh_replace_key(q, e, "/K", k);
        k = qpdf_oh_get_key(q, e, "/K");
    }
    qpdf_oh_append_item(q, k, item);
}

/* Points every entry of the parent tree (a flat /Nums, as cairo writes
 * it) that names element `from` at element `to` instead. */
static void
repoint_parents(qpdf_data q, qpdf_oh nums, int from, qpdf_oh to)
{
    int n = qpdf_oh_get_array_n_items(q, nums);
    for (int i = 1; i < n; i += 2) {
        qpdf_oh v = qpdf_oh_get_array_item(q, nums, i);
        if (qpdf_oh_get_object_id(q, v) == from) {
            qpdf_oh_set_array_item(q, nums, i, to);
            continue;
        }
        if (!qpdf_oh_is_array(q, v))
            continue;
        int m = qpdf_oh_get_array_n_items(q, v);
        for (int j = 0; j < m; j++)
            if (qpdf_oh_get_object_id(q, qpdf_oh_get_array_item(q, v, j)) ==
                from)
                qpdf_oh_set_array_item(q, v, j, to);
    }
}

/* The annotation a Link element holds through its object reference. */
static qpdf_oh
link_annot(qpdf_data q, qpdf_oh e)
{
    qpdf_oh k = qpdf_oh_get_key(q, e, "/K");
    if (!qpdf_oh_is_array(q, k))
        k = qpdf_oh_wrap_in_array(q, k);
    int n = qpdf_oh_get_array_n_items(q, k);
    for (int i = 0; i < n; i++) {
        qpdf_oh kid = qpdf_oh_get_array_item(q, k, i);
        if (qpdf_oh_is_dictionary_of_type(q, kid, "/OBJR", ""))
            return qpdf_oh_get_key(q, kid, "/Obj");
    }
    return qpdf_oh_new_null(q);
}

/* The kids of a structure element, as an array (a lone kid wrapped). */
static qpdf_oh
kids_of(qpdf_data q, qpdf_oh e)
{
    qpdf_oh k = qpdf_oh_get_key(q, e, "/K");
    return qpdf_oh_is_array(q, k) ? k : qpdf_oh_wrap_in_array(q, k);
}

/* Gives every header cell of a Table its /Scope (ISO 14289-1, 7.5): a
 * row of headers only heads columns; a header in a row with data heads
 * its row. */
static void
scope_headers(qpdf_data q, qpdf_oh table)
{
    qpdf_oh rows = kids_of(q, table);
    int nrows = qpdf_oh_get_array_n_items(q, rows);
    for (int i = 0; i < nrows; i++) {
        qpdf_oh tr = qpdf_oh_get_array_item(q, rows, i);
        if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, tr, "/S"),
                                        "/TR"))
            continue;
        qpdf_oh cells = kids_of(q, tr);
        int ncells = qpdf_oh_get_array_n_items(q, cells);
        bool all_headers = true;
        for (int j = 0; j < ncells; j++)
            all_headers = all_headers &&
                          qpdf_oh_is_name_and_equals(
                              q,
                              qpdf_oh_get_key(
                                  q, qpdf_oh_get_array_item(q, cells, j),
                                  "/S"),
                              "/TH");
        for (int j = 0; j < ncells; j++) {
            qpdf_oh cell = qpdf_oh_get_array_item(q, cells, j);
            if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, cell, "/S"),
                                           "/TH"))
                qpdf_oh_replace_key(
                    q, cell, "/A",
                    qpdf_oh_parse(q, all_headers
                                         ? "<< /O /Table /Scope /Column >>"
                                         : "<< /O /Table /Scope /Row >>"));
        }
    }
}

static bool
restructure(qpdf_data q, qpdf_oh catalog, const kf_pdf_ua *ua, char *why,
            size_t why_size)
{
    qpdf_oh root = qpdf_oh_get_key(q, catalog, "/StructTreeRoot");
    if (!qpdf_oh_is_dictionary(q, root)) {
        snprintf(why, why_size, "cairo wrote no structure tree");
        return false;
    }
    qpdf_oh kids = qpdf_oh_get_key(q, root, "/K");
    if (!qpdf_oh_is_array(q, kids))
        kids = qpdf_oh_wrap_in_array(q, kids);
    size_t n = (size_t)qpdf_oh_get_array_n_items(q, kids);
    const kf_tag_log *log = ua->tags;
    if (log->failed || n != log->count) {
        snprintf(why, why_size,
                 "the PDF has %zu structure elements where %zu were drawn", n,
                 log->count);
        return false;
    }
    qpdf_oh *el = malloc((n ? n : 1) * sizeof(*el));
    if (!el) {
        snprintf(why, why_size, "out of memory");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        el[i] = qpdf_oh_get_array_item(q, kids, (int)i);
        qpdf_oh s = qpdf_oh_get_key(q, el[i], "/S");
        char want[64];
        snprintf(want, sizeof(want), "/%s", log->items[i].tag);
        if (!qpdf_oh_is_name_and_equals(q, s, want) ||
            !qpdf_oh_is_indirect(q, el[i]) ||
            (log->items[i].joins >= (long)i)) {
            snprintf(why, why_size,
                     "structure element %zu is not the %s that was drawn",
                     i + 1, log->items[i].tag);
            free(el);
            return false;
        }
    }
    qpdf_oh doc = qpdf_make_indirect_object(
        q, qpdf_oh_parse(q, "<< /Type /StructElem /S /Document >>"));
    qpdf_oh_replace_key(q, doc, "/P", root);
    qpdf_oh doc_kids = qpdf_oh_new_array(q);
    qpdf_oh nums = qpdf_oh_get_key(
        q, qpdf_oh_get_key(q, root, "/ParentTree"), "/Nums");
    for (size_t i = 0; i < n; i++) {
        const kf_tag_entry *t = &log->items[i];
        const char *text = ua->texts ? ua->texts[i] : NULL;
        bool is_link = !strcmp(t->tag, "Link");
        if (text && text[0] && !strcmp(t->tag, "Figure"))
            qpdf_oh_replace_key(q, el[i], "/Alt",
                                qpdf_oh_new_unicode_string(q, text));
        if (!strcmp(t->tag, "Table"))
            scope_headers(q, el[i]);
        if (is_link) {
            qpdf_oh annot = link_annot(q, el[i]);
            if (text && text[0] && qpdf_oh_is_dictionary(q, annot))
                qpdf_oh_replace_key(q, annot, "/Contents",
                                    qpdf_oh_new_unicode_string(q, text));
        }
        if (t->joins < 0) {
            qpdf_oh_replace_key(q, el[i], "/P", doc);
            if (!t->last)
                qpdf_oh_append_item(q, doc_kids, el[i]);
        } else if (is_link) {
            qpdf_oh head = el[t->joins];
            qpdf_oh_replace_key(q, el[i], "/P", head);
            append_kid(q, head, el[i]);
        } else {
            /* The rest of an element a link cut: its marked content goes
             * back to the element, which is on the same page. */
            qpdf_oh head = el[t->joins];
            qpdf_oh k = qpdf_oh_get_key(q, el[i], "/K");
            if (!qpdf_oh_is_array(q, k))
                k = qpdf_oh_wrap_in_array(q, k);
            int m = qpdf_oh_get_array_n_items(q, k);
            if (!qpdf_oh_has_key(q, head, "/Pg"))
                qpdf_oh_replace_key(q, head, "/Pg",
                                    qpdf_oh_get_key(q, el[i], "/Pg"));
            for (int j = 0; j < m; j++)
                append_kid(q, head, qpdf_oh_get_array_item(q, k, j));
            repoint_parents(q, nums, qpdf_oh_get_object_id(q, el[i]), head);
            /* Left unreferenced: qpdf does not write it. */
        }
        /* At a page's last element, its footer (drawn first) is put
         * after its content, where a reader expects it. */
        if (i + 1 == n || log->items[i + 1].page != t->page) {
            size_t j = i + 1;
            while (j > 0 && log->items[j - 1].page == t->page)
                j--;
            for (; j <= i; j++)
                if (log->items[j].last && log->items[j].joins < 0)
                    qpdf_oh_append_item(q, doc_kids, el[j]);
        }
    }
    qpdf_oh_replace_key(q, doc, "/K", doc_kids);
    qpdf_oh top = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, top, doc);
    qpdf_oh_replace_key(q, root, "/K", top);
    free(el);
    return true;
}

/* ------------------------------------------------------------------ */
/* The document                                                       */
/* ------------------------------------------------------------------ */

static bool
mark_pages(qpdf_data q, char *why, size_t why_size)
{
    int pages = qpdf_get_num_pages(q);
    for (int i = 0; i < pages; i++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
        if (qpdf_oh_is_array(q, qpdf_oh_get_key(q, page, "/Annots")))
            qpdf_oh_replace_key(q, page, "/Tabs", qpdf_oh_new_name(q, "/S"));
        qpdf_oh contents = qpdf_oh_get_key(q, page, "/Contents");
        if (!qpdf_oh_is_stream(q, contents)) {
            /* cairo writes one content stream per page. */
            snprintf(why, why_size, "page %d has no single content stream",
                     i + 1);
            return false;
        }
        QPDF_BOOL filtered = QPDF_FALSE;
        unsigned char *data = NULL;
        size_t len = 0;
        if (qpdf_oh_get_stream_data(q, contents, qpdf_dl_generalized,
                                    &filtered, &data, &len) & QPDF_ERRORS ||
            !filtered) {
            free(data);
            snprintf(why, why_size, "page %d's content cannot be read", i + 1);
            return false;
        }
        size_t wrapped_size = 0;
        char *wrapped = wrap_artifacts(data, len, &wrapped_size);
        free(data);
        if (!wrapped) {
            snprintf(why, why_size,
                     "page %d's marked content does not balance", i + 1);
            return false;
        }
        qpdf_oh_replace_stream_data(q, contents, (unsigned char *)wrapped,
                                    wrapped_size, qpdf_oh_new_null(q),
                                    qpdf_oh_new_null(q));
        free(wrapped);
    }
    return true;
}

/* libqpdf promises that separate QPDF objects may be used from separate
 * threads, but a batch at -j 2 aborted once in the test suite inside this
 * pass (not reproduced in 80 runs since): its shared default logger and
 * its lazily set up process-wide state are the suspects.  So each document
 * gets a logger of its own, and the pass runs one document at a time:
 * 200 sheets at -j 2 took the same time with and without the lock (1.8 to
 * 2.1 s on a loaded machine). */
static pthread_mutex_t qpdf_lock = PTHREAD_MUTEX_INITIALIZER;

static kf_status apply_locked(const char *pdf, size_t size,
                              const kf_pdf_ua *ua, char **out,
                              size_t *out_size, char *why, size_t why_size);

kf_status
kf_pdf_ua_apply(const char *pdf, size_t size, const kf_pdf_ua *ua, char **out,
                size_t *out_size, char *why, size_t why_size)
{
    *out = NULL;
    *out_size = 0;
    why[0] = '\0';
    pthread_mutex_lock(&qpdf_lock);
    kf_status status =
        apply_locked(pdf, size, ua, out, out_size, why, why_size);
    pthread_mutex_unlock(&qpdf_lock);
    return status;
}

static kf_status
apply_locked(const char *pdf, size_t size, const kf_pdf_ua *ua, char **out,
             size_t *out_size, char *why, size_t why_size)
{
    qpdf_data q = qpdf_init();
    qpdflogger_handle logger = qpdflogger_create();
    qpdf_set_logger(q, logger);
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    kf_status status = KF_ERR_OUTPUT;
    char *xmp = NULL;
    if (qpdf_read_memory(q, "cairo's PDF", pdf, size, NULL) & QPDF_ERRORS)
        goto done;
    qpdf_oh catalog = qpdf_get_root(q);
    qpdf_oh_replace_key(q, catalog, "/Lang",
                        qpdf_oh_new_unicode_string(q, ua->lang));
    qpdf_oh_replace_key(q, catalog, "/MarkInfo",
                        qpdf_oh_parse(q, "<< /Marked true >>"));
    qpdf_oh_replace_key(q, catalog, "/ViewerPreferences",
                        qpdf_oh_parse(q, "<< /DisplayDocTitle true >>"));
    size_t xmp_size = 0;
    /* The XMP says what the information dictionary says, cairo's
     * /Producer included, so that readers of either agree. */
    xmp = xmp_packet(ua, qpdf_get_info_key(q, "/Producer"), &xmp_size);
    if (!xmp) {
        status = KF_ERR_MEMORY;
        goto done;
    }
    qpdf_oh meta = qpdf_oh_new_stream(q);
    /* Uncompressed, as XMP readers that scan for the packet expect. */
    qpdf_oh_replace_stream_data(q, meta, (unsigned char *)xmp, xmp_size,
                                qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    qpdf_oh dict = qpdf_oh_get_dict(q, meta);
    qpdf_oh_replace_key(q, dict, "/Type", qpdf_oh_new_name(q, "/Metadata"));
    qpdf_oh_replace_key(q, dict, "/Subtype", qpdf_oh_new_name(q, "/XML"));
    qpdf_oh_replace_key(q, catalog, "/Metadata", meta);
    if (!restructure(q, catalog, ua, why, why_size) ||
        !mark_pages(q, why, why_size))
        goto done;
    if (qpdf_has_error(q))
        goto done;
    if (qpdf_init_write_memory(q) & QPDF_ERRORS)
        goto done;
    qpdf_set_deterministic_ID(q, QPDF_TRUE);
    qpdf_set_object_stream_mode(q, qpdf_o_preserve);
    qpdf_set_compress_streams(q, QPDF_TRUE);
    /* PDF/UA-1 is built on ISO 32000-1, PDF 1.7. */
    qpdf_set_minimum_pdf_version(q, "1.7");
    if (qpdf_write(q) & QPDF_ERRORS)
        goto done;
    size_t len = (size_t)qpdf_get_buffer_length(q);
    *out = malloc(len ? len : 1);
    if (!*out) {
        status = KF_ERR_MEMORY;
        goto done;
    }
    memcpy(*out, qpdf_get_buffer(q), len);
    *out_size = len;
    status = KF_OK;
done:
    if (status != KF_OK && !why[0]) {
        if (qpdf_has_error(q)) {
            qpdf_error e = qpdf_get_error(q);
            snprintf(why, why_size, "qpdf: %s", qpdf_get_error_full_text(q, e));
        } else {
            snprintf(why, why_size, "%s", kf_strerror(status));
        }
    }
    free(xmp);
    qpdf_cleanup(&q);
    qpdflogger_cleanup(&logger);
    return status;
}
