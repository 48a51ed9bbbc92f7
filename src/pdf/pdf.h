/* newsprint — private to the PDF renderer (src/pdf/).
 *
 *   pdf_fonts.c     fontconfig lookup and coverage, libharu font loading, widths
 *   pdf_text.c      rich paragraphs: fonts per character, measuring, bidi and
 *                   Arabic shaping per line, drawing justified lines
 *   pdf_pictures.c  pictures: safe resolution, sniffing, loading into the PDF
 *   pdf_style.c     the page style: geometry and typographic roles
 *   pdf_story.c     an item as a story: header pieces and a vertical list
 *   pdf_page.c      page make-up of the paper (pdf_makeup.h: emit, columns,
 *                   folio, module, plan, front)
 *   pdf_draw.c      the display list onto libharu pages, links, info
 *   pdf_outline.c   page labels and the outline
 *   pdf_freeze.c    page dictionaries kept as their bytes once drawn
 *   pdf_fontres.c   the fonts of a page's resources
 *
 * Coordinates are points with the origin at the top left of the page (y
 * grows downwards) until pdf_draw.c turns them into PDF space. */
#ifndef NP_PDF_H
#define NP_PDF_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>

#include "newsprint/batch.h"
#include "newsprint/buf.h"
#include "newsprint/error.h"
#include "newsprint/item.h"
#include "newsprint/layout.h"
#include "newsprint/media.h"
#include "newsprint/render_pdf.h"
#include "newsprint/sections.h"
#include "newsprint/style.h"

/* ---- fonts (pdf_fonts.c) ----------------------------------------------- */

typedef struct pf_fonts pf_fonts;

/* A font set over one PDF document; fontconfig is used through a private
 * configuration that pf_free() destroys. */
pf_fonts *pf_new(HPDF_Doc pdf);
void pf_free(pf_fonts *pf);
/* Open a face by fontconfig name ("DejaVu Serif:bold") or path (containing
 * '/', relative paths are taken from `base_dir`; "FILE.ttc#N" picks face N).
 * Returns the face number, or -1 with `err` set.  Only TrueType outlines
 * can be embedded by libharu: other formats are refused.  A fontconfig
 * substitute of another family is accepted with a warning in `warn`. */
int pf_open(pf_fonts *pf, const char *spec, const char *base_dir, np_buf *warn, np_error *err);
/* Does face `f` have a glyph for `cp`? */
int pf_covers(const pf_fonts *pf, int f, uint32_t cp);
/* A face (opened on demand) that covers `cp`, found by fontconfig among the
 * TrueType fonts of the system, preferring `like` (a face whose family
 * leads the search); -1 if none. */
int pf_search(pf_fonts *pf, uint32_t cp, int like);
/* Advance width of `cp` in face `f`, in 1/1000 em (loads the font). */
double pf_advance(pf_fonts *pf, int f, uint32_t cp);
/* The libharu font of face `f`, loaded and embedded on first use; NULL
 * when libharu cannot load it (reported once through `warn` of pf_open). */
HPDF_Font pf_font(pf_fonts *pf, int f);
/* Ascent and descent (positive, below the baseline) in 1/1000 em. */
double pf_ascent(pf_fonts *pf, int f);
double pf_descent(pf_fonts *pf, int f);
const char *pf_path(const pf_fonts *pf, int f);
int pf_index(const pf_fonts *pf, int f);
const char *pf_family(const pf_fonts *pf, int f);
size_t pf_count(const pf_fonts *pf);
/* Was face `f` used for drawing (embedded)? */
int pf_used(const pf_fonts *pf, int f);
/* Note that `cp` (a 16-bit code of the font's UTF-16 encoding) is drawn
 * with face `f`; the codes drawn make the face's ToUnicode map. */
void pf_mark(pf_fonts *pf, int f, uint32_t cp);
/* The codes drawn with face `f`: a bitmap of 65536 bits, or NULL. */
const uint8_t *pf_marked(const pf_fonts *pf, int f);
/* Have every component of the composite glyphs used embedded (libharu
 * takes one level only); before saving.  -1 (noted in pf_errors) when a
 * font cannot be read. */
int pf_complete_subsets(pf_fonts *pf);
/* Problems met while loading fonts lazily (libharu errors), or "". */
const char *pf_errors(const pf_fonts *pf);

/* ---- typographic roles (pdf_style.c) ------------------------------------ */

enum { PT_ITALIC = 1, PT_BOLD = 2 };

typedef struct pdf_role {
    int face[4];          /* by PT_ITALIC | PT_BOLD */
    int arabic[2];        /* Arabic-script face, regular and bold (-1: none) */
    int cjk;              /* Han/Kana/Hangul face (-1: none) */
    double size, leading; /* points */
    int upper;            /* draw in capitals (ASCII letters only) */
    double gray;          /* 0 black .. 1 white */
} pdf_role;

enum pdf_role_id {
    R_BODY, R_HEAD1, R_HEAD2, R_HEAD3, R_HEAD4, R_DECK, R_BYLINE, R_SUBHEAD, R_CAPTION,
    R_CREDIT, R_FOLIO, R_MAST, R_MASTINFO, R_SECTION, R_INDEXHEAD, R_INDEXSEC, R_INDEX,
    R_JUMP, R_CONTHEAD, R_QUOTE, R_TABLE, R_RIGHTS, R__COUNT
};

typedef struct pdf_geom {
    double page_w, page_h;
    double m_top, m_bottom, m_inner, m_outer;
    int columns;
    double gutter;
    int column_rules;
    double rule;            /* hairline width */
    int front_stories;      /* stories on the front page besides the lead */
    double lead_share;      /* the lead's share of the front page's story area */
    int pic_span;           /* columns a story's lead picture spans (0: half) */
    double pic_max;         /* a picture's maximal height, fraction of the type area */
    int brief_lines;        /* a story of at most columns*brief_lines lines is a brief */
    int min_start_lines;    /* lines per column a story needs to start on a page */
    double band_gap;        /* space between stories */
    int section_pages;      /* each section starts a page (else sections share pages) */
    double bleed;           /* print bleed beyond the trimmed page (0: none) */
} pdf_geom;

typedef struct pdf_style {
    pdf_geom g;
    pdf_role r[R__COUNT];
    char *paper;            /* the paper's name */
    char *motto;            /* line under the masthead, or NULL */
    char *edition;          /* default edition name, or NULL */
    char *founded;          /* "YYYY-MM-DD": volume and issue numbers count from it */
    char *lang;             /* the paper's language for section names ("en") */
    char *paper_size;       /* for messages and the man page: "broadsheet" */
    int fallback[8];        /* faces to try for characters a role's fonts lack */
    size_t nfallback;
} pdf_style;

/* Read a style (NULL: built-in defaults, the broadsheet) and open its fonts.
 * Warnings (substituted fonts) go to `warn`. */
int pdf_style_load(pdf_style *ps, const np_style *st, pf_fonts *pf, np_buf *warn, np_error *err);
void pdf_style_free(pdf_style *ps);

/* ---- text (pdf_text.c) -------------------------------------------------- */

typedef struct pdf_ctx pdf_ctx;

enum { PT_JUSTIFY = 0, PT_START, PT_END, PT_CENTER };

struct pdf_story;

typedef struct pt_para {
    pdf_ctx *ctx;
    struct pdf_story *story; /* for messages and hyphenation, or NULL */
    const pdf_role *role;
    np_buf text;          /* UTF-8, logical order */
    unsigned char *st;    /* style bits per byte */
    short *face;          /* face per byte (first byte of each character), -1: not drawn */
    size_t cap;
    int rtl;              /* base direction right to left */
    int bidi;             /* holds right-to-left characters: reorder per line */
    int align;            /* PT_JUSTIFY... (start/end follow the direction) */
    int hyphenate;
    double indent_first;  /* extra indent of the first line (start side) */
    double indent;        /* indent of every line (start side) */
    double indent_end;    /* indent at the end side */
    double width;         /* box width the lines were broken for */
    const char *lang;
    const char *marker;   /* list marker drawn in the indent of line 0, or NULL */
    int keep;             /* keep every line together (headings, captions, index entries) */
    int link;             /* index entries: the story (collection index) it names, else -1 */
    unsigned emitted;     /* lines placed on pages */
    unsigned pending;     /* of those, not drawn yet */
    int draw_failed;      /* libharu refused a call while drawing (reported once) */
    np_layout_cache *lc;  /* break opportunities kept for breaking again (pt_break) */
    unsigned marks;       /* combining marks in a row at the end of the text (pt_add) */
    np_lines lines;
} pt_para;

void pt_init(pt_para *p, pdf_ctx *ctx, const pdf_role *role);
void pt_free(pt_para *p);
/* Free the text and lines of a paragraph that is drawn. */
void pt_release(pt_para *p);
/* Append text in a style; runs of white space become one space, none at
 * the start of the paragraph.  '\n' is kept as a forced line break. */
void pt_add(pt_para *p, const char *s, size_t len, int style);
void pt_adds(pt_para *p, const char *s, int style);
/* Trim, choose fonts per character; characters no font covers are noted
 * for the story's warning (`where`: "FILE:LINE"). */
void pt_finish(pt_para *p);
/* Break into lines of `width` points (mode total fit for justified text). */
int pt_break(pt_para *p, double width);
size_t pt_nlines(const pt_para *p);
/* Width of text[off, off+len) in points, as drawn (shaped). */
double pt_measure(const pt_para *p, size_t off, size_t len);
/* Natural width of line i, including indents. */
double pt_line_width(const pt_para *p, size_t i);
/* Draw line i in the box [x, x+width) with its baseline at `base` (PDF
 * space: y up). */
void pt_draw_line(pt_para *p, HPDF_Page page, size_t i, double x, double base, double width);
/* Does `text` (a first paragraph) start with the place of `dateline`, as
 * wire copy does ("WELLINGTON, Nov 17 (NPW) - ...", "（新华社）哈尔滨11月19日电",
 * "لاہور (این پی) —")?  Any script; an agency credit in brackets before
 * the place is skipped. */
int pt_starts_with_place(const char *text, const char *dateline);
/* Ascent/descent of the role's main face, points. */
double pt_ascent(const pt_para *p);
double pt_descent(const pt_para *p);

/* ---- pictures (pdf_pictures.c) ------------------------------------------ */

typedef struct pdf_pic {
    char *path;           /* resolved, inside the item's folder */
    HPDF_Image image;     /* loaded at draw time */
    np_image_type type;
    int w, h;             /* pixels */
    int failed;
    char *href, *source;  /* the first reference to it: for warnings */
    long line;
    int lowres_warned;
} pdf_pic;

/* Resolve and check a picture reference of an item (np_href_resolve, sniff);
 * NULL with a warning through the context when it cannot be used. */
pdf_pic *pdf_pic_get(pdf_ctx *ctx, const char *item_source, long line, const char *href);
HPDF_Image pdf_pic_image(pdf_ctx *ctx, pdf_pic *pic);
/* `pic` drawn w x h points: counted, and a warning (once) under 150 ppi. */
void pdf_pic_drawn(pdf_ctx *ctx, pdf_pic *pic, double w, double h);
void pdf_pics_free(pdf_ctx *ctx);

/* ---- stories (pdf_story.c) ---------------------------------------------- */

/* One entry of a story's vertical list. */
typedef enum fl_kind { FL_LINE, FL_GAP, FL_PIC, FL_RULE, FL_ROW } fl_kind;

/* A row of a table: its cells side by side in a column, each a paragraph
 * broken to its table column's width (numbers set flush right). */
typedef struct pdf_row {
    size_t n;
    pt_para **cell;
    double *x, *w;        /* offsets from the column's start side, widths */
} pdf_row;

typedef struct fl_item {
    fl_kind kind;
    double h;             /* height it takes in a column */
    int keep;             /* no column break after this entry */
    pt_para *para;        /* FL_LINE: the paragraph */
    size_t line;          /* FL_LINE: line number */
    struct pdf_figure *fig; /* FL_PIC */
    pdf_row *row;         /* FL_ROW */
} fl_item;

typedef struct pdf_figure {
    pdf_pic *pic;         /* NULL: caption only */
    pt_para *caption, *credit;
    double img_w, img_h;  /* drawn size */
    double w;             /* box width */
    double h;             /* whole box: picture, caption, credit */
} pdf_figure;

/* Paragraphs and figures made while something is built, freed together. */
typedef struct pdf_owned {
    pt_para **paras;
    size_t nparas, capparas;
    struct pdf_figure **figs;
    size_t nfigs, capfigs;
} pdf_owned;

void pdf_owned_free(pdf_owned *o);

/* A story's built pieces: held only from when the make-up reaches the
 * story (pdf_story_body) until its pages are drawn. */
typedef struct pdf_pieces {
    pdf_owned own;        /* the paragraphs and figures of the pieces below */
    /* header pieces, broken when the band is known */
    pt_para *head, *deck, *byline;
    pdf_figure *lead_pic; /* spans columns at the top of the story */
    fl_item *fl;          /* the body as a vertical list */
    size_t nfl, capfl;
    pdf_row **rows;       /* table rows of the body (owned) */
    size_t nrows, caprows;
} pdf_pieces;

/* A story's text is built twice at most: once before the make-up (what
 * it needs of every story: the body's length, the lead picture), then
 * again when the make-up reaches it; it is freed once its pages are
 * drawn, so that only the stories near the page being made are held. */
/* The fonts report: what a story drew, face << 32 | code point, hashed. */
typedef struct pdf_drawn {
    uint64_t *v;
    size_t n, cap;
} pdf_drawn;

/* A story's segment: its physical page, where it starts there (links). */
typedef struct pdf_seg {
    size_t page;
    double y;
} pdf_seg;

typedef struct pdf_story {
    size_t index;         /* its item's place in the collection (items parked or not:
                             np_collection_item_open()) */
    char *headline;       /* np_item_display_headline(); the block that holds it holds
                             title and lang too */
    const char *title;    /* the item's own headline (may be `headline`), or NULL:
                             the outline, the index and the document's subject */
    char *lang;
    np_hyphenator *hyph;  /* borrowed from the context */
    pdf_pic *pic;         /* the lead picture (the context's), or NULL */
    size_t body_lines;
    size_t done_page;
    struct pdf_pieces *pc;/* its pieces while it is built (pdf_story_body), or NULL */
    /* where it went */
    size_t nseg;          /* page segments: 1 + number of jumps */
    struct pdf_seg *seg;  /* at most PDF_MAX_SEGS, room for a power of two */
    size_t resume;        /* front page stories: the flow entry the jump page goes on from */
    double top_y;         /* where it starts on its first page (outline, links) */
    np_buf *missing;      /* first characters no font covers ("U+0000 ...", at most
                             PDF_MISSING_MAX bytes), for the warning of the first build;
                             NULL while it has none (most stories) */
    size_t nmissing;
    struct pdf_drawn *drawn; /* fonts report only, else NULL */
    int urgency;          /* the item's, for the front page */
    int rank;             /* headline rank 1..4 */
    int section;          /* section number (-1: front page) */
    /* flags, one bit each (10,000 stories) */
    bool has_words : 1;   /* np_item_has_body_words(): may lead the front page */
    bool rtl : 1;
    bool counting : 1;    /* the first build: for its length */
    bool skim : 1;        /* counting, and too long for a brief: paragraphs are
                             measured (the fonts they need loaded in order), not broken */
    bool done : 1;        /* placed whole: freed when its pages are drawn */
    bool brief : 1;       /* short: set in the briefs band */
    bool on_front : 1;
    bool warned_bmp : 1;
    bool warned_marks : 1; /* a flood of combining marks was cut (pt_add) */
} pdf_story;

enum { PDF_MAX_SEGS = 64, PDF_MISSING_MAX = 128 };

/* Is a story of `body_lines` lines a brief (set in the briefs band)? */
int pdf_story_is_brief(const pdf_ctx *ctx, size_t body_lines);

pdf_story *pdf_story_new(pdf_ctx *ctx, size_t index);
void pdf_story_free(pdf_story *s);
/* The headline cut short, for jump heads, the index and the outline: made
 * in `out` when asked (it is not kept). */
const char *pdf_story_short_head(const pdf_story *s, np_buf *out);
/* The story's pieces (header, lead picture, body), built again if they
 * were freed; quietly: its warnings were given the first time. */
void pdf_story_body(pdf_ctx *ctx, pdf_story *s);
/* The story is placed whole on page `page` or before: its pieces go once
 * that page is drawn (pdf_flush). */
void pdf_story_done(pdf_ctx *ctx, pdf_story *s, size_t page);
/* Is `p` one of the built story's header pieces (headline, deck, byline)? */
int pdf_story_is_header(const pdf_story *s, const pt_para *p);
/* Free the pieces of the stories done on pages before `upto`. */
void pdf_stories_shed(pdf_ctx *ctx, size_t upto);
/* Size a picture box `w` wide (picture no taller than `max_h`, caption and
 * credit broken to the width; the height on the body's grid). */
void pdf_figure_size(const pdf_ctx *ctx, pdf_figure *fig, double w, double max_h);
/* (Re-)break the header pieces for a band `width` wide with rank `rank`. */
void pdf_story_header(pdf_ctx *ctx, pdf_story *s, int rank, double width);
/* Header height (headline, deck, byline and spacing) after pdf_story_header(). */
double pdf_story_header_h(pdf_ctx *ctx, const pdf_story *s);

/* ---- display list (pdf_page.c builds, pdf_draw.c draws) ----------------- */

typedef enum dl_kind {
    DL_LINE,      /* a line of a paragraph: x, y (top), w; base = baseline offset */
    DL_RULE,      /* a rule from (x, y) to (x+w, y+h), width lw */
    DL_PIC,       /* a picture in the box */
    DL_JUMP_OUT,  /* "Continued on page N": story, seg (N = page of seg+1) */
    DL_JUMP_IN,   /* "Continued from page M": story, seg (M = page of seg-1) */
    DL_PAGENO,    /* index: the page number of story `story`, right-aligned */
    DL_LINK,      /* index: a link to the first page of story `story` */
    DL_TEXT,      /* a one-line text of its own (para with one line) */
    DL_AREA       /* not drawn: a rectangle the make-up filled (a module of story
                     `story`, -1 for others, `seg` columns wide), for the report */
} dl_kind;

typedef struct dl_obj {
    dl_kind kind;
    size_t page;
    double x, y, w, h;
    double base;          /* baseline below y */
    double lw;            /* rules */
    pt_para *para;
    size_t line;
    pdf_pic *pic;
    int story, seg;
    const pdf_role *role; /* DL_JUMP_*, DL_PAGENO */
    int align;
    int own_para;         /* `para` is this object's: freed once drawn (mk_emit_text) */
} dl_obj;

typedef struct pdf_page {
    HPDF_Page hp;         /* the libharu page, added with the page */
    int section;          /* -1: front page, -2: jump page */
    size_t number;        /* printed page number */
    size_t article;       /* --article: the article's number (1-based), else 0 */
    int front;
    const char *title;    /* section name in the folio, or NULL */
    char *frozen;         /* its dictionary's keys as bytes (pdf_freeze.c), or NULL */
    size_t frozen_len;
    size_t font_at;       /* drawn, not finished: where its /Font dictionary goes in
                             them (else (size_t)-1) */
    struct pdf_fonts_res *fonts; /* drawn, not finished: the fonts of that dictionary */
} pdf_page;

/* ---- the text pen (pdf_pen.c) ------------------------------------------- */

/* What the content stream of the page last written to has in effect. */
typedef struct pdf_pen {
    HPDF_Page page;       /* NULL: none */
    int in_text;          /* inside BT ... ET */
    long long lx, ly;     /* start of the current line (text line matrix), 1/1000 pt */
    long long tl;         /* leading (TL), 1/1000 pt, when tl_known */
    int tl_known;
    HPDF_Font font;       /* NULL: none yet */
    double size, gray, tz, tc, tw;
    int failed;           /* a write to a content stream failed */
} pdf_pen;

/* Open a text object on `page` (closing the pen's other page first). */
void pdf_pen_begin(pdf_ctx *ctx, HPDF_Page page, np_buf *out);
/* Fill gray, horizontal scaling (percent), letter and word spacing, if
 * changed. */
void pdf_pen_state(pdf_ctx *ctx, double gray, double tz, double tc, double tw, np_buf *out);
/* The font and size, if changed; 0 if the page cannot take the font. */
int pdf_pen_font(pdf_ctx *ctx, HPDF_Font font, double size, np_buf *out);
/* The next line starts at (x, y), points, to a thousandth (the pen's
 * lx, ly, in thousandths: where it is then). */
void pdf_pen_line(pdf_ctx *ctx, double x, double y, np_buf *out);
/* Append `out` to the page's content stream. */
void pdf_pen_flush(pdf_ctx *ctx, np_buf *out);
/* Close the text object: before drawing anything else on the page. */
void pdf_pen_end(pdf_ctx *ctx);
/* Close it and put back the defaults: before the page is left. */
void pdf_pen_leave(pdf_ctx *ctx);
/* A number in its shortest form, three decimals at most. */
void pdf_pen_num(np_buf *b, double v);

/* pdf_codes.c: the codes of characters in the content streams (one byte
 * for ASCII, two from 0x8000 for the others, in order of first use). */
typedef struct pdf_codes {
    uint16_t *code;       /* by character, 0: none yet (allocated on need) */
    uint32_t *cp;         /* the two-byte codes' characters, by code - 0x8000 */
    size_t n, cap;
} pdf_codes;
/* The code of `cp`, given one now if need be; 0 if it cannot have one. */
unsigned pdf_code(pdf_ctx *ctx, uint32_t cp);
/* The code `cp` has, 0 if none. */
unsigned pdf_code_of(const pdf_ctx *ctx, uint32_t cp);
/* The characters of the two-byte codes, 0x8000 + index. */
size_t pdf_codes_wide(const pdf_ctx *ctx, const uint32_t **cps);
void pdf_codes_free(pdf_codes *c);
/* The encoding CMap of the codes, made every font's /Encoding. */
int pdf_codes_cmap(pdf_ctx *ctx, np_error *err);
/* A CIDSystemInfo dictionary Adobe-Identity-0. */
HPDF_Dict pdf_identity_info(HPDF_Doc pdf);

/* pdf_dests.c: a destination (fit width, `y` from the page's bottom),
 * shared by every link and outline entry to the same place. */
typedef struct pdf_dest {
    HPDF_Page page;       /* NULL: a free slot */
    long y8;              /* y in 1/8 pt */
    HPDF_Destination d;
} pdf_dest;
HPDF_Destination pdf_dest_at(pdf_ctx *ctx, HPDF_Page page, double y);
/* The table of places (the destinations stay the document's). */
void pdf_dests_free(pdf_ctx *ctx);
/* The table and the destinations' shared name: after the document is freed. */
void pdf_dests_done(pdf_ctx *ctx);

/* pdf_draw.c: a PDF text string of UTF-8 `utf8` appended to `out`: in
 * PDFDocEncoding when it can be (a literal string, a quarter of the
 * UTF-16 one's size), else UTF-16BE with a byte order mark (returns 1:
 * a binary object, written as a hex string). */
int pdf_text_string(const char *utf8, np_buf *out);

/* pdf_outline.c: the page labels and the outline (front page, sections,
 * stories), once every page is drawn; the destinations are freed.  With
 * `release`, each story is freed once its entry is made, but the lead's
 * (ctx->lead). */
void pdf_navigation(pdf_ctx *ctx, int release);
/* The outline's records and writer, before the document is freed (the
 * document's cross-reference table leads to them until then). */
typedef struct pdf_outline pdf_outline;
void pdf_outline_free(pdf_ctx *ctx);
/* pdf_fontres.c: the name of `font` in the resources of `page` ("F1",
 * ...), added on first use as libharu's HPDF_Page_GetLocalFontName adds
 * it, kept in less memory; 0 if libharu fails. */
enum { PDF_FONT_NAME = 24 };
int pdf_font_name(HPDF_Page page, HPDF_Font font, char name[PDF_FONT_NAME]);
/* A page's fonts as that array: the /Font dictionary's contents written,
 * freed; taken from a dictionary pdf_font_name() made (NULL: not one). */
typedef struct pdf_fonts_res pdf_fonts_res;
HPDF_STATUS pdf_fonts_write(const pdf_fonts_res *r, HPDF_Stream s);
void pdf_fonts_free(pdf_fonts_res *r);
pdf_fonts_res *pdf_fonts_take(HPDF_Dict d);
/* pdf_freeze.c: the keys of pages [from, upto), drawn, kept as bytes
 * but their /Font dictionary (later texts may add to it), the rest freed. */
void pdf_freeze_drawn(pdf_ctx *ctx, size_t from, size_t upto);
/* Every page's keys kept as bytes, the rest freed: call when nothing is
 * drawn or added on the pages any more. */
void pdf_freeze_pages(pdf_ctx *ctx);
/* The bytes kept (ctx_free(), before the document). */
void pdf_frozen_free(pdf_ctx *ctx);
/* A libharu list's room cut to its items (added to later, it grows again). */
void pdf_list_fit(HPDF_List l);

/* ---- the context -------------------------------------------------------- */

/* pdf_ctx.c: the context's record of a page of the document (the
 * document's error handler's user data, HPDF_New), or NULL. */
pdf_page *pdf_page_of(HPDF_Page page);

struct pdf_ctx {
    HPDF_Doc pdf;
    pf_fonts *pf;
    pdf_style st;
    const np_pdf_opts *o;
    const np_collection *c;
    np_sections sections;
    struct np_body_spool *spool; /* the items' parked metadata (park_items), or NULL */
    pdf_story **stories;  /* by collection index, NULL for non-articles */
    /* pages and the display list */
    pdf_page *pages;
    size_t npages, cappages;
    dl_obj *dl;
    size_t ndl, capdl;
    dl_obj *late;         /* drawn last: texts that need every page known */
    size_t nlate, caplate;
    /* owned paragraphs and figures (pointer-stable): the context's, or
     * those of the story being built (own points to them; NULL: owned) */
    pdf_owned owned, *own;
    pdf_story **done;     /* stories placed whole, not freed yet */
    size_t ndone, capdone;
    int quiet;            /* building a story again: no warnings */
    FILE *spill_fp;       /* drawn pages' content (pdf_spill.c), or NULL */
    long long spill_end;
    size_t nspilled;      /* pages before this one are moved there */
    pdf_pic **pics;
    size_t npics, cappics;
    /* hyphenators by language */
    struct { char *lang; np_hyphenator *h; } hy[16];
    size_t nhy;
    pdf_story *cur;       /* story being built: for warnings */
    np_buf date_text;     /* "Monday, Nov. 16, 2026" */
    unsigned long hpdf_error; /* last libharu error number, 0 if none */
    unsigned long hpdf_detail;
    /* the front page */
    int lead;             /* collection index of the lead story, -1 */
    int *order;           /* stories in page order (collection indexes) */
    size_t norder;
    size_t issue_no, volume_no;
    size_t pics_drawn, warnings; /* for the summary */
    pdf_pen pen;          /* text in the content streams */
    pdf_codes codes;      /* character codes of the content streams */
    pdf_dest *dests;      /* destinations by place (hash table), while drawing */
    size_t ndests, capdests;
    struct _HPDF_Name_Rec *fith; /* the destinations' /FitH (pdf_dests.c), or NULL */
    pdf_outline *outline; /* the outline's entries (pdf_outline.c), or NULL */
};

/* pdf_ctx.c: the context helpers every file may call.
 * Report a warning (code 0) about `where` ("FILE:LINE" or NULL). */
void pdf_warn(pdf_ctx *ctx, const char *file, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* The same about story `s` (NULL: none), "FILE:LINE" of its item. */
void pdf_warn_story(pdf_ctx *ctx, const struct pdf_story *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* "FILE:LINE" of story `s`'s item, made in `b`. */
const char *pdf_story_where(const pdf_ctx *ctx, const struct pdf_story *s, np_buf *b);
pdf_figure *pdf_figure_new(pdf_ctx *ctx);
dl_obj *pdf_dl_add(pdf_ctx *ctx, dl_kind kind, size_t page);
size_t pdf_page_add(pdf_ctx *ctx, int section, const char *title);
np_hyphenator *pdf_hyphenator(pdf_ctx *ctx, const char *lang);

/* pdf_text.c: a new paragraph of the current story, owned by the context. */
pt_para *pdf_para_new(pdf_ctx *ctx, const pdf_role *role);

/* Type area of a page (left, top, right, bottom). */
void pdf_type_area(const pdf_ctx *ctx, size_t page, double *x0, double *y0, double *x1,
                   double *y1);
/* Lay every story out into pages and the display list. */
int pdf_make_pages(pdf_ctx *ctx, np_error *err);
/* Draw what is placed on pages before `upto` (they are complete): the
 * display list shrinks to what is still open, paragraphs drawn whole are
 * released.  Texts that need page numbers wait for pdf_draw(). */
void pdf_flush(pdf_ctx *ctx, size_t upto);
/* pdf_spill.c: the content of pages before `upto` (drawn) to a temporary
 * file, read back when the document is saved; pdf_spill_close() at the end. */
void pdf_spill_pages(pdf_ctx *ctx, size_t upto);
/* The bytes of page content stream `s` replaced by `data` (compressed):
 * in the file if the stream was moved there, else in memory. */
HPDF_STATUS pdf_spill_replace(pdf_ctx *ctx, HPDF_Stream s, const np_buf *data);
void pdf_spill_close(pdf_ctx *ctx);
/* Draw the rest: the late texts and links. */
int pdf_draw(pdf_ctx *ctx, np_error *err);
/* What only drawing needs: the context's paragraphs and figures, the
 * display lists, the hyphenators (pdf_draw() frees them once every page
 * is drawn; ctx_free() too). */
void pdf_drawn_free(pdf_ctx *ctx);
/* The document information dictionary (pdf_draw.c). */
void pdf_doc_info(pdf_ctx *ctx, const char *title, const char *subject, const char *keywords,
                  const np_time *when, const unsigned char id[16]);

/* pdf_flate.c: the page content streams compressed at zlib's best level;
 * call when every page is drawn. */
int pdf_flate_pages(pdf_ctx *ctx, np_error *err);
/* The same for one stream of the document. */
HPDF_STATUS pdf_flate_dict(HPDF_Doc pdf, HPDF_Dict d);
/* pdf_tounicode.c: valid ToUnicode maps for every embedded font (the codes
 * drawn, from pf_mark), replacing libharu's; call before saving. */
int pdf_tounicode(pdf_ctx *ctx, np_error *err);
/* pdf_subset.c: every embedded font subset to the glyphs drawn (HarfBuzz),
 * its widths and CIDToGIDMap cut to the codes drawn; before saving. */
int pdf_subset_fonts(pdf_ctx *ctx, np_error *err);

/* What the document says about itself: the information dictionary
 * (pdf_draw.c) and the XMP metadata (pdf_xmp.c) are made from it. */
typedef struct pdf_doc_facts {
    const char *title, *subject, *keywords, *author, *lang;
    const char *creator;      /* the program */
    const char *producer;     /* the PDF library */
    const np_time *when;      /* creation and modification date, or NULL */
    const unsigned char *id;  /* the document ID, 16 bytes */
} pdf_doc_facts;
#define PDF_CREATOR "newsml2pdf (newsprint " NP_VERSION ")"
#define PDF_PRODUCER "newsprint " NP_VERSION " with Haru Free PDF Library " HPDF_VERSION_TEXT
/* pdf_xmp.c: the XMP metadata stream of the document catalog. */
int pdf_xmp(pdf_ctx *ctx, const pdf_doc_facts *d, np_error *err);
/* pdf_boxes.c: TrimBox on every page; with the style's bleed a BleedBox,
 * room for crop marks in the MediaBox, and the marks.  After drawing. */
int pdf_page_boxes(pdf_ctx *ctx, np_error *err);

/* UTF-8 decoding: the code point at s[*i] (advances *i); U+FFFD for bad bytes. */
uint32_t pdf_utf8_next(const char *s, size_t len, size_t *i);
void pdf_utf8_put(np_buf *b, uint32_t cp);

#endif
