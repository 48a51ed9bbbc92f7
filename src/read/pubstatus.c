/* Publishing status through the catalog rules (pubstatus.h).  A status
 * that cannot be resolved is not taken for "usable": withheld and canceled
 * items must never reach an output. */
#include "pubstatus.h"
#include "xmlutil.h"

#include <string.h>
#include <strings.h>

#define SCHEME_HOST_PATH "cv.iptc.org/newscodes/pubstatusg2/"
#define STANDARD_ALIAS "stat" /* in every IPTC-G2-Standards catalog */

/* The scheme URI `alias` stands for in the item's inline catalogs:
 * <catalog><scheme alias="..." uri="..."/></catalog>. */
static const char *inline_scheme(np_arena *a, const xmlNode *item, const char *alias, size_t n)
{
    for (const xmlNode *c = item ? item->children : NULL; c; c = c->next) {
        if (!np_xml_is(c, "catalog"))
            continue;
        for (const xmlNode *s = c->children; s; s = s->next) {
            if (!np_xml_is(s, "scheme"))
                continue;
            const char *al = np_xml_attr(a, s, "alias");
            if (al && strlen(al) == n && !strncasecmp(al, alias, n))
                return np_xml_attr(a, s, "uri");
        }
    }
    return NULL;
}

/* The code of a status URI ("withheld"), or NULL when the URI is not in
 * the pubstatusg2 scheme. */
static const char *code_in_scheme(const char *uri)
{
    if (!strncasecmp(uri, "http://", 7))
        uri += 7;
    else if (!strncasecmp(uri, "https://", 8))
        uri += 8;
    else
        return NULL;
    size_t n = strlen(SCHEME_HOST_PATH) - 1; /* without its final '/' */
    if (strncasecmp(uri, SCHEME_HOST_PATH, n) != 0)
        return NULL;
    return uri[n] == '/' ? uri + n + 1 : uri[n] ? NULL : uri + n;
}

static int status_of_code(const char *code, np_pubstatus *out)
{
    size_t n = strlen(code);
    if (n && code[n - 1] == '/')
        n--;
    static const struct {
        const char *code;
        np_pubstatus status;
    } codes[] = {{"usable", NP_PUB_USABLE},
                 {"withheld", NP_PUB_WITHHELD},
                 {"canceled", NP_PUB_CANCELED},
                 {"cancelled", NP_PUB_CANCELED}};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (strlen(codes[i].code) == n && !strncasecmp(code, codes[i].code, n)) {
            *out = codes[i].status;
            return 0;
        }
    return -1;
}

static int from_uri(const char *uri, np_pubstatus *out)
{
    const char *code = code_in_scheme(uri);
    return code ? status_of_code(code, out) : -1;
}

static int from_qcode(np_arena *a, const xmlNode *item, const char *qcode, np_pubstatus *out)
{
    const char *colon = strchr(qcode, ':');
    if (!colon || colon == qcode)
        return -1;
    size_t n = (size_t)(colon - qcode);
    const char *scheme = inline_scheme(a, item, qcode, n);
    if (scheme) {
        const char *code = code_in_scheme(scheme);
        /* the scheme URI ends in '/': the code follows it */
        return code && !*code ? status_of_code(colon + 1, out) : -1;
    }
    if (n == strlen(STANDARD_ALIAS) && !strncasecmp(qcode, STANDARD_ALIAS, n))
        return status_of_code(colon + 1, out);
    return -1;
}

int np_pubstatus_resolve(np_arena *a, const xmlNode *item, const char *qcode, const char *uri,
                         np_pubstatus *out)
{
    np_pubstatus q = NP_PUB_USABLE, u = NP_PUB_USABLE;
    if (!qcode && !uri)
        return -1;
    if ((qcode && from_qcode(a, item, qcode, &q) != 0) || (uri && from_uri(uri, &u) != 0))
        return -1;
    *out = q > u ? q : u; /* canceled > withheld > usable */
    return 0;
}
