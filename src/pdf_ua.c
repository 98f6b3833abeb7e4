/*
 * pdf_ua.c: turns the tagged PDF cairo 1.16 writes into a PDF/UA-1 one.
 *
 * cairo writes the structure tree, the marked content of its leaves and
 * the link annotations, but no /Lang, no XMP, no /Alt, no artifacts, and
 * no content for an element that has children.  So draw.c never nests,
 * and logs what it began (kf_tag_log); here the objects concerned are read
 * from the file in memory (pdf_file.c), and the pass
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
 * Every other object (the fonts, most of a file) is copied as cairo wrote
 * it.  The /ID comes from the content, so the same report gives the same
 * bytes.  Nothing here is shared between documents: editions and batch
 * rows are written in parallel.
 */
#include "pdf_ua.h"

#include "pdf_file.h"

#include <stdarg.h>
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
        if (kf_pdf_is_space(d[i])) {
            i++;
            continue;
        }
        bool op;
        size_t end = kf_pdf_token_end(d, n, i, &op);
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
                   !(kf_pdf_is_space(d[j - 1]) && d[j] == 'E' && d[j + 1] == 'I' &&
                     (j + 2 == n || kf_pdf_is_space(d[j + 2]))))
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

static kf_pdf_val *
name(kf_pdf_file *f, const char *n)
{
    return kf_pdf_new_raw(f, KF_PDF_NAME, n);
}

/* A dictionary of names: << /key value ... >> from "key", "value"
 * pairs ending with NULL ("/Marked", "true" for a boolean). */
static kf_pdf_val *
dict_of(kf_pdf_file *f, const char *key, ...)
{
    kf_pdf_val *d = kf_pdf_new_dict(f);
    va_list ap;
    va_start(ap, key);
    for (; key; key = va_arg(ap, const char *)) {
        const char *value = va_arg(ap, const char *);
        kf_pdf_set(f, d, key,
                   kf_pdf_new_raw(f, value[0] == '/' ? KF_PDF_NAME
                                                     : KF_PDF_BOOL,
                                  value));
    }
    va_end(ap);
    return d;
}

/* The kids of a structure element, as an array (a lone kid wrapped;
 * none: empty). */
static kf_pdf_val *
kids_of(kf_pdf_file *f, kf_pdf_val *e)
{
    kf_pdf_val *k = kf_pdf_get(e, "/K");
    if (k && k->kind == KF_PDF_ARRAY)
        return k;
    kf_pdf_val *a = kf_pdf_new_array(f);
    if (k)
        kf_pdf_append(f, a, k);
    return a;
}

/* Appends `item` to the /K of element `e` (which is being edited),
 * making /K an array first. */
static void
append_kid(kf_pdf_file *f, kf_pdf_val *e, kf_pdf_val *item)
{
    kf_pdf_val *k = kids_of(f, e);
    if (k != kf_pdf_get(e, "/K"))
        kf_pdf_set(f, e, "/K", k);
    kf_pdf_append(f, k, item);
}

/* Points every entry of the parent tree (a flat /Nums, as cairo writes
 * it, whose values are elements or arrays of them, direct or not) that
 * names element `from` at element `to` instead. */
static void
repoint_parents(kf_pdf_file *f, int tree, int from, int to)
{
    kf_pdf_val *nums = kf_pdf_get(kf_pdf_object(f, tree), "/Nums");
    if (!nums || nums->kind != KF_PDF_ARRAY)
        return;
    for (size_t i = 1; i < nums->n; i += 2) {
        kf_pdf_val *v = nums->items[i];
        if (v->kind == KF_PDF_REF && v->num == from) {
            kf_pdf_edit(f, tree);
            nums->items[i] = kf_pdf_new_ref(f, to);
            continue;
        }
        kf_pdf_val *a = kf_pdf_resolve(f, v);
        if (!a || a->kind != KF_PDF_ARRAY)
            continue;
        for (size_t j = 0; j < a->n; j++) {
            if (a->items[j]->kind != KF_PDF_REF || a->items[j]->num != from)
                continue;
            kf_pdf_edit(f, v->kind == KF_PDF_REF ? v->num : tree);
            a->items[j] = kf_pdf_new_ref(f, to);
        }
    }
}

/* The object number of the annotation a Link element holds through its
 * object reference, or 0. */
static int
link_annot(kf_pdf_file *f, kf_pdf_val *e)
{
    kf_pdf_val *k = kids_of(f, e);
    for (size_t i = 0; i < k->n; i++) {
        kf_pdf_val *kid = kf_pdf_resolve(f, k->items[i]);
        kf_pdf_val *obj = kf_pdf_get(kid, "/Obj");
        if (kf_pdf_is_name(kf_pdf_get(kid, "/Type"), "/OBJR") && obj &&
            obj->kind == KF_PDF_REF)
            return obj->num;
    }
    return 0;
}

/* Gives every header cell of a Table its /Scope (ISO 14289-1, 7.5): a
 * row of headers only heads columns; a header in a row with data heads
 * its row.  cairo writes every element as an object of its own. */
static void
scope_headers(kf_pdf_file *f, kf_pdf_val *table)
{
    kf_pdf_val *rows = kids_of(f, table);
    for (size_t i = 0; i < rows->n; i++) {
        kf_pdf_val *tr = kf_pdf_resolve(f, rows->items[i]);
        if (!kf_pdf_is_name(kf_pdf_get(tr, "/S"), "/TR"))
            continue;
        kf_pdf_val *cells = kids_of(f, tr);
        bool all_headers = true;
        for (size_t j = 0; j < cells->n; j++)
            all_headers = all_headers &&
                          kf_pdf_is_name(
                              kf_pdf_get(kf_pdf_resolve(f, cells->items[j]),
                                         "/S"),
                              "/TH");
        for (size_t j = 0; j < cells->n; j++) {
            kf_pdf_val *ref = cells->items[j];
            kf_pdf_val *cell = kf_pdf_resolve(f, ref);
            if (ref->kind != KF_PDF_REF ||
                !kf_pdf_is_name(kf_pdf_get(cell, "/S"), "/TH"))
                continue;
            kf_pdf_set(f, kf_pdf_edit(f, ref->num), "/A",
                       dict_of(f, "/O", "/Table", "/Scope",
                               all_headers ? "/Column" : "/Row", NULL));
        }
    }
}

static bool
restructure(kf_pdf_file *f, kf_pdf_val *catalog, const kf_pdf_ua *ua,
            char *why, size_t why_size)
{
    kf_pdf_val *root_ref = kf_pdf_get(catalog, "/StructTreeRoot");
    kf_pdf_val *root = root_ref && root_ref->kind == KF_PDF_REF
                           ? kf_pdf_edit(f, root_ref->num)
                           : NULL;
    if (!root || root->kind != KF_PDF_DICT) {
        snprintf(why, why_size, "cairo wrote no structure tree");
        return false;
    }
    kf_pdf_val *kids = kids_of(f, root);
    size_t n = kids->n;
    const kf_tag_log *log = ua->tags;
    if (log->failed || n != log->count) {
        snprintf(why, why_size,
                 "the PDF has %zu structure elements where %zu were drawn", n,
                 log->count);
        return false;
    }
    kf_pdf_val **el = malloc((n ? n : 1) * sizeof(*el));
    int *num = malloc((n ? n : 1) * sizeof(*num));
    if (!el || !num) {
        free(el);
        free(num);
        snprintf(why, why_size, "out of memory");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        kf_pdf_val *ref = kids->items[i];
        num[i] = ref->kind == KF_PDF_REF ? ref->num : 0;
        el[i] = num[i] ? kf_pdf_edit(f, num[i]) : NULL;
        char want[64];
        snprintf(want, sizeof(want), "/%s", log->items[i].tag);
        if (!kf_pdf_is_name(kf_pdf_get(el[i], "/S"), want) ||
            (log->items[i].joins >= (long)i)) {
            snprintf(why, why_size,
                     "structure element %zu is not the %s that was drawn",
                     i + 1, log->items[i].tag);
            free(el);
            free(num);
            return false;
        }
    }
    kf_pdf_val *doc = dict_of(f, "/Type", "/StructElem", "/S", "/Document",
                              NULL);
    kf_pdf_set(f, doc, "/P", kf_pdf_new_ref(f, root_ref->num));
    int doc_num = kf_pdf_add(f, doc);
    kf_pdf_val *doc_kids = kf_pdf_new_array(f);
    kf_pdf_val *tree = kf_pdf_get(root, "/ParentTree");
    for (size_t i = 0; i < n; i++) {
        const kf_tag_entry *t = &log->items[i];
        const char *text = ua->texts ? ua->texts[i] : NULL;
        bool is_link = !strcmp(t->tag, "Link");
        if (text && text[0] && !strcmp(t->tag, "Figure"))
            kf_pdf_set(f, el[i], "/Alt", kf_pdf_new_string(f, text));
        if (!strcmp(t->tag, "Table"))
            scope_headers(f, el[i]);
        if (is_link && text && text[0]) {
            int annot = link_annot(f, el[i]);
            kf_pdf_val *a = annot ? kf_pdf_edit(f, annot) : NULL;
            if (a && a->kind == KF_PDF_DICT)
                kf_pdf_set(f, a, "/Contents", kf_pdf_new_string(f, text));
        }
        if (t->joins < 0) {
            kf_pdf_set(f, el[i], "/P", kf_pdf_new_ref(f, doc_num));
            if (!t->last)
                kf_pdf_append(f, doc_kids, kf_pdf_new_ref(f, num[i]));
        } else if (is_link) {
            kf_pdf_val *head = el[t->joins];
            kf_pdf_set(f, el[i], "/P", kf_pdf_new_ref(f, num[t->joins]));
            append_kid(f, head, kf_pdf_new_ref(f, num[i]));
        } else {
            /* The rest of an element a link cut: its marked content goes
             * back to the element, which is on the same page. */
            kf_pdf_val *head = el[t->joins];
            kf_pdf_val *k = kids_of(f, el[i]);
            kf_pdf_val *pg = kf_pdf_get(el[i], "/Pg");
            if (!kf_pdf_get(head, "/Pg") && pg)
                kf_pdf_set(f, head, "/Pg", pg);
            for (size_t j = 0; j < k->n; j++)
                append_kid(f, head, k->items[j]);
            if (tree && tree->kind == KF_PDF_REF)
                repoint_parents(f, tree->num, num[i], num[t->joins]);
            /* Nothing refers to it any more. */
            kf_pdf_drop(f, num[i]);
        }
        /* At a page's last element, its footer (drawn first) is put
         * after its content, where a reader expects it. */
        if (i + 1 == n || log->items[i + 1].page != t->page) {
            size_t j = i + 1;
            while (j > 0 && log->items[j - 1].page == t->page)
                j--;
            for (; j <= i; j++)
                if (log->items[j].last && log->items[j].joins < 0)
                    kf_pdf_append(f, doc_kids, kf_pdf_new_ref(f, num[j]));
        }
    }
    kf_pdf_set(f, doc, "/K", doc_kids);
    kf_pdf_val *top = kf_pdf_new_array(f);
    kf_pdf_append(f, top, kf_pdf_new_ref(f, doc_num));
    kf_pdf_set(f, root, "/K", top);
    free(el);
    free(num);
    return true;
}

/* ------------------------------------------------------------------ */
/* The document                                                       */
/* ------------------------------------------------------------------ */

/* The object numbers of the pages under page tree node `node`, in
 * order, appended to pages[*count] (room for `cap`). */
static void
collect_pages(kf_pdf_file *f, int node, int depth, int *pages, size_t cap,
              size_t *count)
{
    kf_pdf_val *v = kf_pdf_object(f, node);
    if (!kf_pdf_is_name(kf_pdf_get(v, "/Type"), "/Pages")) {
        if (*count < cap)
            pages[*count] = node;
        ++*count;
        return;
    }
    kf_pdf_val *kids = kf_pdf_get(v, "/Kids");
    for (size_t i = 0; kids && kids->kind == KF_PDF_ARRAY && i < kids->n &&
                       depth < 32;
         i++)
        if (kids->items[i]->kind == KF_PDF_REF)
            collect_pages(f, kids->items[i]->num, depth + 1, pages, cap,
                          count);
}

static bool
mark_page(kf_pdf_file *f, int num, size_t index, char *why, size_t why_size)
{
    kf_pdf_val *page = kf_pdf_object(f, num);
    kf_pdf_val *annots = kf_pdf_resolve(f, kf_pdf_get(page, "/Annots"));
    if (annots && annots->kind == KF_PDF_ARRAY)
        kf_pdf_set(f, kf_pdf_edit(f, num), "/Tabs", name(f, "/S"));
    kf_pdf_val *contents = kf_pdf_get(page, "/Contents");
    size_t len = 0;
    unsigned char *data = contents && contents->kind == KF_PDF_REF
                              ? kf_pdf_stream_decode(f, contents->num, &len)
                              : NULL;
    if (!data) {
        /* cairo writes one content stream per page. */
        snprintf(why, why_size, "page %zu's content cannot be read",
                 index + 1);
        return false;
    }
    size_t wrapped_size = 0;
    char *wrapped = wrap_artifacts(data, len, &wrapped_size);
    free(data);
    if (!wrapped) {
        snprintf(why, why_size, "page %zu's marked content does not balance",
                 index + 1);
        return false;
    }
    bool ok = kf_pdf_set_stream(f, contents->num, wrapped, wrapped_size);
    free(wrapped);
    if (!ok)
        snprintf(why, why_size, "out of memory");
    return ok;
}

static bool
mark_pages(kf_pdf_file *f, kf_pdf_val *catalog, char *why, size_t why_size)
{
    kf_pdf_val *tree = kf_pdf_get(catalog, "/Pages");
    size_t count = 0;
    if (tree && tree->kind == KF_PDF_REF)
        collect_pages(f, tree->num, 0, NULL, 0, &count);
    int *pages = malloc((count ? count : 1) * sizeof(*pages));
    if (!pages) {
        snprintf(why, why_size, "out of memory");
        return false;
    }
    size_t n = 0;
    if (count)
        collect_pages(f, tree->num, 0, pages, count, &n);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++)
        ok = mark_page(f, pages[i], i, why, why_size);
    free(pages);
    return ok;
}

kf_status
kf_pdf_ua_apply(const char *pdf, size_t size, const kf_pdf_ua *ua, char **out,
                size_t *out_size, char *why, size_t why_size)
{
    *out = NULL;
    *out_size = 0;
    why[0] = '\0';
    kf_pdf_file *f = kf_pdf_file_read(pdf, size, why, why_size);
    if (!f)
        return KF_ERR_OUTPUT;
    kf_status status = KF_ERR_OUTPUT;
    char *xmp = NULL, *producer = NULL;
    kf_pdf_val *trailer = kf_pdf_trailer(f);
    kf_pdf_val *root = kf_pdf_get(trailer, "/Root");
    kf_pdf_val *catalog =
        root && root->kind == KF_PDF_REF ? kf_pdf_edit(f, root->num) : NULL;
    if (!catalog || catalog->kind != KF_PDF_DICT) {
        snprintf(why, why_size, "cairo's PDF has no catalog");
        goto done;
    }
    kf_pdf_set(f, catalog, "/Lang", kf_pdf_new_string(f, ua->lang));
    kf_pdf_set(f, catalog, "/MarkInfo", dict_of(f, "/Marked", "true", NULL));
    kf_pdf_set(f, catalog, "/ViewerPreferences",
               dict_of(f, "/DisplayDocTitle", "true", NULL));
    /* The XMP says what the information dictionary says, cairo's
     * /Producer included, so that readers of either agree. */
    producer = kf_pdf_text(kf_pdf_get(
        kf_pdf_resolve(f, kf_pdf_get(trailer, "/Info")), "/Producer"));
    size_t xmp_size = 0;
    xmp = xmp_packet(ua, producer, &xmp_size);
    if (!xmp) {
        status = KF_ERR_MEMORY;
        goto done;
    }
    /* Uncompressed, as XMP readers that scan for the packet expect. */
    int meta = kf_pdf_add_stream(
        f, dict_of(f, "/Type", "/Metadata", "/Subtype", "/XML", NULL), xmp,
        xmp_size);
    kf_pdf_set(f, catalog, "/Metadata", kf_pdf_new_ref(f, meta));
    if (!restructure(f, catalog, ua, why, why_size) ||
        !mark_pages(f, catalog, why, why_size))
        goto done;
    /* PDF/UA-1 is built on ISO 32000-1, PDF 1.7. */
    status = kf_pdf_file_write(f, "1.7", out, out_size) ? KF_OK
                                                        : KF_ERR_MEMORY;
done:
    if (status != KF_OK && !why[0])
        snprintf(why, why_size, "%s", kf_strerror(status));
    free(producer);
    free(xmp);
    kf_pdf_file_free(f);
    return status;
}
