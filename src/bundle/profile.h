/* Partner profiles (styles/partners/NAME.profile): framing, width, line
 * ending, charset, header fields, file names, priorities, wire fields.
 * See doc/partner-profiles.md.  Private to src/bundle/. */
#ifndef NP_BUNDLE_PROFILE_H
#define NP_BUNDLE_PROFILE_H

#include "newsprint/error.h"
#include "newsprint/item.h"
#include "newsprint/style.h"
#include "charset.h"
#include "wire.h"

typedef struct np_profile {
    np_style *style;
    char *name;              /* safe as a file name component */
    np_framing framing;
    int width;
    const char *eol;
    np_charset_id charset;
    unsigned fields;         /* NP_TXT_* header fields */
    int para_indent, blank_between;
    int embargo_include;
    const char *pattern;     /* file name pattern */
    const char *kill_pattern;
    const char *prio[10];    /* by urgency 1..9; [0] = no urgency */
    char *prio_buf;          /* holds prio[1..9] */
    const char *prio_kill;
    const char *source, *selector, *signoff, *keyword_prefix, *category;
    unsigned long long seq_start;
} np_profile;

/* Load and check a profile by name or path; NP_ERR_USAGE with `err` naming
 * the key on a bad value.  Free with np_profile_free() in either case. */
int np_profile_load(np_profile *p, const char *name_or_path, np_error *err);
void np_profile_free(np_profile *p);
/* The wire category: the first subject with a [category] mapping, else
 * the profile's default. */
const char *np_profile_category(const np_profile *p, const np_item *item);
/* The priority code for an urgency (1..9; anything else: the default). */
const char *np_profile_priority(const np_profile *p, int urgency);

#endif
