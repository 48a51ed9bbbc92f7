/* newsprint — private to the PDF page make-up:
 *
 *   pdf_emit.c      lines, rules, figures and texts onto the display list
 *   pdf_columns.c   filling and balancing a column grid with a vertical list
 *   pdf_place.c     pages, bands of one story or of briefs, jumps
 *   pdf_front.c     the front page: masthead, lead, index
 *   pdf_page.c      the whole paper: front page, sections, --article
 */
#ifndef NP_PDF_MAKEUP_H
#define NP_PDF_MAKEUP_H

#include "pdf.h"

typedef struct col {
    double x, w, top, bottom;
    double used;
} col;

/* The make-up's position: the current page and where its free space starts. */
typedef struct mk {
    pdf_ctx *ctx;
    size_t page;
    int have_page;
    double x0, y0, x1, y1; /* type area of the current page */
    double y;              /* where the free space starts */
    double content_top;    /* below the folio and any section header */
    int section;
    const char *title;
    size_t article;
} mk;

/* A vertical list of several paragraphs (briefs, the index). */
typedef struct flow {
    fl_item *v;
    size_t n, cap;
} flow;

enum {
    MAX_COLS = 12,
    LOOKAHEAD = 8,   /* stories looked at to fill the foot of a page */
    MAX_BRIEFS = 16  /* briefs tried in one band */
};

/* pdf_emit.c */
double mk_leading(const pdf_ctx *ctx);
/* Width of one column of the grid. */
double mk_colw(const mk *m);
/* Baseline of a line of `p` in a line box `h` high. */
double mk_baseline(const pt_para *p, double h);
/* The same for a text made later in role `r`. */
double mk_role_baseline(const pdf_ctx *ctx, const pdf_role *r, double h);
void mk_emit_line(mk *m, pt_para *p, size_t line, double x, double y, double w, double h);
/* All lines of a paragraph from y; returns the y below them. */
double mk_emit_para(mk *m, pt_para *p, double x, double y, double w);
void mk_emit_rule(mk *m, double x, double y, double w, double h, double lw);
/* A one-line text of a role, aligned in [x, x+w); returns its para. */
pt_para *mk_text_para(mk *m, int role, const char *text, int align, double w);
void mk_emit_figure(mk *m, pdf_figure *fig, double x, double y, double w, int story);

/* pdf_columns.c */
size_t col_fill(mk *m, fl_item *fl, size_t i, size_t n, col *cols, int nc, double reserve,
                int force, int commit, int story);
double col_balance(mk *m, fl_item *fl, size_t i, size_t n, col *cols, int nc, int *forcep);
void col_setup(mk *m, col *cols, int nc, int rtl, double top, double bottom);
void col_rules(mk *m, col *cols, int nc);
void flow_push(flow *f, const fl_item *it);
void flow_para(flow *f, pt_para *p, int keep_last);

/* pdf_place.c */
void mk_new_page(mk *m, int section, const char *title);
void mk_section_header(mk *m, const char *title);
/* Where a band starts: the free space, after a gap unless it is the first. */
double mk_band_top(mk *m);
size_t mk_place_story(mk *m, pdf_story *s, size_t from, int rank, double limit, int dry,
                      int force);
void mk_place_whole(mk *m, pdf_story *s, int rank);
size_t mk_place_briefs(mk *m, pdf_story **list, size_t k, int force, double limit);
/* Height a story needs to start here with `rank`: header and some lines. */
double mk_start_need(mk *m, pdf_story *s, int rank);

/* pdf_front.c: the front page; the front stories that jump go to `jumps`
 * (their resume entries set). */
void mk_front_page(mk *m, pdf_story ***jumps, size_t *njumps, size_t *from_idx);

#endif
