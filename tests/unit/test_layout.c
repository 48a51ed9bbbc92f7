/* Unit tests: paragraph layout (UAX #14 breaks, greedy, Knuth–Plass,
 * hyphenation, display width). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "newsprint/buf.h"
#include "newsprint/layout.h"

static const char PARA[] =
    "The city council voted on Tuesday to approve a sweeping plan to rebuild the "
    "aging water infrastructure of the northern districts, a project that officials "
    "say will take at least a decade and cost more than two billion dollars. "
    "Residents who attended the meeting expressed both relief and frustration, "
    "noting that repeated boil-water notices had disrupted schools, restaurants and "
    "hospitals for years. The mayor said construction would begin in the spring, "
    "starting with the oldest mains beneath the harbour neighbourhoods, and promised "
    "regular public reports on spending and progress. Opposition members questioned "
    "whether the contractors selected through an accelerated procurement process had "
    "sufficient experience with projects of this size, and asked for an independent "
    "review of the cost estimates before any money is committed.";

/* ------------------------------------------------------------ helpers */

static np_layout_opts cols(double width, np_layout_mode mode)
{
    np_layout_opts o;
    memset(&o, 0, sizeof o);
    o.measure = np_measure_columns;
    o.width = width;
    o.mode = mode;
    return o;
}

static double line_w(const np_layout_opts *o, size_t i)
{
    return o->line_width ? o->line_width(o->ud, i) : o->width;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The lines cover the text: in order, separated only by whitespace (or
 * nothing after a hyphenated line), nothing left out at either end. */
static void assert_covers(const char *text, size_t len, const np_lines *ls)
{
    size_t pos = 0;
    for (size_t i = 0; i < ls->n; i++) {
        const np_line *l = &ls->v[i];
        assert_true(l->start <= l->end);
        assert_true(l->end <= len);
        assert_true(l->start >= pos);
        for (size_t k = pos; k < l->start; k++)
            assert_true(is_space(text[k]));
        if (i > 0 && ls->v[i - 1].hyphen)
            assert_int_equal(l->start, ls->v[i - 1].end);
        if (l->end > l->start) {
            assert_false(l->end > l->start && text[l->end - 1] == ' ');
        }
        pos = l->end;
    }
    for (size_t k = pos; k < len; k++)
        assert_true(is_space(text[k]));
}

/* Words of `text` (split on whitespace) joined with single spaces. */
static void words_of(const char *text, size_t len, np_buf *out)
{
    int sp = 0;
    for (size_t i = 0; i < len; i++) {
        if (is_space(text[i])) {
            sp = 1;
        } else {
            if (sp && out->len)
                np_buf_putc(out, ' ');
            sp = 0;
            np_buf_putc(out, text[i]);
        }
    }
}

/* Lines joined: a hyphenated line continues the word (so does a line
 * ending after an explicit hyphen); elsewhere the break was a space. */
static void rejoin(const char *text, const np_lines *ls, np_buf *out)
{
    np_buf tmp = NP_BUF_INIT;
    for (size_t i = 0; i < ls->n; i++) {
        const np_line *l = &ls->v[i];
        np_buf_put(&tmp, text + l->start, l->end - l->start);
        int joined = l->hyphen || (i + 1 < ls->n && ls->v[i + 1].start == l->end && l->end > l->start &&
                                   text[l->end - 1] == '-');
        if (!joined)
            np_buf_putc(&tmp, ' ');
    }
    words_of(np_buf_cstr(&tmp), tmp.len, out);
    np_buf_free(&tmp);
}

static void assert_same_words(const char *text, size_t len, const np_lines *ls)
{
    np_buf a = NP_BUF_INIT, b = NP_BUF_INIT;
    words_of(text, len, &a);
    rejoin(text, ls, &b);
    assert_string_equal(np_buf_cstr(&a), np_buf_cstr(&b));
    np_buf_free(&a);
    np_buf_free(&b);
}

static size_t cols_of(const char *text, const np_line *l)
{
    return np_display_width(text + l->start, l->end - l->start) + (l->hyphen ? 1 : 0);
}

static size_t spaces_in(const char *text, const np_line *l)
{
    size_t n = 0;
    for (size_t k = l->start; k < l->end; k++)
        n += text[k] == ' ';
    return n;
}

/* A proportional "font": widths in points at 10 pt, roughly Times. */
static double prop_measure(void *ud, const char *text, size_t len)
{
    (void)ud;
    double w = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ')
            w += 2.5;
        else if (strchr("iljtf.,;:'!|", c))
            w += 2.8;
        else if (strchr("mwMW", c))
            w += 7.8;
        else if (c >= 'A' && c <= 'Z')
            w += 6.7;
        else if ((c & 0xC0) == 0x80)
            w += 0; /* continuation byte */
        else
            w += 5.0;
    }
    return w;
}

/* Build `n` words of pseudo-random English-like text. */
static char *make_words(size_t n)
{
    static const char *const dict[] = {
        "the", "government", "announced", "infrastructure", "investment", "across",
        "several", "regions", "while", "critics", "argued", "that", "budget",
        "would", "not", "cover", "maintenance", "of", "existing", "roads", "and",
        "bridges", "representatives", "a", "responsibility", "on", "Thursday,",
        "communities", "said", "negotiations", "continue", "in", "parliament."};
    np_buf b = NP_BUF_INIT;
    uint32_t s = 12345;
    for (size_t i = 0; i < n; i++) {
        s = s * 1103515245u + 12345u;
        if (i)
            np_buf_putc(&b, ' ');
        np_buf_puts(&b, dict[(s >> 16) % (sizeof dict / sizeof dict[0])]);
    }
    return np_buf_detach(&b);
}

/* -------------------------------------------------------------- tests */

static void test_empty_text(void **state)
{
    (void)state;
    np_layout_opts o = cols(20, NP_LAYOUT_GREEDY);
    np_lines ls = {0};
    assert_int_equal(np_layout_paragraph("", 0, &o, &ls, NULL), NP_OK);
    assert_int_equal(ls.n, 0);
    o.mode = NP_LAYOUT_TOTAL_FIT;
    assert_int_equal(np_layout_paragraph(NULL, 0, &o, &ls, NULL), NP_OK);
    assert_int_equal(ls.n, 0);
    np_lines_free(&ls);
}

static void test_usage_error(void **state)
{
    (void)state;
    np_layout_opts o = cols(20, NP_LAYOUT_GREEDY);
    o.measure = NULL;
    np_lines ls = {0};
    np_error err = NP_ERROR_INIT;
    assert_int_equal(np_layout_paragraph("abc", 3, &o, &ls, &err), NP_ERR_USAGE);
    assert_non_null(err.message);
    assert_int_equal(ls.n, 0);
    np_error_clear(&err);
    np_lines_free(&ls);
}

static void test_greedy_english(void **state)
{
    (void)state;
    const double widths[] = {20, 72};
    size_t len = strlen(PARA);
    for (size_t w = 0; w < 2; w++) {
        np_layout_opts o = cols(widths[w], NP_LAYOUT_GREEDY);
        np_lines ls = {0};
        assert_int_equal(np_layout_paragraph(PARA, len, &o, &ls, NULL), NP_OK);
        assert_true(ls.n > 1);
        for (size_t i = 0; i < ls.n; i++) {
            assert_true(cols_of(PARA, &ls.v[i]) <= (size_t)widths[w]);
            assert_true(fabs(ls.v[i].width - (double)cols_of(PARA, &ls.v[i])) < 1e-9);
            assert_false(ls.v[i].hyphen);
            assert_true(ls.v[i].ratio == 0.0);
            assert_int_equal(ls.v[i].forced, i + 1 == ls.n);
            /* First fit: the next line's first word would not have fitted. */
            if (i + 1 < ls.n) {
                const char *nx = PARA + ls.v[i + 1].start;
                size_t wl = strcspn(nx, " ");
                assert_true(cols_of(PARA, &ls.v[i]) + 1 + wl > (size_t)widths[w]);
            }
        }
        assert_covers(PARA, len, &ls);
        assert_same_words(PARA, len, &ls);
        np_lines_free(&ls);
    }
}

/* The text of the lines put together again (hyphens of overflow breaks
 * left out): the paragraph without its spaces. */
static void squeeze(const char *text, size_t len, np_buf *out)
{
    for (size_t i = 0; i < len; i++)
        if (!is_space(text[i]))
            np_buf_putc(out, text[i]);
}

static void assert_lines_rejoin(const char *text, size_t len, const np_lines *ls)
{
    np_buf a = NP_BUF_INIT, b = NP_BUF_INIT;
    squeeze(text, len, &a);
    for (size_t i = 0; i < ls->n; i++)
        squeeze(text + ls->v[i].start, ls->v[i].end - ls->v[i].start, &b);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    np_buf_free(&a);
    np_buf_free(&b);
}

/* A URL wider than the column is broken (issue 14: a 276-character URL
 * used to stand alone on a line, squeezed by the PDF renderer until
 * libharu gave up): no line is wider than the column, no hyphen is added
 * inside the URL, and its pieces end after its separators where there
 * are some. */
static void test_long_url_broken(void **state)
{
    (void)state;
    char url[101];
    memcpy(url, "https://example.com/", 20);
    for (int i = 20; i < 100; i++)
        url[i] = i % 9 == 0 ? '/' : (char)('a' + i % 26);
    url[100] = '\0';
    np_buf t = NP_BUF_INIT;
    np_buf_printf(&t, "Read more at %s. For all details", url);
    np_layout_opts o = cols(20, NP_LAYOUT_GREEDY);
    for (int mode = 0; mode < 2; mode++) {
        o.mode = mode ? NP_LAYOUT_TOTAL_FIT : NP_LAYOUT_GREEDY;
        np_lines ls = {0};
        assert_int_equal(np_layout_paragraph(t.data, t.len, &o, &ls, NULL), NP_OK);
        size_t in_url = 0, at_slash = 0;
        for (size_t i = 0; i < ls.n; i++) {
            const np_line *l = &ls.v[i];
            assert_true(cols_of(t.data, l) <= 20);
            assert_true(l->width <= 20.0);
            assert_false(l->hyphen);
            size_t u = (size_t)(strstr(t.data, url) - t.data);
            if (l->end > u && l->end < u + 100) {
                in_url++;
                at_slash += t.data[l->end - 1] == '/';
            }
        }
        assert_true(in_url >= 4);
        assert_true(at_slash * 2 >= in_url);
        assert_covers(t.data, t.len, &ls);
        assert_lines_rejoin(t.data, t.len, &ls);
        np_lines_free(&ls);
    }
    np_buf_free(&t);
}

/* A 10,000-letter word breaks in every mode, with a hyphen at each break,
 * and in time (issue 13.3). */
static void test_huge_word(void **state)
{
    (void)state;
    np_buf t = NP_BUF_INIT;
    np_buf_puts(&t, "A word: ");
    for (int i = 0; i < 10000; i++)
        np_buf_putc(&t, (char)('a' + i % 7));
    np_buf_puts(&t, " ends here.");
    for (int mode = 0; mode < 2; mode++) {
        np_layout_opts o = cols(30, mode ? NP_LAYOUT_TOTAL_FIT : NP_LAYOUT_GREEDY);
        np_lines ls = {0};
        clock_t t0 = clock();
        assert_int_equal(np_layout_paragraph(t.data, t.len, &o, &ls, NULL), NP_OK);
        assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
        assert_true(ls.n >= 10000 / 30);
        size_t hyphens = 0;
        for (size_t i = 0; i < ls.n; i++) {
            assert_true(ls.v[i].width <= 30.0);
            hyphens += ls.v[i].hyphen;
        }
        assert_true(hyphens >= 10000 / 30 - 1);
        assert_covers(t.data, t.len, &ls);
        assert_lines_rejoin(t.data, t.len, &ls);
        np_lines_free(&ls);
    }
    np_buf_free(&t);
}

/* At most two hyphenated line ends in a row, in both modes (issue 9.5). */
static void test_hyphen_run_limit(void **state)
{
    (void)state;
    np_hyphenator *h = np_hyphenator_load("en-US", NULL);
    if (!h)
        skip(); /* hyphen-en-us not installed */
    const char *t = "infrastructure organisations internationalisation responsibilities "
                    "telecommunications administrations representatives manufacturers "
                    "infrastructure organisations internationalisation responsibilities "
                    "telecommunications administrations representatives manufacturers";
    size_t hyphens = 0;
    for (int mode = 0; mode < 2; mode++) {
        for (int w = 9; w <= 16; w++) {
            np_layout_opts o = cols(w, mode ? NP_LAYOUT_TOTAL_FIT : NP_LAYOUT_GREEDY);
            o.hyphenator = h;
            np_lines ls = {0};
            assert_int_equal(np_layout_paragraph(t, strlen(t), &o, &ls, NULL), NP_OK);
            int run = 0;
            for (size_t i = 0; i < ls.n; i++) {
                run = ls.v[i].hyphen ? run + 1 : 0;
                hyphens += ls.v[i].hyphen;
                assert_true(run <= 2);
            }
            assert_covers(t, strlen(t), &ls);
            np_lines_free(&ls);
        }
    }
    assert_true(hyphens > 20); /* hyphenation did happen */
    np_hyphenator_free(h);
}

/* Breaking again with a cache gives the same lines as without, for every
 * width; a changed text is noticed. */
static void test_cache_same_lines(void **state)
{
    (void)state;
    np_hyphenator *h = np_hyphenator_load("en-US", NULL);
    np_layout_cache *c = np_layout_cache_new();
    assert_non_null(c);
    char *t = make_words(300);
    for (int round = 0; round < 2; round++) {
        for (int w = 12; w <= 60; w += 7) {
            for (int mode = 0; mode < 2; mode++) {
                np_layout_opts o = cols(w, mode ? NP_LAYOUT_TOTAL_FIT : NP_LAYOUT_GREEDY);
                o.hyphenator = h;
                np_lines a = {0}, b = {0};
                assert_int_equal(np_layout_paragraph(t, strlen(t), &o, &a, NULL), NP_OK);
                o.cache = c;
                assert_int_equal(np_layout_paragraph(t, strlen(t), &o, &b, NULL), NP_OK);
                assert_int_equal(a.n, b.n);
                for (size_t i = 0; i < a.n; i++) {
                    assert_int_equal(a.v[i].start, b.v[i].start);
                    assert_int_equal(a.v[i].end, b.v[i].end);
                    assert_int_equal(a.v[i].hyphen, b.v[i].hyphen);
                }
                np_lines_free(&a);
                np_lines_free(&b);
            }
        }
        /* the same length, other words: the cache must not answer */
        for (char *p = t; *p; p++)
            if (*p == ' ' && p[1] && p[2] && p[1] != ' ' && p[2] != ' ') {
                p[0] = p[1];
                p[1] = ' ';
            }
    }
    free(t);
    np_layout_cache_free(c);
    np_hyphenator_free(h);
}

/* U+FFFF is libunibreak 1.1's end-of-text marker: a text holding it (the
 * fuzzer's find) made libunibreak fail an assertion and abort. */
static void test_noncharacter_ffff(void **state)
{
    (void)state;
    const char t[] = "a \xef\xbf\xbf\xbf\xbf b \xef\xbf\xbf\xef\xbf\xbe end";
    for (int mode = 0; mode < 2; mode++) {
        np_layout_opts o = cols(4, mode ? NP_LAYOUT_TOTAL_FIT : NP_LAYOUT_GREEDY);
        np_lines ls = {0};
        assert_int_equal(np_layout_paragraph(t, sizeof t - 1, &o, &ls, NULL), NP_OK);
        assert_covers(t, sizeof t - 1, &ls);
        np_lines_free(&ls);
    }
}

/* Quotes and dashes by language. */
static void collect(void *ud, size_t src, size_t src_len, const char *out, size_t out_len)
{
    (void)src;
    (void)src_len;
    np_buf_put(ud, out, out_len);
}

static void test_typeset_marks(void **state)
{
    (void)state;
    const char *t = "\"Yes,\" she said - it's 'done' -- really.";
    np_buf b = NP_BUF_INIT;
    assert_int_equal(np_typeset_marks("en-GB", t, strlen(t), collect, &b), 1);
    np_buf_putc(&b, 0);
    assert_string_equal(b.data, "\u201cYes,\u201d she said \u2014 it\u2019s \u2018done\u2019 \u2014 really.");
    np_buf_reset(&b);
    assert_int_equal(np_typeset_marks("de", t, strlen(t), collect, &b), 1);
    np_buf_putc(&b, 0);
    assert_string_equal(b.data, "\u201eYes,\u201c she said \u2013 it\u2019s \u201adone\u2018 \u2014 really.");
    np_buf_reset(&b);
    assert_int_equal(np_typeset_marks("fr", "\"Oui\"", 5, collect, &b), 1);
    np_buf_putc(&b, 0);
    assert_string_equal(b.data, "\u00ab\u00a0Oui\u00a0\u00bb");
    np_buf_reset(&b);
    /* nothing to do, or no rules: nothing emitted */
    assert_int_equal(np_typeset_marks("en", "plain text", 10, collect, &b), 0);
    assert_int_equal(np_typeset_marks("zh", t, strlen(t), collect, &b), 0);
    assert_int_equal(np_typeset_marks(NULL, t, strlen(t), collect, &b), 0);
    assert_int_equal(b.len, 0);
    np_buf_free(&b);
}

/* A flood of combining marks ("zalgo") and a run of emoji: broken between
 * grapheme clusters, never inside a base letter and its first marks; a
 * cluster of hundreds of marks is cut after a bounded number of them. */
static void test_clusters_and_floods(void **state)
{
    (void)state;
    np_buf t = NP_BUF_INIT;
    for (int i = 0; i < 60; i++)
        np_buf_puts(&t, "e\xcc\x81"); /* e + U+0301 */
    np_layout_opts o = cols(10, NP_LAYOUT_GREEDY);
    np_lines ls = {0};
    assert_int_equal(np_layout_paragraph(t.data, t.len, &o, &ls, NULL), NP_OK);
    assert_true(ls.n >= 6);
    for (size_t i = 0; i < ls.n; i++) {
        assert_int_equal(t.data[ls.v[i].start], 'e'); /* never a lone mark */
        assert_true(ls.v[i].width <= 10.0);
    }
    np_lines_free(&ls);
    np_buf_reset(&t);
    for (int i = 0; i < 5000; i++)
        np_buf_puts(&t, "\xf0\x9f\x98\x80"); /* U+1F600, two columns each */
    o.mode = NP_LAYOUT_TOTAL_FIT;
    assert_int_equal(np_layout_paragraph(t.data, t.len, &o, &ls, NULL), NP_OK);
    assert_true(ls.n >= 1000);
    for (size_t i = 0; i < ls.n; i++) {
        assert_true(ls.v[i].width <= 10.0);
        assert_false(ls.v[i].hyphen);
    }
    assert_covers(t.data, t.len, &ls);
    np_lines_free(&ls);
    np_buf_reset(&t);
    np_buf_putc(&t, 'Z');
    for (int i = 0; i < 2000; i++)
        np_buf_puts(&t, "\xcc\x81");
    o = cols(0, NP_LAYOUT_GREEDY); /* marks have no width: only a zero width overflows */
    assert_int_equal(np_layout_paragraph(t.data, t.len, &o, &ls, NULL), NP_OK);
    assert_true(ls.n > 1); /* the flood is not one unbreakable cluster */
    assert_covers(t.data, t.len, &ls);
    np_lines_free(&ls);
    np_buf_free(&t);
}

static void test_forced_break(void **state)
{
    (void)state;
    const char *t = "first line\nsecond line\n\nfourth";
    np_layout_opts o = cols(72, NP_LAYOUT_GREEDY);
    for (int mode = 0; mode < 2; mode++) {
        o.mode = mode ? NP_LAYOUT_TOTAL_FIT : NP_LAYOUT_GREEDY;
        np_lines ls = {0};
        assert_int_equal(np_layout_paragraph(t, strlen(t), &o, &ls, NULL), NP_OK);
        assert_int_equal(ls.n, 4);
        const char *want[] = {"first line", "second line", "", "fourth"};
        for (size_t i = 0; i < 4; i++) {
            assert_int_equal(ls.v[i].end - ls.v[i].start, strlen(want[i]));
            assert_memory_equal(t + ls.v[i].start, want[i], strlen(want[i]));
            assert_true(ls.v[i].forced);
            assert_true(ls.v[i].ratio == 0.0);
        }
        np_lines_free(&ls);
    }
    /* A trailing newline does not make an extra line; CRLF is one break. */
    np_lines ls = {0};
    assert_int_equal(np_layout_paragraph("abc def\r\n", 9, &o, &ls, NULL), NP_OK);
    assert_int_equal(ls.n, 1);
    assert_int_equal(ls.v[0].end, 7);
    np_lines_free(&ls);
}

static void test_leading_spaces(void **state)
{
    (void)state;
    const char *t = "   indented text";
    np_layout_opts o = cols(40, NP_LAYOUT_GREEDY);
    np_lines ls = {0};
    assert_int_equal(np_layout_paragraph(t, strlen(t), &o, &ls, NULL), NP_OK);
    assert_int_equal(ls.n, 1);
    assert_int_equal(ls.v[0].start, 0);
    assert_int_equal(ls.v[0].end, strlen(t));
    np_lines_free(&ls);
}

static void test_cjk_wrap(void **state)
{
    (void)state;
    /* 34 ideographs, no spaces. */
    const char *t = "中华人民共和国国务院今天发布了关于加强城市基础设施建设的意见要求各地";
    size_t len = strlen(t);
    assert_int_equal(np_display_width(t, len), 68);
    for (int mode = 0; mode < 2; mode++) {
        np_layout_opts o = cols(10, mode ? NP_LAYOUT_TOTAL_FIT : NP_LAYOUT_GREEDY);
        o.lang = "zh-Hans-CN";
        np_lines ls = {0};
        assert_int_equal(np_layout_paragraph(t, len, &o, &ls, NULL), NP_OK);
        assert_int_equal(ls.n, 7);
        size_t pos = 0;
        for (size_t i = 0; i < ls.n; i++) {
            assert_int_equal(ls.v[i].start, pos);
            assert_int_equal(cols_of(t, &ls.v[i]), i + 1 < ls.n ? 10 : 8);
            assert_true(ls.v[i].width == (i + 1 < ls.n ? 10.0 : 8.0));
            assert_int_equal((ls.v[i].end - ls.v[i].start) % 3, 0); /* whole characters */
            pos = ls.v[i].end;
        }
        assert_int_equal(pos, len);
        np_lines_free(&ls);
    }
}

static void test_no_line_starts_with_closing(void **state)
{
    (void)state;
    const char *t = "我们今天去了北京。天气很好，人也很多、非常热闹。"
                    "然后（我们）又去了上海，看到了“外滩”的夜景。"
                    "Then we said: yes, no, maybe (or not), fine.";
    size_t len = strlen(t);
    const char *bad[] = {"。", "，", "、", "）", "”", ",", ".", ")", ":"};
    int cjk_breaks = 0;
    for (int mode = 0; mode < 2; mode++) {
        for (int w = 3; w <= 24; w++) {
            np_layout_opts o = cols(w, mode ? NP_LAYOUT_TOTAL_FIT : NP_LAYOUT_GREEDY);
            o.lang = "zh";
            np_lines ls = {0};
            assert_int_equal(np_layout_paragraph(t, len, &o, &ls, NULL), NP_OK);
            assert_covers(t, len, &ls);
            for (size_t i = 1; i < ls.n; i++) {
                const char *s = t + ls.v[i].start;
                for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++)
                    assert_false(strncmp(s, bad[b], strlen(bad[b])) == 0);
                if ((unsigned char)s[0] >= 0xE0)
                    cjk_breaks++;
            }
            np_lines_free(&ls);
        }
    }
    assert_true(cjk_breaks > 0);
}

static void test_display_width(void **state)
{
    (void)state;
    assert_int_equal(np_display_width("abc", 3), 3);
    assert_int_equal(np_display_width("中文", strlen("中文")), 4);
    assert_int_equal(np_display_width("e\xcc\x81", 3), 1);          /* e + U+0301 */
    assert_int_equal(np_display_width("\xef\xbd\xb6", 3), 1);       /* halfwidth katakana ka */
    assert_int_equal(np_display_width("\xef\xbc\xa1", 3), 2);       /* fullwidth A */
    assert_int_equal(np_display_width("a\xe2\x80\x8b" "b", 5), 2);  /* ZWSP */
    assert_int_equal(np_display_width("a\xe2\x80\x8d" "b", 5), 2);  /* ZWJ */
    assert_int_equal(np_display_width("co\xc2\xad" "op", 6), 4);    /* soft hyphen */
    assert_int_equal(np_display_width("a\tb\x01", 4), 2);           /* controls */
    assert_int_equal(np_display_width("\xf0\x9f\x98\x80", 4), 2);   /* emoji */
    assert_int_equal(np_display_width("\xd0\x96\xce\xa9", 4), 2);   /* Cyrillic, Greek */
    /* Invalid bytes count 1 each: stray, overlong, surrogate, truncated. */
    assert_int_equal(np_display_width("\xff", 1), 1);
    assert_int_equal(np_display_width("\xc0\xaf", 2), 2);
    assert_int_equal(np_display_width("\xe0\x80\xaf", 3), 3);
    assert_int_equal(np_display_width("\xed\xa0\x80", 3), 3);
    assert_int_equal(np_display_width("\xf4\x90\x80\x80", 4), 4);
    assert_int_equal(np_display_width("ab\xe4\xb8", 4), 4);
    assert_int_equal(np_display_width(NULL, 0), 0);
    assert_true(np_measure_columns(NULL, "中a", 4) == 3.0);
}

/* Knuth–Plass lines: the last is ragged; every other line, justified
 * (spaces stretched or shrunk by `ratio`), is exactly as wide as the
 * column, never squeezed beyond its shrink; with `strict`, within the
 * tolerance. */
static void check_kp_lines(const char *text, const np_lines *ls, const np_layout_opts *o,
                           double stretch_f, double shrink_f, double space_w, int strict)
{
    double tol = o->tolerance > 0 ? o->tolerance : 2.0;
    for (size_t i = 0; i < ls->n; i++) {
        const np_line *l = &ls->v[i];
        double lw = line_w(o, i);
        if (i + 1 == ls->n) {
            assert_true(l->ratio == 0.0);
            assert_true(l->width <= lw + 1e-9);
            continue;
        }
        if (strict)
            assert_true(fabs(l->ratio) <= tol + 1e-9);
        assert_true(l->ratio >= -1.0 - 1e-9);
        double glue = (double)spaces_in(text, l) * space_w;
        double adj = l->ratio >= 0 ? l->width + l->ratio * glue * stretch_f
                                   : l->width + l->ratio * glue * shrink_f;
        assert_true(fabs(adj - lw) < 1e-6);
        if (shrink_f == 0)
            assert_true(l->width <= lw + 1e-9);
    }
}

static void test_kp_english(void **state)
{
    (void)state;
    size_t len = strlen(PARA);
    np_lines ls = {0};
    /* A proportional font in points (a 300 pt column has room enough to
     * stay within the tolerance without hyphenation). */
    np_layout_opts o;
    memset(&o, 0, sizeof o);
    o.measure = prop_measure;
    o.width = 300;
    o.mode = NP_LAYOUT_TOTAL_FIT;
    assert_int_equal(np_layout_paragraph(PARA, len, &o, &ls, NULL), NP_OK);
    assert_true(ls.n > 5);
    check_kp_lines(PARA, &ls, &o, 0.5, 0.33, 2.5, 1);
    for (size_t i = 0; i < ls.n; i++)
        assert_true(fabs(ls.v[i].width - prop_measure(NULL, PARA + ls.v[i].start,
                                                      ls.v[i].end - ls.v[i].start)) < 1e-9);
    assert_covers(PARA, len, &ls);
    assert_same_words(PARA, len, &ls);
    np_lines_free(&ls);

    /* No shrinking: natural widths never exceed the column (this needs
     * hyphenation to stay within the tolerance). */
    np_hyphenator *h = np_hyphenator_load("en-US", NULL);
    o.space_shrink = -1;
    o.hyphenator = h;
    assert_int_equal(np_layout_paragraph(PARA, len, &o, &ls, NULL), NP_OK);
    check_kp_lines(PARA, &ls, &o, 0.5, 0.0, 2.5, h != NULL);
    assert_same_words(PARA, len, &ls);
    np_lines_free(&ls);
    np_hyphenator_free(h);

    /* Monospace columns, 40 wide: no solution within 2.0 exists for this
     * text (the best has 3.0), so a looser pass is taken; still justified. */
    o = cols(40, NP_LAYOUT_TOTAL_FIT);
    assert_int_equal(np_layout_paragraph(PARA, len, &o, &ls, NULL), NP_OK);
    check_kp_lines(PARA, &ls, &o, 0.5, 0.33, 1.0, 0);
    assert_same_words(PARA, len, &ls);
    np_lines_free(&ls);
    /* ... and at 72 columns within the tolerance. */
    o = cols(72, NP_LAYOUT_TOTAL_FIT);
    assert_int_equal(np_layout_paragraph(PARA, len, &o, &ls, NULL), NP_OK);
    check_kp_lines(PARA, &ls, &o, 0.5, 0.33, 1.0, 1);
    assert_same_words(PARA, len, &ls);
    np_lines_free(&ls);
}

static double slack2(const np_lines *ls, double lw)
{
    double s = 0;
    for (size_t i = 0; i + 1 < ls->n; i++)
        s += (lw - ls->v[i].width) * (lw - ls->v[i].width);
    return s;
}

/* Sum of Knuth's badness 100|r|^3 over the lines but the last, r being
 * the slack over the spaces' stretch (0.5) or shrink (0.33), in columns. */
static double badness(const char *text, const np_lines *ls, double lw)
{
    double s = 0;
    for (size_t i = 0; i + 1 < ls->n; i++) {
        double slack = lw - ls->v[i].width, sp = (double)spaces_in(text, &ls->v[i]);
        double r = slack == 0 ? 0 : sp == 0 ? 1e3 : slack > 0 ? slack / (0.5 * sp) : slack / (0.33 * sp);
        s += 100 * fabs(r * r * r);
    }
    return s;
}

static void test_kp_better_than_greedy(void **state)
{
    (void)state;
    size_t len = strlen(PARA);
    const double widths[] = {30, 40, 50, 60, 66, 72, 80};
    double total_g = 0, total_k = 0;
    for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
        np_layout_opts o = cols(widths[w], NP_LAYOUT_GREEDY);
        np_lines g = {0}, k = {0};
        assert_int_equal(np_layout_paragraph(PARA, len, &o, &g, NULL), NP_OK);
        o.mode = NP_LAYOUT_TOTAL_FIT;
        assert_int_equal(np_layout_paragraph(PARA, len, &o, &k, NULL), NP_OK);
        assert_true(badness(PARA, &k, widths[w]) <= badness(PARA, &g, widths[w]) + 1e-9);
        total_g += slack2(&g, widths[w]);
        total_k += slack2(&k, widths[w]);
        np_lines_free(&g);
        np_lines_free(&k);
    }
    /* Evener spacing overall (not at every width: KP minimises badness,
     * relative to each line's stretch, not raw slack). */
    assert_true(total_k < total_g * 0.8);
}

static void test_hyphenate_word(void **state)
{
    (void)state;
    np_hyphenator *h = np_hyphenator_load("en-US", NULL);
    if (!h)
        skip(); /* hyphen-en-us not installed */
    char pts[64];
    const char *w = "infrastructure";
    size_t n = strlen(w);
    size_t c = np_hyphenate(h, w, n, pts);
    assert_true(c >= 1);
    assert_int_equal(pts[0], 0);
    assert_int_equal(pts[n - 1], 0);
    assert_int_equal(pts[n - 2], 0);
    assert_int_equal(pts[n - 3], 0);
    size_t cnt = 0;
    for (size_t i = 0; i < n; i++)
        cnt += pts[i] != 0;
    assert_int_equal(cnt, c);
    /* in-fra-struc-ture */
    assert_true(pts[1] && pts[4] && pts[9]);

    /* Punctuation and capitals around the word: same points, mapped back. */
    char pts2[64];
    const char *q = "\xe2\x80\x9cinfrastructure,\xe2\x80\x9d"; /* “infrastructure,” */
    size_t qn = strlen(q);
    assert_int_equal(np_hyphenate(h, q, qn, pts2), c);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(pts2[3 + i] != 0, pts[i] != 0);
    assert_int_equal(pts2[0] | pts2[1] | pts2[2], 0);

    /* Capitalised: taken for a proper name in English. */
    assert_int_equal(np_hyphenate(h, "Infrastructure", 14, pts), 0);
    assert_int_equal(np_hyphenate(h, "Pakistan", 8, pts), 0);

    /* Too short (under six letters), digits, not a word. */
    assert_int_equal(np_hyphenate(h, "the", 3, pts), 0);
    assert_int_equal(np_hyphenate(h, "paper", 5, pts), 0);
    assert_true(np_hyphenate(h, "papers", 6, pts) <= 1);
    assert_int_equal(np_hyphenate(h, "ab12cdefgh", 10, pts), 0);
    assert_int_equal(np_hyphenate(h, "----------", 10, pts), 0);
    assert_int_equal(np_hyphenate(NULL, "infrastructure", 14, pts), 0);
    np_hyphenator_free(h);

    np_hyphenator_free(NULL);
}

/* Dictionaries of our own in a temporary folder: an ISO 8859-1 one (as
 * Debian's German is; that one also leaks inside libhyphen 2.8.8 when
 * loaded, so it is not used here) and the region fallbacks. */
static void write_file(const char *dir, const char *name, const char *content)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

static void remove_file(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    remove(path);
}

static void test_hyphenator_own_dicts(void **state)
{
    (void)state;
    char dir[] = "/tmp/np-hyph-XXXXXX";
    assert_non_null(mkdtemp(dir));
    /* "1\xdf": a break before sharp s; "n1o": between n and o. */
    write_file(dir, "hyph_xy.dic", "ISO8859-1\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 2\n1\xdf\nn1o\n");
    write_file(dir, "hyph_zz_QQ.dic", "UTF-8\nLEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\na1b\n");

    np_hyphenator *h = np_hyphenator_load("xy-AB", dir); /* falls back to hyph_xy.dic */
    assert_non_null(h);
    const char *g = "gr\xc3\xb6\xc3\x9f" "enordnung,"; /* "größenordnung," in UTF-8 */
    size_t gn = strlen(g);
    char pts[64];
    assert_int_equal(np_hyphenate(h, g, gn, pts), 2);
    /* Grö-ßen-ordnung: after the 2nd byte of ö (offset 3), after "n" (offset 7). */
    for (size_t i = 0; i < gn; i++)
        assert_int_equal(pts[i] != 0, i == 3 || i == 7);
    /* A character the dictionary's encoding lacks: no hyphenation. */
    assert_int_equal(np_hyphenate(h, "gr\xc3\xb6\xc3\x9f" "en\xc4\x8dordnung", 17, pts), 0); /* U+010D */
    np_hyphenator_free(h);

    /* Region subtags: zz-qq finds hyph_zz_QQ.dic; zz alone tries hyph_zz.dic
     * and hyph_zz_ZZ.dic only. */
    h = np_hyphenator_load("zz-qq", dir);
    assert_non_null(h);
    /* The dictionary allows 1/1 but we keep 2 before and 3 after. */
    const char *w = "ababababab"; /* points after bytes 0, 2, 4, 6, 8 */
    assert_int_equal(np_hyphenate(h, w, 10, pts), 3); /* aba-ba-ba-bab */
    assert_true(pts[2] && pts[4] && pts[6]);
    assert_false(pts[0] || pts[8]);
    np_hyphenator_free(h);
    assert_null(np_hyphenator_load("zz", dir));
    assert_null(np_hyphenator_load("xx", dir));

    remove_file(dir, "hyph_xy.dic");
    remove_file(dir, "hyph_zz_QQ.dic");
    rmdir(dir);
}

static void test_hyphenator_load(void **state)
{
    (void)state;
    assert_null(np_hyphenator_load("xx", NULL));
    assert_null(np_hyphenator_load(NULL, NULL));
    assert_null(np_hyphenator_load("", NULL));
    assert_null(np_hyphenator_load("../en", NULL));
    assert_null(np_hyphenator_load("en/../../x", NULL));
    assert_null(np_hyphenator_load("en", "/nonexistent-dir"));
    np_hyphenator *h = np_hyphenator_load("en-US", NULL);
    if (!h)
        skip();
    np_hyphenator_free(h);
    /* en-GB falls back to hyph_en.dic / hyph_en_US.dic; region case-insensitive. */
    const char *tags[] = {"en-GB", "EN-us", "en_US", "en", "en-Latn-US"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        h = np_hyphenator_load(tags[i], "/usr/share/hyphen");
        assert_non_null(h);
        np_hyphenator_free(h);
    }
    np_hyphenator_free(NULL);
}

static void test_kp_hyphenation_narrow(void **state)
{
    (void)state;
    np_hyphenator *h = np_hyphenator_load("en", NULL);
    if (!h)
        skip();
    size_t len = strlen(PARA);
    for (int mode = 0; mode < 2; mode++) {
        np_layout_opts o = cols(18, mode ? NP_LAYOUT_TOTAL_FIT : NP_LAYOUT_GREEDY);
        o.hyphenator = h;
        np_lines ls = {0};
        assert_int_equal(np_layout_paragraph(PARA, len, &o, &ls, NULL), NP_OK);
        size_t hy = 0;
        for (size_t i = 0; i < ls.n; i++) {
            const np_line *l = &ls.v[i];
            if (l->hyphen) {
                hy++;
                /* Inside a word, between letters, hyphen counted in width. */
                assert_true(l->end > l->start && l->end < len);
                assert_true(PARA[l->end - 1] >= 'a' && PARA[l->end - 1] <= 'z');
                assert_true(PARA[l->end] >= 'a' && PARA[l->end] <= 'z');
                assert_true(fabs(l->width - (double)cols_of(PARA, l)) < 1e-9);
            }
            if (mode == 0)
                assert_true(cols_of(PARA, l) <= 18);
            else
                assert_true(l->ratio >= -1.0 - 1e-9);
        }
        assert_true(hy >= 1);
        assert_covers(PARA, len, &ls);
        assert_same_words(PARA, len, &ls);
        if (mode == 1)
            check_kp_lines(PARA, &ls, &o, 0.5, 0.33, 1.0, 0);
        np_lines_free(&ls);
    }
    np_hyphenator_free(h);
}

static double narrow_first(void *ud, size_t line_no)
{
    (void)ud;
    return line_no == 0 ? 12 : 36;
}

static void test_variable_width(void **state)
{
    (void)state;
    size_t len = strlen(PARA);
    for (int mode = 0; mode < 2; mode++) {
        np_layout_opts o = cols(99, mode ? NP_LAYOUT_TOTAL_FIT : NP_LAYOUT_GREEDY);
        o.line_width = narrow_first;
        np_lines ls = {0};
        assert_int_equal(np_layout_paragraph(PARA, len, &o, &ls, NULL), NP_OK);
        assert_true(ls.n > 3);
        size_t wider = 0;
        for (size_t i = 0; i < ls.n; i++) {
            double lw = narrow_first(NULL, i);
            if (mode == 0)
                assert_true((double)cols_of(PARA, &ls.v[i]) <= lw);
            if (i > 0 && cols_of(PARA, &ls.v[i]) > 14)
                wider++;
        }
        assert_true(cols_of(PARA, &ls.v[0]) <= 12 + 4); /* at most shrunk by its glue */
        assert_true(wider >= ls.n - 2);
        if (mode == 1)
            check_kp_lines(PARA, &ls, &o, 0.5, 0.33, 1.0, 0);
        assert_same_words(PARA, len, &ls);
        np_lines_free(&ls);
    }
}

static void test_tiny_width(void **state)
{
    (void)state;
    const char *t = "one two three";
    for (int mode = 0; mode < 2; mode++) {
        np_layout_opts o = cols(0, mode ? NP_LAYOUT_TOTAL_FIT : NP_LAYOUT_GREEDY);
        np_lines ls = {0};
        assert_int_equal(np_layout_paragraph(t, strlen(t), &o, &ls, NULL), NP_OK);
        /* nothing fits: every letter alone (words broken, issue 14) */
        assert_int_equal(ls.n, 11);
        assert_covers(t, strlen(t), &ls);
        assert_lines_rejoin(t, strlen(t), &ls);
        np_lines_free(&ls);
    }
}

static double cpu_seconds(clock_t since)
{
    return (double)(clock() - since) / CLOCKS_PER_SEC;
}

static void test_thousand_words(void **state)
{
    (void)state;
    char *t = make_words(1000);
    size_t len = strlen(t);
    np_hyphenator *h = np_hyphenator_load("en", NULL);
    for (int variant = 0; variant < 4; variant++) {
        np_layout_opts o = cols(60, (variant & 1) ? NP_LAYOUT_TOTAL_FIT : NP_LAYOUT_GREEDY);
        o.hyphenator = (variant & 2) ? h : NULL;
        np_lines ls = {0};
        clock_t c0 = clock();
        assert_int_equal(np_layout_paragraph(t, len, &o, &ls, NULL), NP_OK);
        double secs = cpu_seconds(c0);
        size_t loose = 0;
        /* Milliseconds natively; generous for valgrind and sanitizers. */
        assert_true(secs < 2.0);
        assert_true(ls.n > 100);
        for (size_t i = 0; i < ls.n; i++) {
            if (variant & 1) {
                assert_true(ls.v[i].ratio >= -1.0 - 1e-9);
                if (o.hyphenator)
                    assert_true(ls.v[i].ratio <= 2.0 + 1e-9);
                else if (ls.v[i].ratio > 2.0 + 1e-9)
                    loose++;
            } else
                assert_true(cols_of(t, &ls.v[i]) <= 60);
        }
        assert_true(loose * 5 < ls.n); /* looser only where it must */
        assert_covers(t, len, &ls);
        assert_same_words(t, len, &ls);
        np_lines_free(&ls);
    }
    np_hyphenator_free(h);
    free(t);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    char t[3000];
    uint32_t s = 99;
    for (size_t i = 0; i < sizeof t; i++) {
        s = s * 1664525u + 1013904223u;
        unsigned r = s >> 24;
        /* Mostly ASCII letters and spaces, some arbitrary bytes. */
        t[i] = (char)(r < 40 ? ' ' : r < 200 ? 'a' + r % 26 : r);
    }
    t[sizeof t - 1] = '\xe4'; /* truncated sequence at the very end */
    np_hyphenator *h = np_hyphenator_load("en", NULL);
    for (int mode = 0; mode < 2; mode++) {
        for (int w = 1; w <= 40; w += 13) {
            np_layout_opts o = cols(w, mode ? NP_LAYOUT_TOTAL_FIT : NP_LAYOUT_GREEDY);
            o.hyphenator = h;
            np_lines ls = {0};
            assert_int_equal(np_layout_paragraph(t, sizeof t, &o, &ls, NULL), NP_OK);
            assert_true(ls.n > 0);
            size_t pos = 0;
            for (size_t i = 0; i < ls.n; i++) {
                assert_true(ls.v[i].start >= pos);
                assert_true(ls.v[i].end >= ls.v[i].start);
                assert_true(ls.v[i].end <= sizeof t);
                pos = ls.v[i].end;
            }
            np_lines_free(&ls);
        }
    }
    np_hyphenator_free(h);
}

static void test_appends(void **state)
{
    (void)state;
    np_layout_opts o = cols(10, NP_LAYOUT_GREEDY);
    np_lines ls = {0};
    assert_int_equal(np_layout_paragraph("aaa bbb ccc", 11, &o, &ls, NULL), NP_OK);
    size_t n1 = ls.n;
    assert_int_equal(n1, 2);
    assert_int_equal(np_layout_paragraph("ddd", 3, &o, &ls, NULL), NP_OK);
    assert_int_equal(ls.n, n1 + 1);
    assert_int_equal(ls.v[0].end, 7);
    assert_int_equal(ls.v[n1].end, 3);
    np_lines_free(&ls);
    assert_null(ls.v);
    assert_int_equal(ls.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_text),
        cmocka_unit_test(test_usage_error),
        cmocka_unit_test(test_greedy_english),
        cmocka_unit_test(test_long_url_broken),
        cmocka_unit_test(test_huge_word),
        cmocka_unit_test(test_clusters_and_floods),
        cmocka_unit_test(test_hyphen_run_limit),
        cmocka_unit_test(test_typeset_marks),
        cmocka_unit_test(test_cache_same_lines),
        cmocka_unit_test(test_noncharacter_ffff),
        cmocka_unit_test(test_forced_break),
        cmocka_unit_test(test_leading_spaces),
        cmocka_unit_test(test_cjk_wrap),
        cmocka_unit_test(test_no_line_starts_with_closing),
        cmocka_unit_test(test_display_width),
        cmocka_unit_test(test_kp_english),
        cmocka_unit_test(test_kp_better_than_greedy),
        cmocka_unit_test(test_hyphenate_word),
        cmocka_unit_test(test_hyphenator_load),
        cmocka_unit_test(test_hyphenator_own_dicts),
        cmocka_unit_test(test_kp_hyphenation_narrow),
        cmocka_unit_test(test_variable_width),
        cmocka_unit_test(test_tiny_width),
        cmocka_unit_test(test_thousand_words),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_appends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
