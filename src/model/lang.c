/* Language tags: BCP 47 well-formedness and writing direction. */
#include "newsprint/lang.h"

#include <string.h>
#include <strings.h>

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(int c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

int np_lang_normalize(const char *tag, np_buf *out)
{
    np_buf_reset(out);
    if (!tag || !*tag)
        return 0;
    size_t len = 0, nsub = 0;
    int singleton = 0, all_alpha = 1, private_use = 0;
    for (const char *p = tag;; p++) {
        int c = (unsigned char)*p;
        if (c == '-' || c == '_' || c == '\0') {
            if (len == 0 || len > 8)
                goto bad;
            if (nsub == 0) {
                private_use = len == 1 && (tag[0] == 'x' || tag[0] == 'X');
                if (!all_alpha || (len < 2 && !private_use))
                    goto bad;
            }
            singleton = len == 1;
            nsub++;
            if (c == '\0')
                break;
            np_buf_putc(out, '-');
            len = 0;
            all_alpha = 1;
            continue;
        }
        if (!is_alnum(c))
            goto bad;
        all_alpha &= is_alpha(c);
        np_buf_putc(out, c);
        len++;
    }
    if (singleton) /* "en-x", "x" */
        goto bad;
    return 1;
bad:
    np_buf_reset(out);
    return 0;
}

static size_t primary_len(const char *tag)
{
    return strcspn(tag, "-_");
}

int np_lang_is_rtl(const char *tag)
{
    static const char *const rtl[] = {"ar", "ur", "fa", "he", "iw", "ps", "sd", "ug",
                                      "yi", "dv", "ckb", "syr", NULL};
    if (!tag)
        return 0;
    size_t n = primary_len(tag);
    for (const char *const *l = rtl; *l; l++)
        if (strlen(*l) == n && !strncasecmp(tag, *l, n))
            return 1;
    return 0;
}

int np_lang_same_primary(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    size_t n = primary_len(a);
    return n == primary_len(b) && !strncasecmp(a, b, n);
}
