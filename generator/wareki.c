/* wareki.c — Japanese calendar (和暦): strict ISO date parsing and
 * validation, weekdays, era dates (令和7年10月15日（水）), fiscal years
 * (令和7年度) and term names (上半期 / 下半期).
 *
 * Range: the format allows the years 1989–2100, so every date from
 * 1989-01-01 to 2100-12-31 is valid.  1989-01-01 .. 1989-01-07 fall in the
 * last days of 昭和 and are written 昭和64年1月N日 (the era did not end
 * before the 8th); 平成 runs 1989-01-08 .. 2019-04-30, 令和 from 2019-05-01.
 * The first year of an era is written 元年.  Digits stay ASCII as in the
 * reference packet (令和7年10月15日). */
#include "wareki.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define S_MIN_YEAR 1989
#define S_MAX_YEAR 2100

static bool S_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int S_days_in_month(int y, int m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && S_leap(y) ? 29 : days[m - 1];
}

bool ad_date_valid(ad_date d)
{
    if (d.y < S_MIN_YEAR || d.y > S_MAX_YEAR)
        return false;
    if (d.m < 1 || d.m > 12)
        return false;
    return d.d >= 1 && d.d <= S_days_in_month(d.y, d.m);
}

static bool S_digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool ad_date_parse(const char *s, ad_date *out)
{
    ad_date d = { 0, 0, 0 };
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    if (!S_digits(s, 4, &d.y) || !S_digits(s + 5, 2, &d.m) || !S_digits(s + 8, 2, &d.d))
        return false;
    if (!ad_date_valid(d))
        return false;
    if (out)
        *out = d;
    return true;
}

int ad_date_weekday(ad_date d)
{
    /* Sakamoto's method (Gregorian calendar). */
    static const int t[12] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
    int y = d.y;
    if (d.m < 1 || d.m > 12)
        return 0;
    if (d.m < 3)
        y -= 1;
    int w = (y + y / 4 - y / 100 + y / 400 + t[d.m - 1] + d.d) % 7;
    return w < 0 ? w + 7 : w;
}

int ad_date_cmp(ad_date a, ad_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

/* Era name and era year of a valid date. */
static void S_era(ad_date d, const char **era, int *year)
{
    static const ad_date heisei = { 1989, 1, 8 }, reiwa = { 2019, 5, 1 };
    if (ad_date_cmp(d, reiwa) >= 0) {
        *era = "令和";
        *year = d.y - 2018;
    } else if (ad_date_cmp(d, heisei) >= 0) {
        *era = "平成";
        *year = d.y - 1988;
    } else {
        *era = "昭和";
        *year = d.y - 1925;
    }
}

/* "元" for year 1, else the ASCII number. */
static void S_year_text(int year, char buf[16])
{
    if (year == 1)
        snprintf(buf, 16, "元");
    else
        snprintf(buf, 16, "%d", year);
}

char *ad_wareki_date(ad_date d)
{
    if (!ad_date_valid(d))
        return NULL;
    const char *era;
    int year;
    char ytext[16];
    S_era(d, &era, &year);
    S_year_text(year, ytext);
    return ad_xasprintf("%s%s年%d月%d日", era, ytext, d.m, d.d);
}

char *ad_wareki_date_weekday(ad_date d)
{
    static const char *const names[7] = { "日", "月", "火", "水", "木", "金", "土" };
    char *date = ad_wareki_date(d);
    if (!date)
        return NULL;
    char *s = ad_xasprintf("%s（%s）", date, names[ad_date_weekday(d)]);
    free(date);
    return s;
}

/* A fiscal year runs from April of fiscal_year to March of the next year and
 * is named after the era of its start — except FY2019, which started on
 * 2019-04-01 in 平成31年 but is called 令和元年度: the era changed a month
 * into it, and Japanese municipalities (龍ヶ崎市 among them) name it 令和元年度
 * in every document written after the change, as the government's guidance
 * allowed.  Documents about that year are produced after April 2019, so
 * 令和元年度 is what a committee packet prints. */
char *ad_wareki_fiscal_year(int fiscal_year)
{
    if (fiscal_year < S_MIN_YEAR || fiscal_year > S_MAX_YEAR)
        return NULL;
    const char *era;
    int year;
    char ytext[16];
    if (fiscal_year >= 2019) {
        era = "令和";
        year = fiscal_year - 2018;
    } else {
        era = "平成";
        year = fiscal_year - 1988;
    }
    S_year_text(year, ytext);
    return ad_xasprintf("%s%s年度", era, ytext);
}

const char *ad_term_name(ad_term t)
{
    switch (t) {
    case AD_TERM_FIRST_HALF: return "上半期";
    case AD_TERM_SECOND_HALF: return "下半期";
    case AD_TERM_ANNUAL: return "";
    }
    return "";
}

const char *ad_term_id(ad_term t)
{
    switch (t) {
    case AD_TERM_FIRST_HALF: return "first-half";
    case AD_TERM_SECOND_HALF: return "second-half";
    case AD_TERM_ANNUAL: return "annual";
    }
    return "annual";
}

bool ad_term_parse(const char *s, ad_term *out)
{
    static const ad_term all[3] = { AD_TERM_FIRST_HALF, AD_TERM_SECOND_HALF, AD_TERM_ANNUAL };
    if (!s)
        return false;
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(s, ad_term_id(all[i])) == 0) {
            if (out)
                *out = all[i];
            return true;
        }
    }
    return false;
}
