/* Bundle file names: pattern expansion and collisions. */
#include "names.h"
#include "newsprint/meta.h"

#include <string.h>

enum { SLUG_PART_MAX = 60 }; /* bytes of {slug} / {guid} in a file name */

static void put_guid_tail(np_buf *out, const char *guid)
{
    size_t n = strlen(guid);
    size_t from = n > SLUG_PART_MAX ? n - SLUG_PART_MAX : 0;
    while (from < n && ((unsigned char)guid[from] & 0xc0) == 0x80)
        from++;
    np_buf_puts(out, guid + from);
}

static void put_cut(np_buf *out, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
            n--;
    }
    np_buf_put(out, s, n);
}

/* Expand a file name pattern: {slug} {guid} {version} {seq} {date}. */
void np_bundle_expand_name(const char *pattern, const char *slug, const char *guid, long version,
                           unsigned long long seq, const np_time *date, np_buf *out)
{
    np_buf raw = NP_BUF_INIT;
    for (const char *p = pattern; *p;) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            size_t n = close ? (size_t)(close - p - 1) : 0;
            if (close && n == 4 && !strncmp(p + 1, "slug", 4)) {
                put_cut(&raw, slug && *slug ? slug : "item", SLUG_PART_MAX);
            } else if (close && n == 4 && !strncmp(p + 1, "guid", 4)) {
                put_guid_tail(&raw, guid ? guid : "item");
            } else if (close && n == 7 && !strncmp(p + 1, "version", 7)) {
                np_buf_printf(&raw, "%ld", version);
            } else if (close && n == 3 && !strncmp(p + 1, "seq", 3)) {
                np_buf_printf(&raw, "%04llu", seq);
            } else if (close && n == 4 && !strncmp(p + 1, "date", 4)) {
                if (date && date->valid)
                    np_time_format_date(date, &raw);
                else
                    np_buf_puts(&raw, "undated");
            } else {
                np_buf_putc(&raw, *p++);
                continue;
            }
            p = close + 1;
            continue;
        }
        np_buf_putc(&raw, *p++);
    }
    np_buf_reset(out);
    np_safename(np_buf_cstr(&raw), NP_SAFENAME_MAX, out);
    np_buf_free(&raw);
}

void np_bundle_unique_name(np_nameset *names, np_buf *name)
{
    if (np_nameset_add(names, name->data))
        return;
    np_buf base = NP_BUF_INIT;
    np_buf_puts(&base, name->data);
    for (unsigned n = 2;; n++) {
        np_buf_reset(name);
        np_safename_variant(base.data, n, NP_SAFENAME_MAX, name);
        if (np_nameset_add(names, name->data))
            break;
    }
    np_buf_free(&base);
}
