/* The IPTC subject catalog: subject codes to English names, so that a
 * section is never headed by a bare code ("15054000"). */
#include "subjects.h"
#include "newsprint/buf.h"

#include <string.h>

np_style *np_subject_catalog_load(void)
{
    np_buf path = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    np_style *cat = NULL;
    if (np_style_find("subjectcode-en", "", ".catalog", &path, &err) == NP_OK)
        cat = np_style_load(path.data, &err);
    np_error_clear(&err); /* no catalog: items name their subjects themselves */
    np_buf_free(&path);
    return cat;
}

/* The 8 digits after "subj:" or "medtop:", or NULL. */
static const char *code_digits(const char *qcode, int *is_medtop)
{
    if (!qcode)
        return NULL;
    const char *d = NULL;
    if (!strncmp(qcode, "subj:", 5))
        d = qcode + 5, *is_medtop = 0;
    else if (!strncmp(qcode, "medtop:", 7))
        d = qcode + 7, *is_medtop = 1;
    if (!d || strlen(d) != 8 || strspn(d, "0123456789") != 8)
        return NULL;
    return d;
}

int np_subject_top_code(const char *qcode, char out[9])
{
    int medtop = 0;
    const char *d = code_digits(qcode, &medtop);
    /* subject codes nest by digits (NN, NNNNN, NNNNNNNN); media topics
     * do not, only their top level (NN000000) reads the same way */
    if (!d || (medtop && strcmp(d + 2, "000000") != 0))
        return 0;
    memcpy(out, d, 2);
    memcpy(out + 2, "000000", 7);
    return 1;
}

const char *np_subject_catalog_name(const np_style *cat, const char *qcode)
{
    int medtop = 0;
    const char *d = code_digits(qcode, &medtop);
    if (!cat || !d)
        return NULL;
    if (medtop && strcmp(d + 2, "000000") != 0)
        return NULL;
    char key[5 + 9];
    /* the code, then its parent (NNNNN000), then its top (NN000000) */
    const size_t keep[] = {8, 5, 2};
    for (size_t i = 0; i < 3; i++) {
        memcpy(key, "subj.", 5);
        memcpy(key + 5, d, keep[i]);
        memset(key + 5 + keep[i], '0', 8 - keep[i]);
        key[13] = '\0';
        const char *name = np_style_get(cat, key, NULL);
        if (name && *name)
            return name;
    }
    return NULL;
}
