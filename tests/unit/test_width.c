/* Unit tests: display width in terminal columns comes from the Unicode
 * properties (ICU), not from the C library's locale tables: run in the "C"
 * locale, it still counts wide and zero-width characters, including those
 * of Unicode 15, which glibc 2.36's wcwidth() does not know (it counts
 * them one column each, so the old wcwidth-based code fails here).  A
 * system without a UTF-8 locale installed would lose all of them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "newsprint/layout.h"

static size_t width(const char *s)
{
    return np_display_width(s, strlen(s));
}

static void test_wide_without_locale(void **state)
{
    (void)state;
    assert_int_equal(width("中文"), 4);
    assert_int_equal(width("\xef\xbc\xa1"), 2);       /* fullwidth A */
    assert_int_equal(width("\xf0\x9f\x98\x80"), 2);   /* emoji */
    assert_int_equal(width("\xea\xb0\x80"), 2);       /* Hangul syllable GA */
    assert_int_equal(width("\xe4\xb7\x80"), 2);       /* Yijing hexagram (wide as in glibc) */
    assert_int_equal(width("\xef\xbd\xb6"), 1);       /* halfwidth katakana ka */
    assert_int_equal(width("\xd0\x96\xce\xa9"), 2);   /* Cyrillic, Greek */
    /* Unicode 15 */
    assert_int_equal(width("\xf0\x9f\xa9\xb5"), 2);   /* U+1FA75 light blue heart */
    assert_int_equal(width("\xf0\xb1\x8d\x90"), 2);   /* U+31350, CJK extension H */
    assert_int_equal(width("a\xe0\xbb\x8e"), 1);       /* U+0ECE Lao yamakkan, a mark */
}

static void test_zero_width_without_locale(void **state)
{
    (void)state;
    assert_int_equal(width("e\xcc\x81"), 1);          /* e + combining acute */
    assert_int_equal(width("a\xe2\x80\x8b" "b"), 2);  /* zero width space */
    assert_int_equal(width("a\xe2\x80\x8d" "b"), 2);  /* zero width joiner */
    assert_int_equal(width("\xe1\x84\x80\xe1\x85\xa1"), 2); /* Hangul jamo G + A: one syllable */
    assert_int_equal(width("\xd8\x80" "1"), 2);       /* Arabic number sign is seen */
    assert_int_equal(width("co\xc2\xad" "op"), 4);    /* soft hyphen */
}

/* The ASCII fast path and the rest agree inside one text. */
static void test_mixed(void **state)
{
    (void)state;
    assert_int_equal(width("Tokyo 東京 Seoul 서울"), 6 + 4 + 7 + 4);
    assert_true(np_measure_columns(NULL, "中a", 4) == 3.0);
}

int main(void)
{
    setlocale(LC_ALL, "C");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wide_without_locale),
        cmocka_unit_test(test_zero_width_without_locale),
        cmocka_unit_test(test_mixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
