/* The digest's plan: what the planning and writing files share (style
 * look-ups, warnings) and the release of everything a plan owns.  Kept apart
 * from render_epub.c so that the planning files never call back into it. */
#include "epub.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A style value, NULL when absent or empty. */
const char *ep_style_str(const np_epub_opts *o, const char *key)
{
    const char *v = np_style_get(o->style, key, NULL);
    return v && *v ? v : NULL;
}

unsigned ep_threads(const ep_plan *p)
{
    return ep_threads_of(p->o);
}

unsigned ep_threads_of(const np_epub_opts *o)
{
    long n = o->jobs;
    if (n < 1)
        n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > EP_MAX_THREADS ? EP_MAX_THREADS : (unsigned)n;
}

void ep_warn(const ep_plan *p, const char *file, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    np_issue_vwarn(p->o->on_issue, p->o->ud, file, line, fmt, ap);
    va_end(ap);
}

void ep_plan_free(ep_plan *p)
{
    np_sections_free(&p->sections);
    for (size_t i = 0; i < p->narts; i++) {
        free(p->arts[i].lang);
        free(p->arts[i].headline);
        free(p->arts[i].byline);
        free(p->arts[i].summary);
        for (size_t k = 0; k < p->arts[i].nfigs; k++)
            free(p->arts[i].figs[k].alt);
        free(p->arts[i].figs);
    }
    free(p->arts);
    free(p->pages);
    free(p->section_page);
    for (size_t i = 0; i < p->npics; i++) {
        free(p->pics[i].path);
        free(p->pics[i].href);
        free(p->pics[i].id);
        np_buf_free(&p->pics[i].data);
    }
    free(p->pics);
    for (size_t i = 0; i < p->nfonts; i++) {
        free(p->fonts[i].path);
        free(p->fonts[i].href);
        free(p->fonts[i].id);
        free(p->fonts[i].family);
    }
    free(p->fonts);
    for (size_t i = 0; i < p->nlangs; i++)
        free(p->langs[i]);
    free(p->langs);
    for (size_t i = 0; i < p->nsubjects; i++)
        free(p->subjects[i]);
    free(p->subjects);
    free(p->title);
    free(p->full_title);
    free(p->creator);
    free(p->week_key);
    free(p->publisher);
    free(p->series);
    free(p->rights);
    free(p->identifier);
    free(p->lang);
    free(p->date);
    free(p->modified);
    free(p->range_text);
    free(p->week_text);
    np_buf_free(&p->css);
    np_body_spool_free(p->spool);
    memset(p, 0, sizeof *p);
}
