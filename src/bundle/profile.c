/* Partner profiles: parsing and checking every key, the priority map and
 * the subject-to-category mapping. */
#include "profile.h"
#include "safename.h"

#include "newsprint/render_text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    MIN_WIDTH = 40,          /* the wire header lines must fit */
    MAX_WIDTH = 1000
};

/* A profile value that goes into a wire header: letters and digits only. */
static int alnum_value(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return 0;
    }
    return 1;
}

static int profile_error(np_error *err, const char *path, const char *fmt, const char *a)
{
    return np_error_set(err, NP_ERR_USAGE, path, 0, fmt, a);
}

int np_profile_load(np_profile *p, const char *name_or_path, np_error *err)
{
    memset(p, 0, sizeof *p);
    np_buf path = NP_BUF_INIT;
    if (np_style_find(name_or_path, "partners", ".profile", &path, err) != NP_OK) {
        np_buf_free(&path);
        return NP_ERR_USAGE;
    }
    p->style = np_style_load(path.data, err);
    if (!p->style) {
        np_buf_free(&path);
        return NP_ERR_USAGE;
    }
    const np_style *s = p->style;
    const char *f = path.data;
    int rc = NP_OK;

    /* name: from the profile, else the file's stem */
    const char *nm = np_style_get(s, "name", NULL);
    np_buf stem = NP_BUF_INIT;
    if (!nm || !*nm) {
        const char *base = strrchr(f, '/') ? strrchr(f, '/') + 1 : f;
        const char *dot = strrchr(base, '.');
        np_buf_put(&stem, base, dot && dot > base ? (size_t)(dot - base) : strlen(base));
        nm = np_buf_cstr(&stem);
    }
    np_buf safe = NP_BUF_INIT;
    np_safename(nm, 64, &safe);
    p->name = np_buf_detach(&safe);
    np_buf_free(&stem);

    if (np_framing_parse(np_style_get(s, "format.framing", "plain"), &p->framing))
        rc = profile_error(err, f, "format.framing: expected plain, iptc7901 or anpa1312, got '%s'",
                           np_style_get(s, "format.framing", ""));
    double w = np_style_num(s, "format.width", p->framing == NP_FRAME_IPTC7901 ? 69 : 72);
    if (!rc && (w < MIN_WIDTH || w > MAX_WIDTH || w != (int)w))
        rc = profile_error(err, f, "format.width: expected a whole number from 40 to 1000, got '%s'",
                           np_style_get(s, "format.width", ""));
    p->width = (int)w;
    const char *le = np_style_get(s, "format.line_ending", p->framing == NP_FRAME_PLAIN ? "LF" : "CRLF");
    if (!strcasecmp(le, "LF"))
        p->eol = "\n";
    else if (!strcasecmp(le, "CRLF"))
        p->eol = "\r\n";
    else if (!rc)
        rc = profile_error(err, f, "format.line_ending: expected LF or CRLF, got '%s'", le);
    const char *cs = np_style_get(s, "format.charset", "utf-8");
    if (np_charset_parse(cs, &p->charset) && !rc)
        rc = profile_error(err, f, "format.charset: expected utf-8, latin-1 or ascii, got '%s'", cs);
    int wire = p->framing != NP_FRAME_PLAIN;
    p->para_indent = (int)np_style_num(s, "format.para_indent", wire ? 3 : 0);
    p->blank_between = (int)np_style_num(s, "format.blank_between", wire ? 0 : 1);
    if (p->para_indent < 0 || p->para_indent > 8)
        p->para_indent = 3;
    if (p->blank_between < 0 || p->blank_between > 2)
        p->blank_between = wire ? 0 : 1;

    static const struct {
        const char *key;
        unsigned flag;
        int def;
    } fields[] = {{"header.subheadline", NP_TXT_SUBHEADLINE, 1},
                  {"header.byline", NP_TXT_BYLINE, 1},
                  {"header.dateline", NP_TXT_DATELINE, 1},
                  {"header.slugline", NP_TXT_SLUGLINE, 0},
                  {"header.keywords", NP_TXT_KEYWORDS, 0},
                  {"header.copyright", NP_TXT_COPYRIGHT, 1},
                  {"header.usage_terms", NP_TXT_USAGE, 0},
                  {"header.ednote", NP_TXT_EDNOTE, 0}};
    p->fields = NP_TXT_HEADLINE;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (np_style_bool(s, fields[i].key, fields[i].def))
            p->fields |= fields[i].flag;

    const char *emb = np_style_get(s, "policy.embargo", "hold");
    if (!strcmp(emb, "include"))
        p->embargo_include = 1;
    else if (strcmp(emb, "hold") && !rc)
        rc = profile_error(err, f, "policy.embargo: expected hold or include, got '%s'", emb);

    p->pattern = np_style_get(s, "files.name", "{seq}-{slug}.txt");
    p->kill_pattern = np_style_get(s, "files.kill_name", NULL);

    /* priority: "map" lists 9 values for urgency 1..9 */
    const char *map = np_style_get(s, "priority.map", p->framing == NP_FRAME_ANPA1312
                                                          ? "f b u r r r d d d"
                                                          : "1 2 3 4 4 5 5 6 6");
    p->prio[0] = np_style_get(s, "priority.default", p->framing == NP_FRAME_ANPA1312 ? "r" : "4");
    p->prio_kill = np_style_get(s, "priority.kill", p->framing == NP_FRAME_ANPA1312 ? "b" : "2");
    p->source = np_style_get(s, "wire.source", p->framing == NP_FRAME_ANPA1312 ? "a" : "NPW");
    p->selector = np_style_get(s, "wire.selector", NULL);
    p->signoff = np_style_get(s, "wire.signoff", NULL);
    p->keyword_prefix = np_style_get(s, "wire.keyword_prefix", p->framing == NP_FRAME_ANPA1312 ? "bc-" : "");
    p->category = np_style_get(s, "category.default", p->framing == NP_FRAME_ANPA1312 ? "i" : "X");
    if (!rc && !alnum_value(p->source, p->framing == NP_FRAME_ANPA1312 ? 1 : 10))
        rc = profile_error(err, f, "wire.source: letters and digits only (1 for ANPA-1312, up to 10), got '%s'",
                           p->source);
    if (!rc && p->selector && !alnum_value(p->selector, 20))
        rc = profile_error(err, f, "wire.selector: up to 20 letters and digits, got '%s'", p->selector);
    if (!rc && p->signoff && !alnum_value(p->signoff, 20))
        rc = profile_error(err, f, "wire.signoff: up to 20 letters and digits, got '%s'", p->signoff);
    if (!rc && !alnum_value(p->category, p->framing == NP_FRAME_ANPA1312 ? 1 : 3))
        rc = profile_error(err, f, "category.default: 1 letter (ANPA-1312) or up to 3, got '%s'",
                           p->category);
    double start = np_style_num(s, "sequence.start", 1);
    p->seq_start = start >= 1 && start < 1e15 ? (unsigned long long)start : 1;
    np_buf_free(&path);
    if (rc)
        return rc;

    /* the priority map: 9 tokens separated by spaces */
    np_buf toks = NP_BUF_INIT;
    np_buf_puts(&toks, map);
    p->prio_buf = np_buf_detach(&toks);
    char *save = NULL;
    int n = 0;
    for (char *t = strtok_r(p->prio_buf, " \t,", &save); t; t = strtok_r(NULL, " \t,", &save)) {
        if (n == 9) {
            n++;
            break;
        }
        p->prio[++n] = t;
    }
    if (n != 9)
        return profile_error(err, np_style_path(s), "priority.map: expected 9 values (urgency 1 to 9), got '%s'", map);
    for (int i = 0; i <= 9; i++)
        if (!*p->prio[i] || !alnum_value(p->prio[i], 3))
            return profile_error(err, np_style_path(s), "priority: values are 1 to 3 letters or digits, got '%s'",
                                 p->prio[i]);
    if (!*p->prio_kill || !alnum_value(p->prio_kill, 3))
        return profile_error(err, np_style_path(s), "priority.kill: 1 to 3 letters or digits, got '%s'", p->prio_kill);
    return NP_OK;
}

void np_profile_free(np_profile *p)
{
    free(p->prio_buf);
    free(p->name);
    np_style_free(p->style);
    memset(p, 0, sizeof *p);
}

/* The wire category: the first subject with a [category] mapping. */
const char *np_profile_category(const np_profile *p, const np_item *item)
{
    np_buf key = NP_BUF_INIT;
    const char *hit = NULL;
    for (const np_concept *c = item->subjects; c && !hit; c = c->next) {
        if (!c->qcode)
            continue;
        np_buf_reset(&key);
        np_buf_printf(&key, "category.%s", c->qcode);
        const char *v = np_style_get(p->style, key.data, NULL);
        if (v && alnum_value(v, p->framing == NP_FRAME_ANPA1312 ? 1 : 3) && *v)
            hit = v;
    }
    np_buf_free(&key);
    return hit ? hit : p->category;
}

const char *np_profile_priority(const np_profile *p, int urgency)
{
    return urgency >= 1 && urgency <= 9 ? p->prio[urgency] : p->prio[0];
}
