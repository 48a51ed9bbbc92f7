/* newsprint — private to the PDF page make-up:
 *
 *   pdf_emit.c      lines, rules, figures and texts onto the display list
 *   pdf_columns.c   filling and balancing a column grid with a vertical list
 *   pdf_folio.c     a new page and its folio, section heads
 *   pdf_module.c    one story (or briefs) set in a rectangle of the grid
 *   pdf_plan.c      a page of modules chosen by a bounded search
 *   pdf_front.c     the front page: masthead, lead, index
 *   pdf_page.c      the whole paper: front page, sections, --article
 */
#ifndef NP_PDF_MAKEUP_H
#define NP_PDF_MAKEUP_H

#include "pdf.h"

typedef struct col {
    double x, w, top, bottom;
    double used;
    double spread_to;      /* > 0: its lines reach down to there (gaps, then leading,
                            * widen), however high `bottom` broke them */
} col;

/* The make-up's position: the current page and where its free space starts. */
typedef struct mk {
    pdf_ctx *ctx;
    size_t page;
    double x0, y0, x1, y1; /* type area of the current page */
    double y;              /* where the free space starts */
    double content_top;    /* below the folio and any section header */
    double page_h;         /* free height of a new page under its folio */
    int section;
    const char *title;
    size_t article;
} mk;

/* A vertical list of several paragraphs (briefs, the index). */
typedef struct flow {
    fl_item *v;
    size_t n, cap;
} flow;

enum { MAX_COLS = 12 };

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
/* A display-list object of `kind` on the current page in the box (x, y, w, h). */
dl_obj *mk_add_box(mk *m, dl_kind kind, double x, double y, double w, double h);
/* A one-line text of a role, aligned in [x, x+w); returns its para. */
pt_para *mk_text_para(mk *m, int role, const char *text, int align, double w);
/* Line 0 of such a text at (x, y) in a line box h high, its paragraph
 * freed once drawn (a folio's, two a page, would stay to the end). */
void mk_emit_text(mk *m, int role, const char *text, int align, double x, double y, double w,
                  double h);
void mk_emit_figure(mk *m, pdf_figure *fig, double x, double y, double w, int story);

/* pdf_columns.c */
size_t col_fill(mk *m, fl_item *fl, size_t i, size_t n, col *cols, int nc, double reserve,
                int force, int commit, int story);
double col_balance(mk *m, fl_item *fl, size_t i, size_t n, col *cols, int nc, int *forcep);
/* After col_balance(): each column's bottom set so that the columns share
 * fl[i..n) evenly (their feet within about a line of each other, none
 * below `foot`), not the first ones full and the last short. */
void col_even(mk *m, fl_item *fl, size_t i, size_t n, col *cols, int nc, double foot, int force);
/* Columns c0..c0+nc of the grid, in reading order (right to left for RTL). */
void col_setup(mk *m, col *cols, int c0, int nc, int rtl, double top, double bottom);
void col_rules(mk *m, col *cols, int nc);
void flow_push(flow *f, const fl_item *it);
void flow_para(flow *f, pt_para *p, int keep_last);

/* pdf_folio.c */
void mk_new_page(mk *m, int section, const char *title);
/* A section's head across the type area (the style's section_break = page). */
void mk_section_header(mk *m, const char *title);
/* The display list's record of a rectangle the make-up filled (a module,
 * the masthead, a folio): the layout report lists it. */
void mk_report_area(mk *m, int story, int span, double x, double y, double w, double h);

/* ---- modules (pdf_module.c) ------------------------------------------------ */

/* What the planner measured and made of a piece, kept while it waits in
 * the planner's window (mod_memo makes it; piece_free frees it). */
typedef struct piece_memo {
    /* heights measured whole by span, picture, rank, section head (0: not
     * yet, -1: not on a page) */
    double whole[MAX_COLS + 1][2][4][2];
    /* the paragraphs of a module by span, made once: its section head, and
     * the continuation or briefs heading */
    pt_para *kick[MAX_COLS + 1], *head[MAX_COLS + 1];
    double head_h[MAX_COLS + 1][4]; /* header heights by span and rank (0: not yet) */
    double fig_h[MAX_COLS + 1];     /* lead picture box heights by span */
} piece_memo;

/* A queue entry of the page planner: a story, the rest of a jumped one, or
 * the briefs of a section gathered in one module. */
typedef struct piece {
    pdf_story *s;          /* NULL: briefs */
    size_t from;           /* flow entry it starts at (0: with its header) */
    pdf_story **briefs;    /* the briefs, in order */
    size_t nbriefs;
    flow fl;               /* the briefs as one vertical list */
    int section;           /* index in ctx->sections (-1: none) */
    int opens;             /* its section has no head yet: the first of its pieces
                              set inside goes under the section's head (its only one) */
    int jumpable;          /* may be cut at a foot and go on on a later page: on
                              the front page; inside, only if it is longer than
                              a page (the planner measures it) */
    int page_fit;          /* inside: fits whole on a page (1), not (-1), not yet known (0) */
    int lead;              /* the paper's lead: the biggest headline */
    int has_pic;           /* a lead picture that can be drawn */
    piece_memo *memo;      /* NULL until measured */
} piece;

/* The piece's memo, made empty on first use. */
piece_memo *mod_memo(piece *p);
/* Free what a piece holds (its memo, briefs and their flow). */
void piece_free(piece *p);

/* A piece set in a rectangle of the grid. */
typedef struct module {
    piece *p;
    int c0, span;          /* grid columns (left to right) */
    int pic;               /* columns of the lead picture, 0: without it */
    int rank;              /* headline rank 1..4 */
    int kicker;            /* opens its section on the page: a section head over it */
    int cut;               /* filled to its foot, "Continued on page N" */
    double y, h;           /* top and height */
    double stretch;        /* of h: added to meet a neighbour or the foot */
    size_t reached;        /* the flow entry the next module of the story starts at */
} module;

/* Measure (commit = 0) or set module `v` with its top at v->y and its foot
 * at most `limit`: whole and balanced, or (v->cut) filled down to `limit`.
 * Sets v->h and v->reached; returns 0 when it cannot be set so. */
int mod_set(mk *m, module *v, double limit, int commit);
/* Headline rank of a piece set `span` columns wide; `top`: the page's lead. */
int mod_rank(const mk *m, const piece *p, int span, int top);
/* The columns a lead picture spans in a module `span` wide (0: none). */
int mod_pic_span(const mk *m, const piece *p, int span);
/* Build the briefs' vertical list of a briefs piece. */
void mod_briefs_flow(mk *m, piece *p);
/* Set a story on pages of its own from the current position, full width,
 * jumping to new pages as needed (--article). */
void mk_place_whole(mk *m, pdf_story *s);

/* ---- the page planner (pdf_plan.c) -------------------------------------- */

/* Fill the current page from m->y down with modules of the pieces q[0..n)
 * (in reading order), choosing pieces and variants by a bounded search
 * (`flags`: PLAN_*).
 * Only pieces among the first 64 are looked at.  `placed` gets bit i for
 * each q[i] set on the page (whole or cut).  With PLAN_COMMIT the modules are
 * set and a cut piece's q[i].from is where its rest goes on.  Returns the
 * number of modules. */
enum {
    PLAN_LEAD = 1,   /* q[0] must open the page: top left, at least half the page
                        wide, biggest headline (else a wide first piece is preferred) */
    PLAN_COMMIT = 2, /* set the modules (else only find out what would go) */
    PLAN_FILL = 4,   /* the page must be full even if the pieces run out */
    PLAN_CUTS = 8,   /* inside, a story that fits a page may be cut at the page
                        foot too, if another piece is left to follow it (when
                        whole stories do not fill the page) */
    PLAN_IF_FULL = 16 /* with PLAN_COMMIT: set the page only if at most
                         PLAN_MAX_EMPTY of it stays empty */
};
/* A page may be this empty before other choices (a story jumping) are tried. */
#define PLAN_MAX_EMPTY 0.04
int mk_plan_page(mk *m, piece *q, size_t n, double bottom, int flags, uint64_t *placed,
                 double *empty);

/* pdf_front.c: the front page; the front stories that jump go to `jumps`
 * (their resume entries set). */
void mk_front_page(mk *m, piece **jumps, size_t *njumps);

#endif
