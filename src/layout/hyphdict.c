/* Loading a libhyphen dictionary.  libhyphen 2.8.8 leaks one allocation
 * for every pattern that repeats an earlier one of the same level (the
 * later replaces the earlier, whose string is lost): Debian's German
 * dictionary has 493 such repeats, the French 16, the Afrikaans 10.  The
 * file is read here and handed to libhyphen without the repeats, keeping
 * the last of each as libhyphen would. */
#include "layout_priv.h"
#include "newsprint/buf.h"

#include <hyphen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DICT_MAX_BYTES (16u << 20) /* Debian's largest is about 1 MB */

typedef struct line {
    size_t at, len; /* without trailing blanks and the line end */
    size_t end;     /* where the next line starts */
} line;

/* A pattern line: not a comment, not a keyword (keywords such as
 * "LEFTHYPHENMIN 2" and NEXTLEVEL are in capitals; patterns are
 * lowercase).  Blank lines count as patterns too: libhyphen enters them
 * as the empty pattern, and leaks every repeat. */
static int is_pattern(const char *s, const line *l)
{
    return !l->len || (s[l->at] != '%' && s[l->at] != '#' && !(s[l->at] >= 'A' && s[l->at] <= 'Z'));
}

/* Patterns compare by their letters: digits (the hyphenation values) and
 * what follows a '/' (a non-standard replacement) aside. */
static size_t key_next(const char *s, const line *l, size_t *i)
{
    while (*i < l->len && s[l->at + *i] >= '0' && s[l->at + *i] <= '9')
        (*i)++;
    if (*i >= l->len || s[l->at + *i] == '/')
        return (size_t)-1;
    return (unsigned char)s[l->at + (*i)++];
}

static int same_key(const char *s, const line *a, const line *b)
{
    size_t i = 0, j = 0;
    for (;;) {
        size_t x = key_next(s, a, &i), y = key_next(s, b, &j);
        if (x != y)
            return 0;
        if (x == (size_t)-1)
            return 1;
    }
}

static uint32_t key_hash(const char *s, const line *l)
{
    uint32_t h = 2166136261u;
    size_t i = 0, c;
    while ((c = key_next(s, l, &i)) != (size_t)-1)
        h = (h ^ (uint32_t)c) * 16777619u;
    return h;
}

/* Mark the earlier of repeated patterns of each level in `drop`. */
static int mark_repeats(const char *s, const line *v, size_t n, char *drop)
{
    size_t cap = 16;
    while (cap < n * 2)
        cap *= 2;
    size_t *tab = malloc(cap * sizeof *tab);
    if (!tab)
        return -1;
    for (size_t k = 0; k < cap; k++)
        tab[k] = (size_t)-1;
    for (size_t i = n; i-- > 0;) {
        if (!is_pattern(s, &v[i])) {
            if (v[i].len == 9 && !memcmp(s + v[i].at, "NEXTLEVEL", 9))
                for (size_t k = 0; k < cap; k++)
                    tab[k] = (size_t)-1; /* a new level: repeats are allowed again */
            continue;
        }
        size_t k = key_hash(s, &v[i]) & (cap - 1);
        while (tab[k] != (size_t)-1 && !same_key(s, &v[tab[k]], &v[i]))
            k = (k + 1) & (cap - 1);
        if (tab[k] != (size_t)-1)
            drop[i] = 1; /* a later line has it: libhyphen would replace this one */
        else
            tab[k] = i;
    }
    free(tab);
    return 0;
}

static HyphenDict *load_unique(const char *s, size_t len)
{
    line *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < len;) {
        if (np_grow_array((void **)&v, &cap, n + 1, 16, sizeof *v)) {
            free(v);
            return NULL;
        }
        size_t e = i;
        while (e < len && s[e] != '\n' && s[e] != '\r')
            e++;
        size_t end = e + (e < len);
        while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t'))
            e--; /* trailing blanks: not part of a pattern */
        v[n++] = (line){i, e - i, end};
        i = end;
    }
    char *drop = calloc(n ? n : 1, 1);
    HyphenDict *d = NULL;
    if (drop && n && mark_repeats(s, v + 1, n - 1, drop + 1) == 0) { /* line 0: the charset */
        np_buf out = NP_BUF_INIT;
        for (size_t i = 0; i < n; i++) {
            if (drop[i])
                continue;
            np_buf_put(&out, s + v[i].at, v[i].len);
            np_buf_putc(&out, '\n');
        }
        FILE *m = out.len ? fmemopen(out.data, out.len, "rb") : NULL;
        if (m) {
            d = hnj_hyphen_load_file(m);
            fclose(m);
        }
        np_buf_free(&out);
    }
    free(drop);
    free(v);
    return d;
}

HyphenDict *lt_hyph_load(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    np_buf data = NP_BUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && data.len <= DICT_MAX_BYTES)
        np_buf_put(&data, chunk, got);
    int too_big = data.len > DICT_MAX_BYTES;
    fclose(f);
    HyphenDict *d = too_big ? NULL : load_unique(data.data, data.len);
    np_buf_free(&data);
    return d;
}
