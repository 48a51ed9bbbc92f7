/* Finding a font that has a character (font_search.h). */
#include "font_search.h"

#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;

FcConfig *np_font_config_new(void)
{
    pthread_mutex_lock(&config_lock);
    FcConfig *fc = FcInitLoadConfigAndFonts();
    pthread_mutex_unlock(&config_lock);
    return fc;
}

void np_font_config_free(FcConfig *fc)
{
    if (!fc)
        return;
    pthread_mutex_lock(&config_lock);
    FcConfigDestroy(fc);
    pthread_mutex_unlock(&config_lock);
}

int np_font_search(FcConfig *fc, const FcPattern *like, const char *family, uint32_t cp,
                   np_font_try_fn try, void *ud)
{
    if (!fc)
        return -1;
    FcPattern *pat = like ? FcPatternDuplicate(like) : FcPatternCreate();
    if (!pat)
        return -1;
    FcCharSet *cs = FcCharSetCreate();
    FcCharSetAddChar(cs, cp);
    FcPatternAddCharSet(pat, FC_CHARSET, cs);
    FcCharSetDestroy(cs);
    if (family)
        FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcConfigSubstitute(fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    /* every font in fontconfig's order, not only those it would trim */
    FcFontSet *set = FcFontSort(fc, pat, FcFalse, NULL, &res);
    int found = -1;
    for (int i = 0; set && i < set->nfont && found < 0; i++) {
        FcCharSet *mcs = NULL;
        if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &mcs) == FcResultMatch && mcs &&
            FcCharSetHasChar(mcs, cp))
            found = try(ud, set->fonts[i]);
    }
    if (set)
        FcFontSetDestroy(set);
    FcPatternDestroy(pat);
    return found;
}
