/* The IPTC subject catalog shipped in the styles folder
 * (styles/subjectcode-en.catalog): names for subject codes.  Private. */
#ifndef NP_SUBJECTS_H
#define NP_SUBJECTS_H

#include "newsprint/style.h"

/* Load the catalog from the style folders (as styles are found); NULL
 * when it is not installed (subjects are then named by the items alone). */
np_style *np_subject_catalog_load(void);

/* The English name of an IPTC subject qcode: "subj:15054000" by its own
 * code, else its parent's ("subj:15054000" -> 15054000, 15000000);
 * "medtop:NN000000" (the top-level Media Topics, 01..17) by the subject
 * code of the same number.  NULL for other schemes and unknown codes. */
const char *np_subject_catalog_name(const np_style *cat, const char *qcode);

/* The top-level code of an IPTC subject qcode: "subj:15054000" ->
 * "15000000" into out (9 bytes); the number of a top-level medtop code;
 * 0 if the qcode is neither. */
int np_subject_top_code(const char *qcode, char out[9]);

#endif
