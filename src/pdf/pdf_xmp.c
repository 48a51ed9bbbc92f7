/* The document's XMP metadata stream (ISO 16684-1), from the same facts as
 * the information dictionary: title, subject, author, keywords, dates,
 * creator tool, producer and the document ID.  Deterministic: the dates are
 * the edition's (no clock is read) and the packet has no padding that
 * varies.  Written uncompressed, as XMP is meant to be found by tools that
 * do not read PDF. */
#include "pdf.h"
#include "newsprint/meta.h"

#include <hpdf_objects.h>
#include <libxml/entities.h>
#include <stdio.h>
#include <string.h>

/* Text content of an element, escaped for XML. */
static void put_text(np_buf *out, const char *s)
{
    xmlChar *e = xmlEncodeSpecialChars(NULL, (const xmlChar *)(s ? s : ""));
    if (e) {
        np_buf_puts(out, (const char *)e);
        xmlFree(e);
    }
}

static void put_elem(np_buf *out, const char *name, const char *text)
{
    if (!text || !*text)
        return;
    np_buf_printf(out, "   <%s>", name);
    put_text(out, text);
    np_buf_printf(out, "</%s>\n", name);
}

/* A language-alternative property (dc:title, dc:description). */
static void put_alt(np_buf *out, const char *name, const char *text)
{
    if (!text || !*text)
        return;
    np_buf_printf(out, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", name);
    put_text(out, text);
    np_buf_printf(out, "</rdf:li></rdf:Alt></%s>\n", name);
}

int pdf_xmp(pdf_ctx *ctx, const pdf_doc_facts *d, np_error *err)
{
    np_buf x = NP_BUF_INIT;
    np_buf date = NP_BUF_INIT;
    if (d->when && d->when->valid)
        np_time_format_iso(d->when, &date);
    char uuid[48];
    const unsigned char *u = d->id;
    snprintf(uuid, sizeof uuid,
             "uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0],
             u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
             u[14], u[15]);
    np_buf_puts(&x, "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                    "  <rdf:Description rdf:about=\"\"\n"
                    "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                    "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                    "    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">\n"
                    "   <dc:format>application/pdf</dc:format>\n");
    put_alt(&x, "dc:title", d->title);
    put_alt(&x, "dc:description", d->subject);
    if (d->author && *d->author) {
        np_buf_puts(&x, "   <dc:creator><rdf:Seq><rdf:li>");
        put_text(&x, d->author);
        np_buf_puts(&x, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    if (d->lang && *d->lang) {
        np_buf_puts(&x, "   <dc:language><rdf:Bag><rdf:li>");
        put_text(&x, d->lang);
        np_buf_puts(&x, "</rdf:li></rdf:Bag></dc:language>\n");
    }
    put_elem(&x, "xmp:CreateDate", date.data);
    put_elem(&x, "xmp:ModifyDate", date.data);
    put_elem(&x, "xmp:MetadataDate", date.data);
    np_buf_free(&date);
    put_elem(&x, "xmp:CreatorTool", d->creator);
    put_elem(&x, "pdf:Producer", d->producer);
    put_elem(&x, "pdf:Keywords", d->keywords);
    put_elem(&x, "xmpMM:DocumentID", uuid);
    put_elem(&x, "xmpMM:InstanceID", uuid);
    np_buf_puts(&x, "  </rdf:Description>\n"
                    " </rdf:RDF>\n"
                    "</x:xmpmeta>\n"
                    "<?xpacket end=\"r\"?>\n");

    HPDF_Doc pdf = ctx->pdf;
    HPDF_STATUS st = HPDF_OK;
    HPDF_Dict md = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!md)
        st = HPDF_GetError(pdf);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(md, "Type", "Metadata");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(md, "Subtype", "XML");
    if (st == HPDF_OK)
        st = HPDF_Stream_Write(md->stream, (const HPDF_BYTE *)x.data, (HPDF_UINT)x.len);
    if (st == HPDF_OK) {
        md->filter = HPDF_STREAM_FILTER_NONE;
        st = HPDF_Dict_Add(pdf->catalog, "Metadata", md);
    }
    np_buf_free(&x);
    if (st != HPDF_OK) {
        HPDF_ResetError(pdf);
        return np_error_set(err, NP_ERR_INTERNAL, NULL, 0,
                            "libharu cannot take the XMP metadata (error 0x%04X)", (unsigned)st);
    }
    return NP_OK;
}
