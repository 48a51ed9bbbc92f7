/* EPUB converter: the package's accessibility metadata (EPUB Accessibility
 * 1.1, schema.org properties), stated from what the digest really holds. */
#include "epub.h"

#include <string.h>

static void meta(ep_xw *x, const char *property, const char *value)
{
    ep_xw_start(x, "meta");
    ep_xw_attr(x, "property", property);
    ep_xw_text(x, value);
    ep_xw_end(x);
    ep_xw_nl(x);
}

/* A GIF may be animated and an SVG may animate itself: whether either
 * flashes is not known.  PNG and JPEG pictures are still. */
static int may_flash(const ep_plan *p)
{
    for (size_t i = 0; i < p->npics; i++)
        if (p->pics[i].href && p->pics[i].media_type &&
            (!strcmp(p->pics[i].media_type, "image/gif") ||
             !strcmp(p->pics[i].media_type, "image/svg+xml")))
            return 1;
    return 0;
}

int ep_conforms(const ep_plan *p)
{
    return p->pics_without_text == 0 && !may_flash(p);
}

void ep_write_a11y_meta(ep_xw *x, const ep_plan *p)
{
    int all_text = p->pics_without_text == 0;
    /* the cover is a picture (with a text alternative) in every digest */
    meta(x, "schema:accessMode", "textual");
    meta(x, "schema:accessMode", "visual");
    if (all_text)
        meta(x, "schema:accessModeSufficient", "textual");
    meta(x, "schema:accessModeSufficient", "textual,visual");
    static const char *const features[] = {"tableOfContents", "readingOrder",
                                           "structuralNavigation", "displayTransformability",
                                           "ARIA"};
    for (size_t i = 0; i < sizeof features / sizeof *features; i++)
        meta(x, "schema:accessibilityFeature", features[i]);
    if (all_text)
        meta(x, "schema:accessibilityFeature", "alternativeText");
    if (may_flash(p)) {
        meta(x, "schema:accessibilityHazard", "unknownFlashingHazard");
        meta(x, "schema:accessibilityHazard", "noMotionSimulationHazard");
        meta(x, "schema:accessibilityHazard", "noSoundHazard");
    } else {
        meta(x, "schema:accessibilityHazard", "none");
    }
    np_buf s = NP_BUF_INIT;
    np_buf_puts(&s, "A reflowable digest: a table of contents by section, one page per "
                    "section and per article in reading order, headings for structure, "
                    "and the language of every article marked.");
    if (!p->shown_pics)
        np_buf_puts(&s, " Apart from the cover, which has a text description, it holds "
                        "no pictures.");
    else if (all_text)
        np_buf_puts(&s, " Every picture has a text alternative.");
    else
        np_buf_printf(&s, " %zu of its %zu pictures have no text alternative.",
                      p->pics_without_text, p->shown_pics);
    if (ep_conforms(p))
        np_buf_puts(&s, " It meets EPUB Accessibility 1.1 at WCAG 2.1 level AA.");
    meta(x, "schema:accessibilitySummary", s.data);
    np_buf_free(&s);
    if (ep_conforms(p))
        meta(x, "dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA");
}
