/* newsprint — turning NewsML-G2 archives into e-papers, digests and
 * syndication bundles.  Umbrella header. */
#ifndef NEWSPRINT_H
#define NEWSPRINT_H

#define NP_VERSION "0.1.0"

#include "batch.h"
#include "buf.h"
#include "bundle.h"
#include "each.h"
#include "error.h"
#include "item.h"
#include "lang.h"
#include "layout.h"
#include "media.h"
#include "meta.h"
#include "newsml.h"
#include "outfile.h"
#include "render_epub.h"
#include "render_pdf.h"
#include "render_text.h"
#include "sections.h"
#include "select.h"
#include "source.h"
#include "style.h"

#endif
