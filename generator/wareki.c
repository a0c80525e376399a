/* wareki.c — Japanese calendar (和暦): strict ISO date parsing and
 * validation, weekdays, era dates (令和7年10月15日（水）), fiscal years
 * (令和7年度) and term names (上半期 / 下半期).
 *
 * Range: the format allows the years 1989–2100, so every date from
 * 1989-01-01 to 2100-12-31 is valid.  The eras come from ICU's Japanese
 * calendar (ja_JP@calendar=japanese): 1989-01-01 .. 1989-01-07 are the last
 * days of 昭和 (昭和64年1月N日), 平成 runs 1989-01-08 .. 2019-04-30, 令和
 * from 2019-05-01, and a next era arrives with an ICU update, not a change
 * here.  ICU's Japanese formatting also writes the first year of an era 元年
 * (a pattern with 年 after the year).  Digits stay ASCII as in the reference
 * packet (令和7年10月15日).  Fiscal years and terms are ours. */
#include "wareki.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/udat.h>
#include <unicode/ustring.h>

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

/* ---- ICU's Japanese calendar ----------------------------------------------- */

enum { S_FMT_DATE, S_FMT_FISCAL, S_N_FMT };

static pthread_once_t S_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t S_lock = PTHREAD_MUTEX_INITIALIZER; /* a UDateFormat is not thread-safe */
static UDateFormat *S_fmt[S_N_FMT];

static void S_open(void)
{
    static const char *const patterns[S_N_FMT] = {"Gy年M月d日", "Gy年度"};
    UChar tz[4] = {'U', 'T', 'C', 0};
    for (int i = 0; i < S_N_FMT; i++) {
        UErrorCode st = U_ZERO_ERROR;
        UChar pat[32];
        u_strFromUTF8(pat, 32, NULL, patterns[i], -1, &st);
        UDateFormat *f = U_SUCCESS(st) ? udat_open(UDAT_PATTERN, UDAT_PATTERN,
                                                   "ja_JP@calendar=japanese", tz, -1, pat, -1, &st)
                                       : NULL;
        S_fmt[i] = U_SUCCESS(st) ? f : NULL;
        if (U_FAILURE(st) && f)
            udat_close(f);
    }
}

/* Days from 1970-01-01 to a Gregorian date. */
static long S_days(ad_date d)
{
    int y = d.y - (d.m <= 2);
    long era = y / 400; /* y >= 1988 */
    long yoe = y - era * 400;
    long doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The date written by ICU's formatter `which`, newly allocated UTF-8; NULL
 * only when ICU cannot open the Japanese calendar (its data missing). */
static char *S_icu_format(int which, ad_date d)
{
    pthread_once(&S_once, S_open);
    if (!S_fmt[which])
        return NULL;
    UChar out[64];
    char utf8[192];
    UErrorCode st = U_ZERO_ERROR;
    pthread_mutex_lock(&S_lock);
    int32_t n = udat_format(S_fmt[which], (UDate)S_days(d) * 86400000.0, out, 64, NULL, &st);
    pthread_mutex_unlock(&S_lock);
    if (U_SUCCESS(st) && n < 64)
        u_strToUTF8(utf8, sizeof utf8, NULL, out, n, &st);
    return U_SUCCESS(st) && n < 64 ? ad_xstrdup(utf8) : NULL;
}

char *ad_wareki_date(ad_date d)
{
    if (d.y == -1) /* a place to fill ("?"), printed only in a draft */
        return ad_xstrdup(AD_UNFILLED);
    if (!ad_date_valid(d))
        return NULL;
    char *s = S_icu_format(S_FMT_DATE, d);
    return s ? s : ad_xasprintf("%d年%d月%d日", d.y, d.m, d.d); /* no ICU data: Gregorian */
}

char *ad_wareki_date_weekday(ad_date d)
{
    static const char *const names[7] = { "日", "月", "火", "水", "木", "金", "土" };
    char *date = ad_wareki_date(d);
    if (!date || d.y == -1)
        return date;
    char *s = ad_xasprintf("%s（%s）", date, names[ad_date_weekday(d)]);
    free(date);
    return s;
}

/* A fiscal year runs from April of fiscal_year to March of the next year.
 * It is named as its 31 December is: FY2019 began on 2019-04-01 in 平成31年
 * but is called 令和元年度, the era having changed a month into it, as
 * Japanese municipalities (龍ヶ崎市 among them) name it in every document
 * written after the change, and as the government's guidance allowed; an era
 * starting between January and March leaves that fiscal year its old name
 * (FY1988 was 昭和63年度). */
char *ad_wareki_fiscal_year(int fiscal_year)
{
    if (fiscal_year < S_MIN_YEAR || fiscal_year > S_MAX_YEAR)
        return NULL;
    ad_date dec31 = {fiscal_year, 12, 31};
    char *s = S_icu_format(S_FMT_FISCAL, dec31);
    return s ? s : ad_xasprintf("%d年度", fiscal_year); /* no ICU data: Gregorian */
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
