/* An item's publishing status from <pubStatus qcode="..."|uri="...">.
 * Private to the reader. */
#ifndef NP_READ_PUBSTATUS_H
#define NP_READ_PUBSTATUS_H

#include <libxml/tree.h>
#include "newsprint/item.h"
#include "util/arena.h"

/* Resolve `qcode` (through the scheme aliases of the item's own <catalog>s,
 * else the IPTC standard alias "stat") and `uri` to the IPTC scheme
 * http://cv.iptc.org/newscodes/pubstatusg2/, case-insensitively ("http"
 * or "https", "canceled" or "cancelled").  When both are given the stricter
 * wins.  Returns 0 with *out set, or -1 when neither names a status of that
 * scheme (the caller holds the item). */
int np_pubstatus_resolve(np_arena *a, const xmlNode *item, const char *qcode, const char *uri,
                         np_pubstatus *out);

#endif
