/* Finding a font that has a character: fontconfig's ranking, shared by
 * the PDF and EPUB writers; and their fontconfig configurations.  Private. */
#ifndef NP_MODEL_FONT_SEARCH_H
#define NP_MODEL_FONT_SEARCH_H

#include <fontconfig/fontconfig.h>
#include <stdint.h>

/* A configuration of the writer's own (FcInitLoadConfigAndFonts()), for
 * as long as it draws: fontconfig's global one would stay allocated for
 * the life of the process.  Loading and freeing one take a process-wide
 * lock: an archive run writes several outputs at once, and fontconfig's
 * set-up (its caches, the default language) is not safe to run on two
 * threads together.  Using a configuration is.  NULL when fontconfig
 * cannot be set up. */
FcConfig *np_font_config_new(void);
void np_font_config_free(FcConfig *fc);
/* Load the next np_font_config_new()'s configuration now, on a thread of
 * its own (a few milliseconds: fontconfig reads its files and caches), for
 * a writer that has a core to spare before it draws.  Nothing when one is
 * loaded or loading already. */
void np_font_config_warm(void);
/* Wait for a configuration being loaded ahead and free it if no writer
 * took it (np_cleanup()). */
void np_font_config_cleanup(void);

/* Called with each candidate, best first: a value >= 0 ends the search
 * and is returned (e.g. the caller's index of the face it loaded). */
typedef int (*np_font_try_fn)(void *ud, FcPattern *match);

/* The fonts fontconfig ranks for `like` (a pattern, or NULL) and, when
 * given, `family`, whose character set holds `cp`, offered to `try` in
 * order; -1 when none is taken. */
int np_font_search(FcConfig *fc, const FcPattern *like, const char *family, uint32_t cp,
                   np_font_try_fn try, void *ud);

#endif
