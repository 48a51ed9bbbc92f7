/* newsprint — the NewsML-G2 reader.
 *
 * Reads newsItem, packageItem and newsMessage/itemSet documents with
 * libxml2 under safe options: no network, no DTD loading, no external
 * entities, no entity expansion (a DOCTYPE that declares entities is
 * refused), bounded nesting depth and input size. */
#ifndef NEWSPRINT_NEWSML_H
#define NEWSPRINT_NEWSML_H

#include "newsprint/export.h"

#include <stdarg.h>
#include <stddef.h>
#include "error.h"
#include "item.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called for every item of a document, in document order.
 * `item` is owned by the callee (free it with np_item_free()).
 * Return 0 to go on, non-zero to stop reading this document. */
typedef int (*np_item_fn)(void *ud, np_item *item);
/* Documents (files, standard input) larger than this are refused unless
 * np_read_opts.max_bytes says otherwise. */
#define NP_READ_MAX_BYTES ((size_t)256 * 1024 * 1024)

typedef struct np_read_opts {
    np_item_fn on_item;
    np_issue_fn on_issue;
    void *ud;
    int meta_only;        /* skip body conversion (selection pre-pass); the warnings
                           * that depend on the content (no headline) are not given */
    int stop_at_content;  /* with meta_only: a newsItem is read only up to its
                           * contentSet, so the rest is neither built nor checked
                           * (a full read later may still fail); a newsMessage or a
                           * packageItem is read whole */
    int selection_only;   /* with meta_only: the item holds only what the selection
                           * rules read (identity, class, status, embargo, dates,
                           * urgency, a correction signal, a package's groups); the
                           * warnings are the same */
    int content_issues_only; /* a full read after a meta_only one: give only the
                              * warnings that one did not (file errors are always given) */
    int *stopped;         /* may be NULL: set to 1 when the read stopped at a contentSet */
    struct np_buf *buffer; /* may be NULL: np_newsml_read_file() reads the file into it
                            * (reset first, kept after), so that a caller reading many
                            * files allocates for them once */
    struct np_xml_parser *parser; /* may be NULL: a parser kept by the caller for the
                           * documents it reads on one thread, so that one is not set
                           * up and torn down per document (np_xml_parser_new()) */
    size_t max_bytes;     /* refuse larger documents; 0 = default (256 MiB) */
    int max_depth;        /* element nesting limit; 0 = default (256) */
} np_read_opts;

/* A libxml2 parser kept between the documents read on one thread
 * (np_read_opts.parser); NULL when out of memory.  The outputs are those
 * of a fresh parser per document. */
typedef struct np_xml_parser np_xml_parser;
NP_EXPORT np_xml_parser *np_xml_parser_new(void);
NP_EXPORT void np_xml_parser_free(np_xml_parser *p);

/* Read one regular file of at most max_bytes (`path` "-" reads stdin; a
 * FIFO, device or socket is refused rather than waited on).  Returns NP_OK
 * when the document was read (items with problems were reported through
 * on_issue), or a
 * negative np_status with `err` filled for a document that cannot be read
 * at all (not XML, unsafe, not NewsML-G2): nothing was delivered then. */
NP_NODISCARD NP_EXPORT int np_newsml_read_file(const char *path, const np_read_opts *opts, np_error *err);

/* The same for a document in memory; `name` is used in messages. */
NP_NODISCARD NP_EXPORT int np_newsml_read_memory(const char *data, size_t len, const char *name,
                          const np_read_opts *opts, np_error *err);

/* One-time libxml2 initialisation; called by the readers, safe to call
 * again.  np_newsml_cleanup() at exit frees libxml2's globals. */
NP_EXPORT void np_newsml_init(void);
NP_EXPORT void np_newsml_cleanup(void);

/* At program exit: free the global state of every library newsprint uses
 * (libxml2, ICU), so that leak checkers see a clean exit.  Nothing of
 * newsprint may be used afterwards. */
NP_EXPORT void np_cleanup(void);

#ifdef __cplusplus
}
#endif
#endif
