/* test_wareki.c — Japanese calendar: strict parsing, validity (leap years,
 * range), weekdays, era boundaries and 元年, fiscal years and terms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wareki.h"

static ad_date D(int y, int m, int d)
{
    ad_date x = { y, m, d };
    return x;
}

static void S_expect_date(ad_date d, const char *want)
{
    char *s = ad_wareki_date(d);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, want);
    free(s);
}

static void S_expect_weekday(ad_date d, const char *want)
{
    char *s = ad_wareki_date_weekday(d);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, want);
    free(s);
}

static void S_expect_fy(int fy, const char *want)
{
    char *s = ad_wareki_fiscal_year(fy);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, want);
    free(s);
}

START_TEST(reference_dates)
{
    S_expect_date(D(2025, 10, 15), "令和7年10月15日");
    S_expect_date(D(2025, 10, 16), "令和7年10月16日");
    S_expect_weekday(D(2025, 10, 15), "令和7年10月15日（水）");
    S_expect_weekday(D(2025, 9, 2), "令和7年9月2日（火）");
    ck_assert_int_eq(ad_date_weekday(D(2025, 10, 15)), 3);
    ck_assert_int_eq(ad_date_weekday(D(2025, 9, 2)), 2);
}
END_TEST

START_TEST(era_boundaries)
{
    S_expect_date(D(1989, 1, 1), "昭和64年1月1日");
    S_expect_date(D(1989, 1, 7), "昭和64年1月7日");
    S_expect_date(D(1989, 1, 8), "平成元年1月8日");
    S_expect_date(D(1989, 12, 31), "平成元年12月31日");
    S_expect_date(D(1990, 1, 1), "平成2年1月1日");
    S_expect_date(D(2019, 4, 30), "平成31年4月30日");
    S_expect_date(D(2019, 5, 1), "令和元年5月1日");
    S_expect_date(D(2019, 12, 31), "令和元年12月31日");
    S_expect_date(D(2020, 1, 1), "令和2年1月1日");
    S_expect_date(D(2100, 12, 31), "令和82年12月31日");
    S_expect_weekday(D(2019, 5, 1), "令和元年5月1日（水）");
    S_expect_weekday(D(1989, 1, 8), "平成元年1月8日（日）");
    S_expect_weekday(D(2000, 1, 1), "平成12年1月1日（土）");
}
END_TEST

START_TEST(fiscal_years)
{
    S_expect_fy(2025, "令和7年度");
    S_expect_fy(2020, "令和2年度");
    /* FY2019 began in 平成31年 but municipalities name it 令和元年度 (wareki.c). */
    S_expect_fy(2019, "令和元年度");
    S_expect_fy(2018, "平成30年度");
    S_expect_fy(1990, "平成2年度");
    S_expect_fy(1989, "平成元年度");
    S_expect_fy(2100, "令和82年度");
    ck_assert_ptr_null(ad_wareki_fiscal_year(1988));
    ck_assert_ptr_null(ad_wareki_fiscal_year(2101));
    ck_assert_ptr_null(ad_wareki_fiscal_year(0));
}
END_TEST

START_TEST(leap_years)
{
    ck_assert(ad_date_valid(D(2024, 2, 29)));
    ck_assert(ad_date_valid(D(2000, 2, 29)));
    ck_assert(!ad_date_valid(D(2100, 2, 29)));
    ck_assert(!ad_date_valid(D(2025, 2, 29)));
    ck_assert(!ad_date_valid(D(2024, 2, 30)));
    ck_assert(!ad_date_valid(D(2025, 4, 31)));
    ck_assert(ad_date_valid(D(2025, 12, 31)));
    ck_assert(!ad_date_valid(D(1988, 12, 31)));
    ck_assert(!ad_date_valid(D(2101, 1, 1)));
    ck_assert(!ad_date_valid(D(0, 0, 0)));
    ck_assert_ptr_null(ad_wareki_date(D(2100, 2, 29)));
    ck_assert_ptr_null(ad_wareki_date_weekday(D(0, 0, 0)));
    S_expect_weekday(D(2024, 2, 29), "令和6年2月29日（木）");
}
END_TEST

START_TEST(strict_parse)
{
    ad_date d = { 0, 0, 0 };
    ck_assert(ad_date_parse("2025-09-02", &d));
    ck_assert_int_eq(d.y, 2025);
    ck_assert_int_eq(d.m, 9);
    ck_assert_int_eq(d.d, 2);
    ck_assert(ad_date_parse("2024-02-29", NULL));
    ck_assert(ad_date_parse("1989-01-01", NULL));
    ck_assert(ad_date_parse("2100-12-31", NULL));

    static const char *const bad[] = {
        "2025-9-2", "2025-09-2", "2025-9-02", "2025-13-01", "2025-00-10", "2025-02-30",
        "2025-02-29", "2100-02-29", "2025-04-31", "2025-01-00", "2025-01-32", "1988-12-31",
        "2101-01-01", "0000-01-01", "", "2025", "2025-10-15 ", " 2025-10-15", "2025/10/15",
        "2025-10-15T00:00", "２０２５-10-15", "2025-1a-15", "+025-10-15", "2025--10-15",
        "20251015", "25-10-15", "2025-10-1\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ad_date x = { 7, 7, 7 };
        ck_assert_msg(!ad_date_parse(bad[i], &x), "accepted \"%s\"", bad[i]);
        ck_assert_int_eq(x.y, 7); /* untouched on failure */
    }
    ck_assert(!ad_date_parse(NULL, &d));
}
END_TEST

START_TEST(cmp)
{
    ck_assert_int_eq(ad_date_cmp(D(2025, 9, 2), D(2025, 10, 15)), -1);
    ck_assert_int_eq(ad_date_cmp(D(2025, 10, 15), D(2025, 9, 2)), 1);
    ck_assert_int_eq(ad_date_cmp(D(2025, 10, 15), D(2025, 10, 15)), 0);
    ck_assert_int_eq(ad_date_cmp(D(2024, 12, 31), D(2025, 1, 1)), -1);
    ck_assert_int_eq(ad_date_cmp(D(2025, 1, 2), D(2025, 1, 1)), 1);
}
END_TEST

/* Every day of the allowed range: ISO text parses back to the same date, the
 * era text is well formed, and the weekday advances by one each day. */
START_TEST(every_day_round_trips)
{
    int prev_wd = ad_date_weekday(D(1988, 12, 31));
    long days = 0;
    for (int y = 1989; y <= 2100; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= 31; d++) {
                ad_date x = D(y, m, d);
                char iso[16];
                snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
                ad_date back = { 0, 0, 0 };
                bool ok = ad_date_parse(iso, &back);
                ck_assert_msg(ok == ad_date_valid(x), "%s", iso);
                if (!ok) {
                    ck_assert_ptr_null(ad_wareki_date(x));
                    continue;
                }
                days++;
                ck_assert_int_eq(ad_date_cmp(back, x), 0);
                int wd = ad_date_weekday(x);
                ck_assert_int_eq(wd, (prev_wd + 1) % 7);
                prev_wd = wd;
                char *w = ad_wareki_date_weekday(x);
                ck_assert_ptr_nonnull(w);
                char tail[32];
                snprintf(tail, sizeof tail, "%d月%d日（", m, d);
                ck_assert_msg(strstr(w, tail) != NULL, "%s -> %s", iso, w);
                ck_assert(strncmp(w, "令和", 6) == 0 || strncmp(w, "平成", 6) == 0
                          || strncmp(w, "昭和64年", 10) == 0);
                free(w);
            }
        }
    }
    /* 1989..2100: 112 years, 27 of them leap (2000 is, 2100 is not). */
    ck_assert_int_eq(days, 112L * 365 + 27);
}
END_TEST

START_TEST(terms)
{
    ck_assert_str_eq(ad_term_name(AD_TERM_FIRST_HALF), "上半期");
    ck_assert_str_eq(ad_term_name(AD_TERM_SECOND_HALF), "下半期");
    ck_assert_str_eq(ad_term_name(AD_TERM_ANNUAL), "");
    ad_term t = AD_TERM_ANNUAL;
    ck_assert(ad_term_parse("first-half", &t));
    ck_assert_int_eq(t, AD_TERM_FIRST_HALF);
    ck_assert(ad_term_parse("second-half", &t));
    ck_assert_int_eq(t, AD_TERM_SECOND_HALF);
    ck_assert(ad_term_parse("annual", &t));
    ck_assert_int_eq(t, AD_TERM_ANNUAL);
    ck_assert(!ad_term_parse("First-half", &t));
    ck_assert(!ad_term_parse("", &t));
    ck_assert(!ad_term_parse("上半期", &t));
    ck_assert(!ad_term_parse(NULL, &t));
    ck_assert_str_eq(ad_term_id(AD_TERM_SECOND_HALF), "second-half");
    ck_assert_str_eq(ad_term_id(AD_TERM_FIRST_HALF), "first-half");
    ck_assert_str_eq(ad_term_id(AD_TERM_ANNUAL), "annual");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("test_wareki");
    TCase *tc = tcase_create("wareki");
    tcase_add_test(tc, reference_dates);
    tcase_add_test(tc, era_boundaries);
    tcase_add_test(tc, fiscal_years);
    tcase_add_test(tc, leap_years);
    tcase_add_test(tc, strict_parse);
    tcase_add_test(tc, cmp);
    tcase_add_test(tc, every_day_round_trips);
    tcase_add_test(tc, terms);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
