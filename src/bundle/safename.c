/* Safe single file names: one path component that every common file system
 * and archive tool accepts, made from untrusted sluglines and guids. */
#include "safename.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

enum { MIN_MAX = 16, EXT_MAX = 8 };

/* Decode one UTF-8 sequence at s[0..n); *len gets its length.  Returns the
 * code point, or -1 for an invalid byte (len 1). */
static long utf8_next(const unsigned char *s, size_t n, size_t *len)
{
    uint32_t cp;
    size_t k = np_utf8_decode(s, n, &cp);
    *len = k ? k : 1;
    return k ? (long)cp : -1;
}

typedef enum { DROP, DASH, KEEP } action;

static action classify(long cp)
{
    if (cp < 0)
        return DROP; /* invalid UTF-8 */
    if (cp < 0x80) {
        if (cp == '\t' || cp == '\n' || cp == '\r')
            return DASH;
        if (cp < 0x20 || cp == 0x7f)
            return DROP;
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))
            return KEEP;
        return strchr("._-+,()@~", (int)cp) ? KEEP : DASH;
    }
    if (cp <= 0x9f)
        return DROP; /* C1 controls, U+0085 NEL among them */
    if (cp == 0xa0 || cp == 0xad || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
        cp == 0x202f || cp == 0x205f || cp == 0x3000)
        return cp == 0xad ? DROP : DASH; /* spaces; soft hyphen */
    if ((cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
        (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff || cp == 0x061c ||
        (cp >= 0xfff0 && cp <= 0xfffb))
        return DROP; /* format characters: bidi overrides, zero width, separators */
    if (cp == 0x2044 || cp == 0x2215 || cp == 0x29f8 || cp == 0xff0f || cp == 0xff3c ||
        cp == 0x2216 || cp == 0xfe68)
        return DASH; /* slashes that look like path separators */
    if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe || cp >= 0xe0000)
        return DROP; /* non-characters, tags, private use planes */
    return KEEP;
}

static int is_device(const char *s, size_t n)
{
    /* the part before the first '.' (Windows ignores the extension) */
    const char *dot = memchr(s, '.', n);
    size_t b = dot ? (size_t)(dot - s) : n;
    while (b && (s[b - 1] == ' '))
        b--;
    static const char *const three[] = {"CON", "PRN", "AUX", "NUL"};
    char u[5];
    if (b != 3 && b != 4)
        return 0;
    for (size_t i = 0; i < b; i++)
        u[i] = (char)((s[i] >= 'a' && s[i] <= 'z') ? s[i] - 32 : s[i]);
    u[b] = '\0';
    if (b == 3) {
        for (size_t i = 0; i < 4; i++)
            if (!strcmp(u, three[i]))
                return 1;
        return 0;
    }
    return (!strncmp(u, "COM", 3) || !strncmp(u, "LPT", 3)) && u[3] >= '0' && u[3] <= '9';
}

/* Length of a short extension at the end of s[0..n) (".txt" -> 4), or 0. */
static size_t ext_len(const char *s, size_t n)
{
    for (size_t i = 1; i <= EXT_MAX + 1 && i < n; i++) {
        char c = s[n - i];
        if (c == '.')
            return i > 1 ? i : 0;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return 0;
    }
    return 0;
}

/* Longest prefix of s[0..n) of at most `max` bytes ending on a character
 * boundary. */
static size_t cut_utf8(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    size_t k = max;
    while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
        k--;
    return k;
}

static void trim_tail(np_buf *b, size_t from)
{
    while (b->len > from && (b->data[b->len - 1] == '.' || b->data[b->len - 1] == '-'))
        np_buf_truncate(b, b->len - 1);
}

void np_safename(const char *in, size_t max, np_buf *out)
{
    if (max == 0)
        max = NP_SAFENAME_MAX;
    if (max < MIN_MAX)
        max = MIN_MAX;
    np_buf b = NP_BUF_INIT;
    const unsigned char *s = (const unsigned char *)(in ? in : "");
    size_t n = strlen((const char *)s);
    for (size_t i = 0; i < n;) {
        size_t len;
        long cp = utf8_next(s + i, n - i, &len);
        action a = classify(cp);
        char last = b.len ? b.data[b.len - 1] : '\0';
        if (a == DASH || (a == KEEP && cp == '-')) {
            if (b.len && last != '-')
                np_buf_putc(&b, '-');
        } else if (a == KEEP && cp == '.') {
            if (last == '-') /* "a-.txt" -> "a.txt" */
                np_buf_truncate(&b, b.len - 1);
            if (b.len && b.data[b.len - 1] != '.')
                np_buf_putc(&b, '.'); /* no leading '.', never ".." */
        } else if (a == KEEP) {
            if (!(b.len == 0 && cp == '~'))
                np_buf_put(&b, s + i, len);
        }
        i += len;
    }
    /* "a.-b" / "a-.b" are fine; a name must not end in '.' or '-' */
    trim_tail(&b, 0);
    if (!b.len)
        np_buf_puts(&b, "item");
    int device = is_device(b.data, b.len);
    size_t room = max - (device ? 1 : 0);
    if (b.len > room) {
        size_t e = ext_len(b.data, b.len);
        if (e * 2 > room)
            e = 0;
        np_buf ext = NP_BUF_INIT;
        np_buf_put(&ext, b.data + b.len - e, e);
        size_t stem = cut_utf8(b.data, b.len - e, room - e);
        np_buf_truncate(&b, stem);
        trim_tail(&b, 0);
        if (!b.len)
            np_buf_puts(&b, "item");
        np_buf_put(&b, ext.data ? ext.data : "", ext.len);
        np_buf_free(&ext);
        device = is_device(b.data, b.len);
    }
    if (device)
        np_buf_putc(out, '_');
    np_buf_put(out, b.data, b.len);
    np_buf_free(&b);
}

void np_safename_variant(const char *name, unsigned n, size_t max, np_buf *out)
{
    if (max == 0)
        max = NP_SAFENAME_MAX;
    if (max < MIN_MAX)
        max = MIN_MAX;
    size_t len = strlen(name);
    size_t e = ext_len(name, len);
    np_buf suffix = NP_BUF_INIT;
    np_buf_printf(&suffix, "-%u", n);
    np_buf_put(&suffix, name + len - e, e);
    size_t stem = cut_utf8(name, len - e, max > suffix.len ? max - suffix.len : 0);
    np_buf_put(out, name, stem);
    np_buf_put(out, suffix.data, suffix.len);
    np_buf_free(&suffix);
}

/* ---- name set ---------------------------------------------------------- */

static uint64_t fold_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a, 64 bit */
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h ^= c;
        h *= 0x100000001b3u;
    }
    return h ? h : 1; /* 0 marks an empty slot */
}

int np_nameset_add(np_nameset *s, const char *name)
{
    if ((s->n + 1) * 4 > s->cap * 3) { /* at most 3/4 full */
        size_t cap = s->cap ? s->cap * 2 : 64;
        uint64_t *v = calloc(cap, sizeof *v);
        if (!v)
            abort();
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->v[i])
                continue;
            size_t j = (size_t)(s->v[i] & (cap - 1));
            while (v[j])
                j = (j + 1) & (cap - 1);
            v[j] = s->v[i];
        }
        free(s->v);
        s->v = v;
        s->cap = cap;
    }
    uint64_t h = fold_hash(name);
    size_t j = (size_t)(h & (s->cap - 1));
    while (s->v[j]) {
        if (s->v[j] == h)
            return 0;
        j = (j + 1) & (s->cap - 1);
    }
    s->v[j] = h;
    s->n++;
    return 1;
}

void np_nameset_free(np_nameset *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}
