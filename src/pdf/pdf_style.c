/* PDF page styles: page geometry and typographic roles from a style file
 * (styles/NAME.style), with built-in defaults equal to the broadsheet. */
#include "pdf.h"
#include "util/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct role_def {
    const char *name;   /* style section */
    const char *family; /* key in [fonts] */
    int bold, italic, upper;
    double size, leading, gray;
} role_def;

/* Defaults (the broadsheet), by role id. */
static const role_def ROLES[R__COUNT] = {
    [R_BODY] = {"body", "body", 0, 0, 0, 9, 10.8, 0},
    [R_HEAD1] = {"headline1", "headline", 1, 0, 0, 54, 55, 0},
    [R_HEAD2] = {"headline2", "headline", 1, 0, 0, 36, 37.5, 0},
    [R_HEAD3] = {"headline3", "headline", 1, 0, 0, 25, 26.5, 0},
    [R_HEAD4] = {"headline4", "headline", 1, 0, 0, 14.5, 15.5, 0},
    [R_DECK] = {"deck", "body", 0, 1, 0, 15, 17.5, 0.15},
    [R_BYLINE] = {"byline", "headline", 1, 0, 0, 8, 10.8, 0},
    [R_SUBHEAD] = {"subhead", "headline", 1, 0, 0, 10, 10.8, 0},
    [R_CAPTION] = {"caption", "headline", 0, 0, 0, 8, 9.6, 0},
    [R_CREDIT] = {"credit", "sans", 0, 0, 1, 6, 7.6, 0.35},
    [R_FOLIO] = {"folio", "headline", 0, 0, 0, 8, 10, 0},
    [R_MAST] = {"masthead", "masthead", 1, 0, 0, 78, 80, 0},
    [R_MASTINFO] = {"mastinfo", "headline", 0, 0, 1, 8.5, 11, 0},
    [R_SECTION] = {"section", "headline", 1, 0, 0, 30, 32, 0},
    [R_INDEXHEAD] = {"index_head", "headline", 1, 0, 1, 13, 16, 0},
    [R_INDEXSEC] = {"index_section", "headline", 1, 0, 1, 7.5, 10.8, 0.3},
    [R_INDEX] = {"index", "body", 0, 0, 0, 8.5, 10.8, 0},
    [R_JUMP] = {"jump", "body", 0, 1, 0, 8.5, 10.8, 0},
    [R_CONTHEAD] = {"continued", "headline", 1, 0, 0, 18, 19.5, 0},
    [R_QUOTE] = {"quote", "body", 0, 1, 0, 9, 10.8, 0},
    [R_TABLE] = {"table", "headline", 0, 0, 0, 8, 10.8, 0},
    [R_RIGHTS] = {"rights", "sans", 0, 0, 0, 6, 10.8, 0.35},
};

static const struct {
    const char *key, *spec;
} FAMILIES[] = {
    {"body", "DejaVu Serif"},
    {"headline", "DejaVu Sans Condensed"},
    {"sans", "DejaVu Sans"},
    {"masthead", "DejaVu Serif Condensed"},
    {"arabic", "DejaVu Sans"},
    {"cjk", "WenQuanYi Zen Hei"},
};

static const char *get(const np_style *st, const char *key, const char *def)
{
    return st ? np_style_get(st, key, def) : def;
}

static double num(const np_style *st, const char *key, double def)
{
    return st ? np_style_num(st, key, def) : def;
}

static int boolean(const np_style *st, const char *key, int def)
{
    return st ? np_style_bool(st, key, def) : def;
}

static const char *family_default(const char *key)
{
    for (size_t i = 0; i < sizeof FAMILIES / sizeof FAMILIES[0]; i++)
        if (!strcmp(FAMILIES[i].key, key))
            return FAMILIES[i].spec;
    return NULL;
}

typedef struct opener {
    pdf_style *ps;
    pf_fonts *pf;
    const np_style *st;
    const char *dir;     /* the style's folder, for relative font paths */
    np_buf *warn;
    struct {
        char *spec;
        int face;
    } cache[64];
    size_t ncache;
} opener;

static int open_spec(opener *op, const char *spec, np_error *err)
{
    for (size_t i = 0; i < op->ncache; i++)
        if (!strcmp(op->cache[i].spec, spec))
            return op->cache[i].face;
    np_buf w = NP_BUF_INIT;
    int f = pf_open(op->pf, spec, op->dir, &w, err);
    if (w.len && op->warn) {
        np_buf_puts(op->warn, op->warn->len ? "\n" : "");
        np_buf_puts(op->warn, w.data);
    }
    np_buf_free(&w);
    if (f >= 0 && op->ncache < sizeof op->cache / sizeof op->cache[0]) {
        op->cache[op->ncache].spec = np_xstrdup(spec);
        op->cache[op->ncache++].face = f;
    }
    return f;
}

/* Face of family `key` in variant (PT_BOLD | PT_ITALIC). */
static int family_face(opener *op, const char *key, int variant, np_error *err)
{
    static const char *const suffix[4] = {"", "_italic", "_bold", "_bold_italic"};
    static const char *const fc[4] = {"", ":italic", ":bold", ":bold:italic"};
    np_buf k = NP_BUF_INIT, spec = NP_BUF_INIT;
    np_buf_printf(&k, "fonts.%s%s", key, suffix[variant]);
    const char *given = get(op->st, k.data, NULL);
    if (given && *given) {
        np_buf_puts(&spec, given);
    } else {
        np_buf_reset(&k);
        np_buf_printf(&k, "fonts.%s", key);
        const char *base = get(op->st, k.data, family_default(key));
        if (!base)
            base = get(op->st, "fonts.body", "DejaVu Serif");
        np_buf_puts(&spec, base);
        if (!strchr(base, '/'))
            np_buf_puts(&spec, fc[variant]);
    }
    int f = open_spec(op, spec.data, err);
    np_buf_free(&k);
    np_buf_free(&spec);
    return f;
}

static int load_role(opener *op, pdf_role *r, const role_def *d, np_error *err)
{
    np_buf k = NP_BUF_INIT;
#define KEY(field) (np_buf_reset(&k), np_buf_printf(&k, "%s.%s", d->name, field), k.data)
    const char *family = get(op->st, KEY("font"), d->family);
    int bold = boolean(op->st, KEY("bold"), d->bold);
    int italic = boolean(op->st, KEY("italic"), d->italic);
    r->size = num(op->st, KEY("size"), d->size);
    r->leading = num(op->st, KEY("leading"), d->leading);
    r->upper = boolean(op->st, KEY("upper"), d->upper);
    r->gray = num(op->st, KEY("gray"), d->gray);
#undef KEY
    np_buf_free(&k);
    if (r->size < 3 || r->size > 400)
        r->size = d->size;
    if (r->leading < r->size * 0.8)
        r->leading = r->size * 1.2;
    if (r->gray < 0 || r->gray > 1)
        r->gray = 0;
    for (int v = 0; v < 4; v++) {
        int want = v | (bold ? PT_BOLD : 0) | (italic ? PT_ITALIC : 0);
        r->face[v] = family_face(op, family, want, err);
        if (r->face[v] < 0)
            return -1;
    }
    np_error e2 = NP_ERROR_INIT;
    r->arabic[0] = family_face(op, "arabic", bold ? PT_BOLD : 0, &e2);
    r->arabic[1] = family_face(op, "arabic", PT_BOLD, &e2);
    r->cjk = family_face(op, "cjk", 0, &e2);
    if (e2.message && op->warn) {
        np_buf_puts(op->warn, op->warn->len ? "\n" : "");
        np_buf_puts(op->warn, e2.message);
    }
    np_error_clear(&e2);
    return 0;
}

int pdf_style_load(pdf_style *ps, const np_style *st, pf_fonts *pf, np_buf *warn, np_error *err)
{
    memset(ps, 0, sizeof *ps);
    pdf_geom *g = &ps->g;
    g->page_w = num(st, "page.width", 936);
    g->page_h = num(st, "page.height", 1584);
    g->m_top = num(st, "page.margin_top", 36);
    g->m_bottom = num(st, "page.margin_bottom", 36);
    g->m_inner = num(st, "page.margin_inner", 33);
    g->m_outer = num(st, "page.margin_outer", 33);
    g->columns = (int)num(st, "page.columns", 6);
    g->gutter = num(st, "page.gutter", 12);
    g->column_rules = boolean(st, "page.column_rules", 1);
    g->rule = num(st, "page.rule", 0.5);
    g->front_stories = (int)num(st, "layout.front_stories", 3);
    g->lead_share = num(st, "layout.lead_share", 0.55);
    g->pic_span = (int)num(st, "layout.picture_span", 0);
    g->pic_max = num(st, "layout.picture_max", 0.35);
    g->brief_lines = (int)num(st, "layout.brief_lines", 5);
    g->min_start_lines = (int)num(st, "layout.min_start_lines", 8);
    g->band_gap = num(st, "layout.story_gap", 14);
    g->section_pages = !strcmp(get(st, "layout.section_break", "share"), "page");
    g->bleed = num(st, "page.bleed", 0);
    if (!(g->bleed > 0))
        g->bleed = 0;
    if (g->bleed > 36)
        g->bleed = 36; /* half an inch: more is no bleed but a border */
    /* sanity: a page must hold a usable type area */
    if (g->page_w < 144 || g->page_w > 14400 || g->page_h < 144 || g->page_h > 14400)
        return np_error_set(err, NP_ERR_INVALID, st ? np_style_path(st) : NULL, 0,
                            "page size %gx%g pt is out of range (144..14400)", g->page_w,
                            g->page_h);
    if (g->columns < 1 || g->columns > 12)
        g->columns = 1;
    double tw = g->page_w - g->m_inner - g->m_outer;
    double th = g->page_h - g->m_top - g->m_bottom;
    if (g->m_top < 0 || g->m_bottom < 0 || g->m_inner < 0 || g->m_outer < 0 || tw < 100 ||
        th < 200)
        return np_error_set(err, NP_ERR_INVALID, st ? np_style_path(st) : NULL, 0,
                            "margins leave no room for text");
    if (g->gutter < 0 || (tw - g->gutter * (g->columns - 1)) / g->columns < 60)
        return np_error_set(err, NP_ERR_INVALID, st ? np_style_path(st) : NULL, 0,
                            "%d columns do not fit a type area %g pt wide", g->columns, tw);
    if (g->front_stories < 0)
        g->front_stories = 0;
    if (g->front_stories > 8)
        g->front_stories = 8;
    if (g->lead_share < 0.2 || g->lead_share > 1)
        g->lead_share = 0.55;
    if (g->pic_max < 0.1 || g->pic_max > 0.6)
        g->pic_max = 0.35;
    if (g->brief_lines < 0)
        g->brief_lines = 0;
    if (g->min_start_lines < 3)
        g->min_start_lines = 3;
    if (g->band_gap < 0)
        g->band_gap = 0;
    if (g->pic_span <= 0 || g->pic_span > g->columns)
        g->pic_span = g->columns >= 4 ? g->columns / 2 : g->columns;

    ps->paper = np_xstrdup(get(st, "paper.name", "The Newsprint Daily"));
    const char *motto = get(st, "paper.motto", NULL);
    ps->motto = motto && *motto ? np_xstrdup(motto) : NULL;
    const char *ed = get(st, "paper.edition", NULL);
    ps->edition = ed && *ed ? np_xstrdup(ed) : NULL;
    ps->founded = np_xstrdup(get(st, "paper.founded", "2020-01-01"));
    ps->lang = np_xstrdup(get(st, "paper.lang", "en"));
    ps->paper_size = np_xstrdup(get(st, "paper.size", "broadsheet"));

    char *dir = NULL;
    if (st && np_style_path(st)) {
        dir = np_xstrdup(np_style_path(st));
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = 0;
        else
            strcpy(dir, ".");
    }
    opener op;
    memset(&op, 0, sizeof op);
    op.ps = ps;
    op.pf = pf;
    op.st = st;
    op.dir = dir;
    op.warn = warn;
    int rc = NP_OK;
    for (int r = 0; r < R__COUNT && rc == NP_OK; r++)
        if (load_role(&op, &ps->r[r], &ROLES[r], err) < 0)
            rc = err && err->code ? err->code : NP_ERR_IO;
    /* the fallback chain: "DejaVu Sans, FreeSerif, /path/x.ttf" */
    const char *fb = get(st, "fonts.fallback", "DejaVu Sans, DejaVu Serif, Amiri");
    while (rc == NP_OK && fb && *fb && ps->nfallback < sizeof ps->fallback / sizeof ps->fallback[0]) {
        while (*fb == ' ' || *fb == ',')
            fb++;
        const char *end = strchr(fb, ',');
        size_t n = end ? (size_t)(end - fb) : strlen(fb);
        while (n && fb[n - 1] == ' ')
            n--;
        if (n) {
            char *spec = malloc(n + 1);
            if (!spec)
                abort();
            memcpy(spec, fb, n);
            spec[n] = 0;
            /* a fallback that is not installed is no error, and no
             * substitute of another family is wanted */
            np_error e2 = NP_ERROR_INIT;
            np_buf w2 = NP_BUF_INIT;
            int f = pf_open(pf, spec, dir, &w2, &e2);
            if (f >= 0 && !w2.len)
                ps->fallback[ps->nfallback++] = f;
            np_buf_free(&w2);
            np_error_clear(&e2);
            free(spec);
        }
        fb = end;
    }
    for (size_t i = 0; i < op.ncache; i++)
        free(op.cache[i].spec);
    free(dir);
    return rc;
}

void pdf_style_free(pdf_style *ps)
{
    free(ps->paper);
    free(ps->motto);
    free(ps->edition);
    free(ps->founded);
    free(ps->lang);
    free(ps->paper_size);
    memset(ps, 0, sizeof *ps);
}
