/* Finding a font that has a character (font_search.h). */
#include "font_search.h"

#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;

/* One configuration loaded ahead (np_font_config_warm()), for the next
 * np_font_config_new(); all of it under config_lock. */
enum { WARM_NONE, WARM_LOADING, WARM_READY };
static int warm_state;
static FcConfig *warm_fc;
static pthread_cond_t warm_cv = PTHREAD_COND_INITIALIZER;

static void *warm_load(void *ud)
{
    (void)ud;
    pthread_mutex_lock(&config_lock);
    warm_fc = FcInitLoadConfigAndFonts();
    warm_state = WARM_READY;
    pthread_cond_broadcast(&warm_cv);
    pthread_mutex_unlock(&config_lock);
    return NULL;
}

void np_font_config_warm(void)
{
    pthread_mutex_lock(&config_lock);
    if (warm_state == WARM_NONE) {
        /* detached: nothing waits for the thread, only for what it loads
         * (a caller that never cleans up leaves no thread behind) */
        pthread_attr_t attr;
        pthread_t tid;
        int started = pthread_attr_init(&attr) == 0;
        if (started) {
            pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
            started = pthread_create(&tid, &attr, warm_load, NULL) == 0;
            pthread_attr_destroy(&attr);
        }
        if (started)
            warm_state = WARM_LOADING;
    }
    pthread_mutex_unlock(&config_lock);
}

FcConfig *np_font_config_new(void)
{
    pthread_mutex_lock(&config_lock);
    while (warm_state == WARM_LOADING)
        pthread_cond_wait(&warm_cv, &config_lock);
    FcConfig *fc;
    if (warm_state == WARM_READY) {
        fc = warm_fc;
        warm_fc = NULL;
        warm_state = WARM_NONE;
    } else {
        fc = FcInitLoadConfigAndFonts();
    }
    pthread_mutex_unlock(&config_lock);
    return fc;
}

void np_font_config_cleanup(void)
{
    pthread_mutex_lock(&config_lock);
    while (warm_state == WARM_LOADING)
        pthread_cond_wait(&warm_cv, &config_lock);
    if (warm_state == WARM_READY && warm_fc)
        FcConfigDestroy(warm_fc);
    warm_fc = NULL;
    warm_state = WARM_NONE;
    pthread_mutex_unlock(&config_lock);
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
